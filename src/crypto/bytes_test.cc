// Tests for hex and RFC 4648 base32 encoding.
#include "crypto/bytes.h"

#include <gtest/gtest.h>

namespace casekeep::crypto {
namespace {

TEST(HexTest, RoundTripsAndRejectsBadInput) {
  const Bytes bytes = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(ToHex(bytes), "0001abff");
  auto back = FromHex("0001ABff");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, bytes);
  EXPECT_FALSE(FromHex("abc"));
  EXPECT_FALSE(FromHex("zz"));
  EXPECT_TRUE(FromHex("")->empty());
}

// RFC 4648 section 10 test vectors.
TEST(Base32Test, Rfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},          {"f", "MY"},          {"fo", "MZXQ"},         {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(ToBase32(AsBytes(plain)), encoded) << plain;
    auto decoded = FromBase32(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(AsChars(*decoded), plain);
  }
}

TEST(Base32Test, DecodingForgivesCaseSpacesAndPadding) {
  auto decoded = FromBase32("mzxw 6yq=");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(AsChars(*decoded), "foob");
}

TEST(Base32Test, RejectsBadCharactersAndLengths) {
  EXPECT_FALSE(FromBase32("MZ1W"));   // '1' is not in the alphabet
  EXPECT_FALSE(FromBase32("M"));      // 5 bits cannot end a byte
  EXPECT_FALSE(FromBase32("MZX"));    // 15 bits
  EXPECT_FALSE(FromBase32("MZ"));     // leftover bits not zero ("MY" is 'f')
  EXPECT_TRUE(FromBase32("MY"));
}

}  // namespace
}  // namespace casekeep::crypto
