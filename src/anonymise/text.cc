#include "anonymise/text.h"

namespace casekeep::anonymise::internal {

char32_t DecodeAt(std::string_view text, std::size_t pos, std::size_t& len) {
  auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {
    len = 1;
    return b;
  }
  std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  if (pos + n > text.size()) {  // not reached for checked text; be safe anyway
    len = 1;
    return 0xFFFD;
  }
  char32_t cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (std::size_t i = 1; i < n; ++i) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  }
  len = n;
  return cp;
}

std::size_t PrevStart(std::string_view text, std::size_t pos) {
  std::size_t p = pos - 1;
  while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
  return p;
}

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) return IsAsciiAlnum(static_cast<char>(cp));
  if (cp >= 0x80 && cp <= 0xBF) return false;      // controls, NBSP, symbols, « »
  if (cp == 0xD7 || cp == 0xF7) return false;      // × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;  // variation selectors
  if (cp == 0xFEFF || cp == 0xFFFD) return false;
  if (cp >= 0x1F000) return false;  // emoji and pictographs
  return true;
}

bool WordBefore(std::string_view text, std::size_t pos) {
  if (pos == 0) return false;
  std::size_t len = 0;
  return IsWordCodePoint(DecodeAt(text, PrevStart(text, pos), len));
}

bool WordAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  std::size_t len = 0;
  return IsWordCodePoint(DecodeAt(text, pos, len));
}

namespace {
char32_t FoldCodePoint(char32_t cp) {
  if (cp < 0x80) return static_cast<unsigned char>(Lower(static_cast<char>(cp)));
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp >= 0x100 && cp <= 0x137 && cp % 2 == 0) return cp + 1;
  if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1) return cp + 1;
  if (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0) return cp + 1;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x179 && cp <= 0x17E && cp % 2 == 1) return cp + 1;
  if (cp == 0x2019 || cp == 0x2018) return '\'';
  return cp;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}
}  // namespace

std::string Fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 0;
    char32_t cp = DecodeAt(text, i, len);
    Append(out, FoldCodePoint(cp));
    i += len;
  }
  return out;
}

bool UpperAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  std::size_t len = 0;
  char32_t cp = DecodeAt(text, pos, len);
  char32_t f = FoldCodePoint(cp);
  return f != cp && cp != 0x2019 && cp != 0x2018;
}

}  // namespace casekeep::anonymise::internal
