// The key hierarchy (docs/keys.md). The master key (KEK, from key_sources.h) is never used
// directly: two subkeys are derived from it, one that wraps (encrypts) other keys and one whose
// value is published as the key check. Below it:
//   - one random data key (DEK) per owner (subject or case), wrapped with the owner id as
//     associated data; destroying the wrapped DEK erases everything sealed under it;
//   - one random root key, wrapped likewise, from which the long-lived purpose keys (blind
//     index, audit, sessions, exports, unsubscribe links) are derived, so rotating the master key changes none of
//     them and no blind index or audit MAC has to be recomputed.
// Thread-safety: MasterKey is immutable after construction and safe to share; functions are
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/error.h"
#include "crypto/bytes.h"
#include "crypto/key_sources.h"
#include "crypto/secret.h"

namespace casekeep::crypto {

inline constexpr std::uint8_t kKeyCheckVersion = 0x01;
//! Version byte + 32-byte check value.
inline constexpr std::size_t kKeyCheckSize = 1 + Key::kSize;
//! Size of a wrapped key: a sealed 32-byte key (aead.h).
inline constexpr std::size_t kWrappedKeySize = 1 + 24 + Key::kSize + 16;

//! Keys derived from the root key, one per purpose (contexts in docs/keys.md).
enum class SubkeyPurpose {
  kBlindIndex,  //!< keyed hashes for searching encrypted fields ("blindidx")
  kAudit,       //!< MACs in the audit chain ("auditlog")
  kSession,     //!< session cookies and API tokens ("sessions")
  kExport,      //!< encrypting exports and subject access packages ("exports_")
  kUnsubscribe, //!< MACs of one-click unsubscribe links ("unsublnk")
};

//! The 8-character libsodium crypto_kdf context for `purpose`.
[[nodiscard]] std::string_view SubkeyContext(SubkeyPurpose purpose) noexcept;

//! The subkey for `purpose` derived from `root_key` (crypto_kdf, subkey id 1). Fails with
//! kInvalidArgument if the root key is empty, kInternal if memory cannot be allocated.
[[nodiscard]] Result<Key> DeriveSubkey(const Key& root_key, SubkeyPurpose purpose);

//! A fresh random data key for one owner (ordinary heap memory; fails only with kInternal).
[[nodiscard]] Result<Key> NewDataKey();
//! A fresh random root key (locked memory; fails only with kInternal).
[[nodiscard]] Result<Key> NewRootKey();

class MasterKey {
 public:
  //! Derives the wrapping key and key check from `kek`. Fails with kInvalidArgument if `kek`
  //! is empty, kInternal if memory cannot be allocated. `kek` may be destroyed afterwards.
  [[nodiscard]] static Result<MasterKey> FromKey(const Key& kek);

  //! The key check value (kKeyCheckSize bytes, not secret): store it beside the wrapped keys
  //! and call VerifyKeyCheck before using or changing them.
  [[nodiscard]] const Bytes& key_check() const noexcept { return key_check_; }

  //! Success if `stored_check` came from this master key. Fails with kPermissionDenied
  //! ("wrong master key") if it came from another, kDataLoss if it is malformed.
  [[nodiscard]] Status VerifyKeyCheck(std::span<const std::uint8_t> stored_check) const;

  //! `data_key` sealed under the wrapping key with associated data "casekeep:dek:<owner_id>".
  //! Fails with kInvalidArgument if the key or owner id is empty.
  [[nodiscard]] Result<Bytes> WrapDataKey(const Key& data_key, std::string_view owner_id) const;

  //! The data key inside `wrapped`. Fails with kDataLoss if it does not authenticate (another
  //! master key, another owner's wrapped key, or altered bytes) or is malformed,
  //! kInvalidArgument if the owner id is empty.
  [[nodiscard]] Result<Key> UnwrapDataKey(std::span<const std::uint8_t> wrapped,
                                          std::string_view owner_id) const;

  //! `root_key` sealed with associated data "casekeep:root"; fails as WrapDataKey.
  [[nodiscard]] Result<Bytes> WrapRootKey(const Key& root_key) const;

  //! The root key (locked memory) inside `wrapped`; fails as UnwrapDataKey.
  [[nodiscard]] Result<Key> UnwrapRootKey(std::span<const std::uint8_t> wrapped) const;

 private:
  MasterKey() = default;
  Key wrap_key_;
  Bytes key_check_;
};

//! One step of master key rotation: the data key in `wrapped` (under `from`) wrapped again
//! under `to`. The data key, and so every value sealed under it, is unchanged. Fails as
//! UnwrapDataKey and WrapDataKey; on failure nothing has been written anywhere.
[[nodiscard]] Result<Bytes> RewrapDataKey(const MasterKey& from, const MasterKey& to,
                                          std::span<const std::uint8_t> wrapped,
                                          std::string_view owner_id);

//! As RewrapDataKey, for the wrapped root key.
[[nodiscard]] Result<Bytes> RewrapRootKey(const MasterKey& from, const MasterKey& to,
                                          std::span<const std::uint8_t> wrapped);

}  // namespace casekeep::crypto
