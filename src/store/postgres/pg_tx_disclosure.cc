// PgTx (pg_tx.h): the disclosure log, its review, and data subject requests.
// Thread-safety: a Tx belongs to one thread.
#include "store/internal/checks.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_tx.h"

namespace casekeep::store::postgres {
namespace {

using internal::WithDetail;

const std::string kSelectDisclosure = SelectWhere(sqlite::kDisclosureColumns, "disclosures");
const std::string kSelectRequest = SelectWhere(sqlite::kRequestColumns, "requests");

DisclosureRow ReadDisclosure(const PgResult& r, int i) {
  using D = DisclosureRow;
  return ReadInto(r, i, D{}, &D::id, &D::code, &D::subject_id, &D::case_code, &D::recipient,
                  &D::basis, &D::consent, &D::without_consent, &D::records, &D::categories,
                  &D::shared_by, &D::approved_by, &D::at, &D::sealed, &D::reviewed_at,
                  &D::reviewed_by);
}

RequestRow ReadRequest(const PgResult& r, int i) {
  using Q = RequestRow;
  return ReadInto(r, i, Q{}, &Q::id, &Q::code, &Q::subject_id, &Q::kind, &Q::status,
                  &Q::received_on, &Q::due_on, &Q::created_by, &Q::created_at, &Q::updated_at,
                  &Q::sealed);
}

}  // namespace

// The disclosure log.

Result<std::int64_t> PgTx::InsertDisclosure(const DisclosureRow& row) {
  CK_TRY(Writable("InsertDisclosure"));
  CK_TRY(internal::CheckDisclosure(row, "InsertDisclosure"));
  auto r = Put("recording a disclosure",
               "INSERT INTO disclosures(code, subject_id, case_code, recipient, basis, consent, "
               "without_consent, records, categories, shared_by, approved_by, at, sealed, "
               "reviewed_at, reviewed_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
               "$12, $13, NULL, '') RETURNING id",
               row.code, row.subject_id, row.case_code, row.recipient, row.basis, row.consent,
               row.without_consent, row.records, row.categories, row.shared_by, row.approved_by,
               row.at, row.sealed);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  return r->Int(0, 0);
}

Result<std::optional<DisclosureRow>> PgTx::FindDisclosure(std::string_view code) {
  CK_TRY(Usable("FindDisclosure"));
  CK_ASSIGN_OR_RETURN(auto r, Get("finding a disclosure", kSelectDisclosure + "code = $1", code));
  return One(r, ReadDisclosure);
}

Result<std::vector<DisclosureRow>> PgTx::ListDisclosures(std::int64_t subject_id) {
  CK_TRY(Usable("ListDisclosures"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing a person's disclosures",
                                  kSelectDisclosure + "subject_id = $1 ORDER BY id", subject_id));
  return All(r, ReadDisclosure);
}

Result<std::vector<DisclosureRow>> PgTx::ScanDisclosures(std::int64_t after_id, std::int64_t limit,
                                                         bool flagged_unreviewed_only) {
  CK_TRY(Usable("ScanDisclosures"));
  CK_TRY(internal::CheckLimit(limit, "ScanDisclosures"));
  const std::string sql =
      kSelectDisclosure +
      (flagged_unreviewed_only ? "id > $1 AND without_consent = 1 AND reviewed_at IS NULL"
                               : "id > $1") +
      " ORDER BY id LIMIT $2";
  CK_ASSIGN_OR_RETURN(auto r, Get("listing disclosures", sql, after_id, limit));
  return All(r, ReadDisclosure);
}

Status PgTx::ReviewDisclosure(std::int64_t id, std::int64_t at, std::string_view by) {
  CK_TRY(Writable("ReviewDisclosure"));
  CK_TRY(internal::CheckReviewer(by, "ReviewDisclosure"));
  CK_ASSIGN_OR_RETURN(auto r, Put("reviewing a disclosure",
                                  "UPDATE disclosures SET reviewed_at = $1, reviewed_by = $2 "
                                  "WHERE id = $3 AND reviewed_at IS NULL",
                                  at, by, id));
  if (r.Changes() == 1) return {};
  return UnchangedBecause("ReviewDisclosure", "SELECT 1 FROM disclosures WHERE id = $1", id,
                          "disclosure",
                          internal::AlreadyReviewed("ReviewDisclosure", id, "disclosure"));
}

// Data subject requests.

Result<std::int64_t> PgTx::InsertRequest(const RequestRow& row) {
  CK_TRY(Writable("InsertRequest"));
  CK_TRY(internal::CheckRequest(row, "InsertRequest"));
  auto r = Put("recording a request",
               "INSERT INTO requests(code, subject_id, kind, status, received_on, due_on, "
               "created_by, created_at, updated_at, sealed) VALUES($1, $2, $3, $4, $5, $6, $7, "
               "$8, $9, $10) RETURNING id",
               row.code, row.subject_id, row.kind, row.status, row.received_on, row.due_on,
               row.created_by, row.created_at, row.updated_at, row.sealed);
  if (!r) return std::unexpected(WithDetail(r.error(), row.code));
  return r->Int(0, 0);
}

Status PgTx::UpdateRequest(const RequestRow& row) {
  CK_TRY(Writable("UpdateRequest"));
  CK_TRY(internal::CheckRequestStatus(row.status, "UpdateRequest"));
  CK_ASSIGN_OR_RETURN(auto r, Put("updating a request",
                                  "UPDATE requests SET status = $1, due_on = $2, updated_at = $3, "
                                  "sealed = $4 WHERE id = $5",
                                  row.status, row.due_on, row.updated_at, row.sealed, row.id));
  if (r.Changes() == 0) {
    return std::unexpected(internal::Missing("UpdateRequest", "request", row.id));
  }
  return {};
}

Result<std::optional<RequestRow>> PgTx::FindRequest(std::string_view code) {
  CK_TRY(Usable("FindRequest"));
  CK_ASSIGN_OR_RETURN(auto r, Get("finding a request", kSelectRequest + "code = $1", code));
  return One(r, ReadRequest);
}

Result<std::vector<RequestRow>> PgTx::ListRequests(std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ListRequests"));
  CK_TRY(internal::CheckLimit(limit, "ListRequests"));
  CK_ASSIGN_OR_RETURN(
      auto r,
      Get("listing requests", kSelectRequest + "id > $1 ORDER BY id LIMIT $2", after_id, limit));
  return All(r, ReadRequest);
}

Result<std::vector<RequestRow>> PgTx::ListSubjectRequests(std::int64_t subject_id) {
  CK_TRY(Usable("ListSubjectRequests"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing a person's requests",
                                  kSelectRequest + "subject_id = $1 ORDER BY id", subject_id));
  return All(r, ReadRequest);
}

}  // namespace casekeep::store::postgres
