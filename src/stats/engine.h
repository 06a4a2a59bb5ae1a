// Running a report over facts: the cells of every combination of the dimensions' values, the
// row and column totals, small-number suppression (suppress.h) and rounding, as a Table ready
// for output.h. Pure: the caller gathers the facts. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "stats/definition.h"
#include "stats/facts.h"
#include "stats/suppress.h"

namespace casekeep::stats {

//! Cases opened in months from..to (month indexes, inclusive; 0: open-ended).
struct MonthRange {
  std::uint16_t from = 0;
  std::uint16_t to = 0;
};

struct Table {
  std::string report;
  std::string label;
  std::vector<std::string> row_dimensions;
  std::string column_dimension;  //!< empty for a one-dimensional report
  //! Row labels (one per row dimension), the last row "Total"; column labels, the last
  //! "Total" when there is a column dimension.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> columns;
  std::vector<Measure> measures;
  //! values[m][r * columns.size() + c]: rounded counts; attendance rates in whole percent
  //! (-1: no sessions). Meaningless where hidden.
  std::vector<std::vector<std::int64_t>> values;
  std::vector<Hidden> hidden;
  int threshold = 0;
  int rounding = 0;
  std::int64_t facts = 0;  //!< rows of facts the report counted
  std::size_t Cell(std::size_t r, std::size_t c) const { return r * columns.size() + c; }
};

//! Runs `def` over `facts` with the policy's settings (the definition may be stricter).
//! kInvalidArgument if the table would have more than kMaxCells cells.
[[nodiscard]] Result<Table> RunReport(const ReportDef& def, const policy::Settings& settings,
                                      const FactTable& facts, MonthRange range);

inline constexpr std::size_t kMaxCells = 200'000;

//! The months from..to, each "YYYY-MM" or "YYYY-MM-DD" (the day is ignored) or empty for
//! open-ended; kInvalidArgument for anything else or from after to.
[[nodiscard]] Result<MonthRange> ParseMonthRange(std::string_view from, std::string_view to);

//! `value` rounded to the nearest multiple of `base` (halves up); unchanged for base 0 or 1.
std::int64_t RoundTo(std::int64_t value, int base);

}  // namespace casekeep::stats
