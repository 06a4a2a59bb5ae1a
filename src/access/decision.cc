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

// A purpose that relies on consent needs the person's valid consent for it.
bool LacksConsent(const policy::Purpose& purpose, const Request& request) {
  return purpose.basis == LawfulBasis::kConsent && !request.consent_change &&
         !request.target.consented.contains(purpose.id);
}

Decision DenyNoConsent(const policy::Purpose& purpose) {
  return Deny("no-consent", "the person has not given consent for purpose '" + purpose.id +
                                "', or has withdrawn it");
}

// Special category data (UK GDPR Art 9) needs a condition: explicit consent for this purpose,
// or, for a purpose that does not rely on consent, another condition the category declares.
bool SpecialCategoryAllowed(const policy::Category& category, const policy::Purpose& purpose,
                            const Request& request) {
  if (!category.special || request.consent_change) return true;
  if (request.target.explicitly_consented.contains(purpose.id)) return true;
  if (purpose.basis == LawfulBasis::kConsent) return false;
  return std::any_of(
      category.conditions.begin(), category.conditions.end(),
      [](policy::Article9Condition c) { return c != policy::Article9Condition::kExplicitConsent; });
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

// The command line's operator holds the master key: every category, with or without a purpose,
// but never erased data, and never a change to restricted data.
Decision DecideLocalAdmin(const policy::Policy& policy, const Request& request) {
  // rule local-admin-erased {
  if (request.target.state == SubjectState::kErased) {
    return Deny("erased", "this person's data has been erased");
  }
  // }
  // rule local-admin-restricted {
  if (request.target.state == SubjectState::kRestricted && request.action == Action::kWrite) {
    return Deny("restricted",
                "processing of this person's data is restricted: it may be "
                "stored but not changed");
  }
  // }
  std::set<std::string> all;
  const policy::Purpose* purpose = policy.FindPurpose(request.purpose);
  // rule local-admin-consent {
  if (purpose != nullptr && LacksConsent(*purpose, request)) return DenyNoConsent(*purpose);
  // }
  for (const auto& c : policy.categories) {
    if (purpose == nullptr || purpose->categories.empty() || Contains(purpose->categories, c.id)) {
      all.insert(c.id);
    }
  }
  return Allow("local-admin", std::move(all), false);
}

}  // namespace

Principal LocalAdmin() {
  Principal p;
  p.code = "local-admin";
  p.local_admin = true;
  return p;
}

// Each rule is marked "rule NAME"; scripts/mutate-access removes them one at a time and shows
// that the authorisation matrix test (src/api/authz_matrix_test.cc) then fails.
Decision Decide(const policy::Policy& policy, const Principal& principal, const Request& request) {
  // rule local-admin {
  if (principal.local_admin) return DecideLocalAdmin(policy, request);
  // }
  const policy::Purpose* purpose = policy.FindPurpose(request.purpose);
  // rule known-purpose {
  if (purpose == nullptr) {
    return request.purpose.empty()
               ? Deny("purpose-required", "declare the purpose of this access")
               : Deny("unknown-purpose",
                      "'" + request.purpose + "' is not a purpose in the policy");
  }
  // }
  // The person's state binds every role (UK GDPR Articles 17, 18 and 21).
  // rule erased {
  // A record kept after its person's erasure because the law requires it (an erasure keeps it
  // for a legal obligation, a hold or its retention period) may still be read for a purpose
  // that is itself a legal obligation, and for nothing else.
  if (request.target.state == SubjectState::kErased &&
      !(request.target.kind == ObjectKind::kRecord && request.action == Action::kRead &&
        purpose->basis == LawfulBasis::kLegalObligation)) {
    return Deny("erased", "this person's data has been erased");
  }
  // }
  // rule restricted-no-change {
  if (request.target.state == SubjectState::kRestricted && request.action == Action::kWrite) {
    return Deny("restricted",
                "processing of this person's data is restricted: it may be stored but not changed");
  }
  // }
  // rule restricted-purposes {
  if (request.target.state == SubjectState::kRestricted &&
      purpose->basis != LawfulBasis::kLegalObligation &&
      purpose->basis != LawfulBasis::kVitalInterests) {
    return Deny("restricted",
                "processing of this person's data is restricted: it may be used only for a legal "
                "obligation or to protect someone's vital interests");
  }
  // }
  // rule objected {
  if (request.target.state == SubjectState::kObjected &&
      (request.target.objected_to.contains(purpose->id) ||
       request.target.objected_to.contains("*")) &&
      (purpose->basis == LawfulBasis::kLegitimateInterests ||
       purpose->basis == LawfulBasis::kPublicTask)) {
    return Deny("objected",
                "this person has objected to processing for purpose '" + purpose->id + "'");
  }
  // }
  // rule consent {
  if (LacksConsent(*purpose, request)) return DenyNoConsent(*purpose);
  // }
  const policy::RecordType* type = nullptr;
  if (request.target.kind == ObjectKind::kRecord) {
    type = policy.FindRecordType(request.target.record_type);
    // rule record-type-purpose {
    if (type == nullptr || !Contains(type->purposes, purpose->id)) {
      return Deny("purpose-not-for-record-type", "records of type '" + request.target.record_type +
                                                     "' are not used for purpose '" + purpose->id +
                                                     "'");
    }
    // }
  }

  // The roles that act for this purpose on this record type; anonymised roles have no read or
  // write lists (the policy checker refuses them), so they never reach this far with data.
  std::vector<const Role*> roles = KnownRoles(policy, principal);
  const bool had_roles = !roles.empty();
  // rule role-purpose {
  std::erase_if(roles, [&](const Role* r) { return !Contains(r->purposes, purpose->id); });
  // }
  if (roles.empty()) {
    return had_roles ? Deny("purpose-not-in-role",
                            "none of your roles may act for purpose '" + purpose->id + "'")
                     : Deny("no-role", "you have no role in the current policy");
  }
  if (type != nullptr) {
    // rule role-record-type {
    std::erase_if(roles, [&](const Role* r) {
      return !r->record_types.empty() && !Contains(r->record_types, type->id);
    });
    // }
    if (roles.empty()) {
      return Deny("record-type-not-in-role",
                  "none of your roles may use records of type '" + type->id + "'");
    }
  }

  std::set<std::string> in_scope;
  std::set<std::string> by_glass;
  bool any_category = false;
  bool special_withheld = false;
  for (const Role* r : roles) {
    const auto& own = request.action == Action::kRead ? r->read : r->write;
    std::set<std::string> mine(own.begin(), own.end());
    // rule purpose-categories {
    std::erase_if(mine, [&](const std::string& c) {
      return !purpose->categories.empty() && !Contains(purpose->categories, c);
    });
    // }
    // rule special-category-condition {
    special_withheld =
        std::erase_if(mine,
                      [&](const std::string& c) {
                        const policy::Category* cat = policy.FindCategory(c);
                        return cat != nullptr && !SpecialCategoryAllowed(*cat, *purpose, request);
                      }) > 0 ||
        special_withheld;
    // }
    any_category = any_category || !mine.empty();
    bool reaches = true;
    // rule scope {
    reaches = ScopeReaches(r->scope, request.target.reach);
    // }
    if (reaches) {
      in_scope.insert(mine.begin(), mine.end());
    } else if (r->break_glass) {
      by_glass.insert(mine.begin(), mine.end());
    }
  }
  if (!in_scope.empty()) return Allow("ok", std::move(in_scope), false);
  if (!any_category && special_withheld) {
    return Deny("explicit-consent-required",
                "this is special category data: it needs the person's explicit consent for "
                "purpose '" +
                    purpose->id + "'");
  }
  if (!any_category) {
    return Deny("no-category", request.action == Action::kRead
                                   ? "none of your roles may read this data for this purpose"
                                   : "none of your roles may change this data for this purpose");
  }
  bool glass = !request.break_glass_reason.empty();
  // rule break-glass-needs-role {
  glass = glass && !by_glass.empty();
  // }
  if (glass) return Allow("break-glass", std::move(by_glass), true);
  if (!request.break_glass_reason.empty()) {
    return Deny("break-glass-not-allowed", "none of your roles may use break-glass here");
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

bool NeedsConsentFacts(const policy::Policy& policy, std::string_view purpose_id) {
  const policy::Purpose* purpose = policy.FindPurpose(purpose_id);
  if (purpose == nullptr) return false;
  if (purpose->basis == LawfulBasis::kConsent) return true;
  Request probe;  // no consent at all: would any category of the purpose be withheld?
  for (const auto& c : policy.categories) {
    if (!purpose->categories.empty() && !Contains(purpose->categories, c.id)) continue;
    if (!SpecialCategoryAllowed(c, *purpose, probe)) return true;
  }
  return false;
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

bool NeedsSecondFactor(const policy::Policy& policy, const Principal& principal) {
  for (const Role* r : KnownRoles(policy, principal)) {
    if (r->mfa) return true;
  }
  return false;
}

}  // namespace casekeep::access
