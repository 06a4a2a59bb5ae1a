// Secret material in memory. SecretBytes holds any number of secret bytes; Key holds exactly
// 32 (every symmetric key in casekeep is 32 bytes). Both wipe their bytes when destroyed, cannot
// be copied (only moved, which leaves the source empty), and compare in constant time.
// Thread-safety: an object is not synchronised; const methods may run concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>

#include "base/error.h"

namespace casekeep::crypto {

//! Where a secret's bytes live.
enum class SecretMemory {
  //! Ordinary heap, wiped with sodium_memzero on destruction. Cheap: for per-owner data keys,
  //! of which a busy process creates many.
  kHeap,
  //! sodium_malloc: guard pages, mlock'd (never swapped), excluded from core dumps, wiped on
  //! free. Costs a few system calls: for the master key, root key, passphrases, TOTP secrets.
  kLocked,
};

namespace internal {
struct SecretDeleter {
  std::size_t size = 0;
  SecretMemory memory = SecretMemory::kHeap;
  void operator()(std::uint8_t* bytes) const noexcept;
};
}  // namespace internal

//! Compares two byte strings in time that depends only on their lengths; false if the
//! lengths differ (lengths are not treated as secret).
[[nodiscard]] bool ConstantTimeEqual(std::span<const std::uint8_t> a,
                                     std::span<const std::uint8_t> b) noexcept;

class SecretBytes {
 public:
  SecretBytes() noexcept = default;  //!< empty

  //! `size` zero bytes in `memory`; fails with kInternal if the memory cannot be allocated.
  [[nodiscard]] static Result<SecretBytes> Allocate(std::size_t size,
                                                    SecretMemory memory = SecretMemory::kLocked);
  //! A copy of `bytes` in `memory`; fails with kInternal if the memory cannot be allocated.
  [[nodiscard]] static Result<SecretBytes> CopyOf(std::span<const std::uint8_t> bytes,
                                                  SecretMemory memory = SecretMemory::kLocked);

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() = default;  // the deleter wipes

  [[nodiscard]] std::size_t size() const noexcept {
    return bytes_ ? bytes_.get_deleter().size : 0;
  }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] SecretMemory memory() const noexcept { return bytes_.get_deleter().memory; }
  [[nodiscard]] std::uint8_t* data() noexcept { return bytes_.get(); }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.get(); }
  [[nodiscard]] std::span<std::uint8_t> span() noexcept { return {bytes_.get(), size()}; }
  [[nodiscard]] std::span<const std::uint8_t> span() const noexcept {
    return {bytes_.get(), size()};
  }
  //! The bytes as characters (for passphrases); valid while this object lives.
  [[nodiscard]] std::string_view chars() const noexcept;

  //! Sets every byte to zero, keeping the size.
  void Wipe() noexcept;

  //! Constant-time comparison of the contents.
  [[nodiscard]] bool operator==(const SecretBytes& other) const noexcept {
    return ConstantTimeEqual(span(), other.span());
  }

 private:
  explicit SecretBytes(std::unique_ptr<std::uint8_t[], internal::SecretDeleter> bytes) noexcept
      : bytes_(std::move(bytes)) {}

  std::unique_ptr<std::uint8_t[], internal::SecretDeleter> bytes_;
};

//! A 32-byte symmetric key. A default-constructed or moved-from Key is empty; every function
//! that takes a Key fails with kInvalidArgument when given an empty one.
class Key {
 public:
  static constexpr std::size_t kSize = 32;

  Key() noexcept = default;

  //! An all-zero key to be filled through mutable_span(); fails with kInternal if the memory
  //! cannot be allocated.
  [[nodiscard]] static Result<Key> Allocate(SecretMemory memory = SecretMemory::kHeap);
  //! A key holding a copy of `bytes`; fails with kInvalidArgument unless it is 32 bytes long.
  [[nodiscard]] static Result<Key> FromBytes(std::span<const std::uint8_t> bytes,
                                             SecretMemory memory = SecretMemory::kHeap);

  [[nodiscard]] bool empty() const noexcept { return bytes_.empty(); }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.data(); }
  [[nodiscard]] std::span<const std::uint8_t> span() const noexcept { return bytes_.span(); }
  [[nodiscard]] std::span<std::uint8_t> mutable_span() noexcept { return bytes_.span(); }
  [[nodiscard]] SecretMemory memory() const noexcept { return bytes_.memory(); }

  //! A second copy of this key; fails with kInvalidArgument if this key is empty.
  [[nodiscard]] Result<Key> Clone(SecretMemory memory) const;

  //! Constant-time comparison; an empty key equals only an empty key.
  [[nodiscard]] bool operator==(const Key& other) const noexcept {
    return bytes_ == other.bytes_;
  }

 private:
  explicit Key(SecretBytes bytes) noexcept : bytes_(std::move(bytes)) {}
  SecretBytes bytes_;
};

//! kInvalidArgument naming `what` if `key` is empty; otherwise success.
[[nodiscard]] Status RequireKey(const Key& key, std::string_view what);

}  // namespace casekeep::crypto
