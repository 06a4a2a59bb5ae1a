// Capped reads and atomic writes.
#include "base/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

namespace casekeep {
namespace {

std::string TempPath(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr ? tmp : "/tmp") + "/casekeep-file-test-" +
         std::to_string(::getpid()) + "-" + name;
}

TEST(FileTest, WriteThenReadBack) {
  const std::string path = TempPath("a");
  ASSERT_TRUE(WriteFileAtomic(path, "hello\nworld"));
  auto data = ReadFileCapped(path, 100);
  ASSERT_TRUE(data) << data.error().message;
  EXPECT_EQ(*data, "hello\nworld");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::remove(path.c_str());
}

TEST(FileTest, RefusesFilesOverTheCap) {
  const std::string path = TempPath("b");
  ASSERT_TRUE(WriteFileAtomic(path, std::string(101, 'x')));
  auto data = ReadFileCapped(path, 100);
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(data.error().message.find("more than the limit of 100"), std::string::npos);
  std::remove(path.c_str());
}

TEST(FileTest, MissingFileAndDirectory) {
  auto missing = ReadFileCapped("/nonexistent/x", 100);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  auto dir = ReadFileCapped("/tmp", 100);
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().code, ErrorCode::kInvalidArgument);
}

TEST(FileTest, AtomicWriteIntoMissingDirectoryFails) {
  auto s = WriteFileAtomic("/nonexistent/dir/file", "x");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace casekeep
