// Tests of the writer lock: waiters are served in arrival order, and a waiter that times out
// leaves the queue without blocking those behind it.
#include "store/internal/writer_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace casekeep::store::internal {
namespace {

using namespace std::chrono_literals;

TEST(WriterLockTest, ServesWaitersInArrivalOrder) {
  WriterLock lock;
  ASSERT_TRUE(lock.try_lock_for(0ms));
  std::mutex order_mu;
  std::vector<int> order;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&, i] {
      ASSERT_TRUE(lock.try_lock_for(10s));
      {
        std::lock_guard g(order_mu);
        order.push_back(i);
      }
      lock.unlock();
    });
    std::this_thread::sleep_for(30ms);  // let waiter i queue before waiter i + 1
  }
  lock.unlock();
  for (auto& t : waiters) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(WriterLockTest, TimedOutWaiterLeavesTheQueue) {
  WriterLock lock;
  ASSERT_TRUE(lock.try_lock_for(0ms));
  EXPECT_FALSE(lock.try_lock_for(20ms));
  std::atomic<bool> got{false};
  std::thread later([&] {
    got = lock.try_lock_for(10s);
    if (got) lock.unlock();
  });
  std::this_thread::sleep_for(20ms);
  lock.unlock();
  later.join();
  EXPECT_TRUE(got);
  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
}

}  // namespace
}  // namespace casekeep::store::internal
