// The request register over HTTP, end to end: a request of every kind from intake to response
// with its letters; a third party's request through identity, authority, a pause and an
// extension; overdue and due-soon lists; impossible dates, unknown people and unknown kinds
// refused without creating anything; restriction (refused for a normal read, flagged in views,
// lifted only with the day the person was told); objection to a legitimate-interest purpose;
// rectification returning the recipients to tell. The server's clock is Tuesday 1 December 2026
// (test_server.cc); every expected date was worked out by hand with data/uk-bank-holidays.json.
#include <gtest/gtest.h>

#include "api/test_server.h"
#include "crypto/codes.h"
#include "records/views_json.h"
#include "rights/request.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

class RequestApiTest : public ::testing::Test {
 protected:
  RequestApiTest() : server_("policy/examples/contact-centre.toml") {
    server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
    server_.AddUser("dpo.one", {"dpo"});
    dpo_ = server_.Token("dpo.one", {"dpo"});
    auto& records = server_.folder().records();
    // The folder's own bank-holiday file, as `casekeep rights holidays load` keeps it.
    server_.LoadShippedHolidays();
    case_ = server_.OpenCase("supported_contact");
    EXPECT_TRUE(records.Assign(records::Actor{}, case_, "worker.one"));
    auto parent = records.AddSubject(records::Actor{},
                                     {"parent", {{"name", "Dana Whitlock"}}, case_, "parent"});
    EXPECT_TRUE(parent);
    person_ = parent->code;
    records::NewRecord r;
    r.type = "case_note";
    r.case_code = case_;
    r.subject_code = person_;
    r.fields = {{"note", "Dana asked to move the contact to Saturdays"}};
    auto added = records.AddRecord(records::Actor{}, r);
    EXPECT_TRUE(added) << added.error().message;
    note_ = added->code;
  }

  Reply Dpo(std::string_view method, const std::string& target, const json& body = nullptr) {
    return server_.Send(method, target, dpo_, body, {{"X-Purpose", "legal_compliance"}});
  }
  Reply ReadNote() {
    return server_.Send("GET", "/api/v1/records/" + note_, worker_, nullptr,
                        {{"X-Purpose", "run_contact"}});
  }
  json Open(json body) {
    body["subject"] = person_;
    auto r = Dpo("POST", "/api/v1/requests", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json;
  }
  Reply Step(const std::string& code, const std::string& step, const json& body = json::object()) {
    return Dpo("POST", "/api/v1/requests/" + code + "/" + step, body);
  }
  std::size_t Count(const std::string& query = "?closed=true") {
    auto r = Dpo("GET", "/api/v1/requests" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["requests"].size();
  }

  TestServer server_;
  std::string worker_;
  std::string dpo_;
  std::string case_;
  std::string person_;
  std::string note_;
};

TEST_F(RequestApiTest, EveryKindFromIntakeToResponse) {
  for (rights::RequestKind kind : rights::AllRequestKinds()) {
    const std::string id(rights::RequestKindId(kind));
    SCOPED_TRACE(id);
    // Received Mon 2 Nov 2026: due Wed 2 Dec 2026.
    json opened = Open({{"kind", id}, {"received_on", "2026-11-02"}, {"details", "by email"}});
    const std::string code = opened["code"];
    EXPECT_EQ(opened["status"], "open");
    EXPECT_EQ(opened["due_on"], "2026-12-02");
    EXPECT_EQ(opened["kind"], id);
    auto ack = Dpo("GET", "/api/v1/requests/" + code + "/letters/acknowledgement");
    ASSERT_EQ(ack.status, 200) << ack.body;
    EXPECT_NE(ack.json["text"].get<std::string>().find("Wednesday 2 December 2026"),
              std::string::npos);
    EXPECT_NE(ack.json["text"].get<std::string>().find("https://ico.org.uk/make-a-complaint/"),
              std::string::npos);
    // Refuse one kind, complete the others.
    if (kind == rights::RequestKind::kErasure) {
      auto refused = Step(code, "refuse",
                          {{"ground", "retention_required"},
                           {"text", "A safeguarding hold covers the case records."}});
      ASSERT_EQ(refused.status, 200) << refused.body;
      EXPECT_EQ(refused.json["status"], "refused");
      auto letter = Dpo("GET", "/api/v1/requests/" + code + "/letters/refusal?format=html");
      ASSERT_EQ(letter.status, 200) << letter.body;
      EXPECT_TRUE(letter.headers.Get("Content-Type").value_or("").starts_with("text/html"));
      EXPECT_NE(letter.body.find("safeguarding hold"), std::string::npos);
      EXPECT_NE(letter.body.find("0303 123 1113"), std::string::npos);
    } else {
      auto done = Step(code, "complete", {{"on", "2026-11-30"}, {"text", "Done as asked."}});
      ASSERT_EQ(done.status, 200) << done.body;
      EXPECT_EQ(done.json["status"], "completed");
      EXPECT_EQ(done.json["closed_on"], "2026-11-30");
      auto letter = Dpo("GET", "/api/v1/requests/" + code + "/letters/completion?format=text");
      ASSERT_EQ(letter.status, 200) << letter.body;
      EXPECT_NE(letter.body.find("Monday 30 November 2026"), std::string::npos);
    }
    // A closed request takes no further step.
    auto again = Step(code, "withdraw");
    EXPECT_EQ(again.status, 409) << again.body;
  }
  EXPECT_EQ(Count("?closed=true"), rights::AllRequestKinds().size());
  EXPECT_EQ(Count(""), 0u);
}

TEST_F(RequestApiTest, ThirdPartyThroughProofPauseAndExtension) {
  json r = Open({{"kind", "access"},
                 {"requester", "third_party"},
                 {"requester_name", "Hart & Co Solicitors"},
                 {"received_on", "2026-11-02"},
                 {"verify_identity", true}});
  const std::string code = r["code"];
  EXPECT_EQ(r["status"], "awaiting_identity");
  EXPECT_TRUE(r["due_on"].is_null());
  auto proof = Dpo("GET", "/api/v1/requests/" + code + "/letters/identity_request");
  ASSERT_EQ(proof.status, 200) << proof.body;
  EXPECT_NE(proof.json["text"].get<std::string>().find("Dear Hart & Co Solicitors,"),
            std::string::npos);
  EXPECT_NE(proof.json["html"].get<std::string>().find("Hart &amp; Co"), std::string::npos);

  auto verified = Step(code, "verify", {{"on", "2026-11-04"}});
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(verified.json["status"], "awaiting_authority");
  // Authority Thu 5 Nov: the clock starts; Sat 5 Dec rolls to Mon 7 Dec.
  auto authorised = Step(code, "authority", {{"on", "2026-11-05"}});
  ASSERT_EQ(authorised.status, 200) << authorised.body;
  EXPECT_EQ(authorised.json["status"], "open");
  EXPECT_EQ(authorised.json["due_on"], "2026-12-07");
  auto paused = Step(code, "pause", {{"on", "2026-11-10"}, {"text", "Which years?"}});
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.json["status"], "paused");
  EXPECT_TRUE(paused.json["due_on"].is_null());
  auto clarify = Dpo("GET", "/api/v1/requests/" + code + "/letters/clarification_request");
  EXPECT_NE(clarify.json["text"].get<std::string>().find("Which years?"), std::string::npos);
  // Paused 10-12 Nov, three days: Sat 5 Dec + 3 = Tue 8 Dec.
  auto resumed = Step(code, "resume", {{"on", "2026-11-12"}});
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(resumed.json["due_on"], "2026-12-08");
  // Without the day the person was told, or told after the first month: refused.
  EXPECT_EQ(Step(code, "extend", {{"text", "Ten years of records."}}).status, 400);
  auto extended =
      Step(code, "extend",
           {{"on", "2026-11-20"}, {"text", "Ten years of records."}, {"told_on", "2026-11-20"}});
  ASSERT_EQ(extended.status, 200) << extended.body;
  EXPECT_EQ(extended.json["status"], "extended");
  // Fri 5 Feb 2027 + 3 paused days = Mon 8 Feb 2027.
  EXPECT_EQ(extended.json["due_on"], "2027-02-08");
  EXPECT_EQ(extended.json["original_due_on"], "2026-12-08");
  auto notice = Dpo("GET", "/api/v1/requests/" + code + "/letters/extension_notice");
  ASSERT_EQ(notice.status, 200) << notice.body;
  EXPECT_NE(notice.json["text"].get<std::string>().find("Friday 20 November 2026"),
            std::string::npos);
  EXPECT_NE(notice.json["text"].get<std::string>().find("Monday 8 February 2027"),
            std::string::npos);
  auto done = Step(code, "complete", {{"text", "Pack sent by secure email."}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json["events"].size(), 7u);

  // The sealed details never reach the audit chain: it holds codes and statuses.
  auto audit = server_.folder().records().ReadAudit(records::Actor{}, 0, 1000);
  ASSERT_TRUE(audit);
  bool opened = false;
  for (const auto& row : *audit) {
    EXPECT_EQ(row.detail.find("Hart"), std::string::npos);
    EXPECT_EQ(row.detail.find("Which years"), std::string::npos);
    if (row.action == "request.open" && row.objects.find(code) != std::string::npos) opened = true;
  }
  EXPECT_TRUE(opened);
}

TEST_F(RequestApiTest, OverdueAndDueSoonLists) {
  // Thu 1 Oct 2026: due Sun 1 Nov, so Mon 2 Nov: overdue on 1 Dec.
  const std::string late = Open({{"kind", "access"}, {"received_on", "2026-10-01"}})["code"];
  // Mon 2 Nov: due Wed 2 Dec, within five working days.
  const std::string soon = Open({{"kind", "erasure"}, {"received_on", "2026-11-02"}})["code"];
  // Mon 30 Nov: due Wed 30 Dec, not within five working days (to Tue 8 Dec).
  const std::string later = Open({{"kind", "objection"}, {"received_on", "2026-11-30"}})["code"];
  auto overdue = Dpo("GET", "/api/v1/requests?overdue=true");
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  ASSERT_EQ(overdue.json["requests"].size(), 1u);
  EXPECT_EQ(overdue.json["requests"][0]["code"], late);
  EXPECT_EQ(overdue.json["requests"][0]["overdue"], true);
  auto due_soon = Dpo("GET", "/api/v1/requests?due_soon=5");
  ASSERT_EQ(due_soon.status, 200) << due_soon.body;
  ASSERT_EQ(due_soon.json["requests"].size(), 1u);
  EXPECT_EQ(due_soon.json["requests"][0]["code"], soon);
  auto all = Dpo("GET", "/api/v1/requests");
  ASSERT_EQ(all.json["requests"].size(), 3u);
  EXPECT_EQ(all.json["requests"][0]["code"], late);  // soonest due first
  EXPECT_EQ(all.json["requests"][2]["code"], later);
  EXPECT_EQ(Dpo("GET", "/api/v1/requests?due_soon=-1").status, 400);
  EXPECT_EQ(Dpo("GET", "/api/v1/requests?overdue=yes").status, 400);
  EXPECT_EQ(Dpo("GET", "/api/v1/requests?colour=red").status, 400);
}

TEST_F(RequestApiTest, BadInputIsRefusedAndChangesNothing) {
  auto impossible = Dpo("POST", "/api/v1/requests",
                        {{"subject", person_}, {"kind", "access"}, {"received_on", "2026-02-30"}});
  EXPECT_EQ(impossible.status, 400) << impossible.body;
  EXPECT_NE(impossible.body.find("2026-02-30"), std::string::npos) << impossible.body;
  auto future = Dpo("POST", "/api/v1/requests",
                    {{"subject", person_}, {"kind", "access"}, {"received_on", "2026-12-02"}});
  EXPECT_EQ(future.status, 400) << future.body;
  auto unknown = Dpo("POST", "/api/v1/requests",
                     {{"subject", crypto::GenerateCode('S').value()}, {"kind", "access"}});
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_NE(unknown.body.find("no person with code"), std::string::npos) << unknown.body;
  auto kind = Dpo("POST", "/api/v1/requests", {{"subject", person_}, {"kind", "deletion"}});
  EXPECT_EQ(kind.status, 400) << kind.body;
  EXPECT_NE(kind.body.find("erasure"), std::string::npos) << kind.body;
  auto nameless = Dpo("POST", "/api/v1/requests",
                      {{"subject", person_}, {"kind", "access"}, {"requester", "parent"}});
  EXPECT_EQ(nameless.status, 400) << nameless.body;
  auto worker =
      server_.Send("POST", "/api/v1/requests", worker_, {{"subject", person_}, {"kind", "access"}},
                   {{"X-Purpose", "run_contact"}});
  EXPECT_EQ(worker.status, 403) << worker.body;
  EXPECT_EQ(Count(), 0u);

  const std::string code = Open({{"kind", "access"}, {"received_on", "2026-11-02"}})["code"];
  EXPECT_EQ(Step(code, "complete", {{"on", "2026-11-31"}}).status, 400);
  EXPECT_EQ(Step(code, "complete", {{"on", "2026-11-01"}}).status, 400);  // before receipt
  EXPECT_EQ(Step(code, "refuse", {{"ground", "bored"}, {"text", "x"}}).status, 400);
  EXPECT_EQ(Step(code, "refuse", {{"ground", "manifestly_excessive"}}).status, 400);
  EXPECT_EQ(Step(code, "resume").status, 409);
  EXPECT_EQ(Dpo("GET", "/api/v1/requests/" + crypto::GenerateCode('Q').value()).status, 404);
  EXPECT_EQ(Dpo("GET", "/api/v1/requests/" + code + "/letters/apology").status, 400);
  EXPECT_EQ(Dpo("GET", "/api/v1/requests/" + code + "/letters/refusal").status, 409);
  auto still = Dpo("GET", "/api/v1/requests/" + code);
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(still.json["status"], "open");
  EXPECT_EQ(still.json["events"].size(), 1u);
}

TEST_F(RequestApiTest, RestrictionStopsNormalUseIsFlaggedAndLiftsOnlyWhenTold) {
  ASSERT_EQ(ReadNote().status, 200);
  const std::string code = Open({{"kind", "restriction"}, {"received_on", "2026-11-30"}})["code"];
  auto restricted =
      Dpo("POST", "/api/v1/subjects/" + person_ + "/restriction", {{"request", code}});
  ASSERT_EQ(restricted.status, 200) << restricted.body;
  auto read = ReadNote();
  EXPECT_EQ(read.status, 403) << read.body;
  EXPECT_NE(read.body.find("restricted"), std::string::npos) << read.body;
  // Flagged wherever the person appears.
  auto& records = server_.folder().records();
  auto person = records.GetSubject(records::Actor{}, person_);
  ASSERT_TRUE(person);
  EXPECT_EQ(records::ToJson(*person)["restricted"], true);
  auto c = records.GetCase(records::Actor{}, case_);
  ASSERT_TRUE(c);
  EXPECT_EQ(records::ToJson(*c)["members"][0]["restricted"], true);
  auto record = records.GetRecord(records::Actor{}, note_);
  ASSERT_TRUE(record);
  EXPECT_EQ(records::ToJson(*record)["restricted"], true);
  EXPECT_EQ(Dpo("POST", "/api/v1/subjects/" + person_ + "/restriction", json::object()).status,
            409);
  // Lifting needs the day the person was told.
  auto untold = Dpo("POST", "/api/v1/subjects/" + person_ + "/restriction/lift", json::object());
  EXPECT_EQ(untold.status, 400) << untold.body;
  auto told_later =
      Dpo("POST", "/api/v1/subjects/" + person_ + "/restriction/lift", {{"told_on", "2026-12-25"}});
  EXPECT_EQ(told_later.status, 400) << told_later.body;
  EXPECT_EQ(ReadNote().status, 403);
  auto lifted = Dpo("POST", "/api/v1/subjects/" + person_ + "/restriction/lift",
                    {{"told_on", "2026-12-01"}, {"request", code}});
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  EXPECT_EQ(ReadNote().status, 200);
  auto request = Dpo("GET", "/api/v1/requests/" + code);
  ASSERT_EQ(request.json["events"].size(), 3u);
  EXPECT_NE(request.json["events"][2]["text"].get<std::string>().find("told on 2026-12-01"),
            std::string::npos);
  auto person_after = records.GetSubject(records::Actor{}, person_);
  EXPECT_FALSE(records::ToJson(*person_after).contains("restricted"));
}

TEST_F(RequestApiTest, ObjectionStopsALegitimateInterestPurpose) {
  const std::string code = Open({{"kind", "objection"}, {"received_on", "2026-11-30"}})["code"];
  auto consent = Dpo("POST", "/api/v1/subjects/" + person_ + "/objections",
                     {{"purpose", "medical_needs"}, {"request", code}});
  EXPECT_EQ(consent.status, 400) << consent.body;
  EXPECT_NE(consent.body.find("withdraw the consent"), std::string::npos) << consent.body;
  EXPECT_EQ(
      Dpo("POST", "/api/v1/subjects/" + person_ + "/objections", {{"purpose", "nope"}}).status,
      400);
  ASSERT_EQ(ReadNote().status, 200);
  // An objection to evaluation stops evaluation only: the contact records are still used.
  auto evaluation = Dpo("POST", "/api/v1/subjects/" + person_ + "/objections",
                        {{"purpose", "evaluation"}, {"request", code}});
  ASSERT_EQ(evaluation.status, 200) << evaluation.body;
  EXPECT_EQ(ReadNote().status, 200) << "an objection to another purpose stopped run_contact";
  auto objected = Dpo("POST", "/api/v1/subjects/" + person_ + "/objections",
                      {{"purpose", "run_contact"}, {"request", code}});
  ASSERT_EQ(objected.status, 200) << objected.body;
  auto read = ReadNote();
  EXPECT_EQ(read.status, 403) << read.body;
  EXPECT_NE(read.body.find("objected"), std::string::npos) << read.body;
  auto person = Dpo("GET", "/api/v1/subjects/" + person_);
  ASSERT_EQ(person.status, 200) << person.body;
  EXPECT_EQ(person.json["objected_to"], json::array({"evaluation", "run_contact"}));
  auto done = Step(code, "complete", {{"text", "Contact records are no longer used."}});
  EXPECT_EQ(done.status, 200) << done.body;
}

TEST_F(RequestApiTest, RectificationMakesANewVersionAndNamesRecipients) {
  // The correction is a write to the record: it needs a role that may write it, for its purpose.
  server_.AddUser("dpo.worker", {"dpo", "contact_worker"});
  const std::string both = server_.Token("dpo.worker", {"dpo", "contact_worker"});
  ASSERT_TRUE(server_.folder().records().Assign(records::Actor{}, case_, "dpo.worker"));
  const auto rectify = [&](const std::string& code, const json& body) {
    return server_.Send("POST", "/api/v1/requests/" + code + "/rectify", both, body,
                        {{"X-Purpose", "enquiries"}});
  };
  const std::string access = Open({{"kind", "access"}, {"received_on", "2026-11-30"}})["code"];
  const json change{{"record", note_}, {"version", 1}, {"fields", {{"note", "Sundays"}}}};
  EXPECT_EQ(rectify(access, change).status, 409);
  const std::string code = Open({{"kind", "rectification"}, {"received_on", "2026-11-30"}})["code"];
  auto stale =
      rectify(code, {{"record", note_}, {"version", 7}, {"fields", {{"note", "Sundays"}}}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  auto fixed = rectify(code, change);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.json["version"], 2);
  EXPECT_TRUE(fixed.json["recipients_to_notify"].is_array());
  auto record = server_.folder().records().GetRecord(records::Actor{}, note_);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->fields["note"], "Sundays");
  auto request = Dpo("GET", "/api/v1/requests/" + code);
  EXPECT_NE(request.json["events"].back()["text"].get<std::string>().find(note_),
            std::string::npos);
}

}  // namespace
}  // namespace casekeep::api::testing
