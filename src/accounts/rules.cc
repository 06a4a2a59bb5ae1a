#include "accounts/rules.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "crypto/password.h"

namespace casekeep::accounts {
namespace {

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

// Code points in `text`, counting every byte that does not continue a UTF-8 sequence.
std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// True if `text` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool IsUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (b < 0x80U) {
      ++i;
      continue;
    } else if ((b & 0xE0U) == 0xC0U) {
      extra = 1;
      cp = b & 0x1FU;
    } else if ((b & 0xF0U) == 0xE0U) {
      extra = 2;
      cp = b & 0x0FU;
    } else if ((b & 0xF8U) == 0xF0U) {
      extra = 3;
      cp = b & 0x07U;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0U) != 0x80U) return false;
      cp = (cp << 6U) | (c & 0x3FU);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool OnlySpaces(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' '; });
}

}  // namespace

Status CheckUsername(std::string_view username) {
  if (username.size() < kMinUsernameChars || username.size() > kMaxUsernameChars) {
    return InvalidArgument("a username must be 2 to 64 characters long");
  }
  if (!std::all_of(username.begin(), username.end(), IsIdChar)) {
    return InvalidArgument(
        "a username may hold only lower-case letters a-z, digits and the characters . _ -");
  }
  return {};
}

Status CheckPassword(std::string_view password, std::string_view username) {
  if (password.size() > crypto::kMaxPasswordBytes) {
    return InvalidArgument("a password may be at most " +
                           std::to_string(crypto::kMaxPasswordBytes) + " bytes long");
  }
  if (CodePoints(password) < kMinPasswordChars) {
    return InvalidArgument("a password must be at least " + std::to_string(kMinPasswordChars) +
                           " characters long");
  }
  if (EqualIgnoringAsciiCase(password, username)) {
    return InvalidArgument("a password must not be the username");
  }
  return {};
}

Status CheckDisplayName(std::string_view name) {
  if (name.empty() || OnlySpaces(name)) return InvalidArgument("a display name is required");
  if (name.size() > kMaxDisplayNameBytes) {
    return InvalidArgument("a display name may be at most " + std::to_string(kMaxDisplayNameBytes) +
                           " bytes long");
  }
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20U || b == 0x7FU;
  });
  if (control || !IsUtf8(name)) {
    return InvalidArgument("a display name must be UTF-8 text without control characters");
  }
  return {};
}

Status CheckTeam(std::string_view team) {
  if (team.empty()) return {};
  if (team.size() > kMaxTeamChars || !std::all_of(team.begin(), team.end(), IsIdChar)) {
    return InvalidArgument(
        "a team id must be up to 64 characters of lower-case letters, digits and . _ -");
  }
  return {};
}

Status CheckTokenLabel(std::string_view label) {
  if (label.empty() || OnlySpaces(label)) return InvalidArgument("an API token needs a label");
  if (label.size() > kMaxTokenLabelBytes) {
    return InvalidArgument("a token label may be at most " + std::to_string(kMaxTokenLabelBytes) +
                           " bytes long");
  }
  if (!std::all_of(label.begin(), label.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
    return InvalidArgument("a token label must be printable ASCII");
  }
  return {};
}

std::string NormaliseUsername(std::string_view typed) {
  const auto first = typed.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = typed.find_last_not_of(" \t");
  std::string out(typed.substr(first, last - first + 1));
  std::transform(out.begin(), out.end(), out.begin(), AsciiLower);
  return out;
}

}  // namespace casekeep::accounts
