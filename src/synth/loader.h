// Loading generated families into a data folder through the records service, in batches, as
// the demo and the benchmarks do. Not thread-safe: one loader per generator.
#pragma once

#include <cstdint>
#include <functional>

#include "base/error.h"
#include "records/service.h"
#include "synth/generator.h"

namespace casekeep::synth {

struct LoadStats {
  std::int64_t families = 0;
  std::int64_t subjects = 0;
  std::int64_t cases = 0;
  std::int64_t records = 0;
};

//! Appends `family` to `batch`, turning its keys into batch references ("#<index>").
void AppendToBatch(const Family& family, records::RecordsService::Batch& batch);

//! Generates families until at least `records` records have been written, in transactions of
//! about `batch_records` records each. `progress` (may be empty) is called after each commit.
//! Fails with the first batch's error; batches committed before it stay.
[[nodiscard]] Result<LoadStats> LoadFamilies(records::RecordsService& service, Generator& generator,
                                             std::int64_t records, std::int64_t batch_records,
                                             const std::function<void(const LoadStats&)>& progress);

}  // namespace casekeep::synth
