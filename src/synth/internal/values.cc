// Single generated values that must be valid in form (see values.h). Thread-safe: no shared
// state.
#include "synth/internal/values.h"

#include <algorithm>
#include <array>

#include "base/date.h"

namespace casekeep::synth::internal {
namespace {

Date ToDate(std::int64_t days) {
  static const std::int64_t kFirst = Date::Min().DaysSinceEpoch();
  static const std::int64_t kLast = Date::Max().DaysSinceEpoch();
  days = std::clamp(days, kFirst, kLast);
  return *Date::FromDaysSinceEpoch(days);
}

void AppendDigits(std::string& out, std::int64_t value, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

}  // namespace

void AppendInt(std::string& out, std::int64_t value) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  while (n > 0) out.push_back(buf[--n]);
}

std::string IsoDate(std::int64_t days) {
  return ToDate(days).ToString();
}

void AppendLongDate(std::string& out, std::int64_t days) {
  const Date d = ToDate(days);
  AppendInt(out, d.day());
  out.push_back(' ');
  out.append(MonthName(d.month()));
  out.push_back(' ');
  AppendInt(out, d.year());
}

void AppendClock(std::string& out, int minute_of_day) {
  AppendDigits(out, minute_of_day / 60, 2);
  out.push_back(':');
  AppendDigits(out, minute_of_day % 60, 2);
}

std::string IsoDateTime(std::int64_t days, int minute_of_day) {
  std::string out = IsoDate(days);
  out.push_back('T');
  AppendClock(out, minute_of_day);
  out.append(":00Z");
  return out;
}

std::string Postcode(Rng& rng, const PostcodeArea& area) {
  std::string out;
  out.reserve(8);
  out.append(area.area);
  out.append(rng.Pick(area.districts));
  out.push_back(' ');
  out.push_back(static_cast<char>('0' + rng.Below(10)));
  out.push_back(kUnitLetters[rng.Index(kUnitLetters.size())]);
  out.push_back(kUnitLetters[rng.Index(kUnitLetters.size())]);
  return out;
}

std::string PhoneNumber(Rng& rng) {
  std::string out;
  out.reserve(13);
  switch (rng.Below(3)) {
    case 0:
      out.append("07700 900");
      AppendDigits(out, rng.Below(1000), 3);
      break;
    case 1:
      out.append("020 7946 ");
      AppendDigits(out, rng.Below(1000), 4);
      break;
    default:
      out.append("0161 496 ");
      AppendDigits(out, rng.Below(1000), 4);
      break;
  }
  return out;
}

bool IsValidNhsNumber(std::string_view digits) {
  if (digits.size() != 10) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (digits[i] < '0' || digits[i] > '9') return false;
    if (i < 9) sum += (digits[i] - '0') * static_cast<int>(10 - i);
  }
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check != 10 && check == digits[9] - '0';
}

std::string NhsNumber(Rng& rng) {
  for (;;) {
    std::array<int, 9> d{};
    int sum = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      d[i] = static_cast<int>(rng.Below(10));
      sum += d[i] * static_cast<int>(10 - i);
    }
    if (d[0] == 0) continue;  // real numbers are written without a leading zero
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) continue;  // no valid number with these nine digits
    std::string out;
    out.reserve(10);
    for (int digit : d) out.push_back(static_cast<char>('0' + digit));
    out.push_back(static_cast<char>('0' + check));
    return out;
  }
}

std::string Email(Rng& rng, std::string_view given, std::string_view surname, std::uint64_t n) {
  std::string out;
  out.reserve(given.size() + surname.size() + 28);
  const auto append_word = [&out](std::string_view word) {
    for (char c : word) {
      if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
    }
  };
  append_word(given);
  out.push_back('.');
  append_word(surname);
  out.push_back('+');
  AppendInt(out, static_cast<std::int64_t>(n));
  out.push_back('@');
  out.append(rng.Pick(EmailDomains()));
  return out;
}

std::string Address(Rng& rng, const PostcodeArea& area) {
  std::string out;
  out.reserve(48);
  if (rng.Chance(0.15)) {
    out.append("Flat ");
    AppendInt(out, rng.Int(1, 24));
    out.append(", ");
  }
  AppendInt(out, rng.Int(1, 180));
  out.push_back(' ');
  out.append(rng.Pick(StreetNames()));
  out.push_back(' ');
  out.append(rng.Pick(StreetKinds()));
  out.append(", ");
  out.append(area.town);
  return out;
}

std::string ExampleNiNumber(Rng& rng) {
  std::string out = "QQ";
  AppendDigits(out, rng.Below(1000000), 6);
  out.push_back(static_cast<char>('A' + rng.Below(4)));
  return out;
}

}  // namespace casekeep::synth::internal
