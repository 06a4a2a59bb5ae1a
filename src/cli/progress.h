// Progress on a terminal for long operations: a line rewritten in place on standard error, at
// most a few times a second, and only when standard error is a terminal (so logs and pipes get
// no control characters). Not thread-safe: one per operation.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace casekeep::cli {

class Progress {
 public:
  //! `what` names the unit counted, e.g. "entries verified"; `total` 0 if unknown.
  Progress(std::ostream& err, std::string what, std::int64_t total = 0);
  ~Progress();

  void Update(std::int64_t done);
  //! Clears the progress line.
  void Done();

 private:
  std::ostream& err_;
  std::string what_;
  std::int64_t total_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace casekeep::cli
