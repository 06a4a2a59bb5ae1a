// `casekeep rights ...` as a user runs it, in process. `rights due` prints the due date and
// nothing else, with no data folder, for rows of regulation.md section 1 (month-ends, leap
// years, weekends, Easter, Christmas, each division's own holidays, extension and paused days,
// a bank-holiday file given with --holidays); impossible dates and bad options get a clear
// error on standard error and nothing on standard output. `rights pack` writes a parent's
// access pack (draft, then final with the DPO's decisions) without the other parent's details,
// and `rights portable` the data she provided, as JSON and CSV.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/date.h"
#include "crypto/codes.h"
#include "records/data_folder.h"
#include "tests/test_util.h"

namespace casekeep {
namespace {

using nlohmann::json;
using namespace casekeep::testing;

// The binary finds data/uk-bank-holidays.json beside itself; this test's binary is elsewhere, so
// it names the project's file the way an operator can.
void UseShippedHolidays() {
  ASSERT_EQ(::setenv("CASEKEEP_HOLIDAYS", SourcePath("data/uk-bank-holidays.json").c_str(), 1), 0);
}

struct DueRow {
  std::vector<std::string> args;  // after `rights due`
  std::string want;
};

TEST(RightsDueCliTest, PrintsTheDueDateAndNothingElse) {
  UseShippedHolidays();
  const std::string holidays = SourcePath("data/uk-bank-holidays.json");
  const std::vector<DueRow> rows = {
      // regulation.md's plain case and month-ends.
      {{"--received", "2025-06-10"}, "2025-07-10"},
      {{"--received", "2025-01-31"}, "2025-02-28"},
      {{"--received", "2024-01-31"}, "2024-02-29"},  // leap year
      {{"--received", "2025-03-31"}, "2025-04-30"},
      // Weekends: Sat 15 Mar 2025 -> Mon 17 Mar; in Northern Ireland that is St Patrick's Day.
      {{"--received", "2025-02-15"}, "2025-03-17"},
      {{"--received", "2025-02-15", "--division", "northern-ireland"}, "2025-03-18"},
      // Easter: received Good Friday 2025 -> Sun 18 May -> Mon 19 May.
      {{"--received", "2025-04-18"}, "2025-05-19"},
      // Christmas 2026: Fri 25, Mon 28 (Boxing Day substitute) -> Tue 29 Dec.
      {{"--received", "2026-11-25"}, "2026-12-29"},
      // New Year 2025: 2 January is a holiday in Scotland only.
      {{"--received", "2024-12-01"}, "2025-01-02"},
      {{"--received", "2024-12-01", "--division", "scotland"}, "2025-01-03"},
      // Extended by two months, onto Easter; and paused days on top, with the file named.
      {{"--received", "2025-01-18", "--extended"}, "2025-04-22"},
      {{"--received", "2025-01-18", "--extended", "--paused-days", "2", "--division", "scotland",
        "--holidays", holidays},
       "2025-04-21"},
      {{"--received", "2025-01-06", "--paused-days", "5"}, "2025-02-11"},
  };
  for (const auto& row : rows) {
    std::vector<std::string> args = {"rights", "due"};
    args.insert(args.end(), row.args.begin(), row.args.end());
    const CliResult r = RunCli(args);
    SCOPED_TRACE(row.args[1]);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, row.want + "\n");
    EXPECT_EQ(r.err, "");
  }
}

TEST(RightsDueCliTest, BadInputGetsAClearErrorAndNoDate) {
  UseShippedHolidays();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--received", "2025-02-30"}, "2025-02-30"},
      {{"--received", "30/01/2025"}, "--received"},
      {{"--received", "2025-06-10", "--division", "wales"}, "--division must be"},
      {{"--received", "2025-06-10", "--paused-days", "-3"}, "cannot be negative"},
      {{"--received", "2030-06-10"}, "bank holidays for 2030 are not known"},
      {{"--received", "2025-06-10", "--holidays", "/nonexistent/bank-holidays.json"},
       "bank-holidays.json"},
      {{}, "--received"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args = {"rights", "due"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = RunCli(args);
    SCOPED_TRACE(message);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
}

class RightsPackCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = TempDir();
    dir_ = tmp_ + "/data";
    ASSERT_EQ(RunCli({"init", "--data", dir_, "--policy",
                      SourcePath("policy/examples/contact-centre.toml")})
                  .exit_code,
              0);
    auto folder = records::DataFolder::Open(dir_, clock_);
    ASSERT_TRUE(folder) << folder.error().message;
    auto& r = (*folder)->records();
    const records::Actor admin;
    auto c = r.OpenCase(admin, {"supported_contact", "self", "2026-10-01", {}, {}});
    ASSERT_TRUE(c) << c.error().message;
    auto avril = r.AddSubject(
        admin, {"parent", {{"name", "Avril Quennell"}, {"email", kHerEmail}}, c->code, "parent"});
    auto bastian = r.AddSubject(
        admin,
        {"parent", {{"name", "Bastian Quennell"}, {"phone", kHisPhone}}, c->code, "other_parent"});
    ASSERT_TRUE(avril && bastian);
    avril_ = avril->code;
    auto note = r.AddRecord(admin, {"case_note",
                                    c->code,
                                    avril_,
                                    "2026-10-02",
                                    {{"note", std::string("Avril asked that Bastian Quennell (") +
                                                  kHisPhone + ") not be told the new address."}}});
    ASSERT_TRUE(note) << note.error().message;
  }

  // Runs a command on the folder and returns what it printed.
  CliResult Run(std::vector<std::string> args) {
    args.push_back("--data");
    args.push_back(dir_);
    return RunCli(args);
  }

  static constexpr const char* kHerEmail = "avril.q@example.org";
  static constexpr const char* kHisPhone = "07700 900461";
  SystemClock clock_;
  std::string tmp_, dir_, avril_;
};

TEST_F(RightsPackCliTest, DraftThenFinalPackWithoutTheOtherParent) {
  const std::string draft_file = tmp_ + "/draft.json";
  CliResult r = Run({"rights", "pack", avril_, "--out", draft_file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("redaction items to decide"), std::string::npos) << r.out;
  const json draft = json::parse(ReadFile(draft_file), nullptr, false);
  ASSERT_TRUE(draft.is_object());
  const std::string pack = draft["pack"].dump();
  EXPECT_EQ(pack.find("Bastian"), std::string::npos) << pack;
  EXPECT_EQ(pack.find(kHisPhone), std::string::npos) << pack;
  EXPECT_NE(pack.find(kHerEmail), std::string::npos) << "her own details are hers";

  // The DPO withholds the name and releases nothing else; a decision missing is refused.
  json decisions = json::object();
  for (const auto& item : draft["items"]) {
    decisions[item["id"].get<std::string>()] = {{"release", false},
                                                {"reason", "identifies another person"}};
  }
  ASSERT_FALSE(decisions.empty());
  const std::string decisions_file = tmp_ + "/decisions.json";
  WriteFile(decisions_file, json::object().dump());
  const std::string tar = tmp_ + "/pack.tar";
  r = Run({"rights", "pack", avril_, "--decisions", decisions_file, "--out", tar});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(tar)) << "a refused pack writes nothing";
  WriteFile(decisions_file, decisions.dump());
  r = Run({"rights", "pack", avril_, "--decisions", decisions_file, "--out", tar});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string archive = ReadFile(tar);
  EXPECT_NE(archive.find(avril_ + "/pack.html"), std::string::npos);
  EXPECT_NE(archive.find(avril_ + "/records.csv"), std::string::npos);
  EXPECT_EQ(archive.find("Bastian"), std::string::npos);
  EXPECT_EQ(archive.find(kHisPhone), std::string::npos);
  r = Run(
      {"rights", "pack", avril_, "--decisions", decisions_file, "--format", "html", "--out", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("<!DOCTYPE html>")) << r.out.substr(0, 80);

  // Bad input: an unknown person, a wrong format.
  const std::string unknown =
      "S-ABCD234" + std::string(1, *crypto::CodeCheckSymbol('S', "ABCD234"));
  r = Run({"rights", "pack", unknown, "--out", tmp_ + "/none.json"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(unknown), std::string::npos) << r.err;
  r = Run(
      {"rights", "pack", avril_, "--decisions", decisions_file, "--format", "zip", "--out", "-"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--format must be tar, html or json"), std::string::npos) << r.err;
}

TEST_F(RightsPackCliTest, PortableDataAsJsonAndCsv) {
  CliResult r = Run({"rights", "portable", avril_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json data = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(data.is_object()) << r.out;
  EXPECT_NE(r.out.find(kHerEmail), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(kHisPhone), std::string::npos) << r.out;
  r = Run({"rights", "portable", avril_, "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("source,code,type,occurred_on,field,value")) << r.out;
  EXPECT_NE(r.out.find(kHerEmail), std::string::npos) << r.out;
  r = Run({"rights", "portable", avril_, "--format", "xml"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--format must be json or csv"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace casekeep
