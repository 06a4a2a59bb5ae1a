#include "stats/extract.h"

#include <algorithm>
#include <unordered_map>

#include "policy/text.h"

namespace casekeep::stats {
namespace {

constexpr std::string_view kAll = "all";

int TimeBase(Dimension d) {
  return d == Dimension::kMonth ? 0 : d == Dimension::kQuarter ? 1 : 2;
}

int MaxLevel(Dimension d, const Mappings& m) {
  switch (d) {
    case Dimension::kMonth:
    case Dimension::kQuarter:
    case Dimension::kYear: return 3 - TimeBase(d);
    case Dimension::kPostcodeDistrict: return 2;
    case Dimension::kAgeBand: {
      int level = 0;
      while ((std::size_t{1} << level) < m.age_bands.size()) ++level;
      return level;
    }
    default: return 1;
  }
}

std::string Label(Dimension d, int level, const Fact& f, const FactTable& facts,
                  const Mappings& m) {
  switch (d) {
    case Dimension::kMonth:
    case Dimension::kQuarter:
    case Dimension::kYear: {
      if (f.month == 0) return "";
      const int eff = TimeBase(d) + level;
      if (eff == 0) return MonthLabel(f.month);
      if (eff == 1)
        return std::to_string(f.month / 12) + "-Q" + std::to_string(f.month % 12 / 3 + 1);
      if (eff == 2) return std::to_string(f.month / 12);
      return std::string(kAll);
    }
    case Dimension::kAgeBand: {
      if (f.age == kUnknownAge) return "";
      const std::size_t stride = std::size_t{1} << level;
      if (stride >= m.age_bands.size()) return std::string(kAll);
      std::vector<int> bands;
      for (std::size_t i = 0; i < m.age_bands.size(); i += stride) bands.push_back(m.age_bands[i]);
      return AgeBandLabel(bands, AgeBandOf(bands, f.age));
    }
    case Dimension::kPostcodeDistrict:
    case Dimension::kPostcodeArea: {
      const int eff = (d == Dimension::kPostcodeArea ? 1 : 0) + level;
      if (eff >= 2) return std::string(kAll);
      if (f.district == 0) return "";
      const std::string& district = facts.districts.names()[f.district];
      return eff == 0 ? district : PostcodeArea(district);
    }
    case Dimension::kService:
      return level > 0 ? std::string(kAll) : facts.services.names()[f.service];
    case Dimension::kReferralSource:
      return level > 0 ? std::string(kAll) : facts.referrals.names()[f.referral];
    case Dimension::kOutcome:
      return level > 0 ? std::string(kAll) : facts.outcomes.names()[f.outcome];
  }
  return "";
}

std::string DescribeStep(Dimension d, int level, const Mappings& m) {
  const std::string name(DimensionName(d));
  switch (d) {
    case Dimension::kMonth:
    case Dimension::kQuarter:
    case Dimension::kYear: {
      static const char* kNames[] = {"month", "quarter", "year", "all"};
      return name + ": " + kNames[TimeBase(d) + level - 1] + " to " + kNames[TimeBase(d) + level];
    }
    case Dimension::kPostcodeDistrict:
      return level == 1 ? name + ": district to area" : name + ": area to all";
    case Dimension::kAgeBand: {
      const std::size_t stride = std::size_t{1} << level;
      if (stride >= m.age_bands.size()) return name + ": all ages";
      std::vector<std::string> labels;
      std::vector<int> bands;
      for (std::size_t i = 0; i < m.age_bands.size(); i += stride) bands.push_back(m.age_bands[i]);
      for (std::size_t b = 0; b < bands.size(); ++b) labels.push_back(AgeBandLabel(bands, b));
      return name + ": widened to " + policy::Join(labels, ", ");
    }
    default: return name + ": to all";
  }
}

// Rows (of `rows`) in groups smaller than k over the quasi-identifiers at these levels; and
// the smallest group.
std::pair<std::int64_t, std::int64_t> SmallRows(const std::vector<const Fact*>& rows,
                                                const ExtractDef& def,
                                                const std::vector<int>& level,
                                                const FactTable& facts, int k) {
  std::unordered_map<std::string, std::int64_t> groups;
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (const Fact* f : rows) {
    std::string key;
    for (std::size_t q = 0; q < def.quasi_identifiers.size(); ++q) {
      key += Label(def.quasi_identifiers[q], level[q], *f, facts, def.mappings);
      key += '\x1f';
    }
    ++groups[key];
    keys.push_back(std::move(key));
  }
  std::int64_t small = 0;
  std::int64_t smallest = rows.empty() ? 0 : static_cast<std::int64_t>(rows.size());
  for (const auto& [key, n] : groups) smallest = std::min(smallest, n);
  for (const auto& key : keys) small += groups[key] < k ? 1 : 0;
  return {small, smallest};
}

}  // namespace

Result<Extract> RunExtract(const ExtractDef& def, const policy::Settings& settings,
                           const FactTable& facts, MonthRange range,
                           const Pseudonymiser& pseudonym) {
  const int k = std::max(def.k, settings.k_anonymity);
  std::vector<const Fact*> rows;
  for (const Fact& f : facts.rows) {
    if (range.from == 0 && range.to == 0) {
      rows.push_back(&f);
    } else if (f.month != 0 && (range.from == 0 || f.month >= range.from) &&
               (range.to == 0 || f.month <= range.to)) {
      rows.push_back(&f);
    }
  }
  Extract e;
  e.id = def.id;
  e.k = k;
  std::vector<int> level(def.quasi_identifiers.size(), 0);
  auto [small, smallest] = SmallRows(rows, def, level, facts, k);
  if (small > 0 && def.below_k == BelowK::kRefuse) {
    return Fail(ErrorCode::kFailedPrecondition,
                "extract '" + def.id + "' refused: " + std::to_string(small) + " of " +
                    std::to_string(rows.size()) + " rows are in groups of fewer than " +
                    std::to_string(k) + " over its quasi-identifiers");
  }
  // Generalise one step at a time, each time the step that leaves fewest rows in small groups
  // (ties: the quasi-identifier listed first).
  while (small > 0) {
    std::size_t best = def.quasi_identifiers.size();
    std::int64_t best_small = 0, best_smallest = 0;
    for (std::size_t q = 0; q < def.quasi_identifiers.size(); ++q) {
      if (level[q] >= MaxLevel(def.quasi_identifiers[q], def.mappings)) continue;
      ++level[q];
      auto [s, m] = SmallRows(rows, def, level, facts, k);
      --level[q];
      if (best == def.quasi_identifiers.size() || s < best_small) {
        best = q;
        best_small = s;
        best_smallest = m;
      }
    }
    if (best == def.quasi_identifiers.size()) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "extract '" + def.id + "' refused: even fully generalised, " +
                      std::to_string(small) + " rows are in groups of fewer than " +
                      std::to_string(k));
    }
    ++level[best];
    e.generalised.push_back(DescribeStep(def.quasi_identifiers[best], level[best], def.mappings));
    small = best_small;
    smallest = best_smallest;
  }
  e.smallest_group = smallest;
  e.columns.push_back("pseudonym");
  for (Dimension d : def.columns) e.columns.emplace_back(DimensionName(d));
  if (def.sessions) e.columns.push_back("sessions");
  if (def.attended) e.columns.push_back("attended");
  for (const Fact* f : rows) {
    std::vector<std::string> out{pseudonym(f->person)};
    for (Dimension d : def.columns) {
      int lv = 0;
      for (std::size_t q = 0; q < def.quasi_identifiers.size(); ++q) {
        if (def.quasi_identifiers[q] == d) lv = level[q];
      }
      out.push_back(Label(d, lv, *f, facts, def.mappings));
    }
    if (def.sessions) out.push_back(std::to_string(f->sessions));
    if (def.attended) out.push_back(std::to_string(f->attended));
    e.rows.push_back(std::move(out));
  }
  return e;
}

std::string ExtractCsv(const Extract& e) {
  std::string out = policy::CsvRow(e.columns);
  for (const auto& row : e.rows) out += policy::CsvRow(row);
  return out;
}

}  // namespace casekeep::stats
