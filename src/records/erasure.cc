// Erasure (docs/rights.md, "Erasure"): each record in reach of a person is either erased or kept
// with its reasons; the person's key is destroyed, their blind indexes deleted and their row
// left as a tombstone, in one transaction between two lines of the erasure journal. Re-applying
// the journal (after a restore) erases again whoever it names.
#include "records/erasure.h"

#include <time.h>

#include <algorithm>
#include <map>
#include <set>

#include "crypto/aead_stream.h"
#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "policy/legal.h"
#include "records/disclosure.h"
#include "records/erasure_journal.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::Txn;

std::string UtcStamp(std::int64_t unix_seconds) {
  const time_t t = static_cast<time_t>(unix_seconds);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string JoinRoles(const std::set<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : ", ") + r;
  return out;
}

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

Result<std::string> ParseRequestCode(std::string_view code) {
  if (code.empty()) return std::string();
  auto parsed = crypto::ParseCode(code);
  if (!parsed || (*parsed)[0] != 'Q') {
    return InvalidArgument("a request code looks like Q-…; '" + std::string(code.substr(0, 40)) +
                           "' does not");
  }
  return *parsed;
}

}  // namespace

nlohmann::json ToJson(const ErasureOutcome& o) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& i : o.records) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : i.reasons) reasons.push_back({{"kind", r.kind}, {"text", r.text}});
    nlohmann::json j = {{"record", i.record}, {"type", i.type}, {"action", i.action}};
    if (!i.case_code.empty()) j["case"] = i.case_code;
    if (i.action == "kept") {
      j["reasons"] = reasons;
      j["may_mention_the_person"] = i.may_mention;
      j["moved_to_own_key"] = i.resealed;
    }
    records.push_back(std::move(j));
  }
  nlohmann::json j = {{"subject", o.subject},      {"dry_run", o.dry_run},
                      {"erased", o.erased},        {"kept", o.kept},
                      {"records", records},        {"keys_destroyed", o.keys_destroyed},
                      {"recipients", o.recipients}};
  if (!o.request.empty()) j["request"] = o.request;
  if (!o.erased_on.empty()) j["erased_on"] = o.erased_on;
  return j;
}

nlohmann::json ToJson(const ReapplyResult& r) {
  return {{"entries", r.entries},
          {"reapplied", r.reapplied},
          {"records_deleted", r.records_deleted},
          {"keys_destroyed", r.keys_destroyed}};
}

nlohmann::json ToJson(const JournalEntry& e) {
  nlohmann::json j = {{"seq", e.seq},         {"state", e.state},      {"at", e.at},
                      {"subject", e.subject}, {"keys", e.keys},        {"records", e.records},
                      {"kept", e.kept},       {"resealed", e.resealed}};
  if (!e.request.empty()) j["request"] = e.request;
  return j;
}

// ---------------------------------------------------------------------------------------------
// Shared with the retention sweep

Status RecordsService::RemoveRecord(Txn& t, const store::RecordRow& row,
                                    std::vector<std::string>* keys_destroyed) {
  CK_TRY(t.tx().DeleteRecord(row.id));
  auto destroy = [&](const std::string& owner) -> Status {
    auto destroyed = t.keys().DestroyOwnerKey(owner);
    if (destroyed) {
      keys_destroyed->push_back(owner);
      return {};
    }
    if (destroyed.error().code == ErrorCode::kNotFound) return {};
    return destroyed;
  };
  if (row.owner == row.code) {
    // A record with a key of its own (kept through an erasure): nothing else is under it.
    return destroy(row.owner);
  }
  // A closed case whose last record has gone keeps nothing under its key: destroy it.
  if (row.case_id && row.owner.starts_with(std::string(1, crypto::kCaseCodePrefix))) {
    CK_ASSIGN_OR_RETURN(auto rest, t.tx().ListCaseRecordIds(*row.case_id));
    CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(*row.case_id));
    if (rest.empty() && c && c->closed_on) return destroy(row.owner);
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Planning

Status RecordsService::ResealRecord(Txn& t, store::RecordRow row) {
  const std::string from = row.owner;
  bool erased = false;
  CK_ASSIGN_OR_RETURN(auto fields, t.OpenFields(from, FieldsAd("record", row.code, row.version),
                                                row.sealed, &erased));
  if (erased) {
    return Fail(ErrorCode::kDataLoss, row.code + " must be kept but its key is already gone");
  }
  // The earlier versions are sealed under the person's key: they go with it.
  CK_TRY(t.tx().DeleteRecordVersions(row.id));
  row.owner = row.code;
  row.version += 1;
  row.updated_at = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(row.sealed,
                      t.SealFields(row.owner, FieldsAd("record", row.code, row.version), fields));
  CK_TRY(t.tx().UpdateRecord(row));
  CK_ASSIGN_OR_RETURN(auto attachments, t.tx().ListAttachments(row.id));
  for (store::AttachmentRow a : attachments) {
    if (a.owner != from) continue;
    const std::string ad = "attachment:" + a.code;
    CK_ASSIGN_OR_RETURN(auto old_key, t.keys().DataKey(from, false));
    CK_ASSIGN_OR_RETURN(auto new_key, t.keys().DataKey(row.owner, true));
    CK_ASSIGN_OR_RETURN(auto chunks, t.tx().ReadAttachmentChunks(a.id));
    if (chunks.empty()) return Fail(ErrorCode::kDataLoss, a.code + " is empty");
    CK_ASSIGN_OR_RETURN(auto opener,
                        crypto::StreamOpener::Start(*old_key, chunks[0], crypto::AsBytes(ad)));
    CK_ASSIGN_OR_RETURN(auto sealer, crypto::StreamSealer::Start(*new_key, crypto::AsBytes(ad)));
    CK_TRY(t.tx().DeleteAttachment(a.id));
    a.owner = row.owner;
    CK_ASSIGN_OR_RETURN(a.id, t.tx().InsertAttachment(a));
    std::int64_t seq = 0;
    CK_TRY(t.tx().AppendAttachmentChunk(a.id, seq++, sealer.header()));
    for (std::size_t i = 1; i < chunks.size(); ++i) {
      CK_ASSIGN_OR_RETURN(auto plain, opener.Pull(chunks[i]));
      CK_ASSIGN_OR_RETURN(auto sealed,
                          opener.finished() ? sealer.Finish(plain) : sealer.Push(plain));
      CK_TRY(t.tx().AppendAttachmentChunk(a.id, seq++, sealed));
    }
    CK_TRY(opener.Finish());
    CK_TRY(t.tx().SetAttachmentSize(a.id, a.size));
  }
  return {};
}

Result<RecordsService::ErasurePlan> RecordsService::PlanErasure(Txn& t,
                                                                const store::SubjectRow& s) {
  ErasurePlan plan;
  plan.outcome.subject = s.code;
  const std::string today = TodayUk(clock_).ToString();
  // The other people of each of the person's cases, by role (erased members left out).
  std::map<std::int64_t, std::set<std::string>> others;  // case id -> roles
  std::map<std::int64_t, std::string> role_of;           // subject id -> role (any case)
  std::map<std::int64_t, store::RecordRow> rows;         // by id: every record in reach
  CK_ASSIGN_OR_RETURN(auto cases, t.tx().ListCasesOfSubject(s.id));
  for (const auto& m : cases) {
    others[m.case_id];
    CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(m.case_id));
    for (const auto& other : members) {
      if (other.subject_id == s.id) continue;
      CK_ASSIGN_OR_RETURN(auto row, t.tx().GetSubject(other.subject_id));
      if (!row || row->erased_at) continue;
      others[m.case_id].insert(other.role);
      role_of[other.subject_id] = other.role;
    }
    CK_ASSIGN_OR_RETURN(auto ids, t.tx().ListCaseRecordIds(m.case_id));
    for (std::int64_t id : ids) {
      CK_ASSIGN_OR_RETURN(auto row, t.tx().GetRecord(id));
      if (row) rows[id] = std::move(*row);
    }
  }
  CK_ASSIGN_OR_RETURN(auto own, t.tx().ListSubjectRecordIds(s.id));
  for (std::int64_t id : own) {
    if (rows.contains(id)) continue;
    CK_ASSIGN_OR_RETURN(auto row, t.tx().GetRecord(id));
    if (row) rows[id] = std::move(*row);
  }
  std::map<std::int64_t, std::int64_t> erased_in_case;  // case id -> records erased
  for (auto& [id, row] : rows) {
    ErasureItem item;
    item.record = row.code;
    item.type = row.type;
    std::optional<store::CaseRow> c;
    if (row.case_id) {
      CK_ASSIGN_OR_RETURN(c, t.tx().GetCase(*row.case_id));
      if (c) item.case_code = c->code;
    }
    const bool own_record = row.subject_id == s.id;
    if (row.subject_id && !own_record) {
      auto it = role_of.find(*row.subject_id);
      item.reasons.push_back(
          {"other_person",
           "about another person in the case: " +
               (it == role_of.end() ? std::string("a former member") : it->second)});
    } else if (!row.subject_id && row.case_id && !others[*row.case_id].empty()) {
      item.reasons.push_back({"shared", "a record of the whole case, which is also about: " +
                                            JoinRoles(others[*row.case_id])});
    }
    CK_ASSIGN_OR_RETURN(auto holds, HoldsCovering(t, row));
    for (const auto& h : holds) {
      item.reasons.push_back({"hold", "held by " + h.code + " (" + h.kind + ") on " + h.target});
    }
    CK_ASSIGN_OR_RETURN(auto state, EvaluateRecord(t, row, retention::Explain::kNo));
    const policy::RetentionRule* rule = state.outcome.rule;
    if (rule != nullptr && rule->indefinite) {
      item.reasons.push_back(
          {"retention", "retention rule " + rule->id + " keeps it with no end date (next review " +
                            state.dates.review_on.value_or("not set") + "): " + rule->reason});
    }
    if (const policy::RecordType* type = policy_.FindRecordType(row.type); type != nullptr) {
      const bool running = !state.dates.dispose_on || *state.dates.dispose_on > today;
      for (const auto& pid : type->purposes) {
        const policy::Purpose* p = policy_.FindPurpose(pid);
        if (p == nullptr || p->basis != policy::LawfulBasis::kLegalObligation || !running) continue;
        item.reasons.push_back(
            {"legal_obligation",
             "needed for a legal obligation (purpose " + p->id + ") until " +
                 state.dates.dispose_on.value_or("a date not yet known") +
                 (rule != nullptr ? " under retention rule " + rule->id + ": " + rule->reason
                                  : std::string())});
        break;
      }
    }
    if (item.reasons.empty()) {
      item.action = "erased";
      ++plan.outcome.erased;
      plan.erase.push_back(row);
      if (row.case_id) ++erased_in_case[*row.case_id];
    } else {
      item.action = "kept";
      ++plan.outcome.kept;
      item.may_mention = !own_record;
      if (row.owner == s.code) {
        item.resealed = true;
        plan.reseal.push_back(row);
      }
      if (own_record) plan.kept.push_back(row.code);
    }
    plan.outcome.records.push_back(std::move(item));
  }
  // The keys that go: the person's, and those of closed cases that lose their last record.
  CK_ASSIGN_OR_RETURN(auto own_key, t.tx().GetKey(s.code));
  if (own_key) plan.outcome.keys_destroyed.push_back(s.code);
  for (const auto& [case_id, n] : erased_in_case) {
    CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(case_id));
    CK_ASSIGN_OR_RETURN(auto ids, t.tx().ListCaseRecordIds(case_id));
    if (c && c->closed_on && static_cast<std::int64_t>(ids.size()) == n) {
      plan.outcome.keys_destroyed.push_back(c->code);
    }
  }
  // Art 19: the recipients come from the disclosure log.
  CK_ASSIGN_OR_RETURN(plan.outcome.recipients, DisclosedRecipients(t.tx(), s.id));
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Erasing

Result<ErasureOutcome> RecordsService::EraseSubject(const Actor& actor, std::string_view code,
                                                    const ErasureOptions& options) {
  const std::string action = options.dry_run ? "erasure.plan" : "erasure.run";
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, action));
  CK_ASSIGN_OR_RETURN(std::string request, ParseRequestCode(options.request));
  CK_ASSIGN_OR_RETURN(std::string subject_code,
                      crypto::ParseCode(code, crypto::kSubjectCodePrefix));
  CK_ASSIGN_OR_RETURN(Txn t, options.dry_run ? BeginRead() : Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow s, t.Subject(subject_code));
  if (s.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition, s.code + " was already erased on " +
                                                    UkDateAt(*s.erased_at).ToString() +
                                                    "; nothing of theirs is left to erase");
  }
  // The request answered must be in the register: an open erasure request of this person.
  CK_TRY(CheckOpenRequestOf(t, request, s.code, rights::RequestKind::kErasure));
  CK_ASSIGN_OR_RETURN(ErasurePlan plan, PlanErasure(t, s));
  plan.outcome.request = request;
  plan.outcome.dry_run = options.dry_run;
  std::vector<std::string> objects{s.code};
  if (!request.empty()) objects.push_back(request);
  auto detail = [&] {
    return "erased=" + std::to_string(plan.outcome.erased) +
           " kept=" + std::to_string(plan.outcome.kept) +
           " keys=" + std::to_string(plan.outcome.keys_destroyed.size());
  };
  if (options.dry_run) {
    CK_TRY(t.Finish(audit::AuditEvent{actor.code, action, objects, actor.purpose, "ok", detail()},
                    internal::AuditMicros(clock_)));
    return std::move(plan.outcome);
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  JournalEntry entry;
  entry.at = UtcStamp(now);
  entry.subject = s.code;
  entry.request = request;
  entry.keys = plan.outcome.keys_destroyed;
  for (const auto& r : plan.erase) entry.records.push_back(r.code);
  entry.kept = plan.kept;
  for (const auto& r : plan.reseal) entry.resealed.push_back(r.code);
  // The journal first ("intended"), then the store, then "done": a crash in between leaves an
  // intended erasure that re-applying the journal completes (docs/rights.md).
  if (!journal_path_.empty()) {
    entry.state = "intended";
    CK_TRY(AppendErasureJournal(journal_path_, vault_.audit_key(), entry));
  }
  auto apply = [&]() -> Status {
    for (const auto& row : plan.reseal) CK_TRY(ResealRecord(t, row));
    std::vector<std::string> keys;
    for (const auto& row : plan.erase) CK_TRY(RemoveRecord(t, row, &keys));
    CK_TRY(t.tx().DeleteBlindIndexes(s.id));
    CK_TRY(t.tx().MarkSubjectErased(s.id, now));
    auto destroyed = t.keys().DestroyOwnerKey(s.code);
    if (destroyed) {
      keys.insert(keys.begin(), s.code);
    } else if (destroyed.error().code != ErrorCode::kNotFound) {
      return destroyed;
    }
    plan.outcome.keys_destroyed = keys;
    plan.outcome.erased_on = UkDateAt(now).ToString();
    std::vector<std::string> noted;  // the request is among the objects already
    const auto erased = plan.outcome.erased;
    CK_TRY(NoteOnRequest(t, request, s.code, actor,
                         "Erasure carried out: " + std::to_string(erased) +
                             (erased == 1 ? " record" : " records") + " erased, " +
                             std::to_string(plan.outcome.kept) +
                             " kept (the reasons are in the erasure outcome).",
                         noted));
    return t.Finish(audit::AuditEvent{actor.code, action, objects, actor.purpose, "ok", detail()},
                    now * 1'000'000);
  };
  Status applied = apply();
  if (!journal_path_.empty()) {
    entry.state = applied ? "done" : "failed";
    entry.keys = plan.outcome.keys_destroyed;
    auto appended = AppendErasureJournal(journal_path_, vault_.audit_key(), entry);
    if (applied && !appended) return std::unexpected(appended.error());
  }
  if (!applied) return std::unexpected(applied.error());
  return std::move(plan.outcome);
}

Result<std::vector<JournalEntry>> RecordsService::GetErasureJournal(const Actor& actor) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "erasure.journal"));
  if (journal_path_.empty()) return std::vector<JournalEntry>{};
  CK_ASSIGN_OR_RETURN(auto entries, ReadErasureJournal(journal_path_, vault_.audit_key()));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "erasure.journal",
                                    {},
                                    actor.purpose,
                                    "ok",
                                    "entries=" + std::to_string(entries.size())},
                  internal::AuditMicros(clock_)));
  return entries;
}

Result<ReapplyResult> RecordsService::ReapplyErasures(const Actor& actor) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "erasure.reapply"));
  ReapplyResult result;
  std::vector<JournalEntry> entries;
  if (!journal_path_.empty()) {
    CK_ASSIGN_OR_RETURN(entries, ReadErasureJournal(journal_path_, vault_.audit_key()));
  }
  // The last word on each person: a failed erasure changed nothing; an intended one may have
  // committed; a done one did.
  std::map<std::string, JournalEntry> last;
  std::vector<std::string> order;
  for (auto& e : entries) {
    if (!last.contains(e.subject)) order.push_back(e.subject);
    last[e.subject] = std::move(e);
  }
  for (const auto& code : order) {
    const JournalEntry& e = last[code];
    if (e.state == "failed") continue;
    ++result.entries;
    CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
    CK_ASSIGN_OR_RETURN(auto s, t.tx().FindSubject(e.subject));
    if (!s) continue;  // the store predates the person
    std::vector<std::string> keys;
    std::int64_t deleted = 0;
    for (const auto& rc : e.resealed) {
      CK_ASSIGN_OR_RETURN(auto row, t.tx().FindRecord(rc));
      if (row && row->owner == s->code) CK_TRY(ResealRecord(t, *row));
    }
    for (const auto& rc : e.records) {
      CK_ASSIGN_OR_RETURN(auto row, t.tx().FindRecord(rc));
      if (!row) continue;
      CK_TRY(RemoveRecord(t, *row, &keys));
      ++deleted;
    }
    // A record about the person that the journal neither deleted nor kept (in an older store, or
    // disposed of before the erasure) goes too.
    CK_ASSIGN_OR_RETURN(auto ids, t.tx().ListSubjectRecordIds(s->id));
    for (std::int64_t id : ids) {
      CK_ASSIGN_OR_RETURN(auto row, t.tx().GetRecord(id));
      if (!row || Contains(e.kept, row->code)) continue;
      if (row->owner == s->code) CK_TRY(ResealRecord(t, *row));
      CK_ASSIGN_OR_RETURN(row, t.tx().GetRecord(id));
      CK_TRY(RemoveRecord(t, *row, &keys));
      ++deleted;
    }
    for (const auto& owner : e.keys) {
      if (Contains(keys, owner)) continue;
      auto destroyed = t.keys().DestroyOwnerKey(owner);
      if (destroyed) {
        keys.push_back(owner);
      } else if (destroyed.error().code != ErrorCode::kNotFound) {
        return std::unexpected(destroyed.error());
      }
    }
    if (auto destroyed = t.keys().DestroyOwnerKey(s->code); destroyed) {
      if (!Contains(keys, s->code)) keys.push_back(s->code);
    } else if (destroyed.error().code != ErrorCode::kNotFound) {
      return std::unexpected(destroyed.error());
    }
    const bool marked = !s->erased_at;
    if (marked) CK_TRY(t.tx().MarkSubjectErased(s->id, clock_.NowUnixSeconds()));
    CK_TRY(t.tx().DeleteBlindIndexes(s->id));
    if (!marked && keys.empty() && deleted == 0) continue;  // already erased: rolled back
    ++result.reapplied;
    result.records_deleted += deleted;
    result.keys_destroyed += static_cast<std::int64_t>(keys.size());
    CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                      "erasure.reapply",
                                      {s->code},
                                      actor.purpose,
                                      "ok",
                                      "journal_line=" + std::to_string(e.seq) +
                                          " records=" + std::to_string(deleted) +
                                          " keys=" + std::to_string(keys.size())},
                    internal::AuditMicros(clock_)));
  }
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "erasure.reapply",
                                    {},
                                    actor.purpose,
                                    "ok",
                                    "entries=" + std::to_string(result.entries) +
                                        " reapplied=" + std::to_string(result.reapplied)},
                  internal::AuditMicros(clock_)));
  return result;
}

}  // namespace casekeep::records
