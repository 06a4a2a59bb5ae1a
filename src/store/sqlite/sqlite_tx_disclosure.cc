// SqliteTx (sqlite_tx.h): the disclosure log, its review, and data subject requests.
// Thread-safety: a Tx belongs to one thread.
#include "store/internal/checks.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store::sqlite {

using internal::WithDetail;

namespace {

DisclosureRow ReadDisclosure(const Query& q) {
  DisclosureRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.subject_id = q.Int(2);
  row.case_code = q.Text(3);
  row.recipient = q.Text(4);
  row.basis = q.Text(5);
  row.consent = q.Text(6);
  row.without_consent = q.Int(7) != 0;
  row.records = q.Text(8);
  row.categories = q.Text(9);
  row.shared_by = q.Text(10);
  row.approved_by = q.Text(11);
  row.at = q.Int(12);
  row.sealed = q.Blob(13);
  row.reviewed_at = q.OptInt(14);
  row.reviewed_by = q.Text(15);
  return row;
}

RequestRow ReadRequest(const Query& q) {
  RequestRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.subject_id = q.Int(2);
  row.kind = q.Text(3);
  row.status = q.Text(4);
  row.received_on = q.Text(5);
  row.due_on = q.Text(6);
  row.created_by = q.Text(7);
  row.created_at = q.Int(8);
  row.updated_at = q.Int(9);
  row.sealed = q.Blob(10);
  return row;
}

}  // namespace

// The disclosure log.

Result<std::int64_t> SqliteTx::InsertDisclosure(const DisclosureRow& row) {
  CK_TRY(Writable("InsertDisclosure"));
  CK_TRY(internal::CheckDisclosure(row, "InsertDisclosure"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertDisclosure, "recording a disclosure"));
  q.Bind(row.code).Bind(row.subject_id).Bind(row.case_code).Bind(row.recipient).Bind(row.basis);
  q.Bind(row.consent).Bind(Flag(row.without_consent)).Bind(row.records).Bind(row.categories);
  q.Bind(row.shared_by).Bind(row.approved_by).Bind(row.at).Bind(row.sealed);
  if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
  return LastId();
}

Result<std::optional<DisclosureRow>> SqliteTx::FindDisclosure(std::string_view code) {
  CK_TRY(Usable("FindDisclosure"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindDisclosure, "finding a disclosure"));
  q.Bind(code);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<DisclosureRow>();
  return std::optional<DisclosureRow>(ReadDisclosure(q));
}

Result<std::vector<DisclosureRow>> SqliteTx::ListDisclosures(std::int64_t subject_id) {
  CK_TRY(Usable("ListDisclosures"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListDisclosures, "listing a person's disclosures"));
  q.Bind(subject_id);
  return Rows(q, ReadDisclosure);
}

Result<std::vector<DisclosureRow>> SqliteTx::ScanDisclosures(std::int64_t after_id,
                                                             std::int64_t limit,
                                                             bool flagged_unreviewed_only) {
  CK_TRY(Usable("ScanDisclosures"));
  CK_TRY(internal::CheckLimit(limit, "ScanDisclosures"));
  CK_ASSIGN_OR_RETURN(
      auto q, Use(flagged_unreviewed_only ? Sql::kScanFlaggedDisclosures : Sql::kScanDisclosures,
                  "listing disclosures"));
  q.Bind(after_id).Bind(limit);
  return Rows(q, ReadDisclosure);
}

Status SqliteTx::ReviewDisclosure(std::int64_t id, std::int64_t at, std::string_view by) {
  CK_TRY(Writable("ReviewDisclosure"));
  CK_TRY(internal::CheckReviewer(by, "ReviewDisclosure"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kReviewDisclosure, "reviewing a disclosure"));
    q.Bind(at).Bind(by).Bind(id);
    CK_TRY(q.Run());
    if (Changes() == 1) return {};
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDisclosureReviewed, "reviewing a disclosure"));
  q.Bind(id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("ReviewDisclosure", "disclosure", id));
  return std::unexpected(internal::AlreadyReviewed("ReviewDisclosure", id, "disclosure"));
}

// Data subject requests.

Result<std::int64_t> SqliteTx::InsertRequest(const RequestRow& row) {
  CK_TRY(Writable("InsertRequest"));
  CK_TRY(internal::CheckRequest(row, "InsertRequest"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertRequest, "recording a request"));
  q.Bind(row.code).Bind(row.subject_id).Bind(row.kind).Bind(row.status).Bind(row.received_on);
  q.Bind(row.due_on).Bind(row.created_by).Bind(row.created_at).Bind(row.updated_at);
  q.Bind(row.sealed);
  if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
  return LastId();
}

Status SqliteTx::UpdateRequest(const RequestRow& row) {
  CK_TRY(Writable("UpdateRequest"));
  CK_TRY(internal::CheckRequestStatus(row.status, "UpdateRequest"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kUpdateRequest, "updating a request"));
  q.Bind(row.status).Bind(row.due_on).Bind(row.updated_at).Bind(row.sealed).Bind(row.id);
  CK_TRY(q.Run());
  if (Changes() == 0) return std::unexpected(internal::Missing("UpdateRequest", "request", row.id));
  return {};
}

Result<std::optional<RequestRow>> SqliteTx::FindRequest(std::string_view code) {
  CK_TRY(Usable("FindRequest"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindRequest, "finding a request"));
  q.Bind(code);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<RequestRow>();
  return std::optional<RequestRow>(ReadRequest(q));
}

Result<std::vector<RequestRow>> SqliteTx::ListRequests(std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ListRequests"));
  CK_TRY(internal::CheckLimit(limit, "ListRequests"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListRequests, "listing requests"));
  q.Bind(after_id).Bind(limit);
  return Rows(q, ReadRequest);
}

Result<std::vector<RequestRow>> SqliteTx::ListSubjectRequests(std::int64_t subject_id) {
  CK_TRY(Usable("ListSubjectRequests"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListSubjectRequests, "listing a person's requests"));
  q.Bind(subject_id);
  return Rows(q, ReadRequest);
}

}  // namespace casekeep::store::sqlite
