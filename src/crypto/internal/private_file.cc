// Creating and reading owner-only files for key material. Thread-safe.
#include "crypto/internal/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace casekeep::crypto::internal {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  [[nodiscard]] int get() const noexcept { return fd_; }
  int Close() noexcept {
    const int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Removes a temporary file's name when it goes out of scope; after link(2) the contents live
// on under the final name.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

 private:
  std::string path_;
};

std::string ParentFolder(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Status CreatePrivateFile(const std::string& path, std::span<const std::uint8_t> data) {
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0) {
    return Fail(ErrorCode::kAlreadyExists, path + " already exists; refusing to overwrite it");
  }
  std::string tmp = path + ".XXXXXX";
  Fd fd(::mkstemp(tmp.data()));  // O_CREAT | O_EXCL, mode 0600
  if (fd.get() < 0) return IoError(Errno("cannot create a temporary file for", path));
  TempFile cleanup(tmp);
  if (::fchmod(fd.get(), 0600) != 0) return IoError(Errno("cannot set mode 0600 on", tmp));
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(Errno("cannot write", tmp));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return IoError(Errno("cannot sync", tmp));
  if (fd.Close() != 0) return IoError(Errno("cannot close", tmp));
  // link(2) fails if `path` exists, so a file created meanwhile is never replaced.
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) {
      return Fail(ErrorCode::kAlreadyExists, path + " already exists; refusing to overwrite it");
    }
    return IoError(Errno("cannot create", path));
  }
  const std::string folder = ParentFolder(path);
  Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) return IoError(Errno("cannot sync folder", folder));
  return {};
}

Result<SecretBytes> ReadPrivateFile(const std::string& path, std::size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return IoError(Errno("cannot open", path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return IoError(Errno("cannot stat", path));
  if (!S_ISREG(st.st_mode)) return InvalidArgument(path + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Fail(ErrorCode::kFailedPrecondition,
                path + " has mode " + mode +
                    ": a key file must not be readable or writable by group or others; run "
                    "'chmod 600 " + path + "' and check who may have copied it");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_bytes) {
    return InvalidArgument(path + " is " + std::to_string(size) + " bytes, more than " +
                           std::to_string(max_bytes));
  }
  CK_ASSIGN_OR_RETURN(SecretBytes contents, SecretBytes::Allocate(size, SecretMemory::kLocked));
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd.get(), contents.data() + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(Errno("cannot read", path));
    }
    if (n == 0) return IoError(path + " shrank while being read");
    done += static_cast<std::size_t>(n);
  }
  return contents;
}

}  // namespace casekeep::crypto::internal
