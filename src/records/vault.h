// The keys of one data folder at work: the master key (checked against the stored key check
// before anything is touched), the root key and the purpose keys derived from it, and the data
// key of every owner (subject or case), created on first use, wrapped by the master key and kept
// in the store. Erasure is DestroyOwnerKey: without its data key nothing sealed for an owner can
// be opened again, in this folder or any copy of it.
//
// Thread-safety: Vault is safe to share; each KeyScope belongs to one transaction and thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "crypto/blind_index.h"
#include "crypto/keys.h"
#include "store/store.h"

namespace casekeep::records {

inline constexpr std::string_view kMetaKeyCheck = "key_check";
inline constexpr std::string_view kMetaRootKey = "root_key";

class Vault {
 public:
  //! Writes the key check and a new wrapped root key into a new store (inside `tx`). Fails with
  //! kAlreadyExists if the store already has keys.
  [[nodiscard]] static Result<std::unique_ptr<Vault>> Create(store::Tx& tx, const crypto::Key& kek);

  //! Opens the keys of an existing store. Fails with kPermissionDenied ("wrong master key")
  //! before reading anything else if the key check does not match, kDataLoss if the stored key
  //! material is damaged, kFailedPrecondition if the store has no keys.
  [[nodiscard]] static Result<std::unique_ptr<Vault>> Open(store::Tx& tx, const crypto::Key& kek);

  const crypto::BlindIndexer& indexer() const { return indexer_; }
  const crypto::Key& audit_key() const { return audit_key_; }
  //! Keys session cookies, API token hashes and CSRF tokens, and seals staff TOTP secrets.
  const crypto::Key& session_key() const { return session_key_; }
  //! Keys the MACs of one-click unsubscribe links (and nothing else).
  const crypto::Key& unsubscribe_key() const { return unsubscribe_key_; }
  const crypto::MasterKey& master() const { return master_; }

  //! Forgets any cached copy of `owner`'s data key (after its destruction).
  void Evict(std::string_view owner);

 private:
  friend class KeyScope;
  Vault(crypto::MasterKey master, crypto::Key audit_key, crypto::Key session_key,
        crypto::Key unsubscribe_key, crypto::BlindIndexer indexer);
  static Result<std::unique_ptr<Vault>> FromRoot(crypto::MasterKey master, const crypto::Key& root);

  // Cached, committed data keys. Keys created in an uncommitted transaction live in the
  // KeyScope until it commits, so a rolled-back transaction never leaves a key here that the
  // store does not have.
  std::shared_ptr<const crypto::Key> Cached(std::string_view owner) const;
  void Remember(const std::string& owner, std::shared_ptr<const crypto::Key> key);

  crypto::MasterKey master_;
  crypto::Key audit_key_;
  crypto::Key session_key_;
  crypto::Key unsubscribe_key_;
  crypto::BlindIndexer indexer_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const crypto::Key>, std::less<>> cache_;
};

//! Data keys as one transaction sees them. Call Committed() after the transaction commits.
class KeyScope {
 public:
  KeyScope(Vault& vault, store::Tx& tx) : vault_(vault), tx_(tx) {}

  //! `plaintext` sealed under `owner`'s data key (created if the owner has none yet), bound to
  //! `associated_data`. Fails with kFailedPrecondition if the owner's key was destroyed
  //! (erased); store errors pass through.
  [[nodiscard]] Result<store::Bytes> Seal(std::string_view owner, std::string_view associated_data,
                                          std::span<const std::uint8_t> plaintext);

  //! The plaintext of a value sealed for `owner`. Fails with kNotFound ("erased") if the
  //! owner's key no longer exists, kDataLoss if the value does not authenticate.
  [[nodiscard]] Result<store::Bytes> Open(std::string_view owner, std::string_view associated_data,
                                          std::span<const std::uint8_t> sealed);

  //! Destroys `owner`'s data key (erasure); kNotFound if it has none.
  [[nodiscard]] Status DestroyOwnerKey(std::string_view owner);

  //! Marks `owner` as erased so Seal refuses to make it a new key.
  bool IsDestroyed(std::string_view owner) const { return destroyed_.contains(owner); }

  //! Publishes keys created in this transaction to the vault's cache.
  void Committed();

  //! `owner`'s data key, created when `create` is set and it has none; for streaming
  //! attachments. Fails with kNotFound ("erased") when it was destroyed or is absent.
  [[nodiscard]] Result<std::shared_ptr<const crypto::Key>> DataKey(std::string_view owner,
                                                                   bool create);

 private:
  Vault& vault_;
  store::Tx& tx_;
  std::map<std::string, std::shared_ptr<const crypto::Key>, std::less<>> fresh_;
  std::map<std::string, bool, std::less<>> destroyed_;
};

}  // namespace casekeep::records
