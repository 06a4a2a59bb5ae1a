// The one place that computes when a data subject request must be answered (UK GDPR Art 12(3),
// ICO right-of-access guidance; regulation.md section 1). The same limits apply to access,
// rectification, erasure, restriction, portability, objection and automated-decision requests.
// docs/deadlines.md gives the rules, the order of operations and worked examples.
// Thread-safety: pure functions of their arguments; safe to call concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/error.h"
#include "base/holidays.h"
#include "policy/legal.h"

namespace casekeep::rights {

//! A stop-the-clock period: the controller asked for information it reasonably needed to
//! identify what was asked for on `asked`, and received it on `received`. Both days count as
//! paused.
struct PauseInterval {
  Date asked;
  Date received;
};

//! What is known about a request that affects its deadline.
struct DeadlineFacts {
  Date received;                          //!< the day the request arrived (any day of the week)
  std::optional<Date> identity_verified;  //!< proof of identity that was asked for arrived
  std::optional<Date> authority_proved;   //!< proof that a third party may act arrived
  std::optional<Date> fee_paid;           //!< a fee that may be charged was paid
  bool extended = false;                  //!< complex or one of several: three months, not one
  std::vector<PauseInterval> pauses;      //!< stop-the-clock periods
  std::int64_t paused_days = 0;           //!< paused days given as a count; added to `pauses`
};

//! Every intermediate result of the computation, in order.
struct DeadlineWorking {
  Date start;                      //!< latest of received / identity / authority / fee
  Date calendar_due;               //!< start + 1 (or 3) calendar months, clamped to month end
  std::int64_t paused_days = 0;    //!< distinct paused days on or after `start`, plus the count
  Date paused_due;                 //!< calendar_due + paused_days
  Date due;                        //!< paused_due rolled forward to a working day: the deadline
  std::vector<std::string> steps;  //!< the same, as sentences for people
};

//! The day the clock starts: the latest of the dates in `facts`.
Date StartDate(const DeadlineFacts& facts);

//! Number of paused days: the distinct days in `facts.pauses` on or after `start` (a day in two
//! overlapping pauses counts once; days before the clock started are not counted again), plus
//! `facts.paused_days`. kInvalidArgument if a pause ends before it begins or the
//! count is negative.
[[nodiscard]] Result<std::int64_t> PausedDays(const DeadlineFacts& facts, Date start);

//! `date` if it is a working day in `division`, otherwise the first working day after it.
//! kFailedPrecondition if a day that must be checked is outside the years `holidays` covers.
[[nodiscard]] Result<Date> OnOrNextWorkingDay(Date date, HolidayDivision division,
                                              const HolidayCalendar& holidays);

//! The full computation, in this order:
//!   1. start = StartDate(facts);
//!   2. calendar_due = start + 1 calendar month (3 if extended), same day of the month or the
//!      last day of a shorter month;
//!   3. paused_due = calendar_due + PausedDays(facts, start) calendar days;
//!   4. due = paused_due, or the next day that is neither a weekend nor a bank holiday in
//!      `division`, repeated until one is found.
//! Fails with kInvalidArgument for inconsistent facts and kFailedPrecondition ("bank holidays
//! for 2028 are not known: load a newer bank-holidays.json ...") when the deadline falls
//! outside the years the holiday file covers.
[[nodiscard]] Result<DeadlineWorking> WorkOutDeadline(const DeadlineFacts& facts,
                                                      HolidayDivision division,
                                                      const HolidayCalendar& holidays);

//! WorkOutDeadline(...).due: the last day on which the response is in time.
[[nodiscard]] Result<Date> ComputeDeadline(const DeadlineFacts& facts, HolidayDivision division,
                                           const HolidayCalendar& holidays);

//! WorkOutDeadline(...).steps: one sentence per step, for the CLI and letters.
[[nodiscard]] Result<std::vector<std::string>> ExplainDeadline(const DeadlineFacts& facts,
                                                               HolidayDivision division,
                                                               const HolidayCalendar& holidays);

//! The holiday division for the organisation's policy setting.
HolidayDivision ToHolidayDivision(policy::Division division);

}  // namespace casekeep::rights
