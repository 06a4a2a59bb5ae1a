// Reads a policy file's TOML into the model (model.h). Syntax, key, type and reference errors
// are found here; rules that need the whole model (validate.cc) run afterwards.
#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "base/file.h"
#include "policy/policy.h"
#include "policy/reader.h"
#include "policy/validate.h"

namespace casekeep::policy {
namespace {

using internal::Diagnostics;
using internal::Located;
using internal::Reference;
using internal::TableReader;

template <class E>
using Choices = std::vector<std::pair<std::string_view, E>>;

std::string JoinChoices(const auto& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::string(choices[i].first);
  }
  return out;
}

template <class E>
std::optional<E> MatchChoice(const Choices<E>& choices, std::string_view text) {
  for (const auto& [name, value] : choices) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Values(const std::vector<Located>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& i : items) out.push_back(i.value);
  return out;
}

template <class Info>
Choices<decltype(Info::value)> FromInfo(std::span<const Info> table) {
  Choices<decltype(Info::value)> out;
  for (const auto& row : table) out.emplace_back(row.id, row.value);
  return out;
}

// Input toml++ 3.3 mishandles is refused here, with its position, before toml++ sees it:
// - characters beyond ASCII outside strings and comments (TOML allows them only inside), where
//   toml++ reaches an unreachable branch (undefined behaviour);
// - a table header whose key does not start with a key character or quote ("[[[x"), where
//   toml++ fails an internal assertion.
// Returns the first offender.
std::optional<Diagnostic> PreScan(std::string_view text) {
  enum class State { kNormal, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kNormal;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::size_t i = 0;
  // Moves past `n` bytes, keeping line and column (in code points) up to date.
  const auto advance = [&](std::size_t n) {
    for (; n > 0 && i < text.size(); --n, ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
  };
  const auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
  const auto key_start = [](char k) {
    return std::isalnum(static_cast<unsigned char>(k)) != 0 || k == '_' || k == '-' ||
           k == '"' || k == '\'';
  };
  bool line_start = true;
  while (i < text.size()) {
    const char c = text[i];
    switch (state) {
      case State::kNormal:
        if (line_start && c == '[') {
          std::size_t j = i + 1;
          if (j < text.size() && text[j] == '[') ++j;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
          if (j >= text.size() || !key_start(text[j])) {
            return Diagnostic{line, column, "TOML syntax: a table header must start with a key"};
          }
        }
        if (c != ' ' && c != '\t' && c != '\r') line_start = c == '\n';
        if (static_cast<unsigned char>(c) >= 0x80) {
          return Diagnostic{line, column,
                            "TOML syntax: a character beyond ASCII outside a string or comment"};
        }
        if (c == '#') {
          state = State::kComment;
        } else if (starts(R"(""")")) {
          state = State::kMultiBasic;
          advance(3);
          continue;
        } else if (starts("'''")) {
          state = State::kMultiLiteral;
          advance(3);
          continue;
        } else if (c == '"') {
          state = State::kBasic;
        } else if (c == '\'') {
          state = State::kLiteral;
        }
        break;
      case State::kComment:
        if (c == '\n') {
          state = State::kNormal;
          line_start = true;
        }
        break;
      case State::kBasic:
        if (c == '\\') {
          advance(2);
          continue;
        }
        if (c == '"' || c == '\n') state = State::kNormal;
        break;
      case State::kLiteral:
        if (c == '\'' || c == '\n') state = State::kNormal;
        break;
      case State::kMultiBasic:
        if (c == '\\') {
          advance(2);
          continue;
        }
        if (starts(R"(""")")) {
          state = State::kNormal;
          advance(3);
          continue;
        }
        break;
      case State::kMultiLiteral:
        if (starts("'''")) {
          state = State::kNormal;
          advance(3);
          continue;
        }
        break;
    }
    advance(1);
  }
  return std::nullopt;
}

class Parser {
 public:
  ParseOutcome Run(std::string_view text);

 private:
  template <class E>
  std::optional<E> Choice(TableReader& r, std::string_view key, const Choices<E>& choices,
                          bool required);
  template <class E>
  std::vector<E> ChoiceList(TableReader& r, std::string_view key, const Choices<E>& choices);
  std::vector<std::string> Refs(TableReader& r, std::string_view key, std::string kind,
                                bool required = false);
  Located DeclareId(TableReader& r, const std::string& kind);

  void ReadTop(TableReader& top);
  void ReadOrganisation(const toml::table& t);
  void ReadSubjectKinds(TableReader& top);
  void ReadCategories(TableReader& top);
  void ReadServices(TableReader& top);
  void ReadPurposes(TableReader& top);
  void ReadConsents(TableReader& top);
  void ReadLabelled(TableReader& top, std::string_view key, const std::string& kind,
                    std::vector<std::string>& ids, std::map<std::string, std::string>& labels);
  std::vector<Field> ReadFields(TableReader& owner, const std::string& owner_context);
  void ReadRecordTypes(TableReader& top);
  void ReadRoles(TableReader& top);
  void ReadRetention(TableReader& top);
  void ReadHoldKinds(TableReader& top);
  void ReadProcessors(TableReader& top);
  void ReadRecipients(TableReader& top);
  void ReadMarketing(TableReader& top);
  void ReadCookies(TableReader& top);
  void ReadNotice(TableReader& top);
  void ReadSettings(TableReader& top);
  void ResolveReferences();

  Diagnostics diag_;
  internal::ParseNotes notes_;
  Policy p_;
  std::vector<Reference> refs_;
  std::map<std::string, std::map<std::string, SourcePos>> declared_;
};

template <class E>
std::optional<E> Parser::Choice(TableReader& r, std::string_view key, const Choices<E>& choices,
                                bool required) {
  auto text = r.OptionalString(key);
  if (!text) {
    if (required && !r.Has(key)) {
      diag_.Error(r.TablePos(), r.context() + " is missing '" + std::string(key) + "'");
    }
    return std::nullopt;
  }
  if (auto v = MatchChoice(choices, text->value)) return v;
  std::vector<std::string> names;
  for (const auto& [name, value] : choices) names.emplace_back(name);
  std::string message = "'" + std::string(key) + "' in " + r.context() + ": unknown value '" +
                        text->value + "'; ";
  if (auto s = internal::Suggest(text->value, names)) {
    message += "did you mean '" + *s + "'?";
  } else {
    message += "expected one of: " + JoinChoices(choices);
  }
  diag_.Error(text->pos, message);
  return std::nullopt;
}

template <class E>
std::vector<E> Parser::ChoiceList(TableReader& r, std::string_view key,
                                  const Choices<E>& choices) {
  std::vector<E> out;
  for (const auto& item : r.StringList(key)) {
    if (auto v = MatchChoice(choices, item.value)) {
      out.push_back(*v);
    } else {
      diag_.Error(item.pos, "'" + std::string(key) + "' in " + r.context() +
                                ": unknown value '" + item.value +
                                "'; expected one of: " + JoinChoices(choices));
    }
  }
  return out;
}

std::vector<std::string> Parser::Refs(TableReader& r, std::string_view key, std::string kind,
                                      bool required) {
  auto items = r.StringList(key, required);
  for (const auto& item : items) {
    refs_.push_back(Reference{kind, item.value, item.pos,
                              "'" + std::string(key) + "' in " + r.context()});
  }
  return Values(items);
}

Located Parser::DeclareId(TableReader& r, const std::string& kind) {
  Located id = r.Id();
  if (!id.value.empty()) {
    r.SetContext(r.context() + " '" + id.value + "'");
    auto& seen = declared_[kind];
    auto [it, inserted] = seen.emplace(id.value, id.pos);
    if (!inserted) {
      diag_.Error(id.pos, "duplicate " + kind + " id '" + id.value + "' (first defined at line " +
                              std::to_string(it->second.line) + ")");
    }
  }
  return id;
}

ParseOutcome Parser::Run(std::string_view text) {
  ParseOutcome out;
  if (auto bad = PreScan(text)) {
    out.errors.push_back(*bad);
    return out;
  }
  toml::parse_result parsed = toml::parse(text);
  if (!parsed) {
    const auto& err = parsed.error();
    diag_.Error(SourcePos{err.source().begin.line, err.source().begin.column},
                "TOML syntax: " + std::string(err.description()));
    out.errors = diag_.Take();
    return out;
  }
  TableReader top(parsed.table(), "the policy", diag_);
  ReadTop(top);
  top.Finish();
  ResolveReferences();
  internal::Validate(p_, notes_, diag_);
  out.policy = std::move(p_);
  out.errors = diag_.Take();
  return out;
}

void Parser::ReadTop(TableReader& top) {
  if (auto format = top.Int("format", 1, 1000)) {
    if (*format != 1) {
      diag_.Error(top.Pos("format"),
                  "this casekeep reads policy format 1, not " + std::to_string(*format));
    }
  } else if (!top.Has("format")) {
    diag_.Error(SourcePos{1, 1}, "the policy is missing 'format = 1' (the language version)");
  }
  p_.version = top.String("version");
  if (!top.Has("version")) {
    diag_.Error(SourcePos{1, 1}, "the policy is missing 'version' (your label for this version)");
  }
  if (const toml::table* org = top.SubTable("organisation")) {
    ReadOrganisation(*org);
  } else if (!top.Has("organisation")) {
    diag_.Error(SourcePos{1, 1}, "the policy is missing the [organisation] table");
  }
  ReadSubjectKinds(top);
  ReadCategories(top);
  ReadServices(top);
  ReadPurposes(top);
  ReadConsents(top);
  ReadLabelled(top, "case_flags", "case flag", p_.case_flags, p_.case_flag_labels);
  ReadLabelled(top, "referral_sources", "referral source", p_.referral_sources,
               p_.referral_source_labels);
  ReadRecordTypes(top);
  ReadRoles(top);
  ReadRetention(top);
  ReadHoldKinds(top);
  ReadProcessors(top);
  ReadRecipients(top);
  ReadMarketing(top);
  ReadCookies(top);
  ReadNotice(top);
  ReadSettings(top);
}

void Parser::ReadOrganisation(const toml::table& t) {
  TableReader r(t, "[organisation]", diag_);
  auto& o = p_.organisation;
  o.name = r.String("name", true);
  o.legal_name = r.String("legal_name");
  o.registered_number = r.String("registered_number");
  o.address = r.String("address", true);
  o.email = r.String("email");
  o.phone = r.String("phone");
  o.website = r.String("website");
  o.ico_registration = r.String("ico_registration");
  o.other_regulators = r.String("other_regulators");
  if (auto d = Choice(r, "bank_holiday_division", FromInfo(Divisions()), false)) o.division = *d;
  if (const toml::table* dpo = r.SubTable("dpo", true)) {
    TableReader d(*dpo, "[organisation.dpo]", diag_);
    o.dpo.name = d.String("name");
    o.dpo.role = d.String("role");
    o.dpo.email = d.String("email");
    o.dpo.phone = d.String("phone");
    o.dpo.address = d.String("address");
    if (o.dpo.email.empty() && o.dpo.phone.empty() && o.dpo.address.empty()) {
      diag_.Error(d.TablePos(),
                  "[organisation.dpo] needs at least one way to make contact: email, phone or "
                  "address");
    }
    d.Finish();
  }
  r.Finish();
}

void Parser::ReadSubjectKinds(TableReader& top) {
  for (const toml::table* t : top.TableArray("subject_kinds")) {
    TableReader r(*t, "[[subject_kinds]]", diag_);
    SubjectKind k;
    k.id = DeclareId(r, "subject kind").value;
    k.pos = r.TablePos();
    k.label = r.String("label", true);
    k.description = r.String("description");
    k.child = r.Bool("child");
    k.professional = r.Bool("professional");
    k.fields = ReadFields(r, "subject kind '" + k.id + "'");
    r.Finish();
    p_.subject_kinds.push_back(std::move(k));
  }
}

void Parser::ReadCategories(TableReader& top) {
  for (const toml::table* t : top.TableArray("categories")) {
    TableReader r(*t, "[[categories]]", diag_);
    Category c;
    c.id = DeclareId(r, "category").value;
    c.pos = r.TablePos();
    c.label = r.String("label", true);
    c.description = r.String("description");
    c.special = Choice(r, "special", FromInfo(SpecialKinds()), false);
    c.conditions = ChoiceList(r, "conditions", FromInfo(Article9Conditions()));
    c.condition_note = r.String("condition_note");
    r.Finish();
    p_.categories.push_back(std::move(c));
  }
}

void Parser::ReadServices(TableReader& top) {
  for (const toml::table* t : top.TableArray("services")) {
    TableReader r(*t, "[[services]]", diag_);
    Service s;
    s.id = DeclareId(r, "service").value;
    s.pos = r.TablePos();
    s.label = r.String("label", true);
    s.description = r.String("description");
    s.collects = Refs(r, "collects", "category");
    s.subjects = Refs(r, "subjects", "subject kind");
    r.Finish();
    p_.services.push_back(std::move(s));
  }
}

void Parser::ReadPurposes(TableReader& top) {
  for (const toml::table* t : top.TableArray("purposes")) {
    TableReader r(*t, "[[purposes]]", diag_);
    Purpose pu;
    pu.id = DeclareId(r, "purpose").value;
    pu.pos = r.TablePos();
    pu.label = r.String("label", true);
    pu.description = r.String("description");
    pu.basis_pos = r.Pos("basis");
    if (auto b = Choice(r, "basis", FromInfo(LawfulBases()), true)) {
      pu.basis = *b;
    } else {
      notes_.unknown_basis.insert(pu.id);
    }
    pu.legitimate_interest = r.String("legitimate_interest");
    pu.categories = Refs(r, "categories", "category");
    pu.services = Refs(r, "services", "service");
    r.Finish();
    p_.purposes.push_back(std::move(pu));
  }
}

void Parser::ReadConsents(TableReader& top) {
  static const Choices<ConsentMethod> kMethods{{"online_form", ConsentMethod::kOnlineForm},
                                               {"verbal", ConsentMethod::kVerbal},
                                               {"written", ConsentMethod::kWritten},
                                               {"parental", ConsentMethod::kParental},
                                               {"implied", ConsentMethod::kImplied}};
  for (const toml::table* t : top.TableArray("consents")) {
    TableReader r(*t, "[[consents]]", diag_);
    ConsentDef c;
    c.id = DeclareId(r, "consent").value;
    c.pos = r.TablePos();
    c.label = r.String("label");
    c.text = r.String("text", true);
    c.purposes = Refs(r, "purposes", "purpose", true);
    c.explicit_consent = r.Bool("explicit");
    c.methods = ChoiceList(r, "methods", kMethods);
    r.Finish();
    p_.consents.push_back(std::move(c));
  }
}

void Parser::ReadLabelled(TableReader& top, std::string_view key, const std::string& kind,
                          std::vector<std::string>& ids,
                          std::map<std::string, std::string>& labels) {
  for (const toml::table* t : top.TableArray(key)) {
    TableReader r(*t, "[[" + std::string(key) + "]]", diag_);
    std::string id = DeclareId(r, kind).value;
    std::string label = r.String("label", true);
    r.Finish();
    ids.push_back(id);
    labels[id] = std::move(label);
  }
}

std::vector<Field> Parser::ReadFields(TableReader& owner, const std::string& owner_context) {
  static const Choices<FieldType> kTypes{
      {"string", FieldType::kString},   {"text", FieldType::kText},
      {"date", FieldType::kDate},       {"datetime", FieldType::kDateTime},
      {"integer", FieldType::kInteger}, {"boolean", FieldType::kBoolean},
      {"enum", FieldType::kEnum},       {"email", FieldType::kEmail},
      {"phone", FieldType::kPhone},     {"postcode", FieldType::kPostcode},
      {"nhs_number", FieldType::kNhsNumber}, {"attachment", FieldType::kAttachment}};
  std::vector<Field> fields;
  std::map<std::string, SourcePos> seen;
  for (const toml::table* t : owner.TableArray("fields")) {
    TableReader r(*t, "field of " + owner_context, diag_);
    Field f;
    Located id = r.Id();
    f.id = id.value;
    f.pos = r.TablePos();
    if (!f.id.empty()) {
      r.SetContext("field '" + f.id + "' of " + owner_context);
      auto [it, inserted] = seen.emplace(f.id, id.pos);
      if (!inserted) {
        diag_.Error(id.pos, "duplicate field id '" + f.id + "' in " + owner_context +
                                " (first defined at line " + std::to_string(it->second.line) +
                                ")");
      }
    }
    f.label = r.String("label");
    if (auto type = Choice(r, "type", kTypes, true)) f.type = *type;
    if (auto category = r.OptionalString("category")) {
      f.category = category->value;
      refs_.push_back(Reference{"category", category->value, category->pos,
                                "'category' in " + r.context()});
    } else if (!r.Has("category")) {
      diag_.Error(r.TablePos(), r.context() + " is missing 'category'");
    }
    f.required = r.Bool("required");
    f.third_party = r.Bool("third_party");
    f.lookup = r.Bool("lookup");
    f.provided_by_subject = r.Bool("provided_by_subject");
    auto values = r.StringList("values");
    f.values = Values(values);
    f.max_length = r.Int("max_length", 1, 100'000'000);
    if (f.type == FieldType::kEnum && values.empty()) {
      diag_.Error(r.TablePos(), r.context() + " is an enum and needs 'values'");
    }
    if (f.type != FieldType::kEnum && r.Has("values")) {
      diag_.Error(r.Pos("values"), "'values' in " + r.context() + " is only for enum fields");
    }
    r.Finish();
    fields.push_back(std::move(f));
  }
  return fields;
}

void Parser::ReadRecordTypes(TableReader& top) {
  for (const toml::table* t : top.TableArray("record_types")) {
    TableReader r(*t, "[[record_types]]", diag_);
    RecordType rt;
    rt.id = DeclareId(r, "record type").value;
    rt.pos = r.TablePos();
    rt.label = r.String("label", true);
    rt.description = r.String("description");
    rt.services = Refs(r, "services", "service");
    rt.subject_kinds = Refs(r, "subject_kinds", "subject kind");
    rt.purposes = Refs(r, "purposes", "purpose");
    rt.case_record = r.Bool("case_record", true);
    rt.contact = r.Bool("contact");
    rt.fields = ReadFields(r, "record type '" + rt.id + "'");
    r.Finish();
    p_.record_types.push_back(std::move(rt));
  }
}

void Parser::ReadRoles(TableReader& top) {
  static const Choices<Scope> kScopes{{"assigned", Scope::kAssigned},
                                      {"team", Scope::kTeam},
                                      {"organisation", Scope::kOrganisation},
                                      {"anonymised", Scope::kAnonymised}};
  static const Choices<Capability> kCapabilities = [] {
    Choices<Capability> c;
    for (Capability cap :
         {Capability::kManageUsers, Capability::kManagePolicy, Capability::kManageRequests,
          Capability::kApproveDisposal, Capability::kManageHolds, Capability::kViewAudit,
          Capability::kManageBreaches, Capability::kRunReports, Capability::kApproveDisclosures,
          Capability::kReviewBreakGlass}) {
      c.emplace_back(CapabilityName(cap), cap);
    }
    return c;
  }();
  for (const toml::table* t : top.TableArray("roles")) {
    TableReader r(*t, "[[roles]]", diag_);
    Role role;
    role.id = DeclareId(r, "role").value;
    role.pos = r.TablePos();
    role.label = r.String("label", true);
    role.description = r.String("description");
    if (auto s = Choice(r, "scope", kScopes, true)) role.scope = *s;
    role.read = Refs(r, "read", "category");
    role.write = Refs(r, "write", "category");
    role.record_types = Refs(r, "record_types", "record type");
    role.purposes = Refs(r, "purposes", "purpose");
    role.capabilities = ChoiceList(r, "capabilities", kCapabilities);
    role.mfa = r.Bool("mfa");
    role.break_glass = r.Bool("break_glass");
    if (role.scope == Scope::kAnonymised && (!role.read.empty() || !role.write.empty())) {
      diag_.Error(r.Pos(role.read.empty() ? "write" : "read"),
                  r.context() +
                      " has scope \"anonymised\" and sees statistics only; remove 'read' and "
                      "'write'");
    }
    r.Finish();
    p_.roles.push_back(std::move(role));
  }
}

void Parser::ReadRetention(TableReader& top) {
  static const Choices<Trigger> kTriggers = [] {
    Choices<Trigger> c;
    for (Trigger tr : {Trigger::kRecordCreated, Trigger::kCaseOpened, Trigger::kCaseClosed,
                       Trigger::kLastContact, Trigger::kEmploymentEnded, Trigger::kDateOfBirth,
                       Trigger::kTransferComplete, Trigger::kFinancialYearEnd, Trigger::kField}) {
      c.emplace_back(TriggerName(tr), tr);
    }
    return c;
  }();
  for (const toml::table* t : top.TableArray("retention")) {
    TableReader r(*t, "[[retention]]", diag_);
    RetentionRule rule;
    rule.id = DeclareId(r, "retention rule").value;
    rule.pos = r.TablePos();
    rule.label = r.String("label");
    rule.record_types = Refs(r, "record_types", "record type", true);
    if (auto f = Choice(r, "from", kTriggers, true)) rule.from = *f;
    rule.from_field = r.String("from_field");
    rule.period = r.PeriodValue("period");
    if (!rule.period && r.Has("period")) notes_.unreadable_period.insert(rule.id);
    rule.indefinite = r.Bool("indefinite");
    rule.review = r.PeriodValue("review");
    rule.reason = r.String("reason");
    if (auto pr = r.Int("priority", -1000, 1000)) rule.priority = static_cast<int>(*pr);
    if (const toml::table* when = r.SubTable("when")) {
      TableReader w(*when, "[retention.when] of rule '" + rule.id + "'", diag_);
      rule.when.services = Refs(w, "services", "service");
      rule.when.any_flag = Refs(w, "any_flag", "case flag");
      rule.when.all_flags = Refs(w, "all_flags", "case flag");
      rule.when.no_flag = Refs(w, "no_flag", "case flag");
      rule.when.referral_source = Refs(w, "referral_source", "referral source");
      for (auto& [field, value] : w.StringMap("fields")) {
        rule.when.field_equals[field.value] = value;
      }
      w.Finish();
    }
    for (const toml::table* pt : r.TableArray("partial")) {
      TableReader pr(*pt, "[[retention.partial]] of rule '" + rule.id + "'", diag_);
      PartialRetention part;
      part.pos = pr.TablePos();
      part.fields = Values(pr.StringList("fields", true));
      if (auto period = pr.PeriodValue("period", true)) part.period = *period;
      part.note = pr.String("note");
      pr.Finish();
      rule.partial.push_back(std::move(part));
    }
    r.Finish();
    p_.retention.push_back(std::move(rule));
  }
}

void Parser::ReadHoldKinds(TableReader& top) {
  for (const toml::table* t : top.TableArray("hold_kinds")) {
    TableReader r(*t, "[[hold_kinds]]", diag_);
    HoldKind h;
    h.id = DeclareId(r, "hold kind").value;
    h.pos = r.TablePos();
    h.label = r.String("label", true);
    h.description = r.String("description");
    h.review = r.PeriodValue("review");
    r.Finish();
    p_.hold_kinds.push_back(std::move(h));
  }
}

void Parser::ReadProcessors(TableReader& top) {
  for (const toml::table* t : top.TableArray("processors")) {
    TableReader r(*t, "[[processors]]", diag_);
    Processor pr;
    pr.id = DeclareId(r, "processor").value;
    pr.pos = r.TablePos();
    pr.name = r.String("name", true);
    pr.purpose = r.String("purpose", true);
    pr.country = r.Has("country") ? r.String("country") : "GB";
    pr.transfer_safeguard = r.String("transfer_safeguard");
    pr.retention = r.String("retention");
    pr.categories = Refs(r, "categories", "category");
    r.Finish();
    p_.processors.push_back(std::move(pr));
  }
}

void Parser::ReadRecipients(TableReader& top) {
  static const Choices<ShareBasis> kBases{{"consent", ShareBasis::kConsent},
                                          {"legal_obligation", ShareBasis::kLegalObligation},
                                          {"vital_interests", ShareBasis::kVitalInterests},
                                          {"safeguarding", ShareBasis::kSafeguarding},
                                          {"contract", ShareBasis::kContract},
                                          {"public_task", ShareBasis::kPublicTask}};
  for (const toml::table* t : top.TableArray("recipients")) {
    TableReader r(*t, "[[recipients]]", diag_);
    Recipient rc;
    rc.id = DeclareId(r, "recipient").value;
    rc.pos = r.TablePos();
    rc.name = r.String("name", true);
    rc.kind = r.String("kind");
    rc.description = r.String("description");
    rc.bases = ChoiceList(r, "bases", kBases);
    if (!r.Has("bases")) diag_.Error(r.TablePos(), r.context() + " is missing 'bases'");
    rc.categories = Refs(r, "categories", "category");
    rc.anonymised_only = r.Bool("anonymised_only");
    rc.without_consent_roles = Refs(r, "without_consent_roles", "role");
    if (r.Has("country")) rc.country = r.String("country");
    rc.transfer_safeguard = r.String("transfer_safeguard");
    r.Finish();
    p_.recipients.push_back(std::move(rc));
  }
}

void Parser::ReadMarketing(TableReader& top) {
  static const Choices<Channel> kChannels{{"email", Channel::kEmail},
                                          {"post", Channel::kPost},
                                          {"phone", Channel::kPhone},
                                          {"sms", Channel::kSms}};
  std::map<Channel, SourcePos> seen;
  for (const toml::table* t : top.TableArray("marketing")) {
    TableReader r(*t, "[[marketing]]", diag_);
    MarketingChannel m;
    m.pos = r.TablePos();
    if (auto c = Choice(r, "channel", kChannels, true)) {
      m.channel = *c;
      auto [it, inserted] = seen.emplace(*c, r.Pos("channel"));
      if (!inserted) {
        diag_.Error(r.Pos("channel"), "duplicate marketing channel '" +
                                          std::string(ChannelName(*c)) +
                                          "' (first defined at line " +
                                          std::to_string(it->second.line) + ")");
      }
    }
    m.label = r.String("label");
    if (auto purpose = r.OptionalString("purpose")) {
      m.purpose = purpose->value;
      refs_.push_back(Reference{"purpose", purpose->value, purpose->pos,
                                "'purpose' in " + r.context()});
    } else if (!r.Has("purpose")) {
      diag_.Error(r.TablePos(), r.context() + " is missing 'purpose'");
    }
    r.Finish();
    p_.marketing.push_back(std::move(m));
  }
}

void Parser::ReadCookies(TableReader& top) {
  for (const toml::table* t : top.TableArray("cookies")) {
    TableReader r(*t, "[[cookies]]", diag_);
    CookieCategory c;
    c.id = DeclareId(r, "cookie category").value;
    c.pos = r.TablePos();
    c.label = r.String("label", true);
    c.description = r.String("description");
    c.necessary = r.Bool("necessary");
    c.providers = Values(r.StringList("providers"));
    c.duration = r.String("duration");
    r.Finish();
    p_.cookies.push_back(std::move(c));
  }
}

void Parser::ReadNotice(TableReader& top) {
  const toml::table* t = top.SubTable("notice");
  if (t == nullptr) return;
  TableReader r(*t, "[notice]", diag_);
  NoticeText& n = p_.notice;
  n.title = r.String("title");
  n.summary = r.String("summary");
  n.how_we_collect = r.String("how_we_collect");
  n.sharing = r.String("sharing");
  n.security = r.String("security");
  n.automated_decisions = r.String("automated_decisions");
  n.cookies = r.String("cookies");
  n.rights_how = r.String("rights_how");
  n.children = r.String("children");
  n.changes = r.String("changes");
  if (auto updated = r.OptionalString("updated")) {
    n.updated = updated->value;
    internal::CheckIsoDate(updated->value, updated->pos, "'updated' in [notice]", diag_);
  }
  for (const toml::table* st : r.TableArray("sections")) {
    TableReader s(*st, "[[notice.sections]]", diag_);
    NoticeSection section;
    section.title = s.String("title", true);
    section.body = s.String("body", true);
    s.Finish();
    n.extra.push_back(std::move(section));
  }
  r.Finish();
}

void Parser::ReadSettings(TableReader& top) {
  const toml::table* t = top.SubTable("settings");
  if (t == nullptr) return;
  TableReader r(*t, "[settings]", diag_);
  Settings& s = p_.settings;
  if (auto v = r.Int("suppression_threshold", 1, 1000)) s.suppression_threshold = static_cast<int>(*v);
  if (auto v = r.Int("rounding", 0, 1000)) s.rounding = static_cast<int>(*v);
  if (auto v = r.Int("k_anonymity", 2, 1000)) s.k_anonymity = static_cast<int>(*v);
  if (auto v = r.Int("sweep_max_future_days", 0, 3660)) {
    s.sweep_max_future_days = static_cast<int>(*v);
  }
  s.cookie_consent_retention = r.PeriodValue("cookie_consent_retention");
  if (auto v = r.OptionalString("financial_year_end")) {
    if (auto day = internal::CheckMonthDay(v->value, v->pos, "'financial_year_end' in [settings]",
                                           diag_)) {
      s.financial_year_end = *day;
    }
  }
  r.Finish();
}

void Parser::ResolveReferences() {
  for (const Reference& ref : refs_) {
    const auto& ids = declared_[ref.kind];
    if (ids.contains(ref.id)) continue;
    std::vector<std::string> candidates;
    for (const auto& [id, pos] : ids) candidates.push_back(id);
    std::string message = ref.from + " names unknown " + ref.kind + " '" + ref.id + "'";
    if (auto s = internal::Suggest(ref.id, candidates)) message += "; did you mean '" + *s + "'?";
    diag_.Error(ref.pos, message);
  }
}

}  // namespace

ParseOutcome ParsePolicy(std::string_view text) { return Parser().Run(text); }

std::string FormatDiagnostic(std::string_view file, const Diagnostic& d) {
  return std::string(file) + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) +
         ": error: " + d.message;
}

Result<Policy> LoadPolicyFile(const std::string& path) {
  auto text = ReadFileCapped(path, kMaxPolicyBytes);
  if (!text) return std::unexpected(text.error());
  ParseOutcome outcome = ParsePolicy(*text);
  if (outcome.ok()) return std::move(outcome.policy);
  std::string message;
  for (const auto& d : outcome.errors) {
    if (!message.empty()) message += "\n";
    message += FormatDiagnostic(path, d);
  }
  return InvalidArgument(std::move(message));
}

}  // namespace casekeep::policy
