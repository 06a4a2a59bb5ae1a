// Records (create, read with an ETag, rectify with If-Match, list, history) and attachments.
#include <sstream>

#include "api/context.h"
#include "records/views_json.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

//! A record's entity tag names its version: "3".
std::string ETag(std::int64_t version) {
  return "\"" + std::to_string(version) + "\"";
}

http::Response RecordResponse(int status, const records::RecordView& v) {
  http::Response r = http::JsonResponse(status, records::ToJson(v));
  r.headers.Set("ETag", ETag(v.version));
  return r;
}

Result<http::Response> CreateRecord(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"type", JsonType::kString, true},
                                                          {"case", JsonType::kString},
                                                          {"subject", JsonType::kString},
                                                          {"occurred_on", JsonType::kString},
                                                          {"fields", JsonType::kObject, true}}));
  records::NewRecord r;
  r.type = Text(body, "type");
  r.case_code = Text(body, "case");
  r.subject_code = Text(body, "subject");
  r.occurred_on = Text(body, "occurred_on");
  r.fields = body["fields"];
  if (r.case_code.starts_with('#') || r.subject_code.starts_with('#')) {
    return InvalidArgument("'case' and 'subject' are codes such as C-… and S-…");
  }
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().AddRecord(call.actor, r));
  http::Response resp = RecordResponse(201, v);
  resp.headers.Set("Location", "/api/v1/records/" + v.code);
  return resp;
}

Result<http::Response> GetRecord(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().GetRecord(call.actor, call.Param("code")));
  return RecordResponse(200, v);
}

Result<http::Response> ListRecords(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"case", "subject", "type", "after", "limit"}));
  records::RecordQuery q;
  q.case_code = QueryString(call.request, "case");
  q.subject_code = QueryString(call.request, "subject");
  q.type = QueryString(call.request, "type");
  q.after = QueryString(call.request, "after");
  CK_ASSIGN_OR_RETURN(q.limit, QueryInt(call.request, "limit", 50, 1, 1000));
  std::string next;
  CK_ASSIGN_OR_RETURN(auto page, api.folder.records().ListRecords(call.actor, q, &next));
  json items = json::array();
  for (const auto& v : page) items.push_back(records::ToJson(v));
  return http::JsonResponse(200,
                            json{{"items", items}, {"next", next.empty() ? json() : json(next)}});
}

Result<http::Response> UpdateRecord(Api& api, const Call& call) {
  auto match = call.request.headers.Get("If-Match");
  if (!match) {
    return http::ProblemResponse(428,
                                 "send If-Match with the ETag of the version you changed, "
                                 "so a concurrent change is never overwritten");
  }
  std::string_view tag = *match;
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  std::int64_t version = 0;
  if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') {
    return InvalidArgument("If-Match must be an entity tag such as \"3\"");
  }
  for (char c : tag.substr(1, tag.size() - 2)) {
    if (c < '0' || c > '9' || version > 1'000'000'000) {
      return InvalidArgument("If-Match must be an entity tag such as \"3\"");
    }
    version = version * 10 + (c - '0');
  }
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"fields", JsonType::kObject, true}}));
  auto v =
      api.folder.records().UpdateRecord(call.actor, call.Param("code"), version, body["fields"]);
  if (!v && v.error().code == ErrorCode::kConflict) {
    return http::ProblemResponse(412, v.error().message);
  }
  if (!v) return std::unexpected(v.error());
  return RecordResponse(200, *v);
}

Result<http::Response> History(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto versions, api.folder.records().History(call.actor, call.Param("code")));
  json items = json::array();
  for (const auto& v : versions) items.push_back(records::ToJson(v));
  return http::JsonResponse(200, json{{"items", items}});
}

Result<http::Response> AddAttachment(Api& api, const Call& call) {
  std::istringstream in(call.request.body);
  CK_ASSIGN_OR_RETURN(
      std::string code,
      api.folder.records().AddAttachment(call.actor, call.Param("code"), call.Param("field"), in));
  return http::JsonResponse(201, json{{"code", code},
                                      {"record", call.Param("code")},
                                      {"field", call.Param("field")},
                                      {"size", call.request.body.size()}});
}

Result<http::Response> ReadAttachment(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  std::ostringstream out;
  CK_TRY(api.folder.records().ReadAttachment(call.actor, call.Param("code"), out));
  http::Response r;
  r.body = std::move(out).str();
  r.content_type = "application/octet-stream";
  r.headers.Set("Content-Disposition", "attachment");
  return r;
}

}  // namespace

Status AddRecordRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/records", CreateRecord));
  CK_TRY(Route(api, router, "GET", "/api/v1/records", ListRecords));
  CK_TRY(Route(api, router, "GET", "/api/v1/records/{code}", GetRecord));
  CK_TRY(Route(api, router, "PATCH", "/api/v1/records/{code}", UpdateRecord));
  CK_TRY(Route(api, router, "GET", "/api/v1/records/{code}/history", History));
  CK_TRY(Route(api, router, "PUT", "/api/v1/records/{code}/attachments/{field}", AddAttachment));
  CK_TRY(Route(api, router, "GET", "/api/v1/attachments/{code}", ReadAttachment));
  return {};
}

}  // namespace casekeep::api
