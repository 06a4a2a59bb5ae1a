#include "api/server.h"

namespace casekeep::api {

bool IsLoopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

ApiServer::ApiServer(records::DataFolder& folder, accounts::AccountsService& accounts,
                     const Clock& clock)
    : api_{folder, accounts, metrics_, clock} {}

ApiServer::~ApiServer() {
  Stop();
}

Result<std::unique_ptr<ApiServer>> ApiServer::Create(records::DataFolder& folder,
                                                     accounts::AccountsService& accounts,
                                                     const Clock& clock, ServerOptions options) {
  const bool tls = !options.http.tls_cert_file.empty() || !options.http.tls_key_file.empty();
  if (!tls && !options.allow_plain_http && !IsLoopback(options.http.host)) {
    return InvalidArgument(
        "plain HTTP is served only on loopback (127.0.0.1 or ::1): give "
        "--tls-cert and --tls-key, or --allow-plain-http behind a TLS proxy");
  }
  if (options.http.io_threads == 0) {
    // Handlers block while their audit entry is committed (group commit): more threads than
    // cores keep other connections served meanwhile and let more reads share one commit.
    options.http.io_threads = kDefaultIoThreads;
  }
  std::unique_ptr<ApiServer> s(new ApiServer(folder, accounts, clock));
  CK_TRY(AddSystemRoutes(s->api_, s->router_));
  CK_TRY(AddAuthRoutes(s->api_, s->router_));
  CK_TRY(AddPeopleRoutes(s->api_, s->router_));
  CK_TRY(AddRecordRoutes(s->api_, s->router_));
  CK_TRY(AddAdminRoutes(s->api_, s->router_));
  CK_TRY(AddConsentRoutes(s->api_, s->router_));
  CK_TRY(AddMarketingRoutes(s->api_, s->router_));
  CK_TRY(AddRetentionRoutes(s->api_, s->router_));
  CK_TRY(AddAccessPackRoutes(s->api_, s->router_));
  CK_TRY(AddReportRoutes(s->api_, s->router_));
  CK_TRY(AddRequestRoutes(s->api_, s->router_));
  CK_TRY(AddErasureRoutes(s->api_, s->router_));
  CK_TRY(AddAnonymiseRoutes(s->api_, s->router_));
  CK_TRY(AddDisclosureRoutes(s->api_, s->router_));
  options.http.metrics = &s->metrics_;
  const http::Router* router = &s->router_;
  CK_ASSIGN_OR_RETURN(s->server_,
                      http::Server::Create(options.http, [router](const http::Request& r) {
                        return router->Handle(r);
                      }));
  return s;
}

Status ApiServer::Start() {
  return server_->Start();
}

void ApiServer::Stop() {
  if (server_) server_->Stop();
}

std::uint16_t ApiServer::port() const {
  return server_->port();
}

std::vector<http::RouteInfo> ApiServer::Routes() const {
  return router_.Routes();
}

}  // namespace casekeep::api
