// MemoryTx (memory_tx.h): cases and their members, and the audit chain.
// Thread-safety: a Tx belongs to one thread.
#include <string>

#include "store/internal/checks.h"
#include "store/memory/memory_tx.h"

namespace casekeep::store::memory {

Result<std::int64_t> MemoryTx::InsertCase(const CaseRow& row) {
  CK_TRY(Writable("InsertCase"));
  CK_TRY(internal::CheckCode(row.code, "InsertCase"));
  CK_TRY(internal::CheckFlags(row.flags, "InsertCase"));
  if (View().case_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertCase", "case", row.code));
  }
  State& s = Mut();
  CaseRow stored = row;
  stored.id = s.next_case++;
  s.case_codes.emplace(stored.code, stored.id);
  s.cases.emplace(stored.id, stored);
  return stored.id;
}

Status MemoryTx::UpdateCase(const CaseRow& row) {
  CK_TRY(Writable("UpdateCase"));
  CK_TRY(internal::CheckFlags(row.flags, "UpdateCase"));
  const auto it = View().cases.find(row.id);
  if (it == View().cases.end()) {
    return std::unexpected(internal::Missing("UpdateCase", "case", row.id));
  }
  if (it->second.version != row.version - 1) {
    return std::unexpected(
        internal::Conflict("UpdateCase", "case", row.id, it->second.version, row.version));
  }
  if (it->second.code != row.code && View().case_codes.contains(row.code)) {
    return std::unexpected(Duplicate("UpdateCase", "case", row.code));
  }
  State& s = Mut();
  CaseRow& stored = s.cases.at(row.id);
  if (stored.code != row.code) {
    s.case_codes.erase(stored.code);
    s.case_codes.emplace(row.code, row.id);
  }
  stored = row;
  return {};
}

Result<std::optional<CaseRow>> MemoryTx::GetCase(std::int64_t id) {
  CK_TRY(Usable("GetCase"));
  const auto it = View().cases.find(id);
  if (it == View().cases.end()) return std::optional<CaseRow>();
  return std::optional<CaseRow>(it->second);
}

Result<std::optional<CaseRow>> MemoryTx::FindCase(std::string_view code) {
  CK_TRY(Usable("FindCase"));
  const auto it = View().case_codes.find(code);
  if (it == View().case_codes.end()) return std::optional<CaseRow>();
  return std::optional<CaseRow>(View().cases.at(it->second));
}

Status MemoryTx::InsertCaseMember(const CaseMemberRow& row) {
  CK_TRY(Writable("InsertCaseMember"));
  CK_TRY(Refers("InsertCaseMember", View().cases.contains(row.case_id), "case", row.case_id));
  CK_TRY(Refers("InsertCaseMember", View().subjects.contains(row.subject_id), "subject",
                row.subject_id));
  if (View().members.contains({row.case_id, row.subject_id})) {
    return Fail(ErrorCode::kAlreadyExists,
                "InsertCaseMember: subject " + std::to_string(row.subject_id) +
                    " is already a member of case " + std::to_string(row.case_id));
  }
  Mut().members.emplace(IdPair{row.case_id, row.subject_id}, row);
  return {};
}

Result<std::vector<CaseMemberRow>> MemoryTx::ListCaseMembers(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseMembers"));
  const auto& members = View().members;
  std::vector<CaseMemberRow> rows;
  for (auto it = members.lower_bound({case_id, std::numeric_limits<std::int64_t>::min()});
       it != members.end() && it->first.first == case_id; ++it) {
    rows.push_back(it->second);
  }
  return rows;
}

Result<std::vector<CaseMemberRow>> MemoryTx::ListCasesOfSubject(std::int64_t subject_id) {
  CK_TRY(Usable("ListCasesOfSubject"));
  std::vector<CaseMemberRow> rows;
  for (const auto& [key, member] : View().members) {
    if (key.second == subject_id) rows.push_back(member);
  }
  return rows;
}

// The audit chain.

Status MemoryTx::AppendAudit(const AuditRow& row) {
  CK_TRY(Writable("AppendAudit"));
  const auto& audit = View().audit;
  const std::int64_t last = audit.empty() ? 0 : audit.rbegin()->first;
  if (row.seq != last + 1) return std::unexpected(internal::AuditGap(row.seq, last));
  Mut().audit.emplace(row.seq, row);
  return {};
}

Result<std::optional<AuditRow>> MemoryTx::LastAudit() {
  CK_TRY(Usable("LastAudit"));
  const auto& audit = View().audit;
  if (audit.empty()) return std::optional<AuditRow>();
  return std::optional<AuditRow>(audit.rbegin()->second);
}

Result<std::vector<AuditRow>> MemoryTx::ScanAudit(std::int64_t after_seq, std::int64_t limit) {
  CK_TRY(Usable("ScanAudit"));
  CK_TRY(internal::CheckLimit(limit, "ScanAudit"));
  std::vector<AuditRow> rows;
  const auto& audit = View().audit;
  for (auto it = audit.upper_bound(after_seq);
       it != audit.end() && std::cmp_less(rows.size(), limit); ++it) {
    rows.push_back(it->second);
  }
  return rows;
}

}  // namespace casekeep::store::memory
