// Gathering the facts the access decision needs (how the principal reaches a case, the state of
// the person concerned), asking access::Decide, and writing denials to the audit chain; and the
// case assignments that scopes are made of.
#include <algorithm>
#include <cctype>

#include "access/fields.h"
#include "crypto/aead.h"
#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using access::Reach;
using internal::Txn;

bool Contains(const std::vector<std::int64_t>& ids, std::int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string BreakGlassAd(std::string_view actor) {
  return "break-glass:" + std::string(actor);
}

// A request by `actor` (their purpose and break-glass reason) to `what` an object of `kind`.
access::Request RequestFor(const Actor& actor, access::Action what, access::ObjectKind kind,
                           Reach reach = Reach::kOutside) {
  access::Request r;
  r.action = what;
  r.purpose = actor.purpose;
  r.break_glass_reason = actor.break_glass_reason;
  r.target.kind = kind;
  r.target.reach = reach;
  return r;
}

std::string AuditPurpose(const Actor& actor) {
  return audit::IsCodeToken(actor.purpose) ? actor.purpose : std::string();
}

}  // namespace

namespace internal {

// The closest reach over several cases: assigned beats team beats outside.
Result<Reach> ReachOfCases(store::Tx& tx, const access::Principal& p,
                           const std::vector<std::int64_t>& case_ids) {
  if (case_ids.empty()) return Reach::kNoCase;
  if (p.local_admin) return Reach::kAssigned;
  std::vector<std::int64_t> team;
  if (!p.team.empty()) {
    CK_ASSIGN_OR_RETURN(team, tx.ListTeamUsers(p.team));
  }
  Reach best = Reach::kOutside;
  for (std::int64_t case_id : case_ids) {
    CK_ASSIGN_OR_RETURN(auto assigned, tx.ListCaseAssignments(case_id));
    for (const auto& a : assigned) {
      if (a.user_id == p.user_id && p.user_id != 0) return Reach::kAssigned;
      if (Contains(team, a.user_id)) best = Reach::kTeam;
    }
  }
  return best;
}

Result<Reach> ReachOfSubject(store::Tx& tx, const access::Principal& p, std::int64_t subject_id) {
  CK_ASSIGN_OR_RETURN(auto memberships, tx.ListCasesOfSubject(subject_id));
  std::vector<std::int64_t> cases;
  for (const auto& m : memberships) cases.push_back(m.case_id);
  return ReachOfCases(tx, p, cases);
}

access::SubjectState StateOf(const store::SubjectRow& row) {
  if (row.erased_at) return access::SubjectState::kErased;
  if (row.restricted) return access::SubjectState::kRestricted;
  if (row.objected) return access::SubjectState::kObjected;
  return access::SubjectState::kActive;
}

std::set<std::string> ObjectedPurposes(const store::SubjectRow& row) {
  std::set<std::string> out;
  if (!row.objected) return out;
  std::string_view rest = row.objected_purposes;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    if (space != 0) out.emplace(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return out;
}

void SetTargetState(access::Target& target, const store::SubjectRow& row) {
  target.state = StateOf(row);
  target.objected_to = ObjectedPurposes(row);
}

}  // namespace internal

using internal::ReachOfCases;
using internal::ReachOfSubject;
using internal::SetTargetState;
using internal::StateOf;

Result<access::Decision> RecordsService::Authorise(Txn& t, const Actor& actor,
                                                   const access::Request& request,
                                                   std::string_view action,
                                                   const std::vector<std::string>& objects) {
  return Settle(t, actor, access::Decide(policy_, actor.principal, request), action, objects);
}

Result<access::Decision> RecordsService::Settle(Txn& t, const Actor& actor, access::Decision d,
                                                std::string_view action,
                                                const std::vector<std::string>& objects) {
  if (d.allowed && d.break_glass) {
    // The written reason is kept sealed for the DPO's review; the chain holds only the flag.
    store::BreakGlassRow row;
    row.at = clock_.NowUnixSeconds();
    row.actor = actor.code;
    row.objects = audit::JoinObjects(objects);
    row.purpose = AuditPurpose(actor);
    CK_ASSIGN_OR_RETURN(
        row.reason, crypto::Seal(vault_.session_key(), crypto::AsBytes(actor.break_glass_reason),
                                 crypto::AsBytes(BreakGlassAd(actor.code))));
    CK_TRY(t.AddBreakGlass(std::move(row)));
  }
  if (d.allowed) return d;
  CK_TRY(t.Finish(audit::AuditEvent{actor.code, std::string(action), objects, AuditPurpose(actor),
                                    "denied", "reason=" + d.reason},
                  internal::AuditMicros(clock_)));
  return Fail(ErrorCode::kPermissionDenied, d.message);
}

Result<access::Decision> RecordsService::AuthoriseRecord(Txn& t, const Actor& actor,
                                                         access::Action what,
                                                         const store::RecordRow& row,
                                                         std::string_view action,
                                                         const std::vector<std::string>& objects) {
  CK_ASSIGN_OR_RETURN(access::Decision d, RecordDecision(t, actor, what, row));
  return Settle(t, actor, std::move(d), action, objects);
}

Result<access::Decision> RecordsService::RecordDecision(Txn& t, const Actor& actor,
                                                        access::Action what,
                                                        const store::RecordRow& row) {
  access::Request request = RequestFor(actor, what, access::ObjectKind::kRecord);
  request.target.record_type = row.type;
  if (row.case_id) {
    CK_ASSIGN_OR_RETURN(request.target.reach,
                        ReachOfCases(t.tx(), actor.principal, {*row.case_id}));
  } else if (row.subject_id) {
    CK_ASSIGN_OR_RETURN(request.target.reach,
                        ReachOfSubject(t.tx(), actor.principal, *row.subject_id));
  } else {
    request.target.reach = Reach::kNoCase;
  }
  if (row.subject_id) {
    CK_ASSIGN_OR_RETURN(auto subject, t.tx().GetSubject(*row.subject_id));
    if (subject) SetTargetState(request.target, *subject);
    CK_TRY(GatherConsent(t, actor, {*row.subject_id}, &request.target));
  } else if (row.case_id && access::NeedsConsentFacts(policy_, actor.purpose)) {
    CK_ASSIGN_OR_RETURN(auto people, CasePeople(t, *row.case_id));
    CK_TRY(GatherConsent(t, actor, people, &request.target));
  }
  return access::Decide(policy_, actor.principal, request);
}

Result<access::Decision> RecordsService::AuthoriseSubject(Txn& t, const Actor& actor,
                                                          access::Action what,
                                                          const store::SubjectRow& row,
                                                          std::string_view action) {
  CK_ASSIGN_OR_RETURN(access::Decision d, SubjectDecision(t, actor, what, row));
  return Settle(t, actor, std::move(d), action, {row.code});
}

Result<access::Decision> RecordsService::SubjectDecision(Txn& t, const Actor& actor,
                                                         access::Action what,
                                                         const store::SubjectRow& row) {
  access::Request request = RequestFor(actor, what, access::ObjectKind::kSubject);
  CK_ASSIGN_OR_RETURN(request.target.reach, ReachOfSubject(t.tx(), actor.principal, row.id));
  SetTargetState(request.target, row);
  // An erased person's tombstone (code and kind) holds nothing personal: it may be seen.
  if (what == access::Action::kRead && row.erased_at) {
    request.target.state = access::SubjectState::kActive;
  }
  CK_TRY(GatherConsent(t, actor, {row.id}, &request.target));
  return access::Decide(policy_, actor.principal, request);
}

Result<access::Decision> RecordsService::AuthoriseCase(Txn& t, const Actor& actor,
                                                       access::Action what,
                                                       const store::CaseRow& row,
                                                       std::string_view action,
                                                       const std::vector<std::string>& objects) {
  access::Request request = RequestFor(actor, what, access::ObjectKind::kCase);
  CK_ASSIGN_OR_RETURN(request.target.reach, ReachOfCases(t.tx(), actor.principal, {row.id}));
  if (access::NeedsConsentFacts(policy_, actor.purpose)) {
    CK_ASSIGN_OR_RETURN(auto people, CasePeople(t, row.id));
    CK_TRY(GatherConsent(t, actor, people, &request.target));
  }
  return Authorise(t, actor, request, action, objects);
}

Status RecordsService::AuthoriseBatch(Txn& t, const Actor& actor, const Batch& batch,
                                      std::string_view action) {
  if (actor.principal.local_admin) return {};
  auto writable = [&](const access::Decision& d, const std::vector<policy::Field>& schema,
                      const nlohmann::json& fields) -> Status {
    if (auto f = access::FirstUnwritableField(schema, fields, d.categories)) {
      CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                        std::string(action),
                                        {},
                                        AuditPurpose(actor),
                                        "denied",
                                        "reason=field-not-writable"},
                      internal::AuditMicros(clock_)));
      return Fail(ErrorCode::kPermissionDenied,
                  "you may not write the field '" + *f + "' for this purpose");
    }
    return {};
  };
  // Cases the batch opens are assigned to their opener, so they are within reach.
  const Reach new_case = batch.assign_cases_to != 0 ? Reach::kAssigned : Reach::kNoCase;
  if (!batch.cases.empty()) {
    // Every new case is the same object to the decision: one question answers for all.
    CK_TRY(Authorise(t, actor,
                     RequestFor(actor, access::Action::kWrite, access::ObjectKind::kCase, new_case),
                     action, {}));
  }
  for (const auto& s : batch.subjects) {
    Reach reach = Reach::kNoCase;
    if (!s.case_code.empty()) {
      CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(s.case_code));
      CK_ASSIGN_OR_RETURN(reach, ReachOfCases(t.tx(), actor.principal, {c.id}));
    }
    CK_ASSIGN_OR_RETURN(auto d, Authorise(t, actor,
                                          RequestFor(actor, access::Action::kWrite,
                                                     access::ObjectKind::kSubject, reach),
                                          action, {}));
    const policy::SubjectKind* kind = policy_.FindSubjectKind(s.kind);
    if (kind != nullptr) CK_TRY(writable(d, kind->fields, s.fields));
  }
  for (const auto& r : batch.records) {
    Reach reach = Reach::kNoCase;
    access::Target state;  // the person's processing state only
    // People new in this batch have given no consent yet.
    std::vector<std::int64_t> people;
    if (!r.case_code.empty() && r.case_code[0] == '#') {
      reach = new_case;
    } else if (!r.case_code.empty()) {
      CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(r.case_code));
      CK_ASSIGN_OR_RETURN(reach, ReachOfCases(t.tx(), actor.principal, {c.id}));
      if (r.subject_code.empty() && access::NeedsConsentFacts(policy_, actor.purpose)) {
        CK_ASSIGN_OR_RETURN(people, CasePeople(t, c.id));
      }
    }
    if (!r.subject_code.empty() && r.subject_code[0] != '#') {
      CK_ASSIGN_OR_RETURN(store::SubjectRow s, t.Subject(r.subject_code));
      SetTargetState(state, s);
      people = {s.id};
      if (r.case_code.empty()) {
        CK_ASSIGN_OR_RETURN(reach, ReachOfSubject(t.tx(), actor.principal, s.id));
      }
    }
    auto req = RequestFor(actor, access::Action::kWrite, access::ObjectKind::kRecord, reach);
    req.target.record_type = r.type;
    req.target.state = state.state;
    req.target.objected_to = std::move(state.objected_to);
    CK_TRY(GatherConsent(t, actor, people, &req.target));
    CK_ASSIGN_OR_RETURN(auto d, Authorise(t, actor, req, action, {}));
    const policy::RecordType* type = policy_.FindRecordType(r.type);
    if (type != nullptr) CK_TRY(writable(d, type->fields, r.fields));
  }
  // Members and relationships join people and cases of the same batch, all checked above.
  return {};
}

Result<std::vector<std::string>> RecordsService::ListAssignments(const Actor& actor,
                                                                 std::string_view case_code) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(case_code));
  if (!access::HasCapability(policy_, actor.principal, policy::Capability::kManageUsers)) {
    CK_TRY(AuthoriseCase(t, actor, access::Action::kRead, c, "case.assignments", {c.code}));
  }
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ListCaseAssignments(c.id));
  std::vector<std::string> out;
  for (const auto& a : rows) {
    CK_ASSIGN_OR_RETURN(auto user, t.tx().GetUser(a.user_id));
    if (user) out.push_back(user->code);
  }
  std::vector<std::string> objects{c.code};
  objects.insert(objects.end(), out.begin(), out.end());
  CK_TRY(t.Finish(
      audit::AuditEvent{actor.code, "case.assignments", objects, AuditPurpose(actor), "ok", ""},
      internal::AuditMicros(clock_)));
  return out;
}

// Assign and Unassign: one body, `assign` telling which.
static Status ChangeAssignment(const policy::Policy& policy, store::Store& store, Vault& vault,
                               const Clock& clock, const Actor& actor, std::string_view case_code,
                               std::string_view user_code, bool assign) {
  const std::string action = assign ? "case.assign" : "case.unassign";
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store, vault, true));
  CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(case_code));
  // A user is named by code ("W-…") or username.
  std::optional<store::UserRow> user;
  if (auto code = crypto::ParseCode(user_code, crypto::kUserCodePrefix)) {
    CK_ASSIGN_OR_RETURN(user, t.tx().FindUserByCode(*code));
  } else {
    std::string name(user_code);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    CK_ASSIGN_OR_RETURN(user, t.tx().FindUserByName(name));
  }
  if (!user) return NotFound("no staff user '" + std::string(user_code) + "'");
  CK_ASSIGN_OR_RETURN(Reach reach, ReachOfCases(t.tx(), actor.principal, {c.id}));
  const access::Decision d = access::DecideAssignment(policy, actor.principal, reach);
  const std::int64_t now = clock.NowUnixSeconds();
  if (!d.allowed) {
    CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                      action,
                                      {c.code, user->code},
                                      AuditPurpose(actor),
                                      "denied",
                                      "reason=" + d.reason},
                    now * 1'000'000));
    return Fail(ErrorCode::kPermissionDenied, d.message);
  }
  if (assign) {
    if (user->disabled) {
      return Fail(ErrorCode::kFailedPrecondition, user->code + " is disabled");
    }
    auto added = t.tx().InsertAssignment(store::AssignmentRow{c.id, user->id, now});
    if (!added && added.error().code == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, user->code + " is already assigned to " + c.code);
    }
    CK_TRY(added);
  } else {
    auto removed = t.tx().DeleteAssignment(c.id, user->id);
    if (!removed && removed.error().code == ErrorCode::kNotFound) {
      return NotFound(user->code + " is not assigned to " + c.code);
    }
    CK_TRY(removed);
  }
  return t.Finish(audit::AuditEvent{actor.code,
                                    action,
                                    {c.code, user->code},
                                    AuditPurpose(actor),
                                    "ok",
                                    "decision=" + d.reason},
                  now * 1'000'000);
}

Status RecordsService::Assign(const Actor& actor, std::string_view case_code,
                              std::string_view user_code) {
  return ChangeAssignment(policy_, store_, vault_, clock_, actor, case_code, user_code, true);
}

Status RecordsService::Unassign(const Actor& actor, std::string_view case_code,
                                std::string_view user_code) {
  return ChangeAssignment(policy_, store_, vault_, clock_, actor, case_code, user_code, false);
}

}  // namespace casekeep::records
