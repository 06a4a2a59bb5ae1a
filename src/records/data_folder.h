// A data folder: everything one casekeep installation keeps, in one directory.
//   casekeep.toml   configuration (key source, backend); written last, so its presence means
//                   the folder was initialised completely
//   policy.toml     the policy the folder enforces
//   master.key      the master key file (0600), unless --key-file put it elsewhere or the
//                   key comes from a passphrase (then master.kdf holds the Argon2id salt)
//   erasure-journal the erasure journal (docs/rights.md): codes only, kept outside the store so
//                   a restored backup can be erased again
//   folder.lock     held while the folder is open (a restore waits for no one)
//   store.db        the SQLite store (with store.db-wal and store.db-shm while open), unless
//                   casekeep.toml names a PostgreSQL database (docs/operations.md)
// See docs/keys.md and docs/storage.md. Thread-safety: an open DataFolder is safe to share.
#pragma once

#include <memory>
#include <string>

#include "base/date.h"
#include "base/error.h"
#include "crypto/secret.h"
#include "policy/model.h"
#include "records/service.h"
#include "records/vault.h"
#include "store/store.h"

namespace casekeep::records {

enum class KeySource { kFile, kPassphrase };

struct InitOptions {
  std::string dir;
  std::string policy_path;
  KeySource key_source = KeySource::kFile;
  std::string key_file;  //!< for kFile; empty: <dir>/master.key
  //! A PostgreSQL connection string (no password: PGPASSWORD or ~/.pgpass) to keep the store
  //! in instead of store.db; the folder keeps the policy and the key material.
  std::string database;
  std::string schema;  //!< the PostgreSQL schema; empty: the server's default ("public")
};

//! Creates a new data folder. Fails with kAlreadyExists if `dir` exists and is not empty,
//! kInvalidArgument (every policy problem listed) if the policy does not pass `policy check`,
//! kNotFound if the passphrase is not set. On failure nothing is left behind.
[[nodiscard]] Status InitDataFolder(const InitOptions& options, const Clock& clock);

//! Replaces the master key of a folder whose key is a key file: a new key file is written
//! beside the old one as <key file>.new, every wrapped key and the key check are re-wrapped in
//! one transaction, then the new file replaces the old. A crash at any point leaves a folder
//! that opens (Open finishes an interrupted rotation). Returns how many data keys were
//! re-wrapped. Fails with kFailedPrecondition for a passphrase folder.
[[nodiscard]] Result<std::int64_t> RotateMasterKey(const std::string& dir, const Clock& clock);

//! What a backup or a restore needs of a folder without opening its store (backup.h).
struct FolderKeys {
  bool postgres = false;   //!< the store is in PostgreSQL (casekeep.toml names it)
  std::string store_path;  //!< <dir>/store.db
  crypto::Key kek;         //!< the master key, from the key file or the passphrase
};
[[nodiscard]] Result<FolderKeys> ReadFolderKeys(const std::string& dir);

//! The lock on a data folder (<dir>/folder.lock, flock): every open DataFolder holds it shared,
//! a backup restore holds it alone, so neither starts while the other runs.
class FolderLock {
 public:
  //! Fails with kFailedPrecondition if the folder is held the other way, kIo.
  [[nodiscard]] static Result<FolderLock> Acquire(const std::string& dir, bool exclusive);
  FolderLock(FolderLock&& other) noexcept;
  FolderLock& operator=(FolderLock&&) = delete;
  ~FolderLock();

 private:
  explicit FolderLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

class DataFolder {
 public:
  //! Opens a data folder. Fails with kNotFound if it was never initialised, kPermissionDenied
  //! for the wrong master key, kDataLoss for a damaged store, kFailedPrecondition while a
  //! backup is being restored into it; the folder is not modified by a failed open. A caller
  //! that holds the folder lock itself (a restore) passes `take_lock` false.
  [[nodiscard]] static Result<std::unique_ptr<DataFolder>> Open(const std::string& dir,
                                                                const Clock& clock,
                                                                bool take_lock = true);
  ~DataFolder();

  const std::string& dir() const { return dir_; }
  const policy::Policy& policy() const { return *policy_; }
  store::Store& store() { return *store_; }
  Vault& vault() { return *vault_; }
  RecordsService& records() { return *records_; }

  //! Moves erased data out of the write-ahead log into zeroed pages (after an erasure).
  [[nodiscard]] Status Checkpoint();
  //! Rewrites the store so that no stale copy of a disposed or erased row survives in the
  //! unused space of its pages (SqliteStore::Compact); after a retention sweep or an erasure.
  [[nodiscard]] Status Compact();

 private:
  DataFolder() = default;
  std::string dir_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<RecordsService> records_;
  std::function<Status()> checkpoint_;
  std::function<Status()> compact_;
  std::unique_ptr<FolderLock> lock_;
};

}  // namespace casekeep::records
