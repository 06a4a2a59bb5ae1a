// Tests for request deadlines (regulation.md section 1). Every expected date was worked out by
// hand from the calendar (weekdays checked with `date -d`) and data/uk-bank-holidays.json; the
// comment on each row is that working. Single-threaded.
#include "rights/deadline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace casekeep::rights {
namespace {

using enum HolidayDivision;

Date D(std::string_view text) {
  return Date::Parse(text).value();
}
std::optional<Date> Opt(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return D(text);
}

const HolidayCalendar& Holidays() {
  static const HolidayCalendar calendar =
      HolidayCalendar::FromFile(std::string(CASEKEEP_SOURCE_DIR) + "/data/uk-bank-holidays.json")
          .value();
  return calendar;
}

struct Row {
  std::string_view name;  // test name suffix
  HolidayDivision division;
  std::string_view received;
  std::string_view want;
  bool extended = false;
  std::vector<std::pair<std::string_view, std::string_view>> pauses = {};
  std::int64_t paused_days = 0;
  std::string_view identity = "";
  std::string_view authority = "";
  std::string_view fee = "";
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.name;
}

class DeadlineTable : public testing::TestWithParam<Row> {};

TEST_P(DeadlineTable, Computes) {
  const Row& row = GetParam();
  DeadlineFacts facts;
  facts.received = D(row.received);
  facts.identity_verified = Opt(row.identity);
  facts.authority_proved = Opt(row.authority);
  facts.fee_paid = Opt(row.fee);
  facts.extended = row.extended;
  facts.paused_days = row.paused_days;
  for (const auto& [asked, received] : row.pauses) facts.pauses.push_back({D(asked), D(received)});
  const Result<Date> due = ComputeDeadline(facts, row.division, Holidays());
  ASSERT_TRUE(due.has_value()) << due.error().message;
  EXPECT_EQ(due->ToString(), row.want);
  EXPECT_TRUE(Holidays().IsWorkingDay(row.division, *due));
}

const Row kRows[] = {
    // --- One calendar month to the same date; month ends clamp. ---
    // 31 Jan 2025 + 1 month: no 31 Feb, 2025 not leap -> Fri 28 Feb 2025, a working day.
    {"Jan31To28Feb", kEnglandAndWales, "2025-01-31", "2025-02-28"},
    // 31 Jan 2024 + 1 month: leap year -> Thu 29 Feb 2024, a working day.
    {"Jan31To29FebLeap", kEnglandAndWales, "2024-01-31", "2024-02-29"},
    // 30 Jan 2024 -> 30 Feb does not exist -> Thu 29 Feb 2024.
    {"Jan30To29FebLeap", kEnglandAndWales, "2024-01-30", "2024-02-29"},
    // 30 Jan 2025 -> Fri 28 Feb 2025.
    {"Jan30To28Feb", kEnglandAndWales, "2025-01-30", "2025-02-28"},
    // 29 Jan 2024 -> Thu 29 Feb 2024 exists in a leap year.
    {"Jan29To29FebLeap", kEnglandAndWales, "2024-01-29", "2024-02-29"},
    // 31 Mar 2025 -> no 31 Apr -> Wed 30 Apr 2025.
    {"Mar31ToApr30", kEnglandAndWales, "2025-03-31", "2025-04-30"},
    // 10 Jun 2025 -> Thu 10 Jul 2025: the plain case.
    {"SameDateNextMonth", kEnglandAndWales, "2025-06-10", "2025-07-10"},

    // --- Weekends. ---
    // 15 Feb 2025 -> Sat 15 Mar; Sun 16 -> Mon 17 Mar 2025.
    {"SaturdayToMonday", kEnglandAndWales, "2025-02-15", "2025-03-17"},
    // Same in NI, but Mon 17 Mar 2025 is St Patrick's Day -> Tue 18 Mar.
    {"SaturdayStPatrickNI", kNorthernIreland, "2025-02-15", "2025-03-18"},
    // 17 Feb 2024 -> Sun 17 Mar 2024 -> Mon 18 Mar 2024 (E&W working day).
    {"SundayToMonday", kEnglandAndWales, "2024-02-17", "2024-03-18"},
    // NI: Mon 18 Mar 2024 is the St Patrick's Day substitute -> Tue 19 Mar.
    {"StPatrickSubstituteNI", kNorthernIreland, "2024-02-17", "2024-03-19"},

    // --- Received on a weekend or bank holiday: the clock still starts that day. ---
    // Received Sat 1 Feb 2025 -> Sat 1 Mar; Sun 2 -> Mon 3 Mar 2025.
    {"ReceivedSaturday", kEnglandAndWales, "2025-02-01", "2025-03-03"},
    // Received Christmas Day, Thu 25 Dec 2025 -> Sun 25 Jan 2026 -> Mon 26 Jan 2026.
    {"ReceivedChristmasDay", kEnglandAndWales, "2025-12-25", "2026-01-26"},
    // Received Good Friday, 18 Apr 2025 -> Sun 18 May 2025 -> Mon 19 May 2025.
    {"ReceivedGoodFriday", kEnglandAndWales, "2025-04-18", "2025-05-19"},

    // --- Christmas and New Year. ---
    // 25 Nov 2024 -> Wed 25 Dec (holiday), Thu 26 Dec (holiday) -> Fri 27 Dec 2024.
    {"Christmas2024To27Dec", kEnglandAndWales, "2024-11-25", "2024-12-27"},
    // 25 Nov 2025 -> Thu 25 Dec, Fri 26 Dec holidays, Sat 27, Sun 28 -> Mon 29 Dec 2025.
    {"Christmas2025To29Dec", kEnglandAndWales, "2025-11-25", "2025-12-29"},
    // 25 Nov 2026 -> Fri 25 Dec, Sat 26, Sun 27, Mon 28 (Boxing Day substitute) -> Tue 29 Dec.
    {"Christmas2026BoxingSubstitute", kEnglandAndWales, "2026-11-25", "2026-12-29"},
    // 25 Nov 2027 -> Sat 25, Sun 26, Mon 27 and Tue 28 (both substitutes) -> Wed 29 Dec 2027.
    {"Christmas2027TwoSubstitutes", kScotland, "2027-11-25", "2027-12-29"},
    // 1 Dec 2024 -> Wed 1 Jan 2025 (holiday) -> Thu 2 Jan 2025 in E&W.
    {"NewYear2025EW", kEnglandAndWales, "2024-12-01", "2025-01-02"},
    // Scotland: Thu 2 Jan 2025 is also a holiday -> Fri 3 Jan 2025.
    {"NewYear2025Scotland", kScotland, "2024-12-01", "2025-01-03"},
    // NI has no 2 January holiday -> Thu 2 Jan 2025.
    {"NewYear2025NI", kNorthernIreland, "2024-12-01", "2025-01-02"},
    // 1 Dec 2026 -> Fri 1 Jan 2027 (holiday), Sat 2, Sun 3 -> Mon 4 Jan 2027 in E&W.
    {"NewYear2027EW", kEnglandAndWales, "2026-12-01", "2027-01-04"},
    // Scotland: Mon 4 Jan 2027 is the 2nd January substitute -> Tue 5 Jan 2027.
    {"NewYear2027Scotland", kScotland, "2026-12-01", "2027-01-05"},

    // --- Easter. ---
    // 18 Mar 2025 -> Good Friday 18 Apr; Sat, Sun; Easter Monday 21 Apr -> Tue 22 Apr 2025.
    {"GoodFridayEW", kEnglandAndWales, "2025-03-18", "2025-04-22"},
    // Scotland: Good Friday is a holiday, Easter Monday is not -> Mon 21 Apr 2025.
    {"GoodFridayScotland", kScotland, "2025-03-18", "2025-04-21"},
    // NI keeps both -> Tue 22 Apr 2025.
    {"GoodFridayNI", kNorthernIreland, "2025-03-18", "2025-04-22"},
    // 21 Mar 2025 -> Easter Monday 21 Apr 2025 -> Tue 22 Apr in E&W.
    {"EasterMondayEW", kEnglandAndWales, "2025-03-21", "2025-04-22"},
    // Scotland: Mon 21 Apr 2025 is a working day.
    {"EasterMondayScotland", kScotland, "2025-03-21", "2025-04-21"},
    // Received 29 Feb 2024 -> Good Friday 29 Mar 2024; Sat 30, Sun 31, Easter Monday 1 Apr
    // -> Tue 2 Apr 2024.
    {"LeapDayToEasterEW", kEnglandAndWales, "2024-02-29", "2024-04-02"},
    // Scotland: Easter Monday 1 Apr 2024 is a working day.
    {"LeapDayToEasterScotland", kScotland, "2024-02-29", "2024-04-01"},

    // --- Each division's own holidays. ---
    // 2 Nov 2024 -> Mon 2 Dec 2024, St Andrew's Day substitute in Scotland -> Tue 3 Dec.
    {"StAndrewSubstituteScotland", kScotland, "2024-11-02", "2024-12-03"},
    // E&W: Mon 2 Dec 2024 is a working day.
    {"StAndrewSubstituteEW", kEnglandAndWales, "2024-11-02", "2024-12-02"},
    // 30 Oct 2024 -> Sat 30 Nov 2024; Sun 1 Dec; Mon 2 Dec (substitute) -> Tue 3 Dec.
    {"StAndrewOnSaturdayScotland", kScotland, "2024-10-30", "2024-12-03"},
    // 30 Oct 2026 -> Mon 30 Nov 2026, St Andrew's Day -> Tue 1 Dec 2026.
    {"StAndrewScotland2026", kScotland, "2026-10-30", "2026-12-01"},
    // 12 Jun 2024 -> Fri 12 Jul 2024, Battle of the Boyne; Sat 13, Sun 14 -> Mon 15 Jul.
    {"BoyneNI", kNorthernIreland, "2024-06-12", "2024-07-15"},
    // E&W: Fri 12 Jul 2024 is a working day.
    {"BoyneEW", kEnglandAndWales, "2024-06-12", "2024-07-12"},
    // 12 Jun 2025 -> Sat 12 Jul 2025; Sun 13; Mon 14 (Boyne substitute) -> Tue 15 Jul.
    {"BoyneSubstituteNI", kNorthernIreland, "2025-06-12", "2025-07-15"},
    // E&W: Sat 12 Jul 2025 -> Mon 14 Jul 2025.
    {"BoyneSubstituteEW", kEnglandAndWales, "2025-06-12", "2025-07-14"},
    // 4 Jul 2025 -> Mon 4 Aug 2025, Scottish summer holiday (first Monday) -> Tue 5 Aug.
    {"AugustFirstMondayScotland", kScotland, "2025-07-04", "2025-08-05"},
    // E&W: Mon 4 Aug 2025 is a working day.
    {"AugustFirstMondayEW", kEnglandAndWales, "2025-07-04", "2025-08-04"},
    // 25 Jul 2025 -> Mon 25 Aug 2025, summer holiday (last Monday) in E&W -> Tue 26 Aug.
    {"AugustLastMondayEW", kEnglandAndWales, "2025-07-25", "2025-08-26"},
    // NI shares the last Monday -> Tue 26 Aug 2025.
    {"AugustLastMondayNI", kNorthernIreland, "2025-07-25", "2025-08-26"},
    // Scotland: Mon 25 Aug 2025 is a working day.
    {"AugustLastMondayScotland", kScotland, "2025-07-25", "2025-08-25"},

    // --- Extension: three calendar months from the start. ---
    // 31 Jan 2025 + 3 months -> no 31 Apr -> Wed 30 Apr 2025.
    {"ExtendedJan31", kEnglandAndWales, "2025-01-31", "2025-04-30", true},
    // 30 Nov 2024 + 3 months -> no 30 Feb -> Fri 28 Feb 2025.
    {"ExtendedNov30", kEnglandAndWales, "2024-11-30", "2025-02-28", true},
    // Received 29 Nov 2023 (before the file; only the deadline needs holidays) + 3 months
    // -> Thu 29 Feb 2024.
    {"ExtendedIntoLeapDay", kEnglandAndWales, "2023-11-29", "2024-02-29", true},
    // 18 Jan 2025 + 3 months -> Good Friday 18 Apr 2025 -> Tue 22 Apr 2025 (E&W).
    {"ExtendedToGoodFriday", kEnglandAndWales, "2025-01-18", "2025-04-22", true},

    // --- The latest of received / identity / authority / fee starts the clock. ---
    // Identity 20 Jan 2025 is latest (authority 15 Jan) -> Thu 20 Feb 2025.
    {"IdentityLatest",
     kEnglandAndWales,
     "2025-01-10",
     "2025-02-20",
     false,
     {},
     0,
     "2025-01-20",
     "2025-01-15"},
    // Authority 25 Jan 2025 is latest -> Tue 25 Feb 2025.
    {"AuthorityLatest",
     kEnglandAndWales,
     "2025-01-10",
     "2025-02-25",
     false,
     {},
     0,
     "2025-01-20",
     "2025-01-25"},
    // Fee 12 Mar 2025 is latest -> Sat 12 Apr 2025; Sun 13 -> Mon 14 Apr 2025.
    {"FeeLatest",
     kEnglandAndWales,
     "2025-03-03",
     "2025-04-14",
     false,
     {},
     0,
     "2025-03-05",
     "",
     "2025-03-12"},
    // Identity supplied before the request arrived: received 10 Jan 2025 is latest -> Mon 10 Feb.
    {"IdentityEarlierThanRequest",
     kEnglandAndWales,
     "2025-01-10",
     "2025-02-10",
     false,
     {},
     0,
     "2025-01-02"},
    // Identity 31 Jan 2025 -> 28 Feb 2025 (month-end clamp applies to the start date).
    {"IdentityOn31st", kEnglandAndWales, "2025-01-20", "2025-02-28", false, {}, 0, "2025-01-31"},

    // --- Stop the clock: paused days extend the calendar deadline, then roll. ---
    // 6 Jan 2025 -> Thu 6 Feb; +5 paused days -> Tue 11 Feb 2025.
    {"PausedCount", kEnglandAndWales, "2025-01-06", "2025-02-11", false, {}, 5},
    // Same as an interval: asked Fri 10 Jan, received Tue 14 Jan 2025 = 5 days inclusive.
    {"PausedInterval",
     kEnglandAndWales,
     "2025-01-06",
     "2025-02-11",
     false,
     {{"2025-01-10", "2025-01-14"}}},
    // One-day pause (asked and answered the same day): Thu 6 Feb + 1 -> Fri 7 Feb 2025.
    {"PausedSameDay",
     kEnglandAndWales,
     "2025-01-06",
     "2025-02-07",
     false,
     {{"2025-01-08", "2025-01-08"}}},
    // Overlapping 10-14 Jan and 13-16 Jan = 10..16 Jan, 7 days -> Thu 13 Feb 2025.
    {"PausedOverlapCountsOnce",
     kEnglandAndWales,
     "2025-01-06",
     "2025-02-13",
     false,
     {{"2025-01-10", "2025-01-14"}, {"2025-01-13", "2025-01-16"}}},
    // Interval of 5 days plus a count of 2 = 7 -> Thu 13 Feb 2025.
    {"PausedIntervalPlusCount",
     kEnglandAndWales,
     "2025-01-06",
     "2025-02-13",
     false,
     {{"2025-01-10", "2025-01-14"}},
     2},
    // 3 Feb 2025 -> Mon 3 Mar; pause 5-9 Feb (5 days) -> Sat 8 Mar; Sun 9 -> Mon 10 Mar 2025.
    {"PausedOntoWeekend",
     kEnglandAndWales,
     "2025-02-03",
     "2025-03-10",
     false,
     {{"2025-02-05", "2025-02-09"}}},
    // Order of operations: 15 Feb 2025 -> Sat 15 Mar; +1 paused day -> Sun 16 Mar -> Mon 17
    // Mar. (Rolling first would give Mon 17 + 1 = Tue 18 Mar: not what casekeep does.)
    {"PausedAddedBeforeRolling", kEnglandAndWales, "2025-02-15", "2025-03-17", false, {}, 1},
    // Pause asked 7 Jan, before identity arrived on 10 Jan (start); only 10-12 Jan count (3
    // days): Mon 10 Feb 2025 + 3 -> Thu 13 Feb 2025.
    {"PausedBeforeStartNotCounted",
     kEnglandAndWales,
     "2025-01-06",
     "2025-02-13",
     false,
     {{"2025-01-07", "2025-01-12"}},
     0,
     "2025-01-10"},
    // 31 Jan 2025 -> 28 Feb (clamped) + 3 paused days -> Mon 3 Mar 2025.
    {"PausedAfterClamp", kEnglandAndWales, "2025-01-31", "2025-03-03", false, {}, 3},
    // Extended and paused: 18 Jan 2025 + 3 months = Fri 18 Apr (Good Friday) is not rolled
    // first; +2 paused days -> Sun 20 Apr; Easter Monday 21 Apr -> Tue 22 Apr 2025 (E&W).
    {"ExtendedAndPausedEW", kEnglandAndWales, "2025-01-18", "2025-04-22", true, {}, 2},
    // Scotland: Sun 20 Apr -> Mon 21 Apr 2025 (Easter Monday is a Scottish working day).
    {"ExtendedAndPausedScotland", kScotland, "2025-01-18", "2025-04-21", true, {}, 2},

    // --- The end of the file's range. ---
    // 28 Nov 2027 -> Tue 28 Dec 2027 (Boxing Day substitute) -> Wed 29 Dec 2027.
    {"LastCoveredWeek", kEnglandAndWales, "2027-11-28", "2027-12-29"},
    // 30 Nov 2027 -> Thu 30 Dec 2027, a working day.
    {"LastCoveredDays", kEnglandAndWales, "2027-11-30", "2027-12-30"},
    // 30 Nov 2027 -> Thu 30 Dec 2027 + 1 paused day -> Fri 31 Dec 2027, the last day the file
    // covers, a working day.
    {"LastCoveredDay", kEnglandAndWales, "2027-11-30", "2027-12-31", false, {}, 1},
};

INSTANTIATE_TEST_SUITE_P(Regulation, DeadlineTable, testing::ValuesIn(kRows),
                         [](const testing::TestParamInfo<Row>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(Deadline, OutOfRangeYearIsRefused) {
  struct Case {
    std::string_view received;
    bool extended;
    std::int64_t paused_days;
    std::string_view message_part;
  };
  const Case cases[] = {
      // 2 Dec 2027 -> Sun 2 Jan 2028: 2028 holidays are not in the file.
      {"2027-12-02", false, 0, "bank holidays for 2028 are not known: load a newer"},
      // 1 Oct 2027 + 3 months -> Sat 1 Jan 2028.
      {"2027-10-01", true, 0, "bank holidays for 2028 are not known: load a newer"},
      // 30 Nov 2027 -> Thu 30 Dec 2027 + 2 paused days -> Sat 1 Jan 2028.
      {"2027-11-30", false, 2, "bank holidays for 2028 are not known: load a newer"},
      // 1 Dec 2027 -> Sat 1 Jan 2028.
      {"2027-12-01", false, 0, "bank holidays for 2028 are not known: load a newer"},
      // 1 Nov 2023 -> Fri 1 Dec 2023: before the file.
      {"2023-11-01", false, 0, "bank holidays for 2023 are not known"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.received);
    DeadlineFacts facts;
    facts.received = D(c.received);
    facts.extended = c.extended;
    facts.paused_days = c.paused_days;
    const Result<Date> due = ComputeDeadline(facts, kEnglandAndWales, Holidays());
    ASSERT_FALSE(due.has_value()) << due->ToString();
    EXPECT_EQ(due.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(due.error().message.find(c.message_part), std::string::npos) << due.error().message;
  }
}

TEST(Deadline, RollingIntoAnUnknownYearIsRefused) {
  // A calendar where 31 Dec 2025 (a Wednesday) is a holiday and the file ends in 2025: the
  // roll would need 1 Jan 2026, which the file cannot answer for.
  const std::string event = R"({"events":[{"title":"x","date":"2025-12-31"}]})";
  const Result<HolidayCalendar> cal =
      HolidayCalendar::FromJson(R"({"england-and-wales":)" + event + R"(,"scotland":)" + event +
                                R"(,"northern-ireland":)" + event + "}");
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  DeadlineFacts facts;
  facts.received = D("2025-11-30");  // -> Tue 30 Dec 2025, a working day here
  EXPECT_EQ(ComputeDeadline(facts, kScotland, *cal).value(), D("2025-12-30"));
  facts.paused_days = 1;  // -> Wed 31 Dec, a holiday here -> Thu 1 Jan 2026, not in the file
  const Result<Date> due = ComputeDeadline(facts, kScotland, *cal);
  ASSERT_FALSE(due.has_value());
  EXPECT_NE(due.error().message.find("bank holidays for 2026 are not known"), std::string::npos)
      << due.error().message;
}

TEST(Deadline, StartDate) {
  DeadlineFacts facts;
  facts.received = D("2025-01-10");
  EXPECT_EQ(StartDate(facts), D("2025-01-10"));
  facts.fee_paid = D("2025-01-09");
  EXPECT_EQ(StartDate(facts), D("2025-01-10"));
  facts.authority_proved = D("2025-01-14");
  EXPECT_EQ(StartDate(facts), D("2025-01-14"));
  facts.identity_verified = D("2025-01-12");
  EXPECT_EQ(StartDate(facts), D("2025-01-14"));
}

TEST(Deadline, PausedDays) {
  DeadlineFacts facts;
  facts.received = D("2025-01-06");
  EXPECT_EQ(PausedDays(facts, facts.received).value(), 0);
  // Three separate pauses: 1 + 3 + 2 days.
  facts.pauses = {{D("2025-01-20"), D("2025-01-21")},
                  {D("2025-01-07"), D("2025-01-07")},
                  {D("2025-01-10"), D("2025-01-12")}};
  EXPECT_EQ(PausedDays(facts, facts.received).value(), 6);
  // A pause wholly inside another adds nothing.
  facts.pauses.push_back({D("2025-01-11"), D("2025-01-11")});
  EXPECT_EQ(PausedDays(facts, facts.received).value(), 6);
  // Adjacent pauses: 12 Jan counted once, 13 Jan new.
  facts.pauses.push_back({D("2025-01-12"), D("2025-01-13")});
  EXPECT_EQ(PausedDays(facts, facts.received).value(), 7);
  // A pause wholly before the start counts nothing.
  facts.pauses = {{D("2025-01-01"), D("2025-01-05")}};
  EXPECT_EQ(PausedDays(facts, facts.received).value(), 0);
  // Ending on the start day: that day counts.
  facts.pauses = {{D("2025-01-01"), D("2025-01-06")}};
  EXPECT_EQ(PausedDays(facts, facts.received).value(), 1);
}

TEST(Deadline, RejectsInconsistentPauses) {
  DeadlineFacts facts;
  facts.received = D("2025-01-06");
  facts.pauses = {{D("2025-01-14"), D("2025-01-10")}};
  const Result<Date> backwards = ComputeDeadline(facts, kEnglandAndWales, Holidays());
  ASSERT_FALSE(backwards.has_value());
  EXPECT_EQ(backwards.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(backwards.error().message.find("cannot end (2025-01-10) before it begins (2025-01-14)"),
            std::string::npos);

  facts.pauses.clear();
  facts.paused_days = -1;
  const Result<Date> negative = ComputeDeadline(facts, kEnglandAndWales, Holidays());
  ASSERT_FALSE(negative.has_value());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);

  facts.paused_days = 10'000'000;  // far beyond any calendar
  const Result<Date> huge = ComputeDeadline(facts, kEnglandAndWales, Holidays());
  ASSERT_FALSE(huge.has_value());
}

TEST(Deadline, WorkingShowsEveryStep) {
  DeadlineFacts facts;
  facts.received = D("2025-01-31");
  facts.paused_days = 14;
  const DeadlineWorking w = WorkOutDeadline(facts, kEnglandAndWales, Holidays()).value();
  EXPECT_EQ(w.start, D("2025-01-31"));
  EXPECT_EQ(w.calendar_due, D("2025-02-28"));  // clamped
  EXPECT_EQ(w.paused_days, 14);
  EXPECT_EQ(w.paused_due, D("2025-03-14"));  // 28 Feb + 14 days; a Friday
  EXPECT_EQ(w.due, D("2025-03-14"));
}

TEST(Deadline, ExplanationReadsAsSentences) {
  DeadlineFacts facts;
  facts.received = D("2024-11-25");
  const std::vector<std::string> lines =
      ExplainDeadline(facts, kEnglandAndWales, Holidays()).value();
  const std::vector<std::string> want = {
      "Request received on Monday 25 November 2024.",
      "The clock starts on Monday 25 November 2024, the day the request was received (weekends "
      "and bank holidays included).",
      "One calendar month from the start is Wednesday 25 December 2024.",
      "Wednesday 25 December 2024 is a bank holiday in england-and-wales (Christmas Day).",
      "Thursday 26 December 2024 is a bank holiday in england-and-wales (Boxing Day).",
      "Deadline: Friday 27 December 2024, the next working day in england-and-wales.",
  };
  EXPECT_EQ(lines, want);
}

TEST(Deadline, ExplanationOfPauseIntervalsAndCount) {
  DeadlineFacts facts;
  facts.received = D("2025-01-06");
  facts.pauses = {{D("2025-01-10"), D("2025-01-14")}};
  facts.paused_days = 2;
  const std::vector<std::string> lines =
      ExplainDeadline(facts, kEnglandAndWales, Holidays()).value();
  // Thu 6 Feb 2025 + 5 + 2 days -> Thu 13 Feb 2025.
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[lines.size() - 2],
            "The clock was stopped for 7 days (asked 2025-01-10, received 2025-01-14; and 2 days "
            "recorded as a count), which moves the deadline to Thursday 13 February 2025.");
  EXPECT_EQ(lines.back(),
            "Deadline: Thursday 13 February 2025, a working day in england-and-wales.");
}

TEST(Deadline, ExplanationOfClampPauseAndStart) {
  DeadlineFacts facts;
  facts.received = D("2025-01-20");
  facts.identity_verified = D("2025-01-31");
  facts.extended = true;
  facts.pauses = {{D("2025-02-03"), D("2025-02-04")}};
  const std::vector<std::string> lines =
      ExplainDeadline(facts, kEnglandAndWales, Holidays()).value();
  // 31 Jan 2025 + 3 months -> 30 Apr (clamped) + 2 paused days -> Fri 2 May 2025.
  const std::vector<std::string> want = {
      "Request received on Monday 20 January 2025.",
      "Proof of identity received on Friday 31 January 2025.",
      "The clock starts on Friday 31 January 2025, the day proof of identity was received "
      "(weekends and bank holidays included).",
      "Extended: three calendar months from the start is Wednesday 30 April 2025 (April 2025 "
      "has no day 31, so the last day of that month).",
      "The clock was stopped for 2 days (asked 2025-02-03, received 2025-02-04), which moves the "
      "deadline to Friday 2 May 2025.",
      "Deadline: Friday 2 May 2025, a working day in england-and-wales.",
  };
  EXPECT_EQ(lines, want);
}

TEST(Deadline, EveryDeadlineIsTheFirstWorkingDayOnOrAfterTheCalendarDate) {
  // For every start day whose deadline the file covers, in every division: the deadline is a
  // working day, no earlier working day lies between the calendar date and it, and no run of
  // non-working days in the file is longer than four days (Christmas 2027).
  for (const HolidayDivision division : AllHolidayDivisions()) {
    for (Date day = D("2023-12-01"); day <= D("2027-11-30"); day = day.AddDays(1).value()) {
      DeadlineFacts facts;
      facts.received = day;
      const Result<DeadlineWorking> w = WorkOutDeadline(facts, division, Holidays());
      ASSERT_TRUE(w.has_value()) << day.ToString() << ": " << w.error().message;
      ASSERT_TRUE(Holidays().IsWorkingDay(division, w->due)) << day.ToString();
      ASSERT_GE(w->due, w->calendar_due);
      ASSERT_LE(DaysBetween(w->calendar_due, w->due), 4) << day.ToString();
      for (Date between = w->calendar_due; between < w->due; between = between.AddDays(1).value()) {
        ASSERT_FALSE(Holidays().IsWorkingDay(division, between)) << between.ToString();
      }
    }
  }
}

TEST(Deadline, PolicyDivisionMapsToHolidayDivision) {
  EXPECT_EQ(ToHolidayDivision(policy::Division::kEnglandAndWales), kEnglandAndWales);
  EXPECT_EQ(ToHolidayDivision(policy::Division::kScotland), kScotland);
  EXPECT_EQ(ToHolidayDivision(policy::Division::kNorthernIreland), kNorthernIreland);
}

}  // namespace
}  // namespace casekeep::rights
