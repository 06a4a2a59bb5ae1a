// A transaction of the SQLite store: either the write transaction (BEGIN IMMEDIATE on the
// shared writer connection, holding the store's writer lock) or a read snapshot on a pooled
// connection of its own. The methods are spread over sqlite_tx.cc (lifecycle, meta, keys,
// subjects, blind indexes, relationships), sqlite_tx_cases.cc (cases and members, audit),
// sqlite_tx_records.cc (records, versions, attachments), sqlite_tx_staff.cc (staff
// accounts, sessions, API tokens, case assignments), sqlite_tx_break_glass.cc (break-glass
// accesses and their review), sqlite_tx_retention.cc (retention dates, holds, plans, the
// disposal log), sqlite_tx_consent.cc (texts, consents, marketing, suppressions, cookies) and
// sqlite_tx_disclosure.cc (the disclosure log and data subject requests).
// Thread-safety: a Tx belongs to one thread; it must not outlive its SqliteStore.
#pragma once

#include <memory>
#include <mutex>
#include <string_view>
#include <type_traits>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace casekeep::store::sqlite {

class SqliteTx final : public Tx {
 public:
  //! The write transaction; BEGIN IMMEDIATE has already run on `writer`.
  SqliteTx(SqliteStore& store, Connection& writer, std::unique_lock<internal::WriterLock> lock);
  //! A read transaction; BEGIN has already run on `reader`.
  SqliteTx(SqliteStore& store, std::unique_ptr<Connection> reader);
  ~SqliteTx() override;
  SqliteTx(const SqliteTx&) = delete;
  SqliteTx& operator=(const SqliteTx&) = delete;

  //! Makes a read transaction take its snapshot now rather than at its first read.
  [[nodiscard]] Status StartSnapshot();

  Result<std::optional<Bytes>> GetMeta(std::string_view key) override;
  Status PutMeta(std::string_view key, const Bytes& value) override;

  Result<std::optional<Bytes>> GetKey(std::string_view owner) override;
  Status PutKey(const KeyRow& row) override;
  Status DestroyKey(std::string_view owner) override;
  Result<std::vector<KeyRow>> ListKeys() override;

  Result<std::int64_t> InsertSubject(const SubjectRow& row) override;
  Status UpdateSubject(const SubjectRow& row) override;
  Result<std::optional<SubjectRow>> GetSubject(std::int64_t id) override;
  Result<std::optional<SubjectRow>> FindSubject(std::string_view code) override;
  Status MarkSubjectErased(std::int64_t id, std::int64_t at) override;
  Status InsertBlindIndex(const BlindIndexRow& row) override;
  Status DeleteBlindIndexes(std::int64_t subject_id) override;
  Result<std::vector<std::int64_t>> LookupBlindIndex(std::string_view field,
                                                     const Bytes& hash) override;

  Result<std::int64_t> InsertRelationship(const RelationshipRow& row) override;
  Result<std::vector<RelationshipRow>> ListRelationships(std::int64_t subject_id) override;

  Result<std::int64_t> InsertCase(const CaseRow& row) override;
  Status UpdateCase(const CaseRow& row) override;
  Result<std::optional<CaseRow>> GetCase(std::int64_t id) override;
  Result<std::optional<CaseRow>> FindCase(std::string_view code) override;
  Status InsertCaseMember(const CaseMemberRow& row) override;
  Result<std::vector<CaseMemberRow>> ListCaseMembers(std::int64_t case_id) override;
  Result<std::vector<CaseMemberRow>> ListCasesOfSubject(std::int64_t subject_id) override;

  Result<std::int64_t> InsertRecord(const RecordRow& row) override;
  Status UpdateRecord(const RecordRow& row) override;
  Result<std::optional<RecordRow>> GetRecord(std::int64_t id) override;
  Result<std::optional<RecordRow>> FindRecord(std::string_view code) override;
  Result<std::vector<RecordRow>> ListRecords(const RecordFilter& filter) override;
  Result<std::int64_t> CountRecords() override;
  Status DeleteRecord(std::int64_t id) override;
  Status DeleteAttachment(std::int64_t attachment_id) override;
  Status InsertRecordVersion(const RecordVersionRow& row) override;
  Result<std::vector<RecordVersionRow>> ListRecordVersions(std::int64_t record_id) override;

  Result<std::int64_t> InsertAttachment(const AttachmentRow& row) override;
  Status SetAttachmentSize(std::int64_t attachment_id, std::int64_t size) override;
  Status AppendAttachmentChunk(std::int64_t attachment_id, std::int64_t seq,
                               const Bytes& sealed_chunk) override;
  Result<std::optional<AttachmentRow>> FindAttachment(std::string_view code) override;
  Result<std::vector<AttachmentRow>> ListAttachments(std::int64_t record_id) override;
  Result<std::vector<Bytes>> ReadAttachmentChunks(std::int64_t attachment_id) override;

  Result<std::int64_t> InsertUser(const UserRow& row) override;
  Status UpdateUser(const UserRow& row) override;
  Result<std::optional<UserRow>> GetUser(std::int64_t id) override;
  Result<std::optional<UserRow>> FindUserByName(std::string_view username) override;
  Result<std::optional<UserRow>> FindUserByCode(std::string_view code) override;
  Result<std::vector<UserRow>> ListUsers() override;
  Result<std::vector<std::int64_t>> ListTeamUsers(std::string_view team) override;

  Status InsertSession(const SessionRow& row) override;
  Result<std::optional<SessionRow>> FindSession(const Bytes& token_hash) override;
  Status TouchSession(const Bytes& token_hash, std::int64_t last_seen_at) override;
  Status DeleteSession(const Bytes& token_hash) override;
  Result<std::int64_t> DeleteUserSessions(std::int64_t user_id) override;

  Result<std::int64_t> InsertToken(const TokenRow& row) override;
  Result<std::optional<TokenRow>> FindTokenBySecret(const Bytes& secret_hash) override;
  Result<std::optional<TokenRow>> FindTokenByCode(std::string_view code) override;
  Result<std::vector<TokenRow>> ListTokens(std::int64_t user_id) override;
  Status RevokeToken(std::int64_t token_id, std::int64_t at) override;

  Status InsertAssignment(const AssignmentRow& row) override;
  Status DeleteAssignment(std::int64_t case_id, std::int64_t user_id) override;
  Result<std::vector<AssignmentRow>> ListCaseAssignments(std::int64_t case_id) override;
  Result<std::vector<AssignmentRow>> ListUserAssignments(std::int64_t user_id) override;

  Result<std::int64_t> InsertBreakGlass(const BreakGlassRow& row) override;
  Result<std::vector<BreakGlassRow>> ListBreakGlass(std::int64_t after_id, std::int64_t limit,
                                                    bool unreviewed_only) override;
  Status ReviewBreakGlass(std::int64_t id, std::int64_t at, std::string_view reviewer) override;

  Status SetRecordRetention(std::int64_t record_id, const RetentionDates& dates) override;
  Result<std::vector<RecordRow>> ListRecordsDue(DueKind kind, std::string_view on_or_before,
                                                std::int64_t after_id, std::int64_t limit) override;
  Result<std::vector<std::int64_t>> ListCaseRecordIds(std::int64_t case_id) override;
  Result<std::vector<std::int64_t>> ListSubjectRecordIds(std::int64_t subject_id) override;
  Result<std::int64_t> DeleteRecordVersions(std::int64_t record_id) override;
  Result<std::int64_t> InsertHold(const HoldRow& row) override;
  Result<std::optional<HoldRow>> FindHold(std::string_view code) override;
  Result<std::vector<HoldRow>> ListHolds(std::int64_t after_id, std::int64_t limit,
                                         bool active_only) override;
  Result<std::vector<HoldRow>> ListActiveHoldsOn(const std::vector<std::string>& targets) override;
  Status SetHoldReview(std::int64_t id, std::string_view review_on) override;
  Status ReleaseHold(std::int64_t id, std::int64_t at, std::string_view by,
                     const Bytes& note) override;
  Result<std::int64_t> InsertDisposal(const DisposalRow& row) override;
  Result<std::vector<DisposalRow>> ScanDisposals(std::int64_t after_seq,
                                                 std::int64_t limit) override;
  Result<std::int64_t> InsertPlan(const PlanRow& row) override;
  Result<std::optional<PlanRow>> FindPlan(std::string_view code) override;
  Status ApprovePlan(std::int64_t id, std::string_view by, std::int64_t at) override;
  Status MarkPlanExecuted(std::int64_t id, std::int64_t at) override;

  Status PutText(const TextRow& row) override;
  Result<std::optional<TextRow>> GetText(const Bytes& hash) override;
  Result<std::int64_t> InsertConsent(const ConsentRow& row) override;
  Result<std::vector<ConsentRow>> ListConsents(std::int64_t subject_id) override;
  Result<std::vector<ConsentRow>> ScanConsents(std::int64_t after_id, std::int64_t limit) override;
  Result<std::int64_t> InsertMarketing(const MarketingRow& row) override;
  Result<std::vector<MarketingRow>> ListMarketing(std::int64_t subject_id) override;
  Status InsertSuppression(const SuppressionRow& row) override;
  Result<bool> IsSuppressed(std::string_view channel, const Bytes& hash) override;
  Result<std::int64_t> InsertCookieConsent(const CookieConsentRow& row) override;
  Result<std::vector<CookieConsentRow>> ListCookieConsents(const Bytes& device_hash) override;
  Result<std::int64_t> DeleteCookieConsentsBefore(std::int64_t before) override;

  Result<std::int64_t> InsertDisclosure(const DisclosureRow& row) override;
  Result<std::optional<DisclosureRow>> FindDisclosure(std::string_view code) override;
  Result<std::vector<DisclosureRow>> ListDisclosures(std::int64_t subject_id) override;
  Result<std::vector<DisclosureRow>> ScanDisclosures(std::int64_t after_id, std::int64_t limit,
                                                     bool flagged_unreviewed_only) override;
  Status ReviewDisclosure(std::int64_t id, std::int64_t at, std::string_view by) override;
  Result<std::int64_t> InsertRequest(const RequestRow& row) override;
  Status UpdateRequest(const RequestRow& row) override;
  Result<std::optional<RequestRow>> FindRequest(std::string_view code) override;
  Result<std::vector<RequestRow>> ListRequests(std::int64_t after_id, std::int64_t limit) override;
  Result<std::vector<RequestRow>> ListSubjectRequests(std::int64_t subject_id) override;

  Status AppendAudit(const AuditRow& row) override;
  Result<std::optional<AuditRow>> LastAudit() override;
  Result<std::vector<AuditRow>> ScanAudit(std::int64_t after_seq, std::int64_t limit) override;

  Status Commit() override;

 private:
  // kFailedPrecondition once the transaction has committed (or failed to).
  [[nodiscard]] Status Usable(std::string_view op) const;
  // As Usable, and kFailedPrecondition for a read transaction.
  [[nodiscard]] Status Writable(std::string_view op) const;
  [[nodiscard]] Result<Query> Use(Sql id, std::string_view op) { return conn_->Use(id, op); }
  // The rowid of the last INSERT on this connection.
  std::int64_t LastId() const noexcept { return sqlite3_last_insert_rowid(conn_->db()); }
  // Rows changed by the last statement.
  int Changes() const noexcept { return sqlite3_changes(conn_->db()); }
  [[nodiscard]] Status WriteFlags(std::int64_t case_id, const std::vector<std::string>& flags);
  [[nodiscard]] Result<std::vector<std::string>> ReadFlags(std::int64_t case_id);
  [[nodiscard]] Result<std::optional<CaseRow>> ReadCase(Query& q);
  // Writes `values` with their position into the child table of `insert` (user or token id,
  // value, pos).
  [[nodiscard]] Status WriteList(Sql insert, std::int64_t owner,
                                 const std::vector<std::string>& values, std::string_view op);
  // The values of the child table `list` for `owner`, in position order.
  [[nodiscard]] Result<std::vector<std::string>> ReadList(Sql list, std::int64_t owner,
                                                          std::string_view op);
  [[nodiscard]] Status WriteUserLists(const UserRow& row, std::int64_t id);
  // The current row of `q` with its roles and recovery hashes, or nothing if `q` has no row.
  [[nodiscard]] Result<std::optional<UserRow>> ReadUser(Query& q);
  [[nodiscard]] Result<std::optional<TokenRow>> ReadToken(Query& q);
  // The ids in the first column of every row of `q`.
  [[nodiscard]] static Result<std::vector<std::int64_t>> Ids(Query& q);
  // read(q) for every row of `q`, in order.
  template <class Read>
  [[nodiscard]] static Result<std::vector<std::invoke_result_t<Read, const Query&>>> Rows(
      Query& q, Read read);
  // kNotFound or kFailedPrecondition for a hold that SetHoldReview or ReleaseHold did not
  // change: there is no hold `id`, or it has been released.
  [[nodiscard]] Status HoldUnchanged(std::string_view op, std::int64_t id);
  // Runs `body`, a write of several statements, so that it applies wholly or not at all.
  template <class Body>
  [[nodiscard]] Status Atomically(std::string_view op, Body body);
  [[nodiscard]] Status RunStatement(Sql id, std::string_view op);
  void Finish() noexcept;
  // A boolean as SQLite stores it.
  static std::int64_t Flag(bool value) noexcept { return value ? 1 : 0; }

  SqliteStore& store_;
  Connection* conn_;
  std::unique_lock<internal::WriterLock> writer_lock_;  // held for a write transaction
  std::unique_ptr<Connection> reader_;                  // owned by a read transaction
  const bool writable_;
  bool done_ = false;
  bool erased_ = false;  // destroyed a key, erased a subject or deleted a record
};

template <class Read>
Result<std::vector<std::invoke_result_t<Read, const Query&>>> SqliteTx::Rows(Query& q, Read read) {
  std::vector<std::invoke_result_t<Read, const Query&>> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(read(q));
  }
  return rows;
}

template <class Body>
Status SqliteTx::Atomically(std::string_view op, Body body) {
  CK_TRY(RunStatement(Sql::kSavepoint, op));
  Status done = body();
  if (!done) {
    (void)RunStatement(Sql::kRollbackToSavepoint, op);
    (void)RunStatement(Sql::kRelease, op);
    return done;
  }
  return RunStatement(Sql::kRelease, op);
}

//! The record in the current row of a query over kRecordColumns.
[[nodiscard]] RecordRow ReadRecord(const Query& q);

}  // namespace casekeep::store::sqlite
