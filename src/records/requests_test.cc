// The request register in the records service over the in-memory store: what the store sees of
// a request (codes, kind, status and dates; the rest sealed), the folder's bank-holiday file
// (checked before it is kept; a deadline outside its years refused), and the capability.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/file.h"
#include "policy/policy.h"
#include "records/service.h"
#include "records/test_vault.h"
#include "store/memory/memory_store.h"

namespace casekeep::records {
namespace {

// 2025-06-02T12:00:00Z.
constexpr std::int64_t kStart = 1'748'865'600;

class RequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = testing::ExamplePolicy("contact-centre");
    ASSERT_TRUE(policy_);
    vault_ = testing::NewVault(store_, &kek_);
    ASSERT_TRUE(vault_);
    service_ = std::make_unique<RecordsService>(*policy_, store_, *vault_, clock_);
    dir_ =
        std::filesystem::temp_directory_path() /
        ("casekeep-requests-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    service_->set_holiday_file((dir_ / "bank-holidays.json").string());
    auto s =
        service_->AddSubject(actor_, NewSubject{"parent", {{"name", "Dana Whitlock"}}, {}, {}});
    ASSERT_TRUE(s) << s.error().message;
    person_ = s->code;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Shipped() {
    return *ReadFileCapped(std::string(CASEKEEP_SOURCE_DIR) + "/data/uk-bank-holidays.json",
                           kMaxHolidayFileBytes);
  }

  FixedClock clock_{kStart};
  store::MemoryStore store_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<crypto::Key> kek_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<RecordsService> service_;
  Actor actor_;
  std::filesystem::path dir_;
  std::string person_;
};

TEST_F(RequestsTest, TheStoreSeesCodesKindStatusAndDatesOnly) {
  ASSERT_TRUE(service_->LoadHolidayFile(actor_, Shipped()));
  NewDataRequest n;
  n.subject = person_;
  n.kind = "access";
  n.requester = "third_party";
  n.requester_name = "Hart Solicitors";
  n.details = "Everything about the Saturday contact";
  n.received_on = "2025-05-30";
  auto v = service_->OpenDataRequest(actor_, n);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->status, "awaiting_authority");
  auto tx = store_.BeginRead();
  ASSERT_TRUE(tx);
  auto row = (*tx)->FindRequest(v->code);
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->kind, "access");
  EXPECT_EQ((*row)->status, "awaiting_authority");
  EXPECT_EQ((*row)->received_on, "2025-05-30");
  EXPECT_EQ((*row)->due_on, "");
  const std::string sealed((*row)->sealed.begin(), (*row)->sealed.end());
  EXPECT_EQ(sealed.find("Hart"), std::string::npos);
  EXPECT_EQ(sealed.find("Saturday"), std::string::npos);
  // Opened again, everything is there.
  auto again = service_->GetDataRequest(actor_, v->code);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->requester_name, "Hart Solicitors");
  EXPECT_EQ(again->details, "Everything about the Saturday contact");
}

TEST_F(RequestsTest, AHolidayFileIsCheckedBeforeItIsKept) {
  const auto path = dir_ / "bank-holidays.json";
  auto bad = service_->LoadHolidayFile(actor_, R"({"england-and-wales": {"events": []}})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(path));
  auto years = service_->LoadHolidayFile(actor_, Shipped());
  ASSERT_TRUE(years) << years.error().message;
  EXPECT_EQ(*years, "2024-2027");
  EXPECT_TRUE(std::filesystem::exists(path));
  // A malformed file later leaves the kept one as it was.
  ASSERT_FALSE(service_->LoadHolidayFile(actor_, "not json"));
  EXPECT_EQ(*ReadFileCapped(path.string(), kMaxHolidayFileBytes), Shipped());
}

TEST_F(RequestsTest, ADeadlineBeyondTheHolidayFileIsRefused) {
  // A file that covers only 2024 and 2025 (every year of each division kept).
  auto json = nlohmann::json::parse(Shipped());
  for (auto& [division, body] : json.items()) {
    auto& events = body["events"];
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& e : events) {
      if (e["date"].get<std::string>() < "2026") kept.push_back(e);
    }
    events = kept;
  }
  ASSERT_TRUE(service_->LoadHolidayFile(actor_, json.dump()));
  clock_.Set(kStart + 200 * 86'400);  // 2025-12-19
  NewDataRequest n;
  n.subject = person_;
  n.kind = "erasure";
  n.received_on = "2025-12-19";
  auto v = service_->OpenDataRequest(actor_, n);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(v.error().message.find("2026"), std::string::npos) << v.error().message;
}

TEST_F(RequestsTest, NeedsManageRequests) {
  access::Principal worker;
  worker.code = "W-AAAAAA";
  worker.roles = {"contact_worker"};
  const Actor actor = Actor::User(worker, "run_contact");
  NewDataRequest n;
  n.subject = person_;
  n.kind = "access";
  auto v = service_->OpenDataRequest(actor, n);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kPermissionDenied);
  EXPECT_FALSE(service_->Restrict(actor, person_, ""));
  EXPECT_FALSE(service_->ListDataRequests(actor, {}));
}

}  // namespace
}  // namespace casekeep::records
