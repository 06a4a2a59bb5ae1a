// A minimal in-memory store for the audit tests in this folder (never linked into casekeep):
// only the audit methods behave; every other method fails with kInternal "unused". Committed
// entries live in FakeStore::rows, keyed by seq like a database table, so a test can edit,
// delete or reorder them as someone with write access to the database could. It also counts
// transactions and scans, and can be told to fail a scan. Not thread-safe.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "store/store.h"

namespace casekeep::audit::testing {

using store::AssignmentRow;
using store::AttachmentRow;
using store::AuditRow;
using store::BlindIndexRow;
using store::BreakGlassRow;
using store::Bytes;
using store::CaseMemberRow;
using store::CaseRow;
using store::KeyRow;
using store::RecordFilter;
using store::RecordRow;
using store::RecordVersionRow;
using store::RelationshipRow;
using store::SessionRow;
using store::SubjectRow;
using store::TokenRow;
using store::UserRow;
using store::ConsentRow;
using store::CookieConsentRow;
using store::DisclosureRow;
using store::DisposalRow;
using store::DueKind;
using store::HoldRow;
using store::MarketingRow;
using store::PlanRow;
using store::RequestRow;
using store::RetentionDates;
using store::SuppressionRow;
using store::TextRow;

class FakeStore final : public store::Store {
 public:
  std::map<std::int64_t, AuditRow> rows;  //!< the committed chain
  int write_txs = 0;                      //!< Begin() calls
  int read_txs = 0;                       //!< BeginRead() calls
  int scans = 0;                          //!< ScanAudit() calls
  std::optional<Error> scan_error;        //!< when set, ScanAudit fails with it

  Result<std::unique_ptr<store::Tx>> Begin() override;
  Result<std::unique_ptr<store::Tx>> BeginRead() override;
  std::string_view backend() const override { return "fake"; }
};

class FakeTx final : public store::Tx {
 public:
  FakeTx(FakeStore& store, bool read_only) : store_(store), read_only_(read_only) {}

  Status AppendAudit(const AuditRow& row) override {
    if (read_only_) return Fail(ErrorCode::kFailedPrecondition, "read-only transaction");
    if (store_.rows.contains(row.seq) || pending_.contains(row.seq)) {
      return Fail(ErrorCode::kAlreadyExists, "audit seq already used");
    }
    pending_.emplace(row.seq, row);
    return {};
  }
  Result<std::optional<AuditRow>> LastAudit() override {
    if (!pending_.empty()) return std::prev(pending_.end())->second;
    if (!store_.rows.empty()) return std::prev(store_.rows.end())->second;
    return std::optional<AuditRow>();
  }
  Result<std::vector<AuditRow>> ScanAudit(std::int64_t after_seq, std::int64_t limit) override {
    ++store_.scans;
    if (store_.scan_error) return std::unexpected(*store_.scan_error);
    std::vector<AuditRow> page;
    for (auto it = store_.rows.upper_bound(after_seq);
         it != store_.rows.end() && std::ssize(page) < limit; ++it) {
      page.push_back(it->second);
    }
    return page;
  }
  Status Commit() override {
    store_.rows.merge(pending_);
    pending_.clear();
    return {};
  }

  Result<std::optional<Bytes>> GetMeta(std::string_view) override { return Unused(); }
  Status PutMeta(std::string_view, const Bytes&) override { return Unused(); }
  Result<std::optional<Bytes>> GetKey(std::string_view) override { return Unused(); }
  Status PutKey(const KeyRow&) override { return Unused(); }
  Status DestroyKey(std::string_view) override { return Unused(); }
  Result<std::vector<KeyRow>> ListKeys() override { return Unused(); }
  Result<std::int64_t> InsertSubject(const SubjectRow&) override { return Unused(); }
  Status UpdateSubject(const SubjectRow&) override { return Unused(); }
  Result<std::optional<SubjectRow>> GetSubject(std::int64_t) override { return Unused(); }
  Result<std::optional<SubjectRow>> FindSubject(std::string_view) override { return Unused(); }
  Status MarkSubjectErased(std::int64_t, std::int64_t) override { return Unused(); }
  Status InsertBlindIndex(const BlindIndexRow&) override { return Unused(); }
  Status DeleteBlindIndexes(std::int64_t) override { return Unused(); }
  Result<std::vector<std::int64_t>> LookupBlindIndex(std::string_view, const Bytes&) override {
    return Unused();
  }
  Result<std::int64_t> InsertRelationship(const RelationshipRow&) override { return Unused(); }
  Result<std::vector<RelationshipRow>> ListRelationships(std::int64_t) override { return Unused(); }
  Result<std::int64_t> InsertCase(const CaseRow&) override { return Unused(); }
  Status UpdateCase(const CaseRow&) override { return Unused(); }
  Result<std::optional<CaseRow>> GetCase(std::int64_t) override { return Unused(); }
  Result<std::optional<CaseRow>> FindCase(std::string_view) override { return Unused(); }
  Status InsertCaseMember(const CaseMemberRow&) override { return Unused(); }
  Result<std::vector<CaseMemberRow>> ListCaseMembers(std::int64_t) override { return Unused(); }
  Result<std::vector<CaseMemberRow>> ListCasesOfSubject(std::int64_t) override { return Unused(); }
  Result<std::int64_t> InsertRecord(const RecordRow&) override { return Unused(); }
  Status UpdateRecord(const RecordRow&) override { return Unused(); }
  Result<std::optional<RecordRow>> GetRecord(std::int64_t) override { return Unused(); }
  Result<std::optional<RecordRow>> FindRecord(std::string_view) override { return Unused(); }
  Result<std::vector<RecordRow>> ListRecords(const RecordFilter&) override { return Unused(); }
  Result<std::int64_t> CountRecords() override { return Unused(); }
  Status DeleteRecord(std::int64_t) override { return Unused(); }
  Status InsertRecordVersion(const RecordVersionRow&) override { return Unused(); }
  Result<std::vector<RecordVersionRow>> ListRecordVersions(std::int64_t) override {
    return Unused();
  }
  Result<std::int64_t> InsertAttachment(const AttachmentRow&) override { return Unused(); }
  Status SetAttachmentSize(std::int64_t, std::int64_t) override { return Unused(); }
  Status AppendAttachmentChunk(std::int64_t, std::int64_t, const Bytes&) override {
    return Unused();
  }
  Status DeleteAttachment(std::int64_t) override { return Unused(); }
  Result<std::optional<AttachmentRow>> FindAttachment(std::string_view) override {
    return Unused();
  }
  Result<std::vector<AttachmentRow>> ListAttachments(std::int64_t) override { return Unused(); }
  Result<std::vector<Bytes>> ReadAttachmentChunks(std::int64_t) override { return Unused(); }
  Result<std::int64_t> InsertUser(const UserRow&) override { return Unused(); }
  Status UpdateUser(const UserRow&) override { return Unused(); }
  Result<std::optional<UserRow>> GetUser(std::int64_t) override { return Unused(); }
  Result<std::optional<UserRow>> FindUserByName(std::string_view) override { return Unused(); }
  Result<std::optional<UserRow>> FindUserByCode(std::string_view) override { return Unused(); }
  Result<std::vector<UserRow>> ListUsers() override { return Unused(); }
  Result<std::vector<std::int64_t>> ListTeamUsers(std::string_view) override { return Unused(); }
  Status InsertSession(const SessionRow&) override { return Unused(); }
  Result<std::optional<SessionRow>> FindSession(const Bytes&) override { return Unused(); }
  Status TouchSession(const Bytes&, std::int64_t) override { return Unused(); }
  Status DeleteSession(const Bytes&) override { return Unused(); }
  Result<std::int64_t> DeleteUserSessions(std::int64_t) override { return Unused(); }
  Result<std::int64_t> InsertToken(const TokenRow&) override { return Unused(); }
  Result<std::optional<TokenRow>> FindTokenBySecret(const Bytes&) override { return Unused(); }
  Result<std::optional<TokenRow>> FindTokenByCode(std::string_view) override { return Unused(); }
  Result<std::vector<TokenRow>> ListTokens(std::int64_t) override { return Unused(); }
  Status RevokeToken(std::int64_t, std::int64_t) override { return Unused(); }
  Status InsertAssignment(const AssignmentRow&) override { return Unused(); }
  Status DeleteAssignment(std::int64_t, std::int64_t) override { return Unused(); }
  Result<std::vector<AssignmentRow>> ListCaseAssignments(std::int64_t) override { return Unused(); }
  Result<std::vector<AssignmentRow>> ListUserAssignments(std::int64_t) override { return Unused(); }
  Result<std::int64_t> InsertBreakGlass(const BreakGlassRow&) override { return Unused(); }
  Result<std::vector<BreakGlassRow>> ListBreakGlass(std::int64_t, std::int64_t, bool) override {
    return Unused();
  }
  Status ReviewBreakGlass(std::int64_t, std::int64_t, std::string_view) override {
    return Unused();
  }
  Status SetRecordRetention(std::int64_t, const RetentionDates&) override { return Unused(); }
  Result<std::vector<RecordRow>> ListRecordsDue(DueKind, std::string_view, std::int64_t,
                                                std::int64_t) override {
    return Unused();
  }
  Result<std::vector<std::int64_t>> ListCaseRecordIds(std::int64_t) override { return Unused(); }
  Result<std::vector<std::int64_t>> ListSubjectRecordIds(std::int64_t) override { return Unused(); }
  Result<std::int64_t> DeleteRecordVersions(std::int64_t) override { return Unused(); }
  Result<std::int64_t> InsertHold(const HoldRow&) override { return Unused(); }
  Result<std::optional<HoldRow>> FindHold(std::string_view) override { return Unused(); }
  Result<std::vector<HoldRow>> ListHolds(std::int64_t, std::int64_t, bool) override {
    return Unused();
  }
  Result<std::vector<HoldRow>> ListActiveHoldsOn(const std::vector<std::string>&) override {
    return Unused();
  }
  Status SetHoldReview(std::int64_t, std::string_view) override { return Unused(); }
  Status ReleaseHold(std::int64_t, std::int64_t, std::string_view, const Bytes&) override {
    return Unused();
  }
  Result<std::int64_t> InsertDisposal(const DisposalRow&) override { return Unused(); }
  Result<std::vector<DisposalRow>> ScanDisposals(std::int64_t, std::int64_t) override {
    return Unused();
  }
  Result<std::int64_t> InsertPlan(const PlanRow&) override { return Unused(); }
  Result<std::optional<PlanRow>> FindPlan(std::string_view) override { return Unused(); }
  Status ApprovePlan(std::int64_t, std::string_view, std::int64_t) override { return Unused(); }
  Status MarkPlanExecuted(std::int64_t, std::int64_t) override { return Unused(); }
  Status PutText(const TextRow&) override { return Unused(); }
  Result<std::optional<TextRow>> GetText(const Bytes&) override { return Unused(); }
  Result<std::int64_t> InsertConsent(const ConsentRow&) override { return Unused(); }
  Result<std::vector<ConsentRow>> ListConsents(std::int64_t) override { return Unused(); }
  Result<std::vector<ConsentRow>> ScanConsents(std::int64_t, std::int64_t) override {
    return Unused();
  }
  Result<std::int64_t> InsertMarketing(const MarketingRow&) override { return Unused(); }
  Result<std::vector<MarketingRow>> ListMarketing(std::int64_t) override { return Unused(); }
  Status InsertSuppression(const SuppressionRow&) override { return Unused(); }
  Result<bool> IsSuppressed(std::string_view, const Bytes&) override { return Unused(); }
  Result<std::int64_t> InsertCookieConsent(const CookieConsentRow&) override { return Unused(); }
  Result<std::vector<CookieConsentRow>> ListCookieConsents(const Bytes&) override {
    return Unused();
  }
  Result<std::int64_t> DeleteCookieConsentsBefore(std::int64_t) override { return Unused(); }
  Result<std::int64_t> InsertDisclosure(const DisclosureRow&) override { return Unused(); }
  Result<std::optional<DisclosureRow>> FindDisclosure(std::string_view) override {
    return Unused();
  }
  Result<std::vector<DisclosureRow>> ListDisclosures(std::int64_t) override { return Unused(); }
  Result<std::vector<DisclosureRow>> ScanDisclosures(std::int64_t, std::int64_t, bool) override {
    return Unused();
  }
  Status ReviewDisclosure(std::int64_t, std::int64_t, std::string_view) override {
    return Unused();
  }
  Result<std::int64_t> InsertRequest(const RequestRow&) override { return Unused(); }
  Status UpdateRequest(const RequestRow&) override { return Unused(); }
  Result<std::optional<RequestRow>> FindRequest(std::string_view) override { return Unused(); }
  Result<std::vector<RequestRow>> ListRequests(std::int64_t, std::int64_t) override {
    return Unused();
  }
  Result<std::vector<RequestRow>> ListSubjectRequests(std::int64_t) override { return Unused(); }

 private:
  static std::unexpected<Error> Unused() { return Fail(ErrorCode::kInternal, "unused"); }

  FakeStore& store_;
  bool read_only_;
  std::map<std::int64_t, AuditRow> pending_;  // this transaction's appends
};

inline Result<std::unique_ptr<store::Tx>> FakeStore::Begin() {
  ++write_txs;
  return std::make_unique<FakeTx>(*this, false);
}

inline Result<std::unique_ptr<store::Tx>> FakeStore::BeginRead() {
  ++read_txs;
  return std::make_unique<FakeTx>(*this, true);
}

}  // namespace casekeep::audit::testing
