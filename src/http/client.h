// A small blocking HTTP/1.1 client for tests and tools: plain HTTP (no TLS), one connection
// kept alive between requests when the server allows it, every step under a timeout.
//
// Thread-safety: a Client belongs to one thread at a time; use one Client per thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "http/message.h"

namespace casekeep::http {

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
  bool keep_alive = false;  //!< the server left the connection open for another request
};

struct ClientOptions {
  bool keep_alive = true;                     //!< false: Connection: close on every request
  std::chrono::milliseconds timeout{10'000};  //!< for connecting, sending and receiving each
  std::size_t max_body_bytes = 64 * 1024 * 1024;
};

class Client {
 public:
  //! Connects lazily, on the first Send. `host` is an IP address or a name to resolve.
  Client(std::string host, std::uint16_t port, ClientOptions options);
  Client(std::string host, std::uint16_t port);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  //! Sends one request and reads its response. Host, Content-Length and Connection are set
  //! here; `headers` may add others. Fails with kUnavailable if the server cannot be reached,
  //! the connection breaks or a timeout passes (the connection is then dropped; a request is
  //! never retried), or kInvalidArgument if the response is malformed or too large.
  [[nodiscard]] Result<ClientResponse> Send(std::string_view method, std::string_view target,
                                            const Headers& headers = {},
                                            std::string_view body = {});
  [[nodiscard]] Result<ClientResponse> Get(std::string_view target) { return Send("GET", target); }

  //! Drops the connection, if any; the next Send opens a new one.
  void Close();
  //! How many connections this client has opened so far.
  int connects() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace casekeep::http
