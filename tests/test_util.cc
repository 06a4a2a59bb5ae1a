#include "tests/test_util.h"

#include <algorithm>
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

}  // namespace casekeep::testing
