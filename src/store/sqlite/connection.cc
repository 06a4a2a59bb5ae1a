// RAII wrappers over the SQLite C API (connection.h). Thread-safety: see connection.h.
#include "store/sqlite/connection.h"

#include <limits>
#include <string>

namespace casekeep::store::sqlite {

Error SqliteError(std::string_view op, sqlite3* db, int rc) {
  std::string message(op);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const int primary = rc & 0xff;
  ErrorCode code = ErrorCode::kInternal;
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = ErrorCode::kUnavailable;
      message += " (the database is busy; another process may be writing)";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = ErrorCode::kDataLoss;
      break;
    case SQLITE_CONSTRAINT:
      code = (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                 ? ErrorCode::kAlreadyExists
                 : ErrorCode::kFailedPrecondition;
      break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      code = ErrorCode::kIo;
      break;
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      code = ErrorCode::kInvalidArgument;
      break;
    default:
      break;
  }
  return Error{code, std::move(message)};
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) {
    return std::unexpected(SqliteError("opening " + path, db.get(), rc));
  }
  sqlite3_extended_result_codes(db.get(), 1);
  return std::unique_ptr<Connection>(new Connection(std::move(db)));
}

Status Connection::Exec(std::string_view sql, std::string_view op) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(op, db_.get(), rc));
  return {};
}

Result<std::int64_t> Connection::QueryInt(std::string_view sql, std::string_view op) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw,
                              nullptr);
  StmtHandle stmt(raw);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(op, db_.get(), rc));
  rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) {
    if (rc == SQLITE_DONE) return Fail(ErrorCode::kInternal, std::string(op) + ": no result");
    return std::unexpected(SqliteError(op, db_.get(), rc));
  }
  return sqlite3_column_int64(stmt.get(), 0);
}

Result<Query> Connection::Use(Sql id, std::string_view op) {
  const auto index = static_cast<std::size_t>(id);
  sqlite3_stmt* stmt = cache_[index].get();
  if (stmt == nullptr) {
    CK_ASSIGN_OR_RETURN(stmt, Prepare(index, SqlText(id), op));
  }
  return Query(db_.get(), stmt, op);
}

Result<sqlite3_stmt*> Connection::Prepare(std::size_t slot, std::string_view sql,
                                          std::string_view op) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  StmtHandle stmt(raw);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(op, db_.get(), rc));
  cache_[slot] = std::move(stmt);
  return cache_[slot].get();
}

Query::~Query() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Query::Check(int rc) noexcept {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  ++next_;
}

Query& Query::Bind(std::int64_t value) noexcept {
  Check(sqlite3_bind_int64(stmt_, next_, value));
  return *this;
}

Query& Query::Bind(std::string_view value) noexcept {
  // An empty view may have a null data pointer, which SQLite would bind as NULL.
  const char* data = value.data() != nullptr ? value.data() : "";
  Check(sqlite3_bind_text64(stmt_, next_, data, value.size(), SQLITE_STATIC, SQLITE_UTF8));
  return *this;
}

Query& Query::Bind(const Bytes& value) noexcept {
  if (value.empty()) {
    Check(sqlite3_bind_zeroblob(stmt_, next_, 0));
  } else {
    Check(sqlite3_bind_blob64(stmt_, next_, value.data(), value.size(), SQLITE_STATIC));
  }
  return *this;
}

Query& Query::Bind(const std::optional<std::int64_t>& value) noexcept {
  return value ? Bind(*value) : BindNull();
}

Query& Query::Bind(const std::optional<std::string>& value) noexcept {
  return value ? Bind(std::string_view(*value)) : BindNull();
}

Query& Query::BindNull() noexcept {
  Check(sqlite3_bind_null(stmt_, next_));
  return *this;
}

Result<bool> Query::Step() {
  if (bind_rc_ != SQLITE_OK) return std::unexpected(SqliteError(op_, db_, bind_rc_));
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(SqliteError(op_, db_, rc));
}

Status Query::Run() {
  CK_ASSIGN_OR_RETURN(const bool row, Step());
  (void)row;
  return {};
}

std::string Query::Text(int col) const {
  const auto* data = sqlite3_column_text(stmt_, col);
  const int size = sqlite3_column_bytes(stmt_, col);
  if (data == nullptr || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

Bytes Query::Blob(int col) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
  const int size = sqlite3_column_bytes(stmt_, col);
  if (data == nullptr || size <= 0) return {};
  return Bytes(data, data + size);
}

std::optional<std::int64_t> Query::OptInt(int col) const noexcept {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<std::string> Query::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

}  // namespace casekeep::store::sqlite
