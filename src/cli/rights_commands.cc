// `casekeep rights ...`: data subject requests. `rights due` computes the legal deadline of a
// request (regulation: UK GDPR Art 12(3), docs/deadlines.md) and needs no data folder; `rights
// request ...` keeps the register of requests, `rights restrict|lift|object` the rights of
// restriction and objection, and `rights holidays load` the folder's bank-holiday file
// (docs/rights.md). The command line acts as the local admin.
#include <CLI/CLI.hpp>
#include <memory>

#include "base/file.h"
#include "base/holidays.h"
#include "cli/command.h"
#include "cli/folder.h"
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

struct RequestOptions {
  FolderOptions folder;
  std::string code;
  records::NewDataRequest open;
  records::RequestStep step;
  records::RequestFilter filter;
  std::int64_t due_soon = -1;
  std::string letter;
  std::string format = "text";
  std::string addressee;
  std::string subject;
  std::string purpose;
  std::string told_on;
  std::string request;
  std::string file;
};

void PrintRequest(Context& ctx, bool json, const records::RequestView& v) {
  if (json) return Print(ctx, true, ToJson(v));
  ctx.out << v.code << "  " << v.kind << "  " << v.subject << "  " << v.status << "\n";
  ctx.out << "received: " << v.received_on << "\n";
  ctx.out << "due: " << v.due_on.value_or("(clock not running)") << (v.overdue ? "  OVERDUE" : "")
          << "\n";
  if (v.requester != "subject") {
    ctx.out << "requester: " << v.requester << " " << v.requester_name << "\n";
  }
  for (const auto& e : v.events) {
    ctx.out << "  " << e.on << "  " << e.event;
    if (e.ground) ctx.out << " (" << *e.ground << ")";
    if (e.told_on) ctx.out << " told " << *e.told_on;
    if (!e.text.empty()) ctx.out << ": " << e.text;
    ctx.out << "\n";
  }
}

void OpenRequest(Context& ctx, const RequestOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto v = folder->records().OpenDataRequest(records::Actor{}, o.open);
  if (!v) return ctx.Fail(v.error());
  PrintRequest(ctx, o.folder.json, *v);
}

void ListRequests(Context& ctx, const RequestOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::RequestFilter f = o.filter;
  if (o.due_soon >= 0) f.due_within = o.due_soon;
  auto list = folder->records().ListDataRequests(records::Actor{}, f);
  if (!list) return ctx.Fail(list.error());
  if (o.folder.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : *list) items.push_back(ToJson(v));
    return Print(ctx, true, items);
  }
  for (const auto& v : *list) {
    ctx.out << v.code << "  " << v.kind << "  " << v.subject << "  " << v.status << "  due "
            << v.due_on.value_or("-") << (v.overdue ? "  OVERDUE" : "") << "\n";
  }
}

void ShowRequest(Context& ctx, const RequestOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto v = folder->records().GetDataRequest(records::Actor{}, o.code);
  if (!v) return ctx.Fail(v.error());
  PrintRequest(ctx, o.folder.json, *v);
}

void StepRequest(Context& ctx, const RequestOptions& o, const std::string& event) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::RequestStep step = o.step;
  step.event = event;
  auto v = folder->records().StepDataRequest(records::Actor{}, o.code, step);
  if (!v) return ctx.Fail(v.error());
  PrintRequest(ctx, o.folder.json, *v);
}

void Letter(Context& ctx, const RequestOptions& o) {
  if (o.format != "text" && o.format != "html") {
    return ctx.Fail(Error{ErrorCode::kInvalidArgument, "--format must be text or html"});
  }
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto letter =
      folder->records().DataRequestLetter(records::Actor{}, o.code, o.letter, o.addressee);
  if (!letter) return ctx.Fail(letter.error());
  ctx.out << (o.format == "html" ? letter->html : letter->text);
}

void Restriction(Context& ctx, const RequestOptions& o, bool restrict) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto done = restrict ? folder->records().Restrict(records::Actor{}, o.subject, o.request)
                       : folder->records().LiftRestriction(records::Actor{}, o.subject, o.told_on,
                                                           o.request);
  if (!done) return ctx.Fail(done.error());
  ctx.out << o.subject << (restrict ? ": processing restricted\n" : ": restriction lifted\n");
}

void ObjectTo(Context& ctx, const RequestOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto done = folder->records().Object(records::Actor{}, o.subject, o.purpose, o.request);
  if (!done) return ctx.Fail(done.error());
  ctx.out << o.subject << ": objection to '" << o.purpose << "' recorded\n";
}

void LoadHolidays(Context& ctx, const RequestOptions& o) {
  auto text = ReadFileCapped(o.file, kMaxHolidayFileBytes);
  if (!text) return ctx.Fail(text.error());
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto years = folder->records().LoadHolidayFile(records::Actor{}, *text);
  if (!years) return ctx.Fail(years.error());
  ctx.out << "bank holidays loaded: " << *years << "\n";
}

void AddRequestCommands(CLI::App* rights, Context& ctx) {
  auto o = std::make_shared<RequestOptions>();
  CLI::App* request = rights->add_subcommand("request", "The register of data subject requests");
  request->require_subcommand(1);

  CLI::App* open = request->add_subcommand("open", "Open a request about a person");
  AddFolderOptions(open, o->folder);
  open->add_option("--subject", o->open.subject, "The person (S-...)")->required();
  open->add_option("--kind", o->open.kind,
                   "access, rectification, erasure, restriction, objection, portability, "
                   "withdraw_consent or automated_decision")
      ->required();
  open->add_option("--requester", o->open.requester, "subject (default), parent or third_party");
  open->add_option("--requester-name", o->open.requester_name, "Who asked, if not the person");
  open->add_option("--received", o->open.received_on, "Day received (YYYY-MM-DD); default today");
  open->add_flag("--verify-identity", o->open.verify_identity, "Proof of identity was asked for");
  open->add_flag("--prove-authority", o->open.prove_authority,
                 "Proof of authority to act was asked for (always for a third party)");
  open->add_option("--details", o->open.details, "What is asked for");
  open->callback([&ctx, o] { OpenRequest(ctx, *o); });

  CLI::App* list = request->add_subcommand("list", "Open requests, soonest due first");
  AddFolderOptions(list, o->folder);
  list->add_flag("--overdue", o->filter.overdue, "Only overdue requests");
  list->add_option("--due-soon", o->due_soon, "Only requests due within N working days");
  list->add_flag("--closed", o->filter.include_closed, "Include closed requests");
  list->add_option("--subject", o->filter.subject, "Only this person's requests");
  list->callback([&ctx, o] { ListRequests(ctx, *o); });

  CLI::App* show = request->add_subcommand("show", "A request with its events");
  AddFolderOptions(show, o->folder);
  show->add_option("code", o->code, "The request (Q-...)")->required();
  show->callback([&ctx, o] { ShowRequest(ctx, *o); });

  const std::pair<const char*, const char*> steps[] = {{"verify", "identity_verified"},
                                                       {"authority", "authority_proved"},
                                                       {"pause", "paused"},
                                                       {"resume", "resumed"},
                                                       {"extend", "extended"},
                                                       {"complete", "completed"},
                                                       {"refuse", "refused"},
                                                       {"withdraw", "withdrawn"},
                                                       {"note", "note"}};
  for (const auto& [name, event] : steps) {
    CLI::App* step = request->add_subcommand(name, std::string("Record the step: ") + event);
    AddFolderOptions(step, o->folder);
    step->add_option("code", o->code, "The request (Q-...)")->required();
    step->add_option("--on", o->step.on, "The day it happened (YYYY-MM-DD); default today");
    step->add_option("--text", o->step.text,
                     "Reasons (extend, refuse), what was asked (pause), what was done");
    if (std::string_view(name) == "extend") {
      step->add_option("--told-on", o->step.told_on, "The day the person was told")->required();
    }
    if (std::string_view(name) == "refuse") {
      step->add_option("--ground", o->step.ground,
                       "manifestly_unfounded, manifestly_excessive, exemption, "
                       "identity_not_proved, legal_obligation, legal_claims, "
                       "retention_required or compelling_grounds")
          ->required();
    }
    const std::string e = event;
    step->callback([&ctx, o, e] { StepRequest(ctx, *o, e); });
  }

  CLI::App* letter = request->add_subcommand("letter", "Write a letter about a request");
  AddFolderOptions(letter, o->folder);
  letter->add_option("code", o->code, "The request (Q-...)")->required();
  letter
      ->add_option("kind", o->letter,
                   "acknowledgement, identity_request, clarification_request, "
                   "extension_notice, completion or refusal")
      ->required();
  letter->add_option("--format", o->format, "text (default) or html");
  letter->add_option("--to", o->addressee, "Who the letter is addressed to");
  letter->callback([&ctx, o] { Letter(ctx, *o); });

  CLI::App* restrict = rights->add_subcommand("restrict", "Restrict processing of a person's data");
  AddFolderOptions(restrict, o->folder);
  restrict->add_option("subject", o->subject, "The person (S-...)")->required();
  restrict->add_option("--request", o->request, "The request it answers (Q-...)");
  restrict->callback([&ctx, o] { Restriction(ctx, *o, true); });

  CLI::App* lift = rights->add_subcommand("lift", "Lift a restriction, once the person was told");
  AddFolderOptions(lift, o->folder);
  lift->add_option("subject", o->subject, "The person (S-...)")->required();
  lift->add_option("--told-on", o->told_on, "The day the person was told (YYYY-MM-DD)")->required();
  lift->add_option("--request", o->request, "The request it answers (Q-...)");
  lift->callback([&ctx, o] { Restriction(ctx, *o, false); });

  CLI::App* object = rights->add_subcommand(
      "object", "Record an objection to a purpose on legitimate interests or a public task");
  AddFolderOptions(object, o->folder);
  object->add_option("subject", o->subject, "The person (S-...)")->required();
  object->add_option("--purpose", o->purpose, "The policy purpose objected to")->required();
  object->add_option("--request", o->request, "The request it answers (Q-...)");
  object->callback([&ctx, o] { ObjectTo(ctx, *o); });

  CLI::App* holidays = rights->add_subcommand("holidays", "The folder's bank-holiday file");
  holidays->require_subcommand(1);
  CLI::App* load = holidays->add_subcommand(
      "load", "Check a bank-holidays.json (GOV.UK's format) and keep it in the data folder");
  AddFolderOptions(load, o->folder);
  load->add_option("file", o->file, "The bank-holidays.json")->required();
  load->callback([&ctx, o] { LoadHolidays(ctx, *o); });
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
  AddRequestCommands(rights, ctx);
}

}  // namespace casekeep::cli
