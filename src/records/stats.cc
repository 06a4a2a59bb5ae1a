// Statistics: gathering the facts of reports and extracts from the store (docs/statistics.md).
// Everything personal is derived and discarded here, inside one read snapshot: a date of birth
// becomes an age, a postcode a district, a session record an attended flag, a person an
// interned number. The caller receives the table or the extract, never an identifier.
#include "records/stats.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "crypto/blind_index.h"
#include "crypto/random.h"
#include "records/service.h"
#include "records/writer.h"
#include "stats/engine.h"
#include "stats/extract.h"
#include "stats/facts.h"

namespace casekeep::records {

using internal::FieldsAd;
using internal::Txn;

namespace {

// Case ids are handed out in increasing order and cases are never deleted; a run this long
// of missing ids (left by rolled-back inserts) means the end.
constexpr std::int64_t kMaxIdGap = 1000;
constexpr std::int64_t kPage = 500;

struct Person {
  bool excluded = false;  // erased, restricted or objected: not used for statistics
  std::uint32_t index = 0;
  std::optional<Date> born;
  std::uint32_t district = 0;
};

std::string Text(const nlohmann::json& fields, const std::string& id) {
  auto it = fields.find(id);
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint8_t AgeAt(const std::optional<Date>& born, const std::string& on) {
  if (!born) return stats::kUnknownAge;
  auto day = Date::Parse(on);
  if (!day || *day < *born) return stats::kUnknownAge;
  int age = day->year() - born->year();
  if (day->month() < born->month() || (day->month() == born->month() && day->day() < born->day())) {
    --age;
  }
  return static_cast<std::uint8_t>(std::min(age, 120));
}

std::uint16_t MonthOf(const std::string& on) {
  auto day = Date::Parse(on);
  return day ? stats::MonthIndex(day->year(), day->month()) : std::uint16_t{0};
}

}  // namespace

std::string ReportsPath(const DataFolder& folder) {
  return folder.dir() + "/reports.toml";
}

Result<stats::Definitions> LoadReportDefinitions(DataFolder& folder) {
  return stats::LoadDefinitionsFile(ReportsPath(folder), folder.policy());
}

Status RecordsService::GatherFacts(Txn& t, const stats::Mappings& m, stats::FactTable& facts,
                                   std::vector<std::string>* person_codes) {
  std::unordered_map<std::int64_t, Person> people;
  auto person = [&](std::int64_t id) -> Result<const Person*> {
    if (auto it = people.find(id); it != people.end()) return &it->second;
    CK_ASSIGN_OR_RETURN(auto row, t.tx().GetSubject(id));
    Person p;
    const policy::SubjectKind* kind = row ? policy_.FindSubjectKind(row->kind) : nullptr;
    // Professionals act in their role: they are not the people a service counts.
    p.excluded = !row || row->erased_at.has_value() || row->restricted || row->objected ||
                 kind == nullptr || kind->professional;
    if (!p.excluded) {
      bool erased = false;
      CK_ASSIGN_OR_RETURN(auto fields,
                          t.OpenFields(row->code, FieldsAd("subject", row->code, row->version),
                                       row->sealed, &erased));
      p.excluded = erased;
      if (auto born = Date::Parse(Text(fields, m.age_field))) p.born = *born;
      const std::string district = stats::PostcodeDistrict(Text(fields, m.postcode_field));
      CK_ASSIGN_OR_RETURN(p.district, facts.districts.Id(district));
      p.index = facts.people++;
      if (person_codes != nullptr) person_codes->push_back(row->code);
    }
    return &people.emplace(id, std::move(p)).first->second;
  };

  std::int64_t missing = 0;
  for (std::int64_t case_id = 1; missing < kMaxIdGap; ++case_id) {
    CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(case_id));
    if (!c) {
      ++missing;
      continue;
    }
    missing = 0;
    CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(case_id));
    std::vector<std::pair<std::int64_t, const Person*>> included;
    for (const auto& member : members) {
      CK_ASSIGN_OR_RETURN(const Person* p, person(member.subject_id));
      if (!p->excluded) included.emplace_back(member.subject_id, p);
    }
    if (included.empty()) continue;  // nobody in it may be counted
    // Sessions per person (records about nobody in particular count for the first member),
    // and the outcome from the latest outcome record.
    std::map<std::int64_t, std::pair<int, int>> sessions;  // subject id -> (sessions, attended)
    std::string outcome = c->transferred_on ? "transferred" : c->closed_on ? "closed" : "open";
    for (const auto& [type, is_session] :
         {std::pair{m.session_type, true}, std::pair{m.outcome_type, false}}) {
      if (type.empty()) continue;
      store::RecordFilter filter;
      filter.case_id = case_id;
      filter.type = type;
      filter.limit = kPage;
      std::string latest_on;
      for (;;) {
        CK_ASSIGN_OR_RETURN(auto page, t.tx().ListRecords(filter));
        for (const auto& r : page) {
          bool erased = false;
          CK_ASSIGN_OR_RETURN(
              auto fields,
              t.OpenFields(r.owner, FieldsAd("record", r.code, r.version), r.sealed, &erased));
          if (erased) continue;
          if (!is_session) {
            if (r.occurred_on >= latest_on) {
              latest_on = r.occurred_on;
              outcome = Text(fields, m.outcome_field);
            }
            continue;
          }
          const std::string value = Text(fields, m.attendance_field);
          const bool attended = std::find(m.attended_values.begin(), m.attended_values.end(),
                                          value) != m.attended_values.end();
          std::int64_t who = included.front().first;
          if (r.subject_id) {
            // A session about someone left out is not counted at all.
            auto it = std::find_if(included.begin(), included.end(),
                                   [&](const auto& x) { return x.first == *r.subject_id; });
            if (it == included.end()) continue;
            who = it->first;
          }
          sessions[who].first += 1;
          sessions[who].second += attended ? 1 : 0;
        }
        if (static_cast<std::int64_t>(page.size()) < kPage) break;
        filter.after_id = page.back().id;
      }
    }
    CK_ASSIGN_OR_RETURN(auto service, facts.services.Id(c->service));
    CK_ASSIGN_OR_RETURN(auto referral, facts.referrals.Id(c->referral_source));
    CK_ASSIGN_OR_RETURN(auto outcome_id, facts.outcomes.Id(outcome));
    bool lead = true;
    for (const auto& [subject_id, p] : included) {
      stats::Fact f;
      f.person = p->index;
      f.month = MonthOf(c->opened_on);
      f.district = static_cast<std::uint16_t>(p->district);
      f.service = static_cast<std::uint8_t>(service);
      f.referral = static_cast<std::uint8_t>(referral);
      f.outcome = static_cast<std::uint8_t>(outcome_id);
      f.age = AgeAt(p->born, c->opened_on);
      f.lead = lead ? 1 : 0;
      const auto [n, attended] = sessions[subject_id];
      f.sessions = static_cast<std::uint16_t>(std::min(n, 65535));
      f.attended = static_cast<std::uint16_t>(std::min(attended, 65535));
      facts.rows.push_back(f);
      lead = false;
    }
  }
  return {};
}

Result<stats::Table> RecordsService::RunReport(const Actor& actor, const stats::ReportDef& def,
                                               stats::MonthRange range) {
  CK_TRY(RequireCapability(actor, policy::Capability::kRunReports, "report.run"));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  stats::FactTable facts;
  CK_TRY(GatherFacts(t, def.mappings, facts, nullptr));
  CK_ASSIGN_OR_RETURN(auto table, stats::RunReport(def, policy_.settings, facts, range));
  std::size_t hidden = 0;
  for (auto h : table.hidden) hidden += h != stats::Hidden::kNo ? 1u : 0u;
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "report.run",
                                    {},
                                    actor.purpose,
                                    "ok",
                                    "report=" + def.id + " facts=" + std::to_string(table.facts) +
                                        " cells=" + std::to_string(table.hidden.size()) +
                                        " suppressed=" + std::to_string(hidden)},
                  internal::AuditMicros(clock_)));
  return table;
}

Result<stats::Extract> RecordsService::RunExtract(const Actor& actor, const stats::ExtractDef& def,
                                                  stats::MonthRange range) {
  CK_TRY(RequireCapability(actor, policy::Capability::kRunReports, "extract.run"));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  stats::FactTable facts;
  std::vector<std::string> codes;
  CK_TRY(GatherFacts(t, def.mappings, facts, &codes));
  // A key of this extract alone: the same person has the same pseudonym throughout the
  // extract and a different one in every other; the key is forgotten when the call returns.
  CK_ASSIGN_OR_RETURN(auto key, crypto::RandomKey());
  CK_ASSIGN_OR_RETURN(auto hasher, crypto::BlindIndexer::Create(key));
  std::vector<std::string> pseudonyms;
  pseudonyms.reserve(codes.size());
  for (const auto& code : codes) {
    CK_ASSIGN_OR_RETURN(auto hex, hasher.IndexHex("extract", crypto::Normalisation::kText, code));
    pseudonyms.push_back("X-" + hex.substr(0, 16));
  }
  codes.clear();
  auto extract = stats::RunExtract(def, policy_.settings, facts, range,
                                   [&](std::uint32_t p) { return pseudonyms[p]; });
  const std::string detail = "extract=" + def.id + " facts=" + std::to_string(facts.rows.size());
  if (!extract) {
    CK_TRY(t.Finish(
        audit::AuditEvent{
            actor.code, "extract.run", {}, actor.purpose, "refused", detail + " below_k"},
        internal::AuditMicros(clock_)));
    return std::unexpected(extract.error());
  }
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "extract.run",
                                    {},
                                    actor.purpose,
                                    "ok",
                                    detail + " rows=" + std::to_string(extract->rows.size()) +
                                        " k=" + std::to_string(extract->k) + " generalised=" +
                                        std::to_string(extract->generalised.size())},
                  internal::AuditMicros(clock_)));
  return extract;
}

}  // namespace casekeep::records
