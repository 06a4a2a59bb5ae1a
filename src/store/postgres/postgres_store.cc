// Opening the PostgreSQL store, the writer lock across processes, the reader pool and
// reconnection (postgres_store.h). Thread-safety: see postgres_store.h.
#include "store/postgres/postgres_store.h"

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_schema.h"
#include "store/postgres/pg_tx.h"

namespace casekeep::store {
namespace {

using postgres::PgConnection;

constexpr std::size_t kMaxIdleReaders = 8;

bool ValidSchema(std::string_view schema) {
  if (schema.size() > 63) return false;
  for (char c : schema) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The advisory lock key of a schema: 64-bit FNV-1a of "casekeep:" + schema, so that stores in
// different schemas of one database do not wait for each other.
std::int64_t LockKey(std::string_view schema) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : "casekeep:" + std::string(schema.empty() ? "public" : schema)) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<std::int64_t>(h);
}

postgres::SessionSettings Settings(const PostgresOptions& o) {
  return {o.conninfo, o.schema, o.busy_timeout};
}

}  // namespace

bool IsPostgresConninfo(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://") ||
         database.find("host=") != std::string_view::npos ||
         database.find("dbname=") != std::string_view::npos;
}

bool ConninfoHasPassword(std::string_view conninfo) {
  return postgres::RedactConninfo(conninfo) !=
         postgres::RedactConninfo(conninfo, /*keep_password=*/true);
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(PostgresOptions options) {
  if (!ValidSchema(options.schema)) {
    return InvalidArgument("PostgreSQL schema name \"" + options.schema +
                           "\": use lower-case letters, digits and underscores (63 at most)");
  }
  std::string where = postgres::RedactConninfo(options.conninfo);
  if (!options.schema.empty()) where += " schema " + options.schema;
  CK_ASSIGN_OR_RETURN(auto writer, PgConnection::Connect(Settings(options)));
  CK_TRY(postgres::ApplyPgMigrations(*writer, LockKey(options.schema), options.create,
                                     options.schema, where));
  return std::unique_ptr<PostgresStore>(
      new PostgresStore(std::move(options), std::move(where), std::move(writer)));
}

PostgresStore::PostgresStore(PostgresOptions options, std::string where,
                             std::unique_ptr<PgConnection> writer)
    : options_(std::move(options)),
      where_(std::move(where)),
      lock_key_(LockKey(options_.schema)),
      writer_(std::move(writer)) {}

PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PgConnection>> PostgresStore::Connect() const {
  return PgConnection::Connect(Settings(options_));
}

// BEGIN and the advisory lock on the writer connection, replacing the connection once if it
// turns out to have been lost (a server restart, a network failure): no transaction was open
// on it, so nothing is lost by starting again on a new one.
Status PostgresStore::StartWrite() {
  for (int attempt = 0;; ++attempt) {
    if (!writer_ || writer_->broken()) {
      writer_.reset();
      CK_ASSIGN_OR_RETURN(writer_, Connect());
    }
    if (writer_->in_transaction()) {
      (void)writer_->Simple("ROLLBACK", "rolling back an abandoned transaction");
    }
    Status begun = [&]() -> Status {
      CK_TRY(writer_->Simple("BEGIN", "starting a write transaction"));
      CK_TRY(writer_->Exec("SELECT pg_advisory_xact_lock($1)", postgres::Params().Add(lock_key_),
                           "waiting for the writer lock (another casekeep process is writing)"));
      return {};
    }();
    if (begun) return {};
    if (!writer_->broken() || attempt > 0) {
      if (!writer_->broken() && writer_->in_transaction()) {
        (void)writer_->Simple("ROLLBACK", "rolling back");
      }
      return begun;
    }
  }
}

Result<std::unique_ptr<Tx>> PostgresStore::Begin() {
  std::unique_lock lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(options_.busy_timeout)) {
    return Fail(ErrorCode::kUnavailable,
                "starting a write transaction: another one is still open after " +
                    std::to_string(options_.busy_timeout.count()) + " ms");
  }
  CK_TRY(StartWrite());
  return std::unique_ptr<Tx>(new postgres::PgTx(*this, *writer_, std::move(lock)));
}

Result<std::unique_ptr<Tx>> PostgresStore::BeginRead() {
  for (int attempt = 0;; ++attempt) {
    CK_ASSIGN_OR_RETURN(auto reader, TakeReader());
    Status begun = [&]() -> Status {
      CK_TRY(reader->Simple("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                            "starting a read transaction"));
      // The snapshot is taken by the first statement: take it now, as BeginRead promises.
      CK_TRY(reader->Simple("SELECT 1", "starting a read snapshot"));
      return {};
    }();
    if (begun) return std::unique_ptr<Tx>(new postgres::PgTx(*this, std::move(reader)));
    if (!reader->broken() || attempt > 0) return std::unexpected(begun.error());
  }
}

Result<std::unique_ptr<PgConnection>> PostgresStore::TakeReader() {
  {
    std::lock_guard lock(readers_mu_);
    while (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      if (!reader->broken()) return reader;
    }
  }
  return Connect();
}

void PostgresStore::ReturnReader(std::unique_ptr<PgConnection> reader) noexcept {
  if (reader->broken() || reader->in_transaction()) return;  // closed, not reused
  std::lock_guard lock(readers_mu_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(reader));
}

Status PostgresStore::DropSchema() {
  if (options_.schema.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "DropSchema: the store has no schema of its own");
  }
  {
    std::lock_guard lock(readers_mu_);
    idle_readers_.clear();
  }
  std::unique_lock lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(options_.busy_timeout)) {
    return Fail(ErrorCode::kUnavailable, "DropSchema: a write transaction is still open");
  }
  if (!writer_ || writer_->broken()) {
    CK_ASSIGN_OR_RETURN(writer_, Connect());
  }
  CK_TRY(writer_->Simple("DROP SCHEMA \"" + options_.schema + "\" CASCADE", "dropping the schema"));
  return {};
}

}  // namespace casekeep::store
