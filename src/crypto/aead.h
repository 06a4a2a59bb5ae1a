// Authenticated encryption of single values (record fields, wrapped keys) with
// XChaCha20-Poly1305-IETF. Sealed format (docs/keys.md): version byte 0x01 || 24-byte random
// nonce || ciphertext || 16-byte tag, with the version byte and the caller's associated data
// authenticated. The associated data binds a value to where it belongs (row and field), so a
// sealed value copied to another row or field fails to open. Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "crypto/bytes.h"
#include "crypto/secret.h"

namespace casekeep::crypto {

inline constexpr std::uint8_t kSealedVersion = 0x01;
inline constexpr std::size_t kSealNonceSize = 24;
inline constexpr std::size_t kSealTagSize = 16;
//! Bytes a sealed value adds to its plaintext: version + nonce + tag.
inline constexpr std::size_t kSealOverhead = 1 + kSealNonceSize + kSealTagSize;

//! Encrypts `plaintext` under `key` with a fresh random nonce, authenticating
//! `associated_data`. Fails with kInvalidArgument if the key is empty, kInternal if libsodium
//! cannot start.
[[nodiscard]] Result<Bytes> Seal(const Key& key, std::span<const std::uint8_t> plaintext,
                                 std::span<const std::uint8_t> associated_data);

//! The plaintext of a value made by Seal with the same key and associated data. Fails with
//! kDataLoss if `sealed` is too short, has an unknown version, or does not authenticate (wrong
//! key, wrong associated data, any altered byte); kInvalidArgument if the key is empty.
//! Never reads outside `sealed`, whatever it holds.
[[nodiscard]] Result<Bytes> Open(const Key& key, std::span<const std::uint8_t> sealed,
                                 std::span<const std::uint8_t> associated_data);

//! As Open, but the plaintext goes into secret memory (for keys and other secrets).
[[nodiscard]] Result<SecretBytes> OpenSecret(const Key& key, std::span<const std::uint8_t> sealed,
                                             std::span<const std::uint8_t> associated_data,
                                             SecretMemory memory = SecretMemory::kHeap);

//! The associated-data convention for a field of a row: "<row_kind>:<row_id>:field:<field>",
//! e.g. "subject:S-7K3M9Q4:field:email". Fails with kInvalidArgument if a part is empty or
//! contains ':' (which would make two different rows' associated data collide).
[[nodiscard]] Result<std::string> FieldAssociatedData(std::string_view row_kind,
                                                      std::string_view row_id,
                                                      std::string_view field);

}  // namespace casekeep::crypto
