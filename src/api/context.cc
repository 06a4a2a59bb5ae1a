#include "api/context.h"

#include <charconv>
#include <exception>

#include "audit/event.h"

namespace casekeep::api {
namespace {

bool UnsafeMethod(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The value of cookie `name` in the Cookie header, or empty.
std::string CookieValue(const http::Request& request, std::string_view name) {
  for (std::string_view header : request.headers.GetAll("Cookie")) {
    while (!header.empty()) {
      const std::size_t semi = header.find(';');
      std::string_view pair = header.substr(0, semi);
      header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        return std::string(pair.substr(eq + 1));
      }
    }
  }
  return {};
}

http::Response Unauthorised(std::string detail) {
  http::Response r = http::ProblemResponse(401, std::move(detail));
  r.headers.Set("WWW-Authenticate", "Bearer realm=\"casekeep\"");
  return r;
}

// A failed authentication: 401 when the credentials were refused, the store's own problem
// otherwise (503 while the database is unreachable), so that a client is never told its session
// or token has ended because the store could not be read.
Result<http::Response> NotAuthenticated(const Error& error) {
  if (error.code == ErrorCode::kPermissionDenied) return Unauthorised(error.message);
  return std::unexpected(error);
}

// A break-glass reason is printable text on one line.
bool PrintableLine(std::string_view text) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

const char* TypeName(JsonType t) {
  switch (t) {
    case JsonType::kString: return "a string";
    case JsonType::kInteger: return "an integer";
    case JsonType::kBoolean: return "true or false";
    case JsonType::kObject: return "an object";
    case JsonType::kStringArray: return "a list of strings";
  }
  return "a value";
}

bool HasType(const nlohmann::json& v, JsonType t) {
  switch (t) {
    case JsonType::kString: return v.is_string();
    case JsonType::kInteger: return v.is_number_integer();
    case JsonType::kBoolean: return v.is_boolean();
    case JsonType::kObject: return v.is_object();
    case JsonType::kStringArray:
      if (!v.is_array()) return false;
      for (const auto& e : v) {
        if (!e.is_string()) return false;
      }
      return true;
  }
  return false;
}

// Deepest nesting of arrays and objects a body may have. Parsed JSON is copied and destroyed
// recursively, so a body of a million '[' would exhaust a server thread's stack.
constexpr int kMaxJsonDepth = 32;

// Whether `text` nests arrays and objects deeper than kMaxJsonDepth (strings skipped).
bool TooDeep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

http::Response Run(const std::function<Result<http::Response>()>& fn) {
  try {
    auto r = fn();
    if (!r) return ProblemFor(r.error());
    return std::move(*r);
  } catch (const std::exception&) {
    return ProblemFor(Error{ErrorCode::kInternal, "unexpected exception"});
  }
}

}  // namespace

const std::string& Call::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

http::Response ProblemFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument: return http::ProblemResponse(400, error.message);
    case ErrorCode::kNotFound: return http::ProblemResponse(404, error.message);
    case ErrorCode::kPermissionDenied: return http::ProblemResponse(403, error.message);
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kConflict: return http::ProblemResponse(409, error.message);
    case ErrorCode::kUnavailable: {
      http::Response r = http::ProblemResponse(503, "the store is busy; try again");
      r.headers.Set("Retry-After", "1");
      return r;
    }
    case ErrorCode::kDataLoss:
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
    default: return http::ProblemResponse(500, "the server could not complete the request");
  }
}

http::Router::RouteHandler Public(PublicFn fn) {
  return [fn = std::move(fn)](const http::Request& req, const http::PathParams& params) {
    return Run([&] { return fn(req, params); });
  };
}

http::Router::RouteHandler Authed(Api& api, RouteFn fn, RouteOptions options) {
  return [&api, fn = std::move(fn), options](const http::Request& req,
                                             const http::PathParams& params) -> http::Response {
    return Run([&]() -> Result<http::Response> {
      std::optional<accounts::Identity> identity;
      std::string session;
      if (auto auth = req.headers.Get("Authorization")) {
        constexpr std::string_view kBearer = "Bearer ";
        // The scheme is case-insensitive (RFC 9110 11.1).
        if (auth->size() <= kBearer.size() ||
            !http::EqualsIgnoreCase(auth->substr(0, kBearer.size()), kBearer)) {
          return Unauthorised("use 'Authorization: Bearer <API token>' or sign in");
        }
        auto who = api.accounts.AuthenticateToken(auth->substr(kBearer.size()));
        if (!who) return NotAuthenticated(who.error());
        identity = std::move(*who);
      } else {
        session = CookieValue(req, kSessionCookie);
        if (session.empty()) return Unauthorised("sign in first");
        auto who = api.accounts.Authenticate(session);
        if (!who) return NotAuthenticated(who.error());
        identity = std::move(*who);
        if (UnsafeMethod(req.method)) {
          auto csrf = req.headers.Get(kCsrfHeader);
          if (!csrf || !api.accounts.CheckCsrf(session, *csrf)) {
            return http::ProblemResponse(
                403, "missing or wrong " + std::string(kCsrfHeader) + " header");
          }
        }
      }
      if (identity->mfa_pending && !options.allow_mfa_pending) {
        return http::ProblemResponse(403, "enrol a second factor before doing anything else");
      }
      // Write routes take everything in the body; a query parameter other than the purpose
      // would be silently ignored (a record created without the person it was meant for),
      // so it is refused. Read routes check theirs with OnlyQuery.
      if (UnsafeMethod(req.method)) CK_TRY(OnlyQuery(req, {}));
      access::Principal principal;
      principal.code = identity->code;
      principal.roles = identity->roles;
      principal.team = identity->team;
      principal.user_id = identity->user_id;
      std::string purpose(req.headers.Get(kPurposeHeader).value_or(""));
      if (purpose.empty()) purpose = QueryString(req, "purpose");
      std::string reason(req.headers.Get(kBreakGlassHeader).value_or(""));
      if (reason.size() > kMaxBreakGlassReason || !PrintableLine(reason)) {
        return InvalidArgument("the break-glass reason must be one line of at most " +
                               std::to_string(kMaxBreakGlassReason) + " characters");
      }
      if (!purpose.empty() && !audit::IsCodeToken(purpose)) {
        return InvalidArgument("a purpose is a policy purpose id such as 'run_contact'");
      }
      Call call{req, params, *identity,
                records::Actor::User(std::move(principal), std::move(purpose), std::move(reason)),
                std::move(session)};
      return fn(call);
    });
  };
}

Status Route(Api& api, http::Router& router, std::string_view method, std::string_view pattern,
             ApiFn fn, RouteOptions options) {
  return router.Add(method, pattern,
                    Authed(
                        api, [&api, fn](const Call& call) { return fn(api, call); }, options));
}

Result<nlohmann::json> ParseBody(const http::Request& request,
                                 std::initializer_list<Member> members) {
  auto type = request.headers.Get("Content-Type");
  if (!type || type->substr(0, 16) != "application/json") {
    return InvalidArgument("send the body as JSON with 'Content-Type: application/json'");
  }
  if (TooDeep(request.body)) {
    return InvalidArgument("the body nests deeper than " + std::to_string(kMaxJsonDepth) +
                           " levels");
  }
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return InvalidArgument("the body is not valid JSON");
  if (!body.is_object()) return InvalidArgument("the body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    bool known = false;
    for (const Member& m : members) {
      if (m.name != name) continue;
      known = true;
      if (!HasType(value, m.type)) {
        return InvalidArgument("'" + name + "' must be " + TypeName(m.type));
      }
    }
    if (!known) return InvalidArgument("unknown member '" + name + "'");
  }
  for (const Member& m : members) {
    if (m.required && !body.contains(m.name)) {
      return InvalidArgument("'" + std::string(m.name) + "' is required");
    }
  }
  return body;
}

std::string Text(const nlohmann::json& body, std::string_view name) {
  auto it = body.find(name);
  return it == body.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

std::string QueryString(const http::Request& request, std::string_view name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

Result<std::int64_t> QueryInt(const http::Request& request, std::string_view name,
                              std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return fallback;
  std::int64_t v = 0;
  const auto& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return InvalidArgument("'" + std::string(name) + "' must be a whole number from " +
                           std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

Status OnlyQuery(const http::Request& request, std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : request.query) {
    bool ok = name == "purpose";
    for (auto a : allowed) ok = ok || a == name;
    if (!ok) return InvalidArgument("unknown query parameter '" + name + "'");
  }
  return {};
}

Status Require(Api& api, const Call& call, policy::Capability capability, std::string_view action) {
  return api.folder.records().RequireCapability(call.actor, capability, action);
}

}  // namespace casekeep::api
