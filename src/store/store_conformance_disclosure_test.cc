// The store conformance suite, part 7: the disclosure log (rows kept as written, a person's
// disclosures in id order, the DPO's list of disclosures made without consent and not yet
// reviewed, a review recorded once) and data subject requests (round trip, updates of status,
// due date and sealed state only, listing). Every test runs on every backend in
// ConformanceBackends(); the other parts are the store_conformance_*_test.cc files.
#include <gtest/gtest.h>

#include "store/testing/conformance.h"

namespace casekeep::store::testing {
namespace {

DisclosureRow Disclosure(std::string code, std::int64_t subject_id, bool without_consent) {
  DisclosureRow row;
  row.code = std::move(code);
  row.subject_id = subject_id;
  row.case_code = "C-CASE";
  row.recipient = without_consent ? "police" : "health_visiting";
  row.basis = without_consent ? "safeguarding" : "consent";
  row.consent = without_consent ? "" : "referral_sharing";
  row.without_consent = without_consent;
  row.records = "R-1 R-2";
  row.categories = "contact_details health";
  row.shared_by = "W-SHARER";
  row.approved_by = "W-MANAGER";
  row.at = 1'700'000'000;
  row.sealed = B("sealed justification of " + row.code);
  return row;
}

RequestRow Request(std::string code, std::int64_t subject_id, std::string kind) {
  RequestRow row;
  row.code = std::move(code);
  row.subject_id = subject_id;
  row.kind = std::move(kind);
  row.status = "awaiting_identity";
  row.received_on = "2026-03-02";
  row.due_on = "";
  row.created_by = "W-DPO";
  row.created_at = 1'700'000'000;
  row.updated_at = 1'700'000'000;
  row.sealed = B("sealed request " + row.code);
  return row;
}

void ExpectSameDisclosure(const DisclosureRow& got, const DisclosureRow& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.code, want.code);
  EXPECT_EQ(got.subject_id, want.subject_id);
  EXPECT_EQ(got.case_code, want.case_code);
  EXPECT_EQ(got.recipient, want.recipient);
  EXPECT_EQ(got.basis, want.basis);
  EXPECT_EQ(got.consent, want.consent);
  EXPECT_EQ(got.without_consent, want.without_consent);
  EXPECT_EQ(got.records, want.records);
  EXPECT_EQ(got.categories, want.categories);
  EXPECT_EQ(got.shared_by, want.shared_by);
  EXPECT_EQ(got.approved_by, want.approved_by);
  EXPECT_EQ(got.at, want.at);
  EXPECT_EQ(got.sealed, want.sealed);
  EXPECT_EQ(got.reviewed_at, want.reviewed_at);
  EXPECT_EQ(got.reviewed_by, want.reviewed_by);
}

void ExpectSameRequest(const RequestRow& got, const RequestRow& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.code, want.code);
  EXPECT_EQ(got.subject_id, want.subject_id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.received_on, want.received_on);
  EXPECT_EQ(got.due_on, want.due_on);
  EXPECT_EQ(got.created_by, want.created_by);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.sealed, want.sealed);
}

template <class Row>
std::vector<std::int64_t> Ids(const std::vector<Row>& rows) {
  std::vector<std::int64_t> ids;
  for (const Row& row : rows) ids.push_back(row.id);
  return ids;
}

TEST_P(StoreConformanceTest, DisclosuresRoundTripInIdOrder) {
  const std::int64_t alice = CommitSubject("S-DIS-A");
  const std::int64_t bob = CommitSubject("S-DIS-B");
  DisclosureRow first = Disclosure("D-1", alice, false);
  first.sealed = Bytes{0x00, 0xFF, 0x10, 0x00, 0x7F};  // sealed bytes, zeros included
  DisclosureRow second = Disclosure("D-2", bob, true);
  second.case_code = "";
  second.records = "";
  DisclosureRow third = Disclosure("D-3", alice, true);
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(first.id, tx->InsertDisclosure(first));
  ASSERT_OK_AND_ASSIGN(second.id, tx->InsertDisclosure(second));
  ASSERT_OK_AND_ASSIGN(third.id, tx->InsertDisclosure(third));
  EXPECT_GT(first.id, 0);
  EXPECT_GT(second.id, first.id);
  EXPECT_GT(third.id, second.id);
  ASSERT_OK_AND_ASSIGN(auto mine, tx->FindDisclosure("D-2"));  // read your own writes
  ASSERT_TRUE(mine);
  ExpectSameDisclosure(*mine, second);
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindDisclosure("D-1"));
  ASSERT_TRUE(found);
  ExpectSameDisclosure(*found, first);
  ASSERT_OK_AND_ASSIGN(auto missing, read->FindDisclosure("D-NONE"));
  EXPECT_FALSE(missing);
  ASSERT_OK_AND_ASSIGN(auto of_alice, read->ListDisclosures(alice));
  ASSERT_EQ(of_alice.size(), 2u);
  ExpectSameDisclosure(of_alice[0], first);
  ExpectSameDisclosure(of_alice[1], third);
  ASSERT_OK_AND_ASSIGN(auto of_bob, read->ListDisclosures(bob));
  EXPECT_EQ(Ids(of_bob), (std::vector<std::int64_t>{second.id}));
  ASSERT_OK_AND_ASSIGN(auto of_nobody, read->ListDisclosures(alice + bob + 100));
  EXPECT_TRUE(of_nobody.empty());
  // Keyset pagination over every disclosure, and the DPO's list.
  ASSERT_OK_AND_ASSIGN(auto page1, read->ScanDisclosures(0, 2, false));
  EXPECT_EQ(Ids(page1), (std::vector<std::int64_t>{first.id, second.id}));
  ASSERT_OK_AND_ASSIGN(auto page2, read->ScanDisclosures(page1.back().id, 2, false));
  EXPECT_EQ(Ids(page2), (std::vector<std::int64_t>{third.id}));
  ASSERT_OK_AND_ASSIGN(auto page3, read->ScanDisclosures(third.id, 2, false));
  EXPECT_TRUE(page3.empty());
  ASSERT_OK_AND_ASSIGN(auto flagged, read->ScanDisclosures(0, 10, true));
  EXPECT_EQ(Ids(flagged), (std::vector<std::int64_t>{second.id, third.id}))
      << "only disclosures made without consent are flagged";
  ASSERT_OK_AND_ASSIGN(auto flagged_page, read->ScanDisclosures(0, 1, true));
  EXPECT_EQ(Ids(flagged_page), (std::vector<std::int64_t>{second.id}));
  EXPECT_ERROR(read->ScanDisclosures(0, 0, false), kInvalidArgument);
}

TEST_P(StoreConformanceTest, InsertDisclosureRefusesBadRows) {
  const std::int64_t subject = CommitSubject("S-DIS-BAD");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->InsertDisclosure(Disclosure("D-TAKEN", subject, false)));
  EXPECT_ERROR(tx->InsertDisclosure(Disclosure("D-TAKEN", subject, true)), kAlreadyExists);
  EXPECT_ERROR(tx->InsertDisclosure(Disclosure("", subject, false)), kInvalidArgument);
  DisclosureRow no_recipient = Disclosure("D-NR", subject, false);
  no_recipient.recipient = "";
  EXPECT_ERROR(tx->InsertDisclosure(no_recipient), kInvalidArgument);
  DisclosureRow no_basis = Disclosure("D-NB", subject, false);
  no_basis.basis = "";
  EXPECT_ERROR(tx->InsertDisclosure(no_basis), kInvalidArgument);
  DisclosureRow reviewed = Disclosure("D-RV", subject, true);
  reviewed.reviewed_at = 5;
  EXPECT_ERROR(tx->InsertDisclosure(reviewed), kInvalidArgument);
  DisclosureRow reviewer = Disclosure("D-RB", subject, true);
  reviewer.reviewed_by = "W-DPO";
  EXPECT_ERROR(tx->InsertDisclosure(reviewer), kInvalidArgument);
  EXPECT_ERROR(tx->InsertDisclosure(Disclosure("D-NOBODY", subject + 100, false)),
               kFailedPrecondition);
  // The failed calls changed nothing and the transaction is still usable.
  ASSERT_OK_AND_ASSIGN(auto all, tx->ScanDisclosures(0, 10, false));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].code, "D-TAKEN");
  ASSERT_OK(tx->InsertDisclosure(Disclosure("D-AFTER", subject, false)));
  ASSERT_OK(tx->Commit());
}

TEST_P(StoreConformanceTest, DisclosureReviewIsRecordedOnce) {
  const std::int64_t subject = CommitSubject("S-DIS-REV");
  std::int64_t flagged = 0;
  std::int64_t other = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(flagged, tx->InsertDisclosure(Disclosure("D-F", subject, true)));
    ASSERT_OK_AND_ASSIGN(other, tx->InsertDisclosure(Disclosure("D-G", subject, true)));
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    EXPECT_ERROR(tx->ReviewDisclosure(flagged, 20, ""), kInvalidArgument);
    EXPECT_ERROR(tx->ReviewDisclosure(other + 100, 20, "W-DPO"), kNotFound);
    ASSERT_OK(tx->ReviewDisclosure(flagged, 20, "W-DPO"));
    EXPECT_ERROR(tx->ReviewDisclosure(flagged, 30, "W-OTHER"), kFailedPrecondition);
    ASSERT_OK(tx->Commit());
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindDisclosure("D-F"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->reviewed_at, 20) << "the first review stands";
  EXPECT_EQ(found->reviewed_by, "W-DPO");
  ASSERT_OK_AND_ASSIGN(auto unreviewed, read->ScanDisclosures(0, 10, true));
  EXPECT_EQ(Ids(unreviewed), (std::vector<std::int64_t>{other}));
  ASSERT_OK_AND_ASSIGN(auto all, read->ScanDisclosures(0, 10, false));
  EXPECT_EQ(all.size(), 2u) << "a reviewed disclosure stays in the log";
}

TEST_P(StoreConformanceTest, RequestsRoundTripAndUpdate) {
  const std::int64_t alice = CommitSubject("S-REQ-A");
  const std::int64_t bob = CommitSubject("S-REQ-B");
  RequestRow first = Request("Q-1", alice, "access");
  RequestRow second = Request("Q-2", bob, "erasure");
  RequestRow third = Request("Q-3", alice, "rectification");
  third.sealed = Bytes{0x00, 0x01, 0x00};
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(first.id, tx->InsertRequest(first));
    ASSERT_OK_AND_ASSIGN(second.id, tx->InsertRequest(second));
    ASSERT_OK_AND_ASSIGN(third.id, tx->InsertRequest(third));
    EXPECT_GT(second.id, first.id);
    EXPECT_GT(third.id, second.id);
    EXPECT_ERROR(tx->InsertRequest(Request("Q-1", bob, "access")), kAlreadyExists);
    EXPECT_ERROR(tx->InsertRequest(Request("", bob, "access")), kInvalidArgument);
    EXPECT_ERROR(tx->InsertRequest(Request("Q-NK", bob, "")), kInvalidArgument);
    RequestRow no_status = Request("Q-NS", bob, "access");
    no_status.status = "";
    EXPECT_ERROR(tx->InsertRequest(no_status), kInvalidArgument);
    EXPECT_ERROR(tx->InsertRequest(Request("Q-NOBODY", bob + 100, "access")), kFailedPrecondition);
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    RequestRow changed = first;
    changed.status = "open";
    changed.due_on = "2026-04-02";
    changed.updated_at = 1'700'000'500;
    changed.sealed = B("sealed request, identity checked");
    // Only status, due date, update time and sealed state are written.
    RequestRow attempt = changed;
    attempt.code = "Q-RENAMED";
    attempt.kind = "erasure";
    attempt.subject_id = bob;
    attempt.received_on = "2020-01-01";
    attempt.created_by = "W-OTHER";
    attempt.created_at = 1;
    ASSERT_OK(tx->UpdateRequest(attempt));
    first = changed;
    RequestRow ghost = changed;
    ghost.id = third.id + 100;
    EXPECT_ERROR(tx->UpdateRequest(ghost), kNotFound);
    RequestRow blank = changed;
    blank.status = "";
    EXPECT_ERROR(tx->UpdateRequest(blank), kInvalidArgument);
    ASSERT_OK(tx->Commit());
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto found, read->FindRequest("Q-1"));
  ASSERT_TRUE(found);
  ExpectSameRequest(*found, first);
  ASSERT_OK_AND_ASSIGN(auto renamed, read->FindRequest("Q-RENAMED"));
  EXPECT_FALSE(renamed);
  ASSERT_OK_AND_ASSIGN(auto all, read->ListRequests(0, 10));
  ASSERT_EQ(all.size(), 3u);
  ExpectSameRequest(all[0], first);
  ExpectSameRequest(all[1], second);
  ExpectSameRequest(all[2], third);
  ASSERT_OK_AND_ASSIGN(auto page, read->ListRequests(first.id, 1));
  EXPECT_EQ(Ids(page), (std::vector<std::int64_t>{second.id}));
  EXPECT_ERROR(read->ListRequests(0, 0), kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(auto of_alice, read->ListSubjectRequests(alice));
  EXPECT_EQ(Ids(of_alice), (std::vector<std::int64_t>{first.id, third.id}));
  ASSERT_OK_AND_ASSIGN(auto of_nobody, read->ListSubjectRequests(bob + 100));
  EXPECT_TRUE(of_nobody.empty());
}

TEST_P(StoreConformanceTest, ReadTxRefusesDisclosureAndRequestWrites) {
  const std::int64_t subject = CommitSubject("S-DIS-RO");
  auto tx = Read();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->InsertDisclosure(Disclosure("D-RO", subject, false)), kFailedPrecondition);
  EXPECT_ERROR(tx->ReviewDisclosure(1, 1, "W-DPO"), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertRequest(Request("Q-RO", subject, "access")), kFailedPrecondition);
  RequestRow update = Request("Q-RO", subject, "access");
  update.id = 1;
  EXPECT_ERROR(tx->UpdateRequest(update), kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(auto disclosures, tx->ListDisclosures(subject));
  EXPECT_TRUE(disclosures.empty());
  ASSERT_OK_AND_ASSIGN(auto requests, tx->ListSubjectRequests(subject));
  EXPECT_TRUE(requests.empty());
  EXPECT_OK(tx->Commit());
  EXPECT_ERROR(tx->FindDisclosure("D-RO"), kFailedPrecondition);
  EXPECT_ERROR(tx->FindRequest("Q-RO"), kFailedPrecondition);
}

TEST_P(StoreConformanceTest, UncommittedDisclosureAndRequestWritesRollBack) {
  const std::int64_t subject = CommitSubject("S-DIS-RB");
  std::int64_t flagged = 0;
  RequestRow request = Request("Q-KEPT", subject, "access");
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(flagged, tx->InsertDisclosure(Disclosure("D-KEPT", subject, true)));
    ASSERT_OK_AND_ASSIGN(request.id, tx->InsertRequest(request));
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->InsertDisclosure(Disclosure("D-GONE", subject, false)));
    ASSERT_OK(tx->ReviewDisclosure(flagged, 10, "W-DPO"));
    ASSERT_OK(tx->InsertRequest(Request("Q-GONE", subject, "erasure")));
    RequestRow changed = request;
    changed.status = "completed";
    ASSERT_OK(tx->UpdateRequest(changed));
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto gone, read->FindDisclosure("D-GONE"));
  EXPECT_FALSE(gone);
  ASSERT_OK_AND_ASSIGN(auto unreviewed, read->ScanDisclosures(0, 10, true));
  EXPECT_EQ(Ids(unreviewed), (std::vector<std::int64_t>{flagged})) << "the review rolled back";
  ASSERT_OK_AND_ASSIGN(auto requests, read->ListRequests(0, 10));
  ASSERT_EQ(requests.size(), 1u);
  ExpectSameRequest(requests[0], request);
}

}  // namespace
}  // namespace casekeep::store::testing
