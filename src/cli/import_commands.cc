// placeholder
#include "cli/command.h"
namespace casekeep::cli {
void AddImportCommands(CLI::App&, Context&) {}
}  // namespace casekeep::cli
