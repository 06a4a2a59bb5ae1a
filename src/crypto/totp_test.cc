// Tests for TOTP against the RFC 4226 and RFC 6238 test vectors, the verification window,
// replay rejection, and secret encoding.
#include "crypto/totp.h"

#include <gtest/gtest.h>

#include "crypto/bytes.h"

namespace casekeep::crypto {
namespace {

constexpr std::string_view kSha1Secret = "12345678901234567890";
constexpr std::string_view kSha256Secret = "12345678901234567890123456789012";
constexpr std::string_view kSha512Secret =
    "1234567890123456789012345678901234567890123456789012345678901234";

// RFC 6238 Appendix B.
struct Vector {
  std::int64_t time;
  std::string_view sha1, sha256, sha512;
};
constexpr Vector kRfc6238[] = {
    {59, "94287082", "46119246", "90693936"},
    {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"},
    {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"},
    {20000000000, "65353130", "77737706", "47863826"},
};

TEST(TotpTest, Rfc6238Vectors) {
  for (const Vector& v : kRfc6238) {
    TotpParams params;
    params.digits = 8;
    params.algorithm = TotpAlgorithm::kSha1;
    EXPECT_EQ(TotpCode(AsBytes(kSha1Secret), v.time, params), v.sha1) << v.time;
    params.algorithm = TotpAlgorithm::kSha256;
    EXPECT_EQ(TotpCode(AsBytes(kSha256Secret), v.time, params), v.sha256) << v.time;
    params.algorithm = TotpAlgorithm::kSha512;
    EXPECT_EQ(TotpCode(AsBytes(kSha512Secret), v.time, params), v.sha512) << v.time;
  }
}

// RFC 4226 Appendix D: HOTP values for counters 0-9.
TEST(TotpTest, Rfc4226HotpVectors) {
  constexpr std::string_view kHotp[] = {"755224", "287082", "359152", "969429", "338314",
                                        "254676", "287922", "162583", "399871", "520489"};
  for (std::int64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(TotpCodeAtStep(AsBytes(kSha1Secret), counter),
              kHotp[static_cast<std::size_t>(counter)])
        << counter;
  }
}

TEST(TotpTest, DefaultsAreSixDigitsThirtySeconds) {
  EXPECT_EQ(TotpCode(AsBytes(kSha1Secret), 59), "287082");
  EXPECT_EQ(TotpStep(59), 1);
  EXPECT_EQ(TotpStep(60), 2);
  EXPECT_EQ(TotpCode(AsBytes(kSha1Secret), 1111111109), "081804");
}

TEST(TotpTest, VerifyAcceptsOneStepEitherSideOnly) {
  const auto secret = AsBytes(kSha1Secret);
  const std::int64_t t = 1111111109;  // step 37037036
  auto code = TotpCode(secret, t);
  ASSERT_TRUE(code);
  for (std::int64_t offset : {-30, 0, 29, 30}) {
    auto match = VerifyTotp(secret, *code, t + offset);
    ASSERT_TRUE(match);
    EXPECT_EQ(*match, std::optional<std::int64_t>(37037036)) << offset;
  }
  for (std::int64_t offset : {-60, 61, 90}) {
    auto match = VerifyTotp(secret, *code, t + offset);
    ASSERT_TRUE(match);
    EXPECT_EQ(*match, std::nullopt) << offset;
  }
  auto wrong = VerifyTotp(secret, "000000", t);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(*wrong, std::nullopt);
  auto short_code = VerifyTotp(secret, code->substr(1), t);
  ASSERT_TRUE(short_code);
  EXPECT_EQ(*short_code, std::nullopt);
}

TEST(TotpTest, ReplayedCodeIsRejected) {
  const auto secret = AsBytes(kSha1Secret);
  const std::int64_t t = 2000000000;
  auto code = TotpCode(secret, t);
  ASSERT_TRUE(code);
  auto first = VerifyTotp(secret, *code, t);
  ASSERT_TRUE(first && first->has_value());
  auto replay = VerifyTotp(secret, *code, t + 5, **first);
  ASSERT_TRUE(replay);
  EXPECT_EQ(*replay, std::nullopt);
  auto next = TotpCode(secret, t + 30);
  ASSERT_TRUE(next);
  auto later = VerifyTotp(secret, *next, t + 30, **first);
  ASSERT_TRUE(later);
  EXPECT_EQ(*later, **first + 1);
}

TEST(TotpTest, SecretsEncodeForAuthenticatorApps) {
  EXPECT_EQ(EncodeTotpSecret(AsBytes(kSha1Secret)), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  auto decoded = DecodeTotpSecret("gezd gnbv gy3t qojq gezd gnbv gy3t qojq");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->chars(), kSha1Secret);
  EXPECT_FALSE(DecodeTotpSecret("GEZDGNBV"));  // 5 bytes: too short
  EXPECT_FALSE(DecodeTotpSecret("GEZDGNBVGY3TQOJ1"));
  auto fresh = NewTotpSecret();
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->size(), kTotpSecretBytes);
  auto round = DecodeTotpSecret(EncodeTotpSecret(fresh->span()));
  ASSERT_TRUE(round);
  EXPECT_TRUE(*round == *fresh);
}

TEST(TotpTest, ProvisioningUri) {
  auto uri = TotpProvisioningUri("Hollyfield Family Support", "sam@example.org",
                                 AsBytes(kSha1Secret));
  ASSERT_TRUE(uri);
  EXPECT_EQ(*uri,
            "otpauth://totp/Hollyfield%20Family%20Support:sam%40example.org"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Hollyfield%20Family%20Support"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_FALSE(TotpProvisioningUri("", "sam@example.org", AsBytes(kSha1Secret)));
}

TEST(TotpTest, RejectsBadParameters) {
  TotpParams params;
  params.digits = 5;
  EXPECT_FALSE(TotpCode(AsBytes(kSha1Secret), 59, params));
  params.digits = 9;
  EXPECT_FALSE(TotpCode(AsBytes(kSha1Secret), 59, params));
  params = {};
  params.period_seconds = 0;
  EXPECT_FALSE(TotpCode(AsBytes(kSha1Secret), 59, params));
  params = {};
  params.t0 = 100;
  auto before = TotpCode(AsBytes(kSha1Secret), 59, params);
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(TotpCode({}, 59));
}

}  // namespace
}  // namespace casekeep::crypto
