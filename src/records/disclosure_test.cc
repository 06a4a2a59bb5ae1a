// Tests for the disclosure log and share packages in a real data folder with the
// family-services policy: "partner_agencies" receives basic_details, circumstances, health and
// case_notes (not an assessment's contact_history, offending_history or information from others)
// on consent ("partner_sharing", purpose partner_referral) or safeguarding, without
// consent only from a service_manager or the dpo; "funders" receives anonymised data only.
// Single-threaded.
#include "records/disclosure.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/data_folder.h"
#include "records/service.h"

namespace casekeep::records {
namespace {

namespace fs = std::filesystem;

// Cheap Argon2id for tests (the format is the same at any cost).
constexpr PackageCost kTestCost{1, 8192};

class DisclosureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "casekeep-disclosure-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    InitOptions init;
    init.dir = dir_ + "/data";
    init.policy_path = std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/family-services.toml";
    ASSERT_TRUE(InitDataFolder(init, clock_));
    auto folder = DataFolder::Open(init.dir, clock_);
    ASSERT_TRUE(folder) << folder.error().message;
    folder_ = std::move(*folder);

    auto c =
        records().OpenCase(Actor{}, NewCase{"parenting_support", "self", "2025-05-01", {}, {}});
    ASSERT_TRUE(c) << c.error().message;
    case_ = c->code;
    auto s = records().AddSubject(
        Actor{},
        NewSubject{
            "client", {{"name", "Anna Smith"}, {"email", "anna@example.org"}}, case_, "parent"});
    ASSERT_TRUE(s) << s.error().message;
    subject_ = s->code;
    NewRecord r;
    r.type = "assessment";
    r.case_code = case_;
    r.subject_code = subject_;
    r.fields = {{"assessed_on", "2025-05-20"},
                {"circumstances", "Anna asked for help with housing."},
                {"offending_history", "A caution in 2019."},
                {"family_members", "Her sister says she is struggling."}};
    auto rec = records().AddRecord(Actor{}, r);
    ASSERT_TRUE(rec) << rec.error().message;
    record_ = rec->code;

    practitioner_ = AddUser("prac", {"practitioner"});
    manager_ = AddUser("mgr", {"service_manager"});
    dpo_ = AddUser("dpo", {"dpo"});
    auto tx = folder_->store().Begin();
    ASSERT_TRUE(tx);
    auto kase = (*tx)->FindCase(case_);
    ASSERT_TRUE(kase && *kase);
    ASSERT_TRUE((*tx)->InsertAssignment({(**kase).id, practitioner_.user_id, 1}));
    ASSERT_TRUE((*tx)->InsertAssignment({(**kase).id, manager_.user_id, 1}));
    ASSERT_TRUE((*tx)->Commit());
  }
  void TearDown() override {
    folder_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  access::Principal AddUser(const std::string& name, std::vector<std::string> roles) {
    store::UserRow u;
    u.code = *crypto::GenerateCode(crypto::kUserCodePrefix);
    u.username = name;
    u.display_name = name;
    u.team = "north";
    u.roles = roles;
    u.password_hash = "x";
    auto tx = folder_->store().Begin();
    auto id = (*tx)->InsertUser(u);
    EXPECT_TRUE(id);
    EXPECT_TRUE((*tx)->Commit());
    access::Principal p;
    p.code = u.code;
    p.roles = std::move(roles);
    p.team = "north";
    p.user_id = id.value_or(0);
    return p;
  }

  RecordsService& records() { return folder_->records(); }

  NewDisclosure Referral() {
    NewDisclosure d;
    d.subject = subject_;
    d.case_code = case_;
    d.recipient = "partner_agencies";
    d.basis = "consent";
    d.consent = "partner_sharing";
    d.approved_by = manager_.code;
    return d;
  }
  NewDisclosure Safeguarding() {
    NewDisclosure d;
    d.subject = subject_;
    d.case_code = case_;
    d.recipient = "partner_agencies";
    d.basis = "safeguarding";
    d.records = {record_};
    d.justification = "Risk of harm to the child reported on 20 May.";
    return d;
  }
  Status GiveConsent() {
    NewConsent c;
    c.subject = subject_;
    c.consent = "partner_sharing";
    c.method = "written";
    auto given = records().GiveConsent(Actor{}, c);
    if (!given) return std::unexpected(given.error());
    return {};
  }
  std::size_t LogSize() {
    auto tx = folder_->store().BeginRead();
    auto rows = (*tx)->ScanDisclosures(0, 100, false);
    return rows ? rows->size() : 999;
  }
  std::string LastAuditAction() {
    auto tx = folder_->store().BeginRead();
    auto last = (*tx)->LastAudit();
    return *last ? (**last).action + ":" + (**last).outcome : "";
  }

  FixedClock clock_{1'748'779'200};  // 2025-06-01
  std::string dir_;
  std::unique_ptr<DataFolder> folder_;
  std::string case_;
  std::string subject_;
  std::string record_;
  access::Principal practitioner_;
  access::Principal manager_;
  access::Principal dpo_;
};

TEST_F(DisclosureTest, ConsentReferralIsRefusedWithoutConsentAndLoggedWithIt) {
  const Actor prac = Actor::User(practitioner_, "partner_referral");
  auto refused = records().Share(prac, Referral());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().message;
  EXPECT_EQ(LogSize(), 0u);
  EXPECT_EQ(LastAuditAction(), "disclosure.create:denied");

  ASSERT_TRUE(GiveConsent());
  auto shared = records().Share(prac, Referral());
  ASSERT_TRUE(shared) << shared.error().message;
  const DisclosureView& d = shared->disclosure;
  EXPECT_EQ(d.code.front(), 'D');
  EXPECT_EQ(d.recipient, "partner_agencies");
  EXPECT_EQ(d.basis, "consent");
  EXPECT_EQ(d.consent, "partner_sharing");
  EXPECT_FALSE(d.without_consent);
  EXPECT_EQ(d.shared_by, practitioner_.code);
  EXPECT_EQ(d.approved_by, manager_.code);
  EXPECT_TRUE(d.records.empty()) << "the person's own details only";
  EXPECT_EQ(d.at, clock_.NowUnixSeconds());
  EXPECT_EQ(LogSize(), 1u);
  EXPECT_EQ(LastAuditAction(), "disclosure.create:ok");

  auto log = records().ListDisclosuresOf(prac, subject_);
  ASSERT_TRUE(log) << log.error().message;
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].code, d.code);
  auto to_tell = records().RecipientsToNotify(subject_);
  ASSERT_TRUE(to_tell);
  EXPECT_EQ(*to_tell, std::vector<std::string>{"partner_agencies"});
  // Consent-based shares are not flagged.
  auto flagged = records().FlaggedDisclosures(Actor::User(dpo_, "legal"), "", 100);
  ASSERT_TRUE(flagged) << flagged.error().message;
  EXPECT_TRUE(flagged->empty());
}

TEST_F(DisclosureTest, ConsentMustServeTheDeclaredPurpose) {
  ASSERT_TRUE(GiveConsent());
  auto wrong = records().Share(Actor::User(practitioner_, "service_delivery"), Referral());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(LogSize(), 0u);
}

TEST_F(DisclosureTest, ApprovalIsRequired) {
  ASSERT_TRUE(GiveConsent());
  NewDisclosure d = Referral();
  d.approved_by = "";
  auto unapproved = records().Share(Actor::User(practitioner_, "partner_referral"), d);
  ASSERT_FALSE(unapproved);
  EXPECT_EQ(unapproved.error().code, ErrorCode::kPermissionDenied);
  d.approved_by = practitioner_.code;  // cannot approve their own
  EXPECT_FALSE(records().Share(Actor::User(practitioner_, "partner_referral"), d));
  EXPECT_EQ(LogSize(), 0u);
}

TEST_F(DisclosureTest, SafeguardingWithoutConsentOnlyForListedRolesAndFlagged) {
  auto by_practitioner =
      records().Share(Actor::User(practitioner_, "safeguarding"), Safeguarding());
  ASSERT_FALSE(by_practitioner);
  EXPECT_EQ(by_practitioner.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(LogSize(), 0u);

  const Actor mgr = Actor::User(manager_, "safeguarding");
  auto shared = records().Share(mgr, Safeguarding());
  ASSERT_TRUE(shared) << shared.error().message;
  EXPECT_TRUE(shared->disclosure.without_consent);
  EXPECT_EQ(shared->disclosure.approved_by, manager_.code);
  EXPECT_EQ(shared->disclosure.justification, "Risk of harm to the child reported on 20 May.");

  // The DPO sees it flagged and reviews it; the sharer cannot review their own.
  const Actor dpo = Actor::User(dpo_, "legal");
  auto flagged = records().FlaggedDisclosures(dpo, "", 100);
  ASSERT_TRUE(flagged) << flagged.error().message;
  ASSERT_EQ(flagged->size(), 1u);
  EXPECT_EQ((*flagged)[0].code, shared->disclosure.code);
  auto own = records().ReviewDisclosure(mgr, shared->disclosure.code);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::kPermissionDenied);
  auto reviewed = records().ReviewDisclosure(dpo, shared->disclosure.code);
  ASSERT_TRUE(reviewed) << reviewed.error().message;
  EXPECT_EQ(reviewed->reviewed_by, dpo_.code);
  auto again = records().ReviewDisclosure(dpo, shared->disclosure.code);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  flagged = records().FlaggedDisclosures(dpo, "", 100);
  ASSERT_TRUE(flagged);
  EXPECT_TRUE(flagged->empty());
  // Someone without approve_disclosures or manage_requests does not see the list.
  auto hidden = records().FlaggedDisclosures(Actor::User(practitioner_, "safeguarding"), "", 10);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(DisclosureTest, RefusedSharesChangeNothing) {
  ASSERT_TRUE(GiveConsent());
  const Actor mgr = Actor::User(manager_, "safeguarding");
  NewDisclosure unknown = Safeguarding();
  unknown.recipient = "the_press";
  NewDisclosure wrong_basis = Safeguarding();
  wrong_basis.basis = "legal_obligation";
  NewDisclosure no_reason = Safeguarding();
  no_reason.justification = "   ";
  NewDisclosure anonymised = Safeguarding();
  anonymised.recipient = "funders";
  anonymised.basis = "contract";
  NewDisclosure bad_category = Safeguarding();
  bad_category.categories = {"offending_history"};
  for (const NewDisclosure& d : {unknown, wrong_basis, no_reason, anonymised, bad_category}) {
    auto r = records().Share(mgr, d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
  }
  EXPECT_EQ(LogSize(), 0u);

  ASSERT_TRUE(records().SetProcessingState(Actor{}, subject_, true, false));
  auto restricted = records().Share(mgr, Safeguarding());
  ASSERT_FALSE(restricted);
  EXPECT_EQ(restricted.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(LogSize(), 0u);
  auto to_tell = records().RecipientsToNotify(subject_);
  ASSERT_TRUE(to_tell);
  EXPECT_TRUE(to_tell->empty());
}

TEST_F(DisclosureTest, PackageHoldsOnlyPermittedFields) {
  auto shared = records().Share(Actor::User(manager_, "safeguarding"), Safeguarding());
  ASSERT_TRUE(shared) << shared.error().message;
  const auto& person = shared->person["fields"];
  EXPECT_EQ(person.value("name", ""), "Anna Smith");
  EXPECT_EQ(person.value("email", ""), "anna@example.org");
  ASSERT_EQ(shared->records.size(), 1u);
  const auto& fields = shared->records[0]["fields"];
  EXPECT_EQ(fields.value("circumstances", ""), "Anna asked for help with housing.");
  EXPECT_FALSE(fields.contains("assessed_on")) << "contact_history is not shared with them";
  EXPECT_FALSE(fields.contains("offending_history"));
  EXPECT_FALSE(fields.contains("family_members"));
  EXPECT_EQ(shared->disclosure.categories,
            (std::vector<std::string>{"basic_details", "case_notes", "circumstances", "health"}))
      << "the shared categories the sharer may read";

  // A narrower request sends less.
  NewDisclosure narrow = Safeguarding();
  narrow.categories = {"circumstances"};
  auto less = records().Share(Actor::User(manager_, "safeguarding"), narrow);
  ASSERT_TRUE(less) << less.error().message;
  EXPECT_TRUE(less->person["fields"].empty());
  EXPECT_EQ(less->records[0]["fields"].size(), 1u);

  const auto& policy = records().policy();
  const auto json = PackageJson(*shared, policy);
  EXPECT_EQ(json["format"], "casekeep-share-1");
  EXPECT_EQ(json["disclosure"]["code"], shared->disclosure.code);
  EXPECT_FALSE(json.dump().find("sister") != std::string::npos);
  const std::string html = PackageHtml(*shared, policy);
  EXPECT_NE(html.find("Anna asked for help with housing."), std::string::npos);
  EXPECT_EQ(html.find("sister"), std::string::npos);
  EXPECT_EQ(html.find("caution"), std::string::npos);
}

TEST_F(DisclosureTest, EncryptedPackageOpensOnlyWithItsPassphraseAndUntouched) {
  const std::vector<std::pair<std::string, std::string>> files{{"D-1.json", "{\"a\":1}"},
                                                               {"D-1.html", "<p>hello</p>"}};
  const std::string pass = "correct horse battery";
  auto sealed = SealPackage(files, crypto::AsBytes(pass), kTestCost);
  ASSERT_TRUE(sealed) << sealed.error().message;
  auto opened = OpenPackage(*sealed, crypto::AsBytes(pass));
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(*opened, files);

  auto wrong = OpenPackage(*sealed, crypto::AsBytes(std::string("wrong horse battery")));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kDataLoss);
  for (std::size_t at :
       {std::size_t{10}, std::size_t{30}, sealed->size() / 2, sealed->size() - 1}) {
    store::Bytes tampered = *sealed;
    tampered[at] ^= 0x01;
    EXPECT_FALSE(OpenPackage(tampered, crypto::AsBytes(pass))) << "byte " << at;
  }
  store::Bytes cut(sealed->begin(), sealed->end() - 20);
  EXPECT_FALSE(OpenPackage(cut, crypto::AsBytes(pass)));
  EXPECT_FALSE(OpenPackage(store::Bytes{1, 2, 3}, crypto::AsBytes(pass)));
  EXPECT_FALSE(SealPackage(files, crypto::AsBytes(std::string("short")), kTestCost));
  EXPECT_FALSE(SealPackage({{"../evil", "x"}}, crypto::AsBytes(pass), kTestCost));
}

}  // namespace
}  // namespace casekeep::records
