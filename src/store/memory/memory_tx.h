// A transaction of the MemoryStore: reads the snapshot it started with, and a write
// transaction writes to a private copy made at its first write, published by Commit. Every
// method checks everything before it changes anything, so a failed call changes nothing.
// Methods are in memory_tx.cc (lifecycle, meta, keys, subjects, relationships),
// memory_tx_cases.cc (cases, members, audit), memory_tx_records.cc (records, versions,
// attachments), memory_tx_staff.cc (staff accounts, sessions, API tokens, assignments),
// memory_tx_break_glass.cc (break-glass accesses and their review), memory_tx_retention.cc
// (retention dates, holds, plans, the disposal log), memory_tx_consent.cc (texts, consents,
// marketing, suppressions, cookie consents) and memory_tx_disclosure.cc (the disclosure log and
// data subject requests).
// Thread-safety: a Tx belongs to one thread; it must not outlive its MemoryStore.
#pragma once

#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "store/memory/memory_store.h"
#include "store/memory/state.h"
#include "store/store.h"

namespace casekeep::store::memory {

class MemoryTx final : public Tx {
 public:
  //! A write transaction if `lock` owns the store's writer lock, else a read transaction.
  MemoryTx(MemoryStore& store, std::shared_ptr<const State> base,
           std::unique_lock<internal::WriterLock> lock);
  ~MemoryTx() override = default;

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
  // The state as this transaction sees it.
  const State& View() const { return work_ ? *work_ : *base_; }
  // The private copy, made on first use; call only once every check has passed.
  State& Mut();
  // kFailedPrecondition (as a foreign key violation in SQLite) unless the row exists.
  [[nodiscard]] Status Refers(std::string_view op, bool exists, std::string_view what,
                              std::int64_t id) const;
  // kNotFound if there is no hold `id`, kFailedPrecondition if it has been released.
  [[nodiscard]] Status HoldChangeable(std::string_view op, std::int64_t id) const;

  MemoryStore& store_;
  std::shared_ptr<const State> base_;
  std::shared_ptr<State> work_;
  std::unique_lock<internal::WriterLock> writer_lock_;
  const bool writable_;
  bool done_ = false;
};

//! The row whose code is `code`, if any.
template <class Row>
std::optional<Row> ByCode(const CodeIndex& index, const std::map<std::int64_t, Row>& rows,
                          std::string_view code) {
  const auto it = index.find(code);
  if (it == index.end()) return std::nullopt;
  return rows.at(it->second);
}

//! Stores `row` under the next number of `next`, which it also writes to the row's `key`
//! member (its id or seq); returns that number.
template <class Row>
std::int64_t Append(std::map<std::int64_t, Row>& rows, std::int64_t& next, Row row,
                    std::int64_t Row::*key = &Row::id) {
  const std::int64_t id = next++;
  row.*key = id;
  rows.emplace(id, std::move(row));
  return id;
}

//! As Append, and indexes the row by its code (the caller has checked that it is free).
template <class Row>
std::int64_t AppendWithCode(std::map<std::int64_t, Row>& rows, CodeIndex& codes,
                            std::int64_t& next, Row row) {
  codes.emplace(row.code, next);
  return Append(rows, next, std::move(row));
}

//! Up to `limit` rows with a key greater than `after` that `keep` accepts, in key order.
template <class Row, class Keep>
std::vector<Row> Page(const std::map<std::int64_t, Row>& rows, std::int64_t after,
                      std::int64_t limit, Keep keep) {
  std::vector<Row> page;
  for (auto it = rows.upper_bound(after); it != rows.end() && std::ssize(page) < limit; ++it) {
    if (keep(it->second)) page.push_back(it->second);
  }
  return page;
}

//! Every row that `keep` accepts, in key order.
template <class Row, class Keep>
std::vector<Row> Matching(const std::map<std::int64_t, Row>& rows, Keep keep) {
  std::vector<Row> found;
  for (const auto& [key, row] : rows) {
    if (keep(row)) found.push_back(row);
  }
  return found;
}

//! kAlreadyExists: "<op>: <code> already exists".
[[nodiscard]] Error Duplicate(std::string_view op, std::string_view what, std::string_view code);

}  // namespace casekeep::store::memory
