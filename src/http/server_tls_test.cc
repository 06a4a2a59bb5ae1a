// TLS: a self-signed certificate made with the openssl command at test time, requests over
// TLS 1.2 and 1.3 on one kept-alive connection, older versions refused, plain HTTP or
// silence on the TLS port closed, and unusable certificate files refused at Create.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <stdlib.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <filesystem>

#include "http/server.h"
#include "http/test_socket.h"

namespace casekeep::http {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace bhttp = boost::beast::http;
using namespace std::chrono_literals;
using tcp = asio::ip::tcp;

// A blocking TLS client with a deadline on every step.
class TlsClient {
 public:
  TlsClient(const std::string& ca_file, int min_version, int max_version)
      : ctx_(ssl::context::tls_client) {
    ctx_.load_verify_file(ca_file);
    ctx_.set_verify_mode(ssl::verify_peer);
    // Let this client offer old versions, so a refusal is the server's doing.
    SSL_CTX_set_security_level(ctx_.native_handle(), 0);
    SSL_CTX_set_min_proto_version(ctx_.native_handle(), min_version);
    SSL_CTX_set_max_proto_version(ctx_.native_handle(), max_version);
    stream_.emplace(io_, ctx_);
  }

  boost::system::error_code Connect(std::uint16_t port) {
    boost::system::error_code ec;
    stream_->next_layer().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) return ec;
    return Run([&](auto h) { stream_->async_handshake(ssl::stream_base::client, h); });
  }

  std::optional<bhttp::response<bhttp::string_body>> Get(const std::string& target) {
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, "localhost");
    if (Run([&](auto h) { bhttp::async_write(*stream_, req, h); })) return std::nullopt;
    bhttp::response<bhttp::string_body> res;
    if (Run([&](auto h) { bhttp::async_read(*stream_, buffer_, res, h); })) return std::nullopt;
    return res;
  }

  std::string Version() { return SSL_get_version(stream_->native_handle()); }

 private:
  template <class Start>
  boost::system::error_code Run(Start&& start) {
    boost::system::error_code result = asio::error::would_block;
    start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
    io_.restart();
    io_.run_for(5s);
    if (result == asio::error::would_block) {
      boost::system::error_code ignored;
      stream_->next_layer().close(ignored);
      io_.restart();
      io_.run();
      return asio::error::timed_out;
    }
    return result;
  }

  asio::io_context io_;
  ssl::context ctx_;
  std::optional<ssl::stream<tcp::socket>> stream_;
  boost::beast::flat_buffer buffer_;
};

class ServerTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ck-http-tls-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    std::string cmd = "cd '" + dir_ +
                      "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                      "-nodes -days 1 -subj /CN=localhost "
                      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 "
                      "-keyout key.pem -out cert.pem >/dev/null 2>&1 && "
                      "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 "
                      "-out other-key.pem >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl failed: " << cmd;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  void SetUp() override {
    Server::Options options;
    options.tls_cert_file = dir_ + "/cert.pem";
    options.tls_key_file = dir_ + "/key.pem";
    options.header_timeout = 300ms;
    auto server = Server::Create(options, [](const Request& req) {
      Response r;
      r.body = std::string(req.tls ? "tls " : "plain ") + req.target;
      return r;
    });
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start());
  }

  static std::string Cert() { return dir_ + "/cert.pem"; }

  static inline std::string dir_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTlsTest, ServesSeveralRequestsOnOneTlsConnection) {
  EXPECT_TRUE(server_->tls());
  TlsClient client(Cert(), TLS1_2_VERSION, TLS1_3_VERSION);
  ASSERT_FALSE(client.Connect(server_->port()));
  EXPECT_EQ(client.Version(), "TLSv1.3");
  for (int i = 0; i < 3; ++i) {
    auto r = client.Get("/x" + std::to_string(i));
    ASSERT_TRUE(r) << "request " << i;
    EXPECT_EQ(r->result_int(), 200U);
    EXPECT_EQ(r->body(), "tls /x" + std::to_string(i));
    EXPECT_EQ((*r)[bhttp::field::cache_control], "no-store");
    EXPECT_TRUE(r->keep_alive());
  }
}

TEST_F(ServerTlsTest, AcceptsTls12) {
  TlsClient client(Cert(), TLS1_2_VERSION, TLS1_2_VERSION);
  ASSERT_FALSE(client.Connect(server_->port()));
  EXPECT_EQ(client.Version(), "TLSv1.2");
  auto r = client.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "tls /");
}

TEST_F(ServerTlsTest, RefusesTls11AndOlder) {
  for (int version : {TLS1_VERSION, TLS1_1_VERSION}) {
    TlsClient client(Cert(), version, version);
    EXPECT_TRUE(client.Connect(server_->port())) << "version " << version;
  }
}

TEST_F(ServerTlsTest, ClosesPlainHttpAndSilentConnections) {
  auto plain = testing::RawSocket::Connect(server_->port());
  ASSERT_NE(plain, nullptr);
  ASSERT_TRUE(plain->Send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  bool closed = false;
  std::string reply = plain->ReadUntilClosed(3s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(reply.find("tls /"), std::string::npos);

  auto silent = testing::RawSocket::Connect(server_->port());
  ASSERT_NE(silent, nullptr);
  EXPECT_TRUE(silent->WaitClosed(3s));

  TlsClient client(Cert(), TLS1_2_VERSION, TLS1_3_VERSION);  // still serving
  ASSERT_FALSE(client.Connect(server_->port()));
  ASSERT_TRUE(client.Get("/"));
}

TEST_F(ServerTlsTest, RefusesUnusableCertificateFiles) {
  auto handler = [](const Request&) { return Response{}; };
  Server::Options missing;
  missing.tls_cert_file = dir_ + "/nope.pem";
  missing.tls_key_file = dir_ + "/key.pem";
  auto r = Server::Create(missing, handler);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);

  Server::Options mismatched;
  mismatched.tls_cert_file = dir_ + "/cert.pem";
  mismatched.tls_key_file = dir_ + "/other-key.pem";
  r = Server::Create(mismatched, handler);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("other-key.pem"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace casekeep::http
