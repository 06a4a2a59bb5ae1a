// An asynchronous HTTP/1.1 server (Boost.Asio and Beast): a few I/O threads multiplex many
// keep-alive connections, optionally over TLS 1.2+, and hand each complete request to one
// Handler. Limits on header and body size, slow clients, idle connections and connection
// count are enforced here, before a handler sees anything (docs/http.md lists them).
//
// Thread-safety: Create, Start and Stop are called from one controlling thread. The handler
// is called on the I/O threads, for different connections at the same time, so it must be
// thread-safe; requests on one connection are handled one after another. A handler that
// blocks holds up one I/O thread for that long, so it should block only briefly.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.h"
#include "http/message.h"
#include "http/metrics.h"

namespace casekeep::http {

//! Turns a request into a response. Exceptions are caught and become a 500 problem.
using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  struct Options {
    std::string host = "127.0.0.1";  //!< address to listen on ("0.0.0.0", "::1" ...)
    std::uint16_t port = 0;          //!< 0 picks a free port; port() tells which
    unsigned io_threads = 0;         //!< 0: std::thread::hardware_concurrency()
    //! PEM files; both empty for plain HTTP, both set for TLS 1.2 or later only.
    std::string tls_cert_file;
    std::string tls_key_file;

    std::size_t max_header_bytes = 16 * 1024;  //!< request line + fields; more: 431
    std::size_t max_body_bytes = 1024 * 1024;  //!< more: 413
    std::size_t max_connections = 10'000;      //!< more are sent 503 and closed
    //! The whole request header (and, for TLS, the handshake) must arrive within this from
    //! its first byte (or from accepting the connection); otherwise 408 and close.
    std::chrono::milliseconds header_timeout{10'000};
    //! The whole body must arrive within this after the header; otherwise 408 and close.
    std::chrono::milliseconds body_timeout{30'000};
    //! A keep-alive connection with no request for this long is closed silently.
    std::chrono::milliseconds idle_timeout{60'000};
    //! A response the client does not read within this is abandoned and the connection closed.
    std::chrono::milliseconds write_timeout{30'000};
    //! Stop waits this long for requests in progress before cutting connections.
    std::chrono::milliseconds stop_grace{5'000};

    //! Updated for every response and connection when set; must outlive the Server.
    Metrics* metrics = nullptr;
    //! Told about handler exceptions and I/O failures worth a log line; may be empty. Called
    //! on I/O threads. Never given request bodies or headers.
    std::function<void(std::string_view)> log;
  };

  //! Binds and listens (so port() is known) but serves nothing until Start. Fails with
  //! kInvalidArgument on bad options or unreadable TLS files, kIo if the address cannot be
  //! bound. `handler` is copied and must stay callable until the Server is destroyed.
  [[nodiscard]] static Result<std::unique_ptr<Server>> Create(Options options, Handler handler);

  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  //! Starts the I/O threads and returns at once. Fails with kFailedPrecondition if already
  //! started or stopped.
  [[nodiscard]] Status Start();

  //! Stops accepting, closes idle connections, lets requests in progress finish (their
  //! responses say Connection: close) for up to stop_grace, then closes the rest and joins
  //! the I/O threads. Idempotent. Must not be called from a handler.
  void Stop();

  //! The port actually bound.
  std::uint16_t port() const;
  bool tls() const;
  //! Connections open right now.
  std::size_t connections() const;

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace casekeep::http
