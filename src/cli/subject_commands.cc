// `casekeep subject add|show|find`: people, through the records service.
#include <memory>

#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct SubjectOptions {
  FolderOptions folder;
  std::string kind;
  std::vector<std::string> fields;
  std::string fields_json;
  std::string code;
  std::string by;
  std::string value;
};

void Add(Context& ctx, const SubjectOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  const policy::SubjectKind* kind = folder->policy().FindSubjectKind(o.kind);
  if (kind == nullptr) {
    std::string kinds;
    for (const auto& k : folder->policy().subject_kinds) kinds += (kinds.empty() ? "" : ", ") + k.id;
    ctx.Fail(Error{ErrorCode::kInvalidArgument,
                   "unknown kind of person '" + o.kind + "'; the policy has: " + kinds});
    return;
  }
  auto fields = ParseFieldArgs(kind->fields, o.fields, o.fields_json);
  if (!fields) return ctx.Fail(fields.error());
  auto added = folder->records().AddSubject(records::Actor{}, records::NewSubject{o.kind, *fields, {}, {}});
  if (!added) return ctx.Fail(added.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*added));
  } else {
    ctx.out << added->code << "\n";
  }
}

void Show(Context& ctx, const SubjectOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto subject = folder->records().GetSubject(records::Actor{}, o.code);
  if (!subject) return ctx.Fail(subject.error());
  Print(ctx, o.folder.json, ToJson(*subject));
}

void Find(Context& ctx, const SubjectOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto found = folder->records().FindSubjects(records::Actor{}, o.by, o.value);
  if (!found) return ctx.Fail(found.error());
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : *found) list.push_back(ToJson(s));
  if (!o.folder.json && list.empty()) {
    ctx.out << "no one found\n";
    return;
  }
  Print(ctx, o.folder.json, list);
}

}  // namespace

void AddSubjectCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun = app.add_subcommand("subject", "People: add, show, find");
  noun->require_subcommand(1);
  auto o = std::make_shared<SubjectOptions>();

  CLI::App* add = noun->add_subcommand("add", "Add a person; prints their code");
  AddFolderOptions(add, o->folder);
  add->add_option("--kind", o->kind, "Kind of person, from the policy (e.g. parent)")->required();
  add->add_option("--field", o->fields, "KEY=VALUE, repeated");
  add->add_option("--fields-json", o->fields_json, "All fields as a JSON object");
  add->callback([&ctx, o] { Add(ctx, *o); });

  CLI::App* show = noun->add_subcommand("show", "Show a person");
  AddFolderOptions(show, o->folder);
  show->add_option("CODE", o->code, "The person's code (S-...)")->required();
  show->callback([&ctx, o] { Show(ctx, *o); });

  CLI::App* find = noun->add_subcommand("find", "Find people by a lookup field, without decrypting");
  AddFolderOptions(find, o->folder);
  find->add_option("--by", o->by, "Lookup field, e.g. email, phone, postcode, name")->required();
  find->add_option("VALUE", o->value, "The value to look for")->required();
  find->callback([&ctx, o] { Find(ctx, *o); });
}

}  // namespace casekeep::cli
