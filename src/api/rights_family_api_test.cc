// A contact-centre family through the request register over HTTP, end to end: two parents and
// a child on one supported-contact case. The first parent asks for her data: the request is
// registered with its due date, the DPO drafts her access pack, which shows none of the other
// parent's details (his name in a shared note, his phone number, his own records), withholds
// every item in the final archive, and completes the request. She then asks for erasure: an
// erasure that names an unknown request, another person's request or her access request is
// refused and changes nothing; the one that names her erasure request erases her own records,
// keeps the child's safeguarding record (readable, whole) and the case's shared note, notes the
// outcome on the request, and the request is completed with a letter.
#include <gtest/gtest.h>

#include "api/test_server.h"
#include "crypto/codes.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

constexpr const char* kHisPhone = "07700 900461";
constexpr const char* kHisEmail = "bastian.q@example.net";

class RightsFamilyApiTest : public ::testing::Test {
 protected:
  RightsFamilyApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    server_.LoadShippedHolidays();
    case_ = server_.OpenCase("supported_contact");
    auto add = [&](const std::string& kind, json fields, const std::string& role) {
      auto s = records.AddSubject(records::Actor{}, {kind, std::move(fields), case_, role});
      EXPECT_TRUE(s) << s.error().message;
      return s ? s->code : std::string();
    };
    avril_ =
        add("parent", {{"name", "Avril Quennell"}, {"email", "avril.q@example.org"}}, "parent");
    bastian_ =
        add("parent", {{"name", "Bastian Quennell"}, {"phone", kHisPhone}, {"email", kHisEmail}},
            "other_parent");
    coral_ = add("child", {{"name", "Coral Quennell"}, {"date_of_birth", "2017-03-04"}}, "child");
    auto record = [&](const std::string& type, const std::string& subject, json fields) {
      auto r = records.AddRecord(records::Actor{},
                                 {type, case_, subject, "2026-10-01", std::move(fields)});
      EXPECT_TRUE(r) << type << ": " << r.error().message;
      return r ? r->code : std::string();
    };
    her_feedback_ = record("feedback_form", avril_, {{"answers", "Avril liked the new room"}});
    his_referral_ = record("referral", bastian_,
                           {{"received_on", "2026-09-20"}, {"contact_type", "supported"}});
    safeguarding_ =
        record("safeguarding_concern", coral_,
               {{"raised_on", "2026-10-01"}, {"concern", "Coral said Avril shouted at her"}});
    note_ = record("case_note", "",
                   {{"note", std::string("Avril arrived late; Bastian Quennell (") + kHisPhone +
                                 ") waited with Coral."}});
  }

  Reply Dpo(std::string_view method, const std::string& target, const json& body = nullptr) {
    return server_.Send(method, target, dpo_, body, {{"X-Purpose", "legal_compliance"}});
  }
  std::string Ask(const std::string& subject, const std::string& kind) {
    auto r = Dpo("POST", "/api/v1/requests",
                 {{"subject", subject}, {"kind", kind}, {"received_on", "2026-11-30"}});
    EXPECT_EQ(r.status, 201) << r.body;
    // Received Monday 30 November 2026: due Wednesday 30 December 2026.
    EXPECT_EQ(r.json["due_on"], "2026-12-30") << r.body;
    return r.json.value("code", "");
  }
  std::string Base(const std::string& code) { return "/api/v1/subjects/" + code; }
  bool Stored(const std::string& record) {
    auto tx = server_.folder().store().BeginRead();
    EXPECT_TRUE(tx);
    auto row = (*tx)->FindRecord(record);
    return row && row->has_value();
  }
  void ExpectNothingOfHis(const std::string& text, const std::string& what) {
    for (const std::string needle :
         {"Bastian", kHisPhone, "900461", kHisEmail, bastian_.c_str(), his_referral_.c_str()}) {
      EXPECT_EQ(text.find(needle), std::string::npos) << what << " holds " << needle;
    }
  }

  TestServer server_;
  std::string dpo_, case_, avril_, bastian_, coral_;
  std::string her_feedback_, his_referral_, safeguarding_, note_;
};

TEST_F(RightsFamilyApiTest, AccessThenErasureOfOneParent) {
  // Her access request: the pack shows none of the other parent's details.
  const std::string access = Ask(avril_, "access");
  auto draft = Dpo("POST", Base(avril_) + "/access-pack", json::object());
  ASSERT_EQ(draft.status, 200) << draft.body;
  const std::string pack = draft.json["pack"].dump();
  ExpectNothingOfHis(pack, "the draft pack");
  EXPECT_NE(pack.find("Avril liked the new room"), std::string::npos) << "her own record";
  EXPECT_NE(pack.find(note_), std::string::npos) << "the shared note, redacted";
  json decisions = json::object();
  bool his_name = false, his_phone = false;
  for (const auto& i : draft.json["items"]) {
    his_name = his_name || (i["kind"] == "name" && i["whose"] == bastian_);
    his_phone = his_phone || (i["kind"] == "phone" && i["whose"] == bastian_);
    decisions[i["id"].get<std::string>()] = {{"release", false},
                                             {"reason", "identifies another person"}};
  }
  EXPECT_TRUE(his_name && his_phone) << draft.json["items"].dump();
  auto tar = Dpo("POST", Base(avril_) + "/access-pack/final", json{{"decisions", decisions}});
  ASSERT_EQ(tar.status, 200) << tar.body;
  EXPECT_NE(tar.body.find(avril_ + "/pack.html"), std::string::npos);
  ExpectNothingOfHis(tar.body, "the final archive");
  auto sent = Dpo("POST", "/api/v1/requests/" + access + "/complete",
                  {{"on", "2026-12-01"}, {"text", "Access pack sent by secure email."}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.json["status"], "completed");

  // Her erasure request. An erasure answering anything else is refused and changes nothing.
  const std::string erasure = Ask(avril_, "erasure");
  const std::string his = Ask(bastian_, "erasure");
  const std::string unknown =
      "Q-ABCD234" + std::string(1, *crypto::CodeCheckSymbol('Q', "ABCD234"));
  for (const auto& [code, status] : std::vector<std::pair<std::string, int>>{
           {unknown, 404}, {his, 400}, {access, 400}, {"Q-nonsense", 400}}) {
    auto refused = Dpo("POST", Base(avril_) + "/erasure", {{"request", code}});
    EXPECT_EQ(refused.status, status) << code << ": " << refused.body;
    EXPECT_EQ(refused.json["type"].get<std::string>().empty(), false) << refused.body;
  }
  ASSERT_TRUE(Stored(her_feedback_)) << "nothing was erased";

  auto erased = Dpo("POST", Base(avril_) + "/erasure", {{"request", erasure}});
  ASSERT_EQ(erased.status, 201) << erased.body;
  EXPECT_EQ(erased.json["request"], erasure);
  std::map<std::string, std::string> action;
  for (const auto& r : erased.json["records"]) action[r["record"]] = r["action"];
  EXPECT_EQ(action[her_feedback_], "erased") << erased.body;
  EXPECT_EQ(action[safeguarding_], "kept") << erased.body;
  EXPECT_EQ(action[note_], "kept") << erased.body;
  EXPECT_EQ(action[his_referral_], "kept") << "his own record is not hers to erase";

  // The child's safeguarding record is still there, whole; the other parent is untouched.
  auto concern = server_.Send("GET", "/api/v1/records/" + safeguarding_, dpo_, nullptr,
                              {{"X-Purpose", "safeguarding"}});
  ASSERT_EQ(concern.status, 200) << concern.body;
  EXPECT_EQ(concern.json["fields"]["concern"], "Coral said Avril shouted at her");
  auto him = Dpo("GET", Base(bastian_));
  ASSERT_EQ(him.status, 200) << him.body;
  EXPECT_EQ(him.json["fields"]["phone"], kHisPhone);
  auto her = Dpo("GET", Base(avril_));
  ASSERT_EQ(her.status, 200) << her.body;
  EXPECT_EQ(her.json["erased"], true);
  EXPECT_FALSE(Stored(her_feedback_));
  EXPECT_TRUE(Stored(his_referral_));

  // The outcome is on the request, which is completed with its letter.
  auto asked = Dpo("GET", "/api/v1/requests/" + erasure);
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.json["status"], "open");
  EXPECT_NE(asked.body.find("Erasure carried out: 1 record erased, 3 kept"), std::string::npos)
      << asked.body;
  auto done = Dpo("POST", "/api/v1/requests/" + erasure + "/complete",
                  {{"text", "Your records are erased; the child's safeguarding record is kept."}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto letter = Dpo("GET", "/api/v1/requests/" + erasure + "/letters/completion?format=text");
  ASSERT_EQ(letter.status, 200) << letter.body;
  EXPECT_NE(letter.body.find("safeguarding record is kept"), std::string::npos) << letter.body;
  // A second erasure of her gets a clear answer.
  auto again = Dpo("POST", Base(avril_) + "/erasure", json::object());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("already erased"), std::string::npos) << again.body;
}

}  // namespace
}  // namespace casekeep::api::testing
