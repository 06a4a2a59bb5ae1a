// Anonymisation over HTTP: a draft names the person's and their linked people's names and the
// pattern detections, with the originals for the reviewer; the release applies the reviewer's
// decisions to the recomputed draft; a worker who may not read the person is refused; bad
// decisions are refused; the audit holds counts per type and never the text.
#include <gtest/gtest.h>

#include "api/test_server.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

class AnonymiseApiTest : public ::testing::Test {
 protected:
  AnonymiseApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
    server_.AddUser("worker.two", {"contact_worker"});
    other_ = server_.Token("worker.two", {"contact_worker"});
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    records::NewCase c;
    c.service = "supported_contact";
    auto opened = records.OpenCase(records::Actor{}, c);
    EXPECT_TRUE(opened);
    EXPECT_TRUE(records.Assign(records::Actor{}, opened->code, "worker.one"));
    auto parent = records.AddSubject(
        records::Actor{}, {"parent", {{"name", "Dana Whitlock"}}, opened->code, "parent"});
    auto child = records.AddSubject(records::Actor{},
                                    {"child",
                                     {{"name", "Milo Whitlock"}, {"date_of_birth", "2019-05-04"}},
                                     opened->code,
                                     "child"});
    EXPECT_TRUE(parent && child);
    parent_ = parent->code;
  }

  Reply Post(const std::string& token, const std::string& target, const json& body) {
    return server_.Send("POST", target, token, body, {{"X-Purpose", "run_contact"}});
  }

  std::vector<json> AuditOf(const std::string& action) {
    std::vector<json> out;
    Reply r = server_.Send("GET", "/api/v1/audit?limit=1000", dpo_);
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& e : r.json["items"]) {
      if (e["action"] == action) out.push_back(e);
    }
    return out;
  }

  TestServer server_;
  std::string worker_;
  std::string other_;
  std::string dpo_;
  std::string parent_;
};

const std::string kText =
    "Dana rang about Milo's school. Call her on 07700 900123. I hope it helps. Her sister Jan "
    "helps too.";

TEST_F(AnonymiseApiTest, DraftAndRelease) {
  auto draft = Post(worker_, "/api/v1/anonymise", {{"subject", parent_}, {"text", kText}});
  ASSERT_EQ(draft.status, 200) << draft.body;
  EXPECT_EQ(draft.json["text"],
            "[NAME-1] rang about [NAME-2]'s school. Call her on [PHONE]. I hope it helps. Her "
            "sister Jan helps too.");
  ASSERT_EQ(draft.json["replacements"].size(), 3u);
  EXPECT_EQ(draft.json["replacements"][0]["original"], "Dana");
  EXPECT_EQ(draft.json["replacements"][2]["type"], "PHONE");

  const std::size_t jan = kText.find("Jan");
  json decisions = {
      {"restore", json::array({{{"begin", 0}, {"end", 4}, {"reason", "consented"}}})},
      {"redact", json::array({{{"begin", jan}, {"end", jan + 3}, {"type", "NAME"}}})}};
  auto released = Post(worker_, "/api/v1/anonymise/release",
                       {{"subject", parent_}, {"text", kText}, {"decisions", decisions}});
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json["text"],
            "Dana rang about [NAME-2]'s school. Call her on [PHONE]. I hope it helps. Her sister "
            "[NAME] helps too.");
  EXPECT_FALSE(released.json["replacements"][0].contains("original"));

  auto drafts = AuditOf("anonymise.draft");
  auto releases = AuditOf("anonymise.release");
  ASSERT_EQ(drafts.size(), 1u);
  ASSERT_EQ(releases.size(), 1u);
  EXPECT_EQ(drafts[0]["detail"], "name:2 phone:1");
  EXPECT_EQ(releases[0]["detail"], "name:2 phone:1 restored:1 added:1");
  EXPECT_EQ(drafts[0]["objects"], parent_);
}

TEST_F(AnonymiseApiTest, RefusedWithoutReadAccessOrWithBadDecisions) {
  auto denied = Post(other_, "/api/v1/anonymise", {{"subject", parent_}, {"text", kText}});
  EXPECT_EQ(denied.status, 403) << denied.body;

  auto no_reason = Post(worker_, "/api/v1/anonymise/release",
                        {{"subject", parent_},
                         {"text", kText},
                         {"decisions", {{"restore", json::array({{{"begin", 0}, {"end", 4}}})}}}});
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  auto not_a_span =
      Post(worker_, "/api/v1/anonymise/release",
           {{"subject", parent_},
            {"text", kText},
            {"decisions",
             {{"restore", json::array({{{"begin", 1}, {"end", 4}, {"reason", "consented"}}})}}}});
  EXPECT_EQ(not_a_span.status, 400) << not_a_span.body;
  auto bad_type = Post(
      worker_, "/api/v1/anonymise/release",
      {{"subject", parent_},
       {"text", kText},
       {"decisions", {{"redact", json::array({{{"begin", 0}, {"end", 4}, {"type", "PET"}}})}}}});
  EXPECT_EQ(bad_type.status, 400) << bad_type.body;
  auto unknown = Post(worker_, "/api/v1/anonymise",
                      {{"subject", parent_}, {"text", kText}, {"draft_id", "x"}});
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  auto control =
      Post(worker_, "/api/v1/anonymise", {{"subject", parent_}, {"text", std::string("a\x01z")}});
  EXPECT_EQ(control.status, 400) << control.body;
  EXPECT_TRUE(AuditOf("anonymise.release").empty());
}

}  // namespace
}  // namespace casekeep::api::testing
