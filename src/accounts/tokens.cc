// API tokens for scripts: created for a user with some of the user's roles and a lifetime,
// shown once, stored only as a keyed hash, revocable. A token's roles in force shrink when its
// user loses a role, and a disabled user's tokens are revoked.
#include <algorithm>

#include "accounts/internal/lockout.h"
#include "accounts/internal/rows.h"
#include "accounts/internal/secrets.h"
#include "accounts/rules.h"
#include "accounts/service.h"
#include "crypto/codes.h"

namespace casekeep::accounts {
namespace {

constexpr std::int64_t kDaySeconds = 24 * 60 * 60;
constexpr int kCodeAttempts = 8;

Error Refused(std::string message) {
  return Error{ErrorCode::kPermissionDenied, std::move(message)};
}

Result<std::string> NewTokenCode(store::Tx& tx) {
  for (int attempt = 0; attempt < kCodeAttempts; ++attempt) {
    CK_ASSIGN_OR_RETURN(std::string code, crypto::GenerateCode(kTokenCodePrefix));
    CK_ASSIGN_OR_RETURN(const auto existing, tx.FindTokenByCode(code));
    if (!existing) return code;
  }
  return Fail(ErrorCode::kInternal, "could not find an unused token code");
}

TokenView ViewOf(const store::TokenRow& row, const std::string& user_code) {
  return TokenView{row.code,       user_code,      row.label,     row.roles,
                   row.created_at, row.expires_at, row.revoked_at};
}

}  // namespace

Result<NewToken> AccountsService::CreateToken(std::string_view actor, std::string_view user,
                                              std::string_view label,
                                              const std::vector<std::string>& roles,
                                              std::optional<int> lifetime_days) {
  const int days = lifetime_days.value_or(settings_.default_token_days);
  if (days < 1 || days > settings_.max_token_days) {
    return InvalidArgument("an API token may last from 1 to " +
                           std::to_string(settings_.max_token_days) + " days");
  }
  CK_TRY(CheckTokenLabel(label));
  if (roles.empty()) return InvalidArgument("name at least one role for the API token");

  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_ASSIGN_OR_RETURN(const store::UserRow owner, internal::LoadUser(*tx, user));
  if (owner.disabled) return Fail(ErrorCode::kFailedPrecondition, "this account is disabled");
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (std::find(owner.roles.begin(), owner.roles.end(), roles[i]) == owner.roles.end() ||
        policy_.FindRole(roles[i]) == nullptr) {
      return InvalidArgument("'" + roles[i] + "' is not one of the roles of user " + owner.code);
    }
    if (std::count(roles.begin(), roles.end(), roles[i]) > 1) {
      return InvalidArgument("role '" + roles[i] + "' is listed twice");
    }
  }
  const std::int64_t now = Now();
  NewToken created;
  CK_ASSIGN_OR_RETURN(created.secret, internal::NewTokenSecret());
  store::TokenRow row;
  CK_ASSIGN_OR_RETURN(row.code, NewTokenCode(*tx));
  CK_ASSIGN_OR_RETURN(
      row.secret_hash,
      internal::KeyedHash(vault_.session_key(), internal::HashUse::kApiToken, created.secret));
  row.user_id = owner.id;
  row.label = std::string(label);
  row.roles = roles;
  row.created_at = now;
  row.expires_at = now + days * kDaySeconds;
  CK_ASSIGN_OR_RETURN(row.id, tx->InsertToken(row));
  CK_TRY(internal::Audit(*tx, vault_, now, actor, "token.create", {owner.code, row.code}, "ok",
                         "days:" + std::to_string(days)));
  CK_TRY(tx->Commit());
  created.code = row.code;
  created.expires_at = row.expires_at;
  return created;
}

Result<Identity> AccountsService::AuthenticateToken(std::string_view secret) {
  const Error unknown = Refused("unknown API token");
  if (!internal::LooksLikeTokenSecret(secret)) return std::unexpected(unknown);
  CK_ASSIGN_OR_RETURN(
      const crypto::Bytes hash,
      internal::KeyedHash(vault_.session_key(), internal::HashUse::kApiToken, secret));
  std::optional<store::TokenRow> token;
  std::optional<store::UserRow> owner;
  {
    CK_ASSIGN_OR_RETURN(auto read, store_.BeginRead());
    CK_ASSIGN_OR_RETURN(token, read->FindTokenBySecret(hash));
    if (!token) return std::unexpected(unknown);
    CK_ASSIGN_OR_RETURN(owner, read->GetUser(token->user_id));
    if (!owner) return std::unexpected(unknown);
  }
  const std::int64_t now = Now();
  Identity identity = IdentityOf(*owner);
  identity.via = Via::kToken;
  identity.token_code = token->code;
  identity.mfa_pending = false;  // a token is a credential of its own, made by a full session
  identity.roles.clear();
  for (const std::string& role : KnownRoles(token->roles)) {
    if (std::find(owner->roles.begin(), owner->roles.end(), role) != owner->roles.end()) {
      identity.roles.push_back(role);
    }
  }

  std::string detail;
  Error refusal;
  if (token->revoked_at) {
    detail = "revoked";
    refusal = Refused("this API token was revoked on " + internal::UtcText(*token->revoked_at));
  } else if (now >= token->expires_at) {
    detail = "expired";
    refusal = Refused("this API token expired on " + internal::UtcText(token->expires_at));
  } else if (owner->disabled) {
    detail = "disabled";
    refusal = Refused("the API token's account is disabled");
  } else if (identity.roles.empty()) {
    detail = "no-roles";
    refusal = Refused("the API token's user no longer holds any of its roles");
  } else {
    return identity;
  }
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_TRY(internal::Audit(*tx, vault_, now, internal::kAnonymousActor, "auth.token",
                         {owner->code, token->code}, "denied", detail));
  CK_TRY(tx->Commit());
  return std::unexpected(std::move(refusal));
}

Result<std::vector<TokenView>> AccountsService::ListTokens(std::string_view user) {
  CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  CK_ASSIGN_OR_RETURN(const store::UserRow owner, internal::LoadUser(*tx, user));
  CK_ASSIGN_OR_RETURN(const std::vector<store::TokenRow> rows, tx->ListTokens(owner.id));
  std::vector<TokenView> views;
  views.reserve(rows.size());
  for (const store::TokenRow& row : rows) views.push_back(ViewOf(row, owner.code));
  return views;
}

Status AccountsService::RevokeToken(std::string_view actor, std::string_view token_code) {
  CK_ASSIGN_OR_RETURN(const std::string code, crypto::ParseCode(token_code, kTokenCodePrefix));
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_ASSIGN_OR_RETURN(const std::optional<store::TokenRow> token, tx->FindTokenByCode(code));
  if (!token) return NotFound("no API token has the code " + code);
  if (token->revoked_at) {
    return Fail(ErrorCode::kFailedPrecondition, "API token " + code + " was already revoked on " +
                                                    internal::UtcText(*token->revoked_at));
  }
  CK_ASSIGN_OR_RETURN(const std::optional<store::UserRow> owner, tx->GetUser(token->user_id));
  const std::int64_t now = Now();
  CK_TRY(tx->RevokeToken(token->id, now));
  std::vector<std::string> objects;
  if (owner) objects.push_back(owner->code);
  objects.push_back(code);
  CK_TRY(internal::Audit(*tx, vault_, now, actor, "token.revoke", std::move(objects), "ok"));
  return tx->Commit();
}

}  // namespace casekeep::accounts
