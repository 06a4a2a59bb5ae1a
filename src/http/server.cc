#include "http/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <future>
#include <thread>
#include <utility>
#include <vector>

#include "http/internal/core.h"
#include "http/internal/session.h"
#include "http/internal/tls.h"

namespace casekeep::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// The reply to a connection over the limit, sent before reading anything from it.
std::string BusyResponse() {
  std::string body = ProblemResponse(503, "Too many connections.").body;
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
         "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n"
         "Retry-After: 1\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

constexpr int kAcceptBatch = 256;  // connections taken from the backlog per turn

}  // namespace

class Server::Impl {
 public:
  Impl(std::shared_ptr<internal::ServerCore> core, unsigned threads)
      : core_(std::move(core)),
        threads_wanted_(threads),
        acceptor_(asio::make_strand(io_)),
        retry_timer_(acceptor_.get_executor()) {}

  ~Impl() { Stop(); }

  Status Listen() {
    const auto& options = core_->options();
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options.host, ec);
    if (ec) return InvalidArgument("listen address \"" + options.host + "\": " + ec.message());
    tcp::endpoint endpoint(address, options.port);
    auto fail = [&](std::string_view what) {
      return IoError("http: " + std::string(what) + " " + options.host + ":" +
                     std::to_string(options.port) + ": " + ec.message());
    };
    if (acceptor_.open(endpoint.protocol(), ec); ec) return fail("cannot open socket for");
    if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec) {
      return fail("cannot set SO_REUSEADDR on");
    }
    if (acceptor_.bind(endpoint, ec); ec) return fail("cannot bind");
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) {
      return fail("cannot listen on");
    }
    if (acceptor_.non_blocking(true, ec); ec) return fail("cannot make non-blocking");
    port_ = acceptor_.local_endpoint(ec).port();
    if (ec) return fail("cannot read the bound port of");
    return {};
  }

  Status Start() {
    if (started_ || stopped_) return Fail(ErrorCode::kFailedPrecondition, "server already started");
    started_ = true;
    asio::post(acceptor_.get_executor(), [this] { Accept(); });
    threads_.reserve(threads_wanted_);
    for (unsigned i = 0; i < threads_wanted_; ++i) {
      threads_.emplace_back([this] { io_.run(); });
    }
    return {};
  }

  void Stop() {
    if (stopped_) return;
    stopped_ = true;
    if (started_) {
      std::promise<void> closed;
      asio::post(acceptor_.get_executor(), [&] {
        CloseAcceptor();
        closed.set_value();
      });
      closed.get_future().wait();
    } else {
      CloseAcceptor();
    }
    core_->BeginStop();
    if (!core_->WaitForNoConnections(core_->options().stop_grace)) {
      core_->Log("http: stop grace period over; closing the remaining connections");
    }
    io_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  std::uint16_t port() const { return port_; }
  const std::shared_ptr<internal::ServerCore>& core() const { return core_; }

 private:
  void CloseAcceptor() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
  }

  void Accept() {
    acceptor_.async_accept(asio::make_strand(io_),
                           [this](boost::system::error_code ec, internal::Socket socket) {
                             OnAccept(ec, std::move(socket));
                           });
  }

  void OnAccept(boost::system::error_code ec, internal::Socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Typically out of file descriptors: back off instead of spinning.
      core_->Log("http: accept failed: " + ec.message());
      retry_timer_.expires_after(std::chrono::milliseconds(50));
      retry_timer_.async_wait([this](boost::system::error_code wec) {
        if (!wec && acceptor_.is_open()) Accept();
      });
      return;
    }
    Serve(std::move(socket));
    // Take the rest of the backlog now (the acceptor is non-blocking): accepting one
    // connection per turn of a busy handler queue once left a quarter of 1,000 connecting
    // clients unaccepted for seconds. Errors other than would_block resurface in Accept.
    for (int i = 0; i < kAcceptBatch; ++i) {
      internal::Socket next(asio::make_strand(io_));
      acceptor_.accept(next, ec);
      if (ec) break;
      Serve(std::move(next));
    }
    Accept();
  }

  void Serve(internal::Socket socket) {
    boost::system::error_code ec;
    internal::Peer peer;
    auto remote = socket.remote_endpoint(ec);
    if (ec) return;  // the client has already gone
    peer.address = remote.address().to_string();
    peer.port = remote.port();
    socket.set_option(tcp::no_delay(true), ec);
    if (!core_->TryReserve()) return Reject(std::move(socket));
    internal::StartSession(core_, std::move(socket), std::move(peer));
  }

  // Best effort, never blocking: a fresh socket's send buffer takes the whole reply.
  void Reject(internal::Socket socket) {
    if (auto* metrics = core_->metrics()) metrics->ConnectionRejected();
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    if (!ec && core_->tls() == nullptr) socket.write_some(asio::buffer(busy_response_), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  std::shared_ptr<internal::ServerCore> core_;
  unsigned threads_wanted_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
  std::vector<std::thread> threads_;
  const std::string busy_response_ = BusyResponse();
  std::uint16_t port_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

Result<std::unique_ptr<Server>> Server::Create(Options options, Handler handler) {
  if (!handler) return InvalidArgument("http server needs a handler");
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return InvalidArgument("TLS needs both a certificate file and a key file");
  }
  if (options.max_connections == 0 || options.max_header_bytes == 0) {
    return InvalidArgument("max_connections and max_header_bytes must be positive");
  }
  unsigned threads = options.io_threads;
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  std::shared_ptr<asio::ssl::context> tls;
  if (!options.tls_cert_file.empty()) {
    CK_ASSIGN_OR_RETURN(
        tls, internal::MakeServerTlsContext(options.tls_cert_file, options.tls_key_file));
  }
  auto core = std::make_shared<internal::ServerCore>(std::move(options), std::move(handler),
                                                     std::move(tls));
  auto impl = std::make_unique<Impl>(std::move(core), threads);
  CK_TRY(impl->Listen());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Status Server::Start() {
  return impl_->Start();
}
void Server::Stop() {
  impl_->Stop();
}
std::uint16_t Server::port() const {
  return impl_->port();
}
bool Server::tls() const {
  return impl_->core()->tls() != nullptr;
}
std::size_t Server::connections() const {
  return impl_->core()->open_connections();
}

}  // namespace casekeep::http
