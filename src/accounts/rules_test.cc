// The input rules for accounts: usernames, passwords, display names, teams and token labels.
#include "accounts/rules.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/password.h"

namespace casekeep::accounts {
namespace {

TEST(RulesTest, Usernames) {
  for (const char* good : {"ab", "ada.lovelace", "j_smith-2"}) {
    EXPECT_TRUE(CheckUsername(good)) << good;
  }
  EXPECT_TRUE(CheckUsername(std::string(64, 'x')));
  for (const char* bad : {"", "a", "Ada", "ada lovelace", "ada@example.org", "émile"}) {
    EXPECT_FALSE(CheckUsername(bad)) << bad;
  }
  EXPECT_FALSE(CheckUsername(std::string(65, 'x')));
  auto upper = CheckUsername("Ada");
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(upper.error().message.find("lower-case"), std::string::npos);
}

TEST(RulesTest, PasswordsNeedTwelveCharactersAndAreNotTheUsername) {
  EXPECT_FALSE(CheckPassword("elevenchars", "ada"));
  EXPECT_TRUE(CheckPassword("twelve chars", "ada"));
  // Twelve characters, more bytes: counted as characters.
  EXPECT_TRUE(CheckPassword("ééééééééééé1", "ada"));
  EXPECT_FALSE(CheckPassword("éééééééééé1", "ada"));
  EXPECT_FALSE(CheckPassword(std::string(crypto::kMaxPasswordBytes + 1, 'x'), "ada"));
  EXPECT_TRUE(CheckPassword(std::string(crypto::kMaxPasswordBytes, 'x'), "ada"));
  auto same = CheckPassword("Ada.Lovelace.1815", "ada.lovelace.1815");
  ASSERT_FALSE(same);
  EXPECT_NE(same.error().message.find("username"), std::string::npos);
  EXPECT_EQ(same.error().message.find("1815"), std::string::npos);  // never echoes it
}

TEST(RulesTest, DisplayNamesTeamsAndLabels) {
  EXPECT_TRUE(CheckDisplayName("Siân O'Neill-Jones"));
  EXPECT_FALSE(CheckDisplayName(""));
  EXPECT_FALSE(CheckDisplayName("   "));
  EXPECT_FALSE(CheckDisplayName("Ada\nLovelace"));
  EXPECT_FALSE(CheckDisplayName("Ada \xC3"));          // truncated UTF-8
  EXPECT_FALSE(CheckDisplayName("Ada \xC0\xAF"));      // overlong
  EXPECT_FALSE(CheckDisplayName("Ada \xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(CheckDisplayName(std::string(kMaxDisplayNameBytes + 1, 'x')));

  EXPECT_TRUE(CheckTeam(""));
  EXPECT_TRUE(CheckTeam("north-east"));
  EXPECT_FALSE(CheckTeam("North East"));

  EXPECT_TRUE(CheckTokenLabel("nightly export"));
  EXPECT_FALSE(CheckTokenLabel(""));
  EXPECT_FALSE(CheckTokenLabel(" "));
  EXPECT_FALSE(CheckTokenLabel("tab\there"));
  EXPECT_FALSE(CheckTokenLabel(std::string(kMaxTokenLabelBytes + 1, 'x')));
}

TEST(RulesTest, TypedUsernamesAreForgiven) {
  EXPECT_EQ(NormaliseUsername("  Ada.Lovelace "), "ada.lovelace");
  EXPECT_EQ(NormaliseUsername("   "), "");
}

}  // namespace
}  // namespace casekeep::accounts
