// Retention in the records service over the in-memory store: dates kept up to date as their
// inputs change (a case closes, a contact is added, a record is rectified), holds that suspend
// disposal and releases that resume it, partial retention removing exactly its fields (values,
// files and earlier versions), the sweep's limits, a store it cannot read, approval of a plan by
// someone else, and re-running a sweep.
#include <gtest/gtest.h>

#include <sstream>

#include "crypto/random.h"
#include "policy/policy.h"
#include "records/service.h"
#include "records/test_vault.h"
#include "store/memory/memory_store.h"

namespace casekeep::records {
namespace {

constexpr std::int64_t kDay = 86'400;
// 2025-06-02T12:00:00Z.
constexpr std::int64_t kStart = 1'748'865'600;

std::int64_t Noon(const std::string& date) {
  return (*Date::Parse(date)).DaysSinceEpoch() * kDay + 12 * 3600;
}

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = testing::ExamplePolicy("contact-centre");
    ASSERT_TRUE(policy_);
    vault_ = testing::NewVault(store_, &kek_);
    ASSERT_TRUE(vault_);
    service_ = std::make_unique<RecordsService>(*policy_, store_, *vault_, clock_);
  }

  // A supported-contact case with a referral and an attendance record.
  std::string CourtCase(std::vector<std::string> flags, std::string* referral) {
    auto c = service_->OpenCase(
        actor_, NewCase{"supported_contact", "court", "2024-01-08", std::move(flags), {}});
    EXPECT_TRUE(c) << c.error().message;
    auto r = service_->AddRecord(
        actor_, NewRecord{"referral",
                          c->code,
                          "",
                          "2025-01-06",
                          {{"received_on", "2025-01-06"}, {"contact_type", "supported"}}});
    EXPECT_TRUE(r) << r.error().message;
    if (referral != nullptr) *referral = r->code;
    return c->code;
  }

  store::RecordRow Row(const std::string& code) {
    auto tx = store_.BeginRead();
    auto row = (*tx)->FindRecord(code);
    EXPECT_TRUE(row && *row) << code;
    return row && *row ? **row : store::RecordRow{};
  }

  bool Exists(const std::string& code) {
    auto tx = store_.BeginRead();
    auto row = (*tx)->FindRecord(code);
    return row && row->has_value();
  }

  std::string StaffMember() {
    auto s = service_->AddSubject(actor_, NewSubject{"staff", {{"name", "Rowan Tindall"}}, {}, {}});
    EXPECT_TRUE(s) << s.error().message;
    return s->code;
  }

  FixedClock clock_{kStart};
  store::MemoryStore store_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<crypto::Key> kek_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<RecordsService> service_;
  Actor actor_;
};

TEST_F(RetentionTest, DatesFollowTheirInputs) {
  std::string referral;
  const std::string c = CourtCase({"court_order"}, &referral);
  // Open case: the clock of contact_with_court (3 years from closing) has not started.
  auto open = Row(referral);
  EXPECT_EQ(open.retention_rule, "contact_with_court");
  EXPECT_FALSE(open.dispose_on);

  ASSERT_TRUE(service_->CloseCase(actor_, c, "2025-03-31"));
  EXPECT_EQ(Row(referral).dispose_on, "2028-03-31");
  auto e = service_->ExplainRetention(actor_, referral);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->rule, "contact_with_court");
  EXPECT_EQ(e->status, "dispose");
  EXPECT_EQ(e->trigger, "2025-03-31");
  EXPECT_EQ(e->dispose_on, "2028-03-31");
  EXPECT_FALSE(e->explanation.empty());

  // A self-referred case with no court order: one year; flagged for safeguarding: indefinite.
  std::string self_referral;
  const std::string self = CourtCase({}, &self_referral);
  auto closed = service_->CloseCase(actor_, self, "2024-02-29");
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(Row(self_referral).retention_rule, "contact_self_referred");
  EXPECT_EQ(Row(self_referral).dispose_on, "2025-02-28");
  std::string flagged_referral;
  const std::string flagged = CourtCase({"safeguarding"}, &flagged_referral);
  ASSERT_TRUE(service_->CloseCase(actor_, flagged, "2025-05-31"));
  EXPECT_EQ(Row(flagged_referral).retention_rule, "contact_safeguarding");
  EXPECT_FALSE(Row(flagged_referral).dispose_on);
  EXPECT_EQ(Row(flagged_referral).review_on, "2026-05-31");
}

TEST_F(RetentionTest, HoldsSuspendDisposalAndReleasesResumeIt) {
  std::string referral;
  const std::string c = CourtCase({}, &referral);
  ASSERT_TRUE(service_->CloseCase(actor_, c, "2025-04-30"));  // due 2026-04-30
  clock_.Set(Noon("2026-05-01"));
  auto hold = service_->PlaceHold(
      actor_,
      NewHold{"safeguarding", c, "Child protection enquiry opened by the local authority", ""});
  ASSERT_TRUE(hold) << hold.error().message;
  EXPECT_EQ(hold->review_on, "2027-05-01");  // the kind's review period: one year

  RetentionPlan plan;
  auto swept = service_->Sweep(actor_, "2026-05-01", true, &plan, nullptr);
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_TRUE(plan.due.empty());
  ASSERT_EQ(plan.held.size(), 1u);
  EXPECT_EQ(plan.held[0].held_by, std::vector<std::string>{hold->code});
  EXPECT_EQ(swept->disposed, 0);
  EXPECT_TRUE(Exists(referral));
  auto e = service_->ExplainRetention(actor_, referral);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->holds.size(), 1u);

  // Releasing needs a note; releasing twice is refused.
  EXPECT_FALSE(service_->ReleaseHold(actor_, hold->code, ""));
  ASSERT_TRUE(service_->ReleaseHold(actor_, hold->code, "Enquiry closed with no further action"));
  auto again = service_->ReleaseHold(actor_, hold->code, "again");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  swept = service_->Sweep(actor_, "2026-05-01", true, &plan, nullptr);
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(swept->disposed, 1);
  EXPECT_EQ(swept->keys_destroyed, 1);  // the closed case's last record: its key went too
  EXPECT_FALSE(Exists(referral));
  auto log = service_->DisposalLog(actor_, 0, 100);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].code, referral);
  EXPECT_EQ((*log)[0].rule, "contact_self_referred");
  EXPECT_EQ((*log)[0].due_on, "2026-04-30");
  EXPECT_EQ((*log)[0].action, "disposed");

  // Running it again finds nothing more to do.
  swept = service_->Sweep(actor_, "2026-05-01", true, &plan, nullptr);
  ASSERT_TRUE(swept);
  EXPECT_EQ(swept->disposed, 0);
  EXPECT_TRUE(plan.due.empty());
}

TEST_F(RetentionTest, AHoldOnAPersonCoversTheirCases) {
  std::string referral;
  const std::string c = CourtCase({}, &referral);
  auto child = service_->AddSubject(
      actor_,
      NewSubject{"child", {{"name", "Ivy Marsh"}, {"date_of_birth", "2018-04-02"}}, c, "child"});
  ASSERT_TRUE(child);
  ASSERT_TRUE(service_->CloseCase(actor_, c, "2025-04-30"));
  clock_.Set(Noon("2026-05-01"));
  ASSERT_TRUE(service_->PlaceHold(actor_, NewHold{"legal", child->code, "Court proceedings", ""}));
  RetentionPlan plan;
  ASSERT_TRUE(service_->Sweep(actor_, "2026-05-01", true, &plan, nullptr));
  EXPECT_EQ(plan.held.size(), 1u);
  EXPECT_TRUE(Exists(referral));
}

TEST_F(RetentionTest, PartialRetentionRemovesExactlyItsFields) {
  const std::string staff = StaffMember();
  clock_.Set(Noon("2024-01-10"));
  auto dbs = service_->AddRecord(actor_, NewRecord{"dbs_check",
                                                   "",
                                                   staff,
                                                   "2024-01-10",
                                                   {{"check_date", "2024-01-10"},
                                                    {"certificate_number", "001234567890"},
                                                    {"vetting_decision", "cleared"},
                                                    {"outcome", "Clear"},
                                                    {"disclosed_information", "Nothing"}}});
  ASSERT_TRUE(dbs) << dbs.error().message;
  std::istringstream scan("%PDF scanned certificate");
  ASSERT_TRUE(service_->AddAttachment(actor_, dbs->code, "certificate_copy", scan));
  // A rectification leaves an earlier version holding the fields too.
  ASSERT_TRUE(service_->UpdateRecord(actor_, dbs->code, 1, {{"outcome", "Clear, checked"}}));
  EXPECT_EQ(Row(dbs->code).partial_on, "2024-07-10");
  EXPECT_EQ(Row(dbs->code).dispose_on, "2030-01-10");

  clock_.Set(Noon("2024-07-09"));
  RetentionPlan plan;
  ASSERT_TRUE(service_->Sweep(actor_, "2024-07-09", true, &plan, nullptr));
  EXPECT_TRUE(plan.due.empty());  // a day early

  clock_.Set(Noon("2024-07-10"));
  auto swept = service_->Sweep(actor_, "2024-07-10", true, &plan, nullptr);
  ASSERT_TRUE(swept) << swept.error().message;
  ASSERT_EQ(plan.due.size(), 1u);
  EXPECT_EQ(plan.due[0].action, "partial:certificate_copy,disclosed_information");
  EXPECT_EQ(plan.due[0].rule, "dbs_checks");
  EXPECT_NE(plan.due[0].reason.find("date of the check"), std::string::npos) << plan.due[0].reason;
  EXPECT_EQ(swept->partial, 1);
  auto after = service_->GetRecord(actor_, dbs->code);
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_FALSE(after->fields.contains("disclosed_information"));
  EXPECT_EQ(after->fields["certificate_number"], "001234567890");
  EXPECT_EQ(after->fields["vetting_decision"], "cleared");
  EXPECT_EQ(after->fields["outcome"], "Clear, checked");
  EXPECT_EQ(after->fields["check_date"], "2024-01-10");
  auto history = service_->History(actor_, dbs->code);
  ASSERT_TRUE(history);
  for (const auto& v : *history) EXPECT_FALSE(v.fields.contains("disclosed_information"));
  {
    auto tx = store_.BeginRead();
    auto row = (*tx)->FindRecord(dbs->code);
    auto files = (*tx)->ListAttachments((**row).id);
    ASSERT_TRUE(files);
    EXPECT_TRUE(files->empty());
  }
  // Done once: nothing more is due until the record itself is, six years from the check.
  EXPECT_FALSE(Row(dbs->code).partial_on);
  swept = service_->Sweep(actor_, "2024-07-10", true, &plan, nullptr);
  ASSERT_TRUE(swept);
  EXPECT_TRUE(plan.due.empty());
  auto e = service_->ExplainRetention(actor_, dbs->code);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->partial.size(), 1u);
  EXPECT_TRUE(e->partial[0].done);
}

TEST_F(RetentionTest, ASweepTooFarAheadOrOverAnUnreadableStoreDisposesOfNothing) {
  std::string first;
  std::string second;
  const std::string a = CourtCase({}, &first);
  const std::string b = CourtCase({}, &second);
  ASSERT_TRUE(service_->CloseCase(actor_, a, "2025-04-30"));
  ASSERT_TRUE(service_->CloseCase(actor_, b, "2025-04-30"));
  clock_.Set(Noon("2026-04-01"));
  auto ahead =
      service_->Sweep(actor_, "2026-05-03", true, nullptr, nullptr);  // 32 days; 31 is the limit
  ASSERT_FALSE(ahead);
  EXPECT_NE(ahead.error().message.find("sweep_max_future_days"), std::string::npos);
  auto bad = service_->Sweep(actor_, "2026-02-30", true, nullptr, nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);

  // The second case's record is damaged: the sweep must stop before disposing of the first.
  clock_.Set(Noon("2026-05-01"));
  {
    auto tx = store_.Begin();
    auto row = (*tx)->FindRecord(second);
    ASSERT_TRUE(row && *row);
    store::RecordRow damaged = **row;
    damaged.sealed[damaged.sealed.size() / 2] ^= 0x5a;
    damaged.version += 1;
    ASSERT_TRUE((*tx)->UpdateRecord(damaged));
    ASSERT_TRUE((*tx)->Commit());
  }
  auto swept = service_->Sweep(actor_, "2026-05-01", true, nullptr, nullptr);
  ASSERT_FALSE(swept);
  EXPECT_EQ(swept.error().code, ErrorCode::kDataLoss);
  EXPECT_NE(swept.error().message.find("nothing was disposed"), std::string::npos);
  EXPECT_TRUE(Exists(first));
  EXPECT_TRUE(Exists(second));
}

TEST_F(RetentionTest, APlanIsApprovedBySomeoneElseBeforeItIsCarriedOut) {
  std::string referral;
  const std::string c = CourtCase({}, &referral);
  ASSERT_TRUE(service_->CloseCase(actor_, c, "2025-04-30"));
  clock_.Set(Noon("2026-05-01"));
  access::Principal dpo;
  dpo.code = "W-DPO0001";
  dpo.roles = {"dpo"};
  access::Principal manager = dpo;
  manager.code = "W-MGR0001";
  const Actor by_dpo = Actor::User(dpo, "");
  const Actor by_other_dpo = Actor::User(manager, "");
  auto plan = service_->PlanRetention(by_dpo, "2026-05-01", true);
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_FALSE(plan->code.empty());
  ASSERT_EQ(plan->due.size(), 1u);
  EXPECT_TRUE(Exists(referral));  // planning changes nothing

  auto early = service_->ExecuteRetentionPlan(by_dpo, plan->code, nullptr);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  auto own = service_->ApproveRetentionPlan(by_dpo, plan->code);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::kPermissionDenied);
  // A worker has no approve_disposal.
  access::Principal worker;
  worker.code = "W-WRK0001";
  worker.roles = {"contact_worker"};
  EXPECT_FALSE(service_->ApproveRetentionPlan(Actor::User(worker, "run_contact"), plan->code));

  ASSERT_TRUE(service_->ApproveRetentionPlan(by_other_dpo, plan->code));
  auto done = service_->ExecuteRetentionPlan(by_dpo, plan->code, nullptr);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->disposed, 1);
  EXPECT_FALSE(Exists(referral));
  auto twice = service_->ExecuteRetentionPlan(by_dpo, plan->code, nullptr);
  ASSERT_FALSE(twice);
  auto log = service_->DisposalLog(actor_, 0, 10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].approved_by, "W-MGR0001");
  EXPECT_EQ((*log)[0].plan, plan->code);
}

TEST_F(RetentionTest, IndefiniteRecordsComeUpForReview) {
  auto c = service_->OpenCase(actor_, NewCase{"supervised_contact", "court", "2025-01-06", {}, {}});
  ASSERT_TRUE(c);
  auto report =
      service_->AddRecord(actor_, NewRecord{"session_report",
                                            c->code,
                                            "",
                                            "2025-06-02",
                                            {{"session_date", "2025-06-02"},
                                             {"observations", "Warm greeting; played cards."}}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(Row(report->code).review_on, "2026-06-02");
  clock_.Set(Noon("2026-06-03"));
  auto q = service_->RetentionReviewQueue(actor_, "2026-06-03");
  ASSERT_TRUE(q) << q.error().message;
  ASSERT_EQ(q->records.size(), 1u);
  auto reviewed = service_->ReviewRecord(actor_, report->code);
  ASSERT_TRUE(reviewed) << reviewed.error().message;
  EXPECT_EQ(reviewed->review_on, "2027-06-03");
  q = service_->RetentionReviewQueue(actor_, "2026-06-03");
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->records.empty());
}

TEST_F(RetentionTest, StaleDatesAreWorkedOutAgainForWhoeverAsksFirst) {
  std::string referral;
  const std::string c = CourtCase({}, &referral);
  ASSERT_TRUE(service_->CloseCase(actor_, c, "2025-04-30"));
  {
    // As after a policy change: the stored fingerprint no longer matches, and a date is off.
    auto tx = store_.Begin();
    ASSERT_TRUE((*tx)->PutMeta("retention_policy", store::Bytes{'o', 'l', 'd'}));
    auto row = (*tx)->FindRecord(referral);
    ASSERT_TRUE(row && *row);
    ASSERT_TRUE((*tx)->SetRecordRetention(
        (**row).id, store::RetentionDates{"contact_self_referred", "2099-01-01", {}, {}, {}}));
    ASSERT_TRUE((*tx)->Commit());
  }
  // A centre manager holds manage_holds but not approve_disposal: the explanation still works,
  // and the dates are current again for everyone.
  access::Principal manager;
  manager.code = "W-MGR0002";
  manager.roles = {"centre_manager"};
  auto e = service_->ExplainRetention(Actor::User(manager, ""), referral);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->dispose_on, "2026-04-30");
  EXPECT_EQ(Row(referral).dispose_on, "2026-04-30");
}

}  // namespace
}  // namespace casekeep::records
