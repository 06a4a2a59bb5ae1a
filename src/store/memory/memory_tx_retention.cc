// MemoryTx (memory_tx.h): retention dates of records, holds, retention plans and the disposal
// log. Thread-safety: a Tx belongs to one thread.
#include <limits>
#include <set>
#include <string>

#include "store/internal/checks.h"
#include "store/memory/memory_tx.h"

namespace casekeep::store::memory {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// The date of `row` that `kind` names.
const std::optional<std::string>& DueDate(const RecordRow& row, DueKind kind) {
  switch (kind) {
    case DueKind::kDispose: return row.dispose_on;
    case DueKind::kPartial: return row.partial_on;
    case DueKind::kReview: return row.review_on;
  }
  return row.dispose_on;
}

}  // namespace

// Retention dates.

Status MemoryTx::SetRecordRetention(std::int64_t record_id, const RetentionDates& dates) {
  CK_TRY(Writable("SetRecordRetention"));
  if (!View().records.contains(record_id)) {
    return std::unexpected(internal::Missing("SetRecordRetention", "record", record_id));
  }
  RecordRow& stored = Mut().records.at(record_id);
  stored.retention_rule = dates.rule;
  stored.dispose_on = dates.dispose_on;
  stored.review_on = dates.review_on;
  stored.partial_on = dates.partial_on;
  stored.reviewed_on = dates.reviewed_on;
  return {};
}

Result<std::vector<RecordRow>> MemoryTx::ListRecordsDue(DueKind kind, std::string_view on_or_before,
                                                        std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ListRecordsDue"));
  CK_TRY(internal::CheckLimit(limit, "ListRecordsDue"));
  return Page(View().records, after_id, limit, [&](const RecordRow& row) {
    const auto& date = DueDate(row, kind);
    return date && *date <= on_or_before;
  });
}

Result<std::vector<std::int64_t>> MemoryTx::ListCaseRecordIds(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseRecordIds"));
  std::vector<std::int64_t> ids;
  for (const auto& [id, row] : View().records) {
    if (row.case_id == case_id) ids.push_back(id);
  }
  return ids;
}

Result<std::vector<std::int64_t>> MemoryTx::ListSubjectRecordIds(std::int64_t subject_id) {
  CK_TRY(Usable("ListSubjectRecordIds"));
  std::vector<std::int64_t> ids;
  for (const auto& [id, row] : View().records) {
    if (row.subject_id == subject_id) ids.push_back(id);
  }
  return ids;
}

Result<std::int64_t> MemoryTx::DeleteRecordVersions(std::int64_t record_id) {
  CK_TRY(Writable("DeleteRecordVersions"));
  const auto& versions = View().versions;
  const auto count = std::distance(versions.lower_bound({record_id, kMin}),
                                   versions.upper_bound({record_id, kMax}));
  if (count == 0) return std::int64_t{0};
  State& s = Mut();
  s.versions.erase(s.versions.lower_bound({record_id, kMin}),
                   s.versions.upper_bound({record_id, kMax}));
  return std::int64_t{count};
}

// Holds.

Result<std::int64_t> MemoryTx::InsertHold(const HoldRow& row) {
  CK_TRY(Writable("InsertHold"));
  CK_TRY(internal::CheckHold(row, "InsertHold"));
  if (View().hold_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertHold", "hold", row.code));
  }
  State& s = Mut();
  return AppendWithCode(s.holds, s.hold_codes, s.next_hold, row);
}

Result<std::optional<HoldRow>> MemoryTx::FindHold(std::string_view code) {
  CK_TRY(Usable("FindHold"));
  return ByCode(View().hold_codes, View().holds, code);
}

Result<std::vector<HoldRow>> MemoryTx::ListHolds(std::int64_t after_id, std::int64_t limit,
                                                 bool active_only) {
  CK_TRY(Usable("ListHolds"));
  CK_TRY(internal::CheckLimit(limit, "ListHolds"));
  return Page(View().holds, after_id, limit,
              [&](const HoldRow& row) { return !active_only || !row.released_at; });
}

Result<std::vector<HoldRow>> MemoryTx::ListActiveHoldsOn(const std::vector<std::string>& targets) {
  CK_TRY(Usable("ListActiveHoldsOn"));
  const std::set<std::string_view> wanted(targets.begin(), targets.end());
  return Matching(View().holds, [&](const HoldRow& row) {
    return !row.released_at && wanted.contains(row.target);
  });
}

Status MemoryTx::HoldChangeable(std::string_view op, std::int64_t id) const {
  const auto it = View().holds.find(id);
  if (it == View().holds.end()) return std::unexpected(internal::Missing(op, "hold", id));
  if (it->second.released_at) return std::unexpected(internal::Released(op, id));
  return {};
}

Status MemoryTx::SetHoldReview(std::int64_t id, std::string_view review_on) {
  CK_TRY(Writable("SetHoldReview"));
  CK_TRY(HoldChangeable("SetHoldReview", id));
  Mut().holds.at(id).review_on = std::string(review_on);
  return {};
}

Status MemoryTx::ReleaseHold(std::int64_t id, std::int64_t at, std::string_view by,
                             const Bytes& note) {
  CK_TRY(Writable("ReleaseHold"));
  CK_TRY(HoldChangeable("ReleaseHold", id));
  HoldRow& stored = Mut().holds.at(id);
  stored.released_at = at;
  stored.released_by = std::string(by);
  stored.release_note = note;
  return {};
}

// The disposal log.

Result<std::int64_t> MemoryTx::InsertDisposal(const DisposalRow& row) {
  CK_TRY(Writable("InsertDisposal"));
  CK_TRY(internal::CheckCode(row.code, "InsertDisposal"));
  State& s = Mut();
  return Append(s.disposals, s.next_disposal, row, &DisposalRow::seq);
}

Result<std::vector<DisposalRow>> MemoryTx::ScanDisposals(std::int64_t after_seq,
                                                         std::int64_t limit) {
  CK_TRY(Usable("ScanDisposals"));
  CK_TRY(internal::CheckLimit(limit, "ScanDisposals"));
  return Page(View().disposals, after_seq, limit, [](const DisposalRow&) { return true; });
}

// Retention plans.

Result<std::int64_t> MemoryTx::InsertPlan(const PlanRow& row) {
  CK_TRY(Writable("InsertPlan"));
  CK_TRY(internal::CheckCode(row.code, "InsertPlan"));
  if (View().plan_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertPlan", "retention plan", row.code));
  }
  State& s = Mut();
  return AppendWithCode(s.plans, s.plan_codes, s.next_plan, row);
}

Result<std::optional<PlanRow>> MemoryTx::FindPlan(std::string_view code) {
  CK_TRY(Usable("FindPlan"));
  return ByCode(View().plan_codes, View().plans, code);
}

Status MemoryTx::ApprovePlan(std::int64_t id, std::string_view by, std::int64_t at) {
  CK_TRY(Writable("ApprovePlan"));
  const auto it = View().plans.find(id);
  if (it == View().plans.end()) {
    return std::unexpected(internal::Missing("ApprovePlan", "retention plan", id));
  }
  if (it->second.approved_at) {
    return std::unexpected(internal::PlanState("ApprovePlan", id, "has already been approved"));
  }
  PlanRow& stored = Mut().plans.at(id);
  stored.approved_by = std::string(by);
  stored.approved_at = at;
  return {};
}

Status MemoryTx::MarkPlanExecuted(std::int64_t id, std::int64_t at) {
  CK_TRY(Writable("MarkPlanExecuted"));
  const auto it = View().plans.find(id);
  if (it == View().plans.end()) {
    return std::unexpected(internal::Missing("MarkPlanExecuted", "retention plan", id));
  }
  if (!it->second.approved_at) {
    return std::unexpected(internal::PlanState("MarkPlanExecuted", id, "has not been approved"));
  }
  if (it->second.executed_at) {
    return std::unexpected(
        internal::PlanState("MarkPlanExecuted", id, "has already been carried out"));
  }
  Mut().plans.at(id).executed_at = at;
  return {};
}

}  // namespace casekeep::store::memory
