// Marketing preferences, unsubscribe links, the suppression list and website cookie consent
// (docs/marketing.md): routes for staff, and the public ones a person's mail client or the
// organisation's website calls without signing in.
#include <string>

#include "api/context.h"
#include "records/marketing.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

Result<http::Response> GetMarketing(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto view, api.folder.records().GetMarketing(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(view));
}

Result<http::Response> SetMarketing(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"channel", JsonType::kString, true},
                                                          {"opted_in", JsonType::kBoolean, true},
                                                          {"source", JsonType::kString},
                                                          {"at", JsonType::kInteger},
                                                          {"suppress", JsonType::kBoolean}}));
  records::MarketingChange c;
  c.subject = call.Param("code");
  c.channel = Text(body, "channel");
  c.opted_in = body["opted_in"].get<bool>();
  c.source = Text(body, "source");
  if (body.contains("at")) c.at = body["at"].get<std::int64_t>();
  c.suppress = body.value("suppress", false);
  CK_ASSIGN_OR_RETURN(auto entry, api.folder.records().SetMarketing(call.actor, c));
  return http::JsonResponse(201, records::ToJson(entry));
}

Result<http::Response> MakeLink(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto link, api.folder.records().MakeUnsubscribeLink(
                                     call.actor, call.Param("code"), call.Param("channel")));
  return http::JsonResponse(
      201, json{{"token", link.token}, {"path", link.path}, {"expires_at", link.expires_at}});
}

Result<http::Response> Suppress(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"channel", JsonType::kString, true},
                                                          {"subject", JsonType::kString},
                                                          {"address", JsonType::kString},
                                                          {"postcode", JsonType::kString}}));
  records::Suppression s{Text(body, "channel"), Text(body, "subject"), Text(body, "address"),
                         Text(body, "postcode")};
  CK_TRY(api.folder.records().Suppress(call.actor, s));
  return http::JsonResponse(201, json{{"channel", s.channel}, {"suppressed", true}});
}

Result<http::Response> PurgeCookies(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(std::int64_t purged, api.folder.records().PurgeCookieConsents(call.actor));
  return http::JsonResponse(200, json{{"purged", purged}});
}

// ---- Public: unsubscribe pages -------------------------------------------------------------

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

http::Response Page(int status, std::string_view title, const std::string& body_html) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"robots\" content=\"noindex\"><title>" +
      Escape(title) + "</title></head>\n<body style=\"font-family: sans-serif; max-width: " +
      "36em; margin: 2em auto; padding: 0 1em\">\n<h1>" + Escape(title) + "</h1>\n" + body_html +
      "\n</body></html>\n";
  return r;
}

// A failure as a page: a bad link 400, an expired one (or a person no longer held) 410.
http::Response FailurePage(const Error& e) {
  int status = ProblemFor(e).status;
  std::string message = e.message;
  if (e.code == ErrorCode::kFailedPrecondition) status = 410;
  if (status >= 500) message = "Something went wrong on our side. Please try again later.";
  return Page(status, "Unsubscribe", "<p>" + Escape(message) + "</p>");
}

http::Response UnsubscribeForm(Api& api, const http::Request& request) {
  const std::string token = QueryString(request, "token");
  auto named = api.folder.records().CheckUnsubscribe(token);
  if (!named) return FailurePage(named.error());
  return Page(
      200, "Unsubscribe",
      "<p>Stop sending you marketing by <strong>" + Escape(named->channel_label) +
          "</strong>?</p>\n<form method=\"post\" action=\"/api/v1/public/unsubscribe?token=" +
          Escape(token) +
          "\">\n<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\n"
          "<button type=\"submit\">Unsubscribe</button>\n</form>");
}

// RFC 8058: the body is "List-Unsubscribe=One-Click", form-encoded (or as multipart).
bool OneClickBody(const http::Request& request) {
  const std::string_view type = request.headers.Get("Content-Type").value_or("");
  std::string_view body = request.body;
  if (type.starts_with("application/x-www-form-urlencoded")) {
    while (!body.empty()) {
      const std::size_t amp = body.find('&');
      if (body.substr(0, amp) == "List-Unsubscribe=One-Click") return true;
      if (amp == std::string_view::npos) break;
      body.remove_prefix(amp + 1);
    }
    return false;
  }
  if (type.starts_with("multipart/form-data")) {
    return body.find("name=\"List-Unsubscribe\"") != std::string_view::npos &&
           body.find("One-Click") != std::string_view::npos;
  }
  return false;
}

http::Response UnsubscribePost(Api& api, const http::Request& request) {
  if (!OneClickBody(request)) {
    return Page(400, "Unsubscribe",
                "<p>Send the form body List-Unsubscribe=One-Click (RFC 8058).</p>");
  }
  auto done = api.folder.records().Unsubscribe(QueryString(request, "token"));
  if (!done) return FailurePage(done.error());
  const std::string what = Escape(done->channel_label);
  return Page(200, "You are unsubscribed",
              done->already ? "<p>You were already unsubscribed from marketing by " + what +
                                  ". Nothing more to do.</p>"
                            : "<p>We will not send you marketing by " + what +
                                  " again. You do not need to do anything else.</p>");
}

// ---- Public: cookie consent ----------------------------------------------------------------

// The organisation's website may call the cookie endpoints from a browser; other sites may
// not. A request without an Origin (not from a browser) is served without CORS headers.
template <class Fn>
http::Response WithCors(Api& api, const http::Request& request, Fn fn) {
  std::string website = api.folder.policy().organisation.website;
  while (website.ends_with('/')) website.pop_back();
  const auto origin = request.headers.Get("Origin");
  if (origin && (website.empty() || *origin != website)) {
    return http::ProblemResponse(403, "requests from this origin are not accepted");
  }
  auto r = fn();
  http::Response out = r ? std::move(*r) : ProblemFor(r.error());
  if (origin) {
    out.headers.Set("Access-Control-Allow-Origin", website);
    out.headers.Set("Vary", "Origin");
  }
  return out;
}

Result<http::Response> RecordCookies(Api& api, const http::Request& request) {
  // text/plain carrying JSON is a "simple" request a browser sends without a preflight.
  http::Request as_json = request;
  const std::string_view type = request.headers.Get("Content-Type").value_or("");
  if (type.starts_with("text/plain")) as_json.headers.Set("Content-Type", "application/json");
  CK_ASSIGN_OR_RETURN(json body, ParseBody(as_json, {{"device", JsonType::kString, true},
                                                     {"choices", JsonType::kObject, true}}));
  records::CookieChoice choice;
  choice.device = Text(body, "device");
  for (const auto& [id, value] : body["choices"].items()) {
    if (!value.is_boolean()) {
      return InvalidArgument("the choice for '" + id + "' must be true or false");
    }
    choice.choices[id] = value.get<bool>();
  }
  CK_ASSIGN_OR_RETURN(auto view, api.folder.records().RecordCookieConsent(choice));
  return http::JsonResponse(201, records::ToJson(view));
}

Result<http::Response> ReadCookies(Api& api, const http::Request& request,
                                   const http::PathParams& params) {
  if (!request.query.empty()) return InvalidArgument("this endpoint takes no query parameters");
  CK_ASSIGN_OR_RETURN(auto history,
                      api.folder.records().GetCookieConsent(params.find("device")->second));
  return http::JsonResponse(200, records::ToJson(history));
}

}  // namespace

Status AddMarketingRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "GET", "/api/v1/subjects/{code}/marketing", GetMarketing));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/marketing", SetMarketing));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/marketing/{channel}/unsubscribe-link",
               MakeLink));
  CK_TRY(Route(api, router, "POST", "/api/v1/marketing/suppressions", Suppress));
  CK_TRY(Route(api, router, "POST", "/api/v1/cookie-consents/purge", PurgeCookies));

  CK_TRY(router.Add(
      "GET", "/api/v1/public/unsubscribe",
      Public([&api](const http::Request& r, const http::PathParams&) -> Result<http::Response> {
        return UnsubscribeForm(api, r);
      })));
  CK_TRY(router.Add(
      "POST", "/api/v1/public/unsubscribe",
      Public([&api](const http::Request& r, const http::PathParams&) -> Result<http::Response> {
        return UnsubscribePost(api, r);
      })));
  CK_TRY(router.Add(
      "POST", "/api/v1/public/cookie-consent",
      Public([&api](const http::Request& r, const http::PathParams&) -> Result<http::Response> {
        return WithCors(api, r, [&] { return RecordCookies(api, r); });
      })));
  CK_TRY(router.Add(
      "GET", "/api/v1/public/cookie-consent/{device}",
      Public([&api](const http::Request& r, const http::PathParams& p) -> Result<http::Response> {
        return WithCors(api, r, [&] { return ReadCookies(api, r, p); });
      })));
  return {};
}

}  // namespace casekeep::api
