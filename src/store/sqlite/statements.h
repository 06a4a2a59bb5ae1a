// The SQL statements of the SQLite backend, named so that each connection can prepare each one
// once and keep it (connection.h). Column orders are fixed here and read in sqlite_tx*.cc.
// Thread-safety: constant data.
#pragma once

#include <cstddef>
#include <string_view>

namespace casekeep::store::sqlite {

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
  kInsertRecordVersion, kListRecordVersions,
  kInsertAttachment, kSetAttachmentSize, kInsertChunk, kFindAttachment, kListAttachments,
  kReadChunks,
  kLastAuditSeq, kAppendAudit, kLastAudit, kScanAudit,
  kCount  // not a statement: the number of them
};

inline constexpr std::size_t kSqlCount = static_cast<std::size_t>(Sql::kCount);

//! The text of statement `id`.
[[nodiscard]] std::string_view SqlText(Sql id) noexcept;

// Column lists shared by the SELECTs and the code that reads their rows.
inline constexpr std::string_view kSubjectColumns =
    "id, code, kind, created_at, updated_at, version, sealed, erased_at";
inline constexpr std::string_view kCaseColumns =
    "id, code, service, referral_source, opened_on, closed_on, last_contact_on, created_at, "
    "updated_at, version";
inline constexpr std::string_view kRecordColumns =
    "id, code, type, case_id, subject_id, owner, occurred_on, created_at, updated_at, version, "
    "sealed";

}  // namespace casekeep::store::sqlite
