// libpq wrappers (pg_connection.h). Thread-safety: see the header.
#include "store/postgres/pg_connection.h"

#include <endian.h>

#include <cstring>

namespace casekeep::store::postgres {
namespace {

// SQLSTATE classes and codes (PostgreSQL appendix A) to casekeep error codes.
ErrorCode CodeFor(std::string_view state) {
  if (state == "23505") return ErrorCode::kAlreadyExists;  // unique_violation
  const std::string_view cls = state.substr(0, 2);
  if (cls == "23") return ErrorCode::kFailedPrecondition;  // other integrity constraints
  if (cls == "08" || cls == "57" || cls == "40" || state == "55P03" || state == "53300") {
    return ErrorCode::kUnavailable;  // connection, shutdown, serialisation, lock timeout
  }
  if (cls == "22") return ErrorCode::kInvalidArgument;  // data exceptions
  if (cls == "28" || state == "42501") return ErrorCode::kPermissionDenied;
  if (state == "XX001" || state == "XX002") return ErrorCode::kDataLoss;
  if (cls == "53" || cls == "58") return ErrorCode::kIo;
  if (cls == "25") return ErrorCode::kFailedPrecondition;  // invalid transaction state
  return ErrorCode::kInternal;
}

std::string Trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string RedactConninfo(std::string_view conninfo, bool keep_password) {
  char* err = nullptr;
  const std::string text(conninfo);
  PQconninfoOption* options = PQconninfoParse(text.c_str(), &err);
  if (options == nullptr) {
    PQfreemem(err);
    return "(an unreadable connection string)";
  }
  std::string out;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    if (!keep_password && std::strcmp(o->keyword, "password") == 0) continue;
    if (!out.empty()) out += ' ';
    out += o->keyword;
    out += '=';
    out += o->val;
  }
  PQconninfoFree(options);
  return out;
}

// Params.

Params& Params::Add(std::int64_t value) {
  slots_.push_back(Slot{.owned = std::to_string(value), .uses_owned = true});
  return *this;
}

Params& Params::Add(bool value) {
  slots_.push_back(Slot{.owned = value ? "1" : "0", .uses_owned = true});
  return *this;
}

Params& Params::Add(std::string_view value) {
  // Binary format: the raw bytes, with their length, so no terminating NUL is needed.
  static const char kEmpty = 0;
  slots_.push_back(Slot{.owned = {},
                        .data = value.empty() ? &kEmpty : value.data(),
                        .length = static_cast<int>(value.size()),
                        .format = 1});
  return *this;
}

Params& Params::Add(const Bytes& value) {
  return Add(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
}

Params& Params::Add(const std::optional<std::int64_t>& value) {
  if (value) return Add(*value);
  slots_.push_back(Slot{.owned = {}, .null = true});
  return *this;
}

Params& Params::Add(const std::optional<std::string>& value) {
  if (value) return Add(std::string_view(*value));
  slots_.push_back(Slot{.owned = {}, .null = true});
  return *this;
}

std::vector<const char*> Params::Values() const {
  std::vector<const char*> values;
  for (const Slot& s : slots_) {
    values.push_back(s.null ? nullptr : s.uses_owned ? s.owned.c_str() : s.data);
  }
  return values;
}

std::vector<int> Params::Lengths() const {
  std::vector<int> lengths;
  for (const Slot& s : slots_) lengths.push_back(s.length);
  return lengths;
}

std::vector<int> Params::Formats() const {
  std::vector<int> formats;
  for (const Slot& s : slots_) formats.push_back(s.format);
  return formats;
}

// PgResult.

std::int64_t PgResult::Changes() const {
  const char* n = r_ ? PQcmdTuples(r_.get()) : "";
  return *n == 0 ? 0 : std::stoll(n);
}

std::int64_t PgResult::Int(int row, int col) const noexcept {
  const char* v = PQgetvalue(r_.get(), row, col);
  switch (PQgetlength(r_.get(), row, col)) {
    case 8: {
      std::uint64_t x = 0;
      std::memcpy(&x, v, 8);
      return static_cast<std::int64_t>(be64toh(x));
    }
    case 4: {
      std::uint32_t x = 0;
      std::memcpy(&x, v, 4);
      return static_cast<std::int32_t>(be32toh(x));
    }
    case 2: {
      std::uint16_t x = 0;
      std::memcpy(&x, v, 2);
      return static_cast<std::int16_t>(be16toh(x));
    }
    case 1: return static_cast<unsigned char>(v[0]);
    default: return 0;
  }
}

std::string PgResult::Text(int row, int col) const {
  return std::string(PQgetvalue(r_.get(), row, col),
                     static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

Bytes PgResult::Blob(int row, int col) const {
  const auto* v = reinterpret_cast<const std::uint8_t*>(PQgetvalue(r_.get(), row, col));
  return Bytes(v, v + PQgetlength(r_.get(), row, col));
}

void PgResult::Get(int row, int col, std::optional<std::int64_t>& out) const {
  out = IsNull(row, col) ? std::nullopt : std::optional<std::int64_t>(Int(row, col));
}

void PgResult::Get(int row, int col, std::optional<std::string>& out) const {
  out = IsNull(row, col) ? std::nullopt : std::optional<std::string>(Text(row, col));
}

// PgConnection.

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const SessionSettings& settings) {
  PGconn* raw = PQconnectdb(settings.conninfo.c_str());
  if (raw == nullptr) {
    return casekeep::Fail(ErrorCode::kUnavailable, "connecting to PostgreSQL: out of memory");
  }
  std::unique_ptr<PgConnection> conn(new PgConnection(raw));
  if (PQstatus(raw) != CONNECTION_OK) {
    const std::string message = Trimmed(PQerrorMessage(raw));
    const bool refused = message.find("authentication") != std::string::npos ||
                         message.find("password") != std::string::npos;
    return casekeep::Fail(
        refused ? ErrorCode::kPermissionDenied : ErrorCode::kUnavailable,
        "connecting to PostgreSQL (" + RedactConninfo(settings.conninfo) + "): " + message);
  }
  // Durable commits whatever the server's default, no statement left waiting on a lock for
  // longer than a writer would wait in this process, and text as UTF-8.
  std::string setup =
      "SET synchronous_commit = on; SET client_encoding = 'UTF8'; SET lock_timeout = " +
      std::to_string(settings.lock_timeout.count()) + "; SET client_min_messages = warning";
  if (!settings.schema.empty()) setup += "; SET search_path TO \"" + settings.schema + "\"";
  CK_TRY(conn->Simple(setup, "configuring the connection"));
  return conn;
}

Error PgConnection::Failure(const PGresult* r, std::string_view op) const {
  const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r != nullptr ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = std::string(op) + ": ";
  if (broken()) {
    message += "the connection to PostgreSQL was lost (" + Trimmed(PQerrorMessage(conn_.get())) +
               "); the transaction did not complete";
    return Error{ErrorCode::kUnavailable, std::move(message)};
  }
  message += Trimmed(primary != nullptr ? primary : PQerrorMessage(conn_.get()));
  return Error{state != nullptr ? CodeFor(state) : ErrorCode::kUnavailable, std::move(message)};
}

Result<PgResult> PgConnection::Check(PGresult* r, std::string_view op) const {
  PgResult result(r);
  const ExecStatusType status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  return std::unexpected(Failure(r, op));
}

Result<PgResult> PgConnection::Exec(const std::string& sql, const Params& params,
                                    std::string_view op) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "ck" + std::to_string(prepared_.size() + 1);
    CK_TRY(Check(PQprepare(conn_.get(), name.c_str(), sql.c_str(), 0, nullptr), op));
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const auto values = params.Values();
  const auto lengths = params.Lengths();
  const auto formats = params.Formats();
  return Check(PQexecPrepared(conn_.get(), it->second.c_str(), params.size(), values.data(),
                              lengths.data(), formats.data(), /*resultFormat=*/1),
               op);
}

Result<PgResult> PgConnection::Simple(const std::string& sql, std::string_view op) {
  return Check(PQexec(conn_.get(), sql.c_str()), op);
}

}  // namespace casekeep::store::postgres
