// The request register (docs/rights.md): opening a request, recording each step through the
// state machine of rights/request.h, listing open, overdue and due-soon requests, letters, and
// the rights of restriction, objection and rectification linked to a request. Each operation is
// one transaction ending in one audit entry holding codes only; who asked, what was asked and
// every reason are sealed under the vault's session key, as holds' reasons are.
#include <algorithm>
#include <filesystem>
#include <set>

#include "base/file.h"
#include "crypto/aead.h"
#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/disclosure.h"
#include "records/service.h"
#include "records/writer.h"
#include "rights/letters.h"
#include "rights/request.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::Txn;

constexpr char kRequestCodePrefix = 'Q';
constexpr std::int64_t kPage = 500;

rights::Calendar CalendarOf(const policy::Policy& policy, const HolidayCalendar* holidays) {
  return rights::Calendar{rights::ToHolidayDivision(policy.organisation.division), holidays};
}

std::string RequestAd(std::string_view code) {
  return "request:" + std::string(code);
}

// An optional date given as text: today when empty.
Result<Date> DateOr(std::string_view text, Date today, std::string_view what) {
  if (text.empty()) return today;
  auto d = Date::Parse(text);
  if (!d) return InvalidArgument(std::string(what) + ": " + d.error().message);
  return *d;
}

nlohmann::json EventJson(const rights::RequestEvent& e) {
  nlohmann::json j = {{"event", rights::EventKindId(e.kind)},
                      {"on", e.on.ToString()},
                      {"text", e.text},
                      {"by", e.by},
                      {"at", e.at}};
  if (e.told_on) j["told_on"] = e.told_on->ToString();
  if (e.ground) j["ground"] = rights::RefusalGroundId(*e.ground);
  return j;
}

nlohmann::json SealedJson(const rights::Request& r) {
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : r.events) events.push_back(EventJson(e));
  return {{"requester", rights::RequesterKindId(r.requester)},
          {"requester_name", r.requester_name},
          {"details", r.details},
          {"identity_needed", r.identity_needed},
          {"authority_needed", r.authority_needed},
          {"events", std::move(events)}};
}

Result<Date> StoredDate(const nlohmann::json& j, const char* key) {
  auto d = Date::Parse(j.at(key).get<std::string>());
  if (!d) return Fail(ErrorCode::kDataLoss, "a stored request has a damaged date");
  return *d;
}

// The request from its row and sealed JSON; kDataLoss for anything that does not fit.
Result<rights::Request> RequestFromJson(const store::RequestRow& row, const nlohmann::json& j) {
  const auto damaged = [&] {
    return Fail(ErrorCode::kDataLoss, "request " + row.code + " is damaged");
  };
  try {
    rights::Request r;
    auto kind = rights::ParseRequestKind(row.kind);
    auto requester = rights::ParseRequesterKind(j.at("requester").get<std::string>());
    if (!kind || !requester) return damaged();
    r.kind = *kind;
    r.requester = *requester;
    r.requester_name = j.at("requester_name").get<std::string>();
    r.details = j.at("details").get<std::string>();
    r.identity_needed = j.at("identity_needed").get<bool>();
    r.authority_needed = j.at("authority_needed").get<bool>();
    for (const auto& e : j.at("events")) {
      rights::RequestEvent ev;
      auto k = rights::ParseEventKind(e.at("event").get<std::string>());
      if (!k) return damaged();
      ev.kind = *k;
      CK_ASSIGN_OR_RETURN(ev.on, StoredDate(e, "on"));
      ev.text = e.at("text").get<std::string>();
      ev.by = e.at("by").get<std::string>();
      ev.at = e.at("at").get<std::int64_t>();
      if (e.contains("told_on")) {
        CK_ASSIGN_OR_RETURN(ev.told_on, StoredDate(e, "told_on"));
      }
      if (e.contains("ground")) {
        ev.ground = rights::ParseRefusalGround(e.at("ground").get<std::string>());
        if (!ev.ground) return damaged();
      }
      r.events.push_back(std::move(ev));
    }
    return r;
  } catch (const nlohmann::json::exception&) {
    return damaged();
  }
}

std::string Opt(const std::optional<Date>& d) {
  return d ? d->ToString() : std::string();
}

std::optional<std::string> OptText(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(d->ToString()) : std::nullopt;
}

RequestView ViewOf(const store::RequestRow& row, std::string subject, const rights::Request& r,
                   const rights::RequestState& s, Date today) {
  RequestView v;
  v.code = row.code;
  v.subject = std::move(subject);
  v.kind = row.kind;
  v.status = std::string(rights::RequestStatusId(s.status));
  v.requester = std::string(rights::RequesterKindId(r.requester));
  v.requester_name = r.requester_name;
  v.details = r.details;
  v.identity_needed = r.identity_needed;
  v.authority_needed = r.authority_needed;
  v.received_on = s.received.ToString();
  v.due_on = OptText(s.due);
  v.original_due_on = OptText(s.original_due);
  v.paused_since = OptText(s.paused_since);
  v.closed_on = OptText(s.closed_on);
  v.extended = s.extended;
  v.overdue = rights::IsOverdue(s, today);
  for (const auto& e : r.events) {
    RequestEventView ev;
    ev.event = std::string(rights::EventKindId(e.kind));
    ev.on = e.on.ToString();
    ev.text = e.text;
    ev.told_on = OptText(e.told_on);
    if (e.ground) ev.ground = std::string(rights::RefusalGroundId(*e.ground));
    ev.by = e.by;
    ev.at = e.at;
    v.events.push_back(std::move(ev));
  }
  v.created_by = row.created_by;
  v.created_at = row.created_at;
  v.updated_at = row.updated_at;
  return v;
}

audit::AuditEvent RequestEvent(const Actor& actor, std::string action,
                               std::vector<std::string> objects, std::string detail) {
  return audit::AuditEvent{actor.code, std::move(action), std::move(objects), actor.purpose,
                           "ok",       std::move(detail)};
}

// The person's processing state changed: a new version of their row, the fields sealed afresh
// (they are sealed to their version).
Status WriteState(Txn& t, store::SubjectRow& row, bool restricted, std::int64_t now) {
  bool erased = false;
  CK_ASSIGN_OR_RETURN(
      auto fields,
      t.OpenFields(row.code, FieldsAd("subject", row.code, row.version), row.sealed, &erased));
  row.version += 1;
  row.updated_at = now;
  row.restricted = restricted;
  CK_ASSIGN_OR_RETURN(row.sealed,
                      t.SealFields(row.code, FieldsAd("subject", row.code, row.version), fields));
  return t.tx().UpdateSubject(row);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The bank-holiday calendar

Result<HolidayCalendar> RecordsService::LoadHolidayCalendar() const {
  std::error_code ec;
  if (!holidays_path_.empty() && std::filesystem::exists(holidays_path_, ec)) {
    return HolidayCalendar::FromFile(holidays_path_);
  }
  return HolidayCalendar::Default();
}

Result<std::string> RecordsService::LoadHolidayFile(const Actor& actor, std::string_view json) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "holidays.load"));
  if (holidays_path_.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "this service keeps no bank-holiday file");
  }
  CK_ASSIGN_OR_RETURN(HolidayCalendar calendar,
                      HolidayCalendar::FromJson(json, "the bank-holiday file"));
  const std::string years =
      std::to_string(calendar.FirstYear()) + "-" + std::to_string(calendar.LastYear());
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_TRY(WriteFileAtomic(holidays_path_, std::string(json)));
  CK_TRY(t.Finish(RequestEvent(actor, "holidays.load", {}, "years=" + years),
                  internal::AuditMicros(clock_)));
  return years;
}

// ---------------------------------------------------------------------------------------------
// The register

Result<RequestView> RecordsService::OpenDataRequest(const Actor& actor, const NewDataRequest& n) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "request.open"));
  auto kind = rights::ParseRequestKind(n.kind);
  if (!kind) {
    std::string kinds;
    for (auto k : rights::AllRequestKinds()) {
      kinds += (kinds.empty() ? "" : ", ") + std::string(rights::RequestKindId(k));
    }
    return InvalidArgument("'" + n.kind + "' is not a kind of request (one of: " + kinds + ")");
  }
  auto requester = rights::ParseRequesterKind(n.requester);
  if (!requester) {
    return InvalidArgument("'" + n.requester +
                           "' is not a kind of requester (subject, parent or third_party)");
  }
  if (*requester != rights::RequesterKind::kSubject && n.requester_name.empty()) {
    return InvalidArgument("a request made for someone else needs the requester's name");
  }
  const Date today = TodayUk(clock_);
  CK_ASSIGN_OR_RETURN(Date received, DateOr(n.received_on, today, "received_on"));
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(rights::Request r,
                      rights::NewRequest(*kind, *requester, received, today, n.verify_identity,
                                         n.prove_authority, actor.code, now));
  r.requester_name = n.requester_name;
  r.details = n.details;
  CK_ASSIGN_OR_RETURN(HolidayCalendar holidays, LoadHolidayCalendar());
  const rights::Calendar cal = CalendarOf(policy_, &holidays);
  CK_ASSIGN_OR_RETURN(rights::RequestState s, rights::Evaluate(r, cal));

  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(n.subject));
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition,
                subject.code +
                    " has been erased: nothing is held about them to act on (answer "
                    "the request by letter, saying so)");
  }
  store::RequestRow row;
  row.subject_id = subject.id;
  row.kind = std::string(rights::RequestKindId(r.kind));
  row.status = std::string(rights::RequestStatusId(s.status));
  row.received_on = received.ToString();
  row.due_on = Opt(s.due);
  row.created_by = actor.code;
  row.created_at = now;
  row.updated_at = now;
  const std::string sealed_text = SealedJson(r).dump();
  CK_ASSIGN_OR_RETURN(
      row.id, internal::InsertWithCode(
                  row, kRequestCodePrefix, crypto::kDefaultCodeSymbols,
                  [&](store::RequestRow& x) -> Result<std::int64_t> {
                    CK_ASSIGN_OR_RETURN(
                        x.sealed, crypto::Seal(vault_.session_key(), crypto::AsBytes(sealed_text),
                                               crypto::AsBytes(RequestAd(x.code))));
                    return t.tx().InsertRequest(x);
                  }));
  CK_TRY(t.Finish(RequestEvent(actor, "request.open", {row.code, subject.code},
                               "kind=" + row.kind + " requester=" +
                                   std::string(rights::RequesterKindId(r.requester))),
                  internal::AuditMicros(clock_)));
  return ViewOf(row, subject.code, r, s, today);
}

Result<RecordsService::LoadedRequest> RecordsService::LoadRequest(Txn& t, std::string_view code) {
  CK_ASSIGN_OR_RETURN(std::string canonical, crypto::ParseCode(code, kRequestCodePrefix));
  CK_ASSIGN_OR_RETURN(auto row, t.tx().FindRequest(canonical));
  if (!row) return NotFound("no request with code " + canonical);
  LoadedRequest out;
  CK_ASSIGN_OR_RETURN(auto subject, t.tx().GetSubject(row->subject_id));
  if (subject) out.subject = subject->code;
  CK_ASSIGN_OR_RETURN(auto text, crypto::Open(vault_.session_key(), row->sealed,
                                              crypto::AsBytes(RequestAd(row->code))));
  auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kDataLoss, "request " + row->code + " is damaged");
  }
  CK_ASSIGN_OR_RETURN(out.request, RequestFromJson(*row, j));
  out.row = std::move(*row);
  return out;
}

Result<RequestView> RecordsService::StepDataRequest(const Actor& actor, std::string_view code,
                                                    const RequestStep& step) {
  auto kind = rights::ParseEventKind(step.event);
  const std::string action = "request." + (kind ? step.event : std::string("step"));
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, action));
  if (!kind || *kind == rights::EventKind::kReceived) {
    return InvalidArgument(
        "'" + step.event +
        "' is not a step of a request (identity_verified, authority_proved, paused, resumed, "
        "extended, completed, refused, withdrawn or note)");
  }
  const Date today = TodayUk(clock_);
  rights::RequestEvent e;
  e.kind = *kind;
  CK_ASSIGN_OR_RETURN(e.on, DateOr(step.on, today, "on"));
  e.text = step.text;
  if (!step.told_on.empty()) {
    CK_ASSIGN_OR_RETURN(e.told_on, DateOr(step.told_on, today, "told_on"));
  }
  if (!step.ground.empty()) {
    e.ground = rights::ParseRefusalGround(step.ground);
    if (!e.ground) {
      return InvalidArgument("'" + step.ground +
                             "' is not a ground of refusal (manifestly_unfounded, "
                             "manifestly_excessive, exemption, identity_not_proved, "
                             "legal_obligation, legal_claims, retention_required, "
                             "compelling_grounds)");
    }
  }
  e.by = actor.code;
  e.at = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(HolidayCalendar holidays, LoadHolidayCalendar());
  const rights::Calendar cal = CalendarOf(policy_, &holidays);

  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(LoadedRequest loaded, LoadRequest(t, code));
  CK_ASSIGN_OR_RETURN(rights::Request r, rights::Apply(loaded.request, std::move(e), today, cal));
  CK_ASSIGN_OR_RETURN(rights::RequestState s, rights::Evaluate(r, cal));
  std::string detail = "status=" + std::string(rights::RequestStatusId(s.status));
  if (r.events.back().ground) {
    detail += " ground=" + std::string(rights::RefusalGroundId(*r.events.back().ground));
  }
  CK_TRY(SaveRequest(t, loaded.row, r, s));
  CK_TRY(t.Finish(RequestEvent(actor, action, {loaded.row.code, loaded.subject}, detail),
                  internal::AuditMicros(clock_)));
  return ViewOf(loaded.row, loaded.subject, r, s, today);
}

Status RecordsService::SaveRequest(Txn& t, store::RequestRow& row, const rights::Request& r,
                                   const rights::RequestState& s) {
  row.status = std::string(rights::RequestStatusId(s.status));
  row.due_on = Opt(s.due);
  row.updated_at = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(row.sealed,
                      crypto::Seal(vault_.session_key(), crypto::AsBytes(SealedJson(r).dump()),
                                   crypto::AsBytes(RequestAd(row.code))));
  return t.tx().UpdateRequest(row);
}

Result<RequestView> RecordsService::GetDataRequest(const Actor& actor, std::string_view code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "request.read"));
  CK_ASSIGN_OR_RETURN(HolidayCalendar holidays, LoadHolidayCalendar());
  const rights::Calendar cal = CalendarOf(policy_, &holidays);
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(LoadedRequest loaded, LoadRequest(t, code));
  CK_ASSIGN_OR_RETURN(rights::RequestState s, rights::Evaluate(loaded.request, cal));
  CK_TRY(t.Finish(RequestEvent(actor, "request.read", {loaded.row.code, loaded.subject}, ""),
                  internal::AuditMicros(clock_)));
  return ViewOf(loaded.row, loaded.subject, loaded.request, s, TodayUk(clock_));
}

Result<std::vector<RequestView>> RecordsService::ListDataRequests(const Actor& actor,
                                                                  const RequestFilter& filter) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "request.list"));
  if (filter.due_within && (*filter.due_within < 0 || *filter.due_within > 366)) {
    return InvalidArgument("due_soon must be a number of working days from 0 to 366");
  }
  const Date today = TodayUk(clock_);
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  std::vector<store::RequestRow> rows;
  std::vector<std::string> objects;
  if (!filter.subject.empty()) {
    CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(filter.subject));
    CK_ASSIGN_OR_RETURN(rows, t.tx().ListSubjectRequests(subject.id));
    objects.push_back(subject.code);
  } else {
    for (std::int64_t after = 0;;) {
      CK_ASSIGN_OR_RETURN(auto page, t.tx().ListRequests(after, kPage));
      if (page.empty()) break;
      after = page.back().id;
      const bool last = static_cast<std::int64_t>(page.size()) < kPage;
      for (auto& r : page) rows.push_back(std::move(r));
      if (last) break;
    }
  }
  std::vector<RequestView> out;
  // The bank holidays are needed only when there is a deadline to look at.
  std::optional<HolidayCalendar> holidays;
  if (!rows.empty()) {
    CK_ASSIGN_OR_RETURN(holidays, LoadHolidayCalendar());
  }
  const rights::Calendar cal = CalendarOf(policy_, holidays ? &*holidays : nullptr);
  for (const auto& row : rows) {
    auto status = rights::ParseRequestStatus(row.status);
    if (!filter.include_closed && status && rights::IsClosed(*status)) continue;
    CK_ASSIGN_OR_RETURN(LoadedRequest loaded, LoadRequest(t, row.code));
    CK_ASSIGN_OR_RETURN(rights::RequestState s, rights::Evaluate(loaded.request, cal));
    if (filter.overdue && !rights::IsOverdue(s, today)) continue;
    if (filter.due_within) {
      CK_ASSIGN_OR_RETURN(bool soon, rights::IsDueSoon(s, today, *filter.due_within, cal));
      if (!soon) continue;
    }
    out.push_back(ViewOf(loaded.row, loaded.subject, loaded.request, s, today));
  }
  // Soonest due first; requests whose clock has not started last.
  std::stable_sort(out.begin(), out.end(), [](const RequestView& a, const RequestView& b) {
    return a.due_on.value_or("9999") < b.due_on.value_or("9999");
  });
  CK_TRY(t.Finish(
      RequestEvent(
          actor, "request.list", std::move(objects),
          "count=" + std::to_string(out.size()) + (filter.overdue ? " overdue" : "") +
              (filter.due_within ? " due_soon=" + std::to_string(*filter.due_within) : "")),
      internal::AuditMicros(clock_)));
  return out;
}

Result<LetterView> RecordsService::DataRequestLetter(const Actor& actor, std::string_view code,
                                                     std::string_view letter,
                                                     std::string_view addressee) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "request.letter"));
  auto kind = rights::ParseLetterKind(letter);
  if (!kind) {
    std::string kinds;
    for (auto k : rights::AllLetterKinds()) {
      kinds += (kinds.empty() ? "" : ", ") + std::string(rights::LetterKindId(k));
    }
    return InvalidArgument("'" + std::string(letter) + "' is not a letter (one of: " + kinds + ")");
  }
  CK_ASSIGN_OR_RETURN(HolidayCalendar holidays, LoadHolidayCalendar());
  const rights::Calendar cal = CalendarOf(policy_, &holidays);
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(LoadedRequest loaded, LoadRequest(t, code));
  CK_ASSIGN_OR_RETURN(rights::RequestState s, rights::Evaluate(loaded.request, cal));
  rights::LetterInput in;
  in.kind = *kind;
  in.reference = loaded.row.code;
  in.addressee = addressee.empty() ? loaded.request.requester_name : std::string(addressee);
  in.date = TodayUk(clock_);
  if (*kind == rights::LetterKind::kExtensionNotice) {
    for (const auto& e : loaded.request.events) {
      if (e.kind == rights::EventKind::kExtended && e.told_on) in.date = *e.told_on;
    }
  }
  in.request = &loaded.request;
  in.state = &s;
  CK_ASSIGN_OR_RETURN(rights::Letter out, rights::WriteLetter(policy_.organisation, in));
  CK_TRY(t.Finish(RequestEvent(actor, "request.letter", {loaded.row.code, loaded.subject},
                               "letter=" + std::string(rights::LetterKindId(*kind))),
                  internal::AuditMicros(clock_)));
  return LetterView{std::string(rights::LetterKindId(*kind)), out.subject, out.text, out.html};
}

// ---------------------------------------------------------------------------------------------
// Restriction, objection, rectification

Status RecordsService::CheckOpenRequestOf(Txn& t, std::string_view request_code,
                                          std::string_view subject_code, rights::RequestKind kind) {
  if (request_code.empty()) return {};
  CK_ASSIGN_OR_RETURN(LoadedRequest asked, LoadRequest(t, request_code));
  if (asked.subject != subject_code) {
    return InvalidArgument(asked.row.code + " is a request of another person, not of " +
                           std::string(subject_code));
  }
  if (asked.request.kind != kind) {
    return InvalidArgument(asked.row.code + " is a request for " +
                           std::string(rights::RequestKindId(asked.request.kind)) + ", not for " +
                           std::string(rights::RequestKindId(kind)));
  }
  CK_ASSIGN_OR_RETURN(HolidayCalendar holidays, LoadHolidayCalendar());
  CK_ASSIGN_OR_RETURN(rights::RequestState state,
                      rights::Evaluate(asked.request, CalendarOf(policy_, &holidays)));
  if (rights::IsClosed(state.status)) {
    return Fail(ErrorCode::kFailedPrecondition,
                asked.row.code + " is already " +
                    std::string(rights::RequestStatusId(state.status)) +
                    ": only an open request can be answered");
  }
  return {};
}

Status RecordsService::NoteOnRequest(Txn& t, std::string_view request_code,
                                     std::string_view subject_code, const Actor& actor,
                                     std::string text, std::vector<std::string>& objects) {
  if (request_code.empty()) return {};
  CK_ASSIGN_OR_RETURN(LoadedRequest loaded, LoadRequest(t, request_code));
  if (loaded.subject != subject_code) {
    return InvalidArgument(loaded.row.code + " is not a request of " + std::string(subject_code));
  }
  CK_ASSIGN_OR_RETURN(HolidayCalendar holidays, LoadHolidayCalendar());
  const rights::Calendar cal = CalendarOf(policy_, &holidays);
  rights::RequestEvent e;
  e.kind = rights::EventKind::kNote;
  e.on = TodayUk(clock_);
  e.text = std::move(text);
  e.by = actor.code;
  e.at = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(rights::Request r,
                      rights::Apply(loaded.request, std::move(e), TodayUk(clock_), cal));
  CK_ASSIGN_OR_RETURN(rights::RequestState s, rights::Evaluate(r, cal));
  CK_TRY(SaveRequest(t, loaded.row, r, s));
  objects.push_back(loaded.row.code);
  return {};
}

Status RecordsService::Restrict(const Actor& actor, std::string_view subject,
                                std::string_view request_code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "subject.restrict"));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(subject));
  if (row.erased_at) return Fail(ErrorCode::kFailedPrecondition, row.code + " has been erased");
  if (row.restricted) {
    return Fail(ErrorCode::kFailedPrecondition,
                "processing of " + row.code + "'s data is already restricted");
  }
  std::vector<std::string> objects{row.code};
  CK_TRY(NoteOnRequest(t, request_code, row.code, actor, "Processing restricted.", objects));
  CK_TRY(WriteState(t, row, true, clock_.NowUnixSeconds()));
  return t.Finish(RequestEvent(actor, "subject.restrict", std::move(objects), ""),
                  internal::AuditMicros(clock_));
}

Status RecordsService::LiftRestriction(const Actor& actor, std::string_view subject,
                                       std::string_view told_on, std::string_view request_code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "subject.lift"));
  if (told_on.empty()) {
    return InvalidArgument(
        "the person must be told before a restriction is lifted (UK GDPR Art "
        "18(3)): give the day they were told");
  }
  auto told = Date::Parse(told_on);
  if (!told) return InvalidArgument("told_on: " + told.error().message);
  if (*told > TodayUk(clock_)) {
    return InvalidArgument("told_on (" + told->ToString() + ") is after today");
  }
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(subject));
  if (row.erased_at) return Fail(ErrorCode::kFailedPrecondition, row.code + " has been erased");
  if (!row.restricted) {
    return Fail(ErrorCode::kFailedPrecondition,
                "processing of " + row.code + "'s data is not restricted");
  }
  std::vector<std::string> objects{row.code};
  CK_TRY(NoteOnRequest(t, request_code, row.code, actor,
                       "Restriction lifted; the person was told on " + told->ToString() + ".",
                       objects));
  CK_TRY(WriteState(t, row, false, clock_.NowUnixSeconds()));
  return t.Finish(RequestEvent(actor, "subject.lift_restriction", std::move(objects),
                               "told_on=" + told->ToString()),
                  internal::AuditMicros(clock_));
}

Status RecordsService::Object(const Actor& actor, std::string_view subject,
                              std::string_view purpose, std::string_view request_code) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "subject.object"));
  const policy::Purpose* p = policy_.FindPurpose(purpose);
  if (p == nullptr) {
    return InvalidArgument("'" + std::string(purpose) + "' is not a purpose in the policy");
  }
  if (p->basis != policy::LawfulBasis::kLegitimateInterests &&
      p->basis != policy::LawfulBasis::kPublicTask) {
    return InvalidArgument(
        "purpose '" + p->id +
        "' does not rely on legitimate interests or a public task, so the "
        "right to object (Art 21) does not apply" +
        (p->basis == policy::LawfulBasis::kConsent ? ": withdraw the consent instead" : ""));
  }
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow row, t.Subject(subject));
  if (row.erased_at) return Fail(ErrorCode::kFailedPrecondition, row.code + " has been erased");
  std::vector<std::string> objects{row.code};
  CK_TRY(NoteOnRequest(t, request_code, row.code, actor,
                       "Objection recorded to purpose '" + p->id + "'.", objects));
  // The objection stops that purpose only; objecting again to it changes nothing.
  std::set<std::string> purposes = internal::ObjectedPurposes(row);
  if (!purposes.contains("*") && purposes.insert(p->id).second) {
    row.objected = true;
    row.objected_purposes.clear();
    for (const auto& id : purposes) {
      if (!row.objected_purposes.empty()) row.objected_purposes += ' ';
      row.objected_purposes += id;
    }
    CK_TRY(WriteState(t, row, row.restricted, clock_.NowUnixSeconds()));
  }
  return t.Finish(
      RequestEvent(actor, "subject.object", std::move(objects), "purpose_objected=" + p->id),
      internal::AuditMicros(clock_));
}

Result<RectificationView> RecordsService::RectifyForRequest(const Actor& actor,
                                                            std::string_view request_code,
                                                            std::string_view record_code,
                                                            std::int64_t expected_version,
                                                            const nlohmann::json& changes) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "request.rectify"));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(LoadedRequest loaded, LoadRequest(t, request_code));
  if (loaded.request.kind != rights::RequestKind::kRectification) {
    return Fail(ErrorCode::kFailedPrecondition,
                loaded.row.code + " is a request for " + loaded.row.kind + ", not rectification");
  }
  auto status = rights::ParseRequestStatus(loaded.row.status);
  if (status != rights::RequestStatus::kOpen && status != rights::RequestStatus::kExtended) {
    return Fail(ErrorCode::kFailedPrecondition,
                loaded.row.code + " is " + loaded.row.status + ": the clock must be running");
  }
  {
    CK_ASSIGN_OR_RETURN(store::RecordRow record, t.Record(record_code));
    if (record.subject_id != loaded.row.subject_id) {
      return InvalidArgument(record.code + " is not about the person " + loaded.row.code +
                             " is for");
    }
  }
  // The correction is the record's own new version; the request's note and the audit entry
  // are in the same transaction, so neither is ever without the other.
  std::string detail;
  CK_ASSIGN_OR_RETURN(const std::int64_t version,
                      RectifyIn(t, actor, record_code, expected_version, changes, &detail));
  CK_ASSIGN_OR_RETURN(store::RecordRow record, t.Record(record_code));
  RectificationView out;
  out.request = loaded.row.code;
  out.record = record.code;
  out.version = version;
  CK_ASSIGN_OR_RETURN(out.recipients, DisclosedRecipients(t.tx(), loaded.row.subject_id));
  std::vector<std::string> objects{loaded.subject};
  std::string note = "Rectified " + record.code + " (version " + std::to_string(version) + ")";
  if (!out.recipients.empty()) {
    std::string names;
    for (const auto& r : out.recipients) names += (names.empty() ? "" : ", ") + r;
    note += "; recipients to tell: " + names;
  }
  CK_TRY(NoteOnRequest(t, loaded.row.code, loaded.subject, actor, note + ".", objects));
  objects.push_back(record.code);
  CK_TRY(t.Finish(RequestEvent(actor, "request.rectify", std::move(objects),
                               detail + " recipients=" + std::to_string(out.recipients.size())),
                  internal::AuditMicros(clock_)));
  return out;
}

}  // namespace casekeep::records
