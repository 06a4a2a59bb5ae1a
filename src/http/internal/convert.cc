#include "http/internal/convert.h"

#include <utility>

#include "http/url.h"

namespace casekeep::http::internal {
namespace bhttp = boost::beast::http;

namespace {

std::string_view View(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

bool IsFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool IsFieldValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Fields whose meaning is the server's to decide, not the handler's.
bool IsServerOwned(std::string_view name) {
  for (std::string_view owned : {"Content-Length", "Transfer-Encoding", "Connection",
                                 "Cache-Control", "X-Content-Type-Options", "Content-Type"}) {
    if (EqualsIgnoreCase(name, owned)) return true;
  }
  return false;
}

}  // namespace

Result<Request> ToRequest(BeastRequest&& in, const Peer& peer) {
  Request out;
  out.method = std::string(View(in.method_string()));
  out.target = std::string(View(in.target()));
  CK_ASSIGN_OR_RETURN(TargetParts parts, SplitTarget(out.target));
  out.path = std::string(parts.path);
  CK_ASSIGN_OR_RETURN(out.query, ParseQuery(parts.query));
  for (const auto& field : in) {
    out.headers.Add(View(field.name_string()), View(field.value()));
  }
  out.body = std::move(in.body());
  out.remote_address = peer.address;
  out.remote_port = peer.port;
  out.tls = peer.tls;
  out.version = static_cast<int>(in.version());
  return out;
}

Status CheckRequestHeader(const BeastRequest& in, bool chunked) {
  if (in.version() >= 11 && in.find(bhttp::field::host) == in.end()) {
    return InvalidArgument("HTTP/1.1 request without a Host header");
  }
  if (in.find(bhttp::field::transfer_encoding) != in.end() && !chunked) {
    return InvalidArgument("Transfer-Encoding must end in chunked");
  }
  return {};
}

bool WantsClose(const Response& response) {
  auto connection = response.headers.Get("Connection");
  return connection && EqualsIgnoreCase(*connection, "close");
}

BeastResponse ToBeastResponse(Response&& in, unsigned version, bool keep_alive, bool head,
                              std::string* error) {
  if (auto type = in.headers.Get("Content-Type")) in.content_type = std::string(*type);
  std::string problem;
  if (in.status < 200 || in.status > 599) {
    problem = "handler returned status " + std::to_string(in.status);
  }
  for (const auto& [name, value] : in.headers.fields()) {
    if (!problem.empty()) break;
    if (!IsFieldName(name) || !IsFieldValue(value)) {
      problem = "handler returned a malformed header field \"" + name + "\"";
    }
  }
  if (!IsFieldValue(in.content_type)) problem = "handler returned a malformed content type";
  if (!problem.empty()) {
    if (error != nullptr) *error = problem;
    in = ProblemResponse(500, "The server could not produce a valid response.");
  }

  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(in.status));
  for (const auto& [name, value] : in.headers.fields()) {
    if (!IsServerOwned(name)) out.insert(name, value);
  }
  bool no_body = in.status == 204 || in.status == 304;
  if (no_body) in.body.clear();
  if (!in.content_type.empty() && !no_body) out.set(bhttp::field::content_type, in.content_type);
  out.set(bhttp::field::cache_control, "no-store");
  out.set("X-Content-Type-Options", "nosniff");
  out.keep_alive(keep_alive);
  out.body() = std::move(in.body);
  out.prepare_payload();
  if (head) {
    std::size_t length = out.body().size();
    out.body().clear();
    if (!no_body) out.content_length(length);
  }
  return out;
}

}  // namespace casekeep::http::internal
