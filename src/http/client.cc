#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <utility>

namespace casekeep::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {
std::string_view View(beast::string_view s) {
  return {s.data(), s.size()};
}
}  // namespace

class Client::Impl {
 public:
  Impl(std::string host, std::uint16_t port, ClientOptions options)
      : host_(std::move(host)), port_(port), options_(options) {}

  Result<ClientResponse> Send(std::string_view method, std::string_view target,
                              const Headers& headers, std::string_view body) {
    if (!stream_) CK_TRY(Connect());
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
    for (const auto& [name, value] : headers.fields()) req.insert(name, value);
    req.body() = std::string(body);
    req.keep_alive(options_.keep_alive);
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      req.prepare_payload();
    }

    stream_->expires_after(options_.timeout);
    beast::error_code ec = Run([&](auto handler) { bhttp::async_write(*stream_, req, handler); });
    if (ec) return Broken("sending", ec);

    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(static_cast<std::uint64_t>(options_.max_body_bytes));
    parser.header_limit(64 * 1024);
    if (method == "HEAD") parser.skip(true);
    stream_->expires_after(options_.timeout);
    ec = Run([&](auto handler) { bhttp::async_read(*stream_, buffer_, parser, handler); });
    if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
      Close();
      return InvalidArgument("http client: response too large: " + ec.message());
    }
    if (ec) return Broken("receiving", ec);

    auto& res = parser.get();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) out.headers.Add(View(field.name_string()), View(field.value()));
    out.body = std::move(res.body());
    out.keep_alive = res.keep_alive();
    if (!out.keep_alive || !options_.keep_alive) Close();
    return out;
  }

  void Close() {
    if (!stream_) return;
    beast::error_code ignored;
    stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_->close();
    stream_.reset();
    buffer_.clear();
  }

  int connects() const { return connects_; }

 private:
  // Runs one asynchronous operation to completion on this thread; the stream's expiry turns
  // a stall into error::timeout.
  template <class Start>
  beast::error_code Run(Start&& start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    io_.restart();
    io_.run();
    return result;
  }

  Status Connect() {
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
    if (ec)
      return Fail(ErrorCode::kUnavailable, "http client: resolve " + host_ + ": " + ec.message());
    stream_.emplace(io_);
    stream_->expires_after(options_.timeout);
    ec = Run([&](auto handler) {
      stream_->async_connect(endpoints,
                             [handler](beast::error_code e, const tcp::endpoint&) { handler(e); });
    });
    if (ec) {
      stream_.reset();
      return Fail(ErrorCode::kUnavailable, "http client: connect " + host_ + ":" +
                                               std::to_string(port_) + ": " + ec.message());
    }
    stream_->socket().set_option(tcp::no_delay(true), ec);
    ++connects_;
    return {};
  }

  std::unexpected<Error> Broken(std::string_view what, const beast::error_code& ec) {
    Close();
    return Fail(ErrorCode::kUnavailable, "http client: " + std::string(what) + ": " + ec.message());
  }

  std::string host_;
  std::uint16_t port_;
  ClientOptions options_;
  asio::io_context io_;
  std::optional<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  int connects_ = 0;
};

Client::Client(std::string host, std::uint16_t port, ClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(host), port, options)) {}
Client::Client(std::string host, std::uint16_t port) : Client(std::move(host), port, {}) {}
Client::~Client() = default;

Result<ClientResponse> Client::Send(std::string_view method, std::string_view target,
                                    const Headers& headers, std::string_view body) {
  return impl_->Send(method, target, headers, body);
}
void Client::Close() {
  impl_->Close();
}
int Client::connects() const {
  return impl_->connects();
}

}  // namespace casekeep::http
