#include "http/message.h"

#include <algorithm>
#include <boost/beast/http/status.hpp>

namespace casekeep::http {
namespace {

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& [n, v] : fields_) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::vector<std::string_view> Headers::GetAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [n, v] : fields_) {
    if (EqualsIgnoreCase(n, name)) out.emplace_back(v);
  }
  return out;
}

void Headers::Set(std::string_view name, std::string_view value) {
  Remove(name);
  Add(name, value);
}

void Headers::Add(std::string_view name, std::string_view value) {
  fields_.emplace_back(std::string(name), std::string(value));
}

void Headers::Remove(std::string_view name) {
  std::erase_if(fields_, [&](const auto& f) { return EqualsIgnoreCase(f.first, name); });
}

std::string_view StatusReason(int status) {
  if (status < 100 || status > 999) return "Unknown";
  namespace bhttp = boost::beast::http;
  auto reason = bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(status)));
  return {reason.data(), reason.size()};
}

Response JsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  // Replace invalid UTF-8 rather than throw: a response must always be producible.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.content_type = "application/json";
  return r;
}

Response ProblemResponse(const Problem& problem) {
  nlohmann::json doc = nlohmann::json::object();
  if (problem.extra.is_object()) doc = problem.extra;
  doc["type"] = problem.type.empty() ? "about:blank" : problem.type;
  doc["title"] = problem.title.empty() ? std::string(StatusReason(problem.status)) : problem.title;
  doc["status"] = problem.status;
  if (problem.detail.empty())
    doc.erase("detail");
  else
    doc["detail"] = problem.detail;
  if (problem.instance.empty())
    doc.erase("instance");
  else
    doc["instance"] = problem.instance;
  Response r = JsonResponse(problem.status, doc);
  r.content_type = "application/problem+json";
  return r;
}

Response ProblemResponse(int status, std::string detail) {
  Problem p;
  p.status = status;
  p.detail = std::move(detail);
  return ProblemResponse(p);
}

}  // namespace casekeep::http
