// A data folder as an attacker with a copy of the disk sees it: no personal value readable in
// any file, nothing left to decrypt once a person's key is destroyed, and an audit chain that
// names the first entry anyone edited, deleted, reordered or forged.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/chain.h"
#include "cli/folder.h"
#include "crypto/aead.h"
#include "crypto/key_sources.h"
#include "crypto/keys.h"
#include "records/data_folder.h"
#include "records/writer.h"
#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

namespace fs = std::filesystem;

// Distinctive values that appear nowhere else, so a byte search for them is meaningful.
constexpr const char* kName = "Quillon Featherstonehaugh";
constexpr const char* kEmail = "quillon.featherstonehaugh@mail.example.org";
constexpr const char* kNote = "Quillon spoke about the xylophone lessons";

std::string Trimmed(const std::string& s) {
  std::string out = s;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// Every file of the folder whose bytes contain `needle`.
std::vector<std::string> FilesContaining(const std::string& dir, const std::string& needle) {
  std::vector<std::string> hits;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (ReadFile(entry.path().string()).find(needle) != std::string::npos) {
      hits.push_back(entry.path().filename().string());
    }
  }
  return hits;
}

class DataFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir() + "/data";
    CliResult init = RunCli({"init", "--data", dir_, "--policy",
                             SourcePath("policy/examples/contact-centre.toml")});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  std::string Run(const std::vector<std::string>& args) {
    std::vector<std::string> full = args;
    full.push_back("--data");
    full.push_back(dir_);
    CliResult r = RunCli(full);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Trimmed(r.out);
  }

  // A parent with an HR-style person record (sealed under the parent's own key) and a case
  // note (sealed under the case's key).
  void AddPerson() {
    subject_ = Run({"subject", "add", "--kind", "parent", "--field", std::string("name=") + kName,
                    "--field", std::string("email=") + kEmail});
    case_ = Run({"case", "open", "--service", "supported_contact", "--opened", "2025-03-03"});
    Run({"case", "add-member", case_, "--subject", subject_, "--role", "parent"});
    note_ = Run({"record", "add", "--type", "case_note", "--case", case_, "--subject", subject_,
                 "--date", "2025-03-04", "--field", std::string("note=") + kNote});
  }

  std::string dir_, subject_, case_, note_;
};

TEST_F(DataFolderTest, PersonalValuesNeverAppearInAnyFile) {
  AddPerson();
  // The values are readable through casekeep...
  EXPECT_NE(Run({"subject", "show", subject_}).find(kName), std::string::npos);
  EXPECT_NE(Run({"record", "show", note_}).find(kNote), std::string::npos);
  EXPECT_NE(Run({"subject", "find", "--by", "email", kEmail}).find(subject_), std::string::npos);
  // ...and in no file of the folder: store, WAL, shared memory, journal, key or config.
  for (const char* needle : {kName, kEmail, kNote, "Featherstonehaugh", "xylophone"}) {
    EXPECT_EQ(FilesContaining(dir_, needle), std::vector<std::string>{}) << needle;
  }
}

TEST_F(DataFolderTest, DestroyedKeyLeavesNothingDecryptable) {
  AddPerson();
  // Someone else's data stays, so there are keys left to try.
  Run({"subject", "add", "--kind", "parent", "--field", "name=Other Person"});
  Run({"case", "open", "--service", "supervised_contact"});
  {
    auto folder = records::DataFolder::Open(dir_, cli::CommandClock());
    ASSERT_TRUE(folder) << folder.error().message;
    auto tx = (*folder)->store().Begin();
    ASSERT_TRUE(tx);
    records::KeyScope keys((*folder)->vault(), **tx);
    ASSERT_TRUE(keys.DestroyOwnerKey(subject_));
    ASSERT_TRUE(keys.DestroyOwnerKey(case_));
    ASSERT_TRUE((*tx)->Commit());
    keys.Committed();
    ASSERT_TRUE((*folder)->Checkpoint());
  }
  // casekeep itself reports the person as erased.
  CliResult show = RunCli({"subject", "show", subject_, "--data", dir_, "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("\"erased\": true"), std::string::npos) << show.out;

  // An attacker with the folder and its master key tries every wrapped key left in it against
  // the person's sealed fields and the case note: none opens them.
  auto kek = crypto::LoadKeyFile(dir_ + "/master.key");
  ASSERT_TRUE(kek);
  auto master = crypto::MasterKey::FromKey(*kek);
  ASSERT_TRUE(master);
  auto store = records::DataFolder::Open(dir_, cli::CommandClock());
  ASSERT_TRUE(store);
  auto tx = (*store)->store().BeginRead();
  ASSERT_TRUE(tx);
  auto keys = (*tx)->ListKeys();
  ASSERT_TRUE(keys);
  auto subject_row = (*tx)->FindSubject(subject_);
  auto note_row = (*tx)->FindRecord(note_);
  ASSERT_TRUE(subject_row && *subject_row && note_row && *note_row);
  const std::string note_ad = records::internal::FieldsAd("record", note_, 1);
  std::size_t tried = 0;
  for (const auto& k : *keys) {
    EXPECT_NE(k.owner, subject_);
    EXPECT_NE(k.owner, case_);
    auto dek = master->UnwrapDataKey(k.wrapped, k.owner);
    ASSERT_TRUE(dek) << k.owner;
    ++tried;
    EXPECT_FALSE(crypto::Open(*dek, (*note_row)->sealed, crypto::AsBytes(note_ad)));
    if (!(*subject_row)->sealed.empty()) {
      const std::string ad = records::internal::FieldsAd("subject", subject_, 1);
      EXPECT_FALSE(crypto::Open(*dek, (*subject_row)->sealed, crypto::AsBytes(ad)));
    }
  }
  EXPECT_GE(tried, 1u);
}

TEST_F(DataFolderTest, WrongMasterKeyIsRefusedAndChangesNothing) {
  AddPerson();
  const std::string db = ReadFile(dir_ + "/store.db");
  fs::remove(dir_ + "/master.key");
  ASSERT_TRUE(crypto::CreateKeyFile(dir_ + "/master.key"));
  CliResult r = RunCli({"subject", "show", subject_, "--data", dir_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("wrong master key"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(dir_ + "/store.db"), db);
}

TEST_F(DataFolderTest, RecordsThatBreakThePolicyAreRefusedNamingTheFields) {
  AddPerson();
  CliResult r = RunCli({"record", "add", "--data", dir_, "--type", "attendance_record", "--case",
                        case_, "--field", "attended=perhaps", "--field", "colour=red"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("field 'colour'"), std::string::npos) << r.err;
  CliResult s = RunCli({"subject", "add", "--data", dir_, "--kind", "parent", "--field",
                        "email=not-an-email"});
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_NE(s.err.find("field 'email': not an email address"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("field 'name': required"), std::string::npos) << s.err;
}

TEST_F(DataFolderTest, RectificationKeepsHistory) {
  AddPerson();
  Run({"record", "update", note_, "--field", "note=Corrected wording"});
  CliResult h = RunCli({"record", "history", note_, "--data", dir_, "--json"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  auto versions = nlohmann::json::parse(h.out);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["fields"]["note"], kNote);
  EXPECT_EQ(versions[0]["replaced_by"], "local-admin");
  EXPECT_EQ(versions[1]["fields"]["note"], "Corrected wording");
  // A stale version is a conflict, not a silent overwrite.
  CliResult stale = RunCli({"record", "update", note_, "--data", dir_, "--if-version", "1",
                            "--field", "note=Lost update"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_NE(stale.err.find("someone else changed it"), std::string::npos) << stale.err;
}

// --- audit chain tampering, done directly on the SQLite file as an intruder would ---

class AuditTamperTest : public DataFolderTest {
 protected:
  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ + "/store.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const std::string all = "DROP TRIGGER IF EXISTS audit_no_update;"
                            "DROP TRIGGER IF EXISTS audit_no_delete;" + sql;
    EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err != nullptr ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  CliResult Verify() { return RunCli({"audit", "verify", "--data", dir_}); }
};

TEST_F(AuditTamperTest, UntouchedChainPasses) {
  AddPerson();
  CliResult r = Verify();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("audit chain ok"), std::string::npos);
}

TEST_F(AuditTamperTest, EditedEntryIsNamed) {
  AddPerson();
  Exec("UPDATE audit SET action = 'record.read' WHERE seq = 3;");
  CliResult r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("entry 3"), std::string::npos) << r.err;
}

TEST_F(AuditTamperTest, DeletedEntryIsNamed) {
  AddPerson();
  Exec("DELETE FROM audit WHERE seq = 4;");
  CliResult r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("entry 4 missing"), std::string::npos) << r.err;
}

TEST_F(AuditTamperTest, ReorderedEntriesAreNamed) {
  AddPerson();
  // Swap the contents of entries 2 and 3, keeping each row's seq.
  Exec("CREATE TEMP TABLE a AS SELECT * FROM audit WHERE seq IN (2, 3);"
       "UPDATE audit SET (at_micros, actor, action, objects, purpose, outcome, detail, prev_hash,"
       " hash, mac) = (SELECT at_micros, actor, action, objects, purpose, outcome, detail,"
       " prev_hash, hash, mac FROM a WHERE a.seq = 5 - audit.seq) WHERE seq IN (2, 3);");
  CliResult r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("entry 2"), std::string::npos) << r.err;
}

TEST_F(AuditTamperTest, AppendedForgeryWithoutTheKeyIsNamed) {
  AddPerson();
  // The forger computes a correct SHA-256 chain link but cannot compute the MAC.
  auto folder = records::DataFolder::Open(dir_, cli::CommandClock());
  ASSERT_TRUE(folder);
  auto tx = (*folder)->store().BeginRead();
  auto last = (*tx)->LastAudit();
  ASSERT_TRUE(last && *last);
  store::AuditRow forged;
  forged.seq = (*last)->seq + 1;
  forged.at_micros = (*last)->at_micros + 1;
  forged.actor = "local-admin";
  forged.action = "record.delete";
  forged.objects = note_;
  forged.outcome = "ok";
  forged.prev_hash = (*last)->hash;
  forged.hash = audit::EntryHash(forged);
  forged.mac = store::Bytes(32, 0xab);
  tx->reset();
  folder->reset();
  const auto hex = [](const store::Bytes& b) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (auto c : b) {
      s += d[c >> 4];
      s += d[c & 15];
    }
    return s;
  };
  Exec("INSERT INTO audit VALUES (" + std::to_string(forged.seq) + ", " +
       std::to_string(forged.at_micros) + ", 'local-admin', 'record.delete', '" + note_ +
       "', '', 'ok', '', x'" + hex(forged.prev_hash) + "', x'" + hex(forged.hash) + "', x'" +
       hex(forged.mac) + "');");
  CliResult r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("entry " + std::to_string(forged.seq)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("MAC"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace casekeep::testing

namespace casekeep::testing {
namespace {

TEST_F(DataFolderTest, MasterKeyRotationKeepsEverythingReadable) {
  AddPerson();
  const std::string old_key = ReadFile(dir_ + "/master.key");
  CliResult r = RunCli({"keys", "rotate", "--data", dir_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadFile(dir_ + "/master.key"), old_key);
  EXPECT_NE(Run({"record", "show", note_}).find(kNote), std::string::npos);
  EXPECT_NE(Run({"subject", "find", "--by", "email", kEmail}).find(subject_), std::string::npos);
  CliResult verify = RunCli({"audit", "verify", "--data", dir_});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

TEST_F(DataFolderTest, InterruptedRotationIsFinishedOnOpen) {
  AddPerson();
  const std::string old_key = ReadFile(dir_ + "/master.key");
  ASSERT_EQ(RunCli({"keys", "rotate", "--data", dir_}).exit_code, 0);
  // As if the process died after the store committed but before the key file was replaced.
  fs::rename(dir_ + "/master.key", dir_ + "/master.key.new");
  WriteFile(dir_ + "/master.key", old_key);
  fs::permissions(dir_ + "/master.key", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(Run({"record", "show", note_}).find(kNote), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ + "/master.key.new"));
  EXPECT_NE(ReadFile(dir_ + "/master.key"), old_key);
}

}  // namespace
}  // namespace casekeep::testing
