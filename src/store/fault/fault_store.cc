// FaultStore (fault_store.h) and the transaction wrapper that consults its fault plan.
// Thread-safety: see fault_store.h.
#include "store/fault/fault_store.h"

#include <string>

#include "store/internal/checks.h"

namespace casekeep::store {
namespace {

// Forwards every call to the wrapped Tx; write calls and Commit ask the store first.
class FaultTx final : public Tx {
 public:
  FaultTx(FaultStore& store, std::unique_ptr<Tx> inner) : store_(store), inner_(std::move(inner)) {}

  Result<std::optional<Bytes>> GetMeta(std::string_view key) override {
    CK_TRY(Usable("GetMeta"));
    return inner_->GetMeta(key);
  }
  Status PutMeta(std::string_view key, const Bytes& value) override {
    CK_TRY(Write("PutMeta"));
    return inner_->PutMeta(key, value);
  }
  Result<std::optional<Bytes>> GetKey(std::string_view owner) override {
    CK_TRY(Usable("GetKey"));
    return inner_->GetKey(owner);
  }
  Status PutKey(const KeyRow& row) override {
    CK_TRY(Write("PutKey"));
    return inner_->PutKey(row);
  }
  Status DestroyKey(std::string_view owner) override {
    CK_TRY(Write("DestroyKey"));
    return inner_->DestroyKey(owner);
  }
  Result<std::vector<KeyRow>> ListKeys() override {
    CK_TRY(Usable("ListKeys"));
    return inner_->ListKeys();
  }

  Result<std::int64_t> InsertSubject(const SubjectRow& row) override {
    CK_TRY(Write("InsertSubject"));
    return inner_->InsertSubject(row);
  }
  Status UpdateSubject(const SubjectRow& row) override {
    CK_TRY(Write("UpdateSubject"));
    return inner_->UpdateSubject(row);
  }
  Result<std::optional<SubjectRow>> GetSubject(std::int64_t id) override {
    CK_TRY(Usable("GetSubject"));
    return inner_->GetSubject(id);
  }
  Result<std::optional<SubjectRow>> FindSubject(std::string_view code) override {
    CK_TRY(Usable("FindSubject"));
    return inner_->FindSubject(code);
  }
  Status MarkSubjectErased(std::int64_t id, std::int64_t at) override {
    CK_TRY(Write("MarkSubjectErased"));
    return inner_->MarkSubjectErased(id, at);
  }
  Status InsertBlindIndex(const BlindIndexRow& row) override {
    CK_TRY(Write("InsertBlindIndex"));
    return inner_->InsertBlindIndex(row);
  }
  Status DeleteBlindIndexes(std::int64_t subject_id) override {
    CK_TRY(Write("DeleteBlindIndexes"));
    return inner_->DeleteBlindIndexes(subject_id);
  }
  Result<std::vector<std::int64_t>> LookupBlindIndex(std::string_view field,
                                                     const Bytes& hash) override {
    CK_TRY(Usable("LookupBlindIndex"));
    return inner_->LookupBlindIndex(field, hash);
  }

  Result<std::int64_t> InsertRelationship(const RelationshipRow& row) override {
    CK_TRY(Write("InsertRelationship"));
    return inner_->InsertRelationship(row);
  }
  Result<std::vector<RelationshipRow>> ListRelationships(std::int64_t subject_id) override {
    CK_TRY(Usable("ListRelationships"));
    return inner_->ListRelationships(subject_id);
  }

  Result<std::int64_t> InsertCase(const CaseRow& row) override {
    CK_TRY(Write("InsertCase"));
    return inner_->InsertCase(row);
  }
  Status UpdateCase(const CaseRow& row) override {
    CK_TRY(Write("UpdateCase"));
    return inner_->UpdateCase(row);
  }
  Result<std::optional<CaseRow>> GetCase(std::int64_t id) override {
    CK_TRY(Usable("GetCase"));
    return inner_->GetCase(id);
  }
  Result<std::optional<CaseRow>> FindCase(std::string_view code) override {
    CK_TRY(Usable("FindCase"));
    return inner_->FindCase(code);
  }
  Status InsertCaseMember(const CaseMemberRow& row) override {
    CK_TRY(Write("InsertCaseMember"));
    return inner_->InsertCaseMember(row);
  }
  Result<std::vector<CaseMemberRow>> ListCaseMembers(std::int64_t case_id) override {
    CK_TRY(Usable("ListCaseMembers"));
    return inner_->ListCaseMembers(case_id);
  }
  Result<std::vector<CaseMemberRow>> ListCasesOfSubject(std::int64_t subject_id) override {
    CK_TRY(Usable("ListCasesOfSubject"));
    return inner_->ListCasesOfSubject(subject_id);
  }

  Result<std::int64_t> InsertRecord(const RecordRow& row) override {
    CK_TRY(Write("InsertRecord"));
    return inner_->InsertRecord(row);
  }
  Status UpdateRecord(const RecordRow& row) override {
    CK_TRY(Write("UpdateRecord"));
    return inner_->UpdateRecord(row);
  }
  Result<std::optional<RecordRow>> GetRecord(std::int64_t id) override {
    CK_TRY(Usable("GetRecord"));
    return inner_->GetRecord(id);
  }
  Result<std::optional<RecordRow>> FindRecord(std::string_view code) override {
    CK_TRY(Usable("FindRecord"));
    return inner_->FindRecord(code);
  }
  Result<std::vector<RecordRow>> ListRecords(const RecordFilter& filter) override {
    CK_TRY(Usable("ListRecords"));
    return inner_->ListRecords(filter);
  }
  Result<std::int64_t> CountRecords() override {
    CK_TRY(Usable("CountRecords"));
    return inner_->CountRecords();
  }
  Status DeleteRecord(std::int64_t id) override {
    CK_TRY(Write("DeleteRecord"));
    return inner_->DeleteRecord(id);
  }
  Status DeleteAttachment(std::int64_t attachment_id) override {
    CK_TRY(Write("DeleteAttachment"));
    return inner_->DeleteAttachment(attachment_id);
  }
  Status InsertRecordVersion(const RecordVersionRow& row) override {
    CK_TRY(Write("InsertRecordVersion"));
    return inner_->InsertRecordVersion(row);
  }
  Result<std::vector<RecordVersionRow>> ListRecordVersions(std::int64_t record_id) override {
    CK_TRY(Usable("ListRecordVersions"));
    return inner_->ListRecordVersions(record_id);
  }

  Result<std::int64_t> InsertAttachment(const AttachmentRow& row) override {
    CK_TRY(Write("InsertAttachment"));
    return inner_->InsertAttachment(row);
  }
  Status SetAttachmentSize(std::int64_t attachment_id, std::int64_t size) override {
    CK_TRY(Write("SetAttachmentSize"));
    return inner_->SetAttachmentSize(attachment_id, size);
  }
  Status AppendAttachmentChunk(std::int64_t attachment_id, std::int64_t seq,
                               const Bytes& sealed_chunk) override {
    CK_TRY(Write("AppendAttachmentChunk"));
    return inner_->AppendAttachmentChunk(attachment_id, seq, sealed_chunk);
  }
  Result<std::optional<AttachmentRow>> FindAttachment(std::string_view code) override {
    CK_TRY(Usable("FindAttachment"));
    return inner_->FindAttachment(code);
  }
  Result<std::vector<AttachmentRow>> ListAttachments(std::int64_t record_id) override {
    CK_TRY(Usable("ListAttachments"));
    return inner_->ListAttachments(record_id);
  }
  Result<std::vector<Bytes>> ReadAttachmentChunks(std::int64_t attachment_id) override {
    CK_TRY(Usable("ReadAttachmentChunks"));
    return inner_->ReadAttachmentChunks(attachment_id);
  }

  Result<std::int64_t> InsertUser(const UserRow& row) override {
    CK_TRY(Write("InsertUser"));
    return inner_->InsertUser(row);
  }
  Status UpdateUser(const UserRow& row) override {
    CK_TRY(Write("UpdateUser"));
    return inner_->UpdateUser(row);
  }
  Result<std::optional<UserRow>> GetUser(std::int64_t id) override {
    CK_TRY(Usable("GetUser"));
    return inner_->GetUser(id);
  }
  Result<std::optional<UserRow>> FindUserByName(std::string_view username) override {
    CK_TRY(Usable("FindUserByName"));
    return inner_->FindUserByName(username);
  }
  Result<std::optional<UserRow>> FindUserByCode(std::string_view code) override {
    CK_TRY(Usable("FindUserByCode"));
    return inner_->FindUserByCode(code);
  }
  Result<std::vector<UserRow>> ListUsers() override {
    CK_TRY(Usable("ListUsers"));
    return inner_->ListUsers();
  }
  Result<std::vector<std::int64_t>> ListTeamUsers(std::string_view team) override {
    CK_TRY(Usable("ListTeamUsers"));
    return inner_->ListTeamUsers(team);
  }

  Status InsertSession(const SessionRow& row) override {
    CK_TRY(Write("InsertSession"));
    return inner_->InsertSession(row);
  }
  Result<std::optional<SessionRow>> FindSession(const Bytes& token_hash) override {
    CK_TRY(Usable("FindSession"));
    return inner_->FindSession(token_hash);
  }
  Status TouchSession(const Bytes& token_hash, std::int64_t last_seen_at) override {
    CK_TRY(Write("TouchSession"));
    return inner_->TouchSession(token_hash, last_seen_at);
  }
  Status DeleteSession(const Bytes& token_hash) override {
    CK_TRY(Write("DeleteSession"));
    return inner_->DeleteSession(token_hash);
  }
  Result<std::int64_t> DeleteUserSessions(std::int64_t user_id) override {
    CK_TRY(Write("DeleteUserSessions"));
    return inner_->DeleteUserSessions(user_id);
  }

  Result<std::int64_t> InsertToken(const TokenRow& row) override {
    CK_TRY(Write("InsertToken"));
    return inner_->InsertToken(row);
  }
  Result<std::optional<TokenRow>> FindTokenBySecret(const Bytes& secret_hash) override {
    CK_TRY(Usable("FindTokenBySecret"));
    return inner_->FindTokenBySecret(secret_hash);
  }
  Result<std::optional<TokenRow>> FindTokenByCode(std::string_view code) override {
    CK_TRY(Usable("FindTokenByCode"));
    return inner_->FindTokenByCode(code);
  }
  Result<std::vector<TokenRow>> ListTokens(std::int64_t user_id) override {
    CK_TRY(Usable("ListTokens"));
    return inner_->ListTokens(user_id);
  }
  Status RevokeToken(std::int64_t token_id, std::int64_t at) override {
    CK_TRY(Write("RevokeToken"));
    return inner_->RevokeToken(token_id, at);
  }

  Status InsertAssignment(const AssignmentRow& row) override {
    CK_TRY(Write("InsertAssignment"));
    return inner_->InsertAssignment(row);
  }
  Status DeleteAssignment(std::int64_t case_id, std::int64_t user_id) override {
    CK_TRY(Write("DeleteAssignment"));
    return inner_->DeleteAssignment(case_id, user_id);
  }
  Result<std::vector<AssignmentRow>> ListCaseAssignments(std::int64_t case_id) override {
    CK_TRY(Usable("ListCaseAssignments"));
    return inner_->ListCaseAssignments(case_id);
  }
  Result<std::vector<AssignmentRow>> ListUserAssignments(std::int64_t user_id) override {
    CK_TRY(Usable("ListUserAssignments"));
    return inner_->ListUserAssignments(user_id);
  }

  Result<std::int64_t> InsertBreakGlass(const BreakGlassRow& row) override {
    CK_TRY(Write("InsertBreakGlass"));
    return inner_->InsertBreakGlass(row);
  }
  Result<std::vector<BreakGlassRow>> ListBreakGlass(std::int64_t after_id, std::int64_t limit,
                                                    bool unreviewed_only) override {
    CK_TRY(Usable("ListBreakGlass"));
    return inner_->ListBreakGlass(after_id, limit, unreviewed_only);
  }
  Status ReviewBreakGlass(std::int64_t id, std::int64_t at, std::string_view reviewer) override {
    CK_TRY(Write("ReviewBreakGlass"));
    return inner_->ReviewBreakGlass(id, at, reviewer);
  }

  Status SetRecordRetention(std::int64_t record_id, const RetentionDates& dates) override {
    CK_TRY(Write("SetRecordRetention"));
    return inner_->SetRecordRetention(record_id, dates);
  }
  Result<std::vector<RecordRow>> ListRecordsDue(DueKind kind, std::string_view on_or_before,
                                                std::int64_t after_id,
                                                std::int64_t limit) override {
    CK_TRY(Usable("ListRecordsDue"));
    return inner_->ListRecordsDue(kind, on_or_before, after_id, limit);
  }
  Result<std::vector<std::int64_t>> ListCaseRecordIds(std::int64_t case_id) override {
    CK_TRY(Usable("ListCaseRecordIds"));
    return inner_->ListCaseRecordIds(case_id);
  }
  Result<std::vector<std::int64_t>> ListSubjectRecordIds(std::int64_t subject_id) override {
    CK_TRY(Usable("ListSubjectRecordIds"));
    return inner_->ListSubjectRecordIds(subject_id);
  }
  Result<std::int64_t> DeleteRecordVersions(std::int64_t record_id) override {
    CK_TRY(Write("DeleteRecordVersions"));
    return inner_->DeleteRecordVersions(record_id);
  }
  Result<std::int64_t> InsertHold(const HoldRow& row) override {
    CK_TRY(Write("InsertHold"));
    return inner_->InsertHold(row);
  }
  Result<std::optional<HoldRow>> FindHold(std::string_view code) override {
    CK_TRY(Usable("FindHold"));
    return inner_->FindHold(code);
  }
  Result<std::vector<HoldRow>> ListHolds(std::int64_t after_id, std::int64_t limit,
                                         bool active_only) override {
    CK_TRY(Usable("ListHolds"));
    return inner_->ListHolds(after_id, limit, active_only);
  }
  Result<std::vector<HoldRow>> ListActiveHoldsOn(const std::vector<std::string>& targets) override {
    CK_TRY(Usable("ListActiveHoldsOn"));
    return inner_->ListActiveHoldsOn(targets);
  }
  Status SetHoldReview(std::int64_t id, std::string_view review_on) override {
    CK_TRY(Write("SetHoldReview"));
    return inner_->SetHoldReview(id, review_on);
  }
  Status ReleaseHold(std::int64_t id, std::int64_t at, std::string_view by,
                     const Bytes& note) override {
    CK_TRY(Write("ReleaseHold"));
    return inner_->ReleaseHold(id, at, by, note);
  }
  Result<std::int64_t> InsertDisposal(const DisposalRow& row) override {
    CK_TRY(Write("InsertDisposal"));
    return inner_->InsertDisposal(row);
  }
  Result<std::vector<DisposalRow>> ScanDisposals(std::int64_t after_seq,
                                                 std::int64_t limit) override {
    CK_TRY(Usable("ScanDisposals"));
    return inner_->ScanDisposals(after_seq, limit);
  }
  Result<std::int64_t> InsertPlan(const PlanRow& row) override {
    CK_TRY(Write("InsertPlan"));
    return inner_->InsertPlan(row);
  }
  Result<std::optional<PlanRow>> FindPlan(std::string_view code) override {
    CK_TRY(Usable("FindPlan"));
    return inner_->FindPlan(code);
  }
  Status ApprovePlan(std::int64_t id, std::string_view by, std::int64_t at) override {
    CK_TRY(Write("ApprovePlan"));
    return inner_->ApprovePlan(id, by, at);
  }
  Status MarkPlanExecuted(std::int64_t id, std::int64_t at) override {
    CK_TRY(Write("MarkPlanExecuted"));
    return inner_->MarkPlanExecuted(id, at);
  }

  Status PutText(const TextRow& row) override {
    CK_TRY(Write("PutText"));
    return inner_->PutText(row);
  }
  Result<std::optional<TextRow>> GetText(const Bytes& hash) override {
    CK_TRY(Usable("GetText"));
    return inner_->GetText(hash);
  }
  Result<std::int64_t> InsertConsent(const ConsentRow& row) override {
    CK_TRY(Write("InsertConsent"));
    return inner_->InsertConsent(row);
  }
  Result<std::vector<ConsentRow>> ListConsents(std::int64_t subject_id) override {
    CK_TRY(Usable("ListConsents"));
    return inner_->ListConsents(subject_id);
  }
  Result<std::vector<ConsentRow>> ScanConsents(std::int64_t after_id, std::int64_t limit) override {
    CK_TRY(Usable("ScanConsents"));
    return inner_->ScanConsents(after_id, limit);
  }
  Result<std::int64_t> InsertMarketing(const MarketingRow& row) override {
    CK_TRY(Write("InsertMarketing"));
    return inner_->InsertMarketing(row);
  }
  Result<std::vector<MarketingRow>> ListMarketing(std::int64_t subject_id) override {
    CK_TRY(Usable("ListMarketing"));
    return inner_->ListMarketing(subject_id);
  }
  Status InsertSuppression(const SuppressionRow& row) override {
    CK_TRY(Write("InsertSuppression"));
    return inner_->InsertSuppression(row);
  }
  Result<bool> IsSuppressed(std::string_view channel, const Bytes& hash) override {
    CK_TRY(Usable("IsSuppressed"));
    return inner_->IsSuppressed(channel, hash);
  }
  Result<std::int64_t> InsertCookieConsent(const CookieConsentRow& row) override {
    CK_TRY(Write("InsertCookieConsent"));
    return inner_->InsertCookieConsent(row);
  }
  Result<std::vector<CookieConsentRow>> ListCookieConsents(const Bytes& device_hash) override {
    CK_TRY(Usable("ListCookieConsents"));
    return inner_->ListCookieConsents(device_hash);
  }
  Result<std::int64_t> DeleteCookieConsentsBefore(std::int64_t before) override {
    CK_TRY(Write("DeleteCookieConsentsBefore"));
    return inner_->DeleteCookieConsentsBefore(before);
  }

  Result<std::int64_t> InsertDisclosure(const DisclosureRow& row) override {
    CK_TRY(Write("InsertDisclosure"));
    return inner_->InsertDisclosure(row);
  }
  Result<std::optional<DisclosureRow>> FindDisclosure(std::string_view code) override {
    CK_TRY(Usable("FindDisclosure"));
    return inner_->FindDisclosure(code);
  }
  Result<std::vector<DisclosureRow>> ListDisclosures(std::int64_t subject_id) override {
    CK_TRY(Usable("ListDisclosures"));
    return inner_->ListDisclosures(subject_id);
  }
  Result<std::vector<DisclosureRow>> ScanDisclosures(std::int64_t after_id, std::int64_t limit,
                                                     bool flagged_unreviewed_only) override {
    CK_TRY(Usable("ScanDisclosures"));
    return inner_->ScanDisclosures(after_id, limit, flagged_unreviewed_only);
  }
  Status ReviewDisclosure(std::int64_t id, std::int64_t at, std::string_view by) override {
    CK_TRY(Write("ReviewDisclosure"));
    return inner_->ReviewDisclosure(id, at, by);
  }
  Result<std::int64_t> InsertRequest(const RequestRow& row) override {
    CK_TRY(Write("InsertRequest"));
    return inner_->InsertRequest(row);
  }
  Status UpdateRequest(const RequestRow& row) override {
    CK_TRY(Write("UpdateRequest"));
    return inner_->UpdateRequest(row);
  }
  Result<std::optional<RequestRow>> FindRequest(std::string_view code) override {
    CK_TRY(Usable("FindRequest"));
    return inner_->FindRequest(code);
  }
  Result<std::vector<RequestRow>> ListRequests(std::int64_t after_id, std::int64_t limit) override {
    CK_TRY(Usable("ListRequests"));
    return inner_->ListRequests(after_id, limit);
  }
  Result<std::vector<RequestRow>> ListSubjectRequests(std::int64_t subject_id) override {
    CK_TRY(Usable("ListSubjectRequests"));
    return inner_->ListSubjectRequests(subject_id);
  }

  Status AppendAudit(const AuditRow& row) override {
    CK_TRY(Write("AppendAudit"));
    return inner_->AppendAudit(row);
  }
  Result<std::optional<AuditRow>> LastAudit() override {
    CK_TRY(Usable("LastAudit"));
    return inner_->LastAudit();
  }
  Result<std::vector<AuditRow>> ScanAudit(std::int64_t after_seq, std::int64_t limit) override {
    CK_TRY(Usable("ScanAudit"));
    return inner_->ScanAudit(after_seq, limit);
  }

  Status Commit() override {
    CK_TRY(Usable("Commit"));
    if (auto planned = store_.BeforeCommit(); !planned) {
      inner_.reset();  // rolls the wrapped transaction back
      return planned;
    }
    return inner_->Commit();
  }

 private:
  Status Usable(std::string_view op) const {
    if (!inner_) return std::unexpected(internal::Finished(op));
    return {};
  }
  Status Write(std::string_view op) {
    CK_TRY(Usable(op));
    return store_.BeforeWrite(op);
  }

  FaultStore& store_;
  std::unique_ptr<Tx> inner_;  // null once a planned commit failure rolled it back
};

}  // namespace

void FaultStore::FailWrite(std::int64_t n, ErrorCode code) {
  std::lock_guard lock(mu_);
  write_ = Plan{n, code};
}

void FaultStore::FailCommit(std::int64_t n, ErrorCode code) {
  std::lock_guard lock(mu_);
  commit_ = Plan{n, code};
}

void FaultStore::FailBegin(std::int64_t n, ErrorCode code) {
  std::lock_guard lock(mu_);
  begin_ = Plan{n, code};
}

void FaultStore::ClearFaults() {
  std::lock_guard lock(mu_);
  write_ = commit_ = begin_ = Plan{};
}

std::int64_t FaultStore::write_calls() const {
  std::lock_guard lock(mu_);
  return writes_;
}

std::int64_t FaultStore::commit_calls() const {
  std::lock_guard lock(mu_);
  return commits_;
}

Status FaultStore::Trip(Plan& plan, std::int64_t& calls, std::string_view op) {
  std::lock_guard lock(mu_);
  ++calls;
  if (plan.countdown <= 0 || --plan.countdown > 0) return {};
  return Fail(plan.code,
              std::string(op) + ": injected fault (" + std::string(ErrorCodeName(plan.code)) + ")");
}

Status FaultStore::BeforeWrite(std::string_view op) {
  return Trip(write_, writes_, op);
}

Status FaultStore::BeforeCommit() {
  return Trip(commit_, commits_, "Commit");
}

Result<std::unique_ptr<Tx>> FaultStore::Begin() {
  CK_TRY(Trip(begin_, begins_, "Begin"));
  CK_ASSIGN_OR_RETURN(auto inner, inner_.Begin());
  return std::unique_ptr<Tx>(new FaultTx(*this, std::move(inner)));
}

Result<std::unique_ptr<Tx>> FaultStore::BeginRead() {
  CK_TRY(Trip(begin_, begins_, "BeginRead"));
  CK_ASSIGN_OR_RETURN(auto inner, inner_.BeginRead());
  return std::unique_ptr<Tx>(new FaultTx(*this, std::move(inner)));
}

}  // namespace casekeep::store
