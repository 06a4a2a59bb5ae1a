// Access packs and portability over HTTP: the DPO's draft with its redaction items, the final
// pack as a tar archive, HTML or JSON with one item released and the rest withheld, the portable
// data as JSON and CSV, and refusals: a worker without manage_requests, an unknown or erased
// person, decisions missing or malformed.
#include <gtest/gtest.h>

#include "api/test_server.h"
#include "crypto/codes.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

class AccessPackApiTest : public ::testing::Test {
 protected:
  AccessPackApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    case_ = server_.OpenCase("supported_contact");
    auto add = [&](const std::string& kind, json fields, const std::string& role) {
      auto s = records.AddSubject(records::Actor{}, {kind, std::move(fields), case_, role});
      EXPECT_TRUE(s) << s.error().message;
      return s ? s->code : std::string();
    };
    dana_ = add("parent", {{"name", "Dana Whitlock"}, {"email", "dana@example.org"}}, "parent");
    olek_ = add("parent", {{"name", "Olek Brandt"}, {"phone", "07700 900333"}}, "parent");
    add("professional", {{"name", "Sam Reyes"}}, "social_worker");
    records::NewRecord r;
    r.type = "case_note";
    r.case_code = case_;
    r.subject_code = dana_;
    r.fields = {
        {"note", "Dana asked that Olek Brandt (07700 900333) not be told; Sam Reyes agreed."}};
    EXPECT_TRUE(records.AddRecord(records::Actor{}, r));
  }

  Reply Dpo(std::string_view method, const std::string& target, const json& body = nullptr) {
    return server_.Send(method, target, dpo_, body);
  }

  std::string Base(const std::string& code) { return "/api/v1/subjects/" + code; }

  TestServer server_;
  std::string worker_, dpo_, case_, dana_, olek_;
};

TEST_F(AccessPackApiTest, TheDpoReviewsTheDraftAndGetsTheFinalArchive) {
  auto draft = Dpo("POST", Base(dana_) + "/access-pack", json::object());
  ASSERT_EQ(draft.status, 200) << draft.body;
  const std::string pack = draft.json["pack"].dump();
  EXPECT_EQ(pack.find("Olek"), std::string::npos);
  EXPECT_EQ(pack.find("900333"), std::string::npos);
  EXPECT_NE(pack.find("Sam Reyes"), std::string::npos);
  const json& items = draft.json["items"];
  ASSERT_GE(items.size(), 3U);
  EXPECT_EQ(draft.json["undecided"], items.size());
  // The DPO sees whose information each item is.
  bool names_olek = false;
  for (const auto& i : items) names_olek = names_olek || i["whose"] == olek_;
  EXPECT_TRUE(names_olek);

  json decisions = json::object();
  std::string released;
  for (const auto& i : items) {
    const bool release = released.empty() && i["kind"] == "phone";
    if (release) released = i["text"];
    decisions[i["id"].get<std::string>()] = {
        {"release", release},
        {"reason", release ? "Dana gave this number herself" : "identifies another person"}};
  }
  ASSERT_EQ(released, "07700 900333");

  auto missing =
      Dpo("POST", Base(dana_) + "/access-pack/final", json{{"decisions", json::object()}});
  EXPECT_EQ(missing.status, 400) << missing.body;
  auto bad = Dpo("POST", Base(dana_) + "/access-pack/final",
                 json{{"decisions", {{"X-0123456789ab", {{"release", "yes"}}}}}});
  EXPECT_EQ(bad.status, 400) << bad.body;

  auto tar = Dpo("POST", Base(dana_) + "/access-pack/final", json{{"decisions", decisions}});
  ASSERT_EQ(tar.status, 200) << tar.body;
  EXPECT_EQ(tar.headers.Get("Content-Type").value_or(""), "application/x-tar");
  EXPECT_EQ(tar.body.substr(0, dana_.size() + 10), dana_ + "/pack.html");
  EXPECT_NE(tar.body.find(dana_ + "/records.csv"), std::string::npos);
  EXPECT_NE(tar.body.find("07700 900333"), std::string::npos) << "the released item";
  EXPECT_EQ(tar.body.find("Olek"), std::string::npos) << "the withheld items";

  auto html = Dpo("POST", Base(dana_) + "/access-pack/final",
                  json{{"decisions", decisions}, {"format", "html"}});
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_TRUE(html.body.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(html.body.find("DRAFT"), std::string::npos);
  auto as_json = Dpo("POST", Base(dana_) + "/access-pack/final",
                     json{{"decisions", decisions}, {"format", "json"}});
  ASSERT_EQ(as_json.status, 200) << as_json.body;
  EXPECT_EQ(as_json.json["status"], "final");
  auto odd = Dpo("POST", Base(dana_) + "/access-pack/final",
                 json{{"decisions", decisions}, {"format", "zip"}});
  EXPECT_EQ(odd.status, 400) << odd.body;
}

TEST_F(AccessPackApiTest, PortableDataAsJsonAndCsv) {
  auto j = Dpo("GET", Base(dana_) + "/portable");
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(j.json["fields"]["name"], "Dana Whitlock");
  EXPECT_TRUE(j.json["records"].empty()) << "a case note is not provided by the person";
  auto csv = Dpo("GET", Base(dana_) + "/portable?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_TRUE(csv.headers.Get("Content-Type").value_or("").starts_with("text/csv"));
  EXPECT_NE(csv.body.find("person," + dana_ + ",,,name,Dana Whitlock"), std::string::npos)
      << csv.body;
  EXPECT_EQ(Dpo("GET", Base(dana_) + "/portable?format=xml").status, 400);
}

TEST_F(AccessPackApiTest, RefusalsAreClear) {
  auto worker = server_.Send("POST", Base(dana_) + "/access-pack", worker_, json::object(),
                             {{"X-Purpose", "run_contact"}});
  EXPECT_EQ(worker.status, 403) << worker.body;
  EXPECT_EQ(
      server_
          .Send("GET", Base(dana_) + "/portable", worker_, nullptr, {{"X-Purpose", "run_contact"}})
          .status,
      403);
  auto code = crypto::GenerateCode(crypto::kSubjectCodePrefix);
  ASSERT_TRUE(code);
  EXPECT_EQ(Dpo("POST", Base(*code) + "/access-pack", json::object()).status, 404);
  EXPECT_EQ(Dpo("GET", Base(*code) + "/portable").status, 404);
  auto unknown_member = Dpo("POST", Base(dana_) + "/access-pack", json{{"final", true}});
  EXPECT_EQ(unknown_member.status, 400) << unknown_member.body;
}

}  // namespace
}  // namespace casekeep::api::testing
