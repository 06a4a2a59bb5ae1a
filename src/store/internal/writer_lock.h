// The lock that serialises write transactions in one process: first come, first served, with
// a timeout. std::timed_mutex makes no fairness promise, and under steady write traffic one
// thread can take it again and again while another times out; here waiters are served in
// arrival order. Meets the Lockable and TimedLockable requirements, so std::unique_lock works.
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace casekeep::store::internal {

class WriterLock {
 public:
  //! Waits up to `timeout` for the lock, behind every earlier waiter; false on timeout.
  template <class Rep, class Period>
  bool try_lock_for(std::chrono::duration<Rep, Period> timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mu_);
    const std::uint64_t me = next_ticket_++;
    queue_.push_back(me);
    const bool got = cv_.wait_until(lock, deadline, [&] { return !held_ && queue_.front() == me; });
    if (!got) {
      std::erase(queue_, me);
      cv_.notify_all();  // the waiter behind may now be first
      return false;
    }
    queue_.pop_front();
    held_ = true;
    return true;
  }
  void lock() {
    while (!try_lock_for(std::chrono::hours(1))) {
    }
  }
  bool try_lock() { return try_lock_for(std::chrono::seconds(0)); }
  void unlock() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::uint64_t> queue_;  // waiting tickets, oldest first; guarded by mu_
  std::uint64_t next_ticket_ = 0;    // guarded by mu_
  bool held_ = false;                // guarded by mu_
};

}  // namespace casekeep::store::internal
