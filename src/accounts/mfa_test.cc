// The second factor: enrolment, sessions pending enrolment, TOTP at login with replay
// protection, single-use recovery codes, and how the secret is stored.
#include <algorithm>
#include <cctype>

#include "accounts/test_fixture.h"
#include "crypto/aead.h"

namespace casekeep::accounts {
namespace {

using MfaTest = AccountsTest;

TEST_F(MfaTest, AnMfaRoleWithoutEnrolmentGetsASessionOnlyForEnrolling) {
  MakeUser("mo", {"centre_manager"});
  auto session = service_->Login("mo", kPassword, "");
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_TRUE(session->mfa_pending_enrolment);
  auto who = service_->Authenticate(session->token);
  ASSERT_TRUE(who);
  EXPECT_TRUE(who->mfa_pending);
  EXPECT_TRUE(who->roles.empty());  // nothing in force until enrolled
  EXPECT_EQ(AuditOf("auth.login").back().detail, "mfa-pending-enrolment");

  auto begun = service_->BeginTotpEnrolment(who->code);
  ASSERT_TRUE(begun) << begun.error().message;
  EXPECT_TRUE(begun->uri.starts_with("otpauth://totp/")) << begun->uri;
  EXPECT_NE(begun->uri.find("secret=" + begun->secret_base32), std::string::npos);
  auto secret = crypto::DecodeTotpSecret(begun->secret_base32);
  ASSERT_TRUE(secret);
  EXPECT_EQ(service_->ConfirmTotp("mo", "000000").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->ConfirmTotp("mo", "not a code").error().code, ErrorCode::kInvalidArgument);
  auto codes = service_->ConfirmTotp("mo", CodeNow(*secret));
  ASSERT_TRUE(codes) << codes.error().message;
  EXPECT_EQ(codes->size(), 10u);
  EXPECT_EQ(service_->BeginTotpEnrolment("mo").error().code, ErrorCode::kFailedPrecondition);

  // Every session opened with the password alone ends: the user signs in again with the new
  // factor, so no password-only session ever carries the roles.
  EXPECT_FALSE(service_->Authenticate(session->token));
  clock_.Advance(30);  // the confirming code's step is used up; wait for the next
  auto again = service_->Login("mo", kPassword, CodeNow(*secret));
  ASSERT_TRUE(again) << again.error().message;
  who = service_->Authenticate(again->token);
  ASSERT_TRUE(who);
  EXPECT_FALSE(who->mfa_pending);
  EXPECT_EQ(who->roles, std::vector<std::string>{"centre_manager"});
  EXPECT_EQ(AuditOf("user.mfa-enrol-start").size(), 1u);
  EXPECT_EQ(AuditOf("user.mfa-enrol").size(), 1u);
}

TEST_F(MfaTest, EnrolledUsersNeedACurrentCodeAndACodeWorksOnce) {
  MakeUser("mo", {"centre_manager"});
  const Enrolled enrolled = Enrol("mo");
  auto bare = service_->Login("mo", kPassword, "");
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(AuditOf("auth.login").back().detail, "totp-required");

  const std::string code = CodeNow(enrolled.secret);
  auto first = service_->Login("mo", kPassword, code);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->mfa_pending_enrolment);
  EXPECT_EQ(AuditOf("auth.login").back().detail, "totp");

  auto replay = service_->Login("mo", kPassword, code);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(AuditOf("auth.login").back().detail, "bad-totp");
  // Within the drift window the replayed code still matches a step, but not a later one.
  clock_.Advance(10);
  EXPECT_FALSE(service_->Login("mo", kPassword, code));
  clock_.Advance(20);
  auto next = service_->Login("mo", kPassword, CodeNow(enrolled.secret));
  ASSERT_TRUE(next) << next.error().message;
}

TEST_F(MfaTest, WrongCodesCountTowardsTheLockout) {
  MakeUser("mo", {"centre_manager"});
  const Enrolled enrolled = Enrol("mo");
  const std::string right = CodeNow(enrolled.secret);
  const std::string wrong = right == "123456" ? "654321" : "123456";
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(service_->Login("mo", kPassword, wrong));
  auto locked = service_->Login("mo", kPassword, right);
  ASSERT_FALSE(locked);
  EXPECT_NE(locked.error().message.find("locked"), std::string::npos);
}

TEST_F(MfaTest, UsersWhoEnrolledNeedTheFactorEvenWithoutAnMfaRole) {
  MakeUser("cw", {"contact_worker"});
  ASSERT_TRUE(service_->Login("cw", kPassword, ""));
  const Enrolled enrolled = Enrol("cw");
  EXPECT_EQ(service_->Login("cw", kPassword, "").error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(service_->Login("cw", kPassword, CodeNow(enrolled.secret)));
  EXPECT_TRUE(service_->GetUser("cw")->mfa_required);
}

TEST_F(MfaTest, ARecoveryCodeWorksOnce) {
  MakeUser("mo", {"centre_manager"});
  const Enrolled enrolled = Enrol("mo");
  ASSERT_EQ(enrolled.recovery_codes.size(), 10u);
  const std::string& code = enrolled.recovery_codes[3];
  std::string typed = code;  // typed in lower case without hyphens: forgiven
  std::erase(typed, '-');
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto first = service_->Login("mo", kPassword, typed);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(AuditOf("auth.login").back().detail, "recovery-code recovery-codes-left:9");
  EXPECT_EQ(service_->GetUser("mo")->recovery_codes_left, 9u);
  auto again = service_->Login("mo", kPassword, code);
  ASSERT_FALSE(again);
  EXPECT_EQ(AuditOf("auth.login").back().detail, "bad-totp");
  EXPECT_TRUE(service_->Login("mo", kPassword, enrolled.recovery_codes[4]));
}

TEST_F(MfaTest, AnAdministratorResetLeavesTheUserToEnrolAgain) {
  MakeUser("mo", {"centre_manager"});
  const Enrolled enrolled = Enrol("mo");
  auto session = service_->Login("mo", kPassword, CodeNow(enrolled.secret));
  ASSERT_TRUE(session);
  ASSERT_TRUE(service_->ResetSecondFactor("local-admin", "mo"));
  EXPECT_FALSE(service_->Authenticate(session->token));
  auto pending = service_->Login("mo", kPassword, "");
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->mfa_pending_enrolment);
  EXPECT_EQ(service_->GetUser("mo")->recovery_codes_left, 0u);
}

TEST_F(MfaTest, GainingAnMfaRoleMakesExistingSessionsPending) {
  MakeUser("cw", {"contact_worker"});
  auto session = service_->Login("cw", kPassword, "");
  ASSERT_TRUE(session);
  ASSERT_TRUE(service_->AddRole("local-admin", "cw", "centre_manager"));
  auto who = service_->Authenticate(session->token);
  ASSERT_TRUE(who);
  EXPECT_TRUE(who->mfa_pending);
  EXPECT_TRUE(who->roles.empty());
}

TEST_F(MfaTest, TheSecretIsStoredSealedAndBoundToItsUser) {
  MakeUser("mo", {"centre_manager"});
  MakeUser("eve", {"centre_manager"});
  const Enrolled mo = Enrol("mo");
  Enrol("eve");
  const store::UserRow row = Row("mo");
  EXPECT_EQ(row.totp_secret.size(), crypto::kTotpSecretBytes + crypto::kSealOverhead);
  EXPECT_EQ(std::search(row.totp_secret.begin(), row.totp_secret.end(), mo.secret.data(),
                        mo.secret.data() + mo.secret.size()),
            row.totp_secret.end());
  EXPECT_EQ(row.recovery_hashes.size(), 10u);
  for (const std::string& code : mo.recovery_codes) {
    for (const std::string& hash : row.recovery_hashes) EXPECT_NE(hash, code);
  }
  // Eve copies Mo's sealed secret into her own row: it no longer opens, so Mo's codes do not
  // let anyone in as Eve.
  {
    auto tx = memory_.Begin();
    store::UserRow eve = **(*tx)->FindUserByName("eve");
    eve.totp_secret = row.totp_secret;
    ++eve.version;
    ASSERT_TRUE((*tx)->UpdateUser(eve));
    ASSERT_TRUE((*tx)->Commit());
  }
  EXPECT_FALSE(service_->Login("eve", kPassword, CodeNow(mo.secret)));
}

}  // namespace
}  // namespace casekeep::accounts
