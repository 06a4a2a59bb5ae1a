// The data folder a benchmark works in: SQLite (store.db in the folder) by default, or a
// PostgreSQL database when $CASEKEEP_BENCH_DATABASE holds a connection string (no password:
// PGPASSWORD or ~/.pgpass), each run in a schema of its own that is dropped afterwards. Run
// under scripts/with-postgres as
//   CASEKEEP_BENCH_DATABASE="$CASEKEEP_TEST_POSTGRES" build/casekeep-bench import
// (scripts/with-postgres bash -c '...'). Thread-safety: plain functions, for the benchmark's
// main thread.
#pragma once

#include <string>
#include <string_view>

#include "records/data_folder.h"

namespace casekeep::bench {

//! The options that initialise a benchmark's data folder `dir` with `policy`: the store in
//! the folder, or in a fresh schema "ck_bench_<name>_<pid>" of $CASEKEEP_BENCH_DATABASE.
records::InitOptions BenchFolderOptions(const std::string& dir, const std::string& policy,
                                        std::string_view name);

//! "sqlite" or "postgres", as BenchFolderOptions chooses.
std::string BenchBackend();

//! Drops the PostgreSQL schema of a benchmark's folder (nothing for SQLite); the folder must
//! have no transaction open. Reports a failure on standard error.
void DropBenchStore(records::DataFolder& folder);

}  // namespace casekeep::bench
