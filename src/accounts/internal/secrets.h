// Session tokens, API token secrets and CSRF tokens: how they are made and how they are hashed
// for storage (docs/accounts.md, "What is stored"). Every hash is BLAKE2b-256 keyed with the
// vault's session key, with a 16-byte personalisation per use so that a hash made for one use
// never matches another: "casekeep-sess-v1", "casekeep-tokn-v1", "casekeep-csrf-v1".
// Internal to the accounts module. Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "crypto/bytes.h"
#include "crypto/secret.h"

namespace casekeep::accounts::internal {

//! Random bytes in a session token or an API token secret.
inline constexpr std::size_t kSecretBytes = 32;
//! Characters of base64url (no padding) for kSecretBytes bytes.
inline constexpr std::size_t kSecretChars = 43;
inline constexpr std::string_view kTokenPrefix = "ck_";

enum class HashUse { kSession, kApiToken, kCsrf };

//! The 16-byte BLAKE2b personalisation for `use`.
[[nodiscard]] std::string_view Personalisation(HashUse use) noexcept;

//! BLAKE2b-256 of `text` keyed with `session_key`, personalised for `use`. Fails with
//! kInvalidArgument if the key is empty, kInternal if libsodium cannot start.
[[nodiscard]] Result<crypto::Bytes> KeyedHash(const crypto::Key& session_key, HashUse use,
                                              std::string_view text);

//! RFC 4648 section 5 base64url without padding.
[[nodiscard]] std::string Base64Url(std::span<const std::uint8_t> bytes);

//! A new session token: base64url of kSecretBytes random bytes. Fails only with kInternal.
[[nodiscard]] Result<std::string> NewSessionToken();

//! A new API token secret: kTokenPrefix + base64url of kSecretBytes random bytes.
[[nodiscard]] Result<std::string> NewTokenSecret();

//! True if `text` has the shape NewSessionToken makes (length and alphabet only).
[[nodiscard]] bool LooksLikeSessionToken(std::string_view text) noexcept;

//! True if `text` has the shape NewTokenSecret makes (prefix, length and alphabet only).
[[nodiscard]] bool LooksLikeTokenSecret(std::string_view text) noexcept;

}  // namespace casekeep::accounts::internal
