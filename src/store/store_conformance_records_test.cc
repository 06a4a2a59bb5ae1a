// The store conformance suite, part 2: cases and members, records and their versions,
// keyset pagination, attachments, deletion cascades and the audit chain. Instantiated for
// every backend in store_conformance_test.cc.
#include <gtest/gtest.h>

#include "store/testing/conformance.h"

namespace casekeep::store::testing {
namespace {

TEST_P(StoreConformanceTest, CaseRoundTripKeepsFlagsInOrder) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  CaseRow row = Case("C-ROUND");
  row.flags = {"zeta", "alpha", "mid"};
  row.closed_on = "2024-09-30";
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertCase(row));
  CaseRow bare = Case("C-BARE");
  bare.flags.clear();
  bare.referral_source = "";
  ASSERT_OK_AND_ASSIGN(const std::int64_t bare_id, tx->InsertCase(bare));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetCase(id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->code, "C-ROUND");
  EXPECT_EQ(got->service, row.service);
  EXPECT_EQ(got->referral_source, row.referral_source);
  EXPECT_EQ(got->opened_on, row.opened_on);
  EXPECT_EQ(got->closed_on, row.closed_on);
  EXPECT_EQ(got->flags, row.flags);
  EXPECT_FALSE(got->last_contact_on);
  EXPECT_EQ(got->created_at, row.created_at);
  EXPECT_EQ(got->updated_at, row.updated_at);
  EXPECT_EQ(got->version, 1);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindCase("C-BARE"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, bare_id);
  EXPECT_TRUE(found->flags.empty());
  EXPECT_FALSE(found->closed_on);
  EXPECT_EQ(found->referral_source, "");
  ASSERT_OK_AND_ASSIGN(auto none, read->GetCase(bare_id + 100));
  EXPECT_FALSE(none);
}

TEST_P(StoreConformanceTest, UpdateCaseIsOptimisticAndReplacesFlags) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertCase(Case("C-UPD")));
  EXPECT_ERROR(tx->InsertCase(Case("C-UPD")), kAlreadyExists);
  ASSERT_OK_AND_ASSIGN(auto row, tx->GetCase(id));
  ASSERT_TRUE(row);
  CaseRow next = *row;
  next.version = 2;
  next.flags = {"court_order"};
  next.last_contact_on = "2024-04-01";
  next.closed_on = "2024-05-01";
  ASSERT_OK(tx->UpdateCase(next));
  EXPECT_ERROR(tx->UpdateCase(next), kConflict);  // made from version 1 again
  CaseRow missing = next;
  missing.id = id + 1000;
  EXPECT_ERROR(tx->UpdateCase(missing), kNotFound);
  CaseRow dup_flags = next;
  dup_flags.version = 3;
  dup_flags.flags = {"a", "a"};
  EXPECT_ERROR(tx->UpdateCase(dup_flags), kInvalidArgument);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetCase(id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->flags, std::vector<std::string>{"court_order"});
  EXPECT_EQ(got->last_contact_on, "2024-04-01");
  EXPECT_EQ(got->closed_on, "2024-05-01");
}

TEST_P(StoreConformanceTest, CaseMembers) {
  const std::int64_t mum = CommitSubject("S-M1");
  const std::int64_t dad = CommitSubject("S-D1");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t c1, tx->InsertCase(Case("C-M1")));
  ASSERT_OK_AND_ASSIGN(const std::int64_t c2, tx->InsertCase(Case("C-M2")));
  ASSERT_OK(tx->InsertCaseMember({c1, dad, "other_parent", 20}));
  ASSERT_OK(tx->InsertCaseMember({c1, mum, "parent", 21}));
  ASSERT_OK(tx->InsertCaseMember({c2, mum, "parent", 22}));
  auto dup = tx->InsertCaseMember({c1, mum, "child", 23});
  EXPECT_ERROR(dup, kAlreadyExists);
  EXPECT_NE(dup.error().message.find("already a member"), std::string::npos);
  EXPECT_ERROR(tx->InsertCaseMember({c2 + 1000, mum, "parent", 24}), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertCaseMember({c2, dad + 1000, "parent", 24}), kFailedPrecondition);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto members, read->ListCaseMembers(c1));
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].subject_id, std::min(mum, dad));
  EXPECT_EQ(members[1].subject_id, std::max(mum, dad));
  const CaseMemberRow& mum_row = members[0].subject_id == mum ? members[0] : members[1];
  EXPECT_EQ(mum_row.case_id, c1);
  EXPECT_EQ(mum_row.role, "parent");
  EXPECT_EQ(mum_row.added_at, 21);
  ASSERT_OK_AND_ASSIGN(auto cases, read->ListCasesOfSubject(mum));
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].case_id, c1);
  EXPECT_EQ(cases[1].case_id, c2);
  ASSERT_OK_AND_ASSIGN(auto none, read->ListCaseMembers(c2 + 1000));
  EXPECT_TRUE(none.empty());
}

TEST_P(StoreConformanceTest, RecordRoundTripAndCount) {
  const std::int64_t subject = CommitSubject("S-R1");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t c, tx->InsertCase(Case("C-R1")));
  RecordRow row = Record("R-1", c, subject, "contact_note");
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertRecord(row));
  ASSERT_OK_AND_ASSIGN(const std::int64_t loose, tx->InsertRecord(Record("R-2", std::nullopt,
                                                                         std::nullopt)));
  EXPECT_GT(loose, id);
  EXPECT_ERROR(tx->InsertRecord(Record("R-1", c, subject)), kAlreadyExists);
  EXPECT_ERROR(tx->InsertRecord(Record("R-3", c + 1000, subject)), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertRecord(Record("R-4", c, subject + 1000)), kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(const std::int64_t count, tx->CountRecords());
  EXPECT_EQ(count, 2);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetRecord(id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->code, "R-1");
  EXPECT_EQ(got->type, "contact_note");
  EXPECT_EQ(got->case_id, c);
  EXPECT_EQ(got->subject_id, subject);
  EXPECT_EQ(got->owner, row.owner);
  EXPECT_EQ(got->occurred_on, row.occurred_on);
  EXPECT_EQ(got->created_at, row.created_at);
  EXPECT_EQ(got->updated_at, row.updated_at);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->sealed, row.sealed);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindRecord("R-2"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, loose);
  EXPECT_FALSE(found->case_id);
  EXPECT_FALSE(found->subject_id);
  ASSERT_OK_AND_ASSIGN(auto none, read->FindRecord("R-9"));
  EXPECT_FALSE(none);
}

TEST_P(StoreConformanceTest, UpdateRecordIsOptimisticAndKeepsVersions) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertRecord(Record("R-V", std::nullopt,
                                                                      std::nullopt)));
  ASSERT_OK_AND_ASSIGN(auto row, tx->GetRecord(id));
  ASSERT_TRUE(row);
  for (std::int64_t v = 2; v <= 3; ++v) {
    ASSERT_OK(tx->InsertRecordVersion({id, v - 1, 100 + v, "U-EDITOR", row->sealed}));
    RecordRow next = *row;
    next.version = v;
    next.sealed = B("rectified " + std::to_string(v));
    ASSERT_OK(tx->UpdateRecord(next));
    row = next;
  }
  RecordRow stale = *row;
  EXPECT_ERROR(tx->UpdateRecord(stale), kConflict);  // version 3 again, stored is 3
  stale.id = id + 1000;
  stale.version = 4;
  EXPECT_ERROR(tx->UpdateRecord(stale), kNotFound);
  EXPECT_ERROR(tx->InsertRecordVersion({id, 1, 1, "U-X", B("again")}), kAlreadyExists);
  EXPECT_ERROR(tx->InsertRecordVersion({id + 1000, 1, 1, "U-X", B("x")}), kFailedPrecondition);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetRecord(id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, 3);
  EXPECT_EQ(got->sealed, B("rectified 3"));
  ASSERT_OK_AND_ASSIGN(auto versions, read->ListRecordVersions(id));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_EQ(versions[0].sealed, B("sealed record R-V"));
  EXPECT_EQ(versions[0].replaced_by, "U-EDITOR");
  EXPECT_EQ(versions[0].replaced_at, 102);
  EXPECT_EQ(versions[1].version, 2);
  EXPECT_EQ(versions[1].sealed, B("rectified 2"));
}

TEST_P(StoreConformanceTest, ListRecordsPagesByIdWithFilters) {
  const std::int64_t s1 = CommitSubject("S-L1");
  const std::int64_t s2 = CommitSubject("S-L2");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t c1, tx->InsertCase(Case("C-L1")));
  ASSERT_OK_AND_ASSIGN(const std::int64_t c2, tx->InsertCase(Case("C-L2")));
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 30; ++i) {
    const std::int64_t c = i % 2 == 0 ? c1 : c2;
    const std::int64_t s = i % 3 == 0 ? s1 : s2;
    const std::string type = i % 5 == 0 ? "form" : "contact";
    ASSERT_OK_AND_ASSIGN(auto id, tx->InsertRecord(Record("R-L" + std::to_string(i), c, s, type)));
    ids.push_back(id);
  }
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  auto page_all = [&](RecordFilter filter) {
    std::vector<std::int64_t> seen;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = read->ListRecords(filter);
      EXPECT_TRUE(page) << page.error().message;
      if (!page || page->empty()) break;
      EXPECT_LE(static_cast<std::int64_t>(page->size()), filter.limit);
      for (const auto& r : *page) seen.push_back(r.id);
      filter.after_id = page->back().id;
    }
    return seen;
  };
  auto expect = [&](auto pred) {
    std::vector<std::int64_t> want;
    for (int i = 0; i < 30; ++i) {
      if (pred(i)) want.push_back(ids[static_cast<std::size_t>(i)]);
    }
    return want;
  };
  RecordFilter all;
  all.limit = 7;
  EXPECT_EQ(page_all(all), expect([](int) { return true; }));
  RecordFilter by_case = all;
  by_case.case_id = c2;
  EXPECT_EQ(page_all(by_case), expect([](int i) { return i % 2 == 1; }));
  RecordFilter by_subject = all;
  by_subject.subject_id = s1;
  EXPECT_EQ(page_all(by_subject), expect([](int i) { return i % 3 == 0; }));
  RecordFilter by_type = all;
  by_type.type = "form";
  EXPECT_EQ(page_all(by_type), expect([](int i) { return i % 5 == 0; }));
  RecordFilter combined = all;
  combined.case_id = c1;
  combined.subject_id = s2;
  combined.type = "contact";
  combined.limit = 2;
  EXPECT_EQ(page_all(combined),
            expect([](int i) { return i % 2 == 0 && i % 3 != 0 && i % 5 != 0; }));
  RecordFilter after_last = all;
  after_last.after_id = ids.back();
  ASSERT_OK_AND_ASSIGN(auto empty, read->ListRecords(after_last));
  EXPECT_TRUE(empty.empty());
  RecordFilter bad = all;
  bad.limit = 0;
  EXPECT_ERROR(read->ListRecords(bad), kInvalidArgument);
}

TEST_P(StoreConformanceTest, AttachmentsAndChunks) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t rec, tx->InsertRecord(Record("R-A", std::nullopt,
                                                                       std::nullopt)));
  ASSERT_OK_AND_ASSIGN(const std::int64_t a1,
                       tx->InsertAttachment({0, "A-1", rec, "letter", "C-OWNER", 0, 30}));
  ASSERT_OK_AND_ASSIGN(const std::int64_t a2,
                       tx->InsertAttachment({0, "A-2", rec, "photo", "C-OWNER", 0, 31}));
  EXPECT_ERROR(tx->InsertAttachment({0, "A-1", rec, "letter", "C-OWNER", 0, 32}), kAlreadyExists);
  EXPECT_ERROR(tx->InsertAttachment({0, "A-3", rec + 1000, "x", "C-OWNER", 0, 32}),
               kFailedPrecondition);
  ASSERT_OK(tx->AppendAttachmentChunk(a1, 1, B("chunk-1")));
  ASSERT_OK(tx->AppendAttachmentChunk(a1, 0, B("chunk-0")));
  ASSERT_OK(tx->AppendAttachmentChunk(a1, 2, B("chunk-2")));
  EXPECT_ERROR(tx->AppendAttachmentChunk(a1, 2, B("again")), kAlreadyExists);
  EXPECT_ERROR(tx->AppendAttachmentChunk(a2 + 1000, 0, B("x")), kFailedPrecondition);
  ASSERT_OK(tx->SetAttachmentSize(a1, 12345));
  EXPECT_ERROR(tx->SetAttachmentSize(a2 + 1000, 1), kNotFound);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindAttachment("A-1"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, a1);
  EXPECT_EQ(found->record_id, rec);
  EXPECT_EQ(found->field, "letter");
  EXPECT_EQ(found->owner, "C-OWNER");
  EXPECT_EQ(found->size, 12345);
  EXPECT_EQ(found->created_at, 30);
  ASSERT_OK_AND_ASSIGN(auto list, read->ListAttachments(rec));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].code, "A-1");
  EXPECT_EQ(list[1].code, "A-2");
  ASSERT_OK_AND_ASSIGN(auto chunks, read->ReadAttachmentChunks(a1));
  EXPECT_EQ(chunks, (std::vector<Bytes>{B("chunk-0"), B("chunk-1"), B("chunk-2")}));
  ASSERT_OK_AND_ASSIGN(auto none, read->ReadAttachmentChunks(a2));
  EXPECT_TRUE(none.empty());
}

TEST_P(StoreConformanceTest, DeleteRecordRemovesVersionsAttachmentsAndChunks) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t gone, tx->InsertRecord(Record("R-DEL", std::nullopt,
                                                                        std::nullopt)));
  ASSERT_OK_AND_ASSIGN(const std::int64_t kept, tx->InsertRecord(Record("R-KEEP", std::nullopt,
                                                                        std::nullopt)));
  ASSERT_OK(tx->InsertRecordVersion({gone, 1, 5, "U-1", B("old")}));
  ASSERT_OK(tx->InsertRecordVersion({kept, 1, 5, "U-1", B("old kept")}));
  ASSERT_OK_AND_ASSIGN(auto a_gone, tx->InsertAttachment({0, "A-DEL", gone, "f", "C-O", 3, 1}));
  ASSERT_OK_AND_ASSIGN(auto a_kept, tx->InsertAttachment({0, "A-KEEP", kept, "f", "C-O", 3, 1}));
  ASSERT_OK(tx->AppendAttachmentChunk(a_gone, 0, B("gone chunk")));
  ASSERT_OK(tx->AppendAttachmentChunk(a_kept, 0, B("kept chunk")));
  ASSERT_OK(tx->Commit());

  auto del = Write();
  ASSERT_TRUE(del);
  ASSERT_OK(del->DeleteRecord(gone));
  EXPECT_ERROR(del->DeleteRecord(gone), kNotFound);
  ASSERT_OK(del->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto rec, read->GetRecord(gone));
  EXPECT_FALSE(rec);
  ASSERT_OK_AND_ASSIGN(auto by_code, read->FindRecord("R-DEL"));
  EXPECT_FALSE(by_code);
  ASSERT_OK_AND_ASSIGN(auto versions, read->ListRecordVersions(gone));
  EXPECT_TRUE(versions.empty());
  ASSERT_OK_AND_ASSIGN(auto atts, read->ListAttachments(gone));
  EXPECT_TRUE(atts.empty());
  ASSERT_OK_AND_ASSIGN(auto att, read->FindAttachment("A-DEL"));
  EXPECT_FALSE(att);
  ASSERT_OK_AND_ASSIGN(auto chunks, read->ReadAttachmentChunks(a_gone));
  EXPECT_TRUE(chunks.empty());
  ASSERT_OK_AND_ASSIGN(auto kept_versions, read->ListRecordVersions(kept));
  EXPECT_EQ(kept_versions.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto kept_chunks, read->ReadAttachmentChunks(a_kept));
  EXPECT_EQ(kept_chunks.size(), 1u);
  ASSERT_OK_AND_ASSIGN(const std::int64_t count, read->CountRecords());
  EXPECT_EQ(count, 1);
  read.reset();

  // Ids are not reused, even for the highest deleted id.
  auto again = Write();
  ASSERT_TRUE(again);
  ASSERT_OK(again->DeleteRecord(kept));
  ASSERT_OK_AND_ASSIGN(const std::int64_t next, again->InsertRecord(Record("R-DEL", std::nullopt,
                                                                           std::nullopt)));
  EXPECT_GT(next, kept);
}

TEST_P(StoreConformanceTest, AuditAppendsWithoutGaps) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto empty, tx->LastAudit());
  EXPECT_FALSE(empty);
  EXPECT_ERROR(tx->AppendAudit(Audit(2)), kFailedPrecondition);  // must start at 1
  ASSERT_OK(tx->AppendAudit(Audit(1)));
  ASSERT_OK(tx->AppendAudit(Audit(2)));
  EXPECT_ERROR(tx->AppendAudit(Audit(2)), kFailedPrecondition);  // repeated
  EXPECT_ERROR(tx->AppendAudit(Audit(4)), kFailedPrecondition);  // gap
  ASSERT_OK(tx->AppendAudit(Audit(3)));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto last, read->LastAudit());
  ASSERT_TRUE(last);
  const AuditRow want = Audit(3);
  EXPECT_EQ(last->seq, 3);
  EXPECT_EQ(last->at_micros, want.at_micros);
  EXPECT_EQ(last->actor, want.actor);
  EXPECT_EQ(last->action, want.action);
  EXPECT_EQ(last->objects, want.objects);
  EXPECT_EQ(last->purpose, want.purpose);
  EXPECT_EQ(last->outcome, want.outcome);
  EXPECT_EQ(last->detail, want.detail);
  EXPECT_EQ(last->prev_hash, want.prev_hash);
  EXPECT_EQ(last->hash, want.hash);
  EXPECT_EQ(last->mac, want.mac);
}

TEST_P(StoreConformanceTest, ScanAuditPages) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  for (std::int64_t seq = 1; seq <= 25; ++seq) ASSERT_OK(tx->AppendAudit(Audit(seq)));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  std::int64_t after = 0;
  std::vector<std::int64_t> seen;
  while (true) {
    ASSERT_OK_AND_ASSIGN(auto page, read->ScanAudit(after, 10));
    if (page.empty()) break;
    EXPECT_LE(page.size(), 10u);
    for (const auto& row : page) seen.push_back(row.seq);
    after = page.back().seq;
  }
  ASSERT_EQ(seen.size(), 25u);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i], static_cast<std::int64_t>(i + 1));
  }
  ASSERT_OK_AND_ASSIGN(auto tail, read->ScanAudit(20, 100));
  EXPECT_EQ(tail.size(), 5u);
  EXPECT_ERROR(read->ScanAudit(0, 0), kInvalidArgument);
}

}  // namespace
}  // namespace casekeep::store::testing
