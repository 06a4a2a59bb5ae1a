// Access packs and portability over the in-memory store, on the contact-centre policy: two
// separated parents and their child in one case with a Cafcass officer; parent A's pack shows
// none of parent B's details (fields, name in free text, contact details) while the officer's
// name stays; the DPO's review; restricted, erased and unknown people; Sch 3 Part 5.
#include "records/access_pack.h"

#include <gtest/gtest.h>

#include <sstream>

#include "crypto/codes.h"
#include "records/service.h"
#include "records/test_vault.h"
#include "store/memory/memory_store.h"

namespace casekeep::records {
namespace {

using nlohmann::json;

// 2025-06-02T12:00:00Z.
constexpr std::int64_t kStart = 1'748'865'600;

class AccessPackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = testing::ExamplePolicy("contact-centre");
    ASSERT_TRUE(policy_);
    vault_ = testing::NewVault(store_, &kek_);
    ASSERT_TRUE(vault_);
    service_ = std::make_unique<RecordsService>(*policy_, store_, *vault_, clock_);
    auto c =
        service_->OpenCase(actor_, NewCase{"supervised_contact", "court", "2025-01-06", {}, {}});
    ASSERT_TRUE(c) << c.error().message;
    case_ = c->code;
    alice_ = Person("parent",
                    {{"name", "Alice Marsh"},
                     {"email", "alice.marsh@example.org"},
                     {"phone", "07700 900111"},
                     {"relationship", "resident_parent"}},
                    "parent");
    brian_ = Person("parent",
                    {{"name", "Brian Okafor"},
                     {"email", "brian.okafor@example.net"},
                     {"phone", "07700 900222"},
                     {"address", "9 Mill Lane, Salford"}},
                    "parent");
    cara_ = Person("child", {{"name", "Cara Marsh"}, {"date_of_birth", "2018-04-01"}}, "child");
    priya_ = Person("professional", {{"name", "Priya Desai"}, {"organisation", "Cafcass"}},
                    "cafcass_officer");
    ASSERT_TRUE(service_->AddRelationship(actor_, alice_, cara_, "parent_of"));
    ASSERT_TRUE(service_->AddRelationship(actor_, brian_, cara_, "parent_of"));
    Record("referral", "",
           {{"received_on", "2025-01-06"},
            {"contact_type", "supervised"},
            {"other_parent_name", "Brian Okafor"},
            {"other_parent_contact", "07700 900222, 9 Mill Lane"},
            {"reason_for_referral",
             "Referred by Priya Desai after Brian missed two handovers. <script>x</script>"}});
    Record("case_note", alice_,
           {{"note",
             "Alice called. Brian Okafor can be reached on +44 7700 900222 or "
             "Brian.Okafor@example.net. Cara was happy; Priya Desai will visit."}});
    Record("case_note", brian_, {{"note", "Brian said Alice was late again."}});
    Record("feedback_form", alice_, {{"answers", "The room was warm and friendly."}});
  }

  std::string Person(const std::string& kind, json fields, const std::string& role) {
    auto s = service_->AddSubject(actor_, NewSubject{kind, std::move(fields), case_, role});
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->code : "";
  }

  std::string Record(const std::string& type, const std::string& subject, json fields) {
    auto r = service_->AddRecord(actor_, NewRecord{type, case_, subject, "2025-02-03", fields});
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->code : "";
  }

  Result<AccessPack> Draft(const std::string& code) {
    return service_->AssembleAccessPack(actor_, code, AccessPackOptions{});
  }

  // Every item withheld except `release`, which is released.
  std::map<std::string, RedactionDecision> Decide(const AccessPack& draft,
                                                  const std::string& release) {
    std::map<std::string, RedactionDecision> out;
    for (const auto& item : draft.items) {
      out[item.id] = item.id == release
                         ? RedactionDecision{true, "Alice already knows her daughter's name"}
                         : RedactionDecision{false, "identifies another person (Sch 2 para 16)"};
    }
    return out;
  }

  store::AuditRow LastAudit() {
    auto tx = store_.BeginRead();
    auto last = (*tx)->LastAudit();
    EXPECT_TRUE(last && *last);
    return last && *last ? **last : store::AuditRow{};
  }

  FixedClock clock_{kStart};
  store::MemoryStore store_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<crypto::Key> kek_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<RecordsService> service_;
  Actor actor_;
  std::string case_, alice_, brian_, cara_, priya_;
};

TEST_F(AccessPackTest, OneParentsPackShowsNoneOfTheOtherParentsDetails) {
  auto pack = Draft(alice_);
  ASSERT_TRUE(pack) << pack.error().message;
  const std::string text = pack->data.dump();
  for (const char* other : {"Brian", "Okafor", "900222", "brian.okafor", "Mill Lane"}) {
    EXPECT_EQ(text.find(other), std::string::npos) << other << " in " << text;
  }
  EXPECT_EQ(text.find(brian_), std::string::npos) << "the other parent's code";
  EXPECT_NE(text.find("Priya Desai"), std::string::npos) << "the professional is not redacted";
  EXPECT_NE(text.find("Alice Marsh"), std::string::npos);
  EXPECT_NE(text.find("alice.marsh@example.org"), std::string::npos);
  EXPECT_NE(text.find("The room was warm"), std::string::npos);
  // Brian's own case note is about him, not part of Alice's pack.
  EXPECT_EQ(text.find("late again"), std::string::npos);
  EXPECT_EQ(pack->data["records_about_others_left_out"], 1);
  EXPECT_EQ(pack->data["records"].size(), 3U);  // referral, Alice's note, her feedback
  EXPECT_EQ(pack->data["status"], "draft");

  std::set<std::string> kinds;
  for (const auto& item : pack->items) {
    kinds.insert(item.kind);
    EXPECT_EQ(item.id.size(), 14U);
    EXPECT_NE(text.find(Placeholder(item)), std::string::npos) << item.id;
  }
  for (const char* kind : {"third_party_field", "linked_person", "name", "email", "phone"}) {
    EXPECT_TRUE(kinds.contains(kind)) << kind;
  }
  // The items say whose information it is, for the DPO.
  const bool brians_phone = std::any_of(pack->items.begin(), pack->items.end(), [&](auto& i) {
    return i.kind == "phone" && i.whose == brian_ && i.text == "+44 7700 900222";
  });
  EXPECT_TRUE(brians_phone);
  // Who accessed Alice's data: at least her creation.
  bool created = false;
  for (const auto& a : pack->data["accesses"]) created = created || a["action"] == "subject.create";
  EXPECT_TRUE(created);
  EXPECT_EQ(LastAudit().action, "access_pack.draft");
}

TEST_F(AccessPackTest, TheDraftIsDeterministicAndTheDpoDecidesEachItem) {
  auto draft = Draft(alice_);
  auto again = Draft(alice_);
  ASSERT_TRUE(draft && again);
  ASSERT_EQ(draft->items.size(), again->items.size());
  for (std::size_t i = 0; i < draft->items.size(); ++i) {
    EXPECT_EQ(draft->items[i].id, again->items[i].id);
  }
  std::string cara_item;
  std::string cara_placeholder;
  for (const auto& item : draft->items) {
    if (item.kind == "name" && item.whose == cara_ && item.text == "Cara") {
      cara_item = item.id;
      cara_placeholder = Placeholder(item);
    }
  }
  ASSERT_FALSE(cara_item.empty());

  AccessPackOptions options;
  options.final = true;
  auto incomplete = service_->AssembleAccessPack(actor_, alice_, options);
  ASSERT_FALSE(incomplete);
  EXPECT_EQ(incomplete.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(incomplete.error().message.find("no decision"), std::string::npos);

  options.decisions = Decide(*draft, cara_item);
  options.decisions["X-000000000000"] = {false, "not in this pack"};
  auto unknown = service_->AssembleAccessPack(actor_, alice_, options);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);

  options.decisions.erase("X-000000000000");
  auto final_pack = service_->AssembleAccessPack(actor_, alice_, options);
  ASSERT_TRUE(final_pack) << final_pack.error().message;
  const std::string text = final_pack->data.dump();
  EXPECT_EQ(final_pack->data["status"], "final");
  EXPECT_NE(text.find("Cara was happy"), std::string::npos) << "the released name is shown";
  EXPECT_EQ(text.find("Brian"), std::string::npos) << "withheld items stay withheld";
  EXPECT_EQ(text.find(cara_placeholder), std::string::npos)
      << "a released item leaves no placeholder";
  std::size_t withheld = 0;
  for (const auto& r : final_pack->data["redactions"]) {
    if (r["id"] == cara_item) {
      EXPECT_EQ(r["decision"], "released");
      EXPECT_EQ(r["reason"], "Alice already knows her daughter's name");
    } else {
      EXPECT_EQ(r["decision"], "withheld");
      ++withheld;
    }
  }
  EXPECT_EQ(withheld + 1, draft->items.size());
  const auto audit = LastAudit();
  EXPECT_EQ(audit.action, "access_pack.final");
  EXPECT_NE(audit.detail.find("released=1 "), std::string::npos) << audit.detail;
  EXPECT_EQ(audit.detail.find("Alice"), std::string::npos) << "reasons stay out of the chain";
}

TEST_F(AccessPackTest, HtmlAndArchiveHoldEveryTableWithValuesEscaped) {
  auto pack = Draft(alice_);
  ASSERT_TRUE(pack);
  const std::string html = PackHtml(*policy_, *pack);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("Brian"), std::string::npos);
  EXPECT_NE(html.find("DRAFT"), std::string::npos);
  EXPECT_NE(html.find("Your rights"), std::string::npos) << "Article 15 from the notice's words";
  EXPECT_NE(html.find("Information Commissioner"), std::string::npos);

  const std::string tar = PackArchive(*policy_, *pack);
  EXPECT_EQ(tar.size() % 512, 0U);
  EXPECT_EQ(tar.substr(0, alice_.size() + 10), alice_ + "/pack.html");
  EXPECT_EQ(tar.substr(257, 5), "ustar");
  for (const char* name : {"/pack.json", "/people.csv", "/cases.csv", "/records.csv",
                           "/consents.csv", "/disclosures.csv", "/accesses.csv"}) {
    EXPECT_NE(tar.find(alice_ + name), std::string::npos) << name;
  }
  EXPECT_EQ(tar.find("Okafor"), std::string::npos);
  // A header's checksum is the sum of its bytes with the checksum field read as spaces.
  unsigned sum = 0;
  for (std::size_t i = 0; i < 512; ++i) {
    sum += (i >= 148 && i < 156) ? 32U : static_cast<unsigned char>(tar[i]);
  }
  EXPECT_EQ(std::stoul(tar.substr(148, 6), nullptr, 8), sum);
}

TEST_F(AccessPackTest, DisclosuresOfThePersonsDataAreListed) {
  {
    auto tx = store_.Begin();
    ASSERT_TRUE(tx);
    auto row = (*tx)->FindSubject(alice_);
    ASSERT_TRUE(row && *row);
    store::DisclosureRow d;
    d.code = "D-AAAAAA";
    d.subject_id = (*row)->id;
    d.case_code = case_;
    d.recipient = "la_social_worker";
    d.basis = "safeguarding";
    d.without_consent = true;
    d.categories = "safeguarding identity";
    d.shared_by = "local-admin";
    d.approved_by = "local-admin";
    d.at = kStart;
    ASSERT_TRUE((*tx)->InsertDisclosure(d));
    ASSERT_TRUE((*tx)->Commit());
  }
  auto pack = Draft(alice_);
  ASSERT_TRUE(pack) << pack.error().message;
  ASSERT_EQ(pack->data["disclosures"].size(), 1U);
  const json& d = pack->data["disclosures"][0];
  EXPECT_EQ(d["recipient_name"], "The family's local authority social worker");
  EXPECT_EQ(d["basis"], "safeguarding");
  EXPECT_EQ(d["categories"], json::array({"safeguarding", "identity"}));
  EXPECT_NE(PackHtml(*policy_, *pack).find("local authority social worker"), std::string::npos);
  EXPECT_EQ(Draft(brian_)->data["disclosures"].size(), 0U) << "only the person's own";
}

TEST_F(AccessPackTest, WhyADisclosureWasMadeIsForTheDpoToRelease) {
  NewDisclosure share;
  share.subject = alice_;
  share.case_code = case_;
  share.recipient = "la_social_worker";
  share.basis = "safeguarding";
  share.categories = {"identity"};
  share.justification = "Brian Okafor reported that Cara was left alone overnight.";
  share.note = "Phoned Brian Okafor back the same day.";
  Actor sharer = actor_;
  sharer.purpose = "safeguarding";
  auto shared = service_->Share(sharer, share);
  ASSERT_TRUE(shared) << shared.error().message;
  auto pack = Draft(alice_);
  ASSERT_TRUE(pack) << pack.error().message;
  ASSERT_EQ(pack->data["disclosures"].size(), 1U);
  const json& d = pack->data["disclosures"][0];
  // Shared without consent: the reason is withheld whole until the DPO decides.
  const std::string why = d["justification"];
  EXPECT_TRUE(why.starts_with("[withheld X-")) << why;
  EXPECT_EQ(pack->data.dump().find("left alone overnight"), std::string::npos);
  // The note is free text: the other parent's name in it is withheld, the rest shown.
  const std::string note = d["note"];
  EXPECT_EQ(note.find("Brian"), std::string::npos) << note;
  EXPECT_NE(note.find("back the same day"), std::string::npos) << note;
  const RedactionItem* reason = nullptr;
  for (const auto& item : pack->items) {
    if (item.kind == "disclosure_reason") reason = &item;
  }
  ASSERT_NE(reason, nullptr);
  EXPECT_EQ(reason->location, shared->disclosure.code);
  EXPECT_EQ(reason->text, share.justification);
  // Released, it is there in full.
  AccessPackOptions final;
  final.final = true;
  for (const auto& item : pack->items) {
    final.decisions[item.id] = {&item == reason, &item == reason ? "known to her" : "another"};
  }
  auto released = service_->AssembleAccessPack(actor_, alice_, final);
  ASSERT_TRUE(released) << released.error().message;
  EXPECT_EQ(released->data["disclosures"][0]["justification"], share.justification);
}

TEST_F(AccessPackTest, ARestrictedPersonGetsTheirPackAndItSaysSo) {
  ASSERT_TRUE(service_->SetProcessingState(actor_, alice_, true, false));
  auto pack = Draft(alice_);
  ASSERT_TRUE(pack) << pack.error().message;
  EXPECT_TRUE(pack->restricted);
  EXPECT_EQ(pack->data["subject"]["restricted"], true);
  EXPECT_EQ(pack->data["records"].size(), 3U) << "restriction hides nothing from the person";
  EXPECT_NE(PackHtml(*policy_, *pack).find("restricted at your request"), std::string::npos);
  EXPECT_NE(LastAudit().detail.find("restricted=1"), std::string::npos);
}

TEST_F(AccessPackTest, ErasedUnknownAndUnauthorisedAreRefusedClearly) {
  {
    auto tx = store_.Begin();
    ASSERT_TRUE(tx);
    auto row = (*tx)->FindSubject(brian_);
    ASSERT_TRUE(row && *row);
    ASSERT_TRUE((*tx)->MarkSubjectErased((*row)->id, kStart));
    ASSERT_TRUE((*tx)->DestroyKey(brian_));
    ASSERT_TRUE((*tx)->Commit());
  }
  auto erased = Draft(brian_);
  ASSERT_FALSE(erased);
  EXPECT_EQ(erased.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(erased.error().message.find("erased"), std::string::npos);
  EXPECT_FALSE(service_->ExportPortable(actor_, brian_));
  // Alice's pack still builds with an erased person in her case.
  EXPECT_TRUE(Draft(alice_));

  auto code = crypto::GenerateCode(crypto::kSubjectCodePrefix);
  ASSERT_TRUE(code);
  auto unknown = Draft(*code);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto malformed = Draft("not a code");
  ASSERT_FALSE(malformed);

  access::Principal worker{"W-WORKER", {"contact_worker"}, "", 0, false};
  auto denied = service_->AssembleAccessPack(Actor::User(worker, "run_contact"), alice_, {});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(LastAudit().outcome, "denied");
  EXPECT_FALSE(service_->ExportPortable(Actor::User(worker, "run_contact"), alice_));
}

TEST_F(AccessPackTest, AParentAskingForTheirChildSeesSafeguardingInformationOnlyIfReleased) {
  Record("safeguarding_concern", cara_,
         {{"raised_on", "2025-02-03"},
          {"concern", "Bruise on arm noticed at handover."},
          {"injuries", "Bruise on left arm"}});
  AccessPackOptions by_parent;
  by_parent.requested_by = alice_;
  auto pack = service_->AssembleAccessPack(actor_, cara_, by_parent);
  ASSERT_TRUE(pack) << pack.error().message;
  const bool abuse = std::any_of(pack->items.begin(), pack->items.end(), [](auto& i) {
    return i.kind == "child_abuse" && i.field == "injuries";
  });
  EXPECT_TRUE(abuse);
  EXPECT_EQ(pack->data.dump().find("left arm"), std::string::npos);
  // Without a parent asking, the child's own pack shows it.
  auto own = Draft(cara_);
  ASSERT_TRUE(own);
  EXPECT_NE(own->data.dump().find("left arm"), std::string::npos);

  AccessPackOptions by_officer;
  by_officer.requested_by = priya_;
  auto refused = service_->AssembleAccessPack(actor_, cara_, by_officer);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  AccessPackOptions for_adult;
  for_adult.requested_by = alice_;
  EXPECT_FALSE(service_->AssembleAccessPack(actor_, brian_, for_adult));
}

TEST_F(AccessPackTest, PortabilityGivesOnlyWhatThePersonProvidedOnConsentOrContract) {
  auto data = service_->ExportPortable(actor_, alice_);
  ASSERT_TRUE(data) << data.error().message;
  const json& d = data->data;
  EXPECT_EQ(d["fields"]["name"], "Alice Marsh");
  EXPECT_EQ(d["fields"]["email"], "alice.marsh@example.org");
  EXPECT_FALSE(d["fields"].contains("relationship")) << "not provided by the person";
  ASSERT_EQ(d["records"].size(), 1U) << d.dump();
  EXPECT_EQ(d["records"][0]["type"], "feedback_form");
  EXPECT_EQ(d.dump().find("Alice called"), std::string::npos) << "case notes are not portable";
  const std::string csv = PortableCsv(*data);
  EXPECT_TRUE(csv.starts_with("source,code,type,occurred_on,field,value\r\n"));
  EXPECT_NE(csv.find("record," + d["records"][0]["code"].get<std::string>() + ",feedback_form"),
            std::string::npos);
  EXPECT_EQ(LastAudit().action, "portability.export");
}

TEST(AccessPackDecisions, MalformedDecisionsAreRefused) {
  EXPECT_TRUE(
      ParseDecisions(json::parse(R"({"X-0123456789ab": {"release": true, "reason": "ok"}})")));
  for (const char* bad : {R"([])", R"({"X-1": {"release": true, "reason": "ok"}})",
                          R"({"X-0123456789ab": {"release": "yes", "reason": "ok"}})",
                          R"({"X-0123456789ab": {"release": true, "reason": ""}})",
                          R"({"X-0123456789ab": {"release": true}})",
                          R"({"X-0123456789ab": {"release": true, "reason": "ok", "x": 1}})"}) {
    auto d = ParseDecisions(json::parse(bad));
    ASSERT_FALSE(d) << bad;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace casekeep::records
