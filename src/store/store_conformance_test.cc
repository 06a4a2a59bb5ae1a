// The store conformance suite, part 1: transactions (read-your-writes, rollback, snapshots,
// read-only, serialised writers), metadata, keys, subjects, blind indexes and relationships.
// Every test runs on every backend in ConformanceBackends(); part 2 is
// store_conformance_records_test.cc.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/testing/conformance.h"

namespace casekeep::store::testing {
namespace {

TEST_P(StoreConformanceTest, ReportsBackendName) {
  EXPECT_FALSE(store().backend().empty());
}

TEST_P(StoreConformanceTest, ReadsSeeOwnWritesBeforeCommitAndOthersAfter) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->PutMeta("policy_hash", B("abc")));
  ASSERT_OK_AND_ASSIGN(auto mine, tx->GetMeta("policy_hash"));
  ASSERT_TRUE(mine);
  EXPECT_EQ(*mine, B("abc"));
  {
    auto other = Read();
    ASSERT_TRUE(other);
    ASSERT_OK_AND_ASSIGN(auto theirs, other->GetMeta("policy_hash"));
    EXPECT_FALSE(theirs) << "an uncommitted write is visible to another transaction";
  }
  ASSERT_OK(tx->Commit());
  auto after = Read();
  ASSERT_TRUE(after);
  ASSERT_OK_AND_ASSIGN(auto committed, after->GetMeta("policy_hash"));
  ASSERT_TRUE(committed);
  EXPECT_EQ(*committed, B("abc"));
}

TEST_P(StoreConformanceTest, DestroyingUncommittedTxRollsBack) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->PutMeta("k", B("v")));
    ASSERT_OK(tx->InsertSubject(Subject("S-GONE")));
    ASSERT_OK(tx->PutKey(KeyRow{"S-GONE", B("wrapped")}));
  }
  auto tx = Read();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto meta, tx->GetMeta("k"));
  EXPECT_FALSE(meta);
  ASSERT_OK_AND_ASSIGN(auto subject, tx->FindSubject("S-GONE"));
  EXPECT_FALSE(subject);
  ASSERT_OK_AND_ASSIGN(auto keys, tx->ListKeys());
  EXPECT_TRUE(keys.empty());
}

TEST_P(StoreConformanceTest, ReadTxKeepsItsSnapshot) {
  const std::int64_t id = CommitSubject("S-SNAP");
  auto reader = Read();
  ASSERT_TRUE(reader);
  ASSERT_OK_AND_ASSIGN(auto before, reader->GetSubject(id));
  ASSERT_TRUE(before);
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->InsertSubject(Subject("S-LATER")));
    ASSERT_OK(tx->Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto later, reader->FindSubject("S-LATER"));
  EXPECT_FALSE(later) << "a read transaction saw a commit made after it started";
  ASSERT_OK(reader->Commit());
}

TEST_P(StoreConformanceTest, ReadTxRefusesEveryWrite) {
  const std::int64_t subject = CommitSubject("S-RO");
  auto tx = Read();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->PutMeta("k", B("v")), kFailedPrecondition);
  EXPECT_ERROR(tx->PutKey(KeyRow{"S-RO", B("w")}), kFailedPrecondition);
  EXPECT_ERROR(tx->DestroyKey("S-RO"), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertSubject(Subject("S-RO2")), kFailedPrecondition);
  SubjectRow update = Subject("S-RO");
  update.id = subject;
  update.version = 2;
  EXPECT_ERROR(tx->UpdateSubject(update), kFailedPrecondition);
  EXPECT_ERROR(tx->MarkSubjectErased(subject, 5), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertBlindIndex(BlindIndexRow{"parent.email", B("h"), subject}),
               kFailedPrecondition);
  EXPECT_ERROR(tx->DeleteBlindIndexes(subject), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertRelationship(RelationshipRow{0, subject, subject, "self", 1}),
               kFailedPrecondition);
  EXPECT_ERROR(tx->InsertCase(Case("C-RO")), kFailedPrecondition);
  EXPECT_ERROR(tx->UpdateCase(Case("C-RO")), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertCaseMember(CaseMemberRow{1, subject, "parent", 1}),
               kFailedPrecondition);
  EXPECT_ERROR(tx->InsertRecord(Record("R-RO", std::nullopt, subject)), kFailedPrecondition);
  EXPECT_ERROR(tx->UpdateRecord(Record("R-RO", std::nullopt, subject)), kFailedPrecondition);
  EXPECT_ERROR(tx->DeleteRecord(1), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertRecordVersion(RecordVersionRow{1, 1, 1, "U-1", B("s")}),
               kFailedPrecondition);
  EXPECT_ERROR(tx->InsertAttachment(AttachmentRow{0, "A-RO", 1, "file", "C-1", 0, 1}),
               kFailedPrecondition);
  EXPECT_ERROR(tx->SetAttachmentSize(1, 10), kFailedPrecondition);
  EXPECT_ERROR(tx->AppendAttachmentChunk(1, 0, B("c")), kFailedPrecondition);
  EXPECT_ERROR(tx->AppendAudit(Audit(1)), kFailedPrecondition);
  // Reads still work, and nothing was written.
  ASSERT_OK_AND_ASSIGN(auto found, tx->FindSubject("S-RO2"));
  EXPECT_FALSE(found);
  EXPECT_OK(tx->Commit());
}

TEST_P(StoreConformanceTest, TxIsFinishedAfterCommit) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->Commit());
  EXPECT_ERROR(tx->PutMeta("k", B("v")), kFailedPrecondition);
  EXPECT_ERROR(tx->GetMeta("k"), kFailedPrecondition);
  EXPECT_ERROR(tx->Commit(), kFailedPrecondition);
  // The writer is free again.
  auto next = Write();
  ASSERT_TRUE(next);
}

TEST_P(StoreConformanceTest, FailedCallChangesNothingAndTxGoesOn) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->InsertCase(Case("C-ONE")));
  CaseRow bad = Case("C-BAD");
  bad.flags = {"safeguarding", "safeguarding"};
  EXPECT_ERROR(tx->InsertCase(bad), kInvalidArgument);
  EXPECT_ERROR(tx->InsertCase(Case("C-ONE")), kAlreadyExists);
  ASSERT_OK(tx->InsertCase(Case("C-TWO")));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto bad_case, read->FindCase("C-BAD"));
  EXPECT_FALSE(bad_case);
  ASSERT_OK_AND_ASSIGN(auto two, read->FindCase("C-TWO"));
  EXPECT_TRUE(two);
}

TEST_P(StoreConformanceTest, ConcurrentWritersAreSerialisedAndAllSucceed) {
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0};
  auto writer = [&](const std::string& prefix) {
    for (int i = 0; i < kPerThread; ++i) {
      auto tx = store().Begin();
      if (!tx) {
        ++failures;
        continue;
      }
      auto last = (*tx)->GetMeta("counter");
      std::int64_t value = last && *last ? static_cast<std::int64_t>((**last)[0]) : 0;
      if (!(*tx)->InsertSubject(Subject(prefix + std::to_string(i))) ||
          !(*tx)->PutMeta("counter", Bytes{static_cast<std::uint8_t>(value + 1)}) ||
          !(*tx)->Commit()) {
        ++failures;
      }
    }
  };
  std::thread a(writer, "S-A");
  std::thread b(writer, "S-B");
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = Read();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto counter, tx->GetMeta("counter"));
  ASSERT_TRUE(counter);
  EXPECT_EQ((*counter)[0], 2 * kPerThread) << "lost update: writers were not serialised";
  for (int i = 0; i < kPerThread; ++i) {
    ASSERT_OK_AND_ASSIGN(auto s, tx->FindSubject("S-A" + std::to_string(i)));
    EXPECT_TRUE(s);
  }
}

TEST_P(StoreConformanceTest, SecondWriterTimesOutWhileFirstIsOpen) {
  auto first = Write();
  ASSERT_TRUE(first);
  Result<std::unique_ptr<Tx>> second = Fail(ErrorCode::kInternal, "not run");
  std::thread t([&] { second = store().Begin(); });
  t.join();
  EXPECT_ERROR(second, kUnavailable);
  auto reader = Read();  // reads do not wait for the writer
  EXPECT_TRUE(reader);
}

TEST_P(StoreConformanceTest, MetaRoundTripAndOverwrite) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->PutMeta("key_check", B("one")));
  ASSERT_OK(tx->PutMeta("key_check", B("two")));
  ASSERT_OK(tx->PutMeta("empty", Bytes{}));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto value, read->GetMeta("key_check"));
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, B("two"));
  ASSERT_OK_AND_ASSIGN(auto empty, read->GetMeta("empty"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  ASSERT_OK_AND_ASSIGN(auto missing, read->GetMeta("nope"));
  EXPECT_FALSE(missing);
}

TEST_P(StoreConformanceTest, KeysPutListDestroy) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->PutKey(KeyRow{"S-2", B("wrapped-2")}));
  ASSERT_OK(tx->PutKey(KeyRow{"C-1", B("wrapped-1")}));
  ASSERT_OK(tx->PutKey(KeyRow{"S-2", B("rewrapped-2")}));  // rotation overwrites
  EXPECT_ERROR(tx->PutKey(KeyRow{"", B("x")}), kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(auto keys, tx->ListKeys());
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].owner, "C-1");
  EXPECT_EQ(keys[1].owner, "S-2");
  EXPECT_EQ(keys[1].wrapped, B("rewrapped-2"));
  ASSERT_OK(tx->DestroyKey("S-2"));
  EXPECT_ERROR(tx->DestroyKey("S-2"), kNotFound);
  ASSERT_OK_AND_ASSIGN(auto gone, tx->GetKey("S-2"));
  EXPECT_FALSE(gone);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto kept, read->GetKey("C-1"));
  ASSERT_TRUE(kept);
  EXPECT_EQ(*kept, B("wrapped-1"));
  ASSERT_OK_AND_ASSIGN(auto after, read->ListKeys());
  EXPECT_EQ(after.size(), 1u);
}

TEST_P(StoreConformanceTest, SubjectRoundTrip) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  SubjectRow row = Subject("S-ROUND", "ciphertext");
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertSubject(row));
  ASSERT_OK_AND_ASSIGN(const std::int64_t id2, tx->InsertSubject(Subject("S-ROUND2")));
  EXPECT_GT(id, 0);
  EXPECT_GT(id2, id);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetSubject(id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id);
  EXPECT_EQ(got->code, "S-ROUND");
  EXPECT_EQ(got->kind, row.kind);
  EXPECT_EQ(got->created_at, row.created_at);
  EXPECT_EQ(got->updated_at, row.updated_at);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->sealed, B("ciphertext"));
  EXPECT_FALSE(got->erased_at);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindSubject("S-ROUND"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  ASSERT_OK_AND_ASSIGN(auto none, read->GetSubject(id2 + 100));
  EXPECT_FALSE(none);
  ASSERT_OK_AND_ASSIGN(auto none2, read->FindSubject("S-NOPE"));
  EXPECT_FALSE(none2);
}

TEST_P(StoreConformanceTest, DuplicateSubjectCodeIsAlreadyExists) {
  CommitSubject("S-DUP");
  auto tx = Write();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->InsertSubject(Subject("S-DUP")), kAlreadyExists);
  EXPECT_ERROR(tx->InsertSubject(Subject("")), kInvalidArgument);
}

TEST_P(StoreConformanceTest, UpdateSubjectIsOptimistic) {
  const std::int64_t id = CommitSubject("S-OPT");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto row, tx->GetSubject(id));
  ASSERT_TRUE(row);
  SubjectRow next = *row;
  next.version = 2;
  next.sealed = B("rectified");
  next.updated_at = row->updated_at + 60;
  ASSERT_OK(tx->UpdateSubject(next));
  SubjectRow stale = *row;  // still at version 1: someone else got there first
  stale.version = 2;
  auto conflict = tx->UpdateSubject(stale);
  EXPECT_ERROR(conflict, kConflict);
  EXPECT_NE(conflict.error().message.find("changed by someone else"), std::string::npos);
  SubjectRow missing = next;
  missing.id = id + 1000;
  EXPECT_ERROR(tx->UpdateSubject(missing), kNotFound);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetSubject(id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->sealed, B("rectified"));
  EXPECT_EQ(got->updated_at, next.updated_at);
}

TEST_P(StoreConformanceTest, MarkSubjectErasedLeavesTombstone) {
  const std::int64_t id = CommitSubject("S-ERASE");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->MarkSubjectErased(id, 1'800'000'000));
  ASSERT_OK(tx->MarkSubjectErased(id, 1'900'000'000));  // again: no change
  EXPECT_ERROR(tx->MarkSubjectErased(id + 1000, 1), kNotFound);
  ASSERT_OK_AND_ASSIGN(auto row, tx->GetSubject(id));
  ASSERT_TRUE(row);
  SubjectRow revive = *row;
  revive.version = row->version + 1;
  revive.sealed = B("back again");
  EXPECT_ERROR(tx->UpdateSubject(revive), kFailedPrecondition);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->FindSubject("S-ERASE"));
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->sealed.empty());
  ASSERT_TRUE(got->erased_at);
  EXPECT_EQ(*got->erased_at, 1'800'000'000);
  EXPECT_EQ(got->version, 2);
}

TEST_P(StoreConformanceTest, BlindIndexLookup) {
  const std::int64_t a = CommitSubject("S-BA");
  const std::int64_t b = CommitSubject("S-BB");
  auto tx = Write();
  ASSERT_TRUE(tx);
  const Bytes email = B("hmac-of-email");
  ASSERT_OK(tx->InsertBlindIndex(BlindIndexRow{"parent.email", email, b}));
  ASSERT_OK(tx->InsertBlindIndex(BlindIndexRow{"parent.email", email, a}));
  ASSERT_OK(tx->InsertBlindIndex(BlindIndexRow{"parent.email", email, a}));  // idempotent
  ASSERT_OK(tx->InsertBlindIndex(BlindIndexRow{"parent.phone", email, a}));
  ASSERT_OK(tx->InsertBlindIndex(BlindIndexRow{"parent.email", B("other"), b}));
  EXPECT_ERROR(tx->InsertBlindIndex(BlindIndexRow{"parent.email", email, b + 1000}),
               kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(auto ids, tx->LookupBlindIndex("parent.email", email));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{a, b}));
  ASSERT_OK_AND_ASSIGN(auto phone, tx->LookupBlindIndex("parent.phone", email));
  EXPECT_EQ(phone, (std::vector<std::int64_t>{a}));
  ASSERT_OK(tx->DeleteBlindIndexes(a));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto after, read->LookupBlindIndex("parent.email", email));
  EXPECT_EQ(after, (std::vector<std::int64_t>{b}));
  ASSERT_OK_AND_ASSIGN(auto none, read->LookupBlindIndex("parent.phone", email));
  EXPECT_TRUE(none.empty());
}

TEST_P(StoreConformanceTest, RelationshipsFromEitherSide) {
  const std::int64_t mum = CommitSubject("S-MUM");
  const std::int64_t child = CommitSubject("S-CHILD");
  const std::int64_t worker = CommitSubject("S-WORKER");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto r1, tx->InsertRelationship({0, mum, child, "parent_of", 10}));
  ASSERT_OK_AND_ASSIGN(auto r2, tx->InsertRelationship({0, worker, child, "professional_for", 11}));
  EXPECT_ERROR(tx->InsertRelationship({0, mum, worker + 1000, "parent_of", 12}),
               kFailedPrecondition);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto of_child, read->ListRelationships(child));
  ASSERT_EQ(of_child.size(), 2u);
  EXPECT_EQ(of_child[0].id, r1);
  EXPECT_EQ(of_child[0].from_subject, mum);
  EXPECT_EQ(of_child[0].to_subject, child);
  EXPECT_EQ(of_child[0].kind, "parent_of");
  EXPECT_EQ(of_child[0].created_at, 10);
  EXPECT_EQ(of_child[1].id, r2);
  ASSERT_OK_AND_ASSIGN(auto of_mum, read->ListRelationships(mum));
  ASSERT_EQ(of_mum.size(), 1u);
  EXPECT_EQ(of_mum[0].id, r1);
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest,
                         ::testing::ValuesIn(ConformanceBackends()),
                         [](const ::testing::TestParamInfo<StoreBackend>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace casekeep::store::testing
