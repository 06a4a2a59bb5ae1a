// Report and extract definitions (docs/statistics.md): what an analyst may ask for, written by
// the organisation in the data folder's reports.toml and checked against the policy. A
// definition names dimensions that are always derived (an age band, never a date of birth; a
// postcode district, never a postcode) and says which policy fields they are derived from. A
// dimension that would identify people is refused with the reason. Thread-safe: pure functions
// and value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "policy/policy.h"

namespace casekeep::stats {

//! reports.toml larger than this is refused before parsing.
inline constexpr std::size_t kMaxDefinitionsBytes = 1u << 20;

enum class Dimension {
  kService,
  kMonth,
  kQuarter,
  kYear,
  kAgeBand,
  kReferralSource,
  kPostcodeDistrict,
  kPostcodeArea,
  kOutcome,
};
std::string_view DimensionName(Dimension d);
std::optional<Dimension> DimensionFromName(std::string_view name);

enum class Measure { kPeople, kCases, kSessions, kAttended, kAttendanceRate };
std::string_view MeasureName(Measure m);
//! True for the counts (everything but the attendance rate).
bool IsCount(Measure m);

//! Why `name` may not be a dimension, extract column or quasi-identifier, or empty if the
//! name does not look identifying (it may still be unknown). Policy fields that hold names,
//! dates, contact details, free text or codes are identifying.
std::string IdentifyingReason(std::string_view name, const policy::Policy& policy);

//! Which policy fields the derived dimensions and measures come from.
struct Mappings {
  //! Age in whole years at the case's opening, from this date field of the person.
  std::string age_field = "date_of_birth";
  //! Lower bounds of the age bands, ascending from 0; the last band is open ("65+").
  std::vector<int> age_bands = {0, 5, 11, 16, 18, 25, 35, 50, 65};
  //! The postcode field of the person; districts (outward codes) and areas are derived.
  std::string postcode_field = "postcode";
  //! Sessions are records of this type; attended when `attendance_field` (an enum) has one of
  //! `attended_values`. Empty: no sessions.
  std::string session_type;
  std::string attendance_field;
  std::vector<std::string> attended_values;
  //! The outcome is this enum field of the case's latest record of this type; empty: the
  //! case's state (open, closed, transferred).
  std::string outcome_type;
  std::string outcome_field;
};

struct ReportDef {
  std::string id;
  std::string label;
  std::string description;
  //! Every dimension but the last forms the rows; the last forms the columns (a single
  //! dimension: rows only).
  std::vector<Dimension> dimensions;
  std::vector<Measure> measures;
  Mappings mappings;
  int suppression_threshold = 0;  //!< 0: the policy's; never below it
  int rounding = 0;               //!< 0: the policy's
  policy::SourcePos pos;
};

enum class BelowK { kGeneralise, kRefuse };

struct ExtractDef {
  std::string id;
  std::string label;
  std::string description;
  //! Columns after the pseudonym: dimensions and the counts sessions / attended.
  std::vector<Dimension> columns;
  bool sessions = false;
  bool attended = false;
  //! The columns an attacker could link to other data; every combination of their values
  //! must be shared by at least k rows.
  std::vector<Dimension> quasi_identifiers;
  int k = 0;  //!< 0: the policy's; never below it
  BelowK below_k = BelowK::kGeneralise;
  Mappings mappings;
  policy::SourcePos pos;
};

struct Definitions {
  std::vector<ReportDef> reports;
  std::vector<ExtractDef> extracts;
  const ReportDef* FindReport(std::string_view id) const;
  const ExtractDef* FindExtract(std::string_view id) const;
};

struct DefinitionsOutcome {
  Definitions definitions;                 //!< valid only if errors is empty
  std::vector<policy::Diagnostic> errors;  //!< sorted by line, then column
  bool ok() const { return errors.empty(); }
};

//! Parses and checks reports.toml text against `policy`. Never throws.
DefinitionsOutcome ParseDefinitions(std::string_view text, const policy::Policy& policy);

//! Reads and checks a definitions file; a missing file is no definitions. On any problem,
//! kInvalidArgument with every diagnostic as "FILE:LINE:COLUMN: error: message".
[[nodiscard]] Result<Definitions> LoadDefinitionsFile(const std::string& path,
                                                      const policy::Policy& policy);

}  // namespace casekeep::stats
