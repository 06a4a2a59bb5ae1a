// The request state machine (docs/rights.md): ids, replaying events, and which event may come
// next. Pure functions; thread-safe.
#include "rights/request.h"

#include <array>
#include <utility>

namespace casekeep::rights {
namespace {

template <class E, std::size_t N>
std::optional<E> FindId(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view id) {
  for (const auto& [value, name] : table) {
    if (name == id) return value;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view IdOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

constexpr std::array<std::pair<RequestKind, std::string_view>, 8> kKinds{{
    {RequestKind::kAccess, "access"},
    {RequestKind::kRectification, "rectification"},
    {RequestKind::kErasure, "erasure"},
    {RequestKind::kRestriction, "restriction"},
    {RequestKind::kObjection, "objection"},
    {RequestKind::kPortability, "portability"},
    {RequestKind::kWithdrawConsent, "withdraw_consent"},
    {RequestKind::kAutomatedDecision, "automated_decision"},
}};

constexpr std::array<std::pair<RequestKind, std::string_view>, 8> kKindWords{{
    {RequestKind::kAccess, "a copy of your personal data (the right of access)"},
    {RequestKind::kRectification, "correction of your personal data (the right to rectification)"},
    {RequestKind::kErasure, "erasure of your personal data (the right to erasure)"},
    {RequestKind::kRestriction,
     "restriction of the processing of your personal data (the right to restriction)"},
    {RequestKind::kObjection, "your objection to the processing of your personal data"},
    {RequestKind::kPortability, "your data in a portable form (the right to data portability)"},
    {RequestKind::kWithdrawConsent, "the withdrawal of your consent"},
    {RequestKind::kAutomatedDecision, "a review of a decision made about you by automated means"},
}};

constexpr std::array<std::pair<RequesterKind, std::string_view>, 3> kRequesters{{
    {RequesterKind::kSubject, "subject"},
    {RequesterKind::kParent, "parent"},
    {RequesterKind::kThirdParty, "third_party"},
}};

constexpr std::array<std::pair<RequestStatus, std::string_view>, 8> kStatuses{{
    {RequestStatus::kAwaitingIdentity, "awaiting_identity"},
    {RequestStatus::kAwaitingAuthority, "awaiting_authority"},
    {RequestStatus::kOpen, "open"},
    {RequestStatus::kPaused, "paused"},
    {RequestStatus::kExtended, "extended"},
    {RequestStatus::kCompleted, "completed"},
    {RequestStatus::kRefused, "refused"},
    {RequestStatus::kWithdrawn, "withdrawn"},
}};

constexpr std::array<std::pair<RefusalGround, std::string_view>, 8> kGrounds{{
    {RefusalGround::kManifestlyUnfounded, "manifestly_unfounded"},
    {RefusalGround::kManifestlyExcessive, "manifestly_excessive"},
    {RefusalGround::kExemption, "exemption"},
    {RefusalGround::kIdentityNotProved, "identity_not_proved"},
    {RefusalGround::kLegalObligation, "legal_obligation"},
    {RefusalGround::kLegalClaims, "legal_claims"},
    {RefusalGround::kRetentionRequired, "retention_required"},
    {RefusalGround::kCompellingGrounds, "compelling_grounds"},
}};

constexpr std::array<std::pair<RefusalGround, std::string_view>, 8> kGroundWords{{
    {RefusalGround::kManifestlyUnfounded,
     "We consider your request to be manifestly unfounded (UK GDPR Article 12(5))."},
    {RefusalGround::kManifestlyExcessive,
     "We consider your request to be manifestly excessive (UK GDPR Article 12(5))."},
    {RefusalGround::kExemption,
     "An exemption in the Data Protection Act 2018 applies to the information you asked for."},
    {RefusalGround::kIdentityNotProved,
     "We could not confirm your identity, or your authority to act for the person the request "
     "is about (UK GDPR Article 12(6))."},
    {RefusalGround::kLegalObligation,
     "We must keep this information to comply with a legal obligation (UK GDPR Article "
     "17(3)(b))."},
    {RefusalGround::kLegalClaims,
     "We need this information to establish, exercise or defend legal claims."},
    {RefusalGround::kRetentionRequired,
     "Our retention schedule, or a hold placed on the records (for example for safeguarding), "
     "requires us to keep this information for now."},
    {RefusalGround::kCompellingGrounds,
     "We have compelling legitimate grounds for the processing which override your interests, "
     "rights and freedoms (UK GDPR Article 21(1))."},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 10> kEvents{{
    {EventKind::kReceived, "received"},
    {EventKind::kIdentityVerified, "identity_verified"},
    {EventKind::kAuthorityProved, "authority_proved"},
    {EventKind::kPaused, "paused"},
    {EventKind::kResumed, "resumed"},
    {EventKind::kExtended, "extended"},
    {EventKind::kCompleted, "completed"},
    {EventKind::kRefused, "refused"},
    {EventKind::kWithdrawn, "withdrawn"},
    {EventKind::kNote, "note"},
}};

Status NotNow(RequestStatus status, EventKind kind) {
  return Fail(ErrorCode::kFailedPrecondition,
              "a request that is " + std::string(RequestStatusId(status)) + " cannot be marked " +
                  std::string(EventKindId(kind)));
}

// The status a request returns to when proof arrives or a pause ends.
RequestStatus Running(const RequestState& s) {
  return s.extended ? RequestStatus::kExtended : RequestStatus::kOpen;
}

RequestStatus AwaitingOrRunning(const Request& r, const RequestState& s) {
  if (r.identity_needed && !s.facts.identity_verified) return RequestStatus::kAwaitingIdentity;
  if (r.authority_needed && !s.facts.authority_proved) return RequestStatus::kAwaitingAuthority;
  return Running(s);
}

// Applies one event to the state; checks the transition but not the dates.
Status Step(const Request& r, const RequestEvent& e, RequestState& s) {
  const RequestStatus now = s.status;
  if (e.kind != EventKind::kNote && IsClosed(now)) return NotNow(now, e.kind);
  switch (e.kind) {
    case EventKind::kReceived: return InvalidArgument("a request is received only once");
    case EventKind::kNote: return {};
    case EventKind::kIdentityVerified:
      if (!r.identity_needed || s.facts.identity_verified) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "proof of identity was not asked for, or has already arrived");
      }
      s.facts.identity_verified = e.on;
      s.status = AwaitingOrRunning(r, s);
      return {};
    case EventKind::kAuthorityProved:
      if (!r.authority_needed || s.facts.authority_proved) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "proof of authority was not asked for, or has already arrived");
      }
      s.facts.authority_proved = e.on;
      s.status = AwaitingOrRunning(r, s);
      return {};
    case EventKind::kPaused:
      if (now != RequestStatus::kOpen && now != RequestStatus::kExtended)
        return NotNow(now, e.kind);
      if (e.text.empty()) return InvalidArgument("say what clarification was asked for");
      s.paused_since = e.on;
      s.status = RequestStatus::kPaused;
      return {};
    case EventKind::kResumed:
      if (now != RequestStatus::kPaused) return NotNow(now, e.kind);
      if (e.on < *s.paused_since) {
        return InvalidArgument("the clarification cannot arrive (" + e.on.ToString() +
                               ") before it was asked for (" + s.paused_since->ToString() + ")");
      }
      s.facts.pauses.push_back(PauseInterval{*s.paused_since, e.on});
      s.paused_since.reset();
      s.status = Running(s);
      return {};
    case EventKind::kExtended:
      if (now != RequestStatus::kOpen) return NotNow(now, e.kind);
      if (e.text.empty()) return InvalidArgument("an extension needs the reasons for it");
      if (!e.told_on) return InvalidArgument("an extension needs the day the person was told");
      s.facts.extended = true;
      s.extended = true;
      s.status = RequestStatus::kExtended;
      return {};
    case EventKind::kCompleted:
      if (now != RequestStatus::kOpen && now != RequestStatus::kExtended)
        return NotNow(now, e.kind);
      [[fallthrough]];
    case EventKind::kWithdrawn:
      s.status =
          e.kind == EventKind::kCompleted ? RequestStatus::kCompleted : RequestStatus::kWithdrawn;
      s.closed_on = e.on;
      return {};
    case EventKind::kRefused:
      if (!e.ground) return InvalidArgument("a refusal needs a ground");
      if (e.text.empty()) return InvalidArgument("a refusal needs reasons");
      s.status = RequestStatus::kRefused;
      s.closed_on = e.on;
      return {};
  }
  return InvalidArgument("unknown event");
}

// The due date for the state: empty until the clock runs, and while paused.
Status WorkOutDue(const Request& r, RequestState& s, const Calendar& c) {
  s.due.reset();
  s.original_due.reset();
  // The clock starts only once every proof asked for has arrived.
  if ((r.identity_needed && !s.facts.identity_verified) ||
      (r.authority_needed && !s.facts.authority_proved)) {
    return {};
  }
  if (c.holidays == nullptr)
    return Fail(ErrorCode::kFailedPrecondition, "no bank holidays are loaded");
  DeadlineFacts one_month = s.facts;
  one_month.extended = false;
  CK_ASSIGN_OR_RETURN(Date original, ComputeDeadline(one_month, c.division, *c.holidays));
  s.original_due = original;
  if (s.status == RequestStatus::kPaused) return {};
  if (s.facts.extended) {
    CK_ASSIGN_OR_RETURN(Date due, ComputeDeadline(s.facts, c.division, *c.holidays));
    s.due = due;
  } else {
    s.due = original;
  }
  return {};
}

Result<RequestState> Replay(const Request& r) {
  if (r.events.empty() || r.events[0].kind != EventKind::kReceived) {
    return InvalidArgument("a request starts with the day it was received");
  }
  RequestState s;
  s.received = r.events[0].on;
  s.facts.received = s.received;
  s.status = RequestStatus::kOpen;
  s.status = AwaitingOrRunning(r, s);
  for (std::size_t i = 1; i < r.events.size(); ++i) CK_TRY(Step(r, r.events[i], s));
  return s;
}

}  // namespace

std::string_view RequestKindId(RequestKind kind) {
  return IdOf(kKinds, kind);
}
std::optional<RequestKind> ParseRequestKind(std::string_view id) {
  return FindId(kKinds, id);
}
std::string_view RequestKindWords(RequestKind kind) {
  return IdOf(kKindWords, kind);
}
const std::vector<RequestKind>& AllRequestKinds() {
  static const std::vector<RequestKind> all = [] {
    std::vector<RequestKind> v;
    for (const auto& [k, _] : kKinds) v.push_back(k);
    return v;
  }();
  return all;
}
std::string_view RequesterKindId(RequesterKind kind) {
  return IdOf(kRequesters, kind);
}
std::optional<RequesterKind> ParseRequesterKind(std::string_view id) {
  return FindId(kRequesters, id);
}
std::string_view RequestStatusId(RequestStatus status) {
  return IdOf(kStatuses, status);
}
std::optional<RequestStatus> ParseRequestStatus(std::string_view id) {
  return FindId(kStatuses, id);
}
bool IsClosed(RequestStatus status) {
  return status == RequestStatus::kCompleted || status == RequestStatus::kRefused ||
         status == RequestStatus::kWithdrawn;
}
std::string_view RefusalGroundId(RefusalGround ground) {
  return IdOf(kGrounds, ground);
}
std::optional<RefusalGround> ParseRefusalGround(std::string_view id) {
  return FindId(kGrounds, id);
}
std::string_view RefusalGroundWords(RefusalGround ground) {
  return IdOf(kGroundWords, ground);
}
std::string_view EventKindId(EventKind kind) {
  return IdOf(kEvents, kind);
}
std::optional<EventKind> ParseEventKind(std::string_view id) {
  return FindId(kEvents, id);
}

Result<Request> NewRequest(RequestKind kind, RequesterKind requester, Date received, Date today,
                           bool identity_needed, bool authority_needed, std::string by,
                           std::int64_t at) {
  if (received > today) {
    return InvalidArgument("a request cannot be received (" + received.ToString() +
                           ") after today (" + today.ToString() + ")");
  }
  Request r;
  r.kind = kind;
  r.requester = requester;
  r.identity_needed = identity_needed;
  r.authority_needed = authority_needed || requester == RequesterKind::kThirdParty;
  RequestEvent e;
  e.kind = EventKind::kReceived;
  e.on = received;
  e.by = std::move(by);
  e.at = at;
  r.events.push_back(std::move(e));
  return r;
}

Result<RequestState> Evaluate(const Request& request, const Calendar& calendar) {
  CK_ASSIGN_OR_RETURN(RequestState s, Replay(request));
  CK_TRY(WorkOutDue(request, s, calendar));
  return s;
}

Result<Request> Apply(const Request& request, RequestEvent event, Date today,
                      const Calendar& calendar) {
  CK_ASSIGN_OR_RETURN(RequestState before, Evaluate(request, calendar));
  if (event.on > today) {
    return InvalidArgument("the date (" + event.on.ToString() + ") is after today (" +
                           today.ToString() + ")");
  }
  if (event.on < before.received) {
    return InvalidArgument("the date (" + event.on.ToString() +
                           ") is before the request was received (" + before.received.ToString() +
                           ")");
  }
  if (event.kind == EventKind::kExtended && event.told_on) {
    if (*event.told_on > today) {
      return InvalidArgument("the person cannot have been told (" + event.told_on->ToString() +
                             ") after today");
    }
    if (*event.told_on < before.received) {
      return InvalidArgument(
          "the person cannot have been told of an extension before the "
          "request was received");
    }
    // Art 12(3): the person is told within one month of receipt (the first deadline).
    if (before.original_due && *event.told_on > *before.original_due) {
      return InvalidArgument(
          "an extension must be told to the person within the first month "
          "(by " +
          before.original_due->ToString() + "); it was told on " + event.told_on->ToString());
    }
  }
  Request out = request;
  out.events.push_back(std::move(event));
  RequestState s = before;
  CK_TRY(Step(out, out.events.back(), s));
  CK_TRY(WorkOutDue(out, s, calendar));
  return out;
}

bool IsOverdue(const RequestState& state, Date today) {
  return (state.status == RequestStatus::kOpen || state.status == RequestStatus::kExtended) &&
         state.due && *state.due < today;
}

Result<Date> AddWorkingDays(Date from, std::int64_t n, const Calendar& calendar) {
  if (n < 0) return InvalidArgument("a number of working days cannot be negative");
  if (calendar.holidays == nullptr)
    return Fail(ErrorCode::kFailedPrecondition, "no bank holidays are loaded");
  Date d = from;
  for (std::int64_t i = 0; i < n; ++i) {
    CK_ASSIGN_OR_RETURN(d, d.AddDays(1));
    CK_ASSIGN_OR_RETURN(d, OnOrNextWorkingDay(d, calendar.division, *calendar.holidays));
  }
  return d;
}

Result<bool> IsDueSoon(const RequestState& state, Date today, std::int64_t working_days,
                       const Calendar& calendar) {
  if (state.status != RequestStatus::kOpen && state.status != RequestStatus::kExtended) {
    return false;
  }
  if (!state.due || *state.due < today) return false;
  CK_ASSIGN_OR_RETURN(Date limit, AddWorkingDays(today, working_days, calendar));
  return *state.due <= limit;
}

}  // namespace casekeep::rights
