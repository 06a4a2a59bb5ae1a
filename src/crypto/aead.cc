// Seal/Open with crypto_aead_xchacha20poly1305_ietf. The version byte is prepended to the
// caller's associated data so that it is authenticated too. Thread-safe.
#include "crypto/aead.h"

#include <sodium.h>

#include <string>

#include "crypto/init.h"

namespace casekeep::crypto {
namespace {

static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kSealNonceSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kSealTagSize);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == Key::kSize);

// The associated data actually given to the AEAD: version byte || caller's associated data.
Bytes FullAssociatedData(std::span<const std::uint8_t> associated_data) {
  Bytes full;
  full.reserve(1 + associated_data.size());
  full.push_back(kSealedVersion);
  full.insert(full.end(), associated_data.begin(), associated_data.end());
  return full;
}

// Decrypts into `out`, which must be exactly sealed.size() - kSealOverhead bytes.
Status OpenInto(const Key& key, std::span<const std::uint8_t> sealed,
                std::span<const std::uint8_t> associated_data, std::span<std::uint8_t> out) {
  const Bytes full_ad = FullAssociatedData(associated_data);
  const std::uint8_t* nonce = sealed.data() + 1;
  const std::span<const std::uint8_t> body = sealed.subspan(1 + kSealNonceSize);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &written, nullptr, body.data(),
                                                 body.size(), full_ad.data(), full_ad.size(),
                                                 nonce, key.data()) != 0 ||
      written != out.size()) {
    sodium_memzero(out.data(), out.size());
    return Fail(ErrorCode::kDataLoss,
                "sealed value does not authenticate (wrong key, wrong associated data, or "
                "altered bytes)");
  }
  return {};
}

// Checks what can be checked before decrypting; returns the plaintext length.
Result<std::size_t> CheckSealed(const Key& key, std::span<const std::uint8_t> sealed) {
  CK_TRY(RequireKey(key, "decryption key"));
  CK_TRY(InitCrypto());
  if (sealed.size() < kSealOverhead) {
    return Fail(ErrorCode::kDataLoss, "sealed value is " + std::to_string(sealed.size()) +
                                          " bytes, shorter than the " +
                                          std::to_string(kSealOverhead) + "-byte minimum");
  }
  if (sealed[0] != kSealedVersion) {
    return Fail(ErrorCode::kDataLoss,
                "sealed value has unknown version byte " + std::to_string(sealed[0]));
  }
  return sealed.size() - kSealOverhead;
}

}  // namespace

Result<Bytes> Seal(const Key& key, std::span<const std::uint8_t> plaintext,
                   std::span<const std::uint8_t> associated_data) {
  CK_TRY(RequireKey(key, "encryption key"));
  CK_TRY(InitCrypto());
  const Bytes full_ad = FullAssociatedData(associated_data);
  Bytes sealed(kSealOverhead + plaintext.size());
  sealed[0] = kSealedVersion;
  std::uint8_t* nonce = sealed.data() + 1;
  randombytes_buf(nonce, kSealNonceSize);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data() + 1 + kSealNonceSize, &written,
                                             plaintext.data(), plaintext.size(), full_ad.data(),
                                             full_ad.size(), nullptr, nonce, key.data());
  return sealed;
}

Result<Bytes> Open(const Key& key, std::span<const std::uint8_t> sealed,
                   std::span<const std::uint8_t> associated_data) {
  CK_ASSIGN_OR_RETURN(const std::size_t length, CheckSealed(key, sealed));
  Bytes plaintext(length);
  CK_TRY(OpenInto(key, sealed, associated_data, plaintext));
  return plaintext;
}

Result<SecretBytes> OpenSecret(const Key& key, std::span<const std::uint8_t> sealed,
                               std::span<const std::uint8_t> associated_data,
                               SecretMemory memory) {
  CK_ASSIGN_OR_RETURN(const std::size_t length, CheckSealed(key, sealed));
  CK_ASSIGN_OR_RETURN(SecretBytes plaintext, SecretBytes::Allocate(length, memory));
  CK_TRY(OpenInto(key, sealed, associated_data, plaintext.span()));
  return plaintext;
}

Result<std::string> FieldAssociatedData(std::string_view row_kind, std::string_view row_id,
                                        std::string_view field) {
  for (std::string_view part : {row_kind, row_id, field}) {
    if (part.empty() || part.find(':') != std::string_view::npos) {
      return InvalidArgument("associated data part '" + std::string(part) +
                             "' must be non-empty and contain no ':'");
    }
  }
  std::string out;
  out.reserve(row_kind.size() + row_id.size() + field.size() + 8);
  out.append(row_kind).append(":").append(row_id).append(":field:").append(field);
  return out;
}

}  // namespace casekeep::crypto
