// Tests for reading import mapping files: every mistake is reported with its line, in one
// go, before any CSV row is read; and for the dates an import accepts. Single-threaded.
#include <gtest/gtest.h>

#include "policy/policy.h"
#include "records/import.h"
#include "records/import_rows.h"

namespace casekeep::records {
namespace {

class ImportMappingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = policy::LoadPolicyFile(std::string(CASEKEEP_SOURCE_DIR) +
                                    "/policy/examples/contact-centre.toml");
    ASSERT_TRUE(p) << p.error().message;
    policy_ = std::make_unique<policy::Policy>(std::move(*p));
  }
  // The error message for `text`, or "" if it parses.
  std::string Problems(const std::string& text) {
    auto m = ParseImportMapping(text, "map.toml", *policy_);
    return m ? "" : m.error().message;
  }
  std::unique_ptr<policy::Policy> policy_;
};

TEST_F(ImportMappingTest, AGoodMappingForPeople) {
  auto m = ParseImportMapping(
      "target = \"subject\"\nkind = \"parent\"\nid_column = \"Id\"\n\n[columns]\n"
      "\"Name\" = \"name\"\n\"E-mail\" = \"email\"\n",
      "map.toml", *policy_);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->target, ImportTarget::kSubject);
  EXPECT_EQ(m->on_error, OnRowError::kAbort);
  EXPECT_EQ(m->id_column, "Id");
  ASSERT_EQ(m->columns.size(), 2u);
  EXPECT_EQ(m->columns[0].header, "Name");
  EXPECT_EQ(m->columns[0].line, 6);
  EXPECT_EQ(m->columns[1].field, "email");
}

TEST_F(ImportMappingTest, EveryMistakeIsReportedWithItsLine) {
  EXPECT_EQ(Problems("target = \"subject\"\n"
                     "kind = \"parent\"\n"
                     "type = \"case_note\"\n"
                     "idcolumn = \"x\"\n"
                     "on_error = \"skip\"\n"
                     "[columns]\n"
                     "\"Name\" = \"nam\"\n"
                     "\"Mail\" = \"email\"\n"
                     "\"Email\" = \"email\"\n"),
            "map.toml:2: error: field 'name' of kind of person 'parent' is required, but no "
            "column in [columns] is mapped to it\n"
            "map.toml:3: error: 'type' is only for target = \"record\"\n"
            "map.toml:4: error: unknown key 'idcolumn'; a mapping has target, kind, id_column, "
            "type, case_column, subject_column, date_column, on_error, [columns] and [marketing]\n"
            "map.toml:5: error: on_error must be \"abort\" or \"quarantine\", not \"skip\"\n"
            "map.toml:7: error: column 'Name': 'nam' is not a field of kind of person 'parent'; "
            "its fields are: name, date_of_birth, address, postcode, email, phone, relationship\n"
            "map.toml:9: error: column 'Email': field 'email' is already mapped on line 8");
}

TEST_F(ImportMappingTest, UnknownKindsTypesAndTargets) {
  EXPECT_NE(Problems("target = \"subject\"\nkind = \"cat\"\n[columns]\n")
                .find("map.toml:2: error: unknown kind of person 'cat'; the policy has: parent, "),
            std::string::npos);
  EXPECT_NE(Problems("target = \"record\"\ntype = \"memo\"\n[columns]\n")
                .find("map.toml:2: error: unknown record type 'memo'"),
            std::string::npos);
  EXPECT_EQ(Problems("target = \"case\"\n[columns]\n"),
            "map.toml:1: error: target must be \"subject\" or \"record\", not \"case\"");
  EXPECT_EQ(
      Problems("kind = \"parent\"\n"),
      "map.toml:1: error: the mapping needs target = \"subject\" or target = \"record\"\n"
      "map.toml:1: error: the mapping needs a [columns] table of \"CSV header\" = \"field id\"");
  EXPECT_NE(Problems("target = \"subject\n").find("map.toml:1: error: "), std::string::npos);
}

TEST_F(ImportMappingTest, RecordsNeedTheirCaseOrPersonColumn) {
  EXPECT_EQ(Problems("target = \"record\"\ntype = \"case_note\"\n[columns]\n\"Note\" = \"note\"\n"),
            "map.toml:2: error: records of type 'case_note' belong to a case; name the column "
            "of case codes with case_column");
  EXPECT_NE(Problems("target = \"record\"\ntype = \"hr_file\"\n[columns]\n")
                .find("map.toml:2: error: records of type 'hr_file' are kept on a person"),
            std::string::npos);
  EXPECT_EQ(Problems("target = \"record\"\ntype = \"case_note\"\ncase_column = \"Case\"\n"
                     "kind = \"parent\"\n[columns]\n\"Note\" = \"note\"\n"),
            "map.toml:4: error: 'kind' is only for target = \"subject\"");
}

TEST_F(ImportMappingTest, AttachmentsAndNonStringValuesAreRefused) {
  const std::string problems = Problems(
      "target = \"record\"\ntype = \"referral\"\ncase_column = \"Case\"\n[columns]\n"
      "\"Form\" = \"court_order_copy\"\n\"Date\" = 3\n");
  EXPECT_NE(problems.find("map.toml:5: error: column 'Form': 'court_order_copy' is an attachment "
                          "field; attachments cannot be imported from CSV"),
            std::string::npos)
      << problems;
  EXPECT_NE(
      problems.find("map.toml:6: error: column 'Date': the value must be a field id in quotes"),
      std::string::npos)
      << problems;
}

TEST_F(ImportMappingTest, HeadersMustBeInTheCsvOnce) {
  auto m = ParseImportMapping(
      "target = \"subject\"\nkind = \"parent\"\nid_column = \"Id\"\n[columns]\n"
      "\" Name \" = \"name\"\n",
      "map.toml", *policy_);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(CheckImportHeaders(*m, {"Id", "Name", "Other"}, "p.csv"));
  auto twice = CheckImportHeaders(*m, {"Id", "Name", "Name"}, "p.csv");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message,
            "map.toml:5: error: column ' Name ' appears 2 times in the header of p.csv");
  auto missing = CheckImportHeaders(*m, {"Name"}, "p.csv");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "map.toml:3: error: id_column 'Id' is not in the header of p.csv (it has: Name)");
}

TEST(ImportDateTest, IsoAndUkDates) {
  EXPECT_EQ(internal::ImportDate("2025-03-04").value(), "2025-03-04");
  EXPECT_EQ(internal::ImportDate("04/03/2025").value(), "2025-03-04");
  EXPECT_EQ(internal::ImportDate(" 4/3/2025 ").value(), "2025-03-04");
  EXPECT_EQ(internal::ImportDate("29/02/2024").value(), "2024-02-29");
  EXPECT_FALSE(internal::ImportDate("29/02/2025"));
  EXPECT_FALSE(internal::ImportDate("03/04/25"));
  EXPECT_FALSE(internal::ImportDate("2025/03/04"));
  EXPECT_FALSE(internal::ImportDate("1/2/3/2025"));
  EXPECT_FALSE(internal::ImportDate("tomorrow"));
  EXPECT_EQ(internal::ImportDate("tomorrow").error(),
            "'tomorrow' is not a date like 2025-03-04 or 04/03/2025");
}

}  // namespace
}  // namespace casekeep::records
