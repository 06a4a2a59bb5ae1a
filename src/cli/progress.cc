#include "cli/progress.h"

#include <unistd.h>

#include <iostream>

namespace casekeep::cli {

Progress::Progress(std::ostream& err, std::string what, std::int64_t total)
    : err_(err),
      what_(std::move(what)),
      total_(total),
      enabled_(&err == &std::cerr && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { Done(); }

void Progress::Update(std::int64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  shown_ = true;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  err_ << "\r\033[K" << done;
  if (total_ > 0) err_ << "/" << total_ << " (" << (done * 100 / total_) << "%)";
  err_ << " " << what_;
  if (seconds > 0.5) err_ << ", " << static_cast<std::int64_t>(static_cast<double>(done) / seconds) << "/s";
  err_.flush();
}

void Progress::Done() {
  if (!shown_) return;
  err_ << "\r\033[K";
  err_.flush();
  shown_ = false;
}

}  // namespace casekeep::cli
