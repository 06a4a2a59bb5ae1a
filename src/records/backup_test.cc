// Backups of a SQLite data folder with the contact centre's policy: a backup taken while the
// folder is open; one parent erased, after which a byte search of the folder finds none of her
// sealed bytes, her wrapped key or her blind index hashes (all present before, as a control); a
// tampered backup and a restore while the folder is open are refused with nothing changed;
// restoring the earlier backup re-applies the erasure journal, so she is erased again while the
// child's safeguarding record and the other parent stay readable.
#include "records/backup.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "records/data_folder.h"

namespace casekeep::records {
namespace {

namespace fs = std::filesystem;

constexpr const char* kName = "Wilhelmina Quorndon-Vasquez";
constexpr const char* kEmail = "wilhelmina.qv@example.org";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Up to 32 bytes of ciphertext from the middle of a sealed value (after its 24-byte nonce).
std::string Slice(const store::Bytes& sealed) {
  if (sealed.size() < 24 + 16 + 16) return "";
  const std::size_t end = std::min<std::size_t>(sealed.size() - 16, 56);
  return std::string(sealed.begin() + 24, sealed.begin() + static_cast<std::ptrdiff_t>(end));
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "casekeep-backup-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    tmp_ = pattern;
    dir_ = tmp_ + "/data";
    InitOptions init;
    init.dir = dir_;
    init.policy_path = std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/contact-centre.toml";
    ASSERT_TRUE(InitDataFolder(init, clock_));
    auto folder = DataFolder::Open(dir_, clock_);
    ASSERT_TRUE(folder) << folder.error().message;
    auto& r = (*folder)->records();
    auto c = r.OpenCase(admin_, {"supported_contact", "self", "2025-04-01", {}, {}});
    ASSERT_TRUE(c) << c.error().message;
    auto mum =
        r.AddSubject(admin_, {"parent", {{"name", kName}, {"email", kEmail}}, c->code, "parent"});
    auto dad = r.AddSubject(
        admin_, {"parent", {{"name", "Bartholomew Quorndon"}}, c->code, "other_parent"});
    auto child =
        r.AddSubject(admin_, {"child",
                              {{"name", "Clementine Quorndon"}, {"date_of_birth", "2017-03-04"}},
                              c->code,
                              "child"});
    ASSERT_TRUE(mum && dad && child);
    mum_ = mum->code;
    dad_ = dad->code;
    auto referral =
        r.AddRecord(admin_, {"referral",
                             c->code,
                             mum_,
                             "2025-04-01",
                             {{"received_on", "2025-04-01"}, {"contact_type", "supported"}}});
    auto feedback = r.AddRecord(
        admin_, {"feedback_form", c->code, mum_, "2025-05-01", {{"answers", "quartz room"}}});
    auto safeguarding = r.AddRecord(
        admin_, {"safeguarding_concern",
                 c->code,
                 child->code,
                 "2025-05-02",
                 {{"raised_on", "2025-05-02"}, {"concern", "Clementine was upset at handover"}}});
    ASSERT_TRUE(referral && feedback && safeguarding);
    erased_records_ = {referral->code, feedback->code};
    safeguarding_ = safeguarding->code;
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
      auto ids =
          (*tx)->LookupBlindIndex("parent." + field, store::Bytes(hash->begin(), hash->end()));
      ASSERT_TRUE(ids && ids->size() == 1u) << field;
      needles_.emplace_back(hash->begin(), hash->end());
    }
    for (const auto& n : needles_) ASSERT_FALSE(n.empty());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }

  //! The file of the folder holding `needle`, or empty.
  std::string Holding(const std::string& needle) {
    for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
      if (entry.is_regular_file() &&
          ReadAll(entry.path().string()).find(needle) != std::string::npos) {
        return entry.path().filename().string();
      }
    }
    return "";
  }

  void ExpectNoneOfHerBytes(const std::string& when) {
    for (std::size_t i = 0; i < needles_.size(); ++i) {
      const std::string file = Holding(needles_[i]);
      EXPECT_TRUE(file.empty()) << when << ": distinctive value " << i << " is still in " << file;
    }
  }

  FixedClock clock_{1'748'865'600};  // 2025-06-02T12:00:00Z
  const Actor admin_;
  std::string tmp_, dir_, mum_, dad_, safeguarding_;
  std::vector<std::string> erased_records_;
  std::vector<std::string> needles_;
};

TEST_F(BackupTest, ErasedPeopleStayErasedThroughARestore) {
  for (std::size_t i = 0; i < needles_.size(); ++i) {
    EXPECT_FALSE(Holding(needles_[i]).empty()) << "control " << i;
  }
  const std::string backup = tmp_ + "/before.ckbackup";
  {
    auto open = DataFolder::Open(dir_, clock_);  // as a running server holds it
    ASSERT_TRUE(open) << open.error().message;
    auto info = CreateBackup(dir_, backup, clock_, nullptr);
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_GT(info->store_bytes, 0);
    {
      // The random id is an audit object, never detail: detail refuses a run of ten decimal
      // digits, which 32 random hex digits hold in about one backup in twelve.
      auto tx = (*open)->store().BeginRead();
      ASSERT_TRUE(tx);
      auto last = (*tx)->LastAudit();
      ASSERT_TRUE(last && *last);
      EXPECT_EQ((**last).action, "backup.create");
      EXPECT_EQ((**last).objects, "backup:" + info->id);
      EXPECT_EQ((**last).detail, "kib=" + std::to_string((info->store_bytes + 1023) / 1024));
    }
    auto again = CreateBackup(dir_, backup, clock_, nullptr);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  }
  const std::string backup_bytes = ReadAll(backup);
  for (const auto& n : needles_) EXPECT_EQ(backup_bytes.find(n), std::string::npos);

  {
    auto folder = DataFolder::Open(dir_, clock_);
    ASSERT_TRUE(folder) << folder.error().message;
    auto out = (*folder)->records().EraseSubject(admin_, mum_, ErasureOptions{});
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->erased, 2);
    ASSERT_TRUE((*folder)->Compact());
  }
  ExpectNoneOfHerBytes("after the erasure");
  EXPECT_EQ(ReadAll(dir_ + "/erasure-journal").find("Wilhelmina"), std::string::npos);

  // A tampered backup is refused and changes nothing.
  const std::string store_before = ReadAll(dir_ + "/store.db");
  std::string tampered_bytes = backup_bytes;
  tampered_bytes[tampered_bytes.size() / 2] ^= 0x01;
  const std::string tampered = tmp_ + "/tampered.ckbackup";
  {
    std::ofstream out(tampered, std::ios::binary);
    out << tampered_bytes;
  }
  auto bad = RestoreBackup(dir_, tampered, clock_, nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kDataLoss);
  EXPECT_NE(bad.error().message.find("does not authenticate"), std::string::npos);
  EXPECT_EQ(ReadAll(dir_ + "/store.db"), store_before);
  EXPECT_FALSE(fs::exists(dir_ + "/store.db.restoring"));
  {
    std::ofstream out(tampered, std::ios::binary | std::ios::trunc);
    out << backup_bytes.substr(0, backup_bytes.size() - 100);
  }
  auto cut = RestoreBackup(dir_, tampered, clock_, nullptr);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, ErrorCode::kDataLoss);
  EXPECT_EQ(ReadAll(dir_ + "/store.db"), store_before);

  // Refused while the folder is open.
  {
    auto open = DataFolder::Open(dir_, clock_);
    ASSERT_TRUE(open) << open.error().message;
    auto busy = RestoreBackup(dir_, backup, clock_, nullptr);
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(busy.error().message.find("in use"), std::string::npos);
  }
  EXPECT_EQ(ReadAll(dir_ + "/store.db"), store_before);

  // Restoring the earlier backup erases her again.
  auto restored = RestoreBackup(dir_, backup, clock_, nullptr);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->reapplied.entries, 1);
  EXPECT_EQ(restored->reapplied.reapplied, 1);
  ExpectNoneOfHerBytes("after the restore");
  auto folder = DataFolder::Open(dir_, clock_);
  ASSERT_TRUE(folder) << folder.error().message;
  {
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
  }
  auto& r = (*folder)->records();
  auto her = r.GetSubject(admin_, mum_);
  ASSERT_TRUE(her) << her.error().message;
  EXPECT_TRUE(her->erased);
  auto dad = r.GetSubject(admin_, dad_);
  ASSERT_TRUE(dad) << dad.error().message;
  EXPECT_EQ(dad->fields["name"], "Bartholomew Quorndon");
  auto sg = r.GetRecord(admin_, safeguarding_);
  ASSERT_TRUE(sg) << sg.error().message;
  EXPECT_EQ(sg->fields["concern"], "Clementine was upset at handover");
  auto second = r.EraseSubject(admin_, mum_, ErasureOptions{});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace casekeep::records
