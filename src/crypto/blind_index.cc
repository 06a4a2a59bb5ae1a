// Normalisation of lookup values and the keyed BLAKE2b-256 blind index over them.
// Thread-safe: BlindIndexer is immutable; the rest are pure functions.
#include "crypto/blind_index.h"

#include <sodium.h>

#include <string>

#include "crypto/bytes.h"
#include "crypto/init.h"

namespace casekeep::crypto {
namespace {

constexpr char kPersonal[crypto_generichash_blake2b_PERSONALBYTES + 1] = "casekeep-bidx-v1";
static_assert(sizeof kPersonal == crypto_generichash_blake2b_PERSONALBYTES + 1);

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// National form of the digits after a 44 country code: "(0)" kept once, else a 0 added.
std::string UkNational(std::string_view after_country_code) {
  if (!after_country_code.empty() && after_country_code.front() == '0') {
    return std::string(after_country_code);
  }
  std::string national = "0";
  national.append(after_country_code);
  return national;
}

}  // namespace

Result<std::string> NormaliseEmail(std::string_view value) {
  const std::string_view trimmed = Trim(value);
  const std::size_t at = trimmed.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == trimmed.size() ||
      trimmed.find('@', at + 1) != std::string_view::npos) {
    return InvalidArgument("not an email address: it needs one '@' with text either side");
  }
  std::string out;
  out.reserve(trimmed.size());
  for (char c : trimmed) {
    if (IsSpace(c)) return InvalidArgument("an email address cannot contain spaces");
    out.push_back(ToLower(c));
  }
  return out;
}

Result<std::string> NormaliseUkPhone(std::string_view value) {
  const std::string_view trimmed = Trim(value);
  const bool plus = !trimmed.empty() && trimmed.front() == '+';
  std::string digits;
  for (char c : trimmed) {
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (IsUpper(c) || IsLower(c)) {
      return InvalidArgument("a phone number cannot contain letters");
    }
  }
  if (digits.size() < 7) return InvalidArgument("a phone number needs at least 7 digits");
  std::string_view d = digits;
  if (plus) {
    if (d.starts_with("44")) return UkNational(d.substr(2));
    return digits.insert(0, "00");
  }
  if (d.starts_with("0044")) return UkNational(d.substr(4));
  if (d.starts_with("00")) return digits;
  // 44 followed by a 9- or 10-digit national number written without its leading 0.
  if (d.starts_with("44") && (d.size() == 11 || d.size() == 12)) return UkNational(d.substr(2));
  return digits;
}

Result<std::string> NormalisePostcode(std::string_view value) {
  std::string compact;
  for (char c : value) {
    if (IsSpace(c)) continue;
    if (!IsDigit(c) && !IsUpper(c) && !IsLower(c)) {
      return InvalidArgument("a UK postcode has only letters and digits");
    }
    compact.push_back(ToUpper(c));
  }
  const std::size_t n = compact.size();
  if (n < 5 || n > 7 || !IsUpper(compact[0]) || !IsDigit(compact[n - 3]) ||
      !IsUpper(compact[n - 2]) || !IsUpper(compact[n - 1])) {
    return InvalidArgument("not a UK postcode (expected e.g. 'SW1A 1AA')");
  }
  return compact.substr(0, n - 3) + " " + compact.substr(n - 3);
}

Result<std::string> NormaliseName(std::string_view value) {
  const std::string_view trimmed = Trim(value);
  if (trimmed.empty()) return InvalidArgument("a name to index is empty");
  std::string out;
  out.reserve(trimmed.size());
  bool in_space = false;
  for (char c : trimmed) {
    if (IsSpace(c)) {
      in_space = true;
      continue;
    }
    if (in_space) out.push_back(' ');
    in_space = false;
    out.push_back(ToLower(c));
  }
  return out;
}

Result<std::string> NormaliseText(std::string_view value) {
  const std::string_view trimmed = Trim(value);
  if (trimmed.empty()) return InvalidArgument("a value to index is empty");
  return std::string(trimmed);
}

Result<std::string> Normalise(Normalisation kind, std::string_view value) {
  switch (kind) {
    case Normalisation::kEmail: return NormaliseEmail(value);
    case Normalisation::kUkPhone: return NormaliseUkPhone(value);
    case Normalisation::kPostcode: return NormalisePostcode(value);
    case Normalisation::kName: return NormaliseName(value);
    case Normalisation::kText: return NormaliseText(value);
  }
  return InvalidArgument("unknown normalisation");
}

Result<BlindIndexer> BlindIndexer::Create(const Key& blind_index_key) {
  CK_TRY(RequireKey(blind_index_key, "blind index key"));
  CK_TRY(InitCrypto());
  BlindIndexer indexer;
  CK_ASSIGN_OR_RETURN(indexer.key_, blind_index_key.Clone(SecretMemory::kLocked));
  return indexer;
}

Result<BlindIndex> BlindIndexer::IndexNormalised(std::string_view field_id,
                                                 std::string_view normalised) const {
  if (field_id.empty() || field_id.size() > 0xffffffffU) {
    return InvalidArgument("blind index field id must be non-empty");
  }
  const auto length = static_cast<std::uint32_t>(field_id.size());
  const std::uint8_t length_le[4] = {
      static_cast<std::uint8_t>(length), static_cast<std::uint8_t>(length >> 8),
      static_cast<std::uint8_t>(length >> 16), static_cast<std::uint8_t>(length >> 24)};
  const std::uint8_t salt[crypto_generichash_blake2b_SALTBYTES] = {};
  crypto_generichash_blake2b_state state;
  crypto_generichash_blake2b_init_salt_personal(
      &state, key_.data(), Key::kSize, kBlindIndexSize, salt,
      reinterpret_cast<const unsigned char*>(kPersonal));
  crypto_generichash_blake2b_update(&state, length_le, sizeof length_le);
  const auto field = AsBytes(field_id);
  crypto_generichash_blake2b_update(&state, field.data(), field.size());
  const auto value = AsBytes(normalised);
  crypto_generichash_blake2b_update(&state, value.data(), value.size());
  BlindIndex out{};
  crypto_generichash_blake2b_final(&state, out.data(), out.size());
  sodium_memzero(&state, sizeof state);
  return out;
}

Result<BlindIndex> BlindIndexer::Index(std::string_view field_id, Normalisation kind,
                                       std::string_view value) const {
  CK_ASSIGN_OR_RETURN(const std::string normalised, Normalise(kind, value));
  return IndexNormalised(field_id, normalised);
}

Result<std::string> BlindIndexer::IndexHex(std::string_view field_id, Normalisation kind,
                                           std::string_view value) const {
  CK_ASSIGN_OR_RETURN(const BlindIndex index, Index(field_id, kind, value));
  return ToHex(index);
}

}  // namespace casekeep::crypto
