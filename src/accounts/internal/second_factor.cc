#include "accounts/internal/second_factor.h"

#include <algorithm>
#include <string>

#include "crypto/aead.h"
#include "crypto/password.h"
#include "crypto/totp.h"

namespace casekeep::accounts::internal {
namespace {

Result<std::string> TotpAd(std::string_view user_code) {
  return crypto::FieldAssociatedData("user", user_code, "totp");
}

}  // namespace

std::optional<std::string> TotpDigits(std::string_view entered) {
  std::string digits;
  for (char c : entered) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() < 6 || digits.size() > 8) return std::nullopt;
  return digits;
}

Result<store::Bytes> SealTotpSecret(const crypto::Key& session_key, std::string_view user_code,
                                    const crypto::SecretBytes& secret) {
  CK_ASSIGN_OR_RETURN(const std::string ad, TotpAd(user_code));
  return crypto::Seal(session_key, secret.span(), crypto::AsBytes(ad));
}

Result<crypto::SecretBytes> OpenTotpSecret(const crypto::Key& session_key,
                                           const store::UserRow& user) {
  if (user.totp_secret.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "no second factor has been set up");
  }
  CK_ASSIGN_OR_RETURN(const std::string ad, TotpAd(user.code));
  return crypto::OpenSecret(session_key, user.totp_secret, crypto::AsBytes(ad),
                            crypto::SecretMemory::kLocked);
}

Result<SecondFactorOutcome> CheckSecondFactor(const crypto::Key& session_key, store::UserRow& user,
                                              std::string_view entered, std::int64_t now) {
  if (const auto digits = TotpDigits(entered)) {
    CK_ASSIGN_OR_RETURN(const crypto::SecretBytes secret, OpenTotpSecret(session_key, user));
    CK_ASSIGN_OR_RETURN(const std::optional<std::int64_t> step,
                        crypto::VerifyTotp(secret.span(), *digits, now, user.totp_last_step));
    if (!step) return SecondFactorOutcome::kWrong;
    user.totp_last_step = *step;
    return SecondFactorOutcome::kTotp;
  }
  const std::optional<std::size_t> match = crypto::MatchRecoveryCode(entered, user.recovery_hashes);
  if (!match) return SecondFactorOutcome::kWrong;
  user.recovery_hashes.erase(user.recovery_hashes.begin() + static_cast<std::ptrdiff_t>(*match));
  return SecondFactorOutcome::kRecoveryCode;
}

}  // namespace casekeep::accounts::internal
