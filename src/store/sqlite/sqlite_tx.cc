// SqliteTx (sqlite_tx.h): lifecycle and commit, metadata, keys, subjects, blind indexes and
// relationships. Thread-safety: a Tx belongs to one thread.
#include "store/sqlite/sqlite_tx.h"

#include "store/internal/checks.h"

namespace casekeep::store::sqlite {

using internal::WithDetail;

namespace {

SubjectRow ReadSubject(const Query& q) {
  SubjectRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.kind = q.Text(2);
  row.created_at = q.Int(3);
  row.updated_at = q.Int(4);
  row.version = q.Int(5);
  row.sealed = q.Blob(6);
  row.erased_at = q.OptInt(7);
  row.restricted = q.Int(8) != 0;
  row.objected = q.Int(9) != 0;
  row.objected_purposes = q.Text(10);
  return row;
}

Result<std::optional<SubjectRow>> OneSubject(Query& q) {
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<SubjectRow>();
  return std::optional<SubjectRow>(ReadSubject(q));
}

}  // namespace

SqliteTx::SqliteTx(SqliteStore& store, Connection& writer,
                   std::unique_lock<internal::WriterLock> lock)
    : store_(store), conn_(&writer), writer_lock_(std::move(lock)), writable_(true) {}

SqliteTx::SqliteTx(SqliteStore& store, std::unique_ptr<Connection> reader)
    : store_(store), conn_(reader.get()), reader_(std::move(reader)), writable_(false) {}

SqliteTx::~SqliteTx() {
  if (!done_) {
    if (sqlite3_get_autocommit(conn_->db()) == 0) {
      if (auto rollback = Use(Sql::kRollback, "rolling back")) (void)rollback->Run();
    }
    done_ = true;
  }
  Finish();
}

void SqliteTx::Finish() noexcept {
  if (reader_) store_.ReturnReader(std::move(reader_));
  if (writer_lock_.owns_lock()) writer_lock_.unlock();
}

Status SqliteTx::RunStatement(Sql id, std::string_view op) {
  CK_ASSIGN_OR_RETURN(auto q, Use(id, op));
  return q.Run();
}

Status SqliteTx::StartSnapshot() {
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kStartSnapshot, "starting a read snapshot"));
  return q.Run();
}

Status SqliteTx::Usable(std::string_view op) const {
  if (done_) return std::unexpected(internal::Finished(op));
  return {};
}

Status SqliteTx::Writable(std::string_view op) const {
  if (done_) return std::unexpected(internal::Finished(op));
  if (!writable_) return std::unexpected(internal::ReadOnly(op));
  return {};
}

Status SqliteTx::Commit() {
  CK_TRY(Usable("Commit"));
  done_ = true;
  Status committed = [&]() -> Status {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kCommit, "committing"));
    return q.Run();
  }();
  if (!committed) {
    // SQLite may keep the transaction open after a failed COMMIT; nothing of it may apply.
    if (sqlite3_get_autocommit(conn_->db()) == 0) {
      if (auto rollback = Use(Sql::kRollback, "rolling back")) (void)rollback->Run();
    }
  } else if (writable_) {
    store_.AfterCommit(erased_);
  }
  Finish();
  return committed;
}

// Metadata.

Result<std::optional<Bytes>> SqliteTx::GetMeta(std::string_view key) {
  CK_TRY(Usable("GetMeta"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kGetMeta, "reading metadata"));
  q.Bind(key);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<Bytes>();
  return std::optional<Bytes>(q.Blob(0));
}

Status SqliteTx::PutMeta(std::string_view key, const Bytes& value) {
  CK_TRY(Writable("PutMeta"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kPutMeta, "writing metadata"));
  q.Bind(key).Bind(value);
  return q.Run();
}

// Keys.

Result<std::optional<Bytes>> SqliteTx::GetKey(std::string_view owner) {
  CK_TRY(Usable("GetKey"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kGetKey, "reading a key"));
  q.Bind(owner);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<Bytes>();
  return std::optional<Bytes>(q.Blob(0));
}

Status SqliteTx::PutKey(const KeyRow& row) {
  CK_TRY(Writable("PutKey"));
  CK_TRY(internal::CheckCode(row.owner, "PutKey"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kPutKey, "writing a key"));
  q.Bind(row.owner).Bind(row.wrapped);
  return q.Run();
}

Status SqliteTx::DestroyKey(std::string_view owner) {
  CK_TRY(Writable("DestroyKey"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDeleteKey, "destroying a key"));
  q.Bind(owner);
  CK_TRY(q.Run());
  if (Changes() == 0) return NotFound("DestroyKey: there is no key for " + std::string(owner));
  erased_ = true;
  return {};
}

Result<std::vector<KeyRow>> SqliteTx::ListKeys() {
  CK_TRY(Usable("ListKeys"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListKeys, "listing keys"));
  std::vector<KeyRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(KeyRow{q.Text(0), q.Blob(1)});
  }
  return rows;
}

// Subjects.

Result<std::int64_t> SqliteTx::InsertSubject(const SubjectRow& row) {
  CK_TRY(Writable("InsertSubject"));
  CK_TRY(internal::CheckCode(row.code, "InsertSubject"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertSubject, "inserting a subject"));
  q.Bind(row.code).Bind(row.kind).Bind(row.created_at).Bind(row.updated_at).Bind(row.version);
  q.Bind(row.sealed).Bind(row.erased_at).Bind(Flag(row.restricted)).Bind(Flag(row.objected));
  q.Bind(row.objected_purposes);
  if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
  return LastId();
}

Status SqliteTx::UpdateSubject(const SubjectRow& row) {
  CK_TRY(Writable("UpdateSubject"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kUpdateSubject, "updating a subject"));
    q.Bind(row.code).Bind(row.kind).Bind(row.created_at).Bind(row.updated_at);
    q.Bind(row.version).Bind(row.sealed).Bind(Flag(row.restricted)).Bind(Flag(row.objected));
    q.Bind(row.objected_purposes);
    q.Bind(row.id).Bind(row.version - 1);
    if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
    if (Changes() == 1) return {};
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kSubjectState, "updating a subject"));
  q.Bind(row.id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("UpdateSubject", "subject", row.id));
  if (!q.IsNull(1)) return std::unexpected(internal::Erased("UpdateSubject", row.id));
  return std::unexpected(
      internal::Conflict("UpdateSubject", "subject", row.id, q.Int(0), row.version));
}

Result<std::optional<SubjectRow>> SqliteTx::GetSubject(std::int64_t id) {
  CK_TRY(Usable("GetSubject"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kGetSubject, "reading a subject"));
  q.Bind(id);
  return OneSubject(q);
}

Result<std::optional<SubjectRow>> SqliteTx::FindSubject(std::string_view code) {
  CK_TRY(Usable("FindSubject"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindSubject, "finding a subject"));
  q.Bind(code);
  return OneSubject(q);
}

Status SqliteTx::MarkSubjectErased(std::int64_t id, std::int64_t at) {
  CK_TRY(Writable("MarkSubjectErased"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kEraseSubject, "erasing a subject"));
    q.Bind(id).Bind(at);
    CK_TRY(q.Run());
    if (Changes() == 1) {
      erased_ = true;
      return {};
    }
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kSubjectState, "erasing a subject"));
  q.Bind(id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("MarkSubjectErased", "subject", id));
  return {};  // already erased: erasing again changes nothing
}

Status SqliteTx::InsertBlindIndex(const BlindIndexRow& row) {
  CK_TRY(Writable("InsertBlindIndex"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertBlindIndex, "inserting a blind index"));
  q.Bind(row.field).Bind(row.hash).Bind(row.subject_id);
  return q.Run();
}

Status SqliteTx::DeleteBlindIndexes(std::int64_t subject_id) {
  CK_TRY(Writable("DeleteBlindIndexes"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDeleteBlindIndexes, "deleting blind indexes"));
  q.Bind(subject_id);
  return q.Run();
}

Result<std::vector<std::int64_t>> SqliteTx::LookupBlindIndex(std::string_view field,
                                                             const Bytes& hash) {
  CK_TRY(Usable("LookupBlindIndex"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kLookupBlindIndex, "looking up a blind index"));
  q.Bind(field).Bind(hash);
  std::vector<std::int64_t> ids;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    ids.push_back(q.Int(0));
  }
  return ids;
}

// Relationships.

Result<std::int64_t> SqliteTx::InsertRelationship(const RelationshipRow& row) {
  CK_TRY(Writable("InsertRelationship"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertRelationship, "inserting a relationship"));
  q.Bind(row.from_subject).Bind(row.to_subject).Bind(row.kind).Bind(row.created_at);
  CK_TRY(q.Run());
  return LastId();
}

Result<std::vector<RelationshipRow>> SqliteTx::ListRelationships(std::int64_t subject_id) {
  CK_TRY(Usable("ListRelationships"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListRelationships, "listing relationships"));
  q.Bind(subject_id);
  std::vector<RelationshipRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(RelationshipRow{q.Int(0), q.Int(1), q.Int(2), q.Text(3), q.Int(4)});
  }
  return rows;
}

}  // namespace casekeep::store::sqlite
