// Tests for the key hierarchy: key check, wrapping bound to the owner, root key, subkeys,
// rotation, and compatibility of each construction with docs/keys.md.
#include "crypto/keys.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <set>

#include "crypto/aead.h"
#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

// The key 00 01 02 ... 1f, for known-answer tests.
Key CountingKey() {
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  return std::move(*Key::FromBytes(bytes));
}

MasterKey NewMaster() {
  auto kek = RandomKey(SecretMemory::kLocked);
  EXPECT_TRUE(kek);
  auto master = MasterKey::FromKey(*kek);
  EXPECT_TRUE(master);
  return std::move(*master);
}

TEST(MasterKeyTest, KeyCheckDetectsWrongMasterKey) {
  const MasterKey master = NewMaster();
  const Bytes check = master.key_check();
  ASSERT_EQ(check.size(), kKeyCheckSize);
  EXPECT_EQ(check[0], kKeyCheckVersion);
  EXPECT_TRUE(master.VerifyKeyCheck(check));
  const MasterKey other = NewMaster();
  auto wrong = other.VerifyKeyCheck(check);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(wrong.error().message.find("wrong master key"), std::string::npos);
  auto malformed = master.VerifyKeyCheck(Bytes(check.begin(), check.end() - 1));
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kDataLoss);
}

TEST(MasterKeyTest, WrongPassphraseIsDetectedByKeyCheck) {
  auto params = NewKdfParams(1, 64 * 1024);
  ASSERT_TRUE(params);
  auto right = DeriveKeyFromPassphrase(AsBytes("the right passphrase"), *params);
  auto wrong = DeriveKeyFromPassphrase(AsBytes("the wrong passphrase"), *params);
  ASSERT_TRUE(right && wrong);
  auto right_master = MasterKey::FromKey(*right);
  auto wrong_master = MasterKey::FromKey(*wrong);
  ASSERT_TRUE(right_master && wrong_master);
  auto status = wrong_master->VerifyKeyCheck(right_master->key_check());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kPermissionDenied);
}

TEST(MasterKeyTest, DataKeyWrapIsBoundToOwnerAndMaster) {
  const MasterKey master = NewMaster();
  auto dek = NewDataKey();
  ASSERT_TRUE(dek);
  auto wrapped = master.WrapDataKey(*dek, "subject:S-7K3M9QA");
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(wrapped->size(), kWrappedKeySize);
  auto unwrapped = master.UnwrapDataKey(*wrapped, "subject:S-7K3M9QA");
  ASSERT_TRUE(unwrapped) << unwrapped.error().message;
  EXPECT_TRUE(*unwrapped == *dek);

  auto other_owner = master.UnwrapDataKey(*wrapped, "subject:S-00000000");
  ASSERT_FALSE(other_owner);
  EXPECT_EQ(other_owner.error().code, ErrorCode::kDataLoss);
  auto other_master = NewMaster().UnwrapDataKey(*wrapped, "subject:S-7K3M9QA");
  ASSERT_FALSE(other_master);
  EXPECT_EQ(other_master.error().code, ErrorCode::kDataLoss);
  for (std::size_t i = 0; i < wrapped->size(); ++i) {
    Bytes tampered = *wrapped;
    tampered[i] ^= 0x04;
    auto result = master.UnwrapDataKey(tampered, "subject:S-7K3M9QA");
    ASSERT_FALSE(result) << i;
    EXPECT_EQ(result.error().code, ErrorCode::kDataLoss);
  }
  auto truncated = master.UnwrapDataKey(Bytes(wrapped->begin(), wrapped->end() - 1),
                                        "subject:S-7K3M9QA");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kDataLoss);
  EXPECT_FALSE(master.WrapDataKey(*dek, ""));
  EXPECT_FALSE(master.WrapDataKey(Key(), "subject:S-7K3M9QA"));
}

TEST(MasterKeyTest, RootKeyAndDataKeyWrapsDoNotMix) {
  const MasterKey master = NewMaster();
  auto root = NewRootKey();
  ASSERT_TRUE(root);
  auto wrapped_root = master.WrapRootKey(*root);
  ASSERT_TRUE(wrapped_root);
  auto unwrapped = master.UnwrapRootKey(*wrapped_root);
  ASSERT_TRUE(unwrapped);
  EXPECT_TRUE(*unwrapped == *root);
  EXPECT_EQ(unwrapped->memory(), SecretMemory::kLocked);
  for (std::string_view owner : {"root", "casekeep:root", ""}) {
    EXPECT_FALSE(master.UnwrapDataKey(*wrapped_root, owner)) << owner;
  }
  auto wrapped_dek = master.WrapDataKey(*root, "root");
  ASSERT_TRUE(wrapped_dek);
  EXPECT_FALSE(master.UnwrapRootKey(*wrapped_dek));
}

TEST(MasterKeyTest, RotationRewrapsWithoutChangingData) {
  const MasterKey old_master = NewMaster();
  const MasterKey new_master = NewMaster();
  auto dek = NewDataKey();
  ASSERT_TRUE(dek);
  const std::string owner = "case:C-0000000B";
  auto wrapped = old_master.WrapDataKey(*dek, owner);
  auto value = Seal(*dek, AsBytes("session notes"), AsBytes("record:R-1:field:notes"));
  ASSERT_TRUE(wrapped && value);

  auto rewrapped = RewrapDataKey(old_master, new_master, *wrapped, owner);
  ASSERT_TRUE(rewrapped) << rewrapped.error().message;
  EXPECT_FALSE(old_master.UnwrapDataKey(*rewrapped, owner));
  auto dek_again = new_master.UnwrapDataKey(*rewrapped, owner);
  ASSERT_TRUE(dek_again);
  auto opened = Open(*dek_again, *value, AsBytes("record:R-1:field:notes"));
  ASSERT_TRUE(opened);
  EXPECT_EQ(AsChars(*opened), "session notes");

  auto wrong_from = RewrapDataKey(new_master, old_master, *wrapped, owner);
  ASSERT_FALSE(wrong_from);
  EXPECT_EQ(wrong_from.error().code, ErrorCode::kDataLoss);

  auto root = NewRootKey();
  ASSERT_TRUE(root);
  auto wrapped_root = old_master.WrapRootKey(*root);
  ASSERT_TRUE(wrapped_root);
  auto rewrapped_root = RewrapRootKey(old_master, new_master, *wrapped_root);
  ASSERT_TRUE(rewrapped_root);
  auto root_again = new_master.UnwrapRootKey(*rewrapped_root);
  ASSERT_TRUE(root_again);
  EXPECT_TRUE(*root_again == *root);
}

TEST(SubkeyTest, PurposesGiveDistinctStableKeys) {
  auto root = NewRootKey();
  ASSERT_TRUE(root);
  std::set<std::string> seen;
  for (SubkeyPurpose purpose : {SubkeyPurpose::kBlindIndex, SubkeyPurpose::kAudit,
                                SubkeyPurpose::kSession, SubkeyPurpose::kExport,
                                SubkeyPurpose::kUnsubscribe}) {
    EXPECT_EQ(SubkeyContext(purpose).size(), 8u);
    auto a = DeriveSubkey(*root, purpose);
    auto b = DeriveSubkey(*root, purpose);
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(*a == *b);
    EXPECT_FALSE(*a == *root);
    seen.insert(std::string(AsChars(a->span())));
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_FALSE(DeriveSubkey(Key(), SubkeyPurpose::kAudit));
}

// Known answers computed independently (Python hashlib.blake2b with key, salt, person), so a
// third-party reader following docs/keys.md gets the same keys.
TEST(SubkeyTest, ConstructionsMatchDocumentation) {
  const Key root = CountingKey();
  auto blind = DeriveSubkey(root, SubkeyPurpose::kBlindIndex);
  ASSERT_TRUE(blind);
  EXPECT_EQ(ToHex(blind->span()),
            "3ea7fdce18a8e074480d0a990dd164762f1f91bacdf5989aa117b35b4724e3a5");
  auto master = MasterKey::FromKey(root);
  ASSERT_TRUE(master);
  EXPECT_EQ(ToHex(master->key_check()),
            "01064625f98638d940956a54822f58a28010e3c24dacf02db1b97bfc22a3ed3bcd");

  // Unwrap by hand: wrapping key = BLAKE2b subkey "wrapkeys"; AEAD with AD 0x01 || prefix || id.
  auto dek = NewDataKey();
  ASSERT_TRUE(dek);
  auto wrapped = master->WrapDataKey(*dek, "subject:S-7K3M9QA");
  ASSERT_TRUE(wrapped);
  auto wrap_key = FromHex("0d462f41803ea50e9effd220d8c022cd5f33158a0ed0f0ac62ae4b7b584c93c4");
  ASSERT_TRUE(wrap_key);
  const std::string ad = std::string("\x01") + "casekeep:dek:subject:S-7K3M9QA";
  std::array<std::uint8_t, 32> out{};
  ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_decrypt(
                out.data(), nullptr, nullptr, wrapped->data() + 25, wrapped->size() - 25,
                AsBytes(ad).data(), ad.size(), wrapped->data() + 1, wrap_key->data()),
            0);
  EXPECT_TRUE(ConstantTimeEqual(out, dek->span()));
}

}  // namespace
}  // namespace casekeep::crypto
