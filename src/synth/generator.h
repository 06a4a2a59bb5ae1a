// Synthetic case data for demos, tests and benchmarks: families with parents and children,
// their cases and records, generated from any policy and fully determined by a seed. Families
// come one at a time so that ten million records never have to sit in memory at once.
//
// Everything is fictional but valid in form: UK given names and surnames, postcodes with real
// areas and districts, Ofcom drama phone numbers only, NHS numbers passing the mod-11 check,
// example.org-style email domains, organisations with invented place names.
//
// Thread-safety: a Generator is not thread-safe; give each thread its own (with its own seed).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "policy/model.h"

namespace casekeep::synth {

struct Person {
  std::string key;   //!< "p17": unique in the run
  std::string kind;  //!< policy subject kind id
  //! Object: field id -> value (string for text, date, email, phone, postcode, enum and
  //! nhs_number; integer; bool) for fields of the subject kind. Optional fields are absent
  //! about one time in five.
  nlohmann::json fields;
};

struct Relationship {
  std::string from;  //!< person key
  std::string to;    //!< person key
  std::string kind;  //!< "parent_of", "carer_of" or "professional_for"
};

struct CaseMember {
  std::string person;  //!< person key
  std::string role;    //!< "parent", "other_parent", "carer", "child" or "professional"
};

struct Case {
  std::string key;              //!< "c5": unique in the run
  std::string service;          //!< policy service id
  std::string referral_source;  //!< policy referral source id, or empty if the policy has none
  std::string opened_on;        //!< YYYY-MM-DD
  std::optional<std::string> closed_on;  //!< YYYY-MM-DD, not after Options::last_date
  std::vector<std::string> flags;        //!< policy case flag ids, in policy order
  std::vector<CaseMember> members;
};

struct Record {
  std::string case_key;     //!< empty for person-only record types (case_record = false)
  std::string subject;      //!< key of the person the record is about, or empty
  std::string type;         //!< policy record type id
  std::string occurred_on;  //!< YYYY-MM-DD, inside the case's open period
  //! Object: field id -> value, as Person::fields. Attachments appear only when required, as
  //! the placeholder string "attachment".
  nlohmann::json fields;
};

//! One household's people and everything about them. Now and then (when the policy has staff
//! kinds with person-only records) a "family" is one member of staff with no cases.
struct Family {
  std::vector<Person> people;
  std::vector<Relationship> relationships;
  std::vector<Case> cases;
  std::vector<Record> records;  //!< grouped by case, in date order within a case
};

//! The family as one JSON object {"people": [...], "relationships": [...], "cases": [...],
//! "records": [...]}, members named as in the structs above; closed_on is null when open.
nlohmann::json ToJson(const Family& family);

struct Options {
  std::uint64_t seed = 1;
  std::string first_date = "2019-01-01";  //!< no case opens before this
  std::string last_date = "2026-10-31";   //!< no case opens or closes after this
  double records_per_case = 12;           //!< mean; at least 1
};

namespace internal {
struct State;
}

class Generator {
 public:
  //! A generator for `policy` (which need not outlive it). Fails with kInvalidArgument when a
  //! date is not YYYY-MM-DD, last_date is not after first_date, records_per_case is below 1 or
  //! above 100000, or the policy has no subject kinds for family members or no service whose
  //! cases can hold records.
  [[nodiscard]] static Result<Generator> Create(const policy::Policy& policy, Options options);

  Generator(Generator&&) noexcept;
  Generator& operator=(Generator&&) noexcept;
  ~Generator();

  //! The next family of the sequence; the same policy and options give the same sequence on
  //! every platform.
  Family NextFamily();

  //! Records produced so far by NextFamily.
  std::uint64_t records_generated() const;

 private:
  explicit Generator(std::unique_ptr<internal::State> state);
  std::unique_ptr<internal::State> state_;
};

}  // namespace casekeep::synth
