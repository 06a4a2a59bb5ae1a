// Argon2id password hashing and recovery codes. Thread-safe: pure functions.
#include "crypto/password.h"

#include <sodium.h>

#include <array>

#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "crypto/init.h"
#include "crypto/random.h"
#include "crypto/secret.h"

namespace casekeep::crypto {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";
constexpr char kRecoveryPersonal[crypto_generichash_blake2b_PERSONALBYTES + 1] =
    "casekeep-recov-1";

// The 16 canonical symbols of a typed recovery code, or nullopt.
std::optional<std::string> CanonicalRecoveryCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (CodeSymbolValue(c) < 0) return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != kRecoveryCodeSymbols) return std::nullopt;
  return out;
}

std::string HashCanonical(std::string_view canonical) {
  std::array<std::uint8_t, 32> digest{};
  const std::uint8_t salt[crypto_generichash_blake2b_SALTBYTES] = {};
  const auto in = AsBytes(canonical);
  crypto_generichash_blake2b_salt_personal(
      digest.data(), digest.size(), in.data(), in.size(), nullptr, 0, salt,
      reinterpret_cast<const unsigned char*>(kRecoveryPersonal));
  return ToHex(digest);
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (password.empty() || password.size() > kMaxPasswordBytes) {
    return InvalidArgument("a password must be 1 to " + std::to_string(kMaxPasswordBytes) +
                           " bytes long");
  }
  CK_TRY(InitCrypto());
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kPasswordOpsLimit,
                            kPasswordMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(ErrorCode::kInternal, "Argon2id could not allocate memory to hash a password");
  }
  return std::string(out.data());
}

Result<bool> VerifyPassword(std::string_view stored_hash, std::string_view password) {
  CK_TRY(InitCrypto());
  if (!stored_hash.starts_with(kArgon2idPrefix) || stored_hash.size() >= crypto_pwhash_STRBYTES) {
    return Fail(ErrorCode::kDataLoss, "stored password hash is not an Argon2id hash string");
  }
  if (password.size() > kMaxPasswordBytes) return false;
  const std::string terminated(stored_hash);  // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored_hash) {
  if (!InitCrypto()) return true;
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), kPasswordOpsLimit,
                                        kPasswordMemLimit) != 0;
}

Result<RecoveryCodes> GenerateRecoveryCodes(std::size_t count) {
  if (count == 0 || count > 100) {
    return InvalidArgument("between 1 and 100 recovery codes can be generated at once");
  }
  RecoveryCodes result;
  std::array<std::uint8_t, kRecoveryCodeSymbols> random{};
  for (std::size_t n = 0; n < count; ++n) {
    CK_TRY(FillRandom(random));
    std::string canonical;
    std::string shown;
    for (std::size_t i = 0; i < random.size(); ++i) {
      const char symbol = kCodeAlphabet[random[i] & 0x1f];
      canonical.push_back(symbol);
      if (i > 0 && i % 4 == 0) shown.push_back('-');
      shown.push_back(symbol);
    }
    result.hashes.push_back(HashCanonical(canonical));
    result.codes.push_back(std::move(shown));
  }
  sodium_memzero(random.data(), random.size());
  return result;
}

Result<std::string> HashRecoveryCode(std::string_view code) {
  CK_TRY(InitCrypto());
  const std::optional<std::string> canonical = CanonicalRecoveryCode(code);
  if (!canonical) {
    return InvalidArgument("a recovery code is " + std::to_string(kRecoveryCodeSymbols) +
                           " letters and digits, like ABCD-EFGH-JKMN-PQRS");
  }
  return HashCanonical(*canonical);
}

std::optional<std::size_t> MatchRecoveryCode(std::string_view entered,
                                             std::span<const std::string> stored_hashes) {
  const Result<std::string> hash = HashRecoveryCode(entered);
  if (!hash) return std::nullopt;
  std::optional<std::size_t> match;
  for (std::size_t i = 0; i < stored_hashes.size(); ++i) {
    if (ConstantTimeEqual(AsBytes(*hash), AsBytes(stored_hashes[i])) && !match) match = i;
  }
  return match;
}

}  // namespace casekeep::crypto
