// Authenticated encryption of large values (attachments) in chunks, with libsodium's
// crypto_secretstream_xchacha20poly1305. Stream format (docs/keys.md): version byte 0x02 ||
// 24-byte stream header, then encrypted chunks of kStreamChunkSize plaintext bytes each (17
// bytes of overhead per chunk), the last of which carries 0..kStreamChunkSize bytes and the
// FINAL tag. A stream cut short, reordered, spliced with another, or altered fails to open.
// Thread-safety: a StreamSealer or StreamOpener is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/error.h"
#include "crypto/bytes.h"
#include "crypto/secret.h"

namespace casekeep::crypto {

inline constexpr std::uint8_t kStreamVersion = 0x02;
//! Plaintext bytes in every chunk except the last (64 KiB).
inline constexpr std::size_t kStreamChunkSize = 64 * 1024;
//! Version byte + secretstream header.
inline constexpr std::size_t kStreamHeaderSize = 1 + 24;
//! Bytes each encrypted chunk adds: 1 encrypted tag byte + 16-byte MAC.
inline constexpr std::size_t kStreamChunkOverhead = 17;

namespace internal {
struct StreamState;
struct StreamStateDeleter {
  void operator()(StreamState* state) const noexcept;
};
}  // namespace internal

class StreamSealer {
 public:
  //! Starts a stream under `key`; `associated_data` is authenticated with every chunk. Fails
  //! with kInvalidArgument if the key is empty, kInternal if libsodium cannot start.
  [[nodiscard]] static Result<StreamSealer> Start(const Key& key,
                                                  std::span<const std::uint8_t> associated_data);

  //! The kStreamHeaderSize bytes that must precede the first chunk.
  [[nodiscard]] const Bytes& header() const noexcept { return header_; }

  //! Encrypts a chunk that is not the last. Fails with kInvalidArgument unless `chunk` is
  //! exactly kStreamChunkSize bytes, kFailedPrecondition after Finish.
  [[nodiscard]] Result<Bytes> Push(std::span<const std::uint8_t> chunk);

  //! Encrypts the last chunk (0..kStreamChunkSize bytes) with the FINAL tag. Fails with
  //! kInvalidArgument if it is too long, kFailedPrecondition if called twice.
  [[nodiscard]] Result<Bytes> Finish(std::span<const std::uint8_t> last_chunk);

 private:
  StreamSealer() = default;
  [[nodiscard]] Result<Bytes> Encrypt(std::span<const std::uint8_t> chunk, bool final);

  std::unique_ptr<internal::StreamState, internal::StreamStateDeleter> state_;
  Bytes header_;
  Bytes associated_data_;
  bool finished_ = false;
};

class StreamOpener {
 public:
  //! Starts reading a stream from its first kStreamHeaderSize bytes. Fails with kDataLoss if
  //! the header is short or has an unknown version, kInvalidArgument if the key is empty.
  [[nodiscard]] static Result<StreamOpener> Start(const Key& key,
                                                  std::span<const std::uint8_t> header,
                                                  std::span<const std::uint8_t> associated_data);

  //! The plaintext of the next encrypted chunk. Fails with kDataLoss if it does not
  //! authenticate (wrong key or associated data, altered, reordered, from another stream), if
  //! a non-final chunk is not full size, or if a chunk follows the final one.
  [[nodiscard]] Result<Bytes> Pull(std::span<const std::uint8_t> encrypted_chunk);

  //! True once the chunk with the FINAL tag has been pulled.
  [[nodiscard]] bool finished() const noexcept { return finished_; }

  //! Success if the final chunk was read; kDataLoss ("truncated") otherwise. Call at end of
  //! input: a stream without its final chunk has been cut short.
  [[nodiscard]] Status Finish() const;

 private:
  StreamOpener() = default;

  std::unique_ptr<internal::StreamState, internal::StreamStateDeleter> state_;
  Bytes associated_data_;
  bool finished_ = false;
};

//! Size of the sealed stream for `plaintext_size` bytes of plaintext.
[[nodiscard]] std::size_t SealedStreamSize(std::size_t plaintext_size) noexcept;

//! Seals a whole buffer in stream format; fails as StreamSealer::Start does.
[[nodiscard]] Result<Bytes> SealStream(const Key& key, std::span<const std::uint8_t> plaintext,
                                       std::span<const std::uint8_t> associated_data);

//! Opens a whole sealed stream; fails with kDataLoss if it is truncated, altered or does not
//! authenticate, kInvalidArgument if the key is empty.
[[nodiscard]] Result<Bytes> OpenStream(const Key& key, std::span<const std::uint8_t> sealed,
                                       std::span<const std::uint8_t> associated_data);

}  // namespace casekeep::crypto
