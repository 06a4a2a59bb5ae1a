// RAII over libpq: a PgConnection owns a PGconn with its session settings and a cache of
// prepared statements; Params collects the parameters of one statement; PgResult owns a
// PGresult read in binary format. Every failure becomes an Error naming the operation (see
// PgError for the mapping of SQLSTATEs), and never carries the connection's password.
// Thread-safety: a PgConnection and its results belong to one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "store/store.h"

namespace casekeep::store::postgres {

//! `conninfo` (key=value or postgresql:// URI) with any password left out, for logs and errors.
//! With `keep_password`, the same settings with the password kept.
[[nodiscard]] std::string RedactConninfo(std::string_view conninfo, bool keep_password = false);

//! The parameters of one statement: integers and booleans as text, strings and bytes in binary
//! (their raw bytes), absent optionals as NULL. Strings and bytes are borrowed: they must
//! outlive the statement's execution.
class Params {
 public:
  Params& Add(std::int64_t value);
  Params& Add(int value) { return Add(std::int64_t{value}); }
  Params& Add(bool value);
  Params& Add(std::string_view value);
  Params& Add(const std::string& value) { return Add(std::string_view(value)); }
  Params& Add(const char* value) { return Add(std::string_view(value)); }
  Params& Add(const Bytes& value);
  Params& Add(const std::optional<std::int64_t>& value);
  Params& Add(const std::optional<std::string>& value);

  int size() const noexcept { return static_cast<int>(slots_.size()); }
  // The arrays PQexecPrepared takes, valid until the next Add.
  std::vector<const char*> Values() const;
  std::vector<int> Lengths() const;
  std::vector<int> Formats() const;

 private:
  struct Slot {
    std::string owned;  // the text of an integer or boolean
    const char* data = nullptr;
    int length = 0;
    int format = 0;
    bool null = false;
    bool uses_owned = false;
  };
  std::vector<Slot> slots_;
};

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};

//! The rows of a statement, in binary format.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r) {}

  int rows() const noexcept { return r_ ? PQntuples(r_.get()) : 0; }
  //! The command tag ("COMMIT", "ROLLBACK", "INSERT 0 1", ...).
  std::string Command() const { return r_ ? PQcmdStatus(r_.get()) : ""; }
  //! Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t Changes() const;
  bool IsNull(int row, int col) const noexcept { return PQgetisnull(r_.get(), row, col) != 0; }
  //! A bigint, integer, smallint or boolean column.
  std::int64_t Int(int row, int col) const noexcept;
  std::string Text(int row, int col) const;
  Bytes Blob(int row, int col) const;

  //! Reads columns first.. of `row` into `out...`, each by its type (std::int64_t, bool,
  //! std::string, Bytes, std::optional<std::int64_t>, std::optional<std::string>).
  template <class... Out>
  void Read(int row, Out&... out) const {
    int col = 0;
    (Get(row, col++, out), ...);
  }

 private:
  void Get(int row, int col, std::int64_t& out) const noexcept { out = Int(row, col); }
  void Get(int row, int col, bool& out) const noexcept { out = Int(row, col) != 0; }
  void Get(int row, int col, std::string& out) const { out = Text(row, col); }
  void Get(int row, int col, Bytes& out) const { out = Blob(row, col); }
  void Get(int row, int col, std::optional<std::int64_t>& out) const;
  void Get(int row, int col, std::optional<std::string>& out) const;

  std::unique_ptr<PGresult, ResultDeleter> r_;
};

struct ConnDeleter {
  void operator()(PGconn* c) const noexcept { PQfinish(c); }
};

struct SessionSettings {
  std::string conninfo;
  std::string schema;  //!< search_path; empty: the server's default
  std::chrono::milliseconds lock_timeout{5000};
};

class PgConnection {
 public:
  //! Connects and applies the session settings. kUnavailable if the server cannot be reached,
  //! kPermissionDenied if it refuses the credentials.
  [[nodiscard]] static Result<std::unique_ptr<PgConnection>> Connect(
      const SessionSettings& settings);

  //! Runs `sql` (one statement with $1.. parameters) as a statement prepared once per
  //! connection.
  [[nodiscard]] Result<PgResult> Exec(const std::string& sql, const Params& params,
                                      std::string_view op);
  //! Runs SQL without parameters through the simple protocol (BEGIN, SAVEPOINT, DDL).
  [[nodiscard]] Result<PgResult> Simple(const std::string& sql, std::string_view op);

  //! The connection was lost (the server went away or restarted).
  bool broken() const noexcept { return PQstatus(conn_.get()) != CONNECTION_OK; }
  //! Inside a transaction (possibly a failed one).
  bool in_transaction() const noexcept { return PQtransactionStatus(conn_.get()) != PQTRANS_IDLE; }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  // The Error for a failed result `r` (null: the connection failed).
  [[nodiscard]] Error Failure(const PGresult* r, std::string_view op) const;
  [[nodiscard]] Result<PgResult> Check(PGresult* r, std::string_view op) const;

  std::unique_ptr<PGconn, ConnDeleter> conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

}  // namespace casekeep::store::postgres
