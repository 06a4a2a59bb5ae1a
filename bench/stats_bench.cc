// stats: a report by service, month and age band (people, cases, sessions, attendance rate;
// suppression and secondary suppression included) over 1M and 10M generated facts, medians of
// 3 runs each; the engine only (stats::RunReport), not gathering the facts from a store. value
// is the rate over 10M, baseline the rate over 1M: a ratio near 1 is linear growth. Also
// reports the facts' memory (bytes per row and the process's peak resident set).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench.h"
#include "stats/engine.h"

namespace casekeep::bench {
namespace {

// splitmix64, as in retention_bench.cc: the same seed gives the same facts everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }

 private:
  std::uint64_t state_;
};

// `n` facts: three services, five years of months, ages 0-89, 2,000 postcode districts, six
// referral sources; people in about two cases each (a parent and a child per case, the parent
// leading), up to 20 sessions, three in four attended. Rows come in case order, not by person.
stats::FactTable Generate(std::uint64_t n) {
  stats::FactTable t;
  Random rng(20261202);
  std::vector<std::uint32_t> services, referrals, districts;
  for (const char* s : {"supported_contact", "supervised_contact", "handover"}) {
    services.push_back(*t.services.Id(s));
  }
  for (const char* s : {"self", "court", "cafcass", "social_services", "solicitor", "other"}) {
    referrals.push_back(*t.referrals.Id(s));
  }
  for (int d = 0; d < 2000; ++d) {
    districts.push_back(*t.districts.Id("D" + std::to_string(d)));
  }
  const auto open = *t.outcomes.Id("open");
  const auto closed = *t.outcomes.Id("closed");
  const std::uint32_t people = static_cast<std::uint32_t>(std::max<std::uint64_t>(n / 2, 1));
  t.people = people;
  t.rows.reserve(n);
  while (t.rows.size() < n) {
    stats::Fact f;
    f.service = static_cast<std::uint8_t>(services[rng.Below(services.size())]);
    f.referral = static_cast<std::uint8_t>(referrals[rng.Below(referrals.size())]);
    f.outcome = static_cast<std::uint8_t>(rng.Below(10) < 3 ? open : closed);
    f.month = stats::MonthIndex(2021 + static_cast<int>(rng.Below(5)),
                                1 + static_cast<int>(rng.Below(12)));
    const int members = 1 + static_cast<int>(rng.Below(2));
    for (int m = 0; m < members && t.rows.size() < n; ++m) {
      f.person = static_cast<std::uint32_t>(rng.Below(people));
      f.age = static_cast<std::uint8_t>(m == 0 ? 18 + rng.Below(60) : rng.Below(18));
      f.district = static_cast<std::uint16_t>(districts[rng.Below(districts.size())]);
      f.sessions = static_cast<std::uint16_t>(rng.Below(21));
      f.attended = static_cast<std::uint16_t>(f.sessions - rng.Below(f.sessions / 4 + 1));
      f.lead = m == 0 ? 1 : 0;
      t.rows.push_back(f);
    }
  }
  return t;
}

stats::ReportDef Report() {
  stats::ReportDef d;
  d.id = "bench";
  d.label = "People, cases and sessions by service, month and age band";
  d.dimensions = {stats::Dimension::kService, stats::Dimension::kMonth, stats::Dimension::kAgeBand};
  d.measures = {stats::Measure::kPeople, stats::Measure::kCases, stats::Measure::kSessions,
                stats::Measure::kAttendanceRate};
  return d;
}

struct RunResult {
  double seconds = 0;
  std::size_t cells = 0;
  std::size_t hidden = 0;
  std::int64_t people = 0;
};

RunResult Median(const stats::FactTable& facts, int runs) {
  std::vector<RunResult> results;
  const policy::Settings settings;
  for (int i = 0; i < runs; ++i) {
    RunResult r;
    const auto start = std::chrono::steady_clock::now();
    auto table = stats::RunReport(Report(), settings, facts, {});
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!table) {
      std::cerr << "stats: " << table.error().message << "\n";
      std::exit(1);
    }
    r.cells = table->hidden.size();
    for (auto h : table->hidden) r.hidden += h != stats::Hidden::kNo ? 1u : 0u;
    r.people = table->values[0].back();
    std::cerr << "stats: " << facts.rows.size() << " facts in " << r.seconds << " s (" << r.cells
              << " cells, " << r.hidden << " suppressed)\n";
    results.push_back(r);
  }
  std::sort(results.begin(), results.end(),
            [](const RunResult& a, const RunResult& b) { return a.seconds < b.seconds; });
  return results[results.size() / 2];
}

double PeakMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

Measurement Stats(const BenchArgs& args) {
  const auto [records, runs] = ParseScaleOptions("stats", args);
  const std::uint64_t small = records / 10;
  RunResult one;
  {
    const stats::FactTable facts = Generate(small);
    one = Median(facts, runs);
  }
  const stats::FactTable facts = Generate(records);
  const RunResult ten = Median(facts, runs);
  const double peak = PeakMiB();
  const double facts_mib =
      static_cast<double>(facts.rows.capacity() * sizeof(stats::Fact)) / (1024.0 * 1024.0);
  const double per_million_small = one.seconds / (static_cast<double>(small) / 1e6);
  const double per_million = ten.seconds / (static_cast<double>(records) / 1e6);
  std::cerr << "stats: facts " << facts_mib << " MiB (" << sizeof(stats::Fact)
            << " bytes a row), peak resident " << peak << " MiB; " << ten.people
            << " people in the grand total\n";
  Measurement m;
  m.value = static_cast<double>(records) / ten.seconds;
  m.baseline = static_cast<double>(small) / one.seconds;
  m.unit = "facts/s";
  m.extra = {
      {"records_small", std::to_string(small)},
      {"records_large", std::to_string(records)},
      {"seconds_small", Fixed(one.seconds, 3)},
      {"seconds_large", Fixed(ten.seconds, 3)},
      {"s_per_million_small", Fixed(per_million_small, 3)},
      {"s_per_million_large", Fixed(per_million, 3)},
      {"growth", Fixed(per_million / per_million_small, 3)},
      {"cells", std::to_string(ten.cells)},
      {"suppressed", std::to_string(ten.hidden)},
      {"bytes_per_fact", std::to_string(sizeof(stats::Fact))},
      {"facts_mib", Fixed(facts_mib, 1)},
      {"peak_rss_mib", Fixed(peak, 1)},
  };
  return m;
}

const bool registered = RegisterWithArgs(
    "stats", "a report by service, month and age band over 1M and 10M generated facts (the engine)",
    Stats);

}  // namespace
}  // namespace casekeep::bench
