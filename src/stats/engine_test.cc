#include "stats/engine.h"

#include <gtest/gtest.h>

#include "stats/output.h"

namespace casekeep::stats {
namespace {

// Facts: `n` people in service `service`, month `month` of 2025, aged `age`, each their own
// case with `sessions` sessions of which `attended` attended.
void Add(FactTable& t, std::string_view service, int month, int age, int n, int sessions = 0,
         int attended = 0) {
  const auto s = *t.services.Id(service);
  for (int i = 0; i < n; ++i) {
    Fact f;
    f.person = t.people++;
    f.service = static_cast<std::uint8_t>(s);
    f.month = MonthIndex(2025, month);
    f.age = static_cast<std::uint8_t>(age);
    f.lead = 1;
    f.sessions = static_cast<std::uint16_t>(sessions);
    f.attended = static_cast<std::uint16_t>(attended);
    t.rows.push_back(f);
  }
}

ReportDef Def(std::vector<Dimension> dims, std::vector<Measure> measures) {
  ReportDef d;
  d.id = "r";
  d.label = "R <&>";
  d.dimensions = std::move(dims);
  d.measures = std::move(measures);
  return d;
}

policy::Settings Settings(int threshold = 5, int rounding = 0) {
  policy::Settings s;
  s.suppression_threshold = threshold;
  s.rounding = rounding;
  return s;
}

std::vector<std::int64_t> Column(const Table& t, std::size_t m, std::size_t c) {
  std::vector<std::int64_t> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) out.push_back(t.values[m][t.Cell(r, c)]);
  return out;
}

TEST(Engine, CountsCellsAndTotals) {
  FactTable t;
  Add(t, "alpha", 1, 30, 10, 2, 1);
  Add(t, "alpha", 2, 30, 20, 1, 1);
  Add(t, "beta", 1, 30, 30);
  auto table = RunReport(
      Def({Dimension::kService, Dimension::kMonth},
          {Measure::kPeople, Measure::kCases, Measure::kSessions, Measure::kAttendanceRate}),
      Settings(), t, {});
  ASSERT_TRUE(table.has_value()) << table.error().message;
  EXPECT_EQ(table->columns, (std::vector<std::string>{"2025-01", "2025-02", "Total"}));
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0], std::vector<std::string>{"alpha"});
  EXPECT_EQ(table->rows[2], std::vector<std::string>{"Total"});
  // People, by column: 2025-01 holds alpha 10 and beta 30; beta has none in February (a true
  // zero, shown).
  EXPECT_EQ(Column(*table, 0, 0), (std::vector<std::int64_t>{10, 30, 40}));
  EXPECT_EQ(Column(*table, 0, 1), (std::vector<std::int64_t>{20, 0, 20}));
  EXPECT_EQ(Column(*table, 0, 2), (std::vector<std::int64_t>{30, 30, 60}));
  EXPECT_EQ(Column(*table, 2, 2), (std::vector<std::int64_t>{40, 0, 40}));  // sessions
  EXPECT_EQ(table->values[3][table->Cell(0, 0)], 50);                       // 10 of 20
  EXPECT_EQ(table->values[3][table->Cell(1, 0)], -1);                       // no sessions
  for (Hidden h : table->hidden) EXPECT_EQ(h, Hidden::kNo);
}

TEST(Engine, PeopleAreCountedOnceInEachTotal) {
  FactTable t;
  Add(t, "alpha", 1, 30, 6);
  // The same six people again in February: 6 per month, 6 in the row total.
  for (int i = 0; i < 6; ++i) {
    Fact f = t.rows[static_cast<std::size_t>(i)];
    f.month = MonthIndex(2025, 2);
    t.rows.push_back(f);
  }
  auto table =
      RunReport(Def({Dimension::kService, Dimension::kMonth}, {Measure::kPeople, Measure::kCases}),
                Settings(), t, {});
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->values[0][table->Cell(0, 2)], 6);   // people
  EXPECT_EQ(table->values[1][table->Cell(0, 2)], 12);  // cases
}

TEST(Engine, ARecoverableSmallCellIsProtected) {
  FactTable t;
  Add(t, "alpha", 1, 30, 3);
  Add(t, "alpha", 2, 30, 10);
  Add(t, "beta", 1, 30, 12);
  Add(t, "beta", 2, 30, 15);
  auto table = RunReport(Def({Dimension::kService, Dimension::kMonth}, {Measure::kPeople}),
                         Settings(), t, {});
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->hidden[table->Cell(0, 0)], Hidden::kPrimary);
  Grid g{table->rows.size(), table->columns.size(), true, true, table->values[0]};
  EXPECT_TRUE(RecoverableCells(g, table->hidden).empty());
  const std::string csv = ToCsv(*table);
  EXPECT_NE(csv.find("alpha,2025-01,[c]"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",3\r\n"), std::string::npos) << csv;
}

TEST(Engine, RoundsEveryCountOnItsOwn) {
  FactTable t;
  Add(t, "alpha", 1, 30, 12);
  Add(t, "alpha", 2, 30, 13);
  auto table = RunReport(Def({Dimension::kMonth}, {Measure::kCases}), Settings(5, 5), t, {});
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(Column(*table, 0, 0), (std::vector<std::int64_t>{10, 15, 25}));
  EXPECT_EQ(RoundTo(12, 5), 10);
  EXPECT_EQ(RoundTo(13, 5), 15);
  EXPECT_EQ(RoundTo(0, 5), 0);
  EXPECT_EQ(RoundTo(7, 0), 7);
}

TEST(Engine, AgeBandsAndMonthRange) {
  FactTable t;
  Add(t, "alpha", 1, 3, 5);
  Add(t, "alpha", 1, 70, 6);
  Add(t, "alpha", 3, 40, 7);
  ReportDef d = Def({Dimension::kAgeBand}, {Measure::kPeople});
  d.mappings.age_bands = {0, 18, 65};
  auto table = RunReport(d, Settings(), t, {MonthIndex(2025, 1), MonthIndex(2025, 2)});
  ASSERT_TRUE(table.has_value());
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0][0], "0-17");
  EXPECT_EQ(table->rows[1][0], "65+");
  EXPECT_EQ(Column(*table, 0, 0), (std::vector<std::int64_t>{5, 6, 11}));
  EXPECT_EQ(table->facts, 11);
}

TEST(Engine, NoFactsInRangeGiveOnlyZeroTotals) {
  FactTable t;
  Add(t, "alpha", 1, 30, 12);
  auto table = RunReport(Def({Dimension::kService, Dimension::kMonth}, {Measure::kPeople}),
                         Settings(), t, {MonthIndex(2026, 1), MonthIndex(2026, 2)});
  ASSERT_TRUE(table.has_value()) << table.error().message;
  ASSERT_EQ(table->rows.size(), 1u);
  ASSERT_EQ(table->columns, std::vector<std::string>{"Total"});
  EXPECT_EQ(table->values[0][0], 0);
  EXPECT_NE(ToHtml(*table).find("<svg"), std::string::npos);
  EXPECT_EQ(ToCsv(*table), "service,month,people\r\nTotal,Total,0\r\n");
}

TEST(Engine, OutputsEscapeLabelsAndDrawAChart) {
  FactTable t;
  Add(t, "<script>", 1, 30, 8);
  Add(t, "beta", 1, 30, 9);
  auto table = RunReport(Def({Dimension::kService}, {Measure::kPeople}), Settings(), t, {});
  ASSERT_TRUE(table.has_value());
  const std::string html = ToHtml(*table);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("R &lt;&amp;&gt;"), std::string::npos);
  const auto json = ToJson(*table);
  EXPECT_EQ(json["cells"][0]["values"]["people"], 8);
  EXPECT_EQ(json["cells"][0]["row"][0], "<script>");
}

TEST(Engine, HiddenCellsAreNullInJson) {
  FactTable t;
  Add(t, "alpha", 1, 30, 2);
  Add(t, "beta", 1, 30, 9);
  Add(t, "gamma", 1, 30, 9);
  auto table = RunReport(Def({Dimension::kService}, {Measure::kPeople}), Settings(), t, {});
  ASSERT_TRUE(table.has_value());
  const auto json = ToJson(*table);
  EXPECT_TRUE(json["cells"][0]["values"]["people"].is_null());
  EXPECT_TRUE(json["cells"][0]["suppressed"].get<bool>());
  EXPECT_TRUE(json["cells"][1]["values"]["people"].is_null());  // the secondary
  EXPECT_EQ(json["cells"][2]["values"]["people"], 9);
  EXPECT_EQ(json["cells"][3]["values"]["people"], 20);
}

}  // namespace
}  // namespace casekeep::stats
