// Reading an import mapping file and checking it against the policy and the CSV header, so a
// wrong mapping is reported, with its lines, before any row is read. Thread-safe: pure functions.
#include <toml++/toml.h>

#include <algorithm>
#include <map>

#include "records/import.h"
#include "records/marketing.h"

namespace casekeep::records {
namespace {

struct Problem {
  std::int64_t line = 0;
  std::string message;
};

class Problems {
 public:
  void Add(std::int64_t line, std::string message) {
    list_.push_back(Problem{std::max<std::int64_t>(line, 1), std::move(message)});
  }
  bool empty() const { return list_.empty(); }
  //! Every problem as "PATH:LINE: error: message", in line order, one a line.
  std::string Format(std::string_view path) const {
    std::vector<Problem> sorted = list_;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    std::string out;
    for (const auto& p : sorted) {
      if (!out.empty()) out += "\n";
      out += std::string(path) + ":" + std::to_string(p.line) + ": error: " + p.message;
    }
    return out;
  }

 private:
  std::vector<Problem> list_;
};

std::int64_t LineOf(const toml::node& node) {
  return node.source().begin.line;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

template <class Items, class Id>
std::string ListIds(const Items& items, Id id) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + id(item);
  return out;
}

// A string value of `key` into `out` (and its line into `line`), or a problem.
void ReadString(const toml::table& t, std::string_view key, std::string& out, std::int64_t& line,
                Problems& problems) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return;
  line = LineOf(*node);
  if (!node->is_string() || node->as_string()->get().empty()) {
    problems.Add(line, "'" + std::string(key) + "' must be a non-empty string");
    return;
  }
  out = node->as_string()->get();
}

void CheckRequiredMapped(const ImportMapping& m, std::span<const policy::Field> fields,
                         std::int64_t line, std::string_view what, Problems& problems) {
  for (const auto& f : fields) {
    const bool mapped =
        std::any_of(m.columns.begin(), m.columns.end(),
                    [&](const ImportMapping::Column& c) { return c.field == f.id; });
    if (f.required && !mapped) {
      problems.Add(line, "field '" + f.id + "' of " + std::string(what) +
                             " is required, but no column in [columns] is mapped to it");
    }
  }
}

// [marketing]: "CSV header" = "channel", for people of a kind that has an address on it.
void ReadMarketing(const toml::table& root, const policy::Policy& policy, ImportMapping& m,
                   Problems& problems) {
  const toml::node* table = root.get("marketing");
  if (table == nullptr) return;
  if (!table->is_table()) {
    problems.Add(LineOf(*table), "marketing must be a table of \"CSV header\" = \"channel\"");
    return;
  }
  const policy::SubjectKind* kind = policy.FindSubjectKind(m.kind);
  std::map<std::string, std::int64_t> mapped;  // channel -> line
  for (auto&& [key, node] : *table->as_table()) {
    const std::int64_t line = key.source().begin.line > 0 ? key.source().begin.line : LineOf(node);
    const std::string column = "marketing column '" + std::string(key.str()) + "': ";
    if (!node.is_string()) {
      problems.Add(line, column + "the value must be a channel in quotes");
      continue;
    }
    const std::string channel = node.as_string()->get();
    auto def = FindMarketingChannel(policy, channel);
    if (!def) {
      problems.Add(line, column + def.error().message);
    } else if (kind != nullptr && !KindHasAddress(*kind, (*def)->channel)) {
      problems.Add(line, column + "people of kind '" + kind->id +
                             "' have no field that gives an address for '" + channel + "'");
    } else if (auto [it, fresh] = mapped.emplace(channel, line); !fresh) {
      problems.Add(line, column + "channel '" + channel + "' is already mapped on line " +
                             std::to_string(it->second));
    } else {
      m.marketing.push_back(ImportMapping::Column{std::string(key.str()), channel, line});
    }
  }
  std::sort(m.marketing.begin(), m.marketing.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
}

}  // namespace

Result<ImportMapping> ParseImportMapping(std::string_view text, const std::string& path,
                                         const policy::Policy& policy) {
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    Problems p;
    p.Add(parsed.error().source().begin.line, std::string(parsed.error().description()));
    return InvalidArgument(p.Format(path));
  }
  const toml::table& root = parsed.table();
  ImportMapping m;
  m.path = path;
  Problems problems;
  std::string target, on_error;
  std::int64_t target_line = 1, kind_line = 1, type_line = 1, on_error_line = 1;
  ReadString(root, "target", target, target_line, problems);
  ReadString(root, "kind", m.kind, kind_line, problems);
  ReadString(root, "type", m.type, type_line, problems);
  ReadString(root, "id_column", m.id_column, m.id_column_line, problems);
  ReadString(root, "case_column", m.case_column, m.case_column_line, problems);
  ReadString(root, "subject_column", m.subject_column, m.subject_column_line, problems);
  ReadString(root, "date_column", m.date_column, m.date_column_line, problems);
  ReadString(root, "on_error", on_error, on_error_line, problems);

  static const std::map<std::string, std::string, std::less<>> kKeys = {
      {"target", ""},           {"on_error", ""},          {"columns", ""},
      {"kind", "subject"},      {"marketing", "subject"},  {"id_column", "subject"},
      {"type", "record"},       {"case_column", "record"}, {"subject_column", "record"},
      {"date_column", "record"}};
  for (auto&& [key, node] : root) {
    auto known = kKeys.find(key.str());
    if (known == kKeys.end()) {
      problems.Add(LineOf(node), "unknown key '" + std::string(key.str()) +
                                     "'; a mapping has target, kind, id_column, type, "
                                     "case_column, subject_column, date_column, on_error, "
                                     "[columns] and [marketing]");
    } else if (!known->second.empty() && !target.empty() && known->second != target) {
      problems.Add(LineOf(node), "'" + std::string(key.str()) + "' is only for target = \"" +
                                     known->second + "\"");
    }
  }
  if (on_error.empty() || on_error == "abort") {
    m.on_error = OnRowError::kAbort;
  } else if (on_error == "quarantine") {
    m.on_error = OnRowError::kQuarantine;
  } else {
    problems.Add(on_error_line,
                 "on_error must be \"abort\" or \"quarantine\", not \"" + on_error + "\"");
  }

  std::span<const policy::Field> fields;
  std::string what;
  std::int64_t what_line = 1;
  if (target == "subject") {
    m.target = ImportTarget::kSubject;
    const policy::SubjectKind* kind = policy.FindSubjectKind(m.kind);
    if (m.kind.empty() && !root.contains("kind")) {
      problems.Add(target_line,
                   "a subject import needs kind = \"<kind of person>\"; the policy has: " +
                       ListIds(policy.subject_kinds, [](const auto& k) { return k.id; }));
    } else if (kind == nullptr && !m.kind.empty()) {
      problems.Add(kind_line,
                   "unknown kind of person '" + m.kind + "'; the policy has: " +
                       ListIds(policy.subject_kinds, [](const auto& k) { return k.id; }));
    } else if (kind != nullptr) {
      fields = kind->fields;
      what = "kind of person '" + m.kind + "'";
      what_line = kind_line;
    }
  } else if (target == "record") {
    m.target = ImportTarget::kRecord;
    const policy::RecordType* type = policy.FindRecordType(m.type);
    if (m.type.empty() && !root.contains("type")) {
      problems.Add(target_line,
                   "a record import needs type = \"<record type>\"; the policy has: " +
                       ListIds(policy.record_types, [](const auto& t) { return t.id; }));
    } else if (type == nullptr && !m.type.empty()) {
      problems.Add(type_line, "unknown record type '" + m.type + "'; the policy has: " +
                                  ListIds(policy.record_types, [](const auto& t) { return t.id; }));
    } else if (type != nullptr) {
      fields = type->fields;
      what = "record type '" + m.type + "'";
      what_line = type_line;
      if (type->case_record && m.case_column.empty()) {
        problems.Add(type_line, "records of type '" + m.type +
                                    "' belong to a case; name the column of case codes with "
                                    "case_column");
      }
      if (!type->case_record && m.subject_column.empty()) {
        problems.Add(type_line, "records of type '" + m.type +
                                    "' are kept on a person; name the column of person codes "
                                    "with subject_column");
      }
    }
  } else if (target.empty() && !root.contains("target")) {
    problems.Add(1, "the mapping needs target = \"subject\" or target = \"record\"");
  } else if (!target.empty()) {
    problems.Add(target_line, "target must be \"subject\" or \"record\", not \"" + target + "\"");
  }

  const toml::node* columns = root.get("columns");
  if (columns == nullptr) {
    problems.Add(1, "the mapping needs a [columns] table of \"CSV header\" = \"field id\"");
  } else if (!columns->is_table()) {
    problems.Add(LineOf(*columns), "columns must be a table of \"CSV header\" = \"field id\"");
  } else {
    for (auto&& [key, node] : *columns->as_table()) {
      const std::int64_t line =
          key.source().begin.line > 0 ? key.source().begin.line : LineOf(node);
      if (!node.is_string()) {
        problems.Add(line, "column '" + std::string(key.str()) +
                               "': the value must be a field id in quotes");
        continue;
      }
      m.columns.push_back(
          ImportMapping::Column{std::string(key.str()), node.as_string()->get(), line});
    }
    // In the order written, so "already mapped" points back to the earlier line.
    std::sort(m.columns.begin(), m.columns.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
    std::map<std::string, std::int64_t> mapped;  // field id -> line
    for (const auto& c : m.columns) {
      if (what.empty()) break;  // the kind or type is already reported
      auto f = std::find_if(fields.begin(), fields.end(),
                            [&](const policy::Field& x) { return x.id == c.field; });
      const std::string column = "column '" + c.header + "': ";
      if (f == fields.end()) {
        problems.Add(c.line, column + "'" + c.field + "' is not a field of " + what +
                                 "; its fields are: " +
                                 ListIds(fields, [](const policy::Field& x) { return x.id; }));
      } else if (f->type == policy::FieldType::kAttachment) {
        problems.Add(c.line,
                     column + "'" + c.field +
                         "' is an attachment field; attachments cannot be imported from CSV");
      } else if (auto [it, fresh] = mapped.emplace(c.field, c.line); !fresh) {
        problems.Add(c.line, column + "field '" + c.field + "' is already mapped on line " +
                                 std::to_string(it->second));
      }
    }
  }
  if (!what.empty()) CheckRequiredMapped(m, fields, what_line, what, problems);
  ReadMarketing(root, policy, m, problems);
  if (!problems.empty()) return InvalidArgument(problems.Format(path));
  return m;
}

Status CheckImportHeaders(const ImportMapping& m, const std::vector<std::string>& header,
                          std::string_view csv_path) {
  std::map<std::string, int> count;
  for (const auto& h : header) ++count[Trim(h)];
  std::string have;
  for (std::size_t i = 0; i < header.size() && i < 30; ++i)
    have += (i ? ", " : "") + Trim(header[i]);
  if (header.size() > 30) have += ", ...";
  Problems problems;
  auto check = [&](const std::string& name, std::int64_t line, std::string_view role) {
    if (name.empty()) return;
    const int n = count[Trim(name)];
    if (n == 0) {
      problems.Add(line, std::string(role) + " '" + name + "' is not in the header of " +
                             std::string(csv_path) + " (it has: " + have + ")");
    } else if (n > 1) {
      problems.Add(line, std::string(role) + " '" + name + "' appears " + std::to_string(n) +
                             " times in the header of " + std::string(csv_path));
    }
  };
  check(m.id_column, m.id_column_line, "id_column");
  check(m.case_column, m.case_column_line, "case_column");
  check(m.subject_column, m.subject_column_line, "subject_column");
  check(m.date_column, m.date_column_line, "date_column");
  for (const auto& c : m.columns) check(c.header, c.line, "column");
  for (const auto& c : m.marketing) check(c.header, c.line, "marketing column");
  if (!problems.empty()) return InvalidArgument(problems.Format(m.path));
  return {};
}

}  // namespace casekeep::records
