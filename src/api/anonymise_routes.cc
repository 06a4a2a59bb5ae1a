// Anonymisation of free text about a person (docs/anonymisation.md): a draft with its
// replacements for review, and the release with the reviewer's decisions. Nothing is stored.
#include <algorithm>

#include "anonymise/anonymise.h"
#include "api/context.h"

namespace casekeep::api {
namespace {

using nlohmann::json;

json ReplacementsJson(const anonymise::Anonymised& a, bool with_originals) {
  json items = json::array();
  for (const auto& r : a.replacements) {
    json item = {{"type", std::string(anonymise::KindName(r.kind))},
                 {"begin", r.begin},
                 {"end", r.end},
                 {"placeholder", r.placeholder}};
    if (with_originals) item["original"] = r.original;
    items.push_back(std::move(item));
  }
  return items;
}

// A byte offset member of a decision: a non-negative integer.
Result<std::size_t> Offset(const json& item, const char* name, const std::string& which) {
  if (!item.contains(name) || !item[name].is_number_integer() ||
      item[name].get<std::int64_t>() < 0) {
    return InvalidArgument(which + " needs '" + name + "', a byte offset (a whole number from 0)");
  }
  return static_cast<std::size_t>(item[name].get<std::int64_t>());
}

Status OnlyMembers(const json& item, std::initializer_list<std::string_view> allowed,
                   const std::string& which) {
  if (!item.is_object()) return InvalidArgument(which + " must be an object");
  for (const auto& [key, value] : item.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return InvalidArgument(which + " has an unknown member '" + key + "'");
    }
  }
  return {};
}

// {"restore": [{"begin", "end", "reason"}], "redact": [{"begin", "end", "type"}]}
Result<anonymise::Decisions> ParseDecisions(const json& body) {
  anonymise::Decisions d;
  if (!body.contains("decisions")) return d;
  const json& decisions = body["decisions"];
  CK_TRY(OnlyMembers(decisions, {"restore", "redact"}, "decisions"));
  for (const char* list : {"restore", "redact"}) {
    if (decisions.contains(list) && !decisions[list].is_array()) {
      return InvalidArgument(std::string("decisions.") + list + " must be a list");
    }
  }
  if (decisions.contains("restore")) {
    std::size_t n = 0;
    for (const auto& item : decisions["restore"]) {
      std::string which = "decisions.restore[" + std::to_string(n++) + "]";
      CK_TRY(OnlyMembers(item, {"begin", "end", "reason"}, which));
      anonymise::Decisions::Restore r;
      CK_ASSIGN_OR_RETURN(r.begin, Offset(item, "begin", which));
      CK_ASSIGN_OR_RETURN(r.end, Offset(item, "end", which));
      if (item.contains("reason") && item["reason"].is_string()) {
        r.reason = item["reason"].get<std::string>();
      }
      d.restore.push_back(std::move(r));
    }
  }
  if (decisions.contains("redact")) {
    std::size_t n = 0;
    for (const auto& item : decisions["redact"]) {
      std::string which = "decisions.redact[" + std::to_string(n++) + "]";
      CK_TRY(OnlyMembers(item, {"begin", "end", "type"}, which));
      anonymise::Decisions::Redact r;
      CK_ASSIGN_OR_RETURN(r.begin, Offset(item, "begin", which));
      CK_ASSIGN_OR_RETURN(r.end, Offset(item, "end", which));
      std::optional<anonymise::Kind> kind;
      if (item.contains("type") && item["type"].is_string()) {
        kind = anonymise::ParseKind(item["type"].get<std::string>());
      }
      if (!kind) return InvalidArgument(which + " needs a 'type' such as NAME or ADDRESS");
      r.kind = *kind;
      d.redact.push_back(r);
    }
  }
  return d;
}

Result<http::Response> Draft(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"subject", JsonType::kString, true},
                                                          {"text", JsonType::kString, true}}));
  CK_ASSIGN_OR_RETURN(auto draft, api.folder.records().DraftAnonymised(
                                      call.actor, Text(body, "subject"), Text(body, "text")));
  return http::JsonResponse(200, json{{"subject", Text(body, "subject")},
                                      {"text", draft.text},
                                      {"replacements", ReplacementsJson(draft, true)}});
}

Result<http::Response> ReleaseText(Api& api, const Call& call) {
  CK_ASSIGN_OR_RETURN(json body, ParseBody(call.request, {{"subject", JsonType::kString, true},
                                                          {"text", JsonType::kString, true},
                                                          {"decisions", JsonType::kObject}}));
  CK_ASSIGN_OR_RETURN(auto decisions, ParseDecisions(body));
  CK_ASSIGN_OR_RETURN(auto released,
                      api.folder.records().ReleaseAnonymised(call.actor, Text(body, "subject"),
                                                             Text(body, "text"), decisions));
  return http::JsonResponse(200, json{{"subject", Text(body, "subject")},
                                      {"text", released.text},
                                      {"replacements", ReplacementsJson(released, false)}});
}

}  // namespace

Status AddAnonymiseRoutes(Api& api, http::Router& router) {
  CK_TRY(Route(api, router, "POST", "/api/v1/anonymise", Draft));
  CK_TRY(Route(api, router, "POST", "/api/v1/anonymise/release", ReleaseText));
  return {};
}

}  // namespace casekeep::api
