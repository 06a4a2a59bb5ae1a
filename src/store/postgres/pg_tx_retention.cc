// PgTx (pg_tx.h): retention dates of records, holds, retention plans, the disposal log, texts
// shown to people, the consent ledger, marketing preferences, the suppression list and cookie
// consents. Thread-safety: a Tx belongs to one thread.
#include <algorithm>
#include <iterator>
#include <set>

#include "store/internal/checks.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_tx.h"

namespace casekeep::store::postgres {
namespace {

using internal::WithDetail;

HoldRow ReadHold(const PgResult& r, int i) {
  using H = HoldRow;
  return ReadInto(r, i, H{}, &H::id, &H::code, &H::kind, &H::target, &H::placed_by, &H::placed_at,
                  &H::review_on, &H::reason, &H::released_at, &H::released_by, &H::release_note);
}

PlanRow ReadPlan(const PgResult& r, int i) {
  using P = PlanRow;
  return ReadInto(r, i, P{}, &P::id, &P::code, &P::as_of, &P::created_by, &P::created_at, &P::items,
                  &P::item_count, &P::approved_by, &P::approved_at, &P::executed_at);
}

ConsentRow ReadConsent(const PgResult& r, int i) {
  using C = ConsentRow;
  return ReadInto(r, i, C{}, &C::id, &C::subject_id, &C::consent, &C::event, &C::at,
                  &C::recorded_at, &C::method, &C::explicit_consent, &C::notice_hash,
                  &C::wording_hash, &C::recorded_by, &C::given_by, &C::evidence_attachment,
                  &C::sealed);
}

std::string_view DueColumn(DueKind kind) {
  switch (kind) {
    case DueKind::kDispose: return "dispose_on";
    case DueKind::kPartial: return "partial_on";
    case DueKind::kReview: return "review_on";
  }
  return "dispose_on";
}

}  // namespace

// Retention dates.

Status PgTx::SetRecordRetention(std::int64_t record_id, const RetentionDates& dates) {
  CK_TRY(Writable("SetRecordRetention"));
  CK_ASSIGN_OR_RETURN(auto r, Put("setting a record's retention",
                                  "UPDATE records SET retention_rule = $1, dispose_on = $2, "
                                  "review_on = $3, partial_on = $4, reviewed_on = $5 "
                                  "WHERE id = $6",
                                  dates.rule, dates.dispose_on, dates.review_on, dates.partial_on,
                                  dates.reviewed_on, record_id));
  if (r.Changes() == 0) {
    return std::unexpected(internal::Missing("SetRecordRetention", "record", record_id));
  }
  return {};
}

Result<std::vector<RecordRow>> PgTx::ListRecordsDue(DueKind kind, std::string_view on_or_before,
                                                    std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ListRecordsDue"));
  CK_TRY(internal::CheckLimit(limit, "ListRecordsDue"));
  const std::string sql =
      kSelectRecord + std::string(DueColumn(kind)) + " <= $1 AND id > $2 ORDER BY id LIMIT $3";
  CK_ASSIGN_OR_RETURN(auto r, Get("listing records due", sql, on_or_before, after_id, limit));
  return All(r, ReadRecord);
}

Result<std::vector<std::int64_t>> PgTx::ListCaseRecordIds(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseRecordIds"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("listing a case's records",
                          "SELECT id FROM records WHERE case_id = $1 ORDER BY id", case_id));
  return Ids(r);
}

Result<std::vector<std::int64_t>> PgTx::ListSubjectRecordIds(std::int64_t subject_id) {
  CK_TRY(Usable("ListSubjectRecordIds"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("listing a subject's records",
                          "SELECT id FROM records WHERE subject_id = $1 ORDER BY id", subject_id));
  return Ids(r);
}

Result<std::int64_t> PgTx::DeleteRecordVersions(std::int64_t record_id) {
  CK_TRY(Writable("DeleteRecordVersions"));
  CK_ASSIGN_OR_RETURN(auto r, Put("deleting record versions",
                                  "DELETE FROM record_versions WHERE record_id = $1", record_id));
  return r.Changes();
}

// Holds.

Result<std::int64_t> PgTx::InsertHold(const HoldRow& row) {
  CK_TRY(Writable("InsertHold"));
  CK_TRY(internal::CheckHold(row, "InsertHold"));
  auto r =
      Put("placing a hold",
          "INSERT INTO holds(code, kind, target, placed_by, placed_at, review_on, reason, "
          "released_at, released_by, release_note) VALUES($1, $2, $3, $4, $5, $6, $7, "
          "NULL, '', ''::bytea) RETURNING id",
          row.code, row.kind, row.target, row.placed_by, row.placed_at, row.review_on, row.reason);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  return r->Int(0, 0);
}

Result<std::optional<HoldRow>> PgTx::FindHold(std::string_view code) {
  CK_TRY(Usable("FindHold"));
  CK_ASSIGN_OR_RETURN(auto r, Get("finding a hold", kSelectHold + "code = $1", code));
  return One(r, ReadHold);
}

Result<std::vector<HoldRow>> PgTx::ListHolds(std::int64_t after_id, std::int64_t limit,
                                             bool active_only) {
  CK_TRY(Usable("ListHolds"));
  CK_TRY(internal::CheckLimit(limit, "ListHolds"));
  const std::string sql = kSelectHold +
                          (active_only ? "id > $1 AND released_at IS NULL" : "id > $1") +
                          " ORDER BY id LIMIT $2";
  CK_ASSIGN_OR_RETURN(auto r, Get("listing holds", sql, after_id, limit));
  return All(r, ReadHold);
}

Result<std::vector<HoldRow>> PgTx::ListActiveHoldsOn(const std::vector<std::string>& targets) {
  CK_TRY(Usable("ListActiveHoldsOn"));
  std::vector<HoldRow> holds;
  // One indexed lookup per distinct target; a hold has one target, so none is found twice.
  for (const std::string& target : std::set<std::string>(targets.begin(), targets.end())) {
    CK_ASSIGN_OR_RETURN(auto r, Get("listing the holds on a target",
                                    kSelectHold + "target = $1 AND released_at IS NULL "
                                                  "ORDER BY id",
                                    target));
    std::ranges::move(All(r, ReadHold), std::back_inserter(holds));
  }
  std::ranges::sort(holds, {}, &HoldRow::id);
  return holds;
}

Status PgTx::SetHoldReview(std::int64_t id, std::string_view review_on) {
  CK_TRY(Writable("SetHoldReview"));
  CK_ASSIGN_OR_RETURN(auto r, Put("setting a hold's review date",
                                  "UPDATE holds SET review_on = $1 "
                                  "WHERE id = $2 AND released_at IS NULL",
                                  review_on, id));
  if (r.Changes() == 1) return {};
  return UnchangedBecause("SetHoldReview", "SELECT 1 FROM holds WHERE id = $1", id, "hold",
                          internal::Released("SetHoldReview", id));
}

Status PgTx::ReleaseHold(std::int64_t id, std::int64_t at, std::string_view by, const Bytes& note) {
  CK_TRY(Writable("ReleaseHold"));
  CK_ASSIGN_OR_RETURN(auto r, Put("releasing a hold",
                                  "UPDATE holds SET released_at = $1, released_by = $2, "
                                  "release_note = $3 WHERE id = $4 AND released_at IS NULL",
                                  at, by, note, id));
  if (r.Changes() == 1) return {};
  return UnchangedBecause("ReleaseHold", "SELECT 1 FROM holds WHERE id = $1", id, "hold",
                          internal::Released("ReleaseHold", id));
}

// The disposal log.

Result<std::int64_t> PgTx::InsertDisposal(const DisposalRow& row) {
  CK_TRY(Writable("InsertDisposal"));
  CK_TRY(internal::CheckCode(row.code, "InsertDisposal"));
  CK_ASSIGN_OR_RETURN(auto r, Put("logging a disposal",
                                  "INSERT INTO disposals(at, code, record_type, rule, due_on, "
                                  "action, approved_by, plan) VALUES($1, $2, $3, $4, $5, $6, $7, "
                                  "$8) RETURNING seq",
                                  row.at, row.code, row.record_type, row.rule, row.due_on,
                                  row.action, row.approved_by, row.plan));
  return r.Int(0, 0);
}

Result<std::vector<DisposalRow>> PgTx::ScanDisposals(std::int64_t after_seq, std::int64_t limit) {
  CK_TRY(Usable("ScanDisposals"));
  CK_TRY(internal::CheckLimit(limit, "ScanDisposals"));
  CK_ASSIGN_OR_RETURN(auto r, Get("reading the disposal log",
                                  "SELECT seq, at, code, record_type, rule, due_on, action, "
                                  "approved_by, plan FROM disposals WHERE seq > $1 "
                                  "ORDER BY seq LIMIT $2",
                                  after_seq, limit));
  return All(r, [](const PgResult& q, int i) {
    using D = DisposalRow;
    return ReadInto(q, i, D{}, &D::seq, &D::at, &D::code, &D::record_type, &D::rule, &D::due_on,
                    &D::action, &D::approved_by, &D::plan);
  });
}

// Retention plans.

Result<std::int64_t> PgTx::InsertPlan(const PlanRow& row) {
  CK_TRY(Writable("InsertPlan"));
  CK_TRY(internal::CheckCode(row.code, "InsertPlan"));
  auto r = Put("storing a retention plan",
               "INSERT INTO retention_plans(code, as_of, created_by, created_at, items, "
               "item_count, approved_by, approved_at, executed_at) "
               "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
               row.code, row.as_of, row.created_by, row.created_at, row.items, row.item_count,
               row.approved_by, row.approved_at, row.executed_at);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  return r->Int(0, 0);
}

Result<std::optional<PlanRow>> PgTx::FindPlan(std::string_view code) {
  CK_TRY(Usable("FindPlan"));
  CK_ASSIGN_OR_RETURN(auto r, Get("finding a retention plan", kSelectPlan + "code = $1", code));
  return One(r, ReadPlan);
}

Status PgTx::ApprovePlan(std::int64_t id, std::string_view by, std::int64_t at) {
  CK_TRY(Writable("ApprovePlan"));
  CK_ASSIGN_OR_RETURN(auto r, Put("approving a retention plan",
                                  "UPDATE retention_plans SET approved_by = $1, approved_at = $2 "
                                  "WHERE id = $3 AND approved_at IS NULL",
                                  by, at, id));
  if (r.Changes() == 1) return {};
  return UnchangedBecause("ApprovePlan", "SELECT 1 FROM retention_plans WHERE id = $1", id,
                          "retention plan",
                          internal::PlanState("ApprovePlan", id, "has already been approved"));
}

Status PgTx::MarkPlanExecuted(std::int64_t id, std::int64_t at) {
  CK_TRY(Writable("MarkPlanExecuted"));
  CK_ASSIGN_OR_RETURN(auto r, Put("marking a plan carried out",
                                  "UPDATE retention_plans SET executed_at = $1 WHERE id = $2 "
                                  "AND approved_at IS NOT NULL AND executed_at IS NULL",
                                  at, id));
  if (r.Changes() == 1) return {};
  CK_ASSIGN_OR_RETURN(auto state, Get("marking a plan carried out",
                                      "SELECT approved_at FROM retention_plans WHERE id = $1", id));
  if (state.rows() == 0) {
    return std::unexpected(internal::Missing("MarkPlanExecuted", "retention plan", id));
  }
  if (state.IsNull(0, 0)) {
    return std::unexpected(internal::PlanState("MarkPlanExecuted", id, "has not been approved"));
  }
  return std::unexpected(
      internal::PlanState("MarkPlanExecuted", id, "has already been carried out"));
}

// Texts.

Status PgTx::PutText(const TextRow& row) {
  CK_TRY(Writable("PutText"));
  CK_TRY(internal::CheckTextHash(row.hash, "PutText"));
  return Done(Put("storing a text",
                  "INSERT INTO texts(hash, kind, text, created_at) VALUES($1, $2, $3, $4) "
                  "ON CONFLICT(hash) DO NOTHING",
                  row.hash, row.kind, row.text, row.created_at));
}

Result<std::optional<TextRow>> PgTx::GetText(const Bytes& hash) {
  CK_TRY(Usable("GetText"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("reading a text",
                          "SELECT hash, kind, text, created_at FROM texts WHERE hash = $1", hash));
  return One(r, [](const PgResult& q, int i) {
    using T = TextRow;
    return ReadInto(q, i, T{}, &T::hash, &T::kind, &T::text, &T::created_at);
  });
}

// The consent ledger and marketing preferences.

Result<std::int64_t> PgTx::InsertConsent(const ConsentRow& row) {
  CK_TRY(Writable("InsertConsent"));
  CK_ASSIGN_OR_RETURN(
      auto r, Put("recording a consent",
                  "INSERT INTO consents(subject_id, consent, event, at, "
                  "recorded_at, method, explicit_consent, notice_hash, "
                  "wording_hash, recorded_by, given_by, evidence_attachment, "
                  "sealed) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                  "$12, $13) RETURNING id",
                  row.subject_id, row.consent, row.event, row.at, row.recorded_at, row.method,
                  row.explicit_consent, row.notice_hash, row.wording_hash, row.recorded_by,
                  row.given_by, row.evidence_attachment, row.sealed));
  return r.Int(0, 0);
}

Result<std::vector<ConsentRow>> PgTx::ListConsents(std::int64_t subject_id) {
  CK_TRY(Usable("ListConsents"));
  CK_ASSIGN_OR_RETURN(auto r, Get("reading a consent ledger",
                                  kSelectConsent + "subject_id = $1 ORDER BY id", subject_id));
  return All(r, ReadConsent);
}

Result<std::vector<ConsentRow>> PgTx::ScanConsents(std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ScanConsents"));
  CK_TRY(internal::CheckLimit(limit, "ScanConsents"));
  CK_ASSIGN_OR_RETURN(
      auto r, Get("reading the consent ledger", kSelectConsent + "id > $1 ORDER BY id LIMIT $2",
                  after_id, limit));
  return All(r, ReadConsent);
}

Result<std::int64_t> PgTx::InsertMarketing(const MarketingRow& row) {
  CK_TRY(Writable("InsertMarketing"));
  CK_ASSIGN_OR_RETURN(
      auto r, Put("recording a marketing preference",
                  "INSERT INTO marketing(subject_id, channel, opted_in, source, "
                  "at, recorded_by) VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
                  row.subject_id, row.channel, row.opted_in, row.source, row.at, row.recorded_by));
  return r.Int(0, 0);
}

Result<std::vector<MarketingRow>> PgTx::ListMarketing(std::int64_t subject_id) {
  CK_TRY(Usable("ListMarketing"));
  CK_ASSIGN_OR_RETURN(auto r, Get("reading marketing preferences",
                                  "SELECT id, subject_id, channel, opted_in, source, at, "
                                  "recorded_by FROM marketing WHERE subject_id = $1 ORDER BY id",
                                  subject_id));
  return All(r, [](const PgResult& q, int i) {
    using M = MarketingRow;
    return ReadInto(q, i, M{}, &M::id, &M::subject_id, &M::channel, &M::opted_in, &M::source,
                    &M::at, &M::recorded_by);
  });
}

// The suppression list and cookie consents.

Status PgTx::InsertSuppression(const SuppressionRow& row) {
  CK_TRY(Writable("InsertSuppression"));
  CK_TRY(internal::CheckHash(row.hash, "InsertSuppression"));
  return Done(Put("suppressing an address",
                  "INSERT INTO suppressions(channel, hash, at, reason) VALUES($1, $2, $3, $4) "
                  "ON CONFLICT(channel, hash) DO NOTHING",
                  row.channel, row.hash, row.at, row.reason));
}

Result<bool> PgTx::IsSuppressed(std::string_view channel, const Bytes& hash) {
  CK_TRY(Usable("IsSuppressed"));
  CK_ASSIGN_OR_RETURN(
      auto r, Get("checking the suppression list",
                  "SELECT 1 FROM suppressions WHERE channel = $1 AND hash = $2", channel, hash));
  return r.rows() > 0;
}

Result<std::int64_t> PgTx::InsertCookieConsent(const CookieConsentRow& row) {
  CK_TRY(Writable("InsertCookieConsent"));
  CK_TRY(internal::CheckHash(row.device_hash, "InsertCookieConsent"));
  CK_ASSIGN_OR_RETURN(auto r, Put("recording cookie choices",
                                  "INSERT INTO cookie_consents(device_hash, at, notice_hash, "
                                  "choices) VALUES($1, $2, $3, $4) RETURNING id",
                                  row.device_hash, row.at, row.notice_hash, row.choices));
  return r.Int(0, 0);
}

Result<std::vector<CookieConsentRow>> PgTx::ListCookieConsents(const Bytes& device_hash) {
  CK_TRY(Usable("ListCookieConsents"));
  CK_ASSIGN_OR_RETURN(auto r, Get("reading cookie choices",
                                  "SELECT id, device_hash, at, notice_hash, choices FROM "
                                  "cookie_consents WHERE device_hash = $1 ORDER BY id",
                                  device_hash));
  return All(r, [](const PgResult& q, int i) {
    using C = CookieConsentRow;
    return ReadInto(q, i, C{}, &C::id, &C::device_hash, &C::at, &C::notice_hash, &C::choices);
  });
}

Result<std::int64_t> PgTx::DeleteCookieConsentsBefore(std::int64_t before) {
  CK_TRY(Writable("DeleteCookieConsentsBefore"));
  CK_ASSIGN_OR_RETURN(
      auto r, Put("removing cookie choices", "DELETE FROM cookie_consents WHERE at < $1", before));
  return r.Changes();
}

}  // namespace casekeep::store::postgres
