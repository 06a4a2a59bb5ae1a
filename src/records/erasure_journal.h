// The erasure journal: one file in the data folder (`erasure-journal`), outside the store, so
// that it survives the restore of an older backup and the erasures it lists can be applied
// again. Append-only text, one line per step, codes only (no personal data), each line MACed
// and chained to the one before (format: docs/rights.md, "The erasure journal").
//
// Thread-safety: functions are safe to call from several threads and processes: an append
// holds an exclusive lock on the file while it reads the last line and writes the next.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "crypto/secret.h"

namespace casekeep::records {

inline constexpr std::string_view kErasureJournalFile = "erasure-journal";

struct JournalEntry {
  std::int64_t seq = 0;               //!< line number, from 1
  std::string state;                  //!< "intended" (before the store commits) or "done" (after)
  std::string at;                     //!< UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string subject;                //!< "S-…"
  std::string request;                //!< "Q-…" or empty
  std::vector<std::string> keys;      //!< key owners destroyed
  std::vector<std::string> records;   //!< records deleted
  std::vector<std::string> kept;      //!< records of the person's that were kept
  std::vector<std::string> resealed;  //!< kept records moved from the person's key to their own
};

//! The entries of the journal at `path` (none if there is no file), each line's MAC and chain
//! checked under `key`. A last line cut short by a crash (no newline) is ignored. Fails with
//! kDataLoss naming the first line that does not verify (altered, removed or reordered
//! lines), kIo if the file cannot be read.
[[nodiscard]] Result<std::vector<JournalEntry>> ReadErasureJournal(const std::string& path,
                                                                   const crypto::Key& key);

//! Appends `entry` (its seq is set to the next line number) and flushes it to disk before
//! returning. A partial last line left by a crash is cut off first. Fails as
//! ReadErasureJournal if the journal does not verify (nothing is appended then), kIo.
[[nodiscard]] Result<JournalEntry> AppendErasureJournal(const std::string& path,
                                                        const crypto::Key& key, JournalEntry entry);

}  // namespace casekeep::records
