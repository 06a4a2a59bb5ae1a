// SqliteTx (sqlite_tx.h): texts shown to people, the consent ledger, marketing preferences,
// the suppression list and cookie consents. Thread-safety: a Tx belongs to one thread.
#include "store/internal/checks.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store::sqlite {

namespace {

ConsentRow ReadConsent(const Query& q) {
  ConsentRow row;
  row.id = q.Int(0);
  row.subject_id = q.Int(1);
  row.consent = q.Text(2);
  row.event = q.Text(3);
  row.at = q.Int(4);
  row.recorded_at = q.Int(5);
  row.method = q.Text(6);
  row.explicit_consent = q.Int(7) != 0;
  row.notice_hash = q.Blob(8);
  row.wording_hash = q.Blob(9);
  row.recorded_by = q.Text(10);
  row.given_by = q.Text(11);
  row.evidence_attachment = q.Text(12);
  row.sealed = q.Blob(13);
  return row;
}

MarketingRow ReadMarketing(const Query& q) {
  return MarketingRow{q.Int(0), q.Int(1), q.Text(2), q.Int(3) != 0, q.Text(4), q.Int(5), q.Text(6)};
}

CookieConsentRow ReadCookieConsent(const Query& q) {
  return CookieConsentRow{q.Int(0), q.Blob(1), q.Int(2), q.Blob(3), q.Text(4)};
}

}  // namespace

// Texts.

Status SqliteTx::PutText(const TextRow& row) {
  CK_TRY(Writable("PutText"));
  CK_TRY(internal::CheckTextHash(row.hash, "PutText"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kPutText, "storing a text"));
  q.Bind(row.hash).Bind(row.kind).Bind(row.text).Bind(row.created_at);
  return q.Run();
}

Result<std::optional<TextRow>> SqliteTx::GetText(const Bytes& hash) {
  CK_TRY(Usable("GetText"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kGetText, "reading a text"));
  q.Bind(hash);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<TextRow>();
  return std::optional<TextRow>(TextRow{q.Blob(0), q.Text(1), q.Text(2), q.Int(3)});
}

// The consent ledger and marketing preferences.

Result<std::int64_t> SqliteTx::InsertConsent(const ConsentRow& row) {
  CK_TRY(Writable("InsertConsent"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertConsent, "recording a consent"));
  q.Bind(row.subject_id).Bind(row.consent).Bind(row.event).Bind(row.at).Bind(row.recorded_at);
  q.Bind(row.method).Bind(Flag(row.explicit_consent)).Bind(row.notice_hash);
  q.Bind(row.wording_hash).Bind(row.recorded_by).Bind(row.given_by);
  q.Bind(row.evidence_attachment).Bind(row.sealed);
  CK_TRY(q.Run());
  return LastId();
}

Result<std::vector<ConsentRow>> SqliteTx::ListConsents(std::int64_t subject_id) {
  CK_TRY(Usable("ListConsents"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListConsents, "reading a consent ledger"));
  q.Bind(subject_id);
  return Rows(q, ReadConsent);
}

Result<std::vector<ConsentRow>> SqliteTx::ScanConsents(std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ScanConsents"));
  CK_TRY(internal::CheckLimit(limit, "ScanConsents"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kScanConsents, "reading the consent ledger"));
  q.Bind(after_id).Bind(limit);
  return Rows(q, ReadConsent);
}

Result<std::int64_t> SqliteTx::InsertMarketing(const MarketingRow& row) {
  CK_TRY(Writable("InsertMarketing"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertMarketing, "recording a marketing preference"));
  q.Bind(row.subject_id).Bind(row.channel).Bind(Flag(row.opted_in)).Bind(row.source);
  q.Bind(row.at).Bind(row.recorded_by);
  CK_TRY(q.Run());
  return LastId();
}

Result<std::vector<MarketingRow>> SqliteTx::ListMarketing(std::int64_t subject_id) {
  CK_TRY(Usable("ListMarketing"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListMarketing, "reading marketing preferences"));
  q.Bind(subject_id);
  return Rows(q, ReadMarketing);
}

// The suppression list.

Status SqliteTx::InsertSuppression(const SuppressionRow& row) {
  CK_TRY(Writable("InsertSuppression"));
  CK_TRY(internal::CheckHash(row.hash, "InsertSuppression"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertSuppression, "suppressing an address"));
  q.Bind(row.channel).Bind(row.hash).Bind(row.at).Bind(row.reason);
  return q.Run();
}

Result<bool> SqliteTx::IsSuppressed(std::string_view channel, const Bytes& hash) {
  CK_TRY(Usable("IsSuppressed"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kIsSuppressed, "checking the suppression list"));
  q.Bind(channel).Bind(hash);
  return q.Step();
}

// Cookie consents.

Result<std::int64_t> SqliteTx::InsertCookieConsent(const CookieConsentRow& row) {
  CK_TRY(Writable("InsertCookieConsent"));
  CK_TRY(internal::CheckHash(row.device_hash, "InsertCookieConsent"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertCookieConsent, "recording cookie choices"));
  q.Bind(row.device_hash).Bind(row.at).Bind(row.notice_hash).Bind(row.choices);
  CK_TRY(q.Run());
  return LastId();
}

Result<std::vector<CookieConsentRow>> SqliteTx::ListCookieConsents(const Bytes& device_hash) {
  CK_TRY(Usable("ListCookieConsents"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListCookieConsents, "reading cookie choices"));
  q.Bind(device_hash);
  return Rows(q, ReadCookieConsent);
}

Result<std::int64_t> SqliteTx::DeleteCookieConsentsBefore(std::int64_t before) {
  CK_TRY(Writable("DeleteCookieConsentsBefore"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDeleteCookieConsentsBefore, "removing cookie choices"));
  q.Bind(before);
  CK_TRY(q.Run());
  const std::int64_t deleted = Changes();
  if (deleted > 0) erased_ = true;  // device hashes are personal data: leave none in the WAL
  return deleted;
}

}  // namespace casekeep::store::sqlite
