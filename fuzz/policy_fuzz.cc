// libFuzzer target: any bytes given to the policy parser produce a result or diagnostics, never
// a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > casekeep::policy::kMaxPolicyBytes) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  casekeep::policy::ParseOutcome outcome = casekeep::policy::ParsePolicy(text);
  for (const auto& d : outcome.errors) {
    (void)casekeep::policy::FormatDiagnostic("fuzz.toml", d);
  }
  return 0;
}
