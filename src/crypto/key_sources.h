// Where the master key (the key-encryption key at the top of the hierarchy, docs/keys.md) comes
// from: either a key file of 32 random bytes that only its owner may read, or Argon2id over a
// passphrase taken from the environment, with the salt and cost in a small parameters file.
// Thread-safety: functions are thread-safe except PassphraseFromEnvironment, which reads the
// environment and must not race with setenv.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "crypto/secret.h"

namespace casekeep::crypto {

//! Environment variable holding the master passphrase.
inline constexpr std::string_view kPassphraseEnvVar = "CASEKEEP_PASSPHRASE";
inline constexpr std::size_t kMinPassphraseBytes = 12;
inline constexpr std::size_t kMaxPassphraseBytes = 1024;

//! Argon2id cost for deriving the master key: libsodium's "moderate" level (3 passes over
//! 256 MiB, about a second). Paid once at start-up.
inline constexpr std::uint64_t kMasterKdfOpsLimit = 3;
inline constexpr std::size_t kMasterKdfMemLimit = std::size_t{256} * 1024 * 1024;
//! Largest memory cost a parameters file may ask for (4 GiB).
inline constexpr std::size_t kMaxKdfMemLimit = std::size_t{4} * 1024 * 1024 * 1024;
inline constexpr std::size_t kKdfSaltSize = 16;
//! Largest parameters file read (it is a few lines).
inline constexpr std::size_t kMaxKdfParamsFileBytes = 4096;

//! Argon2id parameters for a passphrase-derived master key; not secret.
struct KdfParams {
  std::array<std::uint8_t, kKdfSaltSize> salt{};
  std::uint64_t ops_limit = kMasterKdfOpsLimit;
  std::size_t mem_limit = kMasterKdfMemLimit;
};

// ---- key file ----

//! Writes a new key file of 32 random bytes with mode 0600, atomically and never over an
//! existing file. Fails with kAlreadyExists if `path` exists, kIo if it cannot be written.
[[nodiscard]] Status CreateKeyFile(const std::string& path);

//! The master key from a key file, in locked memory. Fails with kIo if it cannot be read,
//! kFailedPrecondition if group or others have any permission on it (it must be 0600 or
//! 0400), kInvalidArgument if it is not a regular file of exactly 32 bytes.
[[nodiscard]] Result<Key> LoadKeyFile(const std::string& path);

// ---- passphrase ----

//! Parameters with a fresh random salt and the given cost; fails with kInvalidArgument if
//! the cost is outside libsodium's limits or above kMaxKdfMemLimit.
[[nodiscard]] Result<KdfParams> NewKdfParams(std::uint64_t ops_limit = kMasterKdfOpsLimit,
                                             std::size_t mem_limit = kMasterKdfMemLimit);

//! The parameters file text (format in docs/keys.md).
[[nodiscard]] std::string FormatKdfParams(const KdfParams& params);

//! Parses a parameters file; fails with kInvalidArgument naming the line at fault, or if a
//! field is missing, unknown, repeated or out of range.
[[nodiscard]] Result<KdfParams> ParseKdfParams(std::string_view text);

//! Writes a parameters file (mode 0600), never over an existing one: replacing the salt would
//! lose the master key. Fails with kAlreadyExists or kIo.
[[nodiscard]] Status CreateKdfParamsFile(const std::string& path, const KdfParams& params);

//! Reads and parses a parameters file; fails with kIo or kInvalidArgument.
[[nodiscard]] Result<KdfParams> LoadKdfParamsFile(const std::string& path);

//! The passphrase in environment variable `variable`, in locked memory. Fails with kNotFound
//! if it is unset or empty.
[[nodiscard]] Result<SecretBytes> PassphraseFromEnvironment(
    std::string_view variable = kPassphraseEnvVar);

//! The 32-byte master key derived with Argon2id13 (in locked memory); the same passphrase and
//! parameters always give the same key. Fails with kInvalidArgument if the passphrase is
//! shorter than kMinPassphraseBytes or longer than kMaxPassphraseBytes or the parameters are
//! out of range, kInternal if the memory cost cannot be allocated.
[[nodiscard]] Result<Key> DeriveKeyFromPassphrase(std::span<const std::uint8_t> passphrase,
                                                  const KdfParams& params);

//! LoadKdfParamsFile + PassphraseFromEnvironment + DeriveKeyFromPassphrase.
[[nodiscard]] Result<Key> LoadPassphraseKey(const std::string& params_path,
                                            std::string_view variable = kPassphraseEnvVar);

}  // namespace casekeep::crypto
