// What the server does with requests a handler never sees: bodies over the limit (413, by
// Content-Length and while reading chunks), huge headers (431), malformed requests (400),
// slow clients (408 and close), idle keep-alive connections, and Expect: 100-continue.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "http/client.h"
#include "http/server.h"
#include "http/test_socket.h"

namespace casekeep::http {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using testing::BodyOf;
using testing::HeaderOf;
using testing::RawSocket;
using testing::StatusOf;

class ServerLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Server::Options options;
    options.max_body_bytes = 1024;
    options.max_header_bytes = 4096;
    options.header_timeout = 300ms;
    options.body_timeout = 300ms;
    options.idle_timeout = 300ms;
    auto server = Server::Create(options, [this](const Request& req) {
      ++handled_;
      Response r;
      r.body = req.method + " " + std::to_string(req.body.size()) + " " + req.body;
      return r;
    });
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start());
  }

  std::unique_ptr<RawSocket> Connect() {
    auto s = RawSocket::Connect(server_->port());
    EXPECT_NE(s, nullptr);
    return s;
  }

  // Sends `request` on a fresh connection; the response, which must end the connection.
  std::string SendExpectingClose(std::string_view request) {
    auto s = Connect();
    if (s == nullptr) return "";
    s->Send(request);
    bool closed = false;
    std::string reply = s->ReadUntilClosed(3s, &closed);
    EXPECT_TRUE(closed) << "connection left open after: " << reply;
    return reply;
  }

  void ExpectStillServing() {
    Client client("127.0.0.1", server_->port());
    auto r = client.Get("/");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 200);
  }

  std::atomic<int> handled_{0};
  std::unique_ptr<Server> server_;
};

TEST_F(ServerLimitsTest, BodyOverTheLimitByContentLengthIs413BeforeReading) {
  // Only the header is sent: the 413 must come from Content-Length alone.
  std::string reply =
      SendExpectingClose("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 2097152\r\n\r\n");
  EXPECT_EQ(StatusOf(reply), 413) << reply;
  EXPECT_EQ(HeaderOf(reply, "Content-Type"), "application/problem+json");
  EXPECT_EQ(HeaderOf(reply, "Connection"), "close");
  EXPECT_EQ(HeaderOf(reply, "Cache-Control"), "no-store");
  EXPECT_NE(BodyOf(reply).find("\"status\":413"), std::string::npos);
  EXPECT_EQ(handled_.load(), 0);
  ExpectStillServing();
}

TEST_F(ServerLimitsTest, BodyOverTheLimitSentWholeStillGetsTheResponse) {
  Client client("127.0.0.1", server_->port());
  auto r = client.Send("POST", "/upload", {}, std::string(64 * 1024, 'x'));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 413);
  r = client.Send("POST", "/upload", {}, std::string(1024, 'x'));  // exactly the limit
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.substr(0, 10), "POST 1024 ");
}

TEST_F(ServerLimitsTest, ChunkedBodyOverTheLimitIs413WhileReading) {
  auto s = Connect();
  ASSERT_TRUE(s->Send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"));
  std::string chunk = "200\r\n" + std::string(512, 'y') + "\r\n";
  ASSERT_TRUE(s->Send(chunk + chunk));  // 1024 bytes: at the limit
  ASSERT_TRUE(s->Send(chunk));          // one over
  bool closed = false;
  std::string reply = s->ReadUntilClosed(3s, &closed);
  EXPECT_EQ(StatusOf(reply), 413) << reply;
  EXPECT_TRUE(closed);
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(ServerLimitsTest, ChunkedBodyWithinTheLimitReachesTheHandler) {
  auto s = Connect();
  ASSERT_TRUE(
      s->Send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  std::string reply = s->ReadResponse();
  EXPECT_EQ(StatusOf(reply), 200) << reply;
  EXPECT_EQ(BodyOf(reply), "POST 11 hello world");
}

TEST_F(ServerLimitsTest, HugeHeaderIs431) {
  std::string reply = SendExpectingClose(
      "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(8 * 1024, 'z') + "\r\n\r\n");
  EXPECT_EQ(StatusOf(reply), 431) << reply;
  EXPECT_EQ(HeaderOf(reply, "Content-Type"), "application/problem+json");
  reply = SendExpectingClose("GET /" + std::string(8 * 1024, 'p') + " HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(StatusOf(reply), 431) << reply;
  EXPECT_EQ(handled_.load(), 0);
  ExpectStillServing();
}

TEST_F(ServerLimitsTest, MalformedRequestsAre400AndNeverReachTheHandler) {
  const std::string requests[] = {
      "GARBAGE\r\n\r\n",
      "GET\r\n\r\n",
      "GET / HTTP/9.9\r\nHost: a\r\n\r\n",
      "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nX: a\x01\x02\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",  // HTTP/1.1 without Host
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "G\0T / HTTP/1.1\r\nHost: a\r\n\r\n"s,
      "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"s,  // binary junk
  };
  for (const std::string& request : requests) {
    std::string reply = SendExpectingClose(request);
    EXPECT_EQ(StatusOf(reply), 400) << ::testing::PrintToString(request) << " -> " << reply;
  }
  EXPECT_EQ(handled_.load(), 0);
  ExpectStillServing();
}

TEST_F(ServerLimitsTest, BadTargetsAre400ButKeepTheConnection) {
  auto s = Connect();
  for (const char* target : {"http://example.org/", "*", "/x?a=%zz", "/x?a=%00"}) {
    ASSERT_TRUE(s->Send(std::string("GET ") + target + " HTTP/1.1\r\nHost: a\r\n\r\n"));
    std::string reply = s->ReadResponse();
    EXPECT_EQ(StatusOf(reply), 400) << target << " -> " << reply;
  }
  ASSERT_TRUE(s->Send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_EQ(StatusOf(s->ReadResponse()), 200);
  EXPECT_EQ(handled_.load(), 1);
}

TEST_F(ServerLimitsTest, SlowHeaderGets408AndIsClosed) {
  auto s = Connect();
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(s->Send("GET / HTTP/1.1\r\nHost: a\r\n"));  // never finished
  bool closed = false;
  std::string reply = s->ReadUntilClosed(3s, &closed);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(closed);
  EXPECT_EQ(StatusOf(reply), 408) << reply;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2500ms);
}

TEST_F(ServerLimitsTest, TricklingHeaderIsCutOffAtTheDeadline) {
  auto s = Connect();
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  std::string reply;
  // One byte every 50 ms would take 1.5 s; the header deadline is 300 ms from the first.
  for (int i = 0; i < 30 && !closed; ++i) {
    if (!s->Send("X")) break;
    reply += s->ReadUntilClosed(50ms, &closed);
  }
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(closed);
  EXPECT_EQ(StatusOf(reply), 408) << reply;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 1000ms);
}

TEST_F(ServerLimitsTest, SlowBodyGets408AndIsClosed) {
  auto s = Connect();
  ASSERT_TRUE(s->Send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789"));
  bool closed = false;
  std::string reply = s->ReadUntilClosed(3s, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(StatusOf(reply), 408) << reply;
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(ServerLimitsTest, SilentConnectionIsClosedWithoutAResponse) {
  auto s = Connect();
  EXPECT_TRUE(s->WaitClosed(3s));
}

TEST_F(ServerLimitsTest, IdleKeepAliveConnectionIsClosed) {
  auto s = Connect();
  ASSERT_TRUE(s->Send("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_EQ(StatusOf(s->ReadResponse()), 200);
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(s->WaitClosed(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
}

TEST_F(ServerLimitsTest, ExpectContinueIsAnsweredBeforeTheBody) {
  auto s = Connect();
  ASSERT_TRUE(
      s->Send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
              "Expect: 100-continue\r\n\r\n"));
  EXPECT_EQ(StatusOf(s->ReadResponse()), 100);
  ASSERT_TRUE(s->Send("hello"));
  std::string reply = s->ReadResponse();
  EXPECT_EQ(StatusOf(reply), 200);
  EXPECT_EQ(BodyOf(reply), "POST 5 hello");

  // Too large: 413 at once, no 100.
  auto t = Connect();
  ASSERT_TRUE(
      t->Send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n"
              "Expect: 100-continue\r\n\r\n"));
  EXPECT_EQ(StatusOf(t->ReadResponse()), 413);
}

TEST_F(ServerLimitsTest, Http10ClosesUnlessAskedToKeepAlive) {
  std::string reply = SendExpectingClose("GET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(StatusOf(reply), 200) << reply;
  auto s = Connect();
  ASSERT_TRUE(s->Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  reply = s->ReadResponse();
  EXPECT_EQ(StatusOf(reply), 200);
  EXPECT_TRUE(EqualsIgnoreCase(HeaderOf(reply, "Connection"), "keep-alive")) << reply;
}

}  // namespace
}  // namespace casekeep::http
