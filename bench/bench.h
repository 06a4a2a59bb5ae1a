// The benchmark harness: named benchmarks that time a workload against a baseline measured in
// the same process, repeat both, and report medians and their ratio as one JSON line.
#pragma once

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

//! Prints `{"bench": NAME, "value": N, "unit": U, "baseline": B, "ratio": R}`, followed by
//! the members of `m.extra` before the closing brace.
void PrintResult(const std::string& name, const Measurement& m);

}  // namespace casekeep::bench
