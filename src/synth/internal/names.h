// Private to src/synth: the built-in word lists behind generated people, addresses and
// organisations (see names.cc). Thread-safe: constant data, built on first use.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace casekeep::synth::internal {

//! A real UK postcode area, the town it is named after, and districts of it that exist.
struct PostcodeArea {
  std::string_view area;                    //!< "BS"
  std::string_view town;                    //!< "Bristol"
  std::vector<std::string_view> districts;  //!< "1", "7", ... ("1A" for SW1A)
};

std::span<const std::string_view> GivenNames();  //!< ~240 common UK given names
//! Given names for girls and women (female) or boys and men, each with names used for anyone.
std::span<const std::string_view> GivenNames(bool female);
std::span<const std::string_view> Surnames();      //!< ~250 common UK surnames
std::span<const std::string_view> StreetNames();   //!< "Beech", "Station", ...
std::span<const std::string_view> StreetKinds();   //!< "Road", "Close", ...
std::span<const std::string_view> PlaceNames();    //!< fictional towns, for organisation names
std::span<const std::string_view> EmailDomains();  //!< example.org-style domains only
std::span<const std::string_view> Ethnicities();
std::span<const std::string_view> Religions();
std::span<const std::string_view> Orientations();
std::span<const std::string_view> OutcomeMeasures();
std::span<const std::string_view> JobTitles();
std::span<const PostcodeArea> PostcodeAreas();

}  // namespace casekeep::synth::internal
