// Loading a policy file: parse the TOML, check it against the language (docs/policy.md) and
// compile it into a Policy. Every problem is reported, with its line and column, in one pass.
// Thread-safe: no shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "policy/model.h"

namespace casekeep::policy {

//! Policy files larger than this are refused before parsing.
inline constexpr std::size_t kMaxPolicyBytes = 4u << 20;

struct Diagnostic {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
};

struct ParseOutcome {
  Policy policy;                    //!< as much as could be read; valid only if errors is empty
  std::vector<Diagnostic> errors;   //!< sorted by line, then column
  bool ok() const { return errors.empty(); }
};

//! Parses and validates policy text. Never throws; problems are in the outcome's errors.
ParseOutcome ParsePolicy(std::string_view text);

//! Formats one diagnostic as "FILE:LINE:COLUMN: error: message".
std::string FormatDiagnostic(std::string_view file, const Diagnostic& d);

//! Reads, parses and validates a policy file. On any problem returns kInvalidArgument whose
//! message is every diagnostic, one per line, in FormatDiagnostic's form.
[[nodiscard]] Result<Policy> LoadPolicyFile(const std::string& path);

}  // namespace casekeep::policy
