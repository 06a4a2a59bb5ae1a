// policy-check: parsing and validating a policy (every example, in turn) against the baseline of
// toml++ parsing the same text alone, so the ratio shows what casekeep's checks cost on top of
// reading TOML.
#include <string>
#include <vector>

#include "bench/bench.h"
#include "base/file.h"
#include "policy/policy.h"

#include <toml++/toml.h>

namespace casekeep::bench {
namespace {

std::vector<std::string> Examples() {
  std::vector<std::string> texts;
  for (const char* name : {"adoption-hub", "contact-centre", "family-services", "parenting-chat",
                           "peer-support"}) {
    auto text = ReadFileCapped(std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/" + name +
                                   ".toml",
                               policy::kMaxPolicyBytes);
    if (text) texts.push_back(*text);
  }
  return texts;
}

Measurement PolicyCheck() {
  const auto texts = Examples();
  constexpr int kRounds = 200;
  std::size_t sink = 0;
  const double checked = MedianSeconds(7, [&] {
    for (int i = 0; i < kRounds; ++i) {
      for (const auto& t : texts) sink += policy::ParsePolicy(t).errors.size();
    }
  });
  const double parsed = MedianSeconds(7, [&] {
    for (int i = 0; i < kRounds; ++i) {
      for (const auto& t : texts) sink += toml::parse(t) ? 1u : 0u;
    }
  });
  const double docs = static_cast<double>(kRounds * texts.size());
  if (sink == 0xFFFFFFFF) return {};
  return Measurement{docs / checked, docs / parsed, "policies/s", {}};
}

const bool registered = Register("policy-check",
                                 "parse and validate the example policies vs toml++ parse alone",
                                 PolicyCheck);

}  // namespace
}  // namespace casekeep::bench
