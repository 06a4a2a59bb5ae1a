// The rules of docs/access.md, checked in order; the first that fails decides.
#include "access/decision.h"

#include <algorithm>

namespace casekeep::access {
namespace {

using policy::LawfulBasis;
using policy::Role;
using policy::Scope;

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Decision Deny(std::string reason, std::string message) {
  Decision d;
  d.reason = std::move(reason);
  d.message = std::move(message);
  return d;
}

Decision Allow(std::string reason, std::set<std::string> categories, bool break_glass) {
  Decision d;
  d.allowed = true;
  d.reason = std::move(reason);
  d.message = break_glass ? "allowed by break-glass: this access is flagged for review" : "allowed";
  d.categories = std::move(categories);
  d.break_glass = break_glass;
  return d;
}

std::vector<const Role*> KnownRoles(const policy::Policy& policy, const Principal& principal) {
  std::vector<const Role*> roles;
  for (const auto& id : principal.roles) {
    if (const Role* r = policy.FindRole(id)) roles.push_back(r);
  }
  return roles;
}

bool ScopeReaches(Scope scope, Reach reach) {
  switch (scope) {
    case Scope::kOrganisation: return true;
    case Scope::kTeam: return reach == Reach::kAssigned || reach == Reach::kTeam;
    case Scope::kAssigned: return reach == Reach::kAssigned;
    case Scope::kAnonymised: return false;
  }
  return false;
}

// The categories a role may read or write for this purpose: its own list, narrowed to the
// purpose's categories when the purpose names any.
std::set<std::string> RoleCategories(const Role& role, const policy::Purpose& purpose,
                                     Action action) {
  const auto& own = action == Action::kRead ? role.read : role.write;
  std::set<std::string> out;
  for (const auto& c : own) {
    if (purpose.categories.empty() || Contains(purpose.categories, c)) out.insert(c);
  }
  return out;
}

std::set<std::string> AllCategories(const policy::Policy& policy, const policy::Purpose& purpose) {
  std::set<std::string> out;
  for (const auto& c : policy.categories) {
    if (purpose.categories.empty() || Contains(purpose.categories, c.id)) out.insert(c.id);
  }
  return out;
}

// Rules on the person's state (UK GDPR Articles 17, 18 and 21), which bind every principal.
std::optional<Decision> StateRule(const Request& request, const policy::Purpose& purpose) {
  switch (request.target.state) {
    case SubjectState::kActive: return std::nullopt;
    case SubjectState::kErased: return Deny("erased", "this person's data has been erased");
    case SubjectState::kRestricted:
      if (request.action == Action::kWrite) {
        return Deny("restricted",
                    "processing of this person's data is restricted: it may be "
                    "stored but not changed");
      }
      if (purpose.basis != LawfulBasis::kLegalObligation &&
          purpose.basis != LawfulBasis::kVitalInterests) {
        return Deny("restricted",
                    "processing of this person's data is restricted: it may be used only for a "
                    "legal obligation or to protect someone's vital interests");
      }
      return std::nullopt;
    case SubjectState::kObjected:
      if (purpose.basis == LawfulBasis::kLegitimateInterests ||
          purpose.basis == LawfulBasis::kPublicTask) {
        return Deny("objected",
                    "this person has objected to processing for purpose '" + purpose.id + "'");
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Principal LocalAdmin() {
  Principal p;
  p.code = "local-admin";
  p.local_admin = true;
  return p;
}

std::string_view ReachName(Reach r) {
  switch (r) {
    case Reach::kAssigned: return "assigned";
    case Reach::kTeam: return "team";
    case Reach::kOutside: return "outside";
    case Reach::kNoCase: return "no-case";
  }
  return "outside";
}

Decision Decide(const policy::Policy& policy, const Principal& principal, const Request& request) {
  const std::vector<const Role*> roles = KnownRoles(policy, principal);
  if (!principal.local_admin && roles.empty()) {
    return Deny("no-role", "you have no role in the current policy");
  }
  if (request.purpose.empty() && principal.local_admin) {
    // The operator at the command line holds the master key; they may act without naming a
    // purpose, but never on erased data and never change restricted data.
    if (request.target.state == SubjectState::kErased) {
      return Deny("erased", "this person's data has been erased");
    }
    if (request.target.state == SubjectState::kRestricted && request.action == Action::kWrite) {
      return Deny("restricted",
                  "processing of this person's data is restricted: it may be "
                  "stored but not changed");
    }
    std::set<std::string> all;
    for (const auto& c : policy.categories) all.insert(c.id);
    return Allow("local-admin", std::move(all), false);
  }
  if (request.purpose.empty()) {
    return Deny("purpose-required", "declare the purpose of this access");
  }
  const policy::Purpose* purpose = policy.FindPurpose(request.purpose);
  if (purpose == nullptr) {
    return Deny("unknown-purpose", "'" + request.purpose + "' is not a purpose in the policy");
  }
  if (auto d = StateRule(request, *purpose)) return *d;

  const policy::RecordType* type = nullptr;
  if (request.target.kind == ObjectKind::kRecord) {
    type = policy.FindRecordType(request.target.record_type);
    if (type == nullptr) {
      return Deny("unknown-record-type",
                  "'" + request.target.record_type + "' is not a record type in the policy");
    }
    if (!Contains(type->purposes, purpose->id)) {
      return Deny(
          "purpose-not-for-record-type",
          "records of type '" + type->id + "' are not used for purpose '" + purpose->id + "'");
    }
  }
  if (principal.local_admin) return Allow("ok", AllCategories(policy, *purpose), false);

  std::vector<const Role*> candidates;
  for (const Role* r : roles) {
    if (Contains(r->purposes, purpose->id)) candidates.push_back(r);
  }
  if (candidates.empty()) {
    return Deny("purpose-not-in-role",
                "none of your roles may act for purpose '" + purpose->id + "'");
  }
  if (type != nullptr) {
    std::erase_if(candidates, [&](const Role* r) {
      return !r->record_types.empty() && !Contains(r->record_types, type->id);
    });
    if (candidates.empty()) {
      return Deny("record-type-not-in-role",
                  "none of your roles may use records of type '" + type->id + "'");
    }
  }
  std::erase_if(candidates, [](const Role* r) { return r->scope == Scope::kAnonymised; });
  if (candidates.empty()) {
    return Deny("anonymised-only", "your roles see anonymised statistics only");
  }
  std::erase_if(candidates, [&](const Role* r) {
    return RoleCategories(*r, *purpose, request.action).empty();
  });
  if (candidates.empty()) {
    return Deny("no-category", request.action == Action::kRead
                                   ? "none of your roles may read this data for this purpose"
                                   : "none of your roles may change this data for this purpose");
  }

  std::set<std::string> categories;
  for (const Role* r : candidates) {
    if (!ScopeReaches(r->scope, request.target.reach)) continue;
    auto mine = RoleCategories(*r, *purpose, request.action);
    categories.insert(mine.begin(), mine.end());
  }
  if (!categories.empty()) return Allow("ok", std::move(categories), false);

  if (!request.break_glass_reason.empty()) {
    for (const Role* r : candidates) {
      if (!r->break_glass) continue;
      auto mine = RoleCategories(*r, *purpose, request.action);
      categories.insert(mine.begin(), mine.end());
    }
    if (categories.empty()) {
      return Deny("break-glass-not-allowed", "none of your roles may use break-glass");
    }
    return Allow("break-glass", std::move(categories), true);
  }
  return Deny("out-of-scope", request.target.reach == Reach::kNoCase
                                  ? "this belongs to no case, and your roles reach only cases"
                                  : "this case is outside the cases your roles reach");
}

Decision DecideAssignment(const policy::Policy& policy, const Principal& principal, Reach reach) {
  if (HasCapability(policy, principal, policy::Capability::kManageUsers)) {
    return Allow("manage-users", {}, false);
  }
  for (const Role* r : KnownRoles(policy, principal)) {
    if ((r->scope == Scope::kTeam || r->scope == Scope::kOrganisation) && !r->write.empty() &&
        ScopeReaches(r->scope, reach)) {
      return Allow("ok", {}, false);
    }
  }
  return Deny("cannot-assign",
              "only user managers, and supervisors for the cases their roles reach, assign staff "
              "to cases");
}

bool HasCapability(const policy::Policy& policy, const Principal& principal,
                   policy::Capability capability) {
  if (principal.local_admin) return true;
  for (const Role* r : KnownRoles(policy, principal)) {
    if (std::find(r->capabilities.begin(), r->capabilities.end(), capability) !=
        r->capabilities.end()) {
      return true;
    }
  }
  return false;
}

bool HasScope(const policy::Policy& policy, const Principal& principal, policy::Scope scope) {
  if (principal.local_admin) return scope == Scope::kOrganisation;
  for (const Role* r : KnownRoles(policy, principal)) {
    if (r->scope == scope) return true;
  }
  return false;
}

bool NeedsSecondFactor(const policy::Policy& policy, const Principal& principal) {
  for (const Role* r : KnownRoles(policy, principal)) {
    if (r->mfa) return true;
  }
  return false;
}

}  // namespace casekeep::access
