// People (subjects), their relationships, cases, case members and case assignments.
#include "api/context.h"
#include "records/views_json.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

Result<http::Response> CreateSubject(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"kind", JsonType::kString, true},
                                                          {"fields", JsonType::kObject, true},
                                                          {"case", JsonType::kString},
                                                          {"member_role", JsonType::kString}}));
  records::NewSubject s;
  s.kind = Text(body, "kind");
  s.fields = body["fields"];
  s.case_code = Text(body, "case");
  s.member_role = Text(body, "member_role");
  if (s.case_code.empty() != s.member_role.empty()) {
    return InvalidArgument("give 'case' and 'member_role' together");
  }
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().AddSubject(call.actor, s));
  return http::JsonResponse(201, records::ToJson(v));
}

Result<http::Response> GetSubject(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().GetSubject(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(v));
}

Result<http::Response> GetCase(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().GetCase(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(v));
}

Result<http::Response> SearchSubjects(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"field", JsonType::kString, true},
                                                          {"value", JsonType::kString, true}}));
  CK_ASSIGN_OR_RETURN(auto found, api.folder.records().FindSubjects(call.actor, Text(body, "field"),
                                                                    Text(body, "value")));
  json items = json::array();
  for (const auto& v : found) items.push_back(records::ToJson(v));
  return http::JsonResponse(200, json{{"items", items}});
}

Result<http::Response> CreateRelationship(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"to", JsonType::kString, true},
                                                          {"kind", JsonType::kString, true}}));
  CK_TRY(api.folder.records().AddRelationship(call.actor, call.Param("code"), Text(body, "to"),
                                              Text(body, "kind")));
  return http::JsonResponse(
      201,
      json{{"from", call.Param("code")}, {"to", Text(body, "to")}, {"kind", Text(body, "kind")}});
}

Result<http::Response> OpenCase(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"service", JsonType::kString, true},
                                                          {"referral_source", JsonType::kString},
                                                          {"opened_on", JsonType::kString},
                                                          {"flags", JsonType::kStringArray}}));
  records::NewCase c;
  c.service = Text(body, "service");
  c.referral_source = Text(body, "referral_source");
  c.opened_on = Text(body, "opened_on");
  if (body.contains("flags")) c.flags = body["flags"].get<std::vector<std::string>>();
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().OpenCase(call.actor, c));
  return http::JsonResponse(201, records::ToJson(v));
}

Result<http::Response> CloseCase(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"closed_on", JsonType::kString}}));
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().CloseCase(call.actor, call.Param("code"),
                                                             Text(body, "closed_on")));
  return http::JsonResponse(200, records::ToJson(v));
}

Result<http::Response> AddMember(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"subject", JsonType::kString, true},
                                                          {"role", JsonType::kString, true}}));
  CK_TRY(api.folder.records().AddMember(call.actor, call.Param("code"), Text(body, "subject"),
                                        Text(body, "role")));
  return http::JsonResponse(201, json{{"case", call.Param("code")},
                                      {"subject", Text(body, "subject")},
                                      {"role", Text(body, "role")}});
}

Result<http::Response> ListAssignments(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto users,
                      api.folder.records().ListAssignments(call.actor, call.Param("code")));
  return http::JsonResponse(200, json{{"case", call.Param("code")}, {"users", users}});
}

Result<http::Response> Assign(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"user", JsonType::kString, true}}));
  CK_TRY(api.folder.records().Assign(call.actor, call.Param("code"), Text(body, "user")));
  return http::JsonResponse(201, json{{"case", call.Param("code")}, {"user", Text(body, "user")}});
}

Result<http::Response> Unassign(Api& api, const Call& call) {
  CK_TRY(api.folder.records().Unassign(call.actor, call.Param("code"), call.Param("user")));
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

Status AddPeopleRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects", CreateSubject));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/search", SearchSubjects));
  CK_TRY(Route(api, router, "GET", "/api/v1/subjects/{code}", GetSubject));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/relationships", CreateRelationship));
  CK_TRY(Route(api, router, "POST", "/api/v1/cases", OpenCase));
  CK_TRY(Route(api, router, "GET", "/api/v1/cases/{code}", GetCase));
  CK_TRY(Route(api, router, "POST", "/api/v1/cases/{code}/close", CloseCase));
  CK_TRY(Route(api, router, "POST", "/api/v1/cases/{code}/members", AddMember));
  CK_TRY(Route(api, router, "GET", "/api/v1/cases/{code}/assignments", ListAssignments));
  CK_TRY(Route(api, router, "POST", "/api/v1/cases/{code}/assignments", Assign));
  CK_TRY(Route(api, router, "DELETE", "/api/v1/cases/{code}/assignments/{user}", Unassign));
  return {};
}

}  // namespace casekeep::api
