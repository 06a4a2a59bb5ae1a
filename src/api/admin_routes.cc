// Staff accounts and API tokens (user managers; staff for their own tokens) and the audit trail
// (view_audit; break-glass review).
#include <algorithm>

#include "accounts/views_json.h"
#include "api/context.h"
#include "audit/verify.h"
#include "crypto/bytes.h"

namespace casekeep::api {
namespace {

using nlohmann::json;
using policy::Capability;

http::Response NoContent() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

bool IsSelf(const Call& call, std::string_view user) {
  return user == call.identity.code || user == call.identity.username;
}

Status RequireUsers(Api& api, const Call& call, std::string_view action) {
  return Require(api, call, Capability::kManageUsers, action);
}

Result<http::Response> ListUsers(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_TRY(RequireUsers(api, call, "user.list"));
  CK_ASSIGN_OR_RETURN(auto users, api.accounts.ListUsers());
  json items = json::array();
  for (const auto& u : users) items.push_back(accounts::ToJson(u));
  return http::JsonResponse(200, json{{"items", items}});
}

Result<http::Response> CreateUser(Api& api, const Call& call) {
  CK_TRY(RequireUsers(api, call, "user.create"));
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"username", JsonType::kString, true},
                                                          {"display_name", JsonType::kString},
                                                          {"team", JsonType::kString},
                                                          {"roles", JsonType::kStringArray, true},
                                                          {"password", JsonType::kString, true}}));
  accounts::NewUser u;
  u.username = Text(body, "username");
  u.display_name = Text(body, "display_name");
  u.team = Text(body, "team");
  u.roles = body["roles"].get<std::vector<std::string>>();
  u.password = Text(body, "password");
  CK_ASSIGN_OR_RETURN(auto view, api.accounts.AddUser(call.actor.code, u));
  return http::JsonResponse(201, accounts::ToJson(view));
}

Result<http::Response> GetUser(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  if (!IsSelf(call, call.Param("user"))) CK_TRY(RequireUsers(api, call, "user.read"));
  CK_ASSIGN_OR_RETURN(auto view, api.accounts.GetUser(call.Param("user")));
  return http::JsonResponse(200, accounts::ToJson(view));
}

Result<http::Response> ChangeUser(Api& api, const Call& call) {
  const std::string& what = call.Param("change");
  CK_TRY(RequireUsers(api, call, "user.change"));
  const std::string& user = call.Param("user");
  if (what == "disable") {
    CK_TRY(api.accounts.DisableUser(call.actor.code, user));
  } else if (what == "enable") {
    CK_TRY(api.accounts.EnableUser(call.actor.code, user));
  } else if (what == "reset-second-factor") {
    CK_TRY(api.accounts.ResetSecondFactor(call.actor.code, user));
  } else if (what == "reset-password") {
    CK_ASSIGN_OR_RETURN(json body,
                        ParseBody(call.request, {{"password", JsonType::kString, true}}));
    CK_TRY(api.accounts.ResetPassword(call.actor.code, user, Text(body, "password")));
  } else if (what == "add-role" || what == "remove-role") {
    CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"role", JsonType::kString, true}}));
    if (what == "add-role") {
      CK_TRY(api.accounts.AddRole(call.actor.code, user, Text(body, "role")));
    } else {
      CK_TRY(api.accounts.RemoveRole(call.actor.code, user, Text(body, "role")));
    }
  } else if (what == "set-team") {
    CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"team", JsonType::kString, true}}));
    CK_TRY(api.accounts.SetTeam(call.actor.code, user, Text(body, "team")));
  } else {
    return NotFound("no such change '" + what +
                    "': use disable, enable, reset-password, reset-second-factor, add-role, "
                    "remove-role or set-team");
  }
  CK_ASSIGN_OR_RETURN(auto view, api.accounts.GetUser(user));
  return http::JsonResponse(200, accounts::ToJson(view));
}

Result<http::Response> ListTokens(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  if (!IsSelf(call, call.Param("user"))) CK_TRY(RequireUsers(api, call, "token.list"));
  CK_ASSIGN_OR_RETURN(auto tokens, api.accounts.ListTokens(call.Param("user")));
  json items = json::array();
  for (const auto& t : tokens) items.push_back(accounts::ToJson(t));
  return http::JsonResponse(200, json{{"items", items}});
}

Result<http::Response> CreateToken(Api& api, const Call& call) {
  // Only for oneself: a token for someone else would hand their access to whoever made it.
  // (The operator at the command line can make one for a script's account.)
  if (!IsSelf(call, call.Param("user"))) {
    return Fail(ErrorCode::kPermissionDenied,
                "you may create API tokens only for yourself; ask the operator to create one "
                "for another account with 'casekeep user token'");
  }
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"label", JsonType::kString, true},
                                                          {"roles", JsonType::kStringArray, true},
                                                          {"lifetime_days", JsonType::kInteger}}));
  std::optional<int> days;
  if (body.contains("lifetime_days")) {
    // The accounts service checks the range; this only keeps the value an int.
    days = static_cast<int>(
        std::clamp<std::int64_t>(body["lifetime_days"].get<std::int64_t>(), -1, 100'000));
  }
  CK_ASSIGN_OR_RETURN(
      auto t, api.accounts.CreateToken(call.actor.code, call.Param("user"), Text(body, "label"),
                                       body["roles"].get<std::vector<std::string>>(), days));
  return http::JsonResponse(
      201, json{{"code", t.code}, {"secret", t.secret}, {"expires_at", t.expires_at}});
}

Result<http::Response> RevokeToken(Api& api, const Call& call) {
  const std::string& code = call.Param("code");
  bool own = false;
  CK_ASSIGN_OR_RETURN(auto mine, api.accounts.ListTokens(call.identity.code));
  for (const auto& t : mine) own = own || t.code == code;
  if (!own) CK_TRY(RequireUsers(api, call, "token.revoke"));
  CK_TRY(api.accounts.RevokeToken(call.actor.code, code));
  return NoContent();
}

json AuditJson(const store::AuditRow& row) {
  return json{
      {"seq", row.seq},         {"at_micros", row.at_micros}, {"actor", row.actor},
      {"action", row.action},   {"objects", row.objects},     {"purpose", row.purpose},
      {"outcome", row.outcome}, {"detail", row.detail},       {"hash", crypto::ToHex(row.hash)}};
}

Result<http::Response> AuditTrail(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"after", "limit"}));
  CK_ASSIGN_OR_RETURN(auto after, QueryInt(call.request, "after", 0, 0, INT64_MAX));
  CK_ASSIGN_OR_RETURN(auto limit, QueryInt(call.request, "limit", 100, 1, 1000));
  CK_ASSIGN_OR_RETURN(auto rows, api.folder.records().ReadAudit(call.actor, after, limit));
  json items = json::array();
  for (const auto& r : rows) items.push_back(AuditJson(r));
  json next = rows.empty() ? json() : json(rows.back().seq);
  return http::JsonResponse(200, json{{"items", items}, {"next_after", next}});
}

Result<http::Response> BreakGlass(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"after", "limit", "unreviewed"}));
  CK_ASSIGN_OR_RETURN(auto after, QueryInt(call.request, "after", 0, 0, INT64_MAX));
  CK_ASSIGN_OR_RETURN(auto limit, QueryInt(call.request, "limit", 100, 1, 1000));
  CK_ASSIGN_OR_RETURN(auto unreviewed, QueryInt(call.request, "unreviewed", 0, 0, 1));
  CK_ASSIGN_OR_RETURN(
      auto rows, api.folder.records().ListBreakGlass(call.actor, after, limit, unreviewed == 1));
  json items = json::array();
  for (const auto& r : rows) {
    json j{{"id", r.id},           {"at", r.at},           {"actor", r.actor},
           {"objects", r.objects}, {"purpose", r.purpose}, {"reason", r.reason}};
    if (r.reviewed_at) {
      j["reviewed_at"] = *r.reviewed_at;
      j["reviewed_by"] = r.reviewed_by;
    }
    items.push_back(j);
  }
  json next = rows.empty() ? json() : json(rows.back().id);
  return http::JsonResponse(200, json{{"items", items}, {"next_after", next}});
}

Result<http::Response> ReviewBreakGlass(Api& api, const Call& call) {
  std::int64_t id = 0;
  for (char c : call.Param("id")) {
    if (c < '0' || c > '9' || id > 1'000'000'000'000) return NotFound("no such break-glass access");
    id = id * 10 + (c - '0');
  }
  CK_TRY(api.folder.records().ReviewBreakGlass(call.actor, id));
  return NoContent();
}

Result<http::Response> VerifyAudit(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_TRY(Require(api, call, Capability::kViewAudit, "audit.verify"));
  CK_ASSIGN_OR_RETURN(
      auto report,
      audit::Verify(api.folder.store(), &api.folder.vault().audit_key(), std::nullopt, {}));
  json out{{"ok", report.ok},
           {"entries", report.entries},
           {"head", audit::FormatHead(audit::Head{report.head_seq, report.head_hash})}};
  if (!report.ok) {
    out["first_bad_seq"] = report.first_bad_seq.value_or(0);
    out["problem"] = report.problem;
  }
  return http::JsonResponse(200, out);
}

}  // namespace

Status AddAdminRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "GET", "/api/v1/users", ListUsers));
  CK_TRY(Route(api, router, "POST", "/api/v1/users", CreateUser));
  CK_TRY(Route(api, router, "GET", "/api/v1/users/{user}", GetUser));
  CK_TRY(Route(api, router, "POST", "/api/v1/users/{user}/{change}", ChangeUser));
  CK_TRY(Route(api, router, "GET", "/api/v1/users/{user}/tokens", ListTokens));
  CK_TRY(Route(api, router, "POST", "/api/v1/users/{user}/tokens", CreateToken));
  CK_TRY(Route(api, router, "DELETE", "/api/v1/tokens/{code}", RevokeToken));
  CK_TRY(Route(api, router, "GET", "/api/v1/audit", AuditTrail));
  CK_TRY(Route(api, router, "GET", "/api/v1/audit/break-glass", BreakGlass));
  CK_TRY(Route(api, router, "POST", "/api/v1/audit/break-glass/{id}/review", ReviewBreakGlass));
  CK_TRY(Route(api, router, "GET", "/api/v1/audit/verify", VerifyAudit));
  return {};
}

}  // namespace casekeep::api
