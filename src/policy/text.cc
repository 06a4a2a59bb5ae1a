// Escaping, free text and small words; then the policy wording shared by the notice and the
// record of processing; then the Document writer. Pure functions; thread-safe.
#include "policy/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace casekeep::policy {
namespace {

bool IsControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t' && c != '\n') || u == 0x7f;
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// The lines of `s` split at LF (a CR before the LF stays on the line); "" gives one empty line.
std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (true) {
    const auto end = s.find('\n', start);
    lines.push_back(
        s.substr(start, end == std::string_view::npos ? s.size() - start : end - start));
    if (end == std::string_view::npos) return lines;
    start = end + 1;
  }
}

// Backslash-escapes a block marker at the start of a Markdown line, so the line stays text.
void NeutraliseLineStart(std::string& s) {
  if (s.empty()) return;
  if (s[0] == '-' || s[0] == '+' || s[0] == '=') {
    s.insert(0, 1, '\\');
    return;
  }
  std::size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i > 0 && i < s.size() && (s[i] == '.' || s[i] == ')')) s.insert(i, 1, '\\');
}

// Characters that start emphasis, code, links, raw HTML, headings or table cells in Markdown.
constexpr std::string_view kMarkdownSpecial = "\\`*_[]<>#~|";

// Escapes inline Markdown; `cell` turns newlines into "<br>" instead of spaces.
std::string EscapeMarkdownInline(std::string_view s, bool cell) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') break;
        [[fallthrough]];
      case '\n':
        out += cell ? "<br>" : " ";
        break;
      case '&':
        if (i + 1 < s.size() && (IsAlnum(s[i + 1]) || s[i + 1] == '#')) out += '\\';
        out += c;
        break;
      default:
        if (kMarkdownSpecial.find(c) != std::string_view::npos) {
          out += '\\';
          out += c;
        } else if (!IsControl(c)) {
          out += c;
        }
    }
  }
  return out;
}

// Escapes a whole Markdown line: trimmed, so it can never become an indented code block.
std::string EscapeMarkdownLine(std::string_view s) {
  std::string out = EscapeMarkdownInline(Trim(s), false);
  NeutraliseLineStart(out);
  return out;
}

struct CountryNameEntry {
  std::string_view code;
  std::string_view name;
};

constexpr std::array kCountries{
    CountryNameEntry{"AT", "Austria"},       CountryNameEntry{"AU", "Australia"},
    CountryNameEntry{"BE", "Belgium"},       CountryNameEntry{"CA", "Canada"},
    CountryNameEntry{"CH", "Switzerland"},   CountryNameEntry{"CZ", "Czechia"},
    CountryNameEntry{"DE", "Germany"},       CountryNameEntry{"DK", "Denmark"},
    CountryNameEntry{"ES", "Spain"},         CountryNameEntry{"FI", "Finland"},
    CountryNameEntry{"FR", "France"},        CountryNameEntry{"GB", "United Kingdom"},
    CountryNameEntry{"GG", "Guernsey"},      CountryNameEntry{"IE", "Ireland"},
    CountryNameEntry{"IL", "Israel"},        CountryNameEntry{"IM", "Isle of Man"},
    CountryNameEntry{"IN", "India"},         CountryNameEntry{"IS", "Iceland"},
    CountryNameEntry{"IT", "Italy"},         CountryNameEntry{"JE", "Jersey"},
    CountryNameEntry{"JP", "Japan"},         CountryNameEntry{"KR", "South Korea"},
    CountryNameEntry{"LU", "Luxembourg"},    CountryNameEntry{"NL", "Netherlands"},
    CountryNameEntry{"NO", "Norway"},        CountryNameEntry{"NZ", "New Zealand"},
    CountryNameEntry{"PL", "Poland"},        CountryNameEntry{"PT", "Portugal"},
    CountryNameEntry{"SE", "Sweden"},        CountryNameEntry{"SG", "Singapore"},
    CountryNameEntry{"US", "United States"}, CountryNameEntry{"ZA", "South Africa"},
};

constexpr std::array<std::string_view, 12> kMonths{"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

int ParseDigits(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (!IsControl(c)) out += c;
    }
  }
  return out;
}

std::string EscapeMarkdown(std::string_view s) { return EscapeMarkdownLine(s); }
std::string EscapeMarkdownCell(std::string_view s) { return EscapeMarkdownInline(Trim(s), true); }

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += "\r\n";
  return out;
}

std::string JoinLabels(const std::vector<std::string>& items, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      if (i + 1 == items.size()) {
        out += ' ';
        out += last;
        out += ' ';
      } else {
        out += ", ";
      }
    }
    out += items[i];
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

std::string LowerFirst(std::string_view s) {
  std::string out(s);
  if (out.empty()) return out;
  const bool acronym = out.size() > 1 && std::isupper(static_cast<unsigned char>(out[1])) != 0;
  if (!acronym) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string CountryName(std::string_view iso) {
  if (iso.empty()) return "United Kingdom";
  for (const auto& entry : kCountries) {
    if (entry.code == iso) return std::string(entry.name);
  }
  return std::string(iso);
}

bool IsOutsideUk(std::string_view iso) { return !iso.empty() && iso != "GB"; }

std::string FormatDate(std::string_view iso_date) {
  const std::string_view d = iso_date;
  if (d.size() != 10) return std::string(iso_date);
  for (std::size_t i = 0; i < d.size(); ++i) {
    const bool ok = (i == 4 || i == 7) ? d[i] == '-' : IsDigit(d[i]);
    if (!ok) return std::string(iso_date);
  }
  const int year = ParseDigits(d.substr(0, 4));
  const int month = ParseDigits(d.substr(5, 2));
  const int day = ParseDigits(d.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return std::string(iso_date);
  }
  return std::to_string(day) + " " + std::string(kMonths[static_cast<std::size_t>(month - 1)]) +
         " " + std::to_string(year);
}

std::vector<TextBlock> SplitFreeText(std::string_view text) {
  std::vector<TextBlock> blocks;
  bool open = false;  // the last block takes further lines
  for (const std::string_view line : SplitLines(text)) {
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty()) {
      open = false;
      continue;
    }
    const bool indented = line.front() == ' ' || line.front() == '\t';
    const bool item = trimmed.starts_with("- ");
    const bool in_list = open && blocks.back().list;
    if (item && in_list) {
      blocks.back().items.emplace_back(Trim(trimmed.substr(2)));
    } else if (item) {
      blocks.push_back(TextBlock{true, {std::string(Trim(trimmed.substr(2)))}});
    } else if (open && (!in_list || indented)) {
      blocks.back().items.back() += ' ';
      blocks.back().items.back() += trimmed;
    } else {
      blocks.push_back(TextBlock{false, {std::string(trimmed)}});
    }
    open = true;
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Policy wording.

namespace {

template <class Find>
std::vector<std::string> LabelsOf(const std::vector<std::string>& ids, Find find) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    const auto* item = find(id);
    out.push_back(item != nullptr && !item->label.empty() ? item->label : id);
  }
  return out;
}

std::string MapLabel(const std::map<std::string, std::string>& labels, const std::string& id) {
  const auto it = labels.find(id);
  return it == labels.end() || it->second.empty() ? id : it->second;
}

std::vector<std::string> Quoted(const std::map<std::string, std::string>& labels,
                                const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) out.push_back("\u201c" + MapLabel(labels, id) + "\u201d");
  return out;
}

// The field a rule names: among its record types' fields, then the subject kinds' fields.
const Field* FindField(const Policy& p, const RetentionRule& rule, std::string_view field_id) {
  for (const auto& type_id : rule.record_types) {
    const RecordType* type = p.FindRecordType(type_id);
    if (type == nullptr) continue;
    for (const auto& f : type->fields) {
      if (f.id == field_id) return &f;
    }
  }
  for (const auto& kind : p.subject_kinds) {
    for (const auto& f : kind.fields) {
      if (f.id == field_id) return &f;
    }
  }
  return nullptr;
}

std::string FieldLabel(const Policy& p, const RetentionRule& rule, std::string_view field_id) {
  const Field* f = FindField(p, rule, field_id);
  return f == nullptr || f->label.empty() ? std::string(field_id) : f->label;
}

// "When the record shows “Paid by the council”" for a yes/no field, else "When “X” is “v”".
std::string FieldCondition(const Policy& p, const RetentionRule& rule, const std::string& field,
                           const std::string& value) {
  const Field* f = FindField(p, rule, field);
  const std::string label = "\u201c" + FieldLabel(p, rule, field) + "\u201d";
  if (f != nullptr && f->type == FieldType::kBoolean && (value == "true" || value == "false")) {
    return (value == "true" ? "When the record shows " : "When the record does not show ") + label;
  }
  return "When " + label + " is \u201c" + value + "\u201d";
}

// The non-blank lines of `s`, trimmed and joined with ", ".
std::string OneLine(std::string_view s) {
  std::string out;
  for (std::string_view line : SplitLines(s)) {
    line = Trim(line);
    while (!line.empty() && line.back() == ',') line = Trim(line.substr(0, line.size() - 1));
    if (line.empty()) continue;
    if (!out.empty()) out += ", ";
    out += line;
  }
  return out;
}

// True when every record type of the rule is about children only.
bool AboutChildren(const Policy& p, const RetentionRule& rule) {
  bool any = false;
  for (const auto& type_id : rule.record_types) {
    const RecordType* type = p.FindRecordType(type_id);
    if (type == nullptr) return false;
    for (const auto& kind_id : type->subject_kinds) {
      const SubjectKind* kind = p.FindSubjectKind(kind_id);
      if (kind == nullptr || !kind->child) return false;
      any = true;
    }
  }
  return any;
}

// "after the case is closed": when a rule's clock starts.
std::string TriggerPhrase(const Policy& p, const RetentionRule& rule) {
  switch (rule.from) {
    case Trigger::kRecordCreated:
      return "after the record is created";
    case Trigger::kCaseOpened:
      return "after the case is opened";
    case Trigger::kCaseClosed:
      return "after the case is closed";
    case Trigger::kLastContact:
      return "after our last contact on the case";
    case Trigger::kEmploymentEnded:
      return "after the employment or volunteering ends";
    case Trigger::kDateOfBirth:
      return AboutChildren(p, rule) ? "after the child's date of birth"
                                    : "after the person's date of birth";
    case Trigger::kTransferComplete:
      return "after the transfer is complete";
    case Trigger::kFinancialYearEnd:
      return "after the end of the financial year it relates to";
    case Trigger::kField:
      return "after the " + LowerFirst(FieldLabel(p, rule, rule.from_field));
  }
  return "after the record is created";
}

// Whether UK GDPR Art 9 processing under `c` also needs a DPA 2018 Schedule 1 condition
// (DPA 2018 s10(2)-(3): Art 9(2)(b), (g), (h), (i) and (j)).
bool Schedule1ForArticle9(Article9Condition c) {
  switch (c) {
    case Article9Condition::kExplicitConsent:
    case Article9Condition::kVitalInterests:
    case Article9Condition::kNotForProfit:
    case Article9Condition::kMadePublic:
    case Article9Condition::kLegalClaims:
      return false;
    default:
      return true;
  }
}

}  // namespace

std::vector<std::string> CategoryLabels(const Policy& p, const std::vector<std::string>& ids) {
  return LabelsOf(ids, [&](std::string_view id) { return p.FindCategory(id); });
}
std::vector<std::string> ServiceLabels(const Policy& p, const std::vector<std::string>& ids) {
  return LabelsOf(ids, [&](std::string_view id) { return p.FindService(id); });
}

std::vector<std::string> ContactLines(const Contact& c) {
  std::vector<std::string> lines;
  const auto add = [&](std::string_view label, std::string_view value) {
    const std::string text = OneLine(value);
    if (!text.empty()) lines.push_back(std::string(label) + ": " + text);
  };
  add("Name", c.name.empty() || c.role.empty() ? c.name + c.role : c.name + " (" + c.role + ")");
  add("Email", c.email);
  add("Phone", c.phone);
  add("Address", c.address);
  return lines;
}

std::vector<std::string> OrganisationLines(const Organisation& o) {
  std::vector<std::string> lines;
  const auto add = [&](std::string_view label, std::string_view value) {
    const std::string text = OneLine(value);
    if (!text.empty()) lines.push_back(std::string(label) + ": " + text);
  };
  add("Name", ControllerName(o));
  if (!o.legal_name.empty() && o.legal_name != o.name) add("Also known as", o.name);
  add("Address", o.address);
  add("Email", o.email);
  add("Phone", o.phone);
  add("Website", o.website);
  add("Registered number", o.registered_number);
  add("ICO registration number", o.ico_registration);
  return lines;
}

std::string ControllerName(const Organisation& o) {
  return o.legal_name.empty() ? o.name : o.legal_name;
}

std::string RetentionWhat(const Policy& p, const RetentionRule& rule) {
  if (!rule.label.empty()) return rule.label;
  std::string what = JoinLabels(
      LabelsOf(rule.record_types, [&](std::string_view id) { return p.FindRecordType(id); }));
  return what.empty() ? rule.id : what;
}

std::string RetentionHowLong(const Policy& p, const RetentionRule& rule) {
  if (rule.indefinite || !rule.period) {
    std::string out = "Indefinitely";
    if (rule.review) out += ", reviewed every " + DescribePeriod(*rule.review);
    return out;
  }
  const std::string span = DescribePeriod(*rule.period) + " " + TriggerPhrase(p, rule);
  return rule.from == Trigger::kDateOfBirth ? "until " + span : span;
}

std::vector<std::string> RetentionConditions(const Policy& p, const RetentionRule& rule) {
  const Condition& when = rule.when;
  std::vector<std::string> lines;
  if (!when.services.empty()) {
    lines.push_back("Only for the " + JoinLabels(ServiceLabels(p, when.services), "or") +
                    (when.services.size() == 1 ? " service" : " services"));
  }
  if (!when.any_flag.empty()) {
    lines.push_back("When the case is marked " +
                    JoinLabels(Quoted(p.case_flag_labels, when.any_flag), "or"));
  }
  if (!when.all_flags.empty()) {
    lines.push_back("When the case is marked " +
                    JoinLabels(Quoted(p.case_flag_labels, when.all_flags), "and"));
  }
  if (!when.no_flag.empty()) {
    lines.push_back("When the case is not marked " +
                    JoinLabels(Quoted(p.case_flag_labels, when.no_flag), "or"));
  }
  if (!when.referral_source.empty()) {
    lines.push_back("When the referral came from " +
                    JoinLabels(Quoted(p.referral_source_labels, when.referral_source), "or"));
  }
  for (const auto& [field, value] : when.field_equals) {
    lines.push_back(FieldCondition(p, rule, field, value));
  }
  return lines;
}

std::vector<std::string> PartialRetentionLines(const Policy& p, const RetentionRule& rule) {
  std::vector<std::string> lines;
  if (rule.partial.empty()) return lines;
  for (const auto& part : rule.partial) {
    std::vector<std::string> labels;
    for (const auto& f : part.fields) labels.push_back(FieldLabel(p, rule, f));
    std::string line =
        JoinLabels(labels) + ": " + DescribePeriod(part.period) + " " + TriggerPhrase(p, rule);
    if (!part.note.empty()) line += " (" + part.note + ")";
    lines.push_back(std::move(line));
  }
  lines.push_back("The rest: " + LowerFirst(RetentionHowLong(p, rule)));
  return lines;
}

std::string ConditionCitation(SpecialKind k, Article9Condition c) {
  const ConditionInfo& info = Info(c);
  if (k == SpecialKind::kCriminalOffence) {
    return info.schedule1.empty() ? "UK GDPR Art 10"
                                  : "UK GDPR Art 10, " + std::string(info.schedule1);
  }
  std::string out = "UK GDPR " + std::string(info.article9);
  if (Schedule1ForArticle9(c) && !info.schedule1.empty()) out += ", " + std::string(info.schedule1);
  return out;
}

bool NeedsPolicyDocument(const Category& c) {
  if (!c.special) return false;
  return std::any_of(c.conditions.begin(), c.conditions.end(),
                     [](Article9Condition cond) { return Info(cond).needs_policy_document; });
}

// ---------------------------------------------------------------------------------------------
// Document.

namespace {

// Print-friendly, high-contrast, readable line length; no external resources.
constexpr std::string_view kStyle =
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Arial,sans-serif;line-height:1.5;"
    "color:#0b0c0c;background:#fff;max-width:46em;margin:0 auto;padding:1em}\n"
    "h1,h2,h3{line-height:1.25}h2{margin-top:2em;border-bottom:1px solid #b1b4b6}\n"
    "a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}\n"
    "table{border-collapse:collapse;width:100%;margin:1em 0}\n"
    "caption{text-align:left;font-weight:bold;padding:.5em 0}\n"
    "th,td{border:1px solid #b1b4b6;padding:.4em .6em;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere}\n"
    "thead th{background:#f3f2f1}\n"
    "@media print{body{max-width:none;padding:0;font-size:11pt}"
    "a[href^=\"http\"]::after{content:\" (\" attr(href) \")\"}"
    "h2,h3{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}}\n";

std::string HtmlCell(std::string_view cell) {
  std::string out;
  const auto lines = SplitLines(cell);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "<br>";
    out += EscapeHtml(lines[i]);
  }
  return out;
}

std::string HtmlTable(const Table& t) {
  std::string out = "<table>\n<caption>" + EscapeHtml(t.caption) + "</caption>\n<thead>\n<tr>";
  for (const auto& col : t.columns) out += "<th scope=\"col\">" + EscapeHtml(col) + "</th>";
  out += "</tr>\n</thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += i == 0 ? "<th scope=\"row\">" + HtmlCell(row[i]) + "</th>"
                    : "<td>" + HtmlCell(row[i]) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

std::string MarkdownRow(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& cell : cells) out += " " + EscapeMarkdownCell(cell) + " |";
  return out + "\n";
}

std::string MarkdownTable(const Table& t) {
  std::string out = "**" + EscapeMarkdown(t.caption) + "**\n\n" + MarkdownRow(t.columns) + "|";
  for (std::size_t i = 0; i < t.columns.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& row : t.rows) out += MarkdownRow(row);
  return out;
}

}  // namespace

void Document::Heading(int level, std::string_view text) {
  if (Trim(text).empty()) return;
  level = std::clamp(level, 1, std::min(3, last_level_ + 1));
  last_level_ = level;
  blocks_.push_back(Block{Kind::kHeading, level, {std::string(text)}, {}});
}

void Document::Paragraph(std::string_view text) {
  if (Trim(text).empty()) return;
  blocks_.push_back(Block{Kind::kParagraph, 0, {std::string(text)}, {}});
}

void Document::FreeText(std::string_view text) {
  for (auto& block : SplitFreeText(text)) {
    if (block.list) {
      List(std::move(block.items));
    } else {
      Paragraph(block.items.front());
    }
  }
}

void Document::List(std::vector<std::string> items) {
  if (items.empty()) return;
  blocks_.push_back(Block{Kind::kList, 0, std::move(items), {}});
}

void Document::LinkParagraph(std::string_view before, std::string_view text, std::string_view href,
                             std::string_view after) {
  blocks_.push_back(
      Block{Kind::kLink,
            0,
            {std::string(before), std::string(text), std::string(href), std::string(after)},
            {}});
}

void Document::AddTable(Table table) {
  if (table.rows.empty()) return;
  for (auto& row : table.rows) row.resize(table.columns.size());
  blocks_.push_back(Block{Kind::kTable, 0, {}, std::move(table)});
}

std::string Document::ToHtml(std::string_view title) const {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      EscapeHtml(title) + "</title>\n<style>\n" + std::string(kStyle) +
      "</style>\n</head>\n<body>\n<main>\n";
  for (const auto& b : blocks_) {
    switch (b.kind) {
      case Kind::kHeading: {
        const std::string tag = "h" + std::to_string(b.level);
        out += "<" + tag + ">" + EscapeHtml(b.texts[0]) + "</" + tag + ">\n";
        break;
      }
      case Kind::kParagraph:
        out += "<p>" + EscapeHtml(b.texts[0]) + "</p>\n";
        break;
      case Kind::kList:
        out += "<ul>\n";
        for (const auto& item : b.texts) out += "<li>" + EscapeHtml(item) + "</li>\n";
        out += "</ul>\n";
        break;
      case Kind::kLink: {
        const std::string text = EscapeHtml(b.texts[1]);
        const std::string link =
            b.texts[2].empty() ? text
                               : "<a href=\"" + EscapeHtml(b.texts[2]) + "\">" + text + "</a>";
        out += "<p>" + EscapeHtml(b.texts[0]) + link + EscapeHtml(b.texts[3]) + "</p>\n";
        break;
      }
      case Kind::kTable:
        out += HtmlTable(b.table);
        break;
    }
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

std::string Document::ToMarkdown() const {
  std::string out;
  for (const auto& b : blocks_) {
    if (!out.empty()) out += "\n";
    switch (b.kind) {
      case Kind::kHeading:
        out += std::string(static_cast<std::size_t>(b.level), '#') + " " +
               EscapeMarkdown(b.texts[0]) + "\n";
        break;
      case Kind::kParagraph:
        out += EscapeMarkdown(b.texts[0]) + "\n";
        break;
      case Kind::kList:
        for (const auto& item : b.texts) out += "- " + EscapeMarkdown(item) + "\n";
        break;
      case Kind::kLink: {
        const std::string text = EscapeMarkdownInline(b.texts[1], false);
        std::string line = EscapeMarkdownInline(b.texts[0], false);
        NeutraliseLineStart(line);
        line += b.texts[2].empty() ? text : "[" + text + "](<" + b.texts[2] + ">)";
        out += line + EscapeMarkdownInline(b.texts[3], false) + "\n";
        break;
      }
      case Kind::kTable:
        out += MarkdownTable(b.table);
        break;
    }
  }
  return out;
}

}  // namespace casekeep::policy
