#include "access/decision.h"

#include <gtest/gtest.h>

#include "access/fields.h"
#include "policy/policy.h"

namespace casekeep::access {
namespace {

class DecisionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p = policy::LoadPolicyFile(CASEKEEP_SOURCE_DIR "/policy/examples/contact-centre.toml");
    ASSERT_TRUE(p) << p.error().message;
    policy_ = new policy::Policy(std::move(*p));
  }
  static void TearDownTestSuite() {
    delete policy_;
    policy_ = nullptr;
  }

  static Principal User(std::vector<std::string> roles) {
    Principal p;
    p.code = "U-TEST";
    p.roles = std::move(roles);
    p.team = "north";
    p.user_id = 7;
    return p;
  }
  static Request Read(std::string type, Reach reach, std::string purpose) {
    Request r;
    r.action = Action::kRead;
    r.target.kind = ObjectKind::kRecord;
    r.target.record_type = std::move(type);
    r.target.reach = reach;
    r.purpose = std::move(purpose);
    return r;
  }
  Decision Decide(const Principal& p, const Request& r) { return access::Decide(*policy_, p, r); }

  static policy::Policy* policy_;
};
policy::Policy* DecisionTest::policy_ = nullptr;

TEST_F(DecisionTest, AssignedWorkerReadsTheirCaseForAPermittedPurpose) {
  auto d =
      Decide(User({"contact_worker"}), Read("session_report", Reach::kAssigned, "run_contact"));
  EXPECT_TRUE(d.allowed) << d.message;
  EXPECT_EQ(d.reason, "ok");
  EXPECT_TRUE(d.categories.contains("observations"));
  // Narrowed to the purpose's categories: run_contact does not use safeguarding data.
  EXPECT_FALSE(d.categories.contains("safeguarding"));
  EXPECT_FALSE(d.categories.contains("health"));
}

TEST_F(DecisionTest, EachRuleDeniesWithItsReason) {
  struct Row {
    Principal who;
    Request what;
    std::string reason;
  };
  Request team_case = Read("session_report", Reach::kTeam, "run_contact");
  Request unknown_type = Read("no_such_type", Reach::kAssigned, "run_contact");
  Request wrong_purpose = Read("attendance_record", Reach::kAssigned, "safeguarding");
  Request no_purpose = Read("session_report", Reach::kAssigned, "");
  Request bad_purpose = Read("session_report", Reach::kAssigned, "marketing_spam");
  Request erased = Read("session_report", Reach::kAssigned, "run_contact");
  erased.target.state = SubjectState::kErased;
  Request objected = erased;
  objected.target.state = SubjectState::kObjected;
  objected.target.objected_to = {"run_contact"};
  Request restricted = erased;
  restricted.target.state = SubjectState::kRestricted;
  Request no_case = Read("hr_file", Reach::kNoCase, "staff_management");
  Request glass = Read("session_report", Reach::kOutside, "run_contact");
  glass.break_glass_reason = "child missing; police asked for contact details";
  const std::vector<Row> rows = {
      {User({}), Read("session_report", Reach::kAssigned, "run_contact"), "no-role"},
      {User({"no_such_role"}), Read("session_report", Reach::kAssigned, "run_contact"), "no-role"},
      {User({"contact_worker"}), no_purpose, "purpose-required"},
      {User({"contact_worker"}), bad_purpose, "unknown-purpose"},
      {User({"contact_worker"}), erased, "erased"},
      {User({"contact_worker"}), objected, "objected"},
      {User({"contact_worker"}), restricted, "restricted"},
      {User({"contact_worker"}), unknown_type, "purpose-not-for-record-type"},
      {User({"contact_worker"}), wrong_purpose, "purpose-not-for-record-type"},
      {User({"contact_worker"}), Read("payment", Reach::kAssigned, "payments"),
       "purpose-not-in-role"},
      {User({"volunteer"}), Read("session_report", Reach::kAssigned, "run_contact"),
       "record-type-not-in-role"},
      {User({"analyst"}), Read("session_report", Reach::kAssigned, "run_contact"),
       "purpose-not-in-role"},
      {User({"contact_worker"}), team_case, "out-of-scope"},
      {User({"contact_worker"}), glass, "break-glass-not-allowed"},
      {User({"contact_worker"}), no_case, "purpose-not-in-role"},
  };
  for (const auto& row : rows) {
    auto d = Decide(row.who, row.what);
    EXPECT_FALSE(d.allowed) << row.reason;
    EXPECT_EQ(d.reason, row.reason) << d.message;
    EXPECT_FALSE(d.message.empty());
    EXPECT_TRUE(d.categories.empty());
  }
}

TEST_F(DecisionTest, ScopesReachTheirCases) {
  const Request assigned = Read("session_report", Reach::kAssigned, "run_contact");
  Request team = assigned;
  team.target.reach = Reach::kTeam;
  Request outside = assigned;
  outside.target.reach = Reach::kOutside;
  EXPECT_TRUE(Decide(User({"centre_manager"}), team).allowed);
  EXPECT_FALSE(Decide(User({"centre_manager"}), outside).allowed);
  EXPECT_TRUE(
      Decide(User({"dpo"}), Read("session_report", Reach::kOutside, "safeguarding")).allowed);
  EXPECT_TRUE(
      Decide(User({"hr_finance"}), Read("hr_file", Reach::kNoCase, "staff_management")).allowed);
  EXPECT_FALSE(Decide(User({"contact_worker"}), outside).allowed);
}

TEST_F(DecisionTest, BreakGlassOpensOutsideScopeAndIsFlagged) {
  Request r = Read("session_report", Reach::kOutside, "run_contact");
  EXPECT_EQ(Decide(User({"centre_manager"}), r).reason, "out-of-scope");
  r.break_glass_reason = "child missing; police asked for contact details";
  auto d = Decide(User({"centre_manager"}), r);
  EXPECT_TRUE(d.allowed);
  EXPECT_TRUE(d.break_glass);
  EXPECT_EQ(d.reason, "break-glass");
  // Within scope a reason changes nothing: no flag.
  r.target.reach = Reach::kTeam;
  d = Decide(User({"centre_manager"}), r);
  EXPECT_TRUE(d.allowed);
  EXPECT_FALSE(d.break_glass);
}

TEST_F(DecisionTest, RestrictedDataOnlyForLegalObligationsAndNeverChanged) {
  Request r = Read("accident_record", Reach::kOutside, "staff_legal_duties");
  r.target.state = SubjectState::kRestricted;
  EXPECT_TRUE(Decide(User({"hr_finance"}), r).allowed);
  r.action = Action::kWrite;
  EXPECT_EQ(Decide(User({"hr_finance"}), r).reason, "restricted");
  r = Read("session_report", Reach::kTeam, "safeguarding");
  r.target.state = SubjectState::kRestricted;
  EXPECT_EQ(Decide(User({"centre_manager"}), r).reason, "restricted");
}

TEST_F(DecisionTest, ObjectionStopsLegitimateInterestsOnly) {
  Request r = Read("session_report", Reach::kTeam, "safeguarding");
  r.target.state = SubjectState::kObjected;
  r.target.objected_to = {"*"};
  EXPECT_TRUE(Decide(User({"centre_manager"}), r).allowed);
  r.purpose = "run_contact";
  EXPECT_EQ(Decide(User({"centre_manager"}), r).reason, "objected");
}

TEST_F(DecisionTest, ObjectionStopsOnlyThePurposeObjectedTo) {
  Request r = Read("session_report", Reach::kTeam, "run_contact");
  r.target.state = SubjectState::kObjected;
  r.target.objected_to = {"evaluation"};
  EXPECT_TRUE(Decide(User({"centre_manager"}), r).allowed) << "objected to another purpose";
  r.target.objected_to = {"evaluation", "run_contact"};
  const Decision d = Decide(User({"centre_manager"}), r);
  EXPECT_EQ(d.reason, "objected");
  EXPECT_NE(d.message.find("'run_contact'"), std::string::npos) << d.message;
}

TEST_F(DecisionTest, RolesWithoutCategoriesReadNothing) {
  policy::Policy p = *policy_;
  for (auto& role : p.roles) {
    if (role.id == "analyst" || role.id == "admin") role.purposes.push_back("run_contact");
  }
  const Request r = Read("session_report", Reach::kAssigned, "run_contact");
  // The policy checker gives anonymised roles no read or write lists, so they read nothing.
  EXPECT_EQ(access::Decide(p, User({"analyst"}), r).reason, "no-category");
  EXPECT_EQ(access::Decide(p, User({"admin"}), r).reason, "no-category");
}

TEST_F(DecisionTest, WritesUseTheWriteList) {
  Request r = Read("attendance_record", Reach::kAssigned, "run_contact");
  r.action = Action::kWrite;
  auto d = Decide(User({"volunteer"}), r);
  ASSERT_TRUE(d.allowed);
  EXPECT_EQ(d.categories, (std::set<std::string>{"attendance"}));
}

TEST_F(DecisionTest, SeveralRolesUnionTheirCategories) {
  auto d = Decide(User({"volunteer", "contact_worker"}),
                  Read("attendance_record", Reach::kAssigned, "run_contact"));
  ASSERT_TRUE(d.allowed);
  EXPECT_TRUE(d.categories.contains("observations"));
}

TEST_F(DecisionTest, LocalAdminActsWithoutPurposeButNotOnErasedData) {
  Request r = Read("session_report", Reach::kNoCase, "");
  EXPECT_EQ(Decide(LocalAdmin(), r).reason, "local-admin");
  r.target.state = SubjectState::kErased;
  EXPECT_EQ(Decide(LocalAdmin(), r).reason, "erased");
}

TEST_F(DecisionTest, CapabilitiesComeFromRoles) {
  EXPECT_TRUE(HasCapability(*policy_, User({"dpo"}), policy::Capability::kViewAudit));
  EXPECT_FALSE(HasCapability(*policy_, User({"contact_worker"}), policy::Capability::kViewAudit));
  EXPECT_TRUE(HasCapability(*policy_, LocalAdmin(), policy::Capability::kManageUsers));
  EXPECT_TRUE(NeedsSecondFactor(*policy_, User({"volunteer", "dpo"})));
  EXPECT_FALSE(NeedsSecondFactor(*policy_, User({"volunteer"})));
}

TEST(FieldsTest, UnreadableFieldsAreAbsentAndUnwritableOnesNamed) {
  std::vector<policy::Field> schema(2);
  schema[0].id = "name";
  schema[0].category = "identity";
  schema[1].id = "diagnosis";
  schema[1].category = "health";
  nlohmann::json fields = {{"name", "Ann"}, {"diagnosis", "x"}, {"stray", 1}};
  auto visible = VisibleFields(schema, fields, {"identity"});
  EXPECT_EQ(visible, (nlohmann::json{{"name", "Ann"}}));
  EXPECT_FALSE(visible.contains("diagnosis"));
  EXPECT_EQ(FirstUnwritableField(schema, {{"name", "B"}}, {"identity"}), std::nullopt);
  EXPECT_EQ(FirstUnwritableField(schema, {{"diagnosis", "y"}}, {"identity"}), "diagnosis");
  EXPECT_EQ(FirstUnwritableField(schema, {{"stray", 1}}, {"identity"}), std::nullopt);
}

}  // namespace
}  // namespace casekeep::access

namespace casekeep::access {
namespace {

// Consent (UK GDPR Art 6(1)(a) and 9(2)(a)): the contact centre records medical needs only with
// the explicit consent `medical_needs`.
TEST_F(DecisionTest, ConsentBasedPurposeNeedsConsentInForce) {
  const Principal worker = User({"contact_worker"});
  Request r = Read("pre_visit_form", Reach::kAssigned, "medical_needs");
  auto d = Decide(worker, r);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "no-consent");

  r.target.consented = {"medical_needs"};
  r.target.explicitly_consented = {"medical_needs"};
  d = Decide(worker, r);
  EXPECT_TRUE(d.allowed) << d.message;
  EXPECT_TRUE(d.categories.contains("health"));

  // Consent to something else does not count.
  r.target.consented = {"surveys"};
  r.target.explicitly_consented = {"surveys"};
  EXPECT_EQ(Decide(worker, r).reason, "no-consent");

  // Nor does the local administrator escape it when declaring the purpose.
  r.target.consented.clear();
  r.target.explicitly_consented.clear();
  EXPECT_EQ(access::Decide(*policy_, LocalAdmin(), r).reason, "no-consent");
  r.purpose.clear();
  EXPECT_TRUE(access::Decide(*policy_, LocalAdmin(), r).allowed);
}

TEST_F(DecisionTest, SpecialCategoryUnderConsentNeedsExplicitConsent) {
  Request r = Read("pre_visit_form", Reach::kAssigned, "medical_needs");
  r.target.consented = {"medical_needs"};  // given, but not explicitly
  auto d = Decide(User({"contact_worker"}), r);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "explicit-consent-required");
}

TEST_F(DecisionTest, ARecordKeptAfterErasureIsReadOnlyForALegalObligation) {
  Request r = Read("payment", Reach::kTeam, "accounts");
  r.target.state = SubjectState::kErased;
  EXPECT_TRUE(Decide(User({"hr_finance"}), r).allowed) << "accounts is a legal obligation";
  r.purpose = "payments";
  EXPECT_EQ(Decide(User({"hr_finance"}), r).reason, "erased") << "payments is a contract";
  r.purpose = "accounts";
  r.action = Action::kWrite;
  EXPECT_EQ(Decide(User({"hr_finance"}), r).reason, "erased");
  r.action = Action::kRead;
  r.target.kind = ObjectKind::kSubject;
  EXPECT_EQ(Decide(User({"hr_finance"}), r).reason, "erased") << "the person's own fields";
}

TEST_F(DecisionTest, RecordingConsentIsNotBlockedByTheConsentRules) {
  Request r = Read("pre_visit_form", Reach::kAssigned, "medical_needs");
  r.action = Action::kWrite;
  r.target.kind = ObjectKind::kSubject;
  r.consent_change = true;
  EXPECT_TRUE(Decide(User({"contact_worker"}), r).allowed);
  // Every other rule still applies.
  r.target.state = SubjectState::kErased;
  EXPECT_EQ(Decide(User({"contact_worker"}), r).reason, "erased");
}

TEST_F(DecisionTest, OtherPurposesNeedNoConsentWhenTheCategoryDeclaresAnotherCondition) {
  // Offence information is held for safeguarding and legal claims: no consent involved.
  auto d = Decide(User({"contact_worker"}), Read("referral", Reach::kAssigned, "run_contact"));
  EXPECT_TRUE(d.allowed) << d.message;
  EXPECT_TRUE(d.categories.contains("offence_information"));
  EXPECT_FALSE(NeedsConsentFacts(*policy_, "run_contact"));
  EXPECT_TRUE(NeedsConsentFacts(*policy_, "medical_needs"));
  EXPECT_FALSE(NeedsConsentFacts(*policy_, "no_such_purpose"));
}

TEST_F(DecisionTest, SpecialCategoryWhoseOnlyConditionIsExplicitConsentIsWithheldWithoutIt) {
  policy::Policy strict = *policy_;
  for (auto& c : strict.categories) {
    if (c.id == "health") c.conditions = {policy::Article9Condition::kExplicitConsent};
  }
  Request r = Read("safeguarding_concern", Reach::kAssigned, "safeguarding");
  auto d = access::Decide(strict, User({"contact_worker"}), r);
  ASSERT_TRUE(d.allowed) << d.message;
  EXPECT_FALSE(d.categories.contains("health"));
  EXPECT_TRUE(d.categories.contains("safeguarding"));
  EXPECT_TRUE(NeedsConsentFacts(strict, "safeguarding"));

  r.target.consented = {"safeguarding"};
  r.target.explicitly_consented = {"safeguarding"};
  d = access::Decide(strict, User({"contact_worker"}), r);
  ASSERT_TRUE(d.allowed) << d.message;
  EXPECT_TRUE(d.categories.contains("health"));
}

}  // namespace
}  // namespace casekeep::access
