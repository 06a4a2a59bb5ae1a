// `casekeep rights pack|portable`: access packs and portable data through the records service
// (docs/rights.md). `pack` without --decisions writes the draft for the DPO's review (the pack
// with its redaction items, as JSON); with --decisions it writes the final pack.
#include <memory>

#include "base/file.h"
#include "cli/folder.h"
#include "records/access_pack.h"

namespace casekeep::cli {
namespace {

//! Largest decisions file read, in bytes.
constexpr std::size_t kMaxDecisionsBytes = std::size_t{16} << 20;

struct PackOptions {
  FolderOptions folder;
  std::string subject;
  std::string decisions;
  std::string requested_by;
  std::string format = "tar";
  std::string out;
};

struct PortableOptions {
  FolderOptions folder;
  std::string subject;
  std::string format = "json";
  std::string out;
};

// Writes `data` to `path` ("-": standard output).
void Emit(Context& ctx, const std::string& path, const std::string& data) {
  if (path == "-") {
    ctx.out << data;
    return;
  }
  if (auto written = WriteFileAtomic(path, data); !written) ctx.Fail(written.error());
}

void Pack(Context& ctx, const PackOptions& o) {
  if (o.format != "tar" && o.format != "html" && o.format != "json") {
    return ctx.Fail(Error{ErrorCode::kInvalidArgument, "--format must be tar, html or json"});
  }
  records::AccessPackOptions options;
  options.requested_by = o.requested_by;
  if (!o.decisions.empty()) {
    auto text = ReadFileCapped(o.decisions, kMaxDecisionsBytes);
    if (!text) return ctx.Fail(text.error());
    const auto parsed = nlohmann::json::parse(*text, nullptr, false);
    if (parsed.is_discarded()) {
      return ctx.Fail(Error{ErrorCode::kInvalidArgument, o.decisions + " is not JSON"});
    }
    auto decisions = records::ParseDecisions(parsed);
    if (!decisions) return ctx.Fail(decisions.error());
    options.decisions = std::move(*decisions);
    options.final = true;
  }
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto pack = folder->records().AssembleAccessPack(records::Actor{}, o.subject, options);
  if (!pack) return ctx.Fail(pack.error());
  if (!options.final) {
    const nlohmann::json draft{{"subject", pack->subject},
                               {"restricted", pack->restricted},
                               {"items", records::ItemsJson(pack->items)},
                               {"pack", pack->data}};
    Emit(ctx, o.out, draft.dump(2) + "\n");
    if (o.out != "-") {
      ctx.out << "draft of " << pack->subject << " written to " << o.out << ": "
              << pack->items.size()
              << " redaction items to decide (give them with --decisions FILE)\n";
    }
    return;
  }
  const policy::Policy& policy = folder->records().policy();
  if (o.format == "json") {
    Emit(ctx, o.out, pack->data.dump(2) + "\n");
  } else if (o.format == "html") {
    Emit(ctx, o.out, records::PackHtml(policy, *pack));
  } else {
    Emit(ctx, o.out, records::PackArchive(policy, *pack));
  }
  if (ctx.exit_code == kExitOk && o.out != "-") {
    ctx.out << "access pack of " << pack->subject << " written to " << o.out << "\n";
  }
}

void Portable(Context& ctx, const PortableOptions& o) {
  if (o.format != "json" && o.format != "csv") {
    return ctx.Fail(Error{ErrorCode::kInvalidArgument, "--format must be json or csv"});
  }
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto data = folder->records().ExportPortable(records::Actor{}, o.subject);
  if (!data) return ctx.Fail(data.error());
  Emit(ctx, o.out, o.format == "csv" ? records::PortableCsv(*data) : data->data.dump(2) + "\n");
}

}  // namespace

void AddPackCommands(CLI::App& app, Context& ctx) {
  CLI::App* rights = app.get_subcommand("rights");
  auto p = std::make_shared<PackOptions>();
  CLI::App* pack = rights->add_subcommand(
      "pack", "Write a person's access pack: the draft for review, or the final pack");
  AddFolderOptions(pack, p->folder);
  pack->add_option("subject", p->subject, "The person's code (S-…)")->required();
  pack->add_option("--decisions", p->decisions,
                   "The DPO's decisions as JSON: {\"X-…\": {\"release\": bool, \"reason\": "
                   "\"...\"}}; builds the final pack");
  pack->add_option("--requested-by", p->requested_by,
                   "Code of a parent or carer asking for a child's data (DPA 2018 Sch 3 Part 5)");
  pack->add_option("--format", p->format, "Final pack as tar (default), html or json");
  pack->add_option("--out", p->out, "File to write ('-': standard output)")->required();
  pack->callback([&ctx, p] { Pack(ctx, *p); });

  auto q = std::make_shared<PortableOptions>();
  CLI::App* portable = rights->add_subcommand(
      "portable", "Write the data a person provided, on consent or contract (portability)");
  AddFolderOptions(portable, q->folder);
  portable->add_option("subject", q->subject, "The person's code (S-…)")->required();
  portable->add_option("--format", q->format, "json (default) or csv");
  portable->add_option("--out", q->out, "File to write (default: standard output)");
  portable->callback([&ctx, q] {
    PortableOptions o = *q;
    if (o.out.empty()) o.out = "-";
    Portable(ctx, o);
  });
}

}  // namespace casekeep::cli
