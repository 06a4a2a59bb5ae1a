// MemoryTx (memory_tx.h): staff accounts, login sessions, API tokens and case assignments.
// Thread-safety: a Tx belongs to one thread.
#include <limits>
#include <string>

#include "store/internal/checks.h"
#include "store/memory/memory_tx.h"

namespace casekeep::store::memory {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

template <class Row>
std::optional<Row> Lookup(const CodeIndex& index, const std::map<std::int64_t, Row>& rows,
                          std::string_view key) {
  const auto it = index.find(key);
  if (it == index.end()) return std::nullopt;
  return rows.at(it->second);
}

Error TakenName(std::string_view op, std::string_view username) {
  return Error{ErrorCode::kAlreadyExists,
               std::string(op) + ": the username " + std::string(username) + " is taken"};
}

}  // namespace

// Staff accounts.

Result<std::int64_t> MemoryTx::InsertUser(const UserRow& row) {
  CK_TRY(Writable("InsertUser"));
  CK_TRY(internal::CheckUser(row.code, row.username, row.roles, "InsertUser"));
  if (View().user_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertUser", "user", row.code));
  }
  if (View().user_names.contains(row.username)) {
    return std::unexpected(TakenName("InsertUser", row.username));
  }
  State& s = Mut();
  UserRow stored = row;
  stored.id = s.next_user++;
  const std::int64_t id = stored.id;
  s.user_codes.emplace(stored.code, id);
  s.user_names.emplace(stored.username, id);
  s.users.emplace(id, std::move(stored));
  return id;
}

Status MemoryTx::UpdateUser(const UserRow& row) {
  CK_TRY(Writable("UpdateUser"));
  CK_TRY(internal::CheckUser(row.code, row.username, row.roles, "UpdateUser"));
  const auto it = View().users.find(row.id);
  if (it == View().users.end()) {
    return std::unexpected(internal::Missing("UpdateUser", "user", row.id));
  }
  const UserRow& old = it->second;
  if (old.version != row.version - 1) {
    return std::unexpected(
        internal::Conflict("UpdateUser", "user", row.id, old.version, row.version));
  }
  if (old.code != row.code && View().user_codes.contains(row.code)) {
    return std::unexpected(Duplicate("UpdateUser", "user", row.code));
  }
  if (old.username != row.username && View().user_names.contains(row.username)) {
    return std::unexpected(TakenName("UpdateUser", row.username));
  }
  State& s = Mut();
  UserRow& stored = s.users.at(row.id);
  if (stored.code != row.code) {
    s.user_codes.erase(stored.code);
    s.user_codes.emplace(row.code, row.id);
  }
  if (stored.username != row.username) {
    s.user_names.erase(stored.username);
    s.user_names.emplace(row.username, row.id);
  }
  stored = row;
  return {};
}

Result<std::optional<UserRow>> MemoryTx::GetUser(std::int64_t id) {
  CK_TRY(Usable("GetUser"));
  const auto it = View().users.find(id);
  if (it == View().users.end()) return std::optional<UserRow>();
  return std::optional<UserRow>(it->second);
}

Result<std::optional<UserRow>> MemoryTx::FindUserByName(std::string_view username) {
  CK_TRY(Usable("FindUserByName"));
  return Lookup(View().user_names, View().users, username);
}

Result<std::optional<UserRow>> MemoryTx::FindUserByCode(std::string_view code) {
  CK_TRY(Usable("FindUserByCode"));
  return Lookup(View().user_codes, View().users, code);
}

Result<std::vector<UserRow>> MemoryTx::ListUsers() {
  CK_TRY(Usable("ListUsers"));
  std::vector<UserRow> rows;
  for (const auto& [id, user] : View().users) rows.push_back(user);
  return rows;
}

Result<std::vector<std::int64_t>> MemoryTx::ListTeamUsers(std::string_view team) {
  CK_TRY(Usable("ListTeamUsers"));
  std::vector<std::int64_t> ids;
  if (team.empty()) return ids;
  for (const auto& [id, user] : View().users) {
    if (user.team == team) ids.push_back(id);
  }
  return ids;
}

// Sessions.

Status MemoryTx::InsertSession(const SessionRow& row) {
  CK_TRY(Writable("InsertSession"));
  CK_TRY(internal::CheckHash(row.token_hash, "InsertSession"));
  if (View().sessions.contains(row.token_hash)) {
    return Fail(ErrorCode::kAlreadyExists, "InsertSession: the session already exists");
  }
  CK_TRY(Refers("InsertSession", View().users.contains(row.user_id), "user", row.user_id));
  Mut().sessions.emplace(row.token_hash, row);
  return {};
}

Result<std::optional<SessionRow>> MemoryTx::FindSession(const Bytes& token_hash) {
  CK_TRY(Usable("FindSession"));
  const auto it = View().sessions.find(token_hash);
  if (it == View().sessions.end()) return std::optional<SessionRow>();
  return std::optional<SessionRow>(it->second);
}

Status MemoryTx::TouchSession(const Bytes& token_hash, std::int64_t last_seen_at) {
  CK_TRY(Writable("TouchSession"));
  if (!View().sessions.contains(token_hash)) {
    return std::unexpected(internal::MissingHash("TouchSession", "session"));
  }
  Mut().sessions.at(token_hash).last_seen_at = last_seen_at;
  return {};
}

Status MemoryTx::DeleteSession(const Bytes& token_hash) {
  CK_TRY(Writable("DeleteSession"));
  if (!View().sessions.contains(token_hash)) {
    return std::unexpected(internal::MissingHash("DeleteSession", "session"));
  }
  Mut().sessions.erase(token_hash);
  return {};
}

Result<std::int64_t> MemoryTx::DeleteUserSessions(std::int64_t user_id) {
  CK_TRY(Writable("DeleteUserSessions"));
  std::int64_t count = 0;
  for (const auto& [hash, session] : View().sessions) {
    if (session.user_id == user_id) ++count;
  }
  if (count == 0) return count;
  std::erase_if(Mut().sessions, [&](const auto& e) { return e.second.user_id == user_id; });
  return count;
}

// API tokens.

Result<std::int64_t> MemoryTx::InsertToken(const TokenRow& row) {
  CK_TRY(Writable("InsertToken"));
  CK_TRY(internal::CheckCode(row.code, "InsertToken"));
  CK_TRY(internal::CheckHash(row.secret_hash, "InsertToken"));
  CK_TRY(internal::CheckRoles(row.roles, "InsertToken"));
  if (View().token_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertToken", "API token", row.code));
  }
  if (View().token_secrets.contains(row.secret_hash)) {
    return Fail(ErrorCode::kAlreadyExists,
                "InsertToken: an API token with the same secret already exists");
  }
  CK_TRY(Refers("InsertToken", View().users.contains(row.user_id), "user", row.user_id));
  State& s = Mut();
  TokenRow stored = row;
  stored.id = s.next_token++;
  const std::int64_t id = stored.id;
  s.token_codes.emplace(stored.code, id);
  s.token_secrets.emplace(stored.secret_hash, id);
  s.tokens.emplace(id, std::move(stored));
  return id;
}

Result<std::optional<TokenRow>> MemoryTx::FindTokenBySecret(const Bytes& secret_hash) {
  CK_TRY(Usable("FindTokenBySecret"));
  const auto it = View().token_secrets.find(secret_hash);
  if (it == View().token_secrets.end()) return std::optional<TokenRow>();
  return std::optional<TokenRow>(View().tokens.at(it->second));
}

Result<std::optional<TokenRow>> MemoryTx::FindTokenByCode(std::string_view code) {
  CK_TRY(Usable("FindTokenByCode"));
  return Lookup(View().token_codes, View().tokens, code);
}

Result<std::vector<TokenRow>> MemoryTx::ListTokens(std::int64_t user_id) {
  CK_TRY(Usable("ListTokens"));
  std::vector<TokenRow> rows;
  for (const auto& [id, token] : View().tokens) {
    if (token.user_id == user_id) rows.push_back(token);
  }
  return rows;
}

Status MemoryTx::RevokeToken(std::int64_t token_id, std::int64_t at) {
  CK_TRY(Writable("RevokeToken"));
  const auto it = View().tokens.find(token_id);
  if (it == View().tokens.end()) {
    return std::unexpected(internal::Missing("RevokeToken", "API token", token_id));
  }
  if (it->second.revoked_at) return {};  // already revoked: the first revocation time stands
  Mut().tokens.at(token_id).revoked_at = at;
  return {};
}

// Case assignments.

Status MemoryTx::InsertAssignment(const AssignmentRow& row) {
  CK_TRY(Writable("InsertAssignment"));
  if (View().assignments.contains({row.case_id, row.user_id})) {
    return Fail(ErrorCode::kAlreadyExists, "InsertAssignment: user " + std::to_string(row.user_id) +
                                               " is already assigned to case " +
                                               std::to_string(row.case_id));
  }
  CK_TRY(Refers("InsertAssignment", View().cases.contains(row.case_id), "case", row.case_id));
  CK_TRY(Refers("InsertAssignment", View().users.contains(row.user_id), "user", row.user_id));
  Mut().assignments.emplace(IdPair{row.case_id, row.user_id}, row);
  return {};
}

Status MemoryTx::DeleteAssignment(std::int64_t case_id, std::int64_t user_id) {
  CK_TRY(Writable("DeleteAssignment"));
  if (!View().assignments.contains({case_id, user_id})) {
    return NotFound("DeleteAssignment: user " + std::to_string(user_id) +
                    " is not assigned to case " + std::to_string(case_id));
  }
  Mut().assignments.erase(IdPair{case_id, user_id});
  return {};
}

Result<std::vector<AssignmentRow>> MemoryTx::ListCaseAssignments(std::int64_t case_id) {
  CK_TRY(Usable("ListCaseAssignments"));
  const auto& assignments = View().assignments;
  std::vector<AssignmentRow> rows;
  for (auto it = assignments.lower_bound({case_id, kMin});
       it != assignments.end() && it->first.first == case_id; ++it) {
    rows.push_back(it->second);
  }
  return rows;
}

Result<std::vector<AssignmentRow>> MemoryTx::ListUserAssignments(std::int64_t user_id) {
  CK_TRY(Usable("ListUserAssignments"));
  std::vector<AssignmentRow> rows;
  for (const auto& [key, assignment] : View().assignments) {
    if (key.second == user_id) rows.push_back(assignment);
  }
  return rows;
}

}  // namespace casekeep::store::memory
