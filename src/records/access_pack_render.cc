// Writing an access pack out: the print-friendly HTML document (through policy::Document, which
// escapes every value), the CSV tables and the uncompressed POSIX tar archive holding them.
#include <cstdint>
#include <cstring>

#include "policy/notice.h"
#include "policy/text.h"
#include "records/access_pack.h"

namespace casekeep::records {
namespace {

using nlohmann::json;

std::string Str(const json& j) {
  if (j.is_null()) return "";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_boolean()) return j.get<bool>() ? "yes" : "no";
  if (j.is_array()) {
    std::string out;
    for (const auto& v : j) out += (out.empty() ? "" : ", ") + Str(v);
    return out;
  }
  return j.dump();
}

std::string Member(const json& j, std::string_view key) {
  return j.contains(key) ? Str(j[std::string(key)]) : "";
}

const std::vector<policy::Field>* FieldsOf(const policy::Policy& p, const json& record) {
  const policy::RecordType* t = p.FindRecordType(Member(record, "type"));
  return t == nullptr ? nullptr : &t->fields;
}

std::string Label(const std::vector<policy::Field>* fields, const std::string& id) {
  if (fields != nullptr) {
    for (const auto& f : *fields) {
      if (f.id == id) return f.label.empty() ? id : f.label;
    }
  }
  return id;
}

std::string Members(const json& c) {
  std::vector<std::string> out;
  for (const auto& m : c["members"])
    out.push_back(Member(m, "person") + " (" + Member(m, "role") + ")");
  return policy::Join(out, "; ");
}

// Writes `v` as `width - 1` octal digits and a NUL (the ustar number fields).
void Octal(char* dst, std::size_t width, std::uint64_t v) {
  dst[width - 1] = '\0';
  for (std::size_t i = width - 1; i-- > 0;) {
    dst[i] = static_cast<char>('0' + (v & 7));
    v >>= 3;
  }
}

void Ustar(std::string& out, const std::string& name, const std::string& data, std::int64_t mtime) {
  char h[512];
  std::memset(h, 0, sizeof h);
  std::memcpy(h, name.data(), std::min<std::size_t>(name.size(), 100));
  Octal(h + 100, 8, 0600);
  Octal(h + 108, 8, 0);
  Octal(h + 116, 8, 0);
  Octal(h + 124, 12, data.size());
  Octal(h + 136, 12, static_cast<std::uint64_t>(mtime < 0 ? 0 : mtime));
  std::memset(h + 148, ' ', 8);
  h[156] = '0';
  std::memcpy(h + 257, "ustar", 6);
  std::memcpy(h + 263, "00", 2);
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  Octal(h + 148, 7, sum);
  h[155] = ' ';
  out.append(h, sizeof h);
  out += data;
  out.append((512 - data.size() % 512) % 512, '\0');
}

}  // namespace

std::string PackHtml(const policy::Policy& policy, const AccessPack& pack) {
  const json& d = pack.data;
  const json& you = d["subject"];
  policy::Document doc;
  const std::string org = policy.organisation.name.empty() ? "us" : policy.organisation.name;
  doc.Heading(1, "Your information held by " + org);
  doc.Paragraph("This is a copy of the information " + org + " holds about you (reference " +
                pack.subject + "), prepared on " + Member(d, "generated_at").substr(0, 10) +
                " in answer to your request under UK GDPR Article 15.");
  if (!pack.final) {
    std::size_t open = 0;
    for (const auto& item : pack.items) open += item.decision ? 0U : 1U;
    doc.Paragraph("DRAFT for review by the data protection officer: " + std::to_string(open) +
                  " of " + std::to_string(pack.items.size()) +
                  " withheld items still need a decision. Do not send this draft.");
  }
  if (pack.restricted) {
    doc.Paragraph(
        "The use of your information is restricted at your request (UK GDPR Article 18): we "
        "keep it but do not use it, except as the law allows. It is all included here.");
  }
  if (you.value("objected", false)) {
    std::string to;
    for (const auto& id : you.value("objected_to", json::array())) {
      const std::string purpose = id.get<std::string>();
      const policy::Purpose* p = policy.FindPurpose(purpose);
      if (!to.empty()) to += "; ";
      to += purpose == "*" ? "every use based on our legitimate interests or a public task"
                           : (p == nullptr ? purpose : p->label);
    }
    doc.Paragraph("You have objected to how we use your information (UK GDPR Article 21)" +
                  (to.empty() ? std::string(".") : ", for: " + to + "."));
  }
  doc.Paragraph(
      "Where information would identify someone else, it is shown as \u201c[withheld "
      "X-\u2026]\u201d. "
      "The section \u201cInformation we have withheld\u201d at the end explains each one.");

  doc.Heading(2, "About you");
  const policy::SubjectKind* kind = policy.FindSubjectKind(Member(you, "kind"));
  policy::Table about{"Your details", {"Detail", "What we hold"}, {}};
  about.rows.push_back({"Reference", pack.subject});
  about.rows.push_back({"Recorded as", Member(you, "kind_label")});
  about.rows.push_back({"First recorded", Member(you, "created_at")});
  for (const auto& [k, v] : you["fields"].items()) {
    about.rows.push_back({Label(kind == nullptr ? nullptr : &kind->fields, k), Str(v)});
  }
  doc.AddTable(std::move(about));
  policy::Table rels{"People linked to you", {"Relationship", "Direction", "Person"}, {}};
  for (const auto& r : d["relationships"]) {
    rels.rows.push_back({Member(r, "kind"), Member(r, "direction"), Member(r, "person")});
  }
  doc.AddTable(std::move(rels));

  doc.Heading(2, "Your cases");
  policy::Table cases{"Cases you are part of",
                      {"Case", "Service", "Your role", "Opened", "Closed", "People in the case"},
                      {}};
  for (const auto& c : d["cases"]) {
    cases.rows.push_back({Member(c, "code"), Member(c, "service_label"), Member(c, "your_role"),
                          Member(c, "opened_on"), Member(c, "closed_on"), Members(c)});
  }
  if (cases.rows.empty()) doc.Paragraph("You are not part of any case.");
  doc.AddTable(std::move(cases));

  doc.Heading(2, "Records");
  if (d["records"].empty()) doc.Paragraph("We hold no records about you.");
  const auto left_out = d.value("records_about_others_left_out", std::int64_t{0});
  if (left_out > 0) {
    doc.Paragraph(std::to_string(left_out) +
                  " records in your cases are about other people and are not part of this copy.");
  }
  for (const auto& r : d["records"]) {
    const auto* fields = FieldsOf(policy, r);
    policy::Table t{
        Member(r, "type_label") + " " + Member(r, "code") + ", " + Member(r, "occurred_on"),
        {"Field", "Value"},
        {}};
    t.rows.push_back({"Case", Member(r, "case")});
    t.rows.push_back({"About", Member(r, "about")});
    t.rows.push_back({"Recorded", Member(r, "created_at")});
    if (Member(r, "version") != "1") t.rows.push_back({"Last changed", Member(r, "updated_at")});
    for (const auto& [k, v] : r["fields"].items()) t.rows.push_back({Label(fields, k), Str(v)});
    for (const auto& a : r["attachments"]) {
      t.rows.push_back(
          {"Attached file (" + Label(fields, Member(a, "field")) + ")",
           Member(a, "code") + (a.value("included", false) ? " (included in this pack)" : "")});
    }
    const json& ret = r["retention"];
    if (ret.contains("how_long")) {
      std::string keep = Member(ret, "how_long");
      if (ret.contains("dispose_on")) keep += " (until " + Member(ret, "dispose_on") + ")";
      if (ret.contains("reason")) keep += ". " + Member(ret, "reason");
      t.rows.push_back({"How long we keep it", keep});
    }
    doc.AddTable(std::move(t));
  }

  doc.Heading(2, "Your consents");
  policy::Table consents{"Consents you gave or withdrew",
                         {"When", "Consent", "Given or withdrawn", "How", "Given by", "Note"},
                         {}};
  for (const auto& c : d["consents"]) {
    consents.rows.push_back({Member(c, "at"), Member(c, "label"), Member(c, "event"),
                             Member(c, "method"), Member(c, "given_by"), Member(c, "note")});
  }
  if (consents.rows.empty()) doc.Paragraph("We have no record of consents from you.");
  doc.AddTable(std::move(consents));

  doc.Heading(2, "Who we have shared your information with");
  policy::Table shared{"Disclosures", {"When", "To", "Basis", "What", "Why"}, {}};
  for (const auto& x : d["disclosures"]) {
    const std::string to =
        Member(x, "recipient_name").empty() ? Member(x, "recipient") : Member(x, "recipient_name");
    shared.rows.push_back({Member(x, "at"), to, Member(x, "basis"), Member(x, "categories"),
                           Member(x, "justification")});
  }
  if (shared.rows.empty()) doc.Paragraph("We have not shared your information with anyone.");
  doc.AddTable(std::move(shared));

  doc.Heading(2, "Who has looked at or changed your information");
  policy::Table accesses{
      "Access to your information", {"When", "Who", "What", "Purpose", "Outcome"}, {}};
  for (const auto& a : d["accesses"]) {
    const std::string who = Member(a, "actor_name").empty()
                                ? Member(a, "actor")
                                : Member(a, "actor_name") + " (" + Member(a, "actor") + ")";
    accesses.rows.push_back(
        {Member(a, "at"), who, Member(a, "action"), Member(a, "purpose"), Member(a, "outcome")});
  }
  doc.AddTable(std::move(accesses));

  doc.Heading(2, "Information we have withheld");
  policy::Table withheld{"Withheld information", {"Item", "Where", "Decision", "Reason"}, {}};
  for (const auto& item : pack.items) {
    if (pack.final && item.decision && item.decision->release) continue;
    withheld.rows.push_back(
        {item.id, item.location + " " + item.field,
         item.decision ? (item.decision->release ? "released" : "withheld") : "undecided",
         item.decision ? item.decision->reason : ""});
  }
  if (withheld.rows.empty()) doc.Paragraph("Nothing has been withheld.");
  doc.Paragraph(
      "Information that identifies someone else is withheld unless they agree or it is "
      "reasonable to give it to you without their agreement (Data Protection Act 2018, "
      "Schedule 2 paragraph 16). Professionals acting in their role are not withheld.");
  doc.AddTable(std::move(withheld));

  const json& info = d["information"];
  doc.Heading(2, "About how we use your information");
  std::vector<std::string> held;
  for (const auto& c : info["categories"]) held.push_back(Member(c, "label"));
  if (!held.empty()) {
    doc.Paragraph("The kinds of information we hold about you:");
    doc.List(std::move(held));
  }
  std::vector<std::string> sources;
  for (const auto& s : info["sources"]) sources.push_back(Str(s));
  if (!sources.empty()) {
    doc.Paragraph("How your cases came to us:");
    doc.List(std::move(sources));
  }
  policy::AddAccessInformation(policy, doc);
  return doc.ToHtml("Your information: " + pack.subject);
}

std::vector<std::pair<std::string, std::string>> PackCsv(const AccessPack& pack) {
  using policy::CsvRow;
  const json& d = pack.data;
  std::string people = CsvRow({"code", "relationship", "field", "value"});
  for (const auto& [k, v] : d["subject"]["fields"].items()) {
    people += CsvRow({pack.subject, "you", k, Str(v)});
  }
  for (const auto& r : d["relationships"]) {
    people += CsvRow({"", Member(r, "kind") + " (" + Member(r, "direction") + ")", "person",
                      Member(r, "person")});
  }
  std::string cases =
      CsvRow({"case", "service", "your_role", "opened_on", "closed_on", "flags", "members"});
  for (const auto& c : d["cases"]) {
    cases +=
        CsvRow({Member(c, "code"), Member(c, "service"), Member(c, "your_role"),
                Member(c, "opened_on"), Member(c, "closed_on"), Member(c, "flags"), Members(c)});
  }
  std::string records =
      CsvRow({"record", "type", "case", "occurred_on", "created_at", "field", "value"});
  for (const auto& r : d["records"]) {
    const std::vector<std::string> head{Member(r, "code"), Member(r, "type"), Member(r, "case"),
                                        Member(r, "occurred_on"), Member(r, "created_at")};
    auto row = [&](const std::string& field, const std::string& value) {
      auto fields = head;
      fields.push_back(field);
      fields.push_back(value);
      records += CsvRow(fields);
    };
    for (const auto& [k, v] : r["fields"].items()) row(k, Str(v));
    for (const auto& a : r["attachments"])
      row("attachment:" + Member(a, "field"), Member(a, "code"));
    if (r["retention"].contains("dispose_on"))
      row("retention:dispose_on", Member(r["retention"], "dispose_on"));
  }
  std::string consents =
      CsvRow({"id", "consent", "event", "at", "method", "explicit", "given_by", "note"});
  for (const auto& c : d["consents"]) {
    consents += CsvRow({Member(c, "id"), Member(c, "consent"), Member(c, "event"), Member(c, "at"),
                        Member(c, "method"), Member(c, "explicit"), Member(c, "given_by"),
                        Member(c, "note")});
  }
  std::string disclosures = CsvRow({"code", "at", "recipient", "basis", "categories", "records",
                                    "case", "justification", "note"});
  for (const auto& x : d["disclosures"]) {
    disclosures += CsvRow({Member(x, "code"), Member(x, "at"), Member(x, "recipient"),
                           Member(x, "basis"), Member(x, "categories"), Member(x, "records"),
                           Member(x, "case"), Member(x, "justification"), Member(x, "note")});
  }
  std::string accesses = CsvRow({"at", "actor", "actor_name", "action", "purpose", "outcome"});
  for (const auto& a : d["accesses"]) {
    accesses += CsvRow({Member(a, "at"), Member(a, "actor"), Member(a, "actor_name"),
                        Member(a, "action"), Member(a, "purpose"), Member(a, "outcome")});
  }
  std::string redactions = CsvRow({"id", "location", "field", "kind", "decision", "reason"});
  for (const auto& r : d["redactions"]) {
    if (pack.final && Member(r, "decision") == "released") continue;
    redactions += CsvRow({Member(r, "id"), Member(r, "location"), Member(r, "field"),
                          Member(r, "kind"), Member(r, "decision"), Member(r, "reason")});
  }
  return {{"people.csv", people},           {"cases.csv", cases},
          {"records.csv", records},         {"consents.csv", consents},
          {"disclosures.csv", disclosures}, {"accesses.csv", accesses},
          {"withheld.csv", redactions}};
}

std::string TarArchive(const std::vector<std::pair<std::string, std::string>>& files,
                       std::int64_t mtime) {
  std::string out;
  for (const auto& [name, data] : files) Ustar(out, name, data, mtime);
  out.append(1024, '\0');
  return out;
}

std::string PackArchive(const policy::Policy& policy, const AccessPack& pack) {
  const std::string dir = pack.subject + "/";
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(dir + "pack.html", PackHtml(policy, pack));
  files.emplace_back(dir + "pack.json", pack.data.dump(2) + "\n");
  for (auto& [name, data] : PackCsv(pack)) files.emplace_back(dir + name, std::move(data));
  for (const auto& [name, data] : pack.files) files.emplace_back(dir + name, data);
  return TarArchive(files, 0);
}

std::string PortableCsv(const PortableData& p) {
  using policy::CsvRow;
  std::string out = CsvRow({"source", "code", "type", "occurred_on", "field", "value"});
  for (const auto& [k, v] : p.data["fields"].items()) {
    out += CsvRow({"person", p.subject, "", "", k, Str(v)});
  }
  for (const auto& r : p.data["records"]) {
    for (const auto& [k, v] : r["fields"].items()) {
      out += CsvRow(
          {"record", Member(r, "code"), Member(r, "type"), Member(r, "occurred_on"), k, Str(v)});
    }
  }
  return out;
}

}  // namespace casekeep::records
