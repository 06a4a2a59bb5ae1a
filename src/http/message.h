// HTTP requests and responses as plain values, independent of the transport: what a handler
// receives and what it returns, plus builders for JSON bodies and RFC 9457 problem details.
//
// Thread-safety: plain value types; a const Request may be read from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casekeep::http {

//! Header fields in arrival order; names compare case-insensitively (RFC 9110 5.1).
class Headers {
 public:
  //! The first value of `name`, or nullopt if absent.
  std::optional<std::string_view> Get(std::string_view name) const;
  //! Every value of `name`, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  //! Replaces every field called `name` with one field.
  void Set(std::string_view name, std::string_view value);
  //! Appends a field, keeping any of the same name (Set-Cookie).
  void Add(std::string_view name, std::string_view value);
  void Remove(std::string_view name);

  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

//! True if `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

//! Maps with heterogeneous lookup, so `map.find("code")` does not allocate.
using QueryParams = std::map<std::string, std::string, std::less<>>;
using PathParams = std::map<std::string, std::string, std::less<>>;

struct Request {
  std::string method;  //!< as sent, upper case by convention: "GET"
  std::string target;  //!< the raw request target: "/api/v1/records?limit=10"
  std::string path;    //!< the target before '?', still percent-encoded
  QueryParams query;   //!< decoded; for a repeated name the first value wins
  Headers headers;
  std::string body;
  std::string remote_address;  //!< the peer's IP address, no port
  std::uint16_t remote_port = 0;
  bool tls = false;  //!< arrived over TLS
  int version = 11;  //!< 10 for HTTP/1.0, 11 for HTTP/1.1
};

struct Response {
  int status = 200;
  Headers headers;  //!< the server adds Content-Length and its own security headers
  std::string body;
  std::string content_type = "text/plain; charset=utf-8";  //!< not sent when empty
};

//! The reason phrase of `status` ("Not Found"), or "Unknown" for an unregistered code.
std::string_view StatusReason(int status);

//! A response with `body` serialised as JSON and Content-Type application/json.
Response JsonResponse(int status, const nlohmann::json& body);

//! An RFC 9457 problem. `title` defaults to the status's reason phrase; `extra` members (an
//! object, or null) are merged into the document but never override the standard five.
struct Problem {
  int status = 500;
  std::string title;
  std::string detail;
  std::string type = "about:blank";
  std::string instance;
  nlohmann::json extra;
};

//! `problem` as an application/problem+json response.
Response ProblemResponse(const Problem& problem);
//! Shorthand for the common case: status, title from the status, and a detail sentence.
Response ProblemResponse(int status, std::string detail);

}  // namespace casekeep::http
