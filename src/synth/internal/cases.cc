// A family's cases and their records: a service from the policy, a skewed referral source,
// case flags at realistic rates (court and Cafcass flags mostly when the court or Cafcass
// referred, safeguarding flags rarely), opening and closing dates, and records dated inside the
// case with contact records the most common and safeguarding concerns rare. Thread-safe: no
// shared state.
#include <algorithm>

#include "synth/internal/family.h"
#include "synth/internal/values.h"

namespace casekeep::synth::internal {
namespace {

std::string Role(const PersonInfo& info) {
  switch (info.part) {
    case Part::kChild: return "child";
    case Part::kProfessional: return "professional";
    default:
      if (info.carer) return "carer";
      return info.adult_index == 0 ? "parent" : "other_parent";
  }
}

// Flags for a case whose referral came from a court or Cafcass when `court_referral`.
std::vector<std::string> Flags(Rng& rng, const Plan& plan, bool court_referral, bool& court) {
  std::vector<std::string> flags;
  const bool involved = rng.Chance(court_referral ? 0.75 : 0.05);
  court = false;
  for (std::size_t i = 0; i < plan.flags.size(); ++i) {
    bool set = false;
    switch (plan.flag_classes[i]) {
      case FlagClass::kCourt: set = involved && rng.Chance(0.7); break;
      case FlagClass::kSafeguarding: set = rng.Chance(0.05); break;
      case FlagClass::kOther: set = rng.Chance(0.06); break;
    }
    if (set) flags.push_back(plan.flags[i]);
    court = court || (set && plan.flag_classes[i] == FlagClass::kCourt);
  }
  if (involved && !court) {
    for (std::size_t i = 0; i < plan.flags.size() && !court; ++i) {
      if (plan.flag_classes[i] != FlagClass::kCourt) continue;
      flags.insert(flags.begin(), plan.flags[i]);
      court = true;
    }
  }
  return flags;
}

// Days from opening to closing: weeks, months or years.
std::int64_t Duration(Rng& rng) {
  const double u = rng.Unit();
  if (u < 0.35) return rng.Between(14, 90);
  if (u < 0.75) return rng.Between(91, 365);
  return rng.Between(366, 1500);
}

// A case member the record may be about, preferring children for safeguarding records.
int PickSubject(Rng& rng, const Draft& draft, const TypePlan& type,
                const std::vector<int>& members) {
  int eligible[16];
  int children[16];
  std::size_t n = 0;
  std::size_t c = 0;
  for (int m : members) {
    const PersonInfo& info = draft.info[static_cast<std::size_t>(m)];
    if (!type.kinds.empty() &&
        std::find(type.kinds.begin(), type.kinds.end(), info.kind) == type.kinds.end()) {
      continue;
    }
    if (n < 16) eligible[n++] = m;
    if (info.part == Part::kChild && c < 16) children[c++] = m;
  }
  if (n == 0) return -1;
  if (type.safeguarding && c > 0 && rng.Chance(0.8)) return children[rng.Index(c)];
  return eligible[rng.Index(n)];
}

}  // namespace

void AddRecord(State& state, Draft& draft, std::size_t type, const std::string& case_key,
               int subject, std::int64_t day, std::int64_t lo, std::int64_t hi, bool court) {
  const TypePlan& plan = state.plan.types[type];
  const PersonInfo* about = subject >= 0 ? &draft.info[static_cast<std::size_t>(subject)] : nullptr;
  const PersonInfo* child = about != nullptr && about->part == Part::kChild ? about : nullptr;
  for (std::size_t i = 0; i < draft.info.size() && child == nullptr; ++i) {
    if (draft.info[i].part == Part::kChild) child = &draft.info[i];
  }
  Record record;
  record.case_key = case_key;
  if (subject >= 0) record.subject = draft.family.people[static_cast<std::size_t>(subject)].key;
  record.type = plan.id;
  record.occurred_on = IsoDate(day);
  record.fields = nlohmann::json::object();
  const TextPeople text = TextFor(draft, about, day);
  FillFields(state, plan.fields, ValueContext{about, child, day, lo, hi, &text, court},
             record.fields);
  draft.family.records.push_back(std::move(record));
  ++state.records;
}

namespace {

// Record types for one case: opening types first, then `total` in all drawn from the pool, with
// at least one safeguarding record in a safeguarding-flagged case.
std::vector<std::size_t> CaseRecordTypes(Rng& rng, const Plan& plan, const ServicePlan& service,
                                         bool flagged, std::int64_t total, std::size_t& openings) {
  std::vector<std::size_t> types;
  for (std::size_t j = 0; j < service.opening.size(); ++j) {
    const bool first_referral = j == 0 && Contains(plan.types[service.opening[j]].id, "referral");
    if (first_referral || rng.Chance(0.7)) types.push_back(service.opening[j]);
  }
  openings = types.size();
  if (service.pool.empty()) return types;
  const auto& weights = flagged ? service.pool_weights_flagged : service.pool_weights;
  for (auto k = static_cast<std::int64_t>(openings); k < total; ++k) {
    types.push_back(service.pool[rng.Weighted(weights)]);
  }
  if (flagged && std::none_of(types.begin() + static_cast<std::ptrdiff_t>(openings), types.end(),
                              [&plan](std::size_t t) { return plan.types[t].safeguarding; })) {
    types.push_back(rng.Pick(service.safeguarding));
  }
  return types;
}

// Opens one case on `open` for the draft's family and adds its records; returns its last day.
std::int64_t AddCase(State& state, Draft& draft, std::int64_t open) {
  Rng& rng = state.rng;
  const Plan& plan = state.plan;
  const ServicePlan& service = plan.services[rng.Weighted(plan.service_weights)];
  Case kase;
  kase.key = "c";
  AppendInt(kase.key, static_cast<std::int64_t>(state.next_case++));
  kase.service = service.id;
  std::vector<int> members;
  for (std::size_t i = 0; i < draft.info.size(); ++i) {
    const auto& kinds = service.kinds;
    if (kinds.empty() || std::find(kinds.begin(), kinds.end(), draft.info[i].kind) != kinds.end()) {
      members.push_back(static_cast<int>(i));
    }
  }
  if (members.empty()) {  // the service is for no one in the family: take everyone
    for (std::size_t i = 0; i < draft.info.size(); ++i) members.push_back(static_cast<int>(i));
  }
  for (int m : members) {
    const auto i = static_cast<std::size_t>(m);
    kase.members.push_back({draft.family.people[i].key, Role(draft.info[i])});
  }
  bool court_referral = false;
  if (!plan.referral_sources.empty()) {
    const std::size_t source = rng.Weighted(plan.referral_weights);
    kase.referral_source = plan.referral_sources[source];
    court_referral = plan.referral_court[source];
  }
  bool court = false;
  kase.flags = Flags(rng, plan, court_referral, court);
  const bool flagged = !service.safeguarding.empty() &&
                       std::any_of(kase.flags.begin(), kase.flags.end(),
                                   [](const std::string& f) { return Contains(f, "safeguard"); });
  kase.opened_on = IsoDate(open);
  std::int64_t close = state.last_day;
  if (rng.Chance(0.84)) {
    const std::int64_t end = open + Duration(rng);
    if (end <= state.last_day) {
      close = end;
      kase.closed_on = IsoDate(end);
    }
  }

  // How many records (geometric, with the requested mean), which types, on which days.
  const double m = state.records_per_case;
  const auto cap = static_cast<std::int64_t>(50 * m);
  std::int64_t total = 1;
  while (total < cap && rng.Chance((m - 1) / m)) ++total;
  std::size_t openings = 0;
  const std::vector<std::size_t> types =
      CaseRecordTypes(rng, plan, service, flagged, total, openings);
  std::vector<std::int64_t> days(types.size());
  for (std::size_t j = 0; j < openings; ++j) {
    days[j] = std::min(close, open + 3 * static_cast<std::int64_t>(j) + rng.Between(0, 2));
  }
  const std::int64_t rest_from = std::min(close, open + 3 * static_cast<std::int64_t>(openings));
  for (std::size_t j = openings; j < days.size(); ++j) days[j] = rng.Between(rest_from, close);
  std::sort(days.begin(), days.end());  // opening records stay first: their days come first
  draft.family.records.reserve(draft.family.records.size() + types.size() + 2);
  for (std::size_t j = 0; j < types.size(); ++j) {
    const int subject = PickSubject(rng, draft, plan.types[types[j]], members);
    AddRecord(state, draft, types[j], kase.key, subject, days[j], open, close, court);
  }
  const bool closed = kase.closed_on.has_value();
  draft.family.cases.push_back(std::move(kase));
  return closed ? close : open;
}

}  // namespace

void AddCases(State& state, Draft& draft) {
  Rng& rng = state.rng;
  // Most families have one case; some come back later (after the first closes, or while it
  // is still open), but not once the oldest child is an adult.
  const std::int64_t last = AddCase(state, draft, draft.first_open);
  if (rng.Chance(0.2)) {
    const std::int64_t latest = std::min(state.last_day, draft.child_limit);
    if (last + 30 <= latest) AddCase(state, draft, rng.Between(last + 30, latest));
  }

  // Now and then an adult also has person-only records (an enquiry, a sign-up, preferences).
  const Plan& plan = state.plan;
  const std::int64_t lo = std::max(state.first_day, draft.first_open - 60);
  const std::int64_t hi = std::max(lo, std::min(state.last_day, draft.first_open + 365));
  for (std::size_t i = 0; i < draft.info.size(); ++i) {
    if (draft.info[i].part != Part::kAdult) continue;
    for (std::size_t type : plan.person_types[draft.info[i].kind]) {
      if (!rng.Chance(0.12)) continue;
      const std::int64_t day = rng.Between(lo, hi);
      AddRecord(state, draft, type, std::string(), static_cast<int>(i), day, lo, hi, false);
    }
  }
}

}  // namespace casekeep::synth::internal
