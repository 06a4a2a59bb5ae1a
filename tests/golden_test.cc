// The documents generated from the five example policies: byte-for-byte against the golden files
// in tests/golden (regenerate with `make golden` after an intended change, and review the diff),
// HTML validity (W3C tidy plus our own accessibility checks), and every retention period each
// seed states present in its example's notice.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>

#include "tests/test_util.h"

namespace casekeep::testing {
namespace {

struct Doc {
  std::string command;  // "notice" or "ropa"
  std::string format;
  std::string suffix;
};

const std::vector<Doc>& Docs() {
  static const std::vector<Doc> docs{{"notice", "html", ".notice.html"},
                                     {"notice", "md", ".notice.md"},
                                     {"ropa", "csv", ".ropa.csv"},
                                     {"ropa", "md", ".ropa.md"}};
  return docs;
}

std::string Render(const std::string& example, const Doc& doc) {
  CliResult r = RunCli({"policy", doc.command, SourcePath("policy/examples/" + example + ".toml"),
                        "--format", doc.format});
  EXPECT_EQ(r.exit_code, 0) << example << " " << doc.command << ": " << r.err;
  return r.out;
}

bool UpdateMode() { return std::getenv("CASEKEEP_UPDATE_GOLDEN") != nullptr; }

TEST(GoldenTest, DocumentsMatchGoldenFiles) {
  for (const auto& example : ExamplePolicies()) {
    for (const auto& doc : Docs()) {
      const std::string golden = SourcePath("tests/golden/" + example + doc.suffix);
      const std::string actual = Render(example, doc);
      if (UpdateMode()) {
        WriteFile(golden, actual);
        continue;
      }
      const std::string expected = ReadFile(golden);
      ASSERT_FALSE(expected.empty()) << "missing golden file " << golden << " (run make golden)";
      EXPECT_EQ(actual, expected) << example << doc.suffix
                                  << " differs from its golden file; if the change is intended, "
                                     "run `make golden` and review the diff";
    }
  }
}

// Runs W3C tidy over the HTML; any warning or error fails.
TEST(GoldenTest, NoticeHtmlIsValid) {
  const std::string dir = TempDir();
  for (const auto& example : ExamplePolicies()) {
    const std::string path = dir + "/" + example + ".html";
    WriteFile(path, Render(example, Docs()[0]));
    const std::string report = dir + "/" + example + ".tidy";
    const std::string cmd = "tidy -q -e --show-warnings yes --gnu-emacs yes '" + path + "' 2>'" +
                            report + "'";
    const int status = std::system(cmd.c_str());
    EXPECT_EQ(status, 0) << example << ": tidy reports\n" << ReadFile(report);
  }
}

TEST(GoldenTest, NoticeHtmlIsAccessible) {
  const std::regex heading("<h([1-6])[ >]");
  for (const auto& example : ExamplePolicies()) {
    const std::string html = Render(example, Docs()[0]);
    EXPECT_NE(html.find("<html lang=\"en-GB\">"), std::string::npos) << example;
    EXPECT_NE(html.find("<title>"), std::string::npos) << example;
    // Headings start at h1, appear once at level 1, and never skip a level going down.
    int previous = 0;
    int h1 = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), heading);
         it != std::sregex_iterator(); ++it) {
      const int level = std::stoi((*it)[1]);
      if (level == 1) ++h1;
      EXPECT_LE(level, previous + 1) << example << ": h" << level << " after h" << previous;
      previous = level;
    }
    EXPECT_EQ(h1, 1) << example;
    // Every table has a caption and column headers with scope.
    std::size_t tables = 0;
    for (auto pos = html.find("<table"); pos != std::string::npos;
         pos = html.find("<table", pos + 1)) {
      ++tables;
      const auto end = html.find("</table>", pos);
      const std::string table = html.substr(pos, end - pos);
      EXPECT_NE(table.find("<caption>"), std::string::npos) << example;
      EXPECT_NE(table.find("<th scope=\"col\">"), std::string::npos) << example;
    }
    EXPECT_GE(tables, 2u) << example << ": the collection and retention tables";
  }
}

// Every retention period stated in each seed policy, as the notice must say it.
TEST(GoldenTest, EverySeedRetentionPeriodIsInTheNotice) {
  const std::map<std::string, std::vector<std::string>> periods{
      // Seed 000: seven years on the case system, three on the chat platform.
      {"parenting-chat", {"7 years", "3 years"}},
      // Seed 002: HR six years, parental leave five, DBS form six months, finance six years,
      // self-referrals one year, court or Cafcass referrals three years, staff data unused for
      // three years, supervised contact reports and safeguarding records indefinitely.
      {"contact-centre", {"6 years", "5 years", "6 months", "1 year", "3 years", "Indefinitely"}},
      // Seed 003: general files three years after last contact; safeguarding files indefinitely,
      // reviewed annually.
      {"peer-support", {"3 years", "Indefinitely", "1 year"}},
  };
  for (const auto& [example, expected] : periods) {
    const std::string html = Render(example, Docs()[0]);
    const std::string md = Render(example, Docs()[1]);
    for (const auto& period : expected) {
      EXPECT_NE(html.find(period), std::string::npos) << example << " HTML lacks " << period;
      EXPECT_NE(md.find(period), std::string::npos) << example << " Markdown lacks " << period;
    }
  }
}

}  // namespace
}  // namespace casekeep::testing
