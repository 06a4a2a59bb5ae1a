// The real casekeep binary: staff accounts from the command line (passwords on standard input
// only) and `casekeep serve` starting, answering and stopping on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "http/client.h"
#include "tests/test_util.h"

namespace casekeep {
namespace {

std::string Binary() {
  const char* env = std::getenv("CASEKEEP_BIN");
  return env != nullptr && *env != '\0' ? env : std::string(CASEKEEP_BINARY_DIR) + "/casekeep";
}

struct Run {
  int exit_code = -1;
  std::string out;
};

// Runs the binary through the shell with `input` on standard input.
Run Shell(const std::string& args, const std::string& input) {
  const std::string dir = testing::TempDir();
  testing::WriteFile(dir + "/stdin", input);
  const std::string cmd = Binary() + " " + args + " < " + dir + "/stdin 2>&1";
  Run r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class UserServeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = testing::TempDir() + "/data";
    auto init = Shell("init --data " + data_ + " --policy " +
                          testing::SourcePath("policy/examples/contact-centre.toml"),
                      "");
    ASSERT_EQ(init.exit_code, 0) << init.out;
  }
  std::string data_;
};

TEST_F(UserServeCliTest, UsersAreManagedWithPasswordsFromStandardInput) {
  auto added = Shell("user add casey --data " + data_ +
                         " --name 'Casey Worker' --team north --role contact_worker",
                     "a long enough password\n");
  ASSERT_EQ(added.exit_code, 0) << added.out;
  EXPECT_EQ(added.out.substr(0, 2), "W-");

  auto no_password = Shell("user add dana --data " + data_ + " --name Dana --role dpo", "");
  EXPECT_EQ(no_password.exit_code, 1);
  EXPECT_NE(no_password.out.find("standard input"), std::string::npos) << no_password.out;

  auto short_password =
      Shell("user add dana --data " + data_ + " --name Dana --role dpo", "short\n");
  EXPECT_EQ(short_password.exit_code, 1) << short_password.out;

  auto bad_role = Shell("user add eve --data " + data_ + " --name Eve --role wizard",
                        "a long enough password\n");
  EXPECT_EQ(bad_role.exit_code, 1);
  EXPECT_NE(bad_role.out.find("wizard"), std::string::npos) << bad_role.out;

  auto list = Shell("user list --json --data " + data_, "");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  auto users = nlohmann::json::parse(list.out);
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["username"], "casey");
  EXPECT_EQ(users[0]["team"], "north");

  auto token =
      Shell("user token casey --json --label nightly --role contact_worker --data " + data_, "");
  ASSERT_EQ(token.exit_code, 0) << token.out;
  const std::string code = nlohmann::json::parse(token.out)["code"];
  EXPECT_EQ(Shell("user revoke-token " + code + " --data " + data_, "").exit_code, 0);
  auto tokens = Shell("user tokens casey --json --data " + data_, "");
  ASSERT_EQ(tokens.exit_code, 0) << tokens.out;
  EXPECT_TRUE(nlohmann::json::parse(tokens.out)[0].contains("revoked_at")) << tokens.out;

  auto disabled = Shell("user disable casey --json --data " + data_, "");
  ASSERT_EQ(disabled.exit_code, 0) << disabled.out;
  EXPECT_EQ(nlohmann::json::parse(disabled.out)["disabled"], true);

  // The password never appears in the folder's files or the audit export.
  auto exported = Shell("audit export --data " + data_, "");
  EXPECT_EQ(exported.out.find("a long enough password"), std::string::npos);
}

TEST_F(UserServeCliTest, ServeAnswersAndStopsOnSigterm) {
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    const std::string bin = Binary();
    ::execl(bin.c_str(), bin.c_str(), "serve", "--data", data_.c_str(), "--listen", "127.0.0.1:0",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  char c = 0;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  ASSERT_NE(line.find("http://127.0.0.1:"), std::string::npos) << line;
  const auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  http::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ(health->status, 200);
  auto whoami = client.Get("/api/v1/whoami");
  ASSERT_TRUE(whoami);
  EXPECT_EQ(whoami->status, 401);
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ::close(out[0]);
}

TEST_F(UserServeCliTest, PlainHttpIsRefusedOffLoopback) {
  auto r = Shell("serve --data " + data_ + " --listen 0.0.0.0:0", "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("loopback"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace casekeep
