// Erasure of a person (docs/rights.md, "Erasure"; docs/api.md): the outcome of each record,
// the keys destroyed and the recipients to tell, or with dry_run the plan.
#include "api/context.h"
#include "records/erasure.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

Result<http::Response> Erase(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"request", JsonType::kString},
                                                          {"dry_run", JsonType::kBoolean}}));
  records::ErasureOptions options;
  options.request = Text(body, "request");
  options.dry_run = body.value("dry_run", false);
  CK_ASSIGN_OR_RETURN(auto outcome,
                      api.folder.records().EraseSubject(call.actor, call.Param("code"), options));
  // Stale copies of deleted rows may linger in unused page space and the write-ahead log.
  if (!options.dry_run) CK_TRY(api.folder.Compact());
  return http::JsonResponse(options.dry_run ? 200 : 201, records::ToJson(outcome));
}

}  // namespace

Status AddErasureRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/erasure", Erase));
  return {};
}

}  // namespace casekeep::api
