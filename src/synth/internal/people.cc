// The people of a generated family (1-2 adults, 1-3 children, sometimes a professional) with
// ages that fit together, shared households and surnames, and the relationships between them;
// and members of staff with their person-only records. Thread-safe: no shared state.
#include <algorithm>

#include "synth/internal/family.h"
#include "synth/internal/values.h"

namespace casekeep::synth::internal {
namespace {

constexpr std::int64_t kYear = 365;

std::string Key(char prefix, std::uint64_t n) {
  std::string key(1, prefix);
  AppendInt(key, static_cast<std::int64_t>(n));
  return key;
}

// Names, contact details and household of a new person; the caller sets ages and parts.
PersonInfo NewPerson(State& state, std::size_t kind, bool female, std::string_view surname,
                     const PostcodeArea* area, std::uint64_t number) {
  Rng& rng = state.rng;
  PersonInfo info;
  info.kind = kind;
  info.part = state.plan.kinds[kind].part;
  info.female = female;
  info.given = rng.Pick(GivenNames(female));
  info.surname = surname;
  info.area = area;
  info.nhs_number = NhsNumber(rng);
  if (info.part != Part::kChild) {
    info.phone = PhoneNumber(rng);
    info.email = Email(rng, info.given, info.surname, number);
    info.postcode = Postcode(rng, *area);
    info.address = Address(rng, *area);
  }
  return info;
}

// Appends the person to the draft and fills the fields of their kind.
void Commit(State& state, Draft& draft, PersonInfo info, std::uint64_t number, std::int64_t day,
            std::int64_t lo, std::int64_t hi) {
  draft.info.push_back(std::move(info));
  const PersonInfo& added = draft.info.back();
  Person person;
  person.key = Key('p', number);
  person.kind = state.plan.kinds[added.kind].id;
  person.fields = nlohmann::json::object();
  const PersonInfo* child = nullptr;
  for (const PersonInfo& other : draft.info) {
    if (other.part == Part::kChild) child = &other;
  }
  const TextPeople text = TextFor(draft, &added, day);
  const ValueContext context{&added, child, day, lo, hi, &text, false};
  FillFields(state, state.plan.kinds[added.kind].fields, context, person.fields);
  draft.family.people.push_back(std::move(person));
}

// True when the adult's relationship field says they are a carer rather than a parent.
bool IsCarer(const State& state, const PersonInfo& info, const Person& person) {
  for (const FieldPlan& field : state.plan.kinds[info.kind].fields) {
    if (field.hint != Hint::kRelationship || !person.fields.contains(field.id)) continue;
    const std::string& value = person.fields[field.id].get_ref<const std::string&>();
    return Contains(value, "grand") || Contains(value, "relative") || Contains(value, "carer") ||
           Contains(value, "foster") || Contains(value, "kinship");
  }
  return false;
}

}  // namespace

void AddPeople(State& state, std::int64_t open_day, Draft& draft) {
  Rng& rng = state.rng;
  const Plan& plan = state.plan;
  const PostcodeArea* home = &rng.Pick(PostcodeAreas());
  const std::string surname(rng.Pick(Surnames()));
  const double u = rng.Unit();
  const int children = plan.children.empty() ? 0 : (u < 0.5 ? 1 : u < 0.85 ? 2 : 3);
  const int adults = plan.adults.empty() ? 0 : (rng.Chance(0.6) ? 2 : 1);

  // Children's kind and age in days at opening. A kind for babies gets one baby, or twins.
  std::vector<std::pair<std::size_t, std::int64_t>> kids;
  // Siblings are at least ten months apart unless they are twins.
  std::int64_t oldest = 0;
  if (children > 0) {
    const std::size_t kind = rng.Pick(plan.children);
    const bool baby = plan.kinds[kind].baby;
    const int count = baby ? (rng.Chance(0.03) ? 2 : 1) : children;
    std::int64_t age = rng.Between(0, baby ? 540 : 18 * kYear - 1);
    for (int i = 0; i < count && age >= 0; ++i) {
      kids.emplace_back(kind, age);
      oldest = std::max(oldest, age);
      if (!rng.Chance(0.03)) age -= rng.Between(300, 6 * kYear);
    }
  }
  draft.first_open = open_day;
  draft.child_limit = children > 0 ? open_day + 18 * kYear - 1 - oldest : state.last_day;
  const std::int64_t youngest_adult = std::max<std::int64_t>(18 * 366, oldest + 16 * kYear);
  const PostcodeArea* household = home;
  const bool first_female = rng.Chance(0.75);
  for (int i = 0; i < adults; ++i) {
    const std::size_t kind = plan.adults[static_cast<std::size_t>(i) % plan.adults.size()];
    const bool same_surname = i == 0 || rng.Chance(0.55);
    const std::string name = same_surname ? surname : std::string(rng.Pick(Surnames()));
    if (i > 0 && !rng.Chance(0.4)) household = rng.Chance(0.6) ? home : &rng.Pick(PostcodeAreas());
    const std::uint64_t number = state.next_person++;
    const bool female = i == 0 ? first_female : (rng.Chance(0.9) ? !first_female : first_female);
    PersonInfo info = NewPerson(state, kind, female, name, household, number);
    if (i > 0 && household == home && !draft.info.empty() && rng.Chance(0.5)) {
      info.postcode = draft.info.front().postcode;  // living together
      info.address = draft.info.front().address;
    }
    info.adult_index = i;
    info.birth_day =
        open_day - rng.Between(youngest_adult, std::min(youngest_adult + 22 * kYear, 60 * kYear));
    Commit(state, draft, std::move(info), number, open_day, state.first_day, open_day);
  }
  for (const auto& [kind, age] : kids) {
    const std::uint64_t number = state.next_person++;
    const bool female = rng.Chance(0.5);
    PersonInfo info = NewPerson(state, kind, female,
                                rng.Chance(0.85) ? surname : rng.Pick(Surnames()), home, number);
    info.birth_day = open_day - age;
    Commit(state, draft, std::move(info), number, open_day, state.first_day, open_day);
  }
  if (!plan.professionals.empty() && rng.Chance(0.3)) {
    const std::uint64_t number = state.next_person++;
    const bool female = rng.Chance(0.7);
    const std::size_t kind = rng.Pick(plan.professionals);
    const std::string_view name = rng.Pick(Surnames());
    const PostcodeArea* area = &rng.Pick(PostcodeAreas());
    PersonInfo info = NewPerson(state, kind, female, name, area, number);
    info.birth_day = open_day - rng.Between(25 * kYear, 60 * kYear);
    Commit(state, draft, std::move(info), number, open_day, state.first_day, open_day);
  }
  if (adults < 2) {
    draft.other_parent = rng.Pick(GivenNames(!first_female));
    draft.other_parent_surname = rng.Chance(0.5) ? surname : std::string(rng.Pick(Surnames()));
  }
  draft.worker = rng.Pick(GivenNames());
  draft.outsider = rng.Pick(GivenNames());

  Family& family = draft.family;
  for (std::size_t from = 0; from < draft.info.size(); ++from) {
    const PersonInfo& info = draft.info[from];
    if (info.part != Part::kAdult && info.part != Part::kProfessional) continue;
    draft.info[from].carer = info.part == Part::kAdult && IsCarer(state, info, family.people[from]);
    const char* kind = info.part == Part::kProfessional ? "professional_for"
                       : info.carer                     ? "carer_of"
                                                        : "parent_of";
    bool linked = false;
    for (std::size_t to = 0; to < draft.info.size(); ++to) {
      if (draft.info[to].part != Part::kChild) continue;
      family.relationships.push_back({family.people[from].key, family.people[to].key, kind});
      linked = true;
    }
    if (!linked && info.part == Part::kProfessional && adults > 0) {
      family.relationships.push_back({family.people[from].key, family.people[0].key, kind});
    }
  }
}

Family MakeStaffMember(State& state) {
  Rng& rng = state.rng;
  Draft draft;
  const std::size_t kind = rng.Pick(state.plan.staff);
  const std::int64_t start = rng.Between(state.first_day, state.last_day);
  const std::int64_t end = std::min(state.last_day, start + rng.Between(180, 8 * kYear));
  const std::uint64_t number = state.next_person++;
  const PostcodeArea* area = &rng.Pick(PostcodeAreas());
  const bool female = rng.Chance(0.7);
  PersonInfo info = NewPerson(state, kind, female, rng.Pick(Surnames()), area, number);
  info.adult_index = 0;
  info.birth_day = start - rng.Between(18 * 366, 60 * kYear);
  Commit(state, draft, std::move(info), number, start, state.first_day, start);
  draft.worker = rng.Pick(GivenNames());
  draft.outsider = rng.Pick(GivenNames());
  draft.first_open = start;

  const std::vector<std::size_t>& types = state.plan.person_types[kind];
  const auto many = static_cast<std::int64_t>(2 * state.records_per_case);
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (state.plan.types[types[i]].repeated) {  // monthly, from the start
      const std::int64_t count = rng.Between(3, std::max<std::int64_t>(3, many));
      for (std::int64_t n = 1; n <= count && start + 30 * n <= end; ++n) {
        AddRecord(state, draft, types[i], std::string(), 0, start + 30 * n, start, end, false);
      }
      continue;
    }
    // The first file is opened when they start; the others come now and then.
    const std::int64_t count = i == 0 ? 1 : rng.Chance(0.75) ? (rng.Chance(0.2) ? 2 : 1) : 0;
    for (std::int64_t n = 0; n < count; ++n) {
      const std::int64_t day = i == 0 ? start : rng.Between(start, end);
      AddRecord(state, draft, types[i], std::string(), 0, day, start, end, false);
    }
  }
  return std::move(draft.family);
}

TextPeople TextFor(const Draft& draft, const PersonInfo* subject, std::int64_t day) {
  const PersonInfo* adults[2] = {nullptr, nullptr};
  const PersonInfo* child = nullptr;
  const PersonInfo* professional = nullptr;
  for (const PersonInfo& info : draft.info) {
    if (info.part == Part::kAdult && info.adult_index >= 0 && info.adult_index < 2) {
      adults[info.adult_index] = &info;
    }
    if (info.part == Part::kChild && child == nullptr) child = &info;
    if (info.part == Part::kProfessional) professional = &info;
  }
  const PersonInfo* adult = adults[0];
  const PersonInfo* other = adults[1];
  if (subject != nullptr && (subject->part == Part::kAdult || subject->part == Part::kStaff)) {
    other = subject == adults[1] ? adults[0] : adults[1];
    adult = subject;
  }
  if (subject != nullptr && subject->part == Part::kChild) child = subject;
  TextPeople text;
  if (adult != nullptr) {
    text.adult = adult->given;
    text.adult_female = adult->female;
    text.phone = adult->phone;
    text.email = adult->email;
    text.town = adult->area != nullptr ? adult->area->town : std::string_view();
  }
  text.other_adult = other != nullptr ? std::string_view(other->given) : draft.other_parent;
  text.other_adult_surname =
      other != nullptr ? std::string_view(other->surname) : draft.other_parent_surname;
  if (child != nullptr) {
    text.child = child->given;
    // Whole years by the mean Gregorian year: only a day out near a birthday, and cheap.
    text.child_age =
        static_cast<int>(std::max<std::int64_t>(day - child->birth_day, 0) * 10000 / 3652425);
  }
  text.worker = professional != nullptr ? std::string_view(professional->given) : draft.worker;
  text.outsider = draft.outsider;
  return text;
}

}  // namespace casekeep::synth::internal
