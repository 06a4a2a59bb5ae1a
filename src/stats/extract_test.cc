#include "stats/extract.h"

#include <gtest/gtest.h>

#include <map>

namespace casekeep::stats {
namespace {

// People with a postcode district, month and age.
void Add(FactTable& t, std::string_view district, int month, int age, int n) {
  const auto d = *t.districts.Id(district);
  for (int i = 0; i < n; ++i) {
    Fact f;
    f.person = t.people++;
    f.district = static_cast<std::uint16_t>(d);
    f.month = MonthIndex(2025, month);
    f.age = static_cast<std::uint8_t>(age);
    f.lead = 1;
    f.sessions = 3;
    t.rows.push_back(f);
  }
}

ExtractDef Def(BelowK below) {
  ExtractDef d;
  d.id = "e";
  d.columns = {Dimension::kAgeBand, Dimension::kPostcodeDistrict, Dimension::kMonth};
  d.quasi_identifiers = d.columns;
  d.sessions = true;
  d.below_k = below;
  d.mappings.age_bands = {0, 18, 25, 65};
  return d;
}

policy::Settings K(int k) {
  policy::Settings s;
  s.k_anonymity = k;
  return s;
}

std::string Code(std::uint32_t person) {
  return "P" + std::to_string(person);
}

// Rows per combination of the quasi-identifier columns (1..3).
std::map<std::vector<std::string>, int> Groups(const Extract& e) {
  std::map<std::vector<std::string>, int> g;
  for (const auto& row : e.rows) ++g[{row[1], row[2], row[3]}];
  return g;
}

TEST(Extract, AlreadyKAnonymousIsLeftAlone) {
  FactTable t;
  Add(t, "SW1A", 1, 30, 5);
  Add(t, "SW1A", 2, 30, 5);
  auto e = RunExtract(Def(BelowK::kRefuse), K(5), t, {}, Code);
  ASSERT_TRUE(e.has_value()) << e.error().message;
  EXPECT_TRUE(e->generalised.empty());
  EXPECT_EQ(e->columns, (std::vector<std::string>{"pseudonym", "age_band", "postcode_district",
                                                  "month", "sessions"}));
  ASSERT_EQ(e->rows.size(), 10u);
  EXPECT_EQ(e->rows[0], (std::vector<std::string>{"P0", "25-64", "SW1A", "2025-01", "3"}));
  EXPECT_EQ(e->smallest_group, 5);
}

TEST(Extract, BelowKIsRefusedWhenTheDefinitionSaysSo) {
  FactTable t;
  Add(t, "SW1A", 1, 30, 5);
  Add(t, "SW1B", 1, 30, 2);
  auto e = RunExtract(Def(BelowK::kRefuse), K(5), t, {}, Code);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(e.error().message.find("2 of 7 rows"), std::string::npos) << e.error().message;
}

TEST(Extract, BelowKIsGeneralisedUntilEveryGroupHasK) {
  FactTable t;
  Add(t, "SW1A", 1, 30, 5);
  Add(t, "SW1B", 2, 30, 2);  // alone in its district and month
  Add(t, "SW2", 1, 20, 3);   // alone in its age band
  auto e = RunExtract(Def(BelowK::kGeneralise), K(5), t, {}, Code);
  ASSERT_TRUE(e.has_value()) << e.error().message;
  EXPECT_FALSE(e->generalised.empty());
  for (const auto& [key, n] : Groups(*e)) EXPECT_GE(n, 5) << key[0] << " " << key[1];
  EXPECT_GE(e->smallest_group, 5);
  EXPECT_EQ(e->rows.size(), 10u);
}

TEST(Extract, DistrictsBecomeAreas) {
  FactTable t;
  Add(t, "SW1A", 1, 30, 3);
  Add(t, "SW1B", 1, 30, 3);
  ExtractDef d = Def(BelowK::kGeneralise);
  d.columns = {Dimension::kPostcodeDistrict};
  d.quasi_identifiers = d.columns;
  auto e = RunExtract(d, K(5), t, {}, Code);
  ASSERT_TRUE(e.has_value()) << e.error().message;
  EXPECT_EQ(e->generalised, std::vector<std::string>{"postcode_district: district to area"});
  EXPECT_EQ(e->rows[0][1], "SW");
}

TEST(Extract, TooFewRowsAltogetherIsRefused) {
  FactTable t;
  Add(t, "SW1A", 1, 30, 3);
  auto e = RunExtract(Def(BelowK::kGeneralise), K(5), t, {}, Code);
  ASSERT_FALSE(e.has_value());
  EXPECT_NE(e.error().message.find("even fully generalised"), std::string::npos);
}

TEST(Extract, TheDefinitionsKIsStricterThanThePolicys) {
  FactTable t;
  Add(t, "SW1A", 1, 30, 6);
  ExtractDef d = Def(BelowK::kRefuse);
  d.k = 7;
  EXPECT_FALSE(RunExtract(d, K(5), t, {}, Code).has_value());
  d.k = 0;
  EXPECT_TRUE(RunExtract(d, K(5), t, {}, Code).has_value());
}

TEST(Facts, PostcodeDistricts) {
  EXPECT_EQ(PostcodeDistrict("sw1a 1aa"), "SW1A");
  EXPECT_EQ(PostcodeDistrict("M1 1AE"), "M1");
  EXPECT_EQ(PostcodeDistrict("B33 8TH"), "B33");
  EXPECT_EQ(PostcodeDistrict("not a postcode"), "");
  EXPECT_EQ(PostcodeDistrict("SW1A"), "");
  EXPECT_EQ(PostcodeArea("SW1A"), "SW");
  EXPECT_EQ(PostcodeArea("B33"), "B");
}

}  // namespace
}  // namespace casekeep::stats
