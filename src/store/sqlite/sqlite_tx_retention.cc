// SqliteTx (sqlite_tx.h): retention dates of records, holds, retention plans and the disposal
// log. Thread-safety: a Tx belongs to one thread.
#include <algorithm>
#include <iterator>
#include <set>
#include <string>

#include "store/internal/checks.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store::sqlite {

using internal::WithDetail;

namespace {

HoldRow ReadHold(const Query& q) {
  HoldRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.kind = q.Text(2);
  row.target = q.Text(3);
  row.placed_by = q.Text(4);
  row.placed_at = q.Int(5);
  row.review_on = q.OptText(6);
  row.reason = q.Blob(7);
  row.released_at = q.OptInt(8);
  row.released_by = q.Text(9);
  row.release_note = q.Blob(10);
  return row;
}

DisposalRow ReadDisposal(const Query& q) {
  return DisposalRow{q.Int(0),  q.Int(1),  q.Text(2), q.Text(3), q.Text(4),
                     q.Text(5), q.Text(6), q.Text(7), q.Text(8)};
}

PlanRow ReadPlan(const Query& q) {
  PlanRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.as_of = q.Text(2);
  row.created_by = q.Text(3);
  row.created_at = q.Int(4);
  row.items = q.Text(5);
  row.item_count = q.Int(6);
  row.approved_by = q.Text(7);
  row.approved_at = q.OptInt(8);
  row.executed_at = q.OptInt(9);
  return row;
}

Sql DueStatement(DueKind kind) {
  switch (kind) {
    case DueKind::kDispose: return Sql::kDisposeDue;
    case DueKind::kPartial: return Sql::kPartialDue;
    case DueKind::kReview: return Sql::kReviewDue;
  }
  return Sql::kDisposeDue;
}

}  // namespace

Result<std::vector<std::int64_t>> SqliteTx::Ids(Query& q) {
  return Rows(q, [](const Query& row) { return row.Int(0); });
}

// Retention dates.

Status SqliteTx::SetRecordRetention(std::int64_t record_id, const RetentionDates& dates) {
  CK_TRY(Writable("SetRecordRetention"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kSetRecordRetention, "setting a record's retention"));
  q.Bind(dates.rule).Bind(dates.dispose_on).Bind(dates.review_on).Bind(dates.partial_on);
  q.Bind(dates.reviewed_on).Bind(record_id);
  CK_TRY(q.Run());
  if (Changes() == 0) {
    return std::unexpected(internal::Missing("SetRecordRetention", "record", record_id));
  }
  return {};
}

Result<std::vector<RecordRow>> SqliteTx::ListRecordsDue(DueKind kind, std::string_view on_or_before,
                                                        std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ListRecordsDue"));
  CK_TRY(internal::CheckLimit(limit, "ListRecordsDue"));
  CK_ASSIGN_OR_RETURN(auto q, Use(DueStatement(kind), "listing records due"));
  q.Bind(on_or_before).Bind(after_id).Bind(limit);
  return Rows(q, ReadRecord);
}

Result<std::vector<std::int64_t>> SqliteTx::ListCaseRecordIds(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseRecordIds"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListCaseRecordIds, "listing a case's records"));
  q.Bind(case_id);
  return Ids(q);
}

Result<std::vector<std::int64_t>> SqliteTx::ListSubjectRecordIds(std::int64_t subject_id) {
  CK_TRY(Usable("ListSubjectRecordIds"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListSubjectRecordIds, "listing a subject's records"));
  q.Bind(subject_id);
  return Ids(q);
}

Result<std::int64_t> SqliteTx::DeleteRecordVersions(std::int64_t record_id) {
  CK_TRY(Writable("DeleteRecordVersions"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDeleteRecordVersions, "deleting record versions"));
  q.Bind(record_id);
  CK_TRY(q.Run());
  const std::int64_t deleted = Changes();
  if (deleted > 0) erased_ = true;  // the old versions may hold what a partial removal removed
  return deleted;
}

// Holds.

Result<std::int64_t> SqliteTx::InsertHold(const HoldRow& row) {
  CK_TRY(Writable("InsertHold"));
  CK_TRY(internal::CheckHold(row, "InsertHold"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertHold, "placing a hold"));
  q.Bind(row.code).Bind(row.kind).Bind(row.target).Bind(row.placed_by).Bind(row.placed_at);
  q.Bind(row.review_on).Bind(row.reason);
  if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
  return LastId();
}

Result<std::optional<HoldRow>> SqliteTx::FindHold(std::string_view code) {
  CK_TRY(Usable("FindHold"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindHold, "finding a hold"));
  q.Bind(code);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<HoldRow>();
  return std::optional<HoldRow>(ReadHold(q));
}

Result<std::vector<HoldRow>> SqliteTx::ListHolds(std::int64_t after_id, std::int64_t limit,
                                                 bool active_only) {
  CK_TRY(Usable("ListHolds"));
  CK_TRY(internal::CheckLimit(limit, "ListHolds"));
  CK_ASSIGN_OR_RETURN(auto q,
                      Use(active_only ? Sql::kListActiveHolds : Sql::kListHolds, "listing holds"));
  q.Bind(after_id).Bind(limit);
  return Rows(q, ReadHold);
}

Result<std::vector<HoldRow>> SqliteTx::ListActiveHoldsOn(const std::vector<std::string>& targets) {
  CK_TRY(Usable("ListActiveHoldsOn"));
  std::vector<HoldRow> holds;
  // One indexed lookup per distinct target; a hold has one target, so none is found twice.
  for (const std::string& target : std::set<std::string>(targets.begin(), targets.end())) {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kActiveHoldsOn, "listing the holds on a target"));
    q.Bind(target);
    CK_ASSIGN_OR_RETURN(auto found, Rows(q, ReadHold));
    std::move(found.begin(), found.end(), std::back_inserter(holds));
  }
  std::ranges::sort(holds, {}, &HoldRow::id);
  return holds;
}

Status SqliteTx::HoldUnchanged(std::string_view op, std::int64_t id) {
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kHoldReleased, op));
  q.Bind(id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing(op, "hold", id));
  return std::unexpected(internal::Released(op, id));
}

Status SqliteTx::SetHoldReview(std::int64_t id, std::string_view review_on) {
  CK_TRY(Writable("SetHoldReview"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kSetHoldReview, "setting a hold's review date"));
    q.Bind(review_on).Bind(id);
    CK_TRY(q.Run());
    if (Changes() == 1) return {};
  }
  return HoldUnchanged("SetHoldReview", id);
}

Status SqliteTx::ReleaseHold(std::int64_t id, std::int64_t at, std::string_view by,
                             const Bytes& note) {
  CK_TRY(Writable("ReleaseHold"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kReleaseHold, "releasing a hold"));
    q.Bind(at).Bind(by).Bind(note).Bind(id);
    CK_TRY(q.Run());
    if (Changes() == 1) return {};
  }
  return HoldUnchanged("ReleaseHold", id);
}

// The disposal log.

Result<std::int64_t> SqliteTx::InsertDisposal(const DisposalRow& row) {
  CK_TRY(Writable("InsertDisposal"));
  CK_TRY(internal::CheckCode(row.code, "InsertDisposal"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertDisposal, "logging a disposal"));
  q.Bind(row.at).Bind(row.code).Bind(row.record_type).Bind(row.rule).Bind(row.due_on);
  q.Bind(row.action).Bind(row.approved_by).Bind(row.plan);
  CK_TRY(q.Run());
  return LastId();
}

Result<std::vector<DisposalRow>> SqliteTx::ScanDisposals(std::int64_t after_seq,
                                                         std::int64_t limit) {
  CK_TRY(Usable("ScanDisposals"));
  CK_TRY(internal::CheckLimit(limit, "ScanDisposals"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kScanDisposals, "reading the disposal log"));
  q.Bind(after_seq).Bind(limit);
  return Rows(q, ReadDisposal);
}

// Retention plans.

Result<std::int64_t> SqliteTx::InsertPlan(const PlanRow& row) {
  CK_TRY(Writable("InsertPlan"));
  CK_TRY(internal::CheckCode(row.code, "InsertPlan"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertPlan, "storing a retention plan"));
  q.Bind(row.code).Bind(row.as_of).Bind(row.created_by).Bind(row.created_at).Bind(row.items);
  q.Bind(row.item_count).Bind(row.approved_by).Bind(row.approved_at).Bind(row.executed_at);
  if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
  return LastId();
}

Result<std::optional<PlanRow>> SqliteTx::FindPlan(std::string_view code) {
  CK_TRY(Usable("FindPlan"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindPlan, "finding a retention plan"));
  q.Bind(code);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<PlanRow>();
  return std::optional<PlanRow>(ReadPlan(q));
}

Status SqliteTx::ApprovePlan(std::int64_t id, std::string_view by, std::int64_t at) {
  CK_TRY(Writable("ApprovePlan"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kApprovePlan, "approving a retention plan"));
    q.Bind(by).Bind(at).Bind(id);
    CK_TRY(q.Run());
    if (Changes() == 1) return {};
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kPlanState, "approving a retention plan"));
  q.Bind(id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("ApprovePlan", "retention plan", id));
  return std::unexpected(internal::PlanState("ApprovePlan", id, "has already been approved"));
}

Status SqliteTx::MarkPlanExecuted(std::int64_t id, std::int64_t at) {
  CK_TRY(Writable("MarkPlanExecuted"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kMarkPlanExecuted, "marking a plan carried out"));
    q.Bind(at).Bind(id);
    CK_TRY(q.Run());
    if (Changes() == 1) return {};
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kPlanState, "marking a plan carried out"));
  q.Bind(id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("MarkPlanExecuted", "retention plan", id));
  if (q.IsNull(0)) {
    return std::unexpected(internal::PlanState("MarkPlanExecuted", id, "has not been approved"));
  }
  return std::unexpected(
      internal::PlanState("MarkPlanExecuted", id, "has already been carried out"));
}

}  // namespace casekeep::store::sqlite
