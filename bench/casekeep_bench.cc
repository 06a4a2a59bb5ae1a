// casekeep-bench [--list] [NAME...]: runs the named benchmarks (all when none is named).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <vector>

#include "bench/bench.h"

namespace casekeep::bench {
namespace {

struct Entry {
  std::string description;
  BenchFn fn;
};

std::map<std::string, Entry>& Registry() {
  static std::map<std::string, Entry> registry;
  return registry;
}

}  // namespace

bool Register(const std::string& name, const std::string& description, BenchFn fn) {
  Registry()[name] = Entry{description, std::move(fn)};
  return true;
}

double MedianSeconds(int runs, const std::function<void()>& fn) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void PrintResult(const std::string& name, const Measurement& m) {
  const double ratio = m.baseline > 0 ? m.value / m.baseline : 0;
  std::printf("{\"bench\": \"%s\", \"value\": %.1f, \"unit\": \"%s\", \"baseline\": %.1f, "
              "\"ratio\": %.3f}\n",
              name.c_str(), m.value, m.unit.c_str(), m.baseline, ratio);
  std::fflush(stdout);
}

}  // namespace casekeep::bench

int main(int argc, char** argv) {
  using casekeep::bench::Registry;
  std::vector<std::string> names;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--list") {
      for (const auto& [name, entry] : Registry()) std::cout << name << "\n";
      return 0;
    }
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: casekeep-bench [--list] [NAME...]\n";
      for (const auto& [name, entry] : Registry()) {
        std::cout << "  " << name << ": " << entry.description << "\n";
      }
      return 0;
    }
    if (!Registry().contains(arg)) {
      std::cerr << "casekeep-bench: unknown benchmark '" << arg << "' (see --list)\n";
      return 2;
    }
    names.push_back(arg);
  }
  if (names.empty()) {
    for (const auto& [name, entry] : Registry()) names.push_back(name);
  }
  for (const auto& name : names) {
    casekeep::bench::PrintResult(name, Registry()[name].fn());
  }
  return 0;
}
