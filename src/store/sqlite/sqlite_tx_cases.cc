// SqliteTx (sqlite_tx.h): cases, their flags and members, and the audit chain.
// Thread-safety: a Tx belongs to one thread.
#include "store/internal/checks.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store::sqlite {

using internal::WithDetail;

namespace {

CaseMemberRow ReadMember(const Query& q) {
  return CaseMemberRow{q.Int(0), q.Int(1), q.Text(2), q.Int(3)};
}

AuditRow ReadAudit(const Query& q) {
  AuditRow row;
  row.seq = q.Int(0);
  row.at_micros = q.Int(1);
  row.actor = q.Text(2);
  row.action = q.Text(3);
  row.objects = q.Text(4);
  row.purpose = q.Text(5);
  row.outcome = q.Text(6);
  row.detail = q.Text(7);
  row.prev_hash = q.Blob(8);
  row.hash = q.Blob(9);
  row.mac = q.Blob(10);
  return row;
}

}  // namespace

Status SqliteTx::WriteFlags(std::int64_t case_id, const std::vector<std::string>& flags) {
  std::int64_t pos = 0;
  for (const std::string& flag : flags) {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertFlag, "writing case flags"));
    q.Bind(case_id).Bind(flag).Bind(pos++);
    CK_TRY(q.Run());
  }
  return {};
}

Result<std::vector<std::string>> SqliteTx::ReadFlags(std::int64_t case_id) {
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListFlags, "reading case flags"));
  q.Bind(case_id);
  std::vector<std::string> flags;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    flags.push_back(q.Text(0));
  }
  return flags;
}

Result<std::optional<CaseRow>> SqliteTx::ReadCase(Query& q) {
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<CaseRow>();
  CaseRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.service = q.Text(2);
  row.referral_source = q.Text(3);
  row.opened_on = q.Text(4);
  row.closed_on = q.OptText(5);
  row.last_contact_on = q.OptText(6);
  row.created_at = q.Int(7);
  row.updated_at = q.Int(8);
  row.version = q.Int(9);
  row.transferred_on = q.OptText(10);
  CK_ASSIGN_OR_RETURN(row.flags, ReadFlags(row.id));
  return std::optional<CaseRow>(std::move(row));
}

Result<std::int64_t> SqliteTx::InsertCase(const CaseRow& row) {
  CK_TRY(Writable("InsertCase"));
  CK_TRY(internal::CheckCode(row.code, "InsertCase"));
  CK_TRY(internal::CheckFlags(row.flags, "InsertCase"));
  std::int64_t id = 0;
  auto body = [&]() -> Status {
    {
      CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertCase, "inserting a case"));
      q.Bind(row.code).Bind(row.service).Bind(row.referral_source).Bind(row.opened_on);
      q.Bind(row.closed_on).Bind(row.last_contact_on).Bind(row.created_at);
      q.Bind(row.updated_at).Bind(row.version).Bind(row.transferred_on);
      if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
    }
    id = LastId();
    return WriteFlags(id, row.flags);
  };
  CK_TRY(Atomically("inserting a case", body));
  return id;
}

Status SqliteTx::UpdateCase(const CaseRow& row) {
  CK_TRY(Writable("UpdateCase"));
  CK_TRY(internal::CheckFlags(row.flags, "UpdateCase"));
  bool updated = false;
  auto body = [&]() -> Status {
    {
      CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kUpdateCase, "updating a case"));
      q.Bind(row.code).Bind(row.service).Bind(row.referral_source).Bind(row.opened_on);
      q.Bind(row.closed_on).Bind(row.last_contact_on).Bind(row.created_at);
      q.Bind(row.updated_at).Bind(row.version).Bind(row.transferred_on).Bind(row.id);
      q.Bind(row.version - 1);
      if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
    }
    updated = Changes() == 1;
    if (!updated) return {};
    {
      CK_ASSIGN_OR_RETURN(auto del, Use(Sql::kDeleteFlags, "writing case flags"));
      del.Bind(row.id);
      CK_TRY(del.Run());
    }
    return WriteFlags(row.id, row.flags);
  };
  CK_TRY(Atomically("updating a case", body));
  if (updated) return {};
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kCaseVersion, "updating a case"));
  q.Bind(row.id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("UpdateCase", "case", row.id));
  return std::unexpected(internal::Conflict("UpdateCase", "case", row.id, q.Int(0), row.version));
}

Result<std::optional<CaseRow>> SqliteTx::GetCase(std::int64_t id) {
  CK_TRY(Usable("GetCase"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kGetCase, "reading a case"));
  q.Bind(id);
  return ReadCase(q);
}

Result<std::optional<CaseRow>> SqliteTx::FindCase(std::string_view code) {
  CK_TRY(Usable("FindCase"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindCase, "finding a case"));
  q.Bind(code);
  return ReadCase(q);
}

Status SqliteTx::InsertCaseMember(const CaseMemberRow& row) {
  CK_TRY(Writable("InsertCaseMember"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertMember, "adding a case member"));
  q.Bind(row.case_id).Bind(row.subject_id).Bind(row.role).Bind(row.added_at);
  auto ran = q.Run();
  if (!ran && ran.error().code == ErrorCode::kAlreadyExists) {
    return Fail(ErrorCode::kAlreadyExists,
                "InsertCaseMember: subject " + std::to_string(row.subject_id) +
                    " is already a member of case " + std::to_string(row.case_id));
  }
  return ran;
}

Result<std::vector<CaseMemberRow>> SqliteTx::ListCaseMembers(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseMembers"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListMembers, "listing case members"));
  q.Bind(case_id);
  std::vector<CaseMemberRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(ReadMember(q));
  }
  return rows;
}

Result<std::vector<CaseMemberRow>> SqliteTx::ListCasesOfSubject(std::int64_t subject_id) {
  CK_TRY(Usable("ListCasesOfSubject"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListCasesOfSubject, "listing a subject's cases"));
  q.Bind(subject_id);
  std::vector<CaseMemberRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(ReadMember(q));
  }
  return rows;
}

// The audit chain.

Status SqliteTx::AppendAudit(const AuditRow& row) {
  CK_TRY(Writable("AppendAudit"));
  {
    CK_ASSIGN_OR_RETURN(auto last, Use(Sql::kLastAuditSeq, "appending to the audit log"));
    CK_TRY(last.Step());
    const std::int64_t last_seq = last.OptInt(0).value_or(0);
    if (row.seq != last_seq + 1) return std::unexpected(internal::AuditGap(row.seq, last_seq));
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kAppendAudit, "appending to the audit log"));
  q.Bind(row.seq).Bind(row.at_micros).Bind(row.actor).Bind(row.action).Bind(row.objects);
  q.Bind(row.purpose).Bind(row.outcome).Bind(row.detail).Bind(row.prev_hash).Bind(row.hash);
  q.Bind(row.mac);
  return q.Run();
}

Result<std::optional<AuditRow>> SqliteTx::LastAudit() {
  CK_TRY(Usable("LastAudit"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kLastAudit, "reading the audit log"));
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<AuditRow>();
  return std::optional<AuditRow>(ReadAudit(q));
}

Result<std::vector<AuditRow>> SqliteTx::ScanAudit(std::int64_t after_seq, std::int64_t limit) {
  CK_TRY(Usable("ScanAudit"));
  CK_TRY(internal::CheckLimit(limit, "ScanAudit"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kScanAudit, "reading the audit log"));
  q.Bind(after_seq).Bind(limit);
  std::vector<AuditRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(ReadAudit(q));
  }
  return rows;
}

}  // namespace casekeep::store::sqlite
