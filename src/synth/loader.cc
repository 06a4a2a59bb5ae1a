#include "synth/loader.h"

#include <map>

namespace casekeep::synth {

void AppendToBatch(const Family& family, records::RecordsService::Batch& batch) {
  std::map<std::string, std::size_t> people;
  std::map<std::string, std::size_t> cases;
  for (const auto& p : family.people) {
    people[p.key] = batch.subjects.size();
    batch.subjects.push_back(records::NewSubject{p.kind, p.fields, {}, {}});
  }
  for (const auto& r : family.relationships) {
    batch.relationships.emplace_back(people.at(r.from), people.at(r.to), r.kind);
  }
  for (const auto& c : family.cases) {
    cases[c.key] = batch.cases.size();
    batch.cases.push_back(
        records::NewCase{c.service, c.referral_source, c.opened_on, c.flags, c.closed_on});
    for (const auto& m : c.members) {
      batch.members.emplace_back(cases[c.key], people.at(m.person), m.role);
    }
  }
  for (const auto& r : family.records) {
    records::NewRecord nr{r.type, "", "", r.occurred_on, r.fields};
    if (!r.case_key.empty()) nr.case_code = "#" + std::to_string(cases.at(r.case_key));
    if (!r.subject.empty()) nr.subject_code = "#" + std::to_string(people.at(r.subject));
    batch.records.push_back(std::move(nr));
  }
}

Result<LoadStats> LoadFamilies(records::RecordsService& service, Generator& generator,
                               std::int64_t records, std::int64_t batch_records,
                               const std::function<void(const LoadStats&)>& progress) {
  LoadStats stats;
  const records::Actor actor;
  while (stats.records < records) {
    records::RecordsService::Batch batch;
    std::int64_t families = 0;
    while (static_cast<std::int64_t>(batch.records.size()) < batch_records &&
           stats.records + static_cast<std::int64_t>(batch.records.size()) < records) {
      AppendToBatch(generator.NextFamily(), batch);
      ++families;
    }
    CK_TRY(service.AddBatch(actor, batch));
    stats.families += families;
    stats.subjects += static_cast<std::int64_t>(batch.subjects.size());
    stats.cases += static_cast<std::int64_t>(batch.cases.size());
    stats.records += static_cast<std::int64_t>(batch.records.size());
    if (progress) progress(stats);
  }
  return stats;
}

}  // namespace casekeep::synth
