// Tests of what only the SQLite backend has: files on disk. Reopening keeps data; files that
// are not casekeep databases, truncated or corrupt, or newer than this code are refused and
// left byte-identical; erasure leaves no trace of the erased bytes in any file of the folder;
// settings; migrations (version 1 to the latest, 2 to 3, 3 to 4); and another process holding
// the write lock.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>

#include "store/sqlite/connection.h"
#include "store/sqlite/schema.h"
#include "store/testing/conformance.h"
#include "store/testing/store_harness.h"

namespace casekeep::store {
namespace {

using testing::B;
using testing::FilesContaining;
using testing::ReadBytes;
using testing::TempDir;

std::unique_ptr<SqliteStore> OpenOrDie(const std::string& path, bool create = false) {
  OpenOptions options;
  options.create = create;
  options.busy_timeout = std::chrono::milliseconds(200);
  auto store = SqliteStore::Open(path, options);
  EXPECT_TRUE(store) << store.error().message;
  return store ? std::move(*store) : nullptr;
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Runs SQL on the file directly, as another program would.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

// Expects Open to fail with `code`, mentioning `words`, and the folder to be unchanged.
void ExpectRefused(const TempDir& dir, const std::string& path, ErrorCode code,
                   const std::string& words) {
  const std::string before = ReadBytes(path);
  const auto files_before = std::distance(std::filesystem::directory_iterator(dir.path()), {});
  auto store = SqliteStore::Open(path, OpenOptions{});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, code) << store.error().message;
  EXPECT_NE(store.error().message.find(words), std::string::npos) << store.error().message;
  EXPECT_EQ(ReadBytes(path), before) << "a refused file was modified";
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), files_before)
      << "opening a refused file left files behind";
  // With create, too, an existing file is never overwritten.
  OpenOptions create;
  create.create = true;
  EXPECT_FALSE(SqliteStore::Open(path, create));
  EXPECT_EQ(ReadBytes(path), before);
}

TEST(SqliteStoreTest, ReopenPreservesData) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  std::int64_t id = 0;
  {
    auto store = OpenOrDie(path, /*create=*/true);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->backend(), "sqlite");
    auto tx = store->Begin();
    ASSERT_TRUE(tx);
    auto inserted = (*tx)->InsertSubject(testing::StoreConformanceTest::Subject("S-KEEP"));
    ASSERT_TRUE(inserted);
    id = *inserted;
    ASSERT_OK((*tx)->PutMeta("schema", B("x")));
    ASSERT_OK((*tx)->Commit());
  }
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  auto tx = store->BeginRead();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto subject, (*tx)->GetSubject(id));
  ASSERT_TRUE(subject);
  EXPECT_EQ(subject->code, "S-KEEP");
}

TEST(SqliteStoreTest, MissingFileWithoutCreateIsNotFoundAndCreatesNothing) {
  TempDir dir;
  auto store = SqliteStore::Open(dir.File("store.db"), OpenOptions{});
  EXPECT_ERROR(store, kNotFound);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
  OpenOptions create;
  create.create = true;
  EXPECT_ERROR(SqliteStore::Open(dir.File("no/such/folder/store.db"), create), kIo);
}

TEST(SqliteStoreTest, FileSettingsAndSchemaVersion) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  auto store = OpenOrDie(path, true);
  ASSERT_TRUE(store);
  auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READONLY);
  ASSERT_TRUE(conn);
  auto int_of = [&](const char* sql) { return (*conn)->QueryInt(sql, sql).value_or(-1); };
  EXPECT_EQ(int_of("PRAGMA application_id"), sqlite::kApplicationId);
  EXPECT_EQ(int_of("PRAGMA user_version"), sqlite::LatestSchemaVersion());
  EXPECT_EQ(ReadBytes(path)[18], 2) << "the file is not in WAL mode";
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
}

TEST(SqliteStoreTest, RefusesFileThatIsNotADatabase) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  WriteBytes(path, "Dear family, this is a letter and not a database.\n");
  ExpectRefused(dir, path, ErrorCode::kInvalidArgument, "not an SQLite database");
}

TEST(SqliteStoreTest, RefusesEmptyFile) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  WriteBytes(path, "");
  ExpectRefused(dir, path, ErrorCode::kInvalidArgument, "not a casekeep database");
}

TEST(SqliteStoreTest, RefusesOtherSqliteDatabase) {
  TempDir dir;
  const std::string path = dir.File("other.db");
  RawExec(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
  ExpectRefused(dir, path, ErrorCode::kInvalidArgument, "not a casekeep database");
}

TEST(SqliteStoreTest, RefusesTruncatedDatabase) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  {
    auto store = OpenOrDie(path, true);
    ASSERT_TRUE(store);
  }
  ASSERT_FALSE(std::filesystem::exists(path + "-wal")) << "closing should checkpoint the WAL";
  const std::string whole = ReadBytes(path);
  ASSERT_GT(whole.size(), 8192u);
  WriteBytes(path, whole.substr(0, whole.size() / 2));
  ExpectRefused(dir, path, ErrorCode::kDataLoss, "truncated");
  WriteBytes(path, whole.substr(0, 60));
  ExpectRefused(dir, path, ErrorCode::kDataLoss, "truncated");
}

TEST(SqliteStoreTest, RefusesCorruptDatabase) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  {
    auto store = OpenOrDie(path, true);
    ASSERT_TRUE(store);
  }
  std::string bytes = ReadBytes(path);
  const std::size_t page = 4096;
  ASSERT_GT(bytes.size(), 3 * page);
  for (std::size_t i = page; i < page + 64; ++i) bytes[i] = '\x5a';  // page 2's header
  WriteBytes(path, bytes);
  ExpectRefused(dir, path, ErrorCode::kDataLoss, "");
}

TEST(SqliteStoreTest, RefusesNewerSchema) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  {
    auto store = OpenOrDie(path, true);
    ASSERT_TRUE(store);
  }
  RawExec(path, "PRAGMA user_version = 999");
  ExpectRefused(dir, path, ErrorCode::kFailedPrecondition, "newer than this casekeep");
}

// Builds a database of schema `version` at `path`, as casekeep of that version wrote it, and
// runs `rows` (INSERT statements) on it.
void MakeOldDatabase(const std::string& path, std::size_t version, const std::string& rows) {
  auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(conn) << conn.error().message;
  ASSERT_OK(sqlite::ApplyMigrations(**conn, sqlite::Migrations().first(version)));
  ASSERT_OK((*conn)->Exec(rows, "filling a version " + std::to_string(version) + " database"));
  EXPECT_EQ((*conn)->QueryInt("PRAGMA user_version", "version").value_or(-1),
            static_cast<std::int64_t>(version));
}

// Expects each of `indexes` to exist in the database of `conn`.
void ExpectIndexes(sqlite::Connection& conn, std::initializer_list<std::string_view> indexes) {
  for (const std::string_view index : indexes) {
    EXPECT_EQ(conn.QueryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = '" +
                                std::string(index) + "'",
                            "schema")
                  .value_or(-1),
              1)
        << index;
  }
}

// Builds a version 1 database at `path`, as casekeep before staff accounts wrote it, with a
// subject, a case, a key and metadata in it.
void MakeVersion1Database(const std::string& path) {
  MakeOldDatabase(
      path, 1,
      "INSERT INTO meta(key, value) VALUES('policy_hash', x'0A0B');"
      "INSERT INTO keys(owner, wrapped) VALUES('S-OLD', x'01020304');"
      "INSERT INTO subjects(code, kind, created_at, updated_at, version, sealed, erased_at) "
      "  VALUES('S-OLD', 'parent', 100, 200, 3, x'CAFE', NULL);"
      "INSERT INTO cases(code, service, referral_source, opened_on, closed_on, last_contact_on, "
      "  created_at, updated_at, version) "
      "  VALUES('C-OLD', 'helpline', 'self', '2024-01-02', NULL, NULL, 300, 300, 1);"
      "INSERT INTO case_flags(case_id, flag, pos) VALUES(1, 'safeguarding', 0);"
      "INSERT INTO case_members(case_id, subject_id, role, added_at) VALUES(1, 1, 'parent', 5);");
}

TEST(SqliteStoreTest, MigratesVersion1DatabaseWithoutLosingRows) {
  ASSERT_GE(sqlite::LatestSchemaVersion(), 2);
  TempDir dir;
  const std::string path = dir.File("store.db");
  MakeVersion1Database(path);
  if (::testing::Test::HasFatalFailure()) return;
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  {
    auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READONLY);
    ASSERT_TRUE(conn);
    EXPECT_EQ((*conn)->QueryInt("PRAGMA user_version", "version").value_or(-1),
              sqlite::LatestSchemaVersion());
  }
  {
    auto tx = store->BeginRead();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(auto meta, (*tx)->GetMeta("policy_hash"));
    ASSERT_TRUE(meta);
    EXPECT_EQ(*meta, (Bytes{0x0A, 0x0B}));
    ASSERT_OK_AND_ASSIGN(auto key, (*tx)->GetKey("S-OLD"));
    ASSERT_TRUE(key);
    EXPECT_EQ(*key, (Bytes{1, 2, 3, 4}));
    ASSERT_OK_AND_ASSIGN(auto subject, (*tx)->FindSubject("S-OLD"));
    ASSERT_TRUE(subject);
    EXPECT_EQ(subject->id, 1);
    EXPECT_EQ(subject->kind, "parent");
    EXPECT_EQ(subject->created_at, 100);
    EXPECT_EQ(subject->updated_at, 200);
    EXPECT_EQ(subject->version, 3);
    EXPECT_EQ(subject->sealed, (Bytes{0xCA, 0xFE}));
    EXPECT_FALSE(subject->erased_at);
    EXPECT_FALSE(subject->restricted) << "existing subjects start unrestricted";
    EXPECT_FALSE(subject->objected);
    ASSERT_OK_AND_ASSIGN(auto kase, (*tx)->FindCase("C-OLD"));
    ASSERT_TRUE(kase);
    EXPECT_EQ(kase->flags, (std::vector<std::string>{"safeguarding"}));
    ASSERT_OK_AND_ASSIGN(auto members, (*tx)->ListCaseMembers(kase->id));
    EXPECT_EQ(members.size(), 1u);
    ASSERT_OK_AND_ASSIGN(auto users, (*tx)->ListUsers());
    EXPECT_TRUE(users.empty());
  }
  // The new tables and columns work on the migrated file.
  auto tx = store->Begin();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto subject, (*tx)->FindSubject("S-OLD"));
  ASSERT_TRUE(subject);
  subject->version += 1;
  subject->restricted = true;
  ASSERT_OK((*tx)->UpdateSubject(*subject));
  UserRow user;
  user.code = "U-NEW";
  user.username = "alice";
  user.roles = {"caseworker"};
  ASSERT_OK_AND_ASSIGN(const std::int64_t user_id, (*tx)->InsertUser(user));
  ASSERT_OK((*tx)->InsertAssignment(AssignmentRow{1, user_id, 7}));
  ASSERT_OK((*tx)->Commit());
  store.reset();
  auto reopened = OpenOrDie(path);
  ASSERT_TRUE(reopened);
  auto read = reopened->BeginRead();
  ASSERT_TRUE(read);
  ASSERT_OK_AND_ASSIGN(auto after, (*read)->FindSubject("S-OLD"));
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->restricted);
  EXPECT_EQ(after->sealed, (Bytes{0xCA, 0xFE}));
  ASSERT_OK_AND_ASSIGN(auto assigned, (*read)->ListCaseAssignments(1));
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].user_id, user_id);
}

TEST(SqliteStoreTest, MigratesVersion2DatabaseToBreakGlass) {
  ASSERT_GE(sqlite::LatestSchemaVersion(), 3);
  TempDir dir;
  const std::string path = dir.File("store.db");
  {
    auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(conn) << conn.error().message;
    ASSERT_OK(sqlite::ApplyMigrations(**conn, sqlite::Migrations().first(2)));
    ASSERT_OK((*conn)->Exec(
        "INSERT INTO users(code, username, display_name, team, password_hash, totp_secret, "
        "  totp_confirmed, totp_last_step, failed_logins, locked_until, disabled, created_at, "
        "  updated_at, version) "
        "  VALUES('U-OLD', 'alice', 'Alice', 'north', 'hash', x'', 0, NULL, 0, NULL, 0, 1, 1, 1);"
        "INSERT INTO user_roles(user_id, role, pos) VALUES(1, 'dpo', 0);",
        "filling a version 2 database"));
    EXPECT_EQ((*conn)->QueryInt("PRAGMA user_version", "version").value_or(-1), 2);
    EXPECT_EQ(
        (*conn)
            ->QueryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'break_glass'", "schema")
            .value_or(-1),
        0);
  }
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  auto tx = store->Begin();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto user, (*tx)->FindUserByCode("U-OLD"));
  ASSERT_TRUE(user);
  EXPECT_EQ(user->roles, (std::vector<std::string>{"dpo"}));
  BreakGlassRow access;
  access.at = 10;
  access.actor = "U-OLD";
  access.objects = "C-1";
  access.reason = Bytes{0xBE, 0xEF};
  ASSERT_OK_AND_ASSIGN(const std::int64_t id, (*tx)->InsertBreakGlass(access));
  ASSERT_OK((*tx)->ReviewBreakGlass(id, 20, "U-OLD"));
  ASSERT_OK((*tx)->Commit());
  store.reset();
  auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READONLY);
  ASSERT_TRUE(conn);
  EXPECT_EQ((*conn)->QueryInt("PRAGMA user_version", "version").value_or(-1),
            sqlite::LatestSchemaVersion());
  EXPECT_EQ((*conn)
                ->QueryInt("SELECT reviewed_at FROM break_glass WHERE id = " + std::to_string(id),
                           "break glass")
                .value_or(-1),
            20);
}

TEST(SqliteStoreTest, MigratesVersion3DatabaseToRetentionAndConsent) {
  ASSERT_GE(sqlite::LatestSchemaVersion(), 4);
  TempDir dir;
  const std::string path = dir.File("store.db");
  MakeOldDatabase(
      path, 3,
      "INSERT INTO subjects(code, kind, created_at, updated_at, version, sealed, erased_at) "
      "  VALUES('S-OLD', 'parent', 100, 200, 1, x'CAFE', NULL);"
      "INSERT INTO cases(code, service, referral_source, opened_on, closed_on, last_contact_on, "
      "  created_at, updated_at, version) "
      "  VALUES('C-OLD', 'helpline', 'self', '2024-01-02', '2024-06-30', NULL, 300, 300, 2);"
      "INSERT INTO case_flags(case_id, flag, pos) VALUES(1, 'safeguarding', 0);"
      "INSERT INTO records(code, type, case_id, subject_id, owner, occurred_on, created_at, "
      "  updated_at, version, sealed) "
      "  VALUES('R-OLD', 'contact', 1, 1, 'C-OLD', '2024-02-03', 400, 400, 1, x'BEEF');"
      "INSERT INTO record_versions(record_id, version, replaced_at, replaced_by, sealed) "
      "  VALUES(1, 0, 350, 'U-1', x'0102');");
  if (::testing::Test::HasFatalFailure()) return;
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  {
    auto tx = store->BeginRead();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(auto record, (*tx)->FindRecord("R-OLD"));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->type, "contact");
    EXPECT_EQ(record->case_id, 1);
    EXPECT_EQ(record->subject_id, 1);
    EXPECT_EQ(record->occurred_on, "2024-02-03");
    EXPECT_EQ(record->sealed, (Bytes{0xBE, 0xEF}));
    EXPECT_EQ(record->retention_rule, "") << "existing records start without retention dates";
    EXPECT_FALSE(record->dispose_on);
    EXPECT_FALSE(record->review_on);
    EXPECT_FALSE(record->partial_on);
    ASSERT_OK_AND_ASSIGN(auto versions, (*tx)->ListRecordVersions(record->id));
    EXPECT_EQ(versions.size(), 1u);
    ASSERT_OK_AND_ASSIGN(auto kase, (*tx)->FindCase("C-OLD"));
    ASSERT_TRUE(kase);
    EXPECT_EQ(kase->closed_on, "2024-06-30");
    EXPECT_EQ(kase->version, 2);
    EXPECT_EQ(kase->flags, (std::vector<std::string>{"safeguarding"}));
    EXPECT_FALSE(kase->transferred_on);
    ASSERT_OK_AND_ASSIGN(auto due, (*tx)->ListRecordsDue(DueKind::kDispose, "2999-01-01", 0, 10));
    EXPECT_TRUE(due.empty());
    ASSERT_OK_AND_ASSIGN(auto holds, (*tx)->ListHolds(0, 10, false));
    EXPECT_TRUE(holds.empty());
  }
  // The new tables and columns work on the migrated file.
  auto tx = store->Begin();
  ASSERT_TRUE(tx);
  ASSERT_OK((*tx)->SetRecordRetention(1, RetentionDates{"contact_6y", "2030-02-03", {}, {}, {}}));
  HoldRow hold;
  hold.code = "H-NEW";
  hold.target = "C-OLD";
  hold.reason = Bytes{0x01};
  ASSERT_OK((*tx)->InsertHold(hold));
  ConsentRow consent;
  consent.subject_id = 1;
  consent.consent = "newsletter";
  consent.event = "given";
  ASSERT_OK((*tx)->InsertConsent(consent));
  ASSERT_OK((*tx)->PutText(TextRow{Bytes(32, 0x07), "notice", "notice text", 1}));
  ASSERT_OK((*tx)->Commit());
  store.reset();
  auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READONLY);
  ASSERT_TRUE(conn);
  EXPECT_EQ((*conn)->QueryInt("PRAGMA user_version", "version").value_or(-1),
            sqlite::LatestSchemaVersion());
  EXPECT_EQ(
      (*conn)
          ->QueryInt("SELECT count(*) FROM records WHERE dispose_on = '2030-02-03'", "records")
          .value_or(-1),
      1);
  ExpectIndexes(**conn, {"records_dispose_on", "records_partial_on", "records_review_on",
                         "holds_target", "consents_subject", "marketing_subject",
                         "cookie_consents_device", "cookie_consents_at"});
}

TEST(SqliteStoreTest, MigratesVersion4DatabaseToDisclosuresAndRequests) {
  ASSERT_GE(sqlite::LatestSchemaVersion(), 5);
  TempDir dir;
  const std::string path = dir.File("store.db");
  MakeOldDatabase(
      path, 4,
      "INSERT INTO subjects(code, kind, created_at, updated_at, version, sealed, erased_at) "
      "  VALUES('S-OLD', 'parent', 100, 200, 1, x'CAFE', NULL);"
      "INSERT INTO consents(subject_id, consent, event, at, recorded_at, method, "
      "  explicit_consent, notice_hash, wording_hash, recorded_by, given_by, "
      "  evidence_attachment, sealed) "
      "  VALUES(1, 'referral', 'given', 10, 11, 'verbal', 1, x'', x'', 'W-1', '', '', x'');");
  if (::testing::Test::HasFatalFailure()) return;
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  {
    auto tx = store->BeginRead();
    ASSERT_TRUE(tx);
    ASSERT_OK_AND_ASSIGN(auto ledger, (*tx)->ListConsents(1));
    EXPECT_EQ(ledger.size(), 1u);
    ASSERT_OK_AND_ASSIGN(auto disclosures, (*tx)->ScanDisclosures(0, 10, false));
    EXPECT_TRUE(disclosures.empty());
    ASSERT_OK_AND_ASSIGN(auto requests, (*tx)->ListRequests(0, 10));
    EXPECT_TRUE(requests.empty());
  }
  // The new tables work on the migrated file.
  auto tx = store->Begin();
  ASSERT_TRUE(tx);
  DisclosureRow disclosure;
  disclosure.code = "D-NEW";
  disclosure.subject_id = 1;
  disclosure.recipient = "police";
  disclosure.basis = "safeguarding";
  disclosure.without_consent = true;
  ASSERT_OK((*tx)->InsertDisclosure(disclosure));
  RequestRow request;
  request.code = "Q-NEW";
  request.subject_id = 1;
  request.kind = "access";
  request.status = "open";
  ASSERT_OK((*tx)->InsertRequest(request));
  ASSERT_OK((*tx)->Commit());
  store.reset();
  auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READONLY);
  ASSERT_TRUE(conn);
  EXPECT_EQ((*conn)->QueryInt("PRAGMA user_version", "version").value_or(-1),
            sqlite::LatestSchemaVersion());
  ExpectIndexes(**conn, {"disclosures_subject", "disclosures_flagged", "requests_subject"});
}

TEST(SqliteStoreTest, FailedMigrationStepLeavesTheOldVersion) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  MakeVersion1Database(path);
  if (::testing::Test::HasFatalFailure()) return;
  const sqlite::Migration broken[] = {
      sqlite::Migrations()[0],
      {2, "CREATE TABLE users (id INTEGER); INSERT INTO no_such_table VALUES (1);"},
  };
  auto conn = sqlite::Connection::Open(path, SQLITE_OPEN_READWRITE);
  ASSERT_TRUE(conn);
  EXPECT_FALSE(sqlite::ApplyMigrations(**conn, broken));
  EXPECT_EQ((*conn)->QueryInt("PRAGMA user_version", "version").value_or(-1), 1);
  EXPECT_EQ((*conn)
                ->QueryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'users'", "schema")
                .value_or(-1),
            0);
  EXPECT_EQ((*conn)->QueryInt("SELECT count(*) FROM subjects", "subjects").value_or(-1), 1);
}

TEST(SqliteStoreTest, AnotherProcessHoldingTheWriteLockMakesBeginUnavailable) {
  TempDir dir;
  const std::string path = dir.File("store.db");
  auto store = OpenOrDie(path, true);
  ASSERT_TRUE(store);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_ERROR(store->Begin(), kUnavailable);
  EXPECT_TRUE(store->BeginRead());  // readers are not blocked
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(store->Begin());
}

TEST(SqliteStoreTest, MigratesVersion5ObjectionsToEveryPurpose) {
  ASSERT_GE(sqlite::LatestSchemaVersion(), 6);
  TempDir dir;
  const std::string path = dir.File("store.db");
  MakeOldDatabase(path, 5,
                  "INSERT INTO subjects(code, kind, created_at, updated_at, version, sealed, "
                  "  erased_at, restricted, objected) "
                  "  VALUES('S-OBJ', 'parent', 100, 200, 1, x'CAFE', NULL, 0, 1),"
                  "        ('S-NOT', 'parent', 100, 200, 1, x'CAFE', NULL, 0, 0);");
  if (::testing::Test::HasFatalFailure()) return;
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  auto tx = store->Begin();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto objected, (*tx)->FindSubject("S-OBJ"));
  ASSERT_TRUE(objected);
  EXPECT_TRUE(objected->objected);
  EXPECT_EQ(objected->objected_purposes, "*");
  ASSERT_OK_AND_ASSIGN(auto plain, (*tx)->FindSubject("S-NOT"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->objected_purposes, "");
  // The new column is written on the migrated file.
  SubjectRow changed = *plain;
  changed.version = 2;
  changed.objected = true;
  changed.objected_purposes = "run_contact";
  ASSERT_OK((*tx)->UpdateSubject(changed));
  ASSERT_OK_AND_ASSIGN(auto read_back, (*tx)->FindSubject("S-NOT"));
  ASSERT_TRUE(read_back);
  EXPECT_EQ(read_back->objected_purposes, "run_contact");
}

}  // namespace
}  // namespace casekeep::store
