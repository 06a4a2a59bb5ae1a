// A real casekeep API server for tests: a fresh data folder in a temporary directory with the
// given policy, its accounts service, and the HTTP server on 127.0.0.1 port 0, driven over HTTP
// with http::Client. The clock is a FixedClock tests may move. Not thread-safe: one per test,
// though the server it starts serves clients on any thread.
//
// The store is the folder's SQLite file, unless CASEKEEP_TEST_BACKEND=postgres and
// CASEKEEP_TEST_POSTGRES names a server (scripts/test-postgres runs the API tests so, on the
// throwaway server of scripts/with-postgres): then each TestServer's folder keeps its store in
// a PostgreSQL schema of its own, dropped when the TestServer goes.
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "accounts/service.h"
#include "api/server.h"
#include "http/client.h"
#include "records/data_folder.h"

namespace casekeep::api::testing {

inline constexpr std::string_view kPassword = "correct horse battery staple";

//! A response, with its body parsed as JSON when it is JSON.
struct Reply {
  int status = 0;
  http::Headers headers;
  std::string body;
  nlohmann::json json;
};

//! True when the API tests run on PostgreSQL (see above). A test that is about SQLite itself
//! skips itself then, saying why.
bool OnPostgres();

class TestServer {
 public:
  //! `policy_file` is relative to the source tree, e.g. "policy/examples/contact-centre.toml",
  //! or an absolute path.
  explicit TestServer(const std::string& policy_file, accounts::Settings settings = {});
  ~TestServer();

  records::DataFolder& folder() { return *folder_; }
  accounts::AccountsService& accounts() { return *accounts_; }
  FixedClock& clock() { return clock_; }
  ApiServer& server() { return *server_; }
  std::uint16_t port() const { return server_->port(); }
  //! "sqlite" or "postgres": where this server's store is.
  std::string_view backend() { return folder_->store().backend(); }

  //! Creates a staff user (password kPassword) and returns their code.
  std::string AddUser(const std::string& username, std::vector<std::string> roles,
                      const std::string& team = "");
  //! A new API token for the user carrying all their roles; returns the secret.
  std::string Token(const std::string& username, std::vector<std::string> roles);

  //! Keeps the project's data/uk-bank-holidays.json in the folder, as `casekeep rights holidays
  //! load` does: the request register needs it.
  void LoadShippedHolidays();
  //! Opens a case of `service` (as the local admin) and returns its code.
  std::string OpenCase(const std::string& service);

  //! Sends a request on a fresh keep-alive client of this thread's. `bearer` empty: none.
  Reply Send(std::string_view method, std::string_view target, const std::string& bearer,
             const nlohmann::json& body = nullptr,
             std::vector<std::pair<std::string, std::string>> headers = {});
  //! As Send, with a raw body and content type.
  Reply SendRaw(std::string_view method, std::string_view target, http::Headers headers,
                std::string_view body);

 private:
  std::filesystem::path dir_;
  std::string schema_;  // the PostgreSQL schema of this server's store, or empty
  FixedClock clock_;
  std::unique_ptr<records::DataFolder> folder_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<ApiServer> server_;
};

}  // namespace casekeep::api::testing
