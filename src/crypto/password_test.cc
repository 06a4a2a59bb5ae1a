// Tests for Argon2id password hashing and recovery codes.
#include "crypto/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cctype>
#include <set>

namespace casekeep::crypto {
namespace {

TEST(PasswordTest, HashesWithDocumentedParametersAndVerifies) {
  auto hash = HashPassword("tr0ub4dor&3 horse");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
  EXPECT_EQ(VerifyPassword(*hash, "tr0ub4dor&3 horse"), true);
  EXPECT_EQ(VerifyPassword(*hash, "tr0ub4dor&3 horsE"), false);
  EXPECT_EQ(VerifyPassword(*hash, ""), false);
  auto again = HashPassword("tr0ub4dor&3 horse");
  ASSERT_TRUE(again);
  EXPECT_NE(*hash, *again);  // random salt
  EXPECT_FALSE(PasswordNeedsRehash(*hash));
}

TEST(PasswordTest, RejectsBadPasswordsAndCorruptHashes) {
  auto empty = HashPassword("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(HashPassword(std::string(kMaxPasswordBytes + 1, 'x')));
  for (std::string_view corrupt : {"", "plaintext", "$2b$10$abcdefghijk", "$argon2i$v=19$m=1"}) {
    auto result = VerifyPassword(corrupt, "anything");
    ASSERT_FALSE(result) << corrupt;
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
  }
  auto truncated = HashPassword("some password");
  ASSERT_TRUE(truncated);
  EXPECT_EQ(VerifyPassword(truncated->substr(0, truncated->size() - 5), "some password"), false);
}

TEST(PasswordTest, OldParametersNeedRehash) {
  char old[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(old, "pw", 2, 3, 8 * 1024 * 1024, crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_TRUE(PasswordNeedsRehash(old));
  EXPECT_EQ(VerifyPassword(old, "pw"), true);
  EXPECT_TRUE(PasswordNeedsRehash("garbage"));
}

TEST(RecoveryCodesTest, GeneratedCodesMatchOnceEach) {
  auto codes = GenerateRecoveryCodes();
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->codes.size(), kRecoveryCodeCount);
  ASSERT_EQ(codes->hashes.size(), kRecoveryCodeCount);
  std::set<std::string> unique(codes->codes.begin(), codes->codes.end());
  EXPECT_EQ(unique.size(), kRecoveryCodeCount);
  for (std::size_t i = 0; i < kRecoveryCodeCount; ++i) {
    const std::string& code = codes->codes[i];
    ASSERT_EQ(code.size(), 19u) << code;
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code[14], '-');
    EXPECT_EQ(codes->hashes[i].size(), 64u);
    EXPECT_EQ(MatchRecoveryCode(code, codes->hashes), i);
    std::string typed;
    for (char c : code) {
      if (c != '-') typed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    EXPECT_EQ(MatchRecoveryCode(typed, codes->hashes), i) << typed;
  }
  EXPECT_EQ(MatchRecoveryCode("0000-0000-0000-0000", codes->hashes), std::nullopt);
  EXPECT_EQ(MatchRecoveryCode("not a code", codes->hashes), std::nullopt);
  EXPECT_FALSE(GenerateRecoveryCodes(0));
}

// Known answer: BLAKE2b-256, personalisation "casekeep-recov-1", of the 16 canonical symbols
// (computed independently with Python's hashlib).
TEST(RecoveryCodesTest, HashMatchesDocumentation) {
  auto hash = HashRecoveryCode("abcd-efgh-jkmn-pqrs");
  ASSERT_TRUE(hash);
  EXPECT_EQ(*hash, "7d5297463a2190d9f8f1c934ed54f1d9355f43cd7a63d1bc4115c9c592c3b9d3");
  EXPECT_EQ(HashRecoveryCode("ABCDEFGHJKMNPQRS"), *hash);
  EXPECT_FALSE(HashRecoveryCode("ABCD-EFGH-JKMN-PQR"));
  EXPECT_FALSE(HashRecoveryCode("ABCD-EFGH-JKMN-PQRU"));
}

}  // namespace
}  // namespace casekeep::crypto
