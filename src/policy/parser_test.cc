// Unit tests of the policy reader: periods, ids, suggestions, and the model built from a file.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/policy.h"
#include "policy/reader.h"

namespace casekeep::policy {
namespace {

using internal::IsValidId;
using internal::ParsePeriod;
using internal::Suggest;

std::string Minimal() {
  std::ifstream in(std::string(CASEKEEP_SOURCE_DIR) + "/tests/policy/minimal.toml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ParsePeriodTest, AcceptsUnitsInOrder) {
  auto p = ParsePeriod("1y6m");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->years, 1);
  EXPECT_EQ(p->months, 6);
  EXPECT_EQ(ParsePeriod("2w")->days, 14);
  EXPECT_EQ(ParsePeriod("30d")->days, 30);
  EXPECT_EQ(ParsePeriod("25y")->years, 25);
}

TEST(ParsePeriodTest, RejectsMalformed) {
  for (const char* bad : {"", "3", "y", "3 years", "3Y", "6m1y", "1y1y", "0y", "-1y", "99999y",
                          "1y ", " 1y", "1.5y"}) {
    EXPECT_FALSE(ParsePeriod(bad)) << bad;
  }
}

TEST(DescribePeriodTest, PlainEnglish) {
  EXPECT_EQ(DescribePeriod(*ParsePeriod("1y")), "1 year");
  EXPECT_EQ(DescribePeriod(*ParsePeriod("3y")), "3 years");
  EXPECT_EQ(DescribePeriod(*ParsePeriod("1y6m")), "1 year and 6 months");
  EXPECT_EQ(DescribePeriod(*ParsePeriod("1y1m1d")), "1 year, 1 month and 1 day");
}

TEST(IdTest, Pattern) {
  EXPECT_TRUE(IsValidId("court_order"));
  EXPECT_TRUE(IsValidId("a1"));
  EXPECT_FALSE(IsValidId("Court"));
  EXPECT_FALSE(IsValidId("1a"));
  EXPECT_FALSE(IsValidId("a-b"));
  EXPECT_FALSE(IsValidId(""));
  EXPECT_FALSE(IsValidId(std::string(65, 'a')));
}

TEST(SuggestTest, FindsTyposOnly) {
  std::vector<std::string> words{"email", "phone", "address"};
  EXPECT_EQ(Suggest("emial", words), "email");
  EXPECT_EQ(Suggest("adress", words), "address");
  EXPECT_FALSE(Suggest("colour", words));
}

TEST(ParsePolicyTest, MinimalBuildsTheModel) {
  ParseOutcome o = ParsePolicy(Minimal());
  ASSERT_TRUE(o.ok()) << o.errors.front().message;
  const Policy& p = o.policy;
  EXPECT_EQ(p.organisation.name, "Example Family Support");
  EXPECT_EQ(p.organisation.division, Division::kEnglandAndWales);
  ASSERT_EQ(p.subject_kinds.size(), 1u);
  EXPECT_EQ(p.subject_kinds[0].fields.size(), 2u);
  ASSERT_NE(p.FindCategory("health"), nullptr);
  EXPECT_EQ(p.FindCategory("health")->special, SpecialKind::kHealth);
  ASSERT_EQ(p.retention.size(), 1u);
  EXPECT_EQ(p.retention[0].from, Trigger::kCaseClosed);
  EXPECT_EQ(p.retention[0].period->years, 3);
  EXPECT_TRUE(p.consents[0].explicit_consent);
  EXPECT_EQ(p.roles[0].scope, Scope::kAssigned);
}

TEST(ParsePolicyTest, ErrorsAreSortedByPosition) {
  ParseOutcome o = ParsePolicy(Minimal() + "\n[[roles]]\nid = \"x\"\nlabel = \"X\"\nscope = \"all\"\n"
                                           "read = [\"nope\"]\n");
  ASSERT_EQ(o.errors.size(), 2u);
  EXPECT_LT(o.errors[0].line, o.errors[1].line);
  EXPECT_NE(o.errors[0].message.find("scope"), std::string::npos);
  EXPECT_NE(o.errors[1].message.find("unknown category 'nope'"), std::string::npos);
}

TEST(ParsePolicyTest, MissingFormatAndOrganisation) {
  ParseOutcome o = ParsePolicy("version = \"1\"\n");
  ASSERT_GE(o.errors.size(), 2u);
  EXPECT_NE(o.errors[0].message.find("format"), std::string::npos);
}

TEST(ParsePolicyTest, WrongFormatVersion) {
  std::string text = Minimal();
  text.replace(text.find("format = 1"), 10, "format = 2");
  ParseOutcome o = ParsePolicy(text);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].message.find("format 1, not 2"), std::string::npos);
}

TEST(ParsePolicyTest, DuplicateFieldIds) {
  ParseOutcome o = ParsePolicy(Minimal() +
                               "\n[[record_types.fields]]\nid = \"note\"\ntype = \"text\"\n"
                               "category = \"identity\"\n");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].message.find("duplicate field id 'note'"), std::string::npos);
}

TEST(ParsePolicyTest, NoticeUpdatedMustBeARealDate) {
  ParseOutcome o = ParsePolicy(Minimal() + "\n[notice]\nupdated = \"2025-02-29\"\n");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].message.find("February 2025 has 28 days"), std::string::npos);
  EXPECT_TRUE(ParsePolicy(Minimal() + "\n[notice]\nupdated = \"2024-02-29\"\n").ok());
}

}  // namespace
}  // namespace casekeep::policy

namespace casekeep::policy {
namespace {

// Found by fuzzing: toml++ 3.3 has undefined behaviour on some characters beyond ASCII outside
// strings; they are refused before parsing, with their position.
TEST(ParsePolicyTest, NonAsciiOutsideStringsIsASyntaxError) {
  ParseOutcome o = ParsePolicy("format = 1\n\xd1\x8f = 2\n");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0].line, 2u);
  EXPECT_EQ(o.errors[0].column, 1u);
  EXPECT_NE(o.errors[0].message.find("beyond ASCII"), std::string::npos);
  for (std::uint32_t cp : {0xA1u, 0x499u, 0x3001u, 0xFEFEu, 0x10000u}) {
    std::string ch;
    if (cp < 0x800) {
      ch = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    } else if (cp < 0x10000) {
      ch = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
            static_cast<char>(0x80 | (cp & 0x3F))};
    } else {
      ch = {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
            static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
    EXPECT_FALSE(ParsePolicy("a = 1 " + ch + "\n").ok()) << cp;
    EXPECT_FALSE(ParsePolicy(ch + "b = 1\n").ok()) << cp;
  }
  // Inside strings and comments, any character is fine.
  ParseOutcome ok = ParsePolicy("# café\nformat = 1 # naïve\nversion = \"Ünïcödé — ’\"\n"
                                "x = '''\nmulti é\n'''\n");
  for (const auto& e : ok.errors) EXPECT_EQ(e.message.find("beyond ASCII"), std::string::npos);
}

}  // namespace
}  // namespace casekeep::policy

namespace casekeep::policy {
namespace {

// Found by a hostile-input test: toml++ 3.3 fails an assertion on "[[[" at the start of a line.
TEST(ParsePolicyTest, TableHeaderWithoutAKeyIsASyntaxError) {
  for (const char* text : {"[[[", "[[[[x]]]]\n", "a = 1\n  [ ]\n", "[\n", "[[ !x]]\n"}) {
    ParseOutcome o = ParsePolicy(text);
    ASSERT_EQ(o.errors.size(), 1u) << text;
    EXPECT_NE(o.errors[0].message.find("table header must start with a key"), std::string::npos)
        << text << ": " << o.errors[0].message;
  }
  // Arrays of arrays in values and quoted header keys are fine.
  for (const auto& e : ParsePolicy("x = [[1], [2]]\n[\"quoted key\"]\n[[ a.b ]]\n").errors) {
    EXPECT_EQ(e.message.find("table header"), std::string::npos) << e.message;
  }
}

}  // namespace
}  // namespace casekeep::policy
