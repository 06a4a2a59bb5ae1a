// API tokens: shape, roles in force, revocation, expiry, disabled users and their audit entries.
#include "accounts/test_fixture.h"
#include "crypto/codes.h"

namespace casekeep::accounts {
namespace {

using TokensTest = AccountsTest;

TEST_F(TokensTest, ATokenAuthenticatesAsItsUserWithItsRoles) {
  const UserView u = MakeUser("ada", {"contact_worker", "volunteer"});
  auto token = service_->CreateToken("local-admin", "ada", "nightly export", {"volunteer"});
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_TRUE(token->secret.starts_with("ck_"));
  EXPECT_EQ(token->secret.size(), 46u);
  EXPECT_TRUE(token->code.starts_with("T-"));
  EXPECT_TRUE(crypto::ValidateCode(token->code));
  EXPECT_EQ(token->expires_at, clock_.NowUnixSeconds() + 90 * 24 * 60 * 60);

  auto who = service_->AuthenticateToken(token->secret);
  ASSERT_TRUE(who) << who.error().message;
  EXPECT_EQ(who->code, u.code);
  EXPECT_EQ(who->via, Via::kToken);
  EXPECT_EQ(who->token_code, token->code);
  EXPECT_EQ(who->roles, std::vector<std::string>{"volunteer"});

  const auto created = AuditOf("token.create");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].objects, u.code + " " + token->code);
  EXPECT_EQ(created[0].detail, "days:90");

  auto listed = service_->ListTokens("ada");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].code, token->code);
  EXPECT_EQ((*listed)[0].label, "nightly export");
  EXPECT_EQ((*listed)[0].user_code, u.code);
}

TEST_F(TokensTest, RolesAreASubsetOfTheUsersAndShrinkWithThem) {
  MakeUser("ada", {"contact_worker", "volunteer"});
  auto beyond = service_->CreateToken("local-admin", "ada", "x", {"centre_manager"});
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(service_->CreateToken("local-admin", "ada", "x", {}));
  EXPECT_FALSE(service_->CreateToken("local-admin", "ada", "x", {"volunteer", "volunteer"}));

  auto both = service_->CreateToken("local-admin", "ada", "x", {"contact_worker", "volunteer"});
  ASSERT_TRUE(both);
  ASSERT_TRUE(service_->RemoveRole("local-admin", "ada", "contact_worker"));
  auto who = service_->AuthenticateToken(both->secret);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->roles, std::vector<std::string>{"volunteer"});
  ASSERT_TRUE(service_->RemoveRole("local-admin", "ada", "volunteer"));
  auto none = service_->AuthenticateToken(both->secret);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("no longer holds"), std::string::npos);
  // Getting the role back does not widen the token beyond what it was made with.
  ASSERT_TRUE(service_->AddRole("local-admin", "ada", "centre_manager"));
  EXPECT_FALSE(service_->AuthenticateToken(both->secret));
}

TEST_F(TokensTest, RevokedTokensAreRefusedAndTheRefusalIsAudited) {
  const UserView u = MakeUser("ada");
  auto token = service_->CreateToken("local-admin", "ada", "x", {"contact_worker"});
  ASSERT_TRUE(token);
  ASSERT_TRUE(service_->RevokeToken("W-ADMIN00", token->code));
  auto refused = service_->AuthenticateToken(token->secret);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(refused.error().message.find("revoked"), std::string::npos);
  EXPECT_EQ(service_->RevokeToken("local-admin", token->code).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(service_->RevokeToken("local-admin", *crypto::GenerateCode('T')).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->RevokeToken("local-admin", "T-XYZ").error().code,
            ErrorCode::kInvalidArgument);

  const auto revoked = AuditOf("token.revoke");
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].actor, "W-ADMIN00");
  EXPECT_EQ(revoked[0].objects, u.code + " " + token->code);
  const auto denied = AuditOf("auth.token");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].outcome, "denied");
  EXPECT_EQ(denied[0].detail, "revoked");
  EXPECT_TRUE((*service_->ListTokens(u.code))[0].revoked_at);
}

TEST_F(TokensTest, TokensExpire) {
  MakeUser("ada");
  auto token = service_->CreateToken("local-admin", "ada", "x", {"contact_worker"}, 1);
  ASSERT_TRUE(token);
  clock_.Advance(24 * 60 * 60 - 1);
  EXPECT_TRUE(service_->AuthenticateToken(token->secret));
  clock_.Advance(1);
  auto expired = service_->AuthenticateToken(token->secret);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("expired on 2025-02-20 21:20:00 UTC"), std::string::npos)
      << expired.error().message;
  EXPECT_EQ(AuditOf("auth.token").back().detail, "expired");

  EXPECT_FALSE(service_->CreateToken("local-admin", "ada", "x", {"contact_worker"}, 0));
  EXPECT_FALSE(service_->CreateToken("local-admin", "ada", "x", {"contact_worker"}, 366));
  EXPECT_TRUE(service_->CreateToken("local-admin", "ada", "x", {"contact_worker"}, 365));
  EXPECT_FALSE(service_->CreateToken("local-admin", "ada", "", {"contact_worker"}));
}

TEST_F(TokensTest, UnknownSecretsAreRefusedWithoutAnAuditEntry) {
  MakeUser("ada");
  const auto before = AuditEntries().size();
  for (const std::string& secret :
       {std::string(), std::string("ck_"), std::string("ck_") + std::string(43, 'A'),
        std::string(46, 'A')}) {
    auto r = service_->AuthenticateToken(secret);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "unknown API token");
  }
  EXPECT_EQ(AuditEntries().size(), before);
}

TEST_F(TokensTest, ADisabledUserCannotGetNewTokens) {
  const UserView u = MakeUser("ada");
  ASSERT_TRUE(service_->DisableUser("local-admin", u.code));
  EXPECT_EQ(service_->CreateToken("local-admin", "ada", "x", {"contact_worker"}).error().code,
            ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace casekeep::accounts
