// Anonymisation of free text about a person (docs/anonymisation.md): the draft and the release
// after human review. The names removed come from the person's own fields and those of everyone
// linked to them; the text itself is never stored or audited, only counts per type.
#include <set>
#include <string>

#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {

using internal::Txn;

namespace {

// Fields that hold a name: "name", "*_name", "known_as", "alias".
bool IsNameField(const policy::SubjectKind& kind, const std::string& id) {
  for (const auto& f : kind.fields) {
    if (f.id != id) continue;
    return id == "name" || id.ends_with("_name") || id == "known_as" || id == "alias" ||
           id == "aliases";
  }
  return false;
}

}  // namespace

Result<anonymise::Context> RecordsService::AnonymiseContext(Txn& t,
                                                            const store::SubjectRow& subject) {
  std::vector<std::int64_t> ids = {subject.id};
  std::set<std::int64_t> seen = {subject.id};
  auto add = [&](std::int64_t id) {
    if (seen.insert(id).second) ids.push_back(id);
  };
  CK_ASSIGN_OR_RETURN(auto relationships, t.tx().ListRelationships(subject.id));
  for (const auto& r : relationships)
    add(r.from_subject == subject.id ? r.to_subject : r.from_subject);
  CK_ASSIGN_OR_RETURN(auto memberships, t.tx().ListCasesOfSubject(subject.id));
  for (const auto& m : memberships) {
    CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(m.case_id));
    for (const auto& other : members) add(other.subject_id);
  }
  anonymise::Context context;
  for (std::int64_t id : ids) {
    CK_ASSIGN_OR_RETURN(auto row, t.tx().GetSubject(id));
    if (!row || row->erased_at) continue;
    const policy::SubjectKind* kind = policy_.FindSubjectKind(row->kind);
    if (kind == nullptr) continue;
    bool erased = false;
    CK_ASSIGN_OR_RETURN(
        auto fields, t.OpenFields(row->code, internal::FieldsAd("subject", row->code, row->version),
                                  row->sealed, &erased));
    if (erased || !fields.is_object()) continue;
    anonymise::Person person;
    for (const auto& [key, value] : fields.items()) {
      if (!IsNameField(*kind, key)) continue;
      if (value.is_string() && !value.get<std::string>().empty()) {
        person.names.push_back(value.get<std::string>());
      } else if (value.is_array()) {
        for (const auto& v : value) {
          if (v.is_string() && !v.get<std::string>().empty())
            person.names.push_back(v.get<std::string>());
        }
      }
    }
    // The person stays numbered first even without a name, so [NAME-1] is always them.
    if (!person.names.empty() || id == subject.id) context.people.push_back(std::move(person));
  }
  return context;
}

Result<anonymise::Anonymised> RecordsService::DraftAnonymised(const Actor& actor,
                                                              std::string_view subject,
                                                              std::string_view text) {
  CK_TRY(anonymise::CheckText(text));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(subject));
  CK_ASSIGN_OR_RETURN(auto d,
                      AuthoriseSubject(t, actor, access::Action::kRead, row, "anonymise.draft"));
  CK_ASSIGN_OR_RETURN(auto context, AnonymiseContext(t, row));
  CK_ASSIGN_OR_RETURN(auto draft, anonymise::Anonymise(text, context));
  std::string detail = anonymise::CountsByKind(draft.replacements);
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "anonymise.draft",
                                    {row.code},
                                    actor.purpose,
                                    "ok",
                                    internal::DecisionDetail(d, detail)},
                  internal::AuditMicros(clock_)));
  return draft;
}

Result<anonymise::Anonymised> RecordsService::ReleaseAnonymised(
    const Actor& actor, std::string_view subject, std::string_view text,
    const anonymise::Decisions& decisions) {
  CK_TRY(anonymise::CheckText(text));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(subject));
  CK_ASSIGN_OR_RETURN(auto d,
                      AuthoriseSubject(t, actor, access::Action::kRead, row, "anonymise.release"));
  CK_ASSIGN_OR_RETURN(auto context, AnonymiseContext(t, row));
  CK_ASSIGN_OR_RETURN(auto released, anonymise::Release(text, context, decisions));
  // Counts only: what stays replaced per type, and how many decisions changed the draft.
  std::string detail = anonymise::CountsByKind(released.replacements);
  if (!detail.empty()) detail += ' ';
  detail += "restored:" + std::to_string(decisions.restore.size()) +
            " added:" + std::to_string(decisions.redact.size());
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "anonymise.release",
                                    {row.code},
                                    actor.purpose,
                                    "ok",
                                    internal::DecisionDetail(d, detail)},
                  internal::AuditMicros(clock_)));
  return released;
}

}  // namespace casekeep::records
