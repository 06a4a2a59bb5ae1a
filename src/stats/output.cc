#include "stats/output.h"

#include <algorithm>

#include "policy/text.h"

namespace casekeep::stats {
namespace {

using nlohmann::json;
using policy::CsvRow;
using policy::EscapeHtml;

constexpr std::string_view kHiddenMark = "[c]";

std::string ValueText(const Table& t, std::size_t m, std::size_t cell) {
  if (t.hidden[cell] != Hidden::kNo) return std::string(kHiddenMark);
  const std::int64_t v = t.values[m][cell];
  if (t.measures[m] == Measure::kAttendanceRate) return v < 0 ? "" : std::to_string(v);
  return std::to_string(v);
}

std::string Notes(const Table& t) {
  std::string s = "Counts from 1 to " + std::to_string(t.threshold - 1) +
                  " are hidden ([c]), with further cells hidden so that none can be worked out "
                  "from the totals.";
  if (t.rounding > 1) {
    s += " Counts are rounded to the nearest " + std::to_string(t.rounding) +
         ", each total on its own, so totals may differ from the sum of their cells.";
  }
  return s;
}

std::string Chart(const Table& t) {
  // Bars: the first measure's row totals (the last column), one per row but the grand total.
  const std::size_t total_col = t.columns.size() - 1;
  const std::size_t bars = t.rows.size() - 1;
  std::int64_t max = 1;
  for (std::size_t r = 0; r < bars; ++r) {
    const std::size_t cell = t.Cell(r, total_col);
    if (t.hidden[cell] == Hidden::kNo) max = std::max(max, t.values[0][cell]);
  }
  constexpr int kBar = 18, kGap = 6, kLabel = 220, kWidth = 420;
  const int height = static_cast<int>(bars) * (kBar + kGap) + kGap;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                  std::to_string(kLabel + kWidth + 80) + "\" height=\"" + std::to_string(height) +
                  "\" aria-label=\"" + EscapeHtml(std::string(MeasureName(t.measures[0]))) +
                  " by row\">\n";
  for (std::size_t r = 0; r < bars; ++r) {
    const std::size_t cell = t.Cell(r, total_col);
    const int y = kGap + static_cast<int>(r) * (kBar + kGap);
    const std::string label = EscapeHtml(policy::Join(t.rows[r], " / "));
    s += "<text x=\"0\" y=\"" + std::to_string(y + kBar - 4) + "\" font-size=\"12\">" + label +
         "</text>";
    if (t.hidden[cell] != Hidden::kNo) {
      s += "<text x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + kBar - 4) +
           "\" font-size=\"12\">[c]</text>\n";
      continue;
    }
    const std::int64_t v = t.values[0][cell];
    const int w = static_cast<int>(static_cast<double>(std::max<std::int64_t>(v, 0)) * kWidth /
                                   static_cast<double>(max));
    s += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
         std::to_string(w) + "\" height=\"" + std::to_string(kBar) +
         "\" fill=\"#3b6ea5\"/><text x=\"" + std::to_string(kLabel + w + 4) + "\" y=\"" +
         std::to_string(y + kBar - 4) + "\" font-size=\"12\">" + std::to_string(v) + "</text>\n";
  }
  return s + "</svg>\n";
}

}  // namespace

Result<Format> ParseFormat(std::string_view name) {
  if (name == "csv") return Format::kCsv;
  if (name == "json") return Format::kJson;
  if (name == "html") return Format::kHtml;
  return InvalidArgument("format must be csv, json or html");
}

std::string_view ContentType(Format f) {
  switch (f) {
    case Format::kCsv: return "text/csv; charset=utf-8";
    case Format::kJson: return "application/json";
    case Format::kHtml: return "text/html; charset=utf-8";
  }
  return "text/plain";
}

std::string ToCsv(const Table& t) {
  std::vector<std::string> header = t.row_dimensions;
  header.push_back(t.column_dimension.empty() ? "column" : t.column_dimension);
  for (Measure m : t.measures) header.emplace_back(MeasureName(m));
  std::string out = CsvRow(header);
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      std::vector<std::string> line = t.rows[r];
      line.push_back(t.columns[c]);
      for (std::size_t m = 0; m < t.measures.size(); ++m)
        line.push_back(ValueText(t, m, t.Cell(r, c)));
      out += CsvRow(line);
    }
  }
  return out;
}

json ToJson(const Table& t) {
  json measures = json::array();
  for (Measure m : t.measures) measures.push_back(MeasureName(m));
  json cells = json::array();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::size_t cell = t.Cell(r, c);
      json values = json::object();
      for (std::size_t m = 0; m < t.measures.size(); ++m) {
        const std::int64_t v = t.values[m][cell];
        const bool none =
            t.hidden[cell] != Hidden::kNo || (t.measures[m] == Measure::kAttendanceRate && v < 0);
        values[std::string(MeasureName(t.measures[m]))] = none ? json(nullptr) : json(v);
      }
      cells.push_back({{"row", t.rows[r]},
                       {"column", t.columns[c]},
                       {"suppressed", t.hidden[cell] != Hidden::kNo},
                       {"values", values}});
    }
  }
  return json{{"report", t.report},
              {"label", t.label},
              {"row_dimensions", t.row_dimensions},
              {"column_dimension", t.column_dimension},
              {"measures", measures},
              {"suppression_threshold", t.threshold},
              {"rounding", t.rounding},
              {"cells", cells},
              {"notes", Notes(t)}};
}

std::string ToHtml(const Table& t) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                  EscapeHtml(t.label) +
                  "</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
                  "td,th{border:1px solid #999;padding:2px 6px;text-align:right}"
                  "th{background:#eee}</style></head><body>\n<h1>" +
                  EscapeHtml(t.label) + "</h1>\n";
  for (std::size_t m = 0; m < t.measures.size(); ++m) {
    s += "<h2>" + EscapeHtml(std::string(MeasureName(t.measures[m]))) + "</h2>\n<table><tr>";
    for (const auto& d : t.row_dimensions) s += "<th>" + EscapeHtml(d) + "</th>";
    if (t.row_dimensions.empty()) s += "<th></th>";
    for (const auto& c : t.columns) s += "<th>" + EscapeHtml(c) + "</th>";
    s += "</tr>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      s += "<tr>";
      for (const auto& label : t.rows[r]) s += "<th>" + EscapeHtml(label) + "</th>";
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        s += "<td>" + EscapeHtml(ValueText(t, m, t.Cell(r, c))) + "</td>";
      }
      s += "</tr>\n";
    }
    s += "</table>\n";
  }
  s += "<h2>" + EscapeHtml(std::string(MeasureName(t.measures[0]))) + " by row</h2>\n" + Chart(t);
  s += "<p>" + EscapeHtml(Notes(t)) + "</p>\n</body></html>\n";
  return s;
}

std::string Render(const Table& t, Format f) {
  switch (f) {
    case Format::kCsv: return ToCsv(t);
    case Format::kJson: return ToJson(t).dump(2) + "\n";
    case Format::kHtml: return ToHtml(t);
  }
  return {};
}

}  // namespace casekeep::stats
