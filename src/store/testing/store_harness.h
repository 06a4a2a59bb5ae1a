// Test support for the storage backends: temporary folders, byte searches over a folder, and
// the list of backends the conformance suite runs against. Adding a backend (PostgreSQL) to
// the suite means adding one entry to ConformanceBackends().
// Thread-safety: a harness belongs to one test.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/store.h"

namespace casekeep::store::testing {

//! A fresh folder under the system temporary folder, removed with everything in it on
//! destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

//! The bytes of a file ("" if it cannot be read).
std::string ReadBytes(const std::string& path);

//! Names of the files in `dir` whose bytes contain `needle`.
std::vector<std::string> FilesContaining(const std::string& dir, std::string_view needle);

//! One backend under test, with whatever it needs (a folder, a server) kept alive.
class StoreHarness {
 public:
  virtual ~StoreHarness() = default;
  virtual Store& store() = 0;
};

//! How long a second writer waits in the conformance suite before kUnavailable.
inline constexpr std::chrono::milliseconds kTestBusyTimeout{300};

struct StoreBackend {
  std::string name;  //!< test name suffix: letters, digits and underscores
  std::function<std::unique_ptr<StoreHarness>()> make;  //!< a fresh, empty store
};

//! Test names show the backend's name rather than its bytes.
inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

//! The backends every Store implementation must pass the conformance suite on: memory and
//! SQLite (each also under a FaultStore), and PostgreSQL when TestPostgres() names a server.
std::vector<StoreBackend> ConformanceBackends();

//! The connection string in CASEKEEP_TEST_POSTGRES (set by scripts/with-postgres), if any.
std::optional<std::string> TestPostgres();

//! A schema name no other test uses: "ck_test_<pid>_<n>".
std::string FreshSchemaName();

//! A new PostgreSQL store on the TestPostgres() server, in `schema` (a fresh one if empty);
//! kNotFound if no server is given. The caller drops the schema (DropSchema) when done.
[[nodiscard]] Result<std::unique_ptr<PostgresStore>> OpenTestPostgres(
    std::chrono::milliseconds busy_timeout, std::string schema = "");

//! Bytes from a string, for sealed fields in tests.
Bytes B(std::string_view text);

}  // namespace casekeep::store::testing
