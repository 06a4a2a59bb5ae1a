// Writing subjects, cases, members and records: one transaction, one audit entry. Single
// additions are batches of one, so there is one write path to keep right.
#include <algorithm>
#include <map>
#include <set>

#include "crypto/blind_index.h"
#include "crypto/codes.h"
#include "records/fields.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::InsertWithCode;
using internal::NormalisationFor;
using internal::Txn;

constexpr std::size_t kRecordCodeSymbols = 8;

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

Result<std::string> CheckedDate(std::string_view text, const Clock& clock, std::string_view what) {
  if (text.empty()) return TodayUk(clock).ToString();
  auto d = Date::Parse(text);
  if (!d) return InvalidArgument(std::string(what) + ": " + d.error().message);
  return d->ToString();
}

}  // namespace

class RecordsService::Writer {
 public:
  Writer(RecordsService& s, Txn& t) : s_(s), t_(t), now_(s.clock_.NowUnixSeconds()) {}

  Result<std::string> Subject(const NewSubject& in, std::int64_t* id_out) {
    const policy::SubjectKind* kind = s_.policy_.FindSubjectKind(in.kind);
    if (kind == nullptr) return InvalidArgument("unknown kind of person '" + in.kind + "'");
    CK_ASSIGN_OR_RETURN(nlohmann::json fields,
                        CheckFields(kind->fields, in.fields, "person of kind '" + in.kind + "'"));
    store::SubjectRow row;
    row.kind = in.kind;
    row.created_at = row.updated_at = now_;
    CK_ASSIGN_OR_RETURN(
        auto id, InsertWithCode(
                     row, crypto::kSubjectCodePrefix, crypto::kDefaultCodeSymbols,
                     [&](store::SubjectRow& r) -> Result<std::int64_t> {
                       CK_ASSIGN_OR_RETURN(
                           r.sealed, t_.SealFields(r.code, FieldsAd("subject", r.code, 1), fields));
                       return t_.tx().InsertSubject(r);
                     }));
    for (const auto& f : kind->fields) {
      if (!f.lookup || !fields.contains(f.id) || !fields[f.id].is_string()) continue;
      const std::string index_field = in.kind + "." + f.id;
      CK_ASSIGN_OR_RETURN(auto hash, s_.vault_.indexer().Index(index_field, NormalisationFor(f),
                                                               fields[f.id].get<std::string>()));
      CK_TRY(t_.tx().InsertBlindIndex(
          store::BlindIndexRow{index_field, store::Bytes(hash.begin(), hash.end()), id}));
    }
    if (id_out != nullptr) *id_out = id;
    return row.code;
  }

  Result<std::string> Case(const NewCase& in, std::int64_t* id_out) {
    if (s_.policy_.FindService(in.service) == nullptr) {
      return InvalidArgument("unknown service '" + in.service + "'");
    }
    if (!in.referral_source.empty() && !Contains(s_.policy_.referral_sources, in.referral_source)) {
      return InvalidArgument("unknown referral source '" + in.referral_source + "'");
    }
    for (const auto& flag : in.flags) {
      if (!Contains(s_.policy_.case_flags, flag)) {
        return InvalidArgument("unknown case flag '" + flag + "'");
      }
    }
    store::CaseRow row;
    row.service = in.service;
    row.referral_source = in.referral_source;
    CK_ASSIGN_OR_RETURN(row.opened_on, CheckedDate(in.opened_on, s_.clock_, "opened on"));
    if (in.closed_on) {
      CK_ASSIGN_OR_RETURN(std::string closed, CheckedDate(*in.closed_on, s_.clock_, "closed on"));
      if (closed < row.opened_on) {
        return InvalidArgument("a case cannot close (" + closed + ") before it opened (" +
                               row.opened_on + ")");
      }
      row.closed_on = closed;
    }
    row.flags = in.flags;
    std::sort(row.flags.begin(), row.flags.end());
    row.flags.erase(std::unique(row.flags.begin(), row.flags.end()), row.flags.end());
    row.created_at = row.updated_at = now_;
    CK_ASSIGN_OR_RETURN(auto id,
                        InsertWithCode(row, crypto::kCaseCodePrefix, crypto::kDefaultCodeSymbols,
                                       [&](store::CaseRow& r) { return t_.tx().InsertCase(r); }));
    if (id_out != nullptr) *id_out = id;
    return row.code;
  }

  Status Member(std::int64_t case_id, std::int64_t subject_id, std::string_view role) {
    CK_TRY(internal::CheckMemberRole(role));
    return t_.tx().InsertCaseMember(
        store::CaseMemberRow{case_id, subject_id, std::string(role), now_});
  }

  struct CaseRef {
    std::int64_t id = 0;
    std::string code;
    std::string service;
  };
  struct SubjectRef {
    std::int64_t id = 0;
    std::string code;
    std::string kind;
  };

  Result<std::string> Record(const NewRecord& in, const std::optional<CaseRef>& c,
                             const std::optional<SubjectRef>& subject) {
    const policy::RecordType* type = s_.policy_.FindRecordType(in.type);
    if (type == nullptr) return InvalidArgument("unknown record type '" + in.type + "'");
    if (type->case_record && !c) {
      return InvalidArgument("a record of type '" + in.type + "' belongs to a case; give its case");
    }
    if (!type->case_record && !subject) {
      return InvalidArgument("a record of type '" + in.type +
                             "' is kept on a person; give the person");
    }
    if (c && !type->services.empty() && !Contains(type->services, c->service)) {
      return InvalidArgument("a record of type '" + in.type + "' is not kept by service '" +
                             c->service + "' (case " + c->code + ")");
    }
    if (subject && !type->subject_kinds.empty() && !Contains(type->subject_kinds, subject->kind)) {
      return InvalidArgument("a record of type '" + in.type +
                             "' cannot be about a person of kind '" + subject->kind + "'");
    }
    CK_ASSIGN_OR_RETURN(nlohmann::json fields,
                        CheckFields(type->fields, in.fields, "record of type '" + in.type + "'"));
    store::RecordRow row;
    row.type = in.type;
    if (c) row.case_id = c->id;
    if (subject) row.subject_id = subject->id;
    row.owner = c ? c->code : subject->code;
    CK_ASSIGN_OR_RETURN(row.occurred_on, CheckedDate(in.occurred_on, s_.clock_, "occurred on"));
    row.created_at = row.updated_at = now_;
    CK_ASSIGN_OR_RETURN(
        auto id,
        InsertWithCode(
            row, 'R', kRecordCodeSymbols, [&](store::RecordRow& r) -> Result<std::int64_t> {
              CK_ASSIGN_OR_RETURN(r.sealed,
                                  t_.SealFields(r.owner, FieldsAd("record", r.code, 1), fields));
              return t_.tx().InsertRecord(r);
            }));
    written_.push_back(id);
    if (type->contact && c) {
      auto& latest = last_contact_[c->id];
      latest = std::max(latest, row.occurred_on);
    }
    return row.code;
  }

  //! Moves each case's last-contact date forward to the newest contact record written.
  Status UpdateLastContact() {
    for (const auto& [case_id, date] : last_contact_) {
      CK_ASSIGN_OR_RETURN(auto row, t_.tx().GetCase(case_id));
      if (!row || (row->last_contact_on && *row->last_contact_on >= date)) continue;
      row->last_contact_on = date;
      row->updated_at = now_;
      row->version += 1;
      CK_TRY(t_.tx().UpdateCase(*row));
      contact_cases_.push_back(case_id);
    }
    return {};
  }

  //! The records whose retention dates may have changed: those written, and every record of a
  //! case whose last contact moved (docs/retention.md).
  Result<std::vector<std::int64_t>> Touched() {
    std::set<std::int64_t> ids(written_.begin(), written_.end());
    for (std::int64_t case_id : contact_cases_) {
      CK_ASSIGN_OR_RETURN(auto more, t_.tx().ListCaseRecordIds(case_id));
      ids.insert(more.begin(), more.end());
    }
    return std::vector<std::int64_t>(ids.begin(), ids.end());
  }

  std::int64_t now() const { return now_; }

 private:
  RecordsService& s_;
  Txn& t_;
  std::int64_t now_;
  std::map<std::int64_t, std::string> last_contact_;
  std::vector<std::int64_t> written_;        //!< ids of the records inserted
  std::vector<std::int64_t> contact_cases_;  //!< cases whose last contact moved
};

Result<RecordsService::BatchResult> RecordsService::WriteBatch(const Actor& actor,
                                                               const Batch& batch,
                                                               std::string_view action) {
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_TRY(AuthoriseBatch(t, actor, batch, action));
  Writer w(*this, t);
  BatchResult out;
  std::vector<Writer::SubjectRef> subjects;
  std::vector<Writer::CaseRef> cases;
  for (const auto& s : batch.subjects) {
    std::int64_t id = 0;
    CK_ASSIGN_OR_RETURN(std::string code, w.Subject(s, &id));
    subjects.push_back({id, code, s.kind});
    out.subject_codes.push_back(std::move(code));
    if (!s.case_code.empty()) {
      CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(s.case_code));
      auto added = w.Member(c.id, id, s.member_role.empty() ? "member" : s.member_role);
      if (!added) return std::unexpected(added.error());
    }
  }
  for (const auto& c : batch.cases) {
    std::int64_t id = 0;
    CK_ASSIGN_OR_RETURN(std::string code, w.Case(c, &id));
    cases.push_back({id, code, c.service});
    out.case_codes.push_back(std::move(code));
    if (batch.assign_cases_to != 0) {
      CK_TRY(t.tx().InsertAssignment(store::AssignmentRow{id, batch.assign_cases_to, w.now()}));
    }
  }
  for (const auto& [ci, si, role] : batch.members) {
    if (ci >= cases.size() || si >= subjects.size()) {
      return InvalidArgument("a case member refers to a case or person outside the batch");
    }
    CK_TRY(w.Member(cases[ci].id, subjects[si].id, role));
  }
  for (const auto& [from, to, kind] : batch.relationships) {
    if (from >= subjects.size() || to >= subjects.size() || from == to) {
      return InvalidArgument("a relationship refers to a person outside the batch");
    }
    CK_TRY(internal::CheckRelationshipKind(kind));
    CK_TRY(t.tx().InsertRelationship(
        store::RelationshipRow{0, subjects[from].id, subjects[to].id, kind, w.now()}));
  }
  std::map<std::string, Writer::CaseRef> case_cache;
  std::map<std::string, Writer::SubjectRef> subject_cache;
  for (std::size_t i = 0; i < batch.records.size(); ++i) {
    const NewRecord& r = batch.records[i];
    std::optional<Writer::CaseRef> c;
    std::optional<Writer::SubjectRef> subject;
    auto batch_index = [](const std::string& ref, std::size_t size) -> std::optional<std::size_t> {
      if (ref.size() < 2 || ref[0] != '#') return std::nullopt;
      std::size_t n = 0;
      for (char ch : ref.substr(1)) {
        if (ch < '0' || ch > '9') return size;
        n = n * 10 + static_cast<std::size_t>(ch - '0');
        if (n > size) return size;
      }
      return n;
    };
    if (!r.case_code.empty()) {
      if (auto idx = batch_index(r.case_code, cases.size())) {
        if (*idx >= cases.size())
          return InvalidArgument("record " + std::to_string(i + 1) + ": no case " + r.case_code +
                                 " in the batch");
        c = cases[*idx];
      } else if (auto it = case_cache.find(r.case_code); it != case_cache.end()) {
        c = it->second;
      } else {
        CK_ASSIGN_OR_RETURN(store::CaseRow row, t.Case(r.case_code));
        c = Writer::CaseRef{row.id, row.code, row.service};
        case_cache.emplace(r.case_code, *c);
      }
    }
    if (!r.subject_code.empty()) {
      if (auto idx = batch_index(r.subject_code, subjects.size())) {
        if (*idx >= subjects.size())
          return InvalidArgument("record " + std::to_string(i + 1) + ": no person " +
                                 r.subject_code + " in the batch");
        subject = subjects[*idx];
      } else if (auto it = subject_cache.find(r.subject_code); it != subject_cache.end()) {
        subject = it->second;
      } else {
        CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(r.subject_code));
        if (row.erased_at)
          return Fail(ErrorCode::kFailedPrecondition, row.code + " has been erased");
        subject = Writer::SubjectRef{row.id, row.code, row.kind};
        subject_cache.emplace(r.subject_code, *subject);
      }
    }
    auto code = w.Record(r, c, subject);
    if (!code) {
      if (batch.records.size() == 1) return std::unexpected(code.error());
      return Fail(code.error().code,
                  "record " + std::to_string(i + 1) + ": " + code.error().message);
    }
    out.record_codes.push_back(std::move(*code));
  }
  CK_TRY(w.UpdateLastContact());
  CK_ASSIGN_OR_RETURN(auto touched, w.Touched());
  CK_TRY(RefreshRetention(t, touched));
  audit::AuditEvent event{actor.code, std::string(action), {}, actor.purpose, "ok", ""};
  for (const auto* codes : {&out.subject_codes, &out.case_codes, &out.record_codes}) {
    event.objects.insert(event.objects.end(), codes->begin(), codes->end());
  }
  if (batch.subjects.size() + batch.cases.size() + batch.records.size() > 1) {
    event.detail = "subjects=" + std::to_string(out.subject_codes.size()) +
                   " cases=" + std::to_string(out.case_codes.size()) +
                   " records=" + std::to_string(out.record_codes.size());
  }
  CK_TRY(t.Finish(event, w.now() * 1'000'000));
  return out;
}

Result<RecordsService::BatchResult> RecordsService::AddBatch(const Actor& actor,
                                                             const Batch& batch) {
  return WriteBatch(actor, batch, "batch.create");
}

}  // namespace casekeep::records
