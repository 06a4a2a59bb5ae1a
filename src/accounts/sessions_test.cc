// Sessions: idle and absolute timeouts, coarse last-use writes, logout, disabled users, CSRF
// tokens, and what the store keeps of a session token.
#include "accounts/internal/secrets.h"
#include "accounts/test_fixture.h"

namespace casekeep::accounts {
namespace {

using SessionsTest = AccountsTest;

TEST_F(SessionsTest, AuthenticateNamesTheUserAndTheirRoles) {
  const UserView u = MakeUser("ada", {"contact_worker", "volunteer"});
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session);
  auto who = service_->Authenticate(session->token);
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->code, u.code);
  EXPECT_EQ(who->username, "ada");
  EXPECT_EQ(who->display_name, "Test Person ada");
  EXPECT_EQ(who->team, "north");
  EXPECT_EQ(who->roles, (std::vector<std::string>{"contact_worker", "volunteer"}));
  EXPECT_EQ(who->via, Via::kSession);
  EXPECT_TRUE(who->token_code.empty());
  EXPECT_FALSE(who->mfa_pending);
  EXPECT_GT(who->user_id, 0);
}

TEST_F(SessionsTest, IdleSessionsEndAndUseKeepsThemAlive) {
  MakeUser("ada");
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session);
  clock_.Advance(29 * 60);
  EXPECT_TRUE(service_->Authenticate(session->token));
  clock_.Advance(29 * 60);
  EXPECT_TRUE(service_->Authenticate(session->token));  // 58 minutes in, but used
  clock_.Advance(30 * 60);
  auto idle = service_->Authenticate(session->token);
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(idle.error().message.find("without use"), std::string::npos);
  // The ended session is gone: even going back in time does not revive it.
  clock_.Advance(-30 * 60);
  EXPECT_FALSE(service_->Authenticate(session->token));
}

TEST_F(SessionsTest, LastUseIsWrittenAtMostOnceAMinute) {
  MakeUser("ada");
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session);
  auto hash =
      internal::KeyedHash(vault_->session_key(), internal::HashUse::kSession, session->token);
  ASSERT_TRUE(hash);
  auto last_seen = [&] {
    auto tx = memory_.BeginRead();
    auto row = (*tx)->FindSession(*hash);
    EXPECT_TRUE(row && *row);
    return row && *row ? (**row).last_seen_at : -1;
  };
  const std::int64_t login = clock_.NowUnixSeconds();
  EXPECT_EQ(last_seen(), login);
  clock_.Advance(59);
  ASSERT_TRUE(service_->Authenticate(session->token));
  EXPECT_EQ(last_seen(), login);
  clock_.Advance(1);
  ASSERT_TRUE(service_->Authenticate(session->token));
  EXPECT_EQ(last_seen(), login + 60);
}

TEST_F(SessionsTest, SessionsEndAfterTwelveHoursHoweverBusy) {
  MakeUser("ada");
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session);
  for (int i = 0; i < 35; ++i) {  // used every 20 minutes for 11 h 40 min
    clock_.Advance(20 * 60);
    ASSERT_TRUE(service_->Authenticate(session->token)) << i;
  }
  clock_.Advance(20 * 60);
  auto expired = service_->Authenticate(session->token);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("time limit"), std::string::npos);
}

TEST_F(SessionsTest, LogoutEndsTheSessionAndIsAudited) {
  const UserView u = MakeUser("ada");
  auto one = service_->Login("ada", kPassword, "");
  auto two = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(one && two);
  ASSERT_TRUE(service_->Logout(one->token));
  EXPECT_FALSE(service_->Authenticate(one->token));
  EXPECT_TRUE(service_->Authenticate(two->token));
  const auto logouts = AuditOf("auth.logout");
  ASSERT_EQ(logouts.size(), 1u);
  EXPECT_EQ(logouts[0].actor, u.code);
  EXPECT_TRUE(service_->Logout(one->token));  // already ended: nothing to do
  EXPECT_TRUE(service_->Logout("garbage"));
  EXPECT_EQ(AuditOf("auth.logout").size(), 1u);
}

TEST_F(SessionsTest, ADisabledUsersSessionIsRefused) {
  MakeUser("ada");
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session);
  // Disabled behind the service's back (as another server would): still refused.
  {
    auto tx = memory_.Begin();
    store::UserRow row = **(*tx)->FindUserByName("ada");
    row.disabled = true;
    ++row.version;
    ASSERT_TRUE((*tx)->UpdateUser(row));
    ASSERT_TRUE((*tx)->Commit());
  }
  auto refused = service_->Authenticate(session->token);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("disabled"), std::string::npos);
}

TEST_F(SessionsTest, UnknownAndMalformedTokensAreRefused) {
  for (const std::string& token :
       {std::string(), std::string("x"), std::string(43, 'A'), std::string(5000, 'A'),
        std::string("ck_") + std::string(43, 'A')}) {
    auto r = service_->Authenticate(token);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  }
}

TEST_F(SessionsTest, TheStoreHoldsOnlyAKeyedHashOfTheToken) {
  MakeUser("ada");
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session);
  auto tx = memory_.BeginRead();
  const crypto::Bytes raw(session->token.begin(), session->token.end());
  EXPECT_FALSE(*(*tx)->FindSession(raw));
  auto hash =
      internal::KeyedHash(vault_->session_key(), internal::HashUse::kSession, session->token);
  EXPECT_TRUE(*(*tx)->FindSession(*hash));
}

TEST_F(SessionsTest, CsrfTokensBelongToTheirSession) {
  MakeUser("ada");
  auto one = service_->Login("ada", kPassword, "");
  auto two = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(one && two);
  auto csrf = service_->CsrfToken(one->token);
  ASSERT_TRUE(csrf);
  EXPECT_EQ(*csrf, one->csrf_token);
  EXPECT_EQ(csrf->size(), 43u);
  EXPECT_NE(*csrf, one->token);
  EXPECT_TRUE(service_->CheckCsrf(one->token, one->csrf_token));
  EXPECT_FALSE(service_->CheckCsrf(one->token, two->csrf_token));
  EXPECT_FALSE(service_->CheckCsrf(one->token, ""));
  EXPECT_FALSE(service_->CheckCsrf(one->token, one->csrf_token.substr(1)));
  EXPECT_FALSE(service_->CheckCsrf("", ""));
  std::string flipped = one->csrf_token;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(service_->CheckCsrf(one->token, flipped));
}

}  // namespace
}  // namespace casekeep::accounts
