#include "cli/cli.h"

int main(int argc, char** argv) { return casekeep::cli::Main(argc, argv); }
