// The public face of the synthetic data generator: checks the options, reads the policy into a
// plan once, and hands out families one at a time (see generator.h). Not thread-safe.
#include "synth/generator.h"

#include <cmath>
#include <utility>

#include "base/date.h"
#include "synth/internal/family.h"

namespace casekeep::synth {

Generator::Generator(std::unique_ptr<internal::State> state) : state_(std::move(state)) {}
Generator::Generator(Generator&&) noexcept = default;
Generator& Generator::operator=(Generator&&) noexcept = default;
Generator::~Generator() = default;

Result<Generator> Generator::Create(const policy::Policy& policy, Options options) {
  const auto first = Date::Parse(options.first_date);
  if (!first) return InvalidArgument("first_date: " + first.error().message);
  const auto last = Date::Parse(options.last_date);
  if (!last) return InvalidArgument("last_date: " + last.error().message);
  if (*last <= *first) {
    return InvalidArgument("last_date " + options.last_date + " is not after first_date " +
                           options.first_date);
  }
  if (!std::isfinite(options.records_per_case) || options.records_per_case < 1 ||
      options.records_per_case > 100000) {
    return InvalidArgument("records_per_case must be between 1 and 100000");
  }
  CK_ASSIGN_OR_RETURN(internal::Plan plan, internal::BuildPlan(policy));
  auto state = std::make_unique<internal::State>(
      internal::State{std::move(plan), internal::Rng(options.seed), first->DaysSinceEpoch(),
                      last->DaysSinceEpoch(), options.records_per_case});
  return Generator(std::move(state));
}

Family Generator::NextFamily() {
  internal::State& state = *state_;
  if (!state.plan.staff.empty() && state.rng.Chance(1.0 / 40)) {
    return internal::MakeStaffMember(state);
  }
  internal::Draft draft;
  const std::int64_t open = state.rng.Between(state.first_day, state.last_day);
  internal::AddPeople(state, open, draft);
  internal::AddCases(state, draft);
  return std::move(draft.family);
}

nlohmann::json ToJson(const Family& family) {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json& people = out["people"] = nlohmann::json::array();
  for (const Person& p : family.people) {
    people.push_back({{"key", p.key}, {"kind", p.kind}, {"fields", p.fields}});
  }
  nlohmann::json& relationships = out["relationships"] = nlohmann::json::array();
  for (const Relationship& r : family.relationships) {
    relationships.push_back({{"from", r.from}, {"to", r.to}, {"kind", r.kind}});
  }
  nlohmann::json& cases = out["cases"] = nlohmann::json::array();
  for (const Case& c : family.cases) {
    nlohmann::json members = nlohmann::json::array();
    for (const CaseMember& m : c.members) {
      members.push_back({{"person", m.person}, {"role", m.role}});
    }
    cases.push_back({{"key", c.key},
                     {"service", c.service},
                     {"referral_source", c.referral_source},
                     {"opened_on", c.opened_on},
                     {"closed_on", c.closed_on ? nlohmann::json(*c.closed_on) : nlohmann::json()},
                     {"flags", c.flags},
                     {"members", std::move(members)}});
  }
  nlohmann::json& records = out["records"] = nlohmann::json::array();
  for (const Record& r : family.records) {
    records.push_back({{"case_key", r.case_key},
                       {"subject", r.subject},
                       {"type", r.type},
                       {"occurred_on", r.occurred_on},
                       {"fields", r.fields}});
  }
  return out;
}

std::uint64_t Generator::records_generated() const {
  return state_->records;
}

}  // namespace casekeep::synth
