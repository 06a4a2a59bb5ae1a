// Master key sources: key files and Argon2id over a passphrase from the environment.
// Thread-safe except for reading the environment (see key_sources.h).
#include "crypto/key_sources.h"

#include <sodium.h>

#include <charconv>
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "base/file.h"
#include "crypto/bytes.h"
#include "crypto/init.h"
#include "crypto/internal/private_file.h"
#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

static_assert(crypto_pwhash_argon2id_SALTBYTES == kKdfSaltSize);

constexpr std::string_view kParamsFormat = "1";
// Read cap for key files: enough to report a wrong size rather than refuse the read.
constexpr std::size_t kMaxKeyFileRead = 4096;
constexpr std::string_view kParamsAlgorithm = "argon2id13";

Status CheckCost(std::uint64_t ops_limit, std::size_t mem_limit) {
  if (ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      ops_limit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    return InvalidArgument("Argon2id opslimit " + std::to_string(ops_limit) +
                           " is out of range (at least " +
                           std::to_string(crypto_pwhash_argon2id_OPSLIMIT_MIN) + ")");
  }
  if (mem_limit < crypto_pwhash_argon2id_MEMLIMIT_MIN || mem_limit > kMaxKdfMemLimit) {
    return InvalidArgument("Argon2id memlimit " + std::to_string(mem_limit) +
                           " is out of range (" +
                           std::to_string(crypto_pwhash_argon2id_MEMLIMIT_MIN) + " to " +
                           std::to_string(kMaxKdfMemLimit) + " bytes)");
  }
  return {};
}

template <class T>
std::optional<T> ParseUnsigned(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

Status CreateKeyFile(const std::string& path) {
  CK_ASSIGN_OR_RETURN(const Key key, RandomKey(SecretMemory::kLocked));
  return internal::CreatePrivateFile(path, key.span());
}

Result<Key> LoadKeyFile(const std::string& path) {
  CK_ASSIGN_OR_RETURN(const SecretBytes contents,
                      internal::ReadPrivateFile(path, kMaxKeyFileRead));
  if (contents.size() != Key::kSize) {
    return InvalidArgument("key file " + path + " is " + std::to_string(contents.size()) +
                           " bytes; a casekeep key file holds exactly " +
                           std::to_string(Key::kSize) + " random bytes");
  }
  return Key::FromBytes(contents.span(), SecretMemory::kLocked);
}

Result<KdfParams> NewKdfParams(std::uint64_t ops_limit, std::size_t mem_limit) {
  CK_TRY(CheckCost(ops_limit, mem_limit));
  KdfParams params;
  params.ops_limit = ops_limit;
  params.mem_limit = mem_limit;
  CK_TRY(FillRandom(params.salt));
  return params;
}

std::string FormatKdfParams(const KdfParams& params) {
  std::string out = "# casekeep master key derivation parameters (not secret; see docs/keys.md)\n";
  out += "format " + std::string(kParamsFormat) + "\n";
  out += "algorithm " + std::string(kParamsAlgorithm) + "\n";
  out += "opslimit " + std::to_string(params.ops_limit) + "\n";
  out += "memlimit " + std::to_string(params.mem_limit) + "\n";
  out += "salt " + ToHex(params.salt) + "\n";
  return out;
}

Result<KdfParams> ParseKdfParams(std::string_view text) {
  KdfParams params;
  std::optional<std::uint64_t> ops;
  std::optional<std::size_t> mem;
  bool have_format = false, have_algorithm = false, have_salt = false;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const std::size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.find(' ');
    const std::string_view name = line.substr(0, space);
    const std::string_view value =
        space == std::string_view::npos ? std::string_view() : Trim(line.substr(space + 1));
    const std::string where = "parameters line " + std::to_string(line_no) + ": ";
    auto seen = [&](bool already) -> Status {
      if (already) return InvalidArgument(where + "'" + std::string(name) + "' is repeated");
      return {};
    };
    if (name == "format") {
      CK_TRY(seen(have_format));
      if (value != kParamsFormat) return InvalidArgument(where + "unsupported format");
      have_format = true;
    } else if (name == "algorithm") {
      CK_TRY(seen(have_algorithm));
      if (value != kParamsAlgorithm) return InvalidArgument(where + "algorithm must be argon2id13");
      have_algorithm = true;
    } else if (name == "opslimit") {
      CK_TRY(seen(ops.has_value()));
      ops = ParseUnsigned<std::uint64_t>(value);
      if (!ops) return InvalidArgument(where + "opslimit is not a number");
    } else if (name == "memlimit") {
      CK_TRY(seen(mem.has_value()));
      mem = ParseUnsigned<std::size_t>(value);
      if (!mem) return InvalidArgument(where + "memlimit is not a number");
    } else if (name == "salt") {
      CK_TRY(seen(have_salt));
      auto salt = FromHex(value);
      if (!salt || salt->size() != kKdfSaltSize) {
        return InvalidArgument(where + "salt must be " + std::to_string(kKdfSaltSize * 2) +
                               " hex digits");
      }
      std::copy(salt->begin(), salt->end(), params.salt.begin());
      have_salt = true;
    } else {
      return InvalidArgument(where + "unknown field '" + std::string(name) + "'");
    }
  }
  if (!have_format || !have_algorithm || !ops || !mem || !have_salt) {
    return InvalidArgument(
        "parameters file must have format, algorithm, opslimit, memlimit and salt");
  }
  CK_TRY(CheckCost(*ops, *mem));
  params.ops_limit = *ops;
  params.mem_limit = *mem;
  return params;
}

Status CreateKdfParamsFile(const std::string& path, const KdfParams& params) {
  CK_TRY(CheckCost(params.ops_limit, params.mem_limit));
  return internal::CreatePrivateFile(path, AsBytes(FormatKdfParams(params)));
}

Result<KdfParams> LoadKdfParamsFile(const std::string& path) {
  CK_ASSIGN_OR_RETURN(const std::string text, ReadFileCapped(path, kMaxKdfParamsFileBytes));
  auto params = ParseKdfParams(text);
  if (!params) return InvalidArgument(path + ": " + params.error().message);
  return params;
}

Result<SecretBytes> PassphraseFromEnvironment(std::string_view variable) {
  const char* value = std::getenv(std::string(variable).c_str());
  if (value == nullptr || *value == '\0') {
    return NotFound("environment variable " + std::string(variable) +
                    " is not set; it must hold the master passphrase");
  }
  return SecretBytes::CopyOf(AsBytes(value), SecretMemory::kLocked);
}

Result<Key> DeriveKeyFromPassphrase(std::span<const std::uint8_t> passphrase,
                                    const KdfParams& params) {
  if (passphrase.size() < kMinPassphraseBytes || passphrase.size() > kMaxPassphraseBytes) {
    return InvalidArgument("the master passphrase must be " + std::to_string(kMinPassphraseBytes) +
                           " to " + std::to_string(kMaxPassphraseBytes) + " bytes long");
  }
  CK_TRY(CheckCost(params.ops_limit, params.mem_limit));
  CK_TRY(InitCrypto());
  CK_ASSIGN_OR_RETURN(Key key, Key::Allocate(SecretMemory::kLocked));
  const std::span<std::uint8_t> out = key.mutable_span();
  if (crypto_pwhash(out.data(), out.size(), reinterpret_cast<const char*>(passphrase.data()),
                    passphrase.size(), params.salt.data(), params.ops_limit, params.mem_limit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(ErrorCode::kInternal, "Argon2id could not allocate its " +
                                          std::to_string(params.mem_limit) + " bytes of memory");
  }
  return key;
}

Result<Key> LoadPassphraseKey(const std::string& params_path, std::string_view variable) {
  CK_ASSIGN_OR_RETURN(const KdfParams params, LoadKdfParamsFile(params_path));
  CK_ASSIGN_OR_RETURN(const SecretBytes passphrase, PassphraseFromEnvironment(variable));
  return DeriveKeyFromPassphrase(passphrase.span(), params);
}

}  // namespace casekeep::crypto
