// Tests for blind indexes: normalisation equivalences and rejections, domain separation by
// field and key, and a known answer for third-party implementations.
#include "crypto/blind_index.h"

#include <gtest/gtest.h>

#include "crypto/bytes.h"
#include "crypto/keys.h"
#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

std::string Norm(Normalisation kind, std::string_view value) {
  auto out = Normalise(kind, value);
  return out ? *out : "<error: " + out.error().message + ">";
}

TEST(NormaliseTest, Emails) {
  EXPECT_EQ(Norm(Normalisation::kEmail, " Alice@Example.ORG "), "alice@example.org");
  EXPECT_EQ(Norm(Normalisation::kEmail, "\talice@example.org\n"), "alice@example.org");
  EXPECT_EQ(Norm(Normalisation::kEmail, "Bob.Smith+x@Example.org"), "bob.smith+x@example.org");
  for (std::string_view bad :
       {"", "alice", "@example.org", "alice@", "a@b@c", "al ice@example.org"}) {
    EXPECT_FALSE(NormaliseEmail(bad)) << bad;
  }
}

TEST(NormaliseTest, UkPhones) {
  for (std::string_view same : {"07700900123", "07700 900123", "+44 7700 900123",
                                "+447700900123", "0044 7700 900123", "+44 (0)7700 900123",
                                "44 7700 900123", "(07700) 900-123", " 07700.900.123 "}) {
    EXPECT_EQ(Norm(Normalisation::kUkPhone, same), "07700900123") << same;
  }
  EXPECT_EQ(Norm(Normalisation::kUkPhone, "020 7946 0000"), "02079460000");
  EXPECT_EQ(Norm(Normalisation::kUkPhone, "+44 20 7946 0000"), "02079460000");
  EXPECT_EQ(Norm(Normalisation::kUkPhone, "+33 1 23 45 67 89"), "0033123456789");
  EXPECT_EQ(Norm(Normalisation::kUkPhone, "0033 1 23 45 67 89"), "0033123456789");
  for (std::string_view bad : {"", "12345", "07700 900123 ext 4", "call me"}) {
    EXPECT_FALSE(NormaliseUkPhone(bad)) << bad;
  }
}

TEST(NormaliseTest, Postcodes) {
  for (std::string_view same : {"sw1a1aa", "SW1A 1AA", " sw1a  1aa ", "Sw1A1aA"}) {
    EXPECT_EQ(Norm(Normalisation::kPostcode, same), "SW1A 1AA") << same;
  }
  EXPECT_EQ(Norm(Normalisation::kPostcode, "m11ae"), "M1 1AE");
  EXPECT_EQ(Norm(Normalisation::kPostcode, "b338th"), "B33 8TH");
  for (std::string_view bad : {"", "SW1A", "SW1A 1A", "SW1A-1AA", "SW1A 1AAA1", "1W1A 1AA",
                               "SW1A AAA"}) {
    EXPECT_FALSE(NormalisePostcode(bad)) << bad;
  }
}

TEST(NormaliseTest, NamesAndText) {
  EXPECT_EQ(Norm(Normalisation::kName, "  Jo   ANNE\tSmith "), "jo anne smith");
  EXPECT_EQ(Norm(Normalisation::kName, "Zoë"), "zo\xc3\xab");  // non-ASCII bytes kept
  EXPECT_FALSE(NormaliseName("   "));
  EXPECT_EQ(Norm(Normalisation::kText, "  Case  Ref 12 "), "Case  Ref 12");
  EXPECT_FALSE(NormaliseText("\t"));
}

class BlindIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto root = NewRootKey();
    ASSERT_TRUE(root);
    auto key = DeriveSubkey(*root, SubkeyPurpose::kBlindIndex);
    ASSERT_TRUE(key);
    auto indexer = BlindIndexer::Create(*key);
    ASSERT_TRUE(indexer);
    indexer_.emplace(std::move(*indexer));
  }
  BlindIndex Index(std::string_view field, Normalisation kind, std::string_view value) {
    auto index = indexer_->Index(field, kind, value);
    EXPECT_TRUE(index) << value;
    return index ? *index : BlindIndex{};
  }
  std::optional<BlindIndexer> indexer_;
};

TEST_F(BlindIndexTest, EquivalentValuesGiveEqualIndexes) {
  EXPECT_EQ(Index("email", Normalisation::kEmail, " Alice@Example.ORG "),
            Index("email", Normalisation::kEmail, "alice@example.org"));
  EXPECT_EQ(Index("phone", Normalisation::kUkPhone, "+44 7700 900123"),
            Index("phone", Normalisation::kUkPhone, "07700900123"));
  EXPECT_EQ(Index("postcode", Normalisation::kPostcode, "sw1a1aa"),
            Index("postcode", Normalisation::kPostcode, "SW1A 1AA"));
  EXPECT_EQ(Index("name", Normalisation::kName, "Jo  Smith"),
            Index("name", Normalisation::kName, "jo smith"));
  EXPECT_NE(Index("email", Normalisation::kEmail, "alice@example.org"),
            Index("email", Normalisation::kEmail, "alice@example.com"));
}

TEST_F(BlindIndexTest, FieldsAndKeysSeparateDomains) {
  EXPECT_NE(Index("email", Normalisation::kEmail, "alice@example.org"),
            Index("contact_email", Normalisation::kEmail, "alice@example.org"));
  // The length prefix keeps ("ab", "c...") and ("a", "bc...") apart.
  auto a = indexer_->IndexNormalised("ab", "cd");
  auto b = indexer_->IndexNormalised("a", "bcd");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  auto other_key = RandomKey();
  ASSERT_TRUE(other_key);
  auto other = BlindIndexer::Create(*other_key);
  ASSERT_TRUE(other);
  EXPECT_NE(*other->Index("email", Normalisation::kEmail, "alice@example.org"),
            Index("email", Normalisation::kEmail, "alice@example.org"));
}

TEST_F(BlindIndexTest, HexAndErrors) {
  auto hex = indexer_->IndexHex("email", Normalisation::kEmail, "alice@example.org");
  ASSERT_TRUE(hex);
  EXPECT_EQ(hex->size(), 64u);
  EXPECT_EQ(*hex, ToHex(Index("email", Normalisation::kEmail, "alice@example.org")));
  auto bad = indexer_->Index("email", Normalisation::kEmail, "not an email");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(indexer_->Index("", Normalisation::kEmail, "alice@example.org"));
  EXPECT_FALSE(BlindIndexer::Create(Key()));
}

// Computed independently with Python: hashlib.blake2b(b"\x05\0\0\0email" + value,
// digest_size=32, key=bytes(range(32)), person=b"casekeep-bidx-v1").
TEST(BlindIndexKnownAnswerTest, MatchesDocumentedConstruction) {
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  auto key = Key::FromBytes(bytes);
  ASSERT_TRUE(key);
  auto indexer = BlindIndexer::Create(*key);
  ASSERT_TRUE(indexer);
  auto hex = indexer->IndexHex("email", Normalisation::kEmail, " Alice@Example.ORG");
  ASSERT_TRUE(hex);
  EXPECT_EQ(*hex, "5b995090a605f658eb4af5fc8c680ed948473ea72d6c21fb2d911ef2e477d421");
}

}  // namespace
}  // namespace casekeep::crypto
