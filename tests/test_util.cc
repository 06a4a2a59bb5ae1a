#include "tests/test_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"

namespace casekeep::testing {

CliResult RunCli(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"casekeep"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliResult r;
  r.exit_code = cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string SourcePath(const std::string& relative) {
  return std::string(CASEKEEP_SOURCE_DIR) + "/" + relative;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

std::string TempDir() {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "casekeep-test-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  std::string dir = made != nullptr ? std::string(made) : pattern;
  static std::vector<std::string> to_remove;
  static const bool registered = [] {
    std::atexit([] {
      std::error_code ec;
      for (const auto& d : to_remove) fs::remove_all(d, ec);
    });
    return true;
  }();
  (void)registered;
  to_remove.push_back(dir);
  return dir;
}

std::vector<std::string> ExamplePolicies() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(SourcePath("policy/examples"))) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string CasekeepBinary() {
  const char* env = std::getenv("CASEKEEP_BIN");
  return env != nullptr && *env != '\0' ? env : std::string(CASEKEEP_BINARY_DIR) + "/casekeep";
}

Child::Child(const std::vector<std::string>& args, const std::string& err_path) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return;
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    std::vector<std::string> all{CasekeepBinary()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  out_ = fds[0];
}

Child::~Child() {
  if (out_ >= 0) ::close(out_);
  if (pid_ > 0 && !reaped_) {
    Kill();
    Wait();
  }
}

bool Child::ReadLine(std::string& line) {
  for (;;) {
    if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
      line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return true;
    }
    char chunk[4096];
    const ssize_t n = ::read(out_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void Child::Kill() {
  ::kill(pid_, SIGKILL);
}

int Child::Wait() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  return status;
}

int RunToEnd(const std::vector<std::string>& args, const std::string& err_path, std::string* out) {
  Child child(args, err_path);
  std::string line;
  while (child.ReadLine(line)) {
    if (out != nullptr) *out += line + "\n";
  }
  const int status = child.Wait();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace casekeep::testing
