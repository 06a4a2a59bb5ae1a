// MemoryStore (memory_store.h): snapshots, the writer lock and publishing commits.
// Thread-safety: see memory_store.h.
#include "store/memory/memory_store.h"

#include <string>

#include "store/memory/memory_tx.h"
#include "store/memory/state.h"

namespace casekeep::store {

MemoryStore::MemoryStore(std::chrono::milliseconds busy_timeout)
    : busy_timeout_(busy_timeout), state_(std::make_shared<const memory::State>()) {}

MemoryStore::~MemoryStore() = default;

Result<std::unique_ptr<Tx>> MemoryStore::Begin() {
  std::unique_lock lock(writer_mu_, std::defer_lock);
  if (!lock.try_lock_for(busy_timeout_)) {
    return Fail(ErrorCode::kUnavailable,
                "starting a write transaction: another one is still open after " +
                    std::to_string(busy_timeout_.count()) + " ms");
  }
  return std::unique_ptr<Tx>(new memory::MemoryTx(*this, Snapshot(), std::move(lock)));
}

Result<std::unique_ptr<Tx>> MemoryStore::BeginRead() {
  return std::unique_ptr<Tx>(new memory::MemoryTx(*this, Snapshot(), {}));
}

std::shared_ptr<const memory::State> MemoryStore::Snapshot() {
  std::lock_guard lock(state_mu_);
  return state_;
}

void MemoryStore::Publish(std::shared_ptr<const memory::State> state) {
  std::lock_guard lock(state_mu_);
  state_ = std::move(state);
}

}  // namespace casekeep::store
