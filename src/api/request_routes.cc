// The request register (docs/rights.md): opening requests, their steps, lists of open, overdue
// and due-soon requests, letters; and restriction, objection and rectification. Every route
// needs manage_requests (checked and audited by the records service).
#include "api/context.h"
#include "records/views_json.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

Result<http::Response> Open(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"subject", JsonType::kString, true},
                                                          {"kind", JsonType::kString, true},
                                                          {"requester", JsonType::kString},
                                                          {"requester_name", JsonType::kString},
                                                          {"received_on", JsonType::kString},
                                                          {"verify_identity", JsonType::kBoolean},
                                                          {"prove_authority", JsonType::kBoolean},
                                                          {"details", JsonType::kString}}));
  records::NewDataRequest n;
  n.subject = Text(body, "subject");
  n.kind = Text(body, "kind");
  if (body.contains("requester")) n.requester = Text(body, "requester");
  n.requester_name = Text(body, "requester_name");
  n.received_on = Text(body, "received_on");
  n.verify_identity = body.value("verify_identity", false);
  n.prove_authority = body.value("prove_authority", false);
  n.details = Text(body, "details");
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().OpenDataRequest(call.actor, n));
  return http::JsonResponse(201, records::ToJson(v));
}

Result<http::Response> List(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"overdue", "due_soon", "closed", "subject"}));
  records::RequestFilter f;
  const std::string overdue = QueryString(call.request, "overdue");
  const std::string closed = QueryString(call.request, "closed");
  for (const auto& [name, value] : {std::pair{"overdue", overdue}, std::pair{"closed", closed}}) {
    if (!value.empty() && value != "true" && value != "false") {
      return InvalidArgument(std::string(name) + " must be true or false");
    }
  }
  f.overdue = overdue == "true";
  f.include_closed = closed == "true";
  if (!QueryString(call.request, "due_soon").empty()) {
    CK_ASSIGN_OR_RETURN(f.due_within, QueryInt(call.request, "due_soon", 10, 0, 366));
  }
  f.subject = QueryString(call.request, "subject");
  CK_ASSIGN_OR_RETURN(auto list, api.folder.records().ListDataRequests(call.actor, f));
  json items = json::array();
  for (const auto& v : list) items.push_back(records::ToJson(v));
  return http::JsonResponse(200, json{{"requests", std::move(items)}});
}

Result<http::Response> Get(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().GetDataRequest(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(v));
}

// POST /api/v1/requests/{code}/{step}: one route per step, the step named by the path.
Result<http::Response> Step(Api& api, const Call& call, std::string_view event) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"on", JsonType::kString},
                                                          {"text", JsonType::kString},
                                                          {"told_on", JsonType::kString},
                                                          {"ground", JsonType::kString}}));
  records::RequestStep step;
  step.event = std::string(event);
  step.on = Text(body, "on");
  step.text = Text(body, "text");
  step.told_on = Text(body, "told_on");
  step.ground = Text(body, "ground");
  CK_ASSIGN_OR_RETURN(auto v,
                      api.folder.records().StepDataRequest(call.actor, call.Param("code"), step));
  return http::JsonResponse(200, records::ToJson(v));
}

template <const char* kEvent>
Result<http::Response> StepRoute(Api& api, const Call& call) {
  return Step(api, call, kEvent);
}

constexpr char kVerify[] = "identity_verified";
constexpr char kAuthority[] = "authority_proved";
constexpr char kPause[] = "paused";
constexpr char kResume[] = "resumed";
constexpr char kExtend[] = "extended";
constexpr char kComplete[] = "completed";
constexpr char kRefuse[] = "refused";
constexpr char kWithdraw[] = "withdrawn";
constexpr char kNote[] = "note";

Result<http::Response> Letter(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"format", "addressee"}));
  const std::string format = QueryString(call.request, "format");
  if (!format.empty() && format != "json" && format != "text" && format != "html") {
    return InvalidArgument("format must be json, text or html");
  }
  CK_ASSIGN_OR_RETURN(auto letter, api.folder.records().DataRequestLetter(
                                       call.actor, call.Param("code"), call.Param("kind"),
                                       QueryString(call.request, "addressee")));
  if (format == "text" || format == "html") {
    http::Response r;
    r.status = 200;
    r.body = format == "text" ? letter.text : letter.html;
    r.content_type = format == "text" ? "text/plain; charset=utf-8" : "text/html; charset=utf-8";
    return r;
  }
  return http::JsonResponse(200, json{{"kind", letter.kind},
                                      {"subject", letter.subject},
                                      {"text", letter.text},
                                      {"html", letter.html}});
}

Result<http::Response> Rectify(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"record", JsonType::kString, true},
                                                          {"version", JsonType::kInteger, true},
                                                          {"fields", JsonType::kObject, true}}));
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().RectifyForRequest(
                                  call.actor, call.Param("code"), Text(body, "record"),
                                  body.at("version").get<std::int64_t>(), body.at("fields")));
  return http::JsonResponse(200, json{{"request", v.request},
                                      {"record", v.record},
                                      {"version", v.version},
                                      {"recipients_to_notify", v.recipients}});
}

Result<http::Response> Restrict(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"request", JsonType::kString}}));
  CK_TRY(api.folder.records().Restrict(call.actor, call.Param("code"), Text(body, "request")));
  return http::JsonResponse(200, json{{"subject", call.Param("code")}, {"restricted", true}});
}

Result<http::Response> Lift(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"told_on", JsonType::kString, true},
                                                          {"request", JsonType::kString}}));
  CK_TRY(api.folder.records().LiftRestriction(call.actor, call.Param("code"), Text(body, "told_on"),
                                              Text(body, "request")));
  return http::JsonResponse(200, json{{"subject", call.Param("code")}, {"restricted", false}});
}

Result<http::Response> Object(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"purpose", JsonType::kString, true},
                                                          {"request", JsonType::kString}}));
  CK_TRY(api.folder.records().Object(call.actor, call.Param("code"), Text(body, "purpose"),
                                     Text(body, "request")));
  return http::JsonResponse(
      200, json{{"subject", call.Param("code")}, {"objected", Text(body, "purpose")}});
}

}  // namespace

Status AddRequestRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/requests", Open));
  CK_TRY(Route(api, router, "GET", "/api/v1/requests", List));
  CK_TRY(Route(api, router, "GET", "/api/v1/requests/{code}", Get));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/verify", StepRoute<kVerify>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/authority", StepRoute<kAuthority>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/pause", StepRoute<kPause>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/resume", StepRoute<kResume>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/extend", StepRoute<kExtend>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/complete", StepRoute<kComplete>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/refuse", StepRoute<kRefuse>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/withdraw", StepRoute<kWithdraw>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/notes", StepRoute<kNote>));
  CK_TRY(Route(api, router, "POST", "/api/v1/requests/{code}/rectify", Rectify));
  CK_TRY(Route(api, router, "GET", "/api/v1/requests/{code}/letters/{kind}", Letter));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/restriction", Restrict));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/restriction/lift", Lift));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/objections", Object));
  return {};
}

}  // namespace casekeep::api
