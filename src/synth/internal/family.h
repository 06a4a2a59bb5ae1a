// Private to src/synth: the generator's running state and the steps that build one family:
// people (people.cc), their cases and case records (cases.cc), and field values for both
// (fields.cc). Not thread-safe: a State belongs to one Generator, used from one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "synth/generator.h"
#include "synth/internal/names.h"
#include "synth/internal/plan.h"
#include "synth/internal/random.h"
#include "synth/internal/text.h"

namespace casekeep::synth::internal {

struct State {
  Plan plan;
  Rng rng;
  std::int64_t first_day = 0;  //!< days since 1970-01-01
  std::int64_t last_day = 0;
  double records_per_case = 12;
  std::uint64_t next_person = 1;
  std::uint64_t next_case = 1;
  std::uint64_t records = 0;
};

//! What the generator knows about a person beyond the fields the policy holds.
struct PersonInfo {
  std::size_t kind = 0;
  Part part = Part::kUnused;
  int adult_index = -1;  //!< 0 for the first adult of a family, 1 for the second
  bool carer = false;    //!< an adult who cares for the children but is not their parent
  bool female = false;
  std::string given;
  std::string surname;
  std::string phone;
  std::string email;
  std::string nhs_number;
  std::string postcode;
  std::string address;
  const PostcodeArea* area = nullptr;
  std::int64_t birth_day = 0;
};

//! A family while it is built: the public Family and, parallel to its people, their info.
struct Draft {
  Family family;
  std::vector<PersonInfo> info;
  std::string other_parent;  //!< given name of a parent outside the family, named in text
  std::string other_parent_surname;
  std::string worker;            //!< a worker named in text
  std::string outsider;          //!< a friend or relative named in text
  std::int64_t first_open = 0;   //!< when the first case opens
  std::int64_t child_limit = 0;  //!< the last day before the oldest child turns 18
};

//! Where field values come from.
struct ValueContext {
  const PersonInfo* subject = nullptr;  //!< whom the values are about; may be null
  const PersonInfo* child = nullptr;    //!< a child of the family; may be null
  std::int64_t day = 0;                 //!< the record's own day
  std::int64_t lo = 0;                  //!< other dates fall in [lo, hi]
  std::int64_t hi = 0;
  const TextPeople* text = nullptr;
  bool court = false;  //!< the case has a court or Cafcass flag
};

//! Sets out[field id] for each of `fields`: required ones always, optional ones about four
//! times in five, attachments only when required (as the placeholder "attachment").
void FillFields(State& state, const std::vector<FieldPlan>& fields, const ValueContext& context,
                nlohmann::json& out);

//! Whole years from `birth_day` to `day`.
int AgeInYears(std::int64_t birth_day, std::int64_t day);
//! Whole months from `birth_day` to `day`.
int AgeInMonths(std::int64_t birth_day, std::int64_t day);

//! Adds a family's people and relationships; `open_day` is when its first case opens.
void AddPeople(State& state, std::int64_t open_day, Draft& draft);
//! Adds one or two cases with their records, and person-only records for the adults.
void AddCases(State& state, Draft& draft);
//! A member of staff with person-only records, and no cases.
Family MakeStaffMember(State& state);

//! Adds one record of plan type `type` about draft person `subject` (-1: nobody) to the draft,
//! dated `day`, with its other dates in [lo, hi]. `case_key` is empty for person-only records.
void AddRecord(State& state, Draft& draft, std::size_t type, const std::string& case_key,
               int subject, std::int64_t day, std::int64_t lo, std::int64_t hi, bool court);

//! Who text written on `day` about `subject` (may be null) mentions, within the draft's family.
//! The views point into `draft`.
TextPeople TextFor(const Draft& draft, const PersonInfo* subject, std::int64_t day);

}  // namespace casekeep::synth::internal
