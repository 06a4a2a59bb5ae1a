// Civil date arithmetic and the UK civil clock. Pure functions over plain values; thread-safe.
#include "base/date.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace casekeep {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Howard Hinnant's days_from_civil: days since 1970-01-01 for a proleptic Gregorian date.
constexpr std::int64_t DaysFromCivil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                    // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

struct Ymd {
  std::int64_t y;
  std::int64_t m;
  std::int64_t d;
};

// Howard Hinnant's civil_from_days, the inverse of DaysFromCivil.
constexpr Ymd CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;                             // [1, 31]
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;                                // [1, 12]
  return Ymd{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2000, 3, 1) == 11017);
static_assert(CivilFromDays(11017).y == 2000 && CivilFromDays(11017).m == 3);

const std::int64_t kMinDays = DaysFromCivil(Date::kMinYear, 1, 1);
const std::int64_t kMaxDays = DaysFromCivil(Date::kMaxYear, 12, 31);

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// The input, quoted and shortened, safe to put in an error message.
std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    const char c = text[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      const auto u = static_cast<unsigned char>(c);
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  if (text.size() > kMax) out += "...";
  out += '"';
  return out;
}

std::string RangeMessage() {
  return "dates must be in the years " + std::to_string(Date::kMinYear) + " to " +
         std::to_string(Date::kMaxYear);
}

// 01:00 UTC on the last Sunday of `month` in `year`, as Unix seconds.
std::int64_t LastSundayOneAmUtc(std::int64_t year, std::int64_t month) {
  const std::int64_t last =
      DaysFromCivil(year, month, DaysInMonth(static_cast<int>(year), static_cast<int>(month)));
  // 1970-01-01 was a Thursday; with Monday = 0 its index is 3.
  const std::int64_t monday_based = (last % 7 + 7 + 3) % 7;
  const std::int64_t back_to_sunday = (monday_based + 1) % 7;
  return (last - back_to_sunday) * kSecondsPerDay + 3600;
}

}  // namespace

std::string_view WeekdayName(Weekday day) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  const int i = static_cast<int>(day);
  if (i < 1 || i > 7) return "";
  return kNames[static_cast<std::size_t>(i - 1)];
}

std::string_view MonthName(int month) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  if (month < 1 || month > 12) return "";
  return kNames[static_cast<std::size_t>(month - 1)];
}

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  switch (month) {
    case 1:
    case 3:
    case 5:
    case 7:
    case 8:
    case 10:
    case 12: return 31;
    case 4:
    case 6:
    case 9:
    case 11: return 30;
    case 2: return IsLeapYear(year) ? 29 : 28;
    default: return 0;
  }
}

Result<Date> Date::Parse(std::string_view text) {
  const auto form_error = [&] {
    return InvalidArgument(Quote(text) + " is not a date in the form YYYY-MM-DD");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return form_error();
  int fields[3] = {0, 0, 0};
  constexpr std::size_t kStarts[3] = {0, 5, 8};
  constexpr std::size_t kLengths[3] = {4, 2, 2};
  for (std::size_t f = 0; f < 3; ++f) {
    for (std::size_t i = kStarts[f]; i < kStarts[f] + kLengths[f]; ++i) {
      if (text[i] < '0' || text[i] > '9') return form_error();
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  }
  auto date = FromYmd(fields[0], fields[1], fields[2]);
  if (!date) return InvalidArgument(Quote(text) + " is not a valid date: " + date.error().message);
  return date;
}

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear) {
    return InvalidArgument("year " + std::to_string(year) + " is out of range: " + RangeMessage());
  }
  if (month < 1 || month > 12) {
    return InvalidArgument("month " + std::to_string(month) + " does not exist");
  }
  const int days = DaysInMonth(year, month);
  if (day < 1 || day > days) {
    return InvalidArgument(std::string(MonthName(month)) + " " + std::to_string(year) + " has " +
                           std::to_string(days) + " days, not a day " + std::to_string(day));
  }
  return Date(year, month, day);
}

Result<Date> Date::FromDaysSinceEpoch(std::int64_t days) {
  if (days < kMinDays || days > kMaxDays) {
    return InvalidArgument("day number " + std::to_string(days) +
                           " is out of range: " + RangeMessage());
  }
  const Ymd ymd = CivilFromDays(days);
  return Date(static_cast<int>(ymd.y), static_cast<int>(ymd.m), static_cast<int>(ymd.d));
}

Date Date::Min() {
  return Date(kMinYear, 1, 1);
}
Date Date::Max() {
  return Date(kMaxYear, 12, 31);
}

std::string Date::ToString() const {
  char buf[11];
  const auto put = [&buf](std::size_t at, int value, std::size_t width) {
    for (std::size_t i = width; i > 0; --i) {
      buf[at + i - 1] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, year_, 4);
  buf[4] = '-';
  put(5, month_, 2);
  buf[7] = '-';
  put(8, day_, 2);
  return std::string(buf, 10);
}

std::string Date::ToLongString() const {
  return std::string(WeekdayName(weekday())) + " " + std::to_string(day_) + " " +
         std::string(MonthName(month_)) + " " + std::to_string(year_);
}

std::int64_t Date::DaysSinceEpoch() const {
  return DaysFromCivil(year_, month_, day_);
}

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO day 4).
  const std::int64_t index = ((DaysSinceEpoch() + 3) % 7 + 7) % 7;  // Monday = 0
  return static_cast<Weekday>(index + 1);
}

bool Date::IsWeekend() const {
  const Weekday w = weekday();
  return w == Weekday::kSaturday || w == Weekday::kSunday;
}

Result<Date> Date::AddDays(std::int64_t days) const {
  constexpr std::int64_t kSpan = 2'000'000;  // far more than the range; keeps the sum in bounds
  if (days > kSpan || days < -kSpan) {
    return InvalidArgument("cannot move a date by " + std::to_string(days) +
                           " days: " + RangeMessage());
  }
  return FromDaysSinceEpoch(DaysSinceEpoch() + days);
}

Result<Date> Date::AddMonths(std::int64_t months) const {
  constexpr std::int64_t kSpan = std::int64_t{12} * (kMaxYear - kMinYear + 1);
  if (months > kSpan || months < -kSpan) {
    return InvalidArgument("cannot move a date by " + std::to_string(months) +
                           " months: " + RangeMessage());
  }
  const std::int64_t index = std::int64_t{year_} * 12 + (month_ - 1) + months;
  const std::int64_t year = FloorDiv(index, 12);
  const int month = static_cast<int>(index - year * 12) + 1;
  if (year < kMinYear || year > kMaxYear) {
    return InvalidArgument(ToString() + " moved by " + std::to_string(months) +
                           " months is out of range: " + RangeMessage());
  }
  const int y = static_cast<int>(year);
  return Date(y, month, std::min(day_, DaysInMonth(y, month)));
}

Result<Date> Date::AddYears(std::int64_t years) const {
  constexpr std::int64_t kSpan = kMaxYear - kMinYear + 1;
  if (years > kSpan || years < -kSpan) {
    return InvalidArgument("cannot move a date by " + std::to_string(years) +
                           " years: " + RangeMessage());
  }
  return AddMonths(years * 12);
}

std::int64_t DaysBetween(Date from, Date to) {
  return to.DaysSinceEpoch() - from.DaysSinceEpoch();
}

Clock::~Clock() = default;

std::int64_t SystemClock::NowUnixSeconds() const {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  using std::chrono::system_clock;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool IsBritishSummerTime(std::int64_t unix_seconds) {
  const Ymd utc = CivilFromDays(FloorDiv(unix_seconds, kSecondsPerDay));
  return unix_seconds >= LastSundayOneAmUtc(utc.y, 3) &&
         unix_seconds < LastSundayOneAmUtc(utc.y, 10);
}

Date UkDateAt(std::int64_t unix_seconds) {
  // Keep far-off instants away from overflow; they are out of range anyway.
  constexpr std::int64_t kLimit = std::int64_t{1} << 50;
  if (unix_seconds > kLimit) return Date::Max();
  if (unix_seconds < -kLimit) return Date::Min();
  const std::int64_t offset = IsBritishSummerTime(unix_seconds) ? 3600 : 0;
  const std::int64_t days = FloorDiv(unix_seconds + offset, kSecondsPerDay);
  if (days < kMinDays) return Date::Min();
  if (days > kMaxDays) return Date::Max();
  return *Date::FromDaysSinceEpoch(days);  // in range: checked just above
}

Date TodayUk(const Clock& clock) {
  return UkDateAt(clock.NowUnixSeconds());
}

}  // namespace casekeep
