// Private to src/synth: single generated values that must be valid in form. Postcodes use real
// areas and districts and only the letters allowed in an inward code; phone numbers come only
// from Ofcom's drama ranges; NHS numbers pass the mod-11 check; emails use example domains.
// Dates are days since 1970-01-01 (see base/date.h). Thread-safe: no shared state (each call
// uses the caller's Rng).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "synth/internal/names.h"
#include "synth/internal/random.h"

namespace casekeep::synth::internal {

//! Appends the decimal form of `value`.
void AppendInt(std::string& out, std::int64_t value);
//! "YYYY-MM-DD" for a day number inside base::Date's range (clamped to it otherwise).
std::string IsoDate(std::int64_t days);
//! Appends "14 March 2023".
void AppendLongDate(std::string& out, std::int64_t days);
//! "YYYY-MM-DDTHH:MM:00Z" for a day and a minute of that day (0..1439).
std::string IsoDateTime(std::int64_t days, int minute_of_day);
//! Appends "HH:MM" (24-hour clock).
void AppendClock(std::string& out, int minute_of_day);

//! A postcode in `area`, such as "BS7 8QJ".
std::string Postcode(Rng& rng, const PostcodeArea& area);
//! A fictional number in one of the drama ranges, written as the UK writes it: "07700 900123",
//! "020 7946 0123" or "0161 496 0123".
std::string PhoneNumber(Rng& rng);
//! Ten digits, no spaces, with a valid mod-11 check digit.
std::string NhsNumber(Rng& rng);
//! True when `digits` is ten ASCII digits whose last digit is the mod-11 check of the rest.
bool IsValidNhsNumber(std::string_view digits);
//! "given.surname+n@<example domain>", lower case, letters and digits only before the '+'.
std::string Email(Rng& rng, std::string_view given, std::string_view surname, std::uint64_t n);
//! "12 Beech Road, Bristol" (sometimes "Flat 3, 12 Beech Road, Bristol") in the area's town.
std::string Address(Rng& rng, const PostcodeArea& area);
//! "QQ123456C": a National Insurance number with the prefix reserved for examples.
std::string ExampleNiNumber(Rng& rng);

//! The letters an inward code's unit may use.
inline constexpr std::string_view kUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";

}  // namespace casekeep::synth::internal
