// Chain verification and the head's text form. The loop reuses one encoding buffer and
// fixed-size hash arrays, so checking an entry allocates nothing beyond what the store's page
// already holds. Thread-safety: see verify.h.
#include "audit/verify.h"

#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "crypto/bytes.h"

namespace casekeep::audit {
namespace {

using HashArray = std::array<std::uint8_t, kHashSize>;

bool SameHash(const Bytes& stored, const HashArray& computed) noexcept {
  return stored.size() == kHashSize && std::memcmp(stored.data(), computed.data(), kHashSize) == 0;
}

std::string Seq(std::int64_t seq) {
  return std::to_string(seq);
}

bool IsSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The report's state as the scan goes; Break records the first problem.
struct Scan {
  VerifyReport report;
  HashArray prev{};  // hash of the last entry that passed (zeros before the first)

  VerifyReport Break(std::int64_t bad_seq, std::string problem) {
    report.ok = false;
    report.first_bad_seq = bad_seq;
    report.problem = std::move(problem);
    return Finish();
  }
  VerifyReport Finish() {
    report.head_hash.assign(prev.begin(), prev.end());
    return std::move(report);
  }
};

}  // namespace

std::string FormatHead(const Head& head) {
  return Seq(head.seq) + ":" + crypto::ToHex(head.hash);
}

Result<Head> ParseHead(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return InvalidArgument("a chain head is written SEQ:HEX (e.g. 42:9f86d081…); no ':' found");
  }
  const std::string_view seq_text = text.substr(0, colon);
  const std::string_view hex = text.substr(colon + 1);
  Head head;
  const char* end = seq_text.data() + seq_text.size();
  const auto [ptr, ec] = std::from_chars(seq_text.data(), end, head.seq);
  if (seq_text.empty() || seq_text.front() == '-' || ec != std::errc() || ptr != end ||
      head.seq < 1) {
    return InvalidArgument("the seq before ':' in a chain head must be a whole number from 1");
  }
  if (hex.size() != 2 * kHashSize) {
    return InvalidArgument("the hash after ':' in a chain head must be " +
                           std::to_string(2 * kHashSize) + " hex digits, not " +
                           std::to_string(hex.size()));
  }
  auto bytes = crypto::FromHex(hex);
  if (!bytes) {
    return InvalidArgument("the hash after ':' in a chain head must be hex digits (0-9, a-f)");
  }
  head.hash = std::move(*bytes);
  return head;
}

Result<VerifyReport> Verify(store::Store& store, const crypto::Key* audit_key,
                            std::optional<Head> expected_head, const ProgressFn& progress) {
  std::optional<EntryMacer> macer;
  if (audit_key != nullptr) {
    CK_ASSIGN_OR_RETURN(EntryMacer created, EntryMacer::Create(*audit_key));
    macer.emplace(std::move(created));
  }
  if (expected_head && (expected_head->seq < 1 || expected_head->hash.size() != kHashSize)) {
    return InvalidArgument("an expected chain head needs a seq from 1 and a 32-byte hash");
  }
  CK_ASSIGN_OR_RETURN(std::unique_ptr<store::Tx> tx, store.BeginRead());

  Scan scan;
  EntryHasher hasher;
  HashArray computed{};
  std::int64_t last_seq = 0;
  for (;;) {
    CK_ASSIGN_OR_RETURN(std::vector<store::AuditRow> page,
                        tx->ScanAudit(last_seq, kVerifyPageSize));
    if (page.empty()) break;
    for (const store::AuditRow& row : page) {
      const std::int64_t want = last_seq + 1;
      if (row.seq > want) {
        return scan.Break(want, "entry " + Seq(want) + " missing: seq jumps from " + Seq(last_seq) +
                                    " to " + Seq(row.seq) + " (deleted)");
      }
      if (row.seq < want) {
        return scan.Break(want, "entry " + Seq(want) + ": found entry " + Seq(row.seq) +
                                    " after entry " + Seq(last_seq) + " (reordered or duplicated)");
      }
      if (!SameHash(row.prev_hash, scan.prev)) {
        return scan.Break(row.seq, want == 1 ? "entry 1: prev_hash is not 32 zero bytes "
                                               "(entries before it deleted or reordered)"
                                             : "entry " + Seq(row.seq) +
                                                   ": prev_hash does not match entry " +
                                                   Seq(last_seq) + " (reordered or deleted)");
      }
      hasher.Hash(row, computed);
      if (!SameHash(row.hash, computed)) {
        return scan.Break(row.seq,
                          "entry " + Seq(row.seq) + ": hash does not match its contents (edited)");
      }
      if (macer && !macer->Check(computed, row.mac)) {
        return scan.Break(row.seq, "entry " + Seq(row.seq) +
                                       ": MAC invalid (forged or appended without the key)");
      }
      if (expected_head && row.seq == expected_head->seq &&
          !SameHash(expected_head->hash, computed)) {
        return scan.Break(row.seq, "entry " + Seq(row.seq) +
                                       ": hash differs from the published head (chain rewritten)");
      }
      scan.prev = computed;
      last_seq = row.seq;
      scan.report.head_seq = row.seq;
      ++scan.report.entries;
    }
    if (progress) progress(scan.report.entries);
  }
  if (expected_head && last_seq < expected_head->seq) {
    const std::int64_t missing = last_seq + 1;
    return scan.Break(missing, "entry " + Seq(missing) + " missing: the chain ends at entry " +
                                   Seq(last_seq) + " but the published head is entry " +
                                   Seq(expected_head->seq) + " (truncated)");
  }
  scan.report.ok = true;
  return scan.Finish();
}

}  // namespace casekeep::audit
