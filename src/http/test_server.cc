#include "http/test_server.h"

#include <stdexcept>
#include <thread>

namespace casekeep::http::testing {

using namespace std::chrono_literals;

void RoutedServerTest::SetUp() {
  auto ok = [](Status s) { ASSERT_TRUE(s) << s.error().message; };
  ok(router_.Add("GET", "/healthz", [](const Request&, const PathParams&) {
    Response r;
    r.body = "ok";
    return r;
  }));
  ok(router_.Add("POST", "/echo/{word}", [](const Request& req, const PathParams& params) {
    nlohmann::json query = req.query;
    return JsonResponse(200, {{"method", req.method},
                              {"word", params.at("word")},
                              {"query", query},
                              {"x_test", req.headers.Get("x-TEST").value_or("")},
                              {"body", req.body},
                              {"tls", req.tls},
                              {"remote", req.remote_address}});
  }));
  ok(router_.Add("GET", "/whoami", [](const Request& req, const PathParams&) {
    Response r;
    r.body = std::to_string(req.remote_port);
    return r;
  }));
  ok(router_.Add("GET", "/throw", [](const Request&, const PathParams&) -> Response {
    throw std::runtime_error("handler failed");
  }));
  ok(router_.Add("GET", "/throw-int",
                 [](const Request&, const PathParams&) -> Response { throw 42; }));
  ok(router_.Add("GET", "/bad-status", [](const Request&, const PathParams&) {
    Response r;
    r.status = 42;
    return r;
  }));
  ok(router_.Add("GET", "/bad-header", [](const Request&, const PathParams&) {
    Response r;
    r.headers.Set("X-Injected", "a\r\nSet-Cookie: evil=1");
    return r;
  }));
  ok(router_.Add("GET", "/close", [](const Request&, const PathParams&) {
    Response r;
    r.headers.Set("Connection", "close");
    return r;
  }));
  ok(router_.Add("GET", "/sleep", [](const Request&, const PathParams&) {
    std::this_thread::sleep_for(300ms);
    Response r;
    r.body = "slept";
    return r;
  }));
  ok(router_.Add("GET", "/work", [](const Request&, const PathParams&) {
    std::this_thread::sleep_for(100us);  // about one SQLite read
    Response r;
    r.body = "done";
    return r;
  }));
}

void RoutedServerTest::Start(Server::Options options) {
  options.metrics = &metrics_;
  options.log = [this](std::string_view line) {
    std::lock_guard lock(log_mu_);
    log_ += std::string(line) + "\n";
  };
  auto server =
      Server::Create(std::move(options), [this](const Request& r) { return router_.Handle(r); });
  ASSERT_TRUE(server) << server.error().message;
  server_ = std::move(*server);
  ASSERT_TRUE(server_->Start());
}

std::string RoutedServerTest::Log() {
  std::lock_guard lock(log_mu_);
  return log_;
}

}  // namespace casekeep::http::testing
