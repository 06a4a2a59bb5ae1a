#include "bench/bench_folder.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "store/postgres/postgres_store.h"

namespace casekeep::bench {
namespace {

std::string Database() {
  const char* value = std::getenv("CASEKEEP_BENCH_DATABASE");
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

records::InitOptions BenchFolderOptions(const std::string& dir, const std::string& policy,
                                        std::string_view name) {
  records::InitOptions options;
  options.dir = dir;
  options.policy_path = policy;
  options.database = Database();
  if (!options.database.empty()) {
    options.schema = "ck_bench_" + std::string(name) + "_" + std::to_string(::getpid());
  }
  return options;
}

std::string BenchBackend() {
  return Database().empty() ? "sqlite" : "postgres";
}

void DropBenchStore(records::DataFolder& folder) {
  auto* pg = dynamic_cast<store::PostgresStore*>(&folder.store());
  if (pg == nullptr) return;
  if (auto dropped = pg->DropSchema(); !dropped) {
    std::cerr << "bench: dropping the schema: " << dropped.error().message << "\n";
  }
}

}  // namespace casekeep::bench
