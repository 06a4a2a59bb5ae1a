// The second factor inside a transaction: sealing and opening a user's TOTP secret (bound to the
// user's code, so a sealed secret copied to another account fails to open) and checking what a
// user typed at login, a TOTP code or a recovery code, against their row. Internal to the
// accounts module. Thread-safety: pure functions; the caller owns the row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"
#include "crypto/secret.h"
#include "store/store.h"

namespace casekeep::accounts::internal {

//! `secret` sealed under `session_key` with associated data "user:<code>:field:totp".
[[nodiscard]] Result<store::Bytes> SealTotpSecret(const crypto::Key& session_key,
                                                  std::string_view user_code,
                                                  const crypto::SecretBytes& secret);

//! The TOTP secret of `user`; kDataLoss if it does not authenticate, kFailedPrecondition if the
//! user has none.
[[nodiscard]] Result<crypto::SecretBytes> OpenTotpSecret(const crypto::Key& session_key,
                                                         const store::UserRow& user);

//! The digits of `entered` with spaces removed, if it is six to eight digits; else nullopt.
[[nodiscard]] std::optional<std::string> TotpDigits(std::string_view entered);

enum class SecondFactorOutcome { kTotp, kRecoveryCode, kWrong };

//! Checks `entered` against `user`: six to eight digits (spaces allowed) are a TOTP code, which
//! must be for a time step later than user.totp_last_step; anything else is tried as a
//! recovery code. On success `user` is changed as it must be stored: the new last step, or the
//! used recovery code's hash removed. On kWrong `user` is unchanged. Fails only when the secret
//! cannot be opened or the TOTP arithmetic fails.
[[nodiscard]] Result<SecondFactorOutcome> CheckSecondFactor(const crypto::Key& session_key,
                                                            store::UserRow& user,
                                                            std::string_view entered,
                                                            std::int64_t now);

}  // namespace casekeep::accounts::internal
