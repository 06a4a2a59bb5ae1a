#include "http/router.h"

#include <algorithm>
#include <set>

#include "http/url.h"

namespace casekeep::http {
namespace {

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

Status Router::Add(std::string_view method, std::string_view pattern, RouteHandler handler) {
  if (!IsToken(method)) return InvalidArgument("bad HTTP method \"" + std::string(method) + "\"");
  if (!handler) return InvalidArgument("route " + std::string(pattern) + " has no handler");
  if (pattern.empty() || pattern.front() != '/') {
    return InvalidArgument("route pattern must start with '/': \"" + std::string(pattern) + "\"");
  }
  Route route;
  route.info = {std::string(method), std::string(pattern)};
  std::set<std::string, std::less<>> names;
  std::string_view rest = pattern.substr(1);
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view text = rest.substr(0, slash);
    Segment segment;
    if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
      segment.is_param = true;
      segment.text = std::string(text.substr(1, text.size() - 2));
      if (!IsToken(segment.text) || !names.insert(segment.text).second) {
        return InvalidArgument("bad or repeated parameter {" + segment.text + "} in route " +
                               std::string(pattern));
      }
    } else {
      if (text.find_first_of("{}%") != std::string_view::npos || text == "." || text == "..") {
        return InvalidArgument("bad literal segment \"" + std::string(text) + "\" in route " +
                               std::string(pattern));
      }
      segment.text = std::string(text);
    }
    route.segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  for (const Route& existing : routes_) {
    if (existing.info.method != route.info.method) continue;
    if (existing.segments.size() != route.segments.size()) continue;
    bool same_shape =
        std::equal(existing.segments.begin(), existing.segments.end(), route.segments.begin(),
                   [](const Segment& a, const Segment& b) {
                     return a.is_param == b.is_param && (a.is_param || a.text == b.text);
                   });
    if (same_shape) {
      return Fail(ErrorCode::kAlreadyExists, "route " + route.info.method + " " +
                                                 route.info.pattern + " duplicates " +
                                                 existing.info.pattern);
    }
  }
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
  return {};
}

bool Router::Matches(const Route& route, const std::vector<std::string>& segments) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = route.segments[i];
    if (s.is_param ? segments[i].empty() : s.text != segments[i]) return false;
  }
  return true;
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
  }
  return false;
}

Response Router::Handle(const Request& request) const {
  auto segments = DecodePathSegments(request.path);
  if (!segments) return ProblemResponse(400, segments.error().message);

  std::vector<const Route*> candidates;
  for (const Route& route : routes_) {
    if (Matches(route, *segments)) candidates.push_back(&route);
  }
  if (candidates.empty()) return ProblemResponse(404, "No resource at this path.");

  auto best_for = [&](std::string_view method) -> const Route* {
    const Route* best = nullptr;
    for (const Route* r : candidates) {
      if (r->info.method != method) continue;
      if (best == nullptr || MoreSpecific(*r, *best)) best = r;
    }
    return best;
  };
  const Route* chosen = best_for(request.method);
  if (chosen == nullptr && request.method == "HEAD") chosen = best_for("GET");
  if (chosen == nullptr) {
    std::set<std::string> allowed;
    for (const Route* r : candidates) {
      allowed.insert(r->info.method);
      if (r->info.method == "GET") allowed.insert("HEAD");
    }
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    Response response =
        ProblemResponse(405, "Method " + request.method + " is not allowed here; use " + allow);
    response.headers.Set("Allow", allow);
    return response;
  }

  PathParams params;
  for (std::size_t i = 0; i < chosen->segments.size(); ++i) {
    if (chosen->segments[i].is_param) {
      params.emplace(chosen->segments[i].text, std::move((*segments)[i]));
    }
  }
  return chosen->handler(request, params);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const Route& r : routes_) out.push_back(r.info);
  return out;
}

}  // namespace casekeep::http
