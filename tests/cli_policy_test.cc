// `casekeep policy check|notice|ropa` as a user runs them: exit codes, the exact error lines for
// every class of mistake, and refusal of unreadable, huge or hostile files.
#include <gtest/gtest.h>

#include <string>

#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

TEST(PolicyCheckCli, MinimalPolicyPasses) {
  CliResult r = RunCli({"policy", "check", SourcePath("tests/policy/minimal.toml")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(": ok"), std::string::npos) << r.out;
}

TEST(PolicyCheckCli, EveryExamplePasses) {
  const auto examples = ExamplePolicies();
  ASSERT_EQ(examples.size(), 5u);
  for (const auto& name : examples) {
    CliResult r = RunCli({"policy", "check", SourcePath("policy/examples/" + name + ".toml")});
    EXPECT_EQ(r.exit_code, 0) << name << ":\n" << r.err;
  }
}

// every-error.toml holds one of each class of mistake; every-error.expected is the exact report,
// checked by hand line by line and column by column.
TEST(PolicyCheckCli, ReportsEveryErrorAtItsLineAndColumnAllAtOnce) {
  const std::string file = "tests/policy/bad/every-error.toml";
  CliResult r = RunCli({"policy", "check", SourcePath(file)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  std::string expected = ReadFile(SourcePath("tests/policy/bad/every-error.expected"));
  ASSERT_FALSE(expected.empty());
  // The report names the file as given; the expected file uses the path relative to the tree.
  std::string actual = r.err;
  const std::string prefix = SourcePath("");
  for (auto pos = actual.find(prefix); pos != std::string::npos; pos = actual.find(prefix)) {
    actual.erase(pos, prefix.size());
  }
  EXPECT_EQ(actual, expected);
}

TEST(PolicyCheckCli, SyntaxErrorHasLineAndColumn) {
  CliResult r = RunCli({"policy", "check", SourcePath("tests/policy/bad/syntax.toml")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("syntax.toml:5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": error: TOML syntax:"), std::string::npos) << r.err;
}

TEST(PolicyCheckCli, MissingFileIsAClearError) {
  CliResult r = RunCli({"policy", "check", "/nonexistent/policy.toml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot open /nonexistent/policy.toml"), std::string::npos) << r.err;
}

TEST(PolicyCheckCli, DirectoryIsRefused) {
  CliResult r = RunCli({"policy", "check", TempDir()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
}

TEST(PolicyCheckCli, HugeFileIsRefusedBeforeParsing) {
  const std::string path = TempDir() + "/huge.toml";
  WriteFile(path, std::string(5u << 20, '#'));
  CliResult r = RunCli({"policy", "check", path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("more than the limit"), std::string::npos) << r.err;
}

TEST(PolicyCheckCli, HostileInputGivesErrorsNotACrash) {
  const std::string dir = TempDir();
  const std::vector<std::string> inputs = {
      std::string(100000, '['),
      "a = " + std::string(5000, '[') + std::string(5000, ']'),
      std::string("format = 1\n\0\xff\xfe", 15),
      "format = 1\nversion = \"\\uD800\"\n",
      "[[categories]]\nid = \"" + std::string(10000, 'a') + "\"\n",
      "format = 99999999999999999999\n",
  };
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string path = dir + "/hostile" + std::to_string(i) + ".toml";
    WriteFile(path, inputs[i]);
    CliResult r = RunCli({"policy", "check", path});
    EXPECT_EQ(r.exit_code, 1) << "input " << i;
    EXPECT_NE(r.err.find(": error: "), std::string::npos) << "input " << i << ": " << r.err;
  }
}

TEST(PolicyCli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCli({"policy", "check"}).exit_code, 2);
  EXPECT_EQ(RunCli({"policy", "notice", "x.toml", "--format", "pdf"}).exit_code, 2);
  EXPECT_EQ(RunCli({"no-such-noun"}).exit_code, 2);
  EXPECT_EQ(RunCli({}).exit_code, 2);
}

TEST(PolicyCli, VersionAndHelp) {
  CliResult v = RunCli({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("casekeep ", 0), 0u) << v.out;
  CliResult h = RunCli({"help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("policy"), std::string::npos) << h.out;
}

TEST(PolicyCli, NoticeAndRopaWriteToAFile) {
  const std::string dir = TempDir();
  const std::string policy = SourcePath("tests/policy/minimal.toml");
  CliResult n = RunCli({"policy", "notice", policy, "--output", dir + "/notice.html"});
  EXPECT_EQ(n.exit_code, 0) << n.err;
  EXPECT_NE(ReadFile(dir + "/notice.html").find("<html lang=\"en-GB\">"), std::string::npos);
  CliResult r = RunCli({"policy", "ropa", policy, "--format", "csv", "-o", dir + "/ropa.csv"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(ReadFile(dir + "/ropa.csv").empty());
}

TEST(PolicyCli, InvalidPolicyWritesNoDocument) {
  const std::string dir = TempDir();
  CliResult n = RunCli({"policy", "notice", SourcePath("tests/policy/bad/every-error.toml"),
                        "--output", dir + "/notice.html"});
  EXPECT_EQ(n.exit_code, 1);
  EXPECT_TRUE(ReadFile(dir + "/notice.html").empty());
}

}  // namespace
}  // namespace casekeep::testing
