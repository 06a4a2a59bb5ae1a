// Tests of the retention engine. The table below gives, for each of the five example policies,
// records under every rule and every condition of that policy, with the dates worked out by hand
// from the rule's text (docs/retention.md shows the arithmetic). A further policy built on
// tests/policy/minimal.toml covers what no example uses: transfer_complete, referral_source,
// all_flags, an enum field and another financial year end.
#include "retention/engine.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "policy/policy.h"

namespace casekeep {

// Dates in failure messages as YYYY-MM-DD.
void PrintTo(const Date& date, std::ostream* os) {
  *os << date.ToString();
}

namespace retention {
namespace {

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kCustomExtra = R"(
[[case_flags]]
id = "court_order"
label = "Court order"

[[case_flags]]
id = "cafcass"
label = "Cafcass involvement"

[[referral_sources]]
id = "court"
label = "Family court"

[[referral_sources]]
id = "self"
label = "Self-referral"

[[record_types]]
id = "invoice"
label = "Invoice"
subject_kinds = ["parent"]

[[record_types.fields]]
id = "status"
type = "enum"
category = "identity"
values = ["paid", "unpaid"]

[[retention]]
id = "transferred"
record_types = ["call_note"]
from = "transfer_complete"
period = "1y"
priority = 5
  [retention.when]
  referral_source = ["court"]
  all_flags = ["court_order", "cafcass"]

[[retention]]
id = "invoices"
record_types = ["invoice"]
from = "financial_year_end"
period = "6y"

[[retention]]
id = "unpaid_invoices"
record_types = ["invoice"]
from = "record_created"
period = "2y"
priority = 1
  [retention.when]
  fields = { status = "unpaid" }

[settings]
financial_year_end = "04-05"
)";

// The example policy `name` ("contact-centre"), or "custom": minimal.toml plus kCustomExtra.
const policy::Policy& Load(const std::string& name) {
  static std::map<std::string, policy::Policy> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  const std::string dir = std::string(CASEKEEP_SOURCE_DIR);
  const std::string text = name == "custom"
                               ? ReadText(dir + "/tests/policy/minimal.toml") + kCustomExtra
                               : ReadText(dir + "/policy/examples/" + name + ".toml");
  auto outcome = policy::ParsePolicy(text);
  for (const auto& e : outcome.errors) ADD_FAILURE() << name << ": " << e.message;
  return cache.emplace(name, std::move(outcome.policy)).first->second;
}

Date D(const char* text) {
  auto d = Date::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Date());
}

// Builds RecordFacts in a row: F("referral", "2023-05-10").Service("x").Closed("2025-01-31").
struct F {
  RecordFacts f;
  F(const char* type, const char* created) {
    f.type = type;
    f.created = D(created);
  }
  F& Service(const char* s) {
    f.service = s;
    return *this;
  }
  F& Flags(std::vector<std::string> v) {
    f.flags = std::move(v);
    return *this;
  }
  F& Referral(const char* s) {
    f.referral_source = s;
    return *this;
  }
  F& NoCase() {
    f.case_record = false;
    return *this;
  }
  F& Opened(const char* d) {
    f.case_opened = D(d);
    return *this;
  }
  F& Closed(const char* d) {
    f.case_closed = D(d);
    return *this;
  }
  F& LastContact(const char* d) {
    f.last_contact = D(d);
    return *this;
  }
  F& Transfer(const char* d) {
    f.transfer_complete = D(d);
    return *this;
  }
  F& Born(const char* d) {
    f.date_of_birth = D(d);
    return *this;
  }
  F& Left(const char* d) {
    f.employment_ended = D(d);
    return *this;
  }
  F& RelatesTo(const char* d) {
    f.financial_year_of = D(d);
    return *this;
  }
  F& Reviewed(const char* d) {
    f.last_review = D(d);
    return *this;
  }
  F& Field(const char* id, const char* value) {
    f.fields[id] = value;
    return *this;
  }
};

struct PartialDate {
  std::vector<std::string> fields;
  const char* on;
};

struct Row {
  const char* policy;
  const char* what;
  F facts;
  const char* rule;  // "" when no rule applies
  Status status;
  const char* trigger = "";  // "" when not known
  const char* dispose = "";
  const char* review = "";
  std::vector<PartialDate> partial = {};
};

const std::vector<Row>& Rows() {
  using S = Status;
  static const std::vector<Row> rows = {
      // contact-centre ----------------------------------------------------------------------
      {"contact-centre", "court order, closed on 31 Jan: + 3y",
       F("referral", "2023-05-10")
           .Service("supported_contact")
           .Flags({"court_order"})
           .Closed("2025-01-31"),
       "contact_with_court", S::kDispose, "2025-01-31", "2028-01-31"},
      {"contact-centre", "Cafcass, closed on 29 Feb: + 3y clamps to 28 Feb",
       F("attendance_record", "2023-11-02")
           .Service("supervised_contact")
           .Flags({"cafcass"})
           .Closed("2024-02-29"),
       "contact_with_court", S::kDispose, "2024-02-29", "2027-02-28"},
      {"contact-centre", "both flags, closed on 31 Aug",
       F("case_note", "2024-01-15")
           .Service("supervised_contact")
           .Flags({"la_funded", "cafcass", "court_order"})
           .Closed("2025-08-31"),
       "contact_with_court", S::kDispose, "2025-08-31", "2028-08-31"},
      {"contact-centre", "self-referred, closed on 29 Feb: + 1y = 28 Feb 2025",
       F("pre_visit_form", "2023-09-01").Service("supported_contact").Closed("2024-02-29"),
       "contact_self_referred", S::kDispose, "2024-02-29", "2025-02-28"},
      {"contact-centre", "self-referred with another flag, closed on 31 Aug",
       F("case_note", "2024-10-01")
           .Service("supervised_contact")
           .Flags({"la_funded"})
           .Closed("2025-08-31"),
       "contact_self_referred", S::kDispose, "2025-08-31", "2026-08-31"},
      {"contact-centre", "case still open: trigger unknown",
       F("referral", "2025-02-01").Service("supported_contact").Opened("2025-02-01"),
       "contact_self_referred", S::kTriggerUnknown},
      {"contact-centre", "safeguarding outranks the court rule",
       F("referral", "2023-05-10")
           .Service("supervised_contact")
           .Flags({"court_order", "safeguarding"})
           .Closed("2025-01-31"),
       "contact_safeguarding", S::kReview, "2025-01-31", "", "2026-01-31"},
      {"contact-centre", "safeguarding outranks the self-referral rule; 29 Feb + 1y",
       F("attendance_record", "2023-05-10")
           .Service("supported_contact")
           .Flags({"safeguarding"})
           .Closed("2024-02-29"),
       "contact_safeguarding", S::kReview, "2024-02-29", "", "2025-02-28"},
      {"contact-centre", "safeguarding, reviewed before: next review a year after the last",
       F("case_note", "2023-05-10")
           .Service("supported_contact")
           .Flags({"safeguarding"})
           .Closed("2025-01-31")
           .Reviewed("2026-02-03"),
       "contact_safeguarding", S::kReview, "2025-01-31", "", "2027-02-03"},
      {"contact-centre", "safeguarding, case open: trigger unknown",
       F("pre_visit_form", "2025-03-01").Service("supported_contact").Flags({"safeguarding"}),
       "contact_safeguarding", S::kTriggerUnknown},
      {"contact-centre", "session report created on 31 Aug",
       F("session_report", "2024-08-31").Service("supervised_contact"), "supervised_reports",
       S::kReview, "2024-08-31", "", "2025-08-31"},
      {"contact-centre", "session report reviewed on 2 Sep 2025",
       F("session_report", "2024-08-31").Service("supervised_contact").Reviewed("2025-09-02"),
       "supervised_reports", S::kReview, "2024-08-31", "", "2026-09-02"},
      {"contact-centre", "safeguarding concern",
       F("safeguarding_concern", "2025-01-31").Service("supported_contact"),
       "safeguarding_and_accidents", S::kReview, "2025-01-31", "", "2026-01-31"},
      {"contact-centre", "accident on 29 Feb",
       F("accident_record", "2024-02-29").Service("supervised_contact"),
       "safeguarding_and_accidents", S::kReview, "2024-02-29", "", "2025-02-28"},
      {"contact-centre", "feedback created on 29 Feb: + 1y",
       F("feedback_form", "2024-02-29").Service("supported_contact"), "feedback", S::kDispose,
       "2024-02-29", "2025-02-28"},
      {"contact-centre", "payment of 31 Mar 2025: year ends that day",
       F("payment", "2025-04-02")
           .Service("supported_contact")
           .RelatesTo("2025-03-31")
           .Field("spans_several_years", "false"),
       "finance", S::kDispose, "2025-03-31", "2031-03-31"},
      {"contact-centre", "payment of 1 Apr 2025: year ends 31 Mar 2026",
       F("payment", "2025-04-01").Service("supported_contact").RelatesTo("2025-04-01"), "finance",
       S::kDispose, "2026-03-31", "2032-03-31"},
      {"contact-centre", "payroll created 29 Feb 2024, no date of its own",
       F("payroll_record", "2024-02-29").NoCase(), "finance", S::kDispose, "2024-03-31",
       "2030-03-31"},
      {"contact-centre", "payment over several years",
       F("payment", "2024-06-01")
           .Service("supervised_contact")
           .RelatesTo("2024-06-01")
           .Field("spans_several_years", "true")
           .Field("last_period_end", "2026-03-31"),
       "finance_multi_year", S::kDispose, "2026-03-31", "2032-03-31"},
      {"contact-centre", "payroll over several years, end not yet entered",
       F("payroll_record", "2024-06-01").NoCase().Field("spans_several_years", "true"),
       "finance_multi_year", S::kTriggerUnknown},
      {"contact-centre", "left on 31 Jan 2025",
       F("hr_file", "2019-03-04").NoCase().Left("2025-01-31"), "hr_files", S::kDispose,
       "2025-01-31", "2031-01-31"},
      {"contact-centre", "still employed: trigger unknown", F("hr_file", "2019-03-04").NoCase(),
       "hr_files", S::kTriggerUnknown},
      {"contact-centre", "birth on 29 Feb 2024: + 5y",
       F("parental_leave", "2024-01-10")
           .NoCase()
           .Field("birth_or_adoption_date", "2024-02-29")
           .Field("disability_allowance", "false"),
       "parental_leave", S::kDispose, "2024-02-29", "2029-02-28"},
      {"contact-centre", "disability allowance: until the child is 18",
       F("parental_leave", "2024-01-10")
           .NoCase()
           .Field("birth_or_adoption_date", "2020-08-31")
           .Field("child_date_of_birth", "2020-08-31")
           .Field("disability_allowance", "true"),
       "parental_leave_disability", S::kDispose, "2020-08-31", "2038-08-31"},
      {"contact-centre",
       "DBS check on 29 Feb 2024: certificate 6m, record 6y",
       F("dbs_check", "2024-03-01").NoCase().Field("check_date", "2024-02-29"),
       "dbs_checks",
       S::kDispose,
       "2024-02-29",
       "2030-02-28",
       "",
       {{{"certificate_copy", "disclosed_information"}, "2024-08-29"}}},
      {"contact-centre",
       "DBS check on 31 Aug 2025: + 6m clamps to 28 Feb",
       F("dbs_check", "2025-09-01").NoCase().Field("check_date", "2025-08-31"),
       "dbs_checks",
       S::kDispose,
       "2025-08-31",
       "2031-08-31",
       "",
       {{{"certificate_copy", "disclosed_information"}, "2026-02-28"}}},
      {"contact-centre", "DBS check date empty: no partial date either",
       F("dbs_check", "2025-09-01").NoCase().Field("check_date", ""), "dbs_checks",
       S::kTriggerUnknown},
      {"contact-centre", "staff information last used 31 Aug 2025",
       F("staff_other", "2020-01-01").NoCase().Field("last_used", "2025-08-31"), "staff_other",
       S::kDispose, "2025-08-31", "2028-08-31"},
      {"contact-centre", "newsletter sign-up on 31 Jan 2024",
       F("newsletter_signup", "2024-01-31").NoCase(), "newsletter", S::kDispose, "2024-01-31",
       "2026-01-31"},
      {"contact-centre", "a referral outside the contact services: no rule applies",
       F("referral", "2025-01-31").Service("website").Closed("2025-02-01"), "", S::kNoRule},
      {"contact-centre", "a record type no rule covers", F("visitor_log", "2025-01-31"), "",
       S::kNoRule},
      // adoption-hub ------------------------------------------------------------------------
      {"adoption-hub", "account last used 29 Feb 2024: + 2y",
       F("hub_account", "2022-01-01").Service("adopter_hub").LastContact("2024-02-29"), "accounts",
       S::kDispose, "2024-02-29", "2026-02-28"},
      {"adoption-hub", "agency referral, last contact 31 Jan",
       F("agency_referral", "2022-01-01").Service("adopter_hub").LastContact("2025-01-31"),
       "accounts", S::kDispose, "2025-01-31", "2027-01-31"},
      {"adoption-hub", "contribution, last contact 31 Aug",
       F("contribution", "2025-08-31").Service("adopter_hub").LastContact("2025-08-31"), "accounts",
       S::kDispose, "2025-08-31", "2027-08-31"},
      {"adoption-hub", "sensitive details, no contact yet: trigger unknown",
       F("sensitive_details", "2025-08-31").Service("adopter_hub"), "accounts", S::kTriggerUnknown},
      {"adoption-hub", "recorded call on 31 Aug",
       F("communication", "2025-08-31").Service("adopter_hub").LastContact("2025-08-31"),
       "recordings", S::kDispose, "2025-08-31", "2026-08-31"},
      {"adoption-hub", "safeguarding concern on 29 Feb",
       F("safeguarding_concern", "2024-02-29").Service("adopter_hub"), "safeguarding_concerns",
       S::kReview, "2024-02-29", "", "2025-02-28"},
      {"adoption-hub", "account of a flagged family",
       F("hub_account", "2023-06-15")
           .Service("adopter_hub")
           .Flags({"safeguarding"})
           .LastContact("2025-01-01"),
       "safeguarding_files", S::kReview, "2023-06-15", "", "2024-06-15"},
      {"adoption-hub", "recording of a flagged family outranks recordings",
       F("communication", "2025-01-31").Service("adopter_hub").Flags({"safeguarding"}),
       "safeguarding_files", S::kReview, "2025-01-31", "", "2026-01-31"},
      {"adoption-hub", "marketing preferences confirmed 31 Jan",
       F("marketing_preferences", "2023-01-01").NoCase().Field("last_confirmed", "2025-01-31"),
       "marketing_preferences", S::kDispose, "2025-01-31", "2027-01-31"},
      // family-services ---------------------------------------------------------------------
      {"family-services", "assessment, closed 31 Jan",
       F("assessment", "2022-05-05").Service("adult_counselling").Closed("2025-01-31"),
       "adult_records", S::kDispose, "2025-01-31", "2031-01-31"},
      {"family-services", "report, closed 29 Feb",
       F("report", "2023-05-05").Service("parenting_support").Closed("2024-02-29"), "adult_records",
       S::kDispose, "2024-02-29", "2030-02-28"},
      {"family-services", "referral of an open case: trigger unknown",
       F("referral", "2025-05-05").Service("parenting_support"), "adult_records",
       S::kTriggerUnknown},
      {"family-services", "born 29 Feb 2008: the 25th birthday is 28 Feb 2033",
       F("young_person_record", "2023-01-09")
           .Service("young_people_counselling")
           .Born("2008-02-29")
           .Closed("2023-06-30"),
       "young_people", S::kDispose, "2008-02-29", "2033-02-28"},
      {"family-services", "born 31 Aug 2010",
       F("young_person_record", "2024-01-09")
           .Service("young_people_counselling")
           .Born("2010-08-31"),
       "young_people", S::kDispose, "2010-08-31", "2035-08-31"},
      {"family-services", "date of birth not recorded: trigger unknown",
       F("young_person_record", "2024-01-09").Service("young_people_counselling"), "young_people",
       S::kTriggerUnknown},
      {"family-services", "young person, safeguarding: outranks the age rule",
       F("young_person_record", "2024-01-09")
           .Service("young_people_counselling")
           .Flags({"safeguarding"})
           .Born("2010-08-31")
           .Closed("2025-01-31"),
       "safeguarding_cases", S::kReview, "2025-01-31", "", "2026-01-31"},
      {"family-services", "case note, safeguarding and complaint, closed 31 Aug",
       F("case_note", "2024-01-09")
           .Service("parenting_support")
           .Flags({"complaint", "safeguarding"})
           .Closed("2025-08-31"),
       "safeguarding_cases", S::kReview, "2025-08-31", "", "2026-08-31"},
      {"family-services", "safeguarding concern",
       F("safeguarding_concern", "2025-03-01").Service("parenting_support"),
       "safeguarding_concerns", S::kReview, "2025-03-01", "", "2026-03-01"},
      {"family-services", "complaint received 29 Feb 2024", F("complaint", "2024-02-29").NoCase(),
       "complaints", S::kDispose, "2024-02-29", "2030-02-28"},
      // parenting-chat ----------------------------------------------------------------------
      {"parenting-chat", "chat on 29 Feb 2024: + 7y",
       F("chat_transcript", "2024-02-29").Service("live_chat").Flags({"anonymous"}), "case_system",
       S::kDispose, "2024-02-29", "2031-02-28"},
      {"parenting-chat", "evaluation on 31 Jan",
       F("evaluation_response", "2025-01-31").Service("live_chat"), "case_system", S::kDispose,
       "2025-01-31", "2032-01-31"},
      {"parenting-chat", "enquiry on 31 Aug", F("enquiry", "2025-08-31").NoCase(), "case_system",
       S::kDispose, "2025-08-31", "2032-08-31"},
      {"parenting-chat", "newsletter sign-up on 31 Dec",
       F("newsletter_signup", "2023-12-31").NoCase(), "case_system", S::kDispose, "2023-12-31",
       "2030-12-31"},
      {"parenting-chat", "login, last chat 31 Jan",
       F("chat_account", "2023-01-01").Service("live_chat").LastContact("2025-01-31"), "chat_login",
       S::kDispose, "2025-01-31", "2032-01-31"},
      {"parenting-chat", "chat with a serious concern",
       F("chat_transcript", "2025-08-31")
           .Service("live_chat")
           .Flags({"anonymous", "serious_safeguarding"}),
       "serious_safeguarding", S::kReview, "2025-08-31", "", "2026-08-31"},
      {"parenting-chat", "login with a serious concern counts from creation",
       F("chat_account", "2024-02-29")
           .Service("live_chat")
           .Flags({"serious_safeguarding"})
           .LastContact("2025-06-01"),
       "serious_safeguarding", S::kReview, "2024-02-29", "", "2025-02-28"},
      {"parenting-chat", "concern record with a serious concern",
       F("safeguarding_concern", "2025-01-31").Service("live_chat").Flags({"serious_safeguarding"}),
       "serious_safeguarding", S::kReview, "2025-01-31", "", "2026-01-31"},
      {"parenting-chat", "concern record, not serious",
       F("safeguarding_concern", "2024-02-29").Service("live_chat").Flags({"anonymous"}),
       "safeguarding_concerns", S::kDispose, "2024-02-29", "2031-02-28"},
      // peer-support ------------------------------------------------------------------------
      {"peer-support", "referral, last contact 31 Jan",
       F("referral", "2024-01-01").Service("peer_support").LastContact("2025-01-31"),
       "general_files", S::kDispose, "2025-01-31", "2028-01-31"},
      {"peer-support", "support contact, last contact 29 Feb",
       F("support_contact", "2024-02-29").Service("peer_support").LastContact("2024-02-29"),
       "general_files", S::kDispose, "2024-02-29", "2027-02-28"},
      {"peer-support", "workshop booking, last contact 31 Aug",
       F("workshop_booking", "2025-05-01").Service("antenatal_workshops").LastContact("2025-08-31"),
       "general_files", S::kDispose, "2025-08-31", "2028-08-31"},
      {"peer-support", "supervision note",
       F("supervision_note", "2025-05-01").Service("peer_support").LastContact("2025-05-02"),
       "general_files", S::kDispose, "2025-05-02", "2028-05-02"},
      {"peer-support", "music project attendance",
       F("project_attendance", "2025-05-01").Service("music_project").LastContact("2025-12-31"),
       "general_files", S::kDispose, "2025-12-31", "2028-12-31"},
      {"peer-support", "preferences, no contact yet: trigger unknown",
       F("communication_preferences", "2025-05-01").Service("peer_support"), "general_files",
       S::kTriggerUnknown},
      {"peer-support", "safeguarding issue, last contact 29 Feb",
       F("support_contact", "2024-01-01")
           .Service("peer_support")
           .Flags({"safeguarding_issue"})
           .LastContact("2024-02-29"),
       "safeguarding_files", S::kReview, "2024-02-29", "", "2025-02-28"},
      {"peer-support", "safeguarding issue, reviewed 3 Mar 2025",
       F("referral", "2024-01-01")
           .Service("peer_support")
           .Flags({"safeguarding_issue"})
           .LastContact("2024-02-29")
           .Reviewed("2025-03-03"),
       "safeguarding_files", S::kReview, "2024-02-29", "", "2026-03-03"},
      {"peer-support", "safeguarding record",
       F("safeguarding_record", "2025-08-31").Service("peer_support"), "safeguarding_records",
       S::kReview, "2025-08-31", "", "2026-08-31"},
      // custom: what the examples do not use ------------------------------------------------
      {"custom", "court referral with both flags, transferred 31 Jan",
       F("call_note", "2024-01-01")
           .Service("helpline")
           .Referral("court")
           .Flags({"court_order", "cafcass"})
           .Transfer("2025-01-31")
           .Closed("2025-02-01"),
       "transferred", S::kDispose, "2025-01-31", "2026-01-31"},
      {"custom", "transfer not completed: trigger unknown",
       F("call_note", "2024-01-01")
           .Service("helpline")
           .Referral("court")
           .Flags({"cafcass", "court_order"})
           .Closed("2025-02-01"),
       "transferred", S::kTriggerUnknown},
      {"custom", "only one of all_flags",
       F("call_note", "2024-01-01")
           .Service("helpline")
           .Referral("court")
           .Flags({"court_order"})
           .Transfer("2025-01-31")
           .Closed("2025-08-31"),
       "call_notes", S::kDispose, "2025-08-31", "2028-08-31"},
      {"custom", "another referral source",
       F("call_note", "2024-01-01")
           .Service("helpline")
           .Referral("self")
           .Flags({"court_order", "cafcass"})
           .Transfer("2025-01-31")
           .Closed("2025-08-31"),
       "call_notes", S::kDispose, "2025-08-31", "2028-08-31"},
      {"custom", "invoice on the year end 5 Apr",
       F("invoice", "2025-04-05").Service("helpline").Field("status", "paid"), "invoices",
       S::kDispose, "2025-04-05", "2031-04-05"},
      {"custom", "invoice on 6 Apr: next year's end",
       F("invoice", "2025-04-06").Service("helpline"), "invoices", S::kDispose, "2026-04-05",
       "2032-04-05"},
      {"custom", "unpaid invoice",
       F("invoice", "2025-01-31").Service("helpline").Field("status", "unpaid"), "unpaid_invoices",
       S::kDispose, "2025-01-31", "2027-01-31"},
  };
  return rows;
}

std::optional<Date> Opt(const char* text) {
  if (*text == '\0') return std::nullopt;
  return D(text);
}

TEST(EvaluateTest, Table) {
  for (const Row& row : Rows()) {
    SCOPED_TRACE(std::string(row.policy) + ": " + row.what);
    const Outcome out = Evaluate(Load(row.policy), row.facts.f);
    EXPECT_EQ(out.rule == nullptr ? "" : out.rule->id, row.rule);
    EXPECT_EQ(StatusName(out.status), StatusName(row.status));
    EXPECT_EQ(out.trigger, Opt(row.trigger));
    EXPECT_EQ(out.dispose_on, Opt(row.dispose));
    EXPECT_EQ(out.review_on, Opt(row.review));
    ASSERT_EQ(out.partial.size(), row.partial.size());
    for (std::size_t i = 0; i < row.partial.size(); ++i) {
      EXPECT_EQ(out.partial[i].fields, row.partial[i].fields);
      EXPECT_EQ(out.partial[i].on, D(row.partial[i].on));
    }
    EXPECT_FALSE(out.explanation.empty());
    // Without the sentences, the same decision.
    const Outcome quiet = Evaluate(Load(row.policy), row.facts.f, Explain::kNo);
    EXPECT_TRUE(quiet.explanation.empty());
    EXPECT_EQ(quiet.rule, out.rule);
    EXPECT_EQ(quiet.status, out.status);
    EXPECT_EQ(quiet.dispose_on, out.dispose_on);
    EXPECT_EQ(quiet.review_on, out.review_on);
    EXPECT_EQ(quiet.partial.size(), out.partial.size());
  }
}

// The table must keep up with the examples: every rule of every policy has a row.
TEST(EvaluateTest, TableCoversEveryRule) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const Row& row : Rows()) seen.insert({row.policy, row.rule});
  for (const char* name : {"adoption-hub", "contact-centre", "family-services", "parenting-chat",
                           "peer-support", "custom"}) {
    for (const auto& rule : Load(name).retention) {
      EXPECT_TRUE(seen.contains({name, rule.id})) << name << ": no row for rule " << rule.id;
    }
  }
}

bool Says(const Outcome& out, const std::string& needle) {
  for (const auto& s : out.explanation) {
    if (s.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(EvaluateTest, ExplanationNamesRulesTriggerAndArithmetic) {
  const auto& p = Load("contact-centre");
  const Outcome out = Evaluate(p, F("referral", "2023-05-10")
                                      .Service("supported_contact")
                                      .Flags({"court_order", "safeguarding"})
                                      .Closed("2025-01-31")
                                      .f);
  EXPECT_TRUE(Says(out,
                   "Rule 'contact_self_referred' does not apply: the case has the flag "
                   "'court_order'."));
  EXPECT_TRUE(Says(out,
                   "Rule 'contact_safeguarding' applies (priority 10): the case has the "
                   "flag 'safeguarding'."));
  EXPECT_TRUE(Says(out, "Rule 'contact_with_court' also applies, but its priority (0) is lower."));
  EXPECT_TRUE(Says(out, "the day the case was closed: Friday 31 January 2025."));
  EXPECT_TRUE(Says(out, "Friday 31 January 2025 + 1 year = Saturday 31 January 2026"));

  const Outcome clamp = Evaluate(p, F("feedback_form", "2024-02-29").f);
  EXPECT_TRUE(Says(clamp,
                   "Thursday 29 February 2024 + 1 year = Friday 28 February 2025 "
                   "(February 2025 has no 29th, so the month's last day is taken): the "
                   "record is due for disposal on Friday 28 February 2025."));

  const Outcome open = Evaluate(p, F("referral", "2025-02-01").Service("supported_contact").f);
  EXPECT_TRUE(Says(open, "the case is still open"));
  EXPECT_TRUE(Says(open, "is kept"));

  const Outcome none = Evaluate(p, F("visitor_log", "2025-01-31").f);
  EXPECT_TRUE(Says(none, "No retention rule covers records of type 'visitor_log'"));
  EXPECT_TRUE(Says(none, "reported as a gap"));

  const Outcome field =
      Evaluate(p, F("staff_other", "2025-01-31").NoCase().Field("last_used", "31/08/2025").f);
  EXPECT_EQ(field.status, Status::kTriggerUnknown);
  EXPECT_TRUE(Says(field, "holds '31/08/2025', which is not a date"));

  const Outcome multi = Evaluate(
      p, F("payroll_record", "2025-01-31").NoCase().Field("spans_several_years", "false").f);
  EXPECT_TRUE(Says(multi,
                   "Rule 'finance_multi_year' does not apply: the field "
                   "'spans_several_years' is 'false', not 'true'."));
}

TEST(EvaluateTest, PartialFieldsInDateOrder) {
  policy::Policy p = Load("contact-centre");
  for (auto& rule : p.retention) {
    if (rule.id != "dbs_checks") continue;
    // A second, earlier partial written after the first; and one as long as the rule.
    rule.partial.push_back({{"outcome"}, {.months = 1}, "", {}});
    rule.partial.push_back({{"certificate_number"}, {.years = 6}, "", {}});
  }
  const Outcome out =
      Evaluate(p, F("dbs_check", "2024-03-01").NoCase().Field("check_date", "2024-01-31").f);
  ASSERT_EQ(out.partial.size(), 2u);
  EXPECT_EQ(out.partial[0].fields, std::vector<std::string>{"outcome"});
  EXPECT_EQ(out.partial[0].on, D("2024-02-29"));
  EXPECT_EQ(out.partial[1].on, D("2024-07-31"));
  EXPECT_EQ(out.partial[1].note,
            "The disclosure certificate and what it disclosed are destroyed six months after the "
            "check.");
  EXPECT_EQ(out.dispose_on, D("2030-01-31"));
}

TEST(EvaluateTest, BeyondTheCalendar) {
  const Outcome out = Evaluate(Load("family-services"), F("complaint", "2995-06-01").NoCase().f);
  EXPECT_EQ(out.status, Status::kBeyondCalendar);
  EXPECT_FALSE(out.dispose_on);
}

TEST(ReferencedFieldsTest, FromFieldAndConditions) {
  const auto& p = Load("contact-centre");
  EXPECT_EQ(ReferencedFields(p, "payment"),
            (std::vector<std::string>{"last_period_end", "spans_several_years"}));
  EXPECT_EQ(ReferencedFields(p, "parental_leave"),
            (std::vector<std::string>{"birth_or_adoption_date", "child_date_of_birth",
                                      "disability_allowance"}));
  EXPECT_EQ(ReferencedFields(p, "dbs_check"), std::vector<std::string>{"check_date"});
  EXPECT_TRUE(ReferencedFields(p, "referral").empty());
  EXPECT_TRUE(ReferencedFields(p, "no_such_type").empty());
}

Date Add(const char* date, policy::Period period) {
  auto r = AddPeriod(D(date), period);
  EXPECT_TRUE(r.has_value()) << date;
  return r.value_or(Date());
}

TEST(AddPeriodTest, CalendarArithmetic) {
  EXPECT_EQ(Add("2025-03-15", {.years = 3}), D("2028-03-15"));
  EXPECT_EQ(Add("2025-01-31", {.months = 1}), D("2025-02-28"));
  EXPECT_EQ(Add("2024-01-31", {.months = 1}), D("2024-02-29"));
  EXPECT_EQ(Add("2025-03-31", {.months = 1}), D("2025-04-30"));
  EXPECT_EQ(Add("2025-08-31", {.months = 6}), D("2026-02-28"));
  EXPECT_EQ(Add("2023-08-31", {.months = 6}), D("2024-02-29"));
  EXPECT_EQ(Add("2025-01-31", {.months = 1, .days = 2}), D("2025-03-02"));
  EXPECT_EQ(Add("2025-12-31", {.days = 14}), D("2026-01-14"));
  EXPECT_EQ(Add("2025-01-31", {.years = 1, .months = 1}), D("2026-02-28"));
}

TEST(AddPeriodTest, LeapDays) {
  EXPECT_EQ(Add("2024-02-29", {.years = 1}), D("2025-02-28"));
  EXPECT_EQ(Add("2024-02-29", {.years = 4}), D("2028-02-29"));
  EXPECT_EQ(Add("2024-02-29", {.months = 6}), D("2024-08-29"));
  EXPECT_EQ(Add("2024-02-29", {.years = 25}), D("2049-02-28"));
  EXPECT_EQ(Add("2000-02-29", {.years = 100}), D("2100-02-28"));  // 2100 is not a leap year
  // Years and months are added together: 13 months from 29 Feb 2024 is 29 Mar 2025, not the
  // 28 Mar that adding a year (28 Feb 2025) and then a month would give.
  EXPECT_EQ(Add("2024-02-29", {.years = 1, .months = 1}), D("2025-03-29"));
  EXPECT_EQ(Add("2024-02-28", {.years = 1, .days = 1}), D("2025-03-01"));
}

TEST(AddPeriodTest, OutOfRange) {
  EXPECT_FALSE(AddPeriod(D("2999-06-01"), {.years = 1}).has_value());
  EXPECT_FALSE(AddPeriod(D("2999-12-31"), {.days = 1}).has_value());
  EXPECT_EQ(Add("2999-01-31", {.months = 11}), D("2999-12-31"));
}

TEST(FinancialYearEndTest, YearEnds) {
  const auto end = [](const char* date, policy::MonthDay year_end) {
    return FinancialYearEnd(D(date), year_end).value_or(Date());
  };
  EXPECT_EQ(end("2025-03-31", {3, 31}), D("2025-03-31"));
  EXPECT_EQ(end("2025-04-01", {3, 31}), D("2026-03-31"));
  EXPECT_EQ(end("2025-01-01", {3, 31}), D("2025-03-31"));
  EXPECT_EQ(end("2024-02-29", {3, 31}), D("2024-03-31"));
  EXPECT_EQ(end("2025-04-05", {4, 5}), D("2025-04-05"));
  EXPECT_EQ(end("2025-04-06", {4, 5}), D("2026-04-05"));
  EXPECT_EQ(end("2025-06-01", {12, 31}), D("2025-12-31"));
  EXPECT_EQ(end("2025-12-31", {12, 31}), D("2025-12-31"));
  EXPECT_FALSE(FinancialYearEnd(D("2999-04-01"), {3, 31}).has_value());
}

}  // namespace
}  // namespace retention
}  // namespace casekeep
