// The SQLite schema: its version history as ordered migrations, and the checks that decide
// whether a file is a casekeep database this code can open (docs/storage.md).
// Thread-safety: functions on one Connection must be called from one thread at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "store/sqlite/connection.h"

namespace casekeep::store::sqlite {

//! PRAGMA application_id of every casekeep database: "CKEP" in ASCII.
inline constexpr std::int64_t kApplicationId = 0x434B4550;

//! One step of the schema history: `sql` takes the schema from version - 1 to `version`.
struct Migration {
  std::int64_t version = 0;
  std::string_view sql;
};

//! The schema history, oldest first; versions are 1, 2, 3, ... without gaps.
[[nodiscard]] std::span<const Migration> Migrations();

//! The schema version this code writes (PRAGMA user_version).
[[nodiscard]] std::int64_t LatestSchemaVersion();

//! Brings the database to the last version in `migrations` in one BEGIN IMMEDIATE transaction:
//! on a new, empty database also sets the application id. Fails with kFailedPrecondition,
//! changing nothing, if the database is newer than `migrations` or is not a casekeep database;
//! if a step fails, the whole transaction is rolled back.
[[nodiscard]] Status ApplyMigrations(Connection& conn, std::span<const Migration> migrations);

//! Checks that the existing file at `path` is an intact casekeep database with a schema
//! version no newer than `latest`, without writing to it: first its 100-byte header (magic,
//! application id, schema version, size against the file's length), then, read-only through
//! SQLite, PRAGMA application_id, user_version and, if `quick_check`, PRAGMA quick_check.
//! Fails with kNotFound if there is no file, kInvalidArgument if it is not an SQLite or not a
//! casekeep database, kFailedPrecondition if its schema is newer than `latest`, kDataLoss if
//! it is truncated or corrupt. Empty -wal/-shm files the read-only check created are removed.
[[nodiscard]] Status CheckDatabaseFile(const std::string& path, std::int64_t latest,
                                       bool quick_check);

}  // namespace casekeep::store::sqlite
