// Tests of the fault-injecting wrapper itself: the planned call fails with the planned code,
// changes nothing, and the calls around it pass through.
#include "store/fault/fault_store.h"

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"
#include "store/testing/conformance.h"

namespace casekeep::store {
namespace {

using testing::B;

TEST(FaultStoreTest, FailsTheNthWriteOnly) {
  MemoryStore memory;
  FaultStore fault(memory);
  EXPECT_EQ(fault.backend(), "memory");
  fault.FailWrite(3, ErrorCode::kIo);
  auto tx = fault.Begin();
  ASSERT_TRUE(tx);
  ASSERT_OK((*tx)->PutMeta("a", B("1")));
  ASSERT_OK_AND_ASSIGN(auto meta, (*tx)->GetMeta("a"));  // reads are not counted
  EXPECT_TRUE(meta);
  ASSERT_OK((*tx)->PutMeta("b", B("2")));
  auto failed = (*tx)->PutMeta("c", B("3"));
  EXPECT_ERROR(failed, kIo);
  EXPECT_NE(failed.error().message.find("injected"), std::string::npos);
  ASSERT_OK((*tx)->PutMeta("d", B("4")));
  ASSERT_OK((*tx)->Commit());
  EXPECT_EQ(fault.write_calls(), 4);
  EXPECT_EQ(fault.commit_calls(), 1);
  auto read = memory.BeginRead();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto c, (*read)->GetMeta("c"));
  EXPECT_FALSE(c);
  ASSERT_OK_AND_ASSIGN(auto d, (*read)->GetMeta("d"));
  EXPECT_TRUE(d);
}

TEST(FaultStoreTest, FailedCommitRollsBackAndFreesTheWriter) {
  MemoryStore memory(std::chrono::milliseconds(100));
  FaultStore fault(memory);
  fault.FailCommit(2, ErrorCode::kUnavailable);
  for (int i = 0; i < 3; ++i) {
    auto tx = fault.Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->PutMeta("k" + std::to_string(i), B("v")));
    auto committed = (*tx)->Commit();
    if (i == 1) {
      EXPECT_ERROR(committed, kUnavailable);
      EXPECT_ERROR((*tx)->PutMeta("x", B("y")), kFailedPrecondition);
    } else {
      EXPECT_OK(committed);
    }
  }
  auto read = memory.BeginRead();
  ASSERT_TRUE(read);
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(auto v, (*read)->GetMeta("k" + std::to_string(i)));
    EXPECT_EQ(v.has_value(), i != 1) << i;
  }
}

TEST(FaultStoreTest, FailsBeginAndCanBeCleared) {
  MemoryStore memory;
  FaultStore fault(memory);
  fault.FailBegin(1);
  EXPECT_ERROR(fault.BeginRead(), kUnavailable);
  EXPECT_TRUE(fault.Begin());
  fault.FailWrite(1);
  fault.ClearFaults();
  auto tx = fault.Begin();
  ASSERT_TRUE(tx);
  EXPECT_OK((*tx)->PutMeta("k", B("v")));
}

TEST(FaultStoreTest, StaffWritesAreWriteCalls) {
  MemoryStore memory;
  FaultStore fault(memory);
  auto tx = fault.Begin();
  ASSERT_TRUE(tx);
  UserRow user;
  user.code = "U-1";
  user.username = "alice";
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->InsertUser(user), kIo);
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, (*tx)->InsertUser(user));
  ASSERT_OK((*tx)->InsertSession(SessionRow{B("session"), id, 1, 1, 10}));
  TokenRow token;
  token.code = "T-1";
  token.secret_hash = B("secret");
  token.user_id = id;
  ASSERT_OK_AND_ASSIGN(const std::int64_t token_id, (*tx)->InsertToken(token));
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->TouchSession(B("session"), 5), kIo);
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->RevokeToken(token_id, 5), kIo);
  ASSERT_OK_AND_ASSIGN(auto session, (*tx)->FindSession(B("session")));  // reads pass
  ASSERT_TRUE(session);
  EXPECT_EQ(session->last_seen_at, 1);
  ASSERT_OK_AND_ASSIGN(auto found, (*tx)->FindTokenByCode("T-1"));
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->revoked_at);
  EXPECT_EQ(fault.write_calls(), 6);
  ASSERT_OK_AND_ASSIGN(auto users, (*tx)->ListUsers());
  EXPECT_EQ(users.size(), 1u);
}

TEST(FaultStoreTest, BreakGlassWritesAreWriteCalls) {
  MemoryStore memory;
  FaultStore fault(memory);
  auto tx = fault.Begin();
  ASSERT_TRUE(tx);
  BreakGlassRow access;
  access.actor = "U-1";
  access.objects = "C-1";
  access.reason = B("sealed reason");
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->InsertBreakGlass(access), kIo);
  ASSERT_OK_AND_ASSIGN(auto none, (*tx)->ListBreakGlass(0, 10, false));  // reads pass
  EXPECT_TRUE(none.empty());
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, (*tx)->InsertBreakGlass(access));
  fault.FailWrite(1, ErrorCode::kUnavailable);
  EXPECT_ERROR((*tx)->ReviewBreakGlass(id, 5, "U-DPO"), kUnavailable);
  ASSERT_OK_AND_ASSIGN(auto unreviewed, (*tx)->ListBreakGlass(0, 10, true));
  EXPECT_EQ(unreviewed.size(), 1u) << "the failed review changed nothing";
  ASSERT_OK((*tx)->ReviewBreakGlass(id, 5, "U-DPO"));
  EXPECT_EQ(fault.write_calls(), 4);
}

TEST(FaultStoreTest, RetentionAndConsentWritesAreWriteCalls) {
  MemoryStore memory;
  FaultStore fault(memory);
  auto tx = fault.Begin();
  ASSERT_TRUE(tx);
  RecordRow record;
  record.code = "R-1";
  ASSERT_OK_AND_ASSIGN(const std::int64_t record_id, (*tx)->InsertRecord(record));
  HoldRow hold;
  hold.code = "H-1";
  hold.target = "R-1";
  ASSERT_OK_AND_ASSIGN(const std::int64_t hold_id, (*tx)->InsertHold(hold));
  PlanRow plan;
  plan.code = "P-1";
  ASSERT_OK_AND_ASSIGN(const std::int64_t plan_id, (*tx)->InsertPlan(plan));
  EXPECT_EQ(fault.write_calls(), 3);
  // Every write fails as planned and changes nothing; the reads after it pass.
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->SetRecordRetention(record_id, RetentionDates{"r", "2020-01-01", {}, {}, {}}),
               kIo);
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->ReleaseHold(hold_id, 5, "U-DPO", B("note")), kIo);
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->ApprovePlan(plan_id, "U-DPO", 5), kIo);
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->PutText(TextRow{Bytes(32, 1), "notice", "text", 1}), kIo);
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->InsertSuppression(SuppressionRow{"email", B("hash"), 1, "staff"}), kIo);
  fault.FailWrite(1);
  EXPECT_ERROR((*tx)->DeleteCookieConsentsBefore(100), kIo);
  ASSERT_OK_AND_ASSIGN(auto due, (*tx)->ListRecordsDue(DueKind::kDispose, "2099-01-01", 0, 10));
  EXPECT_TRUE(due.empty());
  ASSERT_OK_AND_ASSIGN(auto active, (*tx)->ListActiveHoldsOn({"R-1"}));
  EXPECT_EQ(active.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto found, (*tx)->FindPlan("P-1"));
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->approved_at);
  ASSERT_OK_AND_ASSIGN(auto text, (*tx)->GetText(Bytes(32, 1)));
  EXPECT_FALSE(text);
  ASSERT_OK_AND_ASSIGN(const bool suppressed, (*tx)->IsSuppressed("email", B("hash")));
  EXPECT_FALSE(suppressed);
  EXPECT_EQ(fault.write_calls(), 9);
}

}  // namespace
}  // namespace casekeep::store
