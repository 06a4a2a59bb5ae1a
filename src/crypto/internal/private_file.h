// Private to src/crypto: files that hold keys or key parameters. They are created with mode
// 0600, atomically, and never over an existing file; they are read only if group and others
// have no permission on them. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "base/error.h"
#include "crypto/secret.h"

namespace casekeep::crypto::internal {

//! Writes `data` to a new file at `path` with mode 0600 (temporary file, fsync, link, fsync of
//! the folder). Fails with kAlreadyExists if `path` exists, kIo if anything else goes wrong;
//! the temporary file never outlives the call.
[[nodiscard]] Status CreatePrivateFile(const std::string& path, std::span<const std::uint8_t> data);

//! The contents of `path` in locked memory. Fails with kIo if it cannot be opened or read,
//! kInvalidArgument if it is not a regular file or is larger than `max_bytes`,
//! kFailedPrecondition if group or others have any permission on it.
[[nodiscard]] Result<SecretBytes> ReadPrivateFile(const std::string& path, std::size_t max_bytes);

}  // namespace casekeep::crypto::internal
