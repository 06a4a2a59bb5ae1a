// A report's table as CSV, JSON or HTML (docs/statistics.md "Output"). Hidden cells are "[c]"
// in CSV and HTML and null in JSON; every label is escaped. The HTML is one self-contained page
// with an inline SVG bar chart of the first measure's row totals (no scripts, no external
// resources). Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/error.h"
#include "stats/engine.h"

namespace casekeep::stats {

enum class Format { kCsv, kJson, kHtml };
//! "csv", "json" or "html"; kInvalidArgument otherwise.
[[nodiscard]] Result<Format> ParseFormat(std::string_view name);
std::string_view ContentType(Format f);

//! One line per cell (totals included): the row labels, the column label, then each measure.
std::string ToCsv(const Table& t);
nlohmann::json ToJson(const Table& t);
std::string ToHtml(const Table& t);
std::string Render(const Table& t, Format f);

}  // namespace casekeep::stats
