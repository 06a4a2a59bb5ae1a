// Capability checks that leave a trace, and reading the audit trail (itself audited).
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {

using internal::Txn;

Status RecordsService::RequireCapability(const Actor& actor, policy::Capability capability,
                                         std::string_view action) {
  if (access::HasCapability(policy_, actor.principal, capability)) return {};
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  const std::string name(policy::CapabilityName(capability));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    std::string(action),
                                    {},
                                    audit::IsCodeToken(actor.purpose) ? actor.purpose : "",
                                    "denied",
                                    "reason=missing-capability:" + name},
                  internal::AuditMicros(clock_)));
  return Fail(ErrorCode::kPermissionDenied,
              "this needs the capability '" + name + "', which none of your roles has");
}

Result<std::vector<store::AuditRow>> RecordsService::ReadAudit(const Actor& actor,
                                                               std::int64_t after_seq,
                                                               std::int64_t limit,
                                                               bool break_glass_only) {
  if (limit < 1 || limit > 1000) return InvalidArgument("a page holds 1 to 1000 entries");
  const policy::Capability needed =
      break_glass_only ? policy::Capability::kReviewBreakGlass : policy::Capability::kViewAudit;
  const std::string action = break_glass_only ? "audit.break_glass" : "audit.read";
  CK_TRY(RequireCapability(actor, needed, action));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  std::vector<store::AuditRow> out;
  std::int64_t cursor = after_seq;
  // Break-glass entries are sparse: scan pages until the page is full or the chain ends.
  while (static_cast<std::int64_t>(out.size()) < limit) {
    CK_ASSIGN_OR_RETURN(auto rows, t.tx().ScanAudit(cursor, break_glass_only ? 1000 : limit));
    if (rows.empty()) break;
    cursor = rows.back().seq;
    for (auto& row : rows) {
      if (break_glass_only && row.detail.find("break-glass") == std::string::npos) continue;
      if (static_cast<std::int64_t>(out.size()) < limit) out.push_back(std::move(row));
    }
    if (!break_glass_only) break;
  }
  std::string detail =
      "after=" + std::to_string(after_seq) + " count=" + std::to_string(out.size());
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    action,
                                    {},
                                    audit::IsCodeToken(actor.purpose) ? actor.purpose : "",
                                    "ok",
                                    detail},
                  internal::AuditMicros(clock_)));
  return out;
}

}  // namespace casekeep::records
