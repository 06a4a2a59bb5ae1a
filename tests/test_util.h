// Helpers for whole-program tests: run the CLI in process and read test files.
#pragma once

#include <string>
#include <vector>

namespace casekeep::testing {

struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

//! Runs `casekeep args...` in process with the working directory unchanged.
CliResult RunCli(const std::vector<std::string>& args);

//! A path inside the source tree.
std::string SourcePath(const std::string& relative);

//! Contents of a file, or "" if it cannot be read.
std::string ReadFile(const std::string& path);

void WriteFile(const std::string& path, const std::string& data);

//! A fresh temporary directory, removed when the process exits.
std::string TempDir();

//! The example policies shipped in policy/examples, by stem ("contact-centre").
std::vector<std::string> ExamplePolicies();

}  // namespace casekeep::testing
