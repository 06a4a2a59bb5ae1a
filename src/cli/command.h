// Shared state of one CLI invocation, handed to every noun's registration function. Not
// thread-safe; one per invocation.
#pragma once

#include <iosfwd>
#include <string>

#include "base/error.h"

namespace CLI {
class App;
}

namespace casekeep::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct Context {
  std::ostream& out;
  std::ostream& err;
  int exit_code = kExitOk;
  bool json = false;

  //! Prints "casekeep: <message>" to err and sets the exit code to 1 (or 2 for bad usage).
  void Fail(const Error& error);
};

void AddPolicyCommands(CLI::App& app, Context& ctx);
void AddRightsCommands(CLI::App& app, Context& ctx);
//! `rights pack` and `rights portable`, added to the `rights` noun (call after AddRightsCommands).
void AddPackCommands(CLI::App& app, Context& ctx);
void AddFolderCommands(CLI::App& app, Context& ctx);
void AddSubjectCommands(CLI::App& app, Context& ctx);
void AddCaseCommands(CLI::App& app, Context& ctx);
void AddRecordCommands(CLI::App& app, Context& ctx);
void AddImportCommands(CLI::App& app, Context& ctx);
void AddSampleCommands(CLI::App& app, Context& ctx);
void AddUserCommands(CLI::App& app, Context& ctx);
void AddConsentCommands(CLI::App& app, Context& ctx);
void AddAnonymiseCommands(CLI::App& app, Context& ctx);
void AddMarketingCommands(CLI::App& app, Context& ctx);
void AddRetentionCommands(CLI::App& app, Context& ctx);
void AddReportCommands(CLI::App& app, Context& ctx);
void AddShareCommands(CLI::App& app, Context& ctx);
void AddErasureCommands(CLI::App& app, Context& ctx);
void AddBackupCommands(CLI::App& app, Context& ctx);
void AddServeCommand(CLI::App& app, Context& ctx);

}  // namespace casekeep::cli
