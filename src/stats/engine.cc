#include "stats/engine.h"

#include <algorithm>
#include <array>
#include <numeric>

#include "base/date.h"

namespace casekeep::stats {
namespace {

constexpr std::uint32_t kUnobserved = 0xFFFFFFFFu;
constexpr std::size_t kDomain = 65536;

// Which field of a fact a dimension reads.
std::uint32_t Raw(Dimension d, const Fact& f) {
  switch (d) {
    case Dimension::kService: return f.service;
    case Dimension::kReferralSource: return f.referral;
    case Dimension::kOutcome: return f.outcome;
    case Dimension::kMonth:
    case Dimension::kQuarter:
    case Dimension::kYear: return f.month;
    case Dimension::kAgeBand: return f.age;
    case Dimension::kPostcodeDistrict:
    case Dimension::kPostcodeArea: return f.district;
  }
  return 0;
}

// One dimension of a run: raw value -> dense key, and the keys' labels.
struct Axis {
  Dimension dim;
  std::vector<std::uint32_t> dense;  // by raw value
  std::vector<std::string> labels;   // by dense key
};

// Groups raw values (a quarter of months, a band of ages, an area of districts) and labels
// them; groups sort by their number, "not recorded" last.
struct Group {
  std::uint64_t order;
  std::string label;
};

Group GroupOf(Dimension d, std::uint32_t raw, const ReportDef& def, const FactTable& facts) {
  constexpr std::uint64_t kLast = ~std::uint64_t{0};
  switch (d) {
    case Dimension::kService:
      return {raw == 0 ? kLast : raw, raw == 0 ? "not recorded" : facts.services.names()[raw]};
    case Dimension::kReferralSource:
      return {raw == 0 ? kLast : raw, raw == 0 ? "not recorded" : facts.referrals.names()[raw]};
    case Dimension::kOutcome:
      return {raw == 0 ? kLast : raw, raw == 0 ? "not recorded" : facts.outcomes.names()[raw]};
    case Dimension::kMonth:
      return {raw == 0 ? kLast : raw,
              raw == 0 ? "not recorded" : MonthLabel(static_cast<std::uint16_t>(raw))};
    case Dimension::kQuarter: {
      if (raw == 0) return {kLast, "not recorded"};
      const std::uint32_t q = raw / 3;
      return {q, std::to_string(q / 4) + "-Q" + std::to_string(q % 4 + 1)};
    }
    case Dimension::kYear:
      if (raw == 0) return {kLast, "not recorded"};
      return {raw / 12, std::to_string(raw / 12)};
    case Dimension::kAgeBand: {
      if (raw == kUnknownAge) return {kLast, "not recorded"};
      const std::size_t band = AgeBandOf(def.mappings.age_bands, static_cast<int>(raw));
      return {band, AgeBandLabel(def.mappings.age_bands, band)};
    }
    case Dimension::kPostcodeDistrict:
      return {raw == 0 ? kLast : 0, raw == 0 ? "not recorded" : facts.districts.names()[raw]};
    case Dimension::kPostcodeArea: {
      if (raw == 0) return {kLast, "not recorded"};
      return {0, PostcodeArea(facts.districts.names()[raw])};
    }
  }
  return {kLast, ""};
}

bool InRange(const Fact& f, MonthRange range) {
  if (range.from == 0 && range.to == 0) return true;
  if (f.month == 0) return false;
  return (range.from == 0 || f.month >= range.from) && (range.to == 0 || f.month <= range.to);
}

Axis MakeAxis(Dimension d, const std::vector<bool>& seen, const ReportDef& def,
              const FactTable& facts) {
  Axis a{d, std::vector<std::uint32_t>(kDomain, kUnobserved), {}};
  std::vector<std::pair<Group, std::uint32_t>> groups;
  for (std::uint32_t raw = 0; raw < kDomain; ++raw) {
    if (seen[raw]) groups.emplace_back(GroupOf(d, raw, def, facts), raw);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
    return x.first.order != y.first.order ? x.first.order < y.first.order
                                          : x.first.label < y.first.label;
  });
  for (const auto& [g, raw] : groups) {
    if (a.labels.empty() || a.labels.back() != g.label) a.labels.push_back(g.label);
    a.dense[raw] = static_cast<std::uint32_t>(a.labels.size() - 1);
  }
  return a;
}

// The grid cell of a fact's inner cell, or kUnobserved when out of range.
struct Layout {
  std::vector<Axis> row_axes;
  std::optional<Axis> col_axis;
  std::size_t inner_rows = 1;
  std::size_t inner_cols = 1;
  std::size_t grid_cols = 1;
  std::size_t RowOf(const Fact& f) const {
    std::size_t r = 0;
    for (const auto& a : row_axes) r = r * a.labels.size() + a.dense[Raw(a.dim, f)];
    return r;
  }
  std::size_t ColOf(const Fact& f) const {
    return col_axis ? col_axis->dense[Raw(col_axis->dim, f)] : 0;
  }
};

constexpr std::uint32_t kOutOfRange = 0xFFFFFFFFu;

// Sorts a short run in place and drops repeats; returns the new length.
std::size_t SortUnique(std::uint32_t* v, std::size_t n) {
  if (n > 16) {
    std::sort(v, v + n);
  } else {
    for (std::size_t i = 1; i < n; ++i) {
      const std::uint32_t x = v[i];
      std::size_t j = i;
      for (; j > 0 && v[j - 1] > x; --j) v[j] = v[j - 1];
      v[j] = x;
    }
  }
  return static_cast<std::size_t>(std::unique(v, v + n) - v);
}

// Distinct people per grid cell, row total, column total and grand total, from each fact's
// grid cell (kOutOfRange when left out). The cells are regrouped by person with a counting
// sort (sequential reads, one scattered 4-byte write each), then each person's few cells are
// deduplicated on their own.
void CountPeople(const FactTable& facts, const std::vector<std::uint32_t>& cell_of, const Layout& l,
                 std::vector<std::int64_t>& people, std::size_t grid_rows) {
  const auto& rows = facts.rows;
  const std::size_t n = rows.size();
  std::vector<std::uint32_t> start(static_cast<std::size_t>(facts.people) + 2, 0);
  for (const Fact& f : rows) ++start[f.person + 2];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> grouped(n);
  for (std::size_t i = 0; i < n; ++i) grouped[start[rows[i].person + 1]++] = cell_of[i];
  // start[p] .. start[p + 1] now hold person p's cells.
  const std::size_t cols = l.grid_cols;
  const std::size_t total_row = grid_rows - 1;
  const bool two_way = l.col_axis.has_value();
  std::vector<std::uint32_t> rs, cs;
  for (std::size_t p = 0; p + 1 < start.size() - 1; ++p) {
    std::uint32_t* cells = grouped.data() + start[p];
    std::size_t k = start[p + 1] - start[p];
    k = SortUnique(cells, k);
    if (k > 0 && cells[k - 1] == kOutOfRange) --k;  // sorted last
    if (k == 0) continue;
    rs.clear();
    cs.clear();
    for (std::size_t i = 0; i < k; ++i) {
      ++people[cells[i]];
      rs.push_back(static_cast<std::uint32_t>(cells[i] / cols));
      cs.push_back(static_cast<std::uint32_t>(cells[i] % cols));
    }
    const std::size_t nr = SortUnique(rs.data(), rs.size());
    const std::size_t nc = SortUnique(cs.data(), cs.size());
    if (two_way) {
      for (std::size_t i = 0; i < nr; ++i) ++people[rs[i] * cols + cols - 1];
    }
    for (std::size_t i = 0; i < nc; ++i) ++people[total_row * cols + cs[i]];
    if (two_way) ++people[total_row * cols + cols - 1];
  }
}

}  // namespace

Result<MonthRange> ParseMonthRange(std::string_view from, std::string_view to) {
  auto month = [](std::string_view text, std::string_view name) -> Result<std::uint16_t> {
    if (text.empty()) return std::uint16_t{0};
    std::string day(text);
    if (day.size() == 7) day += "-01";
    auto d = Date::Parse(day);
    if (!d) return InvalidArgument(std::string(name) + " must be YYYY-MM or YYYY-MM-DD");
    return MonthIndex(d->year(), d->month());
  };
  CK_ASSIGN_OR_RETURN(std::uint16_t f, month(from, "from"));
  CK_ASSIGN_OR_RETURN(std::uint16_t t, month(to, "to"));
  if (f != 0 && t != 0 && f > t) return InvalidArgument("from is after to");
  return MonthRange{f, t};
}

std::int64_t RoundTo(std::int64_t value, int base) {
  if (base <= 1) return value;
  return (value + base / 2) / base * base;
}

Result<Table> RunReport(const ReportDef& def, const policy::Settings& settings,
                        const FactTable& facts, MonthRange range) {
  if (def.dimensions.empty() || def.measures.empty()) {
    return InvalidArgument("report '" + def.id + "' has no dimensions or no measures");
  }
  const std::size_t nd = def.dimensions.size();
  // Pass 1: the raw values seen, per dimension.
  std::vector<std::vector<bool>> seen(nd, std::vector<bool>(kDomain, false));
  std::int64_t counted = 0;
  for (const Fact& f : facts.rows) {
    if (!InRange(f, range)) continue;
    ++counted;
    for (std::size_t d = 0; d < nd; ++d) seen[d][Raw(def.dimensions[d], f)] = true;
  }
  Layout l;
  for (std::size_t d = 0; d < nd; ++d) {
    Axis a = MakeAxis(def.dimensions[d], seen[d], def, facts);
    if (nd > 1 && d + 1 == nd) {
      l.col_axis = std::move(a);
    } else {
      l.row_axes.push_back(std::move(a));
    }
  }
  // No facts in range: no rows or columns, only the totals (zero).
  for (const auto& a : l.row_axes) l.inner_rows *= a.labels.size();
  l.inner_cols = l.col_axis ? l.col_axis->labels.size() : 1;
  l.grid_cols = l.col_axis ? l.inner_cols + 1 : 1;
  const std::size_t grid_rows = l.inner_rows + 1;
  if (grid_rows * l.grid_cols > kMaxCells) {
    return InvalidArgument("report '" + def.id + "' would have " +
                           std::to_string(grid_rows * l.grid_cols) + " cells, more than " +
                           std::to_string(kMaxCells) + ": choose coarser dimensions");
  }
  const std::size_t n = grid_rows * l.grid_cols;

  // Pass 2: the additive counts of each inner cell.
  std::vector<std::int64_t> cases(n, 0), sessions(n, 0), attended(n, 0), people(n, 0);
  const bool wants_people =
      std::find(def.measures.begin(), def.measures.end(), Measure::kPeople) != def.measures.end();
  std::vector<std::uint32_t> cell_of(wants_people ? facts.rows.size() : 0, kOutOfRange);
  for (std::size_t i = 0; i < facts.rows.size(); ++i) {
    const Fact& f = facts.rows[i];
    if (!InRange(f, range)) continue;
    const std::size_t cell = l.RowOf(f) * l.grid_cols + l.ColOf(f);
    if (wants_people) cell_of[i] = static_cast<std::uint32_t>(cell);
    cases[cell] += f.lead;
    sessions[cell] += f.sessions;
    attended[cell] += f.attended;
  }
  for (auto* v : {&cases, &sessions, &attended}) {
    auto& x = *v;
    for (std::size_t r = 0; r < l.inner_rows; ++r) {
      for (std::size_t c = 0; c < l.inner_cols; ++c) {
        const std::int64_t val = x[r * l.grid_cols + c];
        if (l.col_axis) x[r * l.grid_cols + l.grid_cols - 1] += val;
        x[l.inner_rows * l.grid_cols + c] += val;
        if (l.col_axis) x[l.inner_rows * l.grid_cols + l.grid_cols - 1] += val;
      }
    }
  }
  if (wants_people) CountPeople(facts, cell_of, l, people, grid_rows);

  auto counts_of = [&](Measure m) -> const std::vector<std::int64_t>& {
    switch (m) {
      case Measure::kPeople: return people;
      case Measure::kCases: return cases;
      case Measure::kSessions: return sessions;
      default: return attended;
    }
  };
  // Primary suppression over every count the report publishes.
  const int threshold = std::max(def.suppression_threshold, settings.suppression_threshold);
  const int rounding = def.rounding > 0 ? def.rounding : settings.rounding;
  std::vector<const std::vector<std::int64_t>*> published;
  for (Measure m : def.measures) {
    if (IsCount(m)) published.push_back(&counts_of(m));
  }
  if (published.empty()) published.push_back(&sessions);  // the rate rests on sessions
  std::vector<Hidden> hidden(n, Hidden::kNo);
  for (std::size_t cell = 0; cell < n; ++cell) {
    for (const auto* v : published) {
      if ((*v)[cell] > 0 && (*v)[cell] < threshold) hidden[cell] = Hidden::kPrimary;
    }
  }
  Grid grid{grid_rows, l.grid_cols, l.col_axis.has_value(), true, *published.front()};
  SecondarySuppress(grid, hidden);

  Table t;
  t.report = def.id;
  t.label = def.label;
  t.threshold = threshold;
  t.rounding = rounding;
  t.facts = counted;
  t.measures = def.measures;
  for (const auto& a : l.row_axes) t.row_dimensions.emplace_back(DimensionName(a.dim));
  if (l.col_axis) {
    t.column_dimension = DimensionName(l.col_axis->dim);
    t.columns = l.col_axis->labels;
    t.columns.push_back("Total");
  } else {
    t.columns = {"All"};
  }
  for (std::size_t r = 0; r < l.inner_rows; ++r) {
    std::vector<std::string> labels(l.row_axes.size());
    std::size_t rest = r;
    for (std::size_t d = l.row_axes.size(); d-- > 0;) {
      const auto& a = l.row_axes[d];
      labels[d] = a.labels[rest % a.labels.size()];
      rest /= a.labels.size();
    }
    t.rows.push_back(std::move(labels));
  }
  t.rows.push_back(std::vector<std::string>(l.row_axes.size(), "Total"));
  for (Measure m : def.measures) {
    std::vector<std::int64_t> out(n, 0);
    for (std::size_t cell = 0; cell < n; ++cell) {
      if (m == Measure::kAttendanceRate) {
        out[cell] =
            sessions[cell] == 0 ? -1 : (attended[cell] * 100 + sessions[cell] / 2) / sessions[cell];
      } else {
        out[cell] = RoundTo(counts_of(m)[cell], rounding);
      }
    }
    t.values.push_back(std::move(out));
  }
  t.hidden = std::move(hidden);
  return t;
}

}  // namespace casekeep::stats
