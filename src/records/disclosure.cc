// The disclosure log (docs/sharing.md): recording a share with a recipient of the policy and
// building its package in one transaction, reading a person's disclosures, the recipients to
// tell of a correction, and the DPO's review of shares made without consent.
#include "records/disclosure.h"

#include <algorithm>
#include <set>

#include "access/fields.h"
#include "crypto/aead.h"
#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/consent.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::Txn;
using nlohmann::json;

constexpr std::size_t kDisclosureCodeSymbols = 8;
constexpr std::size_t kMaxJustificationBytes = 8192;
constexpr std::size_t kMaxShareRecords = 500;

std::string Purpose(const Actor& actor) {
  return audit::IsCodeToken(actor.purpose) ? actor.purpose : std::string();
}

std::string SealAd(std::string_view code) {
  return "disclosure:" + std::string(code);
}

std::optional<policy::ShareBasis> ParseBasis(std::string_view name) {
  for (auto b : {policy::ShareBasis::kConsent, policy::ShareBasis::kLegalObligation,
                 policy::ShareBasis::kVitalInterests, policy::ShareBasis::kSafeguarding,
                 policy::ShareBasis::kContract, policy::ShareBasis::kPublicTask}) {
    if (policy::ShareBasisName(b) == name) return b;
  }
  return std::nullopt;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::ranges::find(list, item) != list.end();
}

const std::vector<policy::Field>& KindFieldsOf(const policy::Policy& policy,
                                               std::string_view kind) {
  static const std::vector<policy::Field> kNone;
  const policy::SubjectKind* k = policy.FindSubjectKind(kind);
  return k == nullptr ? kNone : k->fields;
}

const std::vector<policy::Field>& TypeFieldsOf(const policy::Policy& policy,
                                               std::string_view type) {
  static const std::vector<policy::Field> kNone;
  const policy::RecordType* t = policy.FindRecordType(type);
  return t == nullptr ? kNone : t->fields;
}

std::set<std::string> Intersect(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> out;
  std::ranges::set_intersection(a, b, std::inserter(out, out.end()));
  return out;
}

}  // namespace

Result<std::vector<std::string>> DisclosedRecipients(store::Tx& tx, std::int64_t subject_id) {
  CK_ASSIGN_OR_RETURN(auto rows, tx.ListDisclosures(subject_id));
  std::set<std::string> recipients;
  for (const auto& row : rows) recipients.insert(row.recipient);
  return std::vector<std::string>(recipients.begin(), recipients.end());
}

Error RecordsService::RefuseShare(Txn& t, const Actor& actor, ErrorCode code,
                                  std::string_view reason, std::vector<std::string> objects,
                                  std::string message) {
  auto audited =
      t.Finish(audit::AuditEvent{actor.code, "disclosure.create", std::move(objects),
                                 Purpose(actor), "denied", "reason=" + std::string(reason)},
               internal::AuditMicros(clock_));
  if (!audited) return audited.error();
  return Error{code, std::move(message)};
}

Result<DisclosureView> RecordsService::DisclosureViewOf(Txn& t, const store::DisclosureRow& row) {
  DisclosureView v;
  v.code = row.code;
  CK_ASSIGN_OR_RETURN(auto subject, t.tx().GetSubject(row.subject_id));
  if (subject) v.subject = subject->code;
  v.case_code = row.case_code;
  v.recipient = row.recipient;
  if (const auto* r = policy_.FindRecipient(row.recipient)) v.recipient_name = r->name;
  v.basis = row.basis;
  v.consent = row.consent;
  v.without_consent = row.without_consent;
  v.records = Words(row.records);
  v.categories = Words(row.categories);
  v.shared_by = row.shared_by;
  v.approved_by = row.approved_by;
  v.at = row.at;
  v.reviewed_at = row.reviewed_at;
  v.reviewed_by = row.reviewed_by;
  if (!row.sealed.empty()) {
    CK_ASSIGN_OR_RETURN(auto opened, crypto::Open(vault_.session_key(), row.sealed,
                                                  crypto::AsBytes(SealAd(row.code))));
    const json text = json::parse(crypto::AsChars(opened), nullptr, false);
    if (text.is_object()) {
      v.justification = text.value("justification", "");
      v.note = text.value("note", "");
    }
  }
  return v;
}

Result<SharePackage> RecordsService::Share(const Actor& actor, const NewDisclosure& d) {
  // The request on its own: the policy's recipient, basis and categories.
  const policy::Recipient* recipient = policy_.FindRecipient(d.recipient);
  if (recipient == nullptr) {
    return InvalidArgument("\"" + d.recipient + "\" is not a recipient in the policy");
  }
  if (recipient->anonymised_only) {
    return InvalidArgument(recipient->name +
                           " receives only anonymised information and statistics, never a "
                           "person's data");
  }
  const auto basis = ParseBasis(d.basis);
  if (!basis || std::ranges::find(recipient->bases, *basis) == recipient->bases.end()) {
    std::string allowed;
    for (auto b : recipient->bases) {
      allowed += (allowed.empty() ? "" : ", ") + std::string(policy::ShareBasisName(b));
    }
    return InvalidArgument("the policy allows sharing with " + recipient->name + " only on " +
                           allowed + ", not \"" + d.basis + "\"");
  }
  const bool with_consent = *basis == policy::ShareBasis::kConsent;
  std::vector<std::string> categories = d.categories;
  if (categories.empty()) categories = recipient->categories;
  std::ranges::sort(categories);
  categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
  for (const auto& c : categories) {
    if (!Contains(recipient->categories, c)) {
      return InvalidArgument("the policy does not allow sharing \"" + c + "\" with " +
                             recipient->name);
    }
  }
  if (categories.empty()) {
    return InvalidArgument("the policy names no categories that may be shared with " +
                           recipient->name);
  }
  if (d.records.size() > kMaxShareRecords) {
    return InvalidArgument("a share holds at most " + std::to_string(kMaxShareRecords) +
                           " records");
  }
  if (d.justification.size() > kMaxJustificationBytes || d.note.size() > kMaxJustificationBytes) {
    return InvalidArgument("the justification and note are at most 8192 bytes each");
  }
  const policy::ConsentDef* consent = nullptr;
  if (with_consent) {
    for (const auto& c : policy_.consents) {
      if (c.id == d.consent) consent = &c;
    }
    if (consent == nullptr) {
      return InvalidArgument("a share on consent names the policy consent relied on (\"" +
                             d.consent + "\" is not one)");
    }
    if (actor.purpose.empty() || !Contains(consent->purposes, actor.purpose)) {
      return InvalidArgument("the consent \"" + consent->id +
                             "\" covers sharing only for its own purposes; declare one of them "
                             "as the purpose of this share");
    }
  } else {
    if (!d.consent.empty()) {
      return InvalidArgument("a consent is named only for a share on the basis \"consent\"");
    }
    const bool blank = std::ranges::all_of(
        d.justification, [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
    if (blank) {
      return InvalidArgument("sharing without the person's consent needs a written justification");
    }
  }

  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(d.subject));
  std::vector<std::string> objects{subject.code};
  std::optional<store::CaseRow> from_case;
  if (!d.case_code.empty()) {
    CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(d.case_code));
    CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(c.id));
    if (std::ranges::none_of(members, [&](const auto& m) { return m.subject_id == subject.id; })) {
      return InvalidArgument(subject.code + " is not a member of case " + c.code);
    }
    objects.push_back(c.code);
    from_case = std::move(c);
  }
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition,
                subject.code + " has been erased: there is nothing to share");
  }
  if (subject.restricted) {
    return std::unexpected(RefuseShare(
        t, actor, ErrorCode::kFailedPrecondition, "restricted", objects,
        "processing of " + subject.code + "'s data is restricted (Art 18): it cannot be shared"));
  }
  // The records: each about the person or from a case they are a member of.
  std::vector<store::RecordRow> rows;
  std::set<std::string> seen;
  for (const auto& code : d.records) {
    CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(code));
    if (!seen.insert(row.code).second) continue;
    bool about = row.subject_id == subject.id;
    if (!about && !row.subject_id && row.case_id) {
      CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(*row.case_id));
      about =
          std::ranges::any_of(members, [&](const auto& m) { return m.subject_id == subject.id; });
    }
    if (!about) {
      return InvalidArgument(row.code + " is not about " + subject.code +
                             ": only the person's own records are shared");
    }
    objects.push_back(row.code);
    rows.push_back(std::move(row));
  }
  // Consent in force, or a role allowed to share without it.
  bool has_approval =
      access::HasCapability(policy_, actor.principal, policy::Capability::kApproveDisclosures);
  if (with_consent) {
    CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListConsents(subject.id));
    const auto current = CurrentConsents(ledger);
    if (!current.contains(consent->id)) {
      return std::unexpected(RefuseShare(
          t, actor, ErrorCode::kFailedPrecondition, "no-consent", objects,
          subject.code + " has no consent \"" + consent->id + "\" in force: the share is refused"));
    }
  } else if (!actor.principal.local_admin &&
             std::ranges::none_of(actor.principal.roles, [&](const std::string& role) {
               return Contains(recipient->without_consent_roles, role);
             })) {
    return std::unexpected(RefuseShare(
        t, actor, ErrorCode::kPermissionDenied, "without-consent-role", objects,
        "none of your roles may share with " + recipient->name + " without the person's consent"));
  }
  // Who approved it: the sharer, if they may approve, or a named approver who may.
  std::string approved_by = actor.code;
  if (!d.approved_by.empty() && d.approved_by != actor.code) {
    CK_ASSIGN_OR_RETURN(auto approver, t.tx().FindUserByCode(d.approved_by));
    access::Principal p;
    if (approver && !approver->disabled) {
      p.code = approver->code;
      p.roles = approver->roles;
    }
    if (p.code.empty() ||
        !access::HasCapability(policy_, p, policy::Capability::kApproveDisclosures)) {
      return std::unexpected(
          RefuseShare(t, actor, ErrorCode::kPermissionDenied, "approver", objects,
                      "the approver must be a staff user whose role may approve disclosures"));
    }
    approved_by = approver->code;
    has_approval = true;
  }
  if (!has_approval) {
    return std::unexpected(
        RefuseShare(t, actor, ErrorCode::kPermissionDenied, "approval", objects,
                    "a disclosure is approved by someone whose role may approve disclosures: "
                    "name them as the approver"));
  }

  // What goes: the shared categories the actor may read, through the access decision.
  const std::set<std::string> shared(categories.begin(), categories.end());
  std::set<std::string> sent;
  SharePackage package;
  CK_ASSIGN_OR_RETURN(access::Decision sd, AuthoriseSubject(t, actor, access::Action::kRead,
                                                            subject, "disclosure.create"));
  {
    bool erased = false;
    CK_ASSIGN_OR_RETURN(
        json fields, t.OpenFields(subject.code, FieldsAd("subject", subject.code, subject.version),
                                  subject.sealed, &erased));
    const auto allowed = Intersect(shared, sd.categories);
    sent.insert(allowed.begin(), allowed.end());
    package.person = json{
        {"code", subject.code},
        {"kind", subject.kind},
        {"fields", access::VisibleFields(KindFieldsOf(policy_, subject.kind), fields, allowed)}};
  }
  for (const auto& row : rows) {
    CK_ASSIGN_OR_RETURN(access::Decision rd, AuthoriseRecord(t, actor, access::Action::kRead, row,
                                                             "disclosure.create", objects));
    bool erased = false;
    CK_ASSIGN_OR_RETURN(
        json fields,
        t.OpenFields(row.owner, FieldsAd("record", row.code, row.version), row.sealed, &erased));
    const auto allowed = Intersect(shared, rd.categories);
    sent.insert(allowed.begin(), allowed.end());
    std::string case_code;
    if (row.case_id) {
      CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(*row.case_id));
      if (c) case_code = c->code;
    }
    package.records.push_back(
        json{{"code", row.code},
             {"type", row.type},
             {"case", case_code},
             {"occurred_on", row.occurred_on},
             {"fields", access::VisibleFields(TypeFieldsOf(policy_, row.type), fields, allowed)}});
  }
  if (sent.empty()) {
    return std::unexpected(
        RefuseShare(t, actor, ErrorCode::kPermissionDenied, "nothing-readable", objects,
                    "you may read none of the categories this share would send"));
  }

  // The log entry, in the same transaction as the reading.
  store::DisclosureRow row;
  row.subject_id = subject.id;
  row.case_code = from_case ? from_case->code : std::string();
  row.recipient = recipient->id;
  row.basis = std::string(policy::ShareBasisName(*basis));
  row.consent = with_consent ? consent->id : std::string();
  row.without_consent = !with_consent;
  std::vector<std::string> record_codes;
  for (const auto& r : rows) record_codes.push_back(r.code);
  row.records = Join(record_codes);
  row.categories = Join(std::vector<std::string>(sent.begin(), sent.end()));
  row.shared_by = actor.code;
  row.approved_by = approved_by;
  row.at = clock_.NowUnixSeconds();
  const std::string secret = json{{"justification", d.justification}, {"note", d.note}}.dump();
  CK_ASSIGN_OR_RETURN(row.id, internal::InsertWithCode(
                                  row, crypto::kDisclosureCodePrefix, kDisclosureCodeSymbols,
                                  [&](store::DisclosureRow& r) -> Result<std::int64_t> {
                                    CK_ASSIGN_OR_RETURN(
                                        r.sealed,
                                        crypto::Seal(vault_.session_key(), crypto::AsBytes(secret),
                                                     crypto::AsBytes(SealAd(r.code))));
                                    return t.tx().InsertDisclosure(r);
                                  }));
  CK_ASSIGN_OR_RETURN(package.disclosure, DisclosureViewOf(t, row));
  objects.insert(objects.begin(), row.code);
  std::string detail = "recipient=" + row.recipient + " basis=" + row.basis +
                       " categories=" + std::to_string(sent.size()) +
                       " records=" + std::to_string(rows.size());
  if (row.without_consent) detail += " without-consent";
  if (!row.consent.empty()) detail += " consent=" + row.consent;
  if (approved_by != actor.code) objects.push_back(approved_by);
  CK_TRY(t.Finish(audit::AuditEvent{actor.code, "disclosure.create", std::move(objects),
                                    Purpose(actor), "ok", internal::DecisionDetail(sd, detail)},
                  internal::AuditMicros(clock_)));
  return package;
}

Result<std::vector<DisclosureView>> RecordsService::ListDisclosuresOf(const Actor& actor,
                                                                      std::string_view subject) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(subject));
  const bool oversees =
      access::HasCapability(policy_, actor.principal, policy::Capability::kApproveDisclosures) ||
      access::HasCapability(policy_, actor.principal, policy::Capability::kManageRequests);
  if (!oversees) {
    CK_TRY(AuthoriseSubject(t, actor, access::Action::kRead, row, "disclosure.list"));
  }
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ListDisclosures(row.id));
  std::vector<DisclosureView> out;
  for (const auto& r : rows) {
    CK_ASSIGN_OR_RETURN(auto v, DisclosureViewOf(t, r));
    out.push_back(std::move(v));
  }
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "disclosure.list",
                                    {row.code},
                                    Purpose(actor),
                                    "ok",
                                    "count=" + std::to_string(out.size())},
                  internal::AuditMicros(clock_)));
  return out;
}

Result<std::vector<std::string>> RecordsService::RecipientsToNotify(std::string_view subject) {
  CK_ASSIGN_OR_RETURN(std::string code, crypto::ParseCode(subject, crypto::kSubjectCodePrefix));
  CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  CK_ASSIGN_OR_RETURN(auto row, tx->FindSubject(code));
  if (!row) return NotFound("no person with code " + code);
  return DisclosedRecipients(*tx, row->id);
}

Result<std::vector<DisclosureView>> RecordsService::FlaggedDisclosures(const Actor& actor,
                                                                       std::string_view after,
                                                                       std::int64_t limit) {
  if (limit < 1 || limit > 1000) return InvalidArgument("a page holds 1 to 1000 disclosures");
  if (!access::HasCapability(policy_, actor.principal, policy::Capability::kManageRequests)) {
    CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisclosures, "disclosure.flagged"));
  }
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  std::int64_t after_id = 0;
  if (!after.empty()) {
    CK_ASSIGN_OR_RETURN(std::string code, crypto::ParseCode(after, crypto::kDisclosureCodePrefix));
    CK_ASSIGN_OR_RETURN(auto cursor, t.tx().FindDisclosure(code));
    if (!cursor) return NotFound("no disclosure " + code);
    after_id = cursor->id;
  }
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ScanDisclosures(after_id, limit, true));
  std::vector<DisclosureView> out;
  for (const auto& r : rows) {
    CK_ASSIGN_OR_RETURN(auto v, DisclosureViewOf(t, r));
    out.push_back(std::move(v));
  }
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "disclosure.flagged",
                                    {},
                                    Purpose(actor),
                                    "ok",
                                    "count=" + std::to_string(out.size())},
                  internal::AuditMicros(clock_)));
  return out;
}

Result<DisclosureView> RecordsService::ReviewDisclosure(const Actor& actor, std::string_view code) {
  if (!access::HasCapability(policy_, actor.principal, policy::Capability::kManageRequests)) {
    CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisclosures, "disclosure.review"));
  }
  CK_ASSIGN_OR_RETURN(std::string canonical,
                      crypto::ParseCode(code, crypto::kDisclosureCodePrefix));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(auto row, t.tx().FindDisclosure(canonical));
  if (!row) return NotFound("no disclosure " + canonical);
  if (!row->without_consent) {
    return Fail(ErrorCode::kFailedPrecondition,
                canonical + " was made with the person's consent: it is not flagged for review");
  }
  if (row->shared_by == actor.code) {
    return Fail(ErrorCode::kPermissionDenied,
                "a disclosure is reviewed by someone other than the person who made it");
  }
  if (row->reviewed_at) {
    return Fail(ErrorCode::kFailedPrecondition,
                canonical + " was already reviewed by " + row->reviewed_by);
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_TRY(t.tx().ReviewDisclosure(row->id, now, actor.code));
  row->reviewed_at = now;
  row->reviewed_by = actor.code;
  CK_ASSIGN_OR_RETURN(auto view, DisclosureViewOf(t, *row));
  CK_TRY(t.Finish(
      audit::AuditEvent{
          actor.code, "disclosure.review", {row->code, view.subject}, Purpose(actor), "ok", ""},
      now * 1'000'000));
  return view;
}

}  // namespace casekeep::records
