// Retention: explanations, plans, their approval and execution, the review queue, the disposal
// log and holds (docs/retention.md); and completing a case's transfer, a retention trigger.
#include "api/context.h"
#include "records/views_json.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

std::string AsOf(const Call& call, const Api& api) {
  std::string as_of = QueryString(call.request, "as_of");
  return as_of.empty() ? TodayUk(api.clock).ToString() : as_of;
}

Result<http::Response> Explain(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto e,
                      api.folder.records().ExplainRetention(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(e));
}

Result<http::Response> ReviewRecord(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(auto e, api.folder.records().ReviewRecord(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(e));
}

Result<http::Response> PreviewPlan(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"as_of"}));
  CK_ASSIGN_OR_RETURN(auto plan,
                      api.folder.records().PlanRetention(call.actor, AsOf(call, api), false));
  return http::JsonResponse(200, records::ToJson(plan));
}

Result<http::Response> MakePlan(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"as_of", JsonType::kString, true}}));
  CK_ASSIGN_OR_RETURN(auto plan,
                      api.folder.records().PlanRetention(call.actor, Text(body, "as_of"), true));
  return http::JsonResponse(201, records::ToJson(plan));
}

Result<http::Response> GetPlan(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto plan, api.folder.records().GetPlan(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(plan));
}

Result<http::Response> ApprovePlan(Api& api, const Call& call) {
  CK_TRY(api.folder.records().ApproveRetentionPlan(call.actor, call.Param("code")));
  CK_ASSIGN_OR_RETURN(auto plan, api.folder.records().GetPlan(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(plan));
}

Result<http::Response> ExecutePlan(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(auto result, api.folder.records().ExecuteRetentionPlan(
                                       call.actor, call.Param("code"), nullptr));
  if (result.disposed > 0 || result.partial > 0) CK_TRY(api.folder.Compact());
  return http::JsonResponse(200, records::ToJson(result));
}

Result<http::Response> Reviews(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"as_of"}));
  CK_ASSIGN_OR_RETURN(auto q,
                      api.folder.records().RetentionReviewQueue(call.actor, AsOf(call, api)));
  return http::JsonResponse(200, records::ToJson(q));
}

Result<http::Response> Log(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"after", "limit"}));
  CK_ASSIGN_OR_RETURN(auto after, QueryInt(call.request, "after", 0, 0, INT64_MAX));
  CK_ASSIGN_OR_RETURN(auto limit, QueryInt(call.request, "limit", 100, 1, 1000));
  CK_ASSIGN_OR_RETURN(auto rows, api.folder.records().DisposalLog(call.actor, after, limit));
  json items = json::array();
  for (const auto& r : rows) items.push_back(records::ToJson(r));
  return http::JsonResponse(
      200,
      json{{"items", items}, {"next_after", rows.empty() ? json(nullptr) : json(rows.back().seq)}});
}

Result<http::Response> PlaceHold(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"kind", JsonType::kString, true},
                                                          {"target", JsonType::kString, true},
                                                          {"reason", JsonType::kString, true},
                                                          {"review_on", JsonType::kString}}));
  CK_ASSIGN_OR_RETURN(
      auto h, api.folder.records().PlaceHold(
                  call.actor, records::NewHold{Text(body, "kind"), Text(body, "target"),
                                               Text(body, "reason"), Text(body, "review_on")}));
  return http::JsonResponse(201, records::ToJson(h));
}

Result<http::Response> ListHolds(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"all"}));
  const std::string all = QueryString(call.request, "all");
  if (!all.empty() && all != "0" && all != "1") return InvalidArgument("'all' is 0 or 1");
  CK_ASSIGN_OR_RETURN(auto holds, api.folder.records().ListHolds(call.actor, all != "1"));
  json items = json::array();
  for (const auto& h : holds) items.push_back(records::ToJson(h));
  return http::JsonResponse(200, json{{"items", items}});
}

Result<http::Response> ReleaseHold(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"note", JsonType::kString, true}}));
  CK_ASSIGN_OR_RETURN(
      auto h, api.folder.records().ReleaseHold(call.actor, call.Param("code"), Text(body, "note")));
  return http::JsonResponse(200, records::ToJson(h));
}

Result<http::Response> ReviewHold(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body,
                      ParseBody(call.request, {{"next_review_on", JsonType::kString, true}}));
  CK_ASSIGN_OR_RETURN(auto h, api.folder.records().ReviewHold(call.actor, call.Param("code"),
                                                              Text(body, "next_review_on")));
  return http::JsonResponse(200, records::ToJson(h));
}

Result<http::Response> TransferCase(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"transferred_on", JsonType::kString}}));
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().CompleteTransfer(call.actor, call.Param("code"),
                                                                    Text(body, "transferred_on")));
  return http::JsonResponse(200, records::ToJson(v));
}

}  // namespace

Status AddRetentionRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "GET", "/api/v1/records/{code}/retention", Explain));
  CK_TRY(Route(api, router, "POST", "/api/v1/records/{code}/retention/review", ReviewRecord));
  CK_TRY(Route(api, router, "GET", "/api/v1/retention/plan", PreviewPlan));
  CK_TRY(Route(api, router, "POST", "/api/v1/retention/plans", MakePlan));
  CK_TRY(Route(api, router, "GET", "/api/v1/retention/plans/{code}", GetPlan));
  CK_TRY(Route(api, router, "POST", "/api/v1/retention/plans/{code}/approve", ApprovePlan));
  CK_TRY(Route(api, router, "POST", "/api/v1/retention/plans/{code}/execute", ExecutePlan));
  CK_TRY(Route(api, router, "GET", "/api/v1/retention/reviews", Reviews));
  CK_TRY(Route(api, router, "GET", "/api/v1/retention/log", Log));
  CK_TRY(Route(api, router, "POST", "/api/v1/holds", PlaceHold));
  CK_TRY(Route(api, router, "GET", "/api/v1/holds", ListHolds));
  CK_TRY(Route(api, router, "POST", "/api/v1/holds/{code}/release", ReleaseHold));
  CK_TRY(Route(api, router, "POST", "/api/v1/holds/{code}/review", ReviewHold));
  CK_TRY(Route(api, router, "POST", "/api/v1/cases/{code}/transfer", TransferCase));
  return {};
}

}  // namespace casekeep::api
