// The benchmark harness: named benchmarks that time a workload against a baseline measured in
// the same process, repeat both, and report medians and their ratio as one JSON line.
#pragma once

#include <functional>
#include <string>

namespace casekeep::bench {

struct Measurement {
  double value = 0;     //!< the measured workload's rate or time (median)
  double baseline = 0;  //!< the baseline's (median)
  std::string unit;     //!< e.g. "docs/s"
  //! ratio = value / baseline for rates (higher is better).
};

using BenchFn = std::function<Measurement()>;

//! Registers a benchmark under `name`; called from static initialisers.
bool Register(const std::string& name, const std::string& description, BenchFn fn);

//! Median of `runs` timings of `fn`, in seconds.
double MedianSeconds(int runs, const std::function<void()>& fn);

//! Prints `{"bench": NAME, "value": N, "unit": U, "baseline": B, "ratio": R}`.
void PrintResult(const std::string& name, const Measurement& m);

}  // namespace casekeep::bench
