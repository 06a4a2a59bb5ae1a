// Erasure (UK GDPR Art 17) in the records service: what of a person may go, what must stay and
// why, and the erasure journal that a restored backup re-applies (docs/rights.md, "Erasure").
// Plain values; the operations are RecordsService members (erasure.cc), the journal file is
// erasure_journal.h.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace casekeep::records {

struct ErasureOptions {
  std::string request;   //!< the request "Q-…" this erasure answers; may be empty
  bool dry_run = false;  //!< work out the outcome and change nothing
};

//! Why a record is kept. `kind` is one of:
//!   other_person      the record is about another person in the case (its subject)
//!   shared            a case record about the whole case, which has other members
//!   hold              an active hold covers it
//!   retention         its governing retention rule keeps it with no end date (to a review)
//!   legal_obligation  its type serves a purpose whose lawful basis is a legal obligation and
//!                     its retention period has not ended
struct ErasureReason {
  std::string kind;
  std::string text;  //!< the reason in words: the rule, its date, the hold, the roles
};

struct ErasureItem {
  std::string record;                  //!< "R-…"
  std::string type;                    //!< record type id
  std::string case_code;               //!< empty for a person-only record
  std::string action;                  //!< "erased" or "kept"
  std::vector<ErasureReason> reasons;  //!< why it is kept; empty when erased
  //! For a kept record that is not the person's own: it may still mention the person (their
  //! name in a case note); it is kept whole, because it must be kept about someone else.
  bool may_mention = false;
  bool resealed = false;  //!< kept, and moved from the person's key to a key of its own
};

struct ErasureOutcome {
  std::string subject;  //!< "S-…"
  std::string request;  //!< "Q-…" or empty
  bool dry_run = false;
  std::string erased_on;  //!< YYYY-MM-DD (UK) the tombstone carries; empty for a dry run
  std::vector<ErasureItem> records;
  //! Key owners whose data keys are (or, in a dry run, would be) destroyed: the person's, and
  //! any closed case whose last record goes.
  std::vector<std::string> keys_destroyed;
  //! Recipients the person's data was disclosed to, to be told (Art 19).
  std::vector<std::string> recipients;
  std::int64_t erased = 0;
  std::int64_t kept = 0;
};

//! What re-applying the erasure journal did.
struct ReapplyResult {
  std::int64_t entries = 0;    //!< people named in the journal
  std::int64_t reapplied = 0;  //!< people found not (fully) erased and erased again
  std::int64_t records_deleted = 0;
  std::int64_t keys_destroyed = 0;
};

struct JournalEntry;

//! The JSON the CLI and the API give (docs/api.md, "Erasure").
nlohmann::json ToJson(const ErasureOutcome& o);
nlohmann::json ToJson(const ReapplyResult& r);
nlohmann::json ToJson(const JournalEntry& e);

}  // namespace casekeep::records
