#include "retention/engine.h"

#include <algorithm>
#include <utility>

namespace casekeep::retention {
namespace {

using policy::Condition;
using policy::Period;
using policy::RetentionRule;
using policy::Trigger;

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Quote(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'" (with `last` = "or"), for sentences.
std::string List(const std::vector<std::string>& v, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += i + 1 == v.size() ? " " + std::string(last) + " " : ", ";
    out += Quote(v[i]);
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

// "the case does not have the flag 'a'", "the case has neither flag 'a' nor 'b'".
std::string NoFlag(const std::vector<std::string>& flags) {
  return flags.size() == 1 ? "the case does not have the flag " + Quote(flags[0])
                           : "the case has neither flag " + List(flags, "nor");
}

// True when every test of `c` holds for `f` (docs/policy.md, "Conditions"). With `why`, says
// which test failed, or on success what held.
bool Holds(const Condition& c, const RecordFacts& f, std::string* why) {
  std::vector<std::string> held;
  const auto fail = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  if (!c.services.empty()) {
    if (!Contains(c.services, f.service)) {
      if (why == nullptr) return false;
      return fail(
          f.service.empty()
              ? "the record has no case service, and the rule needs " + List(c.services, "or")
              : "the case's service " + Quote(f.service) + " is not " + List(c.services, "or"));
    }
    if (why != nullptr) held.push_back("the case's service is " + Quote(f.service));
  }
  if (!c.any_flag.empty()) {
    auto it = std::find_if(f.flags.begin(), f.flags.end(),
                           [&](const std::string& x) { return Contains(c.any_flag, x); });
    if (it == f.flags.end()) {
      if (why == nullptr) return false;
      return fail(NoFlag(c.any_flag));
    }
    if (why != nullptr) held.push_back("the case has the flag " + Quote(*it));
  }
  for (const auto& flag : c.all_flags) {
    if (Contains(f.flags, flag)) continue;
    return why == nullptr ? false : fail("the case does not have the flag " + Quote(flag));
  }
  if (!c.all_flags.empty() && why != nullptr) {
    held.push_back("the case has every flag of " + List(c.all_flags, "and"));
  }
  for (const auto& flag : c.no_flag) {
    if (!Contains(f.flags, flag)) continue;
    return why == nullptr ? false : fail("the case has the flag " + Quote(flag));
  }
  if (!c.no_flag.empty() && why != nullptr) {
    held.push_back(NoFlag(c.no_flag));
  }
  if (!c.referral_source.empty()) {
    if (!Contains(c.referral_source, f.referral_source)) {
      if (why == nullptr) return false;
      return fail(f.referral_source.empty()
                      ? "no referral source is recorded, and the rule needs " +
                            List(c.referral_source, "or")
                      : "the referral source " + Quote(f.referral_source) + " is not " +
                            List(c.referral_source, "or"));
    }
    if (why != nullptr) held.push_back("the referral source is " + Quote(f.referral_source));
  }
  for (const auto& [field, value] : c.field_equals) {
    auto it = f.fields.find(field);
    if (it != f.fields.end() && it->second == value) {
      if (why != nullptr) held.push_back("the field " + Quote(field) + " is " + Quote(value));
      continue;
    }
    if (why == nullptr) return false;
    if (it == f.fields.end() || it->second.empty()) {
      return fail("the field " + Quote(field) + " is empty, and the rule needs " + Quote(value));
    }
    return fail("the field " + Quote(field) + " is " + Quote(it->second) + ", not " + Quote(value));
  }
  if (why != nullptr) *why = held.empty() ? "it has no conditions" : Join(held);
  return true;
}

// The trigger date of a rule for a record, or why it is not known.
struct TriggerResult {
  std::optional<Date> date;
  bool beyond_calendar = false;  // the date would be after 2999-12-31
  std::string what;              // "the day the case was closed"
  std::string missing;           // why the date is not known
};

TriggerResult Resolve(const policy::Policy& policy, const RetentionRule& rule, const RecordFacts& f,
                      bool say) {
  TriggerResult r;
  const auto from = [&](const std::optional<Date>& date, const char* what, const char* missing) {
    r.date = date;
    if (say) {
      r.what = what;
      r.missing = missing;
    }
  };
  switch (rule.from) {
    case Trigger::kRecordCreated: from(f.created, "the day the record was created", ""); break;
    case Trigger::kCaseOpened:
      from(f.case_opened, "the day the case was opened", "the case's opening date is not known");
      break;
    case Trigger::kCaseClosed:
      from(f.case_closed, "the day the case was closed", "the case is still open");
      break;
    case Trigger::kLastContact:
      from(f.last_contact, "the day of the last contact on the case",
           "there has been no contact on the case");
      break;
    case Trigger::kEmploymentEnded:
      from(f.employment_ended, "the day the subject's employment or volunteering ended",
           "the subject's 'employment_ended' date is empty (still working or volunteering)");
      break;
    case Trigger::kDateOfBirth:
      from(f.date_of_birth, "the subject's date of birth",
           "the subject's 'date_of_birth' is not recorded");
      break;
    case Trigger::kTransferComplete:
      from(f.transfer_complete, "the day the case's transfer to another organisation was completed",
           "no transfer of the case has been completed");
      break;
    case Trigger::kFinancialYearEnd: {
      const Date of = f.financial_year_of.value_or(f.created);
      const auto end = FinancialYearEnd(of, policy.settings.financial_year_end);
      r.date = end ? std::optional<Date>(*end) : std::nullopt;
      r.beyond_calendar = !end;
      if (say) {
        r.what = "the end of the financial year that contains " +
                 std::string(f.financial_year_of ? "the day the record relates to, "
                                                 : "the day the record was created, ") +
                 of.ToLongString();
        r.missing = "that financial year ends after 2999-12-31";
      }
      break;
    }
    case Trigger::kField: {
      auto it = f.fields.find(rule.from_field);
      if (say) r.what = "the record's field " + Quote(rule.from_field);
      if (it == f.fields.end() || it->second.empty()) {
        if (say) r.missing = "the field " + Quote(rule.from_field) + " is empty";
        break;
      }
      auto date = Date::Parse(it->second);
      if (date) {
        r.date = *date;
      } else if (say) {
        r.missing = "the field " + Quote(rule.from_field) + " holds " + Quote(it->second) +
                    ", which is not a date (" + date.error().message + ")";
      }
      break;
    }
  }
  return r;
}

// "29th", "30th", "31st": the days a month-end clamp can lose.
std::string Ordinal(int day) {
  const int last = day % 10;
  const bool teen = day % 100 >= 11 && day % 100 <= 13;
  const char* suffix = teen ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
  return std::to_string(day) + suffix;
}

// "Friday 31 January 2025 + 3 years = Monday 31 January 2028", noting a month-end clamp.
std::string Arithmetic(Date from, const Period& period, Date to) {
  std::string out =
      from.ToLongString() + " + " + policy::DescribePeriod(period) + " = " + to.ToLongString();
  if (period.years == 0 && period.months == 0) return out;
  auto moved = from.AddMonths(std::int64_t{12} * period.years + period.months);
  if (moved && moved->day() != from.day()) {
    out += " (" + std::string(MonthName(moved->month())) + " " + std::to_string(moved->year()) +
           " has no " + Ordinal(from.day()) + ", so the month's last day is taken)";
  }
  return out;
}

}  // namespace

std::string_view StatusName(Status s) {
  switch (s) {
    case Status::kDispose: return "dispose";
    case Status::kReview: return "review";
    case Status::kTriggerUnknown: return "trigger_unknown";
    case Status::kNoRule: return "no_rule";
    case Status::kBeyondCalendar: return "beyond_calendar";
  }
  return "unknown";
}

Result<Date> AddPeriod(Date date, const policy::Period& period) {
  Date moved = date;
  if (period.years != 0 || period.months != 0) {
    CK_ASSIGN_OR_RETURN(moved, date.AddMonths(std::int64_t{12} * period.years + period.months));
  }
  if (period.days == 0) return moved;
  return moved.AddDays(period.days);
}

Result<Date> FinancialYearEnd(Date date, policy::MonthDay year_end) {
  CK_ASSIGN_OR_RETURN(Date end, Date::FromYmd(date.year(), year_end.month, year_end.day));
  if (date <= end) return end;
  return Date::FromYmd(date.year() + 1, year_end.month, year_end.day);
}

std::vector<std::string> ReferencedFields(const policy::Policy& policy, std::string_view type) {
  std::vector<std::string> out;
  for (const auto& rule : policy.retention) {
    if (!Contains(rule.record_types, type)) continue;
    if (rule.from == Trigger::kField) out.push_back(rule.from_field);
    for (const auto& [field, value] : rule.when.field_equals) out.push_back(field);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Outcome Evaluate(const policy::Policy& policy, const RecordFacts& facts, Explain explain) {
  const bool say = explain == Explain::kYes;
  Outcome out;
  auto& ex = out.explanation;
  std::string why;
  std::string chosen_why;
  std::vector<const RetentionRule*> applicable;  // filled only when explaining
  int considered = 0;
  for (const auto& rule : policy.retention) {
    if (!Contains(rule.record_types, facts.type)) continue;
    ++considered;
    if (!Holds(rule.when, facts, say ? &why : nullptr)) {
      if (say) ex.push_back("Rule " + Quote(rule.id) + " does not apply: " + why + ".");
      continue;
    }
    if (say) applicable.push_back(&rule);
    if (out.rule == nullptr || rule.priority > out.rule->priority) {
      out.rule = &rule;
      if (say) chosen_why = why;
    }
  }
  if (out.rule == nullptr) {
    out.status = Status::kNoRule;
    if (say) {
      ex.push_back(
          (considered == 0
               ? "No retention rule covers records of type " + Quote(facts.type) + "."
               : "None of the rules for records of type " + Quote(facts.type) + " applies.") +
          " The record has no disposal date: it is kept, and reported as a gap in the "
          "policy.");
    }
    return out;
  }
  const RetentionRule& rule = *out.rule;
  if (say) {
    ex.push_back("Rule " + Quote(rule.id) + " applies (priority " + std::to_string(rule.priority) +
                 "): " + chosen_why + ".");
    for (const RetentionRule* other : applicable) {
      if (other == &rule) continue;
      ex.push_back("Rule " + Quote(other->id) + " also applies, but its priority (" +
                   std::to_string(other->priority) + ") is " +
                   (other->priority < rule.priority ? "lower" : "the same and it comes later") +
                   ".");
    }
  }

  const TriggerResult trigger = Resolve(policy, rule, facts, say);
  if (!trigger.date) {
    out.status = trigger.beyond_calendar ? Status::kBeyondCalendar : Status::kTriggerUnknown;
    if (say) {
      ex.push_back("The period counts from " + trigger.what + ", which is not known yet: " +
                   trigger.missing + ". Until it is, the record has no disposal date and is kept.");
    }
    return out;
  }
  const Date start = *trigger.date;
  out.trigger = start;
  if (say)
    ex.push_back("The period counts from " + trigger.what + ": " + start.ToLongString() + ".");

  if (rule.indefinite || !rule.period) {
    out.status = Status::kReview;
    if (!rule.review) return out;
    const Date base = facts.last_review ? std::max(*facts.last_review, start) : start;
    auto review = AddPeriod(base, *rule.review);
    if (!review) {
      out.status = Status::kBeyondCalendar;
      if (say) ex.push_back("The next review would fall after 2999-12-31; the record is kept.");
      return out;
    }
    out.review_on = *review;
    if (say) {
      ex.push_back("The record is kept without an end date and reviewed at intervals of " +
                   policy::DescribePeriod(*rule.review) + ", counted from " +
                   (base == start ? std::string("the trigger")
                                  : "the last review on " + base.ToLongString()) +
                   ": " + Arithmetic(base, *rule.review, *review) +
                   ", when the next review is due.");
    }
  } else {
    auto dispose = AddPeriod(start, *rule.period);
    if (!dispose) {
      out.status = Status::kBeyondCalendar;
      if (say) ex.push_back("The period would end after 2999-12-31; the record is kept.");
      return out;
    }
    out.status = Status::kDispose;
    out.dispose_on = *dispose;
    if (say) {
      ex.push_back(Arithmetic(start, *rule.period, *dispose) +
                   ": the record is due for disposal on " + dispose->ToLongString() + ".");
    }
  }

  for (const auto& part : rule.partial) {
    auto on = AddPeriod(start, part.period);
    if (!on || (out.dispose_on && *on >= *out.dispose_on)) {
      if (say) {
        ex.push_back("The fields " + List(part.fields, "and") + " go with the whole record.");
      }
      continue;
    }
    if (say) {
      ex.push_back("The fields " + List(part.fields, "and") +
                   " are erased earlier: " + Arithmetic(start, part.period, *on) + ".");
    }
    out.partial.push_back({part.fields, *on, part.note});
  }
  std::stable_sort(
      out.partial.begin(), out.partial.end(),
      [](const Outcome::Partial& a, const Outcome::Partial& b) { return a.on < b.on; });
  return out;
}

}  // namespace casekeep::retention
