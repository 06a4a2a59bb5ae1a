// `casekeep share` and `casekeep package open` as a user runs them: a safeguarding share without
// consent recorded and flagged, its package encrypted under a passphrase and opened again, and
// clear refusals (no justification, a recipient not in the policy, a wrong passphrase, an
// altered package) that change nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class ShareCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = TempDir();
    dir_ = tmp_ + "/data";
    CliResult init = RunCli(
        {"init", "--data", dir_, "--policy", SourcePath("policy/examples/contact-centre.toml")});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    CliResult s = RunCli({"subject", "add", "--data", dir_, "--kind", "parent", "--field",
                          "name=Orla Pennington-Vance"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    person_ = Trim(s.out);
    WriteFile(tmp_ + "/pass", "correct horse battery staple\n");
    WriteFile(tmp_ + "/wrong", "not the passphrase\n");
    WriteFile(tmp_ + "/short", "short\n");
  }

  std::vector<std::string> Share(std::vector<std::string> more) {
    std::vector<std::string> args = {"share",
                                     "create",
                                     person_,
                                     "--data",
                                     dir_,
                                     "--recipient",
                                     "childrens_social_care",
                                     "--basis",
                                     "safeguarding",
                                     "--purpose",
                                     "safeguarding"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  nlohmann::json Disclosures() {
    CliResult r = RunCli({"share", "list", person_, "--data", dir_});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out.empty() ? "[]" : r.out);
  }

  std::string tmp_, dir_, person_;
};

TEST_F(ShareCliTest, SharesWithoutConsentFlaggedAndOpensTheEncryptedPackage) {
  const std::string package = tmp_ + "/share.ckshare";
  CliResult r = RunCli(Share({"--json", "--justification", "Child at risk: strategy meeting today",
                              "--passphrase-file", tmp_ + "/pass", "--out", package}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto shown = nlohmann::json::parse(r.out);
  const std::string code = shown.value("code", "");
  ASSERT_EQ(code.rfind("D-", 0), 0u) << r.out;

  // The package on disk is encrypted: the name is not in it.
  const std::string sealed = ReadFile(package);
  ASSERT_FALSE(sealed.empty());
  EXPECT_EQ(sealed.find("Pennington"), std::string::npos);

  // The log holds it, flagged as made without consent.
  auto log = Disclosures();
  ASSERT_EQ(log.size(), 1u) << log.dump();
  EXPECT_EQ(log[0]["code"], code);
  CliResult flagged = RunCli({"share", "flagged", "--data", dir_});
  ASSERT_EQ(flagged.exit_code, 0) << flagged.err;
  EXPECT_NE(flagged.out.find(code), std::string::npos) << flagged.out;

  // A wrong passphrase opens nothing and writes nothing.
  const std::string out = tmp_ + "/opened";
  std::filesystem::create_directory(out);
  CliResult wrong =
      RunCli({"package", "open", package, "--passphrase-file", tmp_ + "/wrong", "--out", out});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_FALSE(wrong.err.empty());
  EXPECT_TRUE(std::filesystem::is_empty(out));

  // An altered package is refused.
  std::string altered = sealed;
  altered[altered.size() / 2] = static_cast<char>(altered[altered.size() / 2] ^ 0x01);
  WriteFile(tmp_ + "/altered.ckshare", altered);
  CliResult bad = RunCli({"package", "open", tmp_ + "/altered.ckshare", "--passphrase-file",
                          tmp_ + "/pass", "--out", out});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(std::filesystem::is_empty(out));

  // The right passphrase gives back the package, with the person's name.
  CliResult open =
      RunCli({"package", "open", package, "--passphrase-file", tmp_ + "/pass", "--out", out});
  ASSERT_EQ(open.exit_code, 0) << open.err;
  const std::string file = Trim(open.out);
  EXPECT_EQ(std::filesystem::path(file).filename().string(), code + ".json");
  EXPECT_NE(ReadFile(file).find("Orla Pennington-Vance"), std::string::npos);
}

TEST_F(ShareCliTest, RefusalsRecordNothing) {
  // Without consent a justification is required.
  CliResult none = RunCli(Share({}));
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("justification"), std::string::npos) << none.err;
  // A recipient the policy does not name.
  CliResult unknown = RunCli({"share", "create", person_, "--data", dir_, "--recipient",
                              "the_press", "--basis", "consent", "--consent", "x"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_FALSE(unknown.err.empty());
  // A passphrase too short to protect the package.
  CliResult weak = RunCli(Share(
      {"--justification", "why", "--passphrase-file", tmp_ + "/short", "--out", tmp_ + "/p"}));
  EXPECT_EQ(weak.exit_code, 1);
  EXPECT_NE(weak.err.find("12 characters"), std::string::npos) << weak.err;
  // An encrypted package needs somewhere to go.
  CliResult no_out = RunCli(Share({"--justification", "why", "--passphrase-file", tmp_ + "/pass"}));
  EXPECT_EQ(no_out.exit_code, 1);
  EXPECT_TRUE(Disclosures().empty());
  // Usage errors exit 2.
  EXPECT_EQ(RunCli({"share", "create", "--data", dir_}).exit_code, 2);
}

}  // namespace
}  // namespace casekeep::testing
