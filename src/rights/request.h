// A data subject request as a list of dated events, and the state machine that says which event
// may come next (docs/rights.md, "The request register"). The status and the due date are never
// stored on their own authority: they are worked out again from the events, the due date
// through ComputeDeadline (docs/deadlines.md). Pure: the caller supplies "today" and the
// bank-holiday calendar. Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/error.h"
#include "base/holidays.h"
#include "rights/deadline.h"

namespace casekeep::rights {

//! What the person asks for (UK GDPR Articles 15 to 22, and withdrawing consent, Art 7(3)).
enum class RequestKind {
  kAccess,
  kRectification,
  kErasure,
  kRestriction,
  kObjection,
  kPortability,
  kWithdrawConsent,
  kAutomatedDecision,
};
//! "access", "rectification", "erasure", "restriction", "objection", "portability",
//! "withdraw_consent", "automated_decision".
std::string_view RequestKindId(RequestKind kind);
std::optional<RequestKind> ParseRequestKind(std::string_view id);
//! Words for letters: "a copy of your personal data (the right of access)".
std::string_view RequestKindWords(RequestKind kind);
//! Every kind, in the order above.
const std::vector<RequestKind>& AllRequestKinds();

//! Who made the request.
enum class RequesterKind {
  kSubject,     //!< the person themselves
  kParent,      //!< a parent or carer for a child
  kThirdParty,  //!< someone else with proof of authority (a solicitor, an advocate)
};
//! "subject", "parent", "third_party".
std::string_view RequesterKindId(RequesterKind kind);
std::optional<RequesterKind> ParseRequesterKind(std::string_view id);

//! Where a request stands.
enum class RequestStatus {
  kAwaitingIdentity,   //!< proof of identity was asked for: the clock has not started
  kAwaitingAuthority,  //!< proof of authority to act was asked for: the clock has not started
  kOpen,               //!< the clock runs
  kPaused,             //!< clarification was asked for: the clock is stopped
  kExtended,           //!< the clock runs to three months; the person was told why
  kCompleted,
  kRefused,
  kWithdrawn,
};
//! "awaiting_identity", "awaiting_authority", "open", "paused", "extended", "completed",
//! "refused", "withdrawn".
std::string_view RequestStatusId(RequestStatus status);
std::optional<RequestStatus> ParseRequestStatus(std::string_view id);
//! Completed, refused or withdrawn: no further event is accepted.
bool IsClosed(RequestStatus status);

//! Why a request is refused, in whole (regulation.md sections 1 and 4).
enum class RefusalGround {
  kManifestlyUnfounded,
  kManifestlyExcessive,
  kExemption,          //!< an exemption of DPA 2018 Schedules 2 to 4; the reason names it
  kIdentityNotProved,  //!< the identity or authority asked for never came
  kLegalObligation,    //!< erasure: the data is needed to comply with a legal obligation
  kLegalClaims,        //!< erasure or objection: establishing, exercising or defending claims
  kRetentionRequired,  //!< erasure: a retention rule or hold requires the data
  kCompellingGrounds,  //!< objection: compelling legitimate grounds override the person's
};
//! "manifestly_unfounded", "manifestly_excessive", "exemption", "identity_not_proved",
//! "legal_obligation", "legal_claims", "retention_required", "compelling_grounds".
std::string_view RefusalGroundId(RefusalGround ground);
std::optional<RefusalGround> ParseRefusalGround(std::string_view id);
//! The sentence a refusal letter gives for the ground.
std::string_view RefusalGroundWords(RefusalGround ground);

//! What happened to a request.
enum class EventKind {
  kReceived,          //!< the first event, always
  kIdentityVerified,  //!< the proof of identity asked for arrived
  kAuthorityProved,   //!< the proof of authority asked for arrived
  kPaused,            //!< clarification asked for on `on`; `text` says what
  kResumed,           //!< the clarification arrived on `on`
  kExtended,          //!< `text` gives the reasons; `told_on` the day the person was told
  kCompleted,         //!< `text` says what was done
  kRefused,           //!< `ground` and `text` say why
  kWithdrawn,         //!< the person withdrew the request
  kNote,              //!< a note; changes nothing
};
//! "received", "identity_verified", "authority_proved", "paused", "resumed", "extended",
//! "completed", "refused", "withdrawn", "note".
std::string_view EventKindId(EventKind kind);
std::optional<EventKind> ParseEventKind(std::string_view id);

struct RequestEvent {
  EventKind kind = EventKind::kNote;
  Date on;                      //!< the day it happened (not necessarily the day it was entered)
  std::string text;             //!< reasons, a note, what was asked: free text (sealed at rest)
  std::optional<Date> told_on;  //!< kExtended: the day the person was told
  std::optional<RefusalGround> ground;  //!< kRefused
  std::string by;                       //!< actor code who entered it
  std::int64_t at = 0;                  //!< when it was entered (Unix seconds)
};

//! A request: what it is, who asked, and what has happened since.
struct Request {
  RequestKind kind = RequestKind::kAccess;
  RequesterKind requester = RequesterKind::kSubject;
  std::string requester_name;     //!< who asked, when not the person (sealed at rest)
  std::string details;            //!< what is asked for, in the person's words (sealed at rest)
  bool identity_needed = false;   //!< proof of identity was asked for on receipt
  bool authority_needed = false;  //!< proof of authority was asked for (always for a third party)
  std::vector<RequestEvent> events;  //!< events[0] is kReceived
};

//! The bank holidays deadlines are worked out with.
struct Calendar {
  HolidayDivision division = HolidayDivision::kEnglandAndWales;
  const HolidayCalendar* holidays = nullptr;
};

//! What the events add up to.
struct RequestState {
  RequestStatus status = RequestStatus::kOpen;
  Date received;
  DeadlineFacts facts;               //!< as far as known (an open pause is not in it)
  std::optional<Date> due;           //!< empty while awaiting proof or paused
  std::optional<Date> original_due;  //!< the one-month deadline, once the clock has started
  std::optional<Date> paused_since;  //!< while paused
  std::optional<Date> closed_on;     //!< completed, refused or withdrawn on
  bool extended = false;
};

//! A new request received on `received` (kInvalidArgument for a day after `today`); a third
//! party always needs proof of authority. The first event is filled in.
[[nodiscard]] Result<Request> NewRequest(RequestKind kind, RequesterKind requester, Date received,
                                         Date today, bool identity_needed, bool authority_needed,
                                         std::string by, std::int64_t at);

//! Replays the events. kInvalidArgument if they are not a valid sequence (they never are
//! stored otherwise); kFailedPrecondition if the deadline needs bank holidays the calendar does
//! not know.
[[nodiscard]] Result<RequestState> Evaluate(const Request& request, const Calendar& calendar);

//! `request` with `event` appended, if the state machine allows it:
//!   awaiting_identity  --identity_verified--> open (or awaiting_authority)
//!   awaiting_authority --authority_proved-->  open (or awaiting_identity)
//!   open / extended    --paused--> paused --resumed--> open / extended
//!   open               --extended--> extended (told within the first month, with reasons)
//!   any not closed     --completed / refused / withdrawn--> closed (refused may come while
//!                        awaiting proof: identity not proved)
//! The event's day may not be after `today` nor before the request was received, nor before
//! the event it answers (a resumption before its pause). kFailedPrecondition (naming the
//! status) for an event the current status does not allow; kInvalidArgument for bad dates or
//! missing reasons.
[[nodiscard]] Result<Request> Apply(const Request& request, RequestEvent event, Date today,
                                    const Calendar& calendar);

//! Requests that are open or extended and due before `today`.
bool IsOverdue(const RequestState& state, Date today);
//! Open or extended, not overdue, and due within `working_days` working days of `today`
//! (today itself counts as day 0).
[[nodiscard]] Result<bool> IsDueSoon(const RequestState& state, Date today,
                                     std::int64_t working_days, const Calendar& calendar);
//! The `n`th working day after `from` (n = 0: `from` itself, even if not a working day).
[[nodiscard]] Result<Date> AddWorkingDays(Date from, std::int64_t n, const Calendar& calendar);

}  // namespace casekeep::rights
