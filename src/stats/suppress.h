// Small-number suppression of a table with its totals (docs/statistics.md "Suppression").
// A table is a grid of cells whose last column may hold each row's total and whose last row
// may hold each column's total (the corner is the grand total). Primary suppression hides
// counts from 1 to threshold - 1; secondary suppression then hides more cells until no hidden
// cell can be worked out from the published ones: every row and column (totals included) has
// zero or at least two hidden cells, and no hidden cell is forced by a chain of rows and
// columns (a bridge in the graph of hidden cells). Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace casekeep::stats {

enum class Hidden : std::uint8_t { kNo = 0, kPrimary = 1, kSecondary = 2 };

struct Grid {
  std::size_t rows = 0;
  std::size_t cols = 0;
  bool row_totals = false;           //!< the last column is the sum of each row
  bool col_totals = false;           //!< the last row is the sum of each column
  std::vector<std::int64_t> values;  //!< row-major; the count secondary suppression ranks by
  std::int64_t At(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
};

//! Secondary suppression: hides further cells of `hidden` (which holds the primary ones) until
//! RecoverableCells finds none. Picks the smallest candidate each time, preferring cells that
//! are not zero (a hidden zero protects little).
void SecondarySuppress(const Grid& grid, std::vector<Hidden>& hidden);

//! The hidden cells whose exact value follows from the published cells and the totals by
//! linear algebra (Gaussian elimination over every row and column equation): the independent
//! check of SecondarySuppress. Cost grows with rows x columns x hidden cells; for tests and
//! tables of a few thousand cells.
std::vector<std::size_t> RecoverableCells(const Grid& grid, const std::vector<Hidden>& hidden);

}  // namespace casekeep::stats
