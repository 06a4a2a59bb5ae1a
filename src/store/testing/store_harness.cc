// Test support for the storage backends (store_harness.h). Thread-safety: see the header.
#include "store/testing/store_harness.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "store/fault/fault_store.h"
#include "store/memory/memory_store.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace casekeep::store::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "casekeep-store-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> FilesContaining(const std::string& dir, std::string_view needle) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (ReadBytes(entry.path().string()).find(needle) != std::string::npos) {
      found.push_back(entry.path().filename().string());
    }
  }
  return found;
}

Bytes B(std::string_view text) { return Bytes(text.begin(), text.end()); }

namespace {

class MemoryHarness final : public StoreHarness {
 public:
  Store& store() override { return store_; }

 private:
  MemoryStore store_{kTestBusyTimeout};
};

class SqliteHarness final : public StoreHarness {
 public:
  SqliteHarness() {
    OpenOptions options;
    options.create = true;
    options.busy_timeout = kTestBusyTimeout;
    auto opened = SqliteStore::Open(dir_.File("store.db"), options);
    if (!opened) std::abort();
    store_ = std::move(*opened);
  }
  Store& store() override { return *store_; }

 private:
  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

class PostgresHarness final : public StoreHarness {
 public:
  PostgresHarness() {
    auto opened = OpenTestPostgres(kTestBusyTimeout);
    if (!opened) {
      std::fprintf(stderr, "postgres harness: %s\n", opened.error().message.c_str());
      std::abort();
    }
    store_ = std::move(*opened);
  }
  ~PostgresHarness() override {
    if (store_) (void)store_->DropSchema();
  }
  Store& store() override { return *store_; }

 private:
  std::unique_ptr<PostgresStore> store_;
};

// A FaultStore with no fault planned must behave exactly as what it wraps.
template <class Inner>
class FaultHarness final : public StoreHarness {
 public:
  Store& store() override { return fault_; }

 private:
  Inner inner_;
  FaultStore fault_{inner_.store()};
};

}  // namespace

std::optional<std::string> TestPostgres() {
  const char* conninfo = std::getenv("CASEKEEP_TEST_POSTGRES");
  if (conninfo == nullptr || *conninfo == 0) return std::nullopt;
  return std::string(conninfo);
}

std::string FreshSchemaName() {
  static std::atomic<int> counter{0};
  return "ck_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

Result<std::unique_ptr<PostgresStore>> OpenTestPostgres(std::chrono::milliseconds busy_timeout,
                                                        std::string schema) {
  auto conninfo = TestPostgres();
  if (!conninfo) return NotFound("CASEKEEP_TEST_POSTGRES is not set");
  PostgresOptions options;
  options.conninfo = *conninfo;
  options.schema = schema.empty() ? FreshSchemaName() : std::move(schema);
  options.create = true;
  options.busy_timeout = busy_timeout;
  return PostgresStore::Open(std::move(options));
}

std::vector<StoreBackend> ConformanceBackends() {
  std::vector<StoreBackend> backends = {
      {"memory", [] { return std::make_unique<MemoryHarness>(); }},
      {"sqlite", [] { return std::make_unique<SqliteHarness>(); }},
      {"fault_over_memory", [] { return std::make_unique<FaultHarness<MemoryHarness>>(); }},
      {"fault_over_sqlite", [] { return std::make_unique<FaultHarness<SqliteHarness>>(); }},
  };
  // A real PostgreSQL server when one is given (scripts/with-postgres starts a throwaway one):
  // each test gets a schema of its own, dropped afterwards.
  if (TestPostgres()) {
    backends.push_back({"postgres", [] { return std::make_unique<PostgresHarness>(); }});
    backends.push_back(
        {"fault_over_postgres", [] { return std::make_unique<FaultHarness<PostgresHarness>>(); }});
  }
  return backends;
}

}  // namespace casekeep::store::testing
