// Statistics in the records service over the in-memory store: the facts gathered from people,
// cases and session records, restricted and objecting people left out, only holders of
// run_reports, nothing identifying in what comes back or in the audit entry, extracts with
// pseudonyms of their own refused below k.
#include <gtest/gtest.h>

#include "records/service.h"
#include "records/test_vault.h"
#include "stats/output.h"
#include "store/memory/memory_store.h"

namespace casekeep::records {
namespace {

// 2025-06-02T12:00:00Z.
constexpr std::int64_t kStart = 1'748'865'600;

class StatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = testing::ExamplePolicy("contact-centre");
    ASSERT_TRUE(policy_);
    vault_ = testing::NewVault(store_, &kek_);
    ASSERT_TRUE(vault_);
    service_ = std::make_unique<RecordsService>(*policy_, store_, *vault_, clock_);
    for (int i = 0; i < 8; ++i) codes_.push_back(Family("2025-01-1" + std::to_string(i % 3)));
    // One asked for restriction, one objected: stored, not used.
    ASSERT_TRUE(service_->SetProcessingState(admin_, codes_[6], true, false));
    ASSERT_TRUE(service_->SetProcessingState(admin_, codes_[7], false, true));
    analyst_ = Actor::User(access::Principal{"U-ANALYST", {"analyst"}, "", 0, false}, "");
  }

  // A parent (born 1990, in SW1A) in a case of their own with two sessions, one attended.
  std::string Family(const std::string& opened) {
    auto c = service_->OpenCase(admin_, NewCase{"supported_contact", "court", opened, {}, {}});
    EXPECT_TRUE(c) << c.error().message;
    auto s = service_->AddSubject(admin_, NewSubject{"parent",
                                                     {{"name", "Alex Example"},
                                                      {"date_of_birth", "1990-05-01"},
                                                      {"postcode", "SW1A 1AA"}},
                                                     c->code,
                                                     "parent"});
    EXPECT_TRUE(s) << s.error().message;
    for (const char* outcome : {"attended", "resident_parent_absent"}) {
      auto r = service_->AddRecord(
          admin_, NewRecord{"attendance_record",
                            c->code,
                            s->code,
                            "2025-02-01",
                            {{"session_date", "2025-02-01"}, {"outcome", outcome}}});
      EXPECT_TRUE(r) << r.error().message;
    }
    return s->code;
  }

  stats::ReportDef Report() {
    stats::ReportDef d;
    d.id = "sessions";
    d.label = "Sessions";
    d.dimensions = {stats::Dimension::kService, stats::Dimension::kMonth,
                    stats::Dimension::kAgeBand};
    d.measures = {stats::Measure::kPeople, stats::Measure::kCases, stats::Measure::kSessions,
                  stats::Measure::kAttendanceRate};
    d.mappings.session_type = "attendance_record";
    d.mappings.attendance_field = "outcome";
    d.mappings.attended_values = {"attended"};
    return d;
  }

  stats::ExtractDef Extract(int k) {
    stats::ExtractDef d;
    d.id = "people";
    d.columns = {stats::Dimension::kService, stats::Dimension::kAgeBand,
                 stats::Dimension::kPostcodeDistrict};
    d.quasi_identifiers = {stats::Dimension::kAgeBand, stats::Dimension::kPostcodeDistrict};
    d.k = k;
    d.below_k = stats::BelowK::kRefuse;
    return d;
  }

  store::AuditRow LastAudit() {
    auto tx = store_.BeginRead();
    auto row = (*tx)->LastAudit();
    EXPECT_TRUE(row && *row);
    return **row;
  }

  void ExpectNothingIdentifying(const std::string& text) {
    for (const auto& code : codes_) EXPECT_EQ(text.find(code), std::string::npos) << text;
    EXPECT_EQ(text.find("C-"), std::string::npos) << text;
    EXPECT_EQ(text.find("1990"), std::string::npos) << text;
    EXPECT_EQ(text.find("1AA"), std::string::npos) << text;
    EXPECT_EQ(text.find("Alex"), std::string::npos) << text;
  }

  FixedClock clock_{kStart};
  store::MemoryStore store_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<crypto::Key> kek_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<RecordsService> service_;
  Actor admin_;
  Actor analyst_;
  std::vector<std::string> codes_;
};

TEST_F(StatsTest, AnAnalystSeesCountsOfThePeopleThatMayBeCounted) {
  auto table = service_->RunReport(analyst_, Report(), {});
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->facts, 6);  // eight parents, one restricted, one objecting
  EXPECT_EQ(table->rows.front(), (std::vector<std::string>{"supported_contact", "2025-01"}));
  EXPECT_EQ(table->columns, (std::vector<std::string>{"25-34", "Total"}));
  const std::size_t total = table->Cell(table->rows.size() - 1, table->columns.size() - 1);
  EXPECT_EQ(table->values[0][total], 6);   // people
  EXPECT_EQ(table->values[1][total], 6);   // cases
  EXPECT_EQ(table->values[2][total], 12);  // sessions
  EXPECT_EQ(table->values[3][total], 50);  // attendance rate
  for (auto format : {stats::Format::kCsv, stats::Format::kJson, stats::Format::kHtml}) {
    ExpectNothingIdentifying(stats::Render(*table, format));
  }
  const auto audit = LastAudit();
  EXPECT_EQ(audit.action, "report.run");
  EXPECT_EQ(audit.actor, "U-ANALYST");
  EXPECT_TRUE(audit.objects.empty());
  EXPECT_EQ(audit.detail, "report=sessions facts=6 cells=4 suppressed=0");
}

TEST_F(StatsTest, OnlyHoldersOfRunReports) {
  Actor worker =
      Actor::User(access::Principal{"U-WORKER", {"contact_worker"}, "", 0, false}, "run_contact");
  auto table = service_->RunReport(worker, Report(), {});
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit().outcome, "denied");
  EXPECT_FALSE(service_->RunExtract(worker, Extract(5), {}));
}

TEST_F(StatsTest, TheMonthRangeLeavesCasesOut) {
  auto table = service_->RunReport(analyst_, Report(),
                                   {stats::MonthIndex(2025, 3), stats::MonthIndex(2025, 12)});
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->facts, 0);
}

TEST_F(StatsTest, ExtractsCarryPseudonymsOfTheirOwn) {
  auto first = service_->RunExtract(analyst_, Extract(5), {});
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->rows.size(), 6u);
  EXPECT_EQ(first->rows[0][1], "supported_contact");
  EXPECT_EQ(first->rows[0][2], "25-34");
  EXPECT_EQ(first->rows[0][3], "SW1A");
  const std::string csv = stats::ExtractCsv(*first);
  ExpectNothingIdentifying(csv);
  auto second = service_->RunExtract(analyst_, Extract(5), {});
  ASSERT_TRUE(second);
  EXPECT_EQ(first->rows[0][0].rfind("X-", 0), 0u);
  EXPECT_NE(first->rows[0][0], second->rows[0][0]);  // not linkable between extracts
  EXPECT_NE(first->rows[0][0], first->rows[1][0]);
  EXPECT_EQ(LastAudit().action, "extract.run");
  EXPECT_EQ(LastAudit().detail, "extract=people facts=6 rows=6 k=5 generalised=0");
}

TEST_F(StatsTest, AnExtractBelowKIsRefusedAndAudited) {
  auto e = service_->RunExtract(analyst_, Extract(7), {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(LastAudit().outcome, "refused");
}

}  // namespace
}  // namespace casekeep::records
