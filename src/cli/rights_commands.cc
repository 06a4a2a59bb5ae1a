// `casekeep rights ...`: data subject requests. `rights due` computes the legal deadline of a
// request (regulation: UK GDPR Art 12(3), docs/deadlines.md) and needs no data folder.
#include <CLI/CLI.hpp>
#include <memory>

#include "base/holidays.h"
#include "cli/command.h"
#include "rights/deadline.h"

namespace casekeep::cli {
namespace {

struct DueOptions {
  std::string received;
  std::string division = "england-and-wales";
  bool extended = false;
  std::int64_t paused_days = 0;
  std::string holidays;
  bool explain = false;
};

void RunDue(Context& ctx, const DueOptions& o) {
  auto received = Date::Parse(o.received);
  if (!received) {
    ctx.Fail(Error{ErrorCode::kInvalidArgument, "--received: " + received.error().message});
    return;
  }
  auto division = ParseHolidayDivision(o.division);
  if (!division) {
    ctx.Fail(Error{ErrorCode::kInvalidArgument,
                   "--division must be england-and-wales, scotland or northern-ireland"});
    return;
  }
  if (o.paused_days < 0) {
    ctx.Fail(Error{ErrorCode::kInvalidArgument, "--paused-days cannot be negative"});
    return;
  }
  auto calendar = o.holidays.empty() ? HolidayCalendar::Default()
                                     : HolidayCalendar::FromFile(o.holidays);
  if (!calendar) {
    ctx.Fail(calendar.error());
    return;
  }
  rights::DeadlineFacts facts;
  facts.received = *received;
  facts.extended = o.extended;
  facts.paused_days = o.paused_days;
  if (o.explain) {
    auto steps = rights::ExplainDeadline(facts, *division, *calendar);
    if (!steps) {
      ctx.Fail(steps.error());
      return;
    }
    for (const auto& line : *steps) ctx.out << line << "\n";
    return;
  }
  auto due = rights::ComputeDeadline(facts, *division, *calendar);
  if (!due) {
    ctx.Fail(due.error());
    return;
  }
  ctx.out << due->ToString() << "\n";
}

}  // namespace

void AddRightsCommands(CLI::App& app, Context& ctx) {
  CLI::App* rights = app.add_subcommand("rights", "Data subject requests");
  rights->require_subcommand(1);
  auto o = std::make_shared<DueOptions>();
  CLI::App* due = rights->add_subcommand(
      "due", "Print the due date (YYYY-MM-DD) of a request received on a date");
  due->add_option("--received", o->received, "Day the request was received (YYYY-MM-DD)")
      ->required();
  due->add_option("--division", o->division,
                  "Bank-holiday division: england-and-wales (default), scotland, northern-ireland");
  due->add_flag("--extended", o->extended, "Extended by two months (complex or several requests)");
  due->add_option("--paused-days", o->paused_days,
                  "Days the clock was stopped while waiting for clarification");
  due->add_option("--holidays", o->holidays, "A bank-holidays.json in GOV.UK's format");
  due->add_flag("--explain", o->explain, "Show how the date was worked out, step by step");
  due->callback([&ctx, o] { RunDue(ctx, *o); });
}

}  // namespace casekeep::cli
