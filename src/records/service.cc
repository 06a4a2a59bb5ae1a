// Single operations of the records service: each is one transaction ending in one audit entry.
#include "records/service.h"

#include <algorithm>

#include "access/fields.h"
#include "crypto/blind_index.h"
#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "policy/notice.h"
#include "records/audit_batcher.h"
#include "records/fields.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::Txn;

audit::AuditEvent Event(const Actor& actor, std::string action, std::vector<std::string> objects,
                        const access::Decision* d = nullptr) {
  return audit::AuditEvent{actor.code,
                           std::move(action),
                           std::move(objects),
                           actor.purpose,
                           "ok",
                           d != nullptr ? internal::DecisionDetail(*d) : ""};
}

const std::vector<policy::Field>& KindFields(const policy::Policy& policy, std::string_view kind) {
  static const std::vector<policy::Field> kNone;
  const policy::SubjectKind* k = policy.FindSubjectKind(kind);
  return k == nullptr ? kNone : k->fields;
}

}  // namespace

RecordsService::RecordsService(const policy::Policy& policy, store::Store& store, Vault& vault,
                               const Clock& clock)
    : policy_(policy),
      store_(store),
      vault_(vault),
      clock_(clock),
      batcher_(std::make_unique<internal::AuditBatcher>(store, vault.audit_key())),
      notice_text_(policy::RenderNotice(policy, policy::DocFormat::kMarkdown)),
      notice_hash_(crypto::ToHex(crypto::Sha256(crypto::AsBytes(notice_text_)))) {}

RecordsService::~RecordsService() = default;

Result<Txn> RecordsService::BeginRead() {
  return Txn::BeginRead(store_, vault_, *batcher_);
}

Result<SubjectView> RecordsService::AddSubject(const Actor& actor, const NewSubject& subject) {
  Batch batch;
  batch.subjects.push_back(subject);
  CK_ASSIGN_OR_RETURN(BatchResult r, WriteBatch(actor, batch, "subject.create"));
  return GetSubject(actor, r.subject_codes.front());
}

namespace {

// A person's view without their fields: code, kind, versions and processing state, which are
// shown wherever the person is (a restriction is flagged in every view of them).
SubjectView HeadOf(const store::SubjectRow& row) {
  SubjectView v{row.code,    row.kind,      nlohmann::json::object(), row.erased_at.has_value(),
                row.version, row.created_at};
  v.restricted = row.restricted;
  v.objected = row.objected;
  for (const auto& id : internal::ObjectedPurposes(row)) v.objected_to.push_back(id);
  return v;
}

}  // namespace

Result<SubjectView> RecordsService::GetSubject(const Actor& actor, std::string_view code) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(code));
  CK_ASSIGN_OR_RETURN(auto d,
                      AuthoriseSubject(t, actor, access::Action::kRead, row, "subject.read"));
  SubjectView v = HeadOf(row);
  if (!v.erased) {
    CK_ASSIGN_OR_RETURN(v.fields, t.OpenFields(row.code, FieldsAd("subject", row.code, row.version),
                                               row.sealed, &v.erased));
    v.fields = access::VisibleFields(KindFields(policy_, row.kind), v.fields, d.categories);
  }
  CK_TRY(t.Finish(Event(actor, "subject.read", {row.code}, &d), internal::AuditMicros(clock_)));
  return v;
}

Result<std::vector<SubjectView>> RecordsService::FindSubjects(const Actor& actor,
                                                              std::string_view field,
                                                              std::string_view value) {
  std::vector<std::int64_t> ids;
  bool searchable = false;
  {
    CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
    for (const auto& kind : policy_.subject_kinds) {
      for (const auto& f : kind.fields) {
        if (f.id != field || !f.lookup) continue;
        searchable = true;
        const std::string index_field = kind.id + "." + f.id;
        const crypto::Normalisation n = internal::NormalisationFor(f);
        auto hash = vault_.indexer().Index(index_field, n, value);
        if (!hash)
          return InvalidArgument("cannot search " + std::string(field) + ": " +
                                 hash.error().message);
        CK_ASSIGN_OR_RETURN(auto found, tx->LookupBlindIndex(
                                            index_field, store::Bytes(hash->begin(), hash->end())));
        ids.insert(ids.end(), found.begin(), found.end());
      }
    }
  }
  if (!searchable) {
    return InvalidArgument("'" + std::string(field) +
                           "' is not a lookup field of any kind of person in the policy");
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  std::vector<SubjectView> out;
  std::vector<std::string> codes;
  std::size_t hidden = 0;
  // Break-glass opens one person with a reason; it never widens a search.
  Actor searching = actor;
  searching.break_glass_reason.clear();
  for (std::int64_t id : ids) {
    CK_ASSIGN_OR_RETURN(auto row, t.tx().GetSubject(id));
    if (!row || row->erased_at) continue;
    // People the actor may not see are left out of the results.
    CK_ASSIGN_OR_RETURN(access::Decision d,
                        SubjectDecision(t, searching, access::Action::kRead, *row));
    if (!d.allowed) {
      ++hidden;
      continue;
    }
    SubjectView v = HeadOf(*row);
    CK_ASSIGN_OR_RETURN(
        v.fields, t.OpenFields(row->code, FieldsAd("subject", row->code, row->version), row->sealed,
                               &v.erased));
    v.fields = access::VisibleFields(KindFields(policy_, row->kind), v.fields, d.categories);
    codes.push_back(row->code);
    out.push_back(std::move(v));
  }
  auto event = Event(actor, "subject.search", codes);
  event.detail = "field=" + std::string(field) + " matches=" + std::to_string(codes.size());
  if (hidden > 0) event.detail += " hidden=" + std::to_string(hidden);
  CK_TRY(t.Finish(event, internal::AuditMicros(clock_)));
  return out;
}

Status RecordsService::SetProcessingState(const Actor& actor, std::string_view code,
                                          bool restricted, bool objected) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "subject.processing"));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(code));
  if (row.erased_at) return Fail(ErrorCode::kFailedPrecondition, row.code + " has been erased");
  // The fields are sealed to their version, so a new version is sealed afresh.
  bool erased = false;
  CK_ASSIGN_OR_RETURN(
      auto fields,
      t.OpenFields(row.code, FieldsAd("subject", row.code, row.version), row.sealed, &erased));
  row.version += 1;
  row.updated_at = clock_.NowUnixSeconds();
  row.restricted = restricted;
  row.objected = objected;
  row.objected_purposes = objected ? "*" : "";
  CK_ASSIGN_OR_RETURN(row.sealed,
                      t.SealFields(row.code, FieldsAd("subject", row.code, row.version), fields));
  CK_TRY(t.tx().UpdateSubject(row));
  auto event = Event(actor, "subject.processing", {row.code});
  event.detail =
      std::string("restricted=") + (restricted ? "1" : "0") + " objected=" + (objected ? "1" : "0");
  return t.Finish(event, row.updated_at * 1'000'000);
}

Status RecordsService::AddRelationship(const Actor& actor, std::string_view from,
                                       std::string_view to, std::string_view kind) {
  CK_TRY(internal::CheckRelationshipKind(kind));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow a, t.Subject(from));
  CK_ASSIGN_OR_RETURN(store::SubjectRow b, t.Subject(to));
  if (a.id == b.id) return InvalidArgument("a person cannot be related to themselves");
  CK_TRY(AuthoriseSubject(t, actor, access::Action::kWrite, a, "relationship.create"));
  CK_TRY(AuthoriseSubject(t, actor, access::Action::kWrite, b, "relationship.create"));
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_TRY(t.tx().InsertRelationship(store::RelationshipRow{0, a.id, b.id, std::string(kind), now}));
  auto event = Event(actor, "relationship.create", {a.code, b.code});
  event.detail = std::string(kind);
  return t.Finish(event, now * 1'000'000);
}

Result<CaseView> RecordsService::OpenCase(const Actor& actor, const NewCase& c) {
  Batch batch;
  batch.cases.push_back(c);
  batch.assign_cases_to = actor.principal.user_id;
  CK_ASSIGN_OR_RETURN(BatchResult r, WriteBatch(actor, batch, "case.open"));
  return GetCase(actor, r.case_codes.front());
}

Result<CaseView> RecordsService::CloseCase(const Actor& actor, std::string_view code,
                                           std::string_view closed_on) {
  return SetCaseDate(actor, code, closed_on, true);
}

Result<CaseView> RecordsService::CompleteTransfer(const Actor& actor, std::string_view code,
                                                  std::string_view transferred_on) {
  return SetCaseDate(actor, code, transferred_on, false);
}

// Closing a case and completing its transfer: a date set once, from which retention may count.
Result<CaseView> RecordsService::SetCaseDate(const Actor& actor, std::string_view code,
                                             std::string_view on, bool close) {
  const std::string action = close ? "case.close" : "case.transfer";
  const std::string what = close ? "closed on" : "transferred on";
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::CaseRow row, t.Case(code));
  CK_ASSIGN_OR_RETURN(auto d,
                      AuthoriseCase(t, actor, access::Action::kWrite, row, action, {row.code}));
  std::optional<std::string>& field = close ? row.closed_on : row.transferred_on;
  if (field) {
    return Fail(ErrorCode::kFailedPrecondition, row.code + " was already " + what + " " + *field);
  }
  std::string date = on.empty() ? TodayUk(clock_).ToString() : std::string(on);
  auto parsed = Date::Parse(date);
  if (!parsed) return InvalidArgument(what + ": " + parsed.error().message);
  if (*parsed > TodayUk(clock_)) return InvalidArgument(what + ": " + date + " is in the future");
  if (date < row.opened_on) {
    return InvalidArgument("a case cannot be " + what + " " + date + ", before it opened (" +
                           row.opened_on + ")");
  }
  field = date;
  row.version += 1;
  row.updated_at = clock_.NowUnixSeconds();
  CK_TRY(t.tx().UpdateCase(row));
  // Retention may count from this date: the case's records are dated again.
  CK_TRY(RefreshCaseRetention(t, row.id));
  CK_TRY(t.Finish(Event(actor, action, {row.code}, &d), row.updated_at * 1'000'000));
  return GetCase(actor, row.code);
}

Result<CaseView> RecordsService::GetCase(const Actor& actor, std::string_view code) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::CaseRow row, t.Case(code));
  CK_ASSIGN_OR_RETURN(auto d,
                      AuthoriseCase(t, actor, access::Action::kRead, row, "case.read", {row.code}));
  CaseView v{row.code,
             row.service,
             row.referral_source,
             row.opened_on,
             row.closed_on,
             row.flags,
             row.last_contact_on,
             row.transferred_on,
             {},
             row.version};
  CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(row.id));
  std::vector<std::string> objects{row.code};
  for (const auto& m : members) {
    CK_ASSIGN_OR_RETURN(auto subject, t.tx().GetSubject(m.subject_id));
    if (!subject) continue;
    v.members.push_back({subject->code, m.role, subject->restricted});
  }
  CK_TRY(t.Finish(Event(actor, "case.read", objects, &d), internal::AuditMicros(clock_)));
  return v;
}

Status RecordsService::AddMember(const Actor& actor, std::string_view case_code,
                                 std::string_view subject_code, std::string_view role) {
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(case_code));
  CK_ASSIGN_OR_RETURN(store::SubjectRow s, t.Subject(subject_code));
  if (s.erased_at) return Fail(ErrorCode::kFailedPrecondition, s.code + " has been erased");
  CK_TRY(internal::CheckMemberRole(role));
  CK_ASSIGN_OR_RETURN(auto d, AuthoriseCase(t, actor, access::Action::kWrite, c, "case.add_member",
                                            {c.code, s.code}));
  const std::int64_t now = clock_.NowUnixSeconds();
  auto added = t.tx().InsertCaseMember(store::CaseMemberRow{c.id, s.id, std::string(role), now});
  if (!added && added.error().code == ErrorCode::kAlreadyExists) {
    return Fail(ErrorCode::kAlreadyExists, s.code + " is already a member of " + c.code);
  }
  CK_TRY(added);
  auto event = Event(actor, "case.add_member", {c.code, s.code}, &d);
  event.detail += (event.detail.empty() ? "role=" : " role=") + std::string(role);
  return t.Finish(event, now * 1'000'000);
}

}  // namespace casekeep::records
