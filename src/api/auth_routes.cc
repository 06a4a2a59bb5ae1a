// Signing in and out, enrolling a second factor, and whoami.
#include "access/decision.h"
#include "api/context.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

std::string SessionCookie(std::string_view value, std::int64_t max_age) {
  return std::string(kSessionCookie) + "=" + std::string(value) +
         "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

Result<http::Response> Login(Api& api, const http::Request& request) {
  CK_TRY(OnlyQuery(request, {}));
  CK_ASSIGN_OR_RETURN(json body, ParseBody(request, {{"username", JsonType::kString, true},
                                                     {"password", JsonType::kString, true},
                                                     {"code", JsonType::kString}}));
  auto session = api.accounts.Login(Text(body, "username"), Text(body, "password"),
                                    Text(body, "code"), request.remote_address);
  if (!session) {
    const Error& e = session.error();
    if (e.code == ErrorCode::kFailedPrecondition) {
      http::Problem p{401,           "", e.message,
                      "about:blank", "", json{{"second_factor_required", true}}};
      return http::ProblemResponse(p);
    }
    if (e.code == ErrorCode::kPermissionDenied) return http::ProblemResponse(401, e.message);
    return std::unexpected(e);
  }
  const std::int64_t max_age =
      std::max<std::int64_t>(0, session->expires_at - api.clock.NowUnixSeconds());
  http::Response r =
      http::JsonResponse(200, json{{"user", session->user_code},
                                   {"csrf_token", session->csrf_token},
                                   {"expires_at", session->expires_at},
                                   {"mfa_pending_enrolment", session->mfa_pending_enrolment}});
  r.headers.Add("Set-Cookie", SessionCookie(session->token, max_age));
  return r;
}

Result<http::Response> Logout(Api& api, const Call& call) {
  if (!call.session_token.empty()) CK_TRY(api.accounts.Logout(call.session_token));
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  r.headers.Add("Set-Cookie", SessionCookie("", 0));
  return r;
}

Result<http::Response> WhoAmI(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  const auto& id = call.identity;
  json capabilities = json::array();
  for (auto c : {policy::Capability::kManageUsers, policy::Capability::kManagePolicy,
                 policy::Capability::kManageRequests, policy::Capability::kApproveDisposal,
                 policy::Capability::kManageHolds, policy::Capability::kViewAudit,
                 policy::Capability::kManageBreaches, policy::Capability::kRunReports,
                 policy::Capability::kApproveDisclosures, policy::Capability::kReviewBreakGlass}) {
    if (access::HasCapability(api.folder.policy(), call.actor.principal, c)) {
      capabilities.push_back(policy::CapabilityName(c));
    }
  }
  json out{{"code", id.code},
           {"username", id.username},
           {"display_name", id.display_name},
           {"team", id.team},
           {"roles", id.roles},
           {"capabilities", capabilities},
           {"via", id.via == accounts::Via::kToken ? "token" : "session"},
           {"mfa_pending_enrolment", id.mfa_pending}};
  if (id.via == accounts::Via::kToken) out["token"] = id.token_code;
  if (!call.session_token.empty()) {
    CK_ASSIGN_OR_RETURN(std::string csrf, api.accounts.CsrfToken(call.session_token));
    out["csrf_token"] = csrf;
  }
  return http::JsonResponse(200, out);
}

Result<http::Response> BeginTotp(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(auto e, api.accounts.BeginTotpEnrolment(call.identity.code));
  return http::JsonResponse(200, json{{"secret", e.secret_base32}, {"uri", e.uri}});
}

Result<http::Response> ConfirmTotp(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"code", JsonType::kString, true}}));
  CK_ASSIGN_OR_RETURN(auto codes, api.accounts.ConfirmTotp(call.identity.code, Text(body, "code")));
  // The session was limited to enrolment; the user signs in again with the new factor.
  if (call.identity.mfa_pending && !call.session_token.empty()) {
    CK_TRY(api.accounts.Logout(call.session_token));
  }
  return http::JsonResponse(
      200, json{{"recovery_codes", codes}, {"signed_out", call.identity.mfa_pending}});
}

}  // namespace

Status AddAuthRoutes(Api& api, http::Router& router) {
  CK_TRY(router.Add(
      "POST", "/api/v1/auth/login",
      Public([&api](const http::Request& r, const http::PathParams&) { return Login(api, r); })));
  const RouteOptions pending{.allow_mfa_pending = true};
  CK_TRY(Route(api, router, "POST", "/api/v1/auth/logout", Logout, pending));
  CK_TRY(Route(api, router, "GET", "/api/v1/whoami", WhoAmI, pending));
  CK_TRY(Route(api, router, "POST", "/api/v1/auth/totp/begin", BeginTotp, pending));
  CK_TRY(Route(api, router, "POST", "/api/v1/auth/totp/confirm", ConfirmTotp, pending));
  return {};
}

}  // namespace casekeep::api
