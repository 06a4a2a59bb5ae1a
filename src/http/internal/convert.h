// Converting between Beast's messages and http::Request / http::Response, and the rules
// every response passes through on its way out (security headers, framing, HEAD). Internal.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <string>

#include "base/error.h"
#include "http/message.h"

namespace casekeep::http::internal {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

struct Peer {
  std::string address;
  std::uint16_t port = 0;
  bool tls = false;
};

//! `in` (moved from) as a Request. Fails with kInvalidArgument when the target is not a path
//! or its query string has a bad escape: the caller answers 400.
[[nodiscard]] Result<Request> ToRequest(BeastRequest&& in, const Peer& peer);

//! Checks that a complete request header may be served; an error's message is the detail of
//! a 400: HTTP/1.1 without Host, a Transfer-Encoding that does not end in chunked.
[[nodiscard]] Status CheckRequestHeader(const BeastRequest& in, bool chunked);

//! `in` (moved from) as the response to send. Adds Cache-Control: no-store and
//! X-Content-Type-Options: nosniff, sets the framing the server owns (Content-Length,
//! Connection), drops the body of a HEAD response but keeps its length. A status outside
//! 200-599 or a header field with CR, LF or NUL becomes a 500 problem, with `*error` set.
BeastResponse ToBeastResponse(Response&& in, unsigned version, bool keep_alive, bool head,
                              std::string* error);

//! True when the handler asked to close the connection (Connection: close).
bool WantsClose(const Response& response);

}  // namespace casekeep::http::internal
