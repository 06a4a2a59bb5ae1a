#include "stats/facts.h"

#include <algorithm>
#include <cctype>

namespace casekeep::stats {

Result<std::uint32_t> Interner::Id(std::string_view name) {
  if (name.empty()) return 0u;
  auto it = ids_.find(std::string(name));
  if (it != ids_.end()) return it->second;
  if (names_.size() > max_) {
    return Fail(ErrorCode::kFailedPrecondition,
                "more than " + std::to_string(max_) + " distinct values of one dimension");
  }
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(std::string(name), id);
  return id;
}

std::string MonthLabel(std::uint16_t month) {
  if (month == 0) return {};
  const int year = month / 12;
  const int m = month % 12 + 1;
  std::string out = std::to_string(year) + "-";
  if (m < 10) out += '0';
  return out + std::to_string(m);
}

std::string PostcodeDistrict(std::string_view postcode) {
  std::string compact;
  for (char c : postcode) {
    if (c == ' ') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return {};
    compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // The inward code is always digit, letter, letter; the outward code 2 to 4 characters
  // starting with a letter.
  if (compact.size() < 5 || compact.size() > 7) return {};
  const std::string_view in = std::string_view(compact).substr(compact.size() - 3);
  if (!std::isdigit(static_cast<unsigned char>(in[0])) ||
      !std::isalpha(static_cast<unsigned char>(in[1])) ||
      !std::isalpha(static_cast<unsigned char>(in[2])) ||
      !std::isalpha(static_cast<unsigned char>(compact[0]))) {
    return {};
  }
  return compact.substr(0, compact.size() - 3);
}

std::string PostcodeArea(std::string_view district) {
  std::string out;
  for (char c : district) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    out += c;
  }
  return out;
}

std::size_t AgeBandOf(const std::vector<int>& bands, int age) {
  auto it = std::upper_bound(bands.begin(), bands.end(), age);
  return it == bands.begin() ? 0 : static_cast<std::size_t>(it - bands.begin() - 1);
}

std::string AgeBandLabel(const std::vector<int>& bands, std::size_t band) {
  if (band + 1 >= bands.size()) return std::to_string(bands[band]) + "+";
  return std::to_string(bands[band]) + "-" + std::to_string(bands[band + 1] - 1);
}

}  // namespace casekeep::stats
