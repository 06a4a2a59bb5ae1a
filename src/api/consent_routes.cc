// Consent: a person's consent ledger, withdrawals, the DPO's report, and the texts consents
// were given on (docs/consent.md).
#include "api/context.h"
#include "records/views_json.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

std::optional<std::int64_t> At(const json& body) {
  if (!body.contains("at")) return std::nullopt;
  return body["at"].get<std::int64_t>();
}

Result<http::Response> GiveConsent(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body,
                      ParseBody(call.request, {{"consent", JsonType::kString, true},
                                               {"method", JsonType::kString, true},
                                               {"given_by", JsonType::kString},
                                               {"at", JsonType::kInteger},
                                               {"evidence_note", JsonType::kString},
                                               {"evidence_attachment", JsonType::kString}}));
  records::NewConsent c;
  c.subject = call.Param("code");
  c.consent = Text(body, "consent");
  c.method = Text(body, "method");
  c.given_by = Text(body, "given_by");
  c.at = At(body);
  c.evidence_note = Text(body, "evidence_note");
  c.evidence_attachment = Text(body, "evidence_attachment");
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().GiveConsent(call.actor, c));
  return http::JsonResponse(201, records::ToJson(v));
}

Result<http::Response> WithdrawConsent(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"method", JsonType::kString, true},
                                                          {"at", JsonType::kInteger},
                                                          {"note", JsonType::kString}}));
  records::ConsentWithdrawal w;
  w.subject = call.Param("code");
  w.consent = call.Param("consent");
  w.method = Text(body, "method");
  w.at = At(body);
  w.note = Text(body, "note");
  CK_ASSIGN_OR_RETURN(auto v, api.folder.records().WithdrawConsent(call.actor, w));
  return http::JsonResponse(201, records::ToJson(v));
}

Result<http::Response> ConsentStatus(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto states,
                      api.folder.records().ConsentStatus(call.actor, call.Param("code")));
  json items = json::array();
  for (const auto& s : states) items.push_back(records::ToJson(s));
  return http::JsonResponse(200, json{{"subject", call.Param("code")}, {"consents", items}});
}

Result<http::Response> ConsentHistory(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto history,
                      api.folder.records().GetConsentHistory(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::ToJson(history));
}

Result<http::Response> ConsentReport(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto report, api.folder.records().GetConsentReport(call.actor));
  return http::JsonResponse(200, records::ToJson(report));
}

Result<http::Response> GetText(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto text, api.folder.records().GetText(call.Param("hash")));
  return http::JsonResponse(200,
                            json{{"hash", text.hash}, {"kind", text.kind}, {"text", text.text}});
}

}  // namespace

Status AddConsentRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/consents", GiveConsent));
  CK_TRY(Route(api, router, "GET", "/api/v1/subjects/{code}/consents", ConsentStatus));
  CK_TRY(Route(api, router, "GET", "/api/v1/subjects/{code}/consents/history", ConsentHistory));
  CK_TRY(Route(api, router, "POST", "/api/v1/subjects/{code}/consents/{consent}/withdraw",
               WithdrawConsent));
  CK_TRY(Route(api, router, "GET", "/api/v1/reports/consent", ConsentReport));
  CK_TRY(Route(api, router, "GET", "/api/v1/texts/{hash}", GetText));
  return {};
}

}  // namespace casekeep::api
