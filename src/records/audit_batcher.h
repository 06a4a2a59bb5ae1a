// Group commit for the audit entries of reads. A read runs in a read-only snapshot, then hands
// its audit entry here and waits until the entry is durable: the first waiting thread becomes
// the leader and appends every entry queued so far in one write transaction (one fsync), while
// later entries queue for the next. So a read is answered only once its trace is committed, and
// many concurrent reads share one commit. Internal to the records module.
// Thread-safety: Append may be called from any number of threads at once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "audit/event.h"
#include "base/error.h"
#include "crypto/keys.h"
#include "store/store.h"

namespace casekeep::records::internal {

class AuditBatcher {
 public:
  //! `store` and `audit_key` must outlive the batcher.
  AuditBatcher(store::Store& store, const crypto::Key& audit_key)
      : store_(store), audit_key_(audit_key) {}

  //! Appends `event` (with the break-glass rows it opened) to the chain and returns once the
  //! transaction holding it committed. Fails with kInvalidArgument if the event is refused
  //! (nothing queued), or with the store's error if its batch could not be committed (then
  //! none of the batch was written).
  [[nodiscard]] Status Append(const audit::AuditEvent& event, std::int64_t at_micros,
                              std::vector<store::BreakGlassRow> break_glass);

  //! Entries committed so far and the batches that held them (for tests and metrics).
  std::int64_t entries() const;
  std::int64_t batches() const;

 private:
  struct Pending {
    const audit::AuditEvent* event = nullptr;
    std::int64_t at_micros = 0;
    std::vector<store::BreakGlassRow> break_glass;
    bool done = false;
    Status result;
  };
  Status Commit(const std::vector<Pending*>& batch);

  store::Store& store_;
  const crypto::Key& audit_key_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  bool leader_ = false;
  std::int64_t entries_ = 0;
  std::int64_t batches_ = 0;
};

}  // namespace casekeep::records::internal
