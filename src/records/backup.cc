// Backups (backup.h). File format (docs/rights.md, "Backups"):
//   "CKBACKUP" | version 0x01 | 4-byte big-endian header length | header (JSON) | stream
// The header names the backup (a random id), when it was made, the store's size, the master
// key's key check and the backup key wrapped under the master key (owner id
// "casekeep-backup:<id>"). The stream is the store file sealed with crypto/aead_stream.h under
// the backup key, every chunk bound to the whole prefix, so nothing in the file can change
// without the restore noticing.
#include "records/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "audit/chain.h"
#include "crypto/aead_stream.h"
#include "crypto/bytes.h"
#include "crypto/keys.h"
#include "crypto/random.h"
#include "records/data_folder.h"
#include "records/erasure_journal.h"
#include "store/sqlite/sqlite_store.h"

namespace casekeep::records {
namespace {

namespace fs = std::filesystem;
using crypto::Bytes;

constexpr std::string_view kMagic = "CKBACKUP";
constexpr std::uint8_t kVersion = 0x01;
constexpr std::uint32_t kMaxHeader = 64 * 1024;
constexpr std::size_t kSealedChunk = crypto::kStreamChunkSize + crypto::kStreamChunkOverhead;

std::string BackupOwner(const std::string& id) {
  return "casekeep-backup:" + id;
}

Status FsyncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open " + path + ": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError("cannot flush " + path + ": " + std::strerror(errno));
  return {};
}

std::string Parent(const std::string& path) {
  const fs::path p = fs::absolute(path).parent_path();
  return p.empty() ? "." : p.string();
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
  fs::remove(path + "-wal", ec);
  fs::remove(path + "-shm", ec);
}

struct Header {
  Bytes prefix;  // everything before the stream: magic, version, length, JSON
  BackupInfo info;
  Bytes key_check;
  Bytes wrapped_key;
};

Result<Header> ReadHeader(std::istream& in, std::int64_t file_bytes) {
  auto damaged = [](std::string_view why) {
    return Fail(ErrorCode::kDataLoss, "not a casekeep backup, or a damaged one (" +
                                          std::string(why) + "); nothing was changed");
  };
  Header h;
  h.prefix.resize(kMagic.size() + 1 + 4);
  in.read(reinterpret_cast<char*>(h.prefix.data()), static_cast<std::streamsize>(h.prefix.size()));
  if (in.gcount() != static_cast<std::streamsize>(h.prefix.size()) ||
      crypto::AsChars(std::span(h.prefix).first(kMagic.size())) != kMagic) {
    return damaged("no backup header");
  }
  if (h.prefix[kMagic.size()] != kVersion) return damaged("unknown format version");
  std::uint32_t len = 0;
  for (std::size_t i = 0; i < 4; ++i) len = (len << 8) | static_cast<std::uint32_t>(h.prefix[kMagic.size() + 1 + i]);
  if (len == 0 || len > kMaxHeader) return damaged("header length");
  std::string json(len, '\0');
  in.read(json.data(), len);
  if (in.gcount() != static_cast<std::streamsize>(len)) return damaged("header cut short");
  h.prefix.insert(h.prefix.end(), json.begin(), json.end());
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object()) return damaged("header is not JSON");
  try {
    if (j.at("format").get<int>() != 1 || j.at("backend").get<std::string>() != "sqlite") {
      return damaged("unknown format");
    }
    h.info.id = j.at("id").get<std::string>();
    h.info.created_at = j.at("created_at").get<std::int64_t>();
    h.info.store_bytes = j.at("store_bytes").get<std::int64_t>();
    auto check = crypto::FromHex(j.at("key_check").get<std::string>());
    auto wrapped = crypto::FromHex(j.at("wrapped_key").get<std::string>());
    if (!check || !wrapped || h.info.id.empty() || h.info.store_bytes < 0) {
      return damaged("header fields");
    }
    h.key_check = std::move(*check);
    h.wrapped_key = std::move(*wrapped);
  } catch (const nlohmann::json::exception&) {
    return damaged("header fields");
  }
  h.info.file_bytes = file_bytes;
  return h;
}

}  // namespace

Result<BackupInfo> CreateBackup(const std::string& dir, const std::string& file, const Clock& clock,
                                const BackupProgress& progress) {
  CK_ASSIGN_OR_RETURN(FolderKeys keys, ReadFolderKeys(dir));
  if (keys.postgres) {
    return Fail(ErrorCode::kFailedPrecondition,
                "this folder keeps its store in PostgreSQL: back it up with pg_dump and keep the "
                "folder's key material and erasure journal (docs/operations.md, \"Backups\")");
  }
  if (fs::exists(file)) return Fail(ErrorCode::kAlreadyExists, file + " already exists");
  // The folder is opened (and so checked, and held against a restore) for the audit entry.
  CK_ASSIGN_OR_RETURN(auto folder, DataFolder::Open(dir, clock));
  CK_ASSIGN_OR_RETURN(crypto::MasterKey master, crypto::MasterKey::FromKey(keys.kek));
  const std::string snapshot = file + ".snapshot";
  const std::string partial = file + ".partial";
  RemoveQuietly(snapshot);
  struct Cleanup {
    std::string a, b;
    ~Cleanup() {
      RemoveQuietly(a);
      std::error_code ec;
      fs::remove(b, ec);
    }
  } cleanup{snapshot, partial};
  CK_TRY(store::SqliteStore::Snapshot(keys.store_path, snapshot));

  BackupInfo info;
  CK_ASSIGN_OR_RETURN(auto id, crypto::RandomBytes(16));
  info.id = crypto::ToHex(id);
  info.created_at = clock.NowUnixSeconds();
  info.store_bytes = static_cast<std::int64_t>(fs::file_size(snapshot));
  CK_ASSIGN_OR_RETURN(crypto::Key key, crypto::NewDataKey());
  CK_ASSIGN_OR_RETURN(Bytes wrapped, master.WrapDataKey(key, BackupOwner(info.id)));
  nlohmann::json j = {{"format", 1},
                      {"backend", "sqlite"},
                      {"id", info.id},
                      {"created_at", info.created_at},
                      {"store_bytes", info.store_bytes},
                      {"key_check", crypto::ToHex(master.key_check())},
                      {"wrapped_key", crypto::ToHex(wrapped)}};
  const std::string json = j.dump();
  Bytes prefix(kMagic.begin(), kMagic.end());
  prefix.push_back(kVersion);
  const auto len = static_cast<std::uint32_t>(json.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    prefix.push_back(static_cast<std::uint8_t>((len >> shift) & 0xffU));
  }
  prefix.insert(prefix.end(), json.begin(), json.end());

  std::ifstream in(snapshot, std::ios::binary);
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!in || !out) return IoError("cannot write " + partial);
  CK_ASSIGN_OR_RETURN(auto sealer, crypto::StreamSealer::Start(key, prefix));
  auto write = [&](const Bytes& b) {
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  };
  write(prefix);
  write(sealer.header());
  Bytes buf(crypto::kStreamChunkSize);
  std::int64_t done = 0;
  for (;;) {
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    done += static_cast<std::int64_t>(n);
    // A full chunk is sealed as the last one only when nothing follows it.
    if (n == buf.size() && in.peek() != std::char_traits<char>::eof()) {
      CK_ASSIGN_OR_RETURN(auto sealed, sealer.Push(buf));
      write(sealed);
    } else {
      CK_ASSIGN_OR_RETURN(auto sealed, sealer.Finish(std::span(buf.data(), n)));
      write(sealed);
      break;
    }
    if (progress) progress(done, info.store_bytes);
  }
  if (in.bad()) return IoError("cannot read the store snapshot");
  out.close();
  if (!out) return IoError("cannot write " + partial);
  CK_TRY(FsyncPath(partial));
  std::error_code ec;
  fs::rename(partial, file, ec);
  if (ec) return IoError("cannot move the backup into place at " + file + ": " + ec.message());
  CK_TRY(FsyncPath(Parent(file)));
  info.file_bytes = static_cast<std::int64_t>(fs::file_size(file));
  if (progress) progress(info.store_bytes, info.store_bytes);
  CK_ASSIGN_OR_RETURN(auto tx, folder->store().Begin());
  CK_TRY(audit::AuditLog().Append(
      *tx, folder->vault().audit_key(),
      // The id is an object, not detail: 32 random hex digits may hold a run of decimal digits
      // that the detail rule refuses; the size in KiB stays short of that rule up to a terabyte.
      audit::AuditEvent{"local-admin",
                        "backup.create",
                        {"backup:" + info.id},
                        "",
                        "ok",
                        "kib=" + std::to_string((info.store_bytes + 1023) / 1024)},
      clock.NowUnixSeconds() * 1'000'000));
  CK_TRY(tx->Commit());
  return info;
}

Result<RestoreResult> RestoreBackup(const std::string& dir, const std::string& file,
                                    const Clock& clock, const BackupProgress& progress) {
  CK_ASSIGN_OR_RETURN(FolderKeys keys, ReadFolderKeys(dir));
  if (keys.postgres) {
    return Fail(ErrorCode::kFailedPrecondition,
                "this folder keeps its store in PostgreSQL: restore it with pg_restore, then run "
                "`casekeep erasure reapply` (docs/operations.md, \"Backups\")");
  }
  CK_ASSIGN_OR_RETURN(FolderLock lock, FolderLock::Acquire(dir, true));
  std::error_code ec;
  const auto file_bytes = fs::file_size(file, ec);
  if (ec) return NotFound("cannot read " + file + ": " + ec.message());
  std::ifstream in(file, std::ios::binary);
  if (!in) return IoError("cannot read " + file);
  CK_ASSIGN_OR_RETURN(Header h, ReadHeader(in, static_cast<std::int64_t>(file_bytes)));
  CK_ASSIGN_OR_RETURN(crypto::MasterKey master, crypto::MasterKey::FromKey(keys.kek));
  if (auto same = master.VerifyKeyCheck(h.key_check); !same) {
    if (same.error().code == ErrorCode::kPermissionDenied) {
      return Fail(ErrorCode::kPermissionDenied,
                  "this backup was made under another master key: restore it into a folder with "
                  "the master key it was made with; nothing was changed");
    }
    return std::unexpected(same.error());
  }
  auto key = master.UnwrapDataKey(h.wrapped_key, BackupOwner(h.info.id));
  if (!key) {
    return Fail(ErrorCode::kDataLoss,
                "the backup's key does not open (altered header); nothing "
                "was changed");
  }

  // Decrypt into the folder beside the store; only a complete, authenticated copy replaces it.
  const std::string store_path = keys.store_path;
  const std::string restoring = store_path + ".restoring";
  RemoveQuietly(restoring);
  struct Cleanup {
    std::string path;
    bool keep = false;
    ~Cleanup() {
      if (!keep) RemoveQuietly(path);
    }
  } cleanup{restoring};
  {
    auto damaged = [](std::string_view why) {
      return Fail(ErrorCode::kDataLoss, "the backup does not authenticate (" + std::string(why) +
                                            "): it is damaged or was altered; nothing was changed");
    };
    Bytes header(crypto::kStreamHeaderSize);
    in.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
    if (in.gcount() != static_cast<std::streamsize>(header.size())) return damaged("cut short");
    auto opener = crypto::StreamOpener::Start(*key, header, h.prefix);
    if (!opener) return damaged("stream header");
    std::ofstream out(restoring, std::ios::binary | std::ios::trunc);
    if (!out) return IoError("cannot write " + restoring);
    Bytes chunk(kSealedChunk);
    std::int64_t written = 0;
    while (!opener->finished()) {
      in.read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n == 0) return damaged("cut short");
      auto plain = opener->Pull(std::span(chunk.data(), n));
      if (!plain) return damaged("a chunk does not open");
      out.write(reinterpret_cast<const char*>(plain->data()),
                static_cast<std::streamsize>(plain->size()));
      written += static_cast<std::int64_t>(plain->size());
      if (progress) progress(written, h.info.store_bytes);
    }
    if (in.peek() != std::char_traits<char>::eof()) return damaged("bytes after the end");
    if (written != h.info.store_bytes) return damaged("size");
    out.close();
    if (!out) return IoError("cannot write " + restoring);
    CK_TRY(FsyncPath(restoring));
  }
  // A casekeep store whose keys open with this folder's master key, under whose audit key the
  // folder's erasure journal verifies (so it is a backup of this folder).
  {
    store::OpenOptions options;
    options.quick_check = true;
    auto st = store::SqliteStore::Open(restoring, options);
    if (!st) {
      return Fail(ErrorCode::kDataLoss, "the backup holds no usable store (" + st.error().message +
                                            "); nothing was changed");
    }
    CK_ASSIGN_OR_RETURN(auto tx, (*st)->BeginRead());
    CK_ASSIGN_OR_RETURN(auto vault, Vault::Open(*tx, keys.kek));
    auto journal = ReadErasureJournal((fs::path(dir) / std::string(kErasureJournalFile)).string(),
                                      vault->audit_key());
    if (!journal) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the folder's erasure journal does not verify under the backup's keys (" +
                      journal.error().message +
                      "): is this a backup of another folder? Nothing was changed");
    }
  }
  // Replace the store: a stale write-ahead log must not be applied to the restored file.
  fs::remove(store_path + "-wal", ec);
  fs::remove(store_path + "-shm", ec);
  fs::rename(restoring, store_path, ec);
  if (ec) return IoError("cannot move the restored store into place: " + ec.message());
  cleanup.keep = true;
  CK_TRY(FsyncPath(Parent(store_path)));

  RestoreResult result;
  result.backup = h.info;
  CK_ASSIGN_OR_RETURN(auto folder, DataFolder::Open(dir, clock, /*take_lock=*/false));
  {
    CK_ASSIGN_OR_RETURN(auto tx, folder->store().Begin());
    CK_TRY(audit::AuditLog().Append(
        *tx, folder->vault().audit_key(),
        audit::AuditEvent{"local-admin", "backup.restore", {"backup:" + h.info.id}, "", "ok", ""},
        clock.NowUnixSeconds() * 1'000'000));
    CK_TRY(tx->Commit());
  }
  CK_ASSIGN_OR_RETURN(result.reapplied, folder->records().ReapplyErasures(Actor{}));
  CK_TRY(folder->Compact());
  return result;
}

}  // namespace casekeep::records
