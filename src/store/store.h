// The storage seam: every byte casekeep keeps goes through Store and Tx, and SQL stays inside
// the backends (store/sqlite, later store/postgres; store/memory and the fault-injecting wrapper
// for tests). The store sees only sealed (encrypted) personal data, pseudonymous codes and the
// non-personal facts retention needs (types, dates, flags); it never decrypts anything.
//
// Durability: when Commit() returns success the transaction survives a crash or power loss.
// Thread-safety: a Store is safe to share between threads; a Tx belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace casekeep::store {

using Bytes = std::vector<std::uint8_t>;

//! A data key wrapped by the master key; `owner` is the code of the subject or case it belongs
//! to. Deleting the row erases everything sealed under the key.
struct KeyRow {
  std::string owner;
  Bytes wrapped;
};

struct SubjectRow {
  std::int64_t id = 0;  //!< assigned by InsertSubject
  std::string code;     //!< pseudonymous code "S-…", unique
  std::string kind;     //!< policy subject kind id
  std::int64_t created_at = 0;  //!< Unix seconds, UTC
  std::int64_t updated_at = 0;
  std::int64_t version = 1;     //!< incremented by every update
  Bytes sealed;                 //!< the fields, sealed under the subject's key
  std::optional<std::int64_t> erased_at;  //!< set when the subject's key was destroyed
  bool restricted = false;  //!< processing restricted (UK GDPR Art 18): stored, not used
  bool objected = false;    //!< objected to processing (Art 21) on legitimate interests or public task
  //! The purposes objected to, as policy purpose ids separated by spaces, in order; "*" stands
  //! for every legitimate-interest or public-task purpose (objections recorded before schema 6,
  //! which did not name one). Empty when `objected` is false.
  std::string objected_purposes;
};

//! A keyed hash of a normalised field value, for finding subjects without decrypting.
struct BlindIndexRow {
  std::string field;  //!< "<subject kind>.<field id>"
  Bytes hash;
  std::int64_t subject_id = 0;
};

struct RelationshipRow {
  std::int64_t id = 0;
  std::int64_t from_subject = 0;
  std::int64_t to_subject = 0;
  std::string kind;  //!< "parent_of", "carer_of", "professional_for", ...
  std::int64_t created_at = 0;
};

struct CaseRow {
  std::int64_t id = 0;
  std::string code;  //!< pseudonymous code "C-…", unique
  std::string service;
  std::string referral_source;      //!< policy referral source id, or empty
  std::string opened_on;            //!< YYYY-MM-DD
  std::optional<std::string> closed_on;
  std::vector<std::string> flags;   //!< policy case flag ids
  std::optional<std::string> last_contact_on;  //!< YYYY-MM-DD of the latest contact record
  std::optional<std::string> transferred_on;   //!< YYYY-MM-DD a transfer to another organisation completed
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t version = 1;
};

struct CaseMemberRow {
  std::int64_t case_id = 0;
  std::int64_t subject_id = 0;
  std::string role;  //!< e.g. "parent", "child", "other_parent", "social_worker"
  std::int64_t added_at = 0;
};

struct RecordRow {
  std::int64_t id = 0;
  std::string code;  //!< pseudonymous code "R-…", unique
  std::string type;  //!< policy record type id
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> subject_id;  //!< the person the record is about, if one
  std::string owner;  //!< code of the key owner (the case, or the subject) it is sealed under
  std::string occurred_on;  //!< YYYY-MM-DD the record is about (contact date, form date)
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t version = 1;
  Bytes sealed;  //!< the fields, sealed under the owner's key
  // Retention (docs/retention.md): worked out by the records service from the policy whenever
  // an input changes, so that planning never has to open a record.
  std::string retention_rule;             //!< id of the rule that applies; empty: none
  std::optional<std::string> dispose_on;  //!< YYYY-MM-DD; absent: indefinite or trigger unknown
  std::optional<std::string> review_on;   //!< YYYY-MM-DD, for indefinite retention
  std::optional<std::string> partial_on;  //!< YYYY-MM-DD of the next partial removal
  std::optional<std::string> reviewed_on;  //!< YYYY-MM-DD of the last review (indefinite retention)
};

//! The retention dates of a record (as in RecordRow), set without changing its version.
struct RetentionDates {
  std::string rule;
  std::optional<std::string> dispose_on;
  std::optional<std::string> review_on;
  std::optional<std::string> partial_on;
  std::optional<std::string> reviewed_on;
};

//! An earlier version of a record, kept when it is rectified.
struct RecordVersionRow {
  std::int64_t record_id = 0;
  std::int64_t version = 0;
  std::int64_t replaced_at = 0;
  std::string replaced_by;  //!< actor code
  Bytes sealed;
};

struct AttachmentRow {
  std::int64_t id = 0;
  std::string code;  //!< "A-…"
  std::int64_t record_id = 0;
  std::string field;  //!< the record field it belongs to
  std::string owner;  //!< key owner code, as the record's
  std::int64_t size = 0;  //!< plaintext bytes
  std::int64_t created_at = 0;
};

//! A staff account. Staff data is not case data: the username and display name are kept in
//! plain text so a login can find the account; passwords only as Argon2id hashes.
struct UserRow {
  std::int64_t id = 0;     //!< assigned by InsertUser
  std::string code;        //!< pseudonymous code "W-…", unique: how the audit chain names them
  std::string username;    //!< login name, unique, lower case
  std::string display_name;
  std::string team;                //!< team id; empty for none
  std::vector<std::string> roles;  //!< policy role ids, in the order given
  std::string password_hash;       //!< Argon2id string
  Bytes totp_secret;               //!< the second factor's secret, sealed; empty if none
  bool totp_confirmed = false;     //!< enrolment confirmed with a first valid code
  std::optional<std::int64_t> totp_last_step;     //!< last accepted TOTP step (no replays)
  std::vector<std::string> recovery_hashes;       //!< unused recovery codes, hashed
  std::int64_t failed_logins = 0;                 //!< consecutive failures since the last success
  std::optional<std::int64_t> locked_until;       //!< Unix seconds; no login before then
  bool disabled = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t version = 1;  //!< incremented by every update
};

//! A login session. The store holds only a keyed hash of the session token.
struct SessionRow {
  Bytes token_hash;  //!< unique
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;    //!< Unix seconds
  std::int64_t last_seen_at = 0;  //!< for the idle timeout (updated coarsely)
  std::int64_t expires_at = 0;    //!< the absolute timeout
};

//! An API token for scripts: scoped to some of its user's roles, expiring, revocable. The
//! store holds only a keyed hash of the secret.
struct TokenRow {
  std::int64_t id = 0;  //!< assigned by InsertToken
  std::string code;     //!< public identifier "T-…", unique
  Bytes secret_hash;    //!< unique
  std::int64_t user_id = 0;
  std::string label;
  std::vector<std::string> roles;  //!< a subset of the user's roles
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> revoked_at;
};

//! A staff user assigned to work on a case.
struct AssignmentRow {
  std::int64_t case_id = 0;
  std::int64_t user_id = 0;
  std::int64_t assigned_at = 0;
};

//! A break-glass access: who opened what outside their scope, and their written reason
//! (sealed: it may name people). Reviewed by the data protection officer.
struct BreakGlassRow {
  std::int64_t id = 0;  //!< assigned by InsertBreakGlass
  std::int64_t at = 0;  //!< Unix seconds
  std::string actor;    //!< user code
  std::string objects;  //!< space-separated codes opened, as in the audit entry
  std::string purpose;  //!< the purpose declared
  Bytes reason;         //!< the written reason, sealed
  std::optional<std::int64_t> reviewed_at;
  std::string reviewed_by;  //!< user code of the reviewer; empty until reviewed
};

//! A text shown to people (a generated privacy notice, the words of a consent), kept once under
//! its SHA-256 so that a consent can prove exactly what the person was shown. Not personal data.
struct TextRow {
  Bytes hash;        //!< SHA-256 of `text`, 32 bytes; unique
  std::string kind;  //!< "notice" or "consent"
  std::string text;
  std::int64_t created_at = 0;
};

//! One entry of a person's consent ledger. Entries are never edited: giving and withdrawing are
//! both new entries, and the current state is derived from them (docs/consent.md).
struct ConsentRow {
  std::int64_t id = 0;  //!< assigned by InsertConsent
  std::int64_t subject_id = 0;
  std::string consent;  //!< policy consent id
  std::string event;    //!< "given" or "withdrawn"
  std::int64_t at = 0;  //!< Unix seconds: when it was given or withdrawn
  std::int64_t recorded_at = 0;
  std::string method;   //!< how: a consent method ("online_form", "verbal", ...) or "unsubscribe_link"
  bool explicit_consent = false;  //!< the words were an explicit consent (Art 9(2)(a))
  Bytes notice_hash;    //!< the notice version shown (a TextRow hash); empty for a withdrawal
  Bytes wording_hash;   //!< the consent's words (a TextRow hash); empty for a withdrawal
  std::string recorded_by;          //!< actor code
  std::string given_by;             //!< subject code of a person with parental responsibility
  std::string evidence_attachment;  //!< "A-…" code of a scanned form, or empty
  Bytes sealed;  //!< evidence note and other free text, sealed under the subject's key; may be empty
};

//! One change of a person's marketing preference on one channel; never edited.
struct MarketingRow {
  std::int64_t id = 0;  //!< assigned by InsertMarketing
  std::int64_t subject_id = 0;
  std::string channel;  //!< "email", "post", "phone", "sms"
  bool opted_in = false;
  std::string source;   //!< e.g. "online_form", "import", "unsubscribe_link", "staff"
  std::int64_t at = 0;
  std::string recorded_by;  //!< actor code, or "unsubscribe-link"
};

//! An address that must not be sent marketing again: a keyed hash of the normalised address.
struct SuppressionRow {
  std::string channel;
  Bytes hash;
  std::int64_t at = 0;
  std::string reason;  //!< "unsubscribed", "withdrawn", "staff"
};

//! A website visitor's cookie choices. The device identifier is kept only as a keyed hash.
struct CookieConsentRow {
  std::int64_t id = 0;  //!< assigned by InsertCookieConsent
  Bytes device_hash;
  std::int64_t at = 0;
  Bytes notice_hash;    //!< the notice version shown (a TextRow hash)
  std::string choices;  //!< "analytics=0 preferences=1 session=1": every policy cookie category
};

//! A hold: disposal of everything it covers is suspended until it is released.
struct HoldRow {
  std::int64_t id = 0;  //!< assigned by InsertHold
  std::string code;     //!< "H-…", unique
  std::string kind;     //!< policy hold kind id
  std::string target;   //!< the code of the person ("S-…"), case ("C-…") or record ("R-…") held
  std::string placed_by;
  std::int64_t placed_at = 0;
  std::optional<std::string> review_on;  //!< YYYY-MM-DD the hold is next reviewed
  Bytes reason;  //!< sealed: it may name people
  std::optional<std::int64_t> released_at;
  std::string released_by;
  Bytes release_note;  //!< sealed; empty until released
};

//! One disposal by a retention sweep. No personal data: codes, types, rule and dates only.
struct DisposalRow {
  std::int64_t seq = 0;  //!< assigned by InsertDisposal
  std::int64_t at = 0;   //!< Unix seconds
  std::string code;      //!< the record's code
  std::string record_type;
  std::string rule;    //!< retention rule id
  std::string due_on;  //!< YYYY-MM-DD
  std::string action;  //!< "disposed" (the whole record) or "partial:<field>,<field>"
  std::string approved_by;  //!< actor code of whoever approved the plan
  std::string plan;         //!< plan code "P-…", or empty for a command-line sweep
};

//! A retention plan waiting for approval, approved, or carried out.
struct PlanRow {
  std::int64_t id = 0;  //!< assigned by InsertPlan
  std::string code;     //!< "P-…", unique
  std::string as_of;    //!< YYYY-MM-DD
  std::string created_by;
  std::int64_t created_at = 0;
  std::string items;    //!< one line per item: "<record code> <action> <due_on> <rule>"
  std::int64_t item_count = 0;
  std::string approved_by;  //!< empty until approved
  std::optional<std::int64_t> approved_at;
  std::optional<std::int64_t> executed_at;
};

//! One disclosure of a person's data to a recipient (docs/sharing.md). Never edited, except
//! that the DPO marks a disclosure made without consent as reviewed.
struct DisclosureRow {
  std::int64_t id = 0;          //!< assigned by InsertDisclosure
  std::string code;             //!< "D-…", unique
  std::int64_t subject_id = 0;  //!< the person the data is about
  std::string case_code;        //!< "C-…" the disclosure came from, or empty
  std::string recipient;        //!< policy recipient id
  std::string basis;  //!< consent, legal_obligation, vital_interests, safeguarding, contract, public_task
  std::string consent;  //!< the policy consent id relied on when basis is "consent", else empty
  bool without_consent = false;  //!< shared without the person's consent: flagged to the DPO
  std::string records;           //!< record codes shared, space-separated (may be empty)
  std::string categories;        //!< category ids shared, space-separated
  std::string shared_by;         //!< actor code
  std::string approved_by;       //!< actor code of whoever approved it
  std::int64_t at = 0;           //!< Unix seconds
  Bytes sealed;  //!< justification and free text, sealed (vault session key, AD names the code)
  std::optional<std::int64_t> reviewed_at;  //!< when the DPO reviewed a flagged disclosure
  std::string reviewed_by;
};

//! A data subject request (docs/rights.md).
struct RequestRow {
  std::int64_t id = 0;          //!< assigned by InsertRequest
  std::string code;             //!< "Q-…", unique
  std::int64_t subject_id = 0;  //!< the person the request is about
  //! access, rectification, erasure, restriction, objection, portability, withdraw_consent,
  //! automated_decision
  std::string kind;
  std::string status;       //!< e.g. awaiting_identity, open, paused, completed, refused, withdrawn
  std::string received_on;  //!< YYYY-MM-DD
  std::string due_on;       //!< YYYY-MM-DD, or empty while the clock has not started
  std::string created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  Bytes sealed;  //!< everything else as sealed JSON (requester, events, reasons)
};

//! Which of a record's retention dates ListRecordsDue looks at.
enum class DueKind { kDispose, kPartial, kReview };

//! One entry of the audit chain (docs/audit-format.md). Codes only, never personal data.
struct AuditRow {
  std::int64_t seq = 0;  //!< 1, 2, 3, ... without gaps
  std::int64_t at_micros = 0;  //!< Unix microseconds, UTC
  std::string actor;   //!< user code, or "local-admin" for the CLI
  std::string action;  //!< e.g. "subject.create", "record.read"
  std::string objects; //!< space-separated codes of what was touched
  std::string purpose; //!< policy purpose id, or empty
  std::string outcome; //!< "ok", "denied", "error"
  std::string detail;  //!< non-personal detail, e.g. a reason code
  Bytes prev_hash;     //!< hash of entry seq-1 (32 zero bytes for seq 1)
  Bytes hash;          //!< hash of this entry, covering prev_hash
  Bytes mac;           //!< keyed MAC of `hash` under the audit key: forged entries lack it
};

struct RecordFilter {
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> subject_id;
  std::optional<std::string> type;
  std::int64_t after_id = 0;  //!< keyset pagination: only ids greater than this
  std::int64_t limit = 100;
};

//! A transaction. Reads see the transaction's own writes. Nothing is visible to others, or
//! durable, until Commit() succeeds; destroying an uncommitted Tx rolls it back.
class Tx {
 public:
  virtual ~Tx() = default;

  // Metadata (schema version, key check, wrapped root key, policy hash, ...).
  [[nodiscard]] virtual Result<std::optional<Bytes>> GetMeta(std::string_view key) = 0;
  [[nodiscard]] virtual Status PutMeta(std::string_view key, const Bytes& value) = 0;

  // Keys.
  [[nodiscard]] virtual Result<std::optional<Bytes>> GetKey(std::string_view owner) = 0;
  [[nodiscard]] virtual Status PutKey(const KeyRow& row) = 0;
  //! Removes the key so nothing sealed under it can be opened again; kNotFound if absent.
  [[nodiscard]] virtual Status DestroyKey(std::string_view owner) = 0;
  //! Every key row, for master key rotation.
  [[nodiscard]] virtual Result<std::vector<KeyRow>> ListKeys() = 0;

  // Subjects.
  [[nodiscard]] virtual Result<std::int64_t> InsertSubject(const SubjectRow& row) = 0;
  //! Writes `row` over the subject with row.id if its version is row.version - 1; kConflict if
  //! the stored version differs, kNotFound if there is no such subject.
  [[nodiscard]] virtual Status UpdateSubject(const SubjectRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<SubjectRow>> GetSubject(std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::optional<SubjectRow>> FindSubject(std::string_view code) = 0;
  //! Marks the subject erased at `at` and clears its sealed fields; the row and code remain as
  //! a tombstone. kNotFound if there is no such subject.
  [[nodiscard]] virtual Status MarkSubjectErased(std::int64_t id, std::int64_t at) = 0;
  [[nodiscard]] virtual Status InsertBlindIndex(const BlindIndexRow& row) = 0;
  [[nodiscard]] virtual Status DeleteBlindIndexes(std::int64_t subject_id) = 0;
  //! Subject ids whose `field` has the blind index `hash`, in id order.
  [[nodiscard]] virtual Result<std::vector<std::int64_t>> LookupBlindIndex(
      std::string_view field, const Bytes& hash) = 0;

  // Relationships.
  [[nodiscard]] virtual Result<std::int64_t> InsertRelationship(const RelationshipRow& row) = 0;
  //! Relationships where the subject is on either side.
  [[nodiscard]] virtual Result<std::vector<RelationshipRow>> ListRelationships(
      std::int64_t subject_id) = 0;

  // Cases.
  [[nodiscard]] virtual Result<std::int64_t> InsertCase(const CaseRow& row) = 0;
  //! As UpdateSubject: optimistic on row.version.
  [[nodiscard]] virtual Status UpdateCase(const CaseRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<CaseRow>> GetCase(std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::optional<CaseRow>> FindCase(std::string_view code) = 0;
  //! kAlreadyExists if the subject is already a member of the case.
  [[nodiscard]] virtual Status InsertCaseMember(const CaseMemberRow& row) = 0;
  [[nodiscard]] virtual Result<std::vector<CaseMemberRow>> ListCaseMembers(
      std::int64_t case_id) = 0;
  [[nodiscard]] virtual Result<std::vector<CaseMemberRow>> ListCasesOfSubject(
      std::int64_t subject_id) = 0;

  // Records.
  [[nodiscard]] virtual Result<std::int64_t> InsertRecord(const RecordRow& row) = 0;
  //! As UpdateSubject: optimistic on row.version.
  [[nodiscard]] virtual Status UpdateRecord(const RecordRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<RecordRow>> GetRecord(std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::optional<RecordRow>> FindRecord(std::string_view code) = 0;
  //! Records matching the filter, in id order, at most filter.limit of them.
  [[nodiscard]] virtual Result<std::vector<RecordRow>> ListRecords(const RecordFilter& filter) = 0;
  [[nodiscard]] virtual Result<std::int64_t> CountRecords() = 0;
  //! Removes a record with its versions and attachments; kNotFound if absent.
  [[nodiscard]] virtual Status DeleteRecord(std::int64_t id) = 0;
  [[nodiscard]] virtual Status InsertRecordVersion(const RecordVersionRow& row) = 0;
  //! Earlier versions of a record, oldest first.
  [[nodiscard]] virtual Result<std::vector<RecordVersionRow>> ListRecordVersions(
      std::int64_t record_id) = 0;

  // Attachments: metadata plus sealed chunks (docs/keys.md, streaming format).
  [[nodiscard]] virtual Result<std::int64_t> InsertAttachment(const AttachmentRow& row) = 0;
  //! Records the plaintext size once the attachment has been streamed; kNotFound if absent.
  [[nodiscard]] virtual Status SetAttachmentSize(std::int64_t attachment_id, std::int64_t size) = 0;
  [[nodiscard]] virtual Status AppendAttachmentChunk(std::int64_t attachment_id, std::int64_t seq,
                                                     const Bytes& sealed_chunk) = 0;
  //! Removes one attachment with its chunks (partial retention); kNotFound if absent.
  [[nodiscard]] virtual Status DeleteAttachment(std::int64_t attachment_id) = 0;
  [[nodiscard]] virtual Result<std::optional<AttachmentRow>> FindAttachment(
      std::string_view code) = 0;
  [[nodiscard]] virtual Result<std::vector<AttachmentRow>> ListAttachments(
      std::int64_t record_id) = 0;
  //! The sealed chunks of an attachment, in seq order.
  [[nodiscard]] virtual Result<std::vector<Bytes>> ReadAttachmentChunks(
      std::int64_t attachment_id) = 0;

  // Staff accounts.
  //! kAlreadyExists if the username or code is taken.
  [[nodiscard]] virtual Result<std::int64_t> InsertUser(const UserRow& row) = 0;
  //! As UpdateSubject: optimistic on row.version (roles replaced by row.roles).
  [[nodiscard]] virtual Status UpdateUser(const UserRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<UserRow>> GetUser(std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::optional<UserRow>> FindUserByName(
      std::string_view username) = 0;
  [[nodiscard]] virtual Result<std::optional<UserRow>> FindUserByCode(std::string_view code) = 0;
  //! Every user, in id order.
  [[nodiscard]] virtual Result<std::vector<UserRow>> ListUsers() = 0;
  //! Ids of the users whose team is `team`, in id order (none for an empty team).
  [[nodiscard]] virtual Result<std::vector<std::int64_t>> ListTeamUsers(std::string_view team) = 0;

  // Sessions.
  [[nodiscard]] virtual Status InsertSession(const SessionRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<SessionRow>> FindSession(const Bytes& token_hash) = 0;
  //! Sets last_seen_at; kNotFound if there is no such session.
  [[nodiscard]] virtual Status TouchSession(const Bytes& token_hash, std::int64_t last_seen_at) = 0;
  //! kNotFound if there is no such session.
  [[nodiscard]] virtual Status DeleteSession(const Bytes& token_hash) = 0;
  //! Ends every session of the user; returns how many there were.
  [[nodiscard]] virtual Result<std::int64_t> DeleteUserSessions(std::int64_t user_id) = 0;

  // API tokens.
  //! kAlreadyExists if the code or secret hash is taken.
  [[nodiscard]] virtual Result<std::int64_t> InsertToken(const TokenRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<TokenRow>> FindTokenBySecret(
      const Bytes& secret_hash) = 0;
  [[nodiscard]] virtual Result<std::optional<TokenRow>> FindTokenByCode(std::string_view code) = 0;
  //! The user's tokens, in id order (revoked and expired ones too).
  [[nodiscard]] virtual Result<std::vector<TokenRow>> ListTokens(std::int64_t user_id) = 0;
  //! Sets revoked_at if not already set; kNotFound if there is no such token.
  [[nodiscard]] virtual Status RevokeToken(std::int64_t token_id, std::int64_t at) = 0;

  // Case assignments.
  //! kAlreadyExists if the user is already assigned to the case.
  [[nodiscard]] virtual Status InsertAssignment(const AssignmentRow& row) = 0;
  //! kNotFound if the user is not assigned to the case.
  [[nodiscard]] virtual Status DeleteAssignment(std::int64_t case_id, std::int64_t user_id) = 0;
  //! The users assigned to a case, in user id order.
  [[nodiscard]] virtual Result<std::vector<AssignmentRow>> ListCaseAssignments(
      std::int64_t case_id) = 0;
  //! The cases a user is assigned to, in case id order.
  [[nodiscard]] virtual Result<std::vector<AssignmentRow>> ListUserAssignments(
      std::int64_t user_id) = 0;

  // Break-glass accesses (the audit chain flags them with codes; the reason is kept here).
  //! Stores a new, unreviewed access and returns its id (row.id is ignored). kInvalidArgument
  //! if the actor, objects or reason is empty, or if reviewed_at or reviewed_by is set.
  [[nodiscard]] virtual Result<std::int64_t> InsertBreakGlass(const BreakGlassRow& row) = 0;
  //! Up to `limit` accesses with id > after_id, in id order; only those not yet reviewed if
  //! `unreviewed_only`. kInvalidArgument unless 0 < limit.
  [[nodiscard]] virtual Result<std::vector<BreakGlassRow>> ListBreakGlass(std::int64_t after_id,
                                                                          std::int64_t limit,
                                                                          bool unreviewed_only) = 0;
  //! Records the review: sets reviewed_at and reviewed_by. kNotFound if there is no such
  //! access, kFailedPrecondition if it has already been reviewed (the first review stands),
  //! kInvalidArgument if `reviewer` is empty.
  [[nodiscard]] virtual Status ReviewBreakGlass(std::int64_t id, std::int64_t at,
                                                std::string_view reviewer) = 0;

  // Retention: dates, holds, plans and the disposal log.
  //! Sets a record's retention dates without changing its version; kNotFound if absent.
  [[nodiscard]] virtual Status SetRecordRetention(std::int64_t record_id,
                                                  const RetentionDates& dates) = 0;
  //! Up to `limit` records with id > after_id whose `kind` date is on or before `on_or_before`
  //! (YYYY-MM-DD), in id order.
  [[nodiscard]] virtual Result<std::vector<RecordRow>> ListRecordsDue(
      DueKind kind, std::string_view on_or_before, std::int64_t after_id, std::int64_t limit) = 0;
  //! Ids of the records of a case, in id order (every type).
  [[nodiscard]] virtual Result<std::vector<std::int64_t>> ListCaseRecordIds(
      std::int64_t case_id) = 0;
  //! Ids of the records about a subject, in id order.
  [[nodiscard]] virtual Result<std::vector<std::int64_t>> ListSubjectRecordIds(
      std::int64_t subject_id) = 0;
  //! Deletes every earlier version of a record (after a partial removal); returns how many.
  [[nodiscard]] virtual Result<std::int64_t> DeleteRecordVersions(std::int64_t record_id) = 0;
  //! kAlreadyExists if the code is taken; kInvalidArgument if released_at is set.
  [[nodiscard]] virtual Result<std::int64_t> InsertHold(const HoldRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<HoldRow>> FindHold(std::string_view code) = 0;
  //! Up to `limit` holds with id > after_id, in id order; only unreleased ones if active_only.
  [[nodiscard]] virtual Result<std::vector<HoldRow>> ListHolds(std::int64_t after_id,
                                                               std::int64_t limit,
                                                               bool active_only) = 0;
  //! The unreleased holds whose target is one of `targets`, in id order.
  [[nodiscard]] virtual Result<std::vector<HoldRow>> ListActiveHoldsOn(
      const std::vector<std::string>& targets) = 0;
  //! Sets the next review date of an unreleased hold; kNotFound, kFailedPrecondition if released.
  [[nodiscard]] virtual Status SetHoldReview(std::int64_t id, std::string_view review_on) = 0;
  //! Releases a hold; kNotFound, or kFailedPrecondition if it was already released.
  [[nodiscard]] virtual Status ReleaseHold(std::int64_t id, std::int64_t at, std::string_view by,
                                           const Bytes& note) = 0;
  [[nodiscard]] virtual Result<std::int64_t> InsertDisposal(const DisposalRow& row) = 0;
  //! Up to `limit` disposals with seq > after_seq, in seq order.
  [[nodiscard]] virtual Result<std::vector<DisposalRow>> ScanDisposals(std::int64_t after_seq,
                                                                       std::int64_t limit) = 0;
  //! kAlreadyExists if the code is taken.
  [[nodiscard]] virtual Result<std::int64_t> InsertPlan(const PlanRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<PlanRow>> FindPlan(std::string_view code) = 0;
  //! kNotFound; kFailedPrecondition if already approved.
  [[nodiscard]] virtual Status ApprovePlan(std::int64_t id, std::string_view by,
                                           std::int64_t at) = 0;
  //! kNotFound; kFailedPrecondition if not approved or already executed.
  [[nodiscard]] virtual Status MarkPlanExecuted(std::int64_t id, std::int64_t at) = 0;

  // Consent, marketing preferences and cookie consent.
  //! Stores a text under its hash; storing the same hash again is a no-op (the first text
  //! stays). kInvalidArgument if the hash is not 32 bytes.
  [[nodiscard]] virtual Status PutText(const TextRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<TextRow>> GetText(const Bytes& hash) = 0;
  //! Appends a ledger entry and returns its id (row.id is ignored).
  [[nodiscard]] virtual Result<std::int64_t> InsertConsent(const ConsentRow& row) = 0;
  //! A person's ledger, in id order.
  [[nodiscard]] virtual Result<std::vector<ConsentRow>> ListConsents(std::int64_t subject_id) = 0;
  //! Up to `limit` ledger entries with id > after_id, in id order (for reports).
  [[nodiscard]] virtual Result<std::vector<ConsentRow>> ScanConsents(std::int64_t after_id,
                                                                     std::int64_t limit) = 0;
  [[nodiscard]] virtual Result<std::int64_t> InsertMarketing(const MarketingRow& row) = 0;
  //! A person's marketing preference changes, in id order.
  [[nodiscard]] virtual Result<std::vector<MarketingRow>> ListMarketing(
      std::int64_t subject_id) = 0;
  //! Adds an address to the suppression list; adding it again is a no-op.
  [[nodiscard]] virtual Status InsertSuppression(const SuppressionRow& row) = 0;
  [[nodiscard]] virtual Result<bool> IsSuppressed(std::string_view channel, const Bytes& hash) = 0;
  [[nodiscard]] virtual Result<std::int64_t> InsertCookieConsent(const CookieConsentRow& row) = 0;
  //! A device's choices, in id order.
  [[nodiscard]] virtual Result<std::vector<CookieConsentRow>> ListCookieConsents(
      const Bytes& device_hash) = 0;
  //! Removes cookie choices recorded before `before` (Unix seconds); returns how many.
  [[nodiscard]] virtual Result<std::int64_t> DeleteCookieConsentsBefore(std::int64_t before) = 0;

  // Disclosures (the disclosure log) and data subject requests.
  //! Stores a new disclosure and returns its id (row.id is ignored). kAlreadyExists if the code
  //! is taken; kInvalidArgument if the code, recipient or basis is empty, or if reviewed_at or
  //! reviewed_by is set; kFailedPrecondition if the subject does not exist.
  [[nodiscard]] virtual Result<std::int64_t> InsertDisclosure(const DisclosureRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<DisclosureRow>> FindDisclosure(
      std::string_view code) = 0;
  //! The disclosures of a person's data, in id order.
  [[nodiscard]] virtual Result<std::vector<DisclosureRow>> ListDisclosures(
      std::int64_t subject_id) = 0;
  //! Up to `limit` disclosures with id > after_id, in id order; only those made without
  //! consent and not yet reviewed if `flagged_unreviewed_only`. kInvalidArgument unless 0 < limit.
  [[nodiscard]] virtual Result<std::vector<DisclosureRow>> ScanDisclosures(
      std::int64_t after_id, std::int64_t limit, bool flagged_unreviewed_only) = 0;
  //! Records the DPO's review: sets reviewed_at and reviewed_by. kNotFound if there is no such
  //! disclosure, kFailedPrecondition if it has already been reviewed (the first review stands),
  //! kInvalidArgument if `by` is empty.
  [[nodiscard]] virtual Status ReviewDisclosure(std::int64_t id, std::int64_t at,
                                                std::string_view by) = 0;
  //! Stores a new request and returns its id (row.id is ignored). kAlreadyExists if the code is
  //! taken; kInvalidArgument if the code, kind or status is empty; kFailedPrecondition if the
  //! subject does not exist.
  [[nodiscard]] virtual Result<std::int64_t> InsertRequest(const RequestRow& row) = 0;
  //! Writes status, due_on, updated_at and sealed of the request with row.id (nothing else
  //! changes); kNotFound if there is none, kInvalidArgument if the status is empty.
  [[nodiscard]] virtual Status UpdateRequest(const RequestRow& row) = 0;
  [[nodiscard]] virtual Result<std::optional<RequestRow>> FindRequest(std::string_view code) = 0;
  //! Up to `limit` requests with id > after_id, in id order. kInvalidArgument unless 0 < limit.
  [[nodiscard]] virtual Result<std::vector<RequestRow>> ListRequests(std::int64_t after_id,
                                                                     std::int64_t limit) = 0;
  //! The requests about a person, in id order.
  [[nodiscard]] virtual Result<std::vector<RequestRow>> ListSubjectRequests(
      std::int64_t subject_id) = 0;

  // The audit chain.
  [[nodiscard]] virtual Status AppendAudit(const AuditRow& row) = 0;
  //! The entry with the highest seq, if any.
  [[nodiscard]] virtual Result<std::optional<AuditRow>> LastAudit() = 0;
  //! Up to `limit` entries with seq > after_seq, in seq order.
  [[nodiscard]] virtual Result<std::vector<AuditRow>> ScanAudit(std::int64_t after_seq,
                                                                std::int64_t limit) = 0;

  //! Makes every write durable and visible. After a failure nothing of the Tx was applied.
  [[nodiscard]] virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  //! A read-write transaction. Write transactions are serialised: a second Begin waits for the
  //! first to finish (up to a timeout, then kUnavailable).
  [[nodiscard]] virtual Result<std::unique_ptr<Tx>> Begin() = 0;

  //! A read-only snapshot; writes through it fail with kFailedPrecondition.
  [[nodiscard]] virtual Result<std::unique_ptr<Tx>> BeginRead() = 0;

  //! Name of the backend ("sqlite", "memory", ...), for logs and `casekeep status`.
  virtual std::string_view backend() const = 0;
};

}  // namespace casekeep::store
