// The casekeep HTTP API (docs/api.md, docs/openapi.json): the routes under /api/v1 on the HTTP
// server of src/http, over one data folder and its staff accounts. Every route that touches
// personal data goes through the records service, and so through the access decision and the
// audit chain. Thread-safety: Create, Start and Stop from one thread; requests are served on
// the HTTP server's I/O threads.
#pragma once

#include <memory>
#include <vector>

#include "accounts/service.h"
#include "api/context.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "records/data_folder.h"

namespace casekeep::api {

//! I/O threads when none are asked for (measured with casekeep-bench api-read).
inline constexpr unsigned kDefaultIoThreads = 32;

struct ServerOptions {
  http::Server::Options http;
  //! Plain HTTP on an address other than loopback; off unless the operator says so.
  bool allow_plain_http = false;
};

//! True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(std::string_view host);

//! The OpenAPI 3.1 document served at /api/v1/openapi.json (docs/openapi.json, built in).
std::string_view OpenApiDocument();

class ApiServer {
 public:
  //! Registers every route and binds the listening socket. Fails with kInvalidArgument for
  //! plain HTTP on a non-loopback address without allow_plain_http, or the HTTP server's
  //! errors. `folder`, `accounts` and `clock` must outlive the server.
  [[nodiscard]] static Result<std::unique_ptr<ApiServer>> Create(
      records::DataFolder& folder, accounts::AccountsService& accounts, const Clock& clock,
      ServerOptions options);
  ~ApiServer();

  [[nodiscard]] Status Start();
  void Stop();
  std::uint16_t port() const;
  //! Every route, for checking against the OpenAPI document.
  std::vector<http::RouteInfo> Routes() const;

 private:
  ApiServer(records::DataFolder& folder, accounts::AccountsService& accounts, const Clock& clock);
  http::Metrics metrics_;
  Api api_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace casekeep::api
