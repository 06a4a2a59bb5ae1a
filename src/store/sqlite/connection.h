// RAII wrappers over the SQLite C API: one Connection owns a sqlite3* and a cache of prepared
// statements; a Query borrows a cached statement, binds, steps and reads columns, and resets
// the statement when it goes out of scope. Every SQLite failure becomes an Error that names
// the operation (see SqliteError for the mapping of result codes).
// Thread-safety: a Connection and its Queries belong to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/error.h"
#include "store/sqlite/statements.h"
#include "store/store.h"

namespace casekeep::store::sqlite {

//! An Error for SQLite result code `rc` from `op`, with sqlite3_errmsg(db) when db is given:
//! kUnavailable for BUSY/LOCKED, kDataLoss for CORRUPT/NOTADB, kAlreadyExists for UNIQUE and
//! PRIMARY KEY violations, kFailedPrecondition for other constraints (foreign keys,
//! append-only audit), kIo for IOERR/FULL/CANTOPEN/READONLY, kInternal otherwise.
[[nodiscard]] Error SqliteError(std::string_view op, sqlite3* db, int rc);

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class Query;

class Connection {
 public:
  //! Opens `path` with sqlite3_open_v2 `flags` (SQLITE_OPEN_NOMUTEX is added: a connection is
  //! used by one thread at a time). Fails with kIo/kDataLoss as SqliteError says.
  [[nodiscard]] static Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                                int flags);

  sqlite3* db() const noexcept { return db_.get(); }

  //! Runs one or more SQL statements that return no rows (pragmas, DDL).
  [[nodiscard]] Status Exec(std::string_view sql, std::string_view op);

  //! The single integer a statement such as "PRAGMA user_version" returns.
  [[nodiscard]] Result<std::int64_t> QueryInt(std::string_view sql, std::string_view op);

  //! A Query on the cached statement for `id`, prepared on first use.
  [[nodiscard]] Result<Query> Use(Sql id, std::string_view op);

  //! A Query on the cached statement in the extra `slot` (< kExtraSlots), prepared from
  //! `make_sql()` on first use. For statements built at run time from a small set of shapes.
  template <class MakeSql>
  [[nodiscard]] Result<Query> UseExtra(std::size_t slot, MakeSql make_sql, std::string_view op);

  static constexpr std::size_t kExtraSlots = 8;

 private:
  explicit Connection(DbHandle db) : db_(std::move(db)) {}
  [[nodiscard]] Result<sqlite3_stmt*> Prepare(std::size_t slot, std::string_view sql,
                                              std::string_view op);

  DbHandle db_;
  std::array<StmtHandle, kSqlCount + kExtraSlots> cache_;
};

//! A cached statement in use. Bind parameters in order with Bind(), then Step() for each row
//! or Run() for a statement without rows. Bound strings and bytes must outlive the Query.
class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt, std::string_view op) noexcept
      : db_(db), stmt_(stmt), op_(op) {}
  Query(Query&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), op_(other.op_),
        next_(other.next_), bind_rc_(other.bind_rc_) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query& operator=(Query&&) = delete;
  ~Query();

  Query& Bind(std::int64_t value) noexcept;
  Query& Bind(std::string_view value) noexcept;
  Query& Bind(const std::string& value) noexcept { return Bind(std::string_view(value)); }
  Query& Bind(const Bytes& value) noexcept;
  Query& Bind(const std::optional<std::int64_t>& value) noexcept;
  Query& Bind(const std::optional<std::string>& value) noexcept;
  Query& BindNull() noexcept;

  //! True if a row is ready, false when done.
  [[nodiscard]] Result<bool> Step();
  //! Steps a statement that returns no rows.
  [[nodiscard]] Status Run();

  std::int64_t Int(int col) const noexcept { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const;
  Bytes Blob(int col) const;
  std::optional<std::int64_t> OptInt(int col) const noexcept;
  std::optional<std::string> OptText(int col) const;
  bool IsNull(int col) const noexcept { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  void Check(int rc) noexcept;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string_view op_;
  int next_ = 1;
  int bind_rc_ = SQLITE_OK;
};

template <class MakeSql>
Result<Query> Connection::UseExtra(std::size_t slot, MakeSql make_sql, std::string_view op) {
  const std::size_t index = kSqlCount + slot;
  sqlite3_stmt* stmt = cache_[index].get();
  if (stmt == nullptr) {
    const std::string sql = make_sql();
    CK_ASSIGN_OR_RETURN(stmt, Prepare(index, sql, op));
  }
  return Query(db_.get(), stmt, op);
}

}  // namespace casekeep::store::sqlite
