// casekeep-bench [--list] [NAME [OPTION...]...]: runs the named benchmarks (all when none is
// named); the arguments after a name, up to the next name, are that benchmark's options.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <vector>

#include "bench/bench.h"

namespace casekeep::bench {
namespace {

struct Entry {
  std::string description;
  BenchArgsFn fn;
};

std::map<std::string, Entry>& Registry() {
  static std::map<std::string, Entry> registry;
  return registry;
}

}  // namespace

bool RegisterWithArgs(const std::string& name, const std::string& description, BenchArgsFn fn) {
  Registry()[name] = Entry{description, std::move(fn)};
  return true;
}

bool Register(const std::string& name, const std::string& description, BenchFn fn) {
  return RegisterWithArgs(name, description, [name, fn = std::move(fn)](const BenchArgs& args) {
    if (!args.empty()) {
      std::cerr << "casekeep-bench: " << name << " takes no options (got '" << args.front()
                << "')\n";
      std::exit(2);
    }
    return fn();
  });
}

double MedianSeconds(int runs, const std::function<void()>& fn) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

ScaleOptions ParseScaleOptions(const std::string& name, const BenchArgs& args) {
  ScaleOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--records" && has_value) {
      o.records = std::strtoull(args[++i].c_str(), nullptr, 10);
    } else if (args[i] == "--runs" && has_value) {
      o.runs = std::atoi(args[++i].c_str());
    } else {
      std::cerr << "usage: casekeep-bench " << name
                << " [--records N (default 10000000; also runs N/10)] [--runs R (default 3)]\n";
      std::exit(2);
    }
  }
  if (o.records < 10 || o.runs < 1) {
    std::cerr << name << ": --records must be at least 10 and --runs at least 1\n";
    std::exit(2);
  }
  return o;
}

std::string Fixed(double x, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
  return buffer;
}

void PrintResult(const std::string& name, const Measurement& m) {
  const double ratio = m.baseline > 0 ? m.value / m.baseline : 0;
  std::printf(
      "{\"bench\": \"%s\", \"value\": %.1f, \"unit\": \"%s\", \"baseline\": %.1f, "
      "\"ratio\": %.3f",
      name.c_str(), m.value, m.unit.c_str(), m.baseline, ratio);
  for (const auto& [key, json] : m.extra) std::printf(", \"%s\": %s", key.c_str(), json.c_str());
  std::printf("}\n");
  std::fflush(stdout);
}

}  // namespace casekeep::bench

int main(int argc, char** argv) {
  using casekeep::bench::Registry;
  std::vector<std::pair<std::string, casekeep::bench::BenchArgs>> runs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (runs.empty() && arg == "--list") {
      for (const auto& [name, entry] : Registry()) std::cout << name << "\n";
      return 0;
    }
    if (runs.empty() && (arg == "--help" || arg == "-h")) {
      std::cout << "usage: casekeep-bench [--list] [NAME [OPTION...]...]\n";
      for (const auto& [name, entry] : Registry()) {
        std::cout << "  " << name << ": " << entry.description << "\n";
      }
      return 0;
    }
    if (Registry().contains(arg)) {
      runs.push_back({arg, {}});
    } else if (!runs.empty()) {
      runs.back().second.push_back(arg);  // an option of the benchmark named before it
    } else {
      std::cerr << "casekeep-bench: unknown benchmark '" << arg << "' (see --list)\n";
      return 2;
    }
  }
  if (runs.empty()) {
    for (const auto& [name, entry] : Registry()) runs.push_back({name, {}});
  }
  for (const auto& [name, args] : runs) {
    casekeep::bench::PrintResult(name, Registry()[name].fn(args));
  }
  return 0;
}
