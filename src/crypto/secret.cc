// SecretBytes and Key: allocation in ordinary or locked memory, wiping, constant-time compare.
// Thread-safe for distinct objects.
#include "crypto/secret.h"

#include <sodium.h>

#include <algorithm>
#include <new>
#include <string>

#include "crypto/init.h"

namespace casekeep::crypto {

namespace internal {
void SecretDeleter::operator()(std::uint8_t* bytes) const noexcept {
  if (bytes == nullptr) return;
  if (memory == SecretMemory::kLocked) {
    sodium_free(bytes);  // wipes, unlocks and releases the guarded region
    return;
  }
  sodium_memzero(bytes, size);
  delete[] bytes;
}
}  // namespace internal

bool ConstantTimeEqual(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<SecretBytes> SecretBytes::Allocate(std::size_t size, SecretMemory memory) {
  if (size == 0) return SecretBytes();
  CK_TRY(InitCrypto());
  std::uint8_t* raw = nullptr;
  if (memory == SecretMemory::kLocked) {
    raw = static_cast<std::uint8_t*>(sodium_malloc(size));
  } else {
    raw = new (std::nothrow) std::uint8_t[size];
  }
  if (raw == nullptr) {
    return Fail(ErrorCode::kInternal,
                "cannot allocate " + std::to_string(size) + " bytes for secret data");
  }
  std::unique_ptr<std::uint8_t[], internal::SecretDeleter> owned(
      raw, internal::SecretDeleter{size, memory});
  sodium_memzero(raw, size);
  return SecretBytes(std::move(owned));
}

Result<SecretBytes> SecretBytes::CopyOf(std::span<const std::uint8_t> bytes, SecretMemory memory) {
  CK_ASSIGN_OR_RETURN(SecretBytes copy, Allocate(bytes.size(), memory));
  if (!bytes.empty()) std::copy(bytes.begin(), bytes.end(), copy.data());
  return copy;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
  other.bytes_.get_deleter() = {};
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    bytes_ = std::move(other.bytes_);  // frees (and wipes) what this held
    other.bytes_.get_deleter() = {};
  }
  return *this;
}

std::string_view SecretBytes::chars() const noexcept {
  if (empty()) return {};
  return {reinterpret_cast<const char*>(data()), size()};
}

void SecretBytes::Wipe() noexcept {
  if (!empty()) sodium_memzero(data(), size());
}

Result<Key> Key::Allocate(SecretMemory memory) {
  CK_ASSIGN_OR_RETURN(SecretBytes bytes, SecretBytes::Allocate(kSize, memory));
  return Key(std::move(bytes));
}

Result<Key> Key::FromBytes(std::span<const std::uint8_t> bytes, SecretMemory memory) {
  if (bytes.size() != kSize) {
    return InvalidArgument("a key must be " + std::to_string(kSize) + " bytes, not " +
                           std::to_string(bytes.size()));
  }
  CK_ASSIGN_OR_RETURN(SecretBytes copy, SecretBytes::CopyOf(bytes, memory));
  return Key(std::move(copy));
}

Result<Key> Key::Clone(SecretMemory memory) const {
  CK_TRY(RequireKey(*this, "key to clone"));
  return FromBytes(span(), memory);
}

Status RequireKey(const Key& key, std::string_view what) {
  if (key.empty()) return InvalidArgument(std::string(what) + " is empty");
  return {};
}

}  // namespace casekeep::crypto
