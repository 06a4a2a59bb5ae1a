#include "http/metrics.h"

#include <fmt/format.h>

namespace casekeep::http {

void Metrics::RecordResponse(int status, std::chrono::nanoseconds latency) {
  int cls = status / 100 - 1;
  if (cls >= 0 && cls < 5) {
    responses_by_class_[static_cast<std::size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
  }
  auto ns = latency.count() < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(latency.count());
  double seconds = static_cast<double>(ns) / 1e9;
  std::size_t bucket = 0;
  while (bucket < kBucketSeconds.size() && seconds > kBucketSeconds[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  latency_count_.fetch_add(1, std::memory_order_relaxed);
  latency_sum_ns_.fetch_add(ns, std::memory_order_relaxed);
}

void Metrics::ConnectionOpened() {
  connections_open_.fetch_add(1, std::memory_order_relaxed);
  connections_total_.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::ConnectionClosed() {
  connections_open_.fetch_sub(1, std::memory_order_relaxed);
}

void Metrics::ConnectionRejected() {
  connections_rejected_.fetch_add(1, std::memory_order_relaxed);
}

Metrics::Snapshot Metrics::Read() const {
  Snapshot s;
  for (std::size_t i = 0; i < s.responses_by_class.size(); ++i) {
    s.responses_by_class[i] = responses_by_class_[i].load(std::memory_order_relaxed);
  }
  for (std::size_t i = 0; i < s.buckets.size(); ++i) {
    s.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
  }
  s.latency_count = latency_count_.load(std::memory_order_relaxed);
  s.latency_sum_seconds =
      static_cast<double>(latency_sum_ns_.load(std::memory_order_relaxed)) / 1e9;
  s.connections_open = connections_open_.load(std::memory_order_relaxed);
  s.connections_total = connections_total_.load(std::memory_order_relaxed);
  s.connections_rejected = connections_rejected_.load(std::memory_order_relaxed);
  return s;
}

std::string RenderPrometheus(const Metrics& metrics, std::string_view prefix) {
  Metrics::Snapshot s = metrics.Read();
  std::string out;
  auto header = [&](std::string_view name, std::string_view type, std::string_view help) {
    out +=
        fmt::format("# HELP {}_{} {}\n# TYPE {}_{} {}\n", prefix, name, help, prefix, name, type);
  };

  header("responses_total", "counter", "HTTP responses sent, by status class.");
  for (std::size_t i = 0; i < s.responses_by_class.size(); ++i) {
    out += fmt::format("{}_responses_total{{code=\"{}xx\"}} {}\n", prefix, i + 1,
                       s.responses_by_class[i]);
  }

  header("request_duration_seconds", "histogram",
         "Time from a complete request header to the response written.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < Metrics::kBucketSeconds.size(); ++i) {
    cumulative += s.buckets[i];
    out += fmt::format("{}_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", prefix,
                       Metrics::kBucketSeconds[i], cumulative);
  }
  cumulative += s.buckets.back();
  out += fmt::format("{}_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", prefix, cumulative);
  out += fmt::format("{}_request_duration_seconds_sum {}\n", prefix, s.latency_sum_seconds);
  out += fmt::format("{}_request_duration_seconds_count {}\n", prefix, s.latency_count);

  header("connections_open", "gauge", "Client connections open now.");
  out += fmt::format("{}_connections_open {}\n", prefix, s.connections_open);
  header("connections_total", "counter", "Client connections accepted.");
  out += fmt::format("{}_connections_total {}\n", prefix, s.connections_total);
  header("connections_rejected_total", "counter",
         "Client connections refused at the connection limit.");
  out += fmt::format("{}_connections_rejected_total {}\n", prefix, s.connections_rejected);
  return out;
}

}  // namespace casekeep::http
