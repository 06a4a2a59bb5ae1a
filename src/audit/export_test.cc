// Tests for the JSON-lines export: the exact line format, reading lines back, exporting a whole
// chain, and agreement with the reference verifier printed in docs/audit-format.md (run with
// python3 when it is installed, skipped otherwise).
#include "audit/export.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "audit/test_chain.h"
#include "crypto/bytes.h"

namespace casekeep::audit {
namespace {

using testing::CountingKey;
using testing::FakeStore;

store::AuditRow Example() {
  store::AuditRow row;
  row.seq = 1;
  row.at_micros = 1'700'000'000'123'456;
  row.actor = "U-4F7Q2ZP";
  row.action = "record.read";
  row.objects = "C-8H2K5WX R-3N9P6TD";
  row.purpose = "case_work";
  row.outcome = "ok";
  row.detail = "fields=3 note=\"x\\y\"";
  row.prev_hash = Bytes(kHashSize, 0);
  row.hash = Bytes(kHashSize, 0x11);
  row.mac = Bytes(kMacSize, 0x22);
  return row;
}

TEST(ExportTest, LineFormatIsFixed) {
  const std::string zeros(64, '0');
  const std::string ones = [] {
    std::string s;
    for (int i = 0; i < 32; ++i) s += "11";
    return s;
  }();
  const std::string twos = [] {
    std::string s;
    for (int i = 0; i < 32; ++i) s += "22";
    return s;
  }();
  EXPECT_EQ(ToJsonLine(Example()),
            R"({"seq":1,"at_micros":1700000000123456,"actor":"U-4F7Q2ZP","action":"record.read",)"
            R"("objects":"C-8H2K5WX R-3N9P6TD","purpose":"case_work","outcome":"ok",)"
            R"("detail":"fields=3 note=\"x\\y\"","prev_hash":")" +
                zeros + R"(","hash":")" + ones + R"(","mac":")" + twos + R"("})");
}

TEST(ExportTest, LinesReadBack) {
  const store::AuditRow row = Example();
  auto back = FromJsonLine(ToJsonLine(row));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->seq, row.seq);
  EXPECT_EQ(back->at_micros, row.at_micros);
  EXPECT_EQ(back->objects, row.objects);
  EXPECT_EQ(back->detail, row.detail);
  EXPECT_EQ(back->prev_hash, row.prev_hash);
  EXPECT_EQ(back->hash, row.hash);
  EXPECT_EQ(back->mac, row.mac);
}

TEST(ExportTest, BadLinesSayWhichKey) {
  auto expect = [](std::string_view line, std::string_view words) {
    auto row = FromJsonLine(line);
    ASSERT_FALSE(row) << line;
    EXPECT_EQ(row.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(row.error().message.find(words), std::string::npos) << row.error().message;
  };
  expect("not json", "not a JSON object");
  expect("[1,2]", "not a JSON object");
  expect(R"({"at_micros":1})", "\"seq\" must be a whole number");
  expect(R"({"seq":1.5})", "\"seq\" must be a whole number");
  expect(R"({"seq":18446744073709551615})", "\"seq\" must be a whole number");
  std::string line = ToJsonLine(Example());
  line.replace(line.find("\"actor\":\"U-4F7Q2ZP\""), 19, "\"actor\":7");
  expect(line, "\"actor\" must be a string");
  line = ToJsonLine(Example());
  line.replace(line.find("\"hash\":\"11"), 10, "\"hash\":\"zz");
  expect(line, "\"hash\" must be hex");
}

TEST(ExportTest, ExportsTheWholeChainInOrder) {
  FakeStore store;
  testing::AppendEntries(store, CountingKey(), 25);
  std::string out;
  std::vector<std::int64_t> progress;
  auto written = ExportJsonLines(
      store,
      [&](std::string_view line) -> Status {
        out += line;
        return {};
      },
      [&](std::int64_t done) { progress.push_back(done); });
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, 25);
  EXPECT_EQ(progress, std::vector<std::int64_t>{25});
  EXPECT_EQ(store.read_txs, 1);
  std::istringstream lines(out);
  std::string line;
  std::int64_t seq = 0;
  while (std::getline(lines, line)) {
    auto row = FromJsonLine(line);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->seq, ++seq);
    EXPECT_EQ(row->hash, store.rows.at(seq).hash);
  }
  EXPECT_EQ(seq, 25);

  auto refused =
      ExportJsonLines(store, [](std::string_view) -> Status { return IoError("disk full"); }, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "disk full");
}

// The reference verifier: the first ```python block in docs/audit-format.md.
std::string ReferenceVerifier() {
  std::ifstream in(std::string(CASEKEEP_SOURCE_DIR) + "/docs/audit-format.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string open = "```python\n";
  const std::size_t start = doc.find(open);
  if (start == std::string::npos) return {};
  const std::size_t end = doc.find("\n```", start + open.size());
  return doc.substr(start + open.size(), end - start - open.size() + 1);
}

// Debian's interpreter when it is there (a version manager's shim can take seconds to start).
std::string Python() {
  return ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

// Runs the reference verifier over `store`'s export; returns its output and exit status.
std::pair<std::string, int> RunReference(FakeStore& store, const std::string& args) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("casekeep-audit-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "verify_audit.py") << ReferenceVerifier();
  std::ofstream jsonl(dir / "audit.jsonl");
  EXPECT_TRUE(ExportJsonLines(store,
                              [&](std::string_view line) -> Status {
                                jsonl << line;
                                return {};
                              },
                              {}));
  jsonl.close();
  const std::string command = Python() + " " + (dir / "verify_audit.py").string() + " " +
                              (dir / "audit.jsonl").string() + " " + args;
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {"", -1};
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = ::pclose(pipe);
  std::filesystem::remove_all(dir);
  return {output, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

TEST(ExportTest, ReferenceVerifierAgreesWithVerify) {
  if (std::system((Python() + " -c 'import hashlib' >/dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << "python3 is not installed";
  }
  ASSERT_FALSE(ReferenceVerifier().empty()) << "no ```python block in docs/audit-format.md";
  FakeStore store;
  const crypto::Key key = CountingKey();
  testing::AppendEntries(store, key, 50);
  const std::string head = FormatHead(Head{50, store.rows.at(50).hash});
  const std::string key_hex = crypto::ToHex(key.span());
  auto [ok, ok_status] = RunReference(store, "--head " + head + " --key " + key_hex);
  EXPECT_EQ(ok_status, 0) << ok;
  EXPECT_EQ(ok, "OK: 50 entries, head " + head + "\n");

  // Each kind of damage gets the same message from both verifiers.
  auto same_problem = [&](const std::string& args, const crypto::Key* with_key,
                          std::optional<Head> expected) {
    auto report = Verify(store, with_key, std::move(expected), {});
    ASSERT_TRUE(report);
    ASSERT_FALSE(report->ok);
    auto [out, status] = RunReference(store, args);
    EXPECT_EQ(status, 1);
    EXPECT_EQ(out, "FAILED: " + report->problem + "\n");
  };
  const FakeStore original = store;
  store.rows.at(7).detail = "fields=8";
  same_problem("", nullptr, std::nullopt);
  store = original;
  store.rows.erase(9);
  same_problem("", nullptr, std::nullopt);
  store = original;
  std::swap(store.rows.at(3).hash, store.rows.at(4).hash);
  same_problem("", nullptr, std::nullopt);
  store = original;
  const store::AuditRow forged = testing::ForgedNext(store);
  store.rows.emplace(forged.seq, forged);
  same_problem("--key " + key_hex, &key, std::nullopt);
  store = original;
  store.rows.erase(50);
  same_problem("--head " + head, nullptr, *ParseHead(head));
}

}  // namespace
}  // namespace casekeep::audit
