// Disclosures: sharing a person's data with a recipient of the policy (the response is the
// share package), a person's disclosures, and the DPO's list and review of shares made without
// consent (docs/sharing.md).
#include "api/context.h"
#include "crypto/bytes.h"
#include "records/disclosure.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

std::vector<std::string> Strings(const json& body, std::string_view name) {
  if (!body.contains(name)) return {};
  return body[std::string(name)].get<std::vector<std::string>>();
}

json Items(const std::vector<records::DisclosureView>& views) {
  json items = json::array();
  for (const auto& v : views) items.push_back(records::DisclosureJson(v));
  return items;
}

Result<http::Response> CreateDisclosure(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"subject", JsonType::kString, true},
                                                          {"case", JsonType::kString},
                                                          {"recipient", JsonType::kString, true},
                                                          {"basis", JsonType::kString, true},
                                                          {"consent", JsonType::kString},
                                                          {"records", JsonType::kStringArray},
                                                          {"categories", JsonType::kStringArray},
                                                          {"justification", JsonType::kString},
                                                          {"approved_by", JsonType::kString},
                                                          {"note", JsonType::kString},
                                                          {"format", JsonType::kString},
                                                          {"passphrase", JsonType::kString}}));
  const std::string format = body.contains("format") ? Text(body, "format") : "json";
  if (format != "json" && format != "html") {
    return InvalidArgument("format is \"json\" or \"html\"");
  }
  const std::string passphrase = Text(body, "passphrase");
  if (body.contains("passphrase") && passphrase.size() < records::kMinPackagePassphraseBytes) {
    return InvalidArgument("a package passphrase has at least 12 characters");
  }
  records::NewDisclosure d;
  d.subject = Text(body, "subject");
  d.case_code = Text(body, "case");
  d.recipient = Text(body, "recipient");
  d.basis = Text(body, "basis");
  d.consent = Text(body, "consent");
  d.records = Strings(body, "records");
  d.categories = Strings(body, "categories");
  d.justification = Text(body, "justification");
  d.approved_by = Text(body, "approved_by");
  d.note = Text(body, "note");
  const auto& policy = api.folder.records().policy();
  CK_ASSIGN_OR_RETURN(auto package, api.folder.records().Share(call.actor, d));
  const std::string& code = package.disclosure.code;
  http::Response r;
  r.status = 201;
  r.headers.Set("Location", "/api/v1/disclosures/" + code);
  if (!passphrase.empty()) {
    const std::string name = code + (format == "html" ? ".html" : ".json");
    const std::string content = format == "html" ? records::PackageHtml(package, policy)
                                                 : records::PackageJson(package, policy).dump(2);
    CK_ASSIGN_OR_RETURN(auto sealed,
                        records::SealPackage({{name, content}}, crypto::AsBytes(passphrase)));
    r.body.assign(sealed.begin(), sealed.end());
    r.content_type = "application/octet-stream";
    r.headers.Set("Content-Disposition", "attachment; filename=\"" + code + ".ckshare\"");
  } else if (format == "html") {
    r.body = records::PackageHtml(package, policy);
    r.content_type = "text/html; charset=utf-8";
  } else {
    r.body = records::PackageJson(package, policy).dump();
    r.content_type = "application/json";
  }
  return r;
}

Result<http::Response> SubjectDisclosures(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto views,
                      api.folder.records().ListDisclosuresOf(call.actor, call.Param("code")));
  return http::JsonResponse(200, json{{"subject", call.Param("code")}, {"items", Items(views)}});
}

Result<http::Response> FlaggedDisclosures(Api& api, const Call& call) {
  CK_TRY(OnlyQuery(call.request, {"after", "limit"}));
  CK_ASSIGN_OR_RETURN(const std::int64_t limit, QueryInt(call.request, "limit", 100, 1, 1000));
  CK_ASSIGN_OR_RETURN(auto views, api.folder.records().FlaggedDisclosures(
                                      call.actor, QueryString(call.request, "after"), limit));
  return http::JsonResponse(200, json{{"items", Items(views)}});
}

Result<http::Response> ReviewDisclosure(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {}));
  CK_ASSIGN_OR_RETURN(auto view,
                      api.folder.records().ReviewDisclosure(call.actor, call.Param("code")));
  return http::JsonResponse(200, records::DisclosureJson(view));
}

}  // namespace

Status AddDisclosureRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/disclosures", CreateDisclosure));
  CK_TRY(Route(api, router, "GET", "/api/v1/disclosures/flagged", FlaggedDisclosures));
  CK_TRY(Route(api, router, "POST", "/api/v1/disclosures/{code}/review", ReviewDisclosure));
  CK_TRY(Route(api, router, "GET", "/api/v1/subjects/{code}/disclosures", SubjectDisclosures));
  return {};
}

}  // namespace casekeep::api
