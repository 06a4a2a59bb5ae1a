// Character helpers shared by the detectors (internal). Byte offsets throughout; the text has
// passed CheckText, so it is valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace casekeep::anonymise::internal {

inline bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
inline bool IsAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool IsAsciiAlnum(char c) {
  return IsDigit(c) || IsAsciiAlpha(c);
}
inline bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
inline char Lower(char c) {
  return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}
inline char Upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

//! Decodes the code point at `pos` (valid UTF-8) and sets `len` to its length in bytes.
char32_t DecodeAt(std::string_view text, std::size_t pos, std::size_t& len);
//! The start of the code point that ends just before `pos` (pos > 0).
std::size_t PrevStart(std::string_view text, std::size_t pos);
//! Letters and digits of any script (approximate: non-ASCII outside the punctuation and
//! symbol blocks counts as a letter).
bool IsWordCodePoint(char32_t cp);
//! True if a word character (letter or digit) ends just before `pos`.
bool WordBefore(std::string_view text, std::size_t pos);
//! True if a word character starts at `pos`.
bool WordAt(std::string_view text, std::size_t pos);
//! Lower-cases ASCII, Latin-1 and Latin Extended-A letters; maps ’ to '.
std::string Fold(std::string_view text);
//! True if the code point at `pos` is an upper-case letter (ASCII, Latin-1, Latin Extended-A).
bool UpperAt(std::string_view text, std::size_t pos);

}  // namespace casekeep::anonymise::internal
