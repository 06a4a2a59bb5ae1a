// Private to src/synth: a policy read once into what the generator needs, so that nothing is
// looked up by name while families are generated. Who plays which part in a family (adults,
// children, professionals, staff), which record types each service uses and how often, which
// case flags and referral sources exist and how common each is, and for every field a hint
// that decides what kind of value it gets. Immutable once built; safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "synth/internal/text.h"

namespace casekeep::synth::internal {

//! The part people of a subject kind play in generated data.
enum class Part { kAdult, kChild, kProfessional, kStaff, kUnused };

//! What sort of value a field gets, beyond its type, decided from its id.
enum class Hint {
  kPlain,
  kFullName,      //!< the person's own full name
  kFirstName,     //!< the person's own given name
  kOtherName,     //!< someone else's full name (referrer, next of kin)
  kOtherParent,   //!< the other parent's full name
  kOrganisation,  //!< a fictional organisation working with families
  kAgency,        //!< a fictional adoption or children's services agency
  kHealthTeam,    //!< a fictional health team
  kSchool,
  kTown,
  kUsername,
  kReference,  //!< a certificate or reference number
  kNiNumber,
  kEthnicity,
  kReligion,
  kOrientation,
  kMeasure,
  kJobTitle,
  kBirthDate,  //!< a date of birth (the person's own, or a child's)
  kDueDate,    //!< a baby's due date: weeks or months after the record's day
  kAgeYears,
  kAgeMonths,
  kMoneyPence,
  kScore,         //!< 1..5, or 1..10 for ids with "wellbeing"
  kRelationship,  //!< an enum saying how an adult is related to the children
  kMostlyTrue,    //!< a boolean that is usually true ("attended", "agreed")
};

struct FieldPlan {
  std::string id;
  policy::FieldType type = policy::FieldType::kString;
  bool required = false;
  std::vector<std::string> values;  //!< for enums
  Hint hint = Hint::kPlain;
  int score_max = 5;
  TextKind text = TextKind::kNote;
  std::size_t max_length = 0;   //!< 0: no limit
  bool main_date = false;       //!< holds the record's own date (occurred_on)
  bool only_if_absent = false;  //!< present only when an earlier enum reports an absence
  bool only_if_court = false;   //!< present only when the case has a court flag
};

struct KindPlan {
  std::string id;
  Part part = Part::kUnused;
  bool baby = false;  //!< a child kind for babies: ages 0..1
  std::vector<FieldPlan> fields;
};

struct TypePlan {
  std::string id;
  std::vector<std::size_t> kinds;  //!< indices of the kinds it may be about; empty: anyone
  std::vector<FieldPlan> fields;
  bool case_record = true;
  bool safeguarding = false;  //!< a concern: rare, more likely in flagged cases
  bool repeated = false;      //!< person-only records that come many at a time (payroll)
};

struct ServicePlan {
  std::string id;
  std::vector<std::size_t> kinds;            //!< who takes part; empty: anyone
  std::vector<std::size_t> opening;          //!< types written once, when the case opens, in order
  std::vector<std::size_t> pool;             //!< types drawn for the rest of the case's records
  std::vector<double> pool_weights;          //!< cumulative, for ordinary cases
  std::vector<double> pool_weights_flagged;  //!< cumulative, for safeguarding-flagged cases
  std::vector<std::size_t> safeguarding;     //!< safeguarding types in pool
};

enum class FlagClass { kCourt, kSafeguarding, kOther };

struct Plan {
  std::vector<KindPlan> kinds;
  std::vector<std::size_t> adults, children, professionals, staff;  //!< kind indices
  std::vector<TypePlan> types;
  std::vector<ServicePlan> services;    //!< services that have cases
  std::vector<double> service_weights;  //!< cumulative
  std::vector<std::string> referral_sources;
  std::vector<double> referral_weights;  //!< cumulative; self-referral most common
  std::vector<bool> referral_court;      //!< the source is a court or Cafcass
  std::vector<std::string> flags;        //!< policy order
  std::vector<FlagClass> flag_classes;
  std::vector<std::vector<std::size_t>> person_types;  //!< per kind: its person-only types
};

//! Reads `policy` into a plan. Fails with kInvalidArgument when the policy has no subject kind
//! for family members or no service whose cases could hold records.
[[nodiscard]] Result<Plan> BuildPlan(const policy::Policy& policy);

//! True when `text` contains `part`.
inline bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace casekeep::synth::internal
