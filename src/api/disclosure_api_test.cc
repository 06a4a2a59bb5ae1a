// Disclosures over HTTP with the family-services policy: a consent-based referral refused
// without consent and made with it (the response is the JSON package); a safeguarding share
// without consent refused for a practitioner, made by a service manager, flagged to the DPO
// and reviewed; the HTML and encrypted packages; a person's disclosure log; refused requests
// that change nothing.
#include <gtest/gtest.h>

#include "api/test_server.h"
#include "crypto/bytes.h"
#include "records/disclosure.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

class DisclosureApiTest : public ::testing::Test {
 protected:
  DisclosureApiTest() : server_("policy/examples/family-services.toml") {
    server_.AddUser("prac.one", {"practitioner"}, "north");
    prac_ = server_.Token("prac.one", {"practitioner"});
    manager_code_ = server_.AddUser("mgr.one", {"service_manager"}, "north");
    manager_ = server_.Token("mgr.one", {"service_manager"});
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    records::NewCase c;
    c.service = "parenting_support";
    c.referral_source = "self";
    auto opened = records.OpenCase(records::Actor{}, c);
    EXPECT_TRUE(opened);
    case_ = opened->code;
    EXPECT_TRUE(records.Assign(records::Actor{}, case_, "prac.one"));
    auto client = records.AddSubject(records::Actor{},
                                     {"client", {{"name", "Dana Whitlock"}}, case_, "parent"});
    EXPECT_TRUE(client);
    client_ = client->code;
    records::NewRecord r;
    r.type = "assessment";
    r.case_code = case_;
    r.subject_code = client_;
    r.fields = {{"assessed_on", "2025-02-10"},
                {"circumstances", "Asked for a referral to the housing project."},
                {"family_members", "A neighbour called about noise."}};
    auto added = records.AddRecord(records::Actor{}, r);
    EXPECT_TRUE(added) << added.error().message;
    note_ = added->code;
  }

  Reply Post(const std::string& token, const std::string& target, const json& body,
             const std::string& purpose) {
    return server_.Send("POST", target, token, body, {{"X-Purpose", purpose}});
  }
  json Referral() {
    return json{{"subject", client_},
                {"case", case_},
                {"recipient", "partner_agencies"},
                {"basis", "consent"},
                {"consent", "partner_sharing"},
                {"approved_by", manager_code_}};
  }
  json Safeguarding() {
    return json{{"subject", client_},
                {"case", case_},
                {"recipient", "partner_agencies"},
                {"basis", "safeguarding"},
                {"records", {note_}},
                {"justification", "Concern for the children's safety."}};
  }
  std::size_t LogSize() {
    auto r = server_.Send("GET", "/api/v1/subjects/" + client_ + "/disclosures", dpo_, nullptr,
                          {{"X-Purpose", "legal"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["items"].size();
  }

  TestServer server_;
  std::string prac_;
  std::string manager_;
  std::string manager_code_;
  std::string dpo_;
  std::string case_;
  std::string client_;
  std::string note_;
};

TEST_F(DisclosureApiTest, ReferralNeedsConsentAndReturnsThePackage) {
  auto refused = Post(prac_, "/api/v1/disclosures", Referral(), "partner_referral");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(LogSize(), 0u);

  auto given =
      Post(prac_, "/api/v1/subjects/" + client_ + "/consents",
           json{{"consent", "partner_sharing"}, {"method", "written"}}, "partner_referral");
  ASSERT_EQ(given.status, 201) << given.body;
  auto shared = Post(prac_, "/api/v1/disclosures", Referral(), "partner_referral");
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_EQ(shared.json["format"], "casekeep-share-1");
  EXPECT_EQ(shared.json["disclosure"]["consent"], "partner_sharing");
  EXPECT_EQ(shared.json["person"]["fields"]["name"], "Dana Whitlock");
  EXPECT_TRUE(shared.json["records"].empty());
  EXPECT_EQ(LogSize(), 1u);
}

TEST_F(DisclosureApiTest, SafeguardingWithoutConsentIsFlaggedAndReviewed) {
  auto by_prac = Post(prac_, "/api/v1/disclosures", Safeguarding(), "safeguarding");
  EXPECT_EQ(by_prac.status, 403) << by_prac.body;
  EXPECT_EQ(LogSize(), 0u);

  json html = Safeguarding();
  html["format"] = "html";
  auto shared = Post(manager_, "/api/v1/disclosures", html, "safeguarding");
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_NE(shared.body.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(shared.body.find("housing project"), std::string::npos);
  EXPECT_EQ(shared.body.find("neighbour"), std::string::npos) << "information from others";
  const std::string location(shared.headers.Get("Location").value_or(""));
  const std::string code = location.substr(location.rfind('/') + 1);
  ASSERT_EQ(code.front(), 'D');

  auto hidden = server_.Send("GET", "/api/v1/disclosures/flagged", prac_, nullptr,
                             {{"X-Purpose", "safeguarding"}});
  EXPECT_EQ(hidden.status, 403) << hidden.body;
  auto flagged =
      server_.Send("GET", "/api/v1/disclosures/flagged", dpo_, nullptr, {{"X-Purpose", "legal"}});
  ASSERT_EQ(flagged.status, 200) << flagged.body;
  ASSERT_EQ(flagged.json["items"].size(), 1u);
  EXPECT_EQ(flagged.json["items"][0]["code"], code);
  EXPECT_EQ(flagged.json["items"][0]["justification"], "Concern for the children's safety.");
  auto own =
      Post(manager_, "/api/v1/disclosures/" + code + "/review", json::object(), "safeguarding");
  EXPECT_EQ(own.status, 403) << own.body;
  auto reviewed = Post(dpo_, "/api/v1/disclosures/" + code + "/review", json::object(), "legal");
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  EXPECT_FALSE(reviewed.json["reviewed_by"].get<std::string>().empty());
  auto again = Post(dpo_, "/api/v1/disclosures/" + code + "/review", json::object(), "legal");
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_F(DisclosureApiTest, EncryptedPackageOpensWithThePassphrase) {
  json body = Safeguarding();
  body["passphrase"] = "a long enough passphrase";
  auto shared = Post(manager_, "/api/v1/disclosures", body, "safeguarding");
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_EQ(shared.body.find("housing"), std::string::npos) << "the package is encrypted";
  const store::Bytes sealed(shared.body.begin(), shared.body.end());
  auto files = records::OpenPackage(sealed, crypto::AsBytes("a long enough passphrase"));
  ASSERT_TRUE(files) << files.error().message;
  ASSERT_EQ(files->size(), 1u);
  EXPECT_NE((*files)[0].second.find("housing project"), std::string::npos);
  EXPECT_FALSE(records::OpenPackage(sealed, crypto::AsBytes("not the passphrase at all")));
}

TEST_F(DisclosureApiTest, BadRequestsChangeNothing) {
  json unknown = Safeguarding();
  unknown["recipient"] = "newspaper";
  json basis = Safeguarding();
  basis["basis"] = "contract";
  json no_reason = Safeguarding();
  no_reason.erase("justification");
  json extra = Safeguarding();
  extra["colour"] = "blue";
  json short_pass = Safeguarding();
  short_pass["passphrase"] = "short";
  for (const json& body : {unknown, basis, no_reason, extra, short_pass}) {
    auto r = Post(manager_, "/api/v1/disclosures", body, "safeguarding");
    EXPECT_EQ(r.status, 400) << body.dump() << " " << r.body;
  }
  EXPECT_EQ(LogSize(), 0u);
}

}  // namespace
}  // namespace casekeep::api::testing
