// The casekeep command line: `casekeep <noun> <verb> [options]`. Exit status 0 on success, 1 on
// failure, 2 on a usage error. Each noun registers its verbs from its own file.
#pragma once

#include <iosfwd>

namespace casekeep::cli {

//! Runs the command line; returns the process exit status. Output goes to `out` and `err`.
int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

//! Run() with the process's standard streams.
int Main(int argc, char** argv);

}  // namespace casekeep::cli
