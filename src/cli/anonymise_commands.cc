// `casekeep anonymise text --person S-... FILE`: the draft of a transcript, quote or case study
// with the person's and their linked people's names and the pattern detections replaced, and
// the list of replacements for the reviewer (docs/anonymisation.md).
#include <memory>

#include "base/file.h"
#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct AnonymiseOptions {
  FolderOptions folder;
  std::string person;
  std::string file;
};

void DraftText(Context& ctx, const AnonymiseOptions& o) {
  // One byte over the limit, so the anonymiser reports an oversized file with its size.
  auto text = ReadFileCapped(o.file, anonymise::kMaxTextBytes + 1);
  if (!text) return ctx.Fail(text.error());
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto draft = folder->records().DraftAnonymised(records::Actor{}, o.person, *text);
  if (!draft) return ctx.Fail(draft.error());
  if (o.folder.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : draft->replacements) {
      items.push_back({{"type", std::string(anonymise::KindName(r.kind))},
                       {"begin", r.begin},
                       {"end", r.end},
                       {"original", r.original},
                       {"placeholder", r.placeholder}});
    }
    ctx.out << nlohmann::json{{"subject", o.person}, {"text", draft->text}, {"replacements", items}}
                   .dump(2)
            << "\n";
    return;
  }
  ctx.out << draft->text;
  if (!draft->text.ends_with('\n')) ctx.out << "\n";
  ctx.out << "\n" << draft->replacements.size() << " replacement(s) to review:\n";
  for (const auto& r : draft->replacements) {
    ctx.out << "  " << r.begin << "-" << r.end << "  " << r.placeholder << "  " << r.original
            << "\n";
  }
}

}  // namespace

void AddAnonymiseCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun = app.add_subcommand("anonymise", "Anonymise free text about a person");
  noun->require_subcommand(1);
  auto o = std::make_shared<AnonymiseOptions>();
  CLI::App* text = noun->add_subcommand(
      "text", "Print the draft of a text with names and personal details replaced, for review");
  AddFolderOptions(text, o->folder);
  text->add_option("--person", o->person, "The person the text is about (S-...)")->required();
  text->add_option("FILE", o->file, "The text: a UTF-8 file of at most 1 MiB")->required();
  text->callback([&ctx, o] { DraftText(ctx, *o); });
}

}  // namespace casekeep::cli
