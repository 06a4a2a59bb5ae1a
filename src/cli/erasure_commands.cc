// `casekeep erasure run|plan|journal|reapply`: erasure through the records service
// (docs/rights.md, "Erasure"). The command line acts as the local admin.
#include <memory>

#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct ErasureCommandOptions {
  FolderOptions folder;
  std::string subject;
  std::string request;
};

void PrintOutcome(Context& ctx, const records::ErasureOutcome& o) {
  if (o.dry_run) {
    ctx.out << "erasure plan for " << o.subject << " (nothing has been changed)\n";
  } else {
    ctx.out << o.subject << " erased on " << o.erased_on
            << (o.request.empty() ? "" : " for " + o.request) << "\n";
  }
  ctx.out << (o.dry_run ? "would erase " : "erased ") << o.erased << " records, kept " << o.kept
          << "\n";
  for (const auto& i : o.records) {
    ctx.out << "  " << i.record << "  " << i.type << "  " << i.action << "\n";
    for (const auto& r : i.reasons) ctx.out << "      " << r.kind << ": " << r.text << "\n";
    if (i.may_mention) ctx.out << "      kept whole: it may still mention " << o.subject << "\n";
    if (i.resealed) ctx.out << "      moved to a key of its own\n";
  }
  ctx.out << (o.dry_run ? "keys to destroy:" : "keys destroyed:");
  for (const auto& k : o.keys_destroyed) ctx.out << " " << k;
  ctx.out << "\nrecipients to tell (Art 19):";
  for (const auto& r : o.recipients) ctx.out << " " << r;
  if (o.recipients.empty()) ctx.out << " none recorded";
  ctx.out << "\n";
}

void Erase(Context& ctx, const ErasureCommandOptions& o, bool dry_run) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto out = folder->records().EraseSubject(records::Actor{}, o.subject,
                                            records::ErasureOptions{o.request, dry_run});
  if (!out) return ctx.Fail(out.error());
  // Stale copies of deleted rows may linger in unused page space and the write-ahead log.
  if (!dry_run) {
    if (auto c = folder->Compact(); !c) return ctx.Fail(c.error());
  }
  if (o.folder.json) return Print(ctx, true, ToJson(*out));
  PrintOutcome(ctx, *out);
}

void Journal(Context& ctx, const ErasureCommandOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto entries = folder->records().GetErasureJournal(records::Actor{});
  if (!entries) return ctx.Fail(entries.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : *entries) list.push_back(ToJson(e));
  if (o.folder.json) return Print(ctx, true, list);
  if (entries->empty()) ctx.out << "no erasures\n";
  for (const auto& e : *entries) {
    ctx.out << e.seq << "  " << e.at << "  " << e.subject << "  " << e.state
            << (e.request.empty() ? "" : "  " + e.request) << "  records deleted "
            << e.records.size() << ", kept " << e.kept.size() << ", keys " << e.keys.size() << "\n";
  }
}

void Reapply(Context& ctx, const ErasureCommandOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto r = folder->records().ReapplyErasures(records::Actor{});
  if (!r) return ctx.Fail(r.error());
  if (r->reapplied > 0) {
    if (auto c = folder->Compact(); !c) return ctx.Fail(c.error());
  }
  if (o.folder.json) return Print(ctx, true, ToJson(*r));
  ctx.out << r->entries << " people in the journal; " << r->reapplied << " erased again ("
          << r->records_deleted << " records deleted, " << r->keys_destroyed
          << " keys destroyed)\n";
}

}  // namespace

void AddErasureCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ErasureCommandOptions>();
  CLI::App* noun =
      app.add_subcommand("erasure", "Erasure of a person (Art 17): run, plan, journal, reapply");
  noun->require_subcommand(1);

  CLI::App* run = noun->add_subcommand(
      "run", "Erase a person: what may go is erased, what must stay is kept with the reason");
  AddFolderOptions(run, o->folder);
  run->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  run->add_option("--request", o->request, "The request it answers (Q-...)");
  run->callback([&ctx, o] { Erase(ctx, *o, false); });

  CLI::App* plan = noun->add_subcommand("plan", "What an erasure would do; changes nothing");
  AddFolderOptions(plan, o->folder);
  plan->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  plan->add_option("--request", o->request, "The request it answers (Q-...)");
  plan->callback([&ctx, o] { Erase(ctx, *o, true); });

  CLI::App* journal =
      noun->add_subcommand("journal", "The erasure journal (codes only), checked for tampering");
  AddFolderOptions(journal, o->folder);
  journal->callback([&ctx, o] { Journal(ctx, *o); });

  CLI::App* reapply = noun->add_subcommand(
      "reapply", "Erase again everyone in the journal (after a database restore)");
  AddFolderOptions(reapply, o->folder);
  reapply->callback([&ctx, o] { Reapply(ctx, *o); });
}

}  // namespace casekeep::cli
