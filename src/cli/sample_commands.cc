// `casekeep sample load`: fills a data folder with fictional families, cases and records from
// the synthetic generator, for demonstrations and trials. Never for a live folder: everything
// it writes is made up, and it is audited like any other write.
#include <memory>

#include "cli/folder.h"
#include "cli/progress.h"
#include "synth/loader.h"

namespace casekeep::cli {
namespace {

struct SampleOptions {
  FolderOptions folder;
  std::int64_t records = 1000;
  std::uint64_t seed = 1;
  std::int64_t batch = 1000;
};

void Load(Context& ctx, const SampleOptions& o) {
  if (o.records < 1 || o.batch < 1) {
    return ctx.Fail(Error{ErrorCode::kInvalidArgument, "--records and --batch must be positive"});
  }
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  synth::Options options;
  options.seed = o.seed;
  auto generator = synth::Generator::Create(folder->policy(), options);
  if (!generator) return ctx.Fail(generator.error());
  Progress progress(ctx.err, "records loaded", o.records);
  auto stats = synth::LoadFamilies(folder->records(), *generator, o.records, o.batch,
                                   [&](const synth::LoadStats& s) { progress.Update(s.records); });
  progress.Done();
  if (!stats) return ctx.Fail(stats.error());
  nlohmann::json out{{"families", stats->families},
                     {"people", stats->subjects},
                     {"cases", stats->cases},
                     {"records", stats->records}};
  Print(ctx, o.folder.json, out);
}

}  // namespace

void AddSampleCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun = app.add_subcommand("sample", "Fictional sample data for trials");
  noun->require_subcommand(1);
  auto o = std::make_shared<SampleOptions>();
  CLI::App* load = noun->add_subcommand("load", "Add generated families, cases and records");
  AddFolderOptions(load, o->folder);
  load->add_option("--records", o->records, "How many records to add (default 1000)");
  load->add_option("--seed", o->seed, "Seed: the same seed gives the same data (default 1)");
  load->add_option("--batch", o->batch, "Records per transaction (default 1000)");
  load->callback([&ctx, o] { Load(ctx, *o); });
}

}  // namespace casekeep::cli
