// Administering accounts: creation rules, roles, teams, disabling and password resets, each
// audited with codes only.
#include <algorithm>

#include "accounts/test_fixture.h"
#include "crypto/codes.h"

namespace casekeep::accounts {
namespace {

using UsersTest = AccountsTest;

TEST_F(UsersTest, AddUserGivesACheckedCodeAndAuditsItWithoutNames) {
  const UserView ada = MakeUser("ada.lovelace", {"contact_worker", "centre_manager"});
  EXPECT_TRUE(ada.code.starts_with("W-")) << ada.code;
  EXPECT_TRUE(crypto::ValidateCode(ada.code));
  EXPECT_EQ(ada.username, "ada.lovelace");
  EXPECT_EQ(ada.team, "north");
  EXPECT_TRUE(ada.mfa_required);  // centre_manager needs it
  EXPECT_FALSE(ada.mfa_enrolled);

  const auto created = AuditOf("user.create");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].actor, "local-admin");
  EXPECT_EQ(created[0].objects, ada.code);
  EXPECT_EQ(created[0].outcome, "ok");

  auto by_code = service_->GetUser(ada.code);
  auto by_name = service_->GetUser("ada.lovelace");
  ASSERT_TRUE(by_code && by_name);
  EXPECT_EQ(by_code->username, "ada.lovelace");
  EXPECT_EQ(by_name->code, ada.code);
  EXPECT_EQ(service_->GetUser("nobody").error().code, ErrorCode::kNotFound);
}

TEST_F(UsersTest, BadInputIsRefusedAndChangesNothing) {
  MakeUser("grace");
  const auto before = AuditEntries().size();

  auto unknown_role = service_->AddUser(
      "local-admin",
      NewUser{"bob", "Bob", "", {"contact_worker", "wizard"}, std::string(kPassword)});
  ASSERT_FALSE(unknown_role);
  EXPECT_EQ(unknown_role.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown_role.error().message.find("unknown role 'wizard'"), std::string::npos);
  EXPECT_NE(unknown_role.error().message.find("centre_manager"), std::string::npos);

  auto taken =
      service_->AddUser("local-admin", NewUser{"grace", "Grace", "", {}, std::string(kPassword)});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);

  EXPECT_FALSE(service_->AddUser("local-admin", NewUser{"Bob", "Bob", "", {}, "long enough pw"}));
  EXPECT_FALSE(service_->AddUser("local-admin", NewUser{"bob", "Bob", "", {}, "too short"}));
  EXPECT_FALSE(service_->AddUser("local-admin",
                                 NewUser{"bob.the.builder", "Bob", "", {}, "bob.the.builder"}));
  EXPECT_FALSE(service_->AddUser("local-admin", NewUser{"bob", "", "", {}, "long enough pw"}));
  EXPECT_FALSE(service_->AddUser(
      "local-admin", NewUser{"bob", "Bob", "", {"volunteer", "volunteer"}, "long enough pw"}));

  EXPECT_EQ(AuditEntries().size(), before);
  EXPECT_EQ(service_->ListUsers()->size(), 1u);
}

TEST_F(UsersTest, RolesAndTeamsChangeWithAnAuditEntryEach) {
  const UserView u = MakeUser("ada");
  ASSERT_TRUE(service_->AddRole("W-ADMIN00", "ada", "volunteer"));
  EXPECT_EQ(service_->AddRole("local-admin", u.code, "volunteer").error().code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(service_->AddRole("local-admin", u.code, "wizard").error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(service_->RemoveRole("local-admin", u.code, "contact_worker"));
  EXPECT_EQ(service_->RemoveRole("local-admin", u.code, "contact_worker").error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(service_->SetTeam("local-admin", u.code, "south"));
  EXPECT_FALSE(service_->SetTeam("local-admin", u.code, "South Team"));

  auto view = service_->GetUser(u.code);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->roles, std::vector<std::string>{"volunteer"});
  EXPECT_EQ(view->team, "south");

  const auto added = AuditOf("user.role-add");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].actor, "W-ADMIN00");
  EXPECT_EQ(added[0].objects, u.code);
  EXPECT_EQ(added[0].detail, "role:volunteer");
  EXPECT_EQ(AuditOf("user.role-remove").size(), 1u);
  ASSERT_EQ(AuditOf("user.team-set").size(), 1u);
  EXPECT_EQ(AuditOf("user.team-set")[0].detail, "team:south");
}

TEST_F(UsersTest, DisablingEndsSessionsAndRevokesTokensEnablingRestoresLogin) {
  const UserView u = MakeUser("ada");
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session) << session.error().message;
  auto token = service_->CreateToken("local-admin", "ada", "script", {"contact_worker"});
  ASSERT_TRUE(token) << token.error().message;

  ASSERT_TRUE(service_->DisableUser("local-admin", u.code));
  EXPECT_EQ(service_->DisableUser("local-admin", u.code).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(service_->Authenticate(session->token));
  EXPECT_FALSE(service_->AuthenticateToken(token->secret));
  EXPECT_EQ(AuditOf("user.disable")[0].detail, "sessions-ended:1 tokens-revoked:1");

  // "Disabled" is said only to someone who knows the password.
  auto wrong = service_->Login("ada", kWrongPassword, "");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, "wrong username or password");
  auto right = service_->Login("ada", kPassword, "");
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(right.error().message.find("disabled"), std::string::npos);
  EXPECT_EQ(AuditOf("auth.login").back().detail, "disabled");

  ASSERT_TRUE(service_->EnableUser("local-admin", u.code));
  EXPECT_TRUE(service_->Login("ada", kPassword, ""));
  EXPECT_FALSE(service_->AuthenticateToken(token->secret));  // revoked for good
}

TEST_F(UsersTest, PasswordResetEndsSessionsAndClearsTheLockout) {
  const UserView u = MakeUser("ada");
  auto session = service_->Login("ada", kPassword, "");
  ASSERT_TRUE(session);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(service_->Login("ada", kWrongPassword, ""));
  ASSERT_TRUE(service_->GetUser("ada")->locked_until);

  EXPECT_FALSE(service_->ResetPassword("local-admin", u.code, "short"));
  EXPECT_FALSE(service_->ResetPassword("local-admin", u.code, "ada"));
  ASSERT_TRUE(service_->ResetPassword("local-admin", u.code, "a brand new passphrase"));
  EXPECT_FALSE(service_->Authenticate(session->token));
  auto view = service_->GetUser("ada");
  EXPECT_FALSE(view->locked_until);
  EXPECT_EQ(view->failed_logins, 0);
  EXPECT_FALSE(service_->Login("ada", kPassword, ""));
  EXPECT_TRUE(service_->Login("ada", "a brand new passphrase", ""));
  EXPECT_EQ(AuditOf("user.password-reset").size(), 1u);
}

TEST_F(UsersTest, ListUsersInCreationOrder) {
  MakeUser("zed");
  MakeUser("amy");
  auto users = service_->ListUsers();
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].username, "zed");
  EXPECT_EQ((*users)[1].username, "amy");
}

}  // namespace
}  // namespace casekeep::accounts
