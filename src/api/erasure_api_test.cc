// Erasure over HTTP: the DPO asks for the plan (nothing changes), then erases; the person's own
// record goes, the case's shared note stays with its reason; a second erasure gets 409 with a
// clear message; a contact worker without manage_requests is refused; a bad body changes
// nothing.
#include <gtest/gtest.h>

#include "api/test_server.h"
#include "crypto/codes.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

class ErasureApiTest : public ::testing::Test {
 protected:
  ErasureApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    case_ = server_.OpenCase("supported_contact");
    EXPECT_TRUE(records.Assign(records::Actor{}, case_, "worker.one"));
    auto parent = records.AddSubject(records::Actor{},
                                     {"parent", {{"name", "Dana Whitlock"}}, case_, "parent"});
    auto child = records.AddSubject(
        records::Actor{},
        {"child", {{"name", "Eli Whitlock"}, {"date_of_birth", "2018-01-02"}}, case_, "child"});
    EXPECT_TRUE(parent && child);
    parent_ = parent->code;
    auto feedback = records.AddRecord(records::Actor{},
                                      {"feedback_form", case_, parent_, "", {{"answers", "fine"}}});
    auto note = records.AddRecord(records::Actor{}, {"case_note", case_, "", "", {{"note", "x"}}});
    EXPECT_TRUE(feedback && note);
    feedback_ = feedback->code;
    note_ = note->code;
  }

  Reply Dpo(const json& body) {
    return server_.Send("POST", "/api/v1/subjects/" + parent_ + "/erasure", dpo_, body,
                        {{"X-Purpose", "legal_compliance"}});
  }

  TestServer server_;
  std::string worker_, dpo_, case_, parent_, feedback_, note_;
};

TEST_F(ErasureApiTest, PlanThenEraseThenASecondErasureIsRefused) {
  auto plan = Dpo({{"dry_run", true}});
  ASSERT_EQ(plan.status, 200) << plan.body;
  EXPECT_EQ(plan.json["dry_run"], true);
  EXPECT_EQ(plan.json["erased"], 1);

  auto bad = Dpo({{"dry_run", "yes"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  auto worker = server_.Send("POST", "/api/v1/subjects/" + parent_ + "/erasure", worker_,
                             json::object(), {{"X-Purpose", "run_contact"}});
  EXPECT_EQ(worker.status, 403) << worker.body;

  const std::string unknown =
      "Q-ABCD234" + std::string(1, *crypto::CodeCheckSymbol('Q', "ABCD234"));
  auto not_registered = Dpo({{"request", unknown}});
  EXPECT_EQ(not_registered.status, 404) << not_registered.body;
  server_.LoadShippedHolidays();
  auto asked =
      server_.Send("POST", "/api/v1/requests", dpo_, {{"subject", parent_}, {"kind", "erasure"}},
                   {{"X-Purpose", "legal_compliance"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  const std::string request = asked.json["code"];
  auto done = Dpo({{"request", request}});
  ASSERT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(done.json["subject"], parent_);
  EXPECT_EQ(done.json["request"], request);
  bool note_kept = false, feedback_erased = false;
  for (const auto& r : done.json["records"]) {
    if (r["record"] == note_) {
      note_kept = r["action"] == "kept" && r["reasons"][0]["kind"] == "shared";
    }
    if (r["record"] == feedback_) feedback_erased = r["action"] == "erased";
  }
  EXPECT_TRUE(note_kept) << done.body;
  EXPECT_TRUE(feedback_erased) << done.body;
  EXPECT_EQ(done.json["keys_destroyed"][0], parent_);

  auto again = Dpo(json::object());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("already erased"), std::string::npos) << again.body;
}

}  // namespace
}  // namespace casekeep::api::testing
