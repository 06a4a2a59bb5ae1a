#include "api/test_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "base/file.h"
#include "store/postgres/postgres_store.h"

namespace casekeep::api::testing {
namespace {

// 2026-12-01T10:00:00Z: a weekday, winter (no BST).
constexpr std::int64_t kStart = 1796119200;

std::atomic<int> counter{0};

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::filesystem::path FreshDir() {
  // A memory file system where there is one: these tests make thousands of audited requests,
  // each a durable commit, and what they check does not depend on the disk.
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec)
                                         ? std::filesystem::path("/dev/shm")
                                         : std::filesystem::temp_directory_path();
  auto dir =
      base / ("casekeep-api-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace

bool OnPostgres() {
  return Env("CASEKEEP_TEST_BACKEND") == "postgres" && !Env("CASEKEEP_TEST_POSTGRES").empty();
}

TestServer::TestServer(const std::string& policy_file, accounts::Settings settings)
    : dir_(FreshDir()), clock_(kStart) {
  std::filesystem::create_directories(dir_);
  records::InitOptions init;
  init.dir = (dir_ / "data").string();
  init.policy_path = policy_file.starts_with("/")
                         ? policy_file
                         : std::string(CASEKEEP_SOURCE_DIR) + "/" + policy_file;
  if (OnPostgres()) {
    // A schema of this server's own, so that tests running at once do not meet.
    init.database = Env("CASEKEEP_TEST_POSTGRES");
    init.schema = "ck_api_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    schema_ = init.schema;
  }
  auto made = records::InitDataFolder(init, clock_);
  if (!made) ADD_FAILURE() << made.error().message;
  auto folder = records::DataFolder::Open(init.dir, clock_);
  if (!folder) {
    ADD_FAILURE() << folder.error().message;
    return;
  }
  folder_ = std::move(*folder);
  accounts_ = std::make_unique<accounts::AccountsService>(folder_->policy(), folder_->store(),
                                                          folder_->vault(), clock_, settings);
  ServerOptions options;
  options.http.host = "127.0.0.1";
  options.http.port = 0;
  options.http.io_threads = 4;
  auto server = ApiServer::Create(*folder_, *accounts_, clock_, options);
  if (!server) {
    ADD_FAILURE() << server.error().message;
    return;
  }
  server_ = std::move(*server);
  if (auto s = server_->Start(); !s) ADD_FAILURE() << s.error().message;
}

TestServer::~TestServer() {
  if (server_) server_->Stop();
  server_.reset();
  accounts_.reset();
  if (folder_ && !schema_.empty()) {
    auto* pg = dynamic_cast<store::PostgresStore*>(&folder_->store());
    if (pg == nullptr) {
      ADD_FAILURE() << "the store of a PostgreSQL test folder is not a PostgresStore";
    } else if (auto dropped = pg->DropSchema(); !dropped) {
      ADD_FAILURE() << "dropping schema " << schema_ << ": " << dropped.error().message;
    }
  }
  folder_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TestServer::AddUser(const std::string& username, std::vector<std::string> roles,
                                const std::string& team) {
  auto u = accounts_->AddUser(
      "local-admin", accounts::NewUser{username, "Test " + username, team, std::move(roles),
                                       std::string(kPassword)});
  if (!u) {
    ADD_FAILURE() << username << ": " << u.error().message;
    return {};
  }
  return u->code;
}

void TestServer::LoadShippedHolidays() {
  auto file = ReadFileCapped(std::string(CASEKEEP_SOURCE_DIR) + "/data/uk-bank-holidays.json",
                             kMaxHolidayFileBytes);
  ASSERT_TRUE(file) << file.error().message;
  auto loaded = folder_->records().LoadHolidayFile(records::Actor{}, *file);
  ASSERT_TRUE(loaded) << loaded.error().message;
}

std::string TestServer::OpenCase(const std::string& service) {
  records::NewCase c;
  c.service = service;
  auto opened = folder_->records().OpenCase(records::Actor{}, c);
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? opened->code : "";
}

std::string TestServer::Token(const std::string& username, std::vector<std::string> roles) {
  auto t = accounts_->CreateToken("local-admin", username, "test", roles);
  if (!t) {
    ADD_FAILURE() << username << ": " << t.error().message;
    return {};
  }
  return t->secret;
}

Reply TestServer::SendRaw(std::string_view method, std::string_view target, http::Headers headers,
                          std::string_view body) {
  http::Client client("127.0.0.1", port());
  auto r = client.Send(method, target, headers, body);
  Reply out;
  if (!r) {
    ADD_FAILURE() << method << " " << target << ": " << r.error().message;
    return out;
  }
  out.status = r->status;
  out.headers = r->headers;
  out.body = r->body;
  auto type = r->headers.Get("Content-Type");
  if (type && type->find("json") != std::string_view::npos) {
    out.json = nlohmann::json::parse(out.body, nullptr, false);
  }
  return out;
}

Reply TestServer::Send(std::string_view method, std::string_view target, const std::string& bearer,
                       const nlohmann::json& body,
                       std::vector<std::pair<std::string, std::string>> headers) {
  http::Headers h;
  if (!bearer.empty()) h.Set("Authorization", "Bearer " + bearer);
  for (const auto& [k, v] : headers) h.Set(k, v);
  std::string payload;
  if (!body.is_null()) {
    h.Set("Content-Type", "application/json");
    payload = body.dump();
  }
  return SendRaw(method, target, std::move(h), payload);
}

}  // namespace casekeep::api::testing
