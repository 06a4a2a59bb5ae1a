// Consent: what the records service keeps about the consents people give and withdraw
// (docs/consent.md). The ledger is append-only; the state a decision uses is derived from it by
// CurrentConsents, the one place that says what "valid consent" means.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "store/store.h"

namespace casekeep::records {

//! A consent to record.
struct NewConsent {
  std::string subject;  //!< "S-…": the person the consent is about
  std::string consent;  //!< policy consent id
  std::string method;   //!< one of the consent's methods: online_form, verbal, written, parental
  //! For the method "parental": the code of the person with parental responsibility who gave it
  //! (they must be recorded as the person's parent or carer).
  std::string given_by;
  std::optional<std::int64_t> at;   //!< when it was given (Unix seconds); now when absent
  std::string evidence_note;        //!< free text, sealed under the person's key
  std::string evidence_attachment;  //!< "A-…" of a scanned form about this person, or empty
};

//! A withdrawal to record.
struct ConsentWithdrawal {
  std::string subject;
  std::string consent;
  std::string method;  //!< how the person withdrew: online_form, verbal, written, email, ...
  std::optional<std::int64_t> at;
  std::string note;
};

//! One ledger entry, opened.
struct ConsentEntryView {
  std::int64_t id = 0;
  std::string subject;
  std::string consent;
  std::string event;  //!< "given" or "withdrawn"
  std::int64_t at = 0;
  std::int64_t recorded_at = 0;
  std::string method;
  bool explicit_consent = false;
  std::string notice_hash;   //!< hex SHA-256 of the notice shown; empty for a withdrawal
  std::string wording_hash;  //!< hex SHA-256 of the consent's words
  std::string recorded_by;
  std::string given_by;
  std::string evidence_attachment;
  std::string note;
};

//! The current state of one of the policy's consents for one person.
struct ConsentStatusView {
  std::string consent;
  std::string label;
  std::vector<std::string> purposes;
  std::string state;  //!< "given", "withdrawn" or "never"
  std::optional<std::int64_t> since;
  bool explicit_consent = false;
};

//! A person's whole ledger with the exact texts each consent was given on.
struct ConsentHistory {
  std::string subject;
  std::vector<ConsentEntryView> entries;  //!< oldest first
  struct Text {
    std::string hash;  //!< hex
    std::string kind;  //!< "notice" or "consent"
    std::string text;
  };
  std::vector<Text> texts;  //!< every text an entry refers to, once each
};

//! Counts for the DPO: how many people's consents are in each state.
struct ConsentReport {
  struct Row {
    std::string consent;
    std::string label;
    std::int64_t given = 0;
    std::int64_t withdrawn = 0;
  };
  std::vector<Row> consents;  //!< in policy order
  struct PurposeRow {
    std::string purpose;
    std::int64_t people_with_consent = 0;
  };
  std::vector<PurposeRow> purposes;  //!< the consent-based purposes, in policy order
  std::int64_t entries = 0;          //!< ledger entries scanned
};

//! `at` (Unix seconds) when given, else `now`; kInvalidArgument naming `what` ("a consent") for
//! a time before 1970 or more than five minutes ahead of `now`.
[[nodiscard]] Result<std::int64_t> CheckedTime(std::optional<std::int64_t> at, std::int64_t now,
                                               std::string_view what);

//! The latest entry of each consent in a ledger (by time given or withdrawn, then by entry).
struct CurrentConsent {
  bool given = false;
  bool explicit_consent = false;
  std::int64_t since = 0;
};
[[nodiscard]] std::map<std::string, CurrentConsent> CurrentConsents(
    const std::vector<store::ConsentRow>& ledger);

//! The purposes `ledger` gives valid consent for, and those consented explicitly.
void ConsentedPurposes(const policy::Policy& policy, const std::vector<store::ConsentRow>& ledger,
                       std::set<std::string>* consented, std::set<std::string>* explicitly);

}  // namespace casekeep::records
