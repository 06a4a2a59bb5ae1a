// Logging in: success, the single message for unknown users and wrong passwords, lockout with
// doubling, the per-address limit, rehashing, and what the audit chain says about all of it.
#include <sodium.h>

#include <algorithm>
#include <chrono>

#include "accounts/test_fixture.h"
#include "crypto/password.h"

namespace casekeep::accounts {
namespace {

using LoginTest = AccountsTest;

TEST_F(LoginTest, RightPasswordGivesASessionAndIsAudited) {
  const UserView u = MakeUser("ada.lovelace");
  auto session = service_->Login("  Ada.Lovelace ", kPassword, "", "192.0.2.7");
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->token.size(), 43u);
  EXPECT_EQ(session->user_code, u.code);
  EXPECT_EQ(session->expires_at, clock_.NowUnixSeconds() + 12 * 60 * 60);
  EXPECT_FALSE(session->mfa_pending_enrolment);
  const auto logins = AuditOf("auth.login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0].actor, u.code);
  EXPECT_EQ(logins[0].objects, u.code);
  EXPECT_EQ(logins[0].outcome, "ok");
  EXPECT_EQ(logins[0].detail, "password");
}

TEST_F(LoginTest, UnknownUserGetsTheSameAnswerAsAWrongPassword) {
  const UserView u = MakeUser("ada");
  auto wrong = service_->Login("ada", kWrongPassword, "");
  auto unknown = service_->Login("nobody", kPassword, "");
  auto malformed = service_->Login("not a username!", kPassword, "");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(wrong.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(malformed.error().message, wrong.error().message);

  const auto denied = AuditOf("auth.login");
  ASSERT_EQ(denied.size(), 3u);
  EXPECT_EQ(denied[0].objects, u.code);  // the account that was tried
  EXPECT_EQ(denied[1].objects, "");      // no account: nothing named
  for (const auto& row : denied) {
    EXPECT_EQ(row.actor, "anonymous");
    EXPECT_EQ(row.outcome, "denied");
    EXPECT_EQ(row.detail, "bad-password");
  }
}

TEST_F(LoginTest, UnknownUserTakesAboutAsLongAsAKnownOne) {
  MakeUser("ada");
  ASSERT_FALSE(service_->Login("nobody", kPassword, ""));  // makes the dummy hash
  using Clock = std::chrono::steady_clock;
  auto fastest = [&](const char* username) {
    auto best = Clock::duration::max();
    for (int i = 0; i < 3; ++i) {
      const auto start = Clock::now();
      EXPECT_FALSE(service_->Login(username, kWrongPassword, ""));
      best = std::min(best, Clock::now() - start);
    }
    return best;
  };
  const auto known = fastest("ada");
  const auto unknown = fastest("nobody");
  // Both run one Argon2id verification; without it the unknown path would take microseconds.
  EXPECT_GT(unknown * 2, known);
  EXPECT_GT(known * 2, unknown);
}

TEST_F(LoginTest, FiveFailuresLockTheAccountEvenAgainstTheRightPassword) {
  const UserView u = MakeUser("ada");
  for (int i = 0; i < 4; ++i) {
    auto r = service_->Login("ada", kWrongPassword, "");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "wrong username or password");
  }
  auto fifth = service_->Login("ada", kWrongPassword, "");
  ASSERT_FALSE(fifth);
  EXPECT_NE(fifth.error().message.find("now locked until 2025-02-19 21:35:00 UTC"),
            std::string::npos)
      << fifth.error().message;

  auto locked = service_->Login("ada", kPassword, "");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(locked.error().message.find("locked"), std::string::npos);
  EXPECT_NE(locked.error().message.find("2025-02-19 21:35:00 UTC"), std::string::npos);

  const auto locks = AuditOf("user.lock");
  ASSERT_EQ(locks.size(), 1u);
  EXPECT_EQ(locks[0].objects, u.code);
  EXPECT_EQ(locks[0].detail, "failures:5 lock-seconds:900");
  EXPECT_EQ(AuditOf("auth.login").back().detail, "locked");

  clock_.Advance(15 * 60 - 1);
  EXPECT_FALSE(service_->Login("ada", kPassword, ""));
  clock_.Advance(1);
  auto after = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(service_->GetUser("ada")->failed_logins, 0);
}

TEST_F(LoginTest, RepeatedLockoutsDoubleInLength) {
  MakeUser("ada");
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(service_->Login("ada", kWrongPassword, ""));
  EXPECT_EQ(*service_->GetUser("ada")->locked_until, clock_.NowUnixSeconds() + 15 * 60);
  clock_.Advance(15 * 60);
  // Another five without a success in between: the second lockout lasts twice as long.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(service_->Login("ada", kWrongPassword, "").error().message,
              "wrong username or password");
  }
  EXPECT_FALSE(service_->Login("ada", kWrongPassword, ""));
  EXPECT_EQ(*service_->GetUser("ada")->locked_until, clock_.NowUnixSeconds() + 30 * 60);
  clock_.Advance(15 * 60);
  EXPECT_FALSE(service_->Login("ada", kPassword, ""));
  clock_.Advance(15 * 60);
  EXPECT_TRUE(service_->Login("ada", kPassword, ""));
  // A success starts the count again.
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(service_->Login("ada", kWrongPassword, ""));
  EXPECT_TRUE(service_->Login("ada", kPassword, ""));
  EXPECT_FALSE(service_->GetUser("ada")->locked_until);
}

TEST_F(LoginTest, TooManyFailuresFromOneAddressAreRefusedForTheWindow) {
  Settings settings;
  settings.remote_failure_limit = 3;
  settings.remote_window_seconds = 600;
  Rebuild(settings);
  MakeUser("ada");
  EXPECT_FALSE(service_->Login("bob", kPassword, "", "198.51.100.9"));
  EXPECT_FALSE(service_->Login("carol", kPassword, "", "198.51.100.9"));
  EXPECT_FALSE(service_->Login("ada", kWrongPassword, "", "198.51.100.9"));
  auto refused = service_->Login("ada", kPassword, "", "198.51.100.9");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("too many failed logins from this address"),
            std::string::npos);
  EXPECT_EQ(AuditOf("auth.login").back().detail, "remote-limit");
  EXPECT_TRUE(service_->Login("ada", kPassword, "", "198.51.100.10"));
  clock_.Advance(600);
  EXPECT_TRUE(service_->Login("ada", kPassword, "", "198.51.100.9"));
}

TEST_F(LoginTest, AWeakerStoredHashIsReplacedAtTheNextLogin) {
  MakeUser("ada");
  {
    auto tx = memory_.Begin();
    ASSERT_TRUE(tx);
    store::UserRow row = **(*tx)->FindUserByName("ada");
    char weak[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str(weak, kPassword.data(), kPassword.size(), 1, 8 * 1024 * 1024), 0);
    row.password_hash = weak;
    ++row.version;
    ASSERT_TRUE((*tx)->UpdateUser(row));
    ASSERT_TRUE((*tx)->Commit());
  }
  ASSERT_TRUE(crypto::PasswordNeedsRehash(Row("ada").password_hash));
  ASSERT_TRUE(service_->Login("ada", kPassword, ""));
  EXPECT_FALSE(crypto::PasswordNeedsRehash(Row("ada").password_hash));
  EXPECT_TRUE(service_->Login("ada", kPassword, ""));
}

TEST_F(LoginTest, TheAuditChainNeverNamesAnyone) {
  MakeUser("ada.lovelace", {"centre_manager"});
  EXPECT_FALSE(service_->Login("ada.lovelace", kWrongPassword, ""));
  EXPECT_FALSE(service_->Login("no.such.person", kWrongPassword, ""));
  ASSERT_TRUE(service_->Login("ada.lovelace", kPassword, ""));
  Enrol("ada.lovelace");
  ASSERT_TRUE(service_->AddRole("local-admin", "ada.lovelace", "dpo"));
  ASSERT_TRUE(service_->CreateToken("local-admin", "ada.lovelace", "nightly", {"dpo"}));
  const auto entries = AuditEntries();
  ASSERT_GE(entries.size(), 8u);
  for (const auto& e : entries) {
    for (const std::string* field : {&e.actor, &e.action, &e.objects, &e.detail}) {
      EXPECT_EQ(field->find("ada"), std::string::npos) << *field;
      EXPECT_EQ(field->find("lovelace"), std::string::npos) << *field;
      EXPECT_EQ(field->find("no.such"), std::string::npos) << *field;
      EXPECT_EQ(field->find("Test Person"), std::string::npos) << *field;
      EXPECT_EQ(field->find("nightly"), std::string::npos) << *field;
    }
  }
}

}  // namespace
}  // namespace casekeep::accounts
