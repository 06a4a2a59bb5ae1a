// Byte buffers and their text encodings: lowercase hex and RFC 4648 base32 (the alphabet
// authenticator apps use for TOTP secrets). Not for secrets that must stay in locked memory:
// the results are ordinary strings and vectors. Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace casekeep::crypto {

using Bytes = std::vector<std::uint8_t>;

//! The characters of `text` viewed as bytes; valid while `text` is.
[[nodiscard]] inline std::span<const std::uint8_t> AsBytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

//! The bytes viewed as characters; valid while `bytes` is.
[[nodiscard]] inline std::string_view AsChars(std::span<const std::uint8_t> bytes) noexcept {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

//! Lowercase hexadecimal, two characters per byte.
[[nodiscard]] std::string ToHex(std::span<const std::uint8_t> bytes);

//! The bytes of a hex string (either case); fails with kInvalidArgument on an odd length or a
//! character that is not a hex digit.
[[nodiscard]] Result<Bytes> FromHex(std::string_view hex);

//! The SHA-256 digest of `data` (32 bytes): for content hashes, never for secrets.
[[nodiscard]] Bytes Sha256(std::span<const std::uint8_t> data);

//! RFC 4648 base32 (A-Z, 2-7), upper-case, without '=' padding.
[[nodiscard]] std::string ToBase32(std::span<const std::uint8_t> bytes);

//! The bytes of RFC 4648 base32 text; either case, spaces and trailing '=' padding ignored.
//! Fails with kInvalidArgument on any other character or on leftover bits that are not zero.
[[nodiscard]] Result<Bytes> FromBase32(std::string_view text);

}  // namespace casekeep::crypto
