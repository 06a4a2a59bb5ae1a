// The PostgreSQL backend of the storage seam: the whole store in one PostgreSQL schema, shared
// by any number of casekeep processes (docs/storage.md, docs/operations.md).
//
// Thread-safety: a PostgresStore is safe to share between threads (store.h). Write
// transactions share one connection per process and are serialised in the process by a lock
// and across processes by a transaction-scoped advisory lock taken right after BEGIN, so the
// audit chain has one writer at a time wherever it runs. Each read transaction takes its own
// connection from a small pool and reads one REPEATABLE READ snapshot. A lost connection fails
// the transaction that was using it with kUnavailable and is replaced at the next Begin.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "store/internal/writer_lock.h"
#include "store/store.h"

namespace casekeep::store::postgres {
class PgConnection;
class PgTx;
}  // namespace casekeep::store::postgres

namespace casekeep::store {

struct PostgresOptions {
  //! libpq connection string or postgresql:// URI. Prefer PGPASSWORD or a password file
  //! (~/.pgpass, PGPASSFILE) to a password in it; it is never printed with its password.
  std::string conninfo;
  //! The PostgreSQL schema holding the tables (letters, digits and underscores); empty: the
  //! server's search_path (normally "public").
  std::string schema;
  //! Create the tables in an empty schema (and the schema itself if it is named and missing).
  bool create = false;
  //! How long a write transaction waits for another one, in this or another process, before
  //! failing with kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

class PostgresStore final : public Store {
 public:
  //! Connects and brings the schema up to date. kNotFound if the schema has no casekeep tables
  //! (and create is false), kInvalidArgument for a bad schema name or a schema holding other
  //! tables, kFailedPrecondition if its version is newer than this code, kUnavailable if the
  //! server cannot be reached, kPermissionDenied if it refuses the credentials.
  [[nodiscard]] static Result<std::unique_ptr<PostgresStore>> Open(PostgresOptions options);

  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  //! Every Tx must be destroyed before the store.
  [[nodiscard]] Result<std::unique_ptr<Tx>> Begin() override;
  [[nodiscard]] Result<std::unique_ptr<Tx>> BeginRead() override;
  std::string_view backend() const override { return "postgres"; }

  //! Where the store is, without any password: for logs and `casekeep status`.
  const std::string& where() const noexcept { return where_; }

  //! Drops the schema with everything in it (tests: a throwaway schema per test).
  [[nodiscard]] Status DropSchema();

 private:
  friend class postgres::PgTx;
  PostgresStore(PostgresOptions options, std::string where,
                std::unique_ptr<postgres::PgConnection> writer);

  [[nodiscard]] Result<std::unique_ptr<postgres::PgConnection>> Connect() const;
  [[nodiscard]] Status StartWrite();
  [[nodiscard]] Result<std::unique_ptr<postgres::PgConnection>> TakeReader();
  void ReturnReader(std::unique_ptr<postgres::PgConnection> reader) noexcept;

  const PostgresOptions options_;
  const std::string where_;
  const std::int64_t lock_key_;     // the advisory lock serialising writers on this schema
  internal::WriterLock writer_mu_;  // held by the open write Tx
  std::unique_ptr<postgres::PgConnection> writer_;  // guarded by writer_mu_
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<postgres::PgConnection>> idle_readers_;  // guarded by readers_mu_
};

//! True if `database` names a PostgreSQL database (a postgresql:// or postgres:// URI, or a
//! key=value connection string with host= or dbname=) rather than an SQLite file.
[[nodiscard]] bool IsPostgresConninfo(std::string_view database);

//! True if the connection string carries a password (which belongs in PGPASSWORD or a password
//! file instead).
[[nodiscard]] bool ConninfoHasPassword(std::string_view conninfo);

}  // namespace casekeep::store
