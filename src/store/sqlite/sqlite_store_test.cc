// Tests of what only the SQLite backend has: files on disk. Reopening keeps data; files that
// are not casekeep databases, truncated or corrupt, or newer than this code are refused and
// left byte-identical; erasure leaves no trace of the erased bytes in any file of the folder;
// settings; migrations; and another process holding the write lock.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace casekeep::store
