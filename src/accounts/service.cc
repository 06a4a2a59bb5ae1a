// The accounts service's shared pieces: construction, looking users up, views, identities and
// the one path by which an administrator's change to a user is stored and audited.
#include "accounts/service.h"

#include <algorithm>

#include "access/decision.h"
#include "accounts/internal/lockout.h"
#include "accounts/internal/rows.h"
#include "crypto/password.h"
#include "crypto/random.h"

namespace casekeep::accounts {

AccountsService::AccountsService(const policy::Policy& policy, store::Store& store,
                                 records::Vault& vault, const Clock& clock, Settings settings)
    : policy_(policy),
      store_(store),
      vault_(vault),
      clock_(clock),
      settings_(internal::Clamped(std::move(settings))),
      throttle_(std::make_unique<internal::RemoteThrottle>(settings_.remote_failure_limit,
                                                           settings_.remote_window_seconds)) {}

AccountsService::~AccountsService() = default;

bool AccountsService::RolesNeedMfa(const std::vector<std::string>& roles) const {
  access::Principal holder;
  holder.roles = roles;
  return access::NeedsSecondFactor(policy_, holder);
}

std::vector<std::string> AccountsService::KnownRoles(const std::vector<std::string>& roles) const {
  std::vector<std::string> known;
  for (const std::string& id : roles) {
    if (policy_.FindRole(id) != nullptr) known.push_back(id);
  }
  return known;
}

UserView AccountsService::View(const store::UserRow& row) const {
  UserView v;
  v.code = row.code;
  v.username = row.username;
  v.display_name = row.display_name;
  v.team = row.team;
  v.roles = row.roles;
  v.disabled = row.disabled;
  v.mfa_enrolled = row.totp_confirmed;
  v.mfa_required = row.totp_confirmed || RolesNeedMfa(row.roles);
  v.recovery_codes_left = row.recovery_hashes.size();
  v.failed_logins = row.failed_logins;
  if (row.locked_until && *row.locked_until > Now()) v.locked_until = row.locked_until;
  v.created_at = row.created_at;
  return v;
}

Identity AccountsService::IdentityOf(const store::UserRow& row) const {
  Identity id;
  id.user_id = row.id;
  id.code = row.code;
  id.username = row.username;
  id.display_name = row.display_name;
  id.team = row.team;
  id.mfa_pending = !row.totp_confirmed && RolesNeedMfa(row.roles);
  if (!id.mfa_pending) id.roles = KnownRoles(row.roles);
  return id;
}

Result<std::string> AccountsService::DummyHash() {
  std::call_once(dummy_once_, [this] {
    const Result<crypto::Bytes> random = crypto::RandomBytes(32);
    dummy_hash_ = random ? crypto::HashPassword(crypto::ToHex(*random))
                         : Result<std::string>(std::unexpected(random.error()));
  });
  return dummy_hash_;
}

Status AccountsService::ChangeUser(std::string_view actor, std::string_view user,
                                   std::string_view action, const Change& change) {
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  CK_ASSIGN_OR_RETURN(store::UserRow row, internal::LoadUser(*tx, user));
  CK_ASSIGN_OR_RETURN(std::string detail, change(*tx, row));
  internal::NextVersion(row, Now());
  CK_TRY(tx->UpdateUser(row));
  CK_TRY(internal::Audit(*tx, vault_, Now(), actor, action, {row.code}, "ok", std::move(detail)));
  return tx->Commit();
}

Result<UserView> AccountsService::GetUser(std::string_view user) {
  CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  CK_ASSIGN_OR_RETURN(const store::UserRow row, internal::LoadUser(*tx, user));
  return View(row);
}

Result<std::vector<UserView>> AccountsService::ListUsers() {
  CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  CK_ASSIGN_OR_RETURN(const std::vector<store::UserRow> rows, tx->ListUsers());
  std::vector<UserView> views;
  views.reserve(rows.size());
  for (const store::UserRow& row : rows) views.push_back(View(row));
  return views;
}

}  // namespace casekeep::accounts
