// CheckDatabaseFile (schema.h): decides whether an existing file is an intact casekeep
// database without writing to it. Thread-safety: thread-safe (no shared state).
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "store/sqlite/schema.h"

namespace casekeep::store::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic{"SQLite format 3\0", 16};
constexpr std::size_t kHeaderSize = 100;

std::uint32_t BigEndian32(const std::array<char, kHeaderSize>& h, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<std::uint8_t>(h[at + i]);
  return v;
}

std::uintmax_t SizeOr0(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

bool Exists(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

// The checks that need no SQLite: the header of the main file.
Status CheckHeader(const std::string& path, std::int64_t latest) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return NotFound("there is no casekeep database at " + path);
  }
  if (!fs::is_regular_file(status)) {
    return InvalidArgument(path + " is not a regular file, so not a casekeep database");
  }
  const std::uintmax_t size = SizeOr0(path);
  std::array<char, kHeaderSize> header{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read " + path);
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  const auto got = static_cast<std::size_t>(in.gcount());
  const std::string_view start(header.data(), got);
  const bool magic = start.substr(0, kMagic.size()) == kMagic.substr(0, got);
  if (got == 0) return InvalidArgument(path + " is empty, so not a casekeep database");
  if (!magic) {
    return InvalidArgument(path + " is not an SQLite database, so not a casekeep database");
  }
  if (got < kHeaderSize) {
    return Fail(ErrorCode::kDataLoss, path + " is truncated: shorter than a database header");
  }
  if (BigEndian32(header, 68) != static_cast<std::uint32_t>(kApplicationId)) {
    return InvalidArgument(path + " is an SQLite database but not a casekeep database");
  }
  const std::uint32_t version = BigEndian32(header, 60);
  if (static_cast<std::int64_t>(version) > latest) {
    return Fail(ErrorCode::kFailedPrecondition,
                path + " has schema version " + std::to_string(version) +
                    ", newer than this casekeep knows (" + std::to_string(latest) +
                    "); upgrade casekeep to open it");
  }
  // The page count in the header is trustworthy when the change counter (offset 24) matches
  // "version valid for" (offset 92). Without a WAL the file must hold all those pages.
  const std::uint32_t raw_page_size = (BigEndian32(header, 16) >> 16);
  const std::uint64_t page_size = raw_page_size == 1 ? 65536 : raw_page_size;
  const std::uint64_t pages = BigEndian32(header, 28);
  const bool count_valid = BigEndian32(header, 24) == BigEndian32(header, 92);
  if (count_valid && SizeOr0(path + "-wal") == 0 && pages * page_size > size) {
    return Fail(ErrorCode::kDataLoss, path + " is truncated: its header says " +
                                          std::to_string(pages * page_size) +
                                          " bytes but the file has " + std::to_string(size));
  }
  return {};
}

// Removes the empty -wal and -shm files a read-only connection left behind, if they did not
// exist before it opened.
void RemoveLeftovers(const std::string& path, bool had_wal, bool had_shm) {
  if (had_wal) return;
  std::error_code ec;
  const std::string wal = path + "-wal";
  if (Exists(wal) && (SizeOr0(wal) != 0 || !fs::remove(wal, ec))) return;
  if (!had_shm) fs::remove(path + "-shm", ec);
}

Status CheckThroughSqlite(const std::string& path, std::int64_t latest, bool quick_check) {
  CK_ASSIGN_OR_RETURN(auto conn, Connection::Open(path, SQLITE_OPEN_READONLY));
  sqlite3_busy_timeout(conn->db(), 5000);
  auto kind = [&](Error e) {
    if (e.code == ErrorCode::kInternal) e.code = ErrorCode::kDataLoss;
    e.message = path + ": " + e.message;
    return std::unexpected(std::move(e));
  };
  auto app_id = conn->QueryInt("PRAGMA application_id", "reading the application id");
  if (!app_id) return kind(app_id.error());
  if (*app_id != kApplicationId) {
    return InvalidArgument(path + " is an SQLite database but not a casekeep database");
  }
  auto version = conn->QueryInt("PRAGMA user_version", "reading the schema version");
  if (!version) return kind(version.error());
  if (*version > latest) {
    return Fail(ErrorCode::kFailedPrecondition,
                path + " has schema version " + std::to_string(*version) +
                    ", newer than this casekeep knows (" + std::to_string(latest) +
                    "); upgrade casekeep to open it");
  }
  if (!quick_check) return {};
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(conn->db(), "PRAGMA quick_check(4)", -1, &raw, nullptr);
  StmtHandle stmt(raw);
  std::string result;
  while (rc == SQLITE_OK && (rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
    if (!result.empty()) result += "; ";
    result += text != nullptr ? text : "";
    rc = SQLITE_OK;
  }
  if (rc != SQLITE_DONE) return kind(SqliteError("checking integrity", conn->db(), rc));
  if (result != "ok") {
    return Fail(ErrorCode::kDataLoss, path + " failed its integrity check: " + result);
  }
  return {};
}

}  // namespace

Status CheckDatabaseFile(const std::string& path, std::int64_t latest, bool quick_check) {
  CK_TRY(CheckHeader(path, latest));
  const bool had_wal = Exists(path + "-wal");
  const bool had_shm = Exists(path + "-shm");
  Status checked = CheckThroughSqlite(path, latest, quick_check);
  RemoveLeftovers(path, had_wal, had_shm);
  return checked;
}

}  // namespace casekeep::store::sqlite
