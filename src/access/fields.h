// Applying a decision to field maps: fields of categories the principal may not read are
// removed (absent, not blanked), and a write naming a field of a category the principal may not
// change is refused. Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "policy/model.h"

namespace casekeep::access {

//! `fields` without the fields whose category is not in `categories`, and without any field the
//! schema does not know.
[[nodiscard]] nlohmann::json VisibleFields(const std::vector<policy::Field>& schema,
                                           const nlohmann::json& fields,
                                           const std::set<std::string>& categories);

//! The id of the first field in `fields` whose category is not in `categories`, or nullopt
//! when every field may be written. Fields the schema does not know are left to the field
//! checker, which refuses them as invalid input.
[[nodiscard]] std::optional<std::string> FirstUnwritableField(
    const std::vector<policy::Field>& schema, const nlohmann::json& fields,
    const std::set<std::string>& categories);

}  // namespace casekeep::access
