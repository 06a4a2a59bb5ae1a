// The store conformance suite, part 6: consent (texts kept once under their hash, the consent
// ledger and marketing preferences in id order, the suppression list, cookie consents by device
// and their removal by age). Every test runs on every backend in ConformanceBackends(); the
// other parts are the store_conformance_*_test.cc files.
#include <gtest/gtest.h>

#include "store/testing/conformance.h"

namespace casekeep::store::testing {
namespace {

Bytes Hash(std::uint8_t fill) {
  return Bytes(32, fill);
}

TextRow Text(std::uint8_t fill, std::string text) {
  return TextRow{Hash(fill), "consent", std::move(text), 1'700'000'000};
}

ConsentRow Consent(std::int64_t subject_id, std::string consent, std::string event,
                   std::int64_t at) {
  ConsentRow row;
  row.subject_id = subject_id;
  row.consent = std::move(consent);
  row.event = std::move(event);
  row.at = at;
  row.recorded_at = at + 60;
  row.method = "online_form";
  row.recorded_by = "U-STAFF";
  if (row.event == "given") {
    row.explicit_consent = true;
    row.notice_hash = Hash(0x11);
    row.wording_hash = Hash(0x22);
  }
  return row;
}

MarketingRow Marketing(std::int64_t subject_id, std::string channel, bool opted_in,
                       std::int64_t at) {
  return MarketingRow{0, subject_id, std::move(channel), opted_in, "online_form", at, "U-STAFF"};
}

CookieConsentRow Cookie(std::uint8_t device, std::int64_t at) {
  return CookieConsentRow{0, Hash(device), at, Hash(0x11), "analytics=0 preferences=1 session=1"};
}

std::vector<std::int64_t> ConsentIds(const std::vector<ConsentRow>& rows) {
  std::vector<std::int64_t> ids;
  for (const ConsentRow& row : rows) ids.push_back(row.id);
  return ids;
}

TEST_P(StoreConformanceTest, TextsAreKeptOnceUnderTheirHash) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->PutText(Text(0x01, "I agree to be contacted about the parenting course.")));
  TextRow notice{Hash(0x02), "notice", "Privacy notice\n\nWho we are: ...\n", 1'700'000'500};
  ASSERT_OK(tx->PutText(notice));
  // The same hash again is a no-op: the first text stays.
  ASSERT_OK(tx->PutText(Text(0x01, "other words")));
  EXPECT_ERROR(tx->PutText(TextRow{Bytes(31, 0x03), "notice", "short hash", 1}), kInvalidArgument);
  EXPECT_ERROR(tx->PutText(TextRow{Bytes{}, "notice", "no hash", 1}), kInvalidArgument);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto wording, read->GetText(Hash(0x01)));
  ASSERT_TRUE(wording);
  EXPECT_EQ(wording->hash, Hash(0x01));
  EXPECT_EQ(wording->kind, "consent");
  EXPECT_EQ(wording->text, "I agree to be contacted about the parenting course.");
  EXPECT_EQ(wording->created_at, 1'700'000'000);
  ASSERT_OK_AND_ASSIGN(auto got_notice, read->GetText(Hash(0x02)));
  ASSERT_TRUE(got_notice);
  EXPECT_EQ(got_notice->kind, "notice");
  EXPECT_EQ(got_notice->text, notice.text);
  ASSERT_OK_AND_ASSIGN(auto missing, read->GetText(Hash(0x03)));
  EXPECT_FALSE(missing);
}

TEST_P(StoreConformanceTest, ConsentLedgerRoundTripInIdOrder) {
  const std::int64_t mum = CommitSubject("S-CON-1");
  const std::int64_t child = CommitSubject("S-CON-2");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ConsentRow given = Consent(mum, "newsletter", "given", 1'700'000'000);
  given.id = 999;                                // ignored: the store assigns the id
  given.sealed = Bytes{0x00, 0xFF, 0x00, 0x42};  // sealed bytes, zeros included
  given.evidence_attachment = "A-FORM";
  ConsentRow for_child = Consent(child, "photos", "given", 1'700'000'100);
  for_child.given_by = "S-CON-1";
  for_child.method = "verbal";
  for_child.explicit_consent = false;
  ConsentRow withdrawn = Consent(mum, "newsletter", "withdrawn", 1'700'000'200);
  withdrawn.method = "unsubscribe_link";
  withdrawn.recorded_by = "unsubscribe-link";
  ASSERT_OK_AND_ASSIGN(given.id, tx->InsertConsent(given));
  ASSERT_OK_AND_ASSIGN(for_child.id, tx->InsertConsent(for_child));
  ASSERT_OK_AND_ASSIGN(withdrawn.id, tx->InsertConsent(withdrawn));
  EXPECT_NE(given.id, 999);
  EXPECT_LT(given.id, for_child.id);
  EXPECT_LT(for_child.id, withdrawn.id);
  EXPECT_ERROR(tx->InsertConsent(Consent(child + 1000, "newsletter", "given", 1)),
               kFailedPrecondition);
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto ledger, read->ListConsents(mum));
  EXPECT_EQ(ConsentIds(ledger), (std::vector<std::int64_t>{given.id, withdrawn.id}));
  ASSERT_EQ(ledger.size(), 2u);
  const ConsentRow& got = ledger[0];
  EXPECT_EQ(got.subject_id, mum);
  EXPECT_EQ(got.consent, "newsletter");
  EXPECT_EQ(got.event, "given");
  EXPECT_EQ(got.at, 1'700'000'000);
  EXPECT_EQ(got.recorded_at, 1'700'000'060);
  EXPECT_EQ(got.method, "online_form");
  EXPECT_TRUE(got.explicit_consent);
  EXPECT_EQ(got.notice_hash, Hash(0x11));
  EXPECT_EQ(got.wording_hash, Hash(0x22));
  EXPECT_EQ(got.recorded_by, "U-STAFF");
  EXPECT_EQ(got.given_by, "");
  EXPECT_EQ(got.evidence_attachment, "A-FORM");
  EXPECT_EQ(got.sealed, given.sealed);
  const ConsentRow& gone = ledger[1];
  EXPECT_EQ(gone.event, "withdrawn");
  EXPECT_EQ(gone.method, "unsubscribe_link");
  EXPECT_FALSE(gone.explicit_consent);
  EXPECT_TRUE(gone.notice_hash.empty());
  EXPECT_TRUE(gone.wording_hash.empty());
  EXPECT_TRUE(gone.sealed.empty());
  ASSERT_OK_AND_ASSIGN(auto child_ledger, read->ListConsents(child));
  ASSERT_EQ(child_ledger.size(), 1u);
  EXPECT_EQ(child_ledger[0].given_by, "S-CON-1");
  EXPECT_FALSE(child_ledger[0].explicit_consent);
  ASSERT_OK_AND_ASSIGN(auto nobody, read->ListConsents(child + 1000));
  EXPECT_TRUE(nobody.empty());

  // ScanConsents pages over everyone's entries in id order.
  ASSERT_OK_AND_ASSIGN(auto page1, read->ScanConsents(0, 2));
  EXPECT_EQ(ConsentIds(page1), (std::vector<std::int64_t>{given.id, for_child.id}));
  ASSERT_OK_AND_ASSIGN(auto page2, read->ScanConsents(page1.back().id, 2));
  EXPECT_EQ(ConsentIds(page2), (std::vector<std::int64_t>{withdrawn.id}));
  ASSERT_OK_AND_ASSIGN(auto page3, read->ScanConsents(withdrawn.id, 2));
  EXPECT_TRUE(page3.empty());
  EXPECT_ERROR(read->ScanConsents(0, 0), kInvalidArgument);
}

TEST_P(StoreConformanceTest, MarketingPreferencesInIdOrder) {
  const std::int64_t mum = CommitSubject("S-MKT-1");
  const std::int64_t dad = CommitSubject("S-MKT-2");
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t first,
                       tx->InsertMarketing(Marketing(mum, "email", true, 100)));
  ASSERT_OK_AND_ASSIGN(const std::int64_t other,
                       tx->InsertMarketing(Marketing(dad, "post", true, 150)));
  MarketingRow out = Marketing(mum, "email", false, 200);
  out.source = "unsubscribe_link";
  out.recorded_by = "unsubscribe-link";
  ASSERT_OK_AND_ASSIGN(const std::int64_t second, tx->InsertMarketing(out));
  EXPECT_LT(first, other);
  EXPECT_LT(other, second);
  EXPECT_ERROR(tx->InsertMarketing(Marketing(dad + 1000, "sms", true, 1)), kFailedPrecondition);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto changes, read->ListMarketing(mum));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].id, first);
  EXPECT_EQ(changes[0].subject_id, mum);
  EXPECT_EQ(changes[0].channel, "email");
  EXPECT_TRUE(changes[0].opted_in);
  EXPECT_EQ(changes[0].source, "online_form");
  EXPECT_EQ(changes[0].at, 100);
  EXPECT_EQ(changes[0].recorded_by, "U-STAFF");
  EXPECT_EQ(changes[1].id, second);
  EXPECT_FALSE(changes[1].opted_in);
  EXPECT_EQ(changes[1].source, "unsubscribe_link");
  EXPECT_EQ(changes[1].recorded_by, "unsubscribe-link");
  ASSERT_OK_AND_ASSIGN(auto dads, read->ListMarketing(dad));
  ASSERT_EQ(dads.size(), 1u);
  EXPECT_EQ(dads[0].channel, "post");
  ASSERT_OK_AND_ASSIGN(auto nobody, read->ListMarketing(dad + 1000));
  EXPECT_TRUE(nobody.empty());
}

TEST_P(StoreConformanceTest, SuppressionIsIdempotentPerChannel) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->InsertSuppression(SuppressionRow{"email", Hash(0xA1), 100, "unsubscribed"}));
  ASSERT_OK(tx->InsertSuppression(SuppressionRow{"email", Hash(0xA1), 200, "staff"}));
  ASSERT_OK(tx->InsertSuppression(SuppressionRow{"sms", Hash(0xA2), 300, "withdrawn"}));
  EXPECT_ERROR(tx->InsertSuppression(SuppressionRow{"email", Bytes{}, 1, "staff"}),
               kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(const bool own, tx->IsSuppressed("email", Hash(0xA1)));
  EXPECT_TRUE(own);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(const bool email, read->IsSuppressed("email", Hash(0xA1)));
  EXPECT_TRUE(email);
  ASSERT_OK_AND_ASSIGN(const bool sms, read->IsSuppressed("sms", Hash(0xA2)));
  EXPECT_TRUE(sms);
  ASSERT_OK_AND_ASSIGN(const bool other_channel, read->IsSuppressed("sms", Hash(0xA1)));
  EXPECT_FALSE(other_channel) << "a suppression is per channel";
  ASSERT_OK_AND_ASSIGN(const bool other_hash, read->IsSuppressed("email", Hash(0xA3)));
  EXPECT_FALSE(other_hash);
}

TEST_P(StoreConformanceTest, CookieConsentsByDeviceAndRemovedByAge) {
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(const std::int64_t old1, tx->InsertCookieConsent(Cookie(0x01, 100)));
  ASSERT_OK_AND_ASSIGN(const std::int64_t other, tx->InsertCookieConsent(Cookie(0x02, 150)));
  CookieConsentRow changed = Cookie(0x01, 200);
  changed.id = 999;  // ignored: the store assigns the id
  changed.choices = "analytics=1 preferences=1 session=1";
  ASSERT_OK_AND_ASSIGN(const std::int64_t newer, tx->InsertCookieConsent(changed));
  ASSERT_OK_AND_ASSIGN(const std::int64_t newest, tx->InsertCookieConsent(Cookie(0x01, 300)));
  EXPECT_ERROR(tx->InsertCookieConsent(CookieConsentRow{0, Bytes{}, 1, Hash(0x11), "x"}),
               kInvalidArgument);
  ASSERT_OK(tx->Commit());
  EXPECT_LT(old1, other);
  EXPECT_LT(other, newer);
  EXPECT_NE(newer, 999);
  {
    auto read = Read();
    ASSERT_TRUE(read);
    ASSERT_OK_AND_ASSIGN(auto device, read->ListCookieConsents(Hash(0x01)));
    ASSERT_EQ(device.size(), 3u);
    EXPECT_EQ(device[0].id, old1);
    EXPECT_EQ(device[1].id, newer);
    EXPECT_EQ(device[2].id, newest);
    EXPECT_EQ(device[1].device_hash, Hash(0x01));
    EXPECT_EQ(device[1].at, 200);
    EXPECT_EQ(device[1].notice_hash, Hash(0x11));
    EXPECT_EQ(device[1].choices, "analytics=1 preferences=1 session=1");
    ASSERT_OK_AND_ASSIGN(auto unknown, read->ListCookieConsents(Hash(0x09)));
    EXPECT_TRUE(unknown.empty());
  }
  auto del = Write();
  ASSERT_TRUE(del);
  // Strictly before: a choice made at `before` stays.
  ASSERT_OK_AND_ASSIGN(const std::int64_t removed, del->DeleteCookieConsentsBefore(200));
  EXPECT_EQ(removed, 2);
  ASSERT_OK_AND_ASSIGN(const std::int64_t again, del->DeleteCookieConsentsBefore(200));
  EXPECT_EQ(again, 0);
  ASSERT_OK(del->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto device, read->ListCookieConsents(Hash(0x01)));
  ASSERT_EQ(device.size(), 2u);
  EXPECT_EQ(device[0].id, newer);
  EXPECT_EQ(device[1].id, newest);
  ASSERT_OK_AND_ASSIGN(auto gone, read->ListCookieConsents(Hash(0x02)));
  EXPECT_TRUE(gone.empty());
}

TEST_P(StoreConformanceTest, ReadTxRefusesConsentWrites) {
  const std::int64_t subject = CommitSubject("S-CON-RO");
  auto tx = Read();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->PutText(Text(0x01, "words")), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertConsent(Consent(subject, "newsletter", "given", 1)), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertMarketing(Marketing(subject, "email", true, 1)), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertSuppression(SuppressionRow{"email", Hash(0xA1), 1, "staff"}),
               kFailedPrecondition);
  EXPECT_ERROR(tx->InsertCookieConsent(Cookie(0x01, 1)), kFailedPrecondition);
  EXPECT_ERROR(tx->DeleteCookieConsentsBefore(100), kFailedPrecondition);
  ASSERT_OK_AND_ASSIGN(auto ledger, tx->ListConsents(subject));
  EXPECT_TRUE(ledger.empty());
  EXPECT_OK(tx->Commit());
  EXPECT_ERROR(tx->ListConsents(subject), kFailedPrecondition);
}

TEST_P(StoreConformanceTest, UncommittedConsentWritesRollBack) {
  const std::int64_t subject = CommitSubject("S-CON-RB");
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->InsertCookieConsent(Cookie(0x05, 10)));
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->PutText(Text(0x01, "words")));
    ASSERT_OK(tx->InsertConsent(Consent(subject, "newsletter", "given", 1)));
    ASSERT_OK(tx->InsertMarketing(Marketing(subject, "email", true, 1)));
    ASSERT_OK(tx->InsertSuppression(SuppressionRow{"email", Hash(0xA1), 1, "staff"}));
    ASSERT_OK(tx->InsertCookieConsent(Cookie(0x01, 1)));
    ASSERT_OK_AND_ASSIGN(const std::int64_t removed, tx->DeleteCookieConsentsBefore(100));
    EXPECT_EQ(removed, 2);
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto text, read->GetText(Hash(0x01)));
  EXPECT_FALSE(text);
  ASSERT_OK_AND_ASSIGN(auto ledger, read->ListConsents(subject));
  EXPECT_TRUE(ledger.empty());
  ASSERT_OK_AND_ASSIGN(auto scanned, read->ScanConsents(0, 10));
  EXPECT_TRUE(scanned.empty());
  ASSERT_OK_AND_ASSIGN(auto marketing, read->ListMarketing(subject));
  EXPECT_TRUE(marketing.empty());
  ASSERT_OK_AND_ASSIGN(const bool suppressed, read->IsSuppressed("email", Hash(0xA1)));
  EXPECT_FALSE(suppressed);
  ASSERT_OK_AND_ASSIGN(auto device, read->ListCookieConsents(Hash(0x01)));
  EXPECT_TRUE(device.empty());
  ASSERT_OK_AND_ASSIGN(auto kept, read->ListCookieConsents(Hash(0x05)));
  EXPECT_EQ(kept.size(), 1u) << "the removal rolled back too";
}

}  // namespace
}  // namespace casekeep::store::testing
