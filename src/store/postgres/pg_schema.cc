// The PostgreSQL schema: the SQLite migrations (store/sqlite/schema.cc), translated step by step
// into PostgreSQL's types, and the code that applies them (docs/storage.md).
// Thread-safety: see pg_schema.h.
#include "store/postgres/pg_schema.h"

#include <string>

#include "store/sqlite/schema.h"

namespace casekeep::store::postgres {
namespace {

// The audit table's append-only rule, which SQLite states with RAISE(ABORT) triggers.
constexpr std::string_view kAuditAppendOnly = R"sql(
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
)sql";

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The SQLite step in PostgreSQL's types: BIGINT for INTEGER, BYTEA for BLOB, identity columns
// (never reused) for AUTOINCREMENT, no WITHOUT ROWID, and a trigger function for the audit
// table's append-only triggers.
std::string Translate(std::string_view sqlite_sql) {
  std::string sql(sqlite_sql);
  if (const auto triggers = sql.find("CREATE TRIGGER"); triggers != std::string::npos) {
    sql.erase(triggers);
    sql += kAuditAppendOnly;
  }
  ReplaceAll(sql, "INTEGER PRIMARY KEY AUTOINCREMENT",
             "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
  ReplaceAll(sql, "INTEGER", "BIGINT");
  ReplaceAll(sql, "BLOB", "BYTEA");
  ReplaceAll(sql, " WITHOUT ROWID", "");
  return sql;
}

// What SQLite keeps in PRAGMA application_id and user_version: one row.
constexpr std::string_view kVersionTable = R"sql(
CREATE TABLE casekeep_schema (
  one            BIGINT PRIMARY KEY CHECK (one = 1),
  application_id BIGINT NOT NULL,
  version        BIGINT NOT NULL
);
)sql";

constexpr std::int64_t kApplicationId = 0x434B4550;  // "CKEP", as in SQLite

Status Migrate(PgConnection& conn, bool create, std::string_view where) {
  CK_ASSIGN_OR_RETURN(auto found, conn.Exec("SELECT to_regclass('casekeep_schema') IS NOT NULL",
                                            Params(), "looking for the casekeep schema"));
  if (found.Int(0, 0) == 0) {
    CK_ASSIGN_OR_RETURN(auto tables, conn.Exec("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                               "current_schema()",
                                               Params(), "looking for the casekeep schema"));
    if (tables.Int(0, 0) != 0) {
      return InvalidArgument("the PostgreSQL schema at " + std::string(where) +
                             " holds other tables: it is not a casekeep database");
    }
    if (!create) return NotFound("there is no casekeep database at " + std::string(where));
    CK_TRY(conn.Simple(std::string(kVersionTable), "creating the casekeep schema"));
    CK_TRY(conn.Simple(
        "INSERT INTO casekeep_schema VALUES (1, " + std::to_string(kApplicationId) + ", 0)",
        "creating the casekeep schema"));
  }
  CK_ASSIGN_OR_RETURN(auto state, conn.Exec("SELECT application_id, version FROM casekeep_schema",
                                            Params(), "reading the schema version"));
  const std::int64_t latest = PgMigrations().back().version;
  const std::int64_t current = state.Int(0, 1);
  if (state.Int(0, 0) != kApplicationId) {
    return InvalidArgument("the PostgreSQL schema at " + std::string(where) +
                           " is not a casekeep database");
  }
  if (current > latest) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the database has schema version " + std::to_string(current) +
                    ", newer than this casekeep knows (" + std::to_string(latest) +
                    "); upgrade casekeep to open it");
  }
  for (const PgMigration& m : PgMigrations()) {
    if (m.version <= current) continue;
    const std::string v = std::to_string(m.version);
    CK_TRY(conn.Simple(m.sql, "migrating the schema to version " + v));
    CK_TRY(conn.Simple("UPDATE casekeep_schema SET version = " + v, "recording version " + v));
  }
  return {};
}

}  // namespace

std::vector<PgMigration> PgMigrations() {
  std::vector<PgMigration> steps;
  for (const sqlite::Migration& m : sqlite::Migrations()) {
    steps.push_back({m.version, Translate(m.sql)});
  }
  return steps;
}

Status ApplyPgMigrations(PgConnection& conn, std::int64_t lock_key, bool create,
                         std::string_view schema, std::string_view where) {
  CK_TRY(conn.Simple("BEGIN", "starting the schema migration"));
  Status done = [&]() -> Status {
    CK_TRY(conn.Exec("SELECT pg_advisory_xact_lock($1)", Params().Add(lock_key),
                     "waiting for other writers"));
    if (create && !schema.empty()) {
      CK_TRY(conn.Simple("CREATE SCHEMA IF NOT EXISTS \"" + std::string(schema) + "\"",
                         "creating the PostgreSQL schema"));
    }
    CK_TRY(Migrate(conn, create, where));
    CK_ASSIGN_OR_RETURN(auto committed, conn.Simple("COMMIT", "committing the schema migration"));
    if (committed.Command() != "COMMIT") {
      return Fail(ErrorCode::kUnavailable, "committing the schema migration: rolled back");
    }
    return {};
  }();
  if (!done && !conn.broken() && conn.in_transaction()) {
    (void)conn.Simple("ROLLBACK", "rolling back the schema migration");
  }
  return done;
}

}  // namespace casekeep::store::postgres
