# The commands the README promises. Each does its own set-up (scripts/setup is idempotent).
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DATA ?= casekeep-data

.PHONY: all setup configure build test demo bench fuzz sanitize format tidy golden clean

all: build

setup:
	@bash scripts/setup

configure:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: setup configure
	@cmake --build $(BUILD) -j $(JOBS)

# Every test, then the store and API tests again on a throwaway PostgreSQL server.
test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	@bash scripts/fuzz-smoke
	@bash scripts/with-postgres bash scripts/test-postgres $(BUILD)

demo: build
	@bash scripts/demo $(BUILD)

bench: build
	@bash scripts/bench $(BUILD)

# An AddressSanitizer + UndefinedBehaviorSanitizer build of every test.
sanitize: setup
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCASEKEEP_SANITIZE=ON -DCASEKEEP_BENCH=OFF >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@ctest --test-dir build-asan --output-on-failure -j $(JOBS)

fuzz: setup
	@bash scripts/fuzz-smoke 60

# Rewrites the golden files under tests/golden from the example policies.
golden: build
	@CASEKEEP_UPDATE_GOLDEN=1 $(BUILD)/tests/golden_test >/dev/null || true
	@git status --short tests/golden

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

tidy: configure
	@git ls-files 'src/*.cc' | xargs clang-tidy-19 -p $(BUILD) --quiet

clean:
	@rm -rf $(BUILD) build-asan build-fuzz
