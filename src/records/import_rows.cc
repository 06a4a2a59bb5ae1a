// Preparing CSV rows for import (see import_rows.h). Thread-safety: a RowPreparer belongs to
// one thread; ImportDate is pure.
#include "records/import_rows.h"

#include <algorithm>
#include <charconv>

#include "base/date.h"
#include "crypto/codes.h"
#include "records/fields.h"
#include "records/marketing.h"

namespace casekeep::records::internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::size_t> IndexOf(const std::vector<std::string>& header,
                                   const std::string& name) {
  if (name.empty()) return std::nullopt;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (Trim(header[i]) == Trim(name)) return i;
  }
  return std::nullopt;
}

std::optional<bool> ParseBoolean(std::string_view s) {
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  if (lower == "true" || lower == "yes" || lower == "y" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "n" || lower == "0") return false;
  return std::nullopt;
}

// The typed value of a cell for `field`, or why it cannot be one.
std::expected<nlohmann::json, std::string> Convert(const policy::Field& field,
                                                   std::string_view raw) {
  const std::string_view s = Trim(raw);
  switch (field.type) {
    case policy::FieldType::kInteger: {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      if (ec != std::errc() || end != s.data() + s.size()) {
        return std::unexpected("'" + std::string(s) + "' is not a whole number");
      }
      return nlohmann::json(n);
    }
    case policy::FieldType::kBoolean: {
      auto b = ParseBoolean(s);
      if (!b)
        return std::unexpected("'" + std::string(s) + "' is not true or false (or yes or no)");
      return nlohmann::json(*b);
    }
    case policy::FieldType::kDate: {
      auto d = ImportDate(s);
      if (!d) return std::unexpected(d.error());
      return nlohmann::json(*d);
    }
    case policy::FieldType::kText: return nlohmann::json(std::string(raw));
    default: return nlohmann::json(std::string(s));
  }
}

std::string WithoutPrefix(const std::string& message, const std::string& what) {
  const std::string prefix = what + " refused: ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

}  // namespace

std::expected<std::string, std::string> ImportDate(std::string_view text) {
  const std::string_view s = Trim(text);
  auto fail = [&](std::string why) -> std::unexpected<std::string> {
    return std::unexpected("'" + std::string(s) + "' " + why);
  };
  if (s.find('/') == std::string_view::npos) {
    auto d = Date::Parse(s);
    if (d) return d->ToString();
    if (s.find('-') == std::string_view::npos)
      return fail("is not a date like 2025-03-04 or 04/03/2025");
    return std::unexpected(d.error().message);
  }
  int parts[3] = {0, 0, 0};
  std::size_t digits[3] = {0, 0, 0};
  std::size_t part = 0;
  for (char c : s) {
    if (c == '/') {
      if (++part > 2) return fail("is not a date like 04/03/2025");
    } else if (c >= '0' && c <= '9' && digits[part] < 4) {
      parts[part] = parts[part] * 10 + (c - '0');
      ++digits[part];
    } else {
      return fail("is not a date like 04/03/2025");
    }
  }
  if (part != 2 || digits[0] == 0 || digits[0] > 2 || digits[1] == 0 || digits[1] > 2 ||
      digits[2] != 4) {
    return fail("is not a date like 04/03/2025 (day/month/year)");
  }
  auto d = Date::FromYmd(parts[2], parts[1], parts[0]);
  if (!d) return fail("is not a date: " + d.error().message);
  return d->ToString();
}

RowPreparer::RowPreparer(const ImportMapping& mapping, const std::vector<std::string>& header,
                         const policy::Policy& policy, store::Store& store)
    : mapping_(mapping), policy_(policy), store_(store) {
  if (mapping.target == ImportTarget::kSubject) {
    const policy::SubjectKind* kind = policy.FindSubjectKind(mapping.kind);
    if (kind != nullptr) fields_ = kind->fields;
    what_ = "person of kind '" + mapping.kind + "'";
  } else {
    const policy::RecordType* type = policy.FindRecordType(mapping.type);
    if (type != nullptr) fields_ = type->fields;
    what_ = "record of type '" + mapping.type + "'";
  }
  for (const auto& c : mapping.columns) {
    auto index = IndexOf(header, c.header);
    auto f = std::find_if(fields_.begin(), fields_.end(),
                          [&](const policy::Field& x) { return x.id == c.field; });
    if (index && f != fields_.end()) cells_.push_back(Cell{*index, c.header, &*f});
  }
  for (const auto& c : mapping.marketing) {
    if (auto index = IndexOf(header, c.header)) opt_in_cells_.emplace_back(*index, &c);
  }
  id_index_ = IndexOf(header, mapping.id_column);
  case_index_ = IndexOf(header, mapping.case_column);
  subject_index_ = IndexOf(header, mapping.subject_column);
  date_index_ = IndexOf(header, mapping.date_column);
}

// "field 'email': ..." as "column 'E-mail' (field 'email'): ...", so a person can find it.
std::string RowPreparer::NameColumns(std::string message) const {
  for (const Cell& cell : cells_) {
    const std::string from = "field '" + cell.field->id + "': ";
    const std::string to =
        "column '" + cell.header + "' (" + from.substr(0, from.size() - 2) + "): ";
    for (auto at = message.find(from); at != std::string::npos;
         at = message.find(from, at + to.size())) {
      if (at > 0 && message[at - 1] == '(') break;  // already named
      message.replace(at, from.size(), to);
    }
  }
  return message;
}

Result<std::expected<PreparedRow, std::string>> RowPreparer::Prepare(const CsvRow& row) {
  using Prepared = std::expected<PreparedRow, std::string>;
  using Bad = std::unexpected<std::string>;
  if (!row.error.empty()) return Prepared(Bad(row.error));
  PreparedRow out;
  out.line = row.line;
  std::vector<std::string> problems;
  nlohmann::json values = nlohmann::json::object();
  std::vector<std::string> unconvertible;
  for (const Cell& cell : cells_) {
    const std::string& raw = row.fields[cell.index];
    if (Trim(raw).empty()) continue;  // an empty cell is an absent value
    auto v = Convert(*cell.field, raw);
    if (!v) {
      problems.push_back("column '" + cell.header + "' (field '" + cell.field->id +
                         "'): " + v.error());
      unconvertible.push_back(cell.field->id);
      continue;
    }
    values[cell.field->id] = std::move(*v);
  }
  // A value that could not be converted is reported once, not again as missing.
  std::vector<policy::Field> relaxed;
  std::span<const policy::Field> fields = fields_;
  if (!unconvertible.empty()) {
    relaxed.assign(fields_.begin(), fields_.end());
    for (auto& f : relaxed) {
      if (std::find(unconvertible.begin(), unconvertible.end(), f.id) != unconvertible.end()) {
        f.required = false;
      }
    }
    fields = relaxed;
  }
  auto checked = CheckFields(fields, values, what_);
  if (!checked) problems.push_back(NameColumns(WithoutPrefix(checked.error().message, what_)));

  if (id_index_) {
    out.id = std::string(Trim(row.fields[*id_index_]));
    if (out.id.empty()) {
      problems.push_back("column '" + mapping_.id_column + "' is empty; every row needs its id");
    } else if (auto [it, fresh] = id_lines_.emplace(out.id, row.line);
               !fresh && it->second != row.line) {
      problems.push_back("id '" + out.id + "' is also on line " + std::to_string(it->second));
    }
  }
  if (mapping_.target == ImportTarget::kRecord) CK_TRY(CheckLinks(row, out, problems));
  ReadOptIns(row, checked ? &*checked : nullptr, out, problems);
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p;
    return Prepared(Bad(std::move(message)));
  }
  if (mapping_.target == ImportTarget::kSubject) {
    out.subject = NewSubject{mapping_.kind, std::move(*checked), {}, {}};
  } else {
    out.record.type = mapping_.type;
    out.record.fields = std::move(*checked);
  }
  return out;
}

// The [marketing] cells: true is an opt-in, which needs the person's address on the channel.
void RowPreparer::ReadOptIns(const CsvRow& row, const nlohmann::json* fields, PreparedRow& out,
                             std::vector<std::string>& problems) const {
  const policy::SubjectKind* kind = policy_.FindSubjectKind(mapping_.kind);
  for (const auto& [index, column] : opt_in_cells_) {
    const std::string_view cell = Trim(row.fields[index]);
    if (cell.empty()) continue;  // no answer is no opt-in
    const std::string name = "marketing column '" + column->header + "' (" + column->field + "): ";
    auto yes = ParseBoolean(cell);
    if (!yes) {
      problems.push_back(name + "'" + std::string(cell) + "' is not true or false (or yes or no)");
      continue;
    }
    if (!*yes) continue;
    auto channel = FindMarketingChannel(policy_, column->field);
    if (!channel || kind == nullptr || fields == nullptr) continue;  // reported elsewhere
    if (!ChannelAddress(*kind, *fields, (*channel)->channel)) {
      problems.push_back(name + "an opt-in needs the person's address for '" + column->field +
                         "' on the same row");
      continue;
    }
    out.opt_ins.push_back(column->field);
  }
}

Result<std::optional<RowPreparer::CaseInfo>> RowPreparer::LookUpCase(const std::string& code) {
  if (auto it = cases_.find(code); it != cases_.end()) return it->second;
  if (!snapshot_) {
    CK_ASSIGN_OR_RETURN(snapshot_, store_.BeginRead());
  }
  CK_ASSIGN_OR_RETURN(auto row, snapshot_->FindCase(code));
  std::optional<CaseInfo> info;
  if (row) info = CaseInfo{row->id, row->service};
  cases_.emplace(code, info);
  return info;
}

Result<std::optional<RowPreparer::SubjectInfo>> RowPreparer::LookUpSubject(
    const std::string& code) {
  if (auto it = subjects_.find(code); it != subjects_.end()) return it->second;
  if (!snapshot_) {
    CK_ASSIGN_OR_RETURN(snapshot_, store_.BeginRead());
  }
  CK_ASSIGN_OR_RETURN(auto row, snapshot_->FindSubject(code));
  std::optional<SubjectInfo> info;
  if (row) info = SubjectInfo{row->id, row->kind, row->erased_at.has_value()};
  subjects_.emplace(code, info);
  return info;
}

// The checks RecordsService makes of a record's case, person and date, with the same outcome.
Status RowPreparer::CheckLinks(const CsvRow& row, PreparedRow& out,
                               std::vector<std::string>& problems) {
  const policy::RecordType* type = policy_.FindRecordType(mapping_.type);
  if (type == nullptr) return Fail(ErrorCode::kInternal, "the mapping's record type is unknown");
  std::optional<CaseInfo> c;
  std::optional<SubjectInfo> subject;
  const auto& fields = row.fields;
  if (case_index_) {
    const std::string_view cell = Trim(fields[*case_index_]);
    if (!cell.empty()) {
      auto code = crypto::ParseCode(cell, crypto::kCaseCodePrefix);
      if (!code) {
        problems.push_back("column '" + mapping_.case_column + "': '" + std::string(cell) +
                           "' is not a case code");
      } else {
        CK_ASSIGN_OR_RETURN(c, LookUpCase(*code));
        if (!c) {
          problems.push_back("no case with code " + *code);
        } else {
          out.record.case_code = *code;
          out.case_id = c->id;
        }
      }
    } else if (type->case_record) {
      problems.push_back("column '" + mapping_.case_column + "' is empty; a record of type '" +
                         type->id + "' belongs to a case");
    }
  }
  if (subject_index_) {
    const std::string_view cell = Trim(fields[*subject_index_]);
    if (!cell.empty()) {
      auto code = crypto::ParseCode(cell, crypto::kSubjectCodePrefix);
      if (!code) {
        problems.push_back("column '" + mapping_.subject_column + "': '" + std::string(cell) +
                           "' is not a person's code");
      } else {
        CK_ASSIGN_OR_RETURN(subject, LookUpSubject(*code));
        if (!subject) {
          problems.push_back("no person with code " + *code);
        } else if (subject->erased) {
          problems.push_back(*code + " has been erased");
        } else {
          out.record.subject_code = *code;
          out.subject_id = subject->id;
        }
      }
    } else if (!type->case_record) {
      problems.push_back("column '" + mapping_.subject_column + "' is empty; a record of type '" +
                         type->id + "' is kept on a person");
    }
  }
  if (c && !type->services.empty() &&
      std::find(type->services.begin(), type->services.end(), c->service) == type->services.end()) {
    problems.push_back("a record of type '" + type->id + "' is not kept by service '" + c->service +
                       "' (case " + out.record.case_code + ")");
  }
  if (subject && !subject->erased && !type->subject_kinds.empty() &&
      std::find(type->subject_kinds.begin(), type->subject_kinds.end(), subject->kind) ==
          type->subject_kinds.end()) {
    problems.push_back("a record of type '" + type->id + "' cannot be about a person of kind '" +
                       subject->kind + "'");
  }
  if (date_index_) {
    const std::string_view cell = Trim(fields[*date_index_]);
    if (cell.empty()) {
      problems.push_back("column '" + mapping_.date_column +
                         "' is empty; give the date the record is about");
    } else if (auto d = ImportDate(cell); !d) {
      problems.push_back("column '" + mapping_.date_column + "': " + d.error());
    } else {
      out.record.occurred_on = *d;
    }
  }
  return {};
}

}  // namespace casekeep::records::internal
