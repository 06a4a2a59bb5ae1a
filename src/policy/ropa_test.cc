// Tests for the record of processing activities and the appropriate policy document, and for
// the CSV functions they use. The policy is built by hand for a fictional organisation.
#include "policy/ropa.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "policy/text.h"

namespace casekeep::policy {
namespace {

constexpr std::string_view kHostileLabel = "Support, \"advice\" and\nfollow-up";

Field MakeField(std::string id, std::string category) {
  Field f;
  f.id = id;
  f.label = std::move(id);
  f.type = FieldType::kText;
  f.category = std::move(category);
  return f;
}

void AddPeopleAndData(Policy& p) {
  p.version = "v3";
  p.organisation.name = "Riverside Parenting Network";
  p.organisation.address = "5 Example Lane\nAnytown";
  p.organisation.email = "office@example.org";
  p.organisation.dpo = Contact{"Jo Reed", "", "dpo@example.org", "0161 496 0000", ""};
  p.subject_kinds = {{"parent", "Parents and carers", "", false, false, {}, {}},
                     {"child", "Children", "", true, false, {}, {}}};
  p.categories = {{"contact", "Contact details", "", {}, {}, "", {}},
                  {"notes", "Call notes", "", {}, {}, "", {}},
                  {"health",
                   "Health",
                   "",
                   SpecialKind::kHealth,
                   {Article9Condition::kSafeguardingChildren},
                   "Only when a child is at risk.",
                   {}},
                  {"usage", "Website usage", "", {}, {}, "", {}}};
  p.services = {{"helpline", "Helpline", "", {"contact", "notes", "health"}, {"parent"}, {}}};
}

void AddProcessing(Policy& p) {
  p.purposes = {{"support",
                 std::string(kHostileLabel),
                 "Helping families by phone.",
                 LawfulBasis::kConsent,
                 "",
                 {"contact", "notes", "health"},
                 {"helpline"},
                 {},
                 {}},
                {"stats",
                 "Statistics",
                 "",
                 LawfulBasis::kLegitimateInterests,
                 "Knowing which pages help",
                 {"usage"},
                 {},
                 {},
                 {}}};
  RecordType call;
  call.id = "call_record";
  call.label = "Call records";
  call.subject_kinds = {"parent", "child"};
  call.purposes = {"support"};
  call.fields = {MakeField("note", "notes"), MakeField("health_need", "health")};
  RecordType visit;
  visit.id = "web_visit";
  visit.label = "Website visits";
  visit.purposes = {"stats"};
  visit.fields = {MakeField("page", "usage")};
  p.record_types = {call, visit};
  RetentionRule rule;
  rule.id = "calls";
  rule.record_types = {"call_record"};
  rule.from = Trigger::kCaseClosed;
  rule.period = Period{3, 0, 0};
  p.retention = {rule};
  Role coach;
  coach.id = "coach";
  coach.label = "Coach";
  Role supervisor;
  supervisor.id = "supervisor";
  supervisor.label = "Supervisor";
  supervisor.mfa = true;
  p.roles = {coach, supervisor};
}

void AddSharing(Policy& p) {
  p.processors = {{"phones",
                   "Example Telephony Ltd",
                   "Call handling",
                   "US",
                   "International Data Transfer Agreement",
                   "",
                   {"contact", "notes"},
                   {}},
                  {"stats",
                   "Example Analytics",
                   "Web statistics",
                   "IE",
                   "UK adequacy regulations",
                   "",
                   {"usage"},
                   {}}};
  Recipient council;
  council.id = "council";
  council.name = "Anytown Council";
  council.kind = "local authority";
  council.bases = {ShareBasis::kSafeguarding, ShareBasis::kLegalObligation};
  council.categories = {"notes"};
  p.recipients = {council};
}

Policy MakePolicy() {
  Policy p;
  AddPeopleAndData(p);
  AddProcessing(p);
  AddSharing(p);
  return p;
}

// A strict RFC 4180 reader: records end with CRLF; a bare LF is allowed only inside quotes.
std::vector<std::vector<std::string>> ParseCsv(std::string_view s) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < s.size() && s[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "bare LF outside quotes at byte " << i;
      EXPECT_NE(c, '"') << "stray quote at byte " << i;
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(field.empty() && record.empty()) << "last record not ended by CRLF";
  return records;
}

bool Has(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// The CSV cell of `column` in the row whose "Processing activity" is `activity`.
std::string Cell(const std::vector<std::vector<std::string>>& csv, std::string_view activity,
                 std::string_view column) {
  const auto& header = csv.at(0);
  const auto col = std::find(header.begin(), header.end(), column) - header.begin();
  const auto name = std::find(header.begin(), header.end(), "Processing activity") - header.begin();
  for (std::size_t r = 1; r < csv.size(); ++r) {
    if (csv[r].at(static_cast<std::size_t>(name)) == activity) {
      return csv[r].at(static_cast<std::size_t>(col));
    }
  }
  ADD_FAILURE() << "no row for " << activity;
  return "";
}

TEST(RopaCsv, HeaderThenOneRowPerActivity) {
  const auto csv = ParseCsv(RenderRopa(MakePolicy(), DocFormat::kCsv));
  ASSERT_EQ(csv.size(), 3u);
  const std::vector<std::string> header{"Controller",
                                        "Data protection officer",
                                        "Processing activity",
                                        "Description",
                                        "Lawful basis",
                                        "Legitimate interest",
                                        "Categories of data subjects",
                                        "Categories of personal data",
                                        "Special category and criminal offence data",
                                        "Categories of recipients",
                                        "Processors",
                                        "Transfers outside the UK and safeguards",
                                        "Time limits for erasure",
                                        "Security measures"};
  EXPECT_EQ(csv[0], header);
  for (const auto& row : csv) EXPECT_EQ(row.size(), header.size());
  EXPECT_EQ(csv[1][0],
            "Name: Riverside Parenting Network\nAddress: 5 Example Lane, Anytown\n"
            "Email: office@example.org");
  EXPECT_EQ(csv[1][1], "Name: Jo Reed\nEmail: dpo@example.org\nPhone: 0161 496 0000");
}

TEST(RopaCsv, QuotesCommasQuotesAndNewlines) {
  const std::string raw = RenderRopa(MakePolicy(), DocFormat::kCsv);
  EXPECT_TRUE(Has(raw, ",\"Support, \"\"advice\"\" and\nfollow-up\",")) << raw;
  const auto csv = ParseCsv(raw);
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_EQ(csv[1][2], kHostileLabel);
}

TEST(RopaCsv, ActivityContents) {
  const auto csv = ParseCsv(RenderRopa(MakePolicy(), DocFormat::kCsv));
  const std::string support(kHostileLabel);
  EXPECT_EQ(Cell(csv, support, "Lawful basis"), "Consent (UK GDPR Art 6(1)(a))");
  EXPECT_EQ(Cell(csv, support, "Categories of data subjects"), "Parents and carers; Children");
  EXPECT_EQ(Cell(csv, support, "Categories of personal data"),
            "Contact details; Call notes; Health");
  EXPECT_EQ(Cell(csv, support, "Special category and criminal offence data"),
            "Health (health): Safeguarding of children and of individuals at risk (UK GDPR Art "
            "9(2)(g), DPA 2018 Sch 1 para 18); retained and erased as the appropriate policy "
            "document sets out: yes");
  EXPECT_EQ(Cell(csv, support, "Categories of recipients"),
            "Anytown Council (local authority); bases: safeguarding; legal obligation");
  EXPECT_EQ(Cell(csv, support, "Processors"),
            "Example Telephony Ltd: Call handling (United States)");
  EXPECT_EQ(Cell(csv, support, "Transfers outside the UK and safeguards"),
            "Example Telephony Ltd (United States): International Data Transfer Agreement");
  EXPECT_EQ(Cell(csv, support, "Time limits for erasure"),
            "Call records: 3 years after the case is closed");
  const std::string security = Cell(csv, support, "Security measures");
  EXPECT_TRUE(Has(security, "XChaCha20-Poly1305"));
  EXPECT_TRUE(Has(security, "access decision"));
  EXPECT_TRUE(Has(security, "tamper-evident"));
  EXPECT_TRUE(Has(security, "second factor is required at login for: Supervisor."));
  EXPECT_FALSE(Has(security, "Coach"));

  EXPECT_EQ(Cell(csv, "Statistics", "Legitimate interest"), "Knowing which pages help");
  EXPECT_EQ(Cell(csv, "Statistics", "Special category and criminal offence data"), "None");
  EXPECT_EQ(Cell(csv, "Statistics", "Categories of recipients"), "None");
  EXPECT_EQ(Cell(csv, "Statistics", "Transfers outside the UK and safeguards"),
            "Example Analytics (Ireland): UK adequacy regulations");
  EXPECT_EQ(Cell(csv, "Statistics", "Time limits for erasure"),
            "No retention rule covers the records kept for this purpose");
}

TEST(RopaMarkdown, RecordAndPolicyDocument) {
  const std::string md = RenderRopa(MakePolicy(), DocFormat::kMarkdown);
  EXPECT_EQ(md.rfind("# Record of processing activities\n", 0), 0u);
  EXPECT_TRUE(Has(md, "## Controller\n"));
  EXPECT_TRUE(Has(md, "## Data protection officer\n"));
  EXPECT_TRUE(Has(md, "### Support, \"advice\" and follow-up\n"));
  EXPECT_TRUE(Has(md, "| Lawful basis | Legitimate interests (UK GDPR Art 6(1)(f)) |"));
  EXPECT_TRUE(Has(md, "## Security measures\n"));
  EXPECT_TRUE(Has(md, "## Appropriate policy document\n"));
  EXPECT_TRUE(Has(md, "### Procedures for complying with the Article 5 principles\n"));
  for (const char* principle :
       {"Lawfulness, fairness and transparency:", "Purpose limitation:", "Data minimisation:",
        "Accuracy:", "Storage limitation:", "Integrity and confidentiality:", "Accountability:"}) {
    EXPECT_TRUE(Has(md, principle)) << principle;
  }
  EXPECT_TRUE(Has(md, "### Health\n"));
  EXPECT_TRUE(Has(md,
                  "- Condition relied on: Safeguarding of children and of individuals at risk "
                  "(UK GDPR Art 9(2)(g), DPA 2018 Sch 1 para 18)"));
  EXPECT_TRUE(Has(md, "\n- Call records: 3 years after the case is closed\n"));
  EXPECT_TRUE(Has(md, "Retention follows this policy document: yes."));
  EXPECT_TRUE(Has(md, "Only when a child is at risk."));
}

TEST(RopaMarkdown, SaysWhenRetentionDoesNotFollowThePolicyDocument) {
  Policy p = MakePolicy();
  p.retention.clear();
  const std::string md = RenderRopa(p, DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md,
                  "Retention follows this policy document: no. No retention rule covers: "
                  "Call records."));
  EXPECT_TRUE(Has(RenderRopa(p, DocFormat::kCsv), "policy document sets out: no"));
}

TEST(RopaMarkdown, NoPolicyDocumentWhenNoConditionNeedsOne) {
  Policy p = MakePolicy();
  p.categories[2].conditions = {Article9Condition::kExplicitConsent};
  const std::string md = RenderRopa(p, DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md, "## Appropriate policy document\n"));
  EXPECT_TRUE(Has(md, "so none is needed"));
  EXPECT_FALSE(Has(md, "Procedures for complying"));
  EXPECT_TRUE(Has(md, "Health (health): Explicit consent (UK GDPR Art 9(2)(a))\n") ||
              Has(md, "Health (health): Explicit consent (UK GDPR Art 9(2)(a)) |"));
}

TEST(Ropa, HtmlFormIsADocument) {
  const std::string html = RenderRopa(MakePolicy(), DocFormat::kHtml);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(Has(html, "<h1>Record of processing activities</h1>"));
  EXPECT_TRUE(Has(html, "<h3>Support, &quot;advice&quot; and\nfollow-up</h3>"));
}

TEST(Ropa, IsDeterministic) {
  const Policy p = MakePolicy();
  for (auto format : {DocFormat::kCsv, DocFormat::kMarkdown, DocFormat::kHtml}) {
    EXPECT_EQ(RenderRopa(p, format), RenderRopa(p, format));
  }
}

TEST(Csv, Fields) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvRow({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

}  // namespace
}  // namespace casekeep::policy
