// PgTx (pg_tx.h): records, their earlier versions, and attachments.
// Thread-safety: a Tx belongs to one thread.
#include "store/internal/checks.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_tx.h"

namespace casekeep::store::postgres {

using internal::WithDetail;

Result<std::int64_t> PgTx::InsertRecord(const RecordRow& row) {
  CK_TRY(Writable("InsertRecord"));
  CK_TRY(internal::CheckCode(row.code, "InsertRecord"));
  auto r = Put("inserting a record",
               "INSERT INTO records(code, type, case_id, subject_id, owner, occurred_on, "
               "created_at, updated_at, version, sealed, retention_rule, dispose_on, review_on, "
               "partial_on, reviewed_on) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
               "$12, $13, $14, $15) RETURNING id",
               row.code, row.type, row.case_id, row.subject_id, row.owner, row.occurred_on,
               row.created_at, row.updated_at, row.version, row.sealed, row.retention_rule,
               row.dispose_on, row.review_on, row.partial_on, row.reviewed_on);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  return r->Int(0, 0);
}

Status PgTx::UpdateRecord(const RecordRow& row) {
  CK_TRY(Writable("UpdateRecord"));
  // The version check is in the statement, so an update made from a stale version fails here
  // whichever casekeep process wrote the newer one.
  auto r =
      Put("updating a record",
          "UPDATE records SET code = $1, type = $2, case_id = $3, subject_id = $4, "
          "owner = $5, occurred_on = $6, created_at = $7, updated_at = $8, version = $9, "
          "sealed = $10, retention_rule = $11, dispose_on = $12, review_on = $13, "
          "partial_on = $14, reviewed_on = $15 WHERE id = $16 AND version = $17",
          row.code, row.type, row.case_id, row.subject_id, row.owner, row.occurred_on,
          row.created_at, row.updated_at, row.version, row.sealed, row.retention_rule,
          row.dispose_on, row.review_on, row.partial_on, row.reviewed_on, row.id, row.version - 1);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  if (r->Changes() == 1) return {};
  return Stale("UpdateRecord", "records", "record", row.id, row.version);
}

Result<std::optional<RecordRow>> PgTx::GetRecord(std::int64_t id) {
  CK_TRY(Usable("GetRecord"));
  CK_ASSIGN_OR_RETURN(auto r, Get("reading a record", kSelectRecord + "id = $1", id));
  return One(r, ReadRecord);
}

Result<std::optional<RecordRow>> PgTx::FindRecord(std::string_view code) {
  CK_TRY(Usable("FindRecord"));
  CK_ASSIGN_OR_RETURN(auto r, Get("finding a record", kSelectRecord + "code = $1", code));
  return One(r, ReadRecord);
}

Result<std::vector<RecordRow>> PgTx::ListRecords(const RecordFilter& filter) {
  CK_TRY(Usable("ListRecords"));
  CK_TRY(internal::CheckLimit(filter.limit, "ListRecords"));
  // One statement per combination of filters (each prepared once), so each can use its index.
  std::string sql = kSelectRecord + "id > $1";
  Params params;
  params.Add(filter.after_id);
  auto filter_on = [&](std::string_view column, auto value) {
    params.Add(value);
    sql += " AND " + std::string(column) + " = $" + std::to_string(params.size());
  };
  if (filter.case_id) filter_on("case_id", *filter.case_id);
  if (filter.subject_id) filter_on("subject_id", *filter.subject_id);
  if (filter.type) filter_on("type", std::string_view(*filter.type));
  params.Add(filter.limit);
  sql += " ORDER BY id LIMIT $" + std::to_string(params.size());
  CK_ASSIGN_OR_RETURN(auto r, conn_->Exec(sql, params, "listing records"));
  return All(r, ReadRecord);
}

Result<std::int64_t> PgTx::CountRecords() {
  CK_TRY(Usable("CountRecords"));
  CK_ASSIGN_OR_RETURN(auto r, Get("counting records", "SELECT count(*) FROM records"));
  return r.Int(0, 0);
}

Status PgTx::DeleteRecord(std::int64_t id) {
  CK_TRY(Writable("DeleteRecord"));
  CK_ASSIGN_OR_RETURN(
      const bool deleted, Atomically("deleting a record", [&]() -> Result<bool> {
        CK_TRY(Get("deleting a record",
                   "DELETE FROM attachment_chunks WHERE attachment_id IN "
                   "(SELECT id FROM attachments WHERE record_id = $1)",
                   id));
        CK_TRY(Get("deleting a record", "DELETE FROM attachments WHERE record_id = $1", id));
        CK_TRY(Get("deleting a record", "DELETE FROM record_versions WHERE record_id = $1", id));
        CK_ASSIGN_OR_RETURN(auto r,
                            Get("deleting a record", "DELETE FROM records WHERE id = $1", id));
        return r.Changes() == 1;
      }));
  if (!deleted) return std::unexpected(internal::Missing("DeleteRecord", "record", id));
  return {};
}

Status PgTx::DeleteAttachment(std::int64_t attachment_id) {
  CK_TRY(Writable("DeleteAttachment"));
  auto body = [&]() -> Result<bool> {
    CK_TRY(Get("deleting an attachment", "DELETE FROM attachment_chunks WHERE attachment_id = $1",
               attachment_id));
    CK_ASSIGN_OR_RETURN(auto r, Get("deleting an attachment",
                                    "DELETE FROM attachments WHERE id = $1", attachment_id));
    return r.Changes() == 1;
  };
  CK_ASSIGN_OR_RETURN(const bool deleted, Atomically("deleting an attachment", body));
  if (!deleted) {
    return std::unexpected(internal::Missing("DeleteAttachment", "attachment", attachment_id));
  }
  return {};
}

Status PgTx::InsertRecordVersion(const RecordVersionRow& row) {
  CK_TRY(Writable("InsertRecordVersion"));
  return Done(Put("keeping a record version",
                  "INSERT INTO record_versions(record_id, version, replaced_at, replaced_by, "
                  "sealed) VALUES($1, $2, $3, $4, $5)",
                  row.record_id, row.version, row.replaced_at, row.replaced_by, row.sealed));
}

Result<std::vector<RecordVersionRow>> PgTx::ListRecordVersions(std::int64_t record_id) {
  CK_TRY(Usable("ListRecordVersions"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing record versions",
                                  "SELECT record_id, version, replaced_at, replaced_by, sealed "
                                  "FROM record_versions WHERE record_id = $1 ORDER BY version",
                                  record_id));
  return All(r, [](const PgResult& q, int i) {
    using V = RecordVersionRow;
    return ReadInto(q, i, V{}, &V::record_id, &V::version, &V::replaced_at, &V::replaced_by,
                    &V::sealed);
  });
}

// Attachments.

Result<std::int64_t> PgTx::InsertAttachment(const AttachmentRow& row) {
  CK_TRY(Writable("InsertAttachment"));
  CK_TRY(internal::CheckCode(row.code, "InsertAttachment"));
  auto r = Put("inserting an attachment",
               "INSERT INTO attachments(code, record_id, field, owner, size, created_at) "
               "VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
               row.code, row.record_id, row.field, row.owner, row.size, row.created_at);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  return r->Int(0, 0);
}

Status PgTx::SetAttachmentSize(std::int64_t attachment_id, std::int64_t size) {
  CK_TRY(Writable("SetAttachmentSize"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Put("recording an attachment's size",
                          "UPDATE attachments SET size = $1 WHERE id = $2", size, attachment_id));
  if (r.Changes() == 0) {
    return std::unexpected(internal::Missing("SetAttachmentSize", "attachment", attachment_id));
  }
  return {};
}

Status PgTx::AppendAttachmentChunk(std::int64_t attachment_id, std::int64_t seq,
                                   const Bytes& sealed_chunk) {
  CK_TRY(Writable("AppendAttachmentChunk"));
  return Done(Put("appending an attachment chunk",
                  "INSERT INTO attachment_chunks(attachment_id, seq, sealed) VALUES($1, $2, $3)",
                  attachment_id, seq, sealed_chunk));
}

Result<std::optional<AttachmentRow>> PgTx::FindAttachment(std::string_view code) {
  CK_TRY(Usable("FindAttachment"));
  CK_ASSIGN_OR_RETURN(auto r, Get("finding an attachment", kSelectAttachment + "code = $1", code));
  return One(r, ReadAttachment);
}

Result<std::vector<AttachmentRow>> PgTx::ListAttachments(std::int64_t record_id) {
  CK_TRY(Usable("ListAttachments"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing attachments",
                                  kSelectAttachment + "record_id = $1 ORDER BY id", record_id));
  return All(r, ReadAttachment);
}

Result<std::vector<Bytes>> PgTx::ReadAttachmentChunks(std::int64_t attachment_id) {
  CK_TRY(Usable("ReadAttachmentChunks"));
  CK_ASSIGN_OR_RETURN(auto r, Get("reading attachment chunks",
                                  "SELECT sealed FROM attachment_chunks WHERE attachment_id = $1 "
                                  "ORDER BY seq",
                                  attachment_id));
  return All(r, [](const PgResult& q, int i) { return q.Blob(i, 0); });
}

}  // namespace casekeep::store::postgres
