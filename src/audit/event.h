// What an audit entry may say, and the check that keeps it to codes. Audit entries outlive
// erasure (history is never rewritten), so they must never hold personal data: every field is
// a code-like token, and the one free field, `detail`, is short printable ASCII that does not
// look like an email address, phone number or NHS number. The rules are in
// docs/audit-format.md ("What an entry holds"). Thread-safety: pure functions and value types.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace casekeep::audit {

//! Longest actor, action, purpose, outcome or single object code, in bytes.
inline constexpr std::size_t kMaxTokenBytes = 128;
//! Longest `detail`, in bytes.
inline constexpr std::size_t kMaxDetailBytes = 1024;
//! Longest `objects` once joined with single spaces, in bytes.
inline constexpr std::size_t kMaxObjectsBytes = std::size_t{1024} * 1024;
//! Longest run of digits (single spaces or hyphens between them allowed) that `detail` may
//! hold; ten or more look like a phone or NHS number.
inline constexpr std::size_t kMaxDetailDigitRun = 9;

//! One thing that happened, as the caller describes it. AuditLog::Append adds seq, time and
//! the chain fields.
struct AuditEvent {
  std::string actor;                 //!< user code, or "local-admin" for the CLI
  std::string action;                //!< e.g. "record.read"
  std::vector<std::string> objects;  //!< codes of what was touched, in a meaningful order
  std::string purpose;               //!< policy purpose id, or empty
  std::string outcome;               //!< "ok", "denied", "error"
  std::string detail;                //!< non-personal detail, e.g. a reason code; may be empty
};

//! True if `text` is a non-empty token of [A-Za-z0-9._:-] characters.
[[nodiscard]] bool IsCodeToken(std::string_view text) noexcept;

//! Success if `event` holds only codes within the limits above. Fails with kInvalidArgument
//! naming the field and the rule it breaks (never echoing the offending text, which may be
//! personal data): actor, action and outcome must be tokens, purpose empty or a token, every
//! object a token, detail printable ASCII without '@' or a long digit run.
[[nodiscard]] Status ValidateEvent(const AuditEvent& event);

//! The objects joined by single spaces, as stored in AuditRow::objects.
[[nodiscard]] std::string JoinObjects(const std::vector<std::string>& objects);

}  // namespace casekeep::audit
