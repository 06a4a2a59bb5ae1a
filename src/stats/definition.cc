#include "stats/definition.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <set>
#include <utility>

#include "base/file.h"
#include "policy/reader.h"

namespace casekeep::stats {
namespace {

using policy::SourcePos;
using policy::internal::Diagnostics;
using policy::internal::Located;
using policy::internal::TableReader;

constexpr std::array<std::pair<Dimension, std::string_view>, 9> kDimensions{{
    {Dimension::kService, "service"},
    {Dimension::kMonth, "month"},
    {Dimension::kQuarter, "quarter"},
    {Dimension::kYear, "year"},
    {Dimension::kAgeBand, "age_band"},
    {Dimension::kReferralSource, "referral_source"},
    {Dimension::kPostcodeDistrict, "postcode_district"},
    {Dimension::kPostcodeArea, "postcode_area"},
    {Dimension::kOutcome, "outcome"},
}};

constexpr std::array<std::pair<Measure, std::string_view>, 5> kMeasures{{
    {Measure::kPeople, "people"},
    {Measure::kCases, "cases"},
    {Measure::kSessions, "sessions"},
    {Measure::kAttended, "attended"},
    {Measure::kAttendanceRate, "attendance_rate"},
}};

constexpr std::size_t kMaxDimensions = 4;
constexpr int kMaxAge = 120;

std::vector<std::string> DimensionNames() {
  std::vector<std::string> names;
  for (const auto& [d, name] : kDimensions) names.emplace_back(name);
  return names;
}

// Every field of every subject kind and record type with this id.
std::vector<const policy::Field*> FieldsNamed(const policy::Policy& p, std::string_view id) {
  std::vector<const policy::Field*> out;
  for (const auto& k : p.subject_kinds) {
    for (const auto& f : k.fields) {
      if (f.id == id) out.push_back(&f);
    }
  }
  for (const auto& t : p.record_types) {
    for (const auto& f : t.fields) {
      if (f.id == id) out.push_back(&f);
    }
  }
  return out;
}

const policy::Field* RecordField(const policy::RecordType& t, std::string_view id) {
  for (const auto& f : t.fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

class DefParser {
 public:
  DefParser(const policy::Policy& p, Diagnostics& d) : p_(p), diag_(d) {}

  void Run(const toml::table& top_table, Definitions& out) {
    TableReader top(top_table, "the report definitions", diag_);
    for (const toml::table* t : top.TableArray("reports")) {
      out.reports.push_back(ReadReport(*t));
    }
    for (const toml::table* t : top.TableArray("extracts")) {
      out.extracts.push_back(ReadExtract(*t));
    }
    top.Finish();
  }

 private:
  void CheckId(const Located& id) {
    if (id.value.empty()) return;
    if (!ids_.insert(id.value).second) {
      diag_.Error(id.pos, "a report or extract '" + id.value + "' is already defined");
    }
  }

  std::optional<Dimension> ReadDimension(const Located& name, std::string_view context) {
    if (auto d = DimensionFromName(name.value)) return d;
    std::string reason = IdentifyingReason(name.value, p_);
    if (!reason.empty()) {
      diag_.Error(name.pos,
                  "'" + name.value + "' in " + std::string(context) + " is refused: " + reason);
      return std::nullopt;
    }
    std::string msg = "unknown dimension '" + name.value + "' in " + std::string(context);
    if (auto s = policy::internal::Suggest(name.value, DimensionNames())) {
      msg += " (did you mean '" + *s + "'?)";
    } else {
      msg +=
          " (known: service, month, quarter, year, age_band, referral_source, "
          "postcode_district, postcode_area, outcome)";
    }
    diag_.Error(name.pos, msg);
    return std::nullopt;
  }

  void ReadMappings(const toml::table& raw, TableReader& r, Mappings& m, bool wants_sessions,
                    bool wants_outcome) {
    const std::string ctx = r.context();
    if (const toml::table* t = r.SubTable("age_band")) {
      // `bands` is an integer list, which the shared reader does not read: take it out first.
      toml::table rest = *t;
      rest.erase("bands");
      TableReader a(rest, ctx + " age_band", diag_);
      if (auto f = a.OptionalString("field")) {
        m.age_field = f->value;
        CheckAgeField(*f, ctx);
      }
      a.Finish();
      if (const toml::node* bands = t->get("bands")) ReadBands(*bands, ctx, m);
    }
    if (const toml::table* t = r.SubTable("postcode")) {
      TableReader pc(*t, ctx + " postcode", diag_);
      if (auto f = pc.OptionalString("field")) {
        m.postcode_field = f->value;
        CheckPostcodeField(*f, ctx);
      }
      pc.Finish();
    }
    if (const toml::table* t = r.SubTable("sessions")) {
      TableReader s(*t, ctx + " sessions", diag_);
      auto type = s.OptionalString("record_type");
      auto field = s.OptionalString("field");
      auto attended = s.StringList("attended");
      if (!type || !field) {
        diag_.Error(s.TablePos(), ctx + " sessions needs 'record_type' and 'field'");
      } else if (const auto* f = EnumField(*type, *field, ctx + " sessions")) {
        m.session_type = type->value;
        m.attendance_field = field->value;
        for (const auto& v : attended) {
          if (std::find(f->values.begin(), f->values.end(), v.value) == f->values.end()) {
            diag_.Error(v.pos, "'" + v.value + "' is not a value of field '" + field->value +
                                   "' of record type '" + type->value + "'");
          }
          m.attended_values.push_back(v.value);
        }
        if (attended.empty()) {
          diag_.Error(s.TablePos(), ctx +
                                        " sessions needs 'attended' (the values that count "
                                        "as attended)");
        }
      }
      s.Finish();
    } else if (wants_sessions) {
      diag_.Error(r.TablePos(), ctx +
                                    " counts sessions but has no 'sessions' table saying which "
                                    "records are sessions");
    }
    if (const toml::table* t = r.SubTable("outcome")) {
      TableReader o(*t, ctx + " outcome", diag_);
      auto type = o.OptionalString("record_type");
      auto field = o.OptionalString("field");
      if (!type || !field) {
        diag_.Error(o.TablePos(), ctx + " outcome needs 'record_type' and 'field'");
      } else if (EnumField(*type, *field, ctx + " outcome") != nullptr) {
        m.outcome_type = type->value;
        m.outcome_field = field->value;
      }
      o.Finish();
    } else {
      (void)wants_outcome;  // without a mapping the outcome is the case's state
    }
    (void)raw;
  }

  const policy::Field* EnumField(const Located& type, const Located& field,
                                 const std::string& ctx) {
    const policy::RecordType* t = p_.FindRecordType(type.value);
    if (t == nullptr) {
      diag_.Error(type.pos, ctx + ": the policy has no record type '" + type.value + "'");
      return nullptr;
    }
    const policy::Field* f = RecordField(*t, field.value);
    if (f == nullptr) {
      diag_.Error(field.pos,
                  ctx + ": record type '" + type.value + "' has no field '" + field.value + "'");
      return nullptr;
    }
    if (f->type != policy::FieldType::kEnum) {
      diag_.Error(field.pos, ctx + ": field '" + field.value + "' is " +
                                 std::string(policy::FieldTypeName(f->type)) +
                                 ", not enum: statistics use coded values, never free text");
      return nullptr;
    }
    return f;
  }

  void CheckAgeField(const Located& f, const std::string& ctx) {
    for (const auto& k : p_.subject_kinds) {
      for (const auto& field : k.fields) {
        if (field.id == f.value && field.type == policy::FieldType::kDate) return;
      }
    }
    diag_.Error(f.pos, ctx + " age_band: no subject kind has a date field '" + f.value + "'");
  }

  void CheckPostcodeField(const Located& f, const std::string& ctx) {
    for (const auto& k : p_.subject_kinds) {
      for (const auto& field : k.fields) {
        if (field.id == f.value && field.type == policy::FieldType::kPostcode) return;
      }
    }
    diag_.Error(f.pos, ctx + " postcode: no subject kind has a postcode field '" + f.value + "'");
  }

  void ReadBands(const toml::node& node, const std::string& ctx, Mappings& m) {
    const SourcePos pos = policy::internal::PosOf(node);
    const toml::array* a = node.as_array();
    if (a == nullptr || a->empty() || a->size() > 20) {
      diag_.Error(pos, ctx + " age_band 'bands' must be a list of 1 to 20 ages, the first 0");
      return;
    }
    std::vector<int> bands;
    for (const auto& v : *a) {
      const auto* i = v.as_integer();
      if (i == nullptr || i->get() < 0 || i->get() > kMaxAge ||
          (!bands.empty() && i->get() <= bands.back())) {
        diag_.Error(policy::internal::PosOf(v),
                    ctx + " age_band 'bands' must be whole ages from 0 to 120 in increasing order");
        return;
      }
      bands.push_back(static_cast<int>(i->get()));
    }
    if (bands.front() != 0) {
      diag_.Error(pos, ctx + " age_band 'bands' must start at 0 so that every age has a band");
      return;
    }
    m.age_bands = std::move(bands);
  }

  int Threshold(TableReader& r, std::string_view key, int policy_value, int min) {
    auto v = r.Int(key, min, 1000);
    if (!v) return 0;
    if (*v < policy_value) {
      diag_.Error(r.Pos(key), "'" + std::string(key) + "' in " + r.context() +
                                  " may not be below the policy's " + std::to_string(policy_value));
      return 0;
    }
    return static_cast<int>(*v);
  }

  // The id, label and description every definition has.
  template <class Def>
  void ReadHead(TableReader& r, std::string_view kind, Def& d) {
    d.pos = r.TablePos();
    Located id = r.Id();
    d.id = id.value;
    CheckId(id);
    r.SetContext(std::string(kind) + " '" + d.id + "'");
    d.label = r.String("label", true);
    d.description = r.String("description");
  }

  ReportDef ReadReport(const toml::table& t) {
    TableReader r(t, "[[reports]]", diag_);
    ReportDef d;
    ReadHead(r, "[[reports]]", d);
    std::set<Dimension> seen;
    const auto dims = r.StringList("dimensions", true);
    for (const auto& name : dims) {
      auto dim = ReadDimension(name, r.context());
      if (!dim) continue;
      if (!seen.insert(*dim).second) {
        diag_.Error(name.pos, "dimension '" + name.value + "' is listed twice");
        continue;
      }
      d.dimensions.push_back(*dim);
    }
    if (dims.size() > kMaxDimensions) {
      diag_.Error(r.Pos("dimensions"), r.context() + " has more than 4 dimensions");
    }
    bool sessions = false;
    for (const auto& name : r.StringList("measures", true)) {
      auto it = std::find_if(kMeasures.begin(), kMeasures.end(),
                             [&](const auto& m) { return m.second == name.value; });
      if (it == kMeasures.end()) {
        diag_.Error(name.pos, "unknown measure '" + name.value + "' in " + r.context() +
                                  " (known: people, cases, sessions, attended, attendance_rate)");
        continue;
      }
      if (std::find(d.measures.begin(), d.measures.end(), it->first) != d.measures.end()) {
        diag_.Error(name.pos, "measure '" + name.value + "' is listed twice");
        continue;
      }
      sessions = sessions || it->first == Measure::kSessions || it->first == Measure::kAttended ||
                 it->first == Measure::kAttendanceRate;
      d.measures.push_back(it->first);
    }
    const auto& s = p_.settings;
    d.suppression_threshold = Threshold(r, "suppression_threshold", s.suppression_threshold, 1);
    d.rounding = Threshold(r, "rounding", s.rounding, 0);
    ReadMappings(t, r, d.mappings, sessions, seen.contains(Dimension::kOutcome));
    r.Finish();
    return d;
  }

  ExtractDef ReadExtract(const toml::table& t) {
    TableReader r(t, "[[extracts]]", diag_);
    ExtractDef d;
    ReadHead(r, "[[extracts]]", d);
    for (const auto& name : r.StringList("columns", true)) {
      if (name.value == "sessions" || name.value == "attended") {
        bool& flag = name.value == "sessions" ? d.sessions : d.attended;
        if (flag) diag_.Error(name.pos, "column '" + name.value + "' is listed twice");
        flag = true;
        continue;
      }
      auto dim = ReadDimension(name, r.context());
      if (!dim) continue;
      if (std::find(d.columns.begin(), d.columns.end(), *dim) != d.columns.end()) {
        diag_.Error(name.pos, "column '" + name.value + "' is listed twice");
        continue;
      }
      d.columns.push_back(*dim);
    }
    for (const auto& name : r.StringList("quasi_identifiers", true)) {
      auto dim = ReadDimension(name, r.context());
      if (!dim) continue;
      if (std::find(d.columns.begin(), d.columns.end(), *dim) == d.columns.end()) {
        diag_.Error(name.pos, "quasi-identifier '" + name.value + "' is not one of the columns");
        continue;
      }
      d.quasi_identifiers.push_back(*dim);
    }
    d.k = Threshold(r, "k", p_.settings.k_anonymity, 2);
    if (auto b = r.OptionalString("below_k")) {
      if (b->value == "refuse") {
        d.below_k = BelowK::kRefuse;
      } else if (b->value != "generalise") {
        diag_.Error(b->pos, "'below_k' must be \"generalise\" or \"refuse\"");
      }
    }
    ReadMappings(t, r, d.mappings, d.sessions || d.attended, false);
    r.Finish();
    return d;
  }

  const policy::Policy& p_;
  Diagnostics& diag_;
  std::set<std::string> ids_;
};

}  // namespace

std::string_view DimensionName(Dimension d) {
  for (const auto& [dim, name] : kDimensions) {
    if (dim == d) return name;
  }
  return "?";
}

std::optional<Dimension> DimensionFromName(std::string_view name) {
  for (const auto& [dim, n] : kDimensions) {
    if (n == name) return dim;
  }
  return std::nullopt;
}

std::string_view MeasureName(Measure m) {
  for (const auto& [measure, name] : kMeasures) {
    if (measure == m) return name;
  }
  return "?";
}

bool IsCount(Measure m) {
  return m != Measure::kAttendanceRate;
}

std::string IdentifyingReason(std::string_view name, const policy::Policy& policy) {
  static const std::set<std::string_view> kNames = {"name",        "first_name",     "last_name",
                                                    "surname",     "full_name",      "given_name",
                                                    "family_name", "preferred_name", "known_as"};
  static const std::set<std::string_view> kBirth = {"date_of_birth", "dob", "birth_date",
                                                    "birthday"};
  static const std::set<std::string_view> kPlace = {"postcode", "post_code", "address", "street",
                                                    "home_address"};
  static const std::set<std::string_view> kCodes = {
      "code",   "subject",     "subject_code", "person", "person_code", "case",   "case_code",
      "record", "record_code", "nhs_number",   "email",  "phone",       "mobile", "id"};
  if (kNames.contains(name)) return "a name identifies people";
  if (kBirth.contains(name)) {
    return "an exact date of birth identifies people; use age_band, derived from it";
  }
  if (kPlace.contains(name)) {
    return "a full postcode or address identifies a household; use postcode_district or "
           "postcode_area";
  }
  if (kCodes.contains(name)) {
    return "a code or contact detail points at one person; statistics never carry them";
  }
  for (const policy::Field* f : FieldsNamed(policy, name)) {
    using policy::FieldType;
    switch (f->type) {
      case FieldType::kEnum:
      case FieldType::kBoolean:
      case FieldType::kInteger: break;
      default:
        return "'" + std::string(name) + "' is a " + std::string(policy::FieldTypeName(f->type)) +
               " field of the policy; reports use only the derived dimensions, never a "
               "person's own values";
    }
  }
  return {};
}

const ReportDef* Definitions::FindReport(std::string_view id) const {
  for (const auto& r : reports) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const ExtractDef* Definitions::FindExtract(std::string_view id) const {
  for (const auto& e : extracts) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

DefinitionsOutcome ParseDefinitions(std::string_view text, const policy::Policy& policy) {
  DefinitionsOutcome out;
  Diagnostics diag;
  toml::parse_result parsed = toml::parse(text);
  if (!parsed) {
    const auto& err = parsed.error();
    diag.Error(SourcePos{err.source().begin.line, err.source().begin.column},
               "TOML syntax: " + std::string(err.description()));
    out.errors = diag.Take();
    return out;
  }
  DefParser(policy, diag).Run(parsed.table(), out.definitions);
  out.errors = diag.Take();
  return out;
}

Result<Definitions> LoadDefinitionsFile(const std::string& path, const policy::Policy& policy) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) return Definitions{};
  auto text = ReadFileCapped(path, kMaxDefinitionsBytes);
  if (!text) return std::unexpected(text.error());
  DefinitionsOutcome outcome = ParseDefinitions(*text, policy);
  if (outcome.ok()) return std::move(outcome.definitions);
  std::string message;
  for (const auto& d : outcome.errors) {
    if (!message.empty()) message += "\n";
    message += policy::FormatDiagnostic(path, d);
  }
  return InvalidArgument(std::move(message));
}

}  // namespace casekeep::stats
