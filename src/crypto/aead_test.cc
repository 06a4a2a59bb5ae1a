// Tests for Seal/Open: round trips, the byte format, and rejection (kDataLoss, never a crash)
// of every altered, truncated, misplaced or garbage input.
#include "crypto/aead.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

class AeadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = RandomKey();
    ASSERT_TRUE(key);
    key_ = std::move(*key);
  }
  Key key_;
  const std::string ad_ = "subject:S-7K3M9QA:field:email";
  const std::string plaintext_ = "alice@example.org";
};

void ExpectDataLoss(const Result<Bytes>& result, const std::string& what) {
  ASSERT_FALSE(result) << what << ": opened when it should not";
  EXPECT_EQ(result.error().code, ErrorCode::kDataLoss) << what << ": " << result.error().message;
}

TEST_F(AeadTest, RoundTripsWithExpectedLayout) {
  auto sealed = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(sealed);
  ASSERT_EQ(sealed->size(), plaintext_.size() + kSealOverhead);
  EXPECT_EQ((*sealed)[0], kSealedVersion);
  auto opened = Open(key_, *sealed, AsBytes(ad_));
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(AsChars(*opened), plaintext_);
}

TEST_F(AeadTest, EmptyPlaintextRoundTrips) {
  auto sealed = Seal(key_, {}, AsBytes(ad_));
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->size(), kSealOverhead);
  auto opened = Open(key_, *sealed, AsBytes(ad_));
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->empty());
}

TEST_F(AeadTest, FreshNonceEachTime) {
  auto a = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  auto b = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

// A reader written from docs/keys.md alone, with libsodium's raw AEAD call.
TEST_F(AeadTest, FormatMatchesDocumentation) {
  auto sealed = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(sealed);
  Bytes full_ad = {0x01};
  full_ad.insert(full_ad.end(), ad_.begin(), ad_.end());
  Bytes out(sealed->size() - kSealOverhead);
  ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_decrypt(
                out.data(), nullptr, nullptr, sealed->data() + 25, sealed->size() - 25,
                full_ad.data(), full_ad.size(), sealed->data() + 1, key_.data()),
            0);
  EXPECT_EQ(AsChars(out), plaintext_);
}

TEST_F(AeadTest, WrongKeyOrAssociatedDataIsDataLoss) {
  auto sealed = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(sealed);
  auto other = RandomKey();
  ASSERT_TRUE(other);
  ExpectDataLoss(Open(*other, *sealed, AsBytes(ad_)), "wrong key");
  ExpectDataLoss(Open(key_, *sealed, AsBytes("subject:S-7K3M9QA:field:phone")), "other field");
  ExpectDataLoss(Open(key_, *sealed, AsBytes("subject:S-00000000:field:email")), "other row");
  ExpectDataLoss(Open(key_, *sealed, {}), "no associated data");
}

TEST_F(AeadTest, EveryFlippedBitIsDataLoss) {
  auto sealed = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(sealed);
  for (std::size_t i = 0; i < sealed->size(); ++i) {
    for (const std::uint8_t mask : std::initializer_list<std::uint8_t>{0x01, 0x80}) {
      Bytes tampered = *sealed;
      tampered[i] ^= mask;
      ExpectDataLoss(Open(key_, tampered, AsBytes(ad_)), "byte " + std::to_string(i));
    }
  }
  Bytes other_version = *sealed;
  other_version[0] = 0x02;
  ExpectDataLoss(Open(key_, other_version, AsBytes(ad_)), "version 2");
}

TEST_F(AeadTest, EveryTruncationAndExtensionIsDataLoss) {
  auto sealed = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(sealed);
  for (std::size_t n = 0; n < sealed->size(); ++n) {
    const Bytes cut(sealed->begin(), sealed->begin() + static_cast<std::ptrdiff_t>(n));
    ExpectDataLoss(Open(key_, cut, AsBytes(ad_)), "first " + std::to_string(n) + " bytes");
  }
  Bytes longer = *sealed;
  longer.push_back(0);
  ExpectDataLoss(Open(key_, longer, AsBytes(ad_)), "extra byte");
}

TEST_F(AeadTest, RandomGarbageIsDataLoss) {
  for (std::size_t n : {0u, 1u, 24u, 40u, 41u, 42u, 100u, 4096u}) {
    auto garbage = RandomBytes(n);
    ASSERT_TRUE(garbage);
    if (!garbage->empty()) (*garbage)[0] = kSealedVersion;
    ExpectDataLoss(Open(key_, *garbage, AsBytes(ad_)), std::to_string(n) + " random bytes");
  }
}

TEST_F(AeadTest, EmptyKeyIsInvalidArgument) {
  const Key empty;
  auto sealed = Seal(empty, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_FALSE(sealed);
  EXPECT_EQ(sealed.error().code, ErrorCode::kInvalidArgument);
  auto good = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(good);
  auto opened = Open(empty, *good, AsBytes(ad_));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(AeadTest, OpenSecretRoundTripsAndRejects) {
  auto sealed = Seal(key_, AsBytes(plaintext_), AsBytes(ad_));
  ASSERT_TRUE(sealed);
  auto secret = OpenSecret(key_, *sealed, AsBytes(ad_), SecretMemory::kLocked);
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->chars(), plaintext_);
  (*sealed)[30] ^= 1;
  auto bad = OpenSecret(key_, *sealed, AsBytes(ad_));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kDataLoss);
}

TEST(FieldAssociatedDataTest, BuildsConventionAndRejectsAmbiguity) {
  auto ad = FieldAssociatedData("subject", "S-7K3M9QA", "email");
  ASSERT_TRUE(ad);
  EXPECT_EQ(*ad, "subject:S-7K3M9QA:field:email");
  EXPECT_FALSE(FieldAssociatedData("subject", "S:1", "email"));
  EXPECT_FALSE(FieldAssociatedData("", "S-7K3M9QA", "email"));
  EXPECT_FALSE(FieldAssociatedData("subject", "S-7K3M9QA", ""));
}

}  // namespace
}  // namespace casekeep::crypto
