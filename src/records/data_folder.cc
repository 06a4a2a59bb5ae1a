#include "records/data_folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <sstream>

#include "audit/chain.h"
#include "base/file.h"
#include "crypto/key_sources.h"
#include "policy/policy.h"
#include "records/erasure_journal.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace casekeep::records {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kConfig = "casekeep.toml";
constexpr std::string_view kPolicy = "policy.toml";
constexpr std::string_view kStore = "store.db";
constexpr std::string_view kKdf = "master.kdf";
constexpr std::string_view kDefaultKeyFile = "master.key";

std::string Join(const std::string& dir, std::string_view name) {
  return (fs::path(dir) / std::string(name)).string();
}

// casekeep.toml: a handful of `key = "value"` lines, written and read only by casekeep.
// With PostgreSQL the folder keeps the policy and the key material, and `database` (never with a
// password) names where the store is.
std::string FormatConfig(const InitOptions& o, const std::string& key_file) {
  std::ostringstream out;
  out << "# casekeep data folder configuration (docs/storage.md)\n"
      << "format = 1\n"
      << "backend = \"" << (o.database.empty() ? "sqlite" : "postgres") << "\"\n"
      << "key_source = \"" << (o.key_source == KeySource::kFile ? "file" : "passphrase")
      << "\"\n";
  if (o.key_source == KeySource::kFile) out << "key_file = \"" << key_file << "\"\n";
  if (!o.database.empty()) out << "database = \"" << o.database << "\"\n";
  if (!o.schema.empty()) out << "schema = \"" << o.schema << "\"\n";
  return out.str();
}

struct Config {
  KeySource source = KeySource::kFile;
  std::string key_file;
  std::string database;  // PostgreSQL connection string; empty: store.db in the folder
  std::string schema;
};

Result<Config> ParseConfig(const std::string& text, const std::string& path) {
  Config c;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find(" = ");
    if (eq == std::string::npos)
      return InvalidArgument(path + ":" + std::to_string(n) + ": not key = value");
    const std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 3);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "key_source") {
      if (value == "file")
        c.source = KeySource::kFile;
      else if (value == "passphrase")
        c.source = KeySource::kPassphrase;
      else
        return InvalidArgument(path + ":" + std::to_string(n) + ": unknown key_source '" + value +
                               "'");
    } else if (key == "key_file") {
      c.key_file = value;
    } else if (key == "database") {
      c.database = value;
    } else if (key == "schema") {
      c.schema = value;
    } else if (key == "backend") {
      if (value != "sqlite" && value != "postgres")
        return InvalidArgument(path + ":" + std::to_string(n) + ": unknown backend '" + value +
                               "'");
    } else if (key != "format") {
      return InvalidArgument(path + ":" + std::to_string(n) + ": unknown setting '" + key + "'");
    }
  }
  return c;
}

Result<crypto::Key> LoadMasterKey(const std::string& dir, const Config& config) {
  if (config.source == KeySource::kPassphrase) return crypto::LoadPassphraseKey(Join(dir, kKdf));
  return crypto::LoadKeyFile(config.key_file);
}

std::string PendingKeyFile(const Config& config) {
  return config.key_file + ".new";
}

// Opens the vault with the configured key; if that key no longer matches because a rotation
// committed but did not get to replace the key file, finishes the rotation and uses the new key.
Result<std::unique_ptr<Vault>> OpenVault(store::Tx& tx, const std::string& dir,
                                         const Config& config) {
  CK_ASSIGN_OR_RETURN(crypto::Key kek, LoadMasterKey(dir, config));
  auto vault = Vault::Open(tx, kek);
  if (vault || vault.error().code != ErrorCode::kPermissionDenied ||
      config.source != KeySource::kFile || !fs::exists(PendingKeyFile(config))) {
    return vault;
  }
  CK_ASSIGN_OR_RETURN(crypto::Key pending, crypto::LoadKeyFile(PendingKeyFile(config)));
  CK_ASSIGN_OR_RETURN(auto rotated, Vault::Open(tx, pending));
  std::error_code ec;
  fs::rename(PendingKeyFile(config), config.key_file, ec);
  if (ec) return IoError("cannot finish the master key rotation: " + ec.message());
  return rotated;
}

Result<Config> LoadConfig(const std::string& dir) {
  const std::string config_path = Join(dir, kConfig);
  if (!fs::exists(config_path)) {
    return NotFound(dir + " is not a casekeep data folder (no " + std::string(kConfig) +
                    "); create one with `casekeep init --data " + dir + " --policy FILE`");
  }
  CK_ASSIGN_OR_RETURN(std::string config_text, ReadFileCapped(config_path, 64 * 1024));
  return ParseConfig(config_text, config_path);
}

Result<std::unique_ptr<store::Store>> OpenPostgres(const std::string& database,
                                                   const std::string& schema, bool create) {
  store::PostgresOptions options;
  options.conninfo = database;
  options.schema = schema;
  options.create = create;
  CK_ASSIGN_OR_RETURN(auto pg, store::PostgresStore::Open(std::move(options)));
  return std::unique_ptr<store::Store>(std::move(pg));
}

// A new, empty store: store.db in the folder, or the PostgreSQL schema named, which must not
// hold a casekeep store already.
Result<std::unique_ptr<store::Store>> CreateStore(const InitOptions& o) {
  if (o.database.empty()) {
    store::OpenOptions open;
    open.create = true;
    CK_ASSIGN_OR_RETURN(auto st, store::SqliteStore::Open(Join(o.dir, kStore), open));
    return std::unique_ptr<store::Store>(std::move(st));
  }
  CK_ASSIGN_OR_RETURN(auto st, OpenPostgres(o.database, o.schema, /*create=*/true));
  CK_ASSIGN_OR_RETURN(auto tx, st->BeginRead());
  CK_ASSIGN_OR_RETURN(auto root, tx->GetMeta(kMetaRootKey));
  if (root) {
    return Fail(ErrorCode::kAlreadyExists,
                "the PostgreSQL database already holds a casekeep store; open it with the data "
                "folder made for it, or name another --schema");
  }
  return st;
}

Status InitInto(const InitOptions& o, const std::string& key_file, const Clock& clock) {
  CK_ASSIGN_OR_RETURN(std::string policy_text,
                      ReadFileCapped(o.policy_path, policy::kMaxPolicyBytes));
  CK_TRY(policy::LoadPolicyFile(o.policy_path));
  crypto::Key kek;
  if (o.key_source == KeySource::kFile) {
    CK_TRY(crypto::CreateKeyFile(key_file));
    CK_ASSIGN_OR_RETURN(kek, crypto::LoadKeyFile(key_file));
  } else {
    CK_ASSIGN_OR_RETURN(auto passphrase, crypto::PassphraseFromEnvironment());
    CK_ASSIGN_OR_RETURN(auto params, crypto::NewKdfParams());
    CK_ASSIGN_OR_RETURN(kek, crypto::DeriveKeyFromPassphrase(passphrase.span(), params));
    CK_TRY(crypto::CreateKdfParamsFile(Join(o.dir, kKdf), params));
  }
  CK_TRY(WriteFileAtomic(Join(o.dir, kPolicy), policy_text));
  CK_ASSIGN_OR_RETURN(auto st, CreateStore(o));
  CK_ASSIGN_OR_RETURN(auto tx, st->Begin());
  CK_ASSIGN_OR_RETURN(auto vault, Vault::Create(*tx, kek));
  const std::int64_t now = clock.NowUnixSeconds();
  CK_TRY(audit::AuditLog().Append(*tx, vault->audit_key(),
                                  audit::AuditEvent{"local-admin", "folder.init", {}, "", "ok", ""},
                                  now * 1'000'000));
  CK_TRY(tx->Commit());
  return WriteFileAtomic(Join(o.dir, kConfig), FormatConfig(o, key_file));
}

}  // namespace

Status InitDataFolder(const InitOptions& o, const Clock& clock) {
  if (!o.database.empty() && store::ConninfoHasPassword(o.database)) {
    return InvalidArgument(
        "the --database connection string holds a password; give it in PGPASSWORD or a "
        "password file (~/.pgpass) instead, so that casekeep.toml never holds it");
  }
  std::error_code ec;
  const bool existed = fs::exists(o.dir, ec);
  if (existed && !fs::is_empty(o.dir, ec)) {
    return Fail(ErrorCode::kAlreadyExists, o.dir + " already exists and is not empty");
  }
  if (!existed && !fs::create_directories(o.dir, ec)) {
    return IoError("cannot create " + o.dir + ": " + ec.message());
  }
  ::chmod(o.dir.c_str(), 0700);
  const std::string key_file =
      o.key_file.empty() ? Join(o.dir, kDefaultKeyFile) : fs::absolute(o.key_file).string();
  Status s = InitInto(o, key_file, clock);
  if (!s) {
    // Leave nothing half-made behind: the folder is removed, or emptied if it already existed.
    if (existed) {
      for (const auto& entry : fs::directory_iterator(o.dir, ec)) fs::remove_all(entry.path(), ec);
    } else {
      fs::remove_all(o.dir, ec);
    }
    if (!o.key_file.empty() && s.error().code != ErrorCode::kAlreadyExists)
      fs::remove(key_file, ec);
  }
  return s;
}

DataFolder::~DataFolder() = default;

Result<FolderKeys> ReadFolderKeys(const std::string& dir) {
  CK_ASSIGN_OR_RETURN(Config config, LoadConfig(dir));
  FolderKeys out;
  out.postgres = !config.database.empty();
  out.store_path = Join(dir, kStore);
  CK_ASSIGN_OR_RETURN(out.kek, LoadMasterKey(dir, config));
  return out;
}

Result<FolderLock> FolderLock::Acquire(const std::string& dir, bool exclusive) {
  const std::string path = Join(dir, "folder.lock");
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Fail(ErrorCode::kFailedPrecondition,
                  exclusive ? "the data folder " + dir +
                                  " is in use (a running `casekeep serve` or another command); "
                                  "stop it first"
                            : "a backup is being restored into the data folder " + dir +
                                  "; try again when it has finished");
    }
    return IoError("cannot lock " + path + ": " + std::strerror(err));
  }
  return FolderLock(fd);
}

FolderLock::FolderLock(FolderLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<DataFolder>> DataFolder::Open(const std::string& dir, const Clock& clock,
                                                     bool take_lock) {
  CK_ASSIGN_OR_RETURN(Config config, LoadConfig(dir));
  auto folder = std::unique_ptr<DataFolder>(new DataFolder());
  folder->dir_ = dir;
  CK_ASSIGN_OR_RETURN(policy::Policy policy, policy::LoadPolicyFile(Join(dir, kPolicy)));
  folder->policy_ = std::make_unique<policy::Policy>(std::move(policy));
  if (!config.database.empty()) {
    // PostgreSQL: nothing to checkpoint here; its WAL and VACUUM are the server's.
    CK_ASSIGN_OR_RETURN(folder->store_,
                        OpenPostgres(config.database, config.schema, /*create=*/false));
    folder->checkpoint_ = [] { return Status(); };
    folder->compact_ = [] { return Status(); };
  } else {
    store::OpenOptions open;
    open.quick_check = false;
    CK_ASSIGN_OR_RETURN(auto sqlite, store::SqliteStore::Open(Join(dir, kStore), open));
    store::SqliteStore* raw = sqlite.get();
    folder->checkpoint_ = [raw] { return raw->Checkpoint(); };
    folder->compact_ = [raw] { return raw->Compact(); };
    folder->store_ = std::move(sqlite);
  }
  {
    CK_ASSIGN_OR_RETURN(auto tx, folder->store_->BeginRead());
    CK_ASSIGN_OR_RETURN(folder->vault_, OpenVault(*tx, dir, config));
  }
  // Taken once the folder has opened, so that a failed open leaves the folder as it was.
  if (take_lock) {
    CK_ASSIGN_OR_RETURN(FolderLock lock, FolderLock::Acquire(dir, false));
    folder->lock_ = std::make_unique<FolderLock>(std::move(lock));
  }
  folder->records_ =
      std::make_unique<RecordsService>(*folder->policy_, *folder->store_, *folder->vault_, clock);
  folder->records_->set_erasure_journal(Join(dir, kErasureJournalFile));
  // A bank-holiday file loaded by an administrator (`casekeep rights holidays load`).
  folder->records_->set_holiday_file(Join(dir, "bank-holidays.json"));
  return folder;
}

Status DataFolder::Checkpoint() {
  return checkpoint_();
}

Status DataFolder::Compact() {
  return compact_();
}

Result<std::int64_t> RotateMasterKey(const std::string& dir, const Clock& clock) {
  CK_ASSIGN_OR_RETURN(Config config, LoadConfig(dir));
  if (config.source != KeySource::kFile) {
    return Fail(ErrorCode::kFailedPrecondition,
                "this folder's master key comes from a passphrase; rotation here is for key files");
  }
  // Open first: this also finishes any earlier rotation that was interrupted.
  CK_ASSIGN_OR_RETURN(auto folder, DataFolder::Open(dir, clock));
  CK_ASSIGN_OR_RETURN(crypto::Key old_kek, crypto::LoadKeyFile(config.key_file));
  CK_ASSIGN_OR_RETURN(crypto::MasterKey old_master, crypto::MasterKey::FromKey(old_kek));
  const std::string pending = PendingKeyFile(config);
  std::error_code ec;
  fs::remove(pending, ec);
  CK_TRY(crypto::CreateKeyFile(pending));
  CK_ASSIGN_OR_RETURN(crypto::Key new_kek, crypto::LoadKeyFile(pending));
  CK_ASSIGN_OR_RETURN(crypto::MasterKey new_master, crypto::MasterKey::FromKey(new_kek));
  CK_ASSIGN_OR_RETURN(auto tx, folder->store().Begin());
  CK_ASSIGN_OR_RETURN(auto keys, tx->ListKeys());
  for (const auto& k : keys) {
    CK_ASSIGN_OR_RETURN(auto wrapped,
                        crypto::RewrapDataKey(old_master, new_master, k.wrapped, k.owner));
    CK_TRY(tx->PutKey(store::KeyRow{k.owner, std::move(wrapped)}));
  }
  CK_ASSIGN_OR_RETURN(auto root, tx->GetMeta(kMetaRootKey));
  if (!root) return Fail(ErrorCode::kDataLoss, "the store has no wrapped root key");
  CK_ASSIGN_OR_RETURN(auto new_root, crypto::RewrapRootKey(old_master, new_master, *root));
  CK_TRY(tx->PutMeta(kMetaRootKey, new_root));
  CK_TRY(tx->PutMeta(kMetaKeyCheck, new_master.key_check()));
  auto event = audit::AuditEvent{
      "local-admin", "keys.rotate", {}, "", "ok", "data_keys=" + std::to_string(keys.size())};
  CK_TRY(audit::AuditLog().Append(*tx, folder->vault().audit_key(), event,
                                  clock.NowUnixSeconds() * 1'000'000));
  CK_TRY(tx->Commit());
  fs::rename(pending, config.key_file, ec);
  if (ec) return IoError("rotated, but cannot move " + pending + " into place: " + ec.message());
  // Old page images holding keys wrapped under the old master key leave the WAL.
  CK_TRY(folder->Checkpoint());
  return static_cast<std::int64_t>(keys.size());
}

}  // namespace casekeep::records
