// Helpers for commands that work on a data folder: the --data and --json options, opening the
// folder, turning --field KEY=VALUE options into typed fields, and printing views.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "base/date.h"
#include "cli/command.h"
#include "records/data_folder.h"
#include "records/views_json.h"

namespace casekeep::cli {

inline constexpr std::string_view kDefaultDataDir = "./casekeep-data";

struct FolderOptions {
  std::string data = std::string(kDefaultDataDir);
  bool json = false;
};

//! Adds --data DIR and --json to a command.
void AddFolderOptions(CLI::App* command, FolderOptions& options);

//! Opens the folder or reports why not (sets ctx's exit code) and returns nullptr.
std::unique_ptr<records::DataFolder> OpenFolder(Context& ctx, const FolderOptions& options);

//! The clock every command uses.
const Clock& CommandClock();

//! Fields from KEY=VALUE strings, typed by the policy's fields (integers and booleans
//! converted), merged over `json_text` (a JSON object) when given.
Result<nlohmann::json> ParseFieldArgs(std::span<const policy::Field> fields,
                                      const std::vector<std::string>& args,
                                      const std::string& json_text);

//! Prints `value` as pretty JSON, or as "key: value" lines for people.
void Print(Context& ctx, bool json, const nlohmann::json& value);

using records::ToJson;

}  // namespace casekeep::cli
