// Where a data folder keeps its report and extract definitions (docs/statistics.md): the file
// reports.toml beside policy.toml, checked against the folder's policy each time it is read.
#pragma once

#include <string>

#include "base/error.h"
#include "records/data_folder.h"
#include "stats/definition.h"

namespace casekeep::records {

//! <folder>/reports.toml.
std::string ReportsPath(const DataFolder& folder);

//! The folder's definitions; none when reports.toml is absent; kInvalidArgument with every
//! problem (file:line:column) when it does not check.
[[nodiscard]] Result<stats::Definitions> LoadReportDefinitions(DataFolder& folder);

}  // namespace casekeep::records
