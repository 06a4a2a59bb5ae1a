// Checking field values against the policy: a subject's fields against its kind, a record's
// against its type. Values arrive as a JSON object (field id -> value); the result is the same
// object with values in canonical form (trimmed strings, upper-case postcodes, phone numbers as
// written but checked). Every field at fault is named in one error. Thread-safe: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "base/error.h"
#include "policy/model.h"

namespace casekeep::records {

//! Largest sealed field map accepted for one subject or record.
inline constexpr std::size_t kMaxFieldsBytes = 1u << 20;

//! The canonical form of `values` for `fields`. Fails with kInvalidArgument listing every
//! problem ("field 'email': not an email address; field 'note': required") when a value has the
//! wrong type, is not allowed, is too long, a required field is missing, or a field is unknown.
[[nodiscard]] Result<nlohmann::json> CheckFields(std::span<const policy::Field> fields,
                                                 const nlohmann::json& values,
                                                 std::string_view what);

//! A copy of `values` with only the fields `keep` says yes to.
nlohmann::json SelectFields(const nlohmann::json& values,
                            const std::function<bool(const std::string&)>& keep);

}  // namespace casekeep::records
