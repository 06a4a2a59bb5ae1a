// What every API route shares: the services it calls, how a request proves who it is (session
// cookie with CSRF token, or bearer API token), the purpose and break-glass reason it declares,
// strict JSON bodies, and the mapping from casekeep errors to RFC 9457 problems. Routes are
// written as `Result<http::Response>(const Call&)` and wrapped by Authed or Public.
// Thread-safety: Api is shared by every I/O thread; everything in it is thread-safe.
#pragma once

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "accounts/service.h"
#include "base/error.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"
#include "records/data_folder.h"

namespace casekeep::api {

inline constexpr std::string_view kSessionCookie = "casekeep_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
inline constexpr std::string_view kPurposeHeader = "X-Purpose";
inline constexpr std::string_view kBreakGlassHeader = "X-Break-Glass-Reason";
//! Longest break-glass reason, in bytes.
inline constexpr std::size_t kMaxBreakGlassReason = 1000;

//! The services the routes use; all must outlive the server.
struct Api {
  records::DataFolder& folder;
  accounts::AccountsService& accounts;
  http::Metrics& metrics;
  const Clock& clock;
};

//! The request being served, with who is asking.
struct Call {
  const http::Request& request;
  const http::PathParams& params;
  accounts::Identity identity;
  records::Actor actor;       //!< principal, purpose and break-glass reason from the request
  std::string session_token;  //!< empty when the request used an API token

  //! The path parameter `name` (the router guarantees it exists).
  const std::string& Param(std::string_view name) const;
};

using RouteFn = std::function<Result<http::Response>(const Call&)>;
using PublicFn =
    std::function<Result<http::Response>(const http::Request&, const http::PathParams&)>;

struct RouteOptions {
  //! May be used by a session whose second factor is not yet enrolled (enrolment, logout).
  bool allow_mfa_pending = false;
};

//! A route for signed-in staff: authenticates (401), refuses sessions that still have to enrol
//! a second factor (403), checks the CSRF token of cookie sessions on unsafe methods (403),
//! refuses query parameters other than purpose on unsafe methods (400), then runs `fn` and
//! turns its error into a problem.
http::Router::RouteHandler Authed(Api& api, RouteFn fn, RouteOptions options = {});
//! A route for signed-in staff served by `fn(api, call)`, added to `router` (see Authed).
using ApiFn = Result<http::Response> (*)(Api&, const Call&);
[[nodiscard]] Status Route(Api& api, http::Router& router, std::string_view method,
                           std::string_view pattern, ApiFn fn, RouteOptions options = {});

//! A route anyone may call; errors become problems.
http::Router::RouteHandler Public(PublicFn fn);

//! The problem response for a casekeep error (never echoing internal detail for 5xx).
http::Response ProblemFor(const Error& error);

//! One member of a JSON body.
enum class JsonType { kString, kInteger, kBoolean, kObject, kStringArray };
struct Member {
  std::string_view name;
  JsonType type;
  bool required = false;
};

//! The request body as a JSON object holding only `members`, of their types. Fails with
//! kInvalidArgument naming the problem: not JSON, not an object, a wrong Content-Type, an
//! unknown member, a member of the wrong type, a missing required member.
[[nodiscard]] Result<nlohmann::json> ParseBody(const http::Request& request,
                                               std::initializer_list<Member> members);

//! The string member `name` of a body ParseBody checked, or empty when absent.
std::string Text(const nlohmann::json& body, std::string_view name);

//! The query parameter `name` as an integer in [min, max], or `fallback` when absent.
[[nodiscard]] Result<std::int64_t> QueryInt(const http::Request& request, std::string_view name,
                                            std::int64_t fallback, std::int64_t min,
                                            std::int64_t max);
//! The query parameter `name`, or empty.
std::string QueryString(const http::Request& request, std::string_view name);

//! Refuses query parameters other than `allowed` (kInvalidArgument naming the first).
[[nodiscard]] Status OnlyQuery(const http::Request& request,
                               std::initializer_list<std::string_view> allowed);

//! Fails with kPermissionDenied (audited through the records service) unless the caller holds
//! `capability`.
[[nodiscard]] Status Require(Api& api, const Call& call, policy::Capability capability,
                             std::string_view action);

// Route registration, one function per file.
[[nodiscard]] Status AddSystemRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddAuthRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddPeopleRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddRecordRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddAdminRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddConsentRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddMarketingRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddRetentionRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddAccessPackRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddReportRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddRequestRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddErasureRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddAnonymiseRoutes(Api& api, http::Router& router);
[[nodiscard]] Status AddDisclosureRoutes(Api& api, http::Router& router);

}  // namespace casekeep::api
