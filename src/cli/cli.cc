#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include <iostream>

#include "cli/command.h"

#ifndef CASEKEEP_VERSION
#define CASEKEEP_VERSION "0.0.0"
#endif

namespace casekeep::cli {

void Context::Fail(const Error& error) {
  err << "casekeep: " << error.message << "\n";
  exit_code = kExitFailure;
}

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Context ctx{out, err};
  CLI::App app{"casekeep: case records that keep the promises of your privacy policy",
               "casekeep"};
  app.set_version_flag("--version", std::string("casekeep ") + CASEKEEP_VERSION);
  app.require_subcommand(1);
  bool want_help = false;
  app.add_subcommand("help", "Show this help")->callback([&] { want_help = true; });
  AddFolderCommands(app, ctx);
  AddPolicyCommands(app, ctx);
  AddSubjectCommands(app, ctx);
  AddCaseCommands(app, ctx);
  AddRecordCommands(app, ctx);
  AddImportCommands(app, ctx);
  AddSampleCommands(app, ctx);
  AddRightsCommands(app, ctx);
  AddPackCommands(app, ctx);
  AddUserCommands(app, ctx);
  AddConsentCommands(app, ctx);
  AddAnonymiseCommands(app, ctx);
  AddMarketingCommands(app, ctx);
  AddRetentionCommands(app, ctx);
  AddReportCommands(app, ctx);
  AddShareCommands(app, ctx);
  AddErasureCommands(app, ctx);
  AddBackupCommands(app, ctx);
  AddServeCommand(app, ctx);
  app.footer("Run 'casekeep <noun> --help' for a noun's verbs. Documentation: docs/ and README.md.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    out << "casekeep " << CASEKEEP_VERSION << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Help for a subcommand arrives as CallForHelp too; anything else is a usage error.
    err << "casekeep: " << e.what() << "\nRun 'casekeep help' for usage.\n";
    return kExitUsage;
  }
  if (want_help) {
    app.clear();  // forget the parsed "help" so the whole command list is shown
    out << app.help();
  }
  return ctx.exit_code;
}

int Main(int argc, char** argv) {
  // Everything casekeep writes (stores, keys, exports) is for its owner alone.
  ::umask(077);
  return Run(argc, argv, std::cout, std::cerr);
}

}  // namespace casekeep::cli
