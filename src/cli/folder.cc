#include "cli/folder.h"

#include <algorithm>
#include <charconv>
#include <ostream>

namespace casekeep::cli {

void AddFolderOptions(CLI::App* command, FolderOptions& options) {
  command->add_option("--data", options.data, "Data folder (default ./casekeep-data)");
  command->add_flag("--json", options.json, "Machine-readable JSON output");
}

const Clock& CommandClock() {
  static const SystemClock clock;
  return clock;
}

std::unique_ptr<records::DataFolder> OpenFolder(Context& ctx, const FolderOptions& options) {
  auto folder = records::DataFolder::Open(options.data, CommandClock());
  if (!folder) {
    ctx.Fail(folder.error());
    return nullptr;
  }
  return std::move(*folder);
}

Result<nlohmann::json> ParseFieldArgs(std::span<const policy::Field> fields,
                                      const std::vector<std::string>& args,
                                      const std::string& json_text) {
  nlohmann::json out = nlohmann::json::object();
  if (!json_text.empty()) {
    out = nlohmann::json::parse(json_text, nullptr, false);
    if (out.is_discarded() || !out.is_object()) {
      return InvalidArgument("--fields-json must be a JSON object");
    }
  }
  for (const auto& arg : args) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument("--field takes KEY=VALUE, not '" + arg + "'");
    }
    const std::string key = arg.substr(0, eq);
    const std::string value = arg.substr(eq + 1);
    auto f = std::find_if(fields.begin(), fields.end(),
                          [&](const policy::Field& x) { return x.id == key; });
    if (f != fields.end() && f->type == policy::FieldType::kInteger) {
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || ptr != value.data() + value.size()) {
        return InvalidArgument("field '" + key + "': '" + value + "' is not a whole number");
      }
      out[key] = n;
    } else if (f != fields.end() && f->type == policy::FieldType::kBoolean) {
      if (value != "true" && value != "false") {
        return InvalidArgument("field '" + key + "': write true or false");
      }
      out[key] = value == "true";
    } else {
      out[key] = value;
    }
  }
  return out;
}

namespace {

void PrintLines(std::ostream& out, const nlohmann::json& value, const std::string& indent) {
  for (const auto& [key, v] : value.items()) {
    if (v.is_object()) {
      out << indent << key << ":\n";
      PrintLines(out, v, indent + "  ");
    } else if (v.is_array()) {
      out << indent << key << ":";
      if (v.empty()) out << " (none)";
      out << "\n";
      for (const auto& item : v) {
        if (item.is_object()) {
          out << indent << "  -\n";
          PrintLines(out, item, indent + "    ");
        } else {
          out << indent << "  - " << (item.is_string() ? item.get<std::string>() : item.dump())
              << "\n";
        }
      }
    } else {
      out << indent << key << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
    }
  }
}

}  // namespace

void Print(Context& ctx, bool json, const nlohmann::json& value) {
  if (json) {
    ctx.out << value.dump(2) << "\n";
    return;
  }
  if (value.is_array()) {
    for (const auto& item : value) {
      PrintLines(ctx.out, item, "");
      ctx.out << "\n";
    }
    return;
  }
  PrintLines(ctx.out, value, "");
}

}  // namespace casekeep::cli
