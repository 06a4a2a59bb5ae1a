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

//! The casekeep binary of this build (or $CASEKEEP_BIN), for tests that run it as a process.
std::string CasekeepBinary();

//! A child process running the real binary with `args`, its standard output readable line by
//! line and its standard error appended to `err_path`. Killed and reaped if still running when
//! destroyed.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& err_path);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0 && out_ >= 0; }
  //! The next line of output; false at the end of it (a partial last line is dropped).
  bool ReadLine(std::string& line);
  void Kill();
  //! The wait status.
  int Wait();

 private:
  int pid_ = -1;
  int out_ = -1;
  bool reaped_ = false;
  std::string buffer_;
};

//! Runs the binary with `args` to the end; its exit code (-1 if it did not exit normally), its
//! standard output appended to `out` when given.
int RunToEnd(const std::vector<std::string>& args, const std::string& err_path, std::string* out);

}  // namespace casekeep::testing
