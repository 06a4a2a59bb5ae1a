#include "http/internal/session.h"

#include <algorithm>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

namespace casekeep::http::internal {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using TlsStream = asio::ssl::stream<Socket>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Strand>;

namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kReadChunk = 4096;
constexpr std::chrono::milliseconds kLingerTime{2000};  // drain after an error response
constexpr std::chrono::milliseconds kTlsShutdownTime{2000};

Socket& Lowest(Socket& s) {
  return s;
}
Socket& Lowest(TlsStream& s) {
  return s.next_layer();
}

bool IsHttpError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

bool ClientWentAway(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

template <class Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(std::shared_ptr<ServerCore> core, Stream stream, Peer peer)
      : core_(std::move(core)),
        stream_(std::move(stream)),
        timer_(stream_.get_executor()),
        peer_(std::move(peer)) {}
  ~Session() override { core_->Release(id_); }

  void Start() {
    id_ = core_->Register(this->weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->Begin(); });
  }

  void CloseIfIdle() override {
    asio::post(stream_.get_executor(), [weak = this->weak_from_this()] {
      auto self = weak.lock();
      if (self == nullptr) return;
      bool idle = self->phase_ == Phase::kIdle || self->phase_ == Phase::kHandshake ||
                  (self->phase_ == Phase::kHeader && !self->GotRequestBytes());
      if (!idle) return;
      self->closing_idle_ = true;
      beast::error_code ignored;
      Lowest(self->stream_).cancel(ignored);
    });
  }

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  enum class Phase { kHandshake, kIdle, kHeader, kBody, kHandling, kWriting, kClosing, kClosed };

  const Server::Options& options() const { return core_->options(); }
  bool GotRequestBytes() const {
    return buffer_.size() > 0 || (parser_.has_value() && parser_->got_some());
  }

  // Deadlines: when the timer fires the socket's operations are cancelled and complete with
  // operation_aborted, with timed_out_ telling why.
  void Arm(std::chrono::milliseconds timeout) {
    timed_out_ = false;
    timer_.expires_after(timeout);
    timer_.async_wait([weak = this->weak_from_this()](beast::error_code ec) {
      if (ec) return;
      auto self = weak.lock();
      if (self == nullptr || self->timer_.expiry() > Clock::now()) return;  // re-armed since
      self->timed_out_ = true;
      beast::error_code ignored;
      Lowest(self->stream_).cancel(ignored);
    });
  }

  void Begin() {
    if (core_->stopping()) return Abort();
    Arm(options().header_timeout);  // for TLS this covers the handshake too
    if constexpr (kTls) {
      phase_ = Phase::kHandshake;
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->Abort();
                                self->ReadHeader();
                              });
    } else {
      ReadHeader();
    }
  }

  // Between requests: wait up to idle_timeout for a first byte, then give the whole header
  // header_timeout from there.
  void WaitForRequest() {
    parser_.reset();
    response_.reset();
    if (core_->stopping()) return Close(false);
    // A large body can leave 64 KiB of read buffer behind; an idle connection keeps 4 KiB.
    if (buffer_.size() == 0 && buffer_.capacity() > kReadChunk) buffer_.shrink_to_fit();
    if (buffer_.size() > 0) {  // a pipelined request is already here
      Arm(options().header_timeout);
      return ReadHeader();
    }
    phase_ = Phase::kIdle;
    Arm(options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->Abort();
                              self->Arm(self->options().header_timeout);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    phase_ = Phase::kHeader;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options().max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser_->body_limit(static_cast<std::uint64_t>(options().max_body_bytes));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                               self->OnHeader(ec);
                             });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    request_start_ = Clock::now();
    if (auto ok = CheckRequestHeader(parser_->get(), parser_->chunked()); !ok) {
      return SendError(400, ok.error().message);
    }
    if (parser_->is_done()) return Dispatch();
    phase_ = Phase::kBody;
    Arm(options().body_timeout);
    const auto& req = parser_->get();
    auto expect = req[bhttp::field::expect];
    if (req.version() >= 11 && beast::iequals(expect, "100-continue")) {
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = this->shared_from_this()](beast::error_code wec, std::size_t) {
                          if (wec) return self->OnReadError(wec);
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->OnReadError(ec);
                        self->Dispatch();
                      });
  }

  void OnReadError(beast::error_code ec) {
    if (closing_idle_) return Abort();
    if (timed_out_) {
      if (phase_ == Phase::kBody) return SendError(408, "The request body arrived too slowly.");
      if (GotRequestBytes()) return SendError(408, "The request header arrived too slowly.");
      return Abort();  // a connection that never sent anything
    }
    if (ClientWentAway(ec) || ec == asio::error::operation_aborted) return Abort();
    if (ec == bhttp::error::header_limit) {
      return SendError(431, "The request header is larger than " +
                                std::to_string(options().max_header_bytes) + " bytes.");
    }
    if (ec == bhttp::error::body_limit) {
      return SendError(413, "The request body is larger than " +
                                std::to_string(options().max_body_bytes) + " bytes.");
    }
    if (IsHttpError(ec)) return SendError(400, "Malformed request: " + ec.message() + ".");
    Abort();
  }

  void Dispatch() {
    phase_ = Phase::kHandling;
    timer_.cancel();  // a handler's own time is not limited here
    auto& req = parser_->get();
    bool head = req.method() == bhttp::verb::head;
    unsigned version = req.version();
    bool keep_alive = req.keep_alive();
    auto request = ToRequest(std::move(req), peer_);
    Response response =
        request ? CallHandler(*request) : ProblemResponse(400, request.error().message);
    keep_alive = keep_alive && !WantsClose(response) && !core_->stopping();
    Send(std::move(response), version, keep_alive, head, false);
  }

  Response CallHandler(const Request& request) {
    try {
      return core_->handler()(request);
    } catch (const std::exception& e) {
      core_->Log("http: handler for " + request.method + " " + request.path +
                 " threw: " + e.what());
    } catch (...) {
      core_->Log("http: handler for " + request.method + " " + request.path + " threw");
    }
    return ProblemResponse(500, "The server failed while handling this request.");
  }

  // An error response ends the connection: the rest of the request was not read.
  void SendError(int status, std::string detail) {
    if (phase_ != Phase::kBody) request_start_ = Clock::now();
    Send(ProblemResponse(status, std::move(detail)), 11, false, false, true);
  }

  void Send(Response response, unsigned version, bool keep_alive, bool head, bool linger) {
    std::string error;
    response_.emplace(ToBeastResponse(std::move(response), version, keep_alive, head, &error));
    if (!error.empty()) core_->Log("http: " + error);
    status_ = response_->result_int();
    phase_ = Phase::kWriting;
    Arm(options().write_timeout);
    bhttp::async_write(
        stream_, *response_,
        [self = this->shared_from_this(), keep_alive, linger](beast::error_code ec, std::size_t) {
          if (auto* metrics = self->core_->metrics()) {
            metrics->RecordResponse(static_cast<int>(self->status_),
                                    Clock::now() - self->request_start_);
          }
          if (ec) return self->Abort();
          if (!keep_alive) return self->Close(linger);
          self->WaitForRequest();
        });
  }

  // Ends the connection politely: TLS close_notify, or for plain TCP a half-close and, after
  // an error response, a short drain so unread request bytes do not turn into a reset that
  // could destroy the response before the client reads it.
  void Close(bool linger) {
    phase_ = Phase::kClosing;
    if constexpr (kTls) {
      Arm(kTlsShutdownTime);
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->Abort(); });
    } else {
      beast::error_code ignored;
      stream_.shutdown(tcp::socket::shutdown_send, ignored);
      if (!linger) return Abort();
      Arm(kLingerTime);
      Drain();
    }
  }

  void Drain() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->Abort();
                              self->Drain();
                            });
  }

  void Abort() {
    phase_ = Phase::kClosed;
    timer_.cancel();
    beast::error_code ignored;
    Lowest(stream_).close(ignored);
  }

  const std::shared_ptr<ServerCore> core_;
  Stream stream_;
  Timer timer_;
  const Peer peer_;
  std::uint64_t id_ = 0;
  Phase phase_ = Phase::kHeader;
  bool timed_out_ = false;
  bool closing_idle_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<BeastResponse> response_;
  unsigned status_ = 0;
  Clock::time_point request_start_ = Clock::now();
};

}  // namespace

void StartSession(const std::shared_ptr<ServerCore>& core, Socket socket, Peer peer) {
  if (auto* tls = core->tls()) {
    peer.tls = true;
    auto session = std::make_shared<Session<TlsStream>>(core, TlsStream(std::move(socket), *tls),
                                                        std::move(peer));
    session->Start();
  } else {
    auto session = std::make_shared<Session<Socket>>(core, std::move(socket), std::move(peer));
    session->Start();
  }
}

}  // namespace casekeep::http::internal
