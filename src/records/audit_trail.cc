// Capability checks that leave a trace, reading the audit trail, and the break-glass review
// list; every reading is itself audited.
#include "crypto/aead.h"
#include "crypto/bytes.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::Txn;

std::string Purpose(const Actor& actor) {
  return audit::IsCodeToken(actor.purpose) ? actor.purpose : std::string();
}

}  // namespace

Status RecordsService::RequireCapability(const Actor& actor, policy::Capability capability,
                                         std::string_view action) {
  if (access::HasCapability(policy_, actor.principal, capability)) return {};
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  const std::string name(policy::CapabilityName(capability));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    std::string(action),
                                    {},
                                    Purpose(actor),
                                    "denied",
                                    "reason=missing-capability:" + name},
                  internal::AuditMicros(clock_)));
  return Fail(ErrorCode::kPermissionDenied,
              "this needs the capability '" + name + "', which none of your roles has");
}

Result<std::vector<store::AuditRow>> RecordsService::ReadAudit(const Actor& actor,
                                                               std::int64_t after_seq,
                                                               std::int64_t limit) {
  if (limit < 1 || limit > 1000) return InvalidArgument("a page holds 1 to 1000 entries");
  CK_TRY(RequireCapability(actor, policy::Capability::kViewAudit, "audit.read"));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ScanAudit(after_seq, limit));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "audit.read",
                                    {},
                                    Purpose(actor),
                                    "ok",
                                    "after=" + std::to_string(after_seq) +
                                        " count=" + std::to_string(rows.size())},
                  internal::AuditMicros(clock_)));
  return rows;
}

Result<std::vector<BreakGlassView>> RecordsService::ListBreakGlass(const Actor& actor,
                                                                   std::int64_t after_id,
                                                                   std::int64_t limit,
                                                                   bool unreviewed_only) {
  if (limit < 1 || limit > 1000) return InvalidArgument("a page holds 1 to 1000 accesses");
  CK_TRY(RequireCapability(actor, policy::Capability::kReviewBreakGlass, "break_glass.list"));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ListBreakGlass(after_id, limit, unreviewed_only));
  std::vector<BreakGlassView> out;
  for (const auto& row : rows) {
    BreakGlassView v{row.id,      row.at, row.actor,       row.objects,
                     row.purpose, "",     row.reviewed_at, row.reviewed_by};
    CK_ASSIGN_OR_RETURN(auto reason, crypto::Open(vault_.session_key(), row.reason,
                                                  crypto::AsBytes("break-glass:" + row.actor)));
    v.reason.assign(reason.begin(), reason.end());
    out.push_back(std::move(v));
  }
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "break_glass.list",
                                    {},
                                    Purpose(actor),
                                    "ok",
                                    "count=" + std::to_string(out.size())},
                  internal::AuditMicros(clock_)));
  return out;
}

Status RecordsService::ReviewBreakGlass(const Actor& actor, std::int64_t id) {
  CK_TRY(RequireCapability(actor, policy::Capability::kReviewBreakGlass, "break_glass.review"));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ListBreakGlass(id - 1, 1, false));
  if (rows.empty() || rows.front().id != id) {
    return NotFound("no break-glass access " + std::to_string(id));
  }
  if (rows.front().actor == actor.code) {
    return Fail(ErrorCode::kPermissionDenied,
                "a break-glass access is reviewed by someone other than the person who made it");
  }
  if (rows.front().reviewed_at) {
    return Fail(ErrorCode::kFailedPrecondition, "break-glass access " + std::to_string(id) +
                                                    " was already reviewed by " +
                                                    rows.front().reviewed_by);
  }
  CK_TRY(t.tx().ReviewBreakGlass(id, now, actor.code));
  return t.Finish(
      audit::AuditEvent{
          actor.code, "break_glass.review", {}, Purpose(actor), "ok", "id=" + std::to_string(id)},
      now * 1'000'000);
}

}  // namespace casekeep::records
