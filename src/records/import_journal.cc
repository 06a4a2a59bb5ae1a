// The import key, lock, journal, codes file and the search for an unjournaled batch (see
// import_journal.h). Thread-safety: ImportKey, the journal functions and the audit searches are
// safe from any thread; a lock or codes file belongs to one.
#include "records/import_journal.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "records/fields.h"
#include "records/writer.h"

namespace casekeep::records::internal {
namespace {

constexpr std::string_view kKeyTag = "casekeep-import-v1";
constexpr std::size_t kMaxJournalBytes = 64 * 1024;
constexpr std::int64_t kScanPage = 1000;

std::string Errno(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

// A code that names nothing of the kind asked for means "not this batch"; other failures are
// failures.
Result<bool> Missing(const Error& e) {
  if (e.code == ErrorCode::kNotFound || e.code == ErrorCode::kInvalidArgument) return false;
  return std::unexpected(e);
}

}  // namespace

Result<std::string> ImportKey(const std::string& mapping_text, const std::string& csv_path) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  auto update = [&](const void* data, std::size_t n) {
    crypto_hash_sha256_update(&state, static_cast<const unsigned char*>(data), n);
  };
  update(kKeyTag.data(), kKeyTag.size());
  const std::uint64_t length = mapping_text.size();
  unsigned char be[8];
  for (int i = 0; i < 8; ++i) be[i] = static_cast<unsigned char>(length >> (56 - 8 * i));
  update(be, sizeof be);
  update(mapping_text.data(), mapping_text.size());
  std::ifstream in(csv_path, std::ios::binary);
  if (!in) return IoError("cannot open " + csv_path);
  std::vector<char> buffer(std::size_t{1} << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return IoError("cannot read " + csv_path);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

Result<ImportLock> ImportLock::Acquire(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return IoError(Errno("cannot create", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Fail(
          ErrorCode::kFailedPrecondition,
          "the same import (this file and mapping) is already running into this data folder");
    }
    errno = err;
    return IoError(Errno("cannot lock", path));
  }
  return ImportLock(fd);
}

ImportLock::~ImportLock() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::optional<ImportJournal>> ReadImportJournal(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<ImportJournal>();
    return IoError(Errno("cannot read", path));
  }
  CK_ASSIGN_OR_RETURN(std::string text, ReadFileCapped(path, kMaxJournalBytes));
  const auto j = nlohmann::json::parse(text, nullptr, false);
  auto number = [&](const char* key) -> std::optional<std::int64_t> {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return std::nullopt;
    const auto n = j[key].get<std::int64_t>();
    return n >= 0 ? std::optional(n) : std::nullopt;
  };
  ImportJournal out;
  auto line = number("line"), rows = number("rows"), seq = number("audit_seq"),
       codes = number("codes_bytes");
  if (!line || !rows || !seq || !codes || !j.contains("complete") || !j["complete"].is_boolean()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the import journal " + path + " is damaged; see docs/import.md");
  }
  out.line = *line;
  out.rows = *rows;
  out.audit_seq = *seq;
  out.codes_bytes = *codes;
  out.complete = j["complete"].get<bool>();
  return std::optional(out);
}

Status WriteImportJournal(const std::string& path, const ImportJournal& journal) {
  const nlohmann::json j{{"format", 1},
                         {"line", journal.line},
                         {"rows", journal.rows},
                         {"audit_seq", journal.audit_seq},
                         {"codes_bytes", journal.codes_bytes},
                         {"complete", journal.complete}};
  return WriteFileAtomic(path, j.dump() + "\n");
}

Result<CodesFile> CodesFile::Create(const std::string& path, const std::string& header) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError(Errno("cannot create", path));
  CodesFile file(fd, 0);
  CK_TRY(file.Append(header));
  return file;
}

Result<CodesFile> CodesFile::Resume(const std::string& path, std::int64_t bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return Fail(ErrorCode::kFailedPrecondition,
                Errno("an earlier run of this import wrote the codes file, but cannot open", path) +
                    "; put it back to carry on (docs/import.md)");
  }
  CodesFile file(fd, bytes);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError(Errno("cannot read", path));
  if (st.st_size < bytes) {
    return Fail(ErrorCode::kFailedPrecondition,
                "the codes file " + path +
                    " is shorter than an earlier run of this import left "
                    "it; put it back to carry on (docs/import.md)");
  }
  if (::ftruncate(fd, bytes) != 0 || ::lseek(fd, bytes, SEEK_SET) != bytes) {
    return IoError(Errno("cannot cut back", path));
  }
  return file;
}

CodesFile::~CodesFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status CodesFile::Append(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(Errno("cannot write", "the codes file"));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) return IoError(Errno("cannot sync", "the codes file"));
  size_ += static_cast<std::int64_t>(text.size());
  return {};
}

Result<std::int64_t> LastAuditSeq(store::Store& store) {
  CK_ASSIGN_OR_RETURN(auto tx, store.BeginRead());
  CK_ASSIGN_OR_RETURN(auto last, tx->LastAudit());
  return last ? last->seq : 0;
}

Result<std::vector<BatchEntry>> BatchEntriesAfter(store::Store& store, std::int64_t after_seq,
                                                  const std::string& actor) {
  CK_ASSIGN_OR_RETURN(auto tx, store.BeginRead());
  std::vector<BatchEntry> out;
  for (std::int64_t after = after_seq;;) {
    CK_ASSIGN_OR_RETURN(auto page, tx->ScanAudit(after, kScanPage));
    for (const auto& row : page) {
      after = row.seq;
      if (row.action != "batch.create" || row.actor != actor || row.outcome != "ok") continue;
      BatchEntry e{row.seq, {}};
      for (std::size_t start = 0; start < row.objects.size();) {
        std::size_t end = row.objects.find(' ', start);
        if (end == std::string::npos) end = row.objects.size();
        if (end > start) e.codes.push_back(row.objects.substr(start, end - start));
        start = end + 1;
      }
      if (!e.codes.empty()) out.push_back(std::move(e));
    }
    if (static_cast<std::int64_t>(page.size()) < kScanPage) return out;
  }
}

Result<bool> BatchMatches(store::Store& store, Vault& vault, const policy::Policy& policy,
                          ImportTarget target, const std::vector<std::string>& codes,
                          std::span<const PreparedRow> rows) {
  if (codes.size() != rows.size()) return false;
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store, vault, false));
  auto same_fields = [&](std::span<const policy::Field> fields, const nlohmann::json& wanted,
                         std::string_view owner, const std::string& ad, const store::Bytes& sealed,
                         std::string_view what) -> Result<bool> {
    bool erased = false;
    CK_ASSIGN_OR_RETURN(nlohmann::json stored, t.OpenFields(owner, ad, sealed, &erased));
    if (erased) return true;  // nothing left to compare
    CK_ASSIGN_OR_RETURN(nlohmann::json written, CheckFields(fields, wanted, what));
    return stored == written;
  };
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const PreparedRow& want = rows[i];
    if (target == ImportTarget::kSubject) {
      auto row = t.Subject(codes[i]);
      if (!row) return Missing(row.error());
      if (row->kind != want.subject.kind) return false;
      if (row->erased_at || row->version != 1) continue;
      const policy::SubjectKind* kind = policy.FindSubjectKind(row->kind);
      if (kind == nullptr) return false;
      CK_ASSIGN_OR_RETURN(bool same,
                          same_fields(kind->fields, want.subject.fields, row->code,
                                      FieldsAd("subject", row->code, 1), row->sealed, "person"));
      if (!same) return false;
    } else {
      auto row = t.Record(codes[i]);
      if (!row) return Missing(row.error());
      if (row->type != want.record.type || row->case_id != want.case_id ||
          row->subject_id != want.subject_id ||
          (!want.record.occurred_on.empty() && row->occurred_on != want.record.occurred_on)) {
        return false;
      }
      if (row->version != 1) continue;
      const policy::RecordType* type = policy.FindRecordType(row->type);
      if (type == nullptr) return false;
      CK_ASSIGN_OR_RETURN(bool same,
                          same_fields(type->fields, want.record.fields, row->owner,
                                      FieldsAd("record", row->code, 1), row->sealed, "record"));
      if (!same) return false;
    }
  }
  return true;
}

}  // namespace casekeep::records::internal
