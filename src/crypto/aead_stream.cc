// Chunked sealing on crypto_secretstream_xchacha20poly1305. The stream state holds key
// material, so it lives on the heap and is wiped when the sealer or opener is destroyed.
// Thread-safety: one thread per object.
#include "crypto/aead_stream.h"

#include <sodium.h>

#include <string>

#include "crypto/init.h"

namespace casekeep::crypto {

namespace internal {
struct StreamState {
  crypto_secretstream_xchacha20poly1305_state state;
};
void StreamStateDeleter::operator()(StreamState* state) const noexcept {
  sodium_memzero(state, sizeof *state);
  delete state;
}
}  // namespace internal

namespace {

static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES + 1 == kStreamHeaderSize);
static_assert(crypto_secretstream_xchacha20poly1305_ABYTES == kStreamChunkOverhead);
static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == Key::kSize);

using StatePtr = std::unique_ptr<internal::StreamState, internal::StreamStateDeleter>;

Bytes FullAssociatedData(std::span<const std::uint8_t> associated_data) {
  Bytes full;
  full.reserve(1 + associated_data.size());
  full.push_back(kStreamVersion);
  full.insert(full.end(), associated_data.begin(), associated_data.end());
  return full;
}

std::unexpected<Error> DataLoss(std::string message) {
  return Fail(ErrorCode::kDataLoss, std::move(message));
}

}  // namespace

Result<StreamSealer> StreamSealer::Start(const Key& key,
                                         std::span<const std::uint8_t> associated_data) {
  CK_TRY(RequireKey(key, "stream encryption key"));
  CK_TRY(InitCrypto());
  StreamSealer sealer;
  sealer.state_ = StatePtr(new internal::StreamState{});
  sealer.header_.assign(kStreamHeaderSize, 0);
  sealer.header_[0] = kStreamVersion;
  crypto_secretstream_xchacha20poly1305_init_push(&sealer.state_->state,
                                                  sealer.header_.data() + 1, key.data());
  sealer.associated_data_ = FullAssociatedData(associated_data);
  return sealer;
}

Result<Bytes> StreamSealer::Encrypt(std::span<const std::uint8_t> chunk, bool final) {
  if (finished_ || !state_) {
    return Fail(ErrorCode::kFailedPrecondition, "stream has already been finished");
  }
  Bytes out(chunk.size() + kStreamChunkOverhead);
  const unsigned char tag = final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                  : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  crypto_secretstream_xchacha20poly1305_push(&state_->state, out.data(), nullptr, chunk.data(),
                                             chunk.size(), associated_data_.data(),
                                             associated_data_.size(), tag);
  if (final) {
    finished_ = true;
    state_.reset();  // wipe the key material as soon as it is no longer needed
  }
  return out;
}

Result<Bytes> StreamSealer::Push(std::span<const std::uint8_t> chunk) {
  if (chunk.size() != kStreamChunkSize) {
    return InvalidArgument("a stream chunk that is not the last must be exactly " +
                           std::to_string(kStreamChunkSize) + " bytes, not " +
                           std::to_string(chunk.size()));
  }
  return Encrypt(chunk, /*final=*/false);
}

Result<Bytes> StreamSealer::Finish(std::span<const std::uint8_t> last_chunk) {
  if (last_chunk.size() > kStreamChunkSize) {
    return InvalidArgument("the last stream chunk may hold at most " +
                           std::to_string(kStreamChunkSize) + " bytes, not " +
                           std::to_string(last_chunk.size()));
  }
  return Encrypt(last_chunk, /*final=*/true);
}

Result<StreamOpener> StreamOpener::Start(const Key& key, std::span<const std::uint8_t> header,
                                         std::span<const std::uint8_t> associated_data) {
  CK_TRY(RequireKey(key, "stream decryption key"));
  CK_TRY(InitCrypto());
  if (header.size() < kStreamHeaderSize) {
    return DataLoss("stream header is " + std::to_string(header.size()) + " bytes, not " +
                    std::to_string(kStreamHeaderSize));
  }
  if (header[0] != kStreamVersion) {
    return DataLoss("stream has unknown version byte " + std::to_string(header[0]));
  }
  StreamOpener opener;
  opener.state_ = StatePtr(new internal::StreamState{});
  if (crypto_secretstream_xchacha20poly1305_init_pull(&opener.state_->state, header.data() + 1,
                                                      key.data()) != 0) {
    return DataLoss("stream header is invalid");
  }
  opener.associated_data_ = FullAssociatedData(associated_data);
  return opener;
}

Result<Bytes> StreamOpener::Pull(std::span<const std::uint8_t> encrypted_chunk) {
  if (finished_ || !state_) return DataLoss("stream has data after its final chunk");
  if (encrypted_chunk.size() < kStreamChunkOverhead ||
      encrypted_chunk.size() > kStreamChunkSize + kStreamChunkOverhead) {
    return DataLoss("encrypted stream chunk has impossible size " +
                    std::to_string(encrypted_chunk.size()));
  }
  Bytes out(encrypted_chunk.size() - kStreamChunkOverhead);
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          &state_->state, out.data(), nullptr, &tag, encrypted_chunk.data(),
          encrypted_chunk.size(), associated_data_.data(), associated_data_.size()) != 0) {
    return DataLoss(
        "stream chunk does not authenticate (wrong key or associated data, altered, reordered "
        "or from another stream)");
  }
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    finished_ = true;
    state_.reset();
  } else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
    return DataLoss("stream chunk has unexpected tag " + std::to_string(tag));
  } else if (out.size() != kStreamChunkSize) {
    return DataLoss("stream chunk that is not the last is " + std::to_string(out.size()) +
                    " bytes, not " + std::to_string(kStreamChunkSize));
  }
  return out;
}

Status StreamOpener::Finish() const {
  if (!finished_) return DataLoss("stream is truncated: its final chunk is missing");
  return {};
}

std::size_t SealedStreamSize(std::size_t plaintext_size) noexcept {
  // Full chunks, then a last chunk of 1..kStreamChunkSize bytes (or one empty chunk).
  const std::size_t chunks =
      plaintext_size == 0 ? 1 : (plaintext_size + kStreamChunkSize - 1) / kStreamChunkSize;
  return kStreamHeaderSize + plaintext_size + chunks * kStreamChunkOverhead;
}

Result<Bytes> SealStream(const Key& key, std::span<const std::uint8_t> plaintext,
                         std::span<const std::uint8_t> associated_data) {
  CK_ASSIGN_OR_RETURN(StreamSealer sealer, StreamSealer::Start(key, associated_data));
  Bytes out;
  out.reserve(SealedStreamSize(plaintext.size()));
  out.insert(out.end(), sealer.header().begin(), sealer.header().end());
  std::span<const std::uint8_t> rest = plaintext;
  while (rest.size() > kStreamChunkSize) {  // the last chunk may be full or empty
    CK_ASSIGN_OR_RETURN(const Bytes chunk, sealer.Push(rest.first(kStreamChunkSize)));
    out.insert(out.end(), chunk.begin(), chunk.end());
    rest = rest.subspan(kStreamChunkSize);
  }
  CK_ASSIGN_OR_RETURN(const Bytes last, sealer.Finish(rest));
  out.insert(out.end(), last.begin(), last.end());
  return out;
}

Result<Bytes> OpenStream(const Key& key, std::span<const std::uint8_t> sealed,
                         std::span<const std::uint8_t> associated_data) {
  if (sealed.size() < kStreamHeaderSize) {
    CK_TRY(RequireKey(key, "stream decryption key"));
    return DataLoss("sealed stream is shorter than its header");
  }
  CK_ASSIGN_OR_RETURN(StreamOpener opener,
                      StreamOpener::Start(key, sealed.first(kStreamHeaderSize), associated_data));
  Bytes out;
  out.reserve(sealed.size());
  std::span<const std::uint8_t> rest = sealed.subspan(kStreamHeaderSize);
  constexpr std::size_t kFullChunk = kStreamChunkSize + kStreamChunkOverhead;
  while (!rest.empty() && !opener.finished()) {
    const std::size_t take = rest.size() > kFullChunk ? kFullChunk : rest.size();
    CK_ASSIGN_OR_RETURN(const Bytes chunk, opener.Pull(rest.first(take)));
    out.insert(out.end(), chunk.begin(), chunk.end());
    rest = rest.subspan(take);
  }
  CK_TRY(opener.Finish());
  if (!rest.empty()) return DataLoss("sealed stream has data after its final chunk");
  return out;
}

}  // namespace casekeep::crypto
