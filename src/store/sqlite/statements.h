// The SQL statements of the SQLite backend, named so that each connection can prepare each one
// once and keep it (connection.h). Column orders are fixed here and read in sqlite_tx*.cc.
// Thread-safety: constant data.
#pragma once

#include <cstddef>
#include <string_view>

namespace casekeep::store::sqlite {

// One line per group of statements.
// clang-format off
enum class Sql : std::size_t {
  kBeginImmediate, kBeginRead, kStartSnapshot, kCommit, kRollback,
  kSavepoint, kRelease, kRollbackToSavepoint,
  kGetMeta, kPutMeta,
  kGetKey, kPutKey, kDeleteKey, kListKeys,
  kInsertSubject, kUpdateSubject, kSubjectState, kGetSubject, kFindSubject, kEraseSubject,
  kInsertBlindIndex, kDeleteBlindIndexes, kLookupBlindIndex,
  kInsertRelationship, kListRelationships,
  kInsertCase, kUpdateCase, kCaseVersion, kGetCase, kFindCase,
  kInsertFlag, kDeleteFlags, kListFlags,
  kInsertMember, kListMembers, kListCasesOfSubject,
  kInsertRecord, kUpdateRecord, kRecordVersion, kGetRecord, kFindRecord, kCountRecords,
  kDeleteRecordChunks, kDeleteRecordAttachments, kDeleteRecordVersions, kDeleteRecord,
  kDeleteAttachmentChunks, kDeleteAttachment,
  kInsertRecordVersion, kListRecordVersions,
  kInsertAttachment, kSetAttachmentSize, kInsertChunk, kFindAttachment, kListAttachments,
  kReadChunks,
  kInsertUser, kUpdateUser, kUserVersion, kGetUser, kFindUserByName, kFindUserByCode,
  kListUsers, kListTeamUsers, kInsertUserRole, kDeleteUserRoles, kListUserRoles,
  kInsertRecoveryHash, kDeleteRecoveryHashes, kListRecoveryHashes,
  kInsertSession, kFindSession, kTouchSession, kDeleteSession, kDeleteUserSessions,
  kInsertToken, kFindTokenBySecret, kFindTokenByCode, kListTokens, kRevokeToken, kTokenExists,
  kInsertTokenRole, kListTokenRoles,
  kInsertAssignment, kDeleteAssignment, kListCaseAssignments, kListUserAssignments,
  kInsertBreakGlass, kListBreakGlass, kListUnreviewedBreakGlass, kReviewBreakGlass,
  kBreakGlassReviewed,
  kSetRecordRetention, kDisposeDue, kPartialDue, kReviewDue, kListCaseRecordIds,
  kListSubjectRecordIds,
  kInsertHold, kFindHold, kListHolds, kListActiveHolds, kActiveHoldsOn, kSetHoldReview,
  kReleaseHold, kHoldReleased,
  kInsertDisposal, kScanDisposals,
  kInsertPlan, kFindPlan, kApprovePlan, kMarkPlanExecuted, kPlanState,
  kPutText, kGetText,
  kInsertConsent, kListConsents, kScanConsents, kInsertMarketing, kListMarketing,
  kInsertSuppression, kIsSuppressed,
  kInsertCookieConsent, kListCookieConsents, kDeleteCookieConsentsBefore,
  kInsertDisclosure, kFindDisclosure, kListDisclosures, kScanDisclosures,
  kScanFlaggedDisclosures, kReviewDisclosure, kDisclosureReviewed,
  kInsertRequest, kUpdateRequest, kFindRequest, kListRequests, kListSubjectRequests,
  kLastAuditSeq, kAppendAudit, kLastAudit, kScanAudit,
  kCount  // not a statement: the number of them
};
// clang-format on

inline constexpr std::size_t kSqlCount = static_cast<std::size_t>(Sql::kCount);

//! The text of statement `id`.
[[nodiscard]] std::string_view SqlText(Sql id) noexcept;

// Column lists shared by the SELECTs and the code that reads their rows.
inline constexpr std::string_view kSubjectColumns =
    "id, code, kind, created_at, updated_at, version, sealed, erased_at, restricted, objected, "
    "objected_purposes";
inline constexpr std::string_view kCaseColumns =
    "id, code, service, referral_source, opened_on, closed_on, last_contact_on, created_at, "
    "updated_at, version, transferred_on";
inline constexpr std::string_view kRecordColumns =
    "id, code, type, case_id, subject_id, owner, occurred_on, created_at, updated_at, version, "
    "sealed, retention_rule, dispose_on, review_on, partial_on, reviewed_on";
inline constexpr std::string_view kUserColumns =
    "id, code, username, display_name, team, password_hash, totp_secret, totp_confirmed, "
    "totp_last_step, failed_logins, locked_until, disabled, created_at, updated_at, version";
inline constexpr std::string_view kBreakGlassColumns =
    "id, at, actor, objects, purpose, reason, reviewed_at, reviewed_by";
inline constexpr std::string_view kHoldColumns =
    "id, code, kind, target, placed_by, placed_at, review_on, reason, released_at, released_by, "
    "release_note";
inline constexpr std::string_view kPlanColumns =
    "id, code, as_of, created_by, created_at, items, item_count, approved_by, approved_at, "
    "executed_at";
inline constexpr std::string_view kConsentColumns =
    "id, subject_id, consent, event, at, recorded_at, method, explicit_consent, notice_hash, "
    "wording_hash, recorded_by, given_by, evidence_attachment, sealed";
inline constexpr std::string_view kDisclosureColumns =
    "id, code, subject_id, case_code, recipient, basis, consent, without_consent, records, "
    "categories, shared_by, approved_by, at, sealed, reviewed_at, reviewed_by";
inline constexpr std::string_view kRequestColumns =
    "id, code, subject_id, kind, status, received_on, due_on, created_by, created_at, "
    "updated_at, sealed";
inline constexpr std::string_view kTokenColumns =
    "id, code, secret_hash, user_id, label, created_at, expires_at, revoked_at";

}  // namespace casekeep::store::sqlite
