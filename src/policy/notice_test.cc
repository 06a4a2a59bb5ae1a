// Tests for the privacy notice renderer and the text utilities it is built on. The policy is built
// by hand for a fictional organisation, so these tests do not depend on the policy parser.
#include "policy/notice.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "policy/text.h"

namespace casekeep::policy {
namespace {

Field MakeField(std::string id, std::string label, FieldType type, std::string category) {
  Field f;
  f.id = std::move(id);
  f.label = std::move(label);
  f.type = type;
  f.category = std::move(category);
  return f;
}

RetentionRule MakeRule(std::string id, std::string label, std::vector<std::string> types,
                       Trigger from, Period period) {
  RetentionRule r;
  r.id = std::move(id);
  r.label = std::move(label);
  r.record_types = std::move(types);
  r.from = from;
  r.period = period;
  return r;
}

void AddOrganisation(Policy& p) {
  p.version = "2025-01";
  Organisation& o = p.organisation;
  o.name = "Brightwater Family Support";
  o.legal_name = "Brightwater Family Support CIO";
  o.registered_number = "1234567";
  o.address = "1 Example Street\nAnytown\nAB1 2CD";
  o.email = "hello@example.org";
  o.phone = "020 7946 0123";
  o.website = "www.example.org";
  o.ico_registration = "ZA000000";
  o.dpo = Contact{"Sam Patel", "Data Protection Officer", "dpo@example.org", "020 7946 0456", ""};
}

void AddPeopleAndData(Policy& p) {
  p.subject_kinds = {
      {"parent", "Parents and carers", "People who contact us", false, false, {}, {}},
      {"child", "Children", "", true, false, {}, {}}};
  p.subject_kinds[1].fields.push_back(
      MakeField("date_of_birth", "Date of birth", FieldType::kDate, "contact"));
  p.categories = {
      {"contact", "Contact details", "Your name, email and phone number", {}, {}, "", {}},
      {"notes", "Case notes", "", {}, {}, "", {}},
      {"health",
       "Health",
       "",
       SpecialKind::kHealth,
       {Article9Condition::kExplicitConsent, Article9Condition::kSafeguardingChildren},
       "We record health needs only when they affect the support we give.",
       {}},
      {"offences",
       "Criminal offences",
       "",
       SpecialKind::kCriminalOffence,
       {Article9Condition::kSafeguardingChildren},
       "",
       {}},
  };
  p.services = {{"chat", "Live chat", "", {"contact", "notes", "health"}, {"parent"}, {}},
                {"contact_centre",
                 "Supervised contact",
                 "",
                 {"contact", "offences"},
                 {"parent", "child"},
                 {}}};
}

void AddPurposes(Policy& p) {
  Purpose support{"support",
                  "Giving you support",
                  "So our coaches can help.",
                  LawfulBasis::kConsent,
                  "",
                  {"contact", "notes", "health"},
                  {"chat"},
                  {},
                  {}};
  Purpose improve{"improve",
                  "Improving our services",
                  "",
                  LawfulBasis::kLegitimateInterests,
                  "Understanding which services help families most",
                  {"notes"},
                  {},
                  {},
                  {}};
  p.purposes = {support, improve};
  ConsentDef consent;
  consent.id = "chat";
  consent.label = "Live chat consent";
  consent.text = "I agree that Brightwater may keep a record of this chat.";
  consent.purposes = {"support"};
  consent.explicit_consent = true;
  p.consents = {consent};
}

void AddRecords(Policy& p) {
  p.case_flags = {"court_order", "safeguarding"};
  p.case_flag_labels = {{"court_order", "Court order"}, {"safeguarding", "Safeguarding concern"}};
  p.referral_sources = {"self", "court"};
  p.referral_source_labels = {{"self", "Self-referral"}, {"court", "Court"}};
  RecordType chat;
  chat.id = "chat_transcript";
  chat.label = "Chat transcripts";
  chat.subject_kinds = {"parent"};
  chat.purposes = {"support"};
  chat.fields = {MakeField("transcript", "Transcript", FieldType::kText, "notes")};
  RecordType report;
  report.id = "session_report";
  report.label = "Contact session reports";
  report.subject_kinds = {"child"};
  report.purposes = {"support"};
  report.fields = {MakeField("report", "Report", FieldType::kText, "notes"),
                   MakeField("referral_form", "Referral form", FieldType::kAttachment, "contact")};
  p.record_types = {chat, report};
}

void AddRetention(Policy& p) {
  RetentionRule chat = MakeRule("chat", "Chat transcripts", {"chat_transcript"},
                                Trigger::kCaseClosed, Period{3, 0, 0});
  chat.reason = "So we can help you again if you come back";
  RetentionRule court =
      MakeRule("court", "", {"session_report"}, Trigger::kCaseClosed, Period{1, 6, 0});
  court.when.services = {"contact_centre"};
  court.when.any_flag = {"court_order"};
  court.when.referral_source = {"court"};
  court.partial.push_back({{"referral_form"}, Period{0, 6, 0}, "", {}});
  RetentionRule self = MakeRule("self", "Self-referral reports", {"session_report"},
                                Trigger::kRecordCreated, Period{0, 0, 30});
  self.when.no_flag = {"court_order", "safeguarding"};
  RetentionRule birth = MakeRule("birth", "Reports about a child", {"session_report"},
                                 Trigger::kDateOfBirth, Period{25, 0, 0});
  RetentionRule forever =
      MakeRule("forever", "Safeguarding files", {"session_report"}, Trigger::kCaseClosed, Period{});
  forever.period.reset();
  forever.indefinite = true;
  forever.review = Period{2, 0, 0};
  p.retention = {chat, court, self, birth, forever};
  HoldKind hold;
  hold.id = "legal";
  hold.label = "Legal claim";
  hold.review = Period{0, 9, 0};
  p.hold_kinds = {hold};
}

void AddSharing(Policy& p) {
  p.processors = {{"host", "Example Hosting Ltd", "Stores our records", "GB", "", "", {}, {}},
                  {"chatco",
                   "Example Chat Inc",
                   "Runs our live chat",
                   "US",
                   "International Data Transfer Agreement",
                   "30 days",
                   {},
                   {}}};
  Recipient council;
  council.id = "council";
  council.name = "Anytown Council";
  council.kind = "Local authority";
  council.bases = {ShareBasis::kSafeguarding};
  council.categories = {"notes"};
  Recipient funder;
  funder.id = "funder";
  funder.name = "Example Trust";
  funder.kind = "Funder";
  funder.bases = {ShareBasis::kContract};
  funder.anonymised_only = true;
  p.recipients = {council, funder};
  p.cookies = {
      {"session", "Session", "Keeps you signed in", true, {}, "Until you close the browser", {}},
      {"stats", "Analytics", "Counts visits", false, {"Example Analytics"}, "13 months", {}}};
  p.settings.cookie_consent_retention = Period{0, 6, 0};
  p.marketing = {{Channel::kEmail, "Parenting tips by email", "support", {}}};
}

void AddNotice(Policy& p) {
  NoticeText& n = p.notice;
  n.summary =
      "This notice explains how we use your information.\n\nIn short:\n- we keep it safe\n"
      "- we keep it only as long as we need it";
  n.how_we_collect = "Most information comes from you.";
  n.children = "Children can ask for their own information.";
  n.changes = "We review this notice every year.";
  n.updated = "2024-07-08";
  n.extra = {{"Links to other websites", "We are not responsible for other websites."}};
}

Policy FullPolicy() {
  Policy p;
  AddOrganisation(p);
  AddPeopleAndData(p);
  AddPurposes(p);
  AddRecords(p);
  AddRetention(p);
  AddSharing(p);
  AddNotice(p);
  return p;
}

Policy MinimalPolicy() {
  Policy p;
  p.organisation.name = "Small Steps";
  p.organisation.address = "2 Example Road, Anytown";
  p.organisation.dpo.name = "Alex Jones";
  p.organisation.dpo.email = "dpo@example.org";
  return p;
}

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Heading levels in document order, from HTML (<hN>) or Markdown (#... lines).
std::vector<int> HeadingLevels(const std::string& doc, bool html) {
  std::vector<int> levels;
  const std::regex pattern = html ? std::regex("<h([1-6])[ >]") : std::regex("(^|\n)(#{1,6}) ");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    levels.push_back(html ? std::stoi((*it)[1].str()) : static_cast<int>((*it)[2].length()));
  }
  return levels;
}

void ExpectHeadingsInOrder(const std::string& doc, bool html) {
  const auto levels = HeadingLevels(doc, html);
  ASSERT_FALSE(levels.empty());
  EXPECT_EQ(levels.front(), 1);
  EXPECT_EQ(std::count(levels.begin(), levels.end(), 1), 1) << "exactly one h1";
  for (std::size_t i = 1; i < levels.size(); ++i) {
    EXPECT_LE(levels[i], levels[i - 1] + 1) << "heading " << i << " skips a level";
  }
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

TEST(NoticeHtml, IsCompleteAccessibleDocument) {
  const std::string html = RenderNotice(FullPolicy(), DocFormat::kHtml);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en-GB\">", 0), 0u);
  EXPECT_TRUE(Has(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(Has(html, "<meta name=\"viewport\""));
  EXPECT_TRUE(Has(html, "<title>Brightwater Family Support privacy notice</title>"));
  EXPECT_TRUE(Has(html, "<style>"));
  EXPECT_TRUE(Has(html, "@media print"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
  ExpectHeadingsInOrder(html, true);
}

TEST(NoticeHtml, TablesHaveCaptionsAndScopedHeaders) {
  const std::string html = RenderNotice(FullPolicy(), DocFormat::kHtml);
  const std::size_t tables = Count(html, "<table>");
  EXPECT_GE(tables, 5u);  // services, recipients, processors, retention, cookies
  EXPECT_EQ(Count(html, "<table>\n<caption>"), tables);
  EXPECT_EQ(Count(html, "<thead>"), tables);
  EXPECT_EQ(Count(html, "<th>"), 0u) << "every header cell has a scope";
  EXPECT_GT(Count(html, "<th scope=\"row\">"), tables);
  EXPECT_TRUE(
      Has(html, "<th scope=\"col\">Live chat</th><th scope=\"col\">Supervised contact</th>"));
  EXPECT_TRUE(Has(html, "<tr><th scope=\"row\">Health</th><td>Yes</td><td>No</td></tr>"));
}

TEST(NoticeMarkdown, HeadingsAndPipeTables) {
  const std::string md = RenderNotice(FullPolicy(), DocFormat::kMarkdown);
  ExpectHeadingsInOrder(md, false);
  EXPECT_EQ(md.rfind("# Brightwater Family Support privacy notice\n", 0), 0u);
  EXPECT_TRUE(Has(md, "| Information | Live chat | Supervised contact |\n| --- | --- | --- |\n"));
  EXPECT_TRUE(Has(md, "| Criminal offences | No | Yes |\n"));
  EXPECT_TRUE(Has(md, "\n- we keep it safe\n- we keep it only as long as we need it\n"));
}

TEST(Notice, EveryRetentionPeriodIsWrittenOut) {
  const Policy p = FullPolicy();
  for (auto format : {DocFormat::kHtml, DocFormat::kMarkdown}) {
    const std::string doc = RenderNotice(p, format);
    for (const auto& rule : p.retention) {
      if (rule.period) {
        EXPECT_TRUE(Has(doc, DescribePeriod(*rule.period))) << rule.id;
      }
      if (rule.review) {
        EXPECT_TRUE(Has(doc, DescribePeriod(*rule.review))) << rule.id;
      }
      for (const auto& part : rule.partial) {
        EXPECT_TRUE(Has(doc, DescribePeriod(part.period))) << rule.id;
      }
    }
    EXPECT_TRUE(Has(doc, "3 years after the case is closed"));
    EXPECT_TRUE(Has(doc, "1 year and 6 months after the case is closed"));
    EXPECT_TRUE(Has(doc, "30 days after the record is created"));
    EXPECT_TRUE(Has(doc, "until 25 years after the child's date of birth"));
    EXPECT_TRUE(Has(doc, "Indefinitely, reviewed every 2 years"));
    EXPECT_TRUE(Has(doc, "Referral form: 6 months after the case is closed"));
    EXPECT_TRUE(Has(doc, "Legal claim (reviewed every 9 months)"));
    EXPECT_TRUE(Has(doc, "cookie choices for 6 months"));
  }
}

TEST(Notice, RetentionConditionsInWords) {
  const std::string md = RenderNotice(FullPolicy(), DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md, "Only for the Supervised contact service"));
  EXPECT_TRUE(Has(md, "When the case is marked \u201cCourt order\u201d"));
  EXPECT_TRUE(Has(
      md,
      "When the case is not marked \u201cCourt order\u201d or \u201cSafeguarding concern\u201d"));
  EXPECT_TRUE(Has(md, "When the referral came from \u201cCourt\u201d"));
  EXPECT_TRUE(Has(md, "All cases"));
  EXPECT_TRUE(Has(md, "The rest: 1 year and 6 months after the case is closed"));
  EXPECT_TRUE(Has(md, "| Contact session reports |")) << "record type label when no rule label";
}

TEST(Notice, FieldConditionsAndFieldTriggers) {
  Policy p = FullPolicy();
  p.record_types[1].fields.push_back(
      MakeField("hearing_date", "Date of hearing", FieldType::kDate, "notes"));
  p.record_types[1].fields.push_back(
      MakeField("paid_by_council", "Paid by the council", FieldType::kBoolean, "notes"));
  p.record_types[1].fields.push_back(MakeField("outcome", "Outcome", FieldType::kEnum, "notes"));
  RetentionRule rule =
      MakeRule("hearing", "Hearing bundles", {"session_report"}, Trigger::kField, Period{0, 0, 14});
  rule.from_field = "hearing_date";
  rule.when.field_equals = {{"paid_by_council", "true"}, {"outcome", "settled"}};
  p.retention.push_back(rule);
  const std::string md = RenderNotice(p, DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md,
                  "| Hearing bundles | 14 days after the date of hearing | "
                  "When \u201cOutcome\u201d is \u201csettled\u201d<br>"
                  "When the record shows \u201cPaid by the council\u201d |"))
      << md;
}

TEST(Notice, RetentionRowsFollowPriority) {
  Policy p = FullPolicy();
  const std::string plain = RenderNotice(p, DocFormat::kMarkdown);
  EXPECT_FALSE(Has(plain, "the first of them in the table applies"));
  EXPECT_FALSE(Has(plain, "In other cases"));
  p.retention[4].priority = 10;  // "Safeguarding files" outranks the other report rules
  const std::string md = RenderNotice(p, DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md, "the first of them in the table applies"));
  const auto safeguarding = md.find("| Safeguarding files |");
  const auto birth = md.find("| Reports about a child |");
  ASSERT_NE(safeguarding, std::string::npos);
  ASSERT_NE(birth, std::string::npos);
  EXPECT_LT(safeguarding, birth);
  EXPECT_TRUE(Has(md,
                  "| Reports about a child | until 25 years after the child's date of birth | "
                  "In other cases |"));
  EXPECT_TRUE(Has(md, "| Chat transcripts | 3 years after the case is closed | All cases |"))
      << "a rule for other records is not outranked";
}

TEST(Notice, SpecialCategoryConditions) {
  const std::string md = RenderNotice(FullPolicy(), DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md, "## Special category and criminal offence information"));
  EXPECT_TRUE(Has(md, "Explicit consent (UK GDPR Art 9(2)(a)):"));
  EXPECT_TRUE(Has(md, "(UK GDPR Art 9(2)(g), DPA 2018 Sch 1 para 18)"));
  EXPECT_TRUE(Has(md, "(UK GDPR Art 10, DPA 2018 Sch 1 para 18)"));
  EXPECT_TRUE(Has(md, "appropriate policy document"));
  EXPECT_TRUE(Has(md, "We record health needs only when"));
}

TEST(Notice, PurposesAndBases) {
  const std::string md = RenderNotice(FullPolicy(), DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md, "### Giving you support"));
  EXPECT_TRUE(Has(md, "Lawful basis: Consent (UK GDPR Art 6(1)(a))"));
  EXPECT_TRUE(Has(md, "Lawful basis: Legitimate interests (UK GDPR Art 6(1)(f))"));
  EXPECT_TRUE(Has(md, "Our legitimate interest: Understanding which services help families most"));
  EXPECT_TRUE(Has(md, "I agree that Brightwater may keep a record of this chat."));
}

TEST(Notice, SharingProcessorsAndTransfers) {
  const std::string md = RenderNotice(FullPolicy(), DocFormat::kMarkdown);
  EXPECT_TRUE(Has(md,
                  "| Anytown Council | Local authority | To protect a child or an adult at "
                  "risk from harm | Case notes |"));
  EXPECT_TRUE(Has(
      md,
      "| Example Trust | Funder | To carry out a contract | We share only numbers and statistics"));
  EXPECT_TRUE(Has(md, "| Example Chat Inc | Runs our live chat | United States | 30 days |"));
  EXPECT_TRUE(Has(md, "- Example Chat Inc (United States): International Data Transfer Agreement"));
  EXPECT_FALSE(Has(md, "Example Hosting Ltd (United Kingdom)")) << "UK processors are no transfer";
}

TEST(Notice, RightsComplaintsAndContact) {
  const std::string md = RenderNotice(FullPolicy(), DocFormat::kMarkdown);
  for (const char* right : {"Access:", "Rectification:", "Erasure:", "Restriction:", "Objection:",
                            "Portability:", "Automated decisions:", "Withdrawing consent:"}) {
    EXPECT_TRUE(Has(md, right)) << right;
  }
  EXPECT_TRUE(Has(md, "within one month"));
  EXPECT_TRUE(Has(md, "[ico.org.uk/make-a-complaint](<https://ico.org.uk/make-a-complaint>)"));
  EXPECT_TRUE(Has(md, "0303 123 1113"));
  EXPECT_TRUE(Has(md, "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"));
  EXPECT_TRUE(Has(md, "Name: Sam Patel (Data Protection Officer)"));
  EXPECT_TRUE(Has(md, "Address: 1 Example Street, Anytown, AB1 2CD"));
  EXPECT_TRUE(Has(md, "ICO registration number: ZA000000"));
  EXPECT_TRUE(Has(md, "Registered number: 1234567"));
  EXPECT_TRUE(Has(md, "last updated on 8 July 2024"));
  EXPECT_TRUE(Has(md, "## Links to other websites"));
  EXPECT_TRUE(Has(md, "use the unsubscribe link in any email"));
}

TEST(Notice, EscapesHostileText) {
  Policy p = FullPolicy();
  p.organisation.name = "<script>alert(\"x\")</script> & 'Co'";
  p.organisation.legal_name.clear();
  p.categories[1].label = "Notes | *bold* [link](javascript:x)";
  p.notice.summary = "# not a heading\n\n1. not a list";
  const std::string html = RenderNotice(p, DocFormat::kHtml);
  EXPECT_FALSE(Has(html, "<script>"));
  EXPECT_TRUE(Has(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'Co'"));
  ExpectHeadingsInOrder(html, true);

  const std::string md = RenderNotice(p, DocFormat::kMarkdown);
  EXPECT_FALSE(Has(md, "<script>"));
  EXPECT_TRUE(Has(md, "\\<script\\>"));
  EXPECT_TRUE(Has(md, "| Notes \\| \\*bold\\* \\[link\\](javascript:x) | Yes | No |"));
  EXPECT_TRUE(Has(md, "\n\\# not a heading\n"));
  EXPECT_TRUE(Has(md, "\n1\\. not a list\n"));
  ExpectHeadingsInOrder(md, false);
}

TEST(Notice, EmptySectionsAreLeftOut) {
  const Policy p = MinimalPolicy();
  const std::string html = RenderNotice(p, DocFormat::kHtml);
  EXPECT_FALSE(Has(html, "<table"));
  EXPECT_FALSE(Has(html, "<ul>\n</ul>"));
  EXPECT_FALSE(Has(html, "<p></p>"));
  EXPECT_FALSE(Has(html, "<h2></h2>"));
  for (const char* absent :
       {"Special category", "Who we share", "Cookies", "Keeping in touch", "How long we keep",
        "Why we use", "What information we collect", "Where your information comes from",
        "Children", "Withdrawing consent", "outside the UK"}) {
    EXPECT_FALSE(Has(html, absent)) << absent;
  }
  for (const char* present : {"Your rights", "How to complain", "Who we are", "Small Steps",
                              "dpo@example.org", "within one month"}) {
    EXPECT_TRUE(Has(html, present)) << present;
  }
  ExpectHeadingsInOrder(html, true);
  const std::string md = RenderNotice(p, DocFormat::kMarkdown);
  EXPECT_FALSE(Has(md, "| ---"));
  EXPECT_FALSE(Has(md, "\n\n\n")) << "no empty blocks";
}

TEST(Notice, IsDeterministic) {
  const Policy p = FullPolicy();
  EXPECT_EQ(RenderNotice(p, DocFormat::kHtml), RenderNotice(p, DocFormat::kHtml));
  EXPECT_EQ(RenderNotice(p, DocFormat::kMarkdown), RenderNotice(p, DocFormat::kMarkdown));
}

// ---------------------------------------------------------------------------------------------
// Text utilities.

TEST(Text, EscapeHtml) {
  EXPECT_EQ(EscapeHtml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
  EXPECT_EQ(EscapeHtml(std::string("x\x01y\tz", 5)), "xy\tz");
}

TEST(Text, EscapeMarkdown) {
  EXPECT_EQ(EscapeMarkdown("a_b*c`d"), "a\\_b\\*c\\`d");
  EXPECT_EQ(EscapeMarkdown("- item"), "\\- item");
  EXPECT_EQ(EscapeMarkdown("  12) twelve"), "12\\) twelve");
  EXPECT_EQ(EscapeMarkdown("Tom & Jerry &amp;"), "Tom & Jerry \\&amp;");
  EXPECT_EQ(EscapeMarkdown("one\ntwo"), "one two");
  EXPECT_EQ(EscapeMarkdownCell("a|b\nc"), "a\\|b<br>c");
}

TEST(Text, JoinLabels) {
  EXPECT_EQ(JoinLabels({}), "");
  EXPECT_EQ(JoinLabels({"a"}), "a");
  EXPECT_EQ(JoinLabels({"a", "b"}), "a and b");
  EXPECT_EQ(JoinLabels({"a", "b", "c"}), "a, b and c");
  EXPECT_EQ(JoinLabels({"a", "b", "c"}, "or"), "a, b or c");
}

TEST(Text, SplitFreeText) {
  const auto blocks = SplitFreeText(
      "First line\nsame paragraph.\r\n\r\nIntro:\n- one\n  more of one\n- two\nAfter");
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_FALSE(blocks[0].list);
  EXPECT_EQ(blocks[0].items, std::vector<std::string>{"First line same paragraph."});
  EXPECT_EQ(blocks[1].items, std::vector<std::string>{"Intro:"});
  EXPECT_TRUE(blocks[2].list);
  EXPECT_EQ(blocks[2].items, (std::vector<std::string>{"one more of one", "two"}));
  EXPECT_FALSE(blocks[3].list);
  EXPECT_TRUE(SplitFreeText(" \n\n ").empty());
}

TEST(Text, DocumentNeverSkipsHeadingLevels) {
  Document doc;
  doc.Heading(1, "Title");
  doc.Heading(3, "Too deep");
  doc.Heading(2, "Section");
  doc.Heading(3, "Subsection");
  doc.Heading(3, "");
  EXPECT_EQ(doc.ToMarkdown(), "# Title\n\n## Too deep\n\n## Section\n\n### Subsection\n");
}

TEST(Text, DocumentTables) {
  Document doc;
  doc.AddTable(Table{"Empty", {"A", "B"}, {}});
  doc.AddTable(Table{"Short rows", {"A", "B", "C"}, {{"x"}, {"y", "1\n2"}}});
  EXPECT_EQ(
      doc.ToMarkdown(),
      "**Short rows**\n\n| A | B | C |\n| --- | --- | --- |\n| x |  |  |\n| y | 1<br>2 |  |\n");
  const std::string html = doc.ToHtml("T");
  EXPECT_NE(html.find("<tr><th scope=\"row\">y</th><td>1<br>2</td><td></td></tr>"),
            std::string::npos);
  EXPECT_EQ(html.find("Empty"), std::string::npos);
}

TEST(Text, SmallWords) {
  EXPECT_EQ(FormatDate("2024-02-29"), "29 February 2024");
  EXPECT_EQ(FormatDate("2023-02-29"), "2023-02-29");
  EXPECT_EQ(FormatDate("soon"), "soon");
  EXPECT_EQ(FormatDate("2024-0--08"), "2024-0--08");
  EXPECT_EQ(FormatDate("2024-12-31"), "31 December 2024");
  EXPECT_EQ(LowerFirst("Date of hearing"), "date of hearing");
  EXPECT_EQ(LowerFirst("DBS check date"), "DBS check date");
  EXPECT_EQ(CountryName("US"), "United States");
  EXPECT_EQ(CountryName("XK"), "XK");
  EXPECT_FALSE(IsOutsideUk(""));
  EXPECT_FALSE(IsOutsideUk("GB"));
  EXPECT_TRUE(IsOutsideUk("IE"));
}

}  // namespace
}  // namespace casekeep::policy
