// Tests for loading bank-holidays.json and the working-day test. Single-threaded; some tests
// set CASEKEEP_HOLIDAYS and restore it.
#include "base/holidays.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace casekeep {
namespace {

const std::string kShippedFile = std::string(CASEKEEP_SOURCE_DIR) + "/data/uk-bank-holidays.json";

Date D(std::string_view text) {
  return Date::Parse(text).value();
}

const HolidayCalendar& Shipped() {
  static const HolidayCalendar calendar = HolidayCalendar::FromFile(kShippedFile).value();
  return calendar;
}

constexpr std::string_view kEnglandJson = R"({"division":"england-and-wales","events":[
    {"title":"Christmas Day","date":"2025-12-25","notes":"","bunting":true}]})";
constexpr std::string_view kScotlandJson = R"({"division":"scotland","events":[
    {"title":"2nd January","date":"2025-01-02","notes":"","bunting":true}]})";
constexpr std::string_view kNorthernIrelandJson = R"({"division":"northern-ireland","events":[
    {"title":"St Patrick’s Day","date":"2025-03-17","notes":"","bunting":true}]})";

// A small valid file; each argument is one division's JSON value.
std::string Json(std::string_view england = kEnglandJson, std::string_view scotland = kScotlandJson,
                 std::string_view northern_ireland = kNorthernIrelandJson) {
  return R"({"england-and-wales":)" + std::string(england) + R"(,"scotland":)" +
         std::string(scotland) + R"(,"northern-ireland":)" + std::string(northern_ireland) + "}";
}

// Restores CASEKEEP_HOLIDAYS when a test ends.
class EnvGuard {
 public:
  EnvGuard() {
    if (const char* v = std::getenv("CASEKEEP_HOLIDAYS")) saved_ = v;
  }
  ~EnvGuard() {
    if (saved_) {
      ::setenv("CASEKEEP_HOLIDAYS", saved_->c_str(), 1);
    } else {
      ::unsetenv("CASEKEEP_HOLIDAYS");
    }
  }

 private:
  std::optional<std::string> saved_;
};

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("casekeep-holidays-test-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

TEST(HolidayDivision, Ids) {
  EXPECT_EQ(HolidayDivisionId(HolidayDivision::kEnglandAndWales), "england-and-wales");
  EXPECT_EQ(HolidayDivisionId(HolidayDivision::kScotland), "scotland");
  EXPECT_EQ(HolidayDivisionId(HolidayDivision::kNorthernIreland), "northern-ireland");
  for (const HolidayDivision d : AllHolidayDivisions()) {
    EXPECT_EQ(ParseHolidayDivision(HolidayDivisionId(d)), d);
  }
  EXPECT_FALSE(ParseHolidayDivision("wales").has_value());
  EXPECT_FALSE(ParseHolidayDivision("Scotland").has_value());
  EXPECT_FALSE(ParseHolidayDivision("").has_value());
}

TEST(HolidayCalendar, LoadsShippedFile) {
  const HolidayCalendar& cal = Shipped();
  EXPECT_EQ(cal.source(), kShippedFile);
  EXPECT_EQ(cal.FirstYear(), 2024);
  EXPECT_EQ(cal.LastYear(), 2027);
  for (const HolidayDivision d : AllHolidayDivisions()) {
    EXPECT_EQ(cal.FirstYear(d), 2024);
    EXPECT_EQ(cal.LastYear(d), 2027);
  }
  // Events per year: England and Wales 8, Scotland 9 (adds 2 Jan and St Andrew's Day, drops
  // Easter Monday), Northern Ireland 10 (adds St Patrick's Day and the Battle of the Boyne).
  EXPECT_EQ(cal.Events(HolidayDivision::kEnglandAndWales).size(), 32u);
  EXPECT_EQ(cal.Events(HolidayDivision::kScotland).size(), 36u);
  EXPECT_EQ(cal.Events(HolidayDivision::kNorthernIreland).size(), 40u);
}

TEST(HolidayCalendar, ShippedHolidaysByDivision) {
  using enum HolidayDivision;
  struct Row {
    HolidayDivision division;
    std::string_view date;
    bool holiday;
    std::string_view why;
  };
  const Row rows[] = {
      {kEnglandAndWales, "2025-04-18", true, "Good Friday"},
      {kScotland, "2025-04-18", true, "Good Friday is a Scottish holiday too"},
      {kEnglandAndWales, "2025-04-21", true, "Easter Monday"},
      {kScotland, "2025-04-21", false, "Easter Monday is not a Scottish holiday"},
      {kNorthernIreland, "2025-04-21", true, "Easter Monday"},
      {kScotland, "2025-01-02", true, "2nd January"},
      {kEnglandAndWales, "2025-01-02", false, "only Scotland has 2 January"},
      {kScotland, "2027-01-04", true, "2nd January substitute (2 Jan 2027 is a Saturday)"},
      {kScotland, "2024-12-02", true, "St Andrew's Day substitute (30 Nov 2024 is a Saturday)"},
      {kScotland, "2026-11-30", true, "St Andrew's Day on a Monday"},
      {kEnglandAndWales, "2026-11-30", false, "St Andrew's Day is Scottish"},
      {kNorthernIreland, "2025-03-17", true, "St Patrick's Day"},
      {kNorthernIreland, "2024-03-18", true, "St Patrick's Day substitute (17th a Sunday)"},
      {kEnglandAndWales, "2025-03-17", false, "St Patrick's Day is Northern Irish"},
      {kNorthernIreland, "2024-07-12", true, "Battle of the Boyne"},
      {kNorthernIreland, "2025-07-14", true, "Battle of the Boyne substitute"},
      {kScotland, "2025-07-14", false, "Battle of the Boyne is Northern Irish"},
      {kScotland, "2025-08-04", true, "Scottish summer holiday: first Monday of August"},
      {kScotland, "2025-08-25", false, "not the last Monday in Scotland"},
      {kEnglandAndWales, "2025-08-25", true, "summer holiday: last Monday of August"},
      {kNorthernIreland, "2025-08-25", true, "summer holiday: last Monday of August"},
      {kEnglandAndWales, "2025-08-04", false, "not the first Monday outside Scotland"},
      {kEnglandAndWales, "2026-12-28", true, "Boxing Day substitute (26 Dec 2026 a Saturday)"},
      {kEnglandAndWales, "2027-12-27", true, "Christmas Day substitute"},
      {kEnglandAndWales, "2027-12-25", false, "the Saturday itself is not in the file"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.date) + " " + std::string(row.why));
    EXPECT_EQ(Shipped().IsHoliday(row.division, D(row.date)), row.holiday);
  }
}

TEST(HolidayCalendar, HolidayOnGivesTheEvent) {
  const BankHoliday* event =
      Shipped().HolidayOn(HolidayDivision::kEnglandAndWales, D("2026-12-28"));
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->title, "Boxing Day");
  EXPECT_EQ(event->notes, "Substitute day");
  EXPECT_TRUE(event->bunting);
  EXPECT_EQ(Shipped().HolidayOn(HolidayDivision::kEnglandAndWales, D("2026-12-29")), nullptr);
}

TEST(HolidayCalendar, WorkingDays) {
  const HolidayCalendar& cal = Shipped();
  EXPECT_FALSE(cal.IsWorkingDay(HolidayDivision::kEnglandAndWales, D("2025-03-15")));  // Sat
  EXPECT_FALSE(cal.IsWorkingDay(HolidayDivision::kEnglandAndWales, D("2025-03-16")));  // Sun
  EXPECT_TRUE(cal.IsWorkingDay(HolidayDivision::kEnglandAndWales, D("2025-03-17")));   // Mon
  EXPECT_FALSE(cal.IsWorkingDay(HolidayDivision::kNorthernIreland, D("2025-03-17")));  // St P
  EXPECT_FALSE(cal.IsWorkingDay(HolidayDivision::kEnglandAndWales, D("2025-12-25")));
  EXPECT_TRUE(cal.IsWorkingDay(HolidayDivision::kEnglandAndWales, D("2025-12-29")));
}

TEST(HolidayCalendar, DivisionByName) {
  const HolidayCalendar& cal = Shipped();
  EXPECT_EQ(cal.IsHoliday("scotland", D("2025-01-02")).value(), true);
  EXPECT_EQ(cal.IsHoliday("england-and-wales", D("2025-01-02")).value(), false);
  EXPECT_EQ(cal.IsWorkingDay("northern-ireland", D("2025-07-14")).value(), false);
  EXPECT_EQ(cal.IsWorkingDay("england-and-wales", D("2025-07-14")).value(), true);
  const Result<bool> unknown = cal.IsHoliday("wales", D("2025-01-02"));
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown.error().message.find("\"wales\""), std::string::npos);
  EXPECT_FALSE(cal.IsWorkingDay("", D("2025-01-02")).has_value());
}

TEST(HolidayCalendar, CoveredRange) {
  const HolidayCalendar& cal = Shipped();
  EXPECT_TRUE(cal.Covers(HolidayDivision::kScotland, D("2024-01-01")));
  EXPECT_TRUE(cal.Covers(HolidayDivision::kScotland, D("2027-12-31")));
  EXPECT_FALSE(cal.Covers(HolidayDivision::kScotland, D("2028-01-01")));
  EXPECT_FALSE(cal.Covers(HolidayDivision::kScotland, D("2023-12-31")));
  EXPECT_TRUE(cal.CheckCovers(HolidayDivision::kScotland, D("2027-06-01")).has_value());

  const Status later = cal.CheckCovers(HolidayDivision::kScotland, D("2028-01-03"));
  ASSERT_FALSE(later.has_value());
  EXPECT_EQ(later.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(later.error().message.find(
                "bank holidays for 2028 are not known: load a newer bank-holidays.json"),
            std::string::npos)
      << later.error().message;

  const Status earlier = cal.CheckCovers(HolidayDivision::kScotland, D("2023-06-01"));
  ASSERT_FALSE(earlier.has_value());
  EXPECT_NE(earlier.error().message.find("bank holidays for 2023 are not known"), std::string::npos)
      << earlier.error().message;
}

TEST(HolidayCalendar, MinimalFileParses) {
  const Result<HolidayCalendar> cal = HolidayCalendar::FromJson(Json(), "test.json");
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  EXPECT_EQ(cal->source(), "test.json");
  EXPECT_TRUE(cal->IsHoliday(HolidayDivision::kEnglandAndWales, D("2025-12-25")));
  EXPECT_EQ(cal->FirstYear(), 2025);
  EXPECT_EQ(cal->LastYear(), 2025);
}

TEST(HolidayCalendar, OptionalFieldsSortingAndDuplicates) {
  const std::string json = Json(R"({"events":[
      {"title":"Boxing Day","date":"2025-12-26"},
      {"title":"Christmas Day","date":"2025-12-25"},
      {"title":"Christmas Day","date":"2025-12-25"},
      {"title":"New Year’s Day","date":"2025-01-01"}]})");
  const Result<HolidayCalendar> cal = HolidayCalendar::FromJson(json);
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  const auto events = cal->Events(HolidayDivision::kEnglandAndWales);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].date, D("2025-01-01"));
  EXPECT_EQ(events[1].date, D("2025-12-25"));
  EXPECT_EQ(events[2].date, D("2025-12-26"));
  EXPECT_EQ(events[2].notes, "");
  EXPECT_FALSE(events[2].bunting);
}

TEST(HolidayCalendar, RejectsMalformedFiles) {
  struct Row {
    std::string json;
    std::string_view message_part;
  };
  const std::string scot =
      R"({"division":"scotland","events":[{"title":"x","date":"2025-01-02"}]})";
  const Row rows[] = {
      {"", "not valid JSON"},
      {"{", "not valid JSON"},
      {R"({"england-and-wales": })", "not valid JSON"},
      {Json() + "junk", "not valid JSON"},
      {"[]", "top level is not a JSON object"},
      {"{}", "division \"england-and-wales\" is missing"},
      {R"({"england-and-wales":{"events":[{"title":"x","date":"2025-01-01"}]},"scotland":)" + scot +
           "}",
       "division \"northern-ireland\" is missing"},
      {Json("[]"), "\"england-and-wales\" is not an object"},
      {Json(R"({"division":"scotland","events":[]})"), "does not say \"england-and-wales\""},
      {Json(R"({"division":"england-and-wales"})"), "no \"events\" array"},
      {Json(R"({"events":{}})"), "no \"events\" array"},
      {Json(R"({"events":[]})"), "has no events"},
      {Json(R"({"events":[42]})"), "england-and-wales event 1 is not an object"},
      {Json(R"({"events":[{"title":"x"}]})"), "event 1 has no \"date\" string"},
      {Json(R"({"events":[{"title":"x","date":20250101}]})"), "no \"date\" string"},
      {Json(R"({"events":[{"title":"x","date":"2025-01-01"},{"title":"y","date":"2025-02-30"}]})"),
       "event 2: \"2025-02-30\" is not a valid date: February 2025 has 28 days"},
      {Json(R"({"events":[{"title":"x","date":"25/12/2025"}]})"), "YYYY-MM-DD"},
      {Json(R"({"events":[{"date":"2025-12-25"}]})"), "(2025-12-25) has no \"title\" string"},
      {Json(R"({"events":[{"title":"x","date":"2025-12-25","notes":1}]})"),
       "\"notes\" is not a string"},
      {Json(R"({"events":[{"title":"x","date":"2025-12-25","bunting":"yes"}]})"),
       "\"bunting\" is not true or false"},
      {Json(R"({"events":[{"title":"x","date":"2024-12-25"},{"title":"y","date":"2026-12-25"}]})"),
       "\"england-and-wales\" has no events in 2025, between 2024 and 2026"},
      {Json(R"({"events":[{"title":"x","date":"2025-12-25"}]})", scot, "null"),
       "\"northern-ireland\" is not an object"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.json);
    const Result<HolidayCalendar> cal = HolidayCalendar::FromJson(row.json, "bad.json");
    ASSERT_FALSE(cal.has_value());
    EXPECT_EQ(cal.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(cal.error().message.find("bad.json: "), std::string::npos) << cal.error().message;
    EXPECT_NE(cal.error().message.find(row.message_part), std::string::npos) << cal.error().message;
  }
}

TEST(HolidayCalendar, DeeplyNestedJsonIsAnErrorNotACrash) {
  const std::string json = std::string(100000, '[') + std::string(100000, ']');
  const Result<HolidayCalendar> cal = HolidayCalendar::FromJson(json);
  ASSERT_FALSE(cal.has_value());
  EXPECT_NE(cal.error().message.find("top level is not a JSON object"), std::string::npos);
}

TEST(HolidayCalendar, FromFileErrors) {
  const Result<HolidayCalendar> missing = HolidayCalendar::FromFile(TempPath("missing.json"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);

  const std::string big = TempPath("big.json");
  {
    std::ofstream out(big, std::ios::binary);
    out << std::string(kMaxHolidayFileBytes + 1, ' ');
  }
  const Result<HolidayCalendar> too_big = HolidayCalendar::FromFile(big);
  std::filesystem::remove(big);
  ASSERT_FALSE(too_big.has_value());
  EXPECT_EQ(too_big.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(too_big.error().message.find("more than the limit"), std::string::npos);

  const std::string bad = TempPath("bad.json");
  {
    std::ofstream out(bad, std::ios::binary);
    out << "{\"scotland\": {}}";
  }
  const Result<HolidayCalendar> malformed = HolidayCalendar::FromFile(bad);
  std::filesystem::remove(bad);
  ASSERT_FALSE(malformed.has_value());
  EXPECT_NE(malformed.error().message.find(bad + ": division"), std::string::npos)
      << malformed.error().message;
}

TEST(HolidayCalendar, DefaultUsesEnvironmentVariable) {
  EnvGuard guard;
  ASSERT_EQ(::setenv("CASEKEEP_HOLIDAYS", kShippedFile.c_str(), 1), 0);
  EXPECT_EQ(HolidayCalendar::DefaultPaths(), std::vector<std::string>{kShippedFile});
  const Result<HolidayCalendar> cal = HolidayCalendar::Default();
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  EXPECT_EQ(cal->source(), kShippedFile);
  EXPECT_EQ(cal->LastYear(), 2027);
}

TEST(HolidayCalendar, DefaultNamesThePathsTried) {
  EnvGuard guard;
  const std::string missing = TempPath("nowhere.json");
  ASSERT_EQ(::setenv("CASEKEEP_HOLIDAYS", missing.c_str(), 1), 0);
  const Result<HolidayCalendar> cal = HolidayCalendar::Default();
  ASSERT_FALSE(cal.has_value());
  EXPECT_EQ(cal.error().code, ErrorCode::kNotFound);
  EXPECT_NE(cal.error().message.find(missing), std::string::npos) << cal.error().message;
  EXPECT_NE(cal.error().message.find("CASEKEEP_HOLIDAYS"), std::string::npos);
}

TEST(HolidayCalendar, DefaultReportsAMalformedFileInsteadOfSkippingIt) {
  EnvGuard guard;
  const std::string bad = TempPath("default-bad.json");
  {
    std::ofstream out(bad, std::ios::binary);
    out << "not json";
  }
  ASSERT_EQ(::setenv("CASEKEEP_HOLIDAYS", bad.c_str(), 1), 0);
  const Result<HolidayCalendar> cal = HolidayCalendar::Default();
  std::filesystem::remove(bad);
  ASSERT_FALSE(cal.has_value());
  EXPECT_EQ(cal.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(cal.error().message.find("not valid JSON"), std::string::npos);
}

TEST(HolidayCalendar, DefaultSearchOrderWithoutEnvironment) {
  EnvGuard guard;
  ASSERT_EQ(::unsetenv("CASEKEEP_HOLIDAYS"), 0);
  const std::vector<std::string> paths = HolidayCalendar::DefaultPaths();
  ASSERT_EQ(paths.size(), 4u);
  EXPECT_NE(paths[0].find("/../data/uk-bank-holidays.json"), std::string::npos);
  EXPECT_NE(paths[1].find("/../share/casekeep/uk-bank-holidays.json"), std::string::npos);
  EXPECT_EQ(paths[2], "/usr/share/casekeep/uk-bank-holidays.json");
  EXPECT_EQ(paths[3], "data/uk-bank-holidays.json");
}

}  // namespace
}  // namespace casekeep
