// Tests for civil dates, month arithmetic and the UK civil clock. Single-threaded.
#include "base/date.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace casekeep {
namespace {

Date D(std::string_view text) {
  return Date::Parse(text).value();
}

TEST(DateParse, AcceptsValidDates) {
  struct Row {
    std::string_view text;
    int y, m, d;
  };
  const Row rows[] = {
      {"1900-01-01", 1900, 1, 1},    // first supported day
      {"2999-12-31", 2999, 12, 31},  // last supported day
      {"2024-02-29", 2024, 2, 29},   // 2024 is a leap year
      {"2000-02-29", 2000, 2, 29},   // divisible by 400: leap
      {"2025-12-31", 2025, 12, 31}, {"2025-04-30", 2025, 4, 30},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    const Result<Date> date = Date::Parse(row.text);
    ASSERT_TRUE(date.has_value()) << date.error().message;
    EXPECT_EQ(date->year(), row.y);
    EXPECT_EQ(date->month(), row.m);
    EXPECT_EQ(date->day(), row.d);
    EXPECT_EQ(date->ToString(), row.text);
  }
}

TEST(DateParse, RejectsWithClearMessages) {
  struct Row {
    std::string_view text;
    std::string_view message_part;
  };
  const Row rows[] = {
      {"2025-02-29", "February 2025 has 28 days"},  // 2025 is not a leap year
      {"1900-02-29", "February 1900 has 28 days"},  // century not divisible by 400
      {"2025-04-31", "April 2025 has 30 days"},
      {"2025-01-00", "January 2025 has 31 days"},
      {"2025-13-01", "month 13 does not exist"},
      {"2025-00-10", "month 0 does not exist"},
      {"1899-12-31", "year 1899 is out of range"},
      {"3000-01-01", "year 3000 is out of range"},
      {" 2025-01-01", "YYYY-MM-DD"},  // leading space
      {"2025-01-01 ", "YYYY-MM-DD"},  // trailing space
      {"2025-1-1", "YYYY-MM-DD"},     // no zero padding
      {"2025-01-01x", "YYYY-MM-DD"},  // trailing junk
      {"2025-01-01T00:00", "YYYY-MM-DD"},
      {"2025/01/01", "YYYY-MM-DD"},
      {"20250101", "YYYY-MM-DD"},
      {"+025-01-01", "YYYY-MM-DD"},
      {"2025-0a-01", "YYYY-MM-DD"},
      {"", "YYYY-MM-DD"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    const Result<Date> date = Date::Parse(row.text);
    ASSERT_FALSE(date.has_value());
    EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(date.error().message.find(row.message_part), std::string::npos)
        << date.error().message;
  }
}

TEST(DateParse, QuotesHostileInputSafely) {
  const std::string input = std::string("2025-01-0\n") + std::string(100, 'x');
  const Result<Date> date = Date::Parse(input);
  ASSERT_FALSE(date.has_value());
  EXPECT_EQ(date.error().message.find('\n'), std::string::npos);
  EXPECT_LT(date.error().message.size(), 100u);
}

TEST(Date, FromYmdChecksFields) {
  EXPECT_TRUE(Date::FromYmd(2024, 2, 29).has_value());
  EXPECT_FALSE(Date::FromYmd(2025, 2, 29).has_value());
  EXPECT_FALSE(Date::FromYmd(2025, 6, 31).has_value());
  EXPECT_FALSE(Date::FromYmd(2025, 0, 1).has_value());
  EXPECT_FALSE(Date::FromYmd(1899, 12, 31).has_value());
}

TEST(Date, LeapYears) {
  EXPECT_FALSE(IsLeapYear(1900));  // century, not divisible by 400
  EXPECT_TRUE(IsLeapYear(2000));   // divisible by 400
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2025));
  EXPECT_TRUE(IsLeapYear(2028));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_TRUE(IsLeapYear(2400));
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2025, 4), 30);
  EXPECT_EQ(DaysInMonth(2025, 12), 31);
  EXPECT_EQ(DaysInMonth(2025, 13), 0);
}

TEST(Date, DaysSinceEpoch) {
  EXPECT_EQ(Date().DaysSinceEpoch(), 0);
  EXPECT_EQ(Date().ToString(), "1970-01-01");
  EXPECT_EQ(D("1970-01-02").DaysSinceEpoch(), 1);
  EXPECT_EQ(D("1969-12-31").DaysSinceEpoch(), -1);
  EXPECT_EQ(D("2000-03-01").DaysSinceEpoch(), 11017);
  EXPECT_EQ(D("1900-01-01").DaysSinceEpoch(), -25567);
  EXPECT_EQ(D("2999-12-31").DaysSinceEpoch(), 376199);
  EXPECT_EQ(Date::FromDaysSinceEpoch(11017).value(), D("2000-03-01"));
  EXPECT_FALSE(Date::FromDaysSinceEpoch(-25568).has_value());
  EXPECT_FALSE(Date::FromDaysSinceEpoch(376200).has_value());
}

TEST(Date, EveryDayRoundTrips) {
  Date previous = Date::Min();
  EXPECT_EQ(previous.weekday(), Weekday::kMonday);  // 1 January 1900 was a Monday
  for (std::int64_t n = Date::Min().DaysSinceEpoch() + 1; n <= Date::Max().DaysSinceEpoch(); ++n) {
    const Result<Date> date = Date::FromDaysSinceEpoch(n);
    ASSERT_TRUE(date.has_value()) << n;
    ASSERT_EQ(date->DaysSinceEpoch(), n);
    ASSERT_LT(previous, *date);
    ASSERT_EQ(DaysBetween(previous, *date), 1);
    ASSERT_EQ((static_cast<int>(previous.weekday()) % 7) + 1, static_cast<int>(date->weekday()));
    if (n % 97 == 0) {
      ASSERT_EQ(Date::Parse(date->ToString()).value(), *date);
    }
    previous = *date;
  }
  EXPECT_EQ(previous, Date::Max());
}

TEST(Date, Weekdays) {
  EXPECT_EQ(D("1970-01-01").weekday(), Weekday::kThursday);
  EXPECT_EQ(D("2000-01-01").weekday(), Weekday::kSaturday);
  EXPECT_EQ(D("2025-01-31").weekday(), Weekday::kFriday);
  EXPECT_EQ(D("2024-02-29").weekday(), Weekday::kThursday);
  EXPECT_EQ(D("2025-03-16").weekday(), Weekday::kSunday);
  EXPECT_TRUE(D("2025-03-15").IsWeekend());
  EXPECT_TRUE(D("2025-03-16").IsWeekend());
  EXPECT_FALSE(D("2025-03-17").IsWeekend());
  EXPECT_EQ(WeekdayName(Weekday::kWednesday), "Wednesday");
  EXPECT_EQ(MonthName(2), "February");
  EXPECT_EQ(MonthName(0), "");
}

TEST(Date, LongString) {
  EXPECT_EQ(D("2025-01-31").ToLongString(), "Friday 31 January 2025");
  EXPECT_EQ(D("2024-02-29").ToLongString(), "Thursday 29 February 2024");
}

TEST(Date, Comparisons) {
  EXPECT_LT(D("2024-12-31"), D("2025-01-01"));
  EXPECT_LT(D("2025-01-31"), D("2025-02-01"));
  EXPECT_GT(D("2025-02-01"), D("2025-01-31"));
  EXPECT_LE(D("2025-02-01"), D("2025-02-01"));
  EXPECT_EQ(D("2025-02-01"), D("2025-02-01"));
  EXPECT_NE(D("2025-02-01"), D("2025-02-02"));
}

TEST(Date, AddDaysAndDaysBetween) {
  EXPECT_EQ(D("2024-02-28").AddDays(1).value(), D("2024-02-29"));
  EXPECT_EQ(D("2025-02-28").AddDays(1).value(), D("2025-03-01"));
  EXPECT_EQ(D("2025-12-31").AddDays(1).value(), D("2026-01-01"));
  EXPECT_EQ(D("2025-01-01").AddDays(-1).value(), D("2024-12-31"));
  EXPECT_EQ(DaysBetween(D("2025-01-01"), D("2025-12-31")), 364);
  EXPECT_EQ(DaysBetween(D("2024-01-01"), D("2025-01-01")), 366);  // 2024 is a leap year
  EXPECT_EQ(DaysBetween(D("2025-01-01"), D("2024-01-01")), -366);
  EXPECT_EQ(DaysBetween(D("2025-06-01"), D("2025-06-01")), 0);
  EXPECT_FALSE(D("2999-12-31").AddDays(1).has_value());
  EXPECT_FALSE(D("1900-01-01").AddDays(-1).has_value());
  EXPECT_FALSE(D("2025-01-01").AddDays(INT64_MAX).has_value());
  EXPECT_FALSE(D("2025-01-01").AddDays(INT64_MIN).has_value());
}

TEST(Date, AddMonthsClampsToMonthEnd) {
  struct Row {
    std::string_view from;
    std::int64_t months;
    std::string_view want;
  };
  const Row rows[] = {
      {"2025-01-31", 1, "2025-02-28"},  // no 31 Feb; 2025 not leap: last day is the 28th
      {"2024-01-31", 1, "2024-02-29"},  // leap year: last day is the 29th
      {"2024-01-30", 1, "2024-02-29"},  // 30th also clamps
      {"2025-03-31", 1, "2025-04-30"},  // April has 30 days
      {"2025-01-31", 3, "2025-04-30"},  // three months: clamp in April, not via February
      {"2025-02-28", 1, "2025-03-28"},  // same day number; no "end of month sticks" rule
      {"2025-12-15", 1, "2026-01-15"},  // across a year end
      {"2025-11-30", 3, "2026-02-28"},  {"2027-11-30", 3, "2028-02-29"},  // 2028 is a leap year
      {"2025-03-31", -1, "2025-02-28"},                                   // backwards clamps too
      {"2025-01-15", -1, "2024-12-15"}, {"2025-05-31", 0, "2025-05-31"},
      {"2025-08-31", 6, "2026-02-28"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.from) + " + " + std::to_string(row.months));
    EXPECT_EQ(D(row.from).AddMonths(row.months).value(), D(row.want));
  }
  EXPECT_FALSE(D("2999-12-15").AddMonths(1).has_value());
  EXPECT_FALSE(D("1900-01-15").AddMonths(-1).has_value());
  EXPECT_FALSE(D("2025-01-15").AddMonths(INT64_MAX).has_value());
}

TEST(Date, AddYearsClampsLeapDay) {
  EXPECT_EQ(D("2024-02-29").AddYears(1).value(), D("2025-02-28"));
  EXPECT_EQ(D("2024-02-29").AddYears(4).value(), D("2028-02-29"));
  EXPECT_EQ(D("2000-02-29").AddYears(100).value(), D("2100-02-28"));  // 2100 not leap
  EXPECT_EQ(D("2025-06-15").AddYears(-125).value(), D("1900-06-15"));
  EXPECT_FALSE(D("2025-06-15").AddYears(1000).has_value());
  EXPECT_FALSE(D("2025-06-15").AddYears(INT64_MIN).has_value());
}

// Instants from `date -u -d '...' +%s`; expected local dates checked against
// `TZ=Europe/London date -d @N`.
TEST(UkClock, BritishSummerTimeBoundaries) {
  // 2025: BST from Sunday 30 March 01:00 UTC to Sunday 26 October 01:00 UTC.
  EXPECT_FALSE(IsBritishSummerTime(1743296400 - 1));
  EXPECT_TRUE(IsBritishSummerTime(1743296400));
  EXPECT_TRUE(IsBritishSummerTime(1761440400 - 1));
  EXPECT_FALSE(IsBritishSummerTime(1761440400));
  // 2024: Sunday 31 March 01:00 UTC to Sunday 27 October 01:00 UTC.
  EXPECT_FALSE(IsBritishSummerTime(1711846800 - 1));
  EXPECT_TRUE(IsBritishSummerTime(1711846800));
  EXPECT_TRUE(IsBritishSummerTime(1729990800 - 1));
  EXPECT_FALSE(IsBritishSummerTime(1729990800));
  EXPECT_FALSE(IsBritishSummerTime(1767223800));  // 31 December 2025
}

TEST(UkClock, TodayUk) {
  struct Row {
    std::int64_t unix_seconds;
    std::string_view want;
    std::string_view why;
  };
  const Row rows[] = {
      {1743291000, "2025-03-29", "23:30 UTC Sat 29 Mar 2025, GMT: same day"},
      {1743296400 - 1, "2025-03-30", "00:59:59 UTC 30 Mar 2025, still GMT"},
      {1751326200, "2025-07-01", "23:30 UTC 30 Jun 2025 is 00:30 BST on 1 Jul"},
      {1761435000, "2025-10-26", "23:30 UTC 25 Oct 2025 is 00:30 BST on 26 Oct"},
      {1761440400, "2025-10-26", "01:00 UTC 26 Oct 2025, back on GMT"},
      {1767223800, "2025-12-31", "23:30 UTC 31 Dec 2025, GMT: still 31 Dec"},
      {1767225600, "2026-01-01", "midnight UTC = midnight GMT"},
      {0, "1970-01-01", "the epoch"},
      {-1, "1969-12-31", "one second before the epoch (floor, not truncation)"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.why);
    const FixedClock clock(row.unix_seconds);
    EXPECT_EQ(TodayUk(clock), D(row.want));
  }
}

TEST(UkClock, FarInstantsClamp) {
  EXPECT_EQ(TodayUk(FixedClock(INT64_MAX)), Date::Max());
  EXPECT_EQ(TodayUk(FixedClock(INT64_MIN)), Date::Min());
  EXPECT_EQ(TodayUk(FixedClock(std::int64_t{40'000'000'000})), Date::Max());
}

TEST(UkClock, FixedClockCanMove) {
  FixedClock clock(1751326200);
  clock.Advance(-3600);  // 22:30 UTC = 23:30 BST on 30 Jun
  EXPECT_EQ(TodayUk(clock), D("2025-06-30"));
  clock.Set(1767225600);
  EXPECT_EQ(clock.NowUnixSeconds(), 1767225600);
}

TEST(UkClock, SystemClockIsPlausible) {
  const SystemClock clock;
  EXPECT_GT(clock.NowUnixSeconds(), 1735689600);  // after 1 January 2025
  EXPECT_GE(TodayUk(clock), D("2025-01-01"));
}

}  // namespace
}  // namespace casekeep
