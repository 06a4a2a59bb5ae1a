// MemoryTx (memory_tx.h): texts shown to people, the consent ledger, marketing preferences,
// the suppression list and cookie consents. Thread-safety: a Tx belongs to one thread.
#include <algorithm>
#include <string>
#include <utility>

#include "store/internal/checks.h"
#include "store/memory/memory_tx.h"

namespace casekeep::store::memory {

// Texts.

Status MemoryTx::PutText(const TextRow& row) {
  CK_TRY(Writable("PutText"));
  CK_TRY(internal::CheckTextHash(row.hash, "PutText"));
  if (View().texts.contains(row.hash)) return {};  // the first text under a hash stays
  Mut().texts.emplace(row.hash, row);
  return {};
}

Result<std::optional<TextRow>> MemoryTx::GetText(const Bytes& hash) {
  CK_TRY(Usable("GetText"));
  const auto it = View().texts.find(hash);
  if (it == View().texts.end()) return std::optional<TextRow>();
  return std::optional<TextRow>(it->second);
}

// The consent ledger and marketing preferences.

Result<std::int64_t> MemoryTx::InsertConsent(const ConsentRow& row) {
  CK_TRY(Writable("InsertConsent"));
  CK_TRY(
      Refers("InsertConsent", View().subjects.contains(row.subject_id), "subject", row.subject_id));
  State& s = Mut();
  return Append(s.consents, s.next_consent, row);
}

Result<std::vector<ConsentRow>> MemoryTx::ListConsents(std::int64_t subject_id) {
  CK_TRY(Usable("ListConsents"));
  return Matching(View().consents,
                  [&](const ConsentRow& row) { return row.subject_id == subject_id; });
}

Result<std::vector<ConsentRow>> MemoryTx::ScanConsents(std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ScanConsents"));
  CK_TRY(internal::CheckLimit(limit, "ScanConsents"));
  return Page(View().consents, after_id, limit, [](const ConsentRow&) { return true; });
}

Result<std::int64_t> MemoryTx::InsertMarketing(const MarketingRow& row) {
  CK_TRY(Writable("InsertMarketing"));
  CK_TRY(Refers("InsertMarketing", View().subjects.contains(row.subject_id), "subject",
                row.subject_id));
  State& s = Mut();
  return Append(s.marketing, s.next_marketing, row);
}

Result<std::vector<MarketingRow>> MemoryTx::ListMarketing(std::int64_t subject_id) {
  CK_TRY(Usable("ListMarketing"));
  return Matching(View().marketing,
                  [&](const MarketingRow& row) { return row.subject_id == subject_id; });
}

// The suppression list.

Status MemoryTx::InsertSuppression(const SuppressionRow& row) {
  CK_TRY(Writable("InsertSuppression"));
  CK_TRY(internal::CheckHash(row.hash, "InsertSuppression"));
  if (View().suppressions.contains({row.channel, row.hash})) return {};  // already suppressed
  Mut().suppressions.emplace(std::pair(row.channel, row.hash), row);
  return {};
}

Result<bool> MemoryTx::IsSuppressed(std::string_view channel, const Bytes& hash) {
  CK_TRY(Usable("IsSuppressed"));
  return View().suppressions.contains({std::string(channel), hash});
}

// Cookie consents.

Result<std::int64_t> MemoryTx::InsertCookieConsent(const CookieConsentRow& row) {
  CK_TRY(Writable("InsertCookieConsent"));
  CK_TRY(internal::CheckHash(row.device_hash, "InsertCookieConsent"));
  State& s = Mut();
  return Append(s.cookie_consents, s.next_cookie_consent, row);
}

Result<std::vector<CookieConsentRow>> MemoryTx::ListCookieConsents(const Bytes& device_hash) {
  CK_TRY(Usable("ListCookieConsents"));
  return Matching(View().cookie_consents,
                  [&](const CookieConsentRow& row) { return row.device_hash == device_hash; });
}

Result<std::int64_t> MemoryTx::DeleteCookieConsentsBefore(std::int64_t before) {
  CK_TRY(Writable("DeleteCookieConsentsBefore"));
  auto old = [&](const auto& entry) { return entry.second.at < before; };
  const auto count = std::ranges::count_if(View().cookie_consents, old);
  if (count == 0) return std::int64_t{0};
  std::erase_if(Mut().cookie_consents, old);
  return std::int64_t{count};
}

}  // namespace casekeep::store::memory
