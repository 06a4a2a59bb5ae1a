// Consent over HTTP: a read under a consent-based purpose follows the person's ledger request by
// request (allowed with consent, refused the moment it is withdrawn, allowed again after new
// consent); explicit consent for health data; parental consent; the history exported with the
// exact notice and words each consent was given on; the DPO's report; and bad input that
// changes nothing.
#include <gtest/gtest.h>

#include "api/test_server.h"
#include "crypto/bytes.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

class ConsentApiTest : public ::testing::Test {
 protected:
  ConsentApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    records::NewCase c;
    c.service = "supported_contact";
    auto opened = records.OpenCase(records::Actor{}, c);
    EXPECT_TRUE(opened);
    case_ = opened->code;
    EXPECT_TRUE(records.Assign(records::Actor{}, case_, "worker.one"));
    auto parent = records.AddSubject(records::Actor{},
                                     {"parent", {{"name", "Dana Whitlock"}}, case_, "parent"});
    auto child = records.AddSubject(
        records::Actor{},
        {"child", {{"name", "Milo Whitlock"}, {"date_of_birth", "2019-05-04"}}, case_, "child"});
    EXPECT_TRUE(parent && child);
    parent_ = parent->code;
    child_ = child->code;
    EXPECT_TRUE(records.AddRelationship(records::Actor{}, parent_, child_, "parent_of"));
    records::NewRecord r;
    r.type = "pre_visit_form";
    r.case_code = case_;
    r.subject_code = child_;
    r.fields = {{"meeting_date", "2025-02-10"}, {"medical_needs", "Peanut allergy: EpiPen in bag"}};
    auto added = records.AddRecord(records::Actor{}, r);
    EXPECT_TRUE(added) << added.error().message;
    form_ = added->code;
  }

  Reply Worker(std::string_view method, const std::string& target, const json& body = nullptr,
               const std::string& purpose = "medical_needs") {
    return server_.Send(method, target, worker_, body, {{"X-Purpose", purpose}});
  }

  Reply ReadForm() { return Worker("GET", "/api/v1/records/" + form_); }

  std::size_t LedgerSize(const std::string& subject) {
    auto h = Worker("GET", "/api/v1/subjects/" + subject + "/consents/history");
    EXPECT_EQ(h.status, 200) << h.body;
    return h.json["entries"].size();
  }

  TestServer server_;
  std::string worker_;
  std::string dpo_;
  std::string case_;
  std::string parent_;
  std::string child_;
  std::string form_;
};

TEST_F(ConsentApiTest, ReadUnderAConsentPurposeFollowsTheLedgerRequestByRequest) {
  auto before = ReadForm();
  EXPECT_EQ(before.status, 403) << before.body;
  EXPECT_NE(before.body.find("consent"), std::string::npos) << before.body;

  const json give{{"consent", "medical_needs"},
                  {"method", "parental"},
                  {"given_by", parent_},
                  {"evidence_note", "Signed the pre-visit form at the meeting"}};
  auto given = Worker("POST", "/api/v1/subjects/" + child_ + "/consents", give);
  ASSERT_EQ(given.status, 201) << given.body;
  EXPECT_EQ(given.json["event"], "given");
  EXPECT_EQ(given.json["explicit"], true);
  EXPECT_EQ(given.json["given_by"], parent_);
  EXPECT_EQ(given.json["notice_hash"], server_.folder().records().notice_hash());

  auto allowed = ReadForm();
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(allowed.json["fields"]["medical_needs"], "Peanut allergy: EpiPen in bag");

  auto withdrawn = Worker("POST", "/api/v1/subjects/" + child_ + "/consents/medical_needs/withdraw",
                          json{{"method", "phone"}, {"note", "Mother rang to withdraw"}});
  ASSERT_EQ(withdrawn.status, 201) << withdrawn.body;
  // The very next request is refused, and the refusal is audited with its reason.
  auto after = ReadForm();
  EXPECT_EQ(after.status, 403) << after.body;
  auto trail = server_.folder().records().ReadAudit(records::Actor{}, 0, 1000);
  ASSERT_TRUE(trail);
  bool denied = false;
  for (const auto& e : *trail) {
    denied =
        denied || (e.action == "record.read" && e.outcome == "denied" &&
                   e.detail == "reason=no-consent" && e.objects.find(form_) != std::string::npos);
  }
  EXPECT_TRUE(denied);

  ASSERT_EQ(Worker("POST", "/api/v1/subjects/" + child_ + "/consents", give).status, 201);
  EXPECT_EQ(ReadForm().status, 200);

  // Under a purpose that does not rely on consent the form was readable throughout, without
  // the health field (run_contact does not use health data).
  auto other = Worker("GET", "/api/v1/records/" + form_, nullptr, "run_contact");
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_FALSE(other.json["fields"].contains("medical_needs"));

  auto status = Worker("GET", "/api/v1/subjects/" + child_ + "/consents");
  ASSERT_EQ(status.status, 200) << status.body;
  for (const auto& c : status.json["consents"]) {
    EXPECT_EQ(c["state"], c["consent"] == "medical_needs" ? "given" : "never") << c.dump();
  }
}

TEST_F(ConsentApiTest, HistoryExportsEachConsentWithTheNoticeAndWordsItWasGivenOn) {
  ASSERT_EQ(Worker("POST", "/api/v1/subjects/" + parent_ + "/consents",
                   json{{"consent", "surveys"}, {"method", "verbal"}, {"at", 1'739'900'000}},
                   "run_contact")
                .status,
            201);
  ASSERT_EQ(Worker("POST", "/api/v1/subjects/" + parent_ + "/consents/surveys/withdraw",
                   json{{"method", "email"}}, "run_contact")
                .status,
            201);
  auto h =
      Worker("GET", "/api/v1/subjects/" + parent_ + "/consents/history", nullptr, "run_contact");
  ASSERT_EQ(h.status, 200) << h.body;
  ASSERT_EQ(h.json["entries"].size(), 2u);
  const auto& given = h.json["entries"][0];
  EXPECT_EQ(given["event"], "given");
  EXPECT_EQ(given["at"], 1'739'900'000);
  EXPECT_EQ(given["explicit"], false);
  EXPECT_EQ(h.json["entries"][1]["event"], "withdrawn");
  std::map<std::string, json> texts;
  for (const auto& t : h.json["texts"]) texts[t["hash"].get<std::string>()] = t;
  ASSERT_TRUE(texts.contains(given["notice_hash"]));
  ASSERT_TRUE(texts.contains(given["wording_hash"]));
  const std::string notice = texts[given["notice_hash"]]["text"];
  EXPECT_EQ(notice, server_.folder().records().notice_text());
  EXPECT_NE(notice.find("Brightwater"), std::string::npos);
  // The hash is the SHA-256 of the text it names: anyone can check the proof.
  EXPECT_EQ(given["notice_hash"], crypto::ToHex(crypto::Sha256(crypto::AsBytes(notice))));
  const std::string words = texts[given["wording_hash"]]["text"];
  EXPECT_NE(words.find("surveys"), std::string::npos);
  EXPECT_EQ(given["wording_hash"], crypto::ToHex(crypto::Sha256(crypto::AsBytes(words))));
  // Texts can also be fetched on their own.
  auto text = Worker("GET", "/api/v1/texts/" + given["notice_hash"].get<std::string>());
  ASSERT_EQ(text.status, 200) << text.body;
  EXPECT_EQ(text.json["text"], notice);
}

TEST_F(ConsentApiTest, BadInputIsRefusedAndChangesNothing) {
  const std::string base = "/api/v1/subjects/" + child_ + "/consents";
  struct Case {
    std::string target;
    json body;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {base, json{{"consent", "no_such_consent"}, {"method", "written"}}, 400,
       "not a consent in the policy"},
      {base, json{{"consent", "medical_needs"}, {"method", "verbal"}}, 400, "cannot be given by"},
      {base, json{{"consent", "medical_needs"}, {"method", "parental"}}, 400, "given_by"},
      {base, json{{"consent", "medical_needs"}, {"method", "written"}, {"given_by", parent_}}, 400,
       "only for the method"},
      {base, json{{"consent", "medical_needs"}, {"method", "written"}, {"at", 4'000'000'000}}, 400,
       "future"},
      {base, json{{"consent", "medical_needs"}, {"method", "written"}, {"colour", "red"}}, 400,
       "colour"},
      {base, json{{"consent", "medical_needs"}}, 400, "method"},
      // A parental consent from someone not recorded as the child's parent or carer.
      {base, json{{"consent", "medical_needs"}, {"method", "parental"}, {"given_by", child_}}, 409,
       "not recorded as a parent or carer"},
      {base + "/medical_needs/withdraw", json{{"method", "written"}}, 409, "never given"},
      {base + "/no_such_consent/withdraw", json{{"method", "written"}}, 400, "not a consent"},
      {base + "/medical_needs/withdraw", json{{"method", "carrier_pigeon"}}, 400,
       "not a way of withdrawing"},
      {"/api/v1/subjects/S-0000000/consents",
       json{{"consent", "medical_needs"}, {"method", "written"}}, 400, "code"},
  };
  for (const auto& c : cases) {
    auto r = Worker("POST", c.target, c.body);
    EXPECT_EQ(r.status, c.status) << c.target << " " << c.body.dump() << ": " << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.says << " in " << r.body;
  }
  EXPECT_EQ(LedgerSize(child_), 0u);
  EXPECT_EQ(ReadForm().status, 403);

  // Withdrawing twice: the second is refused.
  ASSERT_EQ(Worker("POST", base, json{{"consent", "medical_needs"}, {"method", "written"}}).status,
            201);
  ASSERT_EQ(Worker("POST", base + "/medical_needs/withdraw", json{{"method", "written"}}).status,
            201);
  auto twice = Worker("POST", base + "/medical_needs/withdraw", json{{"method", "written"}});
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_NE(twice.body.find("already withdrawn"), std::string::npos) << twice.body;
  EXPECT_EQ(LedgerSize(child_), 2u);
}

TEST_F(ConsentApiTest, StaffWhoCannotReachThePersonCannotRecordTheirConsent) {
  server_.AddUser("worker.two", {"contact_worker"});
  const std::string other = server_.Token("worker.two", {"contact_worker"});
  auto r = server_.Send("POST", "/api/v1/subjects/" + child_ + "/consents", other,
                        json{{"consent", "medical_needs"}, {"method", "written"}},
                        {{"X-Purpose", "medical_needs"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(LedgerSize(child_), 0u);
}

TEST_F(ConsentApiTest, TheReportIsForTheDpo) {
  ASSERT_EQ(Worker("POST", "/api/v1/subjects/" + child_ + "/consents",
                   json{{"consent", "medical_needs"}, {"method", "written"}})
                .status,
            201);
  ASSERT_EQ(Worker("POST", "/api/v1/subjects/" + parent_ + "/consents",
                   json{{"consent", "medical_needs"}, {"method", "written"}})
                .status,
            201);
  ASSERT_EQ(Worker("POST", "/api/v1/subjects/" + parent_ + "/consents/medical_needs/withdraw",
                   json{{"method", "written"}})
                .status,
            201);
  EXPECT_EQ(Worker("GET", "/api/v1/reports/consent").status, 403);
  auto r = server_.Send("GET", "/api/v1/reports/consent", dpo_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["entries"], 3);
  for (const auto& row : r.json["consents"]) {
    if (row["consent"] != "medical_needs") continue;
    EXPECT_EQ(row["given"], 1);
    EXPECT_EQ(row["withdrawn"], 1);
  }
  for (const auto& row : r.json["purposes"]) {
    if (row["purpose"] == "medical_needs") {
      EXPECT_EQ(row["people_with_consent"], 1);
    }
  }
}

}  // namespace
}  // namespace casekeep::api::testing
