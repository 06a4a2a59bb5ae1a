// Typed, position-aware reading of one TOML table of a policy file. A TableReader records every
// key it is asked for, so Finish() can report the keys nobody asked for as unknown, and every
// wrong type or malformed value becomes a Diagnostic at the value's line and column. Internal to
// the policy module. Not thread-safe (one reader per table, one thread).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/model.h"
#include "policy/policy.h"

#include <toml++/toml.h>

namespace casekeep::policy::internal {

//! Collects diagnostics from every stage of reading a policy.
class Diagnostics {
 public:
  void Error(SourcePos pos, std::string message);
  std::vector<Diagnostic> Take();

 private:
  std::vector<Diagnostic> errors_;
};

//! A reference from one construct to another by id, resolved after the whole file is read.
struct Reference {
  std::string kind;  //!< "category", "purpose", ...
  std::string id;
  SourcePos pos;
  std::string from;  //!< e.g. "role 'caseworker' key 'read'"
};

//! A string value with where it was written.
struct Located {
  std::string value;
  SourcePos pos;
};

SourcePos PosOf(const toml::node& node);

class TableReader {
 public:
  //! `context` names the table in messages, e.g. "[[roles]] 'caseworker'".
  TableReader(const toml::table& table, std::string context, Diagnostics& diagnostics);

  void SetContext(std::string context) { context_ = std::move(context); }
  const std::string& context() const { return context_; }
  SourcePos TablePos() const;
  //! Position of the value of `key`, or of the table when the key is absent.
  SourcePos Pos(std::string_view key) const;
  bool Has(std::string_view key) const;

  //! The `id` key: required, of the form [a-z][a-z0-9_]{0,63}.
  Located Id();
  std::string String(std::string_view key, bool required = false);
  std::optional<Located> OptionalString(std::string_view key);
  bool Bool(std::string_view key, bool fallback = false);
  std::optional<std::int64_t> Int(std::string_view key, std::int64_t min, std::int64_t max);
  std::vector<Located> StringList(std::string_view key, bool required = false);
  std::optional<Period> PeriodValue(std::string_view key, bool required = false);
  //! A table whose values are all strings, e.g. `fields = { outcome = "closed" }`.
  std::vector<std::pair<Located, std::string>> StringMap(std::string_view key);
  const toml::table* SubTable(std::string_view key, bool required = false);
  //! An array of tables (`[[x]]`); empty when absent.
  std::vector<const toml::table*> TableArray(std::string_view key);

  //! Reports every key of the table that was never asked for.
  void Finish();

 private:
  const toml::node* Get(std::string_view key);
  void WrongType(std::string_view key, const toml::node& node, std::string_view expected);

  const toml::table& table_;
  std::string context_;
  Diagnostics& diagnostics_;
  std::set<std::string, std::less<>> seen_;
};

//! Parses a period such as "3y", "6m", "1y6m", "2w", "30d".
std::optional<Period> ParsePeriod(std::string_view text);

//! True for ids of the form [a-z][a-z0-9_]{0,63}.
bool IsValidId(std::string_view id);

//! The candidate closest to `word` by edit distance, if close enough to be a likely typo.
std::optional<std::string> Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace casekeep::policy::internal
