// Field values by field type and the plan's hint (see family.h): a person's own name, email,
// phone and postcode where the field is about them, fictional organisations, drama phone
// numbers, dates inside the period they belong to, and templated text. Thread-safe: no shared
// state (all state is the caller's).
#include <algorithm>

#include "base/date.h"
#include "synth/internal/family.h"
#include "synth/internal/values.h"

namespace casekeep::synth::internal {
namespace {

using policy::FieldType;

constexpr std::string_view kOrganisationKinds[] = {" Children's Services", " Family Hub",
                                                   " Family Law Practice", " Early Help Team",
                                                   " Community Mental Health Team"};
constexpr std::string_view kAgencyKinds[] = {" Adoption Partnership", " Children's Services",
                                             " Family Placement Team"};
constexpr std::string_view kHealthTeamKinds[] = {" Health Visiting Team", " Community Midwives",
                                                 " Perinatal Mental Health Team"};
constexpr std::string_view kSchoolKinds[] = {" Primary School", " Primary School", " Academy"};
constexpr std::string_view kPhrases[] = {"Not known", "See case notes", "As agreed with the family",
                                         "To be confirmed", "Discussed at intake"};

// "<fictional place><kind>", such as "Wrenfield Family Hub".
template <std::size_t N>
std::string Organisation(Rng& rng, const std::string_view (&kinds)[N]) {
  std::string name(rng.Pick(PlaceNames()));
  name.append(rng.Pick(kinds));
  return name;
}

std::string FullName(State& state, const PersonInfo* subject) {
  if (subject != nullptr && !subject->given.empty()) {
    return subject->given + " " + subject->surname;
  }
  // One draw per statement: the order of draws inside one expression is unspecified.
  std::string name(state.rng.Pick(GivenNames()));
  name.push_back(' ');
  name.append(state.rng.Pick(Surnames()));
  return name;
}

std::string StringValue(State& state, const FieldPlan& field, const ValueContext& ctx) {
  Rng& rng = state.rng;
  const PersonInfo* subject = ctx.subject;
  switch (field.hint) {
    case Hint::kFullName: return FullName(state, subject);
    case Hint::kFirstName:
      return subject != nullptr ? subject->given : std::string(rng.Pick(GivenNames()));
    case Hint::kOtherName: return FullName(state, nullptr);
    case Hint::kOtherParent:
      if (ctx.text == nullptr || ctx.text->other_adult.empty()) return FullName(state, nullptr);
      return std::string(ctx.text->other_adult) + " " + std::string(ctx.text->other_adult_surname);
    case Hint::kOrganisation: return Organisation(rng, kOrganisationKinds);
    case Hint::kAgency: return Organisation(rng, kAgencyKinds);
    case Hint::kHealthTeam: return Organisation(rng, kHealthTeamKinds);
    case Hint::kSchool: return Organisation(rng, kSchoolKinds);
    case Hint::kTown:
      return std::string(subject != nullptr && subject->area != nullptr
                             ? subject->area->town
                             : rng.Pick(PostcodeAreas()).town);
    case Hint::kUsername: {
      std::string out = subject != nullptr ? subject->given : std::string(rng.Pick(GivenNames()));
      std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      });
      AppendInt(out, rng.Int(1, 9999));
      return out;
    }
    case Hint::kReference: {
      std::string out;
      for (int i = 0; i < 12; ++i) out.push_back(static_cast<char>('0' + rng.Below(10)));
      return out;
    }
    case Hint::kNiNumber: return ExampleNiNumber(rng);
    case Hint::kEthnicity: return std::string(rng.Pick(Ethnicities()));
    case Hint::kReligion: return std::string(rng.Pick(Religions()));
    case Hint::kOrientation: return std::string(rng.Pick(Orientations()));
    case Hint::kMeasure: return std::string(rng.Pick(OutcomeMeasures()));
    case Hint::kJobTitle: return std::string(rng.Pick(JobTitles()));
    default: return std::string(rng.Pick(kPhrases));
  }
}

std::string EnumValue(Rng& rng, const FieldPlan& field, const PersonInfo* subject) {
  const std::vector<std::string>& values = field.values;
  if (values.empty()) return std::string();
  if (field.hint == Hint::kRelationship && subject != nullptr && subject->adult_index >= 0) {
    const std::size_t usual =
        std::min<std::size_t>(static_cast<std::size_t>(subject->adult_index), values.size() - 1);
    if (rng.Chance(subject->adult_index == 0 ? 0.92 : 0.8)) return values[usual];
    if (values.size() > 2) return values[2 + rng.Index(values.size() - 2)];
    return rng.Pick(values);
  }
  return rng.Chance(0.6) ? values.front() : rng.Pick(values);
}

std::int64_t DateValue(Rng& rng, const FieldPlan& field, const ValueContext& ctx) {
  if (field.hint == Hint::kBirthDate) {
    // A person's own date of birth, else (a parent's record) the child's.
    const bool own = ctx.subject != nullptr &&
                     (field.id == "date_of_birth" || ctx.subject->part == Part::kChild);
    const PersonInfo* person = own ? ctx.subject : ctx.child;
    if (person != nullptr) return person->birth_day;
    return std::max(ctx.lo, ctx.day - 45);  // a recent birth, the same for the whole record
  }
  if (field.hint == Hint::kDueDate) {
    return std::clamp(ctx.day + rng.Between(7, 240), ctx.lo, std::max(ctx.lo, ctx.hi));
  }
  if (field.main_date) return ctx.day;
  return rng.Between(ctx.lo, ctx.hi);
}

void TextValue(State& state, const FieldPlan& field, const ValueContext& ctx, std::string& out) {
  TextKind kind = field.text;
  if (ctx.subject != nullptr && ctx.subject->part == Part::kStaff && kind != TextKind::kAddress &&
      kind != TextKind::kNames) {
    kind = TextKind::kStaff;
  }
  if (kind == TextKind::kAddress) {
    out = ctx.subject != nullptr && !ctx.subject->address.empty()
              ? ctx.subject->address
              : Address(state.rng, state.rng.Pick(PostcodeAreas()));
  } else {
    static const TextPeople kNobody;
    WriteText(state.rng, kind, ctx.text != nullptr ? *ctx.text : kNobody, ctx.day, out);
  }
}

}  // namespace

int AgeInYears(std::int64_t birth_day, std::int64_t day) {
  const Date birth = *Date::FromDaysSinceEpoch(birth_day);
  const Date on = *Date::FromDaysSinceEpoch(day);
  int years = on.year() - birth.year();
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --years;
  }
  return std::max(years, 0);
}

int AgeInMonths(std::int64_t birth_day, std::int64_t day) {
  const Date birth = *Date::FromDaysSinceEpoch(birth_day);
  const Date on = *Date::FromDaysSinceEpoch(day);
  int months = (on.year() - birth.year()) * 12 + on.month() - birth.month();
  if (on.day() < birth.day()) --months;
  return std::max(months, 0);
}

void FillFields(State& state, const std::vector<FieldPlan>& fields, const ValueContext& ctx,
                nlohmann::json& out) {
  Rng& rng = state.rng;
  const PersonInfo* subject = ctx.subject;
  bool absent = false;
  for (const FieldPlan& field : fields) {
    if ((field.only_if_court && !ctx.court) || (field.only_if_absent && !absent)) continue;
    if (field.type == FieldType::kAttachment) {
      if (field.required) out[field.id] = "attachment";
      continue;
    }
    if (!field.required && rng.Chance(0.2)) continue;
    nlohmann::json& value = out[field.id];
    switch (field.type) {
      case FieldType::kString: {
        std::string s = StringValue(state, field, ctx);
        if (field.max_length > 0 && s.size() > field.max_length) s.resize(field.max_length);
        value = std::move(s);
        break;
      }
      case FieldType::kText: {
        std::string s;
        TextValue(state, field, ctx, s);
        if (field.max_length > 0 && s.size() > field.max_length) s.resize(field.max_length);
        value = std::move(s);
        break;
      }
      case FieldType::kDate: value = IsoDate(DateValue(rng, field, ctx)); break;
      case FieldType::kDateTime: {
        const std::int64_t day = DateValue(rng, field, ctx);
        value = IsoDateTime(day, rng.Int(8 * 60, 20 * 60));
      } break;
      case FieldType::kInteger: {
        const PersonInfo* child =
            subject != nullptr && subject->part == Part::kChild ? subject : ctx.child;
        switch (field.hint) {
          case Hint::kAgeYears:
            value = child != nullptr ? AgeInYears(child->birth_day, ctx.day) : rng.Int(0, 17);
            break;
          case Hint::kAgeMonths:
            value = child != nullptr ? std::min(AgeInMonths(child->birth_day, ctx.day), 60)
                                     : rng.Int(0, 24);
            break;
          case Hint::kMoneyPence: value = rng.Int(3, 60) * 500; break;
          case Hint::kScore: value = rng.Int(1, field.score_max); break;
          default: value = rng.Int(0, 20); break;
        }
        break;
      }
      case FieldType::kBoolean:
        value = rng.Chance(field.hint == Hint::kMostlyTrue ? 0.85 : 0.5);
        break;
      case FieldType::kEnum: {
        std::string s = EnumValue(rng, field, subject);
        absent = absent || Contains(s, "absent") || Contains(s, "cancel");
        value = std::move(s);
        break;
      }
      case FieldType::kEmail:
        if (subject != nullptr && !subject->email.empty()) {
          value = subject->email;
        } else {
          const std::string_view given = rng.Pick(GivenNames());
          const std::string_view surname = rng.Pick(Surnames());
          value = Email(rng, given, surname, rng.Below(10000));
        }
        break;
      case FieldType::kPhone:
        value = subject != nullptr && !subject->phone.empty() && !Contains(field.id, "kin") &&
                        !Contains(field.id, "other")
                    ? subject->phone
                    : PhoneNumber(rng);
        break;
      case FieldType::kPostcode:
        value = subject != nullptr && !subject->postcode.empty()
                    ? subject->postcode
                    : Postcode(rng, rng.Pick(PostcodeAreas()));
        break;
      case FieldType::kNhsNumber:
        value = subject != nullptr && !subject->nhs_number.empty() ? subject->nhs_number
                                                                   : NhsNumber(rng);
        break;
      case FieldType::kAttachment: break;
    }
  }
}

}  // namespace casekeep::synth::internal
