#include "policy/reader.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace casekeep::policy::internal {
namespace {

std::string_view TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// Optimal string alignment distance: edits and adjacent transpositions count one each.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

void Diagnostics::Error(SourcePos pos, std::string message) {
  errors_.push_back(Diagnostic{pos.line, pos.column, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::Take() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return std::move(errors_);
}

SourcePos PosOf(const toml::node& node) {
  const auto& begin = node.source().begin;
  return SourcePos{begin.line, begin.column};
}

TableReader::TableReader(const toml::table& table, std::string context, Diagnostics& diagnostics)
    : table_(table), context_(std::move(context)), diagnostics_(diagnostics) {}

SourcePos TableReader::TablePos() const { return PosOf(table_); }

SourcePos TableReader::Pos(std::string_view key) const {
  const toml::node* node = table_.get(key);
  return node != nullptr ? PosOf(*node) : TablePos();
}

bool TableReader::Has(std::string_view key) const { return table_.contains(key); }

const toml::node* TableReader::Get(std::string_view key) {
  seen_.emplace(key);
  return table_.get(key);
}

void TableReader::WrongType(std::string_view key, const toml::node& node,
                            std::string_view expected) {
  diagnostics_.Error(PosOf(node), "'" + std::string(key) + "' in " + context_ + " must be " +
                                      std::string(expected) + ", not " +
                                      std::string(TypeName(node)));
}

Located TableReader::Id() {
  const toml::node* node = Get("id");
  if (node == nullptr) {
    diagnostics_.Error(TablePos(), context_ + " has no 'id'");
    return {};
  }
  if (!node->is_string()) {
    WrongType("id", *node, "a string");
    return {};
  }
  std::string id = node->as_string()->get();
  if (!IsValidId(id)) {
    diagnostics_.Error(PosOf(*node),
                       "id '" + id + "' in " + context_ +
                           " must start with a lower-case letter and contain only a-z, 0-9 and "
                           "'_' (at most 64 characters)");
  }
  return Located{std::move(id), PosOf(*node)};
}

std::string TableReader::String(std::string_view key, bool required) {
  if (auto v = OptionalString(key)) return std::move(v->value);
  if (required && !Has(key)) {
    diagnostics_.Error(TablePos(), context_ + " is missing '" + std::string(key) + "'");
  }
  return {};
}

std::optional<Located> TableReader::OptionalString(std::string_view key) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_string()) {
    WrongType(key, *node, "a string");
    return std::nullopt;
  }
  return Located{node->as_string()->get(), PosOf(*node)};
}

bool TableReader::Bool(std::string_view key, bool fallback) {
  const toml::node* node = Get(key);
  if (node == nullptr) return fallback;
  if (!node->is_boolean()) {
    WrongType(key, *node, "true or false");
    return fallback;
  }
  return node->as_boolean()->get();
}

std::optional<std::int64_t> TableReader::Int(std::string_view key, std::int64_t min,
                                             std::int64_t max) {
  const toml::node* node = Get(key);
  if (node == nullptr) return std::nullopt;
  if (!node->is_integer()) {
    WrongType(key, *node, "an integer");
    return std::nullopt;
  }
  std::int64_t v = node->as_integer()->get();
  if (v < min || v > max) {
    diagnostics_.Error(PosOf(*node), "'" + std::string(key) + "' in " + context_ +
                                         " must be between " + std::to_string(min) + " and " +
                                         std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::vector<Located> TableReader::StringList(std::string_view key, bool required) {
  std::vector<Located> out;
  const toml::node* node = Get(key);
  if (node == nullptr) {
    if (required) {
      diagnostics_.Error(TablePos(), context_ + " is missing '" + std::string(key) + "'");
    }
    return out;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    WrongType(key, *node, "an array of strings");
    return out;
  }
  for (const toml::node& item : *array) {
    if (!item.is_string()) {
      WrongType(key, item, "an array of strings");
      continue;
    }
    out.push_back(Located{item.as_string()->get(), PosOf(item)});
  }
  if (required && out.empty() && array->empty()) {
    diagnostics_.Error(PosOf(*node), "'" + std::string(key) + "' in " + context_ +
                                         " must not be empty");
  }
  return out;
}

std::optional<Period> TableReader::PeriodValue(std::string_view key, bool required) {
  auto text = OptionalString(key);
  if (!text) {
    if (required && !Has(key)) {
      diagnostics_.Error(TablePos(), context_ + " is missing '" + std::string(key) + "'");
    }
    return std::nullopt;
  }
  auto period = ParsePeriod(text->value);
  if (!period) {
    diagnostics_.Error(text->pos, "'" + std::string(key) + "' in " + context_ + ": '" +
                                      text->value +
                                      "' is not a period; write e.g. \"3y\", \"6m\", \"1y6m\", "
                                      "\"2w\" or \"30d\"");
  }
  return period;
}

std::vector<std::pair<Located, std::string>> TableReader::StringMap(std::string_view key) {
  std::vector<std::pair<Located, std::string>> out;
  const toml::node* node = Get(key);
  if (node == nullptr) return out;
  const toml::table* table = node->as_table();
  if (table == nullptr) {
    WrongType(key, *node, "a table of strings");
    return out;
  }
  for (auto&& [k, v] : *table) {
    if (!v.is_string()) {
      WrongType(std::string(key) + "." + std::string(k.str()), v, "a string");
      continue;
    }
    SourcePos pos{k.source().begin.line, k.source().begin.column};
    out.emplace_back(Located{std::string(k.str()), pos}, v.as_string()->get());
  }
  return out;
}

const toml::table* TableReader::SubTable(std::string_view key, bool required) {
  const toml::node* node = Get(key);
  if (node == nullptr) {
    if (required) {
      diagnostics_.Error(TablePos(), "missing table [" + std::string(key) + "]");
    }
    return nullptr;
  }
  const toml::table* table = node->as_table();
  if (table == nullptr) WrongType(key, *node, "a table");
  return table;
}

std::vector<const toml::table*> TableReader::TableArray(std::string_view key) {
  std::vector<const toml::table*> out;
  const toml::node* node = Get(key);
  if (node == nullptr) return out;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    WrongType(key, *node, "an array of tables ([[" + std::string(key) + "]])");
    return out;
  }
  for (const toml::node& item : *array) {
    if (const toml::table* t = item.as_table()) {
      out.push_back(t);
    } else {
      WrongType(key, item, "an array of tables ([[" + std::string(key) + "]])");
    }
  }
  return out;
}

void TableReader::Finish() {
  std::vector<std::string> known(seen_.begin(), seen_.end());
  for (auto&& [k, v] : table_) {
    if (seen_.contains(k.str())) continue;
    std::string message = "unknown key '" + std::string(k.str()) + "' in " + context_;
    if (auto s = Suggest(k.str(), known)) message += "; did you mean '" + *s + "'?";
    diagnostics_.Error(SourcePos{k.source().begin.line, k.source().begin.column}, message);
  }
}

std::optional<Period> ParsePeriod(std::string_view text) {
  Period p;
  if (text.empty()) return std::nullopt;
  std::size_t i = 0;
  bool any = false;
  char last_unit = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      n = n * 10 + (text[i] - '0');
      if (++digits > 4) return std::nullopt;  // more than 9999 of a unit is a typo
      ++i;
    }
    if (digits == 0 || i >= text.size()) return std::nullopt;
    const char unit = text[i++];
    static constexpr std::string_view kOrder = "ymwd";
    auto rank = kOrder.find(unit);
    if (rank == std::string_view::npos) return std::nullopt;
    if (last_unit != 0 && rank <= kOrder.find(last_unit)) return std::nullopt;
    last_unit = unit;
    const int value = static_cast<int>(n);
    switch (unit) {
      case 'y': p.years = value; break;
      case 'm': p.months = value; break;
      case 'w': p.days += value * 7; break;
      case 'd': p.days += value; break;
      default: return std::nullopt;
    }
    any = true;
  }
  if (!any || p.IsZero()) return std::nullopt;
  return p;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  if (id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<std::string> Suggest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  if (word.size() > 64) return best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    std::size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (!best || best_distance > std::max<std::size_t>(1, word.size() / 3)) return std::nullopt;
  return best;
}

}  // namespace casekeep::policy::internal
