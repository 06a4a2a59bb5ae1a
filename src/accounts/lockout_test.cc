// The arithmetic of lockouts and the per-address limit, the UTC text in messages, and the
// shapes and domain separation of session tokens, API token secrets and CSRF tokens.
#include "accounts/internal/lockout.h"

#include <gtest/gtest.h>

#include "accounts/internal/secrets.h"
#include "crypto/random.h"

namespace casekeep::accounts::internal {
namespace {

TEST(LockoutTest, EveryFifthFailureLocksForTwiceAsLongUpToTheCap) {
  const Settings s;
  EXPECT_EQ(LockoutSeconds(s, 1), 15 * 60);
  EXPECT_EQ(LockoutSeconds(s, 2), 30 * 60);
  EXPECT_EQ(LockoutSeconds(s, 3), 60 * 60);
  EXPECT_EQ(LockoutSeconds(s, 7), 16 * 60 * 60);
  EXPECT_EQ(LockoutSeconds(s, 8), 24 * 60 * 60);  // 32 h capped
  EXPECT_EQ(LockoutSeconds(s, 1000), 24 * 60 * 60);

  for (std::int64_t failures = 1; failures < 5; ++failures) {
    EXPECT_FALSE(LockAfterFailure(s, failures, 100)) << failures;
  }
  EXPECT_EQ(LockAfterFailure(s, 5, 100), 100 + 15 * 60);
  EXPECT_FALSE(LockAfterFailure(s, 6, 100));
  EXPECT_EQ(LockAfterFailure(s, 10, 100), 100 + 30 * 60);
}

TEST(LockoutTest, SettingsAreClampedToSenseAndUtcTextIsExact) {
  Settings s;
  s.max_failed_logins = 0;
  s.session_idle_seconds = 100 * 60 * 60;
  s.max_lockout_seconds = 1;
  s.default_token_days = 1000;
  const Settings c = Clamped(s);
  EXPECT_EQ(c.max_failed_logins, 1);
  EXPECT_EQ(c.session_idle_seconds, c.session_absolute_seconds);
  EXPECT_EQ(c.max_lockout_seconds, c.lockout_seconds);
  EXPECT_EQ(c.default_token_days, c.max_token_days);
  EXPECT_EQ(UtcText(1'740'000'000), "2025-02-19 21:20:00 UTC");
  EXPECT_EQ(UtcText(0), "1970-01-01 00:00:00 UTC");
}

TEST(LockoutTest, RemoteThrottleRefusesAnAddressForTheRestOfItsWindow) {
  RemoteThrottle throttle(3, 600);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(throttle.BlockedUntil("192.0.2.1", 1000 + i));
    throttle.RecordFailure("192.0.2.1", 1000 + i);
  }
  EXPECT_EQ(throttle.BlockedUntil("192.0.2.1", 1010), 1600);
  EXPECT_FALSE(throttle.BlockedUntil("192.0.2.2", 1010));
  EXPECT_FALSE(throttle.BlockedUntil("192.0.2.1", 1600));
  throttle.RecordFailure("", 1000);
  EXPECT_FALSE(throttle.BlockedUntil("", 1000));

  RemoteThrottle off(0, 600);
  for (int i = 0; i < 100; ++i) off.RecordFailure("192.0.2.1", 1000);
  EXPECT_FALSE(off.BlockedUntil("192.0.2.1", 1000));
}

TEST(SecretsTest, ShapesAndBase64Url) {
  EXPECT_EQ(Base64Url(crypto::AsBytes("foobar")), "Zm9vYmFy");
  EXPECT_EQ(Base64Url(crypto::AsBytes("fo")), "Zm8");
  const crypto::Bytes high = {0xFB, 0xFF};
  EXPECT_EQ(Base64Url(high), "-_8");

  auto token = NewSessionToken();
  ASSERT_TRUE(token);
  EXPECT_EQ(token->size(), kSecretChars);
  EXPECT_TRUE(LooksLikeSessionToken(*token));
  EXPECT_NE(*token, *NewSessionToken());
  auto secret = NewTokenSecret();
  ASSERT_TRUE(secret);
  EXPECT_TRUE(secret->starts_with("ck_"));
  EXPECT_TRUE(LooksLikeTokenSecret(*secret));
  EXPECT_FALSE(LooksLikeTokenSecret(*token));
  EXPECT_FALSE(LooksLikeSessionToken(*secret));
  EXPECT_FALSE(LooksLikeSessionToken(std::string(kSecretChars, '=')));
}

TEST(SecretsTest, KeyedHashesAreSeparatedByUseAndKey) {
  auto key = crypto::RandomKey();
  auto other = crypto::RandomKey();
  ASSERT_TRUE(key && other);
  auto session = KeyedHash(*key, HashUse::kSession, "abc");
  auto token = KeyedHash(*key, HashUse::kApiToken, "abc");
  auto csrf = KeyedHash(*key, HashUse::kCsrf, "abc");
  auto again = KeyedHash(*key, HashUse::kSession, "abc");
  auto rekeyed = KeyedHash(*other, HashUse::kSession, "abc");
  ASSERT_TRUE(session && token && csrf && again && rekeyed);
  EXPECT_EQ(session->size(), 32u);
  EXPECT_EQ(*session, *again);
  EXPECT_NE(*session, *token);
  EXPECT_NE(*session, *csrf);
  EXPECT_NE(*token, *csrf);
  EXPECT_NE(*session, *rekeyed);
  EXPECT_FALSE(KeyedHash(crypto::Key(), HashUse::kSession, "abc"));
  for (HashUse use : {HashUse::kSession, HashUse::kApiToken, HashUse::kCsrf}) {
    EXPECT_EQ(Personalisation(use).size(), 16u);
  }
}

}  // namespace
}  // namespace casekeep::accounts::internal
