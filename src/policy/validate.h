// Rules that need the whole policy: special category conditions, consent coverage, retention
// rules that are incomplete or ambiguous, transfers without safeguards. Internal to the policy
// module; runs after parsing, adds to the same diagnostics. Thread-safe (no shared state).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "policy/model.h"
#include "policy/reader.h"

namespace casekeep::policy::internal {

//! What parsing could not settle, so validation does not report its consequences twice.
struct ParseNotes {
  std::set<std::string, std::less<>> unknown_basis;  //!< purposes whose basis was unreadable
  std::set<std::string, std::less<>> unreadable_period;  //!< rules whose period was unreadable
};

void Validate(const Policy& policy, const ParseNotes& notes, Diagnostics& diagnostics);

//! Reports `text` unless it is a real calendar date written YYYY-MM-DD.
void CheckIsoDate(std::string_view text, SourcePos pos, std::string_view what,
                  Diagnostics& diagnostics);

//! The day `text` names if it is written MM-DD and exists in every year (so not 02-29);
//! otherwise reports it and returns nothing.
std::optional<MonthDay> CheckMonthDay(std::string_view text, SourcePos pos, std::string_view what,
                                      Diagnostics& diagnostics);

//! False when no record can satisfy both conditions (so the rules cannot both apply).
bool ConditionsCanOverlap(const Condition& a, const Condition& b);

}  // namespace casekeep::policy::internal
