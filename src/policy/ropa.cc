// The record of processing activities (UK GDPR Art 30) and the appropriate policy document
// (DPA 2018 Sch 1 Part 4), written from the policy. One processing activity per purpose.
//
// CSV: a header row, then one record per processing activity, with the fixed columns of
// kCsvColumns. Fields are quoted per RFC 4180 and records end with CRLF, as RFC 4180 specifies;
// a line break inside a quoted field is a bare LF. The appropriate policy document is prose, so
// only the Markdown (and HTML) forms carry it.
#include "policy/ropa.h"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <vector>

#include "policy/text.h"

namespace casekeep::policy {
namespace {

// The activity columns, in order; CSV puts the controller and DPO before them.
constexpr std::array<std::string_view, 12> kActivityColumns{
    "Processing activity",
    "Description",
    "Lawful basis",
    "Legitimate interest",
    "Categories of data subjects",
    "Categories of personal data",
    "Special category and criminal offence data",
    "Categories of recipients",
    "Processors",
    "Transfers outside the UK and safeguards",
    "Time limits for erasure",
    "Security measures",
};
constexpr std::size_t kSecurityColumn = 11;

template <class T>
bool Contains(const std::vector<T>& items, const T& value) {
  return std::find(items.begin(), items.end(), value) != items.end();
}

bool Overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& x) { return Contains(b, x); });
}

// Lines for a cell, or `none` when there are none.
std::string JoinLines(const std::vector<std::string>& lines, std::string_view none = "None") {
  return lines.empty() ? std::string(none) : Join(lines, "\n");
}

std::string JoinList(const std::vector<std::string>& items) { return Join(items, "; "); }

std::string Humanise(std::string_view id) {
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::vector<const RecordType*> RecordTypesFor(const Policy& p, const Purpose& purpose) {
  std::vector<const RecordType*> out;
  for (const auto& t : p.record_types) {
    if (Contains(t.purposes, purpose.id)) out.push_back(&t);
  }
  return out;
}

bool HoldsCategory(const RecordType& t, const std::string& category) {
  return std::any_of(t.fields.begin(), t.fields.end(),
                     [&](const Field& f) { return f.category == category; });
}

// Subject kinds from the purpose's services and record types, in policy order.
std::vector<std::string> SubjectsFor(const Policy& p, const Purpose& purpose) {
  std::set<std::string> ids;
  for (const auto& s : p.services) {
    if (purpose.services.empty() || Contains(purpose.services, s.id)) {
      ids.insert(s.subjects.begin(), s.subjects.end());
    }
  }
  for (const RecordType* t : RecordTypesFor(p, purpose)) {
    ids.insert(t->subject_kinds.begin(), t->subject_kinds.end());
  }
  std::vector<std::string> labels;
  for (const auto& k : p.subject_kinds) {
    if (ids.contains(k.id)) labels.push_back(k.label);
  }
  return labels;
}

// The purpose's categories; when it lists none, those its record types hold. Policy order.
std::vector<std::string> CategoriesFor(const Policy& p, const Purpose& purpose) {
  std::vector<std::string> out;
  const auto types = RecordTypesFor(p, purpose);
  for (const auto& c : p.categories) {
    const bool used =
        purpose.categories.empty()
            ? std::any_of(types.begin(), types.end(),
                          [&](const RecordType* t) { return HoldsCategory(*t, c.id); })
            : Contains(purpose.categories, c.id);
    if (used) out.push_back(c.id);
  }
  return out;
}

// The rules covering any of the record types, highest priority (the one that wins) first.
std::vector<const RetentionRule*> RulesForTypes(const Policy& p,
                                                const std::vector<std::string>& type_ids) {
  std::vector<const RetentionRule*> out;
  for (const auto& rule : p.retention) {
    if (Overlaps(rule.record_types, type_ids)) out.push_back(&rule);
  }
  std::stable_sort(out.begin(), out.end(), [](const RetentionRule* a, const RetentionRule* b) {
    return a->priority > b->priority;
  });
  return out;
}

std::string RuleLine(const Policy& p, const RetentionRule& rule) {
  std::string line = RetentionWhat(p, rule) + ": " + RetentionHowLong(p, rule);
  std::vector<std::string> conditions;
  for (const auto& c : RetentionConditions(p, rule)) conditions.push_back(LowerFirst(c));
  if (!conditions.empty()) line += " (" + JoinList(conditions) + ")";
  for (const auto& part : PartialRetentionLines(p, rule)) line += "; " + part;
  return line;
}

std::vector<std::string> RuleLines(const Policy& p,
                                   const std::vector<const RetentionRule*>& rules) {
  std::vector<std::string> out;
  for (const RetentionRule* r : rules) out.push_back(RuleLine(p, *r));
  return out;
}

// Labels of the record types holding fields of `category`; with `uncovered`, only those that
// no retention rule covers.
std::vector<std::string> TypesHolding(const Policy& p, const std::string& category,
                                      bool uncovered) {
  std::vector<std::string> out;
  for (const auto& t : p.record_types) {
    if (!HoldsCategory(t, category)) continue;
    if (!uncovered || RulesForTypes(p, {t.id}).empty()) out.push_back(t.label);
  }
  return out;
}

// Whether the data is retained and erased as the appropriate policy document sets out: some
// record type holds it and a retention rule covers every such type.
bool RetentionFollowsPolicy(const Policy& p, const Category& c) {
  return !TypesHolding(p, c.id, false).empty() && TypesHolding(p, c.id, true).empty();
}

std::string ConditionsLine(const Category& c) {
  std::vector<std::string> parts;
  for (auto cond : c.conditions) {
    parts.push_back(std::string(Info(cond).label) + " (" + ConditionCitation(*c.special, cond) +
                    ")");
  }
  return JoinList(parts);
}

std::string SpecialCell(const Policy& p, const std::vector<std::string>& categories) {
  std::vector<std::string> lines;
  for (const auto& id : categories) {
    const Category* c = p.FindCategory(id);
    if (c == nullptr || !c->special) continue;
    std::string line =
        c->label + " (" + std::string(Info(*c->special).label) + "): " + ConditionsLine(*c);
    if (NeedsPolicyDocument(*c)) {
      line += "; retained and erased as the appropriate policy document sets out: ";
      line += RetentionFollowsPolicy(p, *c) ? "yes" : "no";
    }
    lines.push_back(std::move(line));
  }
  return JoinLines(lines);
}

bool Relevant(const std::vector<std::string>& shared, const std::vector<std::string>& used) {
  return shared.empty() || Overlaps(shared, used);
}

std::string RecipientsCell(const Policy& p, const std::vector<std::string>& categories) {
  std::vector<std::string> lines;
  for (const auto& r : p.recipients) {
    if (!Relevant(r.categories, categories)) continue;
    std::vector<std::string> bases;
    for (auto b : r.bases) bases.push_back(Humanise(ShareBasisName(b)));
    std::string line = r.name + (r.kind.empty() ? "" : " (" + r.kind + ")");
    if (!bases.empty()) line += "; bases: " + JoinList(bases);
    if (r.anonymised_only) line += "; anonymised statistics only";
    lines.push_back(std::move(line));
  }
  return JoinLines(lines);
}

std::string ProcessorsCell(const Policy& p, const std::vector<std::string>& categories) {
  std::vector<std::string> lines;
  for (const auto& x : p.processors) {
    if (!Relevant(x.categories, categories)) continue;
    lines.push_back(x.name + ": " + x.purpose + " (" + CountryName(x.country) + ")");
  }
  return JoinLines(lines);
}

std::string TransfersCell(const Policy& p, const std::vector<std::string>& categories) {
  std::vector<std::string> lines;
  const auto add = [&](const std::string& name, const std::string& country,
                       const std::string& safeguard) {
    if (!IsOutsideUk(country)) return;
    lines.push_back(name + " (" + CountryName(country) +
                    "): " + (safeguard.empty() ? "no safeguard recorded" : safeguard));
  };
  for (const auto& x : p.processors) {
    if (Relevant(x.categories, categories)) add(x.name, x.country, x.transfer_safeguard);
  }
  for (const auto& r : p.recipients) {
    if (Relevant(r.categories, categories)) add(r.name, r.country, r.transfer_safeguard);
  }
  return JoinLines(lines);
}

std::string ErasureCell(const Policy& p, const Purpose& purpose) {
  std::vector<std::string> type_ids;
  for (const RecordType* t : RecordTypesFor(p, purpose)) type_ids.push_back(t->id);
  if (type_ids.empty()) return "No records are kept for this purpose";
  auto lines = RuleLines(p, RulesForTypes(p, type_ids));
  if (lines.empty()) return "No retention rule covers the records kept for this purpose";
  std::vector<std::string> holds;
  for (const auto& h : p.hold_kinds) holds.push_back(h.label);
  if (!holds.empty()) lines.push_back("Disposal waits while a hold applies: " + JoinList(holds));
  return JoinLines(lines);
}

std::string SecurityMeasures(const Policy& p) {
  std::string out =
      "Personal fields are encrypted at rest with XChaCha20-Poly1305 under keys that belong to "
      "each data subject or case, so erasure destroys the key and copies in backups become "
      "unreadable. Every read, write, share, export and disposal passes one access decision "
      "based on the user's role, case assignment, purpose and lawful basis. Every access is "
      "written to a tamper-evident, hash-chained audit log that names people only by "
      "pseudonymous codes.";
  std::vector<std::string> mfa;
  std::vector<std::string> break_glass;
  for (const auto& r : p.roles) {
    if (r.mfa) mfa.push_back(r.label);
    if (r.break_glass) break_glass.push_back(r.label);
  }
  out += mfa.empty() ? " No role is required to use a second factor at login."
                     : " A second factor is required at login for: " + JoinLabels(mfa) + ".";
  if (!break_glass.empty()) {
    out += " Access outside a user's scope needs a written reason and is reviewed (" +
           JoinLabels(break_glass) + ").";
  }
  return out;
}

std::vector<std::string> ActivityCells(const Policy& p, const Purpose& purpose) {
  const auto categories = CategoriesFor(p, purpose);
  const LawfulBasisInfo& basis = Info(purpose.basis);
  return {purpose.label,
          purpose.description,
          std::string(basis.label) + " (" + std::string(basis.citation) + ")",
          purpose.legitimate_interest,
          JoinList(SubjectsFor(p, purpose)),
          JoinList(CategoryLabels(p, categories)),
          SpecialCell(p, categories),
          RecipientsCell(p, categories),
          ProcessorsCell(p, categories),
          TransfersCell(p, categories),
          ErasureCell(p, purpose),
          SecurityMeasures(p)};
}

std::string RenderCsv(const Policy& p) {
  std::vector<std::string> header{"Controller", "Data protection officer"};
  header.insert(header.end(), kActivityColumns.begin(), kActivityColumns.end());
  std::string out = CsvRow(header);
  const std::string controller = JoinLines(OrganisationLines(p.organisation), "");
  const std::string dpo = JoinLines(ContactLines(p.organisation.dpo), "");
  for (const auto& purpose : p.purposes) {
    std::vector<std::string> row{controller, dpo};
    auto cells = ActivityCells(p, purpose);
    row.insert(row.end(), cells.begin(), cells.end());
    out += CsvRow(row);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown and HTML.

void Activities(const Policy& p, Document& doc) {
  doc.Heading(2, "Processing activities");
  if (p.purposes.empty()) {
    doc.Paragraph("The policy defines no processing activities.");
    return;
  }
  for (const auto& purpose : p.purposes) {
    auto cells = ActivityCells(p, purpose);
    cells[kSecurityColumn] = "See \u201cSecurity measures\u201d below.";
    Table t{"Processing activity: " + purpose.label, {"Item", "Detail"}, {}};
    for (std::size_t i = 1; i < cells.size(); ++i) {
      if (!cells[i].empty()) t.rows.push_back({std::string(kActivityColumns[i]), cells[i]});
    }
    doc.Heading(3, purpose.label);
    doc.AddTable(std::move(t));
  }
}

constexpr std::array<std::string_view, 7> kPrinciples{
    "Lawfulness, fairness and transparency: every use of this data is tied to a purpose with a "
    "lawful basis and a condition recorded in the policy, and the privacy notice is written "
    "from the same policy, so what people are told matches what the system does.",
    "Purpose limitation: every access names its purpose, and the access decision refuses use "
    "under a purpose the data is not held for.",
    "Data minimisation: each role reads and writes only the categories of data listed for it, "
    "and records hold only the fields the policy defines.",
    "Accuracy: records can be corrected at any time, and corrections are passed on to every "
    "recipient the data was disclosed to, unless that is impossible or disproportionate.",
    "Storage limitation: the retention rules below are applied by a regular sweep; disposal "
    "destroys the data's encryption keys, so copies in backups can no longer be read. Holds "
    "suspend disposal and are reviewed.",
    "Integrity and confidentiality: data is encrypted at rest under per-owner keys, every access "
    "passes one access decision, and every access is written to a tamper-evident audit chain.",
    "Accountability: the policy, this record, the audit chain and this document are kept "
    "together, and the data protection officer reviews them whenever the policy changes.",
};

std::vector<std::string> PurposesUsing(const Policy& p, const Category& c) {
  std::vector<std::string> out;
  for (const auto& purpose : p.purposes) {
    const auto types = RecordTypesFor(p, purpose);
    const bool uses = Contains(purpose.categories, c.id) ||
                      std::any_of(types.begin(), types.end(),
                                  [&](const RecordType* t) { return HoldsCategory(*t, c.id); });
    if (!uses) continue;
    const LawfulBasisInfo& basis = Info(purpose.basis);
    out.push_back(purpose.label + ": " + std::string(basis.label) + " (" +
                  std::string(basis.citation) + ")");
  }
  return out;
}

std::vector<const RetentionRule*> RulesForCategory(const Policy& p, const Category& c) {
  std::vector<std::string> type_ids;
  for (const auto& t : p.record_types) {
    if (HoldsCategory(t, c.id)) type_ids.push_back(t.id);
  }
  return RulesForTypes(p, type_ids);
}

void PolicyDocumentFor(const Policy& p, const Category& c, Document& doc) {
  doc.Heading(3, c.label);
  std::vector<std::string> facts{"Type of data: " + std::string(Info(*c.special).label),
                                 "Condition relied on: " + ConditionsLine(c)};
  const auto purposes = PurposesUsing(p, c);
  if (!purposes.empty()) facts.push_back("Purposes and lawful basis: " + JoinList(purposes));
  doc.List(std::move(facts));
  doc.FreeText(c.condition_note);
  const auto rules = RuleLines(p, RulesForCategory(p, c));
  doc.Paragraph(rules.empty() ? "Retention and erasure: no retention rule covers this data."
                              : "Retention and erasure:");
  doc.List(rules);
  const auto uncovered = TypesHolding(p, c.id, true);
  if (RetentionFollowsPolicy(p, c)) {
    doc.Paragraph(
        "Retention follows this policy document: yes. Disposal is driven by the rules "
        "above and suspended only by a hold.");
  } else if (uncovered.empty()) {
    doc.Paragraph(
        "Retention follows this policy document: no. No record type in the policy "
        "holds this data, so no retention rule applies to it.");
  } else {
    doc.Paragraph("Retention follows this policy document: no. No retention rule covers: " +
                  JoinList(uncovered) + ".");
  }
}

void PolicyDocument(const Policy& p, Document& doc) {
  doc.Heading(2, "Appropriate policy document");
  std::vector<const Category*> cats;
  for (const auto& c : p.categories) {
    if (NeedsPolicyDocument(c)) cats.push_back(&c);
  }
  if (cats.empty()) {
    doc.Paragraph(
        "None of this data is processed under a condition that needs an appropriate "
        "policy document (DPA 2018 Sch 1 Part 4), so none is needed.");
    return;
  }
  doc.Paragraph(
      "This is our appropriate policy document under the Data Protection Act 2018, "
      "Schedule 1 Part 4, for the special category and criminal offence data below.");
  doc.Heading(3, "Procedures for complying with the Article 5 principles");
  doc.List(std::vector<std::string>(kPrinciples.begin(), kPrinciples.end()));
  for (const Category* c : cats) PolicyDocumentFor(p, *c, doc);
  doc.Heading(3, "Review");
  doc.Paragraph(
      "We review this document whenever the policy changes, and keep it from when this "
      "processing starts until at least 6 months after it ends (DPA 2018 Sch 1 para 40).");
}

Document BuildRopa(const Policy& p) {
  Document doc;
  doc.Heading(1, "Record of processing activities");
  const std::string name = ControllerName(p.organisation);
  doc.Paragraph(
      "The record of processing activities" + (name.empty() ? "" : " of " + name) +
      ", kept under UK GDPR Article 30" +
      (p.version.empty() ? "" : ", written from version " + p.version + " of the policy") + ".");
  doc.Heading(2, "Controller");
  doc.List(OrganisationLines(p.organisation));
  const auto dpo = ContactLines(p.organisation.dpo);
  if (!dpo.empty()) {
    doc.Heading(2, "Data protection officer");
    doc.List(dpo);
  }
  Activities(p, doc);
  doc.Heading(2, "Security measures");
  doc.Paragraph(SecurityMeasures(p));
  doc.FreeText(p.notice.security);
  PolicyDocument(p, doc);
  return doc;
}

}  // namespace

std::string RenderRopa(const Policy& policy, DocFormat format) {
  if (format == DocFormat::kCsv) return RenderCsv(policy);
  const Document doc = BuildRopa(policy);
  return format == DocFormat::kHtml ? doc.ToHtml("Record of processing activities")
                                    : doc.ToMarkdown();
}

}  // namespace casekeep::policy
