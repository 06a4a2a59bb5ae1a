// The arithmetic of failed logins: when a failure locks an account and for how long, the
// per-address limit on failures, and how an instant is written in messages. Internal to the
// accounts module. Thread-safety: the free functions are pure; RemoteThrottle is safe to share
// (one mutex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "accounts/types.h"

namespace casekeep::accounts::internal {

//! How long the `lockout_number`-th lockout (1, 2, 3, ...) lasts: settings.lockout_seconds,
//! doubled for each earlier lockout, never more than settings.max_lockout_seconds.
[[nodiscard]] std::int64_t LockoutSeconds(const Settings& settings, std::int64_t lockout_number);

//! When the account must stay locked until after a failure that brings its consecutive
//! failures to `failed_logins`: a lockout every settings.max_failed_logins failures, so each
//! lockout is followed by a fresh allowance of attempts. nullopt if this failure locks nothing.
[[nodiscard]] std::optional<std::int64_t> LockAfterFailure(const Settings& settings,
                                                           std::int64_t failed_logins,
                                                           std::int64_t now);

//! `settings` with every value brought into a sensible range (at least one attempt, positive
//! periods, the idle timeout no longer than the absolute one, and so on).
[[nodiscard]] Settings Clamped(Settings settings);

//! "2025-02-19 10:15:00 UTC".
[[nodiscard]] std::string UtcText(std::int64_t unix_seconds);

//! Counts failed logins per remote address in fixed windows; once an address reaches the limit
//! within a window it is refused until the window ends. Remembers at most kMaxAddresses
//! addresses: when full, expired windows are dropped, and if none has expired a new address is
//! not counted (per-account lockout still applies to it).
class RemoteThrottle {
 public:
  static constexpr std::size_t kMaxAddresses = 10000;
  static constexpr std::size_t kMaxAddressChars = 64;

  //! `limit` 0 turns the throttle off.
  RemoteThrottle(int limit, std::int64_t window_seconds)
      : limit_(limit), window_seconds_(window_seconds) {}

  //! When `remote` may try again, if it is refused now; nullopt if it may try.
  [[nodiscard]] std::optional<std::int64_t> BlockedUntil(std::string_view remote, std::int64_t now);
  void RecordFailure(std::string_view remote, std::int64_t now);

 private:
  struct Window {
    std::int64_t start = 0;
    int failures = 0;
  };
  const int limit_;
  const std::int64_t window_seconds_;
  std::mutex mu_;
  std::map<std::string, Window, std::less<>> windows_;  // guarded by mu_
};

}  // namespace casekeep::accounts::internal
