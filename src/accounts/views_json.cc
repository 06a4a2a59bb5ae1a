#include "accounts/views_json.h"

namespace casekeep::accounts {

nlohmann::json ToJson(const UserView& u) {
  nlohmann::json j{{"code", u.code},
                   {"username", u.username},
                   {"display_name", u.display_name},
                   {"team", u.team},
                   {"roles", u.roles},
                   {"disabled", u.disabled},
                   {"mfa_enrolled", u.mfa_enrolled},
                   {"mfa_required", u.mfa_required},
                   {"recovery_codes_left", u.recovery_codes_left},
                   {"failed_logins", u.failed_logins},
                   {"created_at", u.created_at}};
  if (u.locked_until) j["locked_until"] = *u.locked_until;
  return j;
}

nlohmann::json ToJson(const TokenView& t) {
  nlohmann::json j{{"code", t.code},   {"user", t.user_code},        {"label", t.label},
                   {"roles", t.roles}, {"created_at", t.created_at}, {"expires_at", t.expires_at}};
  if (t.revoked_at) j["revoked_at"] = *t.revoked_at;
  return j;
}

}  // namespace casekeep::accounts
