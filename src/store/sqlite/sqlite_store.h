// The SQLite backend of the storage seam: one database file (store.db, with store.db-wal and
// store.db-shm beside it while open) holding the whole casekeep store. Schema, durability
// settings and erasure are described in docs/storage.md.
//
// Thread-safety: a SqliteStore is safe to share between threads (store.h). Write transactions
// share one connection and are serialised by a mutex; each read transaction takes its own
// connection from a small pool, so reads see a consistent snapshot and never wait for the
// writer. Another process writing the same file is waited for up to `busy_timeout`.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "store/internal/writer_lock.h"
#include "store/store.h"

namespace casekeep::store::sqlite {
class Connection;
class SqliteTx;
}  // namespace casekeep::store::sqlite

namespace casekeep::store {

struct OpenOptions {
  //! Create a new database if there is no file at the path. An existing file is never
  //! overwritten: it is checked and opened as if `create` were false.
  bool create = false;
  //! Run PRAGMA quick_check before opening an existing file. It reads the whole file, so it
  //! costs about a second per few GB; turn it off only for tools that open a store repeatedly.
  bool quick_check = true;
  //! How long a write transaction waits for another one (in this or another process) before
  //! failing with kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

class SqliteStore final : public Store {
 public:
  //! Opens (or, with options.create, creates) the database at `path` and brings its schema up
  //! to date. An existing file is checked read-only before anything is written to it, and is
  //! left unchanged if it fails: kNotFound if there is no file (and create is false),
  //! kInvalidArgument if it is not a casekeep database, kFailedPrecondition if its schema is
  //! newer than this code, kDataLoss if it is truncated or corrupt, kIo if it cannot be read.
  [[nodiscard]] static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                                 OpenOptions options = {});

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  //! Every Tx must be destroyed before the store.
  [[nodiscard]] Result<std::unique_ptr<Tx>> Begin() override;
  [[nodiscard]] Result<std::unique_ptr<Tx>> BeginRead() override;
  std::string_view backend() const override { return "sqlite"; }

  //! Copies every committed page from the WAL into the database file and truncates the WAL to
  //! zero bytes (PRAGMA wal_checkpoint(TRUNCATE)), so no old page image, such as the bytes of a
  //! destroyed key, survives in store.db-wal. A Commit that destroyed a key, erased a subject
  //! or deleted a record does this itself; call it to retry when that could not finish.
  //! Fails with kUnavailable if a read transaction still uses older pages (retry later), or as
  //! Begin() if the writer is busy.
  [[nodiscard]] Status Checkpoint();

  //! Rewrites the whole database (VACUUM) and then checkpoints as above. secure_delete zeroes a
  //! deleted row where it lies, but SQLite leaves stale copies of rows it moved between pages
  //! (when pages split, merge or are defragmented) in the unused space of pages; only a rewrite
  //! removes every one. Run after disposals and erasures. Holds the writer for as long as it
  //! takes (about as long as copying the file); fails as Checkpoint.
  [[nodiscard]] Status Compact();

  //! Writes a consistent copy of the database at `from` (which may be open and written by
  //! others, in this or another process) to a new file `to`, through SQLite's online backup API:
  //! every page in one step inside one read transaction, so the copy is one committed state
  //! and writers carry on. kUnavailable if the database stayed busy, kIo otherwise.
  [[nodiscard]] static Status Snapshot(const std::string& from, const std::string& to);

  //! The database file's path.
  const std::string& path() const noexcept { return path_; }

 private:
  friend class sqlite::SqliteTx;
  SqliteStore(std::string path, OpenOptions options, std::unique_ptr<sqlite::Connection> writer);

  // Called by a write SqliteTx after its COMMIT succeeded, with the writer lock still held:
  // checkpoints if the transaction erased anything or an earlier checkpoint is still owed.
  void AfterCommit(bool erased);
  [[nodiscard]] Status CheckpointLocked();
  [[nodiscard]] Result<std::unique_ptr<sqlite::Connection>> TakeReader();
  void ReturnReader(std::unique_ptr<sqlite::Connection> reader) noexcept;

  const std::string path_;
  const OpenOptions options_;
  internal::WriterLock writer_mu_;  // held by the open write Tx
  std::unique_ptr<sqlite::Connection> writer_;
  bool checkpoint_owed_ = false;  // guarded by writer_mu_
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;  // guarded by readers_mu_
};

}  // namespace casekeep::store
