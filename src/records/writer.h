// The inside of a records transaction: sealing and opening field maps, resolving codes, and the
// audit entry that every transaction ends with. Internal to the records module; one Writer per
// transaction, one thread.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/chain.h"
#include "crypto/blind_index.h"
#include "crypto/codes.h"
#include "records/service.h"

namespace casekeep::records::internal {

//! How a lookup field's values are normalised for its blind index.
crypto::Normalisation NormalisationFor(const policy::Field& field);

//! The clock's time as the audit chain records it (Unix microseconds).
inline std::int64_t AuditMicros(const Clock& clock) {
  return clock.NowUnixSeconds() * 1'000'000;
}

//! Audit detail for an allowed access, `extra` after the break-glass flag when there is one.
std::string DecisionDetail(const access::Decision& d, std::string extra = {});

//! Success if `role` is a case member role: a short id such as "parent" or "child".
Status CheckMemberRole(std::string_view role);

//! Success if `kind` is a relationship kind casekeep knows.
Status CheckRelationshipKind(std::string_view kind);

//! Associated data binding sealed fields to their row: "subject:S-…:v3" / "record:R-…:v3".
std::string FieldsAd(std::string_view kind, std::string_view code, std::int64_t version);

//! Inserts `row` with a fresh code of `prefix` (set in row.code before each try), retrying on
//! the rare collision with an existing code; `insert(row)` returns the new id.
template <class Row, class InsertFn>
Result<std::int64_t> InsertWithCode(Row& row, char prefix, std::size_t symbols, InsertFn insert) {
  for (int attempt = 0;; ++attempt) {
    CK_ASSIGN_OR_RETURN(row.code, crypto::GenerateCode(prefix, symbols));
    auto id = insert(row);
    if (id || id.error().code != ErrorCode::kAlreadyExists || attempt + 1 >= 8) {
      return id;
    }
  }
}

class AuditBatcher;

//! How the principal reaches the closest of several cases (assigned, team, outside), or
//! kNoCase for none.
Result<access::Reach> ReachOfCases(store::Tx& tx, const access::Principal& p,
                                   const std::vector<std::int64_t>& case_ids);
//! ReachOfCases over the cases the subject is a member of.
Result<access::Reach> ReachOfSubject(store::Tx& tx, const access::Principal& p,
                                     std::int64_t subject_id);
//! The processing state of a stored person.
access::SubjectState StateOf(const store::SubjectRow& row);
//! The purposes a stored person objected to (empty unless `row.objected`); "*" is every
//! legitimate-interest or public-task purpose.
std::set<std::string> ObjectedPurposes(const store::SubjectRow& row);
//! Sets the target's processing state and the purposes the person objected to from their row.
void SetTargetState(access::Target& target, const store::SubjectRow& row);

class Txn {
 public:
  //! Begins a write (or read-only) transaction; `vault` must outlive the Txn.
  static Result<Txn> Begin(store::Store& store, Vault& vault, bool write);
  //! Begins a read-only snapshot whose closing audit entry goes through `batcher` (group
  //! commit); `vault` and `batcher` must outlive the Txn.
  static Result<Txn> BeginRead(store::Store& store, Vault& vault, AuditBatcher& batcher);

  //! Keeps a break-glass access with the transaction: written now in a write transaction,
  //! with the closing audit entry in a read.
  Status AddBreakGlass(store::BreakGlassRow row);

  store::Tx& tx() { return *tx_; }
  KeyScope& keys() { return *keys_; }

  Result<store::Bytes> SealFields(std::string_view owner, std::string_view ad,
                                  const nlohmann::json& fields);
  //! The fields, or an empty object with `erased` set when the owner's key is gone.
  Result<nlohmann::json> OpenFields(std::string_view owner, std::string_view ad,
                                    const store::Bytes& sealed, bool* erased);

  Result<store::SubjectRow> Subject(std::string_view code);
  Result<store::CaseRow> Case(std::string_view code);
  Result<store::RecordRow> Record(std::string_view code);

  //! Appends the audit entry and commits; the transaction's new keys become shared. For a read
  //! snapshot, ends the snapshot and waits until the entry is committed by the batcher.
  Status Finish(const audit::AuditEvent& event, std::int64_t at_micros);

 private:
  Txn() = default;
  std::unique_ptr<store::Tx> tx_;
  std::unique_ptr<KeyScope> keys_;
  Vault* vault_ = nullptr;
  AuditBatcher* batcher_ = nullptr;  //!< set for read snapshots
  std::vector<store::BreakGlassRow> break_glass_;
};

}  // namespace casekeep::records::internal
