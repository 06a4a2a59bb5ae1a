// `casekeep import csv` as a user runs it, on the example files in tests/import: people from a
// CRM's contact list, then their attendance records joined to the codes the first import
// gave them. Checks what is printed, the exit codes and the files written beside the CSV.
// Single-threaded.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/csv.h"
#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

namespace fs = std::filesystem;

class ImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = TempDir();
    dir_ = tmp_ + "/data";
    CliResult init = RunCli(
        {"init", "--data", dir_, "--policy", SourcePath("policy/examples/contact-centre.toml")});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // Copies, because the codes and quarantine files are written beside the CSV.
    for (const char* name : {"people.csv", "people.toml", "attendance.toml"}) {
      fs::copy_file(SourcePath(std::string("tests/import/") + name), tmp_ + "/" + name);
    }
  }

  CliResult Import(const std::string& csv, const std::string& mapping,
                   std::vector<std::string> more = {}) {
    std::vector<std::string> args{
        "import", "csv", tmp_ + "/" + csv, "--mapping", tmp_ + "/" + mapping, "--data", dir_};
    args.insert(args.end(), more.begin(), more.end());
    return RunCli(args);
  }

  std::string tmp_, dir_;
};

TEST_F(ImportCliTest, AbortReportsEveryBadRowAndImportsNothing) {
  std::string mapping = ReadFile(tmp_ + "/people.toml");
  mapping.replace(mapping.find("\"quarantine\""), 12, "\"abort\"");
  WriteFile(tmp_ + "/abort.toml", mapping);
  CliResult r = Import("people.csv", "abort.toml");
  EXPECT_EQ(r.exit_code, 1);
  const std::string csv = tmp_ + "/people.csv";
  EXPECT_EQ(r.err,
            csv +
                ":5: error: column 'Date of Birth' (field 'date_of_birth'): '31/02/1990' is not "
                "a date: February 1990 has 28 days, not a day 31\n" +
                csv +
                ":7: error: column 'Email' (field 'email'): not an email address; column "
                "'Relationship' (field 'relationship'): 'uncle' is not one of: resident_parent, "
                "non_resident_parent, grandparent, other_relative\n"
                "casekeep: 2 bad rows in " +
                csv +
                "; nothing was imported. Correct them, or set "
                "on_error = \"quarantine\" in the mapping to import the good rows and set the "
                "bad ones aside.\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(tmp_ + "/people.codes.csv"));
  bool journaled = false;
  if (fs::exists(dir_ + "/imports")) {
    for (const auto& entry : fs::directory_iterator(dir_ + "/imports")) {
      journaled = journaled || entry.path().extension() == ".done";
    }
  }
  EXPECT_FALSE(journaled);
}

TEST_F(ImportCliTest, PeopleThenTheirRecordsByCode) {
  CliResult people = Import("people.csv", "people.toml", {"--progress-lines"});
  ASSERT_EQ(people.exit_code, 0) << people.err;
  const std::string csv = tmp_ + "/people.csv";
  EXPECT_EQ(people.out,
            "committed rows 1-4 (lines 2-8)\n"
            "read 6 rows from " +
                csv +
                "\n"
                "imported 4 rows\n"
                "quarantined 2 bad rows in " +
                tmp_ +
                "/people.quarantine.csv\n"
                "codes: " +
                tmp_ + "/people.codes.csv\n");
  EXPECT_NE(people.err.find(csv + ":5: error: "), std::string::npos);

  // Join the attendance export (by CRM id) to the codes file, as a spreadsheet would.
  std::istringstream codes_in(ReadFile(tmp_ + "/people.codes.csv"));
  CsvReader codes(codes_in);
  ASSERT_TRUE(codes.ReadHeader());
  std::map<std::string, std::string> code_of;
  CsvRow row;
  while (*codes.Next(row)) code_of[row.fields[1]] = row.fields[2];
  ASSERT_EQ(code_of.size(), 4u);
  CliResult opened = RunCli(
      {"case", "open", "--service", "supported_contact", "--opened", "2025-01-06", "--data", dir_});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  const std::string case_code = opened.out.substr(0, opened.out.find('\n'));
  WriteFile(tmp_ + "/attendance.csv",
            "Case code,Person code,Session date,Attendance,Reason\n" + case_code + "," +
                code_of["P-1001"] + ",11/01/2025,attended,\n" + case_code + "," +
                code_of["P-1002"] +
                ",11/01/2025,non_resident_parent_absent,\"Car broke down, rang ahead\"\n" +
                case_code + "," + code_of["P-1001"] + ",18/01/2025,attended,\n");
  CliResult attendance = Import("attendance.csv", "attendance.toml", {"--json"});
  ASSERT_EQ(attendance.exit_code, 0) << attendance.err;
  auto summary = nlohmann::json::parse(attendance.out);
  EXPECT_EQ(summary["imported"], 3);
  EXPECT_EQ(summary["rows_read"], 3);
  EXPECT_EQ(summary["aborted"], false);

  CliResult list = RunCli({"record", "list", "--case", case_code, "--json", "--data", dir_});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto records = nlohmann::json::parse(list.out);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1]["occurred_on"], "2025-01-11");
  EXPECT_EQ(records[1]["fields"]["absence_reason"], "Car broke down, rang ahead");

  CliResult again = Import("attendance.csv", "attendance.toml");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("an earlier run imported this file completely (3 rows); nothing to do"),
            std::string::npos)
      << again.out;
}

TEST_F(ImportCliTest, MappingMistakesArePrintedWithTheirLines) {
  WriteFile(tmp_ + "/bad.toml",
            "target = \"subject\"\nkind = \"parent\"\n[columns]\n\"Name\" = \"name\"\n");
  CliResult r = Import("people.csv", "bad.toml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, tmp_ + "/bad.toml:4: error: column 'Name' is not in the header of " + tmp_ +
                       "/people.csv (it has: CRM ID, Full Name, Date of Birth, Email, Mobile, "
                       "Post Code, Address, Relationship, Notes)\n");
}

}  // namespace
}  // namespace casekeep::testing
