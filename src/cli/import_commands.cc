// `casekeep import csv`: importing a CRM export through the records service (docs/import.md).
// Bad rows go to standard error as FILE:LINE: error: message; progress goes to the terminal;
// with --progress-lines every committed batch is announced on standard output as it happens.
// Not thread-safe: one command per invocation.
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include "cli/folder.h"
#include "cli/progress.h"
#include "records/import.h"

namespace casekeep::cli {
namespace {

struct ImportCliOptions {
  FolderOptions folder;
  std::string file;
  std::string mapping;
  std::string quarantine;
  std::int64_t batch = 1000;
  bool progress_lines = false;
};

// Errors that list problems as "FILE:LINE: error: ..." are printed as they are, one a line.
void FailWith(Context& ctx, const Error& error) {
  if (error.message.find(": error: ") == std::string::npos) return ctx.Fail(error);
  ctx.err << error.message << "\n";
  ctx.exit_code = kExitFailure;
}

nlohmann::json Summary(const records::ImportOptions& o, const records::ImportReport& r) {
  nlohmann::json j{{"file", o.csv_path},
                   {"rows_read", r.rows_read},
                   {"imported", r.imported},
                   {"already_imported", r.skipped},
                   {"recovered", r.recovered},
                   {"quarantined", r.quarantined},
                   {"bad_rows", r.problems.size()},
                   {"aborted", r.aborted}};
  if (!r.quarantine_path.empty()) j["quarantine_file"] = r.quarantine_path;
  if (!r.aborted) j["codes_file"] = r.codes_path;
  j["marketing_opt_ins"] = r.marketing_opt_ins;
  j["marketing_opt_ins_refused_unsubscribed"] = r.marketing_refused;
  return j;
}

void PrintSummary(Context& ctx, const records::ImportOptions& o, const records::ImportReport& r) {
  ctx.out << "read " << r.rows_read << " rows from " << o.csv_path << "\n"
          << "imported " << r.imported << " rows\n";
  if (r.skipped > 0) {
    ctx.out << "skipped " << r.skipped << " rows already imported by an earlier run";
    if (r.recovered > 0)
      ctx.out << " (" << r.recovered << " of them found committed but not yet noted)";
    ctx.out << "\n";
  }
  if (!r.quarantine_path.empty()) {
    ctx.out << "quarantined " << r.quarantined << " bad rows in " << r.quarantine_path << "\n";
  }
  if (r.marketing_opt_ins > 0) ctx.out << "marketing opt-ins: " << r.marketing_opt_ins << "\n";
  if (r.marketing_refused > 0) {
    ctx.out << "marketing opt-ins refused: address unsubscribed: " << r.marketing_refused << "\n";
  }
  ctx.out << "codes: " << r.codes_path << "\n";
}

void Csv(Context& ctx, const ImportCliOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::ImportOptions options{o.file, o.mapping, o.quarantine, o.batch, records::Actor{}};
  const bool json = o.folder.json;
  Progress checking(ctx.err, "rows checked");
  std::optional<Progress> writing;
  std::int64_t written_before = -1;
  records::ImportEvents events;
  events.checking = [&](std::int64_t rows) { checking.Update(rows); };
  events.resuming = [&](std::int64_t rows, std::int64_t line, bool complete) {
    checking.Done();
    if (json) return;
    if (complete) {
      ctx.out << "an earlier run imported this file completely (" << rows
              << " rows); nothing to do\n";
    } else {
      ctx.out << "an earlier run imported " << rows << " rows (up to line " << line
              << "); carrying on after them\n";
    }
  };
  events.committed = [&](const records::ImportBatchDone& done) {
    if (!writing) {
      checking.Done();
      writing.emplace(ctx.err, "rows imported");
      written_before = done.first_row - 1;
    }
    writing->Update(done.last_row - written_before);
    if (!o.progress_lines) return;
    if (json) {
      ctx.out << nlohmann::json{{"committed_rows", {done.first_row, done.last_row}},
                                {"lines", {done.first_line, done.last_line}},
                                {"recovered", done.recovered}}
                     .dump()
              << std::endl;
    } else {
      ctx.out << "committed rows " << done.first_row << "-" << done.last_row << " (lines "
              << done.first_line << "-" << done.last_line << ")"
              << (done.recovered ? " found committed by an earlier run" : "") << std::endl;
    }
  };
  auto report = records::ImportCsv(*folder, options, events);
  checking.Done();
  writing.reset();
  if (!report) return FailWith(ctx, report.error());
  for (const auto& problem : report->problems) ctx.err << problem << "\n";
  if (json) Print(ctx, true, Summary(options, *report));
  if (report->aborted) {
    ctx.err << "casekeep: " << report->problems.size() << " bad row"
            << (report->problems.size() == 1 ? "" : "s") << " in " << o.file
            << "; nothing was imported. Correct them, or set on_error = \"quarantine\" in the "
               "mapping to import the good rows and set the bad ones aside.\n";
    ctx.exit_code = kExitFailure;
    return;
  }
  if (!json) PrintSummary(ctx, options, *report);
}

}  // namespace

void AddImportCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun = app.add_subcommand("import", "Import people or records from another system");
  noun->require_subcommand(1);
  auto o = std::make_shared<ImportCliOptions>();

  CLI::App* csv = noun->add_subcommand(
      "csv", "Import a CSV export, checked row by row against the policy (docs/import.md)");
  AddFolderOptions(csv, o->folder);
  csv->add_option("FILE", o->file, "The CSV file, with a header row")->required();
  csv->add_option("--mapping", o->mapping, "Mapping file (TOML): which column is which field")
      ->required();
  csv->add_option("--quarantine", o->quarantine,
                  "Where bad rows go with on_error = \"quarantine\" (default FILE.quarantine.csv)");
  csv->add_option("--batch", o->batch, "Rows per transaction (default 1000)")
      ->check(CLI::Range(std::int64_t{1}, records::kMaxImportBatchRows));
  csv->add_flag("--progress-lines", o->progress_lines,
                "Print a line on standard output as each batch is committed");
  csv->callback([&ctx, o] { Csv(ctx, *o); });
}

}  // namespace casekeep::cli
