// The records service: people (subjects), their relationships, cases and case members, records
// of the policy's types with their versions, and attachments. Every operation checks its input
// against the policy, seals personal data under its owner's key, writes in one transaction and
// appends an audit entry to the chain in that same transaction, so a write is either complete
// and audited or absent. The CLI and (later) the HTTP API both come through here.
//
// Thread-safety: a RecordsService is safe to share; the store serialises writers.
#pragma once

#include <functional>
#include <istream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "access/decision.h"
#include "anonymise/anonymise.h"
#include "base/date.h"
#include "base/error.h"
#include "policy/model.h"
#include "records/access_pack.h"
#include "records/consent.h"
#include "records/disclosure.h"
#include "records/erasure.h"
#include "records/erasure_journal.h"
#include "records/marketing.h"
#include "records/requests.h"
#include "records/retention.h"
#include "records/vault.h"
#include "retention/engine.h"
#include "stats/definition.h"
#include "stats/engine.h"
#include "stats/extract.h"
#include "rights/request.h"
#include "store/store.h"

namespace casekeep::records {
namespace internal {
class Txn;
class AuditBatcher;
}  // namespace internal

//! Who is acting: the code the audit chain names, the purpose they declare, and the principal
//! the access decision judges (the command line's local admin unless a user is set).
struct Actor {
  std::string code = "local-admin";
  std::string purpose;  //!< the policy purpose declared for this action, if any
  access::Principal principal = access::LocalAdmin();
  std::string break_glass_reason;  //!< non-empty: open outside scope for this written reason

  //! A staff user acting for `purpose`.
  static Actor User(access::Principal principal, std::string purpose,
                    std::string break_glass_reason = {}) {
    Actor a;
    a.code = principal.code;
    a.purpose = std::move(purpose);
    a.principal = std::move(principal);
    a.break_glass_reason = std::move(break_glass_reason);
    return a;
  }
};

//! Attachments larger than this are refused (streamed in chunks, never held whole).
inline constexpr std::int64_t kMaxAttachmentBytes = std::int64_t{64} << 20;

struct SubjectView {
  std::string code;
  std::string kind;
  nlohmann::json fields;  //!< empty object once erased
  bool erased = false;
  std::int64_t version = 0;
  std::int64_t created_at = 0;
  bool restricted = false;  //!< processing restricted (Art 18): shown wherever the person is
  bool objected = false;    //!< objected to processing (Art 21)
  //! The purposes objected to, in order; "*" is every legitimate-interest or public-task purpose.
  std::vector<std::string> objected_to{};
};

struct CaseView {
  std::string code;
  std::string service;
  std::string referral_source;
  std::string opened_on;
  std::optional<std::string> closed_on;
  std::vector<std::string> flags;
  std::optional<std::string> last_contact_on;
  std::optional<std::string> transferred_on;  //!< a transfer to another organisation completed
  struct Member {
    std::string subject;
    std::string role;
    bool restricted = false;  //!< the member's processing is restricted (Art 18)
  };
  std::vector<Member> members;
  std::int64_t version = 0;
};

struct RecordView {
  std::string code;
  std::string type;
  std::string case_code;     //!< empty for a person-only record
  std::string subject_code;  //!< empty when not about one person
  std::string occurred_on;
  nlohmann::json fields;
  std::int64_t version = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string replaced_by;  //!< in a history: who replaced this version
  bool restricted = false;  //!< its person's processing is restricted (Art 18)
};

//! A break-glass access as the DPO reviews it.
struct BreakGlassView {
  std::int64_t id = 0;
  std::int64_t at = 0;  //!< Unix seconds
  std::string actor;    //!< user code
  std::string objects;  //!< codes opened, space-separated
  std::string purpose;
  std::string reason;  //!< the written reason, opened
  std::optional<std::int64_t> reviewed_at;
  std::string reviewed_by;
};

struct NewSubject {
  std::string kind;
  nlohmann::json fields = nlohmann::json::object();
  std::string case_code;    //!< optional: an existing case the person joins at once
  std::string member_role;  //!< their role in that case, e.g. "parent"
};

struct NewCase {
  std::string service;
  std::string referral_source;
  std::string opened_on;  //!< YYYY-MM-DD; today when empty
  std::vector<std::string> flags;
  std::optional<std::string> closed_on;  //!< for cases imported already closed
};

struct NewRecord {
  std::string type;
  std::string case_code;
  std::string subject_code;
  std::string occurred_on;  //!< YYYY-MM-DD; today when empty
  nlohmann::json fields = nlohmann::json::object();
};

struct RecordQuery {
  std::string case_code;
  std::string subject_code;
  std::string type;
  std::string after;  //!< code of the last record of the previous page
  std::int64_t limit = 100;
};

class RecordsService {
 public:
  //! `policy`, `store`, `vault` and `clock` must outlive the service.
  RecordsService(const policy::Policy& policy, store::Store& store, Vault& vault,
                 const Clock& clock);
  ~RecordsService();

  [[nodiscard]] Result<SubjectView> AddSubject(const Actor& actor, const NewSubject& subject);
  [[nodiscard]] Result<SubjectView> GetSubject(const Actor& actor, std::string_view code);
  //! Subjects whose lookup field `field` (e.g. "email") has `value`, found by blind index.
  [[nodiscard]] Result<std::vector<SubjectView>> FindSubjects(const Actor& actor,
                                                              std::string_view field,
                                                              std::string_view value);
  //! Sets whether processing of a person is restricted (Art 18) and whether they objected
  //! (Art 21) to every legitimate-interest and public-task purpose ("*"; `Object` records an
  //! objection to one purpose); the access decision then applies. Local admin or
  //! manage_requests only.
  [[nodiscard]] Status SetProcessingState(const Actor& actor, std::string_view code,
                                          bool restricted, bool objected);
  //! Relationship kinds: parent_of, carer_of, professional_for, sibling_of, partner_of,
  //! relative_of.
  [[nodiscard]] Status AddRelationship(const Actor& actor, std::string_view from,
                                       std::string_view to, std::string_view kind);

  [[nodiscard]] Result<CaseView> OpenCase(const Actor& actor, const NewCase& c);
  [[nodiscard]] Result<CaseView> CloseCase(const Actor& actor, std::string_view code,
                                           std::string_view closed_on);
  //! Records that the case's transfer to another organisation completed on `transferred_on`
  //! (today when empty); retention rules may count from it.
  [[nodiscard]] Result<CaseView> CompleteTransfer(const Actor& actor, std::string_view code,
                                                  std::string_view transferred_on);
  [[nodiscard]] Result<CaseView> GetCase(const Actor& actor, std::string_view code);
  [[nodiscard]] Status AddMember(const Actor& actor, std::string_view case_code,
                                 std::string_view subject_code, std::string_view role);

  [[nodiscard]] Result<RecordView> AddRecord(const Actor& actor, const NewRecord& record);
  [[nodiscard]] Result<RecordView> GetRecord(const Actor& actor, std::string_view code);
  //! A page of records in the order they were added; records the actor may not read are left out.
  //! When `last_scanned` is given it receives the code of the last record looked at (the cursor for
  //! the next page), or empty at the end.
  [[nodiscard]] Result<std::vector<RecordView>> ListRecords(const Actor& actor,
                                                            const RecordQuery& query,
                                                            std::string* last_scanned = nullptr);
  //! Rectifies a record: `changes` (field id -> new value, null to remove) applied to the
  //! current fields become version expected_version + 1 and the old version is kept in the
  //! history. kConflict if the record is no longer at expected_version.
  [[nodiscard]] Result<RecordView> UpdateRecord(const Actor& actor, std::string_view code,
                                                std::int64_t expected_version,
                                                const nlohmann::json& changes);
  //! Every version of a record, oldest first, the current one last.
  [[nodiscard]] Result<std::vector<RecordView>> History(const Actor& actor, std::string_view code);

  //! Streams `in` into an encrypted attachment of the record's attachment field `field`.
  //! Fails with kInvalidArgument past kMaxAttachmentBytes, leaving nothing behind.
  [[nodiscard]] Result<std::string> AddAttachment(const Actor& actor, std::string_view record_code,
                                                  std::string_view field, std::istream& in);
  //! Writes the decrypted attachment to `out`; kDataLoss if any chunk fails to authenticate or
  //! the stream is truncated.
  [[nodiscard]] Status ReadAttachment(const Actor& actor, std::string_view attachment_code,
                                      std::ostream& out);

  //! Staff assigned to a case (user codes). Assigning needs access::DecideAssignment.
  [[nodiscard]] Result<std::vector<std::string>> ListAssignments(const Actor& actor,
                                                                 std::string_view case_code);
  //! `user` is a user code or username. kAlreadyExists if already assigned; kNotFound for an
  //! unknown user; kFailedPrecondition for a disabled one.
  [[nodiscard]] Status Assign(const Actor& actor, std::string_view case_code,
                              std::string_view user_code);
  //! kNotFound if the user is not assigned to the case.
  [[nodiscard]] Status Unassign(const Actor& actor, std::string_view case_code,
                                std::string_view user_code);

  //! Success if the actor holds `capability`; otherwise the refusal of `action` is audited and
  //! returned as kPermissionDenied.
  [[nodiscard]] Status RequireCapability(const Actor& actor, policy::Capability capability,
                                         std::string_view action);
  //! Up to `limit` (1..1000) audit entries after `after_seq`, for holders of view_audit. The
  //! reading is itself audited.
  [[nodiscard]] Result<std::vector<store::AuditRow>> ReadAudit(const Actor& actor,
                                                               std::int64_t after_seq,
                                                               std::int64_t limit);
  //! Break-glass accesses with their written reasons, for holders of review_break_glass.
  [[nodiscard]] Result<std::vector<BreakGlassView>> ListBreakGlass(const Actor& actor,
                                                                   std::int64_t after_id,
                                                                   std::int64_t limit,
                                                                   bool unreviewed_only);
  //! Marks a break-glass access reviewed; kNotFound / kFailedPrecondition (already reviewed).
  [[nodiscard]] Status ReviewBreakGlass(const Actor& actor, std::int64_t id);

  // Consent (consent.cc; docs/consent.md). Giving, withdrawing and reading consent is decided
  // for the declared purpose, or the consent's first purpose when none is declared, without the
  // consent rule itself.
  //! Records a consent. kInvalidArgument for an unknown consent, a method the policy does not
  //! allow for it, a time in the future or evidence about someone else; kNotFound for an
  //! unknown person; kFailedPrecondition for an erased person or a "parental" consent given
  //! by someone not recorded as the person's parent or carer.
  [[nodiscard]] Result<ConsentEntryView> GiveConsent(const Actor& actor, const NewConsent& c);
  //! Records a withdrawal; it binds the very next decision. kFailedPrecondition if the person
  //! has no consent of that kind in force (never given, or already withdrawn).
  [[nodiscard]] Result<ConsentEntryView> WithdrawConsent(const Actor& actor,
                                                         const ConsentWithdrawal& w);
  //! The current state of each of the policy's consents for a person.
  [[nodiscard]] Result<std::vector<ConsentStatusView>> ConsentStatus(const Actor& actor,
                                                                     std::string_view subject);
  //! A person's whole ledger with the notice and consent texts it refers to.
  [[nodiscard]] Result<ConsentHistory> GetConsentHistory(const Actor& actor,
                                                         std::string_view subject);
  //! Counts by consent and state, and people with consent by purpose; manage_requests only.
  [[nodiscard]] Result<ConsentReport> GetConsentReport(const Actor& actor);
  //! A stored text by its hex hash (any signed-in user: notices and consent words are public).
  [[nodiscard]] Result<ConsentHistory::Text> GetText(std::string_view hash_hex);
  //! The privacy notice as shown to people now (Markdown), and its hex SHA-256.
  const std::string& notice_text() const { return notice_text_; }
  const std::string& notice_hash() const { return notice_hash_; }

  // Retention (retention.cc; docs/retention.md). Holds need manage_holds; plans, approvals,
  // sweeps and the disposal log need approve_disposal; explanations and the review queue either.
  //! kInvalidArgument for an unknown kind, no reason or a review date not after today;
  //! kNotFound for an unknown person, case or record.
  [[nodiscard]] Result<HoldView> PlaceHold(const Actor& actor, const NewHold& hold);
  //! Disposal of what it covered resumes; kFailedPrecondition if already released.
  [[nodiscard]] Result<HoldView> ReleaseHold(const Actor& actor, std::string_view code,
                                             std::string_view note);
  //! A review that keeps the hold: its next review date.
  [[nodiscard]] Result<HoldView> ReviewHold(const Actor& actor, std::string_view code,
                                            std::string_view next_review_on);
  [[nodiscard]] Result<std::vector<HoldView>> ListHolds(const Actor& actor, bool active_only);
  //! The rule that applies to a record, why, its dates and any hold.
  [[nodiscard]] Result<RetentionExplanation> ExplainRetention(const Actor& actor,
                                                              std::string_view record_code);
  //! Records the review of an indefinitely kept record: its next review is a review period
  //! from today. kFailedPrecondition for a record not kept indefinitely.
  [[nodiscard]] Result<RetentionExplanation> ReviewRecord(const Actor& actor,
                                                          std::string_view record_code);
  //! Indefinitely kept records and holds due a review by `as_of`.
  [[nodiscard]] Result<ReviewQueue> RetentionReviewQueue(const Actor& actor,
                                                         std::string_view as_of);
  //! Everything due by `as_of` (YYYY-MM-DD, at most settings.sweep_max_future_days ahead),
  //! held or not; changes nothing unless `store_for_approval`, which keeps the plan (the due,
  //! unheld items) under a code "P-…" for someone else to approve.
  [[nodiscard]] Result<RetentionPlan> PlanRetention(const Actor& actor, std::string_view as_of,
                                                    bool store_for_approval);
  [[nodiscard]] Result<RetentionPlan> GetPlan(const Actor& actor, std::string_view code);
  //! kPermissionDenied for the plan's own author (unless the local admin).
  [[nodiscard]] Status ApproveRetentionPlan(const Actor& actor, std::string_view code);
  //! Disposes of an approved plan's items that are still due and not held, one transaction
  //! each; safe to interrupt and run again. Stops before disposing of anything if any item
  //! cannot be read.
  [[nodiscard]] Result<SweepResult> ExecuteRetentionPlan(const Actor& actor, std::string_view code,
                                                         const RetentionProgress& progress);
  //! The command line's sweep: plans as of `as_of` and, with `execute`, disposes at once (the
  //! operator approves by running it). The plan is returned through `plan` when given.
  [[nodiscard]] Result<SweepResult> Sweep(const Actor& actor, std::string_view as_of, bool execute,
                                          RetentionPlan* plan, const RetentionProgress& progress);
  //! Works out every record's dates again (after a policy change); returns how many changed.
  [[nodiscard]] Result<std::int64_t> RecomputeRetention(const Actor& actor,
                                                        const RetentionProgress& progress);
  //! The disposal log: up to `limit` (1..1000) entries after `after`.
  [[nodiscard]] Result<std::vector<store::DisposalRow>> DisposalLog(const Actor& actor,
                                                                    std::int64_t after,
                                                                    std::int64_t limit);

  // Erasure (erasure.cc; docs/rights.md, "Erasure"): manage_requests, or the local admin.
  //! Erases a person: every record in their reach is erased or kept with its reasons (a record
  //! about someone else, a case record shared with others, a hold, a retention rule with no
  //! end, a legal obligation); their key is destroyed, their blind indexes deleted and their
  //! row left as a tombstone (code and date), between an "intended" and a "done" line of the
  //! erasure journal. A dry run changes nothing. kFailedPrecondition for a person already
  //! erased; kInvalidArgument for a request code that is not "Q-…".
  [[nodiscard]] Result<ErasureOutcome> EraseSubject(const Actor& actor, std::string_view subject,
                                                    const ErasureOptions& options);
  //! The erasure journal, checked; kDataLoss if it was altered.
  [[nodiscard]] Result<std::vector<JournalEntry>> GetErasureJournal(const Actor& actor);
  //! Erases again everyone the journal names who is not (fully) erased in the store, as after
  //! the restore of an older backup; idempotent.
  [[nodiscard]] Result<ReapplyResult> ReapplyErasures(const Actor& actor);
  //! Where the erasure journal is kept (the data folder sets it before use); without one,
  //! erasures are not journaled.
  void set_erasure_journal(std::string path) { journal_path_ = std::move(path); }

  // Marketing preferences, unsubscribing and the suppression list (marketing.cc), website
  // cookie consent (cookies.cc); docs/marketing.md. Decided like consent changes, for the
  // declared purpose or the channel's purpose.
  //! Records an opt-in or opt-out on one channel. kInvalidArgument for a channel the policy
  //! does not list, an opt-in without a source, a time in the future; kNotFound for an unknown
  //! person; kFailedPrecondition for an erased person, an opt-in for a person with no address
  //! on the channel, or one whose address is on the suppression list.
  [[nodiscard]] Result<MarketingEntryView> SetMarketing(const Actor& actor,
                                                        const MarketingChange& change);
  //! A person's preference on every channel, and their ledger.
  [[nodiscard]] Result<MarketingView> GetMarketing(const Actor& actor, std::string_view subject);
  //! A signed one-click unsubscribe link for the person and channel, valid for a year.
  [[nodiscard]] Result<UnsubscribeLink> MakeUnsubscribeLink(const Actor& actor,
                                                            std::string_view subject,
                                                            std::string_view channel);
  //! What a token names, without changing anything (the confirmation page). kInvalidArgument
  //! for a forged or damaged token, kFailedPrecondition for an expired one or an erased person.
  [[nodiscard]] Result<UnsubscribeOutcome> CheckUnsubscribe(std::string_view token);
  //! Unsubscribes with a token (no login): an opt-out, the address suppressed and the consents
  //! serving the channel's purpose withdrawn, in one transaction. Fails as CheckUnsubscribe,
  //! changing nothing. A second time answers `already`.
  [[nodiscard]] Result<UnsubscribeOutcome> Unsubscribe(std::string_view token);
  //! Puts an address on the suppression list (manage_requests, or the local admin).
  [[nodiscard]] Status Suppress(const Actor& actor, const Suppression& s);
  //! Opt-ins from a subject import (source "import"); one already applied is not applied
  //! again, and one for a suppressed address is refused and counted.
  [[nodiscard]] Result<ImportOptInResult> ApplyImportOptIns(
      const Actor& actor, const std::vector<ImportOptIn>& opt_ins);
  //! Records a website visitor's cookie choices (public; purges choices older than the
  //! policy's cookie_consent_retention in the same transaction). kInvalidArgument for a bad
  //! device id or choices; nothing is stored then.
  [[nodiscard]] Result<CookieConsentView> RecordCookieConsent(const CookieChoice& choice);
  //! What a device agreed to, and when (public: the device id is the visitor's own secret).
  [[nodiscard]] Result<CookieConsentHistory> GetCookieConsent(std::string_view device);
  //! Removes cookie choices older than cookie_consent_retention; how many. manage_requests.
  [[nodiscard]] Result<std::int64_t> PurgeCookieConsents(const Actor& actor);

  // Access packs (access_pack.cc; docs/rights.md): for holders of manage_requests.
  //! Everything held about a person, other people's information replaced by redaction items for
  //! the DPO to review; with options.final, the pack with the DPO's decisions applied.
  //! kNotFound for an unknown person; kFailedPrecondition for an erased one (nothing is held)
  //! and kInvalidArgument for a final build whose decisions are missing, empty of a reason or
  //! name items the pack does not have. A restricted person's pack is built and says so.
  [[nodiscard]] Result<AccessPack> AssembleAccessPack(const Actor& actor, std::string_view subject,
                                                      const AccessPackOptions& options);
  //! The data the person provided, processed on consent or contract (portability, Art 20).
  //! Fails as AssembleAccessPack.
  [[nodiscard]] Result<PortableData> ExportPortable(const Actor& actor, std::string_view subject);

  // Anonymisation (anonymise.cc; docs/anonymisation.md): for an actor allowed to read the
  // person. The names removed are the person's and those of everyone linked to them (both sides
  // of their relationships, the members of their cases, professionals included). Nothing is
  // stored: the release recomputes the draft from the same text. Audited with counts per type.
  //! The draft of `text` with its replacements (the originals are for the reviewer only).
  //! kInvalidArgument for text the anonymiser refuses (too long, not UTF-8, controls).
  [[nodiscard]] Result<anonymise::Anonymised> DraftAnonymised(const Actor& actor,
                                                              std::string_view subject,
                                                              std::string_view text);
  //! The released text: the draft of the same text recomputed and the reviewer's decisions
  //! applied (anonymise::Release); kInvalidArgument for a decision that does not fit the draft.
  [[nodiscard]] Result<anonymise::Anonymised> ReleaseAnonymised(
      const Actor& actor, std::string_view subject, std::string_view text,
      const anonymise::Decisions& decisions);

  // Statistics (stats.cc; docs/statistics.md): holders of run_reports. The facts are gathered,
  // derived and discarded inside one read snapshot; erased, restricted and objecting people
  // and professionals are left out. The caller receives counts or pseudonymous rows, never an
  // identifier. One audit entry per run, with counts only.
  //! The report's table, suppressed and rounded; kInvalidArgument for a table too large.
  [[nodiscard]] Result<stats::Table> RunReport(const Actor& actor, const stats::ReportDef& def,
                                               stats::MonthRange range);
  //! The extract with pseudonyms keyed for this extract alone; kFailedPrecondition when it is
  //! refused below k.
  [[nodiscard]] Result<stats::Extract> RunExtract(const Actor& actor, const stats::ExtractDef& def,
                                                  stats::MonthRange range);

  //! Adds many subjects, cases and records in one transaction with one audit entry naming every
  //! code; all or nothing. Used by imports and the data generator.
  struct Batch {
    std::vector<NewSubject> subjects;
    std::vector<NewCase> cases;
    //! Case members: (case index, subject index, role), indexes into the vectors above.
    std::vector<std::tuple<std::size_t, std::size_t, std::string>> members;
    //! Relationships: (from subject index, to subject index, kind).
    std::vector<std::tuple<std::size_t, std::size_t, std::string>> relationships;
    //! Records whose case_code / subject_code may be "#<index>" to refer to this batch.
    std::vector<NewRecord> records;
    //! Staff user (store id) assigned to every case the batch opens; 0: none.
    std::int64_t assign_cases_to = 0;
  };
  struct BatchResult {
    std::vector<std::string> subject_codes;
    std::vector<std::string> case_codes;
    std::vector<std::string> record_codes;
  };
  [[nodiscard]] Result<BatchResult> AddBatch(const Actor& actor, const Batch& batch);

  // Requests (requests.cc; docs/rights.md): the register of data subject requests and the
  // rights of restriction, objection and rectification. manage_requests, or the local admin.
  //! Opens a request about a known person. kNotFound for an unknown person,
  //! kFailedPrecondition for an erased one, kInvalidArgument for an unknown kind or requester,
  //! an impossible date or one after today.
  [[nodiscard]] Result<RequestView> OpenDataRequest(const Actor& actor, const NewDataRequest& n);
  //! Records a step (rights::Apply decides whether it may come now); the due date is worked out
  //! again. kNotFound for an unknown request.
  [[nodiscard]] Result<RequestView> StepDataRequest(const Actor& actor, std::string_view code,
                                                    const RequestStep& step);
  [[nodiscard]] Result<RequestView> GetDataRequest(const Actor& actor, std::string_view code);
  //! Requests soonest due first; open ones only unless filter.include_closed.
  [[nodiscard]] Result<std::vector<RequestView>> ListDataRequests(const Actor& actor,
                                                                  const RequestFilter& filter);
  //! A letter (rights::LetterKindId) to the requester; `addressee` empty: the requester's name.
  [[nodiscard]] Result<LetterView> DataRequestLetter(const Actor& actor, std::string_view code,
                                                     std::string_view letter,
                                                     std::string_view addressee);
  //! Restricts processing of a person's data (Art 18), noted on `request_code` when given.
  [[nodiscard]] Status Restrict(const Actor& actor, std::string_view subject,
                                std::string_view request_code);
  //! Lifts a restriction; `told_on` is the day the person was told (Art 18(3)), kept in the
  //! audit entry and on the request.
  [[nodiscard]] Status LiftRestriction(const Actor& actor, std::string_view subject,
                                       std::string_view told_on, std::string_view request_code);
  //! Records an objection (Art 21) to a purpose on legitimate interests or a public task.
  [[nodiscard]] Status Object(const Actor& actor, std::string_view subject,
                              std::string_view purpose, std::string_view request_code);
  //! Rectifies a record for an open rectification request about the record's person
  //! (as UpdateRecord), notes it on the request and returns the recipients to tell (Art 19),
  //! all in one transaction with one audit entry (`request.rectify`).
  [[nodiscard]] Result<RectificationView> RectifyForRequest(const Actor& actor,
                                                            std::string_view request_code,
                                                            std::string_view record_code,
                                                            std::int64_t expected_version,
                                                            const nlohmann::json& changes);
  //! Keeps a validated bank-holiday file (GOV.UK's format) where deadlines read it; returns
  //! the years it covers ("2024-2027").
  [[nodiscard]] Result<std::string> LoadHolidayFile(const Actor& actor, std::string_view json);
  //! Where the folder keeps its own bank-holiday file; without one (or while it does not
  //! exist) HolidayCalendar::Default() is used.
  void set_holiday_file(std::string path) { holidays_path_ = std::move(path); }
  //! The bank holidays deadlines are worked out with.
  [[nodiscard]] Result<HolidayCalendar> LoadHolidayCalendar() const;

  // Disclosures (disclosure.cc; docs/sharing.md): the log of every share of a person's data
  // with a recipient of the policy, and the package that carries it.
  //! Records a share and builds its package in the same transaction: the person, and each of
  //! `records`, read through the access decision, only the fields of the shared categories the
  //! actor may read. Refused with a reason, nothing recorded: kInvalidArgument for a recipient
  //! not in the policy, an anonymised_only recipient, a basis the recipient does not allow,
  //! categories it may not receive, a consent-based share that names no consent (or one not
  //! serving the declared purpose), a share without consent with no justification, a record
  //! not about the person; kFailedPrecondition for a restricted or erased person or a consent
  //! not in force; kPermissionDenied for a share without consent by a role the recipient does
  //! not list, an approver who may not approve disclosures, or what the actor may not read.
  [[nodiscard]] Result<SharePackage> Share(const Actor& actor, const NewDisclosure& d);
  //! A person's disclosures, oldest first (access packs): for whoever may read the person, or
  //! holders of approve_disclosures or manage_requests.
  [[nodiscard]] Result<std::vector<DisclosureView>> ListDisclosuresOf(const Actor& actor,
                                                                      std::string_view subject);
  //! The distinct recipients (policy ids) that received this person's data, for notifying a
  //! rectification, erasure or restriction (Art 19). Codes only; not audited (the caller's
  //! operation is).
  [[nodiscard]] Result<std::vector<std::string>> RecipientsToNotify(std::string_view subject);
  //! Disclosures made without consent and not yet reviewed, oldest first, up to `limit`
  //! (1..1000) after `after` ("D-…" or empty); approve_disclosures or manage_requests.
  [[nodiscard]] Result<std::vector<DisclosureView>> FlaggedDisclosures(const Actor& actor,
                                                                       std::string_view after,
                                                                       std::int64_t limit);
  //! The DPO marks a flagged disclosure reviewed; kNotFound, kFailedPrecondition (not flagged,
  //! or already reviewed), kPermissionDenied for the person who made it.
  [[nodiscard]] Result<DisclosureView> ReviewDisclosure(const Actor& actor, std::string_view code);

  const policy::Policy& policy() const { return policy_; }

 private:
  class Writer;
  Result<BatchResult> WriteBatch(const Actor& actor, const Batch& batch, std::string_view action);
  //! The access decision on `request` for this actor, with reach and state filled in by the
  //! caller. A denial is written to the audit chain (action, objects, reason), the transaction
  //! committed, and returned as kPermissionDenied.
  Result<access::Decision> Authorise(internal::Txn& t, const Actor& actor,
                                     const access::Request& request, std::string_view action,
                                     const std::vector<std::string>& objects);
  //! A decision that is not yet final: a denial is audited and returned as kPermissionDenied.
  Result<access::Decision> Settle(internal::Txn& t, const Actor& actor, access::Decision d,
                                  std::string_view action, const std::vector<std::string>& objects);
  //! The decision on a stored record (its type, its case's reach, its person's state); no audit.
  Result<access::Decision> RecordDecision(internal::Txn& t, const Actor& actor, access::Action what,
                                          const store::RecordRow& row);
  //! Authorise for a stored record: its type, its case's reach and its person's state.
  Result<access::Decision> AuthoriseRecord(internal::Txn& t, const Actor& actor,
                                           access::Action what, const store::RecordRow& row,
                                           std::string_view action,
                                           const std::vector<std::string>& objects);
  //! The decision on a stored person (reach through their cases, their state); no audit.
  Result<access::Decision> SubjectDecision(internal::Txn& t, const Actor& actor,
                                           access::Action what, const store::SubjectRow& row);
  Result<access::Decision> AuthoriseSubject(internal::Txn& t, const Actor& actor,
                                            access::Action what, const store::SubjectRow& row,
                                            std::string_view action);
  Result<access::Decision> AuthoriseCase(internal::Txn& t, const Actor& actor, access::Action what,
                                         const store::CaseRow& row, std::string_view action,
                                         const std::vector<std::string>& objects);
  //! Checks every subject, case and record of a batch before anything is written.
  Status AuthoriseBatch(internal::Txn& t, const Actor& actor, const Batch& batch,
                        std::string_view action);

  //! A read snapshot whose audit entry is group-committed.
  Result<internal::Txn> BeginRead();
  //! One fact per person counted in each case, derived with the mappings (stats.cc); the
  //! people's codes by fact person index when `person_codes` is given.
  Status GatherFacts(internal::Txn& t, const stats::Mappings& m, stats::FactTable& facts,
                     std::vector<std::string>* person_codes);
  //! Fills the target's consent facts from the ledgers of `subject_ids` when the actor's
  //! purpose needs them (access::NeedsConsentFacts).
  Status GatherConsent(internal::Txn& t, const Actor& actor,
                       const std::vector<std::int64_t>& subject_ids, access::Target* target);
  //! The people a case is about: its members, professionals left out.
  Result<std::vector<std::int64_t>> CasePeople(internal::Txn& t, std::int64_t case_id);
  //! Decides and audits a consent action on a person (see GiveConsent).
  Result<access::Decision> AuthoriseConsent(internal::Txn& t, const Actor& actor,
                                            access::Action what, const store::SubjectRow& row,
                                            const policy::ConsentDef& def, std::string_view action);
  //! A person's consent ledger with its notes opened and the texts it refers to.
  Result<ConsentHistory> ReadConsentLedger(internal::Txn& t, const store::SubjectRow& subject);
  //! Stores the current notice text once, returning its hash.
  Result<store::Bytes> StoreNotice(internal::Txn& t);
  //! The names to remove for `subject`: theirs first, then everyone linked to them.
  Result<anonymise::Context> AnonymiseContext(internal::Txn& t, const store::SubjectRow& subject);
  // Retention internals (retention.cc).
  struct RetentionState {
    retention::Outcome outcome;
    store::RetentionDates dates;
    nlohmann::json fields = nlohmann::json::object();  //!< opened when the rules need them
    std::vector<bool> partial_done;                    //!< per outcome.partial entry
  };
  Result<CaseView> SetCaseDate(const Actor& actor, std::string_view code, std::string_view on,
                               bool close);
  Result<RetentionState> EvaluateRecord(internal::Txn& t, const store::RecordRow& row,
                                        retention::Explain explain);
  //! Works out a record's dates again and stores them if they changed; true if they did.
  Result<bool> Redate(internal::Txn& t, const store::RecordRow& row);
  //! Works out the dates of these records again and stores those that changed.
  Status RefreshRetention(internal::Txn& t, const std::vector<std::int64_t>& record_ids);
  Status RefreshCaseRetention(internal::Txn& t, std::int64_t case_id);
  //! Recomputes every date first when the policy's retention rules changed since last time.
  Status EnsureRetentionCurrent(const Actor& actor, const RetentionProgress& progress);
  Result<std::int64_t> RecomputeAll(const Actor& actor, const RetentionProgress& progress);
  Result<HoldView> HoldViewOf(const store::HoldRow& row);
  Result<store::HoldRow> FindHoldRow(internal::Txn& t, std::string_view code);
  //! Ends a hold's transaction with its audit entry (the hold and what it is on).
  Status FinishHold(internal::Txn& t, const Actor& actor, std::string_view action,
                    const store::HoldRow& row, std::string detail);
  //! Active holds on the record, its case, its person or any member of its case.
  Result<std::vector<store::HoldRow>> HoldsCovering(internal::Txn& t, const store::RecordRow& row);
  Result<std::vector<PlanItem>> DueItems(internal::Txn& t, Date as_of);
  Status CheckAsOf(Date as_of);
  Status CheckReadable(const std::vector<PlanItem>& items);
  Result<bool> DisposeItem(const Actor& actor, const PlanItem& item, Date as_of,
                           const std::string& approved_by, const std::string& plan_code,
                           SweepResult* result);
  Result<SweepResult> RunItems(const Actor& actor, const std::vector<PlanItem>& items, Date as_of,
                               const std::string& approved_by, const std::string& plan_code,
                               const RetentionProgress& progress);
  static std::string SweepDetail(const SweepResult& r);
  //! Deletes a record (its versions and attachments) and destroys the key it leaves unused: a
  //! closed case's after its last record, or the record's own; the owners destroyed are added
  //! to `keys_destroyed`. The one way a record is removed (disposal and erasure).
  Status RemoveRecord(internal::Txn& t, const store::RecordRow& row,
                      std::vector<std::string>* keys_destroyed);
  // Erasure internals (erasure.cc).
  struct ErasurePlan {
    ErasureOutcome outcome;
    std::vector<store::RecordRow> erase;
    std::vector<store::RecordRow> reseal;  //!< kept, sealed under the person's key
    std::vector<std::string> kept;         //!< the person's own records that are kept
  };
  Result<ErasurePlan> PlanErasure(internal::Txn& t, const store::SubjectRow& s);
  //! Moves a kept record (fields and attachments) from its owner's key to a key of its own.
  Status ResealRecord(internal::Txn& t, store::RecordRow row);
  //! The suppression-list hash of a person's address on `channel`, or nullopt without one.
  Result<std::optional<store::Bytes>> SuppressionHashOf(internal::Txn& t,
                                                        const store::SubjectRow& row,
                                                        policy::Channel channel);
  //! The token's person and channel, checked (see CheckUnsubscribe).
  Result<std::pair<store::SubjectRow, const policy::MarketingChannel*>> ReadUnsubscribeToken(
      internal::Txn& t, std::string_view token);
  //! Removes cookie choices older than the policy keeps them; how many.
  Result<std::int64_t> PurgeOldCookieChoices(internal::Txn& t);

  const policy::Policy& policy_;
  store::Store& store_;
  Vault& vault_;
  const Clock& clock_;
  std::unique_ptr<internal::AuditBatcher> batcher_;
  std::string notice_text_;
  std::string notice_hash_;
  std::string journal_path_;
  // Request internals (requests.cc).
  struct LoadedRequest {
    store::RequestRow row;
    std::string subject;  //!< the person's code
    rights::Request request;
  };
  Result<LoadedRequest> LoadRequest(internal::Txn& t, std::string_view code);
  Status SaveRequest(internal::Txn& t, store::RequestRow& row, const rights::Request& r,
                     const rights::RequestState& s);
  //! When a request code is given: the request is in the register, is of `kind`, is about the
  //! person `subject_code` and is still open; else a clear error.
  Status CheckOpenRequestOf(internal::Txn& t, std::string_view request_code,
                            std::string_view subject_code, rights::RequestKind kind);
  //! Notes `text` on the request (when a code is given) and adds its code to `objects`.
  Status NoteOnRequest(internal::Txn& t, std::string_view request_code,
                       std::string_view subject_code, const Actor& actor, std::string text,
                       std::vector<std::string>& objects);
  //! UpdateRecord's work inside `t`, without its audit entry: the record's new version (the
  //! old one kept in its history) and its retention dates. Returns the record's new version
  //! and sets `detail` to the decision's audit detail; a refusal is audited and committed.
  Result<std::int64_t> RectifyIn(internal::Txn& t, const Actor& actor, std::string_view code,
                                 std::int64_t expected_version, const nlohmann::json& changes,
                                 std::string* detail);
  // Disclosure internals (disclosure.cc).
  Result<DisclosureView> DisclosureViewOf(internal::Txn& t, const store::DisclosureRow& row);
  //! Refusal of a share for a reason the audit chain keeps: audited as denied, committed, and
  //! returned as `code`.
  Error RefuseShare(internal::Txn& t, const Actor& actor, ErrorCode code, std::string_view reason,
                    std::vector<std::string> objects, std::string message);
  std::string holidays_path_;
};

}  // namespace casekeep::records
