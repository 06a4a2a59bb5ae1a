// Staff passwords (Argon2id, libsodium's crypto_pwhash_str format "$argon2id$v=19$m=...") and
// single-use recovery codes for when a second factor is lost. Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace casekeep::crypto {

//! Argon2id cost for passwords: 2 passes over 19 MiB (about 20 ms here), the OWASP minimum.
inline constexpr std::uint64_t kPasswordOpsLimit = 2;
inline constexpr std::size_t kPasswordMemLimit = std::size_t{19} * 1024 * 1024;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

//! The encoded Argon2id hash of `password` (salt and parameters included). Fails with
//! kInvalidArgument if the password is empty or longer than kMaxPasswordBytes, kInternal if the
//! memory cost cannot be allocated.
[[nodiscard]] Result<std::string> HashPassword(std::string_view password);

//! Whether `password` matches `stored_hash`. Fails with kDataLoss if `stored_hash` is not an
//! Argon2id hash string (so a corrupt row is not mistaken for a wrong password).
[[nodiscard]] Result<bool> VerifyPassword(std::string_view stored_hash, std::string_view password);

//! True if `stored_hash` was made with parameters other than the current ones (re-hash it the
//! next time the password is verified), or is not a hash string.
[[nodiscard]] bool PasswordNeedsRehash(std::string_view stored_hash);

//! Recovery codes: 16 Crockford base32 symbols (80 random bits) shown as "XXXX-XXXX-XXXX-XXXX".
//! With 80 bits a fast hash is safe; stored as lowercase hex BLAKE2b-256, personalisation
//! "casekeep-recov-1", of the 16 symbols.
inline constexpr std::size_t kRecoveryCodeCount = 10;
inline constexpr std::size_t kRecoveryCodeSymbols = 16;

struct RecoveryCodes {
  std::vector<std::string> codes;   //!< show once to the user, never store
  std::vector<std::string> hashes;  //!< store; same order as codes
};

//! `count` new recovery codes and their hashes; fails with kInvalidArgument if `count` is 0
//! or above 100, kInternal if libsodium cannot start.
[[nodiscard]] Result<RecoveryCodes> GenerateRecoveryCodes(std::size_t count = kRecoveryCodeCount);

//! The stored hash of a recovery code as typed (case, spaces, hyphens, O/0 and I/L/1 forgiven).
//! Fails with kInvalidArgument if it is not 16 code symbols.
[[nodiscard]] Result<std::string> HashRecoveryCode(std::string_view code);

//! The index in `stored_hashes` of the hash `entered` matches, or nullopt; remove that hash so
//! the code works only once. Compares every hash in constant time.
[[nodiscard]] std::optional<std::size_t> MatchRecoveryCode(
    std::string_view entered, std::span<const std::string> stored_hashes);

}  // namespace casekeep::crypto
