// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) for staff second factor. The
// clock is a parameter, never read here, so tests and replay checks are exact. Secrets are
// exchanged with authenticator apps as RFC 4648 base32. Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "crypto/secret.h"

namespace casekeep::crypto {

enum class TotpAlgorithm { kSha1, kSha256, kSha512 };

//! Defaults are what authenticator apps expect: HMAC-SHA-1, 6 digits, 30-second steps.
struct TotpParams {
  TotpAlgorithm algorithm = TotpAlgorithm::kSha1;
  int digits = 6;                    //!< 6 to 8
  std::int64_t period_seconds = 30;  //!< X in RFC 6238
  std::int64_t t0 = 0;               //!< T0 in RFC 6238 (Unix seconds)
};

//! Bytes in a new secret (160 bits, the RFC 4226 recommendation for SHA-1).
inline constexpr std::size_t kTotpSecretBytes = 20;
//! Steps either side of the current one that VerifyTotp accepts (clock drift).
inline constexpr int kTotpWindowSteps = 1;

//! A fresh random secret in locked memory; fails only with kInternal.
[[nodiscard]] Result<SecretBytes> NewTotpSecret();

//! The secret as unpadded base32 for the user's authenticator app.
[[nodiscard]] std::string EncodeTotpSecret(std::span<const std::uint8_t> secret);

//! The secret in base32 text (as EncodeTotpSecret writes it, or typed with spaces or lower
//! case); fails with kInvalidArgument if it is not base32 or is shorter than 10 bytes.
[[nodiscard]] Result<SecretBytes> DecodeTotpSecret(std::string_view base32);

//! The time step counter T = floor((unix_seconds - t0) / period); fails with kInvalidArgument
//! if the parameters are out of range or the time is before t0.
[[nodiscard]] Result<std::int64_t> TotpStep(std::int64_t unix_seconds,
                                          const TotpParams& params = {});

//! The code (zero-padded digits) for time step `step`; fails with kInvalidArgument if the
//! secret is empty or over 128 bytes or the parameters are out of range, kInternal if HMAC
//! fails.
[[nodiscard]] Result<std::string> TotpCodeAtStep(std::span<const std::uint8_t> secret,
                                                 std::int64_t step, const TotpParams& params = {});

//! The code for the time `unix_seconds`; fails as TotpStep and TotpCodeAtStep.
[[nodiscard]] Result<std::string> TotpCode(std::span<const std::uint8_t> secret,
                                           std::int64_t unix_seconds,
                                           const TotpParams& params = {});

//! The step that `code` matches within kTotpWindowSteps of `unix_seconds`, or nullopt if none
//! does or the match is not later than `last_used_step` (a replayed code). Store the returned
//! step as the new last used step. Fails only as TotpStep and TotpCodeAtStep do.
[[nodiscard]] Result<std::optional<std::int64_t>> VerifyTotp(
    std::span<const std::uint8_t> secret, std::string_view code, std::int64_t unix_seconds,
    std::optional<std::int64_t> last_used_step = std::nullopt, const TotpParams& params = {});

//! An otpauth://totp/ URI (for a QR code) naming `issuer` and `account`; fails with
//! kInvalidArgument if either is empty or the secret is empty.
[[nodiscard]] Result<std::string> TotpProvisioningUri(std::string_view issuer,
                                                      std::string_view account,
                                                      std::span<const std::uint8_t> secret,
                                                      const TotpParams& params = {});

}  // namespace casekeep::crypto
