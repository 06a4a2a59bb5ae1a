// MemoryTx (memory_tx.h): the disclosure log, its review, and data subject requests.
// Thread-safety: a Tx belongs to one thread.
#include <string>

#include "store/internal/checks.h"
#include "store/memory/memory_tx.h"

namespace casekeep::store::memory {

// The disclosure log.

Result<std::int64_t> MemoryTx::InsertDisclosure(const DisclosureRow& row) {
  CK_TRY(Writable("InsertDisclosure"));
  CK_TRY(internal::CheckDisclosure(row, "InsertDisclosure"));
  if (View().disclosure_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertDisclosure", "disclosure", row.code));
  }
  CK_TRY(Refers("InsertDisclosure", View().subjects.contains(row.subject_id), "subject",
                row.subject_id));
  State& s = Mut();
  return AppendWithCode(s.disclosures, s.disclosure_codes, s.next_disclosure, row);
}

Result<std::optional<DisclosureRow>> MemoryTx::FindDisclosure(std::string_view code) {
  CK_TRY(Usable("FindDisclosure"));
  return ByCode(View().disclosure_codes, View().disclosures, code);
}

Result<std::vector<DisclosureRow>> MemoryTx::ListDisclosures(std::int64_t subject_id) {
  CK_TRY(Usable("ListDisclosures"));
  return Matching(View().disclosures,
                  [&](const DisclosureRow& row) { return row.subject_id == subject_id; });
}

Result<std::vector<DisclosureRow>> MemoryTx::ScanDisclosures(std::int64_t after_id,
                                                             std::int64_t limit,
                                                             bool flagged_unreviewed_only) {
  CK_TRY(Usable("ScanDisclosures"));
  CK_TRY(internal::CheckLimit(limit, "ScanDisclosures"));
  return Page(View().disclosures, after_id, limit, [&](const DisclosureRow& row) {
    return !flagged_unreviewed_only || (row.without_consent && !row.reviewed_at);
  });
}

Status MemoryTx::ReviewDisclosure(std::int64_t id, std::int64_t at, std::string_view by) {
  CK_TRY(Writable("ReviewDisclosure"));
  CK_TRY(internal::CheckReviewer(by, "ReviewDisclosure"));
  const auto it = View().disclosures.find(id);
  if (it == View().disclosures.end()) {
    return std::unexpected(internal::Missing("ReviewDisclosure", "disclosure", id));
  }
  if (it->second.reviewed_at) {
    return std::unexpected(internal::AlreadyReviewed("ReviewDisclosure", id, "disclosure"));
  }
  DisclosureRow& stored = Mut().disclosures.at(id);
  stored.reviewed_at = at;
  stored.reviewed_by = std::string(by);
  return {};
}

// Data subject requests.

Result<std::int64_t> MemoryTx::InsertRequest(const RequestRow& row) {
  CK_TRY(Writable("InsertRequest"));
  CK_TRY(internal::CheckRequest(row, "InsertRequest"));
  if (View().request_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertRequest", "request", row.code));
  }
  CK_TRY(
      Refers("InsertRequest", View().subjects.contains(row.subject_id), "subject", row.subject_id));
  State& s = Mut();
  return AppendWithCode(s.requests, s.request_codes, s.next_request, row);
}

Status MemoryTx::UpdateRequest(const RequestRow& row) {
  CK_TRY(Writable("UpdateRequest"));
  CK_TRY(internal::CheckRequestStatus(row.status, "UpdateRequest"));
  if (!View().requests.contains(row.id)) {
    return std::unexpected(internal::Missing("UpdateRequest", "request", row.id));
  }
  RequestRow& stored = Mut().requests.at(row.id);
  stored.status = row.status;
  stored.due_on = row.due_on;
  stored.updated_at = row.updated_at;
  stored.sealed = row.sealed;
  return {};
}

Result<std::optional<RequestRow>> MemoryTx::FindRequest(std::string_view code) {
  CK_TRY(Usable("FindRequest"));
  return ByCode(View().request_codes, View().requests, code);
}

Result<std::vector<RequestRow>> MemoryTx::ListRequests(std::int64_t after_id, std::int64_t limit) {
  CK_TRY(Usable("ListRequests"));
  CK_TRY(internal::CheckLimit(limit, "ListRequests"));
  return Page(View().requests, after_id, limit, [](const RequestRow&) { return true; });
}

Result<std::vector<RequestRow>> MemoryTx::ListSubjectRequests(std::int64_t subject_id) {
  CK_TRY(Usable("ListSubjectRequests"));
  return Matching(View().requests,
                  [&](const RequestRow& row) { return row.subject_id == subject_id; });
}

}  // namespace casekeep::store::memory
