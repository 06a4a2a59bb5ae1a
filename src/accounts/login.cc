// Logging in: password (Argon2id, verified outside any write transaction so that logins never
// hold up other writers), lockout after repeated failures, the second factor, and the new
// session. Every attempt leaves one audit entry ("auth.login"), and a lockout one more
// ("user.lock").
#include "accounts/internal/lockout.h"
#include "accounts/internal/rows.h"
#include "accounts/internal/second_factor.h"
#include "accounts/internal/secrets.h"
#include "accounts/rules.h"
#include "accounts/service.h"
#include "crypto/password.h"

namespace casekeep::accounts {
namespace {

Error BadCredentials() {
  return Error{ErrorCode::kPermissionDenied, "wrong username or password"};
}

Error Locked(std::int64_t until) {
  return Error{ErrorCode::kPermissionDenied,
               "this account is locked after too many failed logins; try again after " +
                   internal::UtcText(until)};
}

bool IsLocked(const store::UserRow& row, std::int64_t now) {
  return row.locked_until && *row.locked_until > now;
}

bool Blank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string::npos;
}

}  // namespace

Result<Session> AccountsService::Login(std::string_view username_typed, std::string_view password,
                                       std::string_view second_factor, std::string_view remote) {
  const std::string username = NormaliseUsername(username_typed);
  if (const auto until = throttle_->BlockedUntil(remote, Now())) {
    return RefuseLogin(remote, {}, "remote-limit",
                       Error{ErrorCode::kPermissionDenied,
                             "too many failed logins from this address; try again after " +
                                 internal::UtcText(*until)},
                       /*count=*/false);
  }

  // Read phase: find the account and check the password with no transaction open.
  std::optional<store::UserRow> seen;
  if (CheckUsername(username)) {
    CK_ASSIGN_OR_RETURN(auto read, store_.BeginRead());
    CK_ASSIGN_OR_RETURN(seen, read->FindUserByName(username));
  }
  if (!seen) {
    // The same work as for a real account, so the time taken does not tell them apart.
    CK_ASSIGN_OR_RETURN(const std::string dummy, DummyHash());
    CK_TRY(crypto::VerifyPassword(dummy, password));
    return RefuseLogin(remote, {}, "bad-password", BadCredentials(), /*count=*/true);
  }
  if (IsLocked(*seen, Now())) {
    return RefuseLogin(remote, seen->code, "locked", Locked(*seen->locked_until), true);
  }
  CK_ASSIGN_OR_RETURN(const bool password_ok,
                      crypto::VerifyPassword(seen->password_hash, password));
  std::optional<std::string> rehash;
  if (password_ok && crypto::PasswordNeedsRehash(seen->password_hash)) {
    if (auto hash = crypto::HashPassword(password)) rehash = std::move(*hash);
  }

  // Write phase, on the row as it is now: another attempt may have changed it meanwhile.
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  const std::int64_t now = Now();
  CK_ASSIGN_OR_RETURN(std::optional<store::UserRow> current, tx->GetUser(seen->id));
  if (!current) return Fail(ErrorCode::kInternal, "an account vanished during login");
  store::UserRow& row = *current;
  if (row.password_hash != seen->password_hash) {
    return Fail(ErrorCode::kConflict, "the password was changed during the login; try again");
  }
  if (IsLocked(row, now)) {
    tx.reset();
    return RefuseLogin(remote, row.code, "locked", Locked(*row.locked_until), true);
  }
  if (!password_ok) return FailLogin(*tx, row, remote, "bad-password", BadCredentials());
  if (row.disabled) {
    tx.reset();
    return RefuseLogin(remote, row.code, "disabled",
                       Error{ErrorCode::kPermissionDenied, "this account is disabled"}, true);
  }

  const bool enrolled = row.totp_confirmed;
  const bool mfa_pending = !enrolled && RolesNeedMfa(row.roles);
  std::string detail = mfa_pending ? "mfa-pending-enrolment" : "password";
  if (enrolled) {
    if (Blank(second_factor)) {
      // The password was right: not a failure, but the caller must ask for the code.
      CK_TRY(internal::Audit(*tx, vault_, now, internal::kAnonymousActor, "auth.login", {row.code},
                             "denied", "totp-required"));
      CK_TRY(tx->Commit());
      return Fail(ErrorCode::kFailedPrecondition,
                  "enter the code from your authenticator app, or one of your recovery codes");
    }
    CK_ASSIGN_OR_RETURN(const internal::SecondFactorOutcome outcome,
                        internal::CheckSecondFactor(vault_.session_key(), row, second_factor, now));
    switch (outcome) {
      case internal::SecondFactorOutcome::kWrong:
        return FailLogin(
            *tx, row, remote, "bad-totp",
            Error{ErrorCode::kPermissionDenied, "wrong or already used one-time code"});
      case internal::SecondFactorOutcome::kTotp: detail = "totp"; break;
      case internal::SecondFactorOutcome::kRecoveryCode:
        detail = "recovery-code recovery-codes-left:" + std::to_string(row.recovery_hashes.size());
        break;
    }
  }
  row.failed_logins = 0;
  row.locked_until.reset();
  if (rehash) row.password_hash = std::move(*rehash);
  return StartSession(*tx, row, detail, mfa_pending);
}

Result<Session> AccountsService::RefuseLogin(std::string_view remote, std::string_view user_code,
                                             std::string_view detail, Error error, bool count) {
  if (count) throttle_->RecordFailure(remote, Now());
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  std::vector<std::string> objects;
  if (!user_code.empty()) objects.emplace_back(user_code);
  CK_TRY(internal::Audit(*tx, vault_, Now(), internal::kAnonymousActor, "auth.login",
                         std::move(objects), "denied", std::string(detail)));
  CK_TRY(tx->Commit());
  return std::unexpected(std::move(error));
}

Result<Session> AccountsService::FailLogin(store::Tx& tx, store::UserRow& row,
                                           std::string_view remote, std::string_view detail,
                                           Error error) {
  const std::int64_t now = Now();
  throttle_->RecordFailure(remote, now);
  ++row.failed_logins;
  const std::optional<std::int64_t> lock =
      internal::LockAfterFailure(settings_, row.failed_logins, now);
  if (lock) row.locked_until = lock;
  internal::NextVersion(row, now);
  CK_TRY(tx.UpdateUser(row));
  CK_TRY(internal::Audit(tx, vault_, now, internal::kAnonymousActor, "auth.login", {row.code},
                         "denied", std::string(detail)));
  if (lock) {
    CK_TRY(internal::Audit(tx, vault_, now, internal::kAnonymousActor, "user.lock", {row.code},
                           "ok",
                           "failures:" + std::to_string(row.failed_logins) +
                               " lock-seconds:" + std::to_string(*lock - now)));
    error.message += "; the account is now locked until " + internal::UtcText(*lock);
  }
  CK_TRY(tx.Commit());
  return std::unexpected(std::move(error));
}

Result<Session> AccountsService::StartSession(store::Tx& tx, store::UserRow& row,
                                              std::string_view detail, bool mfa_pending) {
  const std::int64_t now = Now();
  Session session;
  CK_ASSIGN_OR_RETURN(session.token, internal::NewSessionToken());
  CK_ASSIGN_OR_RETURN(session.csrf_token, CsrfToken(session.token));
  store::SessionRow stored;
  CK_ASSIGN_OR_RETURN(
      stored.token_hash,
      internal::KeyedHash(vault_.session_key(), internal::HashUse::kSession, session.token));
  stored.user_id = row.id;
  stored.created_at = now;
  stored.last_seen_at = now;
  stored.expires_at = now + settings_.session_absolute_seconds;
  internal::NextVersion(row, now);
  CK_TRY(tx.UpdateUser(row));
  CK_TRY(tx.InsertSession(stored));
  CK_TRY(internal::Audit(tx, vault_, now, row.code, "auth.login", {row.code}, "ok",
                         std::string(detail)));
  CK_TRY(tx.Commit());
  session.user_code = row.code;
  session.expires_at = stored.expires_at;
  session.mfa_pending_enrolment = mfa_pending;
  return session;
}

}  // namespace casekeep::accounts
