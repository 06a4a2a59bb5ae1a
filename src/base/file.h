// Reading whole files with a size cap, so a huge or unreadable input is an error, not a hang.
// Thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "base/error.h"

namespace casekeep {

//! The bytes of `path`; fails with kIo if it cannot be read and kInvalidArgument if it is
//! larger than `max_bytes` or is not a regular file.
[[nodiscard]] Result<std::string> ReadFileCapped(const std::string& path, std::size_t max_bytes);

//! Writes `data` to `path` atomically (temporary file, fsync, rename).
[[nodiscard]] Status WriteFileAtomic(const std::string& path, const std::string& data);

}  // namespace casekeep
