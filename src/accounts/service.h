// The staff accounts service: creating and managing staff accounts, logging in with a password
// and a second factor (with lockout after repeated failures), sessions with idle and absolute
// timeouts, CSRF tokens, and API tokens for scripts. It authenticates; it does not decide what
// anyone may do (that is the access decision's job, from the roles an Identity carries).
// Every change is one store transaction that ends with its audit entry (codes only), so a
// change is either complete and audited or absent. docs/accounts.md is the operator's guide.
//
// A user is named by its code ("W-…", upper case) or its username (always lower case). Actors
// are the codes of whoever acts, or "local-admin" for the command line.
//
// Thread-safety: an AccountsService is safe to share between threads; the store serialises
// writers. The policy, store, vault and clock must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/types.h"
#include "base/date.h"
#include "base/error.h"
#include "policy/model.h"
#include "records/vault.h"
#include "store/store.h"

namespace casekeep::accounts {

namespace internal {
class RemoteThrottle;
}

class AccountsService {
 public:
  //! `settings` are clamped to sensible ranges (internal::Clamped).
  AccountsService(const policy::Policy& policy, store::Store& store, records::Vault& vault,
                  const Clock& clock, Settings settings = {});
  ~AccountsService();
  AccountsService(const AccountsService&) = delete;
  AccountsService& operator=(const AccountsService&) = delete;

  // Users (users.cc). Failures: kInvalidArgument for input that breaks a rule (rules.h) or
  // names a role the policy lacks, kNotFound for an unknown user, kAlreadyExists for a taken
  // username or a role already held, kFailedPrecondition for a change that makes no sense in
  // the user's state; store errors pass through.

  //! Creates an account and audits "user.create".
  [[nodiscard]] Result<UserView> AddUser(std::string_view actor, const NewUser& user);
  [[nodiscard]] Result<UserView> GetUser(std::string_view user);
  //! Every account, in creation order.
  [[nodiscard]] Result<std::vector<UserView>> ListUsers();
  //! Refuses further logins, ends every session and revokes every API token of the user.
  [[nodiscard]] Status DisableUser(std::string_view actor, std::string_view user);
  //! Allows logins again (tokens revoked by DisableUser stay revoked).
  [[nodiscard]] Status EnableUser(std::string_view actor, std::string_view user);
  //! Sets a new password, ends every session and clears any lockout. API tokens are kept.
  [[nodiscard]] Status ResetPassword(std::string_view actor, std::string_view user,
                                     std::string_view new_password);
  [[nodiscard]] Status AddRole(std::string_view actor, std::string_view user,
                               std::string_view role);
  [[nodiscard]] Status RemoveRole(std::string_view actor, std::string_view user,
                                  std::string_view role);
  //! `team` empty removes the user from their team.
  [[nodiscard]] Status SetTeam(std::string_view actor, std::string_view user,
                               std::string_view team);
  //! Forgets the user's second factor and recovery codes (a lost phone) and ends their
  //! sessions; they enrol again at their next login.
  [[nodiscard]] Status ResetSecondFactor(std::string_view actor, std::string_view user);

  // Login (login.cc).

  //! A new session for `username` (case and surrounding spaces forgiven). `second_factor` is
  //! the 6-digit code from the user's authenticator app or one of their recovery codes; it is
  //! required whenever the user has enrolled a second factor (ignored otherwise). A user whose
  //! role needs MFA but who has not enrolled yet gets a session with mfa_pending_enrolment set:
  //! the chosen way to let them enrol at first sign-in (docs/accounts.md).
  //! `remote` is the client's address, used only to limit failures per address, in memory
  //! (never stored or audited); empty when unknown. Every attempt is audited ("auth.login").
  //! Fails with kPermissionDenied and one of: "wrong username or password" (an unknown user and
  //! a wrong password alike), "wrong or already used one-time code", "this account is locked
  //! ... until <UTC time>", "this account is disabled" (only with the right password), "too
  //! many failed logins from this address ..."; with kFailedPrecondition when the user has a
  //! second factor and none was given (the password was right: ask for the code, call again).
  [[nodiscard]] Result<Session> Login(std::string_view username, std::string_view password,
                                      std::string_view second_factor, std::string_view remote = {});

  // Second factor (mfa.cc), for the signed-in user `user` themself.

  //! A new TOTP secret for the user, replacing any unconfirmed one; not in force until
  //! ConfirmTotp. kFailedPrecondition if the user is disabled or already enrolled.
  [[nodiscard]] Result<TotpEnrolment> BeginTotpEnrolment(std::string_view user);
  //! Confirms enrolment with a current code from the app and returns kRecoveryCodeCount new
  //! recovery codes (shown once; only their hashes are kept). Ends every session of the user,
  //! since each was opened without the second factor. kInvalidArgument for a wrong
  //! code, kFailedPrecondition if enrolment was not begun or is already confirmed.
  [[nodiscard]] Result<std::vector<std::string>> ConfirmTotp(std::string_view user,
                                                             std::string_view code);

  // Sessions (sessions.cc).

  //! Who the session token belongs to. Fails with kPermissionDenied when the token is unknown
  //! or logged out, the session passed its idle or absolute timeout (the row is then deleted),
  //! or the user is disabled. Writes the session's last use at most once per
  //! Settings::session_touch_seconds.
  [[nodiscard]] Result<Identity> Authenticate(std::string_view session_token);
  //! Ends the session and audits "auth.logout"; succeeds without doing anything if the token
  //! is unknown.
  [[nodiscard]] Status Logout(std::string_view session_token);
  //! The CSRF token of a session: base64url of a keyed hash of the session token. Fails only
  //! with kInternal.
  [[nodiscard]] Result<std::string> CsrfToken(std::string_view session_token) const;
  //! True if `presented` is CsrfToken(session_token), compared in constant time.
  [[nodiscard]] bool CheckCsrf(std::string_view session_token, std::string_view presented) const;

  // API tokens (tokens.cc).

  //! A new token for `user` carrying `roles` (one or more of the user's roles), valid for
  //! `lifetime_days` (1 to Settings::max_token_days; default Settings::default_token_days).
  //! Audits "token.create". kInvalidArgument for a bad label, role or lifetime;
  //! kFailedPrecondition if the user is disabled.
  [[nodiscard]] Result<NewToken> CreateToken(std::string_view actor, std::string_view user,
                                             std::string_view label,
                                             const std::vector<std::string>& roles,
                                             std::optional<int> lifetime_days = std::nullopt);
  //! Who the secret belongs to, with roles in force = the token's roles the user still holds.
  //! kPermissionDenied for an unknown, revoked or expired token, a disabled user, or a token
  //! none of whose roles the user still holds; refusals of known tokens are audited
  //! ("auth.token").
  [[nodiscard]] Result<Identity> AuthenticateToken(std::string_view secret);
  //! The user's tokens, in creation order, revoked and expired ones included.
  [[nodiscard]] Result<std::vector<TokenView>> ListTokens(std::string_view user);
  //! Revokes a token ("T-…") and audits "token.revoke". kNotFound for an unknown code,
  //! kFailedPrecondition if it is already revoked.
  [[nodiscard]] Status RevokeToken(std::string_view actor, std::string_view token_code);

  const Settings& settings() const { return settings_; }

 private:
  //! Loads `user` in a write transaction, lets `change` alter the row (and the transaction)
  //! and return the audit detail, stores the row as its next version and commits it together
  //! with the audit entry (`actor`, `action`, the user's code, "ok").
  using Change = std::function<Result<std::string>(store::Tx&, store::UserRow&)>;
  [[nodiscard]] Status ChangeUser(std::string_view actor, std::string_view user,
                                  std::string_view action, const Change& change);

  std::int64_t Now() const { return clock_.NowUnixSeconds(); }
  //! True if any of `roles` is a policy role with mfa = true.
  bool RolesNeedMfa(const std::vector<std::string>& roles) const;
  //! `roles` without those the policy no longer defines.
  std::vector<std::string> KnownRoles(const std::vector<std::string>& roles) const;
  UserView View(const store::UserRow& row) const;
  Identity IdentityOf(const store::UserRow& row) const;
  //! An Argon2id hash of a random password, made once, verified against when a username is
  //! unknown so that the answer takes as long as for a known one.
  Result<std::string> DummyHash();
  // The endings of Login (login.cc). RefuseLogin audits a refusal that changes no account (in
  // a transaction of its own); FailLogin counts a failure against `row`, locking the account
  // when it is one too many; StartSession stores `row` (as the caller left it) and creates
  // the session. `count` and FailLogin add the failure to the remote address's tally.
  Result<Session> RefuseLogin(std::string_view remote, std::string_view user_code,
                              std::string_view detail, Error error, bool count);
  Result<Session> FailLogin(store::Tx& tx, store::UserRow& row, std::string_view remote,
                            std::string_view detail, Error error);
  Result<Session> StartSession(store::Tx& tx, store::UserRow& row, std::string_view detail,
                               bool mfa_pending);

  const policy::Policy& policy_;
  store::Store& store_;
  records::Vault& vault_;
  const Clock& clock_;
  const Settings settings_;
  std::unique_ptr<internal::RemoteThrottle> throttle_;
  std::once_flag dummy_once_;
  Result<std::string> dummy_hash_;
};

}  // namespace casekeep::accounts
