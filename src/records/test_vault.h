// For tests of the records service: an example policy and a new vault in a store.
// Thread-safety: test code, one thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "crypto/random.h"
#include "policy/policy.h"
#include "records/vault.h"

namespace casekeep::records::testing {

//! The example policy policy/examples/<stem>.toml (a test failure if it does not load).
inline std::unique_ptr<policy::Policy> ExamplePolicy(const std::string& stem) {
  auto p = policy::LoadPolicyFile(std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/" + stem +
                                  ".toml");
  EXPECT_TRUE(p) << p.error().message;
  return p ? std::make_unique<policy::Policy>(std::move(*p)) : nullptr;
}

//! A random key-encryption key and a vault created with it in `store`; `kek` receives the key.
inline std::unique_ptr<Vault> NewVault(store::Store& store, std::unique_ptr<crypto::Key>* kek) {
  auto key = crypto::RandomKey(crypto::SecretMemory::kHeap);
  EXPECT_TRUE(key);
  if (!key) return nullptr;
  *kek = std::make_unique<crypto::Key>(std::move(*key));
  auto tx = store.Begin();
  EXPECT_TRUE(tx);
  if (!tx) return nullptr;
  auto vault = Vault::Create(**tx, **kek);
  EXPECT_TRUE(vault) << vault.error().message;
  if (!vault || !(*tx)->Commit()) return nullptr;
  return std::move(*vault);
}

}  // namespace casekeep::records::testing
