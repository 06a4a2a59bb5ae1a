// Unit tests of whole-policy rules: each test adds one construct to the minimal policy and checks
// the one error it must produce (or that a correct variant produces none).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/policy.h"
#include "policy/validate.h"

namespace casekeep::policy {
namespace {

std::string Minimal() {
  std::ifstream in(std::string(CASEKEEP_SOURCE_DIR) + "/tests/policy/minimal.toml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

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
