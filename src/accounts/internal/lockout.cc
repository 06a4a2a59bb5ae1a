#include "accounts/internal/lockout.h"

#include <algorithm>
#include <cstdio>

#include "base/date.h"

namespace casekeep::accounts::internal {

std::int64_t LockoutSeconds(const Settings& settings, std::int64_t lockout_number) {
  std::int64_t seconds = settings.lockout_seconds;
  for (std::int64_t i = 1; i < lockout_number && seconds < settings.max_lockout_seconds; ++i) {
    seconds *= 2;
  }
  return std::min(seconds, settings.max_lockout_seconds);
}

std::optional<std::int64_t> LockAfterFailure(const Settings& settings, std::int64_t failed_logins,
                                             std::int64_t now) {
  if (failed_logins <= 0 || failed_logins % settings.max_failed_logins != 0) return std::nullopt;
  return now + LockoutSeconds(settings, failed_logins / settings.max_failed_logins);
}

Settings Clamped(Settings s) {
  constexpr std::int64_t kDay = 24 * 60 * 60;
  s.max_failed_logins = std::clamp(s.max_failed_logins, 1, 1000);
  s.lockout_seconds = std::clamp<std::int64_t>(s.lockout_seconds, 1, 365 * kDay);
  s.max_lockout_seconds =
      std::clamp<std::int64_t>(s.max_lockout_seconds, s.lockout_seconds, 365 * kDay);
  s.session_absolute_seconds = std::clamp<std::int64_t>(s.session_absolute_seconds, 60, 30 * kDay);
  s.session_idle_seconds =
      std::clamp<std::int64_t>(s.session_idle_seconds, 60, s.session_absolute_seconds);
  s.session_touch_seconds =
      std::clamp<std::int64_t>(s.session_touch_seconds, 0, s.session_idle_seconds / 2);
  s.max_token_days = std::clamp(s.max_token_days, 1, 3650);
  s.default_token_days = std::clamp(s.default_token_days, 1, s.max_token_days);
  s.remote_failure_limit = std::max(s.remote_failure_limit, 0);
  s.remote_window_seconds = std::clamp<std::int64_t>(s.remote_window_seconds, 1, kDay);
  return s;
}

std::string UtcText(std::int64_t unix_seconds) {
  constexpr std::int64_t kDay = 24 * 60 * 60;
  std::int64_t days = unix_seconds / kDay;
  std::int64_t rest = unix_seconds % kDay;
  if (rest < 0) {
    rest += kDay;
    --days;
  }
  const Result<Date> date = Date::FromDaysSinceEpoch(days);
  char clock[16];
  std::snprintf(clock, sizeof clock, "%02d:%02d:%02d", static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return (date ? date->ToString() : std::string("?")) + " " + clock + " UTC";
}

std::optional<std::int64_t> RemoteThrottle::BlockedUntil(std::string_view remote,
                                                         std::int64_t now) {
  if (limit_ == 0 || remote.empty()) return std::nullopt;
  std::lock_guard lock(mu_);
  const auto it = windows_.find(remote.substr(0, kMaxAddressChars));
  if (it == windows_.end() || now >= it->second.start + window_seconds_) return std::nullopt;
  if (it->second.failures < limit_) return std::nullopt;
  return it->second.start + window_seconds_;
}

void RemoteThrottle::RecordFailure(std::string_view remote, std::int64_t now) {
  if (limit_ == 0 || remote.empty()) return;
  const std::string_view key = remote.substr(0, kMaxAddressChars);
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= kMaxAddresses) {
      std::erase_if(windows_,
                    [&](const auto& entry) { return now >= entry.second.start + window_seconds_; });
      if (windows_.size() >= kMaxAddresses) return;
    }
    it = windows_.emplace(std::string(key), Window{now, 0}).first;
  }
  if (now >= it->second.start + window_seconds_) it->second = Window{now, 0};
  ++it->second.failures;
}

}  // namespace casekeep::accounts::internal
