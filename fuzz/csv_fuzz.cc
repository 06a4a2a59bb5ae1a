// libFuzzer target: any bytes given to the CSV reader produce rows or a clear error, never a
// crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "base/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  casekeep::CsvReader reader(in);
  if (!reader.ReadHeader()) return 0;
  casekeep::CsvRow row;
  for (int i = 0; i < 100000; ++i) {
    auto more = reader.Next(row);
    if (!more || !*more) break;
  }
  return 0;
}
