// `casekeep backup create|restore`: encrypted backups of a SQLite data folder
// (docs/rights.md, "Backups"; key handling in docs/operations.md).
#include <memory>

#include "cli/folder.h"
#include "cli/progress.h"
#include "records/backup.h"

namespace casekeep::cli {
namespace {

struct BackupOptions {
  FolderOptions folder;
  std::string file;
};

records::BackupProgress ProgressOn(Progress& p) {
  return [&p](std::int64_t done, std::int64_t) { p.Update(done >> 20); };
}

std::int64_t MiB(std::int64_t bytes) {
  return (bytes + (1 << 20) - 1) >> 20;
}

void Create(Context& ctx, const BackupOptions& o) {
  Progress progress(ctx.err, "MiB encrypted");
  auto info = records::CreateBackup(o.folder.data, o.file, CommandClock(), ProgressOn(progress));
  progress.Done();
  if (!info) return ctx.Fail(info.error());
  if (o.folder.json) {
    return Print(ctx, true,
                 {{"file", o.file},
                  {"id", info->id},
                  {"created_at", info->created_at},
                  {"store_bytes", info->store_bytes},
                  {"file_bytes", info->file_bytes}});
  }
  ctx.out << "backup " << info->id << " written to " << o.file << " (" << MiB(info->file_bytes)
          << " MiB, encrypted)\n"
          << "restoring it needs this folder's master key: keep the key apart from the backup\n";
}

void Restore(Context& ctx, const BackupOptions& o) {
  Progress progress(ctx.err, "MiB checked");
  auto r = records::RestoreBackup(o.folder.data, o.file, CommandClock(), ProgressOn(progress));
  progress.Done();
  if (!r) return ctx.Fail(r.error());
  if (o.folder.json) {
    return Print(ctx, true,
                 {{"id", r->backup.id},
                  {"created_at", r->backup.created_at},
                  {"reapplied", records::ToJson(r->reapplied)}});
  }
  ctx.out << "restored backup " << r->backup.id
          << "; erasure journal re-applied: " << r->reapplied.reapplied << " of "
          << r->reapplied.entries << " erased people erased again (" << r->reapplied.records_deleted
          << " records deleted, " << r->reapplied.keys_destroyed << " keys destroyed)\n";
}

}  // namespace

void AddBackupCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<BackupOptions>();
  CLI::App* noun = app.add_subcommand("backup", "Encrypted backups: create, restore");
  noun->require_subcommand(1);

  CLI::App* create = noun->add_subcommand(
      "create", "Write an encrypted, consistent copy of the store (the server may be running)");
  AddFolderOptions(create, o->folder);
  create->add_option("FILE", o->file, "Where to write the backup (must not exist)")->required();
  create->callback([&ctx, o] { Create(ctx, *o); });

  CLI::App* restore = noun->add_subcommand(
      "restore", "Replace the store with a backup and erase again whoever was erased since");
  AddFolderOptions(restore, o->folder);
  restore->add_option("FILE", o->file, "The backup file")->required();
  restore->callback([&ctx, o] { Restore(ctx, *o); });
}

}  // namespace casekeep::cli
