// Tests for chain verification: an untouched chain passes; every kind of tampering (an edited
// field, a deleted, reordered, forged or rewritten entry, a truncated tail) is reported at the
// first broken entry; heads parse and print; store errors come back as errors.
#include "audit/verify.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "audit/test_chain.h"
#include "crypto/bytes.h"

namespace casekeep::audit {
namespace {

using testing::CountingKey;
using testing::FakeStore;

constexpr std::int64_t kEntries = 1000;

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::AppendEntries(store_, key_, kEntries); }

  VerifyReport Run(bool with_key, std::optional<Head> head = std::nullopt) {
    auto report = Verify(store_, with_key ? &key_ : nullptr, std::move(head), {});
    EXPECT_TRUE(report) << report.error().message;
    return report ? std::move(*report) : VerifyReport{};
  }
  void ExpectBroken(const VerifyReport& report, std::int64_t seq, const std::string& text) {
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.first_bad_seq, seq) << report.problem;
    EXPECT_NE(report.problem.find(text), std::string::npos) << report.problem;
    EXPECT_EQ(report.entries, seq - 1);
    EXPECT_EQ(report.head_seq, seq - 1);
  }
  Head HeadAt(std::int64_t seq) const { return Head{seq, store_.rows.at(seq).hash}; }

  FakeStore store_;
  crypto::Key key_ = CountingKey();
};

TEST_F(VerifyTest, UntouchedChainVerifies) {
  for (bool with_key : {false, true}) {
    const VerifyReport report = Run(with_key, HeadAt(kEntries));
    EXPECT_TRUE(report.ok) << report.problem;
    EXPECT_EQ(report.entries, kEntries);
    EXPECT_FALSE(report.first_bad_seq);
    EXPECT_EQ(report.head_seq, kEntries);
    EXPECT_EQ(report.head_hash, store_.rows.at(kEntries).hash);
  }
  EXPECT_TRUE(Run(true, HeadAt(17)).ok);  // an older published head is still in the chain
  EXPECT_EQ(store_.read_txs, 3);
  EXPECT_EQ(store_.write_txs, kEntries);  // Verify itself never opened a write transaction
}

TEST_F(VerifyTest, EmptyChainVerifies) {
  FakeStore empty;
  auto report = Verify(empty, &key_, std::nullopt, {});
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->entries, 0);
  EXPECT_EQ(report->head_seq, 0);
  EXPECT_EQ(report->head_hash, Bytes(kHashSize, 0));
}

TEST_F(VerifyTest, ReadsInPagesWithinOneTransactionAndReportsProgress) {
  testing::AppendEntries(store_, key_, 2 * kVerifyPageSize + 5 - kEntries);
  std::vector<std::int64_t> seen;
  auto report =
      Verify(store_, &key_, std::nullopt, [&](std::int64_t done) { seen.push_back(done); });
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(store_.read_txs, 1);
  EXPECT_EQ(store_.scans, 4);  // three pages, then an empty one
  EXPECT_EQ(seen, (std::vector<std::int64_t>{kVerifyPageSize, 2 * kVerifyPageSize,
                                             2 * kVerifyPageSize + 5}));
}

// Editing any one field of entry k breaks the chain at k.
TEST_F(VerifyTest, EditingAnyFieldIsCaughtAtThatEntry) {
  using Edit = std::function<void(store::AuditRow&)>;
  const std::vector<std::pair<std::string, Edit>> edits = {
      {"at_micros", [](store::AuditRow& r) { r.at_micros += 1; }},
      {"actor", [](store::AuditRow& r) { r.actor = "U-9999"; }},
      {"action", [](store::AuditRow& r) { r.action = "record.list"; }},
      {"objects", [](store::AuditRow& r) { r.objects += " R-1"; }},
      {"purpose", [](store::AuditRow& r) { r.purpose = "safeguarding"; }},
      {"outcome", [](store::AuditRow& r) { r.outcome = "ok2"; }},
      {"detail", [](store::AuditRow& r) { r.detail = "fields=99"; }},
      {"prev_hash", [](store::AuditRow& r) { r.prev_hash[0] ^= 1; }},
      {"hash", [](store::AuditRow& r) { r.hash[31] ^= 1; }},
  };
  const std::int64_t k = 421;
  for (const auto& [field, edit] : edits) {
    SCOPED_TRACE(field);
    FakeStore copy = store_;
    edit(store_.rows.at(k));
    ExpectBroken(Run(false), k, "entry 421");
    ExpectBroken(Run(true), k, "entry 421");
    store_ = std::move(copy);
  }
  store_.rows.at(k).detail = "fields=98";
  ExpectBroken(Run(false), k, "entry 421: hash does not match its contents (edited)");
  store_.rows.at(k).detail = "fields=98";
  testing::Rehash(store_.rows.at(k));  // the edit hidden from the hash breaks the next link
  ExpectBroken(Run(false), k + 1, "entry 422: prev_hash does not match entry 421");
}

TEST_F(VerifyTest, EditingSeqOrMacIsCaught) {
  store::AuditRow moved = store_.rows.extract(300).mapped();
  moved.seq = 5000;
  store_.rows.emplace(moved.seq, moved);
  ExpectBroken(Run(false), 300, "entry 300 missing: seq jumps from 299 to 301 (deleted)");
  FakeStore fresh;
  testing::AppendEntries(fresh, key_, 10);
  fresh.rows.at(6).mac[0] ^= 1;
  auto report = Verify(fresh, &key_, std::nullopt, {});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->first_bad_seq, 6);
  EXPECT_EQ(report->problem, "entry 6: MAC invalid (forged or appended without the key)");
  EXPECT_TRUE(Verify(fresh, nullptr, std::nullopt, {})->ok);  // the chain alone is intact
}

TEST_F(VerifyTest, DeletingAnEntryIsCaught) {
  store_.rows.erase(42);
  ExpectBroken(Run(false), 42, "entry 42 missing: seq jumps from 41 to 43 (deleted)");
  store_.rows.erase(1);
  ExpectBroken(Run(false), 1, "entry 1 missing: seq jumps from 0 to 2 (deleted)");
}

TEST_F(VerifyTest, DeletingAndRenumberingIsCaught) {
  store_.rows.erase(42);
  std::map<std::int64_t, store::AuditRow> renumbered;
  for (auto& [seq, row] : store_.rows) {
    row.seq = seq > 42 ? seq - 1 : seq;
    if (seq > 42) testing::Rehash(row);
    renumbered.emplace(row.seq, row);
  }
  store_.rows = std::move(renumbered);
  ExpectBroken(Run(false), 42,
               "entry 42: prev_hash does not match entry 41 (reordered or deleted)");
}

TEST_F(VerifyTest, SwappingTwoEntriesIsCaught) {
  auto swap_contents = [&](std::int64_t a, std::int64_t b, bool rehash) {
    std::swap(store_.rows.at(a), store_.rows.at(b));
    store_.rows.at(a).seq = a;
    store_.rows.at(b).seq = b;
    if (rehash) {
      testing::Rehash(store_.rows.at(a));
      testing::Rehash(store_.rows.at(b));
    }
  };
  FakeStore original = store_;
  swap_contents(500, 501, false);
  ExpectBroken(Run(false), 500, "entry 500: prev_hash does not match entry 499 (reordered");
  store_ = original;
  swap_contents(200, 700, true);
  ExpectBroken(Run(false), 200, "entry 200: prev_hash does not match entry 199");
}

TEST_F(VerifyTest, ForgedAppendIsCaughtByTheMac) {
  const Head published = HeadAt(kEntries);
  const store::AuditRow forged = testing::ForgedNext(store_);
  store_.rows.emplace(forged.seq, forged);
  ExpectBroken(Run(true), kEntries + 1,
               "entry 1001: MAC invalid (forged or appended without the key)");
  // Without the key, an entry after the published head looks like any later genuine entry.
  EXPECT_TRUE(Run(false, published).ok);
}

TEST_F(VerifyTest, ForgedEntryInPlaceOfThePublishedHeadIsCaughtWithoutTheKey) {
  const Head published = HeadAt(kEntries);
  store_.rows.erase(kEntries);                                 // hide the real last entry ...
  const store::AuditRow forged = testing::ForgedNext(store_);  // ... and put a forged one there
  store_.rows.emplace(forged.seq, forged);
  EXPECT_TRUE(Run(false).ok);  // the chain alone is consistent
  ExpectBroken(Run(false, published), kEntries,
               "entry 1000: hash differs from the published head (chain rewritten)");
  ExpectBroken(Run(true), kEntries, "entry 1000: MAC invalid");
}

TEST_F(VerifyTest, ChainRewrittenFromTheStartIsCaught) {
  const Head published = HeadAt(600);
  store_.rows.at(1).outcome = "error";
  testing::RelinkFrom(store_, 1);
  EXPECT_TRUE(Run(false).ok);  // consistent, but not the chain that was published
  ExpectBroken(Run(false, published), 600, "entry 600: hash differs from the published head");
  ExpectBroken(Run(true), 1, "entry 1: MAC invalid");
}

TEST_F(VerifyTest, TruncationIsCaughtByTheExpectedHead) {
  const Head published = HeadAt(kEntries);
  for (std::int64_t seq = 990; seq <= kEntries; ++seq) store_.rows.erase(seq);
  EXPECT_TRUE(Run(true).ok);  // what remains is a valid chain
  const VerifyReport report = Run(true, published);
  ExpectBroken(report, 990,
               "entry 990 missing: the chain ends at entry 989 but the published "
               "head is entry 1000 (truncated)");
  EXPECT_EQ(report.head_hash, store_.rows.at(989).hash);
}

TEST_F(VerifyTest, BadArgumentsAndStoreErrorsAreErrors) {
  crypto::Key empty;
  auto no_key = Verify(store_, &empty, std::nullopt, {});
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().code, ErrorCode::kInvalidArgument);
  auto bad_head = Verify(store_, nullptr, Head{3, Bytes(5, 0)}, {});
  ASSERT_FALSE(bad_head);
  EXPECT_EQ(bad_head.error().code, ErrorCode::kInvalidArgument);
  store_.scan_error = Error{ErrorCode::kIo, "disk on fire"};
  auto failed = Verify(store_, nullptr, std::nullopt, {});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kIo);
  EXPECT_EQ(failed.error().message, "disk on fire");
}

TEST(HeadTest, FormatsAndParses) {
  const Head head{1042, Bytes(kHashSize, 0xab)};
  const std::string text = FormatHead(head);
  std::string abab;
  for (std::size_t i = 0; i < kHashSize; ++i) abab += "ab";
  EXPECT_EQ(text, "1042:" + abab);
  auto parsed = ParseHead("  " + text + "\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->seq, 1042);
  EXPECT_EQ(parsed->hash, head.hash);
  auto upper = ParseHead("7:" + std::string(64, 'F'));
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->hash, Bytes(kHashSize, 0xff));
}

TEST(HeadTest, ParseErrorsSayWhatIsWrong) {
  const std::string hex(64, 'a');
  auto expect = [](std::string_view text, std::string_view words) {
    auto head = ParseHead(text);
    ASSERT_FALSE(head) << text;
    EXPECT_EQ(head.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(head.error().message.find(words), std::string::npos) << head.error().message;
  };
  expect(hex, "no ':' found");
  expect("", "no ':' found");
  expect(":" + hex, "whole number from 1");
  expect("0:" + hex, "whole number from 1");
  expect("-3:" + hex, "whole number from 1");
  expect("+3:" + hex, "whole number from 1");
  expect("1x:" + hex, "whole number from 1");
  expect("99999999999999999999:" + hex, "whole number from 1");
  expect("5:" + hex.substr(2), "64 hex digits, not 62");
  expect("5:" + hex + "00", "64 hex digits, not 66");
  expect("5:" + std::string(64, 'g'), "hex digits (0-9, a-f)");
}

}  // namespace
}  // namespace casekeep::audit
