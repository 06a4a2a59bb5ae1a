// Tests that erasure in the SQLite backend is real: after DestroyKey, DeleteRecord or
// MarkSubjectErased commits, the erased bytes are in no file of the data folder (store.db,
// -wal, -shm). Also the checkpoint's behaviour with an open reader, a failed commit through
// FaultStore, and schema migrations.
#include <gtest/gtest.h>

#include "store/fault/fault_store.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "store/testing/conformance.h"
#include "store/testing/store_harness.h"

namespace casekeep::store {
namespace {

using testing::B;
using testing::FilesContaining;
using testing::StoreConformanceTest;
using testing::TempDir;

// Distinctive byte strings that occur nowhere else in a fresh database.
constexpr std::string_view kKeyMarker = "KEYMARKER-7f3a9c1e-wrapped-data-key";
constexpr std::string_view kRecordMarker = "RECMARKER-0b5d2e8f-sealed-record";
constexpr std::string_view kVersionMarker = "VERMARKER-51c7a0d4-old-version";
constexpr std::string_view kChunkMarker = "CHUNKMARKER-93e6f2b8-attachment";
constexpr std::string_view kSubjectMarker = "SUBJMARKER-c2d8e4a6-sealed-fields";

class SqliteErasureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OpenOptions options;
    options.create = true;
    options.busy_timeout = std::chrono::milliseconds(200);
    auto opened = SqliteStore::Open(dir_.File("store.db"), options);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }
  std::vector<std::string> Holding(std::string_view marker) {
    return FilesContaining(dir_.path(), marker);
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteErasureTest, DestroyedKeyIsInNoFile) {
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->PutKey(KeyRow{"S-ERASE", B(kKeyMarker)}));
    ASSERT_OK((*tx)->PutKey(KeyRow{"S-OTHER", B("another key")}));
    ASSERT_OK((*tx)->Commit());
  }
  ASSERT_FALSE(Holding(kKeyMarker).empty()) << "the test cannot see the key it wrote";
  // A reader connection stays pooled (idle) across the erasure.
  { ASSERT_TRUE(store_->BeginRead()); }
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->DestroyKey("S-ERASE"));
    ASSERT_OK((*tx)->Commit());
  }
  EXPECT_EQ(Holding(kKeyMarker), std::vector<std::string>{});
  ASSERT_OK(store_->Checkpoint());
  EXPECT_EQ(Holding(kKeyMarker), std::vector<std::string>{});
  EXPECT_FALSE(Holding("another key").empty());
}

TEST_F(SqliteErasureTest, DeletedRecordIsInNoFile) {
  std::string big_chunk(20000, 'x');  // spills into overflow pages
  big_chunk.replace(10000, kChunkMarker.size(), kChunkMarker);
  std::int64_t id = 0;
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    RecordRow row = StoreConformanceTest::Record("R-GONE", std::nullopt, std::nullopt);
    row.sealed = B(kRecordMarker);
    ASSERT_OK_AND_ASSIGN(id, (*tx)->InsertRecord(row));
    ASSERT_OK((*tx)->InsertRecordVersion({id, 1, 1, "U-1", B(kVersionMarker)}));
    ASSERT_OK_AND_ASSIGN(auto att, (*tx)->InsertAttachment({0, "A-GONE", id, "f", "C-1", 1, 1}));
    ASSERT_OK((*tx)->AppendAttachmentChunk(att, 0, B(big_chunk)));
    ASSERT_OK((*tx)->Commit());
  }
  ASSERT_FALSE(Holding(kChunkMarker).empty());
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->DeleteRecord(id));
    ASSERT_OK((*tx)->Commit());
  }
  for (auto marker : {kRecordMarker, kVersionMarker, kChunkMarker}) {
    EXPECT_EQ(Holding(marker), std::vector<std::string>{}) << marker;
  }
}

TEST_F(SqliteErasureTest, ErasedSubjectFieldsAreInNoFile) {
  std::int64_t id = 0;
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    const SubjectRow row = StoreConformanceTest::Subject("S-E", std::string(kSubjectMarker));
    ASSERT_OK_AND_ASSIGN(id, (*tx)->InsertSubject(row));
    ASSERT_OK((*tx)->Commit());
  }
  ASSERT_FALSE(Holding(kSubjectMarker).empty());
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->MarkSubjectErased(id, 1234));
    ASSERT_OK((*tx)->Commit());
  }
  EXPECT_EQ(Holding(kSubjectMarker), std::vector<std::string>{});
}

TEST_F(SqliteErasureTest, CheckpointWaitsForOpenReaderThenIsRetried) {
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->PutKey(KeyRow{"S-LATE", B(kKeyMarker)}));
    ASSERT_OK((*tx)->Commit());
  }
  auto reader = store_->BeginRead();  // holds a snapshot that still contains the key
  ASSERT_TRUE(reader);
  {
    auto tx = store_->Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->DestroyKey("S-LATE"));
    ASSERT_OK((*tx)->Commit());  // durable even though the checkpoint could not finish
  }
  ASSERT_OK_AND_ASSIGN(auto still, (*reader)->GetKey("S-LATE"));
  EXPECT_TRUE(still) << "the reader's snapshot changed under it";
  EXPECT_ERROR(store_->Checkpoint(), kUnavailable);
  reader->reset();
  ASSERT_OK(store_->Checkpoint());
  EXPECT_EQ(Holding(kKeyMarker), std::vector<std::string>{});
}

TEST_F(SqliteErasureTest, FailedCommitThroughFaultStoreLeavesNothing) {
  FaultStore fault(*store_);
  fault.FailCommit(1, ErrorCode::kIo);
  {
    auto tx = fault.Begin();
    ASSERT_TRUE(tx);
    ASSERT_OK((*tx)->InsertSubject(StoreConformanceTest::Subject("S-LOST")));
    ASSERT_OK((*tx)->AppendAudit(StoreConformanceTest::Audit(1)));
    EXPECT_ERROR((*tx)->Commit(), kIo);
    EXPECT_ERROR((*tx)->GetSubject(1), kFailedPrecondition);
  }
  // Reopen from disk: nothing of the failed transaction is there.
  store_.reset();
  auto reopened = SqliteStore::Open(dir_.File("store.db"), OpenOptions{});
  ASSERT_TRUE(reopened) << reopened.error().message;
  auto tx = (*reopened)->BeginRead();
  ASSERT_TRUE(tx);
  ASSERT_OK_AND_ASSIGN(auto subject, (*tx)->FindSubject("S-LOST"));
  EXPECT_FALSE(subject);
  ASSERT_OK_AND_ASSIGN(auto audit, (*tx)->LastAudit());
  EXPECT_FALSE(audit);
}

TEST_F(SqliteErasureTest, FailedWriteThroughFaultStoreChangesNothing) {
  FaultStore fault(*store_);
  fault.FailWrite(2, ErrorCode::kUnavailable);
  auto tx = fault.Begin();
  ASSERT_TRUE(tx);
  ASSERT_OK((*tx)->InsertSubject(StoreConformanceTest::Subject("S-1")));
  EXPECT_ERROR((*tx)->InsertSubject(StoreConformanceTest::Subject("S-2")), kUnavailable);
  ASSERT_OK((*tx)->InsertSubject(StoreConformanceTest::Subject("S-3")));
  ASSERT_OK((*tx)->Commit());
  EXPECT_EQ(fault.write_calls(), 3);
  auto read = store_->BeginRead();
  ASSERT_TRUE(read);
  for (const auto& [code, present] :
       std::vector<std::pair<std::string, bool>>{{"S-1", true}, {"S-2", false}, {"S-3", true}}) {
    ASSERT_OK_AND_ASSIGN(auto s, (*read)->FindSubject(code));
    EXPECT_EQ(s.has_value(), present) << code;
  }
}

// Migrations, with a made-up history so that upgrades can be tested before there is a v2.
constexpr sqlite::Migration kV1{1, "CREATE TABLE a(x);"};
constexpr sqlite::Migration kV2{2, "CREATE TABLE b(y); INSERT INTO a VALUES (2);"};
constexpr sqlite::Migration kBadV3{3, "CREATE TABLE c(z); THIS IS NOT SQL;"};

TEST(SqliteMigrationTest, UpgradesStepByStepAndRollsBackAFailedStep) {
  TempDir dir;
  auto conn = sqlite::Connection::Open(dir.File("m.db"), SQLITE_OPEN_READWRITE |
                                                             SQLITE_OPEN_CREATE);
  ASSERT_TRUE(conn);
  auto version = [&] { return (*conn)->QueryInt("PRAGMA user_version", "v").value_or(-1); };
  const sqlite::Migration v1[] = {kV1};
  ASSERT_OK(sqlite::ApplyMigrations(**conn, v1));
  EXPECT_EQ(version(), 1);
  EXPECT_EQ((*conn)->QueryInt("PRAGMA application_id", "id").value_or(0), sqlite::kApplicationId);
  const sqlite::Migration v2[] = {kV1, kV2};
  ASSERT_OK(sqlite::ApplyMigrations(**conn, v2));
  EXPECT_EQ(version(), 2);
  EXPECT_EQ((*conn)->QueryInt("SELECT count(*) FROM a", "count").value_or(-1), 1);
  ASSERT_OK(sqlite::ApplyMigrations(**conn, v2));  // nothing to do
  const sqlite::Migration v3[] = {kV1, kV2, kBadV3};
  EXPECT_FALSE(sqlite::ApplyMigrations(**conn, v3));
  EXPECT_EQ(version(), 2);
  EXPECT_FALSE((*conn)->QueryInt("SELECT count(*) FROM c", "count"))
      << "a failed migration left part of itself behind";
  auto newer = sqlite::ApplyMigrations(**conn, v1);
  EXPECT_ERROR(newer, kFailedPrecondition);
  EXPECT_EQ(version(), 2);
}

TEST(SqliteErrorTest, MapsResultCodes) {
  EXPECT_EQ(sqlite::SqliteError("op", nullptr, SQLITE_BUSY).code, ErrorCode::kUnavailable);
  EXPECT_EQ(sqlite::SqliteError("op", nullptr, SQLITE_CORRUPT).code, ErrorCode::kDataLoss);
  EXPECT_EQ(sqlite::SqliteError("op", nullptr, SQLITE_NOTADB).code, ErrorCode::kDataLoss);
  EXPECT_EQ(sqlite::SqliteError("op", nullptr, SQLITE_CONSTRAINT_UNIQUE).code,
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(sqlite::SqliteError("op", nullptr, SQLITE_CONSTRAINT_FOREIGNKEY).code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(sqlite::SqliteError("op", nullptr, SQLITE_IOERR_FSYNC).code, ErrorCode::kIo);
  EXPECT_EQ(sqlite::SqliteError("op", nullptr, SQLITE_FULL).code, ErrorCode::kIo);
  const Error e = sqlite::SqliteError("inserting a record", nullptr, SQLITE_BUSY);
  EXPECT_NE(e.message.find("inserting a record"), std::string::npos);
}

}  // namespace
}  // namespace casekeep::store
