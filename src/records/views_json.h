// The JSON form of people, cases and records, one for the command line's --json output and the
// HTTP API alike (docs/api.md). Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "records/service.h"

namespace casekeep::records {

nlohmann::json ToJson(const SubjectView& v);
nlohmann::json ToJson(const CaseView& v);
nlohmann::json ToJson(const RecordView& v);

}  // namespace casekeep::records
