// The facts a report or extract is computed from: one small row per person in a case, with
// every dimension already derived (interned ids and whole numbers, never names, dates of birth
// or postcodes). The records service gathers them (records/stats.cc); the benchmark generates
// them. Thread-safety: value types; a FactTable is read-only once built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/error.h"

namespace casekeep::stats {

inline constexpr std::uint8_t kUnknownAge = 255;

//! One person in one case (20 bytes). Index 0 of every interned list is "not recorded".
struct Fact {
  std::uint32_t person = 0;        //!< dense per table; the same person in several cases shares it
  std::uint16_t month = 0;         //!< year * 12 + month - 1 of the case's opening; 0: unknown
  std::uint16_t district = 0;      //!< FactTable::districts
  std::uint16_t sessions = 0;      //!< sessions about this person in this case
  std::uint16_t attended = 0;      //!< of which attended
  std::uint8_t service = 0;        //!< FactTable::services
  std::uint8_t referral = 0;       //!< FactTable::referrals
  std::uint8_t outcome = 0;        //!< FactTable::outcomes
  std::uint8_t age = kUnknownAge;  //!< whole years at the case's opening
  std::uint8_t lead = 0;           //!< 1 for the case's first member: the row that counts the case
};
static_assert(sizeof(Fact) == 20);

//! Strings interned to small ids; id 0 is "" (not recorded).
class Interner {
 public:
  explicit Interner(std::size_t max_ids) : max_(max_ids) { names_.emplace_back(); }
  //! The id of `name`; kFailedPrecondition once there are more than max_ids distinct names.
  [[nodiscard]] Result<std::uint32_t> Id(std::string_view name);
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::size_t max_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::uint32_t> ids_;
};

struct FactTable {
  Interner services{255};
  Interner referrals{255};
  Interner outcomes{255};
  Interner districts{65535};
  std::vector<Fact> rows;
  std::uint32_t people = 0;  //!< persons are 0..people-1
};

//! year * 12 + month - 1.
inline std::uint16_t MonthIndex(int year, int month) {
  return static_cast<std::uint16_t>(year * 12 + month - 1);
}
//! "2025-03" for a month index; "" for 0.
std::string MonthLabel(std::uint16_t month);
//! The outward code of a UK postcode ("SW1A 1AA" -> "SW1A"), upper case; "" if it is not one.
std::string PostcodeDistrict(std::string_view postcode);
//! The letters of a district ("SW1A" -> "SW").
std::string PostcodeArea(std::string_view district);
//! The band of `age` among lower bounds `bands` ("0-4", "65+").
std::string AgeBandLabel(const std::vector<int>& bands, std::size_t band);
//! Index of the band holding `age`.
std::size_t AgeBandOf(const std::vector<int>& bands, int age);

}  // namespace casekeep::stats
