// Administering staff accounts: creating them, disabling and enabling, password resets, roles,
// teams and second-factor resets. Each change is one transaction with its audit entry.
#include <algorithm>

#include "accounts/internal/rows.h"
#include "accounts/rules.h"
#include "accounts/service.h"
#include "crypto/codes.h"
#include "crypto/password.h"

namespace casekeep::accounts {
namespace {

constexpr int kCodeAttempts = 8;

bool Holds(const std::vector<std::string>& roles, std::string_view role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// kInvalidArgument naming `role` and the roles the policy does define.
Status CheckRole(const policy::Policy& policy, std::string_view role) {
  if (policy.FindRole(role) != nullptr) return {};
  std::string known;
  for (const policy::Role& r : policy.roles) known += (known.empty() ? "" : ", ") + r.id;
  return InvalidArgument("unknown role '" + std::string(role) + "'; the policy defines: " + known);
}

// A user code no account has yet.
Result<std::string> NewUserCode(store::Tx& tx) {
  for (int attempt = 0; attempt < kCodeAttempts; ++attempt) {
    CK_ASSIGN_OR_RETURN(std::string code, crypto::GenerateCode(kUserCodePrefix));
    CK_ASSIGN_OR_RETURN(const auto existing, tx.FindUserByCode(code));
    if (!existing) return code;
  }
  return Fail(ErrorCode::kInternal, "could not find an unused user code");
}

// Ends the user's sessions and revokes their live tokens; the audit detail counting them.
Result<std::string> EndAccess(store::Tx& tx, std::int64_t user_id, std::int64_t now,
                              bool revoke_tokens) {
  CK_ASSIGN_OR_RETURN(const std::int64_t sessions, tx.DeleteUserSessions(user_id));
  std::string detail = "sessions-ended:" + std::to_string(sessions);
  if (!revoke_tokens) return detail;
  std::int64_t revoked = 0;
  CK_ASSIGN_OR_RETURN(const std::vector<store::TokenRow> tokens, tx.ListTokens(user_id));
  for (const store::TokenRow& token : tokens) {
    if (token.revoked_at) continue;
    CK_TRY(tx.RevokeToken(token.id, now));
    ++revoked;
  }
  return detail + " tokens-revoked:" + std::to_string(revoked);
}

}  // namespace

Result<UserView> AccountsService::AddUser(std::string_view actor, const NewUser& user) {
  CK_TRY(CheckUsername(user.username));
  CK_TRY(CheckDisplayName(user.display_name));
  CK_TRY(CheckTeam(user.team));
  for (std::size_t i = 0; i < user.roles.size(); ++i) {
    CK_TRY(CheckRole(policy_, user.roles[i]));
    if (std::find(user.roles.begin(), user.roles.begin() + static_cast<std::ptrdiff_t>(i),
                  user.roles[i]) != user.roles.begin() + static_cast<std::ptrdiff_t>(i)) {
      return InvalidArgument("role '" + user.roles[i] + "' is listed twice");
    }
  }
  CK_TRY(CheckPassword(user.password, user.username));
  CK_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(user.password));

  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_ASSIGN_OR_RETURN(const auto taken, tx->FindUserByName(user.username));
  if (taken) {
    return Fail(ErrorCode::kAlreadyExists, "the username '" + user.username + "' is taken");
  }
  const std::int64_t now = Now();
  store::UserRow row;
  CK_ASSIGN_OR_RETURN(row.code, NewUserCode(*tx));
  row.username = user.username;
  row.display_name = user.display_name;
  row.team = user.team;
  row.roles = user.roles;
  row.password_hash = std::move(hash);
  row.created_at = now;
  row.updated_at = now;
  CK_ASSIGN_OR_RETURN(row.id, tx->InsertUser(row));
  CK_TRY(internal::Audit(*tx, vault_, now, actor, "user.create", {row.code}, "ok"));
  CK_TRY(tx->Commit());
  return View(row);
}

Status AccountsService::DisableUser(std::string_view actor, std::string_view user) {
  return ChangeUser(actor, user, "user.disable", [&](store::Tx& tx, store::UserRow& row) {
    if (row.disabled) {
      return Result<std::string>(
          Fail(ErrorCode::kFailedPrecondition, "user " + row.code + " is already disabled"));
    }
    row.disabled = true;
    return EndAccess(tx, row.id, Now(), /*revoke_tokens=*/true);
  });
}

Status AccountsService::EnableUser(std::string_view actor, std::string_view user) {
  return ChangeUser(actor, user, "user.enable", [&](store::Tx&, store::UserRow& row) {
    if (!row.disabled) {
      return Result<std::string>(
          Fail(ErrorCode::kFailedPrecondition, "user " + row.code + " is not disabled"));
    }
    row.disabled = false;
    return Result<std::string>();
  });
}

Status AccountsService::ResetPassword(std::string_view actor, std::string_view user,
                                      std::string_view new_password) {
  // Checked and hashed before the transaction: Argon2id must not hold up other writers.
  std::string username;
  {
    CK_ASSIGN_OR_RETURN(auto read, store_.BeginRead());
    CK_ASSIGN_OR_RETURN(const store::UserRow row, internal::LoadUser(*read, user));
    username = row.username;
  }
  CK_TRY(CheckPassword(new_password, username));
  CK_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(new_password));
  return ChangeUser(actor, user, "user.password-reset", [&](store::Tx& tx, store::UserRow& row) {
    row.password_hash = hash;
    row.failed_logins = 0;
    row.locked_until.reset();
    return EndAccess(tx, row.id, Now(), /*revoke_tokens=*/false);
  });
}

Status AccountsService::AddRole(std::string_view actor, std::string_view user,
                                std::string_view role) {
  CK_TRY(CheckRole(policy_, role));
  return ChangeUser(actor, user, "user.role-add", [&](store::Tx&, store::UserRow& row) {
    if (Holds(row.roles, role)) {
      return Result<std::string>(
          Fail(ErrorCode::kAlreadyExists,
               "user " + row.code + " already has the role " + std::string(role)));
    }
    row.roles.emplace_back(role);
    return Result<std::string>("role:" + std::string(role));
  });
}

Status AccountsService::RemoveRole(std::string_view actor, std::string_view user,
                                   std::string_view role) {
  return ChangeUser(actor, user, "user.role-remove", [&](store::Tx&, store::UserRow& row) {
    if (!Holds(row.roles, role)) {
      return Result<std::string>(
          NotFound("user " + row.code + " does not have the role " + std::string(role)));
    }
    std::erase(row.roles, role);
    return Result<std::string>("role:" + std::string(role));
  });
}

Status AccountsService::SetTeam(std::string_view actor, std::string_view user,
                                std::string_view team) {
  CK_TRY(CheckTeam(team));
  return ChangeUser(actor, user, "user.team-set", [&](store::Tx&, store::UserRow& row) {
    row.team = std::string(team);
    return Result<std::string>(team.empty() ? std::string("team:none")
                                            : "team:" + std::string(team));
  });
}

Status AccountsService::ResetSecondFactor(std::string_view actor, std::string_view user) {
  return ChangeUser(actor, user, "user.mfa-reset", [&](store::Tx& tx, store::UserRow& row) {
    row.totp_secret.clear();
    row.totp_confirmed = false;
    row.totp_last_step.reset();
    row.recovery_hashes.clear();
    return EndAccess(tx, row.id, Now(), /*revoke_tokens=*/false);
  });
}

}  // namespace casekeep::accounts
