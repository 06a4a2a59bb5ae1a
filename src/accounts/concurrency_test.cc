// One service shared by several threads: failure counts are not lost when wrong passwords
// arrive at once, and one TOTP code raced from two threads opens only one session.
#include <atomic>
#include <thread>
#include <vector>

#include "accounts/test_fixture.h"

namespace casekeep::accounts {
namespace {

using ConcurrencyTest = AccountsTest;

TEST_F(ConcurrencyTest, SimultaneousFailuresAreAllCounted) {
  Settings settings;
  settings.max_failed_logins = 100;
  Rebuild(settings);
  MakeUser("ada");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) EXPECT_FALSE(service_->Login("ada", kWrongPassword, ""));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(service_->GetUser("ada")->failed_logins, 12);
  EXPECT_EQ(AuditOf("auth.login").size(), 12u);
}

TEST_F(ConcurrencyTest, ARacedCodeOpensOneSession) {
  MakeUser("mo", {"centre_manager"});
  const Enrolled enrolled = Enrol("mo");
  const std::string code = CodeNow(enrolled.secret);
  std::atomic<int> sessions = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      if (service_->Login("mo", kPassword, code)) ++sessions;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(sessions.load(), 1);
}

}  // namespace
}  // namespace casekeep::accounts
