// Tests for SecretBytes, Key, random keys and constant-time comparison.
#include "crypto/secret.h"

#include <gtest/gtest.h>

#include <array>
#include <utility>

#include "crypto/init.h"
#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

TEST(InitCryptoTest, SucceedsRepeatedly) {
  ASSERT_TRUE(InitCrypto());
  ASSERT_TRUE(InitCrypto());
}

TEST(SecretBytesTest, AllocatesZeroedInBothMemories) {
  for (SecretMemory memory : {SecretMemory::kHeap, SecretMemory::kLocked}) {
    auto secret = SecretBytes::Allocate(40, memory);
    ASSERT_TRUE(secret) << secret.error().message;
    EXPECT_EQ(secret->size(), 40u);
    EXPECT_EQ(secret->memory(), memory);
    for (std::uint8_t b : secret->span()) EXPECT_EQ(b, 0);
  }
}

TEST(SecretBytesTest, MoveLeavesSourceEmpty) {
  const std::array<std::uint8_t, 3> bytes = {1, 2, 3};
  auto a = SecretBytes::CopyOf(bytes);
  ASSERT_TRUE(a);
  SecretBytes b = std::move(*a);
  EXPECT_TRUE(a->empty());  // NOLINT(bugprone-use-after-move): the contract under test
  EXPECT_EQ(a->size(), 0u);
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(b.data()[2], 3);
  SecretBytes c;
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.chars(), std::string_view("\x01\x02\x03", 3));
}

TEST(SecretBytesTest, WipeZeroesKeepingSize) {
  const std::array<std::uint8_t, 4> bytes = {9, 9, 9, 9};
  auto secret = SecretBytes::CopyOf(bytes, SecretMemory::kHeap);
  ASSERT_TRUE(secret);
  secret->Wipe();
  ASSERT_EQ(secret->size(), 4u);
  for (std::uint8_t b : secret->span()) EXPECT_EQ(b, 0);
}

TEST(ConstantTimeEqualTest, ComparesContentAndLength) {
  const std::array<std::uint8_t, 3> a = {1, 2, 3};
  const std::array<std::uint8_t, 3> b = {1, 2, 4};
  const std::array<std::uint8_t, 2> c = {1, 2};
  EXPECT_TRUE(ConstantTimeEqual(a, a));
  EXPECT_FALSE(ConstantTimeEqual(a, b));
  EXPECT_FALSE(ConstantTimeEqual(a, c));
  EXPECT_TRUE(ConstantTimeEqual({}, {}));
}

TEST(KeyTest, FromBytesRequires32Bytes) {
  const std::array<std::uint8_t, 31> short_key{};
  const std::array<std::uint8_t, 33> long_key{};
  auto a = Key::FromBytes(short_key);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kInvalidArgument);
  auto b = Key::FromBytes(long_key);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kInvalidArgument);
  const std::array<std::uint8_t, 32> ok{};
  EXPECT_TRUE(Key::FromBytes(ok));
}

TEST(KeyTest, RandomKeysDifferAndCloneEquals) {
  auto a = RandomKey();
  auto b = RandomKey(SecretMemory::kLocked);
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->span().size(), Key::kSize);
  EXPECT_FALSE(*a == *b);
  auto clone = a->Clone(SecretMemory::kLocked);
  ASSERT_TRUE(clone);
  EXPECT_TRUE(*clone == *a);
  EXPECT_EQ(clone->memory(), SecretMemory::kLocked);
}

TEST(KeyTest, MovedFromKeyIsEmptyAndRejected) {
  auto a = RandomKey();
  ASSERT_TRUE(a);
  Key b = std::move(*a);
  EXPECT_TRUE(a->empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(b.empty());
  auto status = RequireKey(*a, "test key");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(a->Clone(SecretMemory::kHeap));
  EXPECT_TRUE(Key() == Key());
}

TEST(RandomTest, BytesAndBounds) {
  auto bytes = RandomBytes(64);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 64u);
  auto other = RandomBytes(64);
  ASSERT_TRUE(other);
  EXPECT_NE(*bytes, *other);
  for (int i = 0; i < 100; ++i) {
    auto n = RandomBelow(7);
    ASSERT_TRUE(n);
    EXPECT_LT(*n, 7u);
  }
  EXPECT_FALSE(RandomBelow(0));
}

}  // namespace
}  // namespace casekeep::crypto
