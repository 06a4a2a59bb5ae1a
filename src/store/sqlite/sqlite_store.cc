// Opening the SQLite store, its connection settings, the writer lock and the reader pool
// (sqlite_store.h). Thread-safety: see sqlite_store.h.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "store/sqlite/connection.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store {
namespace {

using sqlite::Connection;

constexpr std::size_t kMaxIdleReaders = 8;

// Settings every connection needs. synchronous=FULL: in WAL mode NORMAL skips the fsync at
// commit, so a committed transaction can be lost on power failure; FULL syncs the WAL on every
// commit, which is what "acknowledged means durable" requires. secure_delete=ON zeroes deleted
// content in place and in freed pages. temp_store=MEMORY keeps sort spills (which may hold
// sealed bytes) out of temporary files outside the data folder.
Status Configure(Connection& conn, const OpenOptions& options, bool reader) {
  sqlite3_busy_timeout(conn.db(), static_cast<int>(options.busy_timeout.count()));
  CK_TRY(conn.Exec("PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; "
                   "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; "
                   "PRAGMA trusted_schema = OFF;",
                   "configuring the connection"));
  // A larger page cache than SQLite's 2 MB default keeps the record indexes' hot pages in
  // memory during bulk imports (writer) and large scans (readers).
  if (reader) {
    return conn.Exec("PRAGMA query_only = ON; PRAGMA cache_size = -16384",
                     "configuring a read connection");
  }
  return conn.Exec("PRAGMA cache_size = -65536", "configuring the write connection");
}

Status EnableWal(Connection& conn) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(conn.db(), "PRAGMA journal_mode = WAL", -1, &raw, nullptr);
  sqlite::StmtHandle stmt(raw);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return std::unexpected(sqlite::SqliteError("enabling WAL", conn.db(), rc));
  const auto* mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
  if (mode == nullptr || std::string_view(mode) != "wal") {
    return IoError("enabling WAL: the file system does not support it (journal mode " +
                   std::string(mode != nullptr ? mode : "?") + ")");
  }
  stmt.reset();
  return conn.Exec("PRAGMA journal_size_limit = 67108864", "limiting the WAL size");
}

void RemoveCreated(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ec);
  }
}

Result<std::unique_ptr<Connection>> OpenWriter(const std::string& path,
                                                const OpenOptions& options, bool create) {
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  CK_ASSIGN_OR_RETURN(auto conn, Connection::Open(path, flags));
  CK_TRY(Configure(*conn, options, /*reader=*/false));
  // A new file is built in rollback-journal mode, so it appears complete or not at all; WAL
  // is switched on afterwards and then persists in the file.
  CK_TRY(sqlite::ApplyMigrations(*conn, sqlite::Migrations()));
  CK_TRY(EnableWal(*conn));
  return conn;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       OpenOptions options) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (ec) return IoError("cannot look for " + path + ": " + ec.message());
  if (!exists && !options.create) {
    return NotFound("there is no casekeep database at " + path);
  }
  if (exists) {
    CK_TRY(sqlite::CheckDatabaseFile(path, sqlite::LatestSchemaVersion(), options.quick_check));
  }
  auto writer = OpenWriter(path, options, !exists);
  if (!writer) {
    if (!exists) RemoveCreated(path);
    return std::unexpected(writer.error());
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, options, std::move(*writer)));
}

SqliteStore::SqliteStore(std::string path, OpenOptions options,
                         std::unique_ptr<Connection> writer)
    : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() {
  // Readers close first so that closing the writer, the last connection, can checkpoint and
  // remove the WAL.
  idle_readers_.clear();
  writer_.reset();
}

Result<std::unique_ptr<Tx>> SqliteStore::Begin() {
  std::unique_lock lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(options_.busy_timeout)) {
    return Fail(ErrorCode::kUnavailable,
                "starting a write transaction: another one is still open after " +
                    std::to_string(options_.busy_timeout.count()) + " ms");
  }
  if (sqlite3_get_autocommit(writer_->db()) == 0) {
    (void)writer_->Exec("ROLLBACK", "rolling back an abandoned transaction");
  }
  {
    CK_ASSIGN_OR_RETURN(auto begin, writer_->Use(sqlite::Sql::kBeginImmediate,
                                                 "starting a write transaction"));
    CK_TRY(begin.Run());
  }
  return std::unique_ptr<Tx>(new sqlite::SqliteTx(*this, *writer_, std::move(lock)));
}

Result<std::unique_ptr<Tx>> SqliteStore::BeginRead() {
  CK_ASSIGN_OR_RETURN(auto reader, TakeReader());
  {
    CK_ASSIGN_OR_RETURN(auto begin, reader->Use(sqlite::Sql::kBeginRead,
                                                "starting a read transaction"));
    CK_TRY(begin.Run());
  }
  auto tx = std::unique_ptr<sqlite::SqliteTx>(new sqlite::SqliteTx(*this, std::move(reader)));
  CK_TRY(tx->StartSnapshot());
  return std::unique_ptr<Tx>(std::move(tx));
}

Status SqliteStore::Checkpoint() {
  std::unique_lock lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(options_.busy_timeout)) {
    return Fail(ErrorCode::kUnavailable, "checkpointing: a write transaction is still open");
  }
  return CheckpointLocked();
}

Status SqliteStore::Compact() {
  std::unique_lock lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(options_.busy_timeout)) {
    return Fail(ErrorCode::kUnavailable, "compacting: a write transaction is still open");
  }
  CK_TRY(writer_->Exec("VACUUM", "compacting the store"));
  return CheckpointLocked();
}

Status SqliteStore::CheckpointLocked() {
  int wal_frames = 0;
  int copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(writer_->db(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                           &wal_frames, &copied);
  if (rc != SQLITE_OK) {
    checkpoint_owed_ = true;
    auto error = sqlite::SqliteError("checkpointing the WAL", writer_->db(), rc);
    if (error.code == ErrorCode::kUnavailable) {
      error.message = "checkpointing the WAL: a read transaction still uses older pages";
    }
    return std::unexpected(std::move(error));
  }
  checkpoint_owed_ = false;
  return {};
}

void SqliteStore::AfterCommit(bool erased) {
  if (!erased && !checkpoint_owed_) return;
  // The commit is durable already. Wait only briefly for readers that still use old pages,
  // since other writers are queued behind this one; if they do not finish, the checkpoint is
  // owed and retried after the next commit or by Checkpoint().
  const auto wait = std::min(options_.busy_timeout, std::chrono::milliseconds(200));
  sqlite3_busy_timeout(writer_->db(), static_cast<int>(wait.count()));
  (void)CheckpointLocked();
  sqlite3_busy_timeout(writer_->db(), static_cast<int>(options_.busy_timeout.count()));
}

Result<std::unique_ptr<Connection>> SqliteStore::TakeReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
  }
  CK_ASSIGN_OR_RETURN(auto reader, Connection::Open(path_, SQLITE_OPEN_READWRITE));
  CK_TRY(Configure(*reader, options_, /*reader=*/true));
  return reader;
}

void SqliteStore::ReturnReader(std::unique_ptr<Connection> reader) noexcept {
  if (sqlite3_get_autocommit(reader->db()) == 0) return;  // could not end its transaction
  std::lock_guard lock(readers_mu_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(reader));
}

Status SqliteStore::Snapshot(const std::string& from, const std::string& to) {
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto close = [&] {
    sqlite3_close_v2(src);
    sqlite3_close_v2(dst);
  };
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
          SQLITE_OK ||
      sqlite3_open_v2(to.c_str(), &dst,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = src != nullptr ? sqlite3_errmsg(src) : "out of memory";
    close();
    return IoError("cannot open the store for a backup: " + msg);
  }
  sqlite3_busy_timeout(src, 5000);
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (b == nullptr) {
    std::string msg = sqlite3_errmsg(dst);
    close();
    return IoError("cannot start the backup: " + msg);
  }
  const int step = sqlite3_backup_step(b, -1);
  const int done = sqlite3_backup_finish(b);
  if (step != SQLITE_DONE || done != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(dst);
    close();
    if (step == SQLITE_BUSY || step == SQLITE_LOCKED) {
      return Fail(ErrorCode::kUnavailable, "the store was busy; try the backup again");
    }
    return IoError("the backup could not copy the store: " + msg);
  }
  close();
  return {};
}

}  // namespace casekeep::store
