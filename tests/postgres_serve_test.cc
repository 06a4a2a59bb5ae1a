// Two `casekeep serve` processes (the real binary) on one PostgreSQL database, each with its own
// copy of the data folder, as two app servers behind a reverse proxy (docs/operations.md): a
// session made on one server works on the other; records written concurrently through both
// keep one audit chain that `casekeep audit verify` accepts, with every acknowledged write
// present; an update from a stale ETag is refused whichever server made the newer version. The
// second test restarts PostgreSQL in the middle of the load: the clients get 503 while it is
// down, never a half-written record, and nothing acknowledged is lost. Both run only under
// scripts/with-postgres (CASEKEEP_TEST_POSTGRES); otherwise they are skipped.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/client.h"
#include "store/testing/store_harness.h"
#include "tests/test_util.h"

namespace casekeep {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "a long enough password for the worker";
constexpr const char* kPurpose = "run_contact";

struct Reply {
  int status = 0;  // 0: no answer at all (connection failed)
  std::string etag;
  std::string retry_after;
  std::string type;
  json body;
  std::string cookie;  // the casekeep_session cookie set, if any
};

//! A signed-in browser: its cookie and CSRF token, sent with every request.
struct Browser {
  std::string cookie;
  std::string csrf;
};

Reply Send(http::Client& client, const Browser& who, std::string_view method,
           std::string_view target, const json& body = nullptr,
           std::vector<std::pair<std::string, std::string>> extra = {}) {
  http::Headers h;
  if (!who.cookie.empty()) h.Set("Cookie", who.cookie);
  if (!who.csrf.empty()) h.Set("X-CSRF-Token", who.csrf);
  h.Set("X-Purpose", kPurpose);
  for (const auto& [k, v] : extra) h.Set(k, v);
  std::string payload;
  if (!body.is_null()) {
    h.Set("Content-Type", "application/json");
    payload = body.dump();
  }
  Reply out;
  auto r = client.Send(method, target, h, payload);
  if (!r) return out;
  out.status = r->status;
  out.etag = std::string(r->headers.Get("ETag").value_or(""));
  out.retry_after = std::string(r->headers.Get("Retry-After").value_or(""));
  out.type = std::string(r->headers.Get("Content-Type").value_or(""));
  out.body = json::parse(r->body, nullptr, false);
  for (auto value : r->headers.GetAll("Set-Cookie")) {
    if (value.starts_with("casekeep_session=")) {
      out.cookie = std::string(value.substr(0, value.find(';')));
    }
  }
  return out;
}

std::string Str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

//! A running `casekeep serve` on 127.0.0.1 and the port it reported.
struct Server {
  std::unique_ptr<testing::Child> child;
  std::uint16_t port = 0;
};

class PostgresServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conninfo = store::testing::TestPostgres();
    if (!conninfo) GTEST_SKIP() << "CASEKEEP_TEST_POSTGRES is not set";
    dir_ = testing::TempDir();
    schema_ = store::testing::FreshSchemaName();
    const std::string data_a = dir_ + "/data-a";
    ASSERT_EQ(testing::RunToEnd({"init", "--data", data_a, "--policy",
                                 testing::SourcePath("policy/examples/contact-centre.toml"),
                                 "--database", *conninfo, "--schema", schema_},
                                Log(), nullptr),
              0)
        << testing::ReadFile(Log());
    AddWorker(data_a);
    // The second app server gets a copy of the folder (policy, casekeep.toml, key material).
    const std::string data_b = dir_ + "/data-b";
    std::filesystem::copy(data_a, data_b, std::filesystem::copy_options::recursive);
    a_ = Start(data_a);
    b_ = Start(data_b);
    ASSERT_NE(a_.port, 0);
    ASSERT_NE(b_.port, 0);
  }

  void TearDown() override {
    a_.child.reset();
    b_.child.reset();
    if (schema_.empty()) return;
    auto st = store::testing::OpenTestPostgres(std::chrono::seconds(5), schema_);
    if (st) (void)(*st)->DropSchema();
  }

  std::string Log() const { return dir_ + "/casekeep.log"; }

  // `casekeep user add worker.one ... --role contact_worker`, the password on standard input.
  void AddWorker(const std::string& data) {
    const std::string cmd = testing::CasekeepBinary() + " user add worker.one --data " + data +
                            " --name 'Worker One' --role contact_worker >>" + Log() + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "w");
    ASSERT_NE(p, nullptr);
    std::fputs((std::string(kPassword) + "\n").c_str(), p);
    const int status = ::pclose(p);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testing::ReadFile(Log());
  }

  Server Start(const std::string& data) {
    Server s;
    s.child = std::make_unique<testing::Child>(
        std::vector<std::string>{"serve", "--data", data, "--listen", "127.0.0.1:0", "--threads",
                                 "8"},
        Log());
    std::string line;
    if (!s.child->ReadLine(line) || line.find("http://127.0.0.1:") == std::string::npos) {
      ADD_FAILURE() << "serve did not start: " << line << "\n" << testing::ReadFile(Log());
      return s;
    }
    s.port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
    return s;
  }

  Browser Login(std::uint16_t port) {
    http::Client client("127.0.0.1", port);
    Reply r = Send(client, {}, "POST", "/api/v1/auth/login",
                   json{{"username", "worker.one"}, {"password", kPassword}});
    EXPECT_EQ(r.status, 200) << r.body.dump();
    Browser b{r.cookie, Str(r.body, "csrf_token")};
    EXPECT_FALSE(b.cookie.empty());
    EXPECT_FALSE(b.csrf.empty());
    return b;
  }

  //! A case with one parent, made on server B with a session from server A.
  void SetUpCase() {
    browser_ = Login(a_.port);
    http::Client b("127.0.0.1", b_.port);
    Reply who = Send(b, browser_, "GET", "/api/v1/whoami");
    ASSERT_EQ(who.status, 200) << "a session from server A on server B: " << who.body.dump();
    Reply opened = Send(b, browser_, "POST", "/api/v1/cases",
                        json{{"service", "supervised_contact"}, {"referral_source", "self"}});
    ASSERT_EQ(opened.status, 201) << opened.body.dump();
    case_ = Str(opened.body, "code");
    http::Client a("127.0.0.1", a_.port);
    Reply parent = Send(a, browser_, "POST", "/api/v1/subjects",
                        json{{"kind", "parent"},
                             {"fields", {{"name", "Ann Example"}}},
                             {"case", case_},
                             {"member_role", "parent"}});
    ASSERT_EQ(parent.status, 201) << parent.body.dump();
    parent_ = Str(parent.body, "code");
  }

  json Report(const std::string& observations) const {
    return json{{"type", "session_report"},
                {"case", case_},
                {"subject", parent_},
                {"occurred_on", "2026-11-30"},
                {"fields", {{"session_date", "2026-11-30"}, {"observations", observations}}}};
  }

  struct Load {
    std::mutex mu;
    std::map<std::string, std::string> acknowledged;  // record code -> observations sent
    std::set<std::string> sent;                       // every observations text sent
    std::map<int, int> refused;                       // status -> count (0: no answer)
    int unclear = 0;  // refusals that were not a 503 problem with Retry-After
  };

  // `threads` client threads per server, each writing `writes` records through its server.
  void Write(int threads, int writes, Load& load) {
    std::vector<std::thread> workers;
    for (int t = 0; t < 2 * threads; ++t) {
      workers.emplace_back([this, t, writes, &load] {
        http::Client client("127.0.0.1", t % 2 == 0 ? a_.port : b_.port);
        for (int i = 0; i < writes; ++i) {
          const std::string text = "visit " + std::to_string(t) + "-" + std::to_string(i);
          {
            std::lock_guard lock(load.mu);
            load.sent.insert(text);
          }
          Reply r = Send(client, browser_, "POST", "/api/v1/records", Report(text));
          std::lock_guard lock(load.mu);
          if (r.status == 201) {
            load.acknowledged[Str(r.body, "code")] = text;
            continue;
          }
          ++load.refused[r.status];
          const bool clear = r.status == 503 && r.retry_after == "1" &&
                             r.type.starts_with("application/problem+json");
          if (!clear) {
            ++load.unclear;
            ADD_FAILURE() << "write " << text << ": " << r.status << " " << r.body.dump();
          }
          if (r.status == 0) client.Close();
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      });
    }
    for (auto& w : workers) w.join();
  }

  // After the load: every acknowledged record is there, whole, on both servers; every record of
  // the case is one that was sent (no half-written one); the audit chain verifies with one
  // record.create entry per stored record.
  void Check(const Load& load) {
    ASSERT_FALSE(load.acknowledged.empty());
    http::Client a("127.0.0.1", a_.port);
    std::map<std::string, std::string> stored;  // code -> observations
    std::string after;
    for (;;) {
      std::string target = "/api/v1/records?case=" + case_ + "&type=session_report&limit=1000";
      if (!after.empty()) target += "&after=" + after;
      Reply page = Send(a, browser_, "GET", target);
      ASSERT_EQ(page.status, 200) << page.body.dump();
      for (const auto& item : page.body["items"]) {
        stored[Str(item, "code")] = item["fields"].value("observations", "");
      }
      if (!page.body["next"].is_string()) break;
      after = page.body["next"].get<std::string>();
    }
    for (const auto& [code, text] : load.acknowledged) {
      auto it = stored.find(code);
      ASSERT_NE(it, stored.end()) << "acknowledged write lost: " << code;
      EXPECT_EQ(it->second, text) << code;
    }
    for (const auto& [code, text] : stored) {
      EXPECT_TRUE(load.sent.contains(text)) << code << " holds " << text;
    }
    // Each record read whole through the other server too.
    http::Client b("127.0.0.1", b_.port);
    int read = 0;
    for (const auto& [code, text] : load.acknowledged) {
      if (++read > 40) break;
      Reply r = Send(b, browser_, "GET", "/api/v1/records/" + code);
      ASSERT_EQ(r.status, 200) << code << ": " << r.body.dump();
      EXPECT_EQ(r.body["fields"].value("observations", ""), text);
      EXPECT_EQ(r.etag, "\"1\"");
    }

    // The servers stop; a third process verifies the chain and reads the trail.
    a_.child.reset();
    b_.child.reset();
    std::string verified;
    EXPECT_EQ(testing::RunToEnd({"audit", "verify", "--data", dir_ + "/data-a"}, Log(), &verified),
              0)
        << verified << testing::ReadFile(Log());
    EXPECT_NE(verified.find("audit chain ok"), std::string::npos) << verified;
    std::string exported;
    ASSERT_EQ(testing::RunToEnd({"audit", "export", "--data", dir_ + "/data-b"}, Log(), &exported),
              0);
    std::set<std::string> audited;
    std::size_t start = 0;
    while (start < exported.size()) {
      const std::size_t end = exported.find('\n', start);
      const json entry = json::parse(exported.substr(start, end - start), nullptr, false);
      start = end == std::string::npos ? exported.size() : end + 1;
      if (!entry.is_object() || entry.value("action", "") != "record.create") continue;
      // objects: codes joined by single spaces (docs/audit-format.md).
      const std::string objects = entry.value("objects", "");
      for (std::size_t at = 0; at < objects.size();) {
        const std::size_t space = std::min(objects.find(' ', at), objects.size());
        if (objects.compare(at, 2, "R-") == 0) audited.insert(objects.substr(at, space - at));
        at = space + 1;
      }
    }
    for (const auto& [code, text] : stored) {
      EXPECT_TRUE(audited.contains(code)) << "stored without its audit entry: " << code;
    }
  }

  std::string dir_;
  std::string schema_;
  Server a_;
  Server b_;
  Browser browser_;
  std::string case_;
  std::string parent_;
};

TEST_F(PostgresServeTest, SessionsEtagsAndOneChainAcrossTwoServers) {
  ASSERT_NO_FATAL_FAILURE(SetUpCase());

  // An ETag conflict made across servers: read on A, update on B, update on A from the stale
  // version.
  http::Client a("127.0.0.1", a_.port);
  http::Client b("127.0.0.1", b_.port);
  Reply made = Send(a, browser_, "POST", "/api/v1/records", Report("first"));
  ASSERT_EQ(made.status, 201) << made.body.dump();
  const std::string code = Str(made.body, "code");
  Reply read = Send(a, browser_, "GET", "/api/v1/records/" + code);
  ASSERT_EQ(read.status, 200);
  ASSERT_EQ(read.etag, "\"1\"");
  Reply on_b =
      Send(b, browser_, "PATCH", "/api/v1/records/" + code,
           json{{"fields", {{"observations", "changed on B"}}}}, {{"If-Match", read.etag}});
  ASSERT_EQ(on_b.status, 200) << on_b.body.dump();
  EXPECT_EQ(on_b.etag, "\"2\"");
  Reply stale =
      Send(a, browser_, "PATCH", "/api/v1/records/" + code,
           json{{"fields", {{"observations", "changed on A"}}}}, {{"If-Match", read.etag}});
  EXPECT_EQ(stale.status, 412) << stale.body.dump();
  Reply now = Send(a, browser_, "GET", "/api/v1/records/" + code);
  EXPECT_EQ(now.body["fields"].value("observations", ""), "changed on B");
  EXPECT_EQ(now.etag, "\"2\"");

  // Many writes from several client threads through both servers at once. The record above is
  // one of the case's too, with the text it was last acknowledged with.
  Load load;
  load.acknowledged[code] = "changed on B";
  load.sent.insert("changed on B");
  Write(3, 25, load);
  EXPECT_EQ(load.acknowledged.size(), 151u);
  EXPECT_TRUE(load.refused.empty());
  ASSERT_NO_FATAL_FAILURE(Check(load));
}

TEST_F(PostgresServeTest, SignOutOnOneServerEndsTheSessionOnTheOther) {
  Browser browser = Login(b_.port);
  http::Client a("127.0.0.1", a_.port);
  http::Client b("127.0.0.1", b_.port);
  EXPECT_EQ(Send(a, browser, "GET", "/api/v1/whoami").status, 200);
  EXPECT_EQ(Send(a, browser, "POST", "/api/v1/auth/logout").status, 204);
  EXPECT_EQ(Send(b, browser, "GET", "/api/v1/whoami").status, 401);
  EXPECT_EQ(Send(a, browser, "GET", "/api/v1/whoami").status, 401);
}

TEST_F(PostgresServeTest, DatabaseRestartDuringTheLoadLosesNothingAcknowledged) {
  const char* restart = std::getenv("CASEKEEP_TEST_POSTGRES_RESTART");
  if (restart == nullptr) GTEST_SKIP() << "CASEKEEP_TEST_POSTGRES_RESTART is not set";
  ASSERT_NO_FATAL_FAILURE(SetUpCase());
  Load load;
  std::thread restarter([restart] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(std::system(restart), 0);
  });
  Write(3, 60, load);
  restarter.join();
  // While the server was down the clients were told to try again (checked in Write) ...
  EXPECT_GT(load.refused[503], 0);
  EXPECT_EQ(load.unclear, 0);
  // ... and once it was back, both app servers carried on without being restarted.
  ASSERT_NO_FATAL_FAILURE(Check(load));
}

}  // namespace
}  // namespace casekeep
