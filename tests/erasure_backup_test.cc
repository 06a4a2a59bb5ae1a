// Erasure and backups through the real binary, with the contact centre's policy: a family of two
// parents and a child; a backup taken while the folder is open; one parent erased. Afterwards a
// byte search of the data folder finds none of her sealed bytes, her wrapped key or her blind
// index hashes (all present before, as a control). A tampered backup is refused with nothing
// changed, a restore is refused while the folder is open, and restoring the earlier backup
// re-applies the erasure journal: she is erased again (her key and records gone, her bytes
// absent), the child's safeguarding record and the other parent are intact, the audit chain
// verifies, and a second erasure gets a clear answer. The erasure answers her request in the
// register (`rights request open`; one naming an unknown request is refused), its outcome is
// noted on the request, which is completed with its letter.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/data_folder.h"
#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kName = "Wilhelmina Quorndon-Vasquez";
constexpr const char* kEmail = "wilhelmina.qv@example.org";
constexpr const char* kAnswers = "Wilhelmina liked the quartz xylophone room";

const SystemClock& Clock() {
  static const SystemClock clock;
  return clock;
}

// The files of a folder, read once for byte searches.
class FolderBytes {
 public:
  explicit FolderBytes(const std::string& dir) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file()) {
        files_.emplace_back(entry.path().filename().string(), ReadFile(entry.path().string()));
      }
    }
  }
  std::string Holding(const std::string& needle) const {
    for (const auto& [name, bytes] : files_) {
      if (bytes.find(needle) != std::string::npos) return name;
    }
    return "";
  }

 private:
  std::vector<std::pair<std::string, std::string>> files_;
};

// Up to 32 bytes of ciphertext from the middle of a sealed value (after its 24-byte nonce).
std::string Slice(const store::Bytes& sealed) {
  if (sealed.size() < 24 + 16 + 16) return "";
  const std::size_t end = std::min<std::size_t>(sealed.size() - 16, 56);
  return std::string(sealed.begin() + 24, sealed.begin() + static_cast<std::ptrdiff_t>(end));
}

class ErasureBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::access(CasekeepBinary().c_str(), X_OK), 0) << "no binary at " << CasekeepBinary();
    tmp_ = TempDir();
    dir_ = tmp_ + "/data";
    err_ = tmp_ + "/stderr.txt";
    ASSERT_EQ(RunCli({"init", "--data", dir_, "--policy",
                      SourcePath("policy/examples/contact-centre.toml")})
                  .exit_code,
              0);
    auto folder = records::DataFolder::Open(dir_, Clock());
    ASSERT_TRUE(folder) << folder.error().message;
    auto& r = (*folder)->records();
    const records::Actor admin;
    auto c = r.OpenCase(admin, {"supported_contact", "self", "2025-04-01", {}, {}});
    ASSERT_TRUE(c) << c.error().message;
    auto mum =
        r.AddSubject(admin, {"parent", {{"name", kName}, {"email", kEmail}}, c->code, "parent"});
    auto dad = r.AddSubject(
        admin, {"parent", {{"name", "Bartholomew Quorndon"}}, c->code, "other_parent"});
    auto child =
        r.AddSubject(admin, {"child",
                             {{"name", "Clementine Quorndon"}, {"date_of_birth", "2017-03-04"}},
                             c->code,
                             "child"});
    ASSERT_TRUE(mum && dad && child);
    mum_ = mum->code;
    dad_ = dad->code;
    auto referral =
        r.AddRecord(admin, {"referral",
                            c->code,
                            mum_,
                            "2025-04-01",
                            {{"received_on", "2025-04-01"}, {"contact_type", "supported"}}});
    auto feedback =
        r.AddRecord(admin, {"feedback_form", c->code, mum_, "2025-05-01", {{"answers", kAnswers}}});
    auto safeguarding = r.AddRecord(
        admin, {"safeguarding_concern",
                c->code,
                child->code,
                "2025-05-02",
                {{"raised_on", "2025-05-02"}, {"concern", "Clementine was upset at handover"}}});
    ASSERT_TRUE(referral && feedback && safeguarding);
    erased_records_ = {referral->code, feedback->code};
    safeguarding_ = safeguarding->code;
    // Her distinctive bytes: the sealed fields of her row and records, her wrapped key and her
    // blind index hashes.
    auto tx = (*folder)->store().BeginRead();
    ASSERT_TRUE(tx);
    auto row = (*tx)->FindSubject(mum_);
    ASSERT_TRUE(row && *row);
    needles_.push_back(Slice((**row).sealed));
    auto key = (*tx)->GetKey(mum_);
    ASSERT_TRUE(key && *key);
    needles_.emplace_back((**key).begin(), (**key).end());
    for (const auto& code : erased_records_) {
      auto rec = (*tx)->FindRecord(code);
      ASSERT_TRUE(rec && *rec);
      needles_.push_back(Slice((**rec).sealed));
    }
    for (const auto& [field, kind, value] :
         std::vector<std::tuple<std::string, crypto::Normalisation, std::string>>{
             {"name", crypto::Normalisation::kName, kName},
             {"email", crypto::Normalisation::kEmail, kEmail}}) {
      auto hash = (*folder)->vault().indexer().Index("parent." + field, kind, value);
      ASSERT_TRUE(hash);
      const store::Bytes bytes(hash->begin(), hash->end());
      auto ids = (*tx)->LookupBlindIndex("parent." + field, bytes);
      ASSERT_TRUE(ids && ids->size() == 1u) << field;
      needles_.emplace_back(hash->begin(), hash->end());
    }
    for (const auto& n : needles_) ASSERT_FALSE(n.empty());
  }

  int Run(const std::vector<std::string>& args, std::string* out = nullptr) {
    std::vector<std::string> full = args;
    full.insert(full.end(), {"--data", dir_});
    WriteFile(err_, "");
    return RunToEnd(full, err_, out);
  }

  void ExpectNoneOfHerBytes(const std::string& when) {
    const FolderBytes bytes(dir_);
    for (std::size_t i = 0; i < needles_.size(); ++i) {
      const std::string file = bytes.Holding(needles_[i]);
      EXPECT_TRUE(file.empty()) << when << ": distinctive value " << i << " is still in " << file;
    }
    EXPECT_TRUE(bytes.Holding(kName).empty()) << when;
    EXPECT_TRUE(bytes.Holding(kAnswers).empty()) << when;
  }

  std::string tmp_, dir_, err_, mum_, dad_, safeguarding_;
  std::vector<std::string> erased_records_;
  std::vector<std::string> needles_;
};

TEST_F(ErasureBackupTest, ErasedPeopleStayErasedThroughARestore) {
  {
    // Control: every distinctive value is in the folder before the erasure.
    const FolderBytes before(dir_);
    for (std::size_t i = 0; i < needles_.size(); ++i) {
      EXPECT_FALSE(before.Holding(needles_[i]).empty()) << "control " << i;
    }
  }
  const std::string backup = tmp_ + "/before.ckbackup";
  {
    // Taken while the folder is open elsewhere (as by a running server).
    auto open = records::DataFolder::Open(dir_, Clock());
    ASSERT_TRUE(open) << open.error().message;
    std::string out;
    ASSERT_EQ(Run({"backup", "create", backup, "--json"}, &out), 0) << ReadFile(err_);
    const json info = json::parse(out, nullptr, false);
    ASSERT_TRUE(info.is_object()) << out;
    EXPECT_GT(info["store_bytes"].get<std::int64_t>(), 0);
  }
  const std::string backup_bytes = ReadFile(backup);
  for (const auto& n : needles_) {
    EXPECT_EQ(backup_bytes.find(n), std::string::npos) << "a backup is encrypted as a whole";
  }

  // Her erasure request, in the register; an erasure naming a request not in it is refused.
  const std::string unknown =
      "Q-ABCD234" + std::string(1, *crypto::CodeCheckSymbol('Q', "ABCD234"));
  EXPECT_EQ(Run({"erasure", "run", mum_, "--request", unknown}), 1);
  EXPECT_NE(ReadFile(err_).find("no request with code " + unknown), std::string::npos)
      << ReadFile(err_);
  std::string out;
  ASSERT_EQ(
      Run({"rights", "request", "open", "--subject", mum_, "--kind", "erasure", "--json"}, &out), 0)
      << ReadFile(err_);
  const json opened = json::parse(out, nullptr, false);
  ASSERT_TRUE(opened.is_object()) << out;
  const std::string request = opened.value("code", "");
  EXPECT_TRUE(opened["due_on"].is_string()) << out;
  out.clear();
  ASSERT_EQ(Run({"erasure", "run", mum_, "--request", request, "--json"}, &out), 0)
      << ReadFile(err_);
  const json outcome = json::parse(out, nullptr, false);
  ASSERT_TRUE(outcome.is_object()) << out;
  EXPECT_EQ(outcome["erased"], 2);
  ExpectNoneOfHerBytes("after the erasure");
  const std::string journal = ReadFile(dir_ + "/erasure-journal");
  EXPECT_NE(journal.find(mum_ + " " + request), std::string::npos) << journal;
  EXPECT_EQ(journal.find("Wilhelmina"), std::string::npos);

  // The outcome is noted on the request, which is then completed with its letter.
  out.clear();
  ASSERT_EQ(Run({"rights", "request", "show", request}, &out), 0) << ReadFile(err_);
  EXPECT_NE(out.find("Erasure carried out: 2 records erased"), std::string::npos) << out;
  ASSERT_EQ(Run({"rights", "request", "complete", request, "--text", "Your records are erased."}),
            0)
      << ReadFile(err_);
  out.clear();
  ASSERT_EQ(Run({"rights", "request", "letter", request, "completion"}, &out), 0) << ReadFile(err_);
  EXPECT_NE(out.find("Your records are erased."), std::string::npos) << out;
  EXPECT_NE(out.find("https://ico.org.uk/make-a-complaint/"), std::string::npos) << out;

  // A second erasure gets a clear answer.
  out.clear();
  EXPECT_EQ(Run({"erasure", "run", mum_}, &out), 1);
  EXPECT_NE(ReadFile(err_).find("already erased"), std::string::npos) << ReadFile(err_);

  // A tampered backup is refused and changes nothing.
  const std::string store_before = ReadFile(dir_ + "/store.db");
  std::string tampered_bytes = backup_bytes;
  tampered_bytes[tampered_bytes.size() / 2] ^= 0x01;
  const std::string tampered = tmp_ + "/tampered.ckbackup";
  WriteFile(tampered, tampered_bytes);
  EXPECT_EQ(Run({"backup", "restore", tampered}), 1);
  EXPECT_NE(ReadFile(err_).find("does not authenticate"), std::string::npos) << ReadFile(err_);
  EXPECT_EQ(ReadFile(dir_ + "/store.db"), store_before);
  EXPECT_FALSE(fs::exists(dir_ + "/store.db.restoring"));

  // A restore waits for no one: refused while the folder is open.
  {
    auto open = records::DataFolder::Open(dir_, Clock());
    ASSERT_TRUE(open) << open.error().message;
    EXPECT_EQ(Run({"backup", "restore", backup}), 1);
    EXPECT_NE(ReadFile(err_).find("in use"), std::string::npos) << ReadFile(err_);
  }
  EXPECT_EQ(ReadFile(dir_ + "/store.db"), store_before);

  // Restoring the earlier backup erases her again.
  out.clear();
  ASSERT_EQ(Run({"backup", "restore", backup, "--json"}, &out), 0) << ReadFile(err_);
  const json restored = json::parse(out, nullptr, false);
  ASSERT_TRUE(restored.is_object()) << out;
  EXPECT_EQ(restored["reapplied"]["reapplied"], 1) << out;
  ExpectNoneOfHerBytes("after the restore");
  {
    auto folder = records::DataFolder::Open(dir_, Clock());
    ASSERT_TRUE(folder) << folder.error().message;
    auto tx = (*folder)->store().BeginRead();
    ASSERT_TRUE(tx);
    auto key = (*tx)->GetKey(mum_);
    ASSERT_TRUE(key);
    EXPECT_FALSE(*key) << "her key is back";
    for (const auto& code : erased_records_) {
      auto rec = (*tx)->FindRecord(code);
      ASSERT_TRUE(rec);
      EXPECT_FALSE(*rec) << code << " is back";
    }
    tx->reset();
    const records::Actor admin;
    auto her = (*folder)->records().GetSubject(admin, mum_);
    ASSERT_TRUE(her) << her.error().message;
    EXPECT_TRUE(her->erased);
    EXPECT_TRUE(her->fields.empty());
    auto dad = (*folder)->records().GetSubject(admin, dad_);
    ASSERT_TRUE(dad) << dad.error().message;
    EXPECT_EQ(dad->fields["name"], "Bartholomew Quorndon");
    auto sg = (*folder)->records().GetRecord(admin, safeguarding_);
    ASSERT_TRUE(sg) << sg.error().message;
    EXPECT_EQ(sg->fields["concern"], "Clementine was upset at handover");
  }
  EXPECT_EQ(Run({"audit", "verify"}), 0) << ReadFile(err_);
  EXPECT_EQ(Run({"erasure", "run", mum_}), 1);
  EXPECT_NE(ReadFile(err_).find("already erased"), std::string::npos);
}

}  // namespace
}  // namespace casekeep::testing
