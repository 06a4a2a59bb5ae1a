// PgTx (pg_tx.h): lifecycle and commit, metadata, keys, subjects, blind indexes,
// relationships, cases with their flags and members, and the audit chain.
// Thread-safety: a Tx belongs to one thread.
#include "store/postgres/pg_tx.h"

#include "store/internal/checks.h"
#include "store/postgres/pg_rows.h"

namespace casekeep::store::postgres {

using internal::WithDetail;

PgTx::PgTx(PostgresStore& store, PgConnection& writer, std::unique_lock<internal::WriterLock> lock)
    : store_(store), conn_(&writer), writer_lock_(std::move(lock)), writable_(true) {}

PgTx::PgTx(PostgresStore& store, std::unique_ptr<PgConnection> reader)
    : store_(store), conn_(reader.get()), reader_(std::move(reader)), writable_(false) {}

PgTx::~PgTx() {
  if (!done_ && !conn_->broken() && conn_->in_transaction()) {
    (void)conn_->Simple("ROLLBACK", "rolling back");
  }
  done_ = true;
  Finish();
}

void PgTx::Finish() noexcept {
  if (reader_) store_.ReturnReader(std::move(reader_));
  if (writer_lock_.owns_lock()) writer_lock_.unlock();
}

Status PgTx::Usable(std::string_view op) const {
  if (done_) return std::unexpected(internal::Finished(op));
  return {};
}

Status PgTx::Writable(std::string_view op) const {
  if (done_) return std::unexpected(internal::Finished(op));
  if (!writable_) return std::unexpected(internal::ReadOnly(op));
  return {};
}

Status PgTx::Commit() {
  CK_TRY(Usable("Commit"));
  done_ = true;
  Status committed = [&]() -> Status {
    auto result = conn_->Simple("COMMIT", "committing");
    if (!result) {
      if (conn_->broken()) {
        // The server may have applied the commit before the connection went: the whole
        // transaction or none of it is stored, never a part.
        return Fail(ErrorCode::kUnavailable,
                    "committing: the connection to PostgreSQL was lost; the transaction was "
                    "applied whole or not at all");
      }
      return std::unexpected(result.error());
    }
    // COMMIT of a transaction that failed earlier reports ROLLBACK rather than an error.
    if (result->Command() != "COMMIT") {
      return Fail(ErrorCode::kFailedPrecondition,
                  "committing: an earlier statement failed, so "
                  "the transaction was rolled back");
    }
    return {};
  }();
  if (!committed && !conn_->broken() && conn_->in_transaction()) {
    (void)conn_->Simple("ROLLBACK", "rolling back");
  }
  Finish();
  return committed;
}

Status PgTx::UnchangedBecause(std::string_view op, const std::string& sql, std::int64_t id,
                              std::string_view what, Error otherwise) {
  CK_ASSIGN_OR_RETURN(auto found, Get(op, sql, id));
  if (found.rows() == 0) return std::unexpected(internal::Missing(op, what, id));
  return std::unexpected(std::move(otherwise));
}

Status PgTx::Stale(std::string_view op, std::string_view table, std::string_view what,
                   std::int64_t id, std::int64_t version) {
  CK_ASSIGN_OR_RETURN(auto v,
                      Get(op, "SELECT version FROM " + std::string(table) + " WHERE id = $1", id));
  if (v.rows() == 0) return std::unexpected(internal::Missing(op, what, id));
  return std::unexpected(internal::Conflict(op, what, id, v.Int(0, 0), version));
}

// Metadata and keys.

Result<std::optional<Bytes>> PgTx::GetMeta(std::string_view key) {
  CK_TRY(Usable("GetMeta"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("reading metadata", "SELECT value FROM meta WHERE key = $1", key));
  return One(r, [](const PgResult& q, int i) { return q.Blob(i, 0); });
}

Status PgTx::PutMeta(std::string_view key, const Bytes& value) {
  CK_TRY(Writable("PutMeta"));
  return Done(Put("writing metadata",
                  "INSERT INTO meta(key, value) VALUES($1, $2) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  key, value));
}

Result<std::optional<Bytes>> PgTx::GetKey(std::string_view owner) {
  CK_TRY(Usable("GetKey"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("reading a key", "SELECT wrapped FROM keys WHERE owner = $1", owner));
  return One(r, [](const PgResult& q, int i) { return q.Blob(i, 0); });
}

Status PgTx::PutKey(const KeyRow& row) {
  CK_TRY(Writable("PutKey"));
  CK_TRY(internal::CheckCode(row.owner, "PutKey"));
  return Done(Put("writing a key",
                  "INSERT INTO keys(owner, wrapped) VALUES($1, $2) "
                  "ON CONFLICT(owner) DO UPDATE SET wrapped = excluded.wrapped",
                  row.owner, row.wrapped));
}

Status PgTx::DestroyKey(std::string_view owner) {
  CK_TRY(Writable("DestroyKey"));
  CK_ASSIGN_OR_RETURN(auto r, Put("destroying a key", "DELETE FROM keys WHERE owner = $1", owner));
  if (r.Changes() == 0) return NotFound("DestroyKey: there is no key for " + std::string(owner));
  return {};
}

Result<std::vector<KeyRow>> PgTx::ListKeys() {
  CK_TRY(Usable("ListKeys"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("listing keys", "SELECT owner, wrapped FROM keys ORDER BY owner"));
  return All(r, [](const PgResult& q, int i) { return KeyRow{q.Text(i, 0), q.Blob(i, 1)}; });
}

// Subjects.

Result<std::int64_t> PgTx::InsertSubject(const SubjectRow& row) {
  CK_TRY(Writable("InsertSubject"));
  CK_TRY(internal::CheckCode(row.code, "InsertSubject"));
  auto r = Put("inserting a subject",
               "INSERT INTO subjects(code, kind, created_at, updated_at, version, sealed, "
               "erased_at, restricted, objected, objected_purposes) "
               "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
               row.code, row.kind, row.created_at, row.updated_at, row.version, row.sealed,
               row.erased_at, row.restricted, row.objected, row.objected_purposes);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  return r->Int(0, 0);
}

Status PgTx::UpdateSubject(const SubjectRow& row) {
  CK_TRY(Writable("UpdateSubject"));
  auto r = Put("updating a subject",
               "UPDATE subjects SET code = $1, kind = $2, created_at = $3, updated_at = $4, "
               "version = $5, sealed = $6, restricted = $7, objected = $8, "
               "objected_purposes = $9 WHERE id = $10 AND version = $11 AND erased_at IS NULL",
               row.code, row.kind, row.created_at, row.updated_at, row.version, row.sealed,
               row.restricted, row.objected, row.objected_purposes, row.id, row.version - 1);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  if (r->Changes() == 1) return {};
  CK_ASSIGN_OR_RETURN(
      auto state,
      Get("updating a subject", "SELECT version, erased_at FROM subjects WHERE id = $1", row.id));
  if (state.rows() == 0)
    return std::unexpected(internal::Missing("UpdateSubject", "subject", row.id));
  if (!state.IsNull(0, 1)) return std::unexpected(internal::Erased("UpdateSubject", row.id));
  return std::unexpected(
      internal::Conflict("UpdateSubject", "subject", row.id, state.Int(0, 0), row.version));
}

Result<std::optional<SubjectRow>> PgTx::GetSubject(std::int64_t id) {
  CK_TRY(Usable("GetSubject"));
  CK_ASSIGN_OR_RETURN(auto r, Get("reading a subject", kSelectSubject + "id = $1", id));
  return One(r, ReadSubject);
}

Result<std::optional<SubjectRow>> PgTx::FindSubject(std::string_view code) {
  CK_TRY(Usable("FindSubject"));
  CK_ASSIGN_OR_RETURN(auto r, Get("finding a subject", kSelectSubject + "code = $1", code));
  return One(r, ReadSubject);
}

Status PgTx::MarkSubjectErased(std::int64_t id, std::int64_t at) {
  CK_TRY(Writable("MarkSubjectErased"));
  CK_ASSIGN_OR_RETURN(auto r, Put("erasing a subject",
                                  "UPDATE subjects SET sealed = ''::bytea, erased_at = $2, "
                                  "updated_at = $2, version = version + 1 "
                                  "WHERE id = $1 AND erased_at IS NULL",
                                  id, at));
  if (r.Changes() == 1) return {};
  CK_ASSIGN_OR_RETURN(auto found,
                      Get("erasing a subject", "SELECT 1 FROM subjects WHERE id = $1", id));
  if (found.rows() == 0)
    return std::unexpected(internal::Missing("MarkSubjectErased", "subject", id));
  return {};  // already erased: erasing again changes nothing
}

Status PgTx::InsertBlindIndex(const BlindIndexRow& row) {
  CK_TRY(Writable("InsertBlindIndex"));
  return Done(Put("inserting a blind index",
                  "INSERT INTO blind_index(field, hash, subject_id) VALUES($1, $2, $3) "
                  "ON CONFLICT DO NOTHING",
                  row.field, row.hash, row.subject_id));
}

Status PgTx::DeleteBlindIndexes(std::int64_t subject_id) {
  CK_TRY(Writable("DeleteBlindIndexes"));
  return Done(
      Put("deleting blind indexes", "DELETE FROM blind_index WHERE subject_id = $1", subject_id));
}

Result<std::vector<std::int64_t>> PgTx::LookupBlindIndex(std::string_view field,
                                                         const Bytes& hash) {
  CK_TRY(Usable("LookupBlindIndex"));
  CK_ASSIGN_OR_RETURN(auto r, Get("looking up a blind index",
                                  "SELECT subject_id FROM blind_index WHERE field = $1 AND "
                                  "hash = $2 ORDER BY subject_id",
                                  field, hash));
  return Ids(r);
}

// Relationships.

Result<std::int64_t> PgTx::InsertRelationship(const RelationshipRow& row) {
  CK_TRY(Writable("InsertRelationship"));
  CK_ASSIGN_OR_RETURN(auto r, Put("inserting a relationship",
                                  "INSERT INTO relationships(from_subject, to_subject, kind, "
                                  "created_at) VALUES($1, $2, $3, $4) RETURNING id",
                                  row.from_subject, row.to_subject, row.kind, row.created_at));
  return r.Int(0, 0);
}

Result<std::vector<RelationshipRow>> PgTx::ListRelationships(std::int64_t subject_id) {
  CK_TRY(Usable("ListRelationships"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing relationships",
                                  "SELECT id, from_subject, to_subject, kind, created_at FROM "
                                  "relationships WHERE from_subject = $1 OR to_subject = $1 "
                                  "ORDER BY id",
                                  subject_id));
  return All(r, [](const PgResult& q, int i) {
    RelationshipRow row;
    q.Read(i, row.id, row.from_subject, row.to_subject, row.kind, row.created_at);
    return row;
  });
}

// Cases.

Result<std::optional<CaseRow>> PgTx::OneCase(Result<PgResult> found) {
  if (!found) return std::unexpected(found.error());
  if (found->rows() == 0) return std::optional<CaseRow>();
  CaseRow row = ReadCase(*found, 0);
  CK_ASSIGN_OR_RETURN(row.flags, ReadList("SELECT flag FROM case_flags WHERE case_id = $1 "
                                          "ORDER BY pos",
                                          row.id, "reading case flags"));
  return std::optional<CaseRow>(std::move(row));
}

Result<std::int64_t> PgTx::InsertCase(const CaseRow& row) {
  CK_TRY(Writable("InsertCase"));
  CK_TRY(internal::CheckCode(row.code, "InsertCase"));
  CK_TRY(internal::CheckFlags(row.flags, "InsertCase"));
  return Atomically("inserting a case", [&]() -> Result<std::int64_t> {
    auto r =
        Get("inserting a case",
            "INSERT INTO cases(code, service, referral_source, opened_on, closed_on, "
            "last_contact_on, created_at, updated_at, version, transferred_on) "
            "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            row.code, row.service, row.referral_source, row.opened_on, row.closed_on,
            row.last_contact_on, row.created_at, row.updated_at, row.version, row.transferred_on);
    if (!r) return std::unexpected(WithDetail(r.error(), row.code));
    const std::int64_t id = r->Int(0, 0);
    CK_TRY(WriteList(kInsertFlag, id, row.flags, "writing case flags"));
    return id;
  });
}

Status PgTx::UpdateCase(const CaseRow& row) {
  CK_TRY(Writable("UpdateCase"));
  CK_TRY(internal::CheckFlags(row.flags, "UpdateCase"));
  CK_ASSIGN_OR_RETURN(
      const bool updated, Atomically("updating a case", [&]() -> Result<bool> {
        auto r = Get("updating a case",
                     "UPDATE cases SET code = $1, service = $2, referral_source = $3, "
                     "opened_on = $4, closed_on = $5, last_contact_on = $6, created_at = $7, "
                     "updated_at = $8, version = $9, transferred_on = $10 "
                     "WHERE id = $11 AND version = $12",
                     row.code, row.service, row.referral_source, row.opened_on, row.closed_on,
                     row.last_contact_on, row.created_at, row.updated_at, row.version,
                     row.transferred_on, row.id, row.version - 1);
        if (!r) return std::unexpected(WithDetail(r.error(), row.code));
        if (r->Changes() != 1) return false;
        CK_TRY(Get("writing case flags", "DELETE FROM case_flags WHERE case_id = $1", row.id));
        CK_TRY(WriteList(kInsertFlag, row.id, row.flags, "writing case flags"));
        return true;
      }));
  if (updated) return {};
  return Stale("UpdateCase", "cases", "case", row.id, row.version);
}

Result<std::optional<CaseRow>> PgTx::GetCase(std::int64_t id) {
  CK_TRY(Usable("GetCase"));
  return OneCase(Get("reading a case", kSelectCase + "id = $1", id));
}

Result<std::optional<CaseRow>> PgTx::FindCase(std::string_view code) {
  CK_TRY(Usable("FindCase"));
  return OneCase(Get("finding a case", kSelectCase + "code = $1", code));
}

Status PgTx::InsertCaseMember(const CaseMemberRow& row) {
  CK_TRY(Writable("InsertCaseMember"));
  auto r = Put("adding a case member",
               "INSERT INTO case_members(case_id, subject_id, role, added_at) "
               "VALUES($1, $2, $3, $4)",
               row.case_id, row.subject_id, row.role, row.added_at);
  if (!r && r.error().code == ErrorCode::kAlreadyExists) {
    return Fail(ErrorCode::kAlreadyExists,
                "InsertCaseMember: subject " + std::to_string(row.subject_id) +
                    " is already a member of case " + std::to_string(row.case_id));
  }
  return Done(std::move(r));
}

Result<std::vector<CaseMemberRow>> PgTx::ListCaseMembers(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseMembers"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing case members",
                                  kSelectMember + "case_id = $1 ORDER BY subject_id", case_id));
  return All(r, ReadMember);
}

Result<std::vector<CaseMemberRow>> PgTx::ListCasesOfSubject(std::int64_t subject_id) {
  CK_TRY(Usable("ListCasesOfSubject"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing a subject's cases",
                                  kSelectMember + "subject_id = $1 ORDER BY case_id", subject_id));
  return All(r, ReadMember);
}

// The audit chain. Writers are serialised by the advisory lock, so max(seq) cannot change
// between the check and the insert, whichever process writes.

Status PgTx::AppendAudit(const AuditRow& row) {
  CK_TRY(Writable("AppendAudit"));
  CK_ASSIGN_OR_RETURN(auto last,
                      Get("appending to the audit log", "SELECT coalesce(max(seq), 0) FROM audit"));
  const std::int64_t last_seq = last.Int(0, 0);
  if (row.seq != last_seq + 1) return std::unexpected(internal::AuditGap(row.seq, last_seq));
  return Done(Put("appending to the audit log",
                  "INSERT INTO audit(" + std::string(kAuditColumns) +
                      ") VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                  row.seq, row.at_micros, row.actor, row.action, row.objects, row.purpose,
                  row.outcome, row.detail, row.prev_hash, row.hash, row.mac));
}

Result<std::optional<AuditRow>> PgTx::LastAudit() {
  CK_TRY(Usable("LastAudit"));
  CK_ASSIGN_OR_RETURN(
      auto r, Get("reading the audit log", kSelectAudit + "TRUE ORDER BY seq DESC LIMIT 1"));
  return One(r, ReadAudit);
}

Result<std::vector<AuditRow>> PgTx::ScanAudit(std::int64_t after_seq, std::int64_t limit) {
  CK_TRY(Usable("ScanAudit"));
  CK_TRY(internal::CheckLimit(limit, "ScanAudit"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("reading the audit log", kSelectAudit + "seq > $1 ORDER BY seq LIMIT $2",
                          after_seq, limit));
  return All(r, ReadAudit);
}

}  // namespace casekeep::store::postgres
