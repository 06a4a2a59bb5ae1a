// The accounts service over the in-memory store, with the contact-centre example policy (roles
// contact_worker and volunteer without MFA; centre_manager, dpo and admin with it) and a clock
// the tests move. Helpers create users, enrol a second factor, make TOTP codes and read the
// audit chain back. Thread-safety: the fixture belongs to its test's thread; the service in it
// may be shared by threads a test starts.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "accounts/service.h"
#include "crypto/random.h"
#include "crypto/totp.h"
#include "policy/policy.h"
#include "store/memory/memory_store.h"

namespace casekeep::accounts {

inline constexpr std::string_view kPassword = "correct horse battery";
inline constexpr std::string_view kWrongPassword = "incorrect horse battery";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = policy::LoadPolicyFile(std::string(CASEKEEP_SOURCE_DIR) +
                                    "/policy/examples/contact-centre.toml");
    ASSERT_TRUE(p) << p.error().message;
    policy_ = std::make_unique<policy::Policy>(std::move(*p));
    auto kek = crypto::RandomKey(crypto::SecretMemory::kHeap);
    ASSERT_TRUE(kek);
    auto tx = memory_.Begin();
    ASSERT_TRUE(tx);
    auto vault = records::Vault::Create(**tx, *kek);
    ASSERT_TRUE(vault) << vault.error().message;
    ASSERT_TRUE((*tx)->Commit());
    vault_ = std::move(*vault);
    Rebuild(Settings{});
  }

  //! A new service over the same store and vault, with `settings`.
  void Rebuild(Settings settings) {
    service_ =
        std::make_unique<AccountsService>(*policy_, memory_, *vault_, clock_, std::move(settings));
  }

  //! Creates `username` with `roles` and kPassword; empty view (and a test failure) on error.
  UserView MakeUser(const std::string& username,
                    std::vector<std::string> roles = {"contact_worker"}) {
    auto user =
        service_->AddUser("local-admin", NewUser{username, "Test Person " + username, "north",
                                                 std::move(roles), std::string(kPassword)});
    EXPECT_TRUE(user) << user.error().message;
    return user ? *user : UserView{};
  }

  //! The current TOTP code for `secret` by the test clock.
  std::string CodeNow(const crypto::SecretBytes& secret) {
    auto code = crypto::TotpCode(secret.span(), clock_.NowUnixSeconds());
    EXPECT_TRUE(code);
    return code ? *code : std::string();
  }

  struct Enrolled {
    crypto::SecretBytes secret;
    std::vector<std::string> recovery_codes;
  };

  //! Enrols `user` in TOTP and moves the clock on one step, so the next code is fresh.
  Enrolled Enrol(const std::string& user) {
    Enrolled out;
    auto begun = service_->BeginTotpEnrolment(user);
    EXPECT_TRUE(begun) << begun.error().message;
    if (!begun) return out;
    auto secret = crypto::DecodeTotpSecret(begun->secret_base32);
    EXPECT_TRUE(secret);
    if (!secret) return out;
    out.secret = std::move(*secret);
    auto codes = service_->ConfirmTotp(user, CodeNow(out.secret));
    EXPECT_TRUE(codes) << codes.error().message;
    if (codes) out.recovery_codes = *codes;
    clock_.Advance(30);
    return out;
  }

  //! Every audit entry, in order.
  std::vector<store::AuditRow> AuditEntries() {
    auto tx = memory_.BeginRead();
    EXPECT_TRUE(tx);
    auto rows = (*tx)->ScanAudit(0, 1'000'000);
    EXPECT_TRUE(rows);
    return rows ? *rows : std::vector<store::AuditRow>{};
  }

  //! The audit entries with `action`.
  std::vector<store::AuditRow> AuditOf(std::string_view action) {
    std::vector<store::AuditRow> out;
    for (auto& row : AuditEntries()) {
      if (row.action == action) out.push_back(std::move(row));
    }
    return out;
  }

  //! The stored row of `username`.
  store::UserRow Row(const std::string& username) {
    auto tx = memory_.BeginRead();
    auto row = (*tx)->FindUserByName(username);
    EXPECT_TRUE(row && *row);
    return row && *row ? **row : store::UserRow{};
  }

  FixedClock clock_{1'740'000'000};  // 2025-02-19 21:20:00 UTC, a TOTP step boundary
  store::MemoryStore memory_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<records::Vault> vault_;
  std::unique_ptr<AccountsService> service_;
};

}  // namespace casekeep::accounts
