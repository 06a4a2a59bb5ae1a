// retention-plan: the retention engine deciding the rule and dates of synthetic records under the
// contact-centre example policy, as a retention sweep plans, over 1M and over 10M records (medians
// of 3 runs each). The records are generated in chunks, so memory stays small, and only Evaluate
// is timed. value is the rate over 10M, baseline the rate over 1M: a ratio near 1 is linear
// growth.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench.h"
#include "policy/policy.h"
#include "retention/engine.h"

namespace casekeep::bench {
namespace {

using retention::RecordFacts;
using retention::Status;

// splitmix64: a fast, well-mixed sequence; the same seed gives the same records everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  //! 0 .. n-1
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }
  //! True with probability percent / 100.
  bool Chance(int percent) { return Below(100) < static_cast<std::uint64_t>(percent); }

 private:
  std::uint64_t state_;
};

struct TypeMix {
  const char* type;
  bool case_record;
  int weight;  // records of this type per 100
};

// Roughly what a contact centre holds: mostly case records, a few staff and finance records.
constexpr std::array<TypeMix, 16> kTypes = {{
    {"referral", true, 10},
    {"pre_visit_form", true, 10},
    {"attendance_record", true, 24},
    {"session_report", true, 8},
    {"case_note", true, 20},
    {"safeguarding_concern", true, 2},
    {"accident_record", true, 1},
    {"feedback_form", true, 5},
    {"payment", true, 8},
    {"hr_file", false, 2},
    {"parental_leave", false, 1},
    {"dbs_check", false, 2},
    {"payroll_record", false, 3},
    {"staff_other", false, 1},
    {"newsletter_signup", false, 2},
    {"visitor_log", false, 1},  // a type no rule covers
}};

Date DayIn(Random& rng, std::int64_t first, std::int64_t span) {
  return Date::FromDaysSinceEpoch(
             first + static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(span))))
      .value_or(Date());
}

std::string IsoDay(Random& rng, std::int64_t first, std::int64_t span) {
  return DayIn(rng, first, span).ToString();
}

// Fills `f` with the next synthetic record, reusing its storage.
void Generate(Random& rng, RecordFacts& f) {
  static const std::int64_t k2015 = Date::FromYmd(2015, 1, 1)->DaysSinceEpoch();
  constexpr std::int64_t kElevenYears = 11 * 365;
  std::uint64_t pick = rng.Below(100);
  const TypeMix* mix = &kTypes.back();
  for (const auto& t : kTypes) {
    if (pick < static_cast<std::uint64_t>(t.weight)) {
      mix = &t;
      break;
    }
    pick -= static_cast<std::uint64_t>(t.weight);
  }
  f.type = mix->type;
  f.created = DayIn(rng, k2015, kElevenYears);
  const std::int64_t created = f.created.DaysSinceEpoch();
  f.case_record = mix->case_record;
  f.flags.clear();
  f.fields.clear();
  f.case_opened.reset();
  f.case_closed.reset();
  f.last_contact.reset();
  f.transfer_complete.reset();
  f.date_of_birth.reset();
  f.employment_ended.reset();
  f.financial_year_of.reset();
  f.last_review.reset();
  f.service.clear();
  f.referral_source.clear();
  if (f.case_record) {
    f.service = rng.Chance(50) ? "supported_contact" : "supervised_contact";
    f.referral_source = rng.Chance(40) ? "court" : "self";
    if (rng.Chance(35)) f.flags.emplace_back("court_order");
    if (rng.Chance(15)) f.flags.emplace_back("cafcass");
    if (rng.Chance(20)) f.flags.emplace_back("la_funded");
    if (rng.Chance(6)) f.flags.emplace_back("safeguarding");
    f.case_opened = DayIn(rng, created - 400, 400);
    f.last_contact = DayIn(rng, created, 300);
    if (rng.Chance(70)) f.case_closed = DayIn(rng, created + 30, 700);
    if (rng.Chance(10)) f.last_review = DayIn(rng, created + 365, 730);
  }
  const std::string_view type = f.type;
  if (type == "payment" || type == "payroll_record") {
    f.financial_year_of = f.created;
    const bool several = rng.Chance(10);
    f.fields["spans_several_years"] = several ? "true" : "false";
    if (several && rng.Chance(90)) f.fields["last_period_end"] = IsoDay(rng, created, 800);
  } else if (type == "hr_file") {
    if (rng.Chance(60)) f.employment_ended = DayIn(rng, created, 3000);
  } else if (type == "parental_leave") {
    f.fields["birth_or_adoption_date"] = IsoDay(rng, created - 200, 400);
    f.fields["child_date_of_birth"] = f.fields["birth_or_adoption_date"];
    f.fields["disability_allowance"] = rng.Chance(5) ? "true" : "false";
  } else if (type == "dbs_check") {
    f.fields["check_date"] = IsoDay(rng, created - 30, 30);
  } else if (type == "staff_other") {
    if (rng.Chance(80)) f.fields["last_used"] = IsoDay(rng, created, 1000);
  }
}

struct RunResult {
  double seconds = 0;
  std::array<std::uint64_t, 5> by_status{};  // counts by retention::Status
  std::int64_t checksum = 0;                 // keeps the work from being optimised away
};

// Evaluates `n` generated records in chunks; times Evaluate only.
RunResult Run(const policy::Policy& policy, std::uint64_t n, retention::Explain explain) {
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<RecordFacts> chunk(kChunk);
  Random rng(20250131);
  RunResult r;
  for (std::uint64_t done = 0; done < n;) {
    const std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, n - done));
    for (std::size_t i = 0; i < size; ++i) Generate(rng, chunk[i]);
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < size; ++i) {
      const auto out = retention::Evaluate(policy, chunk[i], explain);
      ++r.by_status[static_cast<std::size_t>(out.status)];
      if (out.dispose_on) r.checksum += out.dispose_on->DaysSinceEpoch();
      if (out.review_on) r.checksum += out.review_on->DaysSinceEpoch();
      r.checksum += static_cast<std::int64_t>(out.explanation.size());
    }
    r.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    done += size;
  }
  return r;
}

// Median of `runs` runs over `n` records.
RunResult Median(const policy::Policy& policy, std::uint64_t n, int runs,
                 retention::Explain explain) {
  std::vector<RunResult> results;
  for (int i = 0; i < runs; ++i) {
    results.push_back(Run(policy, n, explain));
    std::cerr << "retention-plan: " << n << " records in " << results.back().seconds << " s\n";
  }
  std::sort(results.begin(), results.end(),
            [](const RunResult& a, const RunResult& b) { return a.seconds < b.seconds; });
  return results[results.size() / 2];
}

Measurement RetentionPlan(const BenchArgs& args) {
  const auto [records, runs] = ParseScaleOptions("retention-plan", args);
  auto policy = policy::LoadPolicyFile(std::string(CASEKEEP_SOURCE_DIR) +
                                       "/policy/examples/contact-centre.toml");
  if (!policy) {
    std::cerr << "retention-plan: " << policy.error().message << "\n";
    std::exit(1);
  }
  const std::uint64_t small = records / 10;
  const RunResult one = Median(*policy, small, runs, retention::Explain::kNo);
  const RunResult ten = Median(*policy, records, runs, retention::Explain::kNo);
  const RunResult explained = Median(*policy, small, runs, retention::Explain::kYes);
  const double millions_small = static_cast<double>(small) / 1e6;
  const double millions = static_cast<double>(records) / 1e6;
  const double per_million_small = one.seconds / millions_small;
  const double per_million = ten.seconds / millions;
  std::cerr << "retention-plan: outcomes over " << records << " records: dispose "
            << ten.by_status[0] << ", review " << ten.by_status[1] << ", trigger unknown "
            << ten.by_status[2] << ", no rule " << ten.by_status[3] << " (checksum " << ten.checksum
            << ")\n";
  Measurement m;
  m.value = static_cast<double>(records) / ten.seconds;
  m.baseline = static_cast<double>(small) / one.seconds;
  m.unit = "records/s";
  m.extra = {
      {"records_small", std::to_string(small)},
      {"records_large", std::to_string(records)},
      {"seconds_small", Fixed(one.seconds, 3)},
      {"seconds_large", Fixed(ten.seconds, 3)},
      {"s_per_million_small", Fixed(per_million_small, 3)},
      {"s_per_million_large", Fixed(per_million, 3)},
      {"growth", Fixed(per_million / per_million_small, 3)},
      {"explained_s_per_million", Fixed(explained.seconds / millions_small, 3)},
  };
  return m;
}

const bool registered = RegisterWithArgs(
    "retention-plan",
    "retention rule, disposal and review dates of 1M and 10M synthetic records (contact-centre)",
    RetentionPlan);

}  // namespace
}  // namespace casekeep::bench
