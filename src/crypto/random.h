// Cryptographically secure random bytes, numbers and keys from the operating system (through
// libsodium's randombytes). Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/error.h"
#include "crypto/bytes.h"
#include "crypto/secret.h"

namespace casekeep::crypto {

//! Fills `out` with random bytes; fails with kInternal only if libsodium cannot start.
[[nodiscard]] Status FillRandom(std::span<std::uint8_t> out);

//! `size` random bytes; fails with kInternal only if libsodium cannot start.
[[nodiscard]] Result<Bytes> RandomBytes(std::size_t size);

//! A fresh random 32-byte key in `memory`; fails with kInternal if libsodium cannot start or
//! the memory cannot be allocated.
[[nodiscard]] Result<Key> RandomKey(SecretMemory memory = SecretMemory::kHeap);

//! A uniformly distributed number in [0, upper_bound); fails with kInvalidArgument if
//! `upper_bound` is 0 and kInternal if libsodium cannot start.
[[nodiscard]] Result<std::uint32_t> RandomBelow(std::uint32_t upper_bound);

}  // namespace casekeep::crypto
