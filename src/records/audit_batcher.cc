#include "records/audit_batcher.h"

#include "audit/chain.h"

namespace casekeep::records::internal {

Status AuditBatcher::Append(const audit::AuditEvent& event, std::int64_t at_micros,
                            std::vector<store::BreakGlassRow> break_glass) {
  CK_TRY(audit::ValidateEvent(event));
  Pending mine;
  mine.event = &event;
  mine.at_micros = at_micros;
  mine.break_glass = std::move(break_glass);
  std::unique_lock lock(mu_);
  queue_.push_back(&mine);
  for (;;) {
    cv_.wait(lock, [&] { return mine.done || !leader_; });
    if (mine.done) return std::move(mine.result);
    // No leader: this thread commits everything queued so far, its own entry included.
    leader_ = true;
    std::vector<Pending*> batch(queue_.begin(), queue_.end());
    queue_.clear();
    lock.unlock();
    const Status result = Commit(batch);
    lock.lock();
    for (Pending* p : batch) {
      p->result = result;
      p->done = true;
    }
    if (result) {
      entries_ += static_cast<std::int64_t>(batch.size());
      batches_ += 1;
    }
    leader_ = false;
    cv_.notify_all();
  }
}

Status AuditBatcher::Commit(const std::vector<Pending*>& batch) {
  CK_ASSIGN_OR_RETURN(auto tx, store_.Begin());
  for (const Pending* p : batch) {
    for (const auto& row : p->break_glass) CK_TRY(tx->InsertBreakGlass(row));
    CK_TRY(audit::AuditLog().Append(*tx, audit_key_, *p->event, p->at_micros));
  }
  return tx->Commit();
}

std::int64_t AuditBatcher::entries() const {
  std::lock_guard lock(mu_);
  return entries_;
}

std::int64_t AuditBatcher::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

}  // namespace casekeep::records::internal
