// UK bank holidays by division, loaded from GOV.UK's bank-holidays.json
// (https://www.gov.uk/bank-holidays.json), and the working-day test that deadlines use.
// docs/deadlines.md describes the file format and where Default() looks for the file.
// Thread-safety: a loaded HolidayCalendar is immutable; concurrent const use is safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/error.h"

namespace casekeep {

//! The three bank-holiday divisions GOV.UK publishes. (The policy module has its own enum for
//! the organisation's choice; base does not depend on policy.)
enum class HolidayDivision { kEnglandAndWales, kScotland, kNorthernIreland };

//! The key used in bank-holidays.json: "england-and-wales", "scotland", "northern-ireland".
std::string_view HolidayDivisionId(HolidayDivision division);
//! The division for a bank-holidays.json key; std::nullopt for anything else.
std::optional<HolidayDivision> ParseHolidayDivision(std::string_view id);
//! All three, in the order above.
std::span<const HolidayDivision> AllHolidayDivisions();

//! One event from the file.
struct BankHoliday {
  Date date;
  std::string title;  //!< "Christmas Day"
  std::string notes;  //!< "Substitute day" or empty
  bool bunting = false;
};

//! The largest bank-holidays.json that FromFile and Default accept.
inline constexpr std::size_t kMaxHolidayFileBytes = 1 << 20;
//! The environment variable that names the holiday file for Default().
inline constexpr std::string_view kHolidayFileEnv = "CASEKEEP_HOLIDAYS";

class HolidayCalendar {
 public:
  //! Parses the text of a bank-holidays.json. All three divisions must be present, each with a
  //! non-empty "events" array of objects with a "title" string and a "date" in YYYY-MM-DD form
  //! ("notes" and "bunting" are optional), with events in every year from its first to its
  //! last. Fails with kInvalidArgument naming `source` and the offending entry. Never throws.
  [[nodiscard]] static Result<HolidayCalendar> FromJson(
      std::string_view json, std::string_view source = "bank-holidays.json");
  //! Reads and parses the file at `path` (at most kMaxHolidayFileBytes); kIo if it cannot be
  //! read, kInvalidArgument if it is too large or malformed.
  [[nodiscard]] static Result<HolidayCalendar> FromFile(const std::string& path);
  //! Loads the first file that exists among DefaultPaths(). If $CASEKEEP_HOLIDAYS is set and
  //! non-empty only that file is tried. A file that exists but is malformed is an error (the
  //! search does not skip it). Fails with kNotFound listing every path tried. Reads the
  //! environment, so must not race with setenv().
  [[nodiscard]] static Result<HolidayCalendar> Default();
  //! Where Default() looks, in order: $CASEKEEP_HOLIDAYS alone if set; otherwise
  //! <executable dir>/../data/uk-bank-holidays.json, <executable dir>/../share/casekeep/
  //! uk-bank-holidays.json, /usr/share/casekeep/uk-bank-holidays.json and
  //! ./data/uk-bank-holidays.json (relative to the working directory).
  static std::vector<std::string> DefaultPaths();

  //! True if `date` is a bank holiday in `division`.
  bool IsHoliday(HolidayDivision division, Date date) const;
  //! As above with a division key; kInvalidArgument for an unknown key.
  [[nodiscard]] Result<bool> IsHoliday(std::string_view division, Date date) const;
  //! The event on `date` in `division`, or nullptr; valid while this calendar lives.
  const BankHoliday* HolidayOn(HolidayDivision division, Date date) const;
  //! Not a Saturday or Sunday and not a bank holiday in `division`. Says nothing about years
  //! the file does not cover: check Covers() first.
  bool IsWorkingDay(HolidayDivision division, Date date) const;
  //! As above with a division key; kInvalidArgument for an unknown key.
  [[nodiscard]] Result<bool> IsWorkingDay(std::string_view division, Date date) const;

  //! First and last year with events in `division`.
  int FirstYear(HolidayDivision division) const;
  int LastYear(HolidayDivision division) const;
  //! First and last year covered by all three divisions.
  int FirstYear() const;
  int LastYear() const;
  //! True if `date`'s year is within FirstYear(division)..LastYear(division).
  bool Covers(HolidayDivision division, Date date) const;
  //! OK if Covers(); otherwise kFailedPrecondition: "bank holidays for 2028 are not known: load
  //! a newer bank-holidays.json (<source> covers 2024-2027 for scotland)", or for a year before
  //! the file "...: load a bank-holidays.json that covers 2023 (...)".
  [[nodiscard]] Status CheckCovers(HolidayDivision division, Date date) const;

  //! The events of `division`, in date order, without duplicates.
  std::span<const BankHoliday> Events(HolidayDivision division) const;
  //! Where the calendar came from: a path, or the `source` given to FromJson.
  const std::string& source() const { return source_; }

 private:
  struct DivisionEvents {
    std::vector<BankHoliday> events;  // sorted by date, unique
    int first_year = 0;
    int last_year = 0;
  };

  HolidayCalendar() = default;
  const DivisionEvents& Of(HolidayDivision division) const;

  DivisionEvents divisions_[3];
  std::string source_;
};

}  // namespace casekeep
