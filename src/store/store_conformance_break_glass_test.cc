// The store conformance suite, part 4: break-glass accesses (their sealed reasons kept byte
// for byte, listing in id order with keyset pagination and the unreviewed filter, a review
// recorded once). Every test runs on every backend in ConformanceBackends(); parts 1 to 3 are
// store_conformance_test.cc, store_conformance_records_test.cc and
// store_conformance_staff_test.cc.
#include <gtest/gtest.h>

#include "store/testing/conformance.h"

namespace casekeep::store::testing {
namespace {

BreakGlassRow BreakGlass(std::string actor, std::string objects, std::int64_t at) {
  BreakGlassRow row;
  row.at = at;
  row.actor = std::move(actor);
  row.objects = std::move(objects);
  row.purpose = "safeguarding";
  row.reason = B("sealed reason of " + row.actor);
  return row;
}

void ExpectSameBreakGlass(const BreakGlassRow& got, const BreakGlassRow& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.at, want.at);
  EXPECT_EQ(got.actor, want.actor);
  EXPECT_EQ(got.objects, want.objects);
  EXPECT_EQ(got.purpose, want.purpose);
  EXPECT_EQ(got.reason, want.reason);
  EXPECT_EQ(got.reviewed_at, want.reviewed_at);
  EXPECT_EQ(got.reviewed_by, want.reviewed_by);
}

std::vector<std::int64_t> Ids(const std::vector<BreakGlassRow>& rows) {
  std::vector<std::int64_t> ids;
  for (const BreakGlassRow& row : rows) ids.push_back(row.id);
  return ids;
}

TEST_P(StoreConformanceTest, BreakGlassRoundTripInIdOrder) {
  BreakGlassRow first = BreakGlass("U-ONE", "C-1 R-1 R-2", 1'700'000'100);
  first.reason = Bytes{0x00, 0xFF, 0x10, 0x00, 0x7F};  // sealed bytes, zeros included
  BreakGlassRow second = BreakGlass("U-TWO", "S-9", 1'700'000'200);
  second.purpose = "";
  BreakGlassRow third = BreakGlass("U-ONE", "C-2", 1'700'000'300);
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(first.id, tx->InsertBreakGlass(first));
  ASSERT_OK_AND_ASSIGN(second.id, tx->InsertBreakGlass(second));
  ASSERT_OK_AND_ASSIGN(third.id, tx->InsertBreakGlass(third));
  EXPECT_GT(first.id, 0);
  EXPECT_GT(second.id, first.id);
  EXPECT_GT(third.id, second.id);
  ASSERT_OK_AND_ASSIGN(auto mine, tx->ListBreakGlass(0, 10, false));  // read your own writes
  ASSERT_EQ(mine.size(), 3u);
  ExpectSameBreakGlass(mine[0], first);
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto all, read->ListBreakGlass(0, 10, false));
  ASSERT_EQ(all.size(), 3u);
  ExpectSameBreakGlass(all[0], first);
  ExpectSameBreakGlass(all[1], second);
  ExpectSameBreakGlass(all[2], third);
  // Keyset pagination: ids after the cursor, at most `limit` of them.
  ASSERT_OK_AND_ASSIGN(auto page1, read->ListBreakGlass(0, 2, false));
  EXPECT_EQ(Ids(page1), (std::vector<std::int64_t>{first.id, second.id}));
  ASSERT_OK_AND_ASSIGN(auto page2, read->ListBreakGlass(page1.back().id, 2, false));
  EXPECT_EQ(Ids(page2), (std::vector<std::int64_t>{third.id}));
  ASSERT_OK_AND_ASSIGN(auto page3, read->ListBreakGlass(third.id, 2, false));
  EXPECT_TRUE(page3.empty());
  ASSERT_OK_AND_ASSIGN(auto unreviewed, read->ListBreakGlass(0, 10, true));
  EXPECT_EQ(Ids(unreviewed), Ids(all)) << "new accesses are unreviewed";
}

TEST_P(StoreConformanceTest, NoBreakGlassListsEmpty) {
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto all, read->ListBreakGlass(0, 10, false));
  EXPECT_TRUE(all.empty());
  ASSERT_OK_AND_ASSIGN(auto unreviewed, read->ListBreakGlass(0, 10, true));
  EXPECT_TRUE(unreviewed.empty());
  EXPECT_ERROR(read->ListBreakGlass(0, 0, false), kInvalidArgument);
  EXPECT_ERROR(read->ListBreakGlass(0, -1, true), kInvalidArgument);
}

TEST_P(StoreConformanceTest, BreakGlassIsReviewedOnce) {
  std::vector<std::int64_t> ids;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    for (int i = 0; i < 5; ++i) {
      ASSERT_OK_AND_ASSIGN(
          const std::int64_t id,
          tx->InsertBreakGlass(BreakGlass("U-" + std::to_string(i), "C-1", 1'700'000'000 + i)));
      ids.push_back(id);
    }
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->ReviewBreakGlass(ids[0], 1'700'100'000, "U-DPO"));
    ASSERT_OK(tx->ReviewBreakGlass(ids[2], 1'700'100'100, "U-DPO"));
    // A second review fails and the first stands.
    EXPECT_ERROR(tx->ReviewBreakGlass(ids[0], 1'700'200'000, "U-OTHER"), kFailedPrecondition);
    EXPECT_ERROR(tx->ReviewBreakGlass(ids.back() + 100, 1'700'100'000, "U-DPO"), kNotFound);
    EXPECT_ERROR(tx->ReviewBreakGlass(ids[1], 1'700'100'000, ""), kInvalidArgument);
    ASSERT_OK(tx->Commit());
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto all, read->ListBreakGlass(0, 10, false));
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].reviewed_at, 1'700'100'000);
  EXPECT_EQ(all[0].reviewed_by, "U-DPO");
  EXPECT_FALSE(all[1].reviewed_at) << "a refused review changes nothing";
  EXPECT_EQ(all[1].reviewed_by, "");
  EXPECT_EQ(all[2].reviewed_at, 1'700'100'100);
  EXPECT_EQ(all[0].reason, B("sealed reason of U-0")) << "a review keeps the reason";
  EXPECT_EQ(all[0].actor, "U-0");
  // The unreviewed filter applies before the limit, and pages with the same cursor.
  ASSERT_OK_AND_ASSIGN(auto unreviewed, read->ListBreakGlass(0, 10, true));
  EXPECT_EQ(Ids(unreviewed), (std::vector<std::int64_t>{ids[1], ids[3], ids[4]}));
  ASSERT_OK_AND_ASSIGN(auto page1, read->ListBreakGlass(0, 2, true));
  EXPECT_EQ(Ids(page1), (std::vector<std::int64_t>{ids[1], ids[3]}));
  ASSERT_OK_AND_ASSIGN(auto page2, read->ListBreakGlass(page1.back().id, 2, true));
  EXPECT_EQ(Ids(page2), (std::vector<std::int64_t>{ids[4]}));
  ASSERT_OK_AND_ASSIGN(auto after_first, read->ListBreakGlass(ids[0], 1, false));
  EXPECT_EQ(Ids(after_first), (std::vector<std::int64_t>{ids[1]}));
}

TEST_P(StoreConformanceTest, BreakGlassRefusesIncompleteOrReviewedRows) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->InsertBreakGlass(BreakGlass("", "C-1", 1)), kInvalidArgument);
  EXPECT_ERROR(tx->InsertBreakGlass(BreakGlass("U-1", "", 1)), kInvalidArgument);
  BreakGlassRow no_reason = BreakGlass("U-1", "C-1", 1);
  no_reason.reason.clear();
  EXPECT_ERROR(tx->InsertBreakGlass(no_reason), kInvalidArgument);
  BreakGlassRow reviewed_at = BreakGlass("U-1", "C-1", 1);
  reviewed_at.reviewed_at = 2;
  EXPECT_ERROR(tx->InsertBreakGlass(reviewed_at), kInvalidArgument);
  BreakGlassRow reviewed_by = BreakGlass("U-1", "C-1", 1);
  reviewed_by.reviewed_by = "U-DPO";
  EXPECT_ERROR(tx->InsertBreakGlass(reviewed_by), kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(auto none, tx->ListBreakGlass(0, 10, false));
  EXPECT_TRUE(none.empty());
  // The given id is ignored: the store assigns one.
  BreakGlassRow with_id = BreakGlass("U-1", "C-1", 1);
  with_id.id = 999;
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertBreakGlass(with_id));
  EXPECT_NE(id, 999);
  ASSERT_OK_AND_ASSIGN(auto one, tx->ListBreakGlass(0, 10, false));
  EXPECT_EQ(Ids(one), (std::vector<std::int64_t>{id}));
}

TEST_P(StoreConformanceTest, ReadTxRefusesBreakGlassWrites) {
  std::int64_t id = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(id, tx->InsertBreakGlass(BreakGlass("U-RO", "C-RO", 1)));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Read();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->InsertBreakGlass(BreakGlass("U-RO2", "C-RO", 2)), kFailedPrecondition);
  EXPECT_ERROR(tx->ReviewBreakGlass(id, 3, "U-DPO"), kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(auto all, tx->ListBreakGlass(0, 10, false));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].reviewed_at);
  EXPECT_OK(tx->Commit());
  EXPECT_ERROR(tx->ListBreakGlass(0, 10, false), kFailedPrecondition);
}

TEST_P(StoreConformanceTest, UncommittedBreakGlassWritesRollBack) {
  std::int64_t kept = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(kept, tx->InsertBreakGlass(BreakGlass("U-KEEP", "C-1", 1)));
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->InsertBreakGlass(BreakGlass("U-GONE", "C-2", 2)));
    ASSERT_OK(tx->ReviewBreakGlass(kept, 3, "U-DPO"));
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto all, read->ListBreakGlass(0, 10, false));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, kept);
  EXPECT_EQ(all[0].actor, "U-KEEP");
  EXPECT_FALSE(all[0].reviewed_at);
  EXPECT_EQ(all[0].reviewed_by, "");
}

}  // namespace
}  // namespace casekeep::store::testing
