// Counters by status class, the latency histogram and their Prometheus rendering.
#include "http/metrics.h"

#include <gtest/gtest.h>

namespace casekeep::http {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(MetricsTest, CountsByStatusClassAndBucket) {
  Metrics m;
  m.RecordResponse(200, microseconds(50));
  m.RecordResponse(204, milliseconds(3));
  m.RecordResponse(404, milliseconds(3));
  m.RecordResponse(503, std::chrono::seconds(20));
  m.RecordResponse(999, microseconds(1));  // no class, still timed
  auto s = m.Read();
  EXPECT_EQ(s.responses_by_class[1], 2U);
  EXPECT_EQ(s.responses_by_class[3], 1U);
  EXPECT_EQ(s.responses_by_class[4], 1U);
  EXPECT_EQ(s.latency_count, 5U);
  EXPECT_EQ(s.buckets[0], 2U);                               // <= 100 us
  EXPECT_EQ(s.buckets[5], 2U);                               // <= 5 ms
  EXPECT_EQ(s.buckets[Metrics::kBucketSeconds.size()], 1U);  // +Inf
  EXPECT_NEAR(s.latency_sum_seconds, 20.006051, 1e-9);
}

TEST(MetricsTest, TracksConnections) {
  Metrics m;
  m.ConnectionOpened();
  m.ConnectionOpened();
  m.ConnectionClosed();
  m.ConnectionRejected();
  auto s = m.Read();
  EXPECT_EQ(s.connections_open, 1);
  EXPECT_EQ(s.connections_total, 2U);
  EXPECT_EQ(s.connections_rejected, 1U);
}

TEST(MetricsTest, RendersPrometheusTextWithCumulativeBuckets) {
  Metrics m;
  m.RecordResponse(200, microseconds(50));
  m.RecordResponse(500, milliseconds(30));
  m.ConnectionOpened();
  std::string text = RenderPrometheus(m, "ck");
  EXPECT_NE(text.find("# TYPE ck_responses_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("ck_responses_total{code=\"2xx\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ck_responses_total{code=\"5xx\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ck_responses_total{code=\"4xx\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE ck_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("ck_request_duration_seconds_bucket{le=\"0.0001\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ck_request_duration_seconds_bucket{le=\"0.025\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("ck_request_duration_seconds_bucket{le=\"0.05\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("ck_request_duration_seconds_bucket{le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("ck_request_duration_seconds_count 2\n"), std::string::npos);
  EXPECT_NE(text.find("ck_connections_open 1\n"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace casekeep::http
