// A transaction of the PostgreSQL store: either the write transaction (on the store's writer
// connection, holding the process's writer lock and the schema's advisory lock) or a
// REPEATABLE READ READ ONLY snapshot on a pooled connection of its own. Each write statement
// runs inside a savepoint, so a failed call changes nothing and the transaction stays usable,
// as in every backend. The methods are spread over pg_tx.cc (lifecycle, meta, keys, subjects,
// relationships, cases, the audit chain), pg_tx_records.cc (records, versions, attachments),
// pg_tx_staff.cc (staff, sessions, tokens, assignments, break-glass) and pg_tx_retention.cc
// (retention, holds, plans, disposals, consent, marketing, cookies) and pg_tx_disclosure.cc
// (the disclosure log and data subject requests).
// Thread-safety: a Tx belongs to one thread; it must not outlive its PostgresStore.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"
#include "store/store.h"

namespace casekeep::store::postgres {

class PgTx final : public Tx {
 public:
  //! The write transaction; BEGIN and the advisory lock have already run on `writer`.
  PgTx(PostgresStore& store, PgConnection& writer, std::unique_lock<internal::WriterLock> lock);
  //! A read transaction; its snapshot has already been taken on `reader`.
  PgTx(PostgresStore& store, std::unique_ptr<PgConnection> reader);
  ~PgTx() override;
  PgTx(const PgTx&) = delete;
  PgTx& operator=(const PgTx&) = delete;

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
  [[nodiscard]] Status Usable(std::string_view op) const;
  [[nodiscard]] Status Writable(std::string_view op) const;
  // A statement that reads.
  template <class... Args>
  [[nodiscard]] Result<PgResult> Get(std::string_view op, const std::string& sql,
                                     const Args&... args) {
    Params params;
    (params.Add(args), ...);
    return conn_->Exec(sql, params, op);
  }
  // A statement that writes: all or nothing, leaving the transaction usable if it fails.
  template <class... Args>
  [[nodiscard]] Result<PgResult> Put(std::string_view op, const std::string& sql,
                                     const Args&... args) {
    return Atomically(op, [&] { return Get(op, sql, args...); });
  }
  // Runs `body` (returning a Status or Result) inside a savepoint unless one is open already.
  template <class Body>
  [[nodiscard]] auto Atomically(std::string_view op, Body body) -> decltype(body());
  // kNotFound unless the row `sql` selects (by `id`) exists; then `otherwise`.
  [[nodiscard]] Status UnchangedBecause(std::string_view op, const std::string& sql,
                                        std::int64_t id, std::string_view what, Error otherwise);
  // kNotFound if `table` has no row `id`, else kConflict: an optimistic update from
  // `version` - 1 found another version stored.
  [[nodiscard]] Status Stale(std::string_view op, std::string_view table, std::string_view what,
                             std::int64_t id, std::int64_t version);
  [[nodiscard]] Result<std::optional<CaseRow>> OneCase(Result<PgResult> found);
  [[nodiscard]] Status WriteList(const std::string& insert, std::int64_t owner,
                                 const std::vector<std::string>& values, std::string_view op);
  [[nodiscard]] Result<std::vector<std::string>> ReadList(const std::string& sql,
                                                          std::int64_t owner, std::string_view op);
  [[nodiscard]] Status WriteUserLists(const UserRow& row, std::int64_t id);
  [[nodiscard]] Result<std::vector<UserRow>> Users(Result<PgResult> found);
  [[nodiscard]] Result<std::vector<TokenRow>> Tokens(Result<PgResult> found);
  void Finish() noexcept;

  PostgresStore& store_;
  PgConnection* conn_;
  std::unique_lock<internal::WriterLock> writer_lock_;  // held for a write transaction
  std::unique_ptr<PgConnection> reader_;                // owned by a read transaction
  const bool writable_;
  bool done_ = false;
  int depth_ = 0;  // open savepoints
};

template <class Body>
auto PgTx::Atomically(std::string_view op, Body body) -> decltype(body()) {
  if (depth_ > 0) return body();
  CK_TRY(conn_->Simple("SAVEPOINT ck_op", op));
  ++depth_;
  auto done = body();
  --depth_;
  if (!done) {
    if (!conn_->broken()) {
      (void)conn_->Simple("ROLLBACK TO SAVEPOINT ck_op; RELEASE SAVEPOINT ck_op", op);
    }
    return done;
  }
  CK_TRY(conn_->Simple("RELEASE SAVEPOINT ck_op", op));
  return done;
}

}  // namespace casekeep::store::postgres
