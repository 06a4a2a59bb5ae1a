// RFC 6238 TOTP on RFC 4226 HOTP with dynamic truncation. HMAC-SHA-1 is not in libsodium, so
// the HMAC comes from OpenSSL's libcrypto (already a casekeep dependency for TLS).
// Thread-safe: pure functions.
#include "crypto/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>

#include "crypto/bytes.h"
#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

constexpr std::size_t kMinSecretBytes = 10;   // 80 bits; RFC 4226 asks for 128 and recommends 160
constexpr std::size_t kMaxSecretBytes = 128;  // more than any HMAC block needs

Status CheckParams(const TotpParams& params) {
  if (params.digits < 6 || params.digits > 8) return InvalidArgument("TOTP digits must be 6 to 8");
  if (params.period_seconds <= 0) return InvalidArgument("TOTP period must be positive");
  return {};
}

const EVP_MD* Digest(TotpAlgorithm algorithm) {
  switch (algorithm) {
    case TotpAlgorithm::kSha1: return EVP_sha1();
    case TotpAlgorithm::kSha256: return EVP_sha256();
    case TotpAlgorithm::kSha512: return EVP_sha512();
  }
  return nullptr;
}

std::string_view AlgorithmName(TotpAlgorithm algorithm) {
  switch (algorithm) {
    case TotpAlgorithm::kSha1: return "SHA1";
    case TotpAlgorithm::kSha256: return "SHA256";
    case TotpAlgorithm::kSha512: return "SHA512";
  }
  return "";
}

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UriEscape(std::string_view text) {
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '.' || u == '_' || u == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    }
  }
  return out;
}

}  // namespace

Result<SecretBytes> NewTotpSecret() {
  CK_ASSIGN_OR_RETURN(SecretBytes secret,
                      SecretBytes::Allocate(kTotpSecretBytes, SecretMemory::kLocked));
  CK_TRY(FillRandom(secret.span()));
  return secret;
}

std::string EncodeTotpSecret(std::span<const std::uint8_t> secret) { return ToBase32(secret); }

Result<SecretBytes> DecodeTotpSecret(std::string_view base32) {
  CK_ASSIGN_OR_RETURN(Bytes bytes, FromBase32(base32));
  if (bytes.size() < kMinSecretBytes) {
    sodium_memzero(bytes.data(), bytes.size());
    return InvalidArgument("a TOTP secret must be at least " + std::to_string(kMinSecretBytes) +
                           " bytes");
  }
  auto secret = SecretBytes::CopyOf(bytes, SecretMemory::kLocked);
  sodium_memzero(bytes.data(), bytes.size());
  return secret;
}

Result<std::int64_t> TotpStep(std::int64_t unix_seconds, const TotpParams& params) {
  CK_TRY(CheckParams(params));
  if (unix_seconds < params.t0) return InvalidArgument("time is before the TOTP epoch");
  return (unix_seconds - params.t0) / params.period_seconds;
}

Result<std::string> TotpCodeAtStep(std::span<const std::uint8_t> secret, std::int64_t step,
                                   const TotpParams& params) {
  CK_TRY(CheckParams(params));
  if (secret.empty() || secret.size() > kMaxSecretBytes) {
    return InvalidArgument("TOTP secret must be 1 to " + std::to_string(kMaxSecretBytes) +
                           " bytes");
  }
  if (step < 0) return InvalidArgument("TOTP step is negative");
  std::array<std::uint8_t, 8> counter{};
  auto c = static_cast<std::uint64_t>(step);
  for (std::size_t i = counter.size(); i-- > 0; c >>= 8) counter[i] = static_cast<std::uint8_t>(c);
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  if (HMAC(Digest(params.algorithm), secret.data(), static_cast<int>(secret.size()),
           counter.data(), counter.size(), mac.data(), &mac_size) == nullptr ||
      mac_size < 20) {
    return Fail(ErrorCode::kInternal, "HMAC for TOTP failed");
  }
  const std::size_t offset = mac[mac_size - 1] & 0x0f;  // dynamic truncation, RFC 4226 5.3
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  sodium_memzero(mac.data(), mac.size());
  std::uint32_t modulus = 1;
  for (int i = 0; i < params.digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  code.insert(0, static_cast<std::size_t>(params.digits) - code.size(), '0');
  return code;
}

Result<std::string> TotpCode(std::span<const std::uint8_t> secret, std::int64_t unix_seconds,
                             const TotpParams& params) {
  CK_ASSIGN_OR_RETURN(const std::int64_t step, TotpStep(unix_seconds, params));
  return TotpCodeAtStep(secret, step, params);
}

Result<std::optional<std::int64_t>> VerifyTotp(std::span<const std::uint8_t> secret,
                                               std::string_view code, std::int64_t unix_seconds,
                                               std::optional<std::int64_t> last_used_step,
                                               const TotpParams& params) {
  CK_ASSIGN_OR_RETURN(const std::int64_t now, TotpStep(unix_seconds, params));
  if (secret.empty()) return InvalidArgument("TOTP secret is empty");
  std::optional<std::int64_t> match;
  for (std::int64_t step = now - kTotpWindowSteps; step <= now + kTotpWindowSteps; ++step) {
    if (step < 0) continue;
    CK_ASSIGN_OR_RETURN(const std::string expected, TotpCodeAtStep(secret, step, params));
    const bool fresh = !last_used_step || step > *last_used_step;
    if (ConstantTimeEqual(AsBytes(expected), AsBytes(code)) && fresh && !match) match = step;
  }
  return match;
}

Result<std::string> TotpProvisioningUri(std::string_view issuer, std::string_view account,
                                        std::span<const std::uint8_t> secret,
                                        const TotpParams& params) {
  if (issuer.empty() || account.empty()) {
    return InvalidArgument("a TOTP URI needs an issuer and an account name");
  }
  if (secret.empty()) return InvalidArgument("TOTP secret is empty");
  CK_TRY(CheckParams(params));
  return "otpauth://totp/" + UriEscape(issuer) + ":" + UriEscape(account) +
         "?secret=" + ToBase32(secret) + "&issuer=" + UriEscape(issuer) +
         "&algorithm=" + std::string(AlgorithmName(params.algorithm)) +
         "&digits=" + std::to_string(params.digits) +
         "&period=" + std::to_string(params.period_seconds);
}

}  // namespace casekeep::crypto
