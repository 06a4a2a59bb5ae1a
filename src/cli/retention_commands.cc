// `casekeep retention explain|plan|sweep|reviews|review|recompute|log` and
// `casekeep hold place|release|review|list`: retention through the records service
// (docs/retention.md). The command line acts as the local admin, who approves a sweep by running
// it with --execute.
#include <memory>

#include "cli/folder.h"
#include "cli/progress.h"

namespace casekeep::cli {
namespace {

struct RetentionOptions {
  FolderOptions folder;
  std::string code;
  std::string as_of;
  bool execute = false;
  std::int64_t after = 0;
  std::int64_t limit = 100;
  // holds
  std::string kind;
  std::string target;
  std::string reason;
  std::string review_on;
  std::string note;
  bool all = false;
};

std::string Today() {
  return TodayUk(SystemClock()).ToString();
}

void PrintItems(Context& ctx, const char* title, const std::vector<records::PlanItem>& items) {
  ctx.out << title << ": " << items.size() << "\n";
  for (const auto& i : items) {
    ctx.out << "  " << i.record << "  " << i.type << "  " << i.action << "  due " << i.due_on
            << "  rule " << i.rule;
    if (!i.held_by.empty()) {
      ctx.out << "  held by";
      for (const auto& h : i.held_by) ctx.out << " " << h;
    }
    ctx.out << "\n";
  }
}

records::RetentionProgress ProgressOn(Progress& p) {
  return [&p](std::int64_t done, std::int64_t) { p.Update(done); };
}

void Explain(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto e = folder->records().ExplainRetention(records::Actor{}, o.code);
  if (!e) return ctx.Fail(e.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*e));
    return;
  }
  ctx.out << e->record << " (" << e->type << ")\n";
  ctx.out << "rule: " << (e->rule.empty() ? "none" : e->rule) << "\n";
  ctx.out << "status: " << e->status << "\n";
  if (e->trigger) ctx.out << "counted from: " << *e->trigger << "\n";
  if (e->dispose_on) ctx.out << "disposal date: " << *e->dispose_on << "\n";
  if (e->review_on) ctx.out << "next review: " << *e->review_on << "\n";
  for (const auto& p : e->partial) {
    ctx.out << "partial removal on " << p.on << ":";
    for (const auto& f : p.fields) ctx.out << " " << f;
    ctx.out << (p.done ? " (done)" : "") << "\n";
  }
  if (!e->reason.empty()) ctx.out << "why this long: " << e->reason << "\n";
  ctx.out << "\n";
  for (const auto& line : e->explanation) ctx.out << line << "\n";
}

void Plan(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto plan =
      folder->records().PlanRetention(records::Actor{}, o.as_of.empty() ? Today() : o.as_of, false);
  if (!plan) return ctx.Fail(plan.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*plan));
    return;
  }
  ctx.out << "retention plan as of " << plan->as_of << " (nothing has been changed)\n";
  PrintItems(ctx, "due", plan->due);
  PrintItems(ctx, "due but held", plan->held);
}

void SweepCommand(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  Progress progress(ctx.err, "records disposed of or reduced");
  records::RetentionPlan plan;
  auto result =
      folder->records().Sweep(records::Actor{}, o.as_of, o.execute, &plan, ProgressOn(progress));
  progress.Done();
  if (!result) return ctx.Fail(result.error());
  if (o.execute && (result->disposed > 0 || result->partial > 0)) {
    // Stale copies of disposed rows may linger in unused page space and the write-ahead log.
    if (auto c = folder->Compact(); !c) return ctx.Fail(c.error());
  }
  if (o.folder.json) {
    nlohmann::json j = ToJson(plan);
    j["executed"] = o.execute;
    if (o.execute) j["result"] = ToJson(*result);
    Print(ctx, true, j);
    return;
  }
  if (!o.execute) {
    ctx.out << "retention sweep as of " << plan.as_of << ": a dry run; add --execute to dispose\n";
    PrintItems(ctx, "would be disposed of", plan.due);
    PrintItems(ctx, "due but held", plan.held);
    return;
  }
  ctx.out << "disposed of " << result->disposed << " records, removed fields from "
          << result->partial << ", skipped " << result->skipped << " (" << plan.held.size()
          << " held); " << result->keys_destroyed << " case keys destroyed\n";
}

void Reviews(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto q =
      folder->records().RetentionReviewQueue(records::Actor{}, o.as_of.empty() ? Today() : o.as_of);
  if (!q) return ctx.Fail(q.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*q));
    return;
  }
  ctx.out << "records due a review: " << q->records.size() << "\n";
  for (const auto& r : q->records) {
    ctx.out << "  " << r.record << "  " << r.type << "  rule " << r.rule << "  review "
            << r.review_on << "\n";
  }
  ctx.out << "holds due a review: " << q->holds.size() << "\n";
  for (const auto& h : q->holds) {
    ctx.out << "  " << h.code << "  " << h.kind << " on " << h.target << "  review "
            << h.review_on.value_or("") << "\n";
  }
}

void Review(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto e = folder->records().ReviewRecord(records::Actor{}, o.code);
  if (!e) return ctx.Fail(e.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*e));
    return;
  }
  ctx.out << e->record << " reviewed; next review " << e->review_on.value_or("?") << "\n";
}

void Recompute(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  Progress progress(ctx.err, "records dated");
  auto changed = folder->records().RecomputeRetention(records::Actor{}, ProgressOn(progress));
  progress.Done();
  if (!changed) return ctx.Fail(changed.error());
  ctx.out << *changed << " records have new retention dates\n";
}

void Log(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto rows = folder->records().DisposalLog(records::Actor{}, o.after, o.limit);
  if (!rows) return ctx.Fail(rows.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : *rows) list.push_back(ToJson(r));
  if (o.folder.json) {
    Print(ctx, true, list);
    return;
  }
  for (const auto& r : *rows) {
    ctx.out << r.seq << "  " << r.code << "  " << r.record_type << "  " << r.action << "  rule "
            << r.rule << "  due " << r.due_on << "  approved by " << r.approved_by << "\n";
  }
}

void Place(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto h = folder->records().PlaceHold(records::Actor{},
                                       records::NewHold{o.kind, o.target, o.reason, o.review_on});
  if (!h) return ctx.Fail(h.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*h));
  } else {
    ctx.out << h->code << "\n";
  }
}

void Release(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto h = folder->records().ReleaseHold(records::Actor{}, o.code, o.note);
  if (!h) return ctx.Fail(h.error());
  Print(ctx, o.folder.json, ToJson(*h));
}

void ReviewHold(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto h = folder->records().ReviewHold(records::Actor{}, o.code, o.review_on);
  if (!h) return ctx.Fail(h.error());
  Print(ctx, o.folder.json, ToJson(*h));
}

void ListHolds(Context& ctx, const RetentionOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto holds = folder->records().ListHolds(records::Actor{}, !o.all);
  if (!holds) return ctx.Fail(holds.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& h : *holds) list.push_back(ToJson(h));
  if (o.folder.json) {
    Print(ctx, true, list);
    return;
  }
  if (holds->empty()) ctx.out << "no holds\n";
  for (const auto& h : *holds) {
    ctx.out << h.code << "  " << h.kind << " on " << h.target << "  review "
            << h.review_on.value_or("-") << (h.released_at ? "  released" : "") << "\n";
  }
}

}  // namespace

void AddRetentionCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RetentionOptions>();
  CLI::App* noun = app.add_subcommand(
      "retention", "Retention: explain, plan, sweep, reviews, review, recompute, log");
  noun->require_subcommand(1);

  CLI::App* explain =
      noun->add_subcommand("explain", "The rule that applies to a record, why, its dates, holds");
  AddFolderOptions(explain, o->folder);
  explain->add_option("CODE", o->code, "The record's code (R-...)")->required();
  explain->callback([&ctx, o] { Explain(ctx, *o); });

  CLI::App* plan = noun->add_subcommand("plan", "Everything due by a date; changes nothing");
  AddFolderOptions(plan, o->folder);
  plan->add_option("--as-of", o->as_of, "YYYY-MM-DD (default today)");
  plan->callback([&ctx, o] { Plan(ctx, *o); });

  CLI::App* sweep = noun->add_subcommand(
      "sweep", "Dispose of what is due by a date (a dry run without --execute)");
  AddFolderOptions(sweep, o->folder);
  sweep->add_option("--as-of", o->as_of, "YYYY-MM-DD")->required();
  sweep->add_flag("--execute", o->execute, "Dispose for real: keys destroyed, rows removed");
  sweep->callback([&ctx, o] { SweepCommand(ctx, *o); });

  CLI::App* reviews =
      noun->add_subcommand("reviews", "Records kept indefinitely and holds due a review");
  AddFolderOptions(reviews, o->folder);
  reviews->add_option("--as-of", o->as_of, "YYYY-MM-DD (default today)");
  reviews->callback([&ctx, o] { Reviews(ctx, *o); });

  CLI::App* review = noun->add_subcommand(
      "review", "Record that an indefinitely kept record was reviewed and is still needed");
  AddFolderOptions(review, o->folder);
  review->add_option("CODE", o->code, "The record's code (R-...)")->required();
  review->callback([&ctx, o] { Review(ctx, *o); });

  CLI::App* recompute = noun->add_subcommand(
      "recompute", "Work out every record's retention dates again (after a policy change)");
  AddFolderOptions(recompute, o->folder);
  recompute->callback([&ctx, o] { Recompute(ctx, *o); });

  CLI::App* log = noun->add_subcommand("log", "The disposal log (codes, rules, dates; no data)");
  AddFolderOptions(log, o->folder);
  log->add_option("--after", o->after, "Entries after this sequence number");
  log->add_option("--limit", o->limit, "At most this many (1-1000)");
  log->callback([&ctx, o] { Log(ctx, *o); });

  CLI::App* hold =
      app.add_subcommand("hold", "Holds that suspend disposal: place, release, review, list");
  hold->require_subcommand(1);

  CLI::App* place = hold->add_subcommand("place", "Suspend disposal of a person, case or record");
  AddFolderOptions(place, o->folder);
  place->add_option("--kind", o->kind, "Kind of hold, from the policy (e.g. safeguarding)")
      ->required();
  place->add_option("--on", o->target, "A person (S-...), case (C-...) or record (R-...)")
      ->required();
  place->add_option("--reason", o->reason, "Why (kept encrypted)")->required();
  place->add_option("--review", o->review_on,
                    "Review date YYYY-MM-DD (default: the kind's review period from today)");
  place->callback([&ctx, o] { Place(ctx, *o); });

  CLI::App* release = hold->add_subcommand("release", "Release a hold: disposal resumes");
  AddFolderOptions(release, o->folder);
  release->add_option("CODE", o->code, "The hold's code (H-...)")->required();
  release->add_option("--note", o->note, "Why it is released (kept encrypted)")->required();
  release->callback([&ctx, o] { Release(ctx, *o); });

  CLI::App* hreview = hold->add_subcommand("review", "Keep a hold after a review");
  AddFolderOptions(hreview, o->folder);
  hreview->add_option("CODE", o->code, "The hold's code (H-...)")->required();
  hreview->add_option("--next", o->review_on, "Next review date YYYY-MM-DD")->required();
  hreview->callback([&ctx, o] { ReviewHold(ctx, *o); });

  CLI::App* list = hold->add_subcommand("list", "Holds in force (--all: released ones too)");
  AddFolderOptions(list, o->folder);
  list->add_flag("--all", o->all, "Include released holds");
  list->callback([&ctx, o] { ListHolds(ctx, *o); });
}

}  // namespace casekeep::cli
