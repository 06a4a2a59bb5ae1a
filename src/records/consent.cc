// The consent ledger: giving, withdrawing, reading and reporting consent (docs/consent.md), and
// the consent facts the access decision is given.
#include "records/consent.h"

#include <algorithm>
#include <tuple>

#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::Txn;

// How a withdrawal may be made, besides the consent methods themselves.
constexpr std::string_view kWithdrawalMethods[] = {
    "online_form", "verbal", "written", "parental", "email", "phone", "unsubscribe_link"};

const policy::ConsentDef* FindConsent(const policy::Policy& policy, std::string_view id) {
  for (const auto& c : policy.consents) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Result<const policy::ConsentDef*> KnownConsent(const policy::Policy& policy, std::string_view id) {
  const policy::ConsentDef* def = FindConsent(policy, id);
  if (def == nullptr) {
    std::string known;
    for (const auto& c : policy.consents) known += (known.empty() ? "" : ", ") + c.id;
    return InvalidArgument(
        "'" + std::string(id) + "' is not a consent in the policy" +
        (known.empty() ? std::string(" (it defines none)") : " (it defines: " + known + ")"));
  }
  return def;
}

std::string EntryAd(std::string_view subject, std::string_view consent, std::int64_t at) {
  return "consent:" + std::string(subject) + ":" + std::string(consent) + ":" + std::to_string(at);
}

ConsentEntryView EntryView(const store::ConsentRow& row, std::string_view subject,
                           std::string note) {
  ConsentEntryView v;
  v.id = row.id;
  v.subject = std::string(subject);
  v.consent = row.consent;
  v.event = row.event;
  v.at = row.at;
  v.recorded_at = row.recorded_at;
  v.method = row.method;
  v.explicit_consent = row.explicit_consent;
  v.notice_hash = row.notice_hash.empty() ? "" : crypto::ToHex(row.notice_hash);
  v.wording_hash = row.wording_hash.empty() ? "" : crypto::ToHex(row.wording_hash);
  v.recorded_by = row.recorded_by;
  v.given_by = row.given_by;
  v.evidence_attachment = row.evidence_attachment;
  v.note = std::move(note);
  return v;
}

// Seals the note, appends the entry and ends the transaction with its audit entry.
Result<ConsentEntryView> Append(Txn& t, const Actor& actor, const std::string& subject,
                                store::ConsentRow& row, const std::string& note,
                                std::string_view action, std::vector<std::string> objects,
                                std::string detail, const Clock& clock) {
  if (!note.empty()) {
    CK_ASSIGN_OR_RETURN(row.sealed, t.SealFields(subject, EntryAd(subject, row.consent, row.at),
                                                 nlohmann::json{{"note", note}}));
  }
  CK_ASSIGN_OR_RETURN(row.id, t.tx().InsertConsent(row));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code, std::string(action), std::move(objects),
                                    actor.purpose, "ok", std::move(detail)},
                  internal::AuditMicros(clock)));
  return EntryView(row, subject, note);
}

}  // namespace

Result<std::int64_t> CheckedTime(std::optional<std::int64_t> at, std::int64_t now,
                                 std::string_view what) {
  // Anything further ahead than this is a mistake, not a clock difference.
  constexpr std::int64_t kFutureSlackSeconds = 300;
  if (!at) return now;
  if (*at <= 0) return InvalidArgument("the time of " + std::string(what) + " must be after 1970");
  if (*at > now + kFutureSlackSeconds) {
    return InvalidArgument("the time of " + std::string(what) + " cannot be in the future");
  }
  return *at;
}

std::map<std::string, CurrentConsent> CurrentConsents(
    const std::vector<store::ConsentRow>& ledger) {
  std::map<std::string, std::pair<std::tuple<std::int64_t, std::int64_t>, CurrentConsent>> latest;
  for (const auto& row : ledger) {
    const auto key = std::make_tuple(row.at, row.id);
    auto it = latest.find(row.consent);
    if (it != latest.end() && it->second.first > key) continue;
    latest[row.consent] = {
        key,
        CurrentConsent{row.event == "given", row.event == "given" && row.explicit_consent, row.at}};
  }
  std::map<std::string, CurrentConsent> out;
  for (auto& [id, entry] : latest) out.emplace(id, entry.second);
  return out;
}

void ConsentedPurposes(const policy::Policy& policy, const std::vector<store::ConsentRow>& ledger,
                       std::set<std::string>* consented, std::set<std::string>* explicitly) {
  for (const auto& [id, current] : CurrentConsents(ledger)) {
    const policy::ConsentDef* def = FindConsent(policy, id);
    if (def == nullptr || !current.given) continue;
    for (const auto& p : def->purposes) {
      consented->insert(p);
      if (current.explicit_consent) explicitly->insert(p);
    }
  }
}

Status RecordsService::GatherConsent(Txn& t, const Actor& actor,
                                     const std::vector<std::int64_t>& subject_ids,
                                     access::Target* target) {
  if (!access::NeedsConsentFacts(policy_, actor.purpose)) return {};
  bool first = true;
  for (std::int64_t id : subject_ids) {
    CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListConsents(id));
    std::set<std::string> consented;
    std::set<std::string> explicitly;
    ConsentedPurposes(policy_, ledger, &consented, &explicitly);
    if (first) {
      target->consented = std::move(consented);
      target->explicitly_consented = std::move(explicitly);
      first = false;
      continue;
    }
    // Everyone the object is about must have consented.
    std::erase_if(target->consented, [&](const auto& p) { return !consented.contains(p); });
    std::erase_if(target->explicitly_consented,
                  [&](const auto& p) { return !explicitly.contains(p); });
  }
  return {};
}

Result<std::vector<std::int64_t>> RecordsService::CasePeople(Txn& t, std::int64_t case_id) {
  CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(case_id));
  std::vector<std::int64_t> people;
  for (const auto& m : members) {
    CK_ASSIGN_OR_RETURN(auto subject, t.tx().GetSubject(m.subject_id));
    if (!subject) continue;
    const policy::SubjectKind* kind = policy_.FindSubjectKind(subject->kind);
    if (kind != nullptr && kind->professional) continue;
    people.push_back(m.subject_id);
  }
  return people;
}

Result<store::Bytes> RecordsService::StoreNotice(Txn& t) {
  CK_ASSIGN_OR_RETURN(store::Bytes hash, crypto::FromHex(notice_hash_));
  CK_TRY(t.tx().PutText(store::TextRow{hash, "notice", notice_text_, clock_.NowUnixSeconds()}));
  return hash;
}

Result<access::Decision> RecordsService::AuthoriseConsent(Txn& t, const Actor& actor,
                                                          access::Action what,
                                                          const store::SubjectRow& row,
                                                          const policy::ConsentDef& def,
                                                          std::string_view action) {
  Actor acting = actor;
  if (acting.purpose.empty() && !def.purposes.empty()) acting.purpose = def.purposes.front();
  access::Request request;
  request.action = what;
  request.purpose = acting.purpose;
  request.break_glass_reason = acting.break_glass_reason;
  request.consent_change = true;
  request.target.kind = access::ObjectKind::kSubject;
  CK_ASSIGN_OR_RETURN(request.target.reach,
                      internal::ReachOfSubject(t.tx(), acting.principal, row.id));
  internal::SetTargetState(request.target, row);
  return Authorise(t, acting, request, action, {row.code});
}

Result<ConsentEntryView> RecordsService::GiveConsent(const Actor& actor, const NewConsent& c) {
  CK_ASSIGN_OR_RETURN(const policy::ConsentDef* def, KnownConsent(policy_, c.consent));
  const auto allowed = std::find_if(def->methods.begin(), def->methods.end(), [&](auto m) {
    return policy::ConsentMethodName(m) == c.method;
  });
  if (allowed == def->methods.end()) {
    std::string names;
    for (auto m : def->methods) {
      names += (names.empty() ? "" : ", ") + std::string(policy::ConsentMethodName(m));
    }
    return InvalidArgument("consent '" + def->id + "' cannot be given by '" + c.method +
                           "'; the policy allows: " + names);
  }
  const bool parental = c.method == policy::ConsentMethodName(policy::ConsentMethod::kParental);
  if (parental && c.given_by.empty()) {
    return InvalidArgument("a parental consent must say who gave it (given_by)");
  }
  if (!parental && !c.given_by.empty()) {
    return InvalidArgument("given_by is only for the method 'parental'");
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(const std::int64_t at, CheckedTime(c.at, now, "a consent"));

  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(c.subject));
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition, subject.code + " has been erased");
  }
  CK_ASSIGN_OR_RETURN(
      auto d, AuthoriseConsent(t, actor, access::Action::kWrite, subject, *def, "consent.give"));
  std::vector<std::string> objects{subject.code};
  store::ConsentRow row;
  if (parental) {
    CK_ASSIGN_OR_RETURN(store::SubjectRow parent, t.Subject(c.given_by));
    CK_ASSIGN_OR_RETURN(auto links, t.tx().ListRelationships(subject.id));
    const bool responsible = std::any_of(links.begin(), links.end(), [&](const auto& r) {
      return r.from_subject == parent.id && r.to_subject == subject.id &&
             (r.kind == "parent_of" || r.kind == "carer_of");
    });
    if (!responsible) {
      return Fail(ErrorCode::kFailedPrecondition,
                  parent.code + " is not recorded as a parent or carer of " + subject.code);
    }
    row.given_by = parent.code;
    objects.push_back(parent.code);
  }
  if (!c.evidence_attachment.empty()) {
    CK_ASSIGN_OR_RETURN(std::string code, crypto::ParseCode(c.evidence_attachment, 'A'));
    CK_ASSIGN_OR_RETURN(auto attachment, t.tx().FindAttachment(code));
    if (!attachment) return NotFound("no attachment with code " + code);
    CK_ASSIGN_OR_RETURN(auto record, t.tx().GetRecord(attachment->record_id));
    bool about = record && record->subject_id == subject.id;
    if (record && !about && record->case_id) {
      CK_ASSIGN_OR_RETURN(auto people, t.tx().ListCaseMembers(*record->case_id));
      about = std::any_of(people.begin(), people.end(),
                          [&](const auto& m) { return m.subject_id == subject.id; });
    }
    if (!about) {
      return InvalidArgument("attachment " + code + " is not on a record about " + subject.code);
    }
    row.evidence_attachment = code;
    objects.push_back(code);
  }
  row.subject_id = subject.id;
  row.consent = def->id;
  row.event = "given";
  row.at = at;
  row.recorded_at = now;
  row.method = c.method;
  row.explicit_consent = def->explicit_consent;
  CK_ASSIGN_OR_RETURN(row.notice_hash, StoreNotice(t));
  row.wording_hash = crypto::Sha256(crypto::AsBytes(def->text));
  CK_TRY(t.tx().PutText(store::TextRow{row.wording_hash, "consent", def->text, now}));
  row.recorded_by = actor.code;
  return Append(t, actor, subject.code, row, c.evidence_note, "consent.give", objects,
                internal::DecisionDetail(d, "consent=" + def->id + " method=" + c.method), clock_);
}

Result<ConsentEntryView> RecordsService::WithdrawConsent(const Actor& actor,
                                                         const ConsentWithdrawal& w) {
  CK_ASSIGN_OR_RETURN(const policy::ConsentDef* def, KnownConsent(policy_, w.consent));
  if (std::find(std::begin(kWithdrawalMethods), std::end(kWithdrawalMethods), w.method) ==
      std::end(kWithdrawalMethods)) {
    return InvalidArgument("'" + w.method +
                           "' is not a way of withdrawing consent (online_form, verbal, written, "
                           "parental, email, phone, unsubscribe_link)");
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(const std::int64_t at, CheckedTime(w.at, now, "a withdrawal"));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(w.subject));
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition, subject.code + " has been erased");
  }
  CK_ASSIGN_OR_RETURN(auto d, AuthoriseConsent(t, actor, access::Action::kWrite, subject, *def,
                                               "consent.withdraw"));
  CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListConsents(subject.id));
  const auto current = CurrentConsents(ledger);
  const auto it = current.find(def->id);
  if (it == current.end()) {
    return Fail(ErrorCode::kFailedPrecondition,
                subject.code + " has never given consent '" + def->id + "'");
  }
  if (!it->second.given) {
    return Fail(ErrorCode::kFailedPrecondition,
                subject.code + " has already withdrawn consent '" + def->id + "'");
  }
  if (at < it->second.since) {
    return InvalidArgument("a withdrawal cannot be dated before the consent it withdraws");
  }
  store::ConsentRow row;
  row.subject_id = subject.id;
  row.consent = def->id;
  row.event = "withdrawn";
  row.at = at;
  row.recorded_at = now;
  row.method = w.method;
  row.recorded_by = actor.code;
  return Append(t, actor, subject.code, row, w.note, "consent.withdraw", {subject.code},
                internal::DecisionDetail(d, "consent=" + def->id + " method=" + w.method), clock_);
}

Result<std::vector<ConsentStatusView>> RecordsService::ConsentStatus(const Actor& actor,
                                                                     std::string_view code) {
  CK_ASSIGN_OR_RETURN(ConsentHistory history, GetConsentHistory(actor, code));
  std::vector<store::ConsentRow> ledger;
  for (const auto& e : history.entries) {
    store::ConsentRow row;
    row.id = e.id;
    row.consent = e.consent;
    row.event = e.event;
    row.at = e.at;
    row.explicit_consent = e.explicit_consent;
    ledger.push_back(std::move(row));
  }
  const auto current = CurrentConsents(ledger);
  std::vector<ConsentStatusView> out;
  for (const auto& def : policy_.consents) {
    ConsentStatusView v;
    v.consent = def.id;
    v.label = def.label;
    v.purposes = def.purposes;
    v.state = "never";
    if (auto it = current.find(def.id); it != current.end()) {
      v.state = it->second.given ? "given" : "withdrawn";
      v.since = it->second.since;
      v.explicit_consent = it->second.explicit_consent;
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<ConsentHistory> RecordsService::ReadConsentLedger(Txn& t,
                                                         const store::SubjectRow& subject) {
  CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListConsents(subject.id));
  ConsentHistory history;
  history.subject = subject.code;
  std::set<std::string> seen;
  auto add_text = [&](const store::Bytes& hash) -> Status {
    if (hash.empty()) return {};
    std::string hex = crypto::ToHex(hash);
    if (!seen.insert(hex).second) return {};
    CK_ASSIGN_OR_RETURN(auto text, t.tx().GetText(hash));
    if (!text) return Fail(ErrorCode::kDataLoss, "the text " + hex + " is missing from the store");
    history.texts.push_back({hex, text->kind, text->text});
    return {};
  };
  for (const auto& row : ledger) {
    ConsentEntryView v = EntryView(row, subject.code, "");
    if (!row.sealed.empty()) {
      bool erased = false;
      CK_ASSIGN_OR_RETURN(auto note,
                          t.OpenFields(subject.code, EntryAd(subject.code, row.consent, row.at),
                                       row.sealed, &erased));
      if (!erased && note.contains("note") && note["note"].is_string()) {
        v.note = note["note"].get<std::string>();
      }
    }
    CK_TRY(add_text(row.notice_hash));
    CK_TRY(add_text(row.wording_hash));
    history.entries.push_back(std::move(v));
  }
  return history;
}

Result<ConsentHistory> RecordsService::GetConsentHistory(const Actor& actor,
                                                         std::string_view code) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(code));
  access::Request request;
  request.action = access::Action::kRead;
  request.purpose = actor.purpose;
  request.break_glass_reason = actor.break_glass_reason;
  request.consent_change = true;
  request.target.kind = access::ObjectKind::kSubject;
  CK_ASSIGN_OR_RETURN(request.target.reach,
                      internal::ReachOfSubject(t.tx(), actor.principal, subject.id));
  // The ledger of an erased person holds nothing personal: its notes cannot be opened.
  internal::SetTargetState(request.target, subject);
  if (subject.erased_at) request.target.state = access::SubjectState::kActive;
  CK_ASSIGN_OR_RETURN(auto d, Authorise(t, actor, request, "consent.read", {subject.code}));
  CK_ASSIGN_OR_RETURN(ConsentHistory history, ReadConsentLedger(t, subject));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "consent.read",
                                    {subject.code},
                                    actor.purpose,
                                    "ok",
                                    internal::DecisionDetail(d)},
                  internal::AuditMicros(clock_)));
  return history;
}

Result<ConsentReport> RecordsService::GetConsentReport(const Actor& actor) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "consent.report"));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  // The ledger in id order, grouped by person as it goes.
  std::map<std::int64_t, std::vector<store::ConsentRow>> by_person;
  ConsentReport report;
  std::int64_t after = 0;
  for (;;) {
    CK_ASSIGN_OR_RETURN(auto page, t.tx().ScanConsents(after, 1000));
    if (page.empty()) break;
    after = page.back().id;
    report.entries += static_cast<std::int64_t>(page.size());
    for (auto& row : page) {
      row.sealed.clear();
      by_person[row.subject_id].push_back(std::move(row));
    }
  }
  std::map<std::string, ConsentReport::Row> rows;
  std::map<std::string, std::int64_t> purposes;
  for (const auto& [person, ledger] : by_person) {
    for (const auto& [id, current] : CurrentConsents(ledger)) {
      auto& r = rows[id];
      (current.given ? r.given : r.withdrawn) += 1;
    }
    std::set<std::string> consented;
    std::set<std::string> explicitly;
    ConsentedPurposes(policy_, ledger, &consented, &explicitly);
    for (const auto& p : consented) purposes[p] += 1;
  }
  for (const auto& def : policy_.consents) {
    ConsentReport::Row r = rows[def.id];
    r.consent = def.id;
    r.label = def.label;
    report.consents.push_back(std::move(r));
  }
  for (const auto& p : policy_.purposes) {
    if (p.basis != policy::LawfulBasis::kConsent) continue;
    report.purposes.push_back({p.id, purposes[p.id]});
  }
  CK_TRY(t.Finish(audit::AuditEvent{actor.code, "consent.report", {}, actor.purpose, "ok", ""},
                  internal::AuditMicros(clock_)));
  return report;
}

Result<ConsentHistory::Text> RecordsService::GetText(std::string_view hash_hex) {
  CK_ASSIGN_OR_RETURN(store::Bytes hash, crypto::FromHex(hash_hex));
  if (hash.size() != 32) return InvalidArgument("a text hash is 64 hex digits");
  CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  CK_ASSIGN_OR_RETURN(auto text, tx->GetText(hash));
  if (!text) return NotFound("no text with hash " + crypto::ToHex(hash));
  return ConsentHistory::Text{crypto::ToHex(hash), text->kind, text->text};
}

}  // namespace casekeep::records
