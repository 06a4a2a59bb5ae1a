#include "stats/suppress.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace casekeep::stats {
namespace {

// A table of inner cells with its totals added: the last column and the last row.
Grid WithMargins(const std::vector<std::vector<std::int64_t>>& inner) {
  Grid g;
  g.rows = inner.size() + 1;
  g.cols = inner[0].size() + 1;
  g.row_totals = g.col_totals = true;
  g.values.assign(g.rows * g.cols, 0);
  for (std::size_t r = 0; r < inner.size(); ++r) {
    for (std::size_t c = 0; c < inner[r].size(); ++c) {
      const std::int64_t v = inner[r][c];
      g.values[r * g.cols + c] += v;
      g.values[r * g.cols + g.cols - 1] += v;
      g.values[(g.rows - 1) * g.cols + c] += v;
      g.values[g.rows * g.cols - 1] += v;
    }
  }
  return g;
}

std::vector<Hidden> Primary(const Grid& g, int threshold) {
  std::vector<Hidden> h(g.values.size(), Hidden::kNo);
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (g.values[i] > 0 && g.values[i] < threshold) h[i] = Hidden::kPrimary;
  }
  return h;
}

std::size_t CountHidden(const std::vector<Hidden>& h) {
  std::size_t n = 0;
  for (Hidden x : h) n += x != Hidden::kNo ? 1u : 0u;
  return n;
}

TEST(Suppress, ACellRecoverableFromTotalsGetsSecondarySuppression) {
  // 3 is the only small count: with the totals published, 3 = 23 - 20 - ... is recoverable.
  const Grid g = WithMargins({{3, 10, 10}, {12, 15, 20}, {14, 9, 30}});
  auto hidden = Primary(g, 5);
  ASSERT_EQ(CountHidden(hidden), 1u);
  ASSERT_EQ(RecoverableCells(g, hidden), std::vector<std::size_t>{0});  // the attack works
  SecondarySuppress(g, hidden);
  EXPECT_TRUE(RecoverableCells(g, hidden).empty());
  // The smallest partners close a rectangle: 10 beside it in row 0, 12 below it in column 0,
  // and 15, the smallest other count of row 1.
  EXPECT_EQ(CountHidden(hidden), 4u);
  EXPECT_EQ(hidden[0], Hidden::kPrimary);
  EXPECT_EQ(hidden[1], Hidden::kSecondary);
  EXPECT_EQ(hidden[1 * g.cols + 0], Hidden::kSecondary);
  EXPECT_EQ(hidden[1 * g.cols + 1], Hidden::kSecondary);
}

struct Case {
  std::string name;
  std::vector<std::vector<std::int64_t>> inner;
  int threshold;
  std::size_t min_hidden;  // at least this many hidden afterwards
};

class SuppressTable : public ::testing::TestWithParam<Case> {};

TEST_P(SuppressTable, NoHiddenCellCanBeWorkedOut) {
  const Case& c = GetParam();
  const Grid g = WithMargins(c.inner);
  auto hidden = Primary(g, c.threshold);
  const auto primary = hidden;
  SecondarySuppress(g, hidden);
  EXPECT_TRUE(RecoverableCells(g, hidden).empty()) << c.name;
  EXPECT_GE(CountHidden(hidden), c.min_hidden) << c.name;
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    if (primary[i] == Hidden::kPrimary) {
      EXPECT_EQ(hidden[i], Hidden::kPrimary) << c.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Tables, SuppressTable,
    ::testing::Values(Case{"nothing small", {{10, 20}, {30, 40}}, 5, 0},
                      Case{"two small in one row", {{2, 3, 20}, {30, 40, 50}}, 5, 4},
                      Case{"small total row", {{1, 1}, {30, 40}}, 5, 4},
                      Case{"a single row", {{3, 10, 12}}, 5, 4},
                      Case{"a single column", {{3}, {10}, {12}}, 5, 4},
                      Case{"zeros are not hidden first", {{0, 3, 8}, {0, 9, 11}}, 5, 4},
                      Case{"diagonal smalls", {{1, 20, 20}, {20, 2, 20}, {20, 20, 3}}, 5, 3},
                      Case{"everything small", {{1, 2}, {3, 4}}, 50, 9}),
    [](const auto& param_info) {
      std::string n = param_info.param.name;
      for (char& ch : n) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return n;
    });

TEST(Suppress, ZerosArePreferredLast) {
  // Row 0: the 2 must be joined by another hidden cell; the 0 is smaller but protects nothing.
  const Grid g = WithMargins({{2, 0, 7}, {8, 0, 9}});
  auto hidden = Primary(g, 5);
  SecondarySuppress(g, hidden);
  EXPECT_EQ(hidden[1], Hidden::kNo);
  EXPECT_TRUE(RecoverableCells(g, hidden).empty());
}

TEST(Suppress, ABridgeBetweenTwoProtectedBlocksIsBroken) {
  // Rows 0-1 x columns 0-1 and rows 2-3 x columns 2-3 are each a protected rectangle; cell
  // (0, 2) joins them and sits on no cycle, so the totals give it away although its row and
  // its column each hold three hidden cells.
  const Grid g = WithMargins(
      {{20, 20, 20, 50, 50}, {20, 20, 50, 50, 50}, {50, 50, 20, 20, 50}, {50, 50, 20, 20, 50}});
  std::vector<Hidden> hidden(g.values.size(), Hidden::kNo);
  for (auto [r, c] : std::vector<std::pair<std::size_t, std::size_t>>{
           {0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}, {0, 2}}) {
    hidden[r * g.cols + c] = Hidden::kPrimary;
  }
  ASSERT_EQ(RecoverableCells(g, hidden), std::vector<std::size_t>{2});
  SecondarySuppress(g, hidden);
  EXPECT_TRUE(RecoverableCells(g, hidden).empty());
}

TEST(Suppress, OneWayTableHidesTheNextSmallest) {
  Grid g;
  g.rows = 4;
  g.cols = 1;
  g.col_totals = true;
  g.values = {3, 9, 20, 32};
  auto hidden = Primary(g, 5);
  SecondarySuppress(g, hidden);
  EXPECT_EQ(hidden[1], Hidden::kSecondary);
  EXPECT_EQ(hidden[2], Hidden::kNo);
  EXPECT_TRUE(RecoverableCells(g, hidden).empty());
}

TEST(Suppress, RandomTablesNeverLeaveARecoverableCell) {
  std::mt19937 rng(20261202);
  for (int round = 0; round < 300; ++round) {
    const std::size_t rows = 1 + rng() % 6;
    const std::size_t cols = 1 + rng() % 6;
    std::vector<std::vector<std::int64_t>> inner(rows, std::vector<std::int64_t>(cols));
    for (auto& row : inner) {
      for (auto& v : row)
        v = static_cast<std::int64_t>(rng() % 3 == 0 ? rng() % 5 : 5 + rng() % 40);
    }
    const Grid g = WithMargins(inner);
    auto hidden = Primary(g, 5);
    SecondarySuppress(g, hidden);
    ASSERT_TRUE(RecoverableCells(g, hidden).empty()) << "round " << round;
  }
}

}  // namespace
}  // namespace casekeep::stats
