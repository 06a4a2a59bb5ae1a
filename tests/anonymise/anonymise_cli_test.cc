// `casekeep anonymise text` as a user runs it: the draft and the replacement list, --json,
// the names of a person linked through a case, and a clear error for a bad file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class AnonymiseCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = TempDir();
    dir_ = tmp_ + "/data";
    CliResult init = RunCli(
        {"init", "--data", dir_, "--policy", SourcePath("policy/examples/contact-centre.toml")});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    CliResult c = RunCli({"case", "open", "--data", dir_, "--service", "supported_contact"});
    ASSERT_EQ(c.exit_code, 0) << c.err;
    case_ = Trim(c.out);
    parent_ = Add("parent", "Dana Whitlock");
    std::string child = Add("child", "Milo Whitlock", {"--field", "date_of_birth=2019-05-04"});
    for (const auto& [code, role] : {std::pair{parent_, "parent"}, std::pair{child, "child"}}) {
      CliResult m =
          RunCli({"case", "add-member", case_, "--data", dir_, "--subject", code, "--role", role});
      ASSERT_EQ(m.exit_code, 0) << m.err;
    }
    WriteFile(tmp_ + "/note.txt", "Dana said milo's school rang 0113 496 0123.\n");
  }

  std::string Add(const std::string& kind, const std::string& name,
                  std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"subject", "add", "--data",  dir_,
                                     "--kind",  kind,  "--field", "name=" + name};
    args.insert(args.end(), more.begin(), more.end());
    CliResult r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Trim(r.out);
  }

  std::string tmp_, dir_, case_, parent_;
};

TEST_F(AnonymiseCliTest, PrintsTheDraftAndTheReplacements) {
  CliResult r =
      RunCli({"anonymise", "text", "--data", dir_, "--person", parent_, tmp_ + "/note.txt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "[NAME-1] said [NAME-2]'s school rang [PHONE].\n\n3 replacement(s) to review:\n"
            "  0-4  [NAME-1]  Dana\n  10-14  [NAME-2]  milo\n  29-42  [PHONE]  0113 496 0123\n");
}

TEST_F(AnonymiseCliTest, Json) {
  CliResult r = RunCli(
      {"anonymise", "text", "--data", dir_, "--json", "--person", parent_, tmp_ + "/note.txt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["text"], "[NAME-1] said [NAME-2]'s school rang [PHONE].\n");
  ASSERT_EQ(j["replacements"].size(), 3u);
  EXPECT_EQ(j["replacements"][2]["type"], "PHONE");
  EXPECT_EQ(j["replacements"][2]["original"], "0113 496 0123");
}

TEST_F(AnonymiseCliTest, RefusesABadFileOrPerson) {
  WriteFile(tmp_ + "/bad.txt", std::string("not \xC3\x28 utf-8"));
  CliResult bad =
      RunCli({"anonymise", "text", "--data", dir_, "--person", parent_, tmp_ + "/bad.txt"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("not valid UTF-8"), std::string::npos) << bad.err;
  CliResult missing =
      RunCli({"anonymise", "text", "--data", dir_, "--person", parent_, tmp_ + "/none.txt"});
  EXPECT_EQ(missing.exit_code, 1);
  CliResult nobody =
      RunCli({"anonymise", "text", "--data", dir_, "--person", "S-0000000", tmp_ + "/note.txt"});
  EXPECT_EQ(nobody.exit_code, 1) << nobody.out;
  CliResult usage = RunCli({"anonymise", "text", "--data", dir_, tmp_ + "/note.txt"});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
}  // namespace casekeep::testing
