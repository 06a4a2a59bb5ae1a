// The erasure journal (erasure_journal.h; format in docs/rights.md, "The erasure journal").
#include "records/erasure_journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "audit/chain.h"
#include "audit/event.h"
#include "crypto/bytes.h"

namespace casekeep::records {
namespace {

constexpr std::string_view kDomain = "casekeep erasure journal v1\n";
constexpr std::size_t kMaxJournalBytes = std::size_t{256} << 20;
const std::string kZeroMac(64, '0');

std::string Errno(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

std::string JoinList(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// Codes only: anything else (a name, an address) never reaches the file.
Status CheckCodes(const JournalEntry& e) {
  auto code = [](std::string_view x) {
    return audit::IsCodeToken(x) && x.find(',') == std::string_view::npos;
  };
  if (!code(e.subject) || (!e.request.empty() && !code(e.request)) ||
      (e.state != "intended" && e.state != "done")) {
    return InvalidArgument("an erasure journal entry holds only codes");
  }
  for (const auto* list : {&e.keys, &e.records, &e.kept, &e.resealed}) {
    for (const auto& x : *list) {
      if (!code(x)) return InvalidArgument("an erasure journal entry holds only codes");
    }
  }
  return {};
}

std::string Body(const JournalEntry& e) {
  return std::to_string(e.seq) + " " + e.state + " " + e.at + " " + e.subject + " " +
         (e.request.empty() ? "-" : e.request) + " keys=" + JoinList(e.keys) +
         " records=" + JoinList(e.records) + " kept=" + JoinList(e.kept) +
         " resealed=" + JoinList(e.resealed);
}

Result<std::string> MacOf(const crypto::Key& key, const std::string& prev_mac,
                          const std::string& body) {
  const std::string input = std::string(kDomain) + prev_mac + "\n" + body;
  CK_ASSIGN_OR_RETURN(auto mac, audit::EntryMac(key, crypto::Sha256(crypto::AsBytes(input))));
  return crypto::ToHex(mac);
}

Result<JournalEntry> ParseLine(const std::string& line, std::int64_t n) {
  auto bad = [&](std::string_view why) {
    return Fail(ErrorCode::kDataLoss, "erasure journal line " + std::to_string(n) +
                                          " is damaged (" + std::string(why) + ")");
  };
  std::istringstream in(line);
  std::vector<std::string> parts;
  for (std::string p; in >> p;) parts.push_back(p);
  if (parts.size() != 10) return bad("wrong number of fields");
  JournalEntry e;
  try {
    e.seq = std::stoll(parts[0]);
  } catch (...) {
    return bad("no line number");
  }
  e.state = parts[1];
  e.at = parts[2];
  e.subject = parts[3];
  e.request = parts[4] == "-" ? "" : parts[4];
  const char* names[] = {"keys=", "records=", "kept=", "resealed="};
  std::vector<std::string>* lists[] = {&e.keys, &e.records, &e.kept, &e.resealed};
  for (std::size_t i = 0; i < 4; ++i) {
    if (!parts[5 + i].starts_with(names[i])) return bad(std::string("no ") + names[i]);
    *lists[i] = SplitList(std::string_view(parts[5 + i]).substr(std::strlen(names[i])));
  }
  if (!parts[9].starts_with("mac=")) return bad("no mac");
  if (e.seq != n) return bad("out of order");
  return e;
}

// Verifies the lines of `text` (complete lines only); returns the entries, the last MAC and
// the length of the complete lines.
struct Parsed {
  std::vector<JournalEntry> entries;
  std::string last_mac = kZeroMac;
  std::size_t complete_bytes = 0;
};

Result<Parsed> Verify(const std::string& text, const crypto::Key& key) {
  Parsed out;
  std::size_t start = 0;
  std::int64_t n = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // cut short by a crash: ignored
    const std::string line = text.substr(start, end - start);
    ++n;
    CK_ASSIGN_OR_RETURN(JournalEntry e, ParseLine(line, n));
    const std::string body = Body(e);
    CK_ASSIGN_OR_RETURN(std::string mac, MacOf(key, out.last_mac, body));
    if (line != body + " mac=" + mac) {
      return Fail(ErrorCode::kDataLoss,
                  "erasure journal line " + std::to_string(n) +
                      " does not verify: the journal was altered, or lines were removed or "
                      "reordered");
    }
    out.last_mac = mac;
    out.entries.push_back(std::move(e));
    start = end + 1;
    out.complete_bytes = start;
  }
  return out;
}

Result<std::string> ReadAll(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError(Errno("cannot read", path));
  if (static_cast<std::size_t>(st.st_size) > kMaxJournalBytes) {
    return InvalidArgument(path + " is larger than an erasure journal can be");
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::pread(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (n < 0) return IoError(Errno("cannot read", path));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  return text;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::vector<JournalEntry>> ReadErasureJournal(const std::string& path,
                                                     const crypto::Key& key) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::vector<JournalEntry>{};
    return IoError(Errno("cannot open", path));
  }
  if (::flock(fd.get(), LOCK_SH) != 0) return IoError(Errno("cannot lock", path));
  CK_ASSIGN_OR_RETURN(std::string text, ReadAll(fd.get(), path));
  CK_ASSIGN_OR_RETURN(Parsed parsed, Verify(text, key));
  return std::move(parsed.entries);
}

Result<JournalEntry> AppendErasureJournal(const std::string& path, const crypto::Key& key,
                                          JournalEntry entry) {
  CK_TRY(CheckCodes(entry));
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (fd.get() < 0) return IoError(Errno("cannot open", path));
  if (::flock(fd.get(), LOCK_EX) != 0) return IoError(Errno("cannot lock", path));
  CK_ASSIGN_OR_RETURN(std::string text, ReadAll(fd.get(), path));
  CK_ASSIGN_OR_RETURN(Parsed parsed, Verify(text, key));
  if (parsed.complete_bytes != text.size() &&
      ::ftruncate(fd.get(), static_cast<off_t>(parsed.complete_bytes)) != 0) {
    return IoError(Errno("cannot repair", path));
  }
  entry.seq = static_cast<std::int64_t>(parsed.entries.size()) + 1;
  const std::string body = Body(entry);
  CK_ASSIGN_OR_RETURN(std::string mac, MacOf(key, parsed.last_mac, body));
  const std::string line = body + " mac=" + mac + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::pwrite(fd.get(), line.data() + done, line.size() - done,
                               static_cast<off_t>(parsed.complete_bytes + done));
    if (n < 0) return IoError(Errno("cannot write", path));
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return IoError(Errno("cannot flush", path));
  return entry;
}

}  // namespace casekeep::records
