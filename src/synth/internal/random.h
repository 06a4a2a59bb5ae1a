// Private to src/synth: the pseudo-random source of the generator. xoshiro256** seeded through
// splitmix64, with every derived draw (bounded integers, chances, picks) written out here rather
// than taken from <random>, whose distributions differ between standard libraries: the same seed
// gives the same sequence on any platform. Not cryptographic. Not thread-safe (one per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>

namespace casekeep::synth::internal {

class Rng {
 public:
  //! A generator whose whole sequence is fixed by `seed` (any value, zero included).
  explicit Rng(std::uint64_t seed) {
    for (auto& word : state_) word = SplitMix(seed);
  }

  //! The next 64 random bits.
  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  //! Uniform in [0, n); 0 when n is 0. The bias for n far below 2^32 is negligible here.
  std::uint32_t Below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((Next() >> 32) * n) >> 32);
  }
  std::size_t Index(std::size_t n) { return Below(static_cast<std::uint32_t>(n)); }

  //! Uniform in [lo, hi], both included; lo when hi < lo.
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(Next() % span);
  }
  int Int(int lo, int hi) { return static_cast<int>(Between(lo, hi)); }

  //! Uniform in [0, 1), from the top 53 bits (exact in IEEE double on every platform).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  //! True with probability p.
  bool Chance(double p) { return Unit() < p; }

  //! One element of a non-empty container or array, uniformly.
  template <class C>
  const auto& Pick(const C& items) {
    return items[Index(std::size(items))];
  }

  //! Index into a cumulative weight table (ascending, last entry the total); 0 when empty.
  std::size_t Weighted(std::span<const double> cumulative) {
    if (cumulative.empty()) return 0;
    const double x = Unit() * cumulative.back();
    std::size_t i = 0;
    while (i + 1 < cumulative.size() && cumulative[i] <= x) ++i;
    return i;
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t SplitMix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4] = {};
};

}  // namespace casekeep::synth::internal
