#include "records/views_json.h"

namespace casekeep::records {

nlohmann::json ToJson(const SubjectView& v) {
  nlohmann::json j{{"code", v.code}, {"kind", v.kind}, {"version", v.version}};
  if (v.erased) j["erased"] = true;
  j["fields"] = v.fields;
  return j;
}

nlohmann::json ToJson(const CaseView& v) {
  nlohmann::json j{{"code", v.code},
                   {"service", v.service},
                   {"opened_on", v.opened_on},
                   {"flags", v.flags},
                   {"version", v.version}};
  if (!v.referral_source.empty()) j["referral_source"] = v.referral_source;
  if (v.closed_on) j["closed_on"] = *v.closed_on;
  if (v.last_contact_on) j["last_contact_on"] = *v.last_contact_on;
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : v.members) members.push_back({{"subject", m.subject}, {"role", m.role}});
  j["members"] = members;
  return j;
}

nlohmann::json ToJson(const RecordView& v) {
  nlohmann::json j{
      {"code", v.code}, {"type", v.type}, {"occurred_on", v.occurred_on}, {"version", v.version}};
  if (!v.case_code.empty()) j["case"] = v.case_code;
  if (!v.subject_code.empty()) j["subject"] = v.subject_code;
  if (!v.replaced_by.empty()) j["replaced_by"] = v.replaced_by;
  j["fields"] = v.fields;
  return j;
}

}  // namespace casekeep::records
