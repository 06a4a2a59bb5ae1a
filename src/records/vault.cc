#include "records/vault.h"

#include "crypto/aead.h"

namespace casekeep::records {
Vault::Vault(crypto::MasterKey master, crypto::Key audit_key, crypto::Key session_key,
             crypto::Key unsubscribe_key, crypto::BlindIndexer indexer)
    : master_(std::move(master)),
      audit_key_(std::move(audit_key)),
      session_key_(std::move(session_key)),
      unsubscribe_key_(std::move(unsubscribe_key)),
      indexer_(std::move(indexer)) {}

Result<std::unique_ptr<Vault>> Vault::FromRoot(crypto::MasterKey master, const crypto::Key& root) {
  CK_ASSIGN_OR_RETURN(crypto::Key audit, crypto::DeriveSubkey(root, crypto::SubkeyPurpose::kAudit));
  CK_ASSIGN_OR_RETURN(crypto::Key blind,
                      crypto::DeriveSubkey(root, crypto::SubkeyPurpose::kBlindIndex));
  CK_ASSIGN_OR_RETURN(crypto::Key session,
                      crypto::DeriveSubkey(root, crypto::SubkeyPurpose::kSession));
  CK_ASSIGN_OR_RETURN(crypto::Key unsubscribe,
                      crypto::DeriveSubkey(root, crypto::SubkeyPurpose::kUnsubscribe));
  CK_ASSIGN_OR_RETURN(crypto::BlindIndexer indexer, crypto::BlindIndexer::Create(blind));
  return std::unique_ptr<Vault>(new Vault(std::move(master), std::move(audit), std::move(session),
                                          std::move(unsubscribe), std::move(indexer)));
}

Result<std::unique_ptr<Vault>> Vault::Create(store::Tx& tx, const crypto::Key& kek) {
  CK_ASSIGN_OR_RETURN(auto existing, tx.GetMeta(kMetaKeyCheck));
  if (existing) return Fail(ErrorCode::kAlreadyExists, "this store already has keys");
  CK_ASSIGN_OR_RETURN(crypto::MasterKey master, crypto::MasterKey::FromKey(kek));
  CK_ASSIGN_OR_RETURN(crypto::Key root, crypto::NewRootKey());
  CK_ASSIGN_OR_RETURN(crypto::Bytes wrapped, master.WrapRootKey(root));
  CK_TRY(tx.PutMeta(kMetaKeyCheck, master.key_check()));
  CK_TRY(tx.PutMeta(kMetaRootKey, wrapped));
  return FromRoot(std::move(master), root);
}

Result<std::unique_ptr<Vault>> Vault::Open(store::Tx& tx, const crypto::Key& kek) {
  CK_ASSIGN_OR_RETURN(auto check, tx.GetMeta(kMetaKeyCheck));
  CK_ASSIGN_OR_RETURN(auto wrapped_root, tx.GetMeta(kMetaRootKey));
  if (!check || !wrapped_root) {
    return Fail(ErrorCode::kFailedPrecondition, "the store has no key material");
  }
  CK_ASSIGN_OR_RETURN(crypto::MasterKey master, crypto::MasterKey::FromKey(kek));
  if (auto s = master.VerifyKeyCheck(*check); !s) {
    if (s.error().code == ErrorCode::kPermissionDenied) {
      return Fail(ErrorCode::kPermissionDenied,
                  "wrong master key: this key did not create this data folder");
    }
    return std::unexpected(s.error());
  }
  auto root = master.UnwrapRootKey(*wrapped_root);
  if (!root)
    return Fail(ErrorCode::kDataLoss, "the wrapped root key is damaged: " + root.error().message);
  return FromRoot(std::move(master), *root);
}

void Vault::Evict(std::string_view owner) {
  std::lock_guard lock(mu_);
  if (auto it = cache_.find(owner); it != cache_.end()) cache_.erase(it);
}

std::shared_ptr<const crypto::Key> Vault::Cached(std::string_view owner) const {
  std::lock_guard lock(mu_);
  auto it = cache_.find(owner);
  return it == cache_.end() ? nullptr : it->second;
}

void Vault::Remember(const std::string& owner, std::shared_ptr<const crypto::Key> key) {
  std::lock_guard lock(mu_);
  cache_[owner] = std::move(key);
}

Result<std::shared_ptr<const crypto::Key>> KeyScope::DataKey(std::string_view owner, bool create) {
  if (destroyed_.contains(owner)) {
    return Fail(ErrorCode::kNotFound, std::string(owner) + " has been erased");
  }
  if (auto it = fresh_.find(owner); it != fresh_.end()) return it->second;
  if (auto cached = vault_.Cached(owner)) return cached;
  CK_ASSIGN_OR_RETURN(auto wrapped, tx_.GetKey(owner));
  if (wrapped) {
    CK_ASSIGN_OR_RETURN(crypto::Key key, vault_.master_.UnwrapDataKey(*wrapped, owner));
    auto shared = std::make_shared<const crypto::Key>(std::move(key));
    // A key read from the store inside a write transaction may be the transaction's own new
    // key; it becomes shared only once the transaction commits.
    fresh_.emplace(std::string(owner), shared);
    return shared;
  }
  if (!create) return Fail(ErrorCode::kNotFound, std::string(owner) + " has been erased");
  CK_ASSIGN_OR_RETURN(crypto::Key key, crypto::NewDataKey());
  CK_ASSIGN_OR_RETURN(crypto::Bytes sealed, vault_.master_.WrapDataKey(key, owner));
  CK_TRY(tx_.PutKey(store::KeyRow{std::string(owner), std::move(sealed)}));
  auto shared = std::make_shared<const crypto::Key>(std::move(key));
  fresh_.emplace(std::string(owner), shared);
  return shared;
}

Result<store::Bytes> KeyScope::Seal(std::string_view owner, std::string_view associated_data,
                                    std::span<const std::uint8_t> plaintext) {
  if (destroyed_.contains(owner)) {
    return Fail(ErrorCode::kFailedPrecondition, std::string(owner) + " has been erased");
  }
  CK_ASSIGN_OR_RETURN(auto key, DataKey(owner, true));
  CK_ASSIGN_OR_RETURN(crypto::Bytes sealed,
                      crypto::Seal(*key, plaintext, crypto::AsBytes(associated_data)));
  return sealed;
}

Result<store::Bytes> KeyScope::Open(std::string_view owner, std::string_view associated_data,
                                    std::span<const std::uint8_t> sealed) {
  CK_ASSIGN_OR_RETURN(auto key, DataKey(owner, false));
  CK_ASSIGN_OR_RETURN(crypto::Bytes plain,
                      crypto::Open(*key, sealed, crypto::AsBytes(associated_data)));
  return plain;
}

Status KeyScope::DestroyOwnerKey(std::string_view owner) {
  CK_TRY(tx_.DestroyKey(owner));
  fresh_.erase(std::string(owner));
  destroyed_[std::string(owner)] = true;
  vault_.Evict(owner);
  return {};
}

void KeyScope::Committed() {
  for (auto& [owner, key] : fresh_) vault_.Remember(owner, key);
  fresh_.clear();
  destroyed_.clear();
}

}  // namespace casekeep::records
