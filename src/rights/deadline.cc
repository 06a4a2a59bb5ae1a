// Request deadlines per regulation.md section 1: start date, calendar months, stop-the-clock
// days, then the next working day. Pure functions; thread-safe.
#include "rights/deadline.h"

#include <algorithm>
#include <utility>

namespace casekeep::rights {
namespace {

std::string DayCount(std::int64_t n) {
  return std::to_string(n) + (n == 1 ? " day" : " days");
}

// Why the clock starts on `start`: the first of the facts that falls on it.
std::string StartReason(const DeadlineFacts& facts, Date start) {
  if (facts.received == start) return "the day the request was received";
  if (facts.identity_verified == start) return "the day proof of identity was received";
  if (facts.authority_proved == start) {
    return "the day proof of authority to act for the person was received";
  }
  return "the day the fee was paid";
}

}  // namespace

Date StartDate(const DeadlineFacts& facts) {
  Date start = facts.received;
  for (const std::optional<Date>& d :
       {facts.identity_verified, facts.authority_proved, facts.fee_paid}) {
    if (d && *d > start) start = *d;
  }
  return start;
}

Result<std::int64_t> PausedDays(const DeadlineFacts& facts, Date start) {
  if (facts.paused_days < 0) {
    return InvalidArgument("paused days cannot be negative (" + std::to_string(facts.paused_days) +
                           ")");
  }
  std::vector<std::pair<Date, Date>> spans;
  for (const PauseInterval& pause : facts.pauses) {
    if (pause.received < pause.asked) {
      return InvalidArgument("a pause cannot end (" + pause.received.ToString() +
                             ") before it begins (" + pause.asked.ToString() + ")");
    }
    const Date from = std::max(pause.asked, start);
    if (from <= pause.received) spans.emplace_back(from, pause.received);
  }
  std::sort(spans.begin(), spans.end());
  std::int64_t days = 0;
  std::optional<std::int64_t> counted_to;  // day number of the last day already counted
  for (const auto& [from, to] : spans) {
    const std::int64_t last = to.DaysSinceEpoch();
    if (counted_to && last <= *counted_to) continue;
    std::int64_t first = from.DaysSinceEpoch();
    if (counted_to) first = std::max(first, *counted_to + 1);
    days += last - first + 1;
    counted_to = last;
  }
  return days + facts.paused_days;
}

Result<Date> OnOrNextWorkingDay(Date date, HolidayDivision division,
                                const HolidayCalendar& holidays) {
  for (;;) {
    CK_TRY(holidays.CheckCovers(division, date));
    if (holidays.IsWorkingDay(division, date)) return date;
    CK_ASSIGN_OR_RETURN(date, date.AddDays(1));
  }
}

Result<DeadlineWorking> WorkOutDeadline(const DeadlineFacts& facts, HolidayDivision division,
                                        const HolidayCalendar& holidays) {
  DeadlineWorking w;
  std::vector<std::string>& steps = w.steps;
  const std::string division_id(HolidayDivisionId(division));

  steps.push_back("Request received on " + facts.received.ToLongString() + ".");
  if (facts.identity_verified) {
    steps.push_back("Proof of identity received on " + facts.identity_verified->ToLongString() +
                    ".");
  }
  if (facts.authority_proved) {
    steps.push_back("Proof of authority to act for the person received on " +
                    facts.authority_proved->ToLongString() + ".");
  }
  if (facts.fee_paid) {
    steps.push_back("Fee paid on " + facts.fee_paid->ToLongString() + ".");
  }

  // 1. Start date.
  w.start = StartDate(facts);
  steps.push_back("The clock starts on " + w.start.ToLongString() + ", " +
                  StartReason(facts, w.start) + " (weekends and bank holidays included).");

  // 2. One or three calendar months, clamped to the end of a shorter month.
  const int months = facts.extended ? 3 : 1;
  CK_ASSIGN_OR_RETURN(w.calendar_due, w.start.AddMonths(months));
  std::string month_step = facts.extended ? "Extended: three calendar months from the start is "
                                          : "One calendar month from the start is ";
  month_step += w.calendar_due.ToLongString();
  if (w.calendar_due.day() != w.start.day()) {
    month_step += " (" + std::string(MonthName(w.calendar_due.month())) + " " +
                  std::to_string(w.calendar_due.year()) + " has no day " +
                  std::to_string(w.start.day()) + ", so the last day of that month)";
  }
  steps.push_back(month_step + ".");

  // 3. Stop-the-clock days extend the calendar deadline, before any working-day roll.
  CK_ASSIGN_OR_RETURN(w.paused_days, PausedDays(facts, w.start));
  CK_ASSIGN_OR_RETURN(w.paused_due, w.calendar_due.AddDays(w.paused_days));
  if (w.paused_days > 0) {
    std::string pause_step = "The clock was stopped for " + DayCount(w.paused_days);
    std::string spans;
    for (const PauseInterval& pause : facts.pauses) {
      spans += spans.empty() ? " (" : "; ";
      spans += "asked " + pause.asked.ToString() + ", received " + pause.received.ToString();
    }
    if (!spans.empty() && facts.paused_days > 0) {
      spans += "; and " + DayCount(facts.paused_days) + " recorded as a count";
    }
    if (!spans.empty()) pause_step += spans + ")";
    steps.push_back(pause_step + ", which moves the deadline to " + w.paused_due.ToLongString() +
                    ".");
  }

  // 4. Roll forward to a working day in the organisation's division.
  Date day = w.paused_due;
  for (;;) {
    CK_TRY(holidays.CheckCovers(division, day));
    if (day.IsWeekend()) {
      steps.push_back(day.ToLongString() + " is a weekend.");
    } else if (const BankHoliday* holiday = holidays.HolidayOn(division, day)) {
      std::string what = holiday->title;
      if (!holiday->notes.empty()) what += ", " + holiday->notes;
      steps.push_back(day.ToLongString() + " is a bank holiday in " + division_id + " (" + what +
                      ").");
    } else {
      break;
    }
    CK_ASSIGN_OR_RETURN(day, day.AddDays(1));
  }
  w.due = day;
  steps.push_back("Deadline: " + w.due.ToLongString() +
                  (w.due == w.paused_due ? ", a working day in " : ", the next working day in ") +
                  division_id + ".");
  return w;
}

Result<Date> ComputeDeadline(const DeadlineFacts& facts, HolidayDivision division,
                             const HolidayCalendar& holidays) {
  CK_ASSIGN_OR_RETURN(const DeadlineWorking w, WorkOutDeadline(facts, division, holidays));
  return w.due;
}

Result<std::vector<std::string>> ExplainDeadline(const DeadlineFacts& facts,
                                                 HolidayDivision division,
                                                 const HolidayCalendar& holidays) {
  CK_ASSIGN_OR_RETURN(DeadlineWorking w, WorkOutDeadline(facts, division, holidays));
  return std::move(w.steps);
}

HolidayDivision ToHolidayDivision(policy::Division division) {
  switch (division) {
    case policy::Division::kEnglandAndWales: return HolidayDivision::kEnglandAndWales;
    case policy::Division::kScotland: return HolidayDivision::kScotland;
    case policy::Division::kNorthernIreland: return HolidayDivision::kNorthernIreland;
  }
  return HolidayDivision::kEnglandAndWales;
}

}  // namespace casekeep::rights
