// Assembling access packs and portable exports (docs/rights.md). One read snapshot gathers the
// person, their cases, records, attachments, consents and the audit entries that touched any of
// them; a Redactor replaces other people's information with placeholders as it goes, so the
// draft and the final pack are the same deterministic build, differing only in the decisions.
#include "records/access_pack.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "anonymise/anonymise.h"
#include "crypto/aead_stream.h"
#include "crypto/bytes.h"
#include "policy/text.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::Txn;
using nlohmann::json;

constexpr std::int64_t kPage = 1000;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Digits only, a leading UK "44" read as "0" (so +44 7700 900123 matches 07700900123).
std::string PhoneDigits(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) d += c;
  }
  if (d.starts_with("44") && d.size() > 10) d = "0" + d.substr(2);
  return d;
}

std::string Timestamp(std::int64_t unix_seconds) {
  const std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86'400 : 0;
  const std::int64_t secs = unix_seconds >= 0 ? unix_seconds % 86'400 : 0;
  auto day = Date::FromDaysSinceEpoch(days);
  char time[16];
  std::snprintf(time, sizeof time, "T%02d:%02d:%02dZ", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return (day ? day->ToString() : std::string("1970-01-01")) + time;
}

// A field value as the text a placeholder stands for.
std::string ValueText(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

const policy::Field* FindIn(const std::vector<policy::Field>& fields, std::string_view id) {
  for (const auto& f : fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

// The name a person goes by: their "name" field, else their first text value, else their code.
std::string DisplayName(const std::string& code, const json& fields) {
  if (fields.contains("name") && fields["name"].is_string()) return fields["name"];
  for (const auto& [k, v] : fields.items()) {
    if (v.is_string() && !v.get<std::string>().empty()) return v;
  }
  return code;
}

// What the pack says in place of withheld information.
std::string_view KindWords(std::string_view kind) {
  if (kind == "third_party_field") return "information about another person";
  if (kind == "linked_person") return "another person";
  if (kind == "name") return "name of another person";
  if (kind == "email") return "email address of another person";
  if (kind == "phone") return "phone number of another person";
  if (kind == "attachment") return "attached file";
  if (kind == "child_abuse") return "safeguarding information";
  if (kind == "unchecked_text") return "text for the data protection officer to check";
  return "detail identifying another person";
}

// Someone linked to the person: another member of their cases or a relative.
struct Linked {
  std::string code;
  std::string kind;
  bool professional = false;
  json fields = json::object();
};

// Gives every piece of other people's information a placeholder and an item, deterministically.
// Free text is searched with the anonymiser's detectors (anonymise/): names of the linked
// people, and emails, phone numbers, postcodes and NHS numbers that are one of theirs.
class Redactor {
 public:
  explicit Redactor(std::string subject) : subject_(std::move(subject)) {}

  //! A linked person whose names and identifiers are searched for.
  void AddPerson(const std::string& code, const std::string& name) {
    if (name.empty()) return;
    context_.people.push_back(anonymise::Person{{name}});
    whose_.push_back(code);
  }
  //! An email, phone number, postcode or NHS number of a linked person.
  void AddIdentifier(anonymise::Kind kind, std::string_view value, const std::string& code) {
    const std::string key = Normal(kind, value);
    if (key.size() >= 3 && !keep_.contains(key)) identifiers_.emplace(key, code);
  }
  //! Text that is never redacted (the person's own details, professionals' names).
  void Keep(std::string_view value) {
    keep_.insert(Lower(value));
    keep_.insert(Normal(anonymise::Kind::kEmail, value));
    keep_.insert(Normal(anonymise::Kind::kPhone, value));
  }

  std::string Whole(const std::string& location, const std::string& field, std::string kind,
                    const std::string& whose, std::string text) {
    return Placeholder(Item(location, field, std::move(kind), whose, std::move(text)));
  }

  std::string Scan(const std::string& location, const std::string& field, const std::string& text) {
    if (text.empty()) return text;
    if (!anonymise::CheckText(text)) {
      // Too long or with control characters: the DPO reads the whole text.
      return Whole(location, field, "unchecked_text", "", text);
    }
    struct Found {
      std::size_t begin, end;
      std::string kind, whose;
    };
    std::vector<Found> found;
    if (!context_.people.empty()) {
      for (const auto& span : anonymise::FindNames(text, context_)) {
        const std::string words =
            Lower(std::string_view(text).substr(span.begin, span.end - span.begin));
        if (keep_.contains(words)) continue;
        const std::string whose =
            span.person > 0 && static_cast<std::size_t>(span.person) <= whose_.size()
                ? whose_[static_cast<std::size_t>(span.person) - 1]
                : std::string();
        found.push_back({span.begin, span.end, "name", whose});
      }
    }
    if (!identifiers_.empty()) {
      const std::pair<anonymise::Kind, std::vector<anonymise::Span>> detected[] = {
          {anonymise::Kind::kEmail, anonymise::FindEmails(text)},
          {anonymise::Kind::kPhone, anonymise::FindPhones(text)},
          {anonymise::Kind::kPostcode, anonymise::FindPostcodes(text)},
          {anonymise::Kind::kNhsNumber, anonymise::FindNhsNumbers(text)}};
      for (const auto& [kind, spans] : detected) {
        for (const auto& span : spans) {
          const auto it = identifiers_.find(
              Normal(kind, std::string_view(text).substr(span.begin, span.end - span.begin)));
          if (it == identifiers_.end()) continue;
          found.push_back({span.begin, span.end, KindId(kind), it->second});
        }
      }
    }
    if (found.empty()) return text;
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::string out;
    std::size_t pos = 0;
    for (const auto& f : found) {
      if (f.begin < pos) continue;  // overlaps an earlier or longer match
      out += text.substr(pos, f.begin - pos);
      out += Placeholder(
          Item(location, field, f.kind, f.whose, text.substr(f.begin, f.end - f.begin)));
      pos = f.end;
    }
    out += text.substr(pos);
    return out;
  }

  std::vector<RedactionItem> items;

 private:
  static std::string KindId(anonymise::Kind kind) {
    switch (kind) {
      case anonymise::Kind::kEmail: return "email";
      case anonymise::Kind::kPhone: return "phone";
      default: return "identifier";
    }
  }
  // The form identifiers are compared in: phone numbers by their digits, the rest in lower case
  // without spaces.
  static std::string Normal(anonymise::Kind kind, std::string_view value) {
    if (kind == anonymise::Kind::kPhone) return PhoneDigits(value);
    std::string out;
    for (char c : Lower(value)) {
      if (c != ' ') out += c;
    }
    return out;
  }

  const RedactionItem& Item(const std::string& location, const std::string& field, std::string kind,
                            const std::string& whose, std::string text) {
    const std::string key = location + '\n' + field + '\n' + kind + '\n' + whose + '\n' + text;
    const int occurrence = seen_[key]++;
    const std::string hashed = subject_ + '\n' + key + '\n' + std::to_string(occurrence);
    const auto digest = crypto::Sha256(crypto::AsBytes(hashed));
    RedactionItem item;
    item.id = "X-" + crypto::ToHex(digest).substr(0, 12);
    item.location = location;
    item.field = field;
    item.kind = std::move(kind);
    item.whose = whose;
    item.text = std::move(text);
    items.push_back(std::move(item));
    return items.back();
  }

  std::string subject_;
  anonymise::Context context_;
  std::vector<std::string> whose_;
  std::map<std::string, std::string> identifiers_;
  std::set<std::string> keep_;
  std::map<std::string, int> seen_;
};

// Categories whose information is about safeguarding children (Sch 3 Part 5 applies to them).
std::set<std::string> ChildAbuseCategories(const policy::Policy& policy) {
  std::set<std::string> out;
  for (const auto& c : policy.categories) {
    if (std::find(c.conditions.begin(), c.conditions.end(),
                  policy::Article9Condition::kSafeguardingChildren) != c.conditions.end()) {
      out.insert(c.id);
    }
  }
  return out;
}

// Replaces the placeholders of released items by what they stand for, in every string.
void Release(json& j, const std::map<std::string, const RedactionItem*>& released) {
  if (j.is_object() || j.is_array()) {
    for (auto& v : j) Release(v, released);
    return;
  }
  if (!j.is_string()) return;
  std::string s = j.get<std::string>();
  if (s.find("[withheld X-") == std::string::npos) return;
  for (const auto& [placeholder, item] : released) {
    for (std::size_t at = s.find(placeholder); at != std::string::npos;
         at = s.find(placeholder, at + item->text.size())) {
      s.replace(at, placeholder.size(), item->text);
    }
  }
  j = s;
}

// Opens an attachment's bytes (they are read whole: attachments are capped).
Result<std::string> AttachmentBytes(Txn& t, const store::AttachmentRow& a) {
  CK_ASSIGN_OR_RETURN(auto key, t.keys().DataKey(a.owner, false));
  CK_ASSIGN_OR_RETURN(auto chunks, t.tx().ReadAttachmentChunks(a.id));
  if (chunks.empty()) return Fail(ErrorCode::kDataLoss, a.code + " has no data");
  CK_ASSIGN_OR_RETURN(
      crypto::StreamOpener opener,
      crypto::StreamOpener::Start(*key, chunks.front(), crypto::AsBytes("attachment:" + a.code)));
  std::string out;
  for (std::size_t i = 1; i < chunks.size(); ++i) {
    CK_ASSIGN_OR_RETURN(auto plain, opener.Pull(chunks[i]));
    out.append(crypto::AsChars(plain));
  }
  CK_TRY(opener.Finish());
  return out;
}

// Every record about the person, then the case records about no one person, in id order.
Result<std::vector<store::RecordRow>> PackRecords(Txn& t, std::int64_t subject_id,
                                                  const std::vector<std::int64_t>& case_ids,
                                                  std::int64_t* about_others) {
  std::vector<store::RecordRow> rows;
  // Keyset pages over the person's records and over each case's.
  auto scan = [&](store::RecordFilter filter, bool case_wide) -> Status {
    filter.limit = kPage;
    for (;;) {
      CK_ASSIGN_OR_RETURN(auto batch, t.tx().ListRecords(filter));
      if (batch.empty()) return {};
      filter.after_id = batch.back().id;
      const bool more = static_cast<std::int64_t>(batch.size()) == kPage;
      for (auto& row : batch) {
        if (!case_wide || !row.subject_id) {
          rows.push_back(std::move(row));
        } else if (*row.subject_id != subject_id) {
          ++*about_others;
        }
      }
      if (!more) return {};
    }
  };
  store::RecordFilter mine;
  mine.subject_id = subject_id;
  CK_TRY(scan(mine, false));
  for (std::int64_t case_id : case_ids) {
    store::RecordFilter in_case;
    in_case.case_id = case_id;
    CK_TRY(scan(in_case, true));
  }
  std::sort(rows.begin(), rows.end(),
            [](const store::RecordRow& a, const store::RecordRow& b) { return a.id < b.id; });
  rows.erase(std::unique(
                 rows.begin(), rows.end(),
                 [](const store::RecordRow& a, const store::RecordRow& b) { return a.id == b.id; }),
             rows.end());
  return rows;
}

// Checks a final build's decisions against the draft's items and applies them.
Status ApplyDecisions(const AccessPackOptions& options, AccessPack* pack) {
  std::set<std::string> ids;
  for (const auto& item : pack->items) ids.insert(item.id);
  for (const auto& [id, d] : options.decisions) {
    if (!ids.contains(id)) {
      return InvalidArgument("there is no redaction item " + id +
                             " in this pack (the data may have changed since the draft: build "
                             "the draft again and review its items)");
    }
    if (d.reason.empty()) return InvalidArgument("the decision on " + id + " has no reason");
  }
  std::vector<std::string> missing;
  for (auto& item : pack->items) {
    auto it = options.decisions.find(item.id);
    if (it == options.decisions.end()) {
      missing.push_back(item.id);
    } else {
      item.decision = it->second;
    }
  }
  if (options.final && !missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i) list += " " + missing[i];
    return InvalidArgument(std::to_string(missing.size()) +
                           " redaction items have no decision yet:" + list +
                           (missing.size() > 5 ? " ..." : "") +
                           "; the pack is final when every item is released or withheld");
  }
  return {};
}

}  // namespace

std::string Placeholder(const RedactionItem& item) {
  return "[withheld " + item.id + ": " + std::string(KindWords(item.kind)) + "]";
}

Result<std::map<std::string, RedactionDecision>> ParseDecisions(const json& j) {
  if (!j.is_object()) {
    return InvalidArgument(
        "the decisions must be a JSON object: {\"X-…\": {\"release\": true|false, \"reason\": "
        "\"...\"}}");
  }
  if (j.size() > 100'000) return InvalidArgument("too many decisions (at most 100000)");
  std::map<std::string, RedactionDecision> out;
  for (const auto& [id, d] : j.items()) {
    if (!id.starts_with("X-") || id.size() != 14) {
      return InvalidArgument("'" + id + "' is not a redaction item id (X- and 12 hex digits)");
    }
    if (!d.is_object() || !d.contains("release") || !d["release"].is_boolean() ||
        !d.contains("reason") || !d["reason"].is_string() || d.size() != 2) {
      return InvalidArgument("the decision on " + id +
                             " must be {\"release\": true|false, \"reason\": \"...\"}");
    }
    RedactionDecision decision{d["release"].get<bool>(), d["reason"].get<std::string>()};
    if (decision.reason.empty()) return InvalidArgument("the decision on " + id + " has no reason");
    out.emplace(id, std::move(decision));
  }
  return out;
}

json ItemsJson(const std::vector<RedactionItem>& items) {
  json out = json::array();
  for (const auto& item : items) {
    json j{{"id", item.id},
           {"location", item.location},
           {"field", item.field},
           {"kind", item.kind},
           {"whose", item.whose},
           {"text", item.text},
           {"placeholder", Placeholder(item)}};
    if (item.decision) {
      j["decision"] = item.decision->release ? "release" : "withhold";
      j["reason"] = item.decision->reason;
    }
    out.push_back(std::move(j));
  }
  return out;
}

Result<AccessPack> RecordsService::AssembleAccessPack(const Actor& actor, std::string_view code,
                                                      const AccessPackOptions& options) {
  const std::string action = options.final ? "access_pack.final" : "access_pack.draft";
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, action));
  for (const auto& [id, d] : options.decisions) {
    if (d.reason.empty()) return InvalidArgument("the decision on " + id + " has no reason");
  }
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(code));
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition,
                subject.code + " was erased on " + Timestamp(*subject.erased_at).substr(0, 10) +
                    ": nothing about them can be read any more, so there is no access pack to "
                    "give (say so in the reply to the request)");
  }
  const policy::SubjectKind* kind = policy_.FindSubjectKind(subject.kind);
  bool erased = false;
  CK_ASSIGN_OR_RETURN(json own,
                      t.OpenFields(subject.code, FieldsAd("subject", subject.code, subject.version),
                                   subject.sealed, &erased));
  const std::set<std::string> abuse_categories =
      options.requested_by.empty() ? std::set<std::string>{} : ChildAbuseCategories(policy_);
  if (!options.requested_by.empty()) {
    if (kind == nullptr || !kind->child) {
      return InvalidArgument(
          "a request by a person with parental responsibility is for a child's "
          "data, and " +
          subject.code + " is not a child");
    }
    CK_ASSIGN_OR_RETURN(store::SubjectRow parent, t.Subject(options.requested_by));
    CK_ASSIGN_OR_RETURN(auto rels, t.tx().ListRelationships(subject.id));
    const bool responsible = std::any_of(rels.begin(), rels.end(), [&](const auto& r) {
      return r.from_subject == parent.id && r.to_subject == subject.id &&
             (r.kind == "parent_of" || r.kind == "carer_of");
    });
    if (!responsible) {
      return Fail(ErrorCode::kFailedPrecondition,
                  parent.code + " is not recorded as a parent or carer of " + subject.code);
    }
  }

  AccessPack pack;
  pack.subject = subject.code;
  pack.final = options.final;
  pack.restricted = subject.restricted;
  Redactor redactor(subject.code);

  // The people linked to the person: other members of their cases and their relatives.
  CK_ASSIGN_OR_RETURN(auto memberships, t.tx().ListCasesOfSubject(subject.id));
  CK_ASSIGN_OR_RETURN(auto relationships, t.tx().ListRelationships(subject.id));
  std::map<std::int64_t, Linked> linked;
  auto link = [&](std::int64_t id) -> Status {
    if (id == subject.id || linked.contains(id)) return {};
    CK_ASSIGN_OR_RETURN(auto row, t.tx().GetSubject(id));
    if (!row) return {};
    Linked l;
    l.code = row->code;
    l.kind = row->kind;
    const policy::SubjectKind* k = policy_.FindSubjectKind(row->kind);
    l.professional = k != nullptr && k->professional;
    if (!row->erased_at) {
      bool gone = false;
      CK_ASSIGN_OR_RETURN(l.fields,
                          t.OpenFields(row->code, FieldsAd("subject", row->code, row->version),
                                       row->sealed, &gone));
    }
    linked.emplace(id, std::move(l));
    return {};
  };
  std::vector<std::int64_t> case_ids;
  std::map<std::int64_t, std::vector<store::CaseMemberRow>> members;
  for (const auto& m : memberships) {
    case_ids.push_back(m.case_id);
    CK_ASSIGN_OR_RETURN(members[m.case_id], t.tx().ListCaseMembers(m.case_id));
    for (const auto& other : members[m.case_id]) CK_TRY(link(other.subject_id));
  }
  for (const auto& r : relationships) {
    CK_TRY(link(r.from_subject));
    CK_TRY(link(r.to_subject));
  }
  // The person's own details and professionals' names are never redacted from free text.
  const auto name_tokens = [](const std::string& name) {
    std::vector<std::string> out;
    std::istringstream in(Lower(name));
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  };
  for (const auto& [k, v] : own.items()) {
    if (!v.is_string()) continue;
    redactor.Keep(v.get<std::string>());
    if (k == "name") {
      for (const auto& w : name_tokens(v)) redactor.Keep(w);
    }
  }
  for (const auto& [id, l] : linked) {
    if (!l.professional) continue;
    for (const auto& w : name_tokens(DisplayName(l.code, l.fields))) redactor.Keep(w);
  }
  for (const auto& [id, l] : linked) {
    if (l.professional) continue;
    redactor.AddPerson(l.code, l.fields.contains("name") && l.fields["name"].is_string()
                                   ? l.fields["name"].get<std::string>()
                                   : std::string());
    const policy::SubjectKind* k = policy_.FindSubjectKind(l.kind);
    for (const auto& [fid, v] : l.fields.items()) {
      const policy::Field* f = k == nullptr ? nullptr : FindIn(k->fields, fid);
      if (f == nullptr || !v.is_string()) continue;
      switch (f->type) {
        case policy::FieldType::kEmail:
          redactor.AddIdentifier(anonymise::Kind::kEmail, v.get<std::string>(), l.code);
          break;
        case policy::FieldType::kPhone:
          redactor.AddIdentifier(anonymise::Kind::kPhone, v.get<std::string>(), l.code);
          break;
        case policy::FieldType::kPostcode:
          redactor.AddIdentifier(anonymise::Kind::kPostcode, v.get<std::string>(), l.code);
          break;
        case policy::FieldType::kNhsNumber:
          redactor.AddIdentifier(anonymise::Kind::kNhsNumber, v.get<std::string>(), l.code);
          break;
        default: break;
      }
    }
  }
  // How another person appears in the pack: "you", a professional's name, or a placeholder.
  auto person = [&](std::int64_t id, const std::string& location,
                    const std::string& field) -> std::string {
    if (id == subject.id) return "you";
    auto it = linked.find(id);
    if (it == linked.end()) return "another person";
    const Linked& l = it->second;
    const std::string name = DisplayName(l.code, l.fields);
    if (l.professional) return name;
    return redactor.Whole(location, field, "linked_person", l.code, name);
  };
  auto code_of = [&](const std::string& wanted) -> std::int64_t {
    for (const auto& [id, l] : linked) {
      if (l.code == wanted) return id;
    }
    return wanted == subject.code ? subject.id : -1;
  };

  // About the person.
  json you{{"code", subject.code},
           {"kind", subject.kind},
           {"kind_label", kind == nullptr ? subject.kind : kind->label},
           {"created_at", Timestamp(subject.created_at)},
           {"restricted", subject.restricted},
           {"objected", subject.objected},
           {"objected_to", internal::ObjectedPurposes(subject)},
           {"fields", json::object()}};
  for (const auto& [fid, v] : own.items()) {
    const policy::Field* f = kind == nullptr ? nullptr : FindIn(kind->fields, fid);
    you["fields"][fid] =
        f != nullptr && f->third_party
            ? json(redactor.Whole(subject.code, fid, "third_party_field", "", ValueText(v)))
            : v;
  }
  json rels = json::array();
  for (const auto& r : relationships) {
    const bool from_you = r.from_subject == subject.id;
    rels.push_back({{"kind", r.kind},
                    {"direction", from_you ? "from you" : "to you"},
                    {"person", person(from_you ? r.to_subject : r.from_subject, subject.code,
                                      "relationships")}});
  }

  // Cases.
  json cases = json::array();
  std::map<std::int64_t, std::string> case_codes;
  for (const auto& m : memberships) {
    CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(m.case_id));
    if (!c) continue;
    case_codes[m.case_id] = c->code;
    const policy::Service* service = policy_.FindService(c->service);
    json people = json::array();
    for (const auto& other : members[m.case_id]) {
      json entry{{"role", other.role}, {"person", person(other.subject_id, c->code, "members")}};
      auto it = linked.find(other.subject_id);
      if (it != linked.end() && it->second.professional) entry["professional"] = true;
      people.push_back(std::move(entry));
    }
    json jc{{"code", c->code},
            {"service", c->service},
            {"service_label", service == nullptr ? c->service : service->label},
            {"referral_source", c->referral_source},
            {"your_role", m.role},
            {"opened_on", c->opened_on},
            {"closed_on", c->closed_on ? json(*c->closed_on) : json(nullptr)},
            {"flags", c->flags},
            {"members", std::move(people)}};
    cases.push_back(std::move(jc));
  }

  // Records, their attachments and retention.
  std::int64_t about_others = 0;
  CK_ASSIGN_OR_RETURN(auto rows, PackRecords(t, subject.id, case_ids, &about_others));
  std::set<std::string> touched{subject.code};
  for (const auto& c : cases) touched.insert(c["code"].get<std::string>());
  std::set<std::string> categories_held;
  for (const auto& [fid, v] : own.items()) {
    const policy::Field* f = kind == nullptr ? nullptr : FindIn(kind->fields, fid);
    if (f != nullptr) categories_held.insert(f->category);
  }
  std::vector<store::AttachmentRow> released_attachments;
  json records = json::array();
  for (const auto& row : rows) {
    touched.insert(row.code);
    const policy::RecordType* type = policy_.FindRecordType(row.type);
    bool gone = false;
    CK_ASSIGN_OR_RETURN(
        json fields,
        t.OpenFields(row.owner, FieldsAd("record", row.code, row.version), row.sealed, &gone));
    json out_fields = json::object();
    for (const auto& [fid, v] : fields.items()) {
      const policy::Field* f = type == nullptr ? nullptr : FindIn(type->fields, fid);
      if (f != nullptr) categories_held.insert(f->category);
      if (f != nullptr && f->third_party) {
        out_fields[fid] = redactor.Whole(row.code, fid, "third_party_field", "", ValueText(v));
      } else if (f != nullptr && abuse_categories.contains(f->category)) {
        out_fields[fid] = redactor.Whole(row.code, fid, "child_abuse", "", ValueText(v));
      } else if (v.is_string()) {
        out_fields[fid] = redactor.Scan(row.code, fid, v.get<std::string>());
      } else {
        out_fields[fid] = v;
      }
    }
    json attachments = json::array();
    CK_ASSIGN_OR_RETURN(auto files, t.tx().ListAttachments(row.id));
    for (const auto& a : files) {
      touched.insert(a.code);
      const std::string placeholder =
          redactor.Whole(row.code, a.field, "attachment", "",
                         a.code + " (" + a.field + ", " + std::to_string(a.size) + " bytes)");
      const RedactionItem& item = redactor.items.back();
      auto d = options.decisions.find(item.id);
      const bool release = d != options.decisions.end() && d->second.release;
      if (release) released_attachments.push_back(a);
      attachments.push_back({{"code", release ? a.code : placeholder},
                             {"field", a.field},
                             {"bytes", a.size},
                             {"included", release && options.final}});
    }
    json retention = json::object();
    if (!row.retention_rule.empty()) {
      retention["rule"] = row.retention_rule;
      for (const auto& rule : policy_.retention) {
        if (rule.id != row.retention_rule) continue;
        retention["how_long"] = policy::RetentionHowLong(policy_, rule);
        retention["reason"] = rule.reason;
      }
    }
    if (row.dispose_on) retention["dispose_on"] = *row.dispose_on;
    if (row.review_on) retention["review_on"] = *row.review_on;
    const auto cc = row.case_id ? case_codes.find(*row.case_id) : case_codes.end();
    records.push_back({{"code", row.code},
                       {"type", row.type},
                       {"type_label", type == nullptr ? row.type : type->label},
                       {"case", cc == case_codes.end() ? "" : cc->second},
                       {"about", row.subject_id ? "you" : "the case"},
                       {"occurred_on", row.occurred_on},
                       {"created_at", Timestamp(row.created_at)},
                       {"updated_at", Timestamp(row.updated_at)},
                       {"version", row.version},
                       {"erased", gone},
                       {"fields", std::move(out_fields)},
                       {"attachments", std::move(attachments)},
                       {"retention", std::move(retention)}});
  }

  // Consents.
  CK_ASSIGN_OR_RETURN(ConsentHistory ledger, ReadConsentLedger(t, subject));
  json consents = json::array();
  for (const auto& e : ledger.entries) {
    const std::string location = "consent:" + std::to_string(e.id);
    std::string label = e.consent;
    for (const auto& c : policy_.consents) {
      if (c.id == e.consent) label = c.label;
    }
    const std::string note = redactor.Scan(location, "note", e.note);
    std::string given_by;
    if (!e.given_by.empty()) {
      const std::int64_t id = code_of(e.given_by);
      given_by = id < 0 ? std::string("another person") : person(id, location, "given_by");
    }
    consents.push_back({{"id", e.id},
                        {"consent", e.consent},
                        {"label", label},
                        {"event", e.event},
                        {"at", Timestamp(e.at)},
                        {"method", e.method},
                        {"explicit", e.explicit_consent},
                        {"given_by", given_by},
                        {"note", note},
                        {"wording_hash", e.wording_hash}});
  }
  json consent_texts = json::array();
  for (const auto& text : ledger.texts) {
    if (text.kind == "consent") consent_texts.push_back({{"hash", text.hash}, {"text", text.text}});
  }

  // Disclosures: the disclosure log (docs/sharing.md). Why each share was made is part of it:
  // the justification of a share without consent (safeguarding, the police) is withheld whole
  // until the DPO decides (it may name others or prejudice an inquiry, DPA 2018 Sch 2 para 2);
  // the justification of a share on consent, and the sharer's note, are scanned as free text.
  json disclosures = json::array();
  CK_ASSIGN_OR_RETURN(auto shared, t.tx().ListDisclosures(subject.id));
  for (const auto& row : shared) {
    touched.insert(row.code);
    const policy::Recipient* recipient = policy_.FindRecipient(row.recipient);
    auto words = [](const std::string& list) {
      std::vector<std::string> out;
      std::istringstream in(list);
      for (std::string w; in >> w;) out.push_back(w);
      return out;
    };
    CK_ASSIGN_OR_RETURN(DisclosureView view, DisclosureViewOf(t, row));
    std::string why = view.justification;
    if (!why.empty()) {
      why = row.without_consent
                ? redactor.Whole(row.code, "justification", "disclosure_reason", "", why)
                : redactor.Scan(row.code, "justification", why);
    }
    disclosures.push_back({{"code", row.code},
                           {"at", Timestamp(row.at)},
                           {"recipient", row.recipient},
                           {"recipient_name", recipient == nullptr ? "" : recipient->name},
                           {"basis", row.basis},
                           {"consent", row.consent},
                           {"without_consent", row.without_consent},
                           {"case", row.case_code},
                           {"records", words(row.records)},
                           {"categories", words(row.categories)},
                           {"justification", why},
                           {"note", redactor.Scan(row.code, "note", view.note)}});
  }

  // Who accessed the person's data: every audit entry naming them, their cases, their records or
  // attachments. The chain is read whole (it holds codes only), one page at a time.
  json accesses = json::array();
  std::map<std::string, std::string> staff;
  // The chain's entries may name thousands of codes each (an import batch): they are split in
  // place and looked up by hash.
  const std::unordered_set<std::string_view> touched_codes(touched.begin(), touched.end());
  const auto names_touched = [&](std::string_view objects) {
    while (!objects.empty()) {
      const auto space = objects.find(' ');
      if (touched_codes.contains(objects.substr(0, space))) return true;
      if (space == std::string_view::npos) break;
      objects.remove_prefix(space + 1);
    }
    return false;
  };
  for (std::int64_t after = 0;;) {
    CK_ASSIGN_OR_RETURN(auto entries, t.tx().ScanAudit(after, kPage));
    if (entries.empty()) break;
    after = entries.back().seq;
    for (const auto& e : entries) {
      if (!names_touched(e.objects)) continue;
      auto [it, fresh] = staff.try_emplace(e.actor, "");
      if (fresh) {
        if (e.actor == "local-admin") {
          it->second = "system administrator";
        } else if (e.actor.starts_with("W-")) {
          CK_ASSIGN_OR_RETURN(auto user, t.tx().FindUserByCode(e.actor));
          if (user) it->second = user->display_name;
        }
      }
      accesses.push_back({{"at", Timestamp(e.at_micros / 1'000'000)},
                          {"actor", e.actor},
                          {"actor_name", it->second},
                          {"action", e.action},
                          {"purpose", e.purpose},
                          {"outcome", e.outcome}});
    }
    if (static_cast<std::int64_t>(entries.size()) < kPage) break;
  }

  // The Article 15 facts specific to the person (the rest is the notice's wording).
  json purposes = json::array();
  for (const auto& p : policy_.purposes) {
    const bool uses =
        std::any_of(p.categories.begin(), p.categories.end(),
                    [&](const std::string& c) { return categories_held.contains(c); });
    if (!uses) continue;
    purposes.push_back(
        {{"id", p.id}, {"label", p.label}, {"basis", std::string(policy::Info(p.basis).label)}});
  }
  json held = json::array();
  for (const auto& c : policy_.categories) {
    if (categories_held.contains(c.id)) held.push_back({{"id", c.id}, {"label", c.label}});
  }
  json recipients = json::array();
  for (const auto& r : policy_.recipients) {
    recipients.push_back(
        {{"id", r.id}, {"name", r.name}, {"kind", r.kind}, {"country", r.country}});
  }
  json sources = json::array();
  for (const auto& c : cases) {
    const std::string src = c["referral_source"];
    if (src.empty()) continue;
    const auto it = policy_.referral_source_labels.find(src);
    sources.push_back(it == policy_.referral_source_labels.end() ? src : it->second);
  }

  pack.items = std::move(redactor.items);
  CK_TRY(ApplyDecisions(options, &pack));

  pack.data = json{{"format", 1},
                   {"status", options.final ? "final" : "draft"},
                   {"generated_at", Timestamp(clock_.NowUnixSeconds())},
                   {"organisation", policy_.organisation.name},
                   {"subject", std::move(you)},
                   {"relationships", std::move(rels)},
                   {"cases", std::move(cases)},
                   {"records", std::move(records)},
                   {"records_about_others_left_out", about_others},
                   {"consents", std::move(consents)},
                   {"consent_texts", std::move(consent_texts)},
                   {"disclosures", std::move(disclosures)},
                   {"accesses", std::move(accesses)},
                   {"information",
                    {{"purposes", std::move(purposes)},
                     {"categories", std::move(held)},
                     {"recipients", std::move(recipients)},
                     {"sources", std::move(sources)}}}};
  if (!options.requested_by.empty()) pack.data["requested_by_parent"] = true;

  std::int64_t released = 0;
  std::int64_t withheld = 0;
  json redactions = json::array();
  std::map<std::string, const RedactionItem*> to_release;
  for (const auto& item : pack.items) {
    json r{
        {"id", item.id}, {"location", item.location}, {"field", item.field}, {"kind", item.kind}};
    if (item.decision) {
      r["decision"] = item.decision->release ? "released" : "withheld";
      r["reason"] = item.decision->reason;
      item.decision->release ? ++released : ++withheld;
      if (item.decision->release && options.final) to_release.emplace(Placeholder(item), &item);
    } else {
      r["decision"] = "undecided";
    }
    redactions.push_back(std::move(r));
  }
  if (options.final) {
    Release(pack.data, to_release);
    for (const auto& a : released_attachments) {
      CK_ASSIGN_OR_RETURN(std::string bytes, AttachmentBytes(t, a));
      pack.files.emplace_back("attachments/" + a.code + "-" + a.field.substr(0, 40),
                              std::move(bytes));
    }
  }
  pack.data["redactions"] = std::move(redactions);

  std::string detail =
      "records=" + std::to_string(rows.size()) + " items=" + std::to_string(pack.items.size()) +
      " released=" + std::to_string(released) + " withheld=" + std::to_string(withheld);
  if (subject.restricted) detail += " restricted=1";
  if (!options.requested_by.empty()) detail += " by_parent=1";
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    action,
                                    {subject.code},
                                    audit::IsCodeToken(actor.purpose) ? actor.purpose : "",
                                    "ok",
                                    detail},
                  internal::AuditMicros(clock_)));
  return pack;
}

Result<PortableData> RecordsService::ExportPortable(const Actor& actor, std::string_view code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "portability.export"));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(code));
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition,
                subject.code + " was erased: nothing about them can be read any more");
  }
  // Categories used for a purpose based on consent or contract, overall and by record type.
  auto portable_basis = [](const policy::Purpose& p) {
    return p.basis == policy::LawfulBasis::kConsent || p.basis == policy::LawfulBasis::kContract;
  };
  std::set<std::string> categories;
  for (const auto& p : policy_.purposes) {
    if (portable_basis(p)) categories.insert(p.categories.begin(), p.categories.end());
  }
  auto provided = [](const policy::Field* f, const std::set<std::string>& cats) {
    return f != nullptr && f->provided_by_subject && !f->third_party && cats.contains(f->category);
  };
  const policy::SubjectKind* kind = policy_.FindSubjectKind(subject.kind);
  bool erased = false;
  CK_ASSIGN_OR_RETURN(json own,
                      t.OpenFields(subject.code, FieldsAd("subject", subject.code, subject.version),
                                   subject.sealed, &erased));
  json fields = json::object();
  for (const auto& [fid, v] : own.items()) {
    if (provided(kind == nullptr ? nullptr : FindIn(kind->fields, fid), categories))
      fields[fid] = v;
  }
  json records = json::array();
  store::RecordFilter filter;
  filter.subject_id = subject.id;
  filter.limit = kPage;
  for (;;) {
    CK_ASSIGN_OR_RETURN(auto rows, t.tx().ListRecords(filter));
    if (rows.empty()) break;
    filter.after_id = rows.back().id;
    for (const auto& row : rows) {
      const policy::RecordType* type = policy_.FindRecordType(row.type);
      if (type == nullptr) continue;
      std::set<std::string> type_categories;
      for (const auto& pid : type->purposes) {
        const policy::Purpose* p = policy_.FindPurpose(pid);
        if (p != nullptr && portable_basis(*p)) {
          type_categories.insert(p->categories.begin(), p->categories.end());
        }
      }
      if (type_categories.empty()) continue;
      bool gone = false;
      CK_ASSIGN_OR_RETURN(
          json values,
          t.OpenFields(row.owner, FieldsAd("record", row.code, row.version), row.sealed, &gone));
      json kept = json::object();
      for (const auto& [fid, v] : values.items()) {
        if (provided(FindIn(type->fields, fid), type_categories)) kept[fid] = v;
      }
      if (kept.empty()) continue;
      records.push_back({{"code", row.code},
                         {"type", row.type},
                         {"occurred_on", row.occurred_on},
                         {"fields", std::move(kept)}});
    }
    if (static_cast<std::int64_t>(rows.size()) < kPage) break;
  }
  PortableData out;
  out.subject = subject.code;
  const std::size_t count = records.size();
  out.data = json{{"format", 1},
                  {"subject", subject.code},
                  {"generated_at", Timestamp(clock_.NowUnixSeconds())},
                  {"restricted", subject.restricted},
                  {"fields", std::move(fields)},
                  {"records", std::move(records)}};
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "portability.export",
                                    {subject.code},
                                    audit::IsCodeToken(actor.purpose) ? actor.purpose : "",
                                    "ok",
                                    "records=" + std::to_string(count)},
                  internal::AuditMicros(clock_)));
  return out;
}

}  // namespace casekeep::records
