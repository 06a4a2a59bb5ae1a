// The SQL text of each named statement (statements.h). Thread-safety: constant data.
#include "store/sqlite/statements.h"

namespace casekeep::store::sqlite {

#define CK_SUBJECT_COLS                                                                        \
  "id, code, kind, created_at, updated_at, version, sealed, erased_at, restricted, objected, " \
  "objected_purposes"
#define CK_CASE_COLS                                                                        \
  "id, code, service, referral_source, opened_on, closed_on, last_contact_on, created_at, " \
  "updated_at, version, transferred_on"
#define CK_RECORD_COLS                                                                         \
  "id, code, type, case_id, subject_id, owner, occurred_on, created_at, updated_at, version, " \
  "sealed, retention_rule, dispose_on, review_on, partial_on, reviewed_on"
#define CK_AUDIT_COLS \
  "seq, at_micros, actor, action, objects, purpose, outcome, detail, prev_hash, hash, mac"
#define CK_ATTACHMENT_COLS "id, code, record_id, field, owner, size, created_at"
#define CK_USER_COLS                                                                     \
  "id, code, username, display_name, team, password_hash, totp_secret, totp_confirmed, " \
  "totp_last_step, failed_logins, locked_until, disabled, created_at, updated_at, version"
#define CK_TOKEN_COLS "id, code, secret_hash, user_id, label, created_at, expires_at, revoked_at"
#define CK_BREAK_GLASS_COLS "id, at, actor, objects, purpose, reason, reviewed_at, reviewed_by"
#define CK_HOLD_COLS                                                                            \
  "id, code, kind, target, placed_by, placed_at, review_on, reason, released_at, released_by, " \
  "release_note"
#define CK_PLAN_COLS                                                                       \
  "id, code, as_of, created_by, created_at, items, item_count, approved_by, approved_at, " \
  "executed_at"
#define CK_CONSENT_COLS                                                                      \
  "id, subject_id, consent, event, at, recorded_at, method, explicit_consent, notice_hash, " \
  "wording_hash, recorded_by, given_by, evidence_attachment, sealed"
#define CK_DISPOSAL_COLS "seq, at, code, record_type, rule, due_on, action, approved_by, plan"
#define CK_MARKETING_COLS "id, subject_id, channel, opted_in, source, at, recorded_by"
#define CK_COOKIE_COLS "id, device_hash, at, notice_hash, choices"
#define CK_DISCLOSURE_COLS                                                                     \
  "id, code, subject_id, case_code, recipient, basis, consent, without_consent, records, " \
  "categories, shared_by, approved_by, at, sealed, reviewed_at, reviewed_by"
#define CK_REQUEST_COLS                                                                  \
  "id, code, subject_id, kind, status, received_on, due_on, created_by, created_at, " \
  "updated_at, sealed"
#define CK_SESSION_COLS "token_hash, user_id, created_at, last_seen_at, expires_at"

static_assert(kSubjectColumns == CK_SUBJECT_COLS);
static_assert(kCaseColumns == CK_CASE_COLS);
static_assert(kRecordColumns == CK_RECORD_COLS);
static_assert(kUserColumns == CK_USER_COLS);
static_assert(kTokenColumns == CK_TOKEN_COLS);
static_assert(kBreakGlassColumns == CK_BREAK_GLASS_COLS);
static_assert(kHoldColumns == CK_HOLD_COLS);
static_assert(kPlanColumns == CK_PLAN_COLS);
static_assert(kConsentColumns == CK_CONSENT_COLS);
static_assert(kDisclosureColumns == CK_DISCLOSURE_COLS);
static_assert(kRequestColumns == CK_REQUEST_COLS);

std::string_view SqlText(Sql id) noexcept {
  switch (id) {
    case Sql::kBeginImmediate: return "BEGIN IMMEDIATE";
    case Sql::kBeginRead: return "BEGIN";
    case Sql::kStartSnapshot: return "SELECT 1 FROM sqlite_schema LIMIT 1";
    case Sql::kCommit: return "COMMIT";
    case Sql::kRollback: return "ROLLBACK";
    case Sql::kSavepoint: return "SAVEPOINT ck_op";
    case Sql::kRelease: return "RELEASE ck_op";
    case Sql::kRollbackToSavepoint: return "ROLLBACK TO ck_op";

    case Sql::kGetMeta: return "SELECT value FROM meta WHERE key = ?";
    case Sql::kPutMeta:
      return "INSERT INTO meta(key, value) VALUES(?, ?) "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value";

    case Sql::kGetKey: return "SELECT wrapped FROM keys WHERE owner = ?";
    case Sql::kPutKey:
      return "INSERT INTO keys(owner, wrapped) VALUES(?, ?) "
             "ON CONFLICT(owner) DO UPDATE SET wrapped = excluded.wrapped";
    case Sql::kDeleteKey: return "DELETE FROM keys WHERE owner = ?";
    case Sql::kListKeys: return "SELECT owner, wrapped FROM keys ORDER BY owner";

    case Sql::kInsertSubject:
      return "INSERT INTO subjects(code, kind, created_at, updated_at, version, sealed, "
             "erased_at, restricted, objected, objected_purposes) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kUpdateSubject:
      return "UPDATE subjects SET code = ?, kind = ?, created_at = ?, updated_at = ?, "
             "version = ?, sealed = ?, restricted = ?, objected = ?, objected_purposes = ? "
             "WHERE id = ? AND version = ? AND erased_at IS NULL";
    case Sql::kSubjectState: return "SELECT version, erased_at FROM subjects WHERE id = ?";
    case Sql::kGetSubject: return "SELECT " CK_SUBJECT_COLS " FROM subjects WHERE id = ?";
    case Sql::kFindSubject: return "SELECT " CK_SUBJECT_COLS " FROM subjects WHERE code = ?";
    case Sql::kEraseSubject:
      return "UPDATE subjects SET sealed = zeroblob(0), erased_at = ?2, updated_at = ?2, "
             "version = version + 1 WHERE id = ?1 AND erased_at IS NULL";

    case Sql::kInsertBlindIndex:
      return "INSERT INTO blind_index(field, hash, subject_id) VALUES(?, ?, ?) "
             "ON CONFLICT DO NOTHING";
    case Sql::kDeleteBlindIndexes: return "DELETE FROM blind_index WHERE subject_id = ?";
    case Sql::kLookupBlindIndex:
      return "SELECT subject_id FROM blind_index WHERE field = ? AND hash = ? "
             "ORDER BY subject_id";

    case Sql::kInsertRelationship:
      return "INSERT INTO relationships(from_subject, to_subject, kind, created_at) "
             "VALUES(?, ?, ?, ?)";
    case Sql::kListRelationships:
      return "SELECT id, from_subject, to_subject, kind, created_at FROM relationships "
             "WHERE from_subject = ?1 OR to_subject = ?1 ORDER BY id";

    case Sql::kInsertCase:
      return "INSERT INTO cases(code, service, referral_source, opened_on, closed_on, "
             "last_contact_on, created_at, updated_at, version, transferred_on) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kUpdateCase:
      return "UPDATE cases SET code = ?, service = ?, referral_source = ?, opened_on = ?, "
             "closed_on = ?, last_contact_on = ?, created_at = ?, updated_at = ?, version = ?, "
             "transferred_on = ? WHERE id = ? AND version = ?";
    case Sql::kCaseVersion: return "SELECT version FROM cases WHERE id = ?";
    case Sql::kGetCase: return "SELECT " CK_CASE_COLS " FROM cases WHERE id = ?";
    case Sql::kFindCase: return "SELECT " CK_CASE_COLS " FROM cases WHERE code = ?";
    case Sql::kInsertFlag: return "INSERT INTO case_flags(case_id, flag, pos) VALUES(?, ?, ?)";
    case Sql::kDeleteFlags: return "DELETE FROM case_flags WHERE case_id = ?";
    case Sql::kListFlags: return "SELECT flag FROM case_flags WHERE case_id = ? ORDER BY pos";
    case Sql::kInsertMember:
      return "INSERT INTO case_members(case_id, subject_id, role, added_at) VALUES(?, ?, ?, ?)";
    case Sql::kListMembers:
      return "SELECT case_id, subject_id, role, added_at FROM case_members "
             "WHERE case_id = ? ORDER BY subject_id";
    case Sql::kListCasesOfSubject:
      return "SELECT case_id, subject_id, role, added_at FROM case_members "
             "WHERE subject_id = ? ORDER BY case_id";

    case Sql::kInsertRecord:
      return "INSERT INTO records(code, type, case_id, subject_id, owner, occurred_on, "
             "created_at, updated_at, version, sealed, retention_rule, dispose_on, review_on, "
             "partial_on, reviewed_on) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kUpdateRecord:
      return "UPDATE records SET code = ?, type = ?, case_id = ?, subject_id = ?, owner = ?, "
             "occurred_on = ?, created_at = ?, updated_at = ?, version = ?, sealed = ?, "
             "retention_rule = ?, dispose_on = ?, review_on = ?, partial_on = ?, "
             "reviewed_on = ? WHERE id = ? AND version = ?";
    case Sql::kRecordVersion: return "SELECT version FROM records WHERE id = ?";
    case Sql::kGetRecord: return "SELECT " CK_RECORD_COLS " FROM records WHERE id = ?";
    case Sql::kFindRecord: return "SELECT " CK_RECORD_COLS " FROM records WHERE code = ?";
    case Sql::kCountRecords: return "SELECT count(*) FROM records";
    case Sql::kDeleteRecordChunks:
      return "DELETE FROM attachment_chunks WHERE attachment_id IN "
             "(SELECT id FROM attachments WHERE record_id = ?)";
    case Sql::kDeleteRecordAttachments: return "DELETE FROM attachments WHERE record_id = ?";
    case Sql::kDeleteAttachmentChunks:
      return "DELETE FROM attachment_chunks WHERE attachment_id = ?";
    case Sql::kDeleteAttachment: return "DELETE FROM attachments WHERE id = ?";
    case Sql::kDeleteRecordVersions: return "DELETE FROM record_versions WHERE record_id = ?";
    case Sql::kDeleteRecord: return "DELETE FROM records WHERE id = ?";
    case Sql::kInsertRecordVersion:
      return "INSERT INTO record_versions(record_id, version, replaced_at, replaced_by, sealed) "
             "VALUES(?, ?, ?, ?, ?)";
    case Sql::kListRecordVersions:
      return "SELECT record_id, version, replaced_at, replaced_by, sealed FROM record_versions "
             "WHERE record_id = ? ORDER BY version";

    case Sql::kInsertAttachment:
      return "INSERT INTO attachments(code, record_id, field, owner, size, created_at) "
             "VALUES(?, ?, ?, ?, ?, ?)";
    case Sql::kSetAttachmentSize: return "UPDATE attachments SET size = ? WHERE id = ?";
    case Sql::kInsertChunk:
      return "INSERT INTO attachment_chunks(attachment_id, seq, sealed) VALUES(?, ?, ?)";
    case Sql::kFindAttachment:
      return "SELECT " CK_ATTACHMENT_COLS " FROM attachments WHERE code = ?";
    case Sql::kListAttachments:
      return "SELECT " CK_ATTACHMENT_COLS " FROM attachments WHERE record_id = ? ORDER BY id";
    case Sql::kReadChunks:
      return "SELECT sealed FROM attachment_chunks WHERE attachment_id = ? ORDER BY seq";

    case Sql::kInsertUser:
      return "INSERT INTO users(code, username, display_name, team, password_hash, totp_secret, "
             "totp_confirmed, totp_last_step, failed_logins, locked_until, disabled, created_at, "
             "updated_at, version) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kUpdateUser:
      return "UPDATE users SET code = ?, username = ?, display_name = ?, team = ?, "
             "password_hash = ?, totp_secret = ?, totp_confirmed = ?, totp_last_step = ?, "
             "failed_logins = ?, locked_until = ?, disabled = ?, created_at = ?, "
             "updated_at = ?, version = ? WHERE id = ? AND version = ?";
    case Sql::kUserVersion: return "SELECT version FROM users WHERE id = ?";
    case Sql::kGetUser: return "SELECT " CK_USER_COLS " FROM users WHERE id = ?";
    case Sql::kFindUserByName: return "SELECT " CK_USER_COLS " FROM users WHERE username = ?";
    case Sql::kFindUserByCode: return "SELECT " CK_USER_COLS " FROM users WHERE code = ?";
    case Sql::kListUsers: return "SELECT " CK_USER_COLS " FROM users ORDER BY id";
    case Sql::kListTeamUsers: return "SELECT id FROM users WHERE team = ? ORDER BY id";
    case Sql::kInsertUserRole: return "INSERT INTO user_roles(user_id, role, pos) VALUES(?, ?, ?)";
    case Sql::kDeleteUserRoles: return "DELETE FROM user_roles WHERE user_id = ?";
    case Sql::kListUserRoles: return "SELECT role FROM user_roles WHERE user_id = ? ORDER BY pos";
    case Sql::kInsertRecoveryHash:
      return "INSERT INTO user_recovery_codes(user_id, hash, pos) VALUES(?, ?, ?)";
    case Sql::kDeleteRecoveryHashes: return "DELETE FROM user_recovery_codes WHERE user_id = ?";
    case Sql::kListRecoveryHashes:
      return "SELECT hash FROM user_recovery_codes WHERE user_id = ? ORDER BY pos";

    case Sql::kInsertSession:
      return "INSERT INTO sessions(" CK_SESSION_COLS ") VALUES(?, ?, ?, ?, ?)";
    case Sql::kFindSession: return "SELECT " CK_SESSION_COLS " FROM sessions WHERE token_hash = ?";
    case Sql::kTouchSession: return "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?";
    case Sql::kDeleteSession: return "DELETE FROM sessions WHERE token_hash = ?";
    case Sql::kDeleteUserSessions: return "DELETE FROM sessions WHERE user_id = ?";

    case Sql::kInsertToken:
      return "INSERT INTO api_tokens(code, secret_hash, user_id, label, created_at, expires_at, "
             "revoked_at) VALUES(?, ?, ?, ?, ?, ?, ?)";
    case Sql::kFindTokenBySecret:
      return "SELECT " CK_TOKEN_COLS " FROM api_tokens WHERE secret_hash = ?";
    case Sql::kFindTokenByCode: return "SELECT " CK_TOKEN_COLS " FROM api_tokens WHERE code = ?";
    case Sql::kListTokens:
      return "SELECT " CK_TOKEN_COLS " FROM api_tokens WHERE user_id = ? ORDER BY id";
    case Sql::kRevokeToken:
      return "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
    case Sql::kTokenExists: return "SELECT 1 FROM api_tokens WHERE id = ?";
    case Sql::kInsertTokenRole:
      return "INSERT INTO token_roles(token_id, role, pos) VALUES(?, ?, ?)";
    case Sql::kListTokenRoles:
      return "SELECT role FROM token_roles WHERE token_id = ? ORDER BY pos";

    case Sql::kInsertAssignment:
      return "INSERT INTO case_assignments(case_id, user_id, assigned_at) VALUES(?, ?, ?)";
    case Sql::kDeleteAssignment:
      return "DELETE FROM case_assignments WHERE case_id = ? AND user_id = ?";
    case Sql::kListCaseAssignments:
      return "SELECT case_id, user_id, assigned_at FROM case_assignments "
             "WHERE case_id = ? ORDER BY user_id";
    case Sql::kListUserAssignments:
      return "SELECT case_id, user_id, assigned_at FROM case_assignments "
             "WHERE user_id = ? ORDER BY case_id";

    case Sql::kInsertBreakGlass:
      return "INSERT INTO break_glass(at, actor, objects, purpose, reason, reviewed_at, "
             "reviewed_by) VALUES(?, ?, ?, ?, ?, NULL, '')";
    case Sql::kListBreakGlass:
      return "SELECT " CK_BREAK_GLASS_COLS " FROM break_glass WHERE id > ? ORDER BY id LIMIT ?";
    case Sql::kListUnreviewedBreakGlass:
      return "SELECT " CK_BREAK_GLASS_COLS
             " FROM break_glass "
             "WHERE id > ? AND reviewed_at IS NULL ORDER BY id LIMIT ?";
    case Sql::kReviewBreakGlass:
      return "UPDATE break_glass SET reviewed_at = ?, reviewed_by = ? "
             "WHERE id = ? AND reviewed_at IS NULL";
    case Sql::kBreakGlassReviewed: return "SELECT reviewed_at FROM break_glass WHERE id = ?";

    case Sql::kSetRecordRetention:
      return "UPDATE records SET retention_rule = ?, dispose_on = ?, review_on = ?, "
             "partial_on = ?, reviewed_on = ? WHERE id = ?";
    case Sql::kDisposeDue:
      return "SELECT " CK_RECORD_COLS
             " FROM records WHERE dispose_on <= ? AND id > ? ORDER BY id LIMIT ?";
    case Sql::kPartialDue:
      return "SELECT " CK_RECORD_COLS
             " FROM records WHERE partial_on <= ? AND id > ? ORDER BY id LIMIT ?";
    case Sql::kReviewDue:
      return "SELECT " CK_RECORD_COLS
             " FROM records WHERE review_on <= ? AND id > ? ORDER BY id LIMIT ?";
    case Sql::kListCaseRecordIds: return "SELECT id FROM records WHERE case_id = ? ORDER BY id";
    case Sql::kListSubjectRecordIds:
      return "SELECT id FROM records WHERE subject_id = ? ORDER BY id";

    case Sql::kInsertHold:
      return "INSERT INTO holds(code, kind, target, placed_by, placed_at, review_on, reason, "
             "released_at, released_by, release_note) VALUES(?, ?, ?, ?, ?, ?, ?, NULL, '', x'')";
    case Sql::kFindHold: return "SELECT " CK_HOLD_COLS " FROM holds WHERE code = ?";
    case Sql::kListHolds:
      return "SELECT " CK_HOLD_COLS " FROM holds WHERE id > ? ORDER BY id LIMIT ?";
    case Sql::kListActiveHolds:
      return "SELECT " CK_HOLD_COLS
             " FROM holds WHERE id > ? AND released_at IS NULL ORDER BY id LIMIT ?";
    case Sql::kActiveHoldsOn:
      return "SELECT " CK_HOLD_COLS
             " FROM holds WHERE target = ? AND released_at IS NULL ORDER BY id";
    case Sql::kSetHoldReview:
      return "UPDATE holds SET review_on = ? WHERE id = ? AND released_at IS NULL";
    case Sql::kReleaseHold:
      return "UPDATE holds SET released_at = ?, released_by = ?, release_note = ? "
             "WHERE id = ? AND released_at IS NULL";
    case Sql::kHoldReleased: return "SELECT released_at FROM holds WHERE id = ?";

    case Sql::kInsertDisposal:
      return "INSERT INTO disposals(at, code, record_type, rule, due_on, action, approved_by, "
             "plan) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kScanDisposals:
      return "SELECT " CK_DISPOSAL_COLS " FROM disposals WHERE seq > ? ORDER BY seq LIMIT ?";

    case Sql::kInsertPlan:
      return "INSERT INTO retention_plans(code, as_of, created_by, created_at, items, "
             "item_count, approved_by, approved_at, executed_at) "
             "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kFindPlan: return "SELECT " CK_PLAN_COLS " FROM retention_plans WHERE code = ?";
    case Sql::kApprovePlan:
      return "UPDATE retention_plans SET approved_by = ?, approved_at = ? "
             "WHERE id = ? AND approved_at IS NULL";
    case Sql::kMarkPlanExecuted:
      return "UPDATE retention_plans SET executed_at = ? "
             "WHERE id = ? AND approved_at IS NOT NULL AND executed_at IS NULL";
    case Sql::kPlanState:
      return "SELECT approved_at, executed_at FROM retention_plans WHERE id = ?";

    case Sql::kPutText:
      return "INSERT INTO texts(hash, kind, text, created_at) VALUES(?, ?, ?, ?) "
             "ON CONFLICT(hash) DO NOTHING";
    case Sql::kGetText: return "SELECT hash, kind, text, created_at FROM texts WHERE hash = ?";

    case Sql::kInsertConsent:
      return "INSERT INTO consents(subject_id, consent, event, at, recorded_at, method, "
             "explicit_consent, notice_hash, wording_hash, recorded_by, given_by, "
             "evidence_attachment, sealed) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kListConsents:
      return "SELECT " CK_CONSENT_COLS " FROM consents WHERE subject_id = ? ORDER BY id";
    case Sql::kScanConsents:
      return "SELECT " CK_CONSENT_COLS " FROM consents WHERE id > ? ORDER BY id LIMIT ?";
    case Sql::kInsertMarketing:
      return "INSERT INTO marketing(subject_id, channel, opted_in, source, at, recorded_by) "
             "VALUES(?, ?, ?, ?, ?, ?)";
    case Sql::kListMarketing:
      return "SELECT " CK_MARKETING_COLS " FROM marketing WHERE subject_id = ? ORDER BY id";

    case Sql::kInsertSuppression:
      return "INSERT INTO suppressions(channel, hash, at, reason) VALUES(?, ?, ?, ?) "
             "ON CONFLICT(channel, hash) DO NOTHING";
    case Sql::kIsSuppressed: return "SELECT 1 FROM suppressions WHERE channel = ? AND hash = ?";

    case Sql::kInsertCookieConsent:
      return "INSERT INTO cookie_consents(device_hash, at, notice_hash, choices) "
             "VALUES(?, ?, ?, ?)";
    case Sql::kListCookieConsents:
      return "SELECT " CK_COOKIE_COLS " FROM cookie_consents WHERE device_hash = ? ORDER BY id";
    case Sql::kDeleteCookieConsentsBefore: return "DELETE FROM cookie_consents WHERE at < ?";

    case Sql::kInsertDisclosure:
      return "INSERT INTO disclosures(code, subject_id, case_code, recipient, basis, consent, "
             "without_consent, records, categories, shared_by, approved_by, at, sealed, "
             "reviewed_at, reviewed_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '')";
    case Sql::kFindDisclosure:
      return "SELECT " CK_DISCLOSURE_COLS " FROM disclosures WHERE code = ?";
    case Sql::kListDisclosures:
      return "SELECT " CK_DISCLOSURE_COLS " FROM disclosures WHERE subject_id = ? ORDER BY id";
    case Sql::kScanDisclosures:
      return "SELECT " CK_DISCLOSURE_COLS " FROM disclosures WHERE id > ? ORDER BY id LIMIT ?";
    case Sql::kScanFlaggedDisclosures:
      return "SELECT " CK_DISCLOSURE_COLS
             " FROM disclosures WHERE id > ? AND without_consent = 1 AND reviewed_at IS NULL "
             "ORDER BY id LIMIT ?";
    case Sql::kReviewDisclosure:
      return "UPDATE disclosures SET reviewed_at = ?, reviewed_by = ? "
             "WHERE id = ? AND reviewed_at IS NULL";
    case Sql::kDisclosureReviewed: return "SELECT 1 FROM disclosures WHERE id = ?";

    case Sql::kInsertRequest:
      return "INSERT INTO requests(code, subject_id, kind, status, received_on, due_on, "
             "created_by, created_at, updated_at, sealed) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kUpdateRequest:
      return "UPDATE requests SET status = ?, due_on = ?, updated_at = ?, sealed = ? WHERE id = ?";
    case Sql::kFindRequest: return "SELECT " CK_REQUEST_COLS " FROM requests WHERE code = ?";
    case Sql::kListRequests:
      return "SELECT " CK_REQUEST_COLS " FROM requests WHERE id > ? ORDER BY id LIMIT ?";
    case Sql::kListSubjectRequests:
      return "SELECT " CK_REQUEST_COLS " FROM requests WHERE subject_id = ? ORDER BY id";

    case Sql::kLastAuditSeq: return "SELECT max(seq) FROM audit";
    case Sql::kAppendAudit:
      return "INSERT INTO audit(" CK_AUDIT_COLS ") VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    case Sql::kLastAudit: return "SELECT " CK_AUDIT_COLS " FROM audit ORDER BY seq DESC LIMIT 1";
    case Sql::kScanAudit:
      return "SELECT " CK_AUDIT_COLS " FROM audit WHERE seq > ? ORDER BY seq LIMIT ?";

    case Sql::kCount: break;
  }
  return "SELECT 'unknown statement'";
}

}  // namespace casekeep::store::sqlite
