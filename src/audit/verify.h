// Verification of the audit chain (docs/audit-format.md, "Verification"): reads every entry in
// one read transaction and reports the first one that was edited, deleted, reordered or forged,
// or that the chain no longer contains a head published earlier. Thread-safety: Verify may run
// concurrently with writers (it reads a snapshot); Head and VerifyReport are value types.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "audit/chain.h"
#include "base/error.h"
#include "crypto/secret.h"
#include "store/store.h"

namespace casekeep::audit {

//! A chain head as published: the seq and hash of one entry. Anyone holding a head can check
//! that a chain still contains that exact entry, and so everything before it.
struct Head {
  std::int64_t seq = 0;
  Bytes hash;
};

//! The text form "SEQ:HEX", e.g. "1042:9f86d0…" (64 lowercase hex digits).
[[nodiscard]] std::string FormatHead(const Head& head);

//! Parses "SEQ:HEX" (surrounding whitespace ignored, hex in either case). Fails with
//! kInvalidArgument saying what is wrong: a missing ':', a seq that is not a positive decimal
//! number, or a hash that is not 64 hex digits.
[[nodiscard]] Result<Head> ParseHead(std::string_view text);

struct VerifyReport {
  bool ok = false;
  std::int64_t entries = 0;  //!< entries that passed, before the first problem if any
  std::optional<std::int64_t> first_bad_seq;  //!< the first entry that failed, when !ok
  std::string problem;        //!< e.g. "entry 42: hash does not match its contents (edited)"
  Bytes head_hash;            //!< hash of the last entry that passed; 32 zero bytes if none did
  std::int64_t head_seq = 0;  //!< seq of that entry; 0 if none did
};

//! Called after each page with the number of entries checked so far; may be empty.
using ProgressFn = std::function<void(std::int64_t done)>;

//! Entries read per ScanAudit call.
inline constexpr std::int64_t kVerifyPageSize = 10000;

//! Checks the whole chain in `store` within one read transaction: seq runs 1, 2, 3… without
//! gaps, each prev_hash is the previous entry's hash, each hash matches its entry's contents,
//! each MAC is valid under `audit_key` (skipped when it is nullptr: chain only), and, when
//! `expected_head` is given, the chain holds that exact entry. A broken chain is a successful
//! result with ok == false; the function fails only if the store cannot be read (its error),
//! `audit_key` points to an empty key or `expected_head` is malformed (kInvalidArgument).
[[nodiscard]] Result<VerifyReport> Verify(store::Store& store, const crypto::Key* audit_key,
                                          std::optional<Head> expected_head,
                                          const ProgressFn& progress);

}  // namespace casekeep::audit
