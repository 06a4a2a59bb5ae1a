// The values the accounts service takes and gives back: settings, new users, views of users
// and tokens, sessions and the Identity a request runs as. Secrets (session tokens, API token
// secrets, recovery codes, TOTP secrets) appear here only in results that are shown once.
// Thread-safety: plain value types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casekeep::accounts {

//! Prefix of user codes ("W-…": workers, staff and volunteers alike). Not 'U': codes are
//! check-digited over Crockford's alphabet, which has no U, so crypto::GenerateCode refuses it.
inline constexpr char kUserCodePrefix = 'W';
//! Prefix of API token codes ("T-…").
inline constexpr char kTokenCodePrefix = 'T';

//! Knobs of the accounts service. Out-of-range values are clamped by the service to the
//! nearest sensible one (see AccountsService's constructor), never trusted blindly.
struct Settings {
  int max_failed_logins = 5;                             //!< consecutive failures before a lockout
  std::int64_t lockout_seconds = 15 * 60;                //!< first lockout; doubles each time after
  std::int64_t max_lockout_seconds = 24 * 60 * 60;       //!< the doubling stops here
  std::int64_t session_idle_seconds = 30 * 60;           //!< a session unused this long ends
  std::int64_t session_absolute_seconds = 12 * 60 * 60;  //!< a session ends this long after login
  std::int64_t session_touch_seconds = 60;               //!< last use is written at most this often
  int default_token_days = 90;                           //!< API token lifetime when none is given
  int max_token_days = 365;
  //! Failed logins from one remote address (any usernames) within `remote_window_seconds`
  //! before that address is refused for the rest of the window; 0 turns the limit off.
  int remote_failure_limit = 30;
  std::int64_t remote_window_seconds = 15 * 60;
  //! Issuer shown by authenticator apps; empty: the policy's organisation name.
  std::string totp_issuer;
};

//! A staff account to create. `password` is the initial password, hashed before storing.
struct NewUser {
  std::string username;  //!< lower-case a-z 0-9 . _ -, 2 to 64 characters
  std::string display_name;
  std::string team;                //!< team id, or empty
  std::vector<std::string> roles;  //!< policy role ids
  std::string password;
};

//! A staff account as administrators see it (no hashes, no secrets).
struct UserView {
  std::string code;  //!< "W-…"
  std::string username;
  std::string display_name;
  std::string team;
  std::vector<std::string> roles;
  bool disabled = false;
  bool mfa_enrolled = false;  //!< a second factor is confirmed
  bool mfa_required = false;  //!< a role needs it, or the user enrolled
  std::size_t recovery_codes_left = 0;
  std::int64_t failed_logins = 0;
  std::optional<std::int64_t> locked_until;  //!< Unix seconds, only while in the future
  std::int64_t created_at = 0;
};

//! A new login session. `token` is shown once (for the session cookie) and never stored.
struct Session {
  std::string token;       //!< base64url of 32 random bytes
  std::string csrf_token;  //!< CsrfToken(token), for the web app's forms
  std::string user_code;
  std::int64_t expires_at = 0;  //!< the absolute timeout, Unix seconds
  //! The user's roles require a second factor they have not enrolled yet: this session may be
  //! used only to enrol (BeginTotpEnrolment, ConfirmTotp) and to log out. Identity carries the
  //! same flag with no roles in force, so anything else is refused even if a caller forgets.
  bool mfa_pending_enrolment = false;
};

//! How a request proved who it is.
enum class Via { kSession, kToken };

//! Who a request runs as, after Authenticate or AuthenticateToken.
struct Identity {
  std::int64_t user_id = 0;
  std::string code;  //!< "W-…": what the audit chain names
  std::string username;
  std::string display_name;
  std::string team;
  //! Roles in force: the user's roles that the policy still defines; for a token, only those
  //! of the token's roles the user still holds; none while mfa_pending.
  std::vector<std::string> roles;
  Via via = Via::kSession;
  std::string token_code;    //!< "T-…" when via is kToken
  bool mfa_pending = false;  //!< see Session::mfa_pending_enrolment
};

//! What BeginTotpEnrolment gives the user to load into an authenticator app.
struct TotpEnrolment {
  std::string secret_base32;  //!< for typing in
  std::string uri;            //!< otpauth:// URI, for a QR code
};

//! A new API token. `secret` is shown once and never stored.
struct NewToken {
  std::string code;    //!< "T-…", public: names the token in lists and the audit chain
  std::string secret;  //!< "ck_" + base64url of 32 random bytes
  std::int64_t expires_at = 0;
};

//! An API token as its owner and administrators see it (no secret, no hash).
struct TokenView {
  std::string code;
  std::string user_code;
  std::string label;
  std::vector<std::string> roles;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> revoked_at;
};

}  // namespace casekeep::accounts
