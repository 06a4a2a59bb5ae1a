// The audit chain's JSON-lines export (docs/audit-format.md, "Export"): one JSON object per
// entry, per line, in seq order, with hashes and MACs as lowercase hex, so a third party can
// verify a chain with the reference verifier and no access to casekeep. Entries hold codes
// only, so an export carries no personal data. Thread-safety: pure functions; ExportJsonLines
// reads a snapshot and may run beside writers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "audit/verify.h"
#include "base/error.h"
#include "store/store.h"

namespace casekeep::audit {

//! One entry as a single JSON line (no newline): keys seq, at_micros, actor, action, objects,
//! purpose, outcome, detail, prev_hash, hash, mac, in that order. Bytes that are not UTF-8
//! (which AuditLog never writes) become U+FFFD, so such an entry fails verification.
[[nodiscard]] std::string ToJsonLine(const store::AuditRow& row);

//! The entry in one line of the export. Fails with kInvalidArgument naming the key that is
//! missing, of the wrong type or not hex; unknown keys are ignored, "mac" may be absent.
[[nodiscard]] Result<store::AuditRow> FromJsonLine(std::string_view line);

//! Receives one line of the export at a time, ending in "\n".
using LineSink = std::function<Status(std::string_view line)>;

//! Writes every entry, in seq order, to `sink` from one read transaction, reading
//! kVerifyPageSize entries at a time and calling `progress` (may be empty) after each page.
//! Returns the number of entries written; fails with the store's or the sink's error.
[[nodiscard]] Result<std::int64_t> ExportJsonLines(store::Store& store, const LineSink& sink,
                                                   const ProgressFn& progress);

}  // namespace casekeep::audit
