// The pattern detectors: emails, UK phone numbers, postcodes, NHS and National Insurance
// numbers, dates of birth and street addresses. How each works: docs/anonymisation.md.
#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <string>

#include "anonymise/anonymise.h"
#include "anonymise/text.h"

namespace casekeep::anonymise {
namespace {

using internal::IsAsciiAlnum;
using internal::IsAsciiAlpha;
using internal::IsDigit;
using internal::IsUpper;
using internal::Lower;
using internal::Upper;
using internal::WordAt;
using internal::WordBefore;

bool StartsWithNoCase(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (Lower(text[pos + i]) != Lower(word[i])) return false;
  }
  return true;
}

// ---- emails ----------------------------------------------------------------------------------

bool IsLocalChar(char c) {
  return IsAsciiAlnum(c) || std::strchr("._%+-'", c) != nullptr;
}
bool IsDomainChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '-';
}

}  // namespace

std::vector<Span> FindEmails(std::string_view text) {
  std::vector<Span> out;
  std::size_t resume = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '@' || at < resume) continue;
    std::size_t b = at;
    while (b > resume && IsLocalChar(text[b - 1])) --b;
    while (b < at && (text[b] == '.' || text[b] == '\'')) ++b;  // not a sentence's full stop
    if (b == at) continue;
    std::size_t e = at + 1;
    while (e < text.size() && IsDomainChar(text[e])) ++e;
    while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-')) --e;
    std::string_view domain = text.substr(at + 1, e - at - 1);
    std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0) continue;
    std::string_view tld = domain.substr(dot + 1);
    if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), IsAsciiAlpha)) continue;
    if (domain.find("..") != std::string_view::npos) continue;
    out.push_back(Span{Kind::kEmail, b, e, 0});
    resume = e;
  }
  return out;
}

// ---- phones ----------------------------------------------------------------------------------

namespace {

// Reads digits from `pos`, allowing single separators (space, hyphen, dot) or brackets between
// digit groups, until `want` digits are read. Returns the end, or npos.
std::size_t ReadDigits(std::string_view text, std::size_t pos, std::size_t want,
                       std::string& digits) {
  std::size_t i = pos;
  bool open = false;
  while (i < text.size() && digits.size() < want) {
    char c = text[i];
    if (IsDigit(c)) {
      digits.push_back(c);
      ++i;
      continue;
    }
    if (digits.empty() && c != '(') return std::string_view::npos;
    // A separator run between digits: at most one space or hyphen or dot, and brackets.
    std::size_t j = i;
    int seps = 0;
    while (j < text.size() && !IsDigit(text[j])) {
      char s = text[j];
      if (s == '(' && !open) {
        open = true;
      } else if (s == ')' && open) {
        open = false;
      } else if (s == ' ' || s == '-' || s == '.' || s == '\t') {
        if (++seps > 1) return std::string_view::npos;
      } else {
        return std::string_view::npos;
      }
      ++j;
    }
    if (j >= text.size()) return std::string_view::npos;
    i = j;
  }
  if (digits.size() < want || open) return std::string_view::npos;
  return i;
}

// True if the national significant number (after the trunk 0) is a UK number: 10 digits
// starting 1, 2, 3, 5, 7, 8 or 9, or 9 digits starting 1 (small exchanges) or 800.
bool IsUkNational(std::string_view nsn) {
  if (nsn.empty()) return false;
  char f = nsn[0];
  if (nsn.size() == 10) return std::strchr("1235789", f) != nullptr;
  if (nsn.size() == 9) return f == '1' || nsn.starts_with("800");
  return false;
}

}  // namespace

std::vector<Span> FindPhones(std::string_view text) {
  std::vector<Span> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '+' && c != '0' && c != '(') continue;
    if (WordBefore(text, i) || (i > 0 && (text[i - 1] == '+' || text[i - 1] == '/'))) continue;
    std::size_t p = i;
    bool international = false;
    if (c == '+' && text.substr(i, 3) == "+44") {
      p = i + 3;
      international = true;
    } else if (text.substr(i, 4) == "0044") {
      p = i + 4;
      international = true;
    } else if (c == '+') {
      continue;
    }
    if (international) {
      std::size_t q = p;
      while (q < text.size() && text[q] == ' ') ++q;
      if (text.substr(q, 3) == "(0)") {
        p = q + 3;
      }
      while (p < text.size() && (text[p] == ' ' || text[p] == '-')) ++p;
    } else {
      std::size_t q = (c == '(') ? i + 1 : i;
      if (q >= text.size() || text[q] != '0') continue;
    }
    // Try the longer reading first, then the shorter one.
    for (std::size_t want : {10u, 9u}) {
      std::string digits;
      std::size_t start = p;
      std::size_t e;
      if (international) {
        e = ReadDigits(text, start, want, digits);
      } else {
        e = ReadDigits(text, start, want + 1, digits);  // includes the trunk 0
        if (e != std::string_view::npos) digits.erase(0, 1);
      }
      if (e == std::string_view::npos || !IsUkNational(digits)) continue;
      if (e < text.size() && (IsDigit(text[e]) || WordAt(text, e))) continue;
      // A digit after a single separator means a longer number: not this one.
      if (e + 1 < text.size() && (text[e] == ' ' || text[e] == '-') && IsDigit(text[e + 1])) {
        continue;
      }
      out.push_back(Span{Kind::kPhone, i, e, 0});
      i = e - 1;
      break;
    }
  }
  return out;
}

// ---- postcodes -------------------------------------------------------------------------------

namespace {

bool In(char c, const char* set) {
  return c != '\0' && std::strchr(set, Upper(c)) != nullptr;
}

// Length of a valid outward code at `p` (2 to 4 characters), trying `len`, or 0.
bool OutwardOk(std::string_view o) {
  auto L = [](char c) { return IsAsciiAlpha(c); };
  auto D = [](char c) { return IsDigit(c); };
  const char* first = "ABCDEFGHIJKLMNOPRSTUWYZ";   // not Q V X
  const char* second = "ABCDEFGHKLMNOPQRSTUVWXY";  // not I J Z
  switch (o.size()) {
    case 2:  // A9
      return L(o[0]) && In(o[0], first) && D(o[1]);
    case 3:  // A99, AA9, A9A
      if (!L(o[0]) || !In(o[0], first)) return false;
      if (D(o[1]) && D(o[2])) return true;
      if (L(o[1]) && In(o[1], second) && D(o[2])) return true;
      return D(o[1]) && L(o[2]) && In(o[2], "ABCDEFGHJKPSTUW");
    case 4:  // AA99, AA9A
      if (!L(o[0]) || !In(o[0], first) || !L(o[1]) || !In(o[1], second) || !D(o[2])) {
        return false;
      }
      return D(o[3]) || (L(o[3]) && In(o[3], "ABEHMNPRVWXY"));
    default: return false;
  }
}

bool InwardOk(std::string_view in) {
  const char* letters = "ABDEFGHJLNPQRSTUWXYZ";  // not C I K M O V
  return in.size() == 3 && IsDigit(in[0]) && IsAsciiAlpha(in[1]) && In(in[1], letters) &&
         IsAsciiAlpha(in[2]) && In(in[2], letters);
}

}  // namespace

std::vector<Span> FindPostcodes(std::string_view text) {
  std::vector<Span> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!IsAsciiAlpha(text[i]) || WordBefore(text, i)) continue;
    bool found = false;
    if (StartsWithNoCase(text, i, "GIR")) {
      std::size_t p = i + 3;
      if (p < text.size() && text[p] == ' ') ++p;
      if (StartsWithNoCase(text, p, "0AA") && !WordAt(text, p + 3)) {
        out.push_back(Span{Kind::kPostcode, i, p + 3, 0});
        i = p + 2;
        continue;
      }
    }
    for (std::size_t len = 4; len >= 2 && !found; --len) {
      if (i + len > text.size() || !OutwardOk(text.substr(i, len))) continue;
      std::size_t p = i + len;
      if (p < text.size() && text[p] == ' ') ++p;
      if (p + 3 > text.size() || !InwardOk(text.substr(p, 3)) || WordAt(text, p + 3)) continue;
      // Without a space, the outward code must end where the inward code starts.
      out.push_back(Span{Kind::kPostcode, i, p + 3, 0});
      i = p + 2;
      found = true;
    }
  }
  return out;
}

// ---- NHS numbers -----------------------------------------------------------------------------

bool IsValidNhsNumber(std::string_view digits) {
  if (digits.size() != 10 || !std::all_of(digits.begin(), digits.end(), IsDigit)) return false;
  int total = 0;
  for (std::size_t k = 0; k < 9; ++k) total += (digits[k] - '0') * static_cast<int>(10 - k);
  int check = 11 - total % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == digits[9] - '0';
}

std::vector<Span> FindNhsNumbers(std::string_view text) {
  std::vector<Span> out;
  auto read = [&](std::size_t& p, int count, std::string& digits) {
    for (int k = 0; k < count; ++k, ++p) {
      if (p >= text.size() || !IsDigit(text[p])) return false;
      digits.push_back(text[p]);
    }
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!IsDigit(text[i]) || WordBefore(text, i)) continue;
    if (i > 0 && (text[i - 1] == '+' || text[i - 1] == '-' || text[i - 1] == '/')) continue;
    // Ten digits together, or 3-3-4 with one separator (space or hyphen) used both times.
    std::string digits;
    std::size_t p = i;
    if (!read(p, 3, digits)) continue;
    char sep = 0;
    if (p < text.size() && (text[p] == ' ' || text[p] == '-')) sep = text[p++];
    if (!read(p, 3, digits)) continue;
    if (sep != 0) {
      if (p >= text.size() || text[p] != sep) continue;
      ++p;
    }
    if (!read(p, 4, digits)) continue;
    if (WordAt(text, p)) continue;
    if (p + 1 < text.size() && (text[p] == ' ' || text[p] == '-') && IsDigit(text[p + 1])) {
      continue;  // part of a longer number
    }
    if (!IsValidNhsNumber(digits)) continue;
    out.push_back(Span{Kind::kNhsNumber, i, p, 0});
    i = p - 1;
  }
  return out;
}

// ---- National Insurance numbers --------------------------------------------------------------

bool IsValidNiPrefix(std::string_view prefix) {
  if (prefix.size() != 2 || !IsAsciiAlpha(prefix[0]) || !IsAsciiAlpha(prefix[1])) return false;
  char a = Upper(prefix[0]);
  char b = Upper(prefix[1]);
  if (std::strchr("DFIQUV", a) != nullptr || std::strchr("DFIOQUV", b) != nullptr) return false;
  static constexpr std::array<std::string_view, 7> kUnallocated = {"BG", "GB", "KN", "NK",
                                                                   "NT", "TN", "ZZ"};
  const char both[2] = {a, b};
  return std::find(kUnallocated.begin(), kUnallocated.end(), std::string_view(both, 2)) ==
         kUnallocated.end();
}

std::vector<Span> FindNiNumbers(std::string_view text) {
  std::vector<Span> out;
  for (std::size_t i = 0; i + 9 <= text.size(); ++i) {
    if (!IsAsciiAlpha(text[i]) || WordBefore(text, i)) continue;
    if (!IsValidNiPrefix(text.substr(i, 2))) continue;
    std::size_t p = i + 2;
    bool spaced = p < text.size() && text[p] == ' ';
    int read = 0;
    bool ok = true;
    for (int pair = 0; pair < 3 && ok; ++pair) {
      if (spaced && p < text.size() && text[p] == ' ') ++p;
      for (int k = 0; k < 2; ++k, ++p) {
        if (p >= text.size() || !IsDigit(text[p])) {
          ok = false;
          break;
        }
        ++read;
      }
    }
    if (!ok || read != 6) continue;
    if (p < text.size() && text[p] == ' ') ++p;
    if (p >= text.size() || std::strchr("ABCD", Upper(text[p])) == nullptr) continue;
    ++p;
    if (WordAt(text, p)) continue;
    out.push_back(Span{Kind::kNiNumber, i, p, 0});
    i = p - 1;
  }
  return out;
}

// ---- dates of birth --------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Length of a month name (full or three-letter, "Sept" too) at `p`, or 0.
std::size_t MonthAt(std::string_view text, std::size_t p) {
  if (WordBefore(text, p)) return 0;
  for (auto m : kMonths) {
    if (StartsWithNoCase(text, p, m) && !WordAt(text, p + m.size())) return m.size();
  }
  for (auto m : kMonths) {
    std::size_t n = m == "september" && StartsWithNoCase(text, p, "sept") ? 4 : 3;
    if (StartsWithNoCase(text, p, m.substr(0, n)) && !WordAt(text, p + n)) {
      std::size_t e = p + n;
      if (e < text.size() && text[e] == '.') ++e;
      return e - p;
    }
  }
  return 0;
}

// Reads 1 to `max` digits at `p`; returns the count.
std::size_t Digits(std::string_view text, std::size_t p, std::size_t max, int& value) {
  std::size_t n = 0;
  value = 0;
  while (p + n < text.size() && n < max && IsDigit(text[p + n])) {
    value = value * 10 + (text[p + n] - '0');
    ++n;
  }
  if (p + n < text.size() && IsDigit(text[p + n])) return 0;  // longer than allowed
  return n;
}

// A day with an optional ordinal suffix at `p`; returns the end or npos.
std::size_t DayAt(std::string_view text, std::size_t p) {
  int d = 0;
  std::size_t n = Digits(text, p, 2, d);
  if (n == 0 || d < 1 || d > 31) return std::string_view::npos;
  std::size_t e = p + n;
  for (std::string_view suf : {"st", "nd", "rd", "th"}) {
    if (StartsWithNoCase(text, e, suf)) {
      e += 2;
      break;
    }
  }
  if (WordAt(text, e)) return std::string_view::npos;
  return e;
}

std::size_t SkipSpaces(std::string_view text, std::size_t p) {
  while (p < text.size() && text[p] == ' ') ++p;
  return p;
}

// A four-digit year after `p` (", 2014" or " 2014"); returns the end or npos.
std::size_t YearAfter(std::string_view text, std::size_t p) {
  std::size_t q = p;
  if (q < text.size() && text[q] == ',') ++q;
  q = SkipSpaces(text, q);
  if (q == p) return std::string_view::npos;
  int y = 0;
  std::size_t n = Digits(text, q, 4, y);
  if (n != 4 || y < 1900 || y > 2100 || WordAt(text, q + 4)) return std::string_view::npos;
  return q + 4;
}

// A date starting at `p`: returns its end or npos. Numeric (d/m/y with / . or -, two or four
// digit years; y-m-d) or with a month name (12 March 2014, 12th of March, March 12th, 2014);
// a day and month without a year count too.
std::size_t DateAt(std::string_view text, std::size_t p) {
  if (WordBefore(text, p)) return std::string_view::npos;
  if (IsDigit(text[p])) {
    int a = 0;
    std::size_t n = Digits(text, p, 4, a);
    if (n == 4) {  // yyyy-mm-dd
      int m = 0, d = 0;
      std::size_t q = p + 4;
      if (q < text.size() && text[q] == '-' && Digits(text, q + 1, 2, m) == 2 && m >= 1 &&
          m <= 12 && q + 3 < text.size() && text[q + 3] == '-' && Digits(text, q + 4, 2, d) == 2 &&
          d >= 1 && d <= 31 && !WordAt(text, q + 6)) {
        return q + 6;
      }
      return std::string_view::npos;
    }
    if (n >= 1 && n <= 2) {
      std::size_t q = p + n;
      if (q < text.size() && (text[q] == '/' || text[q] == '.' || text[q] == '-')) {
        char sep = text[q];
        int m = 0, y = 0;
        std::size_t mn = Digits(text, q + 1, 2, m);
        if (mn == 0 || a < 1 || a > 31 || m < 1 || m > 12) return std::string_view::npos;
        std::size_t r = q + 1 + mn;
        if (r >= text.size() || text[r] != sep) return std::string_view::npos;
        std::size_t yn = Digits(text, r + 1, 4, y);
        if ((yn != 2 && yn != 4) || WordAt(text, r + 1 + yn)) return std::string_view::npos;
        return r + 1 + yn;
      }
      std::size_t e = DayAt(text, p);
      if (e == std::string_view::npos) return e;
      std::size_t q2 = SkipSpaces(text, e);
      if (q2 == e) return std::string_view::npos;
      if (StartsWithNoCase(text, q2, "of ")) q2 = SkipSpaces(text, q2 + 3);
      std::size_t mlen = MonthAt(text, q2);
      if (mlen == 0) return std::string_view::npos;
      std::size_t end = q2 + mlen;
      std::size_t y = YearAfter(text, end);
      return y == std::string_view::npos ? end : y;
    }
    return std::string_view::npos;
  }
  std::size_t mlen = MonthAt(text, p);
  if (mlen == 0) return std::string_view::npos;
  std::size_t q = SkipSpaces(text, p + mlen);
  if (q == p + mlen || q >= text.size() || !IsDigit(text[q])) return std::string_view::npos;
  std::size_t e = DayAt(text, q);
  if (e == std::string_view::npos) return e;
  std::size_t y = YearAfter(text, e);
  return y == std::string_view::npos ? e : y;
}

// Cue words for a date of birth; a cue within kCueWindow bytes before a date in the same
// sentence (or just after it) makes it a date of birth.
constexpr std::array<std::string_view, 9> kCues = {"date of birth", "birth date", "birthdate",
                                                   "d.o.b",         "dob",        "born",
                                                   "birthday",      "bday",       "b-day"};
constexpr std::size_t kCueWindow = 40;

bool CueAt(std::string_view text, std::size_t p, std::size_t& len) {
  if (WordBefore(text, p)) return false;
  for (auto c : kCues) {
    if (StartsWithNoCase(text, p, c) && (c.back() == '.' || !WordAt(text, p + c.size()))) {
      len = c.size();
      return true;
    }
  }
  return false;
}

// True if the stretch between a cue and a date crosses a sentence or line end.
bool Breaks(std::string_view gap) {
  for (std::size_t i = 0; i < gap.size(); ++i) {
    char c = gap[i];
    if (c == '\n' || c == '\r' || c == ';') return true;
    if ((c == '.' || c == '!' || c == '?') && i + 1 < gap.size() && gap[i + 1] == ' ') {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<Span> FindDatesOfBirth(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> cues;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t len = 0;
    if (IsAsciiAlpha(text[i]) && CueAt(text, i, len)) {
      std::size_t e = i + len;
      if (text.substr(i, 5) == "d.o.b" || text.substr(i, 5) == "D.O.B") {
        if (e < text.size() && text[e] == '.') ++e;
      }
      cues.emplace_back(i, e);
      i = e - 1;
    }
  }
  std::vector<Span> out;
  if (cues.empty()) return out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!IsAsciiAlnum(text[i])) continue;
    std::size_t e = DateAt(text, i);
    if (e == std::string_view::npos) continue;
    // The nearest cue ending before the date, and the nearest starting after it (cues are in
    // text order, so each date costs a binary search, not a pass over every cue).
    bool dob = false;
    auto after = std::lower_bound(cues.begin(), cues.end(), e,
                                  [](const auto& cue, std::size_t pos) { return cue.first < pos; });
    if (after != cues.begin()) {
      auto before = std::prev(after);
      while (before->second > i && before != cues.begin()) --before;
      auto [cb, ce] = *before;
      if (ce <= i && i - ce <= kCueWindow && !Breaks(text.substr(ce, i - ce))) dob = true;
    }
    if (after != cues.end()) {
      auto [cb, ce] = *after;
      if (cb - e <= 3 && !Breaks(text.substr(e, cb - e))) dob = true;  // "12/03/1988 (DOB)"
    }
    if (dob) out.push_back(Span{Kind::kDateOfBirth, i, e, 0});
    i = e - 1;
  }
  return out;
}

// ---- street addresses ------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 44> kStreetSuffixes = {
    "Road",  "Rd",     "Street", "St",       "Avenue",    "Ave",      "Close",  "Lane",    "Ln",
    "Drive", "Dr",     "Way",    "Crescent", "Cres",      "Gardens",  "Gdns",   "Terrace", "Terr",
    "Place", "Pl",     "Court",  "Ct",       "Grove",     "Walk",     "Row",    "Square",  "Sq",
    "Mews",  "Rise",   "View",   "Parade",   "Hill",      "Park",     "Green",  "Vale",    "Wharf",
    "Yard",  "Circus", "Gate",   "Path",     "Boulevard", "Broadway", "Hollow", "Wynd"};
constexpr std::array<std::string_view, 5> kUnitWords = {"Flat", "Apartment", "Apt", "Unit", "Room"};

bool IsSuffix(std::string_view word) {
  for (auto s : kStreetSuffixes) {
    if (word.size() != s.size()) continue;
    bool same = true, caps = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (word[i] != s[i]) same = false;
      if (word[i] != Upper(s[i])) caps = false;
    }
    if (same || caps) return true;
  }
  return false;
}

// A house or flat number at `p` ("12", "27a", "2B"); returns the end or npos.
std::size_t HouseNumberAt(std::string_view text, std::size_t p) {
  int v = 0;
  std::size_t n = Digits(text, p, 4, v);
  if (n == 0 || v == 0) return std::string_view::npos;
  std::size_t e = p + n;
  if (e < text.size() && IsAsciiAlpha(text[e]) && !WordAt(text, e + 1)) ++e;
  if (WordAt(text, e)) return std::string_view::npos;
  return e;
}

// A capitalised word at `p` (letters, apostrophes, hyphens, full stop after "St");
// returns its end or npos.
std::size_t CapWordAt(std::string_view text, std::size_t p) {
  if (p >= text.size() || !internal::UpperAt(text, p)) return std::string_view::npos;
  std::size_t e = p;
  while (e < text.size()) {
    std::size_t len = 0;
    char32_t cp = internal::DecodeAt(text, e, len);
    bool inner = (cp == '\'' || cp == 0x2019 || cp == '-') && WordAt(text, e + len);
    if (!internal::IsWordCodePoint(cp) && !inner) break;
    if (cp < 0x80 && IsDigit(static_cast<char>(cp))) return std::string_view::npos;
    e += len;
  }
  return e;
}

}  // namespace

std::vector<Span> FindAddresses(std::string_view text) {
  std::vector<Span> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!IsAsciiAlnum(text[i]) || WordBefore(text, i)) continue;
    std::size_t begin = i;
    std::size_t p = i;
    // An optional unit: "Flat 3, " / "Apartment 22 ".
    for (auto unit : kUnitWords) {
      if (text.substr(p, unit.size()) == unit && p + unit.size() < text.size() &&
          text[p + unit.size()] == ' ') {
        std::size_t e = HouseNumberAt(text, p + unit.size() + 1);
        if (e == std::string_view::npos) break;
        std::size_t q = e;
        if (q < text.size() && text[q] == ',') ++q;
        q = SkipSpaces(text, q);
        if (q < text.size() && IsDigit(text[q])) p = q;
        break;
      }
    }
    if (!IsDigit(text[p])) continue;
    std::size_t e = HouseNumberAt(text, p);
    if (e == std::string_view::npos) continue;
    std::size_t q = e;
    if (q < text.size() && text[q] == ',') ++q;
    if (q >= text.size() || text[q] != ' ') continue;
    ++q;
    // Up to five capitalised words; the address ends at the last street suffix after at
    // least one other word.
    std::size_t end = std::string_view::npos;
    std::size_t words = 0;
    while (words < 5) {
      std::size_t we = CapWordAt(text, q);
      if (we == std::string_view::npos) break;
      std::string_view word = text.substr(q, we - q);
      ++words;
      if (words >= 2 && IsSuffix(word)) {
        end = we;
        if (word == "St" && we < text.size() && text[we] == '.') end = we + 1;
      }
      if (we >= text.size() || text[we] != ' ') {
        if (word == "St" && we < text.size() && text[we] == '.' && we + 1 < text.size() &&
            text[we + 1] == ' ') {
          q = we + 2;  // "St. Mary's Road"
          continue;
        }
        break;
      }
      q = we + 1;
    }
    if (end == std::string_view::npos) continue;
    out.push_back(Span{Kind::kAddress, begin, end, 0});
    i = end - 1;
  }
  return out;
}

}  // namespace casekeep::anonymise
