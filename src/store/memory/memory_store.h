// An in-memory Store with the same behaviour as the SQLite backend, for fast tests. Committed
// state is an immutable snapshot; a write transaction copies it on its first write and
// publishes the copy on Commit, so destroying an uncommitted Tx simply drops the copy.
// Nothing is durable: the data lives as long as the MemoryStore.
// Thread-safety: safe to share between threads (store.h). Write transactions are serialised
// by a mutex; read transactions hold the snapshot they started with and never wait.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string_view>

#include "store/internal/writer_lock.h"
#include "store/store.h"

namespace casekeep::store::memory {
struct State;
class MemoryTx;
}  // namespace casekeep::store::memory

namespace casekeep::store {

class MemoryStore final : public Store {
 public:
  //! An empty store. A second Begin() waits up to `busy_timeout` for the open write
  //! transaction, then fails with kUnavailable.
  explicit MemoryStore(std::chrono::milliseconds busy_timeout = std::chrono::seconds(5));
  ~MemoryStore() override;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  //! Every Tx must be destroyed before the store.
  [[nodiscard]] Result<std::unique_ptr<Tx>> Begin() override;
  [[nodiscard]] Result<std::unique_ptr<Tx>> BeginRead() override;
  std::string_view backend() const override { return "memory"; }

 private:
  friend class memory::MemoryTx;
  std::shared_ptr<const memory::State> Snapshot();
  void Publish(std::shared_ptr<const memory::State> state);

  const std::chrono::milliseconds busy_timeout_;
  internal::WriterLock writer_mu_;  // held by the open write Tx
  std::mutex state_mu_;
  std::shared_ptr<const memory::State> state_;  // guarded by state_mu_
};

}  // namespace casekeep::store
