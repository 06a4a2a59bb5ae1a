// Tests for master key sources: key file creation and the permission and size rules, the
// parameters file, and passphrase derivation.
#include "crypto/key_sources.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "crypto/bytes.h"

namespace casekeep::crypto {
namespace {

// Small Argon2id cost so tests run quickly; production uses the defaults.
constexpr std::uint64_t kTestOps = 1;
constexpr std::size_t kTestMem = 64 * 1024;

class KeySourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ck-keys-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  void WriteFile(const std::string& path, std::string_view data, ::mode_t mode) {
    std::ofstream(path, std::ios::binary) << data;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }
  std::filesystem::path dir_;
};

TEST_F(KeySourcesTest, CreatedKeyFileIsPrivateAndLoads) {
  const std::string path = Path("master.key");
  ASSERT_TRUE(CreateKeyFile(path));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto key = LoadKeyFile(path);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->memory(), SecretMemory::kLocked);
  auto on_disk = ReadFileCapped(path, 100);
  ASSERT_TRUE(on_disk);
  EXPECT_TRUE(ConstantTimeEqual(key->span(), AsBytes(*on_disk)));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), {}), 1);  // no temp left
}

TEST_F(KeySourcesTest, CreateKeyFileNeverOverwrites) {
  const std::string path = Path("master.key");
  ASSERT_TRUE(CreateKeyFile(path));
  auto before = ReadFileCapped(path, 100);
  ASSERT_TRUE(before);
  auto again = CreateKeyFile(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto after = ReadFileCapped(path, 100);
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, *before);
}

TEST_F(KeySourcesTest, GroupOrWorldPermissionsAreRefused) {
  const std::string key(32, 'k');
  for (::mode_t mode : {0644u, 0640u, 0604u, 0620u, 0602u, 0660u, 0666u}) {
    const std::string path = Path("key-" + std::to_string(mode));
    WriteFile(path, key, mode);
    auto loaded = LoadKeyFile(path);
    ASSERT_FALSE(loaded) << std::oct << mode;
    EXPECT_EQ(loaded.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(loaded.error().message.find("chmod 600"), std::string::npos);
  }
  for (::mode_t mode : {0600u, 0400u}) {
    const std::string path = Path("ok-" + std::to_string(mode));
    WriteFile(path, key, mode);
    EXPECT_TRUE(LoadKeyFile(path)) << std::oct << mode;
  }
}

TEST_F(KeySourcesTest, WrongSizeMissingAndFolderAreRefused) {
  for (std::size_t size : {0u, 31u, 33u, 64u}) {
    const std::string path = Path("size-" + std::to_string(size));
    WriteFile(path, std::string(size, 'k'), 0600);
    auto loaded = LoadKeyFile(path);
    ASSERT_FALSE(loaded) << size;
    EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(loaded.error().message.find("exactly 32"), std::string::npos);
  }
  auto missing = LoadKeyFile(Path("absent.key"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  ASSERT_EQ(::chmod(dir_.c_str(), 0700), 0);
  auto folder = LoadKeyFile(dir_.string());
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(KeySourcesTest, ParamsFileRoundTripsAndIsNeverOverwritten) {
  auto params = NewKdfParams(kTestOps, kTestMem);
  ASSERT_TRUE(params);
  const std::string path = Path("kdf.params");
  ASSERT_TRUE(CreateKdfParamsFile(path, *params));
  auto loaded = LoadKdfParamsFile(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->salt, params->salt);
  EXPECT_EQ(loaded->ops_limit, kTestOps);
  EXPECT_EQ(loaded->mem_limit, kTestMem);
  auto fresh = NewKdfParams(kTestOps, kTestMem);
  ASSERT_TRUE(fresh);
  EXPECT_NE(fresh->salt, params->salt);
  auto again = CreateKdfParamsFile(path, *fresh);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST(KdfParamsTest, ParseRejectsBadFiles) {
  const std::string salt = "salt 000102030405060708090a0b0c0d0e0f\n";
  const std::string good = "format 1\nalgorithm argon2id13\nopslimit 2\nmemlimit 65536\n" + salt;
  EXPECT_TRUE(ParseKdfParams(good));
  EXPECT_TRUE(ParseKdfParams("# comment\n\n" + good));
  const std::string bad[] = {
      "format 1\nalgorithm argon2id13\nopslimit 2\nmemlimit 65536\n",            // no salt
      "format 2\nalgorithm argon2id13\nopslimit 2\nmemlimit 65536\n" + salt,     // format
      "format 1\nalgorithm argon2i13\nopslimit 2\nmemlimit 65536\n" + salt,      // algorithm
      "format 1\nalgorithm argon2id13\nopslimit 0\nmemlimit 65536\n" + salt,     // ops range
      "format 1\nalgorithm argon2id13\nopslimit 2\nmemlimit 10\n" + salt,        // mem range
      "format 1\nalgorithm argon2id13\nopslimit 2\nmemlimit 1e9\n" + salt,       // not a number
      "format 1\nalgorithm argon2id13\nopslimit 2\nmemlimit 65536\nsalt 00ff\n", // salt size
      good + "opslimit 3\n",                                                      // repeated
      good + "pepper 1\n",                                                        // unknown
  };
  for (const std::string& text : bad) {
    auto parsed = ParseKdfParams(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(KdfParamsTest, DefaultsAreLibsodiumModerate) {
  EXPECT_EQ(kMasterKdfOpsLimit, crypto_pwhash_OPSLIMIT_MODERATE);
  EXPECT_EQ(kMasterKdfMemLimit, crypto_pwhash_MEMLIMIT_MODERATE);
}

TEST(PassphraseTest, DerivationIsDeterministicPerSaltAndPassphrase) {
  auto params = NewKdfParams(kTestOps, kTestMem);
  auto other_salt = NewKdfParams(kTestOps, kTestMem);
  ASSERT_TRUE(params && other_salt);
  const std::string pass = "correct horse battery staple";
  auto a = DeriveKeyFromPassphrase(AsBytes(pass), *params);
  auto b = DeriveKeyFromPassphrase(AsBytes(pass), *params);
  auto c = DeriveKeyFromPassphrase(AsBytes(pass), *other_salt);
  auto d = DeriveKeyFromPassphrase(AsBytes("correct horse battery stapler"), *params);
  ASSERT_TRUE(a && b && c && d);
  EXPECT_TRUE(*a == *b);
  EXPECT_FALSE(*a == *c);
  EXPECT_FALSE(*a == *d);
  auto too_short = DeriveKeyFromPassphrase(AsBytes("short"), *params);
  ASSERT_FALSE(too_short);
  EXPECT_EQ(too_short.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(KeySourcesTest, PassphraseFromEnvironmentEndToEnd) {
  constexpr const char* kVar = "CASEKEEP_TEST_PASSPHRASE_KS";
  ::unsetenv(kVar);
  auto unset = PassphraseFromEnvironment(kVar);
  ASSERT_FALSE(unset);
  EXPECT_EQ(unset.error().code, ErrorCode::kNotFound);
  ::setenv(kVar, "", 1);
  EXPECT_FALSE(PassphraseFromEnvironment(kVar));
  ::setenv(kVar, "a long enough passphrase", 1);
  auto pass = PassphraseFromEnvironment(kVar);
  ASSERT_TRUE(pass);
  EXPECT_EQ(pass->chars(), "a long enough passphrase");

  auto params = NewKdfParams(kTestOps, kTestMem);
  ASSERT_TRUE(params);
  const std::string path = Path("kdf.params");
  ASSERT_TRUE(CreateKdfParamsFile(path, *params));
  auto from_env = LoadPassphraseKey(path, kVar);
  auto direct = DeriveKeyFromPassphrase(AsBytes("a long enough passphrase"), *params);
  ASSERT_TRUE(from_env && direct);
  EXPECT_TRUE(*from_env == *direct);
  ::unsetenv(kVar);
}

}  // namespace
}  // namespace casekeep::crypto
