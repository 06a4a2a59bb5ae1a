// The rules staff account input must meet: usernames, passwords, display names, team ids and
// API token labels. The service applies them; the CLI and API may call them first to report
// problems early. Messages never repeat a password. Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/error.h"

namespace casekeep::accounts {

inline constexpr std::size_t kMinUsernameChars = 2;
inline constexpr std::size_t kMaxUsernameChars = 64;
inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxDisplayNameBytes = 200;
inline constexpr std::size_t kMaxTeamChars = 64;
inline constexpr std::size_t kMaxTokenLabelBytes = 100;

//! Success if `username` is 2 to 64 characters of lower-case a-z, 0-9, '.', '_' and '-'.
//! Fails with kInvalidArgument saying which rule it breaks.
[[nodiscard]] Status CheckUsername(std::string_view username);

//! Success if `password` has at least kMinPasswordChars characters (UTF-8 code points), at
//! most crypto::kMaxPasswordBytes bytes, and is not the username (ignoring ASCII case).
//! Fails with kInvalidArgument; the message never contains the password.
[[nodiscard]] Status CheckPassword(std::string_view password, std::string_view username);

//! Success if `name` is 1 to kMaxDisplayNameBytes bytes of valid UTF-8 without control
//! characters, and not only spaces. Fails with kInvalidArgument.
[[nodiscard]] Status CheckDisplayName(std::string_view name);

//! Success if `team` is empty (no team) or 1 to 64 characters of a-z, 0-9, '.', '_', '-'.
[[nodiscard]] Status CheckTeam(std::string_view team);

//! Success if `label` is 1 to kMaxTokenLabelBytes bytes of printable ASCII and not only spaces.
[[nodiscard]] Status CheckTokenLabel(std::string_view label);

//! The characters a person typed as a username, as it is stored: surrounding spaces removed
//! and ASCII upper case lowered (login is forgiving; creation is strict).
[[nodiscard]] std::string NormaliseUsername(std::string_view typed);

}  // namespace casekeep::accounts
