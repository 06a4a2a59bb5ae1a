// The store conformance suite, part 3: staff accounts (unique username and code, optimistic
// updates, roles and recovery hashes), login sessions, API tokens, case assignments, and the
// processing state of a subject (restricted, objected). Every test runs on every backend in
// ConformanceBackends(); parts 1 and 2 are store_conformance_test.cc and
// store_conformance_records_test.cc.
#include <gtest/gtest.h>

#include "store/testing/conformance.h"

namespace casekeep::store::testing {
namespace {

UserRow User(std::string code, std::string username, std::string team = "north") {
  UserRow row;
  row.code = std::move(code);
  row.username = std::move(username);
  row.display_name = "Display " + row.username;
  row.team = std::move(team);
  row.roles = {"caseworker", "auditor"};
  row.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA";
  row.created_at = 1'700'000'300;
  row.updated_at = 1'700'000'300;
  return row;
}

SessionRow Session(std::string_view hash, std::int64_t user_id) {
  return SessionRow{B(hash), user_id, 1'700'000'400, 1'700'000'400, 1'700'043'600};
}

TokenRow Token(std::string code, std::string_view secret, std::int64_t user_id) {
  TokenRow row;
  row.code = std::move(code);
  row.secret_hash = B(secret);
  row.user_id = user_id;
  row.label = "nightly export";
  row.roles = {"auditor"};
  row.created_at = 1'700'000'500;
  row.expires_at = 1'710'000'000;
  return row;
}

void ExpectSameUser(const UserRow& got, const UserRow& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.code, want.code);
  EXPECT_EQ(got.username, want.username);
  EXPECT_EQ(got.display_name, want.display_name);
  EXPECT_EQ(got.team, want.team);
  EXPECT_EQ(got.roles, want.roles);
  EXPECT_EQ(got.password_hash, want.password_hash);
  EXPECT_EQ(got.totp_secret, want.totp_secret);
  EXPECT_EQ(got.totp_confirmed, want.totp_confirmed);
  EXPECT_EQ(got.totp_last_step, want.totp_last_step);
  EXPECT_EQ(got.recovery_hashes, want.recovery_hashes);
  EXPECT_EQ(got.failed_logins, want.failed_logins);
  EXPECT_EQ(got.locked_until, want.locked_until);
  EXPECT_EQ(got.disabled, want.disabled);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.version, want.version);
}

void ExpectSameToken(const TokenRow& got, const TokenRow& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.code, want.code);
  EXPECT_EQ(got.secret_hash, want.secret_hash);
  EXPECT_EQ(got.user_id, want.user_id);
  EXPECT_EQ(got.label, want.label);
  EXPECT_EQ(got.roles, want.roles);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.expires_at, want.expires_at);
  EXPECT_EQ(got.revoked_at, want.revoked_at);
}

TEST_P(StoreConformanceTest, UserRoundTrip) {
  UserRow full = User("U-FULL", "alice");
  full.totp_secret = B("sealed totp secret");
  full.totp_confirmed = true;
  full.totp_last_step = 56'666'667;
  full.recovery_hashes = {"$argon2id$recovery-1", "$argon2id$recovery-2", "$argon2id$recovery-3"};
  full.failed_logins = 2;
  full.locked_until = 1'700'000'900;
  full.disabled = true;
  full.version = 4;
  UserRow bare = User("U-BARE", "bob", "");
  bare.roles = {};
  bare.password_hash = "";
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(full.id, tx->InsertUser(full));
  ASSERT_OK_AND_ASSIGN(bare.id, tx->InsertUser(bare));
  EXPECT_GT(full.id, 0);
  EXPECT_GT(bare.id, full.id);
  ASSERT_OK_AND_ASSIGN(auto mine, tx->GetUser(full.id));  // read your own write
  ASSERT_TRUE(mine);
  ExpectSameUser(*mine, full);
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetUser(full.id));
  ASSERT_TRUE(got);
  ExpectSameUser(*got, full);
  ASSERT_OK_AND_ASSIGN(auto by_name, read->FindUserByName("alice"));
  ASSERT_TRUE(by_name);
  ExpectSameUser(*by_name, full);
  ASSERT_OK_AND_ASSIGN(auto by_code, read->FindUserByCode("U-FULL"));
  ASSERT_TRUE(by_code);
  ExpectSameUser(*by_code, full);
  ASSERT_OK_AND_ASSIGN(auto got_bare, read->FindUserByCode("U-BARE"));
  ASSERT_TRUE(got_bare);
  ExpectSameUser(*got_bare, bare);

  ASSERT_OK_AND_ASSIGN(auto no_id, read->GetUser(bare.id + 100));
  EXPECT_FALSE(no_id);
  ASSERT_OK_AND_ASSIGN(auto no_name, read->FindUserByName("carol"));
  EXPECT_FALSE(no_name);
  ASSERT_OK_AND_ASSIGN(auto no_code, read->FindUserByCode("U-NOPE"));
  EXPECT_FALSE(no_code);
  ASSERT_OK_AND_ASSIGN(auto code_is_not_name, read->FindUserByName("U-FULL"));
  EXPECT_FALSE(code_is_not_name);
}

TEST_P(StoreConformanceTest, UsernameAndUserCodeAreUnique) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->InsertUser(User("U-ONE", "alice")));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Write();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->InsertUser(User("U-TWO", "alice")), kAlreadyExists);
  EXPECT_ERROR(tx->InsertUser(User("U-ONE", "bob")), kAlreadyExists);
  EXPECT_ERROR(tx->InsertUser(User("", "bob")), kInvalidArgument);
  EXPECT_ERROR(tx->InsertUser(User("U-TWO", "")), kInvalidArgument);
  UserRow twice = User("U-TWO", "bob");
  twice.roles = {"caseworker", "caseworker"};
  EXPECT_ERROR(tx->InsertUser(twice), kInvalidArgument);
  UserRow empty_role = User("U-TWO", "bob");
  empty_role.roles = {""};
  EXPECT_ERROR(tx->InsertUser(empty_role), kInvalidArgument);
  // The failed calls changed nothing and the transaction goes on.
  ASSERT_OK_AND_ASSIGN(auto users, tx->ListUsers());
  EXPECT_EQ(users.size(), 1u);
  ASSERT_OK(tx->InsertUser(User("U-TWO", "bob")));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto after, read->ListUsers());
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].username, "bob");
  EXPECT_EQ(after[1].roles, (std::vector<std::string>{"caseworker", "auditor"}));
}

TEST_P(StoreConformanceTest, UpdateUserIsOptimisticAndReplacesLists) {
  UserRow row = User("U-OPT", "alice");
  row.recovery_hashes = {"h1", "h2", "h3"};
  std::int64_t other = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(row.id, tx->InsertUser(row));
    ASSERT_OK_AND_ASSIGN(other, tx->InsertUser(User("U-OTHER", "bob")));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Write();
  ASSERT_TRUE(tx);
  UserRow next = row;
  next.version = 2;
  next.roles = {"manager"};
  next.recovery_hashes = {"h1", "h3"};  // h2 used
  next.totp_secret = B("new sealed secret");
  next.totp_confirmed = true;
  next.totp_last_step = 99;
  next.failed_logins = 5;
  next.locked_until = 1'700'001'000;
  next.team = "south";
  next.display_name = "Alice Renamed";
  next.updated_at = row.updated_at + 60;
  ASSERT_OK(tx->UpdateUser(next));

  UserRow stale = row;  // still at version 1: someone else got there first
  stale.version = 2;
  stale.roles = {"admin"};
  auto conflict = tx->UpdateUser(stale);
  EXPECT_ERROR(conflict, kConflict);
  EXPECT_NE(conflict.error().message.find("changed by someone else"), std::string::npos);
  UserRow missing = next;
  missing.id = other + 1000;
  EXPECT_ERROR(tx->UpdateUser(missing), kNotFound);
  UserRow taken = next;
  taken.version = 3;
  taken.username = "bob";
  EXPECT_ERROR(tx->UpdateUser(taken), kAlreadyExists);
  taken.username = "alice";
  taken.code = "U-OTHER";
  EXPECT_ERROR(tx->UpdateUser(taken), kAlreadyExists);
  UserRow bad = next;
  bad.version = 3;
  bad.roles = {"admin", "admin"};
  EXPECT_ERROR(tx->UpdateUser(bad), kInvalidArgument);

  // A rename frees the old username and code.
  UserRow renamed = next;
  renamed.version = 3;
  renamed.username = "alice2";
  renamed.code = "U-OPT2";
  renamed.recovery_hashes = {};
  renamed.locked_until = std::nullopt;
  renamed.totp_last_step = std::nullopt;
  ASSERT_OK(tx->UpdateUser(renamed));
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got, read->GetUser(row.id));
  ASSERT_TRUE(got);
  ExpectSameUser(*got, renamed);
  EXPECT_EQ(got->roles, (std::vector<std::string>{"manager"}));
  EXPECT_TRUE(got->recovery_hashes.empty());
  ASSERT_OK_AND_ASSIGN(auto old_name, read->FindUserByName("alice"));
  EXPECT_FALSE(old_name);
  ASSERT_OK_AND_ASSIGN(auto old_code, read->FindUserByCode("U-OPT"));
  EXPECT_FALSE(old_code);
  ASSERT_OK_AND_ASSIGN(auto new_name, read->FindUserByName("alice2"));
  ASSERT_TRUE(new_name);
  EXPECT_EQ(new_name->id, row.id);
  ASSERT_OK_AND_ASSIGN(auto bob, read->GetUser(other));
  ASSERT_TRUE(bob);
  EXPECT_EQ(bob->version, 1);
  EXPECT_EQ(bob->username, "bob");
}

TEST_P(StoreConformanceTest, UpdateUserKeepsRecoveryHashesInOrder) {
  UserRow row = User("U-REC", "alice");
  row.recovery_hashes = {"zz", "aa", "mm", "aa"};  // order as given, duplicates kept
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(row.id, tx->InsertUser(row));
  ASSERT_OK_AND_ASSIGN(auto got, tx->GetUser(row.id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->recovery_hashes, row.recovery_hashes);
  row.version = 2;
  row.roles = {"zeta", "alpha", "mid"};
  row.recovery_hashes = {"mm", "zz"};
  ASSERT_OK(tx->UpdateUser(row));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto after, read->GetUser(row.id));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->roles, (std::vector<std::string>{"zeta", "alpha", "mid"}));
  EXPECT_EQ(after->recovery_hashes, (std::vector<std::string>{"mm", "zz"}));
}

TEST_P(StoreConformanceTest, ListUsersAndTeamUsersInIdOrder) {
  std::vector<std::int64_t> ids;
  auto tx = Write();
  ASSERT_TRUE(tx);
  // Inserted so that username order and id order differ.
  for (const auto& [code, name, team] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"U-1", "zoe", "north"},
                                                                      {"U-2", "adam", "south"},
                                                                      {"U-3", "mia", "north"},
                                                                      {"U-4", "bea", ""},
                                                                      {"U-5", "cal", "north"}}) {
    ASSERT_OK_AND_ASSIGN(auto id, tx->InsertUser(User(code, name, team)));
    ids.push_back(id);
  }
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto users, read->ListUsers());
  ASSERT_EQ(users.size(), 5u);
  for (std::size_t i = 0; i < users.size(); ++i) EXPECT_EQ(users[i].id, ids[i]);
  EXPECT_EQ(users[0].username, "zoe");
  EXPECT_EQ(users[0].roles, (std::vector<std::string>{"caseworker", "auditor"}));
  ASSERT_OK_AND_ASSIGN(auto north, read->ListTeamUsers("north"));
  EXPECT_EQ(north, (std::vector<std::int64_t>{ids[0], ids[2], ids[4]}));
  ASSERT_OK_AND_ASSIGN(auto south, read->ListTeamUsers("south"));
  EXPECT_EQ(south, (std::vector<std::int64_t>{ids[1]}));
  ASSERT_OK_AND_ASSIGN(auto none, read->ListTeamUsers(""));
  EXPECT_TRUE(none.empty()) << "the empty team is no team";
  ASSERT_OK_AND_ASSIGN(auto unknown, read->ListTeamUsers("east"));
  EXPECT_TRUE(unknown.empty());
}

TEST_P(StoreConformanceTest, NoUsersListsEmpty) {
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto users, read->ListUsers());
  EXPECT_TRUE(users.empty());
  ASSERT_OK_AND_ASSIGN(auto tokens, read->ListTokens(1));
  EXPECT_TRUE(tokens.empty());
  ASSERT_OK_AND_ASSIGN(auto assigned, read->ListUserAssignments(1));
  EXPECT_TRUE(assigned.empty());
}

TEST_P(StoreConformanceTest, SessionsTouchDeleteAndDeleteAll) {
  std::int64_t alice = 0;
  std::int64_t bob = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(alice, tx->InsertUser(User("U-A", "alice")));
    ASSERT_OK_AND_ASSIGN(bob, tx->InsertUser(User("U-B", "bob")));
    ASSERT_OK(tx->InsertSession(Session("hash-a1", alice)));
    ASSERT_OK(tx->InsertSession(Session("hash-a2", alice)));
    ASSERT_OK(tx->InsertSession(Session("hash-a3", alice)));
    ASSERT_OK(tx->InsertSession(Session("hash-b1", bob)));
    EXPECT_ERROR(tx->InsertSession(Session("hash-a1", bob)), kAlreadyExists);
    EXPECT_ERROR(tx->InsertSession(Session("hash-x", bob + 1000)), kFailedPrecondition);
    EXPECT_ERROR(tx->InsertSession(Session("", alice)), kInvalidArgument);
    ASSERT_OK(tx->Commit());
  }
  {
    auto read = Read();
    ASSERT_TRUE(read);
    ASSERT_OK_AND_ASSIGN(auto found, read->FindSession(B("hash-a1")));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->token_hash, B("hash-a1"));
    EXPECT_EQ(found->user_id, alice);
    EXPECT_EQ(found->created_at, 1'700'000'400);
    EXPECT_EQ(found->last_seen_at, 1'700'000'400);
    EXPECT_EQ(found->expires_at, 1'700'043'600);
    ASSERT_OK_AND_ASSIGN(auto stranger, read->FindSession(B("hash-x")));
    EXPECT_FALSE(stranger);
  }
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->TouchSession(B("hash-a1"), 1'700'000'999));
  EXPECT_ERROR(tx->TouchSession(B("hash-x"), 1'700'000'999), kNotFound);
  ASSERT_OK_AND_ASSIGN(auto touched, tx->FindSession(B("hash-a1")));
  ASSERT_TRUE(touched);
  EXPECT_EQ(touched->last_seen_at, 1'700'000'999);
  EXPECT_EQ(touched->created_at, 1'700'000'400);
  EXPECT_EQ(touched->expires_at, 1'700'043'600);

  ASSERT_OK(tx->DeleteSession(B("hash-a2")));
  EXPECT_ERROR(tx->DeleteSession(B("hash-a2")), kNotFound);
  ASSERT_OK_AND_ASSIGN(auto deleted, tx->FindSession(B("hash-a2")));
  EXPECT_FALSE(deleted);

  ASSERT_OK_AND_ASSIGN(const std::int64_t ended, tx->DeleteUserSessions(alice));
  EXPECT_EQ(ended, 2);
  ASSERT_OK_AND_ASSIGN(const std::int64_t again, tx->DeleteUserSessions(alice));
  EXPECT_EQ(again, 0);
  ASSERT_OK_AND_ASSIGN(const std::int64_t nobody, tx->DeleteUserSessions(bob + 1000));
  EXPECT_EQ(nobody, 0);
  ASSERT_OK(tx->Commit());

  auto read = Read();
  ASSERT_TRUE(read);
  for (const char* gone : {"hash-a1", "hash-a2", "hash-a3"}) {
    ASSERT_OK_AND_ASSIGN(auto session, read->FindSession(B(gone)));
    EXPECT_FALSE(session) << gone;
  }
  ASSERT_OK_AND_ASSIGN(auto kept, read->FindSession(B("hash-b1")));
  ASSERT_TRUE(kept) << "DeleteUserSessions ended another user's session";
  EXPECT_EQ(kept->user_id, bob);
}

TEST_P(StoreConformanceTest, TokensLookupListAndRevoke) {
  std::int64_t alice = 0;
  std::int64_t bob = 0;
  TokenRow first = Token("T-1", "secret-1", 0);
  TokenRow second = Token("T-2", "secret-2", 0);
  TokenRow bobs = Token("T-3", "secret-3", 0);
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(alice, tx->InsertUser(User("U-A", "alice")));
    ASSERT_OK_AND_ASSIGN(bob, tx->InsertUser(User("U-B", "bob")));
    first.user_id = second.user_id = alice;
    bobs.user_id = bob;
    second.roles = {"caseworker", "auditor"};
    second.revoked_at = 1'700'000'600;
    ASSERT_OK_AND_ASSIGN(first.id, tx->InsertToken(first));
    ASSERT_OK_AND_ASSIGN(bobs.id, tx->InsertToken(bobs));
    ASSERT_OK_AND_ASSIGN(second.id, tx->InsertToken(second));
    EXPECT_GT(bobs.id, first.id);
    EXPECT_GT(second.id, bobs.id);
    EXPECT_ERROR(tx->InsertToken(Token("T-1", "secret-9", alice)), kAlreadyExists);
    EXPECT_ERROR(tx->InsertToken(Token("T-9", "secret-1", alice)), kAlreadyExists);
    EXPECT_ERROR(tx->InsertToken(Token("T-9", "secret-9", bob + 1000)), kFailedPrecondition);
    EXPECT_ERROR(tx->InsertToken(Token("", "secret-9", alice)), kInvalidArgument);
    EXPECT_ERROR(tx->InsertToken(Token("T-9", "", alice)), kInvalidArgument);
    TokenRow twice = Token("T-9", "secret-9", alice);
    twice.roles = {"auditor", "auditor"};
    EXPECT_ERROR(tx->InsertToken(twice), kInvalidArgument);
    ASSERT_OK(tx->Commit());
  }
  {
    auto read = Read();
    ASSERT_TRUE(read);
    ASSERT_OK_AND_ASSIGN(auto by_secret, read->FindTokenBySecret(B("secret-2")));
    ASSERT_TRUE(by_secret);
    ExpectSameToken(*by_secret, second);
    ASSERT_OK_AND_ASSIGN(auto by_code, read->FindTokenByCode("T-1"));
    ASSERT_TRUE(by_code);
    ExpectSameToken(*by_code, first);
    ASSERT_OK_AND_ASSIGN(auto no_secret, read->FindTokenBySecret(B("secret-9")));
    EXPECT_FALSE(no_secret);
    ASSERT_OK_AND_ASSIGN(auto no_code, read->FindTokenByCode("T-9"));
    EXPECT_FALSE(no_code);
    ASSERT_OK_AND_ASSIGN(auto secret_is_not_code, read->FindTokenByCode("secret-1"));
    EXPECT_FALSE(secret_is_not_code);
    ASSERT_OK_AND_ASSIGN(auto of_alice, read->ListTokens(alice));
    ASSERT_EQ(of_alice.size(), 2u);
    ExpectSameToken(of_alice[0], first);
    ExpectSameToken(of_alice[1], second);  // revoked tokens are listed too
    ASSERT_OK_AND_ASSIGN(auto of_bob, read->ListTokens(bob));
    ASSERT_EQ(of_bob.size(), 1u);
    ExpectSameToken(of_bob[0], bobs);
  }
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->RevokeToken(first.id, 1'700'000'700));
  ASSERT_OK(tx->RevokeToken(first.id, 1'700'000'800));   // again: the first time stands
  ASSERT_OK(tx->RevokeToken(second.id, 1'700'000'800));  // revoked at insert: unchanged
  EXPECT_ERROR(tx->RevokeToken(second.id + 1000, 1'700'000'800), kNotFound);
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto revoked, read->FindTokenBySecret(B("secret-1")));
  ASSERT_TRUE(revoked) << "a revoked token is still found, so it can be refused as revoked";
  ASSERT_TRUE(revoked->revoked_at);
  EXPECT_EQ(*revoked->revoked_at, 1'700'000'700);
  ASSERT_OK_AND_ASSIGN(auto kept, read->FindTokenByCode("T-2"));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->revoked_at, second.revoked_at);
  ASSERT_OK_AND_ASSIGN(auto untouched, read->FindTokenByCode("T-3"));
  ASSERT_TRUE(untouched);
  EXPECT_FALSE(untouched->revoked_at);
}

TEST_P(StoreConformanceTest, AssignmentsInsertDeleteAndListInOrder) {
  std::vector<std::int64_t> users;
  std::vector<std::int64_t> cases;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    for (const char* name : {"u1", "u2", "u3"}) {
      ASSERT_OK_AND_ASSIGN(auto id, tx->InsertUser(User(std::string("U-") + name, name)));
      users.push_back(id);
    }
    for (const char* code : {"C-1", "C-2", "C-3"}) {
      ASSERT_OK_AND_ASSIGN(auto id, tx->InsertCase(Case(code)));
      cases.push_back(id);
    }
    // Inserted out of order: the lists come back in id order.
    ASSERT_OK(tx->InsertAssignment(AssignmentRow{cases[0], users[2], 30}));
    ASSERT_OK(tx->InsertAssignment(AssignmentRow{cases[0], users[0], 10}));
    ASSERT_OK(tx->InsertAssignment(AssignmentRow{cases[2], users[0], 12}));
    ASSERT_OK(tx->InsertAssignment(AssignmentRow{cases[1], users[0], 11}));
    ASSERT_OK(tx->InsertAssignment(AssignmentRow{cases[0], users[1], 20}));
    EXPECT_ERROR(tx->InsertAssignment(AssignmentRow{cases[0], users[0], 99}), kAlreadyExists);
    EXPECT_ERROR(tx->InsertAssignment(AssignmentRow{cases[2] + 1000, users[0], 1}),
                 kFailedPrecondition);
    EXPECT_ERROR(tx->InsertAssignment(AssignmentRow{cases[2], users[2] + 1000, 1}),
                 kFailedPrecondition);
    ASSERT_OK(tx->Commit());
  }
  {
    auto read = Read();
    ASSERT_TRUE(read);
    ASSERT_OK_AND_ASSIGN(auto of_case, read->ListCaseAssignments(cases[0]));
    ASSERT_EQ(of_case.size(), 3u);
    EXPECT_EQ(of_case[0].user_id, users[0]);
    EXPECT_EQ(of_case[0].case_id, cases[0]);
    EXPECT_EQ(of_case[0].assigned_at, 10) << "a duplicate insert changed the assignment";
    EXPECT_EQ(of_case[1].user_id, users[1]);
    EXPECT_EQ(of_case[1].assigned_at, 20);
    EXPECT_EQ(of_case[2].user_id, users[2]);
    EXPECT_EQ(of_case[2].assigned_at, 30);
    ASSERT_OK_AND_ASSIGN(auto of_user, read->ListUserAssignments(users[0]));
    ASSERT_EQ(of_user.size(), 3u);
    EXPECT_EQ(of_user[0].case_id, cases[0]);
    EXPECT_EQ(of_user[1].case_id, cases[1]);
    EXPECT_EQ(of_user[1].assigned_at, 11);
    EXPECT_EQ(of_user[2].case_id, cases[2]);
    EXPECT_EQ(of_user[2].user_id, users[0]);
    ASSERT_OK_AND_ASSIGN(auto unassigned, read->ListCaseAssignments(cases[1] + 1000));
    EXPECT_TRUE(unassigned.empty());
  }
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK(tx->DeleteAssignment(cases[0], users[1]));
  EXPECT_ERROR(tx->DeleteAssignment(cases[0], users[1]), kNotFound);
  EXPECT_ERROR(tx->DeleteAssignment(cases[1], users[2]), kNotFound);
  ASSERT_OK(tx->InsertAssignment(AssignmentRow{cases[0], users[1], 40}));  // reassigned
  ASSERT_OK(tx->DeleteAssignment(cases[2], users[0]));
  ASSERT_OK(tx->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto of_case, read->ListCaseAssignments(cases[0]));
  ASSERT_EQ(of_case.size(), 3u);
  EXPECT_EQ(of_case[1].user_id, users[1]);
  EXPECT_EQ(of_case[1].assigned_at, 40);
  ASSERT_OK_AND_ASSIGN(auto of_user, read->ListUserAssignments(users[0]));
  ASSERT_EQ(of_user.size(), 2u);
  EXPECT_EQ(of_user[0].case_id, cases[0]);
  EXPECT_EQ(of_user[1].case_id, cases[1]);
}

TEST_P(StoreConformanceTest, SubjectRestrictedAndObjectedRoundTrip) {
  SubjectRow plain = Subject("S-PLAIN");
  SubjectRow restricted = Subject("S-RESTRICTED");
  restricted.restricted = true;
  restricted.objected = true;
  restricted.objected_purposes = "marketing";
  auto tx = Write();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(plain.id, tx->InsertSubject(plain));
  ASSERT_OK_AND_ASSIGN(restricted.id, tx->InsertSubject(restricted));
  ASSERT_OK(tx->Commit());
  {
    auto read = Read();
    ASSERT_TRUE(read);
    ASSERT_OK_AND_ASSIGN(auto got_plain, read->GetSubject(plain.id));
    ASSERT_TRUE(got_plain);
    EXPECT_FALSE(got_plain->restricted);
    EXPECT_FALSE(got_plain->objected);
    ASSERT_OK_AND_ASSIGN(auto got_restricted, read->FindSubject("S-RESTRICTED"));
    ASSERT_TRUE(got_restricted);
    EXPECT_TRUE(got_restricted->restricted);
    EXPECT_TRUE(got_restricted->objected);
    EXPECT_EQ(got_restricted->objected_purposes, "marketing");
    EXPECT_EQ(got_plain->objected_purposes, "");
  }
  auto update = Write();
  ASSERT_TRUE(update);
  SubjectRow objected = plain;
  objected.version = 2;
  objected.objected = true;
  objected.objected_purposes = "enquiries run_contact";
  ASSERT_OK(update->UpdateSubject(objected));
  SubjectRow lifted = restricted;
  lifted.version = 2;
  lifted.restricted = false;
  ASSERT_OK(update->UpdateSubject(lifted));
  ASSERT_OK(update->MarkSubjectErased(restricted.id, 1'800'000'000));
  ASSERT_OK(update->Commit());
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto got_objected, read->FindSubject("S-PLAIN"));
  ASSERT_TRUE(got_objected);
  EXPECT_FALSE(got_objected->restricted);
  EXPECT_TRUE(got_objected->objected);
  EXPECT_EQ(got_objected->objected_purposes, "enquiries run_contact");
  EXPECT_EQ(got_objected->version, 2);
  ASSERT_OK_AND_ASSIGN(auto got_lifted, read->GetSubject(restricted.id));
  ASSERT_TRUE(got_lifted);
  EXPECT_FALSE(got_lifted->restricted);
  EXPECT_TRUE(got_lifted->objected) << "erasure keeps the processing state of the tombstone";
  EXPECT_TRUE(got_lifted->erased_at);
}

TEST_P(StoreConformanceTest, ReadTxRefusesEveryStaffWrite) {
  std::int64_t user = 0;
  std::int64_t case_id = 0;
  std::int64_t token = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(user, tx->InsertUser(User("U-RO", "ro")));
    ASSERT_OK_AND_ASSIGN(case_id, tx->InsertCase(Case("C-RO")));
    ASSERT_OK_AND_ASSIGN(token, tx->InsertToken(Token("T-RO", "secret-ro", user)));
    ASSERT_OK(tx->InsertSession(Session("hash-ro", user)));
    ASSERT_OK(tx->InsertAssignment(AssignmentRow{case_id, user, 1}));
    ASSERT_OK(tx->Commit());
  }
  auto tx = Read();
  ASSERT_TRUE(tx);
  EXPECT_ERROR(tx->InsertUser(User("U-RO2", "ro2")), kFailedPrecondition);
  UserRow update = User("U-RO", "ro");
  update.id = user;
  update.version = 2;
  EXPECT_ERROR(tx->UpdateUser(update), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertSession(Session("hash-ro2", user)), kFailedPrecondition);
  EXPECT_ERROR(tx->TouchSession(B("hash-ro"), 5), kFailedPrecondition);
  EXPECT_ERROR(tx->DeleteSession(B("hash-ro")), kFailedPrecondition);
  EXPECT_ERROR(tx->DeleteUserSessions(user), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertToken(Token("T-RO2", "secret-ro2", user)), kFailedPrecondition);
  EXPECT_ERROR(tx->RevokeToken(token, 5), kFailedPrecondition);
  EXPECT_ERROR(tx->InsertAssignment(AssignmentRow{case_id, user, 2}), kFailedPrecondition);
  EXPECT_ERROR(tx->DeleteAssignment(case_id, user), kFailedPrecondition);
  // Reads still work, and nothing was written.
  ASSERT_OK_AND_ASSIGN(auto got, tx->GetUser(user));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, 1);
  ASSERT_OK_AND_ASSIGN(auto session, tx->FindSession(B("hash-ro")));
  ASSERT_TRUE(session);
  EXPECT_EQ(session->last_seen_at, 1'700'000'400);
  ASSERT_OK_AND_ASSIGN(auto tok, tx->FindTokenByCode("T-RO"));
  ASSERT_TRUE(tok);
  EXPECT_FALSE(tok->revoked_at);
  ASSERT_OK_AND_ASSIGN(auto assigned, tx->ListCaseAssignments(case_id));
  EXPECT_EQ(assigned.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto users, tx->ListUsers());
  EXPECT_EQ(users.size(), 1u);
  EXPECT_OK(tx->Commit());
  EXPECT_ERROR(tx->GetUser(user), kFailedPrecondition);
}

TEST_P(StoreConformanceTest, UncommittedStaffWritesRollBack) {
  std::int64_t user = 0;
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(user, tx->InsertUser(User("U-KEEP", "keep")));
    ASSERT_OK(tx->Commit());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx);
    ASSERT_OK(tx->InsertUser(User("U-GONE", "gone")));
    ASSERT_OK(tx->InsertSession(Session("hash-gone", user)));
    ASSERT_OK(tx->InsertToken(Token("T-GONE", "secret-gone", user)));
    ASSERT_OK_AND_ASSIGN(auto case_id, tx->InsertCase(Case("C-GONE")));
    ASSERT_OK(tx->InsertAssignment(AssignmentRow{case_id, user, 1}));
    UserRow update = User("U-KEEP", "keep");
    update.id = user;
    update.version = 2;
    update.roles = {"admin"};
    ASSERT_OK(tx->UpdateUser(update));
  }
  auto read = Read();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto gone, read->FindUserByName("gone"));
  EXPECT_FALSE(gone);
  ASSERT_OK_AND_ASSIGN(auto session, read->FindSession(B("hash-gone")));
  EXPECT_FALSE(session);
  ASSERT_OK_AND_ASSIGN(auto token, read->FindTokenByCode("T-GONE"));
  EXPECT_FALSE(token);
  ASSERT_OK_AND_ASSIGN(auto assigned, read->ListUserAssignments(user));
  EXPECT_TRUE(assigned.empty());
  ASSERT_OK_AND_ASSIGN(auto kept, read->GetUser(user));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->version, 1);
  EXPECT_EQ(kept->roles, (std::vector<std::string>{"caseworker", "auditor"}));
}

}  // namespace
}  // namespace casekeep::store::testing
