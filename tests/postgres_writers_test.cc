// Several casekeep processes on one PostgreSQL database, as their stores see it: two separately
// opened PostgresStores (each with its own connections and in-process writer lock, as two
// `casekeep serve` processes have) write subjects with their audit entries concurrently; then the
// audit chain must verify as one unbroken chain, and every acknowledged write must be present.
// The second test restarts the server in the middle of the load. Both run only under
// scripts/with-postgres (CASEKEEP_TEST_POSTGRES); otherwise they are skipped.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "audit/chain.h"
#include "audit/verify.h"
#include "crypto/secret.h"
#include "store/postgres/postgres_store.h"
#include "store/testing/store_harness.h"

namespace casekeep {
namespace {

using store::PostgresStore;

struct Load {
  std::mutex mu;
  std::vector<std::string> acknowledged;  // codes whose Commit succeeded
  std::atomic<int> failures{0};
};

// One write: a subject and its audit entry in one transaction. True if acknowledged.
bool WriteOne(store::Store& st, const crypto::Key& key, const std::string& code) {
  auto tx = st.Begin();
  if (!tx) return false;
  store::SubjectRow row;
  row.code = code;
  row.kind = "parent";
  row.sealed = store::testing::B("sealed");
  if (!(*tx)->InsertSubject(row)) return false;
  audit::AuditEvent event{"W-test", "subject.create", {code}, "", "ok", ""};
  if (!audit::AuditLog().Append(**tx, key, event, 1'700'000'000'000'000)) return false;
  return (*tx)->Commit().has_value();
}

void Writer(store::Store& st, const crypto::Key& key, const std::string& name, int writes,
            Load& load) {
  for (int i = 0; i < writes; ++i) {
    const std::string code = "S-" + name + "-" + std::to_string(i);
    if (WriteOne(st, key, code)) {
      std::lock_guard lock(load.mu);
      load.acknowledged.push_back(code);
    } else {
      ++load.failures;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

class PostgresWritersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!store::testing::TestPostgres()) GTEST_SKIP() << "CASEKEEP_TEST_POSTGRES is not set";
    schema_ = store::testing::FreshSchemaName();
    for (auto* slot : {&a_, &b_}) {
      auto opened = store::testing::OpenTestPostgres(std::chrono::seconds(5), schema_);
      ASSERT_TRUE(opened.has_value()) << opened.error().message;
      *slot = std::move(*opened);
    }
    auto key = crypto::Key::FromBytes(std::vector<std::uint8_t>(32, 7));
    ASSERT_TRUE(key.has_value());
    key_ = std::move(*key);
  }
  void TearDown() override {
    b_.reset();
    if (a_) (void)a_->DropSchema();
  }

  // Runs `threads` writers per store, `writes` each, while `during` runs; then checks the chain
  // and that every acknowledged write is there with exactly one audit entry per subject.
  // Returns how many writes were refused (not acknowledged).
  template <class During>
  int RunAndCheck(int threads, int writes, During during) {
    Load load;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back(Writer, std::ref(*a_), std::cref(key_), "a" + std::to_string(t), writes,
                           std::ref(load));
      workers.emplace_back(Writer, std::ref(*b_), std::cref(key_), "b" + std::to_string(t), writes,
                           std::ref(load));
    }
    during();
    for (auto& w : workers) w.join();
    EXPECT_FALSE(load.acknowledged.empty());

    // A fresh store, as a third process would open it after the load.
    auto fresh = store::testing::OpenTestPostgres(std::chrono::seconds(5), schema_);
    if (!fresh) {
      ADD_FAILURE() << fresh.error().message;
      return -1;
    }
    auto report = audit::Verify(**fresh, &key_, std::nullopt, {});
    auto tx = (*fresh)->BeginRead();
    if (!report || !tx) {
      ADD_FAILURE() << "cannot read the store after the load";
      return -1;
    }
    EXPECT_TRUE(report->ok) << report->problem;
    for (const std::string& code : load.acknowledged) {
      auto found = (*tx)->FindSubject(code);
      EXPECT_TRUE(found.has_value() && found->has_value()) << "acknowledged write lost: " << code;
    }
    // No half-written transaction: the chain has one entry per stored subject, and no more.
    auto entries = (*tx)->ScanAudit(0, 1'000'000);
    EXPECT_TRUE(entries.has_value());
    std::int64_t stored = 0;
    for (const auto& entry : entries.value_or(std::vector<store::AuditRow>{})) {
      auto subject = (*tx)->FindSubject(entry.objects);
      EXPECT_TRUE(subject.has_value() && subject->has_value())
          << "audit entry without its subject: " << entry.objects;
      ++stored;
    }
    EXPECT_GE(stored, static_cast<std::int64_t>(load.acknowledged.size()));
    EXPECT_EQ(report->entries, stored);
    return load.failures.load();
  }

  std::string schema_;
  std::unique_ptr<PostgresStore> a_;
  std::unique_ptr<PostgresStore> b_;
  crypto::Key key_;
};

TEST_F(PostgresWritersTest, TwoProcessesKeepOneChain) {
  EXPECT_EQ(RunAndCheck(2, 40, [] {}), 0);
}

TEST_F(PostgresWritersTest, ServerRestartLosesNothingAcknowledged) {
  const char* restart = std::getenv("CASEKEEP_TEST_POSTGRES_RESTART");
  if (restart == nullptr) GTEST_SKIP() << "CASEKEEP_TEST_POSTGRES_RESTART is not set";
  const int refused = RunAndCheck(2, 200, [restart] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(std::system(restart), 0);
  });
  // The server was down while the writers ran: some writes were refused (503 to a client),
  // and the checks above found every acknowledged one and an unbroken chain.
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace casekeep
