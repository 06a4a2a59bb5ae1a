#include "accounts/internal/secrets.h"

#include <sodium.h>

#include <algorithm>

#include "crypto/init.h"
#include "crypto/random.h"

namespace casekeep::accounts::internal {
namespace {

constexpr std::size_t kHashBytes = 32;

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

Result<std::string> RandomBase64Url() {
  CK_ASSIGN_OR_RETURN(crypto::Bytes bytes, crypto::RandomBytes(kSecretBytes));
  std::string text = Base64Url(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return text;
}

}  // namespace

std::string_view Personalisation(HashUse use) noexcept {
  switch (use) {
    case HashUse::kSession: return "casekeep-sess-v1";
    case HashUse::kApiToken: return "casekeep-tokn-v1";
    case HashUse::kCsrf: return "casekeep-csrf-v1";
  }
  return "casekeep-sess-v1";
}

Result<crypto::Bytes> KeyedHash(const crypto::Key& session_key, HashUse use,
                                std::string_view text) {
  CK_TRY(crypto::RequireKey(session_key, "the session key"));
  CK_TRY(crypto::InitCrypto());
  static_assert(crypto_generichash_blake2b_PERSONALBYTES == 16);
  const std::string_view personal = Personalisation(use);
  crypto::Bytes out(kHashBytes);
  const auto in = crypto::AsBytes(text);
  if (crypto_generichash_blake2b_salt_personal(
          out.data(), out.size(), in.data(), in.size(), session_key.data(), crypto::Key::kSize,
          nullptr, reinterpret_cast<const unsigned char*>(personal.data())) != 0) {
    return Fail(ErrorCode::kInternal, "BLAKE2b failed");
  }
  return out;
}

std::string Base64Url(std::span<const std::uint8_t> bytes) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(out.find('\0'));  // the encoded length counts the terminator
  return out;
}

Result<std::string> NewSessionToken() {
  return RandomBase64Url();
}

Result<std::string> NewTokenSecret() {
  CK_ASSIGN_OR_RETURN(std::string body, RandomBase64Url());
  return std::string(kTokenPrefix) + body;
}

bool LooksLikeSessionToken(std::string_view text) noexcept {
  return text.size() == kSecretChars && std::all_of(text.begin(), text.end(), IsBase64UrlChar);
}

bool LooksLikeTokenSecret(std::string_view text) noexcept {
  return text.starts_with(kTokenPrefix) && LooksLikeSessionToken(text.substr(kTokenPrefix.size()));
}

}  // namespace casekeep::accounts::internal
