// The retention rule engine: which of the policy's retention rules governs a record, and the dates
// that follow from it (disposal, review, early removal of some fields), with the reasons in
// words. Pure: the caller gathers the facts about the record, its case and its subject; nothing
// here reads the store, the clock or a key. Every date and rule: docs/retention.md.
// Thread-safety: functions of their arguments only; safe to call concurrently on one Policy.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/error.h"
#include "policy/model.h"

namespace casekeep::retention {

//! Everything a retention rule can look at, gathered by the caller. Dates are UK civil dates.
//! A record that is not on a case (case_record = false) has no service, referral source, flags
//! or case dates: leave them empty.
struct RecordFacts {
  std::string type;                //!< the record type id
  Date created;                    //!< the day the record was created
  bool case_record = true;         //!< the record belongs to a case
  std::string service;             //!< the case's service id
  std::string referral_source;     //!< the case's referral source id; "" when not recorded
  std::vector<std::string> flags;  //!< the case's flags
  std::optional<Date> case_opened;
  std::optional<Date> case_closed;        //!< absent while the case is open
  std::optional<Date> last_contact;       //!< the latest contact on the case
  std::optional<Date> transfer_complete;  //!< the case's completed transfer elsewhere
  std::optional<Date> date_of_birth;      //!< the `date_of_birth` field of the record's subject
  std::optional<Date> employment_ended;   //!< the `employment_ended` field of the record's subject
  std::optional<Date> financial_year_of;  //!< the day a finance record relates to; absent: created
  std::optional<Date> last_review;        //!< the last review of a record kept indefinitely, if any
  //! Record field id -> value as the policy writes it: "true" or "false", an enum value, a date
  //! "YYYY-MM-DD" (a datetime field as its UK date). Only the fields ReferencedFields names are
  //! read; a field that is absent or "" is not known.
  std::map<std::string, std::string> fields;
};

//! What the outcome means for the record.
enum class Status {
  kDispose,         //!< due for disposal on dispose_on
  kReview,          //!< kept indefinitely; next review on review_on
  kTriggerUnknown,  //!< a rule applies but its trigger date is not known yet: kept
  kNoRule,          //!< no rule applies: kept, and to be reported as a gap in the policy
  kBeyondCalendar,  //!< the computed date would be after 2999-12-31: kept
};
std::string_view StatusName(Status s);

struct Outcome {
  Status status = Status::kNoRule;
  const policy::RetentionRule* rule = nullptr;  //!< the rule that applies; nullptr: none does
  std::optional<Date> trigger;                  //!< the day the period counts from, once known
  std::optional<Date> dispose_on;               //!< set for kDispose only
  //! For kReview: last_review + review, or trigger + review when there has been no review.
  std::optional<Date> review_on;
  //! Fields erased before the rest of the record.
  struct Partial {
    std::vector<std::string> fields;
    Date on;  //!< trigger + the partial period
    std::string note;
  };
  std::vector<Partial> partial;  //!< in date order (ties in file order); needs the trigger
  //! Sentences: the rules considered and why each applied or not, the trigger, the arithmetic.
  //! Empty when Evaluate was asked not to explain.
  std::vector<std::string> explanation;
};

enum class Explain { kYes, kNo };

//! The rule that governs the record and its dates. Of the rules that list the record's type and
//! whose `when` holds, the one with the highest priority applies (on a tie, which a checked
//! policy never has, the first in the file). `policy` must outlive the Outcome (Outcome::rule
//! points into it). Explain::kNo skips the sentences, for sweeps over many records.
Outcome Evaluate(const policy::Policy& policy, const RecordFacts& facts,
                 Explain explain = Explain::kYes);

//! The record fields that the rules for `type` read (their from_field and the fields in their
//! `when`), sorted and without repeats, so that a caller decrypts a record only when needed.
std::vector<std::string> ReferencedFields(const policy::Policy& policy, std::string_view type);

//! `date` + `period`: the years and months together as calendar months, keeping the day of the
//! month or taking the last day of a shorter month (31 Jan + 1m = 28 Feb, or 29 Feb in a leap
//! year; 29 Feb 2024 + 1y = 28 Feb 2025), then the days. Fails with kInvalidArgument when the
//! result is after 2999-12-31.
[[nodiscard]] Result<Date> AddPeriod(Date date, const policy::Period& period);

//! The last day of the financial year that contains `date`, for a year ending on `year_end`
//! (31 March: 2025-03-31 -> 2025-03-31, 2025-04-01 -> 2026-03-31). Fails with
//! kInvalidArgument when that day is after 2999-12-31.
[[nodiscard]] Result<Date> FinancialYearEnd(Date date, policy::MonthDay year_end);

}  // namespace casekeep::retention
