// SqliteTx (sqlite_tx.h): staff accounts with their roles and recovery hashes, login sessions,
// API tokens with their roles, and case assignments. Thread-safety: a Tx belongs to one thread.
#include <string>

#include "store/internal/checks.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store::sqlite {

using internal::WithDetail;

namespace {

SessionRow ReadSession(const Query& q) {
  return SessionRow{q.Blob(0), q.Int(1), q.Int(2), q.Int(3), q.Int(4)};
}

AssignmentRow ReadAssignment(const Query& q) {
  return AssignmentRow{q.Int(0), q.Int(1), q.Int(2)};
}

}  // namespace

Status SqliteTx::WriteList(Sql insert, std::int64_t owner, const std::vector<std::string>& values,
                           std::string_view op) {
  std::int64_t pos = 0;
  for (const std::string& value : values) {
    CK_ASSIGN_OR_RETURN(auto q, Use(insert, op));
    q.Bind(owner).Bind(value).Bind(pos++);
    CK_TRY(q.Run());
  }
  return {};
}

Result<std::vector<std::string>> SqliteTx::ReadList(Sql list, std::int64_t owner,
                                                    std::string_view op) {
  CK_ASSIGN_OR_RETURN(auto q, Use(list, op));
  q.Bind(owner);
  std::vector<std::string> values;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    values.push_back(q.Text(0));
  }
  return values;
}

Status SqliteTx::WriteUserLists(const UserRow& row, std::int64_t id) {
  CK_TRY(WriteList(Sql::kInsertUserRole, id, row.roles, "writing a user's roles"));
  return WriteList(Sql::kInsertRecoveryHash, id, row.recovery_hashes,
                   "writing a user's recovery codes");
}

Result<std::optional<UserRow>> SqliteTx::ReadUser(Query& q) {
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<UserRow>();
  UserRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.username = q.Text(2);
  row.display_name = q.Text(3);
  row.team = q.Text(4);
  row.password_hash = q.Text(5);
  row.totp_secret = q.Blob(6);
  row.totp_confirmed = q.Int(7) != 0;
  row.totp_last_step = q.OptInt(8);
  row.failed_logins = q.Int(9);
  row.locked_until = q.OptInt(10);
  row.disabled = q.Int(11) != 0;
  row.created_at = q.Int(12);
  row.updated_at = q.Int(13);
  row.version = q.Int(14);
  CK_ASSIGN_OR_RETURN(row.roles, ReadList(Sql::kListUserRoles, row.id, "reading a user's roles"));
  CK_ASSIGN_OR_RETURN(row.recovery_hashes, ReadList(Sql::kListRecoveryHashes, row.id,
                                                    "reading a user's recovery codes"));
  return std::optional<UserRow>(std::move(row));
}

Result<std::optional<TokenRow>> SqliteTx::ReadToken(Query& q) {
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<TokenRow>();
  TokenRow row;
  row.id = q.Int(0);
  row.code = q.Text(1);
  row.secret_hash = q.Blob(2);
  row.user_id = q.Int(3);
  row.label = q.Text(4);
  row.created_at = q.Int(5);
  row.expires_at = q.Int(6);
  row.revoked_at = q.OptInt(7);
  CK_ASSIGN_OR_RETURN(row.roles,
                      ReadList(Sql::kListTokenRoles, row.id, "reading an API token's roles"));
  return std::optional<TokenRow>(std::move(row));
}

// Staff accounts.

Result<std::int64_t> SqliteTx::InsertUser(const UserRow& row) {
  CK_TRY(Writable("InsertUser"));
  CK_TRY(internal::CheckUser(row.code, row.username, row.roles, "InsertUser"));
  std::int64_t id = 0;
  auto body = [&]() -> Status {
    {
      CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertUser, "inserting a user"));
      q.Bind(row.code).Bind(row.username).Bind(row.display_name).Bind(row.team);
      q.Bind(row.password_hash).Bind(row.totp_secret).Bind(Flag(row.totp_confirmed));
      q.Bind(row.totp_last_step).Bind(row.failed_logins).Bind(row.locked_until);
      q.Bind(Flag(row.disabled)).Bind(row.created_at).Bind(row.updated_at).Bind(row.version);
      if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
    }
    id = LastId();
    return WriteUserLists(row, id);
  };
  CK_TRY(Atomically("inserting a user", body));
  return id;
}

Status SqliteTx::UpdateUser(const UserRow& row) {
  CK_TRY(Writable("UpdateUser"));
  CK_TRY(internal::CheckUser(row.code, row.username, row.roles, "UpdateUser"));
  bool updated = false;
  auto body = [&]() -> Status {
    {
      CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kUpdateUser, "updating a user"));
      q.Bind(row.code).Bind(row.username).Bind(row.display_name).Bind(row.team);
      q.Bind(row.password_hash).Bind(row.totp_secret).Bind(Flag(row.totp_confirmed));
      q.Bind(row.totp_last_step).Bind(row.failed_logins).Bind(row.locked_until);
      q.Bind(Flag(row.disabled)).Bind(row.created_at).Bind(row.updated_at).Bind(row.version);
      q.Bind(row.id).Bind(row.version - 1);
      if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
    }
    updated = Changes() == 1;
    if (!updated) return {};
    for (Sql clear : {Sql::kDeleteUserRoles, Sql::kDeleteRecoveryHashes}) {
      CK_ASSIGN_OR_RETURN(auto del, Use(clear, "updating a user"));
      del.Bind(row.id);
      CK_TRY(del.Run());
    }
    return WriteUserLists(row, row.id);
  };
  CK_TRY(Atomically("updating a user", body));
  if (updated) return {};
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kUserVersion, "updating a user"));
  q.Bind(row.id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("UpdateUser", "user", row.id));
  return std::unexpected(internal::Conflict("UpdateUser", "user", row.id, q.Int(0), row.version));
}

Result<std::optional<UserRow>> SqliteTx::GetUser(std::int64_t id) {
  CK_TRY(Usable("GetUser"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kGetUser, "reading a user"));
  q.Bind(id);
  return ReadUser(q);
}

Result<std::optional<UserRow>> SqliteTx::FindUserByName(std::string_view username) {
  CK_TRY(Usable("FindUserByName"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindUserByName, "finding a user"));
  q.Bind(username);
  return ReadUser(q);
}

Result<std::optional<UserRow>> SqliteTx::FindUserByCode(std::string_view code) {
  CK_TRY(Usable("FindUserByCode"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindUserByCode, "finding a user"));
  q.Bind(code);
  return ReadUser(q);
}

Result<std::vector<UserRow>> SqliteTx::ListUsers() {
  CK_TRY(Usable("ListUsers"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListUsers, "listing users"));
  std::vector<UserRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(auto row, ReadUser(q));
    if (!row) break;
    rows.push_back(std::move(*row));
  }
  return rows;
}

Result<std::vector<std::int64_t>> SqliteTx::ListTeamUsers(std::string_view team) {
  CK_TRY(Usable("ListTeamUsers"));
  std::vector<std::int64_t> ids;
  if (team.empty()) return ids;
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListTeamUsers, "listing a team's users"));
  q.Bind(team);
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    ids.push_back(q.Int(0));
  }
  return ids;
}

// Sessions.

Status SqliteTx::InsertSession(const SessionRow& row) {
  CK_TRY(Writable("InsertSession"));
  CK_TRY(internal::CheckHash(row.token_hash, "InsertSession"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertSession, "inserting a session"));
  q.Bind(row.token_hash).Bind(row.user_id).Bind(row.created_at).Bind(row.last_seen_at);
  q.Bind(row.expires_at);
  return q.Run();
}

Result<std::optional<SessionRow>> SqliteTx::FindSession(const Bytes& token_hash) {
  CK_TRY(Usable("FindSession"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindSession, "finding a session"));
  q.Bind(token_hash);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::optional<SessionRow>();
  return std::optional<SessionRow>(ReadSession(q));
}

Status SqliteTx::TouchSession(const Bytes& token_hash, std::int64_t last_seen_at) {
  CK_TRY(Writable("TouchSession"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kTouchSession, "touching a session"));
  q.Bind(last_seen_at).Bind(token_hash);
  CK_TRY(q.Run());
  if (Changes() == 0) return std::unexpected(internal::MissingHash("TouchSession", "session"));
  return {};
}

Status SqliteTx::DeleteSession(const Bytes& token_hash) {
  CK_TRY(Writable("DeleteSession"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDeleteSession, "deleting a session"));
  q.Bind(token_hash);
  CK_TRY(q.Run());
  if (Changes() == 0) return std::unexpected(internal::MissingHash("DeleteSession", "session"));
  return {};
}

Result<std::int64_t> SqliteTx::DeleteUserSessions(std::int64_t user_id) {
  CK_TRY(Writable("DeleteUserSessions"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDeleteUserSessions, "deleting a user's sessions"));
  q.Bind(user_id);
  CK_TRY(q.Run());
  return std::int64_t{Changes()};
}

// API tokens.

Result<std::int64_t> SqliteTx::InsertToken(const TokenRow& row) {
  CK_TRY(Writable("InsertToken"));
  CK_TRY(internal::CheckCode(row.code, "InsertToken"));
  CK_TRY(internal::CheckHash(row.secret_hash, "InsertToken"));
  CK_TRY(internal::CheckRoles(row.roles, "InsertToken"));
  std::int64_t id = 0;
  auto body = [&]() -> Status {
    {
      CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertToken, "inserting an API token"));
      q.Bind(row.code).Bind(row.secret_hash).Bind(row.user_id).Bind(row.label);
      q.Bind(row.created_at).Bind(row.expires_at).Bind(row.revoked_at);
      if (auto ran = q.Run(); !ran) return std::unexpected(WithDetail(ran.error(), row.code));
    }
    id = LastId();
    return WriteList(Sql::kInsertTokenRole, id, row.roles, "writing an API token's roles");
  };
  CK_TRY(Atomically("inserting an API token", body));
  return id;
}

Result<std::optional<TokenRow>> SqliteTx::FindTokenBySecret(const Bytes& secret_hash) {
  CK_TRY(Usable("FindTokenBySecret"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindTokenBySecret, "finding an API token"));
  q.Bind(secret_hash);
  return ReadToken(q);
}

Result<std::optional<TokenRow>> SqliteTx::FindTokenByCode(std::string_view code) {
  CK_TRY(Usable("FindTokenByCode"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kFindTokenByCode, "finding an API token"));
  q.Bind(code);
  return ReadToken(q);
}

Result<std::vector<TokenRow>> SqliteTx::ListTokens(std::int64_t user_id) {
  CK_TRY(Usable("ListTokens"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListTokens, "listing API tokens"));
  q.Bind(user_id);
  std::vector<TokenRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(auto row, ReadToken(q));
    if (!row) break;
    rows.push_back(std::move(*row));
  }
  return rows;
}

Status SqliteTx::RevokeToken(std::int64_t token_id, std::int64_t at) {
  CK_TRY(Writable("RevokeToken"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kRevokeToken, "revoking an API token"));
    q.Bind(at).Bind(token_id);
    CK_TRY(q.Run());
    if (Changes() == 1) return {};
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kTokenExists, "revoking an API token"));
  q.Bind(token_id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) return std::unexpected(internal::Missing("RevokeToken", "API token", token_id));
  return {};  // already revoked: the first revocation time stands
}

// Case assignments.

Status SqliteTx::InsertAssignment(const AssignmentRow& row) {
  CK_TRY(Writable("InsertAssignment"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertAssignment, "assigning a user to a case"));
  q.Bind(row.case_id).Bind(row.user_id).Bind(row.assigned_at);
  auto ran = q.Run();
  if (!ran && ran.error().code == ErrorCode::kAlreadyExists) {
    return Fail(ErrorCode::kAlreadyExists, "InsertAssignment: user " + std::to_string(row.user_id) +
                                               " is already assigned to case " +
                                               std::to_string(row.case_id));
  }
  return ran;
}

Status SqliteTx::DeleteAssignment(std::int64_t case_id, std::int64_t user_id) {
  CK_TRY(Writable("DeleteAssignment"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kDeleteAssignment, "removing a case assignment"));
  q.Bind(case_id).Bind(user_id);
  CK_TRY(q.Run());
  if (Changes() == 0) {
    return NotFound("DeleteAssignment: user " + std::to_string(user_id) +
                    " is not assigned to case " + std::to_string(case_id));
  }
  return {};
}

Result<std::vector<AssignmentRow>> SqliteTx::ListCaseAssignments(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseAssignments"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListCaseAssignments, "listing a case's assignments"));
  q.Bind(case_id);
  std::vector<AssignmentRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(ReadAssignment(q));
  }
  return rows;
}

Result<std::vector<AssignmentRow>> SqliteTx::ListUserAssignments(std::int64_t user_id) {
  CK_TRY(Usable("ListUserAssignments"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kListUserAssignments, "listing a user's assignments"));
  q.Bind(user_id);
  std::vector<AssignmentRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    rows.push_back(ReadAssignment(q));
  }
  return rows;
}

}  // namespace casekeep::store::sqlite
