#include "records/views_json.h"

namespace casekeep::records {

nlohmann::json ToJson(const SubjectView& v) {
  nlohmann::json j{{"code", v.code}, {"kind", v.kind}, {"version", v.version}};
  if (v.erased) j["erased"] = true;
  if (v.restricted) j["restricted"] = true;
  if (v.objected) {
    j["objected"] = true;
    j["objected_to"] = v.objected_to;
  }
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
  if (v.transferred_on) j["transferred_on"] = *v.transferred_on;
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : v.members) {
    nlohmann::json member{{"subject", m.subject}, {"role", m.role}};
    if (m.restricted) member["restricted"] = true;
    members.push_back(std::move(member));
  }
  j["members"] = members;
  return j;
}

nlohmann::json ToJson(const RecordView& v) {
  nlohmann::json j{
      {"code", v.code}, {"type", v.type}, {"occurred_on", v.occurred_on}, {"version", v.version}};
  if (!v.case_code.empty()) j["case"] = v.case_code;
  if (!v.subject_code.empty()) j["subject"] = v.subject_code;
  if (!v.replaced_by.empty()) j["replaced_by"] = v.replaced_by;
  if (v.restricted) j["restricted"] = true;
  j["fields"] = v.fields;
  return j;
}

nlohmann::json ToJson(const ConsentEntryView& v) {
  nlohmann::json j{{"id", v.id},           {"subject", v.subject},
                   {"consent", v.consent}, {"event", v.event},
                   {"at", v.at},           {"recorded_at", v.recorded_at},
                   {"method", v.method},   {"recorded_by", v.recorded_by}};
  if (v.event == "given") {
    j["explicit"] = v.explicit_consent;
    j["notice_hash"] = v.notice_hash;
    j["wording_hash"] = v.wording_hash;
  }
  if (!v.given_by.empty()) j["given_by"] = v.given_by;
  if (!v.evidence_attachment.empty()) j["evidence_attachment"] = v.evidence_attachment;
  if (!v.note.empty()) j["note"] = v.note;
  return j;
}

nlohmann::json ToJson(const ConsentStatusView& v) {
  nlohmann::json j{
      {"consent", v.consent}, {"label", v.label}, {"purposes", v.purposes}, {"state", v.state}};
  if (v.since) j["since"] = *v.since;
  if (v.state == "given") j["explicit"] = v.explicit_consent;
  return j;
}

nlohmann::json ToJson(const ConsentHistory& v) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : v.entries) entries.push_back(ToJson(e));
  nlohmann::json texts = nlohmann::json::array();
  for (const auto& t : v.texts) {
    texts.push_back({{"hash", t.hash}, {"kind", t.kind}, {"text", t.text}});
  }
  return {{"subject", v.subject}, {"entries", entries}, {"texts", texts}};
}

nlohmann::json ToJson(const ConsentReport& v) {
  nlohmann::json consents = nlohmann::json::array();
  for (const auto& r : v.consents) {
    consents.push_back({{"consent", r.consent},
                        {"label", r.label},
                        {"given", r.given},
                        {"withdrawn", r.withdrawn}});
  }
  nlohmann::json purposes = nlohmann::json::array();
  for (const auto& p : v.purposes) {
    purposes.push_back({{"purpose", p.purpose}, {"people_with_consent", p.people_with_consent}});
  }
  return {{"consents", consents}, {"purposes", purposes}, {"entries", v.entries}};
}

nlohmann::json ToJson(const HoldView& v) {
  nlohmann::json j{{"code", v.code},           {"kind", v.kind},           {"target", v.target},
                   {"placed_by", v.placed_by}, {"placed_at", v.placed_at}, {"reason", v.reason},
                   {"active", !v.released_at}};
  if (v.review_on) j["review_on"] = *v.review_on;
  if (v.released_at) {
    j["released_at"] = *v.released_at;
    j["released_by"] = v.released_by;
    j["release_note"] = v.release_note;
  }
  return j;
}

nlohmann::json ToJson(const RetentionExplanation& v) {
  nlohmann::json j{{"record", v.record}, {"type", v.type}, {"status", v.status}};
  if (!v.rule.empty()) {
    j["rule"] = v.rule;
    j["rule_label"] = v.rule_label;
    if (!v.reason.empty()) j["reason"] = v.reason;
  }
  if (v.trigger) j["trigger"] = *v.trigger;
  if (v.dispose_on) j["dispose_on"] = *v.dispose_on;
  if (v.review_on) j["review_on"] = *v.review_on;
  nlohmann::json partial = nlohmann::json::array();
  for (const auto& p : v.partial) {
    partial.push_back({{"fields", p.fields}, {"on", p.on}, {"done", p.done}});
  }
  j["partial"] = partial;
  j["explanation"] = v.explanation;
  nlohmann::json holds = nlohmann::json::array();
  for (const auto& h : v.holds) holds.push_back(ToJson(h));
  j["holds"] = holds;
  return j;
}

nlohmann::json ToJson(const PlanItem& v) {
  nlohmann::json j{{"record", v.record},
                   {"type", v.type},
                   {"action", v.action},
                   {"due_on", v.due_on},
                   {"rule", v.rule}};
  if (!v.reason.empty()) j["reason"] = v.reason;
  if (!v.held_by.empty()) j["held_by"] = v.held_by;
  return j;
}

nlohmann::json ToJson(const RetentionPlan& v) {
  nlohmann::json due = nlohmann::json::array();
  for (const auto& i : v.due) due.push_back(ToJson(i));
  nlohmann::json held = nlohmann::json::array();
  for (const auto& i : v.held) held.push_back(ToJson(i));
  nlohmann::json j{{"as_of", v.as_of}, {"due", due}, {"held", held}, {"created_by", v.created_by}};
  if (!v.code.empty()) {
    j["code"] = v.code;
    j["approved_by"] =
        v.approved_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.approved_by);
    j["executed"] = v.executed;
  }
  return j;
}

nlohmann::json ToJson(const ReviewQueue& v) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : v.records) {
    records.push_back(
        {{"record", r.record}, {"type", r.type}, {"rule", r.rule}, {"review_on", r.review_on}});
  }
  nlohmann::json holds = nlohmann::json::array();
  for (const auto& h : v.holds) holds.push_back(ToJson(h));
  return {{"records", records}, {"holds", holds}};
}

nlohmann::json ToJson(const SweepResult& v) {
  return {{"disposed", v.disposed},
          {"partial", v.partial},
          {"skipped", v.skipped},
          {"keys_destroyed", v.keys_destroyed}};
}

nlohmann::json ToJson(const store::DisposalRow& v) {
  nlohmann::json j{
      {"seq", v.seq},   {"at", v.at},         {"record", v.code},   {"type", v.record_type},
      {"rule", v.rule}, {"due_on", v.due_on}, {"action", v.action}, {"approved_by", v.approved_by}};
  if (!v.plan.empty()) j["plan"] = v.plan;
  return j;
}

namespace {

nlohmann::json EventJson(const RequestEventView& e) {
  nlohmann::json j{{"event", e.event}, {"on", e.on}, {"by", e.by}, {"at", e.at}};
  if (!e.text.empty()) j["text"] = e.text;
  if (e.told_on) j["told_on"] = *e.told_on;
  if (e.ground) j["ground"] = *e.ground;
  return j;
}

}  // namespace

nlohmann::json ToJson(const RequestView& v) {
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : v.events) events.push_back(EventJson(e));
  nlohmann::json j{{"code", v.code},
                   {"subject", v.subject},
                   {"kind", v.kind},
                   {"status", v.status},
                   {"requester", v.requester},
                   {"identity_needed", v.identity_needed},
                   {"authority_needed", v.authority_needed},
                   {"received_on", v.received_on},
                   {"due_on", v.due_on ? nlohmann::json(*v.due_on) : nlohmann::json(nullptr)},
                   {"extended", v.extended},
                   {"overdue", v.overdue},
                   {"events", std::move(events)},
                   {"created_by", v.created_by},
                   {"created_at", v.created_at},
                   {"updated_at", v.updated_at}};
  if (!v.requester_name.empty()) j["requester_name"] = v.requester_name;
  if (!v.details.empty()) j["details"] = v.details;
  if (v.original_due_on) j["original_due_on"] = *v.original_due_on;
  if (v.paused_since) j["paused_since"] = *v.paused_since;
  if (v.closed_on) j["closed_on"] = *v.closed_on;
  return j;
}

}  // namespace casekeep::records
