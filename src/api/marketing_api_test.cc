// Marketing and cookie consent over HTTP: preferences set and read by staff, an unsubscribe link
// followed from a mail client (the confirmation page changes nothing, the RFC 8058 POST
// unsubscribes, a tampered link changes nothing), a suppressed address refused an opt-in, and
// the website's cookie banner posting choices across origins.
#include <gtest/gtest.h>

#include "api/test_server.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

constexpr char kWebsite[] = "https://brightwater-contact.example.org";

class MarketingApiTest : public ::testing::Test {
 protected:
  MarketingApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    records::NewCase c;
    c.service = "supported_contact";
    auto opened = records.OpenCase(records::Actor{}, c);
    EXPECT_TRUE(opened);
    EXPECT_TRUE(records.Assign(records::Actor{}, opened->code, "worker.one"));
    auto parent = records.AddSubject(records::Actor{},
                                     {"parent",
                                      {{"name", "Dana Whitlock"}, {"email", "dana@example.org"}},
                                      opened->code,
                                      "parent"});
    EXPECT_TRUE(parent);
    parent_ = parent->code;
  }

  Reply Worker(std::string_view method, const std::string& target, const json& body = nullptr) {
    return server_.Send(method, target, worker_, body, {{"X-Purpose", "run_contact"}});
  }
  Reply Public(std::string_view method, const std::string& target, std::string_view type,
               std::string_view body, const std::string& origin = "") {
    http::Headers h;
    if (!type.empty()) h.Set("Content-Type", type);
    if (!origin.empty()) h.Set("Origin", origin);
    return server_.SendRaw(method, target, std::move(h), body);
  }
  std::size_t LedgerSize() {
    auto r = Worker("GET", "/api/v1/subjects/" + parent_ + "/marketing");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["history"].size();
  }

  TestServer server_;
  std::string worker_, dpo_, parent_;
};

TEST_F(MarketingApiTest, OptInUnsubscribeAndASuppressedAddressIsRefused) {
  auto none = Worker("GET", "/api/v1/subjects/" + parent_ + "/marketing");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.json["channels"][0]["opted_in"], false);

  auto no_source = Worker("POST", "/api/v1/subjects/" + parent_ + "/marketing",
                          {{"channel", "email"}, {"opted_in", true}});
  EXPECT_EQ(no_source.status, 400) << no_source.body;
  auto fax = Worker("POST", "/api/v1/subjects/" + parent_ + "/marketing",
                    {{"channel", "fax"}, {"opted_in", true}, {"source", "online_form"}});
  EXPECT_EQ(fax.status, 400) << fax.body;
  auto in = Worker("POST", "/api/v1/subjects/" + parent_ + "/marketing",
                   {{"channel", "email"}, {"opted_in", true}, {"source", "online_form"}});
  ASSERT_EQ(in.status, 201) << in.body;
  EXPECT_EQ(in.json["source"], "online_form");

  auto link = Worker("POST", "/api/v1/subjects/" + parent_ + "/marketing/email/unsubscribe-link");
  ASSERT_EQ(link.status, 201) << link.body;
  const std::string path = link.json["path"];

  // A mail scanner following the link sees a page and changes nothing.
  auto page = Public("GET", path, "", "");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<form method=\"post\""), std::string::npos);
  EXPECT_NE(page.body.find("List-Unsubscribe"), std::string::npos);
  EXPECT_EQ(LedgerSize(), 1u);

  // A tampered token changes nothing.
  std::string tampered = path;
  tampered.back() = tampered.back() == 'a' ? 'b' : 'a';
  auto forged =
      Public("POST", tampered, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
  EXPECT_EQ(forged.status, 400) << forged.body;
  EXPECT_EQ(Public("GET", tampered, "", "").status, 400);
  // Without the one-click body nothing happens either.
  EXPECT_EQ(Public("POST", path, "application/x-www-form-urlencoded", "").status, 400);
  EXPECT_EQ(LedgerSize(), 1u);

  auto done =
      Public("POST", path, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("will not send you marketing"), std::string::npos);
  EXPECT_EQ(LedgerSize(), 2u);
  auto again =
      Public("POST", path, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
  ASSERT_EQ(again.status, 200);
  EXPECT_NE(again.body.find("already unsubscribed"), std::string::npos);
  EXPECT_EQ(LedgerSize(), 2u);

  auto state = Worker("GET", "/api/v1/subjects/" + parent_ + "/marketing");
  EXPECT_EQ(state.json["channels"][0]["opted_in"], false);
  EXPECT_EQ(state.json["channels"][0]["suppressed"], true);
  auto refused = Worker("POST", "/api/v1/subjects/" + parent_ + "/marketing",
                        {{"channel", "email"}, {"opted_in", true}, {"source", "online_form"}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.json["detail"].get<std::string>().find("suppression list"), std::string::npos);
  EXPECT_EQ(LedgerSize(), 2u);
}

TEST_F(MarketingApiTest, StaffSuppressAnAddress) {
  // Suppressing needs manage_requests.
  auto denied = Worker("POST", "/api/v1/marketing/suppressions",
                       {{"channel", "email"}, {"address", "dana@example.org"}});
  EXPECT_EQ(denied.status, 403) << denied.body;
  auto ok = server_.Send("POST", "/api/v1/marketing/suppressions", dpo_,
                         {{"channel", "email"}, {"address", "DANA@example.org"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto refused = Worker("POST", "/api/v1/subjects/" + parent_ + "/marketing",
                        {{"channel", "email"}, {"opted_in", true}, {"source", "verbal"}});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(LedgerSize(), 0u);
}

TEST_F(MarketingApiTest, CookieConsentFromTheWebsite) {
  const std::string device = "0123456789abcdef-XYZ_";
  const std::string body =
      json{{"device", device}, {"choices", {{"preferences", true}, {"analytics", false}}}}.dump();
  // text/plain avoids a preflight; the website's origin is allowed, others are not.
  auto posted = Public("POST", "/api/v1/public/cookie-consent", "text/plain", body, kWebsite);
  ASSERT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(posted.headers.Get("Access-Control-Allow-Origin"), kWebsite);
  auto foreign = Public("POST", "/api/v1/public/cookie-consent", "text/plain", body,
                        "https://evil.example.com");
  EXPECT_EQ(foreign.status, 403);
  EXPECT_FALSE(foreign.headers.Has("Access-Control-Allow-Origin"));

  const std::vector<json> bad = {
      {{"device", device}, {"choices", {{"preferences", true}}}},
      {{"device", device},
       {"choices", {{"preferences", true}, {"analytics", false}, {"session", false}}}},
      {{"device", device},
       {"choices", {{"preferences", true}, {"analytics", false}, {"tracking", true}}}},
      {{"device", device}, {"choices", {{"preferences", "yes"}, {"analytics", false}}}},
      {{"device", "short"}, {"choices", {{"preferences", true}, {"analytics", false}}}},
  };
  for (const auto& b : bad) {
    auto r =
        Public("POST", "/api/v1/public/cookie-consent", "application/json", b.dump(), kWebsite);
    EXPECT_EQ(r.status, 400) << b.dump() << " " << r.body;
    EXPECT_EQ(r.headers.Get("Access-Control-Allow-Origin"), kWebsite);
  }

  auto read = Public("GET", "/api/v1/public/cookie-consent/" + device, "", "", kWebsite);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json["history"].size(), 1u);
  EXPECT_EQ(read.json["latest"]["choices"]["session"], true);
  EXPECT_EQ(read.json["latest"]["choices"]["analytics"], false);
  EXPECT_EQ(read.json["latest"]["notice_hash"], server_.folder().records().notice_hash());

  auto purge = server_.Send("POST", "/api/v1/cookie-consents/purge", dpo_);
  ASSERT_EQ(purge.status, 200) << purge.body;
  EXPECT_EQ(purge.json["purged"], 0);
}

}  // namespace
}  // namespace casekeep::api::testing
