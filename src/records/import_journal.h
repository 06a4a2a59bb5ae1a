// What makes an import safe to stop and run again: the key that names one import (a hash of
// the mapping and the CSV bytes), a lock so the same import cannot run twice at once, the
// journal that says how far it got, the codes file it appends to, and the check that finds a
// batch an earlier run committed but was stopped before journaling (docs/import.md, "Stopping
// and running again"). Internal to the records module. Not thread-safe: one import, one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "records/import.h"
#include "records/import_rows.h"
#include "records/vault.h"
#include "store/store.h"

namespace casekeep::records::internal {

//! How far an import got: every row up to CSV line `line` is committed.
struct ImportJournal {
  std::int64_t line = 0;         //!< last CSV line whose row is committed; 0 for none
  std::int64_t rows = 0;         //!< rows committed, over every run
  std::int64_t audit_seq = 0;    //!< every committed batch's audit entry is at or before this
  std::int64_t codes_bytes = 0;  //!< length of the codes file that lists those rows
  bool complete = false;         //!< the last run read to the end of the file
};

//! Hex SHA-256 of a domain tag, the mapping's length and bytes, and the CSV file's bytes.
[[nodiscard]] Result<std::string> ImportKey(const std::string& mapping_text,
                                            const std::string& csv_path);

//! An exclusive lock on a file (flock), held until destruction.
class ImportLock {
 public:
  //! Fails with kFailedPrecondition if another process holds it, kIo if it cannot be made.
  [[nodiscard]] static Result<ImportLock> Acquire(const std::string& path);
  ImportLock(ImportLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  ImportLock& operator=(ImportLock&&) = delete;
  ~ImportLock();

 private:
  explicit ImportLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

//! The journal at `path`, nullopt if there is none; kFailedPrecondition if it is damaged.
[[nodiscard]] Result<std::optional<ImportJournal>> ReadImportJournal(const std::string& path);
//! Replaces the journal atomically and durably.
[[nodiscard]] Status WriteImportJournal(const std::string& path, const ImportJournal& journal);

//! The codes file, appended to and flushed to disk batch by batch.
class CodesFile {
 public:
  //! A new file holding only `header` (any earlier one is replaced).
  [[nodiscard]] static Result<CodesFile> Create(const std::string& path, const std::string& header);
  //! An existing file cut back to `bytes`; kFailedPrecondition if it is missing or shorter.
  [[nodiscard]] static Result<CodesFile> Resume(const std::string& path, std::int64_t bytes);
  CodesFile(CodesFile&& other) noexcept : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}
  CodesFile& operator=(CodesFile&&) = delete;
  ~CodesFile();

  //! Appends and flushes to disk.
  [[nodiscard]] Status Append(const std::string& text);
  std::int64_t size() const { return size_; }

 private:
  CodesFile(int fd, std::int64_t size) : fd_(fd), size_(size) {}
  int fd_ = -1;
  std::int64_t size_ = 0;
};

//! Seq of the newest audit entry; 0 for an empty chain.
[[nodiscard]] Result<std::int64_t> LastAuditSeq(store::Store& store);

//! An audit entry that may be a batch of this import.
struct BatchEntry {
  std::int64_t seq = 0;
  std::vector<std::string> codes;
};

//! "batch.create" entries by `actor` after `after_seq`, oldest first.
[[nodiscard]] Result<std::vector<BatchEntry>> BatchEntriesAfter(store::Store& store,
                                                                std::int64_t after_seq,
                                                                const std::string& actor);

//! True if `codes` are exactly `rows` as AddBatch writes them: same kind or type, case,
//! person and date, and (while a row is unchanged and not erased) the same fields.
[[nodiscard]] Result<bool> BatchMatches(store::Store& store, Vault& vault,
                                        const policy::Policy& policy, ImportTarget target,
                                        const std::vector<std::string>& codes,
                                        std::span<const PreparedRow> rows);

}  // namespace casekeep::records::internal
