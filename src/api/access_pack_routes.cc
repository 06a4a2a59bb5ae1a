// Access packs and portability (docs/rights.md): the draft with its redaction items for the
// DPO, the final pack built with the DPO's decisions (a tar archive, HTML or JSON), and the
// portable data as JSON or CSV. All need manage_requests (checked by the records service).
#include "api/context.h"
#include "records/access_pack.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

Result<records::AccessPackOptions> Options(const json& body, bool final) {
  records::AccessPackOptions options;
  options.final = final;
  options.requested_by = Text(body, "requested_by");
  if (body.contains("decisions")) {
    CK_ASSIGN_OR_RETURN(options.decisions, records::ParseDecisions(body["decisions"]));
  }
  return options;
}

Result<http::Response> Draft(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"requested_by", JsonType::kString},
                                                          {"decisions", JsonType::kObject}}));
  CK_ASSIGN_OR_RETURN(auto options, Options(body, false));
  CK_ASSIGN_OR_RETURN(
      auto pack, api.folder.records().AssembleAccessPack(call.actor, call.Param("code"), options));
  std::size_t undecided = 0;
  for (const auto& item : pack.items) undecided += item.decision ? 0U : 1U;
  return http::JsonResponse(200, json{{"subject", pack.subject},
                                      {"restricted", pack.restricted},
                                      {"undecided", undecided},
                                      {"items", records::ItemsJson(pack.items)},
                                      {"pack", pack.data}});
}

Result<http::Response> Final(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"decisions", JsonType::kObject, true},
                                                          {"requested_by", JsonType::kString},
                                                          {"format", JsonType::kString}}));
  const std::string format = body.contains("format") ? Text(body, "format") : "tar";
  if (format != "tar" && format != "html" && format != "json") {
    return InvalidArgument("format must be tar, html or json");
  }
  CK_ASSIGN_OR_RETURN(auto options, Options(body, true));
  CK_ASSIGN_OR_RETURN(
      auto pack, api.folder.records().AssembleAccessPack(call.actor, call.Param("code"), options));
  if (format == "json") return http::JsonResponse(200, pack.data);
  http::Response r;
  if (format == "html") {
    r.body = records::PackHtml(api.folder.records().policy(), pack);
    r.content_type = "text/html; charset=utf-8";
  } else {
    r.body = records::PackArchive(api.folder.records().policy(), pack);
    r.content_type = "application/x-tar";
    r.headers.Set("Content-Disposition", "attachment; filename=\"" + pack.subject + ".tar\"");
  }
  return r;
}

Result<http::Response> Portable(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"format"}));
  const std::string format = QueryString(call.request, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    return InvalidArgument("format must be json or csv");
  }
  CK_ASSIGN_OR_RETURN(auto data,
                      api.folder.records().ExportPortable(call.actor, call.Param("code")));
  if (format == "csv") {
    http::Response r;
    r.body = records::PortableCsv(data);
    r.content_type = "text/csv; charset=utf-8";
    r.headers.Set("Content-Disposition", "attachment; filename=\"" + data.subject + ".csv\"");
    return r;
  }
  return http::JsonResponse(200, data.data);
}

}  // namespace

Status AddAccessPackRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/access-pack", Draft));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/access-pack/final", Final));
  CK_TRY(Route(api, router, "GET", "/api/v1/subjects/{code}/portable", Portable));
  return {};
}

}  // namespace casekeep::api
