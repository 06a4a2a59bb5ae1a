// Pseudonymised extracts (docs/statistics.md "Extracts"): one row per person in a case with a
// pseudonym, derived dimensions and counts, never free text; k-anonymous over the chosen
// quasi-identifiers. Below k an extract is refused, or generalised step by step (age bands
// widened, postcode district to area, month to quarter to year, a value to "all") until every
// combination of the quasi-identifiers is shared by at least k rows. Pure: the caller gathers
// the facts and supplies the pseudonyms. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "stats/definition.h"
#include "stats/engine.h"
#include "stats/facts.h"

namespace casekeep::stats {

struct Extract {
  std::string id;
  std::vector<std::string> columns;  //!< "pseudonym", the dimensions, sessions, attended
  std::vector<std::vector<std::string>> rows;
  int k = 0;
  std::vector<std::string> generalised;  //!< what was coarsened, e.g. "month to quarter"
  std::int64_t smallest_group = 0;
};

//! The pseudonym of a person of the facts (a keyed hash, different in every extract).
using Pseudonymiser = std::function<std::string(std::uint32_t person)>;

//! Builds the extract, or fails with kFailedPrecondition naming how many rows fall in groups
//! smaller than k (below_k = refuse, or nothing left to generalise). No facts: no rows.
[[nodiscard]] Result<Extract> RunExtract(const ExtractDef& def, const policy::Settings& settings,
                                         const FactTable& facts, MonthRange range,
                                         const Pseudonymiser& pseudonym);

//! The extract as CSV (a header line, then one line per row).
std::string ExtractCsv(const Extract& e);

}  // namespace casekeep::stats
