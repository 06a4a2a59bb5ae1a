// `casekeep init` and `casekeep audit verify|head|export`: creating a data folder and checking
// its audit chain.
#include <cstdlib>
#include <memory>

#include "audit/export.h"
#include "audit/verify.h"
#include "cli/folder.h"
#include "cli/progress.h"
#include "crypto/bytes.h"

namespace casekeep::cli {
namespace {

struct InitOptions {
  std::string data = std::string(kDefaultDataDir);
  std::string policy;
  std::string key_file;
  bool passphrase = false;
  std::string database;
  std::string schema;
};

struct AuditOptions {
  FolderOptions folder;
  std::string head;
};

void Init(Context& ctx, const InitOptions& o) {
  records::InitOptions init{o.data, o.policy,
                            o.passphrase ? records::KeySource::kPassphrase
                                         : records::KeySource::kFile,
                            o.key_file, o.database, o.schema};
  if (auto s = records::InitDataFolder(init, CommandClock()); !s) return ctx.Fail(s.error());
  ctx.out << "Created data folder " << o.data << " enforcing " << o.policy << "\n";
  if (!o.passphrase) {
    ctx.out << "Master key: " << (o.key_file.empty() ? o.data + "/master.key" : o.key_file)
            << " (back it up apart from the data: without it nothing can be read)\n";
  }
}

void Verify(Context& ctx, const AuditOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  std::optional<audit::Head> expected;
  if (!o.head.empty()) {
    auto head = audit::ParseHead(o.head);
    if (!head) return ctx.Fail(head.error());
    expected = *head;
  }
  Progress progress(ctx.err, "entries verified");
  auto report = audit::Verify(folder->store(), &folder->vault().audit_key(), expected,
                              [&](std::int64_t done) { progress.Update(done); });
  progress.Done();
  if (!report) return ctx.Fail(report.error());
  const std::string head = audit::FormatHead({report->head_seq, report->head_hash});
  if (o.folder.json) {
    nlohmann::json j{{"ok", report->ok}, {"entries", report->entries}, {"head", head}};
    if (!report->ok) {
      j["first_bad_seq"] = *report->first_bad_seq;
      j["problem"] = report->problem;
    }
    ctx.out << j.dump(2) << "\n";
  } else if (report->ok) {
    ctx.out << "audit chain ok: " << report->entries << " entries, head " << head << "\n";
  }
  if (!report->ok) {
    if (!o.folder.json) ctx.err << "casekeep: audit chain broken: " << report->problem << "\n";
    ctx.exit_code = kExitFailure;
  }
}

void Head(Context& ctx, const AuditOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto tx = folder->store().BeginRead();
  if (!tx) return ctx.Fail(tx.error());
  auto last = (*tx)->LastAudit();
  if (!last) return ctx.Fail(last.error());
  if (!*last) return ctx.Fail(Error{ErrorCode::kFailedPrecondition, "the audit chain is empty"});
  ctx.out << audit::FormatHead({(*last)->seq, (*last)->hash}) << "\n";
}

void Export(Context& ctx, const AuditOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto n = audit::ExportJsonLines(folder->store(), [&](std::string_view line) -> Status {
    ctx.out << line << "\n";
    return {};
  }, {});
  if (!n) ctx.Fail(n.error());
}

void Rotate(Context& ctx, const AuditOptions& o) {
  auto n = records::RotateMasterKey(o.folder.data, CommandClock());
  if (!n) return ctx.Fail(n.error());
  ctx.out << "master key rotated: " << *n
          << " data keys re-wrapped; destroy every copy of the old key file, and back up the "
             "new one apart from the data\n";
}

}  // namespace

void AddFolderCommands(CLI::App& app, Context& ctx) {
  auto init = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", "Create a data folder that enforces a policy");
  cmd->add_option("--data", init->data, "Data folder to create (default ./casekeep-data)");
  cmd->add_option("--policy", init->policy, "Policy file (must pass `policy check`)")->required();
  cmd->add_option("--key-file", init->key_file,
                  "Create the master key file here instead of DATA/master.key");
  cmd->add_flag("--passphrase", init->passphrase,
                "Derive the master key from $CASEKEEP_PASSPHRASE instead of a key file");
  cmd->add_option("--database", init->database,
                  "Keep the store in this PostgreSQL database (postgresql://... without a "
                  "password: use PGPASSWORD or ~/.pgpass) instead of DATA/store.db");
  cmd->add_option("--schema", init->schema, "With --database: the PostgreSQL schema to use");
  cmd->callback([&ctx, init] { Init(ctx, *init); });

  CLI::App* noun = app.add_subcommand("audit", "The tamper-evident audit chain");
  noun->require_subcommand(1);
  auto o = std::make_shared<AuditOptions>();
  CLI::App* verify = noun->add_subcommand(
      "verify", "Check every entry; exit 1 naming the first broken one");
  AddFolderOptions(verify, o->folder);
  verify->add_option("--head", o->head, "A head published earlier (SEQ:HEX) that must be present");
  verify->callback([&ctx, o] { Verify(ctx, *o); });
  CLI::App* head = noun->add_subcommand("head", "Print the head (SEQ:HEX) to publish");
  AddFolderOptions(head, o->folder);
  head->callback([&ctx, o] { Head(ctx, *o); });
  CLI::App* keys = app.add_subcommand("keys", "The folder's master key");
  keys->require_subcommand(1);
  CLI::App* rotate = keys->add_subcommand(
      "rotate", "Replace the master key file; data keys are re-wrapped, no data is re-encrypted");
  AddFolderOptions(rotate, o->folder);
  rotate->callback([&ctx, o] { Rotate(ctx, *o); });

  CLI::App* exp = noun->add_subcommand("export", "Every entry as JSON lines, for outside verifiers");
  AddFolderOptions(exp, o->folder);
  exp->callback([&ctx, o] { Export(ctx, *o); });
}

}  // namespace casekeep::cli
