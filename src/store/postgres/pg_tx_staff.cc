// PgTx (pg_tx.h): staff accounts with their roles and recovery hashes, login sessions, API
// tokens with their roles, case assignments and break-glass accesses.
// Thread-safety: a Tx belongs to one thread.
#include "store/internal/checks.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_tx.h"

namespace casekeep::store::postgres {
namespace {

using internal::WithDetail;

const std::string kInsertUserRole = "INSERT INTO user_roles(user_id, role, pos) VALUES($1, $2, $3)";
const std::string kInsertRecovery =
    "INSERT INTO user_recovery_codes(user_id, hash, pos) VALUES($1, $2, $3)";
const std::string kSelectSession =
    SelectWhere("token_hash, user_id, created_at, last_seen_at, expires_at", "sessions");
const std::string kSelectAssignment =
    SelectWhere("case_id, user_id, assigned_at", "case_assignments");

AssignmentRow ReadAssignment(const PgResult& r, int i) {
  using A = AssignmentRow;
  return ReadInto(r, i, A{}, &A::case_id, &A::user_id, &A::assigned_at);
}

}  // namespace

Status PgTx::WriteList(const std::string& insert, std::int64_t owner,
                       const std::vector<std::string>& values, std::string_view op) {
  std::int64_t pos = 0;
  for (const std::string& value : values) CK_TRY(Get(op, insert, owner, value, pos++));
  return {};
}

Result<std::vector<std::string>> PgTx::ReadList(const std::string& sql, std::int64_t owner,
                                                std::string_view op) {
  CK_ASSIGN_OR_RETURN(auto r, Get(op, sql, owner));
  return All(r, [](const PgResult& q, int i) { return q.Text(i, 0); });
}

Status PgTx::WriteUserLists(const UserRow& row, std::int64_t id) {
  CK_TRY(WriteList(kInsertUserRole, id, row.roles, "writing a user's roles"));
  return WriteList(kInsertRecovery, id, row.recovery_hashes, "writing a user's recovery codes");
}

Result<std::vector<UserRow>> PgTx::Users(Result<PgResult> found) {
  if (!found) return std::unexpected(found.error());
  std::vector<UserRow> users;
  for (int i = 0; i < found->rows(); ++i) {
    using U = UserRow;
    UserRow row = ReadInto(*found, i, U{}, &U::id, &U::code, &U::username, &U::display_name,
                           &U::team, &U::password_hash, &U::totp_secret, &U::totp_confirmed,
                           &U::totp_last_step, &U::failed_logins, &U::locked_until, &U::disabled,
                           &U::created_at, &U::updated_at, &U::version);
    CK_ASSIGN_OR_RETURN(
        row.roles, ReadList("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY pos", row.id,
                            "reading a user's roles"));
    CK_ASSIGN_OR_RETURN(row.recovery_hashes,
                        ReadList("SELECT hash FROM user_recovery_codes WHERE user_id = $1 "
                                 "ORDER BY pos",
                                 row.id, "reading a user's recovery codes"));
    users.push_back(std::move(row));
  }
  return users;
}

Result<std::vector<TokenRow>> PgTx::Tokens(Result<PgResult> found) {
  if (!found) return std::unexpected(found.error());
  std::vector<TokenRow> tokens;
  for (int i = 0; i < found->rows(); ++i) {
    using T = TokenRow;
    TokenRow row = ReadInto(*found, i, T{}, &T::id, &T::code, &T::secret_hash, &T::user_id,
                            &T::label, &T::created_at, &T::expires_at, &T::revoked_at);
    CK_ASSIGN_OR_RETURN(
        row.roles, ReadList("SELECT role FROM token_roles WHERE token_id = $1 ORDER BY pos", row.id,
                            "reading an API token's roles"));
    tokens.push_back(std::move(row));
  }
  return tokens;
}

template <class Row>
std::optional<Row> First(std::vector<Row> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// Staff accounts.

Result<std::int64_t> PgTx::InsertUser(const UserRow& row) {
  CK_TRY(Writable("InsertUser"));
  CK_TRY(internal::CheckUser(row.code, row.username, row.roles, "InsertUser"));
  return Atomically("inserting a user", [&]() -> Result<std::int64_t> {
    auto r = Get("inserting a user",
                 "INSERT INTO users(code, username, display_name, team, password_hash, "
                 "totp_secret, totp_confirmed, totp_last_step, failed_logins, locked_until, "
                 "disabled, created_at, updated_at, version) VALUES($1, $2, $3, $4, $5, $6, $7, "
                 "$8, $9, $10, $11, $12, $13, $14) RETURNING id",
                 row.code, row.username, row.display_name, row.team, row.password_hash,
                 row.totp_secret, row.totp_confirmed, row.totp_last_step, row.failed_logins,
                 row.locked_until, row.disabled, row.created_at, row.updated_at, row.version);
    if (!r) return std::unexpected(WithDetail(r.error(), row.code));
    const std::int64_t id = r->Int(0, 0);
    CK_TRY(WriteUserLists(row, id));
    return id;
  });
}

Status PgTx::UpdateUser(const UserRow& row) {
  CK_TRY(Writable("UpdateUser"));
  CK_TRY(internal::CheckUser(row.code, row.username, row.roles, "UpdateUser"));
  CK_ASSIGN_OR_RETURN(
      const bool updated, Atomically("updating a user", [&]() -> Result<bool> {
        auto r = Get("updating a user",
                     "UPDATE users SET code = $1, username = $2, display_name = $3, team = $4, "
                     "password_hash = $5, totp_secret = $6, totp_confirmed = $7, "
                     "totp_last_step = $8, failed_logins = $9, locked_until = $10, disabled = $11, "
                     "created_at = $12, updated_at = $13, version = $14 "
                     "WHERE id = $15 AND version = $16",
                     row.code, row.username, row.display_name, row.team, row.password_hash,
                     row.totp_secret, row.totp_confirmed, row.totp_last_step, row.failed_logins,
                     row.locked_until, row.disabled, row.created_at, row.updated_at, row.version,
                     row.id, row.version - 1);
        if (!r) return std::unexpected(WithDetail(r.error(), row.code));
        if (r->Changes() != 1) return false;
        CK_TRY(Get("updating a user", "DELETE FROM user_roles WHERE user_id = $1", row.id));
        CK_TRY(
            Get("updating a user", "DELETE FROM user_recovery_codes WHERE user_id = $1", row.id));
        CK_TRY(WriteUserLists(row, row.id));
        return true;
      }));
  if (updated) return {};
  return Stale("UpdateUser", "users", "user", row.id, row.version);
}

Result<std::optional<UserRow>> PgTx::GetUser(std::int64_t id) {
  CK_TRY(Usable("GetUser"));
  CK_ASSIGN_OR_RETURN(auto users, Users(Get("reading a user", kSelectUser + "id = $1", id)));
  return First(std::move(users));
}

Result<std::optional<UserRow>> PgTx::FindUserByName(std::string_view username) {
  CK_TRY(Usable("FindUserByName"));
  CK_ASSIGN_OR_RETURN(auto users,
                      Users(Get("finding a user", kSelectUser + "username = $1", username)));
  return First(std::move(users));
}

Result<std::optional<UserRow>> PgTx::FindUserByCode(std::string_view code) {
  CK_TRY(Usable("FindUserByCode"));
  CK_ASSIGN_OR_RETURN(auto users, Users(Get("finding a user", kSelectUser + "code = $1", code)));
  return First(std::move(users));
}

Result<std::vector<UserRow>> PgTx::ListUsers() {
  CK_TRY(Usable("ListUsers"));
  return Users(Get("listing users", kSelectUser + "TRUE ORDER BY id"));
}

Result<std::vector<std::int64_t>> PgTx::ListTeamUsers(std::string_view team) {
  CK_TRY(Usable("ListTeamUsers"));
  if (team.empty()) return std::vector<std::int64_t>();
  CK_ASSIGN_OR_RETURN(auto r, Get("listing a team's users",
                                  "SELECT id FROM users WHERE team = $1 ORDER BY id", team));
  return Ids(r);
}

// Sessions.

Status PgTx::InsertSession(const SessionRow& row) {
  CK_TRY(Writable("InsertSession"));
  CK_TRY(internal::CheckHash(row.token_hash, "InsertSession"));
  return Done(Put("inserting a session",
                  "INSERT INTO sessions(token_hash, user_id, created_at, last_seen_at, "
                  "expires_at) VALUES($1, $2, $3, $4, $5)",
                  row.token_hash, row.user_id, row.created_at, row.last_seen_at, row.expires_at));
}

Result<std::optional<SessionRow>> PgTx::FindSession(const Bytes& token_hash) {
  CK_TRY(Usable("FindSession"));
  CK_ASSIGN_OR_RETURN(auto r,
                      Get("finding a session", kSelectSession + "token_hash = $1", token_hash));
  return One(r, [](const PgResult& q, int i) {
    using S = SessionRow;
    return ReadInto(q, i, S{}, &S::token_hash, &S::user_id, &S::created_at, &S::last_seen_at,
                    &S::expires_at);
  });
}

Status PgTx::TouchSession(const Bytes& token_hash, std::int64_t last_seen_at) {
  CK_TRY(Writable("TouchSession"));
  CK_ASSIGN_OR_RETURN(auto r, Put("touching a session",
                                  "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
                                  last_seen_at, token_hash));
  if (r.Changes() == 0) return std::unexpected(internal::MissingHash("TouchSession", "session"));
  return {};
}

Status PgTx::DeleteSession(const Bytes& token_hash) {
  CK_TRY(Writable("DeleteSession"));
  CK_ASSIGN_OR_RETURN(
      auto r, Put("deleting a session", "DELETE FROM sessions WHERE token_hash = $1", token_hash));
  if (r.Changes() == 0) return std::unexpected(internal::MissingHash("DeleteSession", "session"));
  return {};
}

Result<std::int64_t> PgTx::DeleteUserSessions(std::int64_t user_id) {
  CK_TRY(Writable("DeleteUserSessions"));
  CK_ASSIGN_OR_RETURN(auto r, Put("deleting a user's sessions",
                                  "DELETE FROM sessions WHERE user_id = $1", user_id));
  return r.Changes();
}

// API tokens.

Result<std::int64_t> PgTx::InsertToken(const TokenRow& row) {
  CK_TRY(Writable("InsertToken"));
  CK_TRY(internal::CheckCode(row.code, "InsertToken"));
  CK_TRY(internal::CheckHash(row.secret_hash, "InsertToken"));
  CK_TRY(internal::CheckRoles(row.roles, "InsertToken"));
  return Atomically("inserting an API token", [&]() -> Result<std::int64_t> {
    auto r = Get("inserting an API token",
                 "INSERT INTO api_tokens(code, secret_hash, user_id, label, created_at, "
                 "expires_at, revoked_at) VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                 row.code, row.secret_hash, row.user_id, row.label, row.created_at, row.expires_at,
                 row.revoked_at);
    if (!r) return std::unexpected(WithDetail(r.error(), row.code));
    const std::int64_t id = r->Int(0, 0);
    CK_TRY(WriteList("INSERT INTO token_roles(token_id, role, pos) VALUES($1, $2, $3)", id,
                     row.roles, "writing an API token's roles"));
    return id;
  });
}

Result<std::optional<TokenRow>> PgTx::FindTokenBySecret(const Bytes& secret_hash) {
  CK_TRY(Usable("FindTokenBySecret"));
  CK_ASSIGN_OR_RETURN(auto tokens, Tokens(Get("finding an API token",
                                              kSelectToken + "secret_hash = $1", secret_hash)));
  return First(std::move(tokens));
}

Result<std::optional<TokenRow>> PgTx::FindTokenByCode(std::string_view code) {
  CK_TRY(Usable("FindTokenByCode"));
  CK_ASSIGN_OR_RETURN(auto tokens,
                      Tokens(Get("finding an API token", kSelectToken + "code = $1", code)));
  return First(std::move(tokens));
}

Result<std::vector<TokenRow>> PgTx::ListTokens(std::int64_t user_id) {
  CK_TRY(Usable("ListTokens"));
  return Tokens(Get("listing API tokens", kSelectToken + "user_id = $1 ORDER BY id", user_id));
}

Status PgTx::RevokeToken(std::int64_t token_id, std::int64_t at) {
  CK_TRY(Writable("RevokeToken"));
  CK_ASSIGN_OR_RETURN(auto r, Put("revoking an API token",
                                  "UPDATE api_tokens SET revoked_at = $1 "
                                  "WHERE id = $2 AND revoked_at IS NULL",
                                  at, token_id));
  if (r.Changes() == 1) return {};
  CK_ASSIGN_OR_RETURN(
      auto found, Get("revoking an API token", "SELECT 1 FROM api_tokens WHERE id = $1", token_id));
  if (found.rows() == 0) {
    return std::unexpected(internal::Missing("RevokeToken", "API token", token_id));
  }
  return {};  // already revoked: the first revocation time stands
}

// Case assignments.

Status PgTx::InsertAssignment(const AssignmentRow& row) {
  CK_TRY(Writable("InsertAssignment"));
  auto r = Put("assigning a user to a case",
               "INSERT INTO case_assignments(case_id, user_id, assigned_at) VALUES($1, $2, $3)",
               row.case_id, row.user_id, row.assigned_at);
  if (!r && r.error().code == ErrorCode::kAlreadyExists) {
    return Fail(ErrorCode::kAlreadyExists, "InsertAssignment: user " + std::to_string(row.user_id) +
                                               " is already assigned to case " +
                                               std::to_string(row.case_id));
  }
  return Done(r);
}

Status PgTx::DeleteAssignment(std::int64_t case_id, std::int64_t user_id) {
  CK_TRY(Writable("DeleteAssignment"));
  CK_ASSIGN_OR_RETURN(auto r, Put("removing a case assignment",
                                  "DELETE FROM case_assignments WHERE case_id = $1 AND "
                                  "user_id = $2",
                                  case_id, user_id));
  if (r.Changes() == 0) {
    return NotFound("DeleteAssignment: user " + std::to_string(user_id) +
                    " is not assigned to case " + std::to_string(case_id));
  }
  return {};
}

Result<std::vector<AssignmentRow>> PgTx::ListCaseAssignments(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseAssignments"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing a case's assignments",
                                  kSelectAssignment + "case_id = $1 ORDER BY user_id", case_id));
  return All(r, ReadAssignment);
}

Result<std::vector<AssignmentRow>> PgTx::ListUserAssignments(std::int64_t user_id) {
  CK_TRY(Usable("ListUserAssignments"));
  CK_ASSIGN_OR_RETURN(auto r, Get("listing a user's assignments",
                                  kSelectAssignment + "user_id = $1 ORDER BY case_id", user_id));
  return All(r, ReadAssignment);
}

// Break-glass accesses.

Result<std::int64_t> PgTx::InsertBreakGlass(const BreakGlassRow& row) {
  CK_TRY(Writable("InsertBreakGlass"));
  CK_TRY(internal::CheckBreakGlass(row, "InsertBreakGlass"));
  CK_ASSIGN_OR_RETURN(auto r, Put("recording a break-glass access",
                                  "INSERT INTO break_glass(at, actor, objects, purpose, reason, "
                                  "reviewed_at, reviewed_by) VALUES($1, $2, $3, $4, $5, NULL, "
                                  "'') RETURNING id",
                                  row.at, row.actor, row.objects, row.purpose, row.reason));
  return r.Int(0, 0);
}

Result<std::vector<BreakGlassRow>> PgTx::ListBreakGlass(std::int64_t after_id, std::int64_t limit,
                                                        bool unreviewed_only) {
  CK_TRY(Usable("ListBreakGlass"));
  CK_TRY(internal::CheckLimit(limit, "ListBreakGlass"));
  const std::string sql = kSelectBreakGlass +
                          (unreviewed_only ? "id > $1 AND reviewed_at IS NULL" : "id > $1") +
                          " ORDER BY id LIMIT $2";
  CK_ASSIGN_OR_RETURN(auto r, Get("listing break-glass accesses", sql, after_id, limit));
  return All(r, [](const PgResult& q, int i) {
    using B = BreakGlassRow;
    return ReadInto(q, i, B{}, &B::id, &B::at, &B::actor, &B::objects, &B::purpose, &B::reason,
                    &B::reviewed_at, &B::reviewed_by);
  });
}

Status PgTx::ReviewBreakGlass(std::int64_t id, std::int64_t at, std::string_view reviewer) {
  CK_TRY(Writable("ReviewBreakGlass"));
  CK_TRY(internal::CheckReviewer(reviewer, "ReviewBreakGlass"));
  CK_ASSIGN_OR_RETURN(auto r, Put("reviewing a break-glass access",
                                  "UPDATE break_glass SET reviewed_at = $1, reviewed_by = $2 "
                                  "WHERE id = $3 AND reviewed_at IS NULL",
                                  at, reviewer, id));
  if (r.Changes() == 1) return {};
  return UnchangedBecause("ReviewBreakGlass", "SELECT 1 FROM break_glass WHERE id = $1", id,
                          "break-glass access", internal::AlreadyReviewed("ReviewBreakGlass", id));
}

}  // namespace casekeep::store::postgres
