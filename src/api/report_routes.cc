// Statistics: the report and extract definitions of the folder's reports.toml, a report run
// as CSV, JSON or HTML, and a pseudonymised extract (docs/statistics.md). Holders of
// run_reports only; nothing returned identifies anyone.
#include "api/context.h"
#include "records/stats.h"
#include "stats/output.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

template <class Def>
json Summaries(const std::vector<Def>& defs) {
  json items = json::array();
  for (const auto& d : defs) {
    items.push_back({{"id", d.id}, {"label", d.label}, {"description", d.description}});
  }
  return items;
}

Result<http::Response> ListDefinitions(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_TRY(Require(api, call, policy::Capability::kRunReports, "report.list"));
  CK_ASSIGN_OR_RETURN(auto defs, records::LoadReportDefinitions(api.folder));
  return http::JsonResponse(
      200, json{{"reports", Summaries(defs.reports)}, {"extracts", Summaries(defs.extracts)}});
}

Result<stats::MonthRange> Range(const Call& call) {
  return stats::ParseMonthRange(QueryString(call.request, "from"), QueryString(call.request, "to"));
}

Result<http::Response> RunReport(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"format", "from", "to"}));
  const std::string name = QueryString(call.request, "format");
  CK_ASSIGN_OR_RETURN(auto format, stats::ParseFormat(name.empty() ? "json" : name));
  CK_ASSIGN_OR_RETURN(auto range, Range(call));
  CK_TRY(Require(api, call, policy::Capability::kRunReports, "report.run"));
  CK_ASSIGN_OR_RETURN(auto defs, records::LoadReportDefinitions(api.folder));
  const stats::ReportDef* def = defs.FindReport(call.Param("id"));
  if (def == nullptr) return NotFound("no report '" + call.Param("id") + "'");
  CK_ASSIGN_OR_RETURN(auto table, api.folder.records().RunReport(call.actor, *def, range));
  http::Response r;
  r.status = 200;
  r.body = stats::Render(table, format);
  r.content_type = std::string(stats::ContentType(format));
  return r;
}

Result<http::Response> RunExtract(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"format", "from", "to"}));
  const std::string name = QueryString(call.request, "format");
  CK_ASSIGN_OR_RETURN(auto format, stats::ParseFormat(name.empty() ? "json" : name));
  if (format == stats::Format::kHtml) return InvalidArgument("an extract is csv or json");
  CK_ASSIGN_OR_RETURN(auto range, Range(call));
  CK_TRY(Require(api, call, policy::Capability::kRunReports, "extract.run"));
  CK_ASSIGN_OR_RETURN(auto defs, records::LoadReportDefinitions(api.folder));
  const stats::ExtractDef* def = defs.FindExtract(call.Param("id"));
  if (def == nullptr) return NotFound("no extract '" + call.Param("id") + "'");
  CK_ASSIGN_OR_RETURN(auto e, api.folder.records().RunExtract(call.actor, *def, range));
  if (format == stats::Format::kCsv) {
    http::Response r;
    r.body = stats::ExtractCsv(e);
    r.content_type = std::string(stats::ContentType(format));
    return r;
  }
  return http::JsonResponse(200, json{{"extract", e.id},
                                      {"k", e.k},
                                      {"smallest_group", e.smallest_group},
                                      {"generalised", e.generalised},
                                      {"columns", e.columns},
                                      {"rows", e.rows}});
}

}  // namespace

Status AddReportRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "GET", "/api/v1/statistics", ListDefinitions));
  CK_TRY(Route(api, router, "GET", "/api/v1/statistics/reports/{id}", RunReport));
  CK_TRY(Route(api, router, "GET", "/api/v1/statistics/extracts/{id}", RunExtract));
  return {};
}

}  // namespace casekeep::api
