// Encrypted backups of a SQLite data folder's store, taken while the server runs, and their
// restore, which re-applies the erasure journal so that people erased after the backup was
// taken stay erased (docs/rights.md, "Backups"; file format and key handling there and in
// docs/operations.md). PostgreSQL folders are backed up with pg_dump (refused here).
// Thread-safety: functions; a restore holds the folder lock alone.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "base/date.h"
#include "base/error.h"
#include "records/erasure.h"

namespace casekeep::records {

//! Called as bytes are written or read: (done, total).
using BackupProgress = std::function<void(std::int64_t, std::int64_t)>;

struct BackupInfo {
  std::string id;               //!< hex, random: names the backup's key
  std::int64_t created_at = 0;  //!< Unix seconds
  std::int64_t store_bytes = 0;
  std::int64_t file_bytes = 0;
};

//! Writes an encrypted, consistent copy of the folder's store to `file` (which must not exist;
//! written beside it under a temporary name and renamed into place when complete). The store
//! may be in use. kFailedPrecondition for a PostgreSQL folder, kAlreadyExists if `file` exists.
[[nodiscard]] Result<BackupInfo> CreateBackup(const std::string& dir, const std::string& file,
                                              const Clock& clock, const BackupProgress& progress);

struct RestoreResult {
  BackupInfo backup;
  ReapplyResult reapplied;
};

//! Replaces the folder's store with the one in `file`, then re-applies the erasure journal and
//! compacts. Refused (kFailedPrecondition) while anything holds the folder, and for a
//! PostgreSQL folder. The whole file is decrypted, authenticated and checked (a casekeep store
//! whose keys open with the folder's master key, and under which the folder's erasure journal
//! verifies) before the store is replaced; on any failure (kDataLoss for a damaged or altered
//! file, kPermissionDenied for a backup made under another master key) nothing is changed.
[[nodiscard]] Result<RestoreResult> RestoreBackup(const std::string& dir, const std::string& file,
                                                  const Clock& clock,
                                                  const BackupProgress& progress);

}  // namespace casekeep::records
