// The benchmark harness: named benchmarks that time a workload against a baseline measured in
// the same process, repeat both, and report medians and their ratio as one JSON line.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace casekeep::bench {

struct Measurement {
  double value = 0;     //!< the measured workload's rate or time (median)
  double baseline = 0;  //!< the baseline's (median)
  std::string unit;     //!< e.g. "docs/s"
  //! ratio = value / baseline for rates (higher is better).
  //! Further members of the JSON line, in this order after "ratio": name and JSON text.
  std::vector<std::pair<std::string, std::string>> extra;
};

using BenchFn = std::function<Measurement()>;
//! A benchmark that takes options: the command-line arguments that followed its name.
using BenchArgs = std::vector<std::string>;
using BenchArgsFn = std::function<Measurement(const BenchArgs& args)>;

//! Registers a benchmark under `name`; called from static initialisers. A benchmark
//! registered without arguments refuses any.
bool Register(const std::string& name, const std::string& description, BenchFn fn);
bool RegisterWithArgs(const std::string& name, const std::string& description, BenchArgsFn fn);

//! Median of `runs` timings of `fn`, in seconds.
double MedianSeconds(int runs, const std::function<void()>& fn);

//! The options of a benchmark that measures how its time grows: `--records N` (the large run;
//! the small one is N/10) and `--runs R` (medians of R).
struct ScaleOptions {
  std::uint64_t records = 10'000'000;
  int runs = 3;
};
//! Parses `args` for the benchmark `name`; prints its usage and exits 2 on anything else, or
//! on fewer than 10 records or 1 run.
ScaleOptions ParseScaleOptions(const std::string& name, const BenchArgs& args);

//! `x` with `digits` decimals, for a member of Measurement::extra.
std::string Fixed(double x, int digits);

//! Prints `{"bench": NAME, "value": N, "unit": U, "baseline": B, "ratio": R}`, followed by
//! the members of `m.extra` before the closing brace.
void PrintResult(const std::string& name, const Measurement& m);

}  // namespace casekeep::bench
