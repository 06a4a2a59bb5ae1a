// `casekeep record add|show|list|history|update|attach|attachment`.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct RecordOptions {
  FolderOptions folder;
  std::string type;
  std::string case_code;
  std::string subject;
  std::string date;
  std::vector<std::string> fields;
  std::string fields_json;
  std::string code;
  std::string after;
  std::int64_t limit = 50;
  std::int64_t version = 0;
  std::string field;
  std::string file;
  std::string output;
};

const policy::RecordType* TypeOrFail(Context& ctx, const policy::Policy& p, const std::string& id) {
  const policy::RecordType* type = p.FindRecordType(id);
  if (type == nullptr) {
    std::string types;
    for (const auto& t : p.record_types) types += (types.empty() ? "" : ", ") + t.id;
    ctx.Fail(Error{ErrorCode::kInvalidArgument,
                   "unknown record type '" + id + "'; the policy has: " + types});
  }
  return type;
}

void Add(Context& ctx, const RecordOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  const policy::RecordType* type = TypeOrFail(ctx, folder->policy(), o.type);
  if (type == nullptr) return;
  auto fields = ParseFieldArgs(type->fields, o.fields, o.fields_json);
  if (!fields) return ctx.Fail(fields.error());
  auto added = folder->records().AddRecord(
      records::Actor{}, records::NewRecord{o.type, o.case_code, o.subject, o.date, *fields});
  if (!added) return ctx.Fail(added.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*added));
  } else {
    ctx.out << added->code << "\n";
  }
}

void Show(Context& ctx, const RecordOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto r = folder->records().GetRecord(records::Actor{}, o.code);
  if (!r) return ctx.Fail(r.error());
  Print(ctx, o.folder.json, ToJson(*r));
}

void List(Context& ctx, const RecordOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto list = folder->records().ListRecords(
      records::Actor{}, records::RecordQuery{o.case_code, o.subject, o.type, o.after, o.limit});
  if (!list) return ctx.Fail(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : *list) out.push_back(ToJson(r));
  if (!o.folder.json && out.empty()) {
    ctx.out << "no records\n";
    return;
  }
  Print(ctx, o.folder.json, out);
}

void History(Context& ctx, const RecordOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto versions = folder->records().History(records::Actor{}, o.code);
  if (!versions) return ctx.Fail(versions.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : *versions) out.push_back(ToJson(r));
  Print(ctx, o.folder.json, out);
}

void Update(Context& ctx, const RecordOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto current = folder->records().GetRecord(records::Actor{}, o.code);
  if (!current) return ctx.Fail(current.error());
  const policy::RecordType* type = TypeOrFail(ctx, folder->policy(), current->type);
  if (type == nullptr) return;
  auto changes = ParseFieldArgs(type->fields, o.fields, o.fields_json);
  if (!changes) return ctx.Fail(changes.error());
  nlohmann::json fields = current->fields;
  for (const auto& [k, v] : changes->items()) fields[k] = v;
  const std::int64_t expected = o.version > 0 ? o.version : current->version;
  auto updated = folder->records().UpdateRecord(records::Actor{}, o.code, expected, fields);
  if (!updated) return ctx.Fail(updated.error());
  Print(ctx, o.folder.json, ToJson(*updated));
}

void Attach(Context& ctx, const RecordOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return ctx.Fail(Error{ErrorCode::kIo, "cannot open " + o.file});
  auto code = folder->records().AddAttachment(records::Actor{}, o.code, o.field, in);
  if (!code) return ctx.Fail(code.error());
  ctx.out << *code << "\n";
}

void Attachment(Context& ctx, const RecordOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  if (o.output.empty() || o.output == "-") {
    if (auto s = folder->records().ReadAttachment(records::Actor{}, o.code, ctx.out); !s) {
      ctx.Fail(s.error());
    }
    return;
  }
  const std::string tmp = o.output + ".part";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return ctx.Fail(Error{ErrorCode::kIo, "cannot write " + tmp});
    if (auto s = folder->records().ReadAttachment(records::Actor{}, o.code, out); !s) {
      std::remove(tmp.c_str());
      return ctx.Fail(s.error());
    }
  }
  std::rename(tmp.c_str(), o.output.c_str());
}

}  // namespace

void AddRecordCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun = app.add_subcommand("record", "Records: add, show, list, history, update");
  noun->require_subcommand(1);
  auto o = std::make_shared<RecordOptions>();

  CLI::App* add = noun->add_subcommand("add", "Add a record; prints its code");
  AddFolderOptions(add, o->folder);
  add->add_option("--type", o->type, "Record type, from the policy")->required();
  add->add_option("--case", o->case_code, "The case it belongs to (C-...)");
  add->add_option("--subject", o->subject, "The person it is about (S-...)");
  add->add_option("--date", o->date, "Date it is about (YYYY-MM-DD; default today)");
  add->add_option("--field", o->fields, "KEY=VALUE, repeated");
  add->add_option("--fields-json", o->fields_json, "All fields as a JSON object");
  add->callback([&ctx, o] { Add(ctx, *o); });

  CLI::App* show = noun->add_subcommand("show", "Show a record");
  AddFolderOptions(show, o->folder);
  show->add_option("CODE", o->code, "The record's code (R-...)")->required();
  show->callback([&ctx, o] { Show(ctx, *o); });

  CLI::App* list = noun->add_subcommand("list", "List records, oldest first, a page at a time");
  AddFolderOptions(list, o->folder);
  list->add_option("--case", o->case_code, "Only this case's records");
  list->add_option("--subject", o->subject, "Only records about this person");
  list->add_option("--type", o->type, "Only records of this type");
  list->add_option("--after", o->after, "Start after this record code (the next page)");
  list->add_option("--limit", o->limit, "Records per page (1-1000, default 50)");
  list->callback([&ctx, o] { List(ctx, *o); });

  CLI::App* history = noun->add_subcommand("history", "Every version of a record");
  AddFolderOptions(history, o->folder);
  history->add_option("CODE", o->code, "The record's code (R-...)")->required();
  history->callback([&ctx, o] { History(ctx, *o); });

  CLI::App* update = noun->add_subcommand("update", "Rectify a record; the old version is kept");
  AddFolderOptions(update, o->folder);
  update->add_option("CODE", o->code, "The record's code (R-...)")->required();
  update->add_option("--field", o->fields, "KEY=VALUE to change, repeated");
  update->add_option("--fields-json", o->fields_json, "Fields to change, as a JSON object");
  update->add_option("--if-version", o->version,
                     "Refuse unless the record is still at this version");
  update->callback([&ctx, o] { Update(ctx, *o); });

  CLI::App* attach = noun->add_subcommand("attach", "Attach a file to a record's attachment field");
  AddFolderOptions(attach, o->folder);
  attach->add_option("CODE", o->code, "The record's code (R-...)")->required();
  attach->add_option("--field", o->field, "The attachment field")->required();
  attach->add_option("FILE", o->file, "The file")->required();
  attach->callback([&ctx, o] { Attach(ctx, *o); });

  CLI::App* attachment = noun->add_subcommand("attachment", "Write out an attachment");
  AddFolderOptions(attachment, o->folder);
  attachment->add_option("CODE", o->code, "The attachment's code (A-...)")->required();
  attachment->add_option("-o,--output", o->output, "File to write (default standard output)");
  attachment->callback([&ctx, o] { Attachment(ctx, *o); });
}

}  // namespace casekeep::cli
