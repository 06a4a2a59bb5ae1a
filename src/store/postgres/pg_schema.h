// The PostgreSQL schema: the same version history as the SQLite one (store/sqlite/schema.cc),
// each step translated into PostgreSQL's types, and the code that applies it
// (docs/storage.md).
// Thread-safety: functions on one PgConnection must be called from one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "store/postgres/pg_connection.h"

namespace casekeep::store::postgres {

//! One step of the schema history: `sql` takes the schema from version - 1 to `version`.
struct PgMigration {
  std::int64_t version = 0;
  std::string sql;
};

//! The schema history, oldest first: SQLite's steps (1, 2, 3, ...) in PostgreSQL's types.
[[nodiscard]] std::vector<PgMigration> PgMigrations();

//! Brings the schema to the latest version in one transaction holding the writer lock
//! `lock_key`, so that servers starting together migrate once. With `create`, an empty schema
//! becomes a new casekeep database (the PostgreSQL `schema` is created if it is named and
//! missing); without it, a schema without casekeep's tables is
//! kNotFound. kInvalidArgument if the schema holds other tables, kFailedPrecondition (nothing
//! changed) if its version is newer than this code's; a failed step rolls everything back.
[[nodiscard]] Status ApplyPgMigrations(PgConnection& conn, std::int64_t lock_key, bool create,
                                       std::string_view schema, std::string_view where);

}  // namespace casekeep::store::postgres
