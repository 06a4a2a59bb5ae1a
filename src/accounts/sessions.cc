// Sessions after login: looking a session token up (with its idle and absolute timeouts), ending
// it, and the CSRF token derived from it. Authenticating reads only, except that the session's
// last use is written at most once per Settings::session_touch_seconds and an expired session
// is deleted when it is presented.
#include "accounts/internal/rows.h"
#include "accounts/internal/secrets.h"
#include "accounts/service.h"

namespace casekeep::accounts {
namespace {

Error NotSignedIn() {
  return Error{ErrorCode::kPermissionDenied, "not signed in, or the session has ended"};
}

Result<crypto::Bytes> SessionHash(const records::Vault& vault, std::string_view token) {
  return internal::KeyedHash(vault.session_key(), internal::HashUse::kSession, token);
}

// Deletes an ended session; a session that is already gone is not an error.
Status DeleteSession(store::Store& store, const crypto::Bytes& hash) {
  CK_ASSIGN_OR_RETURN(auto tx, store.Begin());
  if (auto deleted = tx->DeleteSession(hash); !deleted) {
    if (deleted.error().code == ErrorCode::kNotFound) return {};
    return deleted;
  }
  return tx->Commit();
}

}  // namespace

Result<Identity> AccountsService::Authenticate(std::string_view session_token) {
  if (!internal::LooksLikeSessionToken(session_token)) return std::unexpected(NotSignedIn());
  CK_ASSIGN_OR_RETURN(const crypto::Bytes hash, SessionHash(vault_, session_token));
  std::optional<store::SessionRow> session;
  std::optional<store::UserRow> user;
  {
    CK_ASSIGN_OR_RETURN(auto read, store_.BeginRead());
    CK_ASSIGN_OR_RETURN(session, read->FindSession(hash));
    if (!session) return std::unexpected(NotSignedIn());
    CK_ASSIGN_OR_RETURN(user, read->GetUser(session->user_id));
  }
  const std::int64_t now = Now();
  const bool expired = now >= session->expires_at;
  const bool idle = now - session->last_seen_at >= settings_.session_idle_seconds;
  if (expired || idle || !user || user->disabled) {
    CK_TRY(DeleteSession(store_, hash));
    if (!user || user->disabled) {
      return Fail(ErrorCode::kPermissionDenied, "this account is disabled");
    }
    return Fail(ErrorCode::kPermissionDenied,
                expired ? "the session has reached its time limit; sign in again"
                        : "the session ended after a period without use; sign in again");
  }
  if (now - session->last_seen_at >= settings_.session_touch_seconds) {
    CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
    if (auto touched = tx->TouchSession(hash, now); !touched) {
      // Logged out since the read above.
      if (touched.error().code == ErrorCode::kNotFound) return std::unexpected(NotSignedIn());
      return std::unexpected(touched.error());
    }
    CK_TRY(tx->Commit());
  }
  Identity identity = IdentityOf(*user);
  identity.via = Via::kSession;
  return identity;
}

Status AccountsService::Logout(std::string_view session_token) {
  if (!internal::LooksLikeSessionToken(session_token)) return {};
  CK_ASSIGN_OR_RETURN(const crypto::Bytes hash, SessionHash(vault_, session_token));
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_ASSIGN_OR_RETURN(const std::optional<store::SessionRow> session, tx->FindSession(hash));
  if (!session) return {};
  CK_ASSIGN_OR_RETURN(const std::optional<store::UserRow> user, tx->GetUser(session->user_id));
  CK_TRY(tx->DeleteSession(hash));
  if (user) {
    CK_TRY(internal::Audit(*tx, vault_, Now(), user->code, "auth.logout", {user->code}, "ok"));
  }
  return tx->Commit();
}

Result<std::string> AccountsService::CsrfToken(std::string_view session_token) const {
  CK_ASSIGN_OR_RETURN(
      const crypto::Bytes mac,
      internal::KeyedHash(vault_.session_key(), internal::HashUse::kCsrf, session_token));
  return internal::Base64Url(mac);
}

bool AccountsService::CheckCsrf(std::string_view session_token, std::string_view presented) const {
  if (session_token.empty()) return false;
  const Result<std::string> expected = CsrfToken(session_token);
  return expected &&
         crypto::ConstantTimeEqual(crypto::AsBytes(*expected), crypto::AsBytes(presented));
}

}  // namespace casekeep::accounts
