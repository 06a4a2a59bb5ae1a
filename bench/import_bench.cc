// import: bulk loading through casekeep (validation against the policy, per-owner encryption,
// blind indexes, pseudonymous codes, one audit entry per batch, synchronous=FULL commits)
// against plain SQLite inserts of the same rows, unencrypted, into tables with the same columns,
// indexes and durability settings, in the same transaction sizes. Both sides are fed the same
// generated families, chunk by chunk, alternating, so machine noise hits both alike; only the
// inserts are timed. Records: $CASEKEEP_BENCH_RECORDS (default 1,000,000). With
// $CASEKEEP_BENCH_DATABASE casekeep's side goes to PostgreSQL (bench_folder.h); the baseline
// stays plain SQLite, so the two runs' ratios compare the backends.
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "bench/bench.h"
#include "bench/bench_folder.h"
#include "crypto/codes.h"
#include "records/data_folder.h"
#include "synth/loader.h"

namespace casekeep::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kPlainSchema = R"(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA cache_size=-65536;
PRAGMA foreign_keys=ON;
CREATE TABLE subjects (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL, created_at INTEGER NOT NULL, fields BLOB NOT NULL);
CREATE TABLE cases (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE,
  service TEXT NOT NULL, referral_source TEXT NOT NULL, opened_on TEXT NOT NULL, closed_on TEXT);
CREATE TABLE case_members (case_id INTEGER NOT NULL REFERENCES cases(id),
  subject_id INTEGER NOT NULL REFERENCES subjects(id), role TEXT NOT NULL,
  PRIMARY KEY (case_id, subject_id));
CREATE TABLE records (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL, case_id INTEGER REFERENCES cases(id),
  subject_id INTEGER REFERENCES subjects(id), occurred_on TEXT NOT NULL,
  created_at INTEGER NOT NULL, fields BLOB NOT NULL);
CREATE INDEX records_case ON records(case_id);
CREATE INDEX records_subject ON records(subject_id);
CREATE INDEX records_type ON records(type);
)";

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s); }
};

// Plain SQLite: the same rows, fields as unencrypted CBOR, codes of the same form.
std::string Code(char prefix, std::size_t symbols) {
  auto code = crypto::GenerateCode(prefix, symbols);
  return code ? *code : std::string();
}

class PlainSqlite {
 public:
  explicit PlainSqlite(const std::string& path) {
    sqlite3_open(path.c_str(), &db_);
    sqlite3_exec(db_, kPlainSchema, nullptr, nullptr, nullptr);
    Prepare(subject_, "INSERT INTO subjects (code, kind, created_at, fields) VALUES (?,?,?,?)");
    Prepare(case_, "INSERT INTO cases (code, service, referral_source, opened_on, closed_on) "
                   "VALUES (?,?,?,?,?)");
    Prepare(member_, "INSERT INTO case_members VALUES (?,?,?)");
    Prepare(record_, "INSERT INTO records (code, type, case_id, subject_id, occurred_on, "
                     "created_at, fields) VALUES (?,?,?,?,?,?,?)");
  }
  // close_v2 defers the close until the statements (members, destroyed next) are finalized.
  ~PlainSqlite() { sqlite3_close_v2(db_); }

  void Write(const records::RecordsService::Batch& b) {
    sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    std::vector<sqlite3_int64> subjects, cases;
    for (const auto& s : b.subjects) {
      Text(subject_, 2, s.kind);
      sqlite3_bind_int64(subject_.s, 3, 0);
      Blob(subject_, 4, nlohmann::json::to_cbor(s.fields));
      subjects.push_back(StepWithCode(subject_, 'S', 6));
    }
    for (const auto& c : b.cases) {
      Text(case_, 2, c.service);
      Text(case_, 3, c.referral_source);
      Text(case_, 4, c.opened_on);
      if (c.closed_on) Text(case_, 5, *c.closed_on); else sqlite3_bind_null(case_.s, 5);
      cases.push_back(StepWithCode(case_, 'C', 6));
    }
    for (const auto& [ci, si, role] : b.members) {
      sqlite3_bind_int64(member_.s, 1, cases[ci]);
      sqlite3_bind_int64(member_.s, 2, subjects[si]);
      Text(member_, 3, role);
      Step(member_);
    }
    for (const auto& r : b.records) {
      Text(record_, 2, r.type);
      BindRef(3, r.case_code, cases);
      BindRef(4, r.subject_code, subjects);
      Text(record_, 5, r.occurred_on);
      sqlite3_bind_int64(record_.s, 6, 0);
      Blob(record_, 7, nlohmann::json::to_cbor(r.fields));
      StepWithCode(record_, 'R', 8);
    }
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }

 private:
  void Prepare(Stmt& st, const char* sql) { sqlite3_prepare_v2(db_, sql, -1, &st.s, nullptr); }
  static void Text(Stmt& st, int i, const std::string& v) {
    sqlite3_bind_text(st.s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  static void Blob(Stmt& st, int i, const std::vector<std::uint8_t>& v) {
    sqlite3_bind_blob(st.s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindRef(int i, const std::string& ref, const std::vector<sqlite3_int64>& ids) {
    if (ref.empty()) {
      sqlite3_bind_null(record_.s, i);
    } else {
      sqlite3_bind_int64(record_.s, i, ids[std::stoul(ref.substr(1))]);
    }
  }
  // Binds a fresh code to parameter 1 and inserts, drawing another code on the rare collision
  // with an existing one, as casekeep does.
  sqlite3_int64 StepWithCode(Stmt& st, char prefix, std::size_t symbols) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      Text(st, 1, Code(prefix, symbols));
      const int rc = sqlite3_step(st.s);
      sqlite3_reset(st.s);
      if (rc == SQLITE_DONE) return sqlite3_last_insert_rowid(db_);
      if (rc != SQLITE_CONSTRAINT) break;
    }
    std::cerr << "plain sqlite insert failed: " << sqlite3_errmsg(db_) << "\n";
    std::exit(1);
  }
  sqlite3_int64 Step(Stmt& st) {
    if (sqlite3_step(st.s) != SQLITE_DONE) {
      std::cerr << "plain sqlite insert failed: " << sqlite3_errmsg(db_) << "\n";
      std::exit(1);
    }
    sqlite3_reset(st.s);
    return sqlite3_last_insert_rowid(db_);
  }

  sqlite3* db_ = nullptr;
  Stmt subject_, case_, member_, record_;
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

Measurement Import() {
  const char* env = std::getenv("CASEKEEP_BENCH_RECORDS");
  const std::int64_t target = env != nullptr ? std::atoll(env) : 1'000'000;
  const std::string dir = (fs::temp_directory_path() / ("casekeep-bench-import-" +
                                                       std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  const SystemClock clock;
  const std::string policy = std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/contact-centre.toml";
  if (auto s = records::InitDataFolder(BenchFolderOptions(dir + "/data", policy, "import"), clock);
      !s) {
    std::cerr << "import: " << s.error().message << "\n";
    std::exit(1);
  }
  auto folder = records::DataFolder::Open(dir + "/data", clock);
  auto policy_model = folder ? &(*folder)->policy() : nullptr;
  if (!folder) {
    std::cerr << "import: " << folder.error().message << "\n";
    std::exit(1);
  }
  PlainSqlite plain(dir + "/plain.db");
  auto generator = synth::Generator::Create(*policy_model, synth::Options{});
  if (!generator) std::exit(1);
  double casekeep_s = 0, plain_s = 0;
  std::int64_t done = 0;
  while (done < target) {
    records::RecordsService::Batch batch;
    while (batch.records.size() < 1000) synth::AppendToBatch(generator->NextFamily(), batch);
    auto t0 = Clock::now();
    plain.Write(batch);
    plain_s += Seconds(t0);
    t0 = Clock::now();
    if (auto r = (*folder)->records().AddBatch(records::Actor{}, batch); !r) {
      std::cerr << "import: " << r.error().message << "\n";
      std::exit(1);
    }
    casekeep_s += Seconds(t0);
    done += static_cast<std::int64_t>(batch.records.size());
    if (done % 100'000 < 1000) std::cerr << "import: " << done << " records\n";
  }
  DropBenchStore(**folder);
  folder->reset();
  fs::remove_all(dir);
  const double n = static_cast<double>(done);
  std::cerr << "import: " << done << " records; casekeep (" << BenchBackend() << ") "
            << casekeep_s << " s, plain SQLite " << plain_s << " s\n";
  return Measurement{n / casekeep_s, n / plain_s, "records/s",
                     {{"backend", "\"" + BenchBackend() + "\""}}};
}

const bool registered =
    Register("import", "bulk import with encryption, blind indexes and audit vs plain SQLite",
             Import);

}  // namespace
}  // namespace casekeep::bench
