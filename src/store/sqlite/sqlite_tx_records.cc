// SqliteTx (sqlite_tx.h): records, their earlier versions, and attachments.
// InsertRecord is on the bulk-import path: one cached statement, bound without copying.
// Thread-safety: a Tx belongs to one thread.
#include <string>

#include "store/internal/checks.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store::sqlite {

using internal::WithDetail;

RecordRow ReadRecord(const Query& q) {
  RecordRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.type = q.Text(2);
  row.case_id = q.OptInt(3);
  row.subject_id = q.OptInt(4);
  row.owner = q.Text(5);
  row.occurred_on = q.Text(6);
  row.created_at = q.Int(7);
  row.updated_at = q.Int(8);
  row.version = q.Int(9);
  row.sealed = q.Blob(10);
  row.retention_rule = q.Text(11);
  row.dispose_on = q.OptText(12);
  row.review_on = q.OptText(13);
  row.partial_on = q.OptText(14);
  row.reviewed_on = q.OptText(15);
  return row;
}

namespace {

Result<std::optional<RecordRow>> OneRecord(Query& q) {
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<RecordRow>();
  return std::optional<RecordRow>(ReadRecord(q));
}

AttachmentRow ReadAttachment(const Query& q) {
  return AttachmentRow{q.Int(0), q.Text(1), q.Int(2), q.Text(3), q.Text(4), q.Int(5), q.Int(6)};
}

// ListRecords has one statement per combination of filters, so each can use its index.
enum FilterBits : unsigned { kByCase = 1, kBySubject = 2, kByType = 4 };

std::string ListRecordsSql(unsigned mask) {
  std::string sql = "SELECT ";
  sql += kRecordColumns;
  sql += " FROM records WHERE id > ?";
  if ((mask & kByCase) != 0) sql += " AND case_id = ?";
  if ((mask & kBySubject) != 0) sql += " AND subject_id = ?";
  if ((mask & kByType) != 0) sql += " AND type = ?";
  sql += " ORDER BY id LIMIT ?";
  return sql;
}

}  // namespace

Result<std::int64_t> SqliteTx::InsertRecord(const RecordRow& row) {
  CK_TRY(Writable("InsertRecord"));
  CK_TRY(internal::CheckCode(row.code, "InsertRecord"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertRecord, "inserting a record"));
  q.Bind(row.code).Bind(row.type).Bind(row.case_id).Bind(row.subject_id).Bind(row.owner);
  q.Bind(row.occurred_on).Bind(row.created_at).Bind(row.updated_at).Bind(row.version);
  q.Bind(row.sealed).Bind(row.retention_rule).Bind(row.dispose_on).Bind(row.review_on);
  q.Bind(row.partial_on).Bind(row.reviewed_on);
  if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
  return LastId();
}

Status SqliteTx::UpdateRecord(const RecordRow& row) {
  CK_TRY(Writable("UpdateRecord"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kUpdateRecord, "updating a record"));
    q.Bind(row.code).Bind(row.type).Bind(row.case_id).Bind(row.subject_id).Bind(row.owner);
    q.Bind(row.occurred_on).Bind(row.created_at).Bind(row.updated_at).Bind(row.version);
    q.Bind(row.sealed).Bind(row.retention_rule).Bind(row.dispose_on).Bind(row.review_on);
    q.Bind(row.partial_on).Bind(row.reviewed_on).Bind(row.id).Bind(row.version - 1);
    if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
    if (Changes() == 1) return {};
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kRecordVersion, "updating a record"));
  q.Bind(row.id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("UpdateRecord", "record", row.id));
  return std::unexpected(
      internal::Conflict("UpdateRecord", "record", row.id, q.Int(0), row.version));
}

Result<std::optional<RecordRow>> SqliteTx::GetRecord(std::int64_t id) {
  CK_TRY(Usable("GetRecord"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kGetRecord, "reading a record"));
  q.Bind(id);
  return OneRecord(q);
}

Result<std::optional<RecordRow>> SqliteTx::FindRecord(std::string_view code) {
  CK_TRY(Usable("FindRecord"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindRecord, "finding a record"));
  q.Bind(code);
  return OneRecord(q);
}

Result<std::vector<RecordRow>> SqliteTx::ListRecords(const RecordFilter& filter) {
  CK_TRY(Usable("ListRecords"));
  CK_TRY(internal::CheckLimit(filter.limit, "ListRecords"));
  unsigned mask = 0;
  if (filter.case_id) mask |= kByCase;
  if (filter.subject_id) mask |= kBySubject;
  if (filter.type) mask |= kByType;
  CK_ASSIGN_OR_RETURN(
      auto q, conn_->UseExtra(mask, [mask] { return ListRecordsSql(mask); }, "listing records"));
  q.Bind(filter.after_id);
  if (filter.case_id) q.Bind(*filter.case_id);
  if (filter.subject_id) q.Bind(*filter.subject_id);
  if (filter.type) q.Bind(std::string_view(*filter.type));
  q.Bind(filter.limit);
  return Rows(q, ReadRecord);
}

Result<std::int64_t> SqliteTx::CountRecords() {
  CK_TRY(Usable("CountRecords"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kCountRecords, "counting records"));
  CK_TRY(q.Step());
  return q.Int(0);
}

Status SqliteTx::DeleteRecord(std::int64_t id) {
  CK_TRY(Writable("DeleteRecord"));
  bool deleted = false;
  auto body = [&]() -> Status {
    for (Sql step : {Sql::kDeleteRecordChunks, Sql::kDeleteRecordAttachments,
                     Sql::kDeleteRecordVersions, Sql::kDeleteRecord}) {
      CK_ASSIGN_OR_RETURN(auto q, Use(step, "deleting a record"));
      q.Bind(id);
      CK_TRY(q.Run());
    }
    deleted = Changes() == 1;
    return {};
  };
  CK_TRY(Atomically("deleting a record", body));
  if (!deleted) return std::unexpected(internal::Missing("DeleteRecord", "record", id));
  erased_ = true;
  return {};
}

Status SqliteTx::DeleteAttachment(std::int64_t attachment_id) {
  CK_TRY(Writable("DeleteAttachment"));
  bool deleted = false;
  auto body = [&]() -> Status {
    for (Sql step : {Sql::kDeleteAttachmentChunks, Sql::kDeleteAttachment}) {
      CK_ASSIGN_OR_RETURN(auto q, Use(step, "deleting an attachment"));
      q.Bind(attachment_id);
      CK_TRY(q.Run());
    }
    deleted = Changes() == 1;
    return {};
  };
  CK_TRY(Atomically("deleting an attachment", body));
  if (!deleted) {
    return std::unexpected(internal::Missing("DeleteAttachment", "attachment", attachment_id));
  }
  erased_ = true;
  return {};
}

Status SqliteTx::InsertRecordVersion(const RecordVersionRow& row) {
  CK_TRY(Writable("InsertRecordVersion"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertRecordVersion, "keeping a record version"));
  q.Bind(row.record_id).Bind(row.version).Bind(row.replaced_at).Bind(row.replaced_by);
  q.Bind(row.sealed);
  return q.Run();
}

Result<std::vector<RecordVersionRow>> SqliteTx::ListRecordVersions(std::int64_t record_id) {
  CK_TRY(Usable("ListRecordVersions"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListRecordVersions, "listing record versions"));
  q.Bind(record_id);
  std::vector<RecordVersionRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(RecordVersionRow{q.Int(0), q.Int(1), q.Int(2), q.Text(3), q.Blob(4)});
  }
  return rows;
}

// Attachments.

Result<std::int64_t> SqliteTx::InsertAttachment(const AttachmentRow& row) {
  CK_TRY(Writable("InsertAttachment"));
  CK_TRY(internal::CheckCode(row.code, "InsertAttachment"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertAttachment, "inserting an attachment"));
  q.Bind(row.code).Bind(row.record_id).Bind(row.field).Bind(row.owner).Bind(row.size);
  q.Bind(row.created_at);
  if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
  return LastId();
}

Status SqliteTx::SetAttachmentSize(std::int64_t attachment_id, std::int64_t size) {
  CK_TRY(Writable("SetAttachmentSize"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kSetAttachmentSize, "recording an attachment's size"));
  q.Bind(size).Bind(attachment_id);
  CK_TRY(q.Run());
  if (Changes() == 0) {
    return std::unexpected(internal::Missing("SetAttachmentSize", "attachment", attachment_id));
  }
  return {};
}

Status SqliteTx::AppendAttachmentChunk(std::int64_t attachment_id, std::int64_t seq,
                                       const Bytes& sealed_chunk) {
  CK_TRY(Writable("AppendAttachmentChunk"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertChunk, "appending an attachment chunk"));
  q.Bind(attachment_id).Bind(seq).Bind(sealed_chunk);
  return q.Run();
}

Result<std::optional<AttachmentRow>> SqliteTx::FindAttachment(std::string_view code) {
  CK_TRY(Usable("FindAttachment"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindAttachment, "finding an attachment"));
  q.Bind(code);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<AttachmentRow>();
  return std::optional<AttachmentRow>(ReadAttachment(q));
}

Result<std::vector<AttachmentRow>> SqliteTx::ListAttachments(std::int64_t record_id) {
  CK_TRY(Usable("ListAttachments"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListAttachments, "listing attachments"));
  q.Bind(record_id);
  std::vector<AttachmentRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(ReadAttachment(q));
  }
  return rows;
}

Result<std::vector<Bytes>> SqliteTx::ReadAttachmentChunks(std::int64_t attachment_id) {
  CK_TRY(Usable("ReadAttachmentChunks"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kReadChunks, "reading attachment chunks"));
  q.Bind(attachment_id);
  std::vector<Bytes> chunks;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    chunks.push_back(q.Blob(0));
  }
  return chunks;
}

}  // namespace casekeep::store::sqlite
