// The store conformance suite, part 5: retention (the retention columns of records and the
// transfer date of cases round-tripping, retention dates set without a new version, records
// due by each date with keyset pagination, holds placed, reviewed and released once, retention
// plans approved and carried out once, the disposal log). Every test runs on every backend in
// ConformanceBackends(); the other parts are the store_conformance_*_test.cc files.
#include <gtest/gtest.h>

#include "store/testing/conformance.h"

namespace casekeep::store::testing {
namespace {

HoldRow Hold(std::string code, std::string target) {
  HoldRow row;
  row.code = std::move(code);
  row.kind = "litigation";
  row.target = std::move(target);
  row.placed_by = "U-DPO";
  row.placed_at = 1'700'000'000;
  row.review_on = "2025-01-01";
  row.reason = B("sealed reason for " + row.code);
  return row;
}

PlanRow Plan(std::string code) {
  PlanRow row;
  row.code = std::move(code);
  row.as_of = "2025-06-30";
  row.created_by = "U-DPO";
  row.created_at = 1'750'000'000;
  row.items = "R-1 disposed 2025-06-01 contact_6y\nR-2 partial:notes 2025-06-02 notes_2y\n";
  row.item_count = 2;
  return row;
}

DisposalRow Disposal(std::string code, std::int64_t at) {
  return DisposalRow{
      0,       at,   std::move(code), "contact_note", "contact_6y", "2025-06-01", "disposed",
      "U-DPO", "P-1"};
}

std::vector<std::int64_t> RecordIds(const std::vector<RecordRow>& rows) {
  std::vector<std::int64_t> ids;
  for (const RecordRow& row : rows) ids.push_back(row.id);
  return ids;
}

std::vector<std::int64_t> HoldIds(const std::vector<HoldRow>& rows) {
  std::vector<std::int64_t> ids;
  for (const HoldRow& row : rows) ids.push_back(row.id);
  return ids;
}

void ExpectSameRetention(const RecordRow& got, const RecordRow& want) {
  EXPECT_EQ(got.retention_rule, want.retention_rule);
  EXPECT_EQ(got.dispose_on, want.dispose_on);
  EXPECT_EQ(got.review_on, want.review_on);
  EXPECT_EQ(got.partial_on, want.partial_on);
}

TEST_P(StoreConformanceTest, RetentionColumnsRoundTripThroughRecordsAndCases) {
  const std::int64_t subject = CommitSubject("S-RET");
  auto tx = Write();
  ASSERT_TRUE(tx);
  CaseRow kase = Case("C-RET");
  kase.transferred_on = "2024-11-30";
  ASSERT_OK_AND_ASSIGN(kase.id, tx->InsertCase(kase));
  ASSERT_OK_AND_ASSIGN(const std::int64_t bare_case, tx->InsertCase(Case("C-RET-BARE")));
  RecordRow dated = Record("R-RET", kase.id, subject);
  dated.retention_rule = "contact_6y";
  dated.dispose_on = "2030-03-02";
  dated.partial_on = "2026-03-02";
  ASSERT_OK_AND_ASSIGN(dated.id, tx->InsertRecord(dated));
  RecordRow indefinite = Record("R-RET-IND", kase.id, std::nullopt);
  indefinite.retention_rule = "safeguarding_indefinite";
  indefinite.review_on = "2029-01-01";
  ASSERT_OK_AND_ASSIGN(indefinite.id, tx->InsertRecord(indefinite));
  RecordRow none = Record("R-RET-NONE", kase.id, std::nullopt);
  ASSERT_OK_AND_ASSIGN(none.id, tx->InsertRecord(none));
  ASSERT_OK(tx->Commit());

  {
    auto read = Read();
    ASSERT_TRUE(read);
    ASSERT_OK_AND_ASSIGN(auto got, read->GetRecord(dated.id));
    ASSERT_TRUE(got);
    ExpectSameRetention(*got, dated);
    ASSERT_OK_AND_ASSIGN(auto found, read->FindRecord("R-RET-IND"));
    ASSERT_TRUE(found);
    ExpectSameRetention(*found, indefinite);
    RecordFilter of_case;
    of_case.case_id = kase.id;
    ASSERT_OK_AND_ASSIGN(auto listed, read->ListRecords(of_case));
    ASSERT_EQ(listed.size(), 3u);
    ExpectSameRetention(listed[0], dated);
    ExpectSameRetention(listed[1], indefinite);
    EXPECT_EQ(listed[2].retention_rule, "") << "no rule applies";
    EXPECT_FALSE(listed[2].dispose_on);
    EXPECT_FALSE(listed[2].review_on);
    EXPECT_FALSE(listed[2].partial_on);
    ASSERT_OK_AND_ASSIGN(auto got_case, read->GetCase(kase.id));
    ASSERT_TRUE(got_case);
    EXPECT_EQ(got_case->transferred_on, "2024-11-30");
    ASSERT_OK_AND_ASSIGN(auto found_bare, read->FindCase("C-RET-BARE"));
    ASSERT_TRUE(found_bare);
    EXPECT_EQ(found_bare->id, bare_case);
    EXPECT_FALSE(found_bare->transferred_on);
  }

  // Updates write the new columns too, and can clear them.
  auto update = Write();
  ASSERT_TRUE(update);
  RecordRow next = dated;
  next.version = 2;
  next.retention_rule = "contact_2y";
  next.dispose_on = std::nullopt;
  next.review_on = "2027-07-07";
  next.partial_on = std::nullopt;
  ASSERT_OK(update->UpdateRecord(next));
  CaseRow next_case = kase;
  next_case.version = 2;
  next_case.transferred_on = std::nullopt;
  ASSERT_OK(update->UpdateCase(next_case));
  ASSERT_OK_AND_ASSIGN(auto bare, update->GetCase(bare_case));
  ASSERT_TRUE(bare);
  bare->version = 2;
  bare->transferred_on = "2025-02-03";
  ASSERT_OK(update->UpdateCase(*bare));
  ASSERT_OK(update->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetRecord(dated.id));
  ASSERT_TRUE(got);
  ExpectSameRetention(*got, next);
  EXPECT_EQ(got->version, 2);
  ASSERT_OK_AND_ASSIGN(auto got_case, read->GetCase(kase.id));
  ASSERT_TRUE(got_case);
  EXPECT_FALSE(got_case->transferred_on);
  ASSERT_OK_AND_ASSIGN(auto got_bare, read->FindCase("C-RET-BARE"));
  ASSERT_TRUE(got_bare);
  EXPECT_EQ(got_bare->transferred_on, "2025-02-03");
}

TEST_P(StoreConformanceTest, SetRecordRetentionKeepsTheVersion) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  RecordRow row = Record("R-SET", std::nullopt, std::nullopt);
  row.retention_rule = "old_rule";
  row.dispose_on = "2020-01-01";
  ASSERT_OK_AND_ASSIGN(row.id, tx->InsertRecord(row));
  const RetentionDates dates{"new_rule", std::nullopt, "2031-12-31", "2026-06-30", "2025-12-31"};
  ASSERT_OK(tx->SetRecordRetention(row.id, dates));
  EXPECT_ERROR(tx->SetRecordRetention(row.id + 1000, dates), kNotFound);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetRecord(row.id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->retention_rule, "new_rule");
  EXPECT_FALSE(got->dispose_on);
  EXPECT_EQ(got->review_on, "2031-12-31");
  EXPECT_EQ(got->partial_on, "2026-06-30");
  EXPECT_EQ(got->reviewed_on, "2025-12-31");
  EXPECT_EQ(got->version, 1) << "setting retention dates is not a new version";
  EXPECT_EQ(got->updated_at, row.updated_at);
  EXPECT_EQ(got->sealed, row.sealed);
  EXPECT_EQ(got->occurred_on, row.occurred_on);
}

TEST_P(StoreConformanceTest, DeleteAttachmentRemovesOneFileAndItsChunks) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  RecordRow row = Record("R-FILES", std::nullopt, std::nullopt);
  row.reviewed_on = "2024-02-29";
  ASSERT_OK_AND_ASSIGN(row.id, tx->InsertRecord(row));
  ASSERT_OK_AND_ASSIGN(auto first,
                       tx->InsertAttachment(AttachmentRow{0, "A-ONE", row.id, "scan", "S-X", 0, 1}));
  ASSERT_OK_AND_ASSIGN(auto second,
                       tx->InsertAttachment(AttachmentRow{0, "A-TWO", row.id, "copy", "S-X", 0, 1}));
  ASSERT_OK(tx->AppendAttachmentChunk(first, 0, Bytes{1, 2, 3}));
  ASSERT_OK(tx->AppendAttachmentChunk(second, 0, Bytes{4, 5, 6}));
  ASSERT_OK(tx->DeleteAttachment(first));
  EXPECT_ERROR(tx->DeleteAttachment(first), kNotFound);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto left, read->ListAttachments(row.id));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].code, "A-TWO");
  ASSERT_OK_AND_ASSIGN(auto gone, read->FindAttachment("A-ONE"));
  EXPECT_FALSE(gone);
  ASSERT_OK_AND_ASSIGN(auto chunks, read->ReadAttachmentChunks(first));
  EXPECT_TRUE(chunks.empty());
  ASSERT_OK_AND_ASSIGN(auto kept, read->ReadAttachmentChunks(second));
  EXPECT_EQ(kept.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetRecord(row.id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->reviewed_on, "2024-02-29");
}

TEST_P(StoreConformanceTest, ListRecordsDueByEachDateWithBoundaries) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  // For each kind: one a day early, one on the day, one a day late, one without the date.
  std::vector<std::int64_t> ids;
  for (const char* day : {"2025-06-29", "2025-06-30", "2025-07-01"}) {
    RecordRow row = Record(std::string("R-D-") + day, std::nullopt, std::nullopt);
    row.dispose_on = day;
    row.partial_on =
        std::string(day) == "2025-07-01" ? std::optional<std::string>("2025-01-01") : std::nullopt;
    ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertRecord(row));
    ids.push_back(id);
  }
  RecordRow review = Record("R-REVIEW", std::nullopt, std::nullopt);
  review.review_on = "2025-06-30";
  ASSERT_OK_AND_ASSIGN(const std::int64_t review_id, tx->InsertRecord(review));
  RecordRow later_review = Record("R-REVIEW-LATER", std::nullopt, std::nullopt);
  later_review.review_on = "2026-06-30";
  ASSERT_OK(tx->InsertRecord(later_review));
  ASSERT_OK(tx->InsertRecord(Record("R-UNDATED", std::nullopt, std::nullopt)));
  ASSERT_OK_AND_ASSIGN(auto mine, tx->ListRecordsDue(DueKind::kDispose, "2025-06-30", 0, 10));
  EXPECT_EQ(RecordIds(mine), (std::vector<std::int64_t>{ids[0], ids[1]})) << "own writes";
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto dispose, read->ListRecordsDue(DueKind::kDispose, "2025-06-30", 0, 10));
  EXPECT_EQ(RecordIds(dispose), (std::vector<std::int64_t>{ids[0], ids[1]}))
      << "on the date included, after it excluded";
  ASSERT_EQ(dispose.size(), 2u);
  EXPECT_EQ(dispose[1].code, "R-D-2025-06-30");
  EXPECT_EQ(dispose[1].dispose_on, "2025-06-30");
  ASSERT_OK_AND_ASSIGN(auto none_yet, read->ListRecordsDue(DueKind::kDispose, "2025-06-28", 0, 10));
  EXPECT_TRUE(none_yet.empty());
  ASSERT_OK_AND_ASSIGN(auto all_later,
                       read->ListRecordsDue(DueKind::kDispose, "2099-12-31", 0, 10));
  EXPECT_EQ(RecordIds(all_later), ids);
  ASSERT_OK_AND_ASSIGN(auto partial, read->ListRecordsDue(DueKind::kPartial, "2025-06-30", 0, 10));
  EXPECT_EQ(RecordIds(partial), (std::vector<std::int64_t>{ids[2]}));
  ASSERT_OK_AND_ASSIGN(auto reviews, read->ListRecordsDue(DueKind::kReview, "2025-06-30", 0, 10));
  EXPECT_EQ(RecordIds(reviews), (std::vector<std::int64_t>{review_id}));
  ASSERT_OK_AND_ASSIGN(auto day_before,
                       read->ListRecordsDue(DueKind::kReview, "2025-06-29", 0, 10));
  EXPECT_TRUE(day_before.empty());

  // Keyset pagination: ids after the cursor, at most `limit` of them.
  ASSERT_OK_AND_ASSIGN(auto page1, read->ListRecordsDue(DueKind::kDispose, "2099-12-31", 0, 2));
  EXPECT_EQ(RecordIds(page1), (std::vector<std::int64_t>{ids[0], ids[1]}));
  ASSERT_OK_AND_ASSIGN(auto page2,
                       read->ListRecordsDue(DueKind::kDispose, "2099-12-31", page1.back().id, 2));
  EXPECT_EQ(RecordIds(page2), (std::vector<std::int64_t>{ids[2]}));
  ASSERT_OK_AND_ASSIGN(auto page3,
                       read->ListRecordsDue(DueKind::kDispose, "2099-12-31", ids[2], 2));
  EXPECT_TRUE(page3.empty());
  EXPECT_ERROR(read->ListRecordsDue(DueKind::kDispose, "2025-06-30", 0, 0), kInvalidArgument);
  EXPECT_ERROR(read->ListRecordsDue(DueKind::kReview, "2025-06-30", 0, -1), kInvalidArgument);
}

TEST_P(StoreConformanceTest, ListCaseAndSubjectRecordIdsInIdOrder) {
  const std::int64_t mum = CommitSubject("S-IDS-1");
  const std::int64_t child = CommitSubject("S-IDS-2");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t c1, tx->InsertCase(Case("C-IDS-1")));
  ASSERT_OK_AND_ASSIGN(const std::int64_t c2, tx->InsertCase(Case("C-IDS-2")));
  ASSERT_OK_AND_ASSIGN(const std::int64_t r1, tx->InsertRecord(Record("R-I1", c1, mum)));
  ASSERT_OK_AND_ASSIGN(const std::int64_t r2, tx->InsertRecord(Record("R-I2", c2, child)));
  ASSERT_OK_AND_ASSIGN(const std::int64_t r3,
                       tx->InsertRecord(Record("R-I3", c1, std::nullopt, "referral_form")));
  ASSERT_OK_AND_ASSIGN(const std::int64_t r4,
                       tx->InsertRecord(Record("R-I4", std::nullopt, mum, "consent_form")));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto of_c1, read->ListCaseRecordIds(c1));
  EXPECT_EQ(of_c1, (std::vector<std::int64_t>{r1, r3}));
  ASSERT_OK_AND_ASSIGN(auto of_c2, read->ListCaseRecordIds(c2));
  EXPECT_EQ(of_c2, (std::vector<std::int64_t>{r2}));
  ASSERT_OK_AND_ASSIGN(auto of_mum, read->ListSubjectRecordIds(mum));
  EXPECT_EQ(of_mum, (std::vector<std::int64_t>{r1, r4}));
  ASSERT_OK_AND_ASSIGN(auto of_child, read->ListSubjectRecordIds(child));
  EXPECT_EQ(of_child, (std::vector<std::int64_t>{r2}));
  ASSERT_OK_AND_ASSIGN(auto of_none, read->ListCaseRecordIds(c2 + 1000));
  EXPECT_TRUE(of_none.empty());
  ASSERT_OK_AND_ASSIGN(auto of_nobody, read->ListSubjectRecordIds(child + 1000));
  EXPECT_TRUE(of_nobody.empty());
}

TEST_P(StoreConformanceTest, DeleteRecordVersionsCountsAndKeepsTheRecord) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t id,
                       tx->InsertRecord(Record("R-VERS", std::nullopt, std::nullopt)));
  ASSERT_OK_AND_ASSIGN(const std::int64_t other,
                       tx->InsertRecord(Record("R-VERS-OTHER", std::nullopt, std::nullopt)));
  for (std::int64_t v = 1; v <= 3; ++v) {
    ASSERT_OK(tx->InsertRecordVersion({id, v, 10 + v, "U-1", B("old " + std::to_string(v))}));
  }
  ASSERT_OK(tx->InsertRecordVersion({other, 1, 10, "U-1", B("other old")}));
  ASSERT_OK_AND_ASSIGN(const std::int64_t deleted, tx->DeleteRecordVersions(id));
  EXPECT_EQ(deleted, 3);
  ASSERT_OK_AND_ASSIGN(const std::int64_t again, tx->DeleteRecordVersions(id));
  EXPECT_EQ(again, 0);
  ASSERT_OK_AND_ASSIGN(const std::int64_t missing, tx->DeleteRecordVersions(other + 1000));
  EXPECT_EQ(missing, 0);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto versions, read->ListRecordVersions(id));
  EXPECT_TRUE(versions.empty());
  ASSERT_OK_AND_ASSIGN(auto record, read->GetRecord(id));
  EXPECT_TRUE(record) << "the record itself stays";
  ASSERT_OK_AND_ASSIGN(auto others, read->ListRecordVersions(other));
  EXPECT_EQ(others.size(), 1u);
}

TEST_P(StoreConformanceTest, DeletedRecordLeavesNothingReferringToIt) {
  const std::int64_t subject = CommitSubject("S-GONE");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t c, tx->InsertCase(Case("C-GONE")));
  RecordRow row = Record("R-GONE", c, subject);
  row.retention_rule = "contact_6y";
  row.dispose_on = "2020-01-01";
  row.partial_on = "2019-01-01";
  row.review_on = "2018-01-01";
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, tx->InsertRecord(row));
  ASSERT_OK(tx->InsertRecordVersion({id, 1, 5, "U-1", B("old")}));
  ASSERT_OK(tx->Commit());
  auto del = Write();
  ASSERT_TRUE(del);
  ASSERT_OK(del->DeleteRecord(id));
  ASSERT_OK(del->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  for (DueKind kind : {DueKind::kDispose, DueKind::kPartial, DueKind::kReview}) {
    ASSERT_OK_AND_ASSIGN(auto due, read->ListRecordsDue(kind, "2099-12-31", 0, 10));
    EXPECT_TRUE(due.empty());
  }
  ASSERT_OK_AND_ASSIGN(auto of_case, read->ListCaseRecordIds(c));
  EXPECT_TRUE(of_case.empty());
  ASSERT_OK_AND_ASSIGN(auto of_subject, read->ListSubjectRecordIds(subject));
  EXPECT_TRUE(of_subject.empty());
  ASSERT_OK_AND_ASSIGN(auto versions, read->ListRecordVersions(id));
  EXPECT_TRUE(versions.empty());
  ASSERT_OK_AND_ASSIGN(auto attachments, read->ListAttachments(id));
  EXPECT_TRUE(attachments.empty());
}

TEST_P(StoreConformanceTest, HoldsRoundTripAndListInIdOrder) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  HoldRow first = Hold("H-1", "C-HELD");
  first.reason = Bytes{0x00, 0xFF, 0x00, 0x01};  // sealed bytes, zeros included
  HoldRow second = Hold("H-2", "S-HELD");
  second.review_on = std::nullopt;
  HoldRow third = Hold("H-3", "R-HELD");
  third.id = 999;  // ignored: the store assigns the id
  ASSERT_OK_AND_ASSIGN(first.id, tx->InsertHold(first));
  ASSERT_OK_AND_ASSIGN(second.id, tx->InsertHold(second));
  ASSERT_OK_AND_ASSIGN(third.id, tx->InsertHold(third));
  EXPECT_GT(first.id, 0);
  EXPECT_GT(second.id, first.id);
  EXPECT_GT(third.id, second.id);
  EXPECT_ERROR(tx->InsertHold(Hold("H-1", "C-OTHER")), kAlreadyExists);
  EXPECT_ERROR(tx->InsertHold(Hold("", "C-OTHER")), kInvalidArgument);
  HoldRow released = Hold("H-RELEASED", "C-OTHER");
  released.released_at = 5;
  EXPECT_ERROR(tx->InsertHold(released), kInvalidArgument);
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindHold("H-1"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->kind, "litigation");
  EXPECT_EQ(found->target, "C-HELD");
  EXPECT_EQ(found->placed_by, "U-DPO");
  EXPECT_EQ(found->placed_at, 1'700'000'000);
  EXPECT_EQ(found->review_on, "2025-01-01");
  EXPECT_EQ(found->reason, first.reason);
  EXPECT_FALSE(found->released_at);
  EXPECT_EQ(found->released_by, "");
  EXPECT_TRUE(found->release_note.empty());
  ASSERT_OK_AND_ASSIGN(auto found2, read->FindHold("H-2"));
  ASSERT_TRUE(found2);
  EXPECT_FALSE(found2->review_on);
  ASSERT_OK_AND_ASSIGN(auto missing, read->FindHold("H-NONE"));
  EXPECT_FALSE(missing);
  ASSERT_OK_AND_ASSIGN(auto all, read->ListHolds(0, 10, false));
  EXPECT_EQ(HoldIds(all), (std::vector<std::int64_t>{first.id, second.id, third.id}));
  ASSERT_OK_AND_ASSIGN(auto page1, read->ListHolds(0, 2, false));
  EXPECT_EQ(HoldIds(page1), (std::vector<std::int64_t>{first.id, second.id}));
  ASSERT_OK_AND_ASSIGN(auto page2, read->ListHolds(page1.back().id, 2, false));
  EXPECT_EQ(HoldIds(page2), (std::vector<std::int64_t>{third.id}));
  EXPECT_ERROR(read->ListHolds(0, 0, true), kInvalidArgument);
}

TEST_P(StoreConformanceTest, HoldsAreReviewedAndReleasedOnce) {
  std::vector<std::int64_t> ids;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    for (const char* target : {"C-A", "R-B", "C-A", "S-C"}) {
      ASSERT_OK_AND_ASSIGN(const std::int64_t id,
                           tx->InsertHold(Hold("H-" + std::to_string(ids.size()), target)));
      ids.push_back(id);
    }
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->SetHoldReview(ids[1], "2026-02-02"));
    ASSERT_OK(tx->ReleaseHold(ids[0], 1'800'000'000, "U-DPO", B("sealed note")));
    EXPECT_ERROR(tx->ReleaseHold(ids[0], 1'800'000'100, "U-OTHER", B("x")), kFailedPrecondition);
    EXPECT_ERROR(tx->SetHoldReview(ids[0], "2027-01-01"), kFailedPrecondition);
    EXPECT_ERROR(tx->ReleaseHold(ids.back() + 100, 1, "U-DPO", B("x")), kNotFound);
    EXPECT_ERROR(tx->SetHoldReview(ids.back() + 100, "2027-01-01"), kNotFound);
    ASSERT_OK(tx->Commit());
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto h0, read->FindHold("H-0"));
  ASSERT_TRUE(h0);
  EXPECT_EQ(h0->released_at, 1'800'000'000) << "the first release stands";
  EXPECT_EQ(h0->released_by, "U-DPO");
  EXPECT_EQ(h0->release_note, B("sealed note"));
  EXPECT_EQ(h0->review_on, "2025-01-01") << "a refused review date changes nothing";
  EXPECT_EQ(h0->reason, B("sealed reason for H-0"));
  ASSERT_OK_AND_ASSIGN(auto h1, read->FindHold("H-1"));
  ASSERT_TRUE(h1);
  EXPECT_EQ(h1->review_on, "2026-02-02");
  EXPECT_FALSE(h1->released_at);

  ASSERT_OK_AND_ASSIGN(auto active, read->ListHolds(0, 10, true));
  EXPECT_EQ(HoldIds(active), (std::vector<std::int64_t>{ids[1], ids[2], ids[3]}));
  ASSERT_OK_AND_ASSIGN(auto active_page, read->ListHolds(0, 1, true));
  EXPECT_EQ(HoldIds(active_page), (std::vector<std::int64_t>{ids[1]}));
  // Released holds are ignored; the result is in id order whatever the order of the targets,
  // and a target named twice gives its holds once.
  ASSERT_OK_AND_ASSIGN(auto on, read->ListActiveHoldsOn({"S-C", "C-A", "R-NONE", "C-A"}));
  EXPECT_EQ(HoldIds(on), (std::vector<std::int64_t>{ids[2], ids[3]}));
  ASSERT_OK_AND_ASSIGN(auto on_record, read->ListActiveHoldsOn({"R-B"}));
  EXPECT_EQ(HoldIds(on_record), (std::vector<std::int64_t>{ids[1]}));
  ASSERT_OK_AND_ASSIGN(auto on_nothing, read->ListActiveHoldsOn({}));
  EXPECT_TRUE(on_nothing.empty());
}

TEST_P(StoreConformanceTest, DisposalLogScansInSeqOrder) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < 3; ++i) {
    DisposalRow row = Disposal("R-DISP-" + std::to_string(i), 1'760'000'000 + i);
    row.seq = 500;  // ignored: the store assigns the sequence number
    ASSERT_OK_AND_ASSIGN(const std::int64_t seq, tx->InsertDisposal(row));
    seqs.push_back(seq);
  }
  DisposalRow partial = Disposal("R-DISP-P", 1'760'000'100);
  partial.action = "partial:notes,phone";
  partial.plan = "";
  ASSERT_OK_AND_ASSIGN(const std::int64_t partial_seq, tx->InsertDisposal(partial));
  EXPECT_ERROR(tx->InsertDisposal(Disposal("", 1)), kInvalidArgument);
  ASSERT_OK(tx->Commit());
  EXPECT_LT(seqs[0], seqs[1]);
  EXPECT_LT(seqs[2], partial_seq);
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto all, read->ScanDisposals(0, 10));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].seq, seqs[0]);
  EXPECT_EQ(all[0].at, 1'760'000'000);
  EXPECT_EQ(all[0].code, "R-DISP-0");
  EXPECT_EQ(all[0].record_type, "contact_note");
  EXPECT_EQ(all[0].rule, "contact_6y");
  EXPECT_EQ(all[0].due_on, "2025-06-01");
  EXPECT_EQ(all[0].action, "disposed");
  EXPECT_EQ(all[0].approved_by, "U-DPO");
  EXPECT_EQ(all[0].plan, "P-1");
  EXPECT_EQ(all[3].action, "partial:notes,phone");
  EXPECT_EQ(all[3].plan, "");
  ASSERT_OK_AND_ASSIGN(auto page, read->ScanDisposals(seqs[0], 2));
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].seq, seqs[1]);
  EXPECT_EQ(page[1].seq, seqs[2]);
  ASSERT_OK_AND_ASSIGN(auto end, read->ScanDisposals(partial_seq, 2));
  EXPECT_TRUE(end.empty());
  EXPECT_ERROR(read->ScanDisposals(0, 0), kInvalidArgument);
}

TEST_P(StoreConformanceTest, PlansAreApprovedAndCarriedOutOnce) {
  std::int64_t id = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(id, tx->InsertPlan(Plan("P-1")));
    EXPECT_ERROR(tx->InsertPlan(Plan("P-1")), kAlreadyExists);
    EXPECT_ERROR(tx->InsertPlan(Plan("")), kInvalidArgument);
    // Not approved yet.
    EXPECT_ERROR(tx->MarkPlanExecuted(id, 1'750'000'050), kFailedPrecondition);
    EXPECT_ERROR(tx->ApprovePlan(id + 100, "U-DPO", 1), kNotFound);
    EXPECT_ERROR(tx->MarkPlanExecuted(id + 100, 1), kNotFound);
    ASSERT_OK(tx->Commit());
  }
  {
    auto read = Read();
    ASSERT_TRUE(read);
    ASSERT_OK_AND_ASSIGN(auto plan, read->FindPlan("P-1"));
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->id, id);
    EXPECT_EQ(plan->as_of, "2025-06-30");
    EXPECT_EQ(plan->created_by, "U-DPO");
    EXPECT_EQ(plan->created_at, 1'750'000'000);
    EXPECT_EQ(plan->items, Plan("P-1").items);
    EXPECT_EQ(plan->item_count, 2);
    EXPECT_EQ(plan->approved_by, "");
    EXPECT_FALSE(plan->approved_at);
    EXPECT_FALSE(plan->executed_at);
    ASSERT_OK_AND_ASSIGN(auto none, read->FindPlan("P-NONE"));
    EXPECT_FALSE(none);
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->ApprovePlan(id, "U-APPROVER", 1'750'000'100));
    EXPECT_ERROR(tx->ApprovePlan(id, "U-OTHER", 1'750'000'200), kFailedPrecondition);
    ASSERT_OK(tx->MarkPlanExecuted(id, 1'750'000'300));
    EXPECT_ERROR(tx->MarkPlanExecuted(id, 1'750'000'400), kFailedPrecondition);
    ASSERT_OK(tx->Commit());
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto plan, read->FindPlan("P-1"));
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->approved_by, "U-APPROVER") << "the first approval stands";
  EXPECT_EQ(plan->approved_at, 1'750'000'100);
  EXPECT_EQ(plan->executed_at, 1'750'000'300);
}

TEST_P(StoreConformanceTest, ReadTxRefusesRetentionWrites) {
  std::int64_t record = 0;
  std::int64_t hold = 0;
  std::int64_t plan = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(record, tx->InsertRecord(Record("R-RO", std::nullopt, std::nullopt)));
    ASSERT_OK_AND_ASSIGN(hold, tx->InsertHold(Hold("H-RO", "R-RO")));
    ASSERT_OK_AND_ASSIGN(plan, tx->InsertPlan(Plan("P-RO")));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Read();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->SetRecordRetention(record, RetentionDates{"r", "2020-01-01", {}, {}, {}}),
               kFailedPrecondition);
  EXPECT_ERROR(tx->DeleteRecordVersions(record), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertHold(Hold("H-RO2", "R-RO")), kFailedPrecondition);
  EXPECT_ERROR(tx->SetHoldReview(hold, "2030-01-01"), kFailedPrecondition);
  EXPECT_ERROR(tx->ReleaseHold(hold, 1, "U-DPO", B("n")), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertDisposal(Disposal("R-RO", 1)), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertPlan(Plan("P-RO2")), kFailedPrecondition);
  EXPECT_ERROR(tx->ApprovePlan(plan, "U-DPO", 1), kFailedPrecondition);
  EXPECT_ERROR(tx->MarkPlanExecuted(plan, 1), kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(auto found, tx->FindHold("H-RO"));
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->released_at);
  EXPECT_OK(tx->Commit());
  EXPECT_ERROR(tx->ListHolds(0, 10, false), kFailedPrecondition);
}

TEST_P(StoreConformanceTest, UncommittedRetentionWritesRollBack) {
  std::int64_t record = 0;
  std::int64_t hold = 0;
  std::int64_t plan = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    RecordRow row = Record("R-KEEP", std::nullopt, std::nullopt);
    row.retention_rule = "kept";
    row.dispose_on = "2030-01-01";
    ASSERT_OK_AND_ASSIGN(record, tx->InsertRecord(row));
    ASSERT_OK(tx->InsertRecordVersion({record, 1, 5, "U-1", B("old")}));
    ASSERT_OK_AND_ASSIGN(hold, tx->InsertHold(Hold("H-KEEP", "R-KEEP")));
    ASSERT_OK_AND_ASSIGN(plan, tx->InsertPlan(Plan("P-KEEP")));
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->SetRecordRetention(record, RetentionDates{"gone", "2000-01-01", {}, {}, {}}));
    ASSERT_OK(tx->DeleteRecordVersions(record));
    ASSERT_OK(tx->InsertHold(Hold("H-GONE", "R-KEEP")));
    ASSERT_OK(tx->SetHoldReview(hold, "2040-01-01"));
    ASSERT_OK(tx->ReleaseHold(hold, 9, "U-DPO", B("n")));
    ASSERT_OK(tx->InsertDisposal(Disposal("R-KEEP", 9)));
    ASSERT_OK(tx->InsertPlan(Plan("P-GONE")));
    ASSERT_OK(tx->ApprovePlan(plan, "U-DPO", 9));
    ASSERT_OK(tx->MarkPlanExecuted(plan, 10));
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetRecord(record));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->retention_rule, "kept");
  EXPECT_EQ(got->dispose_on, "2030-01-01");
  ASSERT_OK_AND_ASSIGN(auto versions, read->ListRecordVersions(record));
  EXPECT_EQ(versions.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto holds, read->ListHolds(0, 10, false));
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].review_on, "2025-01-01");
  EXPECT_FALSE(holds[0].released_at);
  ASSERT_OK_AND_ASSIGN(auto disposals, read->ScanDisposals(0, 10));
  EXPECT_TRUE(disposals.empty());
  ASSERT_OK_AND_ASSIGN(auto gone, read->FindPlan("P-GONE"));
  EXPECT_FALSE(gone);
  ASSERT_OK_AND_ASSIGN(auto kept, read->FindPlan("P-KEEP"));
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->approved_at);
  EXPECT_FALSE(kept->executed_at);
}

}  // namespace
}  // namespace casekeep::store::testing
