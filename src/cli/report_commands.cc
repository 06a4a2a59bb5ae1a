// `casekeep report list|check|run` and `casekeep extract list|run`: statistics and
// pseudonymised extracts from the definitions in the folder's reports.toml, through the
// records service (docs/statistics.md). The command line acts as the local admin.
#include <memory>

#include "cli/folder.h"
#include "records/stats.h"
#include "stats/output.h"

namespace casekeep::cli {
namespace {

struct ReportOptions {
  FolderOptions folder;
  std::string id;
  std::string format = "csv";
  std::string from;
  std::string to;
};

void List(Context& ctx, const ReportOptions& o, bool extracts) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto defs = records::LoadReportDefinitions(*folder);
  if (!defs) return ctx.Fail(defs.error());
  nlohmann::json items = nlohmann::json::array();
  auto add = [&](const auto& d) {
    items.push_back({{"id", d.id}, {"label", d.label}, {"description", d.description}});
    if (!o.folder.json) ctx.out << d.id << "  " << d.label << "\n";
  };
  if (extracts) {
    for (const auto& d : defs->extracts) add(d);
  } else {
    for (const auto& d : defs->reports) add(d);
  }
  if (o.folder.json) Print(ctx, true, items);
}

void Check(Context& ctx, const ReportOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto defs = records::LoadReportDefinitions(*folder);
  if (!defs) return ctx.Fail(defs.error());
  ctx.out << records::ReportsPath(*folder) << ": " << defs->reports.size() << " reports, "
          << defs->extracts.size() << " extracts\n";
}

void Run(Context& ctx, const ReportOptions& o) {
  auto format = stats::ParseFormat(o.format);
  if (!format) return ctx.Fail(format.error());
  auto range = stats::ParseMonthRange(o.from, o.to);
  if (!range) return ctx.Fail(range.error());
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto defs = records::LoadReportDefinitions(*folder);
  if (!defs) return ctx.Fail(defs.error());
  const stats::ReportDef* def = defs->FindReport(o.id);
  if (def == nullptr) return ctx.Fail(Error{ErrorCode::kNotFound, "no report '" + o.id + "'"});
  auto table = folder->records().RunReport(records::Actor{}, *def, *range);
  if (!table) return ctx.Fail(table.error());
  ctx.out << stats::Render(*table, *format);
}

void RunExtract(Context& ctx, const ReportOptions& o) {
  auto range = stats::ParseMonthRange(o.from, o.to);
  if (!range) return ctx.Fail(range.error());
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto defs = records::LoadReportDefinitions(*folder);
  if (!defs) return ctx.Fail(defs.error());
  const stats::ExtractDef* def = defs->FindExtract(o.id);
  if (def == nullptr) return ctx.Fail(Error{ErrorCode::kNotFound, "no extract '" + o.id + "'"});
  auto e = folder->records().RunExtract(records::Actor{}, *def, *range);
  if (!e) return ctx.Fail(e.error());
  for (const auto& g : e->generalised) ctx.err << "generalised: " << g << "\n";
  ctx.out << stats::ExtractCsv(*e);
}

void AddRange(CLI::App* command, ReportOptions& o) {
  command->add_option("--from", o.from, "First month of cases opened (YYYY-MM)");
  command->add_option("--to", o.to, "Last month of cases opened (YYYY-MM)");
}

}  // namespace

void AddReportCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* noun = app.add_subcommand("report", "Statistics: list, check, run");
  noun->require_subcommand(1);

  CLI::App* list = noun->add_subcommand("list", "The reports defined in reports.toml");
  AddFolderOptions(list, o->folder);
  list->callback([&ctx, o] { List(ctx, *o, false); });

  CLI::App* check = noun->add_subcommand("check", "Check reports.toml against the policy");
  AddFolderOptions(check, o->folder);
  check->callback([&ctx, o] { Check(ctx, *o); });

  CLI::App* run = noun->add_subcommand("run", "Run a report: suppressed, rounded, no identifiers");
  AddFolderOptions(run, o->folder);
  run->add_option("ID", o->id, "The report's id")->required();
  run->add_option("--format", o->format, "csv, json or html (default csv)");
  AddRange(run, *o);
  run->callback([&ctx, o] { Run(ctx, *o); });

  CLI::App* extract = app.add_subcommand("extract", "Pseudonymised extracts: list, run");
  extract->require_subcommand(1);
  CLI::App* elist = extract->add_subcommand("list", "The extracts defined in reports.toml");
  AddFolderOptions(elist, o->folder);
  elist->callback([&ctx, o] { List(ctx, *o, true); });
  CLI::App* erun =
      extract->add_subcommand("run", "Run an extract as CSV: refused, or generalised, below k");
  AddFolderOptions(erun, o->folder);
  erun->add_option("ID", o->id, "The extract's id")->required();
  AddRange(erun, *o);
  erun->callback([&ctx, o] { RunExtract(ctx, *o); });
}

}  // namespace casekeep::cli
