// Request counters and a latency histogram that a Server updates for every response it
// sends (including the 400/408/413/431 it produces itself), rendered in the Prometheus text
// exposition format for a /metrics route.
//
// Thread-safety: every member may be called from any thread at once (relaxed atomics: each
// counter is exact, but a rendering taken while requests run may mix slightly different
// moments).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace casekeep::http {

class Metrics {
 public:
  //! Upper bounds of the latency buckets, in seconds (the +Inf bucket is implicit).
  static constexpr std::array<double, 14> kBucketSeconds = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  //! One response sent with `status`, `latency` after its request header was complete.
  void RecordResponse(int status, std::chrono::nanoseconds latency);
  void ConnectionOpened();
  void ConnectionClosed();
  //! A connection refused because the server was at its connection limit.
  void ConnectionRejected();

  struct Snapshot {
    std::array<std::uint64_t, 5> responses_by_class{};               //!< [0] is 1xx ... [4] is 5xx
    std::array<std::uint64_t, kBucketSeconds.size() + 1> buckets{};  //!< not cumulative
    std::uint64_t latency_count = 0;
    double latency_sum_seconds = 0;
    std::int64_t connections_open = 0;
    std::uint64_t connections_total = 0;
    std::uint64_t connections_rejected = 0;
  };
  Snapshot Read() const;

 private:
  std::array<std::atomic<std::uint64_t>, 5> responses_by_class_{};
  std::array<std::atomic<std::uint64_t>, kBucketSeconds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> latency_count_{0};
  std::atomic<std::uint64_t> latency_sum_ns_{0};
  std::atomic<std::int64_t> connections_open_{0};
  std::atomic<std::uint64_t> connections_total_{0};
  std::atomic<std::uint64_t> connections_rejected_{0};
};

//! `metrics` in the Prometheus text format (version 0.0.4), every name starting with
//! `prefix` ("casekeep_http" gives casekeep_http_responses_total{code="2xx"} and so on).
std::string RenderPrometheus(const Metrics& metrics, std::string_view prefix = "casekeep_http");

//! The Content-Type of RenderPrometheus's output.
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4";

}  // namespace casekeep::http
