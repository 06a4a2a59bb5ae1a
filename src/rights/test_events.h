// Helpers for the rights tests: dates from text, the shipped bank-holiday file, and events.
#pragma once

#include <string>
#include <string_view>

#include "rights/request.h"

namespace casekeep::rights::testing_events {

inline Date D(std::string_view text) {
  return Date::Parse(text).value();
}

//! data/uk-bank-holidays.json (2024-2027).
inline const HolidayCalendar& Holidays() {
  static const HolidayCalendar calendar =
      HolidayCalendar::FromFile(std::string(CASEKEEP_SOURCE_DIR) + "/data/uk-bank-holidays.json")
          .value();
  return calendar;
}

inline Calendar Cal() {
  return Calendar{HolidayDivision::kEnglandAndWales, &Holidays()};
}

//! An event on `on`; a refusal gets `ground`.
inline RequestEvent Ev(EventKind kind, std::string_view on, std::string text = {},
                       std::string_view told = {},
                       RefusalGround ground = RefusalGround::kManifestlyExcessive) {
  RequestEvent e;
  e.kind = kind;
  e.on = D(on);
  e.text = std::move(text);
  if (!told.empty()) e.told_on = D(told);
  if (kind == EventKind::kRefused) e.ground = ground;
  return e;
}

}  // namespace casekeep::rights::testing_events
