// Civil calendar dates (proleptic Gregorian, years 1900-2999) for everything that carries legal
// meaning by the day: request deadlines, retention periods, bank holidays. Also the clock seam:
// production code reads the time through a Clock so that tests can fix it, and TodayUk turns an
// instant into the date on the UK civil calendar (GMT in winter, BST in summer).
// Thread-safety: Date is a plain value type. SystemClock is thread-safe; FixedClock may be read
// and changed from several threads (its instant is atomic).
#pragma once

#include <atomic>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace casekeep {

//! ISO 8601 day numbers: Monday is 1, Sunday is 7.
enum class Weekday { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

//! "Monday" ... "Sunday".
std::string_view WeekdayName(Weekday day);
//! "January" ... "December" for 1..12; "" for anything else.
std::string_view MonthName(int month);
//! Gregorian rule: every fourth year, except centuries not divisible by 400 (1900 is not a
//! leap year, 2000 is).
bool IsLeapYear(int year);
//! 28..31 for a valid year and month 1..12; 0 for a month outside 1..12.
int DaysInMonth(int year, int month);

//! A day on the civil calendar, without time or zone. Always valid: the only ways to make one
//! are the default (1970-01-01) and the checked factories below.
class Date {
 public:
  static constexpr int kMinYear = 1900;
  static constexpr int kMaxYear = 2999;

  //! 1970-01-01, the day that DaysSinceEpoch counts from.
  constexpr Date() = default;

  //! Parses exactly "YYYY-MM-DD" (ASCII digits, no spaces, no sign, no time); fails with
  //! kInvalidArgument naming the problem ("February 2025 has 28 days").
  [[nodiscard]] static Result<Date> Parse(std::string_view text);
  //! The date with these fields; fails with kInvalidArgument if it does not exist or its year is
  //! outside kMinYear..kMaxYear.
  [[nodiscard]] static Result<Date> FromYmd(int year, int month, int day);
  //! The date `days` days after 1970-01-01 (negative: before); fails outside the year range.
  [[nodiscard]] static Result<Date> FromDaysSinceEpoch(std::int64_t days);
  //! Earliest and latest representable dates (1900-01-01 and 2999-12-31).
  static Date Min();
  static Date Max();

  int year() const { return year_; }
  int month() const { return month_; }  //!< 1..12
  int day() const { return day_; }      //!< 1..31

  //! "YYYY-MM-DD"; Parse(ToString()) gives the same date back.
  std::string ToString() const;
  //! "Friday 31 January 2025", for letters and explanations.
  std::string ToLongString() const;
  //! Days since 1970-01-01 (negative before it), by Howard Hinnant's days_from_civil.
  std::int64_t DaysSinceEpoch() const;
  Weekday weekday() const;
  //! Saturday or Sunday.
  bool IsWeekend() const;

  //! This date moved by `days` (may be negative); fails if the result is outside the range.
  [[nodiscard]] Result<Date> AddDays(std::int64_t days) const;
  //! This date moved by whole calendar months, keeping the day of the month; when the target
  //! month is shorter, the result is that month's last day (31 Jan + 1 month = 28 Feb, or
  //! 29 Feb in a leap year; 31 Mar + 1 month = 30 Apr). Fails outside the year range.
  [[nodiscard]] Result<Date> AddMonths(std::int64_t months) const;
  //! AddMonths(12 * years), so with the same clamping: 29 Feb 2024 + 1 year = 28 Feb 2025.
  [[nodiscard]] Result<Date> AddYears(std::int64_t years) const;

  friend constexpr bool operator==(const Date&, const Date&) = default;
  friend constexpr std::strong_ordering operator<=>(const Date&, const Date&) = default;

 private:
  constexpr Date(int year, int month, int day) : year_(year), month_(month), day_(day) {}

  // Declaration order matters: the defaulted <=> compares year, then month, then day.
  int year_ = 1970;
  int month_ = 1;
  int day_ = 1;
};

//! Signed number of days from `from` to `to`: positive when `to` is later, 0 when equal.
std::int64_t DaysBetween(Date from, Date to);

//! The source of "now". Production code takes a `const Clock&` instead of calling the system,
//! so tests can pin the time.
class Clock {
 public:
  virtual ~Clock();
  //! Seconds since 1970-01-01T00:00:00Z, ignoring leap seconds.
  virtual std::int64_t NowUnixSeconds() const = 0;
};

//! The operating system's real-time clock.
class SystemClock final : public Clock {
 public:
  std::int64_t NowUnixSeconds() const override;
};

//! A clock that says what it is told, for tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t unix_seconds) : now_(unix_seconds) {}
  std::int64_t NowUnixSeconds() const override { return now_.load(); }
  void Set(std::int64_t unix_seconds) { now_.store(unix_seconds); }
  void Advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<std::int64_t> now_;
};

//! True when the UK is on British Summer Time at this instant: from 01:00 UTC on the last
//! Sunday of March (inclusive) to 01:00 UTC on the last Sunday of October (exclusive). This is
//! the rule in force since 1996 and is applied to every year; no system time-zone data is used.
bool IsBritishSummerTime(std::int64_t unix_seconds);

//! The Europe/London civil date at this instant (UTC, plus one hour during BST). Instants
//! outside the supported years give Date::Min() or Date::Max().
Date UkDateAt(std::int64_t unix_seconds);

//! Today's date in the UK according to `clock`.
Date TodayUk(const Clock& clock);

}  // namespace casekeep
