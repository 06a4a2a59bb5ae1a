// The server under many connections and over its lifetime: 200 concurrent connections,
// many client threads, the connection limit, metrics, a graceful stop, Create's refusals.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "http/client.h"
#include "http/server.h"
#include "http/test_server.h"
#include "http/test_socket.h"

namespace casekeep::http {
namespace {

using namespace std::chrono_literals;
using testing::RawSocket;

class ServerConcurrencyTest : public testing::RoutedServerTest {};

TEST_F(ServerConcurrencyTest, ServesTwoHundredConcurrentConnections) {
  Server::Options options;
  options.io_threads = 2;
  Start(options);
  constexpr int kConnections = 200;
  std::vector<std::unique_ptr<RawSocket>> sockets;
  for (int i = 0; i < kConnections; ++i) {
    sockets.push_back(RawSocket::Connect(server_->port()));
    ASSERT_NE(sockets.back(), nullptr) << "connection " << i;
  }
  // Every connection is open at once; each sends two requests, interleaved across them.
  for (int round = 0; round < 2; ++round) {
    for (auto& s : sockets) ASSERT_TRUE(s->Send("GET /work HTTP/1.1\r\nHost: a\r\n\r\n"));
    int ok = 0;
    for (auto& s : sockets) {
      std::string r = s->ReadResponse();
      if (testing::StatusOf(r) == 200 && testing::BodyOf(r) == "done") ++ok;
    }
    EXPECT_EQ(ok, kConnections) << "round " << round;
  }
  EXPECT_EQ(server_->connections(), static_cast<std::size_t>(kConnections));
  EXPECT_EQ(metrics_.Read().connections_open, kConnections);
}

TEST_F(ServerConcurrencyTest, ManyClientThreadsAtOnce) {
  Start();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      Client client("127.0.0.1", server_->port());
      for (int i = 0; i < 50; ++i) {
        auto r = client.Get("/work");
        if (r && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 16 * 50);
}

TEST_F(ServerConcurrencyTest, RefusesConnectionsOverTheLimitWith503) {
  Server::Options options;
  options.max_connections = 2;
  Start(options);
  Client a("127.0.0.1", server_->port());
  Client b("127.0.0.1", server_->port());
  ASSERT_TRUE(a.Get("/healthz"));
  ASSERT_TRUE(b.Get("/healthz"));
  auto extra = RawSocket::Connect(server_->port());
  ASSERT_NE(extra, nullptr);
  bool closed = false;
  std::string reply = extra->ReadUntilClosed(2s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(testing::StatusOf(reply), 503) << reply;
  EXPECT_EQ(metrics_.Read().connections_rejected, 1U);
  b.Close();
  // The slot frees once the server has seen b go.
  for (int i = 0; i < 50 && server_->connections() > 1; ++i) std::this_thread::sleep_for(10ms);
  Client c("127.0.0.1", server_->port());
  auto r = c.Get("/healthz");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerConcurrencyTest, CountsResponsesInMetrics) {
  Start();
  Client client("127.0.0.1", server_->port());
  ASSERT_TRUE(client.Get("/healthz"));
  ASSERT_TRUE(client.Get("/healthz"));
  ASSERT_TRUE(client.Get("/missing"));
  ASSERT_TRUE(client.Get("/throw"));
  // A response is counted once written, which may be just after the client has read it.
  for (int i = 0; i < 100 && metrics_.Read().latency_count < 4; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  auto s = metrics_.Read();
  EXPECT_EQ(s.responses_by_class[1], 2U);
  EXPECT_EQ(s.responses_by_class[3], 1U);
  EXPECT_EQ(s.responses_by_class[4], 1U);
  EXPECT_EQ(s.latency_count, 4U);
  EXPECT_EQ(s.connections_total, 1U);
}

TEST_F(ServerConcurrencyTest, StopLetsARequestInProgressFinish) {
  Start();
  Client idle("127.0.0.1", server_->port());
  ASSERT_TRUE(idle.Get("/healthz"));  // an idle keep-alive connection
  auto slow = std::async(std::launch::async, [port = server_->port()] {
    Client client("127.0.0.1", port);
    return client.Get("/sleep");
  });
  while (metrics_.Read().connections_total < 2) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(50ms);  // the handler is running now
  auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "waited out the grace period";
  auto r = slow.get();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slept");
  EXPECT_FALSE(r->keep_alive);
  EXPECT_EQ(server_->connections(), 0U);
  EXPECT_FALSE(idle.Get("/healthz"));
  server_->Stop();  // idempotent
  EXPECT_FALSE(server_->Start());
}

TEST(ServerCreateTest, RefusesBadOptions) {
  auto handler = [](const Request&) { return Response{}; };
  Server::Options bad_host;
  bad_host.host = "not an address";
  EXPECT_EQ(Server::Create(bad_host, handler).error().code, ErrorCode::kInvalidArgument);

  Server::Options half_tls;
  half_tls.tls_cert_file = "/nonexistent/cert.pem";
  EXPECT_EQ(Server::Create(half_tls, handler).error().code, ErrorCode::kInvalidArgument);

  EXPECT_EQ(Server::Create({}, nullptr).error().code, ErrorCode::kInvalidArgument);

  auto first = Server::Create({}, handler);
  ASSERT_TRUE(first);
  Server::Options taken;
  taken.port = (*first)->port();
  auto second = Server::Create(taken, handler);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kIo);
}

TEST(ServerCreateTest, DestroyingWithoutStartOrStopIsClean) {
  auto server = Server::Create({}, [](const Request&) { return Response{}; });
  ASSERT_TRUE(server);
  server->reset();
  auto started = Server::Create({}, [](const Request&) { return Response{}; });
  ASSERT_TRUE(started);
  ASSERT_TRUE((*started)->Start());
  Client client("127.0.0.1", (*started)->port());
  ASSERT_TRUE(client.Get("/"));
  started->reset();  // the destructor stops
}

}  // namespace
}  // namespace casekeep::http
