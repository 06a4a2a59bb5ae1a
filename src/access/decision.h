// The access decision: the one function that says whether a principal may read or write a
// person, a case or a record, for a declared purpose, and which data categories they may see
// or change. Every path to personal data (the HTTP API, the command line, later reports and
// sweeps) asks Decide before it opens anything, and records the decision in the audit chain.
// The rules, in the order they are checked, are in docs/access.md; each denial carries a reason
// code (for the audit entry) and a sentence (for the person). Pure: the caller gathers the
// facts (which roles, how the case is reached, the person's state) and the decision uses the
// policy alone. Thread-safety: pure functions over immutable values.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "policy/model.h"

namespace casekeep::access {

//! Who is asking.
struct Principal {
  std::string code;                //!< user code "W-…", or "local-admin"
  std::vector<std::string> roles;  //!< roles in force (a token's scope, or the user's roles)
  std::string team;                //!< the user's team id; empty for none
  std::int64_t user_id = 0;        //!< the user's store id, for case assignments; 0: none
  //! The operator at the data folder's command line, who holds the master key: organisation
  //! scope, every category and every capability, still subject to the person's state.
  bool local_admin = false;
};

//! The principal for the command line.
Principal LocalAdmin();

enum class Action { kRead, kWrite };

enum class ObjectKind { kSubject, kCase, kRecord };

//! How the object's case (or, for a person, any case they are a member of) relates to the
//! principal. Computed by the caller from the case assignments.
enum class Reach {
  kAssigned,  //!< the principal is assigned to it
  kTeam,      //!< someone in the principal's team is assigned to it, not the principal
  kOutside,   //!< it is on cases nobody in the principal's team is assigned to
  kNoCase,    //!< it belongs to no case (a person-only record, a person on no case)
};

//! The processing state of the person the object is about.
enum class SubjectState { kActive, kRestricted, kObjected, kErased };

struct Target {
  ObjectKind kind = ObjectKind::kRecord;
  std::string record_type;  //!< for kRecord: the policy record type id
  Reach reach = Reach::kOutside;
  SubjectState state = SubjectState::kActive;
  //! For kObjected: the purposes the person objected to (Art 21); "*" stands for every
  //! legitimate-interest or public-task purpose.
  std::set<std::string> objected_to;
  //! The purposes the people the object is about have valid consent for (for a case, or a
  //! record about no one person: every member of the case), and those whose consent was
  //! explicit. Gathered only when NeedsConsentFacts says the purpose needs them.
  std::set<std::string> consented;
  std::set<std::string> explicitly_consented;
};

struct Request {
  Action action = Action::kRead;
  Target target;
  std::string purpose;             //!< the purpose the principal declares
  std::string break_glass_reason;  //!< non-empty: open outside scope, giving this reason
  //! The request gives, withdraws or reads consent itself: the consent rules do not apply
  //! (every other rule does), or consent could never be recorded.
  bool consent_change = false;
};

struct Decision {
  bool allowed = false;
  std::string reason;   //!< a code for the audit chain: "ok", "break-glass", "out-of-scope", ...
  std::string message;  //!< a sentence for the person asking
  bool break_glass = false;          //!< allowed only by break-glass: flag it for the DPO
  std::set<std::string> categories;  //!< categories readable (kRead) or writable (kWrite)
};

//! The decision on `request` by `principal` under `policy`. Never fails: a fact it cannot
//! place (an unknown role, purpose or record type) is a denial with a reason.
[[nodiscard]] Decision Decide(const policy::Policy& policy, const Principal& principal,
                              const Request& request);

//! Whether the principal may assign staff to (or unassign them from) a case it reaches as
//! `reach`: user managers anywhere; otherwise a role of team or organisation scope that
//! reaches the case and may write something. Reasons: "manage-users", "ok", "cannot-assign".
[[nodiscard]] Decision DecideAssignment(const policy::Policy& policy, const Principal& principal,
                                        Reach reach);

//! Whether deciding on `purpose` looks at consent: it relies on consent, or it uses a special
//! category whose only Article 9 condition the policy declares is explicit consent. Callers
//! gather Target::consented only then (an unknown purpose needs nothing: it is refused).
[[nodiscard]] bool NeedsConsentFacts(const policy::Policy& policy, std::string_view purpose);

//! Whether any of the principal's roles grants `capability` (always, for the local admin).
[[nodiscard]] bool HasCapability(const policy::Policy& policy, const Principal& principal,
                                 policy::Capability capability);

//! Whether any role of the principal needs a second factor.
[[nodiscard]] bool NeedsSecondFactor(const policy::Policy& policy, const Principal& principal);

}  // namespace casekeep::access
