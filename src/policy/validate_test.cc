// Unit tests of whole-policy rules: each test adds one construct to the minimal policy and checks
// the one error it must produce (or that a correct variant produces none).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/policy.h"
#include "policy/validate.h"

namespace casekeep::policy {
namespace {

// A file of the source tree, e.g. "tests/policy/minimal.toml".
std::string SourceText(const std::string& path) {
  std::ifstream in(std::string(CASEKEEP_SOURCE_DIR) + "/" + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Minimal() { return SourceText("tests/policy/minimal.toml"); }

// Errors of the minimal policy plus `extra`, as messages.
std::vector<std::string> Errors(const std::string& extra) {
  std::vector<std::string> out;
  for (const auto& d : ParsePolicy(Minimal() + "\n" + extra).errors) out.push_back(d.message);
  return out;
}

::testing::AssertionResult HasOneError(const std::vector<std::string>& errors,
                                       const std::string& needle) {
  if (errors.size() != 1) {
    auto r = ::testing::AssertionFailure() << errors.size() << " errors:";
    for (const auto& e : errors) r << "\n  " << e;
    return r;
  }
  if (errors[0].find(needle) == std::string::npos) {
    return ::testing::AssertionFailure() << "'" << errors[0] << "' lacks '" << needle << "'";
  }
  return ::testing::AssertionSuccess();
}

const char* kReferral = R"(
[[case_flags]]
id = "court_order"
label = "Court order"

[[case_flags]]
id = "cafcass"
label = "Cafcass involvement"

[[record_types]]
id = "referral"
label = "Referral"
subject_kinds = ["parent"]

[[record_types.fields]]
id = "form"
type = "attachment"
category = "identity"

[[record_types.fields]]
id = "outcome"
type = "enum"
category = "identity"
values = ["accepted", "declined"]
)";

TEST(ValidateTest, ExclusiveFlagConditionsAreNotAmbiguous) {
  EXPECT_TRUE(Errors(std::string(kReferral) + R"(
[[retention]]
id = "self_referrals"
record_types = ["referral"]
from = "record_created"
period = "1y"
[retention.when]
no_flag = ["court_order", "cafcass"]

[[retention]]
id = "court_referrals"
record_types = ["referral"]
from = "record_created"
period = "3y"
[retention.when]
any_flag = ["court_order", "cafcass"]
)").empty());
}

TEST(ValidateTest, OverlappingConditionsAreAmbiguous) {
  EXPECT_TRUE(HasOneError(Errors(std::string(kReferral) + R"(
[[retention]]
id = "self_referrals"
record_types = ["referral"]
from = "record_created"
period = "1y"
[retention.when]
no_flag = ["court_order"]

[[retention]]
id = "court_referrals"
record_types = ["referral"]
from = "record_created"
period = "3y"
[retention.when]
any_flag = ["court_order", "cafcass"]
)"),
                          "can both apply to a record of type 'referral'"));
}

TEST(ValidateTest, PriorityResolvesOverlap) {
  EXPECT_TRUE(Errors(std::string(kReferral) + R"(
[[retention]]
id = "all_referrals"
record_types = ["referral"]
from = "record_created"
period = "1y"

[[retention]]
id = "declined"
record_types = ["referral"]
from = "record_created"
period = "6m"
priority = 1
[retention.when]
fields = { outcome = "declined" }
)").empty());
}

TEST(ValidateTest, ConditionOnUnknownEnumValue) {
  EXPECT_TRUE(HasOneError(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "record_created"
period = "1y"
[retention.when]
fields = { outcome = "maybe" }
)"),
                          "'maybe' is not one of its values"));
}

TEST(ValidateTest, PartialRetentionNamesExistingShorterFields) {
  EXPECT_TRUE(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "record_created"
period = "1y"
[[retention.partial]]
fields = ["form"]
period = "6m"
)").empty());
  EXPECT_TRUE(HasOneError(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "record_created"
period = "1y"
[[retention.partial]]
fields = ["scan"]
period = "6m"
)"),
                          "partial retention field 'scan'"));
  EXPECT_TRUE(HasOneError(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "record_created"
period = "1y"
[[retention.partial]]
fields = ["form"]
period = "2y"
)"),
                          "not less than the whole record"));
}

TEST(ValidateTest, FieldTrigger) {
  EXPECT_TRUE(HasOneError(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "field"
period = "1y"
)"),
                          "name it in 'from_field'"));
  EXPECT_TRUE(HasOneError(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "field"
from_field = "outcome"
period = "1y"
)"),
                          "must be a date or datetime field"));
}

TEST(ValidateTest, DateOfBirthTriggerNeedsTheField) {
  EXPECT_TRUE(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "date_of_birth"
period = "25y"
)").empty());
  EXPECT_TRUE(HasOneError(Errors(R"(
[[subject_kinds]]
id = "child"
label = "Children"

[[record_types]]
id = "report"
label = "Report"
subject_kinds = ["child"]

[[retention]]
id = "r"
record_types = ["report"]
from = "date_of_birth"
period = "25y"
)"),
                          "subject kind 'child' has no 'date_of_birth' field"));
}

TEST(ValidateTest, IndefiniteNeedsReviewAndNoPeriod) {
  EXPECT_TRUE(Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "record_created"
indefinite = true
review = "1y"
)").empty());
  auto errors = Errors(std::string(kReferral) + R"(
[[retention]]
id = "r"
record_types = ["referral"]
from = "record_created"
indefinite = true
period = "1y"
review = "1y"
)");
  EXPECT_TRUE(HasOneError(errors, "choose one"));
}

TEST(ValidateTest, ConsentPurposesAndExplicitConsent) {
  // The minimal policy's health category relies on explicit consent; a non-explicit consent
  // statement does not satisfy it.
  std::string text = Minimal();
  text.replace(text.find("explicit = true"), 15, "explicit = false");
  auto o = ParsePolicy(text);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].message.find("relies on explicit consent"), std::string::npos);
}

TEST(ValidateTest, TransfersNeedSafeguards) {
  EXPECT_TRUE(HasOneError(Errors(R"(
[[processors]]
id = "host"
name = "Host Inc."
purpose = "Hosting"
country = "usa"
)"),
                          "two-letter ISO 3166 code"));
  EXPECT_TRUE(Errors(R"(
[[processors]]
id = "host"
name = "Host Inc."
purpose = "Hosting"
country = "US"
transfer_safeguard = "UK International Data Transfer Addendum"
)").empty());
  EXPECT_TRUE(HasOneError(Errors(R"(
[[recipients]]
id = "abroad"
name = "Partner abroad"
bases = ["consent"]
country = "FR"
)"),
                          "transfer safeguard"));
}

TEST(ValidateTest, SharingWithoutConsentNeedsAnotherBasis) {
  EXPECT_TRUE(HasOneError(Errors(R"(
[[recipients]]
id = "police"
name = "Police"
bases = ["consent"]
without_consent_roles = ["adviser"]
)"),
                          "its only basis is consent"));
}

TEST(ValidateTest, LookupOnlyOnSearchableTypes) {
  EXPECT_TRUE(HasOneError(Errors(R"(
[[record_types]]
id = "chat"
label = "Chat"

[[record_types.fields]]
id = "transcript"
type = "text"
category = "identity"
lookup = true

[[retention]]
id = "chat"
record_types = ["chat"]
from = "record_created"
period = "3y"
)"),
                          "cannot have a blind index"));
}

TEST(OverlapTest, Dimensions) {
  using internal::ConditionsCanOverlap;
  Condition a, b;
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
  a.services = {"supported"};
  b.services = {"supervised"};
  EXPECT_FALSE(ConditionsCanOverlap(a, b));
  b.services = {"supported", "supervised"};
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
  a = {};
  b = {};
  a.all_flags = {"court_order"};
  b.no_flag = {"court_order"};
  EXPECT_FALSE(ConditionsCanOverlap(a, b));
  EXPECT_FALSE(ConditionsCanOverlap(b, a));
  a = {};
  a.referral_source = {"self"};
  b = {};
  b.referral_source = {"court"};
  EXPECT_FALSE(ConditionsCanOverlap(a, b));
}

}  // namespace
}  // namespace casekeep::policy

namespace casekeep::policy {
namespace {

TEST(ValidateTest, ReviewOnlyForIndefinite) {
  EXPECT_TRUE(HasOneError(Errors(R"(
[[record_types]]
id = "letter"
label = "Letter"

[[retention]]
id = "letters"
record_types = ["letter"]
from = "record_created"
period = "1y"
review = "1y"
)"),
                          "sets 'review' but is not indefinite"));
}

TEST(ValidateTest, CaseTriggersNeedCaseRecords) {
  EXPECT_TRUE(HasOneError(Errors(R"(
[[record_types]]
id = "hr_file"
label = "HR file"
case_record = false

[[retention]]
id = "hr"
record_types = ["hr_file"]
from = "case_closed"
period = "6y"
)"),
                          "is kept on a person, not a case"));
}

TEST(ValidateTest, ExplicitConsentCannotBeImplied) {
  EXPECT_TRUE(HasOneError(Errors(R"(
[[consents]]
id = "implied_health"
text = "By using the service you agree."
purposes = ["support"]
explicit = true
methods = ["implied"]
)"),
                          "cannot be given by the \"implied\" method"));
}

}  // namespace
}  // namespace casekeep::policy

namespace casekeep::policy {
namespace {

const char* kStaff = R"(
[[subject_kinds]]
id = "staff"
label = "Staff"

[[subject_kinds.fields]]
id = "employment_ended"
type = "date"
category = "identity"

[[subject_kinds]]
id = "volunteer"
label = "Volunteers"

[[record_types]]
id = "hr_file"
label = "HR file"
case_record = false
)";

TEST(ValidateTest, EmploymentEndedTriggerNeedsTheField) {
  const std::string rule = R"(
[[retention]]
id = "hr"
record_types = ["hr_file"]
from = "employment_ended"
period = "6y"
)";
  EXPECT_TRUE(Errors(std::string(kStaff) + "subject_kinds = [\"staff\"]\n" + rule).empty());
  EXPECT_TRUE(HasOneError(
      Errors(std::string(kStaff) + "subject_kinds = [\"staff\", \"volunteer\"]\n" + rule),
      "counts from the end of employment, but subject kind 'volunteer' has "
      "no 'employment_ended' field"));
  EXPECT_TRUE(HasOneError(Errors(std::string(kStaff) + rule),
                          "counts from the end of employment, so record type 'hr_file' must "
                          "name its 'subject_kinds'"));
}

TEST(ValidateTest, EmploymentEndedMustBeADate) {
  EXPECT_TRUE(HasOneError(Errors(R"(
[[subject_kinds]]
id = "staff"
label = "Staff"

[[subject_kinds.fields]]
id = "employment_ended"
type = "string"
category = "identity"
)"),
                          "field 'employment_ended' of subject kind 'staff' must be of type "
                          "\"date\""));
}

TEST(SettingsTest, FinancialYearEnd) {
  auto plain = ParsePolicy(Minimal());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain.policy.settings.financial_year_end.month, 3);
  EXPECT_EQ(plain.policy.settings.financial_year_end.day, 31);
  auto tax = ParsePolicy(Minimal() + "\n[settings]\nfinancial_year_end = \"04-05\"\n");
  ASSERT_TRUE(tax.ok());
  EXPECT_EQ(tax.policy.settings.financial_year_end.month, 4);
  EXPECT_EQ(tax.policy.settings.financial_year_end.day, 5);
  EXPECT_TRUE(Errors("[settings]\nfinancial_year_end = \"12-31\"\n").empty());
  EXPECT_TRUE(Errors("[settings]\nfinancial_year_end = \"02-28\"\n").empty());
  const std::pair<const char*, const char*> bad[] = {
      {"02-30", "February has 28 days"},
      {"02-29", "February has 28 days except in leap years"},
      {"04-31", "April has 30 days"},
      {"13-01", "there is no month 13"},
      {"00-10", "there is no month 0"},
      {"03-00", "March has 31 days"},
      {"3-31", "is not a day of the year written MM-DD"},
      {"03/31", "is not a day of the year written MM-DD"},
      {"2025-03-31", "is not a day of the year written MM-DD"},
  };
  for (const auto& [text, message] : bad) {
    EXPECT_TRUE(HasOneError(
        Errors("[settings]\nfinancial_year_end = \"" + std::string(text) + "\"\n"), message))
        << text;
  }
}

// Each exclusion docs/policy.md lists ("Priority and ambiguity"), and near misses that overlap.
TEST(OverlapTest, EveryDocumentedExclusion) {
  using internal::ConditionsCanOverlap;
  Condition a, b;
  // Every flag of one rule's any_flag is in the other's no_flag; one flag left over overlaps.
  a.any_flag = {"court_order", "cafcass"};
  b.no_flag = {"cafcass", "court_order", "safeguarding"};
  EXPECT_FALSE(ConditionsCanOverlap(a, b));
  EXPECT_FALSE(ConditionsCanOverlap(b, a));
  b.no_flag = {"court_order"};
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
  // all_flags against no_flag, in both directions.
  a = {};
  b = {};
  a.all_flags = {"court_order", "cafcass"};
  b.no_flag = {"cafcass"};
  EXPECT_FALSE(ConditionsCanOverlap(a, b));
  EXPECT_FALSE(ConditionsCanOverlap(b, a));
  b.no_flag = {"safeguarding"};
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
  // The same field with different values; the same value, or a field on one side only, overlap.
  a = {};
  b = {};
  a.field_equals = {{"outcome", "accepted"}};
  b.field_equals = {{"outcome", "declined"}};
  EXPECT_FALSE(ConditionsCanOverlap(a, b));
  b.field_equals = {{"outcome", "accepted"}, {"paid", "true"}};
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
  b.field_equals = {{"paid", "true"}};
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
  // services or referral sources listed on one side only do not exclude.
  a = {};
  b = {};
  a.services = {"supported"};
  b.referral_source = {"court"};
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
  // any_flag against any_flag never excludes: a case can have both.
  a = {};
  b = {};
  a.any_flag = {"court_order"};
  b.any_flag = {"safeguarding"};
  EXPECT_TRUE(ConditionsCanOverlap(a, b));
}

std::string Example(const std::string& name) {
  return SourceText("policy/examples/" + name + ".toml");
}

// `text` with the first `from` after `anchor` replaced by `to`.
std::string ReplaceAfter(std::string text, const std::string& anchor, const std::string& from,
                         const std::string& to) {
  const auto at = text.find(from, text.find(anchor));
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string> ErrorsOf(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& d : ParsePolicy(text).errors) out.push_back(d.message);
  return out;
}

// Editing an example so that two rules can apply at the same priority is refused.
TEST(ValidateTest, ExampleEditedIntoAmbiguityIsRefused) {
  const std::string centre = Example("contact-centre");
  EXPECT_TRUE(ErrorsOf(centre).empty());
  // Safeguarding down to priority 0: overlaps both contact rules.
  auto errors = ErrorsOf(
      ReplaceAfter(centre, "id = \"contact_safeguarding\"", "priority = 10", "priority = 0"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("'contact_with_court' (line"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("'contact_self_referred' (line"), std::string::npos) << errors[1];
  // Multi-year finance down to priority 0: overlaps the general finance rule.
  EXPECT_TRUE(HasOneError(
      ErrorsOf(ReplaceAfter(centre, "id = \"finance_multi_year\"", "priority = 1", "priority = 0")),
      "'finance' (line"));
  // The self-referral rule forbidding only one of the court rule's flags.
  EXPECT_TRUE(HasOneError(
      ErrorsOf(ReplaceAfter(centre, "id = \"contact_self_referred\"",
                            "no_flag = [\"court_order\", \"cafcass\"]", "no_flag = [\"cafcass\"]")),
      "'contact_with_court' (line"));
  // Parental leave: the disability rule at the same priority as the general one.
  EXPECT_TRUE(HasOneError(ErrorsOf(ReplaceAfter(centre, "id = \"parental_leave_disability\"",
                                                "priority = 1", "priority = 0")),
                          "can both apply to a record of type 'parental_leave'"));
  const std::string chat = Example("parenting-chat");
  EXPECT_TRUE(ErrorsOf(chat).empty());
  // Serious safeguarding down to priority 0: overlaps the rule of each of its three types.
  errors = ErrorsOf(
      ReplaceAfter(chat, "id = \"serious_safeguarding\"", "priority = 10", "priority = 0"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].find("'case_system' (line"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("'chat_login' (line"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("'safeguarding_concerns' can both apply"), std::string::npos)
      << errors[2];
}

}  // namespace
}  // namespace casekeep::policy
