// Retention in the records service (docs/retention.md): each record's dates kept up to date as
// its inputs change, holds, explanations, plans and their approval, and the sweep that disposes
// of what is due, one record per transaction so that it can be interrupted and run again.
#include "records/retention.h"

#include <algorithm>
#include <map>
#include <set>

#include "crypto/aead.h"
#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/service.h"
#include "records/writer.h"
#include "retention/engine.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::Txn;

constexpr char kHoldCodePrefix = 'H';
constexpr char kPlanCodePrefix = 'P';
constexpr std::string_view kMetaRetentionPolicy = "retention_policy";
constexpr std::int64_t kPage = 500;

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// What of the policy the stored dates depend on: when it changes, every date is worked out again.
std::string RetentionFingerprint(const policy::Policy& p) {
  auto period = [](const std::optional<policy::Period>& x) {
    return x ? std::to_string(x->years) + "y" + std::to_string(x->months) + "m" +
                   std::to_string(x->days) + "d"
             : std::string("-");
  };
  std::string out = "fy=" + std::to_string(p.settings.financial_year_end.month) + "-" +
                    std::to_string(p.settings.financial_year_end.day) + "\n";
  for (const auto& r : p.retention) {
    out += r.id + "|" + std::string(policy::TriggerName(r.from)) + "|" + r.from_field + "|" +
           period(r.period) + "|" + (r.indefinite ? "i" : "") + "|" + period(r.review) + "|" +
           std::to_string(r.priority) + "|";
    for (const auto& t : r.record_types) out += t + ",";
    out += "|";
    for (const auto* list : {&r.when.services, &r.when.any_flag, &r.when.all_flags, &r.when.no_flag,
                             &r.when.referral_source}) {
      for (const auto& x : *list) out += x + ",";
      out += ";";
    }
    for (const auto& [k, v] : r.when.field_equals) out += k + "=" + v + ",";
    for (const auto& part : r.partial) {
      out += "|partial:" + period(part.period) + ":";
      for (const auto& f : part.fields) out += f + ",";
    }
    out += "\n";
  }
  return crypto::ToHex(crypto::Sha256(crypto::AsBytes(out)));
}

bool UsesSubjectTrigger(const policy::Policy& p, std::string_view type) {
  for (const auto& r : p.retention) {
    if (!Contains(r.record_types, type)) continue;
    if (r.from == policy::Trigger::kDateOfBirth || r.from == policy::Trigger::kEmploymentEnded) {
      return true;
    }
  }
  return false;
}

// The fields a record's partial removals name, for knowing which have been done.
std::vector<std::string> PartialFields(const policy::Policy& p, std::string_view type) {
  std::vector<std::string> out;
  for (const auto& r : p.retention) {
    if (!Contains(r.record_types, type)) continue;
    for (const auto& part : r.partial)
      out.insert(out.end(), part.fields.begin(), part.fields.end());
  }
  return out;
}

std::optional<Date> DateOf(const nlohmann::json& fields, std::string_view id) {
  auto it = fields.find(std::string(id));
  if (it == fields.end() || !it->is_string()) return std::nullopt;
  const std::string text = it->get<std::string>();
  auto d = Date::Parse(text.substr(0, 10));
  return d ? std::optional<Date>(*d) : std::nullopt;
}

std::optional<Date> ParseOpt(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto d = Date::Parse(*text);
  return d ? std::optional<Date>(*d) : std::nullopt;
}

std::optional<std::string> Text(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(d->ToString()) : std::nullopt;
}

std::string FieldValue(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return "";
}

std::string HoldAd(std::string_view code, std::string_view what) {
  return "hold:" + std::string(code) + ":" + std::string(what);
}

Result<Date> ParseAsOf(std::string_view text) {
  auto d = Date::Parse(text);
  if (!d) return InvalidArgument("--as-of: " + d.error().message);
  return *d;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Dates

Result<RecordsService::RetentionState> RecordsService::EvaluateRecord(Txn& t,
                                                                      const store::RecordRow& row,
                                                                      retention::Explain explain) {
  retention::RecordFacts f;
  f.type = row.type;
  f.created = UkDateAt(row.created_at);
  f.case_record = row.case_id.has_value();
  f.financial_year_of = ParseOpt(row.occurred_on);
  f.last_review = ParseOpt(row.reviewed_on);
  if (row.case_id) {
    CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(*row.case_id));
    if (c) {
      f.service = c->service;
      f.referral_source = c->referral_source;
      f.flags = c->flags;
      f.case_opened = ParseOpt(c->opened_on);
      f.case_closed = ParseOpt(c->closed_on);
      f.last_contact = ParseOpt(c->last_contact_on);
      f.transfer_complete = ParseOpt(c->transferred_on);
    }
  }
  if (row.subject_id && UsesSubjectTrigger(policy_, row.type)) {
    CK_ASSIGN_OR_RETURN(auto s, t.tx().GetSubject(*row.subject_id));
    if (s && !s->erased_at) {
      bool erased = false;
      CK_ASSIGN_OR_RETURN(
          auto fields,
          t.OpenFields(s->code, FieldsAd("subject", s->code, s->version), s->sealed, &erased));
      f.date_of_birth = DateOf(fields, "date_of_birth");
      f.employment_ended = DateOf(fields, "employment_ended");
    }
  }
  RetentionState out;
  const auto referenced = retention::ReferencedFields(policy_, row.type);
  const auto partial_fields = PartialFields(policy_, row.type);
  if (!referenced.empty() || !partial_fields.empty()) {
    bool erased = false;
    CK_ASSIGN_OR_RETURN(
        out.fields,
        t.OpenFields(row.owner, FieldsAd("record", row.code, row.version), row.sealed, &erased));
    for (const auto& id : referenced) {
      if (out.fields.contains(id)) f.fields[id] = FieldValue(out.fields[id]);
    }
  }
  out.outcome = retention::Evaluate(policy_, f, explain);
  // A partial removal is pending while any of its fields is still there (a value or a file).
  std::set<std::string> attached;
  if (!partial_fields.empty()) {
    CK_ASSIGN_OR_RETURN(auto attachments, t.tx().ListAttachments(row.id));
    for (const auto& a : attachments) attached.insert(a.field);
  }
  out.dates.rule = out.outcome.rule != nullptr ? out.outcome.rule->id : "";
  out.dates.dispose_on = Text(out.outcome.dispose_on);
  out.dates.review_on = Text(out.outcome.review_on);
  out.dates.reviewed_on = row.reviewed_on;
  for (const auto& part : out.outcome.partial) {
    const bool pending = std::any_of(part.fields.begin(), part.fields.end(), [&](const auto& id) {
      return out.fields.contains(id) || attached.contains(id);
    });
    out.partial_done.push_back(!pending);
    if (pending && !out.dates.partial_on) out.dates.partial_on = part.on.ToString();
  }
  return out;
}

Result<bool> RecordsService::Redate(Txn& t, const store::RecordRow& row) {
  CK_ASSIGN_OR_RETURN(auto state, EvaluateRecord(t, row, retention::Explain::kNo));
  const store::RetentionDates& d = state.dates;
  if (d.rule == row.retention_rule && d.dispose_on == row.dispose_on &&
      d.review_on == row.review_on && d.partial_on == row.partial_on) {
    return false;
  }
  CK_TRY(t.tx().SetRecordRetention(row.id, d));
  return true;
}

Status RecordsService::RefreshRetention(Txn& t, const std::vector<std::int64_t>& record_ids) {
  for (std::int64_t id : record_ids) {
    CK_ASSIGN_OR_RETURN(auto row, t.tx().GetRecord(id));
    if (!row) continue;
    CK_TRY(Redate(t, *row));
  }
  return {};
}

Status RecordsService::RefreshCaseRetention(Txn& t, std::int64_t case_id) {
  CK_ASSIGN_OR_RETURN(auto ids, t.tx().ListCaseRecordIds(case_id));
  return RefreshRetention(t, ids);
}

Status RecordsService::EnsureRetentionCurrent(const Actor& actor,
                                              const RetentionProgress& progress) {
  CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
  CK_ASSIGN_OR_RETURN(auto stored, tx->GetMeta(kMetaRetentionPolicy));
  tx.reset();
  const std::string now = RetentionFingerprint(policy_);
  if (stored && crypto::AsChars(*stored) == now) return {};
  // Maintenance, not a disclosure: whoever's request finds the dates stale has them recomputed.
  CK_ASSIGN_OR_RETURN(auto n, RecomputeAll(actor, progress));
  (void)n;
  return {};
}

Result<std::int64_t> RecordsService::RecomputeRetention(const Actor& actor,
                                                        const RetentionProgress& progress) {
  CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.recompute"));
  return RecomputeAll(actor, progress);
}

Result<std::int64_t> RecordsService::RecomputeAll(const Actor& actor,
                                                  const RetentionProgress& progress) {
  std::int64_t total = 0;
  {
    CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
    CK_ASSIGN_OR_RETURN(total, tx->CountRecords());
  }
  std::int64_t after = 0;
  std::int64_t done = 0;
  std::int64_t changed = 0;
  for (;;) {
    CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
    store::RecordFilter filter;
    filter.after_id = after;
    filter.limit = kPage;
    CK_ASSIGN_OR_RETURN(auto page, t.tx().ListRecords(filter));
    const bool last = page.empty();
    for (const auto& row : page) {
      CK_ASSIGN_OR_RETURN(const bool moved, Redate(t, row));
      changed += moved ? 1 : 0;
      after = row.id;
    }
    done += static_cast<std::int64_t>(page.size());
    if (last) {
      const std::string fp = RetentionFingerprint(policy_);
      CK_TRY(t.tx().PutMeta(kMetaRetentionPolicy, store::Bytes(fp.begin(), fp.end())));
      CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                        "retention.recompute",
                                        {},
                                        actor.purpose,
                                        "ok",
                                        "records=" + std::to_string(done) +
                                            " changed=" + std::to_string(changed)},
                      internal::AuditMicros(clock_)));
      break;
    }
    CK_TRY(t.tx().Commit());
    if (progress) progress(done, total);
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------
// Holds

Result<HoldView> RecordsService::HoldViewOf(const store::HoldRow& row) {
  HoldView v;
  v.code = row.code;
  v.kind = row.kind;
  v.target = row.target;
  v.placed_by = row.placed_by;
  v.placed_at = row.placed_at;
  v.review_on = row.review_on;
  v.released_at = row.released_at;
  v.released_by = row.released_by;
  if (!row.reason.empty()) {
    CK_ASSIGN_OR_RETURN(auto text, crypto::Open(vault_.session_key(), row.reason,
                                                crypto::AsBytes(HoldAd(row.code, "reason"))));
    v.reason.assign(text.begin(), text.end());
  }
  if (!row.release_note.empty()) {
    CK_ASSIGN_OR_RETURN(auto text, crypto::Open(vault_.session_key(), row.release_note,
                                                crypto::AsBytes(HoldAd(row.code, "release"))));
    v.release_note.assign(text.begin(), text.end());
  }
  return v;
}

Result<HoldView> RecordsService::PlaceHold(const Actor& actor, const NewHold& h) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageHolds, "hold.place"));
  const policy::HoldKind* kind = policy_.FindHoldKind(h.kind);
  if (kind == nullptr) {
    std::string kinds;
    for (const auto& k : policy_.hold_kinds) kinds += (kinds.empty() ? "" : ", ") + k.id;
    return InvalidArgument("'" + h.kind +
                           "' is not a kind of hold in the policy (it has: " + kinds + ")");
  }
  if (h.reason.empty()) return InvalidArgument("a hold needs a reason");
  const Date today = TodayUk(clock_);
  Date review = today;
  if (!h.review_on.empty()) {
    auto d = Date::Parse(h.review_on);
    if (!d) return InvalidArgument("review date: " + d.error().message);
    if (*d <= today) return InvalidArgument("a hold's review date must be after today");
    review = *d;
  } else {
    CK_ASSIGN_OR_RETURN(
        review, retention::AddPeriod(today, kind->review.value_or(policy::Period{1, 0, 0})));
  }
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  // The target must exist: a person, a case or a record.
  CK_ASSIGN_OR_RETURN(std::string target, crypto::ParseCode(h.target));
  switch (target[0]) {
    case crypto::kSubjectCodePrefix: CK_TRY(t.Subject(target)); break;
    case crypto::kCaseCodePrefix: CK_TRY(t.Case(target)); break;
    case 'R': CK_TRY(t.Record(target)); break;
    default:
      return InvalidArgument("a hold is placed on a person (S-…), a case (C-…) or a record (R-…)");
  }
  store::HoldRow row;
  row.kind = kind->id;
  row.target = target;
  row.placed_by = actor.code;
  row.placed_at = clock_.NowUnixSeconds();
  row.review_on = review.ToString();
  CK_ASSIGN_OR_RETURN(
      row.id, internal::InsertWithCode(
                  row, kHoldCodePrefix, crypto::kDefaultCodeSymbols,
                  [&](store::HoldRow& r) -> Result<std::int64_t> {
                    CK_ASSIGN_OR_RETURN(
                        r.reason, crypto::Seal(vault_.session_key(), crypto::AsBytes(h.reason),
                                               crypto::AsBytes(HoldAd(r.code, "reason"))));
                    return t.tx().InsertHold(r);
                  }));
  CK_TRY(FinishHold(t, actor, "hold.place", row, "kind=" + row.kind));
  return HoldViewOf(row);
}

Status RecordsService::FinishHold(Txn& t, const Actor& actor, std::string_view action,
                                  const store::HoldRow& row, std::string detail) {
  return t.Finish(audit::AuditEvent{actor.code,
                                    std::string(action),
                                    {row.code, row.target},
                                    actor.purpose,
                                    "ok",
                                    std::move(detail)},
                  internal::AuditMicros(clock_));
}

Result<store::HoldRow> RecordsService::FindHoldRow(Txn& t, std::string_view code) {
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, kHoldCodePrefix));
  CK_ASSIGN_OR_RETURN(auto row, t.tx().FindHold(canonical));
  if (!row) return NotFound("no hold with code " + canonical);
  return std::move(*row);
}

Result<HoldView> RecordsService::ReleaseHold(const Actor& actor, std::string_view code,
                                             std::string_view note) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageHolds, "hold.release"));
  if (note.empty()) return InvalidArgument("say why the hold is released (a note)");
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::HoldRow row, FindHoldRow(t, code));
  if (row.released_at) {
    return Fail(ErrorCode::kFailedPrecondition, row.code + " was already released");
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(auto sealed, crypto::Seal(vault_.session_key(), crypto::AsBytes(note),
                                                crypto::AsBytes(HoldAd(row.code, "release"))));
  CK_TRY(t.tx().ReleaseHold(row.id, now, actor.code, sealed));
  row.released_at = now;
  row.released_by = actor.code;
  row.release_note = sealed;
  CK_TRY(FinishHold(t, actor, "hold.release", row, "kind=" + row.kind));
  return HoldViewOf(row);
}

Result<HoldView> RecordsService::ReviewHold(const Actor& actor, std::string_view code,
                                            std::string_view next_review_on) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageHolds, "hold.review"));
  auto next = Date::Parse(next_review_on);
  if (!next) return InvalidArgument("next review date: " + next.error().message);
  if (*next <= TodayUk(clock_)) return InvalidArgument("the next review must be after today");
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::HoldRow row, FindHoldRow(t, code));
  if (row.released_at) {
    return Fail(ErrorCode::kFailedPrecondition, row.code + " was released; nothing to review");
  }
  row.review_on = next->ToString();
  CK_TRY(t.tx().SetHoldReview(row.id, *row.review_on));
  CK_TRY(FinishHold(t, actor, "hold.review", row, "next=" + *row.review_on));
  return HoldViewOf(row);
}

Result<std::vector<HoldView>> RecordsService::ListHolds(const Actor& actor, bool active_only) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageHolds, "hold.list"));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  std::vector<HoldView> out;
  std::int64_t after = 0;
  for (;;) {
    CK_ASSIGN_OR_RETURN(auto page, t.tx().ListHolds(after, kPage, active_only));
    if (page.empty()) break;
    after = page.back().id;
    for (const auto& row : page) {
      CK_ASSIGN_OR_RETURN(auto v, HoldViewOf(row));
      out.push_back(std::move(v));
    }
  }
  CK_TRY(t.Finish(
      audit::AuditEvent{
          actor.code, "hold.list", {}, actor.purpose, "ok", "holds=" + std::to_string(out.size())},
      internal::AuditMicros(clock_)));
  return out;
}

Result<std::vector<store::HoldRow>> RecordsService::HoldsCovering(Txn& t,
                                                                  const store::RecordRow& row) {
  std::vector<std::string> targets{row.code};
  if (row.case_id) {
    CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(*row.case_id));
    if (c) targets.push_back(c->code);
    // A hold on a person covers the records of every case they are a member of.
    CK_ASSIGN_OR_RETURN(auto members, t.tx().ListCaseMembers(*row.case_id));
    for (const auto& m : members) {
      CK_ASSIGN_OR_RETURN(auto s, t.tx().GetSubject(m.subject_id));
      if (s) targets.push_back(s->code);
    }
  }
  if (row.subject_id) {
    CK_ASSIGN_OR_RETURN(auto s, t.tx().GetSubject(*row.subject_id));
    if (s && !Contains(targets, s->code)) targets.push_back(s->code);
  }
  return t.tx().ListActiveHoldsOn(targets);
}

// ---------------------------------------------------------------------------------------------
// Explaining, reviewing

Result<RetentionExplanation> RecordsService::ExplainRetention(const Actor& actor,
                                                              std::string_view code) {
  if (!access::HasCapability(policy_, actor.principal, policy::Capability::kManageHolds)) {
    CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.explain"));
  }
  CK_TRY(EnsureRetentionCurrent(actor, nullptr));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(code));
  CK_ASSIGN_OR_RETURN(auto state, EvaluateRecord(t, row, retention::Explain::kYes));
  RetentionExplanation e;
  e.record = row.code;
  e.type = row.type;
  e.status = std::string(retention::StatusName(state.outcome.status));
  if (state.outcome.rule != nullptr) {
    e.rule = state.outcome.rule->id;
    e.rule_label = state.outcome.rule->label;
    e.reason = state.outcome.rule->reason;
  }
  e.trigger = Text(state.outcome.trigger);
  e.dispose_on = state.dates.dispose_on;
  e.review_on = state.dates.review_on;
  for (std::size_t i = 0; i < state.outcome.partial.size(); ++i) {
    const auto& p = state.outcome.partial[i];
    e.partial.push_back({p.fields, p.on.ToString(), state.partial_done[i]});
  }
  e.explanation = state.outcome.explanation;
  CK_ASSIGN_OR_RETURN(auto holds, HoldsCovering(t, row));
  for (const auto& h : holds) {
    CK_ASSIGN_OR_RETURN(auto v, HoldViewOf(h));
    e.explanation.push_back("Disposal is suspended by hold " + h.code + " (" + h.kind + ") on " +
                            h.target + ".");
    e.holds.push_back(std::move(v));
  }
  CK_TRY(t.Finish(
      audit::AuditEvent{actor.code, "retention.explain", {row.code}, actor.purpose, "ok", ""},
      internal::AuditMicros(clock_)));
  return e;
}

Result<RetentionExplanation> RecordsService::ReviewRecord(const Actor& actor,
                                                          std::string_view code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.review"));
  {
    CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
    CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(code));
    CK_ASSIGN_OR_RETURN(auto state, EvaluateRecord(t, row, retention::Explain::kNo));
    if (state.outcome.status != retention::Status::kReview) {
      return Fail(ErrorCode::kFailedPrecondition,
                  row.code + " is not kept indefinitely, so it has no review");
    }
    row.reviewed_on = TodayUk(clock_).ToString();
    CK_ASSIGN_OR_RETURN(state, EvaluateRecord(t, row, retention::Explain::kNo));
    CK_TRY(t.tx().SetRecordRetention(row.id, state.dates));
    CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                      "retention.review",
                                      {row.code},
                                      actor.purpose,
                                      "ok",
                                      "next=" + state.dates.review_on.value_or("")},
                    internal::AuditMicros(clock_)));
  }
  return ExplainRetention(actor, code);
}

Result<ReviewQueue> RecordsService::RetentionReviewQueue(const Actor& actor,
                                                         std::string_view as_of) {
  if (!access::HasCapability(policy_, actor.principal, policy::Capability::kManageHolds)) {
    CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.reviews"));
  }
  CK_ASSIGN_OR_RETURN(Date until, ParseAsOf(as_of));
  CK_TRY(EnsureRetentionCurrent(actor, nullptr));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  ReviewQueue q;
  std::int64_t after = 0;
  for (;;) {
    CK_ASSIGN_OR_RETURN(
        auto page, t.tx().ListRecordsDue(store::DueKind::kReview, until.ToString(), after, kPage));
    if (page.empty()) break;
    after = page.back().id;
    for (const auto& row : page) {
      q.records.push_back({row.code, row.type, row.retention_rule, row.review_on.value_or("")});
    }
  }
  after = 0;
  for (;;) {
    CK_ASSIGN_OR_RETURN(auto page, t.tx().ListHolds(after, kPage, true));
    if (page.empty()) break;
    after = page.back().id;
    for (const auto& h : page) {
      if (h.review_on && *h.review_on <= until.ToString()) {
        CK_ASSIGN_OR_RETURN(auto v, HoldViewOf(h));
        q.holds.push_back(std::move(v));
      }
    }
  }
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "retention.reviews",
                                    {},
                                    actor.purpose,
                                    "ok",
                                    "as_of=" + until.ToString() +
                                        " records=" + std::to_string(q.records.size()) +
                                        " holds=" + std::to_string(q.holds.size())},
                  internal::AuditMicros(clock_)));
  return q;
}

// ---------------------------------------------------------------------------------------------
// Plans and sweeps

Result<std::vector<PlanItem>> RecordsService::DueItems(Txn& t, Date as_of) {
  std::map<std::int64_t, PlanItem> items;  // by record id: one item per record
  for (store::DueKind kind : {store::DueKind::kDispose, store::DueKind::kPartial}) {
    std::int64_t after = 0;
    for (;;) {
      CK_ASSIGN_OR_RETURN(auto page, t.tx().ListRecordsDue(kind, as_of.ToString(), after, kPage));
      if (page.empty()) break;
      after = page.back().id;
      for (const auto& row : page) {
        PlanItem item;
        item.record = row.code;
        item.type = row.type;
        item.rule = row.retention_rule;
        if (kind == store::DueKind::kDispose) {
          item.action = "dispose";
          item.due_on = row.dispose_on.value_or("");
          items[row.id] = item;  // a whole disposal supersedes a partial one
          continue;
        }
        if (items.contains(row.id)) continue;
        CK_ASSIGN_OR_RETURN(auto state, EvaluateRecord(t, row, retention::Explain::kNo));
        std::vector<std::string> fields;
        for (std::size_t i = 0; i < state.outcome.partial.size(); ++i) {
          const auto& p = state.outcome.partial[i];
          if (state.partial_done[i] || p.on > as_of) continue;
          fields.insert(fields.end(), p.fields.begin(), p.fields.end());
          if (item.due_on.empty()) item.due_on = p.on.ToString();
        }
        if (fields.empty()) continue;
        item.action = "partial:";
        for (std::size_t i = 0; i < fields.size(); ++i) {
          item.action += (i > 0 ? "," : "") + fields[i];
        }
        items[row.id] = item;
      }
    }
  }
  std::vector<PlanItem> out;
  for (auto& [id, item] : items) {
    for (const auto& rule : policy_.retention) {
      if (rule.id == item.rule) item.reason = rule.reason;
    }
    CK_ASSIGN_OR_RETURN(auto row, t.tx().GetRecord(id));
    if (!row) continue;
    CK_ASSIGN_OR_RETURN(auto holds, HoldsCovering(t, *row));
    for (const auto& h : holds) item.held_by.push_back(h.code);
    out.push_back(std::move(item));
  }
  return out;
}

Status RecordsService::CheckAsOf(Date as_of) {
  const Date today = TodayUk(clock_);
  const auto ahead = DaysBetween(today, as_of);
  if (ahead > policy_.settings.sweep_max_future_days) {
    return InvalidArgument("the date " + as_of.ToString() + " is " + std::to_string(ahead) +
                           " days ahead; a retention plan may look at most " +
                           std::to_string(policy_.settings.sweep_max_future_days) +
                           " days ahead (settings.sweep_max_future_days)");
  }
  return {};
}

Result<RetentionPlan> RecordsService::PlanRetention(const Actor& actor, std::string_view as_of,
                                                    bool store_for_approval) {
  CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.plan"));
  CK_ASSIGN_OR_RETURN(Date day, ParseAsOf(as_of));
  CK_TRY(CheckAsOf(day));
  CK_TRY(EnsureRetentionCurrent(actor, nullptr));
  CK_ASSIGN_OR_RETURN(Txn t, store_for_approval ? Txn::Begin(store_, vault_, true) : BeginRead());
  RetentionPlan plan;
  plan.as_of = day.ToString();
  plan.created_by = actor.code;
  CK_ASSIGN_OR_RETURN(auto items, DueItems(t, day));
  for (auto& item : items) (item.held_by.empty() ? plan.due : plan.held).push_back(std::move(item));
  std::vector<std::string> objects;
  if (store_for_approval) {
    store::PlanRow row;
    row.as_of = plan.as_of;
    row.created_by = actor.code;
    row.created_at = clock_.NowUnixSeconds();
    for (const auto& item : plan.due) {
      row.items += item.record + " " + item.action + " " + item.due_on + " " + item.rule + "\n";
    }
    row.item_count = static_cast<std::int64_t>(plan.due.size());
    CK_TRY(internal::InsertWithCode(row, kPlanCodePrefix, crypto::kDefaultCodeSymbols,
                                    [&](store::PlanRow& r) { return t.tx().InsertPlan(r); }));
    plan.code = row.code;
    objects.push_back(row.code);
  }
  CK_TRY(
      t.Finish(audit::AuditEvent{actor.code, "retention.plan", objects, actor.purpose, "ok",
                                 "as_of=" + plan.as_of + " due=" + std::to_string(plan.due.size()) +
                                     " held=" + std::to_string(plan.held.size())},
               internal::AuditMicros(clock_)));
  return plan;
}

namespace {

Result<std::vector<PlanItem>> ParseItems(const std::string& text) {
  std::vector<PlanItem> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    PlanItem item;
    std::size_t a = line.find(' ');
    std::size_t b = a == std::string::npos ? a : line.find(' ', a + 1);
    std::size_t c = b == std::string::npos ? b : line.find(' ', b + 1);
    if (c == std::string::npos) return Fail(ErrorCode::kDataLoss, "a stored plan is damaged");
    item.record = line.substr(0, a);
    item.action = line.substr(a + 1, b - a - 1);
    item.due_on = line.substr(b + 1, c - b - 1);
    item.rule = line.substr(c + 1);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<RetentionPlan> RecordsService::GetPlan(const Actor& actor, std::string_view code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.plan.read"));
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, kPlanCodePrefix));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(auto row, t.tx().FindPlan(canonical));
  if (!row) return NotFound("no retention plan with code " + canonical);
  RetentionPlan plan;
  plan.code = row->code;
  plan.as_of = row->as_of;
  plan.created_by = row->created_by;
  plan.approved_by = row->approved_by;
  plan.executed = row->executed_at.has_value();
  CK_ASSIGN_OR_RETURN(plan.due, ParseItems(row->items));
  for (auto& item : plan.due) {
    CK_ASSIGN_OR_RETURN(auto rec, t.tx().FindRecord(item.record));
    if (rec) item.type = rec->type;
  }
  CK_TRY(t.Finish(
      audit::AuditEvent{actor.code, "retention.plan.read", {row->code}, actor.purpose, "ok", ""},
      internal::AuditMicros(clock_)));
  return plan;
}

Status RecordsService::ApproveRetentionPlan(const Actor& actor, std::string_view code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.approve"));
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, kPlanCodePrefix));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(auto row, t.tx().FindPlan(canonical));
  if (!row) return NotFound("no retention plan with code " + canonical);
  if (!row->approved_by.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                row->code + " was already approved by " + row->approved_by);
  }
  if (row->created_by == actor.code && !actor.principal.local_admin) {
    return Fail(ErrorCode::kPermissionDenied,
                "a plan is approved by someone other than the person who made it");
  }
  CK_TRY(t.tx().ApprovePlan(row->id, actor.code, clock_.NowUnixSeconds()));
  return t.Finish(audit::AuditEvent{actor.code,
                                    "retention.approve",
                                    {row->code},
                                    actor.purpose,
                                    "ok",
                                    "items=" + std::to_string(row->item_count)},
                  internal::AuditMicros(clock_));
}

Status RecordsService::CheckReadable(const std::vector<PlanItem>& items) {
  // Before anything goes: every record to be touched must open, or nothing is disposed.
  for (std::size_t i = 0; i < items.size(); i += kPage) {
    CK_ASSIGN_OR_RETURN(auto tx, Txn::Begin(store_, vault_, false));
    for (std::size_t j = i; j < std::min(items.size(), i + kPage); ++j) {
      auto row = tx.tx().FindRecord(items[j].record);
      if (!row) {
        return Fail(ErrorCode::kDataLoss, "the store could not be read at " + items[j].record +
                                              " (" + row.error().message +
                                              "); nothing was disposed");
      }
      if (!*row) continue;  // already disposed of by an earlier, interrupted run
      bool erased = false;
      auto fields = tx.OpenFields((*row)->owner, FieldsAd("record", (*row)->code, (*row)->version),
                                  (*row)->sealed, &erased);
      if (!fields) {
        return Fail(ErrorCode::kDataLoss, "record " + items[j].record + " cannot be read (" +
                                              fields.error().message + "); nothing was disposed");
      }
    }
  }
  return {};
}

Result<bool> RecordsService::DisposeItem(const Actor& actor, const PlanItem& item, Date as_of,
                                         const std::string& approved_by,
                                         const std::string& plan_code, SweepResult* result) {
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(auto found, t.tx().FindRecord(item.record));
  if (!found) return false;  // disposed of by an earlier run
  store::RecordRow row = std::move(*found);
  // Still due, by today's facts, and not held since the plan was made?
  CK_ASSIGN_OR_RETURN(auto state, EvaluateRecord(t, row, retention::Explain::kNo));
  CK_ASSIGN_OR_RETURN(auto holds, HoldsCovering(t, row));
  if (!holds.empty()) return false;
  const std::int64_t now = clock_.NowUnixSeconds();
  store::DisposalRow log;
  log.at = now;
  log.code = row.code;
  log.record_type = row.type;
  log.rule = state.dates.rule;
  log.approved_by = approved_by;
  log.plan = plan_code;
  std::vector<std::string> objects{row.code};
  if (item.action == "dispose") {
    if (!state.dates.dispose_on || *state.dates.dispose_on > as_of.ToString()) return false;
    log.due_on = *state.dates.dispose_on;
    log.action = "disposed";
    std::vector<std::string> keys;
    CK_TRY(RemoveRecord(t, row, &keys));
    result->keys_destroyed += static_cast<std::int64_t>(keys.size());
    objects.insert(objects.end(), keys.begin(), keys.end());
    ++result->disposed;
  } else {
    std::vector<std::string> fields;
    for (std::size_t i = 0; i < state.outcome.partial.size(); ++i) {
      const auto& p = state.outcome.partial[i];
      if (state.partial_done[i] || p.on > as_of) continue;
      fields.insert(fields.end(), p.fields.begin(), p.fields.end());
      if (log.due_on.empty()) log.due_on = p.on.ToString();
    }
    if (fields.empty()) return false;
    nlohmann::json kept = state.fields;
    for (const auto& f : fields) kept.erase(f);
    CK_ASSIGN_OR_RETURN(auto attachments, t.tx().ListAttachments(row.id));
    for (const auto& a : attachments) {
      if (Contains(fields, a.field)) CK_TRY(t.tx().DeleteAttachment(a.id));
    }
    // The earlier versions hold the removed fields too: they go, and the record is sealed
    // afresh as a new version without them.
    CK_TRY(t.tx().DeleteRecordVersions(row.id));
    row.version += 1;
    row.updated_at = now;
    CK_ASSIGN_OR_RETURN(row.sealed,
                        t.SealFields(row.owner, FieldsAd("record", row.code, row.version), kept));
    CK_TRY(t.tx().UpdateRecord(row));
    CK_TRY(RefreshRetention(t, {row.id}));
    log.action = "partial:";
    for (std::size_t i = 0; i < fields.size(); ++i) log.action += (i > 0 ? "," : "") + fields[i];
    ++result->partial;
  }
  CK_TRY(t.tx().InsertDisposal(log));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code, "retention.dispose", objects, actor.purpose, "ok",
                                    "rule=" + log.rule + " due=" + log.due_on +
                                        (log.action == "disposed" ? "" : " " + log.action)},
                  now * 1'000'000));
  return true;
}

Result<SweepResult> RecordsService::RunItems(const Actor& actor, const std::vector<PlanItem>& items,
                                             Date as_of, const std::string& approved_by,
                                             const std::string& plan_code,
                                             const RetentionProgress& progress) {
  CK_TRY(CheckReadable(items));
  SweepResult result;
  std::int64_t done = 0;
  for (const auto& item : items) {
    CK_ASSIGN_OR_RETURN(bool did, DisposeItem(actor, item, as_of, approved_by, plan_code, &result));
    if (!did) ++result.skipped;
    ++done;
    if (progress) progress(done, static_cast<std::int64_t>(items.size()));
  }
  return result;
}

Result<SweepResult> RecordsService::ExecuteRetentionPlan(const Actor& actor, std::string_view code,
                                                         const RetentionProgress& progress) {
  CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.sweep"));
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, kPlanCodePrefix));
  store::PlanRow plan;
  {
    CK_ASSIGN_OR_RETURN(auto tx, store_.BeginRead());
    CK_ASSIGN_OR_RETURN(auto row, tx->FindPlan(canonical));
    if (!row) return NotFound("no retention plan with code " + canonical);
    plan = std::move(*row);
  }
  if (plan.approved_by.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                plan.code + " has not been approved: a plan is approved before it is carried out");
  }
  if (plan.executed_at) {
    return Fail(ErrorCode::kFailedPrecondition, plan.code + " has already been carried out");
  }
  CK_ASSIGN_OR_RETURN(Date as_of, ParseAsOf(plan.as_of));
  CK_ASSIGN_OR_RETURN(auto items, ParseItems(plan.items));
  CK_ASSIGN_OR_RETURN(auto result,
                      RunItems(actor, items, as_of, plan.approved_by, plan.code, progress));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_TRY(t.tx().MarkPlanExecuted(plan.id, clock_.NowUnixSeconds()));
  CK_TRY(t.Finish(
      audit::AuditEvent{
          actor.code, "retention.sweep", {plan.code}, actor.purpose, "ok", SweepDetail(result)},
      internal::AuditMicros(clock_)));
  return result;
}

std::string RecordsService::SweepDetail(const SweepResult& r) {
  return "disposed=" + std::to_string(r.disposed) + " partial=" + std::to_string(r.partial) +
         " skipped=" + std::to_string(r.skipped) + " keys=" + std::to_string(r.keys_destroyed);
}

Result<SweepResult> RecordsService::Sweep(const Actor& actor, std::string_view as_of, bool execute,
                                          RetentionPlan* plan_out,
                                          const RetentionProgress& progress) {
  CK_ASSIGN_OR_RETURN(RetentionPlan plan, PlanRetention(actor, as_of, false));
  if (plan_out != nullptr) *plan_out = plan;
  if (!execute) return SweepResult{};
  CK_ASSIGN_OR_RETURN(Date day, ParseAsOf(plan.as_of));
  CK_ASSIGN_OR_RETURN(auto result, RunItems(actor, plan.due, day, actor.code, "", progress));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "retention.sweep",
                                    {},
                                    actor.purpose,
                                    "ok",
                                    "as_of=" + plan.as_of + " " + SweepDetail(result)},
                  internal::AuditMicros(clock_)));
  return result;
}

Result<std::vector<store::DisposalRow>> RecordsService::DisposalLog(const Actor& actor,
                                                                    std::int64_t after,
                                                                    std::int64_t limit) {
  CK_TRY(RequireCapability(actor, policy::Capability::kApproveDisposal, "retention.log"));
  if (limit < 1 || limit > 1000) return InvalidArgument("limit must be from 1 to 1000");
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ScanDisposals(after, limit));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "retention.log",
                                    {},
                                    actor.purpose,
                                    "ok",
                                    "entries=" + std::to_string(rows.size())},
                  internal::AuditMicros(clock_)));
  return rows;
}

}  // namespace casekeep::records
