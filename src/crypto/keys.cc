// The key hierarchy: subkey derivation (crypto_kdf), the key check, wrapping and unwrapping of
// data and root keys, and re-wrapping for master key rotation. Thread-safe.
#include "crypto/keys.h"

#include <sodium.h>

#include <string>

#include "crypto/aead.h"
#include "crypto/init.h"
#include "crypto/random.h"

namespace casekeep::crypto {
namespace {

static_assert(crypto_kdf_KEYBYTES == Key::kSize);
static_assert(crypto_kdf_CONTEXTBYTES == 8);
static_assert(kWrappedKeySize == Key::kSize + kSealOverhead);

// Contexts for keys derived from the master key itself.
constexpr char kKeyCheckContext[] = "keycheck";
constexpr char kWrapContext[] = "wrapkeys";
constexpr std::uint64_t kSubkeyId = 1;

constexpr std::string_view kDataKeyAdPrefix = "casekeep:dek:";
constexpr std::string_view kRootKeyAd = "casekeep:root";

Result<Key> Derive(const Key& parent, std::string_view context, SecretMemory memory) {
  CK_TRY(RequireKey(parent, "parent key"));
  CK_TRY(InitCrypto());
  CK_ASSIGN_OR_RETURN(Key subkey, Key::Allocate(memory));
  const std::span<std::uint8_t> out = subkey.mutable_span();
  crypto_kdf_derive_from_key(out.data(), out.size(), kSubkeyId, context.data(), parent.data());
  return subkey;
}

Result<Key> Unwrap(const Key& wrap_key, std::span<const std::uint8_t> wrapped,
                   std::string_view associated_data, SecretMemory memory) {
  if (wrapped.size() != kWrappedKeySize) {
    return Fail(ErrorCode::kDataLoss, "wrapped key is " + std::to_string(wrapped.size()) +
                                          " bytes, not " + std::to_string(kWrappedKeySize));
  }
  CK_ASSIGN_OR_RETURN(const SecretBytes bytes,
                      OpenSecret(wrap_key, wrapped, AsBytes(associated_data), memory));
  return Key::FromBytes(bytes.span(), memory);
}

Status RequireOwner(std::string_view owner_id) {
  if (owner_id.empty()) return InvalidArgument("owner id for a data key is empty");
  return {};
}

}  // namespace

std::string_view SubkeyContext(SubkeyPurpose purpose) noexcept {
  switch (purpose) {
    case SubkeyPurpose::kBlindIndex: return "blindidx";
    case SubkeyPurpose::kAudit: return "auditlog";
    case SubkeyPurpose::kSession: return "sessions";
    case SubkeyPurpose::kExport: return "exports_";
    case SubkeyPurpose::kUnsubscribe: return "unsublnk";
  }
  return "invalid_";
}

Result<Key> DeriveSubkey(const Key& root_key, SubkeyPurpose purpose) {
  return Derive(root_key, SubkeyContext(purpose), SecretMemory::kHeap);
}

Result<Key> NewDataKey() { return RandomKey(SecretMemory::kHeap); }

Result<Key> NewRootKey() { return RandomKey(SecretMemory::kLocked); }

Result<MasterKey> MasterKey::FromKey(const Key& kek) {
  CK_TRY(RequireKey(kek, "master key"));
  MasterKey master;
  CK_ASSIGN_OR_RETURN(master.wrap_key_, Derive(kek, kWrapContext, SecretMemory::kLocked));
  CK_ASSIGN_OR_RETURN(const Key check, Derive(kek, kKeyCheckContext, SecretMemory::kHeap));
  master.key_check_.reserve(kKeyCheckSize);
  master.key_check_.push_back(kKeyCheckVersion);
  master.key_check_.insert(master.key_check_.end(), check.span().begin(), check.span().end());
  return master;
}

Status MasterKey::VerifyKeyCheck(std::span<const std::uint8_t> stored_check) const {
  if (stored_check.size() != kKeyCheckSize || stored_check[0] != kKeyCheckVersion) {
    return Fail(ErrorCode::kDataLoss, "stored key check value is malformed (" +
                                          std::to_string(stored_check.size()) + " bytes)");
  }
  if (!ConstantTimeEqual(stored_check, key_check_)) {
    return Fail(ErrorCode::kPermissionDenied,
                "wrong master key: it is not the key this data was encrypted with (check the "
                "key file or CASEKEEP_PASSPHRASE); nothing was changed");
  }
  return {};
}

Result<Bytes> MasterKey::WrapDataKey(const Key& data_key, std::string_view owner_id) const {
  CK_TRY(RequireKey(data_key, "data key"));
  CK_TRY(RequireOwner(owner_id));
  const std::string ad = std::string(kDataKeyAdPrefix) + std::string(owner_id);
  return Seal(wrap_key_, data_key.span(), AsBytes(ad));
}

Result<Key> MasterKey::UnwrapDataKey(std::span<const std::uint8_t> wrapped,
                                     std::string_view owner_id) const {
  CK_TRY(RequireOwner(owner_id));
  const std::string ad = std::string(kDataKeyAdPrefix) + std::string(owner_id);
  return Unwrap(wrap_key_, wrapped, ad, SecretMemory::kHeap);
}

Result<Bytes> MasterKey::WrapRootKey(const Key& root_key) const {
  CK_TRY(RequireKey(root_key, "root key"));
  return Seal(wrap_key_, root_key.span(), AsBytes(kRootKeyAd));
}

Result<Key> MasterKey::UnwrapRootKey(std::span<const std::uint8_t> wrapped) const {
  return Unwrap(wrap_key_, wrapped, kRootKeyAd, SecretMemory::kLocked);
}

Result<Bytes> RewrapDataKey(const MasterKey& from, const MasterKey& to,
                            std::span<const std::uint8_t> wrapped, std::string_view owner_id) {
  CK_ASSIGN_OR_RETURN(const Key data_key, from.UnwrapDataKey(wrapped, owner_id));
  return to.WrapDataKey(data_key, owner_id);
}

Result<Bytes> RewrapRootKey(const MasterKey& from, const MasterKey& to,
                            std::span<const std::uint8_t> wrapped) {
  CK_ASSIGN_OR_RETURN(const Key root_key, from.UnwrapRootKey(wrapped));
  return to.WrapRootKey(root_key);
}

}  // namespace casekeep::crypto
