// The SQLite schema as an ordered list of migrations, and the code that applies them
// (docs/storage.md describes every table). Thread-safety: functions on one Connection must be
// called from one thread at a time.
#include "store/sqlite/schema.h"

#include <string>

namespace casekeep::store::sqlite {
namespace {

// Version 1: the whole store. Tables holding sealed (encrypted) bytes: keys.wrapped,
// subjects.sealed, records.sealed, record_versions.sealed, attachment_chunks.sealed. Everything
// else is codes, policy ids, dates, sizes and hashes.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE keys (
  owner   TEXT PRIMARY KEY,
  wrapped BLOB NOT NULL
);

CREATE TABLE subjects (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  code       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  sealed     BLOB NOT NULL,
  erased_at  INTEGER
);

CREATE TABLE blind_index (
  field      TEXT NOT NULL,
  hash       BLOB NOT NULL,
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  PRIMARY KEY (field, hash, subject_id)
) WITHOUT ROWID;
CREATE INDEX blind_index_subject ON blind_index(subject_id);

CREATE TABLE relationships (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  from_subject INTEGER NOT NULL REFERENCES subjects(id),
  to_subject   INTEGER NOT NULL REFERENCES subjects(id),
  kind         TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX relationships_from ON relationships(from_subject);
CREATE INDEX relationships_to ON relationships(to_subject);

CREATE TABLE cases (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  code            TEXT NOT NULL UNIQUE,
  service         TEXT NOT NULL,
  referral_source TEXT NOT NULL,
  opened_on       TEXT NOT NULL,
  closed_on       TEXT,
  last_contact_on TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  version         INTEGER NOT NULL
);
CREATE INDEX cases_closed_on ON cases(closed_on);

CREATE TABLE case_flags (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  flag    TEXT NOT NULL,
  pos     INTEGER NOT NULL,
  PRIMARY KEY (case_id, flag)
) WITHOUT ROWID;
CREATE INDEX case_flags_flag ON case_flags(flag, case_id);

CREATE TABLE case_members (
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  subject_id INTEGER NOT NULL REFERENCES subjects(id),
  role       TEXT NOT NULL,
  added_at   INTEGER NOT NULL,
  PRIMARY KEY (case_id, subject_id)
) WITHOUT ROWID;
CREATE INDEX case_members_subject ON case_members(subject_id, case_id);

CREATE TABLE records (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  case_id     INTEGER REFERENCES cases(id),
  subject_id  INTEGER REFERENCES subjects(id),
  owner       TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  sealed      BLOB NOT NULL
);
CREATE INDEX records_case ON records(case_id);
CREATE INDEX records_subject ON records(subject_id);
CREATE INDEX records_type ON records(type);

CREATE TABLE record_versions (
  record_id   INTEGER NOT NULL REFERENCES records(id),
  version     INTEGER NOT NULL,
  replaced_at INTEGER NOT NULL,
  replaced_by TEXT NOT NULL,
  sealed      BLOB NOT NULL,
  UNIQUE (record_id, version)
);

CREATE TABLE attachments (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  code       TEXT NOT NULL UNIQUE,
  record_id  INTEGER NOT NULL REFERENCES records(id),
  field      TEXT NOT NULL,
  owner      TEXT NOT NULL,
  size       INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_record ON attachments(record_id);

CREATE TABLE attachment_chunks (
  attachment_id INTEGER NOT NULL REFERENCES attachments(id),
  seq           INTEGER NOT NULL,
  sealed        BLOB NOT NULL,
  UNIQUE (attachment_id, seq)
);

CREATE TABLE audit (
  seq       INTEGER PRIMARY KEY,
  at_micros INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  objects   TEXT NOT NULL,
  purpose   TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  detail    TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash      BLOB NOT NULL,
  mac       BLOB NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Version 2: staff accounts, their login sessions and API tokens, case assignments, and the
// processing state of a subject (restricted, objected). Staff data is not case data: usernames
// and display names are plain text so a login can find the account; passwords, session
// tokens, API token secrets and recovery codes only as hashes; the TOTP secret sealed.
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE subjects ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subjects ADD COLUMN objected INTEGER NOT NULL DEFAULT 0;

CREATE TABLE users (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  code           TEXT NOT NULL UNIQUE,
  username       TEXT NOT NULL UNIQUE,
  display_name   TEXT NOT NULL,
  team           TEXT NOT NULL,
  password_hash  TEXT NOT NULL,
  totp_secret    BLOB NOT NULL,
  totp_confirmed INTEGER NOT NULL,
  totp_last_step INTEGER,
  failed_logins  INTEGER NOT NULL,
  locked_until   INTEGER,
  disabled       INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  version        INTEGER NOT NULL
);
CREATE INDEX users_team ON users(team);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  role    TEXT NOT NULL,
  pos     INTEGER NOT NULL,
  PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
CREATE INDEX user_roles_role ON user_roles(role, user_id);

CREATE TABLE user_recovery_codes (
  user_id INTEGER NOT NULL REFERENCES users(id),
  pos     INTEGER NOT NULL,
  hash    TEXT NOT NULL,
  PRIMARY KEY (user_id, pos)
) WITHOUT ROWID;

CREATE TABLE sessions (
  token_hash   BLOB PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        TEXT NOT NULL UNIQUE,
  secret_hash BLOB NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  label       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE token_roles (
  token_id INTEGER NOT NULL REFERENCES api_tokens(id),
  role     TEXT NOT NULL,
  pos      INTEGER NOT NULL,
  PRIMARY KEY (token_id, role)
) WITHOUT ROWID;

CREATE TABLE case_assignments (
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  assigned_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, user_id)
) WITHOUT ROWID;
CREATE INDEX case_assignments_user ON case_assignments(user_id, case_id);
)sql";

// Version 3: break-glass accesses. The audit chain flags each one with codes only; the
// written reason, which may name people, is kept here sealed (reason) for the data
// protection officer's review. The partial index keeps "not yet reviewed" a range scan.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE break_glass (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  objects     TEXT NOT NULL,
  purpose     TEXT NOT NULL,
  reason      BLOB NOT NULL,
  reviewed_at INTEGER,
  reviewed_by TEXT NOT NULL
);
CREATE INDEX break_glass_unreviewed ON break_glass(id) WHERE reviewed_at IS NULL;
)sql";

// Version 4: retention and consent. Records carry the retention dates the records service
// works out from the policy (partial indexes make "due on or before" a range over the records
// that have the date); cases the date a transfer completed. Holds, retention plans and the
// disposal log hold codes, policy ids and dates; a hold's reason and release note are sealed.
// Texts are the notices and consent wordings people were shown, under their SHA-256; the
// consent ledger and marketing preferences hold codes, policy ids and hashes, any free text
// sealed; addresses (suppressions) and website devices (cookie consents) only as keyed hashes.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE records ADD COLUMN retention_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN dispose_on TEXT;
ALTER TABLE records ADD COLUMN review_on TEXT;
ALTER TABLE records ADD COLUMN partial_on TEXT;
ALTER TABLE records ADD COLUMN reviewed_on TEXT;
CREATE INDEX records_dispose_on ON records(dispose_on) WHERE dispose_on IS NOT NULL;
CREATE INDEX records_partial_on ON records(partial_on) WHERE partial_on IS NOT NULL;
CREATE INDEX records_review_on ON records(review_on) WHERE review_on IS NOT NULL;

ALTER TABLE cases ADD COLUMN transferred_on TEXT;

CREATE TABLE holds (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  code         TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL,
  target       TEXT NOT NULL,
  placed_by    TEXT NOT NULL,
  placed_at    INTEGER NOT NULL,
  review_on    TEXT,
  reason       BLOB NOT NULL,
  released_at  INTEGER,
  released_by  TEXT NOT NULL,
  release_note BLOB NOT NULL
);
CREATE INDEX holds_target ON holds(target);
CREATE INDEX holds_active ON holds(id) WHERE released_at IS NULL;

CREATE TABLE retention_plans (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        TEXT NOT NULL UNIQUE,
  as_of       TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  items       TEXT NOT NULL,
  item_count  INTEGER NOT NULL,
  approved_by TEXT NOT NULL,
  approved_at INTEGER,
  executed_at INTEGER
);

CREATE TABLE disposals (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  code        TEXT NOT NULL,
  record_type TEXT NOT NULL,
  rule        TEXT NOT NULL,
  due_on      TEXT NOT NULL,
  action      TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  plan        TEXT NOT NULL
);

CREATE TABLE texts (
  hash       BLOB PRIMARY KEY,
  kind       TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE consents (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id          INTEGER NOT NULL REFERENCES subjects(id),
  consent             TEXT NOT NULL,
  event               TEXT NOT NULL,
  at                  INTEGER NOT NULL,
  recorded_at         INTEGER NOT NULL,
  method              TEXT NOT NULL,
  explicit_consent    INTEGER NOT NULL,
  notice_hash         BLOB NOT NULL,
  wording_hash        BLOB NOT NULL,
  recorded_by         TEXT NOT NULL,
  given_by            TEXT NOT NULL,
  evidence_attachment TEXT NOT NULL,
  sealed              BLOB NOT NULL
);
CREATE INDEX consents_subject ON consents(subject_id);

CREATE TABLE marketing (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  subject_id  INTEGER NOT NULL REFERENCES subjects(id),
  channel     TEXT NOT NULL,
  opted_in    INTEGER NOT NULL,
  source      TEXT NOT NULL,
  at          INTEGER NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX marketing_subject ON marketing(subject_id);

CREATE TABLE suppressions (
  channel TEXT NOT NULL,
  hash    BLOB NOT NULL,
  at      INTEGER NOT NULL,
  reason  TEXT NOT NULL,
  PRIMARY KEY (channel, hash)
) WITHOUT ROWID;

CREATE TABLE cookie_consents (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  device_hash BLOB NOT NULL,
  at          INTEGER NOT NULL,
  notice_hash BLOB NOT NULL,
  choices     TEXT NOT NULL
);
CREATE INDEX cookie_consents_device ON cookie_consents(device_hash);
CREATE INDEX cookie_consents_at ON cookie_consents(at);
)sql";

// Version 5: the disclosure log and data subject requests. A disclosure holds codes, policy ids
// and times; its justification and free text are sealed. The partial index keeps "made without
// consent and not yet reviewed" (the DPO's list) a range scan. A request holds its kind, status
// and dates; the requester's details and the request's history are sealed.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE disclosures (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  code            TEXT NOT NULL UNIQUE,
  subject_id      INTEGER NOT NULL REFERENCES subjects(id),
  case_code       TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  basis           TEXT NOT NULL,
  consent         TEXT NOT NULL,
  without_consent INTEGER NOT NULL,
  records         TEXT NOT NULL,
  categories      TEXT NOT NULL,
  shared_by       TEXT NOT NULL,
  approved_by     TEXT NOT NULL,
  at              INTEGER NOT NULL,
  sealed          BLOB NOT NULL,
  reviewed_at     INTEGER,
  reviewed_by     TEXT NOT NULL
);
CREATE INDEX disclosures_subject ON disclosures(subject_id);
CREATE INDEX disclosures_flagged ON disclosures(id)
  WHERE without_consent = 1 AND reviewed_at IS NULL;

CREATE TABLE requests (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        TEXT NOT NULL UNIQUE,
  subject_id  INTEGER NOT NULL REFERENCES subjects(id),
  kind        TEXT NOT NULL,
  status      TEXT NOT NULL,
  received_on TEXT NOT NULL,
  due_on      TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  sealed      BLOB NOT NULL
);
CREATE INDEX requests_subject ON requests(subject_id);
)sql";

// Version 6: the purposes a person objected to (Art 21), so an objection stops only the purpose
// objected to. Objections recorded before it named no purpose: they keep stopping every
// legitimate-interest and public-task purpose ("*").
constexpr std::string_view kSchemaV6 = R"sql(
ALTER TABLE subjects ADD COLUMN objected_purposes TEXT NOT NULL DEFAULT '';
UPDATE subjects SET objected_purposes = '*' WHERE objected <> 0;
)sql";

constexpr Migration kMigrations[] = {
    {1, kSchemaV1},
    {2, kSchemaV2},
    {3, kSchemaV3},
    {4, kSchemaV4},
    {5, kSchemaV5},
    {6, kSchemaV6},
};

}  // namespace

std::span<const Migration> Migrations() {
  return kMigrations;
}

std::int64_t LatestSchemaVersion() {
  return Migrations().back().version;
}

Status ApplyMigrations(Connection& conn, std::span<const Migration> migrations) {
  CK_TRY(conn.Exec("BEGIN IMMEDIATE", "starting the schema migration"));
  auto applied = [&]() -> Status {
    CK_ASSIGN_OR_RETURN(const std::int64_t current,
                        conn.QueryInt("PRAGMA user_version", "reading the schema version"));
    const std::int64_t latest = migrations.empty() ? 0 : migrations.back().version;
    if (current > latest) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the database has schema version " + std::to_string(current) +
                      ", newer than this casekeep knows (" + std::to_string(latest) +
                      "); upgrade casekeep to open it");
    }
    CK_ASSIGN_OR_RETURN(const std::int64_t app_id,
                        conn.QueryInt("PRAGMA application_id", "reading the application id"));
    if (current == 0 && app_id == 0) {
      CK_TRY(conn.Exec("PRAGMA application_id = " + std::to_string(kApplicationId),
                       "setting the application id"));
    } else if (app_id != kApplicationId) {
      return InvalidArgument("the database is an SQLite database but not a casekeep database");
    }
    for (const Migration& m : migrations) {
      if (m.version <= current) continue;
      CK_TRY(conn.Exec(m.sql, "migrating the schema to version " + std::to_string(m.version)));
      CK_TRY(conn.Exec("PRAGMA user_version = " + std::to_string(m.version),
                       "recording schema version " + std::to_string(m.version)));
    }
    return {};
  }();
  if (!applied) {
    (void)conn.Exec("ROLLBACK", "rolling back the schema migration");
    return applied;
  }
  auto committed = conn.Exec("COMMIT", "committing the schema migration");
  if (!committed && sqlite3_get_autocommit(conn.db()) == 0) {
    (void)conn.Exec("ROLLBACK", "rolling back the schema migration");
  }
  return committed;
}

}  // namespace casekeep::store::sqlite
