// Imports under SIGKILL: the real casekeep binary imports 50,000 records and is killed at
// random moments, then run again, several times. After every kill the data folder must open,
// its audit chain must verify, and every batch the importer acknowledged on standard output
// must be in the store (with at most one more, committed but not yet acknowledged). After a
// final complete run every CSV row is in the store exactly once. Single-threaded; the binary
// runs in a child process.
//
// Set CASEKEEP_KILL_SEED to replay a run; the seed used is printed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "records/data_folder.h"
#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

constexpr int kRows = 50000;
constexpr int kBatch = 500;
constexpr int kKills = 5;

// The last row of an acknowledgement line "committed rows A-B (lines X-Y)", or 0.
std::int64_t AcknowledgedUpTo(const std::string& line) {
  static const std::regex kLine(R"(^committed rows (\d+)-(\d+) \(lines \d+-\d+\).*)");
  std::smatch m;
  return std::regex_match(line, m, kLine) ? std::stoll(m[2].str()) : 0;
}

std::int64_t CountRecords(const std::string& dir) {
  static const SystemClock clock;
  auto folder = records::DataFolder::Open(dir, clock);
  EXPECT_TRUE(folder) << folder.error().message;
  if (!folder) return -1;
  auto tx = (*folder)->store().BeginRead();
  EXPECT_TRUE(tx);
  auto n = (*tx)->CountRecords();
  EXPECT_TRUE(n);
  return n ? *n : -1;
}

class ImportKillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::access(CasekeepBinary().c_str(), X_OK), 0)
        << "no casekeep binary at " << CasekeepBinary();
    tmp_ = TempDir();
    dir_ = tmp_ + "/data";
    err_ = tmp_ + "/stderr.txt";
    CliResult init =
        RunCli({"init", "--data", dir_, "--policy", SourcePath("tests/policy/minimal.toml")});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    CliResult c = RunCli({"case", "open", "--service", "helpline", "--data", dir_});
    ASSERT_EQ(c.exit_code, 0) << c.err;
    CliResult s = RunCli(
        {"subject", "add", "--kind", "parent", "--field", "name=Kim Example", "--data", dir_});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    std::string csv = "Case,Caller,Date,Note\n";
    const std::string prefix =
        c.out.substr(0, c.out.find('\n')) + "," + s.out.substr(0, s.out.find('\n'));
    for (int i = 1; i <= kRows; ++i) {
      csv += prefix + ",2025-02-" + std::to_string(10 + i % 18) + ",\"row " + std::to_string(i) +
             ", from the \"\"kill\"\" test\"\n";
    }
    csv_ = tmp_ + "/calls.csv";
    WriteFile(csv_, csv);
    map_ = tmp_ + "/calls.toml";
    WriteFile(
        map_,
        "target = \"record\"\ntype = \"call_note\"\ncase_column = \"Case\"\n"
        "subject_column = \"Caller\"\ndate_column = \"Date\"\n\n[columns]\n\"Note\" = \"note\"\n");
  }

  std::vector<std::string> ImportArgs() const {
    return {"import",
            "csv",
            csv_,
            "--mapping",
            map_,
            "--data",
            dir_,
            "--batch",
            std::to_string(kBatch),
            "--progress-lines"};
  }

  std::string tmp_, dir_, err_, csv_, map_;
};

TEST_F(ImportKillTest, EveryAcknowledgedBatchSurvivesAndNoRowIsImportedTwice) {
  const char* seed_env = std::getenv("CASEKEEP_KILL_SEED");
  const unsigned seed = seed_env != nullptr
                            ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10))
                            : std::random_device{}();
  std::cout << "CASEKEEP_KILL_SEED=" << seed << "\n";
  std::mt19937 random(seed);
  std::int64_t acknowledged = 0;
  int recovered = 0;  // batches a run found committed by the run before, which was killed
  for (int run = 0; run < kKills; ++run) {
    // Wait for a few acknowledgements (none: kill while starting or checking), then a bit more.
    const int wait_for = std::uniform_int_distribution<int>(0, 8)(random);
    const int delay_ms = std::uniform_int_distribution<int>(0, 100)(random);
    Child child(ImportArgs(), err_);
    ASSERT_TRUE(child.started());
    std::string line;
    for (int seen = 0; seen < wait_for && child.ReadLine(line);) {
      if (const auto upto = AcknowledgedUpTo(line); upto > 0) {
        acknowledged = std::max(acknowledged, upto);
        ++seen;
      }
      recovered += line.find("found committed") != std::string::npos ? 1 : 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    child.Kill();
    while (child.ReadLine(line)) {
      acknowledged = std::max(acknowledged, AcknowledgedUpTo(line));
      recovered += line.find("found committed") != std::string::npos ? 1 : 0;
    }
    const int status = child.Wait();
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "run " << run << " ended before it was killed; stderr:\n"
        << ReadFile(err_);

    const std::int64_t count = CountRecords(dir_);
    std::cout << "run " << run << ": killed after " << wait_for << " batches and " << delay_ms
              << " ms; " << acknowledged << " rows acknowledged, " << count << " in the store\n";
    EXPECT_GE(count, acknowledged) << "run " << run << ": an acknowledged batch is missing";
    EXPECT_LE(count, acknowledged + kBatch) << "run " << run;
    std::string verify;
    EXPECT_EQ(RunToEnd({"audit", "verify", "--data", dir_}, err_, &verify), 0)
        << verify << ReadFile(err_);
  }
  EXPECT_LT(acknowledged, kRows) << "the kills came too late to test anything";
  std::cout << recovered << " batches were found committed but not acknowledged\n";

  std::string out;
  ASSERT_EQ(RunToEnd(ImportArgs(), err_, &out), 0) << out << ReadFile(err_);
  EXPECT_NE(out.find("read 50000 rows"), std::string::npos) << out;
  EXPECT_EQ(CountRecords(dir_), kRows);

  // Every row exactly once, read back through the records service.
  static const SystemClock clock;
  auto folder = records::DataFolder::Open(dir_, clock);
  ASSERT_TRUE(folder);
  std::set<int> rows;
  records::RecordQuery query;
  query.limit = 1000;
  for (;;) {
    auto page = (*folder)->records().ListRecords(records::Actor{}, query);
    ASSERT_TRUE(page) << page.error().message;
    if (page->empty()) break;
    for (const auto& r : *page) {
      const std::string note = r.fields["note"].get<std::string>();
      const int n = std::stoi(note.substr(4));
      EXPECT_TRUE(rows.insert(n).second) << "row " << n << " was imported twice";
    }
    query.after = page->back().code;
  }
  EXPECT_EQ(rows.size(), static_cast<std::size_t>(kRows));
  EXPECT_EQ(*rows.begin(), 1);
  EXPECT_EQ(*rows.rbegin(), kRows);
  folder->reset();
  EXPECT_EQ(RunToEnd({"audit", "verify", "--data", dir_}, err_, nullptr), 0) << ReadFile(err_);

  // The codes file lists every row once too.
  const std::string codes = ReadFile(tmp_ + "/calls.codes.csv");
  EXPECT_EQ(std::count(codes.begin(), codes.end(), '\n'), kRows + 1);
}

}  // namespace
}  // namespace casekeep::testing
