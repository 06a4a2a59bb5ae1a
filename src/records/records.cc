// Records: adding, reading, listing, rectifying (with history) and attachments.
#include <algorithm>
#include <istream>
#include <ostream>

#include "access/fields.h"
#include "crypto/aead_stream.h"
#include "crypto/codes.h"
#include "records/fields.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::FieldsAd;
using internal::Txn;

const std::vector<policy::Field>& RecordFields(const policy::Policy& policy,
                                               std::string_view type) {
  static const std::vector<policy::Field> kNone;
  const policy::RecordType* t = policy.FindRecordType(type);
  return t == nullptr ? kNone : t->fields;
}

const policy::Field* FindField(const policy::Policy& policy, std::string_view type,
                               std::string_view id) {
  for (const auto& f : RecordFields(policy, type)) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

}  // namespace

// Fills a view from a row: codes of its case and subject, and its opened fields.
static Result<RecordView> View(Txn& t, const store::RecordRow& row) {
  RecordView v;
  v.code = row.code;
  v.type = row.type;
  v.occurred_on = row.occurred_on;
  v.version = row.version;
  v.created_at = row.created_at;
  v.updated_at = row.updated_at;
  if (row.case_id) {
    CK_ASSIGN_OR_RETURN(auto c, t.tx().GetCase(*row.case_id));
    if (c) v.case_code = c->code;
  }
  if (row.subject_id) {
    CK_ASSIGN_OR_RETURN(auto s, t.tx().GetSubject(*row.subject_id));
    if (s) v.subject_code = s->code;
    if (s) v.restricted = s->restricted;
  }
  bool erased = false;
  CK_ASSIGN_OR_RETURN(v.fields, t.OpenFields(row.owner, FieldsAd("record", row.code, row.version),
                                             row.sealed, &erased));
  return v;
}

Result<RecordView> RecordsService::AddRecord(const Actor& actor, const NewRecord& record) {
  Batch batch;
  batch.records.push_back(record);
  CK_ASSIGN_OR_RETURN(BatchResult r, WriteBatch(actor, batch, "record.create"));
  return GetRecord(actor, r.record_codes.front());
}

Result<RecordView> RecordsService::GetRecord(const Actor& actor, std::string_view code) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(code));
  CK_ASSIGN_OR_RETURN(
      auto d, AuthoriseRecord(t, actor, access::Action::kRead, row, "record.read", {row.code}));
  CK_ASSIGN_OR_RETURN(RecordView v, View(t, row));
  v.fields = access::VisibleFields(RecordFields(policy_, row.type), v.fields, d.categories);
  CK_TRY(t.Finish(
      audit::AuditEvent{
          actor.code, "record.read", {row.code}, actor.purpose, "ok", internal::DecisionDetail(d)},
      internal::AuditMicros(clock_)));
  return v;
}

Result<std::vector<RecordView>> RecordsService::ListRecords(const Actor& actor,
                                                            const RecordQuery& query,
                                                            std::string* last_scanned) {
  if (query.limit < 1 || query.limit > 1000) {
    return InvalidArgument("a page holds 1 to 1000 records");
  }
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  store::RecordFilter filter;
  filter.limit = query.limit;
  if (!query.type.empty()) {
    if (policy_.FindRecordType(query.type) == nullptr) {
      return InvalidArgument("unknown record type '" + query.type + "'");
    }
    filter.type = query.type;
  }
  if (!query.case_code.empty()) {
    CK_ASSIGN_OR_RETURN(store::CaseRow c, t.Case(query.case_code));
    filter.case_id = c.id;
  }
  if (!query.subject_code.empty()) {
    CK_ASSIGN_OR_RETURN(store::SubjectRow s, t.Subject(query.subject_code));
    filter.subject_id = s.id;
  }
  if (!query.after.empty()) {
    CK_ASSIGN_OR_RETURN(store::RecordRow after, t.Record(query.after));
    filter.after_id = after.id;
  }
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ListRecords(filter));
  if (last_scanned != nullptr) {
    *last_scanned = static_cast<std::int64_t>(rows.size()) == filter.limit ? rows.back().code : "";
  }
  std::vector<RecordView> out;
  audit::AuditEvent event{actor.code, "record.list", {}, actor.purpose, "ok", ""};
  std::size_t hidden = 0;
  // Break-glass opens one record with a reason; it never widens a list.
  Actor listing = actor;
  listing.break_glass_reason.clear();
  for (const auto& row : rows) {
    // Records the actor may not read are left out of the page, not reported one by one.
    CK_ASSIGN_OR_RETURN(access::Decision d, RecordDecision(t, listing, access::Action::kRead, row));
    if (!d.allowed) {
      ++hidden;
      continue;
    }
    CK_ASSIGN_OR_RETURN(RecordView v, View(t, row));
    v.fields = access::VisibleFields(RecordFields(policy_, row.type), v.fields, d.categories);
    event.objects.push_back(row.code);
    out.push_back(std::move(v));
  }
  if (hidden > 0) {
    event.detail +=
        (event.detail.empty() ? "" : " ") + std::string("hidden=") + std::to_string(hidden);
  }
  CK_TRY(t.Finish(event, internal::AuditMicros(clock_)));
  return out;
}

Result<RecordView> RecordsService::UpdateRecord(const Actor& actor, std::string_view code,
                                                std::int64_t expected_version,
                                                const nlohmann::json& changes) {
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  std::string detail;
  CK_TRY(RectifyIn(t, actor, code, expected_version, changes, &detail));
  CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(code));
  CK_TRY(t.Finish(
      audit::AuditEvent{actor.code, "record.rectify", {row.code}, actor.purpose, "ok", detail},
      row.updated_at * 1'000'000));
  return GetRecord(actor, row.code);
}

Result<std::int64_t> RecordsService::RectifyIn(Txn& t, const Actor& actor, std::string_view code,
                                               std::int64_t expected_version,
                                               const nlohmann::json& changes, std::string* detail) {
  if (!changes.is_object()) return InvalidArgument("the changes must be a JSON object of fields");
  CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(code));
  CK_ASSIGN_OR_RETURN(
      auto d, AuthoriseRecord(t, actor, access::Action::kWrite, row, "record.rectify", {row.code}));
  if (auto f =
          access::FirstUnwritableField(RecordFields(policy_, row.type), changes, d.categories)) {
    d.allowed = false;
    d.reason = "field-not-writable";
    d.message = "you may not change the field '" + *f + "' for this purpose";
    return std::unexpected(Settle(t, actor, d, "record.rectify", {row.code}).error());
  }
  if (row.version != expected_version) {
    return Fail(ErrorCode::kConflict, row.code + " is at version " + std::to_string(row.version) +
                                          ", not " + std::to_string(expected_version) +
                                          ": someone else changed it; read it again");
  }
  const policy::RecordType* type = policy_.FindRecordType(row.type);
  if (type == nullptr) {
    return Fail(ErrorCode::kFailedPrecondition,
                "record type '" + row.type + "' is no longer in the policy");
  }
  bool erased = false;
  CK_ASSIGN_OR_RETURN(
      nlohmann::json fields,
      t.OpenFields(row.owner, FieldsAd("record", row.code, row.version), row.sealed, &erased));
  if (erased) return Fail(ErrorCode::kFailedPrecondition, row.code + " has been erased");
  for (const auto& [k, v] : changes.items()) {
    if (v.is_null()) {
      fields.erase(k);
    } else {
      fields[k] = v;
    }
  }
  CK_ASSIGN_OR_RETURN(nlohmann::json checked,
                      CheckFields(type->fields, fields, "record of type '" + row.type + "'"));
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_TRY(t.tx().InsertRecordVersion(
      store::RecordVersionRow{row.id, row.version, now, actor.code, row.sealed}));
  row.version += 1;
  row.updated_at = now;
  CK_ASSIGN_OR_RETURN(row.sealed,
                      t.SealFields(row.owner, FieldsAd("record", row.code, row.version), checked));
  CK_TRY(t.tx().UpdateRecord(row));
  CK_TRY(RefreshRetention(t, {row.id}));
  *detail = internal::DecisionDetail(d, "version=" + std::to_string(row.version));
  return row.version;
}

Result<std::vector<RecordView>> RecordsService::History(const Actor& actor, std::string_view code) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(code));
  CK_ASSIGN_OR_RETURN(
      auto d, AuthoriseRecord(t, actor, access::Action::kRead, row, "record.history", {row.code}));
  const auto& schema = RecordFields(policy_, row.type);
  CK_ASSIGN_OR_RETURN(RecordView current, View(t, row));
  current.fields = access::VisibleFields(schema, current.fields, d.categories);
  CK_ASSIGN_OR_RETURN(auto versions, t.tx().ListRecordVersions(row.id));
  std::vector<RecordView> out;
  for (const auto& old : versions) {
    RecordView v = current;
    v.version = old.version;
    v.replaced_by = old.replaced_by;
    v.updated_at = old.replaced_at;
    bool erased = false;
    CK_ASSIGN_OR_RETURN(v.fields, t.OpenFields(row.owner, FieldsAd("record", row.code, old.version),
                                               old.sealed, &erased));
    v.fields = access::VisibleFields(schema, v.fields, d.categories);
    out.push_back(std::move(v));
  }
  out.push_back(std::move(current));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "record.history",
                                    {row.code},
                                    actor.purpose,
                                    "ok",
                                    internal::DecisionDetail(d)},
                  internal::AuditMicros(clock_)));
  return out;
}

Result<std::string> RecordsService::AddAttachment(const Actor& actor, std::string_view record_code,
                                                  std::string_view field, std::istream& in) {
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::RecordRow row, t.Record(record_code));
  const policy::RecordType* type = policy_.FindRecordType(row.type);
  const auto* f = type == nullptr ? nullptr : [&]() -> const policy::Field* {
    for (const auto& x : type->fields) {
      if (x.id == field) return &x;
    }
    return nullptr;
  }();
  if (f == nullptr || f->type != policy::FieldType::kAttachment) {
    return InvalidArgument("'" + std::string(field) + "' is not an attachment field of " +
                           row.type);
  }
  CK_ASSIGN_OR_RETURN(auto d, AuthoriseRecord(t, actor, access::Action::kWrite, row,
                                              "attachment.create", {row.code}));
  if (!d.categories.contains(f->category)) {
    d.allowed = false;
    d.reason = "field-not-writable";
    d.message = "you may not add to the field '" + f->id + "' for this purpose";
    return std::unexpected(Settle(t, actor, d, "attachment.create", {row.code}).error());
  }
  store::AttachmentRow a;
  a.record_id = row.id;
  a.field = std::string(field);
  a.owner = row.owner;
  a.created_at = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(a.code, crypto::GenerateCode('A', 8));
  CK_ASSIGN_OR_RETURN(a.id, t.tx().InsertAttachment(a));
  CK_ASSIGN_OR_RETURN(auto key, t.keys().DataKey(row.owner, true));
  const std::string ad = "attachment:" + a.code;
  CK_ASSIGN_OR_RETURN(crypto::StreamSealer sealer,
                      crypto::StreamSealer::Start(*key, crypto::AsBytes(ad)));
  std::int64_t seq = 0;
  CK_TRY(t.tx().AppendAttachmentChunk(a.id, seq++, sealer.header()));
  std::vector<std::uint8_t> buf(crypto::kStreamChunkSize);
  std::vector<std::uint8_t> next(crypto::kStreamChunkSize);
  std::int64_t total = 0;
  auto fill = [&](std::vector<std::uint8_t>& b) -> std::size_t {
    in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
    return static_cast<std::size_t>(in.gcount());
  };
  std::size_t n = fill(buf);
  for (;;) {
    total += static_cast<std::int64_t>(n);
    if (total > kMaxAttachmentBytes) {
      return InvalidArgument("attachment is larger than the limit of " +
                             std::to_string(kMaxAttachmentBytes >> 20) + " MiB");
    }
    const std::size_t m = n == buf.size() ? fill(next) : 0;
    if (n == buf.size() && m > 0) {
      CK_ASSIGN_OR_RETURN(auto chunk, sealer.Push(buf));
      CK_TRY(t.tx().AppendAttachmentChunk(a.id, seq++, chunk));
      std::swap(buf, next);
      n = m;
      continue;
    }
    CK_ASSIGN_OR_RETURN(auto last, sealer.Finish(std::span(buf.data(), n)));
    CK_TRY(t.tx().AppendAttachmentChunk(a.id, seq++, last));
    break;
  }
  if (in.bad()) return IoError("could not read the attachment");
  // The size is known only once the stream has been read.
  CK_TRY(t.tx().SetAttachmentSize(a.id, total));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "attachment.create",
                                    {row.code, a.code},
                                    actor.purpose,
                                    "ok",
                                    internal::DecisionDetail(d, "bytes=" + std::to_string(total))},
                  internal::AuditMicros(clock_)));
  return a.code;
}

Status RecordsService::ReadAttachment(const Actor& actor, std::string_view attachment_code,
                                      std::ostream& out) {
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(std::string code, crypto::ParseCode(attachment_code, 'A'));
  CK_ASSIGN_OR_RETURN(auto a, t.tx().FindAttachment(code));
  if (!a) return NotFound("no attachment with code " + code);
  CK_ASSIGN_OR_RETURN(auto record, t.tx().GetRecord(a->record_id));
  if (!record) return Fail(ErrorCode::kDataLoss, code + " belongs to no record");
  CK_ASSIGN_OR_RETURN(auto d, AuthoriseRecord(t, actor, access::Action::kRead, *record,
                                              "attachment.read", {record->code, a->code}));
  const policy::Field* f = FindField(policy_, record->type, a->field);
  if (f == nullptr || !d.categories.contains(f->category)) {
    d.allowed = false;
    d.reason = "field-not-readable";
    d.message = "you may not read the field '" + a->field + "' for this purpose";
    return std::unexpected(Settle(t, actor, d, "attachment.read", {record->code, a->code}).error());
  }
  CK_ASSIGN_OR_RETURN(auto key, t.keys().DataKey(a->owner, false));
  CK_ASSIGN_OR_RETURN(auto chunks, t.tx().ReadAttachmentChunks(a->id));
  if (chunks.empty()) return Fail(ErrorCode::kDataLoss, code + " has no data");
  const std::string ad = "attachment:" + a->code;
  CK_ASSIGN_OR_RETURN(crypto::StreamOpener opener,
                      crypto::StreamOpener::Start(*key, chunks.front(), crypto::AsBytes(ad)));
  for (std::size_t i = 1; i < chunks.size(); ++i) {
    CK_ASSIGN_OR_RETURN(auto plain, opener.Pull(chunks[i]));
    out.write(reinterpret_cast<const char*>(plain.data()),
              static_cast<std::streamsize>(plain.size()));
  }
  CK_TRY(opener.Finish());
  return t.Finish(audit::AuditEvent{actor.code,
                                    "attachment.read",
                                    {record->code, a->code},
                                    actor.purpose,
                                    "ok",
                                    internal::DecisionDetail(d)},
                  internal::AuditMicros(clock_));
}

}  // namespace casekeep::records
