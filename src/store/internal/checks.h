// Argument checks and error messages shared by every Store backend, so that all of them fail
// the same way for the same input (store_conformance_test.cc holds them to it).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "store/store.h"

namespace casekeep::store::internal {

//! kInvalidArgument unless 0 < limit.
[[nodiscard]] Status CheckLimit(std::int64_t limit, std::string_view op);

//! kInvalidArgument if a flag is empty or appears twice.
[[nodiscard]] Status CheckFlags(const std::vector<std::string>& flags, std::string_view op);

//! kInvalidArgument if `code` is empty.
[[nodiscard]] Status CheckCode(std::string_view code, std::string_view op);

//! kInvalidArgument if a role is empty or appears twice.
[[nodiscard]] Status CheckRoles(const std::vector<std::string>& roles, std::string_view op);

//! kInvalidArgument if the hash of a session token or API token secret is empty.
[[nodiscard]] Status CheckHash(const std::vector<std::uint8_t>& hash, std::string_view op);

//! kInvalidArgument unless the user's code and username are set and its roles pass CheckRoles.
[[nodiscard]] Status CheckUser(std::string_view code, std::string_view username,
                               const std::vector<std::string>& roles, std::string_view op);

//! kInvalidArgument unless a new break-glass access names its actor, objects and reason, and
//! is not yet reviewed (no reviewed_at, no reviewed_by).
[[nodiscard]] Status CheckBreakGlass(const BreakGlassRow& row, std::string_view op);

//! kInvalidArgument if the reviewer's code is empty.
[[nodiscard]] Status CheckReviewer(std::string_view reviewer, std::string_view op);

//! kInvalidArgument unless a new hold has a code and is not released yet (no released_at,
//! released_by or release note).
[[nodiscard]] Status CheckHold(const HoldRow& row, std::string_view op);

//! kInvalidArgument unless a new disclosure has a code, recipient and basis and is not yet
//! reviewed (no reviewed_at, no reviewed_by).
[[nodiscard]] Status CheckDisclosure(const DisclosureRow& row, std::string_view op);

//! kInvalidArgument unless a new request has a code, kind and status.
[[nodiscard]] Status CheckRequest(const RequestRow& row, std::string_view op);

//! kInvalidArgument if a request's status is empty.
[[nodiscard]] Status CheckRequestStatus(std::string_view status, std::string_view op);

//! kInvalidArgument unless `hash` is 32 bytes (a SHA-256).
[[nodiscard]] Status CheckTextHash(const std::vector<std::uint8_t>& hash, std::string_view op);

//! kFailedPrecondition: "<op>: hold <id> has been released".
[[nodiscard]] Error Released(std::string_view op, std::int64_t id);

//! kFailedPrecondition: "<op>: retention plan <id> <state>" (e.g. "has already been approved").
[[nodiscard]] Error PlanState(std::string_view op, std::int64_t id, std::string_view state);

//! kFailedPrecondition: "<op>: <what> <id> has already been reviewed".
[[nodiscard]] Error AlreadyReviewed(std::string_view op, std::int64_t id,
                                    std::string_view what = "break-glass access");

//! kNotFound: "<op>: there is no such <what>", for rows named by a hash rather than an id.
[[nodiscard]] Error MissingHash(std::string_view op, std::string_view what);

//! kConflict: "<op>: <what> <id> was changed by someone else (it is at version N, the update
//! was made from version M)".
[[nodiscard]] Error Conflict(std::string_view op, std::string_view what, std::int64_t id,
                             std::int64_t stored_version, std::int64_t new_version);

//! kNotFound: "<op>: there is no <what> <id>".
[[nodiscard]] Error Missing(std::string_view op, std::string_view what, std::int64_t id);

//! kFailedPrecondition for a write through a read-only transaction.
[[nodiscard]] Error ReadOnly(std::string_view op);

//! kFailedPrecondition for a call on a transaction that has committed or failed to.
[[nodiscard]] Error Finished(std::string_view op);

//! kFailedPrecondition: "audit entry N does not follow the last entry M".
[[nodiscard]] Error AuditGap(std::int64_t seq, std::int64_t last);

//! kFailedPrecondition: "<op>: subject <id> has been erased".
[[nodiscard]] Error Erased(std::string_view op, std::int64_t id);

//! `e` with " (<detail>)" appended to its message.
[[nodiscard]] Error WithDetail(Error e, std::string_view detail);

}  // namespace casekeep::store::internal
