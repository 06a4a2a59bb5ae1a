// The retention sweep through the real binary: a folder of generated families (cases closed
// between 2019 and 2026) is swept as of today, the sweep killed with SIGKILL at random moments
// and run again. After every kill the folder opens, the audit chain verifies and the disposal
// log names no record twice; after the last run every record the plan listed was disposed of
// exactly once and no other, and a byte search of the data folder finds none of the disposed
// records' sealed bytes (nor a distinctive note written in plain words).
//
// Set CASEKEEP_KILL_SEED to replay a run; the seed used is printed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "records/data_folder.h"
#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kKills = 4;
constexpr const char* kNote = "Zebedee brought the quartz xylophone to the session";

std::string FirstLine(const std::string& s) {
  return s.substr(0, s.find('\n'));
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
  //! The name of a file holding `needle`, or empty.
  std::string Holding(const std::string& needle) const {
    for (const auto& [name, bytes] : files_) {
      if (bytes.find(needle) != std::string::npos) return name;
    }
    return "";
  }

 private:
  std::vector<std::pair<std::string, std::string>> files_;
};

class RetentionSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::access(CasekeepBinary().c_str(), X_OK), 0) << "no binary at " << CasekeepBinary();
    tmp_ = TempDir();
    dir_ = tmp_ + "/data";
    err_ = tmp_ + "/stderr.txt";
    today_ = TodayUk(SystemClock()).ToString();
    Cli({"init", "--data", dir_, "--policy", SourcePath("policy/examples/contact-centre.toml")});
    Cli({"sample", "load", "--records", "2500", "--seed", "3", "--data", dir_});
    // One family with a distinctive note, on a case closed long ago.
    const std::string c =
        FirstLine(Cli({"case", "open", "--service", "supported_contact", "--referral-source",
                       "self", "--opened", "2019-03-04", "--data", dir_}));
    noted_ =
        FirstLine(Cli({"record", "add", "--type", "case_note", "--case", c, "--date", "2019-03-05",
                       "--field", std::string("note=") + kNote, "--data", dir_}));
    Cli({"case", "close", c, "--closed", "2019-06-28", "--data", dir_});
  }

  std::string Cli(const std::vector<std::string>& args) {
    CliResult r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  // The disposal log: record code -> how many times it appears.
  std::map<std::string, int> Disposals() {
    std::map<std::string, int> seen;
    for (std::int64_t after = 0;;) {
      CliResult r = RunCli({"retention", "log", "--json", "--after", std::to_string(after),
                            "--limit", "1000", "--data", dir_});
      EXPECT_EQ(r.exit_code, 0) << r.err;
      const json page = json::parse(r.out, nullptr, false);
      if (!page.is_array() || page.empty()) break;
      for (const auto& e : page) seen[e["record"].get<std::string>()] += 1;
      after = page.back()["seq"].get<std::int64_t>();
    }
    return seen;
  }

  std::vector<std::string> SweepArgs() const {
    return {"retention", "sweep", "--as-of", today_, "--execute", "--data", dir_};
  }

  std::string tmp_, dir_, err_, today_, noted_;
};

TEST_F(RetentionSweepTest, KilledSweepsDisposeOfEachRecordOnceAndLeaveNoBytesBehind) {
  // What is due, and (as a control) the sealed bytes of the due records, present before.
  const json plan = json::parse(
      Cli({"retention", "plan", "--as-of", today_, "--json", "--data", dir_}), nullptr, false);
  ASSERT_TRUE(plan.is_object());
  std::set<std::string> due;
  std::set<std::string> reduced;  // partial retention: some fields removed, the record kept
  for (const auto& item : plan["due"]) {
    (item["action"] == "dispose" ? due : reduced).insert(item["record"].get<std::string>());
  }
  ASSERT_GT(due.size(), 200u) << "too little is due to test anything";
  ASSERT_TRUE(due.contains(noted_));
  std::vector<std::string> slices;
  {
    static const SystemClock clock;
    auto folder = records::DataFolder::Open(dir_, clock);
    ASSERT_TRUE(folder) << folder.error().message;
    auto tx = (*folder)->store().BeginRead();
    ASSERT_TRUE(tx);
    for (const auto& code : due) {
      auto row = (*tx)->FindRecord(code);
      ASSERT_TRUE(row && *row);
      const auto& sealed = (**row).sealed;
      // 24 bytes of nonce, then ciphertext: up to 32 bytes of it, if there are 16.
      const std::size_t end = std::min<std::size_t>(sealed.size() - 16, 56);
      if (end < 40) continue;
      slices.emplace_back(sealed.begin() + 24, sealed.begin() + static_cast<std::ptrdiff_t>(end));
    }
  }
  {
    const FolderBytes before(dir_);
    for (const auto& s : slices) ASSERT_FALSE(before.Holding(s).empty()) << "control";
  }

  const char* seed_env = std::getenv("CASEKEEP_KILL_SEED");
  const unsigned seed = seed_env != nullptr
                            ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10))
                            : std::random_device{}();
  std::cout << "CASEKEEP_KILL_SEED=" << seed << "\n";
  std::mt19937 random(seed);
  std::size_t disposed_before = 0;
  for (int run = 0; run < kKills; ++run) {
    const int delay_ms = std::uniform_int_distribution<int>(20, 250)(random);
    Child child(SweepArgs(), err_);
    ASSERT_TRUE(child.started());
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    child.Kill();
    const int status = child.Wait();
    const auto log = Disposals();
    std::cout << "run " << run << ": killed after " << delay_ms << " ms ("
              << (WIFSIGNALED(status) ? "killed" : "had finished") << "); " << log.size()
              << " disposals logged\n";
    for (const auto& [code, n] : log) {
      EXPECT_EQ(n, 1) << code << " was disposed of " << n << " times";
      EXPECT_TRUE(due.contains(code) || reduced.contains(code)) << code << " was not due";
    }
    EXPECT_GE(log.size(), disposed_before);
    disposed_before = log.size();
    std::string verify;
    EXPECT_EQ(RunToEnd({"audit", "verify", "--data", dir_}, err_, &verify), 0)
        << verify << ReadFile(err_);
  }
  EXPECT_LT(disposed_before, due.size() + reduced.size()) << "the kills came too late";

  std::string out;
  ASSERT_EQ(RunToEnd(SweepArgs(), err_, &out), 0) << out << ReadFile(err_);
  const auto log = Disposals();
  std::set<std::string> logged;
  for (const auto& [code, n] : log) {
    EXPECT_EQ(n, 1) << code;
    if (!reduced.contains(code)) logged.insert(code);
  }
  EXPECT_EQ(logged, due);
  EXPECT_EQ(log.size(), due.size() + reduced.size());
  EXPECT_EQ(RunToEnd({"audit", "verify", "--data", dir_}, err_, nullptr), 0) << ReadFile(err_);
  {
    static const SystemClock clock;
    auto folder = records::DataFolder::Open(dir_, clock);
    ASSERT_TRUE(folder) << folder.error().message;
    auto tx = (*folder)->store().BeginRead();
    ASSERT_TRUE(tx);
    for (const auto& code : due) {
      auto row = (*tx)->FindRecord(code);
      ASSERT_TRUE(row);
      EXPECT_FALSE(*row) << code << " is still in the store";
    }
  }
  // Nothing of what was disposed of is left in any file of the folder.
  const FolderBytes after(dir_);
  int left = 0;
  for (const auto& s : slices) {
    const std::string file = after.Holding(s);
    left += file.empty() ? 0 : 1;
    EXPECT_TRUE(file.empty()) << "sealed bytes of a disposed record are still in " << file;
  }
  std::cout << slices.size() << " disposed records searched for, " << left << " found\n";
  EXPECT_TRUE(after.Holding(kNote).empty());
  // A second full sweep finds nothing more.
  out.clear();
  ASSERT_EQ(RunToEnd(SweepArgs(), err_, &out), 0) << ReadFile(err_);
  EXPECT_NE(out.find("disposed of 0 records"), std::string::npos) << out;
}

}  // namespace
}  // namespace casekeep::testing
