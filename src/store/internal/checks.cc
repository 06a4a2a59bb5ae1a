// Argument checks and error messages shared by the Store backends (checks.h).
// Thread-safety: pure functions.
#include "store/internal/checks.h"

#include <set>

namespace casekeep::store::internal {

Status CheckLimit(std::int64_t limit, std::string_view op) {
  if (limit <= 0) {
    return InvalidArgument(std::string(op) + ": limit must be positive, not " +
                           std::to_string(limit));
  }
  return {};
}

Status CheckFlags(const std::vector<std::string>& flags, std::string_view op) {
  std::set<std::string_view> seen;
  for (const std::string& flag : flags) {
    if (flag.empty()) return InvalidArgument(std::string(op) + ": a case flag is empty");
    if (!seen.insert(flag).second) {
      return InvalidArgument(std::string(op) + ": case flag \"" + flag + "\" appears twice");
    }
  }
  return {};
}

Status CheckCode(std::string_view code, std::string_view op) {
  if (code.empty()) return InvalidArgument(std::string(op) + ": the code is empty");
  return {};
}

Status CheckRoles(const std::vector<std::string>& roles, std::string_view op) {
  std::set<std::string_view> seen;
  for (const std::string& role : roles) {
    if (role.empty()) return InvalidArgument(std::string(op) + ": a role is empty");
    if (!seen.insert(role).second) {
      return InvalidArgument(std::string(op) + ": role \"" + role + "\" appears twice");
    }
  }
  return {};
}

Status CheckHash(const std::vector<std::uint8_t>& hash, std::string_view op) {
  if (hash.empty()) return InvalidArgument(std::string(op) + ": the hash is empty");
  return {};
}

Status CheckUser(std::string_view code, std::string_view username,
                 const std::vector<std::string>& roles, std::string_view op) {
  CK_TRY(CheckCode(code, op));
  if (username.empty()) return InvalidArgument(std::string(op) + ": the username is empty");
  return CheckRoles(roles, op);
}

Status CheckBreakGlass(const BreakGlassRow& row, std::string_view op) {
  if (row.actor.empty()) return InvalidArgument(std::string(op) + ": the actor is empty");
  if (row.objects.empty()) {
    return InvalidArgument(std::string(op) + ": the codes of what was opened are empty");
  }
  if (row.reason.empty()) return InvalidArgument(std::string(op) + ": the reason is empty");
  if (row.reviewed_at || !row.reviewed_by.empty()) {
    return InvalidArgument(std::string(op) +
                           ": a new break-glass access cannot be reviewed already "
                           "(ReviewBreakGlass records the review)");
  }
  return {};
}

Status CheckReviewer(std::string_view reviewer, std::string_view op) {
  if (reviewer.empty()) return InvalidArgument(std::string(op) + ": the reviewer is empty");
  return {};
}

Status CheckHold(const HoldRow& row, std::string_view op) {
  CK_TRY(CheckCode(row.code, op));
  if (row.released_at || !row.released_by.empty() || !row.release_note.empty()) {
    return InvalidArgument(std::string(op) +
                           ": a new hold cannot be released already (ReleaseHold releases it)");
  }
  return {};
}

Status CheckDisclosure(const DisclosureRow& row, std::string_view op) {
  CK_TRY(CheckCode(row.code, op));
  if (row.recipient.empty()) return InvalidArgument(std::string(op) + ": the recipient is empty");
  if (row.basis.empty()) return InvalidArgument(std::string(op) + ": the basis is empty");
  if (row.reviewed_at || !row.reviewed_by.empty()) {
    return InvalidArgument(std::string(op) +
                           ": a new disclosure cannot be reviewed already "
                           "(ReviewDisclosure records the review)");
  }
  return {};
}

Status CheckRequest(const RequestRow& row, std::string_view op) {
  CK_TRY(CheckCode(row.code, op));
  if (row.kind.empty()) return InvalidArgument(std::string(op) + ": the request kind is empty");
  return CheckRequestStatus(row.status, op);
}

Status CheckRequestStatus(std::string_view status, std::string_view op) {
  if (status.empty()) return InvalidArgument(std::string(op) + ": the request status is empty");
  return {};
}

Status CheckTextHash(const std::vector<std::uint8_t>& hash, std::string_view op) {
  if (hash.size() != 32) {
    return InvalidArgument(std::string(op) + ": a text hash is 32 bytes (SHA-256), not " +
                           std::to_string(hash.size()));
  }
  return {};
}

Error Released(std::string_view op, std::int64_t id) {
  return Error{ErrorCode::kFailedPrecondition,
               std::string(op) + ": hold " + std::to_string(id) + " has been released"};
}

Error PlanState(std::string_view op, std::int64_t id, std::string_view state) {
  return Error{ErrorCode::kFailedPrecondition, std::string(op) + ": retention plan " +
                                                   std::to_string(id) + " " + std::string(state)};
}

Error AlreadyReviewed(std::string_view op, std::int64_t id, std::string_view what) {
  return Error{ErrorCode::kFailedPrecondition, std::string(op) + ": " + std::string(what) + " " +
                                                   std::to_string(id) +
                                                   " has already been reviewed"};
}

Error MissingHash(std::string_view op, std::string_view what) {
  return Error{ErrorCode::kNotFound, std::string(op) + ": there is no such " + std::string(what)};
}

Error Conflict(std::string_view op, std::string_view what, std::int64_t id,
               std::int64_t stored_version, std::int64_t new_version) {
  return Error{ErrorCode::kConflict,
               std::string(op) + ": " + std::string(what) + " " + std::to_string(id) +
                   " was changed by someone else (it is at version " +
                   std::to_string(stored_version) + ", the update was made from version " +
                   std::to_string(new_version - 1) + ")"};
}

Error Missing(std::string_view op, std::string_view what, std::int64_t id) {
  return Error{ErrorCode::kNotFound,
               std::string(op) + ": there is no " + std::string(what) + " " + std::to_string(id)};
}

Error ReadOnly(std::string_view op) {
  return Error{ErrorCode::kFailedPrecondition,
               std::string(op) + ": this is a read-only transaction"};
}

Error Finished(std::string_view op) {
  return Error{ErrorCode::kFailedPrecondition,
               std::string(op) + ": the transaction has already committed or failed"};
}

Error AuditGap(std::int64_t seq, std::int64_t last) {
  return Error{ErrorCode::kFailedPrecondition,
               "appending to the audit log: entry " + std::to_string(seq) +
                   " does not follow the last entry, " + std::to_string(last)};
}

Error Erased(std::string_view op, std::int64_t id) {
  return Error{ErrorCode::kFailedPrecondition,
               std::string(op) + ": subject " + std::to_string(id) + " has been erased"};
}

Error WithDetail(Error e, std::string_view detail) {
  e.message += " (";
  e.message += detail;
  e.message += ")";
  return e;
}

}  // namespace casekeep::store::internal
