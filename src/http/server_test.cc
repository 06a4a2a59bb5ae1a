// The server end to end over loopback with the test client: routing through a real socket,
// port 0, keep-alive, security headers, HEAD, pipelining, handler exceptions and invalid
// responses.
#include "http/server.h"

#include <gtest/gtest.h>

#include "http/client.h"
#include "http/test_server.h"
#include "http/test_socket.h"

namespace casekeep::http {
namespace {

using namespace std::chrono_literals;
using testing::RawSocket;

class ServerTest : public testing::RoutedServerTest {};

TEST_F(ServerTest, ServesOnAPortPickedByTheSystem) {
  Start();
  ASSERT_NE(server_->port(), 0);
  EXPECT_FALSE(server_->tls());
  auto other = Server::Create({}, [](const Request&) { return Response{}; });
  ASSERT_TRUE(other);
  EXPECT_NE((*other)->port(), server_->port());

  Client client("127.0.0.1", server_->port());
  auto r = client.Get("/healthz");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(r->headers.Get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r->headers.Get("Cache-Control"), "no-store");
  EXPECT_EQ(r->headers.Get("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServerTest, PassesMethodQueryHeadersAndBodyToTheHandler) {
  Start();
  Client client("127.0.0.1", server_->port());
  Headers headers;
  headers.Add("X-Test", "yes");
  auto r = client.Send("POST", "/echo/h%C3%A9llo?a=1&b=two+words&a=2", headers, "{\"x\":1}");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->headers.Get("content-type"), "application/json");
  auto doc = nlohmann::json::parse(r->body);
  EXPECT_EQ(doc["method"], "POST");
  EXPECT_EQ(doc["word"], "h\xc3\xa9llo");
  EXPECT_EQ(doc["query"], (nlohmann::json{{"a", "1"}, {"b", "two words"}}));
  EXPECT_EQ(doc["x_test"], "yes");
  EXPECT_EQ(doc["body"], "{\"x\":1}");
  EXPECT_EQ(doc["tls"], false);
  EXPECT_EQ(doc["remote"], "127.0.0.1");
}

TEST_F(ServerTest, ErrorsFromTheRouterArriveAsProblems) {
  Start();
  Client client("127.0.0.1", server_->port());
  auto r = client.Get("/missing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->headers.Get("Content-Type"), "application/problem+json");
  EXPECT_EQ(r->headers.Get("Cache-Control"), "no-store");
  r = client.Send("DELETE", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->headers.Get("Allow"), "GET, HEAD");
  r = client.Get("/echo/..%2F..%2Fetc");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(client.connects(), 1);  // all on one keep-alive connection
}

TEST_F(ServerTest, KeepsTheConnectionAliveAcrossRequests) {
  Start();
  Client client("127.0.0.1", server_->port());
  std::string port;
  for (int i = 0; i < 5; ++i) {
    auto r = client.Get("/whoami");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->keep_alive);
    if (i == 0) port = r->body;
    EXPECT_EQ(r->body, port) << "request " << i << " came from another connection";
  }
  EXPECT_EQ(client.connects(), 1);
}

TEST_F(ServerTest, ClosesWhenTheClientOrTheHandlerAsks) {
  Start();
  Client once("127.0.0.1", server_->port(), ClientOptions{.keep_alive = false});
  for (int i = 0; i < 3; ++i) {
    auto r = once.Get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->keep_alive);
  }
  EXPECT_EQ(once.connects(), 3);

  Client client("127.0.0.1", server_->port());
  auto r = client.Get("/close");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->keep_alive);
  EXPECT_EQ(r->headers.Get("Connection"), "close");
  ASSERT_TRUE(client.Get("/healthz"));
  EXPECT_EQ(client.connects(), 2);
}

TEST_F(ServerTest, HeadHasTheLengthButNoBody) {
  Start();
  Client client("127.0.0.1", server_->port());
  auto r = client.Send("HEAD", "/healthz");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers.Get("Content-Length"), "2");
  EXPECT_EQ(r->body, "");
  ASSERT_TRUE(client.Get("/healthz"));  // the connection is still in step
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  Start();
  auto s = RawSocket::Connect(server_->port());
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(
      s->Send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
              "GET /missing HTTP/1.1\r\nHost: a\r\n\r\n"
              "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(testing::StatusOf(s->ReadResponse()), 200);
  EXPECT_EQ(testing::StatusOf(s->ReadResponse()), 404);
  std::string last = s->ReadResponse();
  EXPECT_EQ(testing::StatusOf(last), 200);
  EXPECT_EQ(testing::BodyOf(last), "ok");
  EXPECT_TRUE(s->WaitClosed(2s));
}

TEST_F(ServerTest, HandlerExceptionsBecome500Problems) {
  Start();
  Client client("127.0.0.1", server_->port());
  for (const char* target : {"/throw", "/throw-int"}) {
    auto r = client.Get(target);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 500) << target;
    EXPECT_EQ(r->headers.Get("Content-Type"), "application/problem+json");
    EXPECT_EQ(nlohmann::json::parse(r->body)["status"], 500);
    EXPECT_EQ(r->body.find("handler failed"), std::string::npos) << "internals leaked";
  }
  EXPECT_NE(Log().find("GET /throw threw: handler failed"), std::string::npos) << Log();
  auto r = client.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, InvalidResponsesFromTheHandlerBecome500) {
  Start();
  Client client("127.0.0.1", server_->port());
  auto r = client.Get("/bad-status");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  r = client.Get("/bad-header");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_FALSE(r->headers.Has("Set-Cookie"));
  EXPECT_FALSE(r->headers.Has("X-Injected"));
}

}  // namespace
}  // namespace casekeep::http
