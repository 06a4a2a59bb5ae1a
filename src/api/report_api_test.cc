// Statistics over HTTP: an analyst lists the definitions, runs a report as JSON, CSV and HTML
// and an extract, and never receives an identifier; a worker without run_reports is refused;
// bad formats and months change nothing; an extract below k is refused with 409.
#include <gtest/gtest.h>

#include <fstream>

#include "api/test_server.h"
#include "records/stats.h"

namespace casekeep::api::testing {
namespace {

constexpr const char* kDefinitions = R"(
[[reports]]
id = "by_month"
label = "People by service and month"
dimensions = ["service", "month"]
measures = ["people", "sessions"]
sessions = { record_type = "attendance_record", field = "outcome", attended = ["attended"] }

[[extracts]]
id = "people"
label = "People, one row each"
columns = ["service", "age_band", "postcode_district"]
quasi_identifiers = ["age_band", "postcode_district"]
below_k = "refuse"
)";

class ReportApiTest : public ::testing::Test {
 protected:
  ReportApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("analyst.one", {"analyst"});
    analyst_ = server_.Token("analyst.one", {"analyst"});
    server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
    std::ofstream(records::ReportsPath(server_.folder())) << kDefinitions;
    auto& records = server_.folder().records();
    for (int i = 0; i < 6; ++i) {
      records::NewCase c;
      c.service = "supported_contact";
      c.opened_on = "2025-03-0" + std::to_string(i + 1);
      auto opened = records.OpenCase(records::Actor{}, c);
      EXPECT_TRUE(opened);
      auto parent = records.AddSubject(
          records::Actor{},
          {"parent",
           {{"name", "Dana Whitlock"}, {"date_of_birth", "1988-02-03"}, {"postcode", "LS6 2AB"}},
           opened->code,
           "parent"});
      EXPECT_TRUE(parent);
      codes_.push_back(parent->code);
      codes_.push_back(opened->code);
    }
  }

  Reply Analyst(const std::string& target) { return server_.Send("GET", target, analyst_); }

  void ExpectNothingIdentifying(const std::string& body) {
    for (const auto& code : codes_) EXPECT_EQ(body.find(code), std::string::npos) << body;
    EXPECT_EQ(body.find("Whitlock"), std::string::npos);
    EXPECT_EQ(body.find("1988"), std::string::npos);
    EXPECT_EQ(body.find("2AB"), std::string::npos);
  }

  TestServer server_;
  std::string analyst_;
  std::string worker_;
  std::vector<std::string> codes_;
};

TEST_F(ReportApiTest, AnAnalystRunsReportsInEveryFormat) {
  auto list = Analyst("/api/v1/statistics");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["reports"][0]["id"], "by_month");
  EXPECT_EQ(list.json["extracts"][0]["id"], "people");

  auto json = Analyst("/api/v1/statistics/reports/by_month");
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_EQ(json.json["cells"][0]["row"][0], "supported_contact");
  EXPECT_EQ(json.json["cells"][0]["values"]["people"], 6);
  ExpectNothingIdentifying(json.body);

  auto csv = Analyst("/api/v1/statistics/reports/by_month?format=csv&from=2025-01&to=2025-12");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.rfind("service,month,people,sessions\r\n", 0), 0u) << csv.body;
  ExpectNothingIdentifying(csv.body);

  auto html = Analyst("/api/v1/statistics/reports/by_month?format=html");
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("<svg"), std::string::npos);
  EXPECT_EQ(html.body.find("<script"), std::string::npos);
  ExpectNothingIdentifying(html.body);
}

TEST_F(ReportApiTest, AnExtractHasPseudonymsOnly) {
  auto e = Analyst("/api/v1/statistics/extracts/people");
  ASSERT_EQ(e.status, 200) << e.body;
  ASSERT_EQ(e.json["rows"].size(), 6u);
  EXPECT_EQ(e.json["rows"][0][0].get<std::string>().rfind("X-", 0), 0u);
  EXPECT_EQ(e.json["rows"][0][3], "LS6");
  ExpectNothingIdentifying(e.body);
}

TEST_F(ReportApiTest, AnExtractBelowKIsRefused) {
  auto e = Analyst("/api/v1/statistics/extracts/people?from=2025-03&to=2025-03");
  ASSERT_EQ(e.status, 200) << e.body;
  // Six people share one age band and district: enough for the policy's k = 5, not for 7.
  std::ofstream(records::ReportsPath(server_.folder()), std::ios::app)
      << "k = 7\n";  // the extract's own k, stricter than the policy's
  auto refused = Analyst("/api/v1/statistics/extracts/people");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("groups of fewer than 7"), std::string::npos) << refused.body;
}

TEST_F(ReportApiTest, WorkersMayNotRunReports) {
  for (const char* target : {"/api/v1/statistics", "/api/v1/statistics/reports/by_month",
                             "/api/v1/statistics/extracts/people"}) {
    auto r = server_.Send("GET", target, worker_, nullptr, {{"X-Purpose", "run_contact"}});
    EXPECT_EQ(r.status, 403) << target << " " << r.body;
  }
}

TEST_F(ReportApiTest, BadInputIsRefused) {
  EXPECT_EQ(Analyst("/api/v1/statistics/reports/by_month?format=pdf").status, 400);
  EXPECT_EQ(Analyst("/api/v1/statistics/reports/by_month?from=2025-13").status, 400);
  EXPECT_EQ(Analyst("/api/v1/statistics/reports/by_month?from=2025-06&to=2025-01").status, 400);
  EXPECT_EQ(Analyst("/api/v1/statistics/reports/by_month?colour=red").status, 400);
  EXPECT_EQ(Analyst("/api/v1/statistics/reports/nope").status, 404);
  EXPECT_EQ(Analyst("/api/v1/statistics/extracts/people?format=html").status, 400);
  // A definitions file asking for names is refused with its line and column.
  std::ofstream(records::ReportsPath(server_.folder()))
      << "[[reports]]\nid = \"x\"\nlabel = \"X\"\ndimensions = [\"name\"]\nmeasures = "
         "[\"people\"]\n";
  auto bad = Analyst("/api/v1/statistics/reports/x");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("reports.toml:4:"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("a name identifies people"), std::string::npos) << bad.body;
}

}  // namespace
}  // namespace casekeep::api::testing
