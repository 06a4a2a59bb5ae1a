// Enrolling a second factor: a new TOTP secret (sealed under the session key, bound to the
// user's code), confirmed by a first code from the user's app, which also yields the user's
// recovery codes. Checking the factor at login is in internal/second_factor.cc.
#include "accounts/internal/rows.h"
#include "accounts/internal/second_factor.h"
#include "accounts/service.h"
#include "crypto/password.h"
#include "crypto/totp.h"

namespace casekeep::accounts {

Result<TotpEnrolment> AccountsService::BeginTotpEnrolment(std::string_view user) {
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_ASSIGN_OR_RETURN(store::UserRow row, internal::LoadUser(*tx, user));
  if (row.disabled) return Fail(ErrorCode::kFailedPrecondition, "this account is disabled");
  if (row.totp_confirmed) {
    return Fail(ErrorCode::kFailedPrecondition,
                "a second factor is already set up; an administrator can reset it");
  }
  CK_ASSIGN_OR_RETURN(const crypto::SecretBytes secret, crypto::NewTotpSecret());
  const std::string& issuer =
      settings_.totp_issuer.empty() ? policy_.organisation.name : settings_.totp_issuer;
  TotpEnrolment enrolment;
  enrolment.secret_base32 = crypto::EncodeTotpSecret(secret.span());
  CK_ASSIGN_OR_RETURN(
      enrolment.uri, crypto::TotpProvisioningUri(issuer.empty() ? "casekeep" : issuer, row.username,
                                                 secret.span()));
  const std::int64_t now = Now();
  CK_ASSIGN_OR_RETURN(row.totp_secret,
                      internal::SealTotpSecret(vault_.session_key(), row.code, secret));
  row.totp_last_step.reset();
  row.recovery_hashes.clear();
  internal::NextVersion(row, now);
  CK_TRY(tx->UpdateUser(row));
  CK_TRY(internal::Audit(*tx, vault_, now, row.code, "user.mfa-enrol-start", {row.code}, "ok"));
  CK_TRY(tx->Commit());
  return enrolment;
}

Result<std::vector<std::string>> AccountsService::ConfirmTotp(std::string_view user,
                                                              std::string_view code) {
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_ASSIGN_OR_RETURN(store::UserRow row, internal::LoadUser(*tx, user));
  if (row.disabled) return Fail(ErrorCode::kFailedPrecondition, "this account is disabled");
  if (row.totp_confirmed) {
    return Fail(ErrorCode::kFailedPrecondition, "the second factor is already confirmed");
  }
  if (row.totp_secret.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "begin setting up the second factor first");
  }
  const std::optional<std::string> digits = internal::TotpDigits(code);
  if (!digits) return InvalidArgument("enter the 6-digit code your authenticator app shows");
  const std::int64_t now = Now();
  CK_ASSIGN_OR_RETURN(const crypto::SecretBytes secret,
                      internal::OpenTotpSecret(vault_.session_key(), row));
  CK_ASSIGN_OR_RETURN(const std::optional<std::int64_t> step,
                      crypto::VerifyTotp(secret.span(), *digits, now, row.totp_last_step));
  if (!step) {
    return InvalidArgument(
        "that code does not match; check the time on your device and enter the current code");
  }
  CK_ASSIGN_OR_RETURN(crypto::RecoveryCodes recovery, crypto::GenerateRecoveryCodes());
  row.totp_confirmed = true;
  row.totp_last_step = *step;
  row.recovery_hashes = std::move(recovery.hashes);
  internal::NextVersion(row, now);
  CK_TRY(tx->UpdateUser(row));
  // Every session of the user was opened with the password alone: none may inherit the roles
  // the second factor now guards. The user signs in again with it.
  CK_TRY(tx->DeleteUserSessions(row.id));
  CK_TRY(internal::Audit(*tx, vault_, now, row.code, "user.mfa-enrol", {row.code}, "ok"));
  CK_TRY(tx->Commit());
  return std::move(recovery.codes);
}

}  // namespace casekeep::accounts
