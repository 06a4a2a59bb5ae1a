// Dispatching requests to handlers by method and path pattern ("GET /api/v1/records/{code}").
// Unknown paths get a 404 problem, a known path with another method a 405 problem with an
// Allow header, and a path with a bad escape or a traversal segment a 400 problem.
//
// Thread-safety: register every route before serving; after that Handle and Routes may be
// called from any number of threads at once (they only read).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "http/message.h"

namespace casekeep::http {

//! One registered route, as written: {"GET", "/api/v1/records/{code}"}.
struct RouteInfo {
  std::string method;
  std::string pattern;
  friend bool operator==(const RouteInfo&, const RouteInfo&) = default;
};

class Router {
 public:
  //! Path parameters arrive percent-decoded, never ".", "..", or holding '/', '\\' or NUL.
  using RouteHandler = std::function<Response(const Request&, const PathParams&)>;

  //! Routes `method` requests whose path matches `pattern` to `handler`. A pattern starts
  //! with '/' and each segment is literal text or a whole-segment "{name}". Where several
  //! patterns match, literal segments win over parameters, leftmost first. HEAD requests use
  //! the GET route unless a HEAD route exists. Fails with kInvalidArgument on a malformed
  //! pattern or method, kAlreadyExists if the method already has an equivalent pattern.
  [[nodiscard]] Status Add(std::string_view method, std::string_view pattern, RouteHandler handler);

  //! The handler's response, or a 400, 404 or 405 problem. Handler exceptions propagate.
  Response Handle(const Request& request) const;

  //! Every registered (method, pattern), in registration order.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Segment {
    bool is_param = false;
    std::string text;  // literal text, or the parameter's name
  };
  struct Route {
    RouteInfo info;
    std::vector<Segment> segments;
    RouteHandler handler;
  };

  static bool Matches(const Route& route, const std::vector<std::string>& segments);
  static bool MoreSpecific(const Route& a, const Route& b);

  std::vector<Route> routes_;
};

}  // namespace casekeep::http
