// The JSON form of people, cases and records, one for the command line's --json output and the
// HTTP API alike (docs/api.md). Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "records/service.h"

namespace casekeep::records {

nlohmann::json ToJson(const SubjectView& v);
nlohmann::json ToJson(const CaseView& v);
nlohmann::json ToJson(const RecordView& v);
nlohmann::json ToJson(const ConsentEntryView& v);
nlohmann::json ToJson(const ConsentStatusView& v);
nlohmann::json ToJson(const ConsentHistory& v);
nlohmann::json ToJson(const ConsentReport& v);
nlohmann::json ToJson(const HoldView& v);
nlohmann::json ToJson(const RetentionExplanation& v);
nlohmann::json ToJson(const PlanItem& v);
nlohmann::json ToJson(const RetentionPlan& v);
nlohmann::json ToJson(const ReviewQueue& v);
nlohmann::json ToJson(const SweepResult& v);
nlohmann::json ToJson(const store::DisposalRow& v);
//! A request with its events (docs/rights.md); due_on is null until the clock runs.
nlohmann::json ToJson(const RequestView& v);

}  // namespace casekeep::records
