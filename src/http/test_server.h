// Test fixture: a server on port 0 behind a router with routes that echo, sleep, throw and
// misbehave, with metrics and a captured log. Test-only; never linked into ck_http.
//
// Thread-safety: the routes are safe to call from the server's threads; the fixture itself
// belongs to the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>

#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"

namespace casekeep::http::testing {

class RoutedServerTest : public ::testing::Test {
 protected:
  //! Registers the routes: GET /healthz, POST /echo/{word}, GET /whoami (the client's port),
  //! GET /throw, /throw-int, /bad-status, /bad-header, /close, /sleep (300 ms), /work (100 us).
  void SetUp() override;
  //! Creates and starts the server with `options` plus this fixture's metrics and log.
  void Start(Server::Options options = {});
  //! What the server has logged so far.
  std::string Log();

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;

 private:
  std::mutex log_mu_;
  std::string log_;
};

}  // namespace casekeep::http::testing
