// `casekeep case open|close|transfer|show|add-member`.
#include <memory>

#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct CaseOptions {
  FolderOptions folder;
  std::string service;
  std::string referral_source;
  std::string date;
  std::vector<std::string> flags;
  std::string code;
  std::string subject;
  std::string role;
};

void Open(Context& ctx, const CaseOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto opened = folder->records().OpenCase(
      records::Actor{},
      records::NewCase{o.service, o.referral_source, o.date, o.flags, std::nullopt});
  if (!opened) return ctx.Fail(opened.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*opened));
  } else {
    ctx.out << opened->code << "\n";
  }
}

void Close(Context& ctx, const CaseOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto closed = folder->records().CloseCase(records::Actor{}, o.code, o.date);
  if (!closed) return ctx.Fail(closed.error());
  Print(ctx, o.folder.json, ToJson(*closed));
}

void Transfer(Context& ctx, const CaseOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto moved = folder->records().CompleteTransfer(records::Actor{}, o.code, o.date);
  if (!moved) return ctx.Fail(moved.error());
  Print(ctx, o.folder.json, ToJson(*moved));
}

void Show(Context& ctx, const CaseOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto c = folder->records().GetCase(records::Actor{}, o.code);
  if (!c) return ctx.Fail(c.error());
  Print(ctx, o.folder.json, ToJson(*c));
}

void AddMember(Context& ctx, const CaseOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  if (auto s = folder->records().AddMember(records::Actor{}, o.code, o.subject, o.role); !s) {
    return ctx.Fail(s.error());
  }
  if (!o.folder.json) ctx.out << o.subject << " added to " << o.code << " as " << o.role << "\n";
}

}  // namespace

void AddCaseCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun = app.add_subcommand("case", "Cases: open, close, transfer, show, add-member");
  noun->require_subcommand(1);
  auto o = std::make_shared<CaseOptions>();

  CLI::App* open = noun->add_subcommand("open", "Open a case; prints its code");
  AddFolderOptions(open, o->folder);
  open->add_option("--service", o->service, "Service, from the policy")->required();
  open->add_option("--referral-source", o->referral_source, "Referral source, from the policy");
  open->add_option("--opened", o->date, "Date opened (YYYY-MM-DD; default today)");
  open->add_option("--flag", o->flags, "A case flag from the policy, repeated");
  open->callback([&ctx, o] { Open(ctx, *o); });

  CLI::App* close = noun->add_subcommand("close", "Close a case");
  AddFolderOptions(close, o->folder);
  close->add_option("CODE", o->code, "The case's code (C-...)")->required();
  close->add_option("--closed", o->date, "Date closed (YYYY-MM-DD; default today)");
  close->callback([&ctx, o] { Close(ctx, *o); });

  CLI::App* transfer = noun->add_subcommand(
      "transfer", "Record that the case's transfer to another organisation completed");
  AddFolderOptions(transfer, o->folder);
  transfer->add_option("CODE", o->code, "The case's code (C-...)")->required();
  transfer->add_option("--on", o->date, "Date the transfer completed (YYYY-MM-DD; default today)");
  transfer->callback([&ctx, o] { Transfer(ctx, *o); });

  CLI::App* show = noun->add_subcommand("show", "Show a case and its members");
  AddFolderOptions(show, o->folder);
  show->add_option("CODE", o->code, "The case's code (C-...)")->required();
  show->callback([&ctx, o] { Show(ctx, *o); });

  CLI::App* member = noun->add_subcommand("add-member", "Add a person to a case");
  AddFolderOptions(member, o->folder);
  member->add_option("CODE", o->code, "The case's code (C-...)")->required();
  member->add_option("--subject", o->subject, "The person's code (S-...)")->required();
  member->add_option("--role", o->role, "Their role in the case, e.g. parent, child")->required();
  member->callback([&ctx, o] { AddMember(ctx, *o); });
}

}  // namespace casekeep::cli
