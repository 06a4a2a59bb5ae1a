// Erasure in the records service over the in-memory store, with the contact centre's policy: a
// case with two parents and a child, where erasing one parent keeps the child's safeguarding
// record and the case's shared notes, removes that parent's own records and key, and leaves the
// other parent untouched; a record kept by a hold or a legal obligation says why; a person-only
// record that must be kept moves to a key of its own; a second erasure is refused; the journal
// records each erasure, notices tampering, and re-applying it erases again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/file.h"
#include "crypto/codes.h"
#include "crypto/random.h"
#include "policy/policy.h"
#include "records/service.h"
#include "records/test_vault.h"
#include "records/writer.h"
#include "store/memory/memory_store.h"

namespace casekeep::records {
namespace {

namespace fs = std::filesystem;

// 2025-06-02T12:00:00Z.
constexpr std::int64_t kStart = 1'748'865'600;

const ErasureItem* Item(const ErasureOutcome& o, const std::string& code) {
  for (const auto& i : o.records) {
    if (i.record == code) return &i;
  }
  return nullptr;
}

// A well-formed request code (with its check symbol) that is not in the register.
std::string UnknownRequestCode() {
  return "Q-ABCD234" + std::string(1, *crypto::CodeCheckSymbol('Q', "ABCD234"));
}

bool HasReason(const ErasureItem* i, std::string_view kind) {
  if (i == nullptr) return false;
  for (const auto& r : i->reasons) {
    if (r.kind == kind) return true;
  }
  return false;
}

class ErasureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = testing::ExamplePolicy("contact-centre");
    ASSERT_TRUE(policy_);
    vault_ = testing::NewVault(store_, &kek_);
    ASSERT_TRUE(vault_);
    service_ = std::make_unique<RecordsService>(*policy_, store_, *vault_, clock_);
    dir_ = fs::temp_directory_path() /
           ("casekeep-erasure-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    journal_ = (dir_ / "erasure-journal").string();
    service_->set_erasure_journal(journal_);
    service_->set_holiday_file((dir_ / "bank-holidays.json").string());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Person(const std::string& kind, const std::string& name, const std::string& c,
                     const std::string& role) {
    nlohmann::json fields = {{"name", name}};
    if (kind == "child") fields["date_of_birth"] = "2017-03-04";
    if (kind == "parent") fields["email"] = name.substr(0, name.find(' ')) + "@example.org";
    auto s = service_->AddSubject(actor_, NewSubject{kind, fields, c, role});
    EXPECT_TRUE(s) << s.error().message;
    return s ? s->code : "";
  }

  std::string Record(const std::string& type, const std::string& c, const std::string& subject,
                     nlohmann::json fields) {
    auto r = service_->AddRecord(actor_, NewRecord{type, c, subject, "2025-05-01", fields});
    EXPECT_TRUE(r) << type << ": " << r.error().message;
    return r ? r->code : "";
  }

  // A request in the register, received today.
  std::string Ask(const std::string& kind, const std::string& subject) {
    if (!holidays_) {
      auto file = ReadFileCapped(std::string(CASEKEEP_SOURCE_DIR) + "/data/uk-bank-holidays.json",
                                 kMaxHolidayFileBytes);
      EXPECT_TRUE(file && service_->LoadHolidayFile(actor_, *file));
      holidays_ = true;
    }
    NewDataRequest n;
    n.subject = subject;
    n.kind = kind;
    auto v = service_->OpenDataRequest(actor_, n);
    EXPECT_TRUE(v) << v.error().message;
    return v ? v->code : "";
  }

  bool Exists(const std::string& code) {
    auto tx = store_.BeginRead();
    auto row = (*tx)->FindRecord(code);
    return row && row->has_value();
  }

  bool HasKey(const std::string& owner) {
    auto tx = store_.BeginRead();
    auto key = (*tx)->GetKey(owner);
    return key && key->has_value();
  }

  // The contact-centre family: two parents and a child in one supported-contact case.
  void Family() {
    auto c = service_->OpenCase(actor_, NewCase{"supported_contact", "self", "2025-04-01", {}, {}});
    ASSERT_TRUE(c) << c.error().message;
    case_ = c->code;
    mum_ = Person("parent", "Avril Quennell", case_, "parent");
    dad_ = Person("parent", "Bastian Quennell", case_, "other_parent");
    child_ = Person("child", "Coral Quennell", case_, "child");
    mum_referral_ = Record("referral", case_, mum_,
                           {{"received_on", "2025-04-01"}, {"contact_type", "supported"}});
    mum_feedback_ = Record("feedback_form", case_, mum_, {{"answers", "Avril liked the room"}});
    mum_payment_ =
        Record("payment", case_, mum_, {{"payment_date", "2025-04-20"}, {"amount_pence", 2500}});
    dad_referral_ = Record("referral", case_, dad_,
                           {{"received_on", "2025-04-02"}, {"contact_type", "supported"}});
    safeguarding_ = Record(
        "safeguarding_concern", case_, child_,
        {{"raised_on", "2025-05-01"}, {"concern", "Coral said Avril Quennell shouted at her"}});
    note_ = Record("case_note", case_, "", {{"note", "Avril Quennell arrived late"}});
  }

  FixedClock clock_{kStart};
  store::MemoryStore store_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<crypto::Key> kek_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<RecordsService> service_;
  Actor actor_;
  fs::path dir_;
  std::string journal_;
  bool holidays_ = false;
  std::string case_, mum_, dad_, child_;
  std::string mum_referral_, mum_feedback_, mum_payment_, dad_referral_, safeguarding_, note_;
};

TEST_F(ErasureTest, ErasingOneParentKeepsTheChildsSafeguardingRecord) {
  Family();
  // A dry run says what would happen and changes nothing.
  auto plan = service_->EraseSubject(actor_, mum_, ErasureOptions{"", true});
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->dry_run);
  EXPECT_EQ(Item(*plan, mum_referral_)->action, "erased");
  EXPECT_TRUE(Exists(mum_referral_));
  EXPECT_TRUE(HasKey(mum_));
  EXPECT_FALSE(fs::exists(journal_));

  // The request answered must be an open erasure request of hers in the register.
  const std::string request = Ask("erasure", mum_);
  const std::string refused = Ask("erasure", mum_);
  ASSERT_TRUE(service_->StepDataRequest(actor_, refused,
                                        RequestStep{.event = "refused",
                                                    .on = "",
                                                    .text = "kept for law",
                                                    .told_on = "",
                                                    .ground = "retention_required"}));
  const std::vector<std::pair<std::string, ErrorCode>> wrong = {
      {UnknownRequestCode(), ErrorCode::kNotFound},
      {Ask("erasure", dad_), ErrorCode::kInvalidArgument},
      {Ask("access", mum_), ErrorCode::kInvalidArgument},
      {refused, ErrorCode::kFailedPrecondition}};
  for (const auto& [code, error] : wrong) {
    for (bool dry_run : {true, false}) {
      auto no = service_->EraseSubject(actor_, mum_, ErasureOptions{code, dry_run});
      ASSERT_FALSE(no) << code;
      EXPECT_EQ(no.error().code, error) << code << ": " << no.error().message;
    }
  }
  EXPECT_TRUE(Exists(mum_referral_));
  EXPECT_TRUE(HasKey(mum_));
  EXPECT_FALSE(fs::exists(journal_));

  auto out = service_->EraseSubject(actor_, mum_, ErasureOptions{request, false});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->request, request);
  // The outcome is noted on the request, which stays open for its response.
  auto asked = service_->GetDataRequest(actor_, request);
  ASSERT_TRUE(asked) << asked.error().message;
  EXPECT_EQ(asked->status, "open");
  ASSERT_FALSE(asked->events.empty());
  EXPECT_NE(asked->events.back().text.find("Erasure carried out"), std::string::npos);
  EXPECT_EQ(out->erased_on, "2025-06-02");
  // Her own records go.
  EXPECT_EQ(Item(*out, mum_referral_)->action, "erased");
  EXPECT_EQ(Item(*out, mum_feedback_)->action, "erased");
  EXPECT_FALSE(Exists(mum_referral_));
  EXPECT_FALSE(Exists(mum_feedback_));
  // The payment is kept for the accounts (a legal obligation), with the reason.
  const ErasureItem* payment = Item(*out, mum_payment_);
  ASSERT_NE(payment, nullptr);
  EXPECT_EQ(payment->action, "kept");
  EXPECT_TRUE(HasReason(payment, "legal_obligation"));
  EXPECT_TRUE(Exists(mum_payment_));
  {
    // Kept for the law, it is read for the law only: accounts (legal obligation), not payments.
    access::Principal finance{"W-FINANCE1", {"hr_finance"}, "", 0, false};
    auto for_accounts = service_->GetRecord(Actor::User(finance, "accounts"), mum_payment_);
    ASSERT_TRUE(for_accounts) << for_accounts.error().message;
    EXPECT_EQ(for_accounts->fields["amount_pence"], 2500);
    auto for_payments = service_->GetRecord(Actor::User(finance, "payments"), mum_payment_);
    ASSERT_FALSE(for_payments);
    EXPECT_EQ(for_payments.error().code, ErrorCode::kPermissionDenied);
  }
  // The child's safeguarding record is kept, whole, and says it may mention her.
  const ErasureItem* sg = Item(*out, safeguarding_);
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(sg->action, "kept");
  EXPECT_TRUE(HasReason(sg, "other_person"));
  EXPECT_TRUE(HasReason(sg, "retention"));
  EXPECT_TRUE(sg->may_mention);
  auto read = service_->GetRecord(actor_, safeguarding_);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->fields["concern"], "Coral said Avril Quennell shouted at her");
  // The case note of the whole case is kept: it is also about the other parent and the child.
  const ErasureItem* note = Item(*out, note_);
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->action, "kept");
  EXPECT_TRUE(HasReason(note, "shared"));
  EXPECT_NE(note->reasons[0].text.find("child"), std::string::npos);
  EXPECT_TRUE(service_->GetRecord(actor_, note_));
  // Her key is gone, the case's stays; she is a tombstone and cannot be found.
  EXPECT_EQ(out->keys_destroyed, std::vector<std::string>{mum_});
  EXPECT_FALSE(HasKey(mum_));
  EXPECT_TRUE(HasKey(case_));
  auto gone = service_->GetSubject(actor_, mum_);
  ASSERT_TRUE(gone) << gone.error().message;
  EXPECT_TRUE(gone->erased);
  auto found = service_->FindSubjects(actor_, "email", "Avril@example.org");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found->empty());
  // The other parent is untouched.
  auto dad = service_->GetSubject(actor_, dad_);
  ASSERT_TRUE(dad);
  EXPECT_FALSE(dad->erased);
  EXPECT_EQ(dad->fields["name"], "Bastian Quennell");
  EXPECT_TRUE(service_->GetRecord(actor_, dad_referral_));
  EXPECT_EQ(Item(*out, dad_referral_)->action, "kept");

  // A second erasure is refused, clearly, and changes nothing.
  auto again = service_->EraseSubject(actor_, mum_, ErasureOptions{});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(again.error().message.find("already erased on 2025-06-02"), std::string::npos);

  // The journal: intended, then done, with codes only.
  auto journal = service_->GetErasureJournal(actor_);
  ASSERT_TRUE(journal) << journal.error().message;
  ASSERT_EQ(journal->size(), 2u);
  EXPECT_EQ((*journal)[0].state, "intended");
  EXPECT_EQ((*journal)[1].state, "done");
  EXPECT_EQ((*journal)[1].subject, mum_);
  EXPECT_EQ((*journal)[1].request, request);
  std::ifstream in(journal_);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("Avril"), std::string::npos);
}

TEST_F(ErasureTest, AHoldKeepsARecordWithTheReason) {
  Family();
  auto hold = service_->PlaceHold(actor_, NewHold{"legal", mum_referral_, "court asked", ""});
  ASSERT_TRUE(hold) << hold.error().message;
  auto out = service_->EraseSubject(actor_, mum_, ErasureOptions{});
  ASSERT_TRUE(out) << out.error().message;
  const ErasureItem* r = Item(*out, mum_referral_);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->action, "kept");
  ASSERT_TRUE(HasReason(r, "hold"));
  EXPECT_NE(r->reasons[0].text.find(hold->code), std::string::npos);
  EXPECT_TRUE(Exists(mum_referral_));
  EXPECT_FALSE(Exists(mum_feedback_));
}

TEST_F(ErasureTest, AKeptPersonOnlyRecordMovesToAKeyOfItsOwn) {
  auto s = service_->AddSubject(actor_, NewSubject{"staff", {{"name", "Rowan Tindall"}}, {}, {}});
  ASSERT_TRUE(s) << s.error().message;
  // Vetting is a legal duty of an employer: a DBS check with no end yet stays.
  auto dbs = service_->AddRecord(actor_, NewRecord{"dbs_check",
                                                   "",
                                                   s->code,
                                                   "2025-05-01",
                                                   {{"check_date", "2025-05-01"},
                                                    {"certificate_number", "001234567890"},
                                                    {"vetting_decision", "cleared"}}});
  ASSERT_TRUE(dbs) << dbs.error().message;
  auto out = service_->EraseSubject(actor_, s->code, ErasureOptions{});
  ASSERT_TRUE(out) << out.error().message;
  const ErasureItem* i = Item(*out, dbs->code);
  ASSERT_NE(i, nullptr);
  ASSERT_EQ(i->action, "kept");
  EXPECT_TRUE(i->resealed);
  EXPECT_FALSE(HasKey(s->code));
  EXPECT_TRUE(HasKey(dbs->code));
  // Kept, under the record's own key, and still opening (the access decision refuses reading a
  // record whose person is erased, so it is opened here as the store holds it).
  auto tx = store_.BeginRead();
  ASSERT_TRUE(tx);
  auto row = (*tx)->FindRecord(dbs->code);
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((**row).owner, dbs->code);
  EXPECT_EQ((**row).version, 2);
  auto t = internal::Txn::Begin(store_, *vault_, false);
  ASSERT_TRUE(t) << t.error().message;
  bool erased = false;
  auto fields =
      t->OpenFields(dbs->code, internal::FieldsAd("record", dbs->code, 2), (**row).sealed, &erased);
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_FALSE(erased);
  EXPECT_EQ((*fields)["certificate_number"], "001234567890");
}

TEST_F(ErasureTest, BadInputChangesNothing) {
  Family();
  auto bad_request = service_->EraseSubject(actor_, mum_, ErasureOptions{mum_referral_, false});
  ASSERT_FALSE(bad_request);
  EXPECT_EQ(bad_request.error().code, ErrorCode::kInvalidArgument);
  auto unknown = service_->EraseSubject(actor_, *crypto::GenerateCode('S'), ErasureOptions{});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  // Someone without manage_requests may not erase.
  access::Principal worker;
  worker.code = "W-WORKER01";
  worker.roles = {"contact_worker"};
  auto denied = service_->EraseSubject(Actor::User(worker, "run_contact"), mum_, ErasureOptions{});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(HasKey(mum_));
  EXPECT_TRUE(Exists(mum_referral_));
  EXPECT_FALSE(fs::exists(journal_));
}

TEST_F(ErasureTest, TheJournalNoticesTamperingAndReapplyingErasesAgain) {
  Family();
  auto out = service_->EraseSubject(actor_, mum_, ErasureOptions{});
  ASSERT_TRUE(out) << out.error().message;
  // Nothing left to do: re-applying changes nothing.
  auto none = service_->ReapplyErasures(actor_);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(none->entries, 1);
  EXPECT_EQ(none->reapplied, 0);

  // A store that forgot the erasure (as a restored older copy would): re-applying erases her
  // again. Here the intended line stands for an erasure that never reached the store.
  const std::string dad_feedback =
      Record("feedback_form", case_, dad_, {{"answers", "Bastian found it helpful"}});
  {
    JournalEntry e;
    e.state = "intended";
    e.at = "2025-06-02T12:00:00Z";
    e.subject = dad_;
    e.records = {dad_feedback};
    ASSERT_TRUE(AppendErasureJournal(journal_, vault_->audit_key(), e));
  }
  auto again = service_->ReapplyErasures(actor_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->entries, 2);
  EXPECT_EQ(again->reapplied, 1);
  EXPECT_FALSE(Exists(dad_feedback));
  EXPECT_FALSE(Exists(dad_referral_));  // about him, and not kept by the journal
  EXPECT_FALSE(HasKey(dad_));
  auto dad = service_->GetSubject(actor_, dad_);
  ASSERT_TRUE(dad);
  EXPECT_TRUE(dad->erased);
  EXPECT_TRUE(service_->GetRecord(actor_, safeguarding_));

  // One changed character and the journal no longer verifies; the next erasure refuses too.
  std::string text;
  {
    std::ifstream in(journal_);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const auto at = text.find(mum_);
  ASSERT_NE(at, std::string::npos);
  text[at + 2] = text[at + 2] == 'A' ? 'B' : 'A';
  {
    std::ofstream rewritten(journal_, std::ios::trunc);
    rewritten << text;
  }
  auto tampered = service_->GetErasureJournal(actor_);
  ASSERT_FALSE(tampered);
  EXPECT_EQ(tampered.error().code, ErrorCode::kDataLoss);
  auto refused = service_->EraseSubject(actor_, child_, ErasureOptions{});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kDataLoss);
  EXPECT_TRUE(HasKey(child_));
}

TEST_F(ErasureTest, AShortLastLineFromACrashIsIgnored) {
  Family();
  ASSERT_TRUE(service_->EraseSubject(actor_, mum_, ErasureOptions{}));
  {
    std::ofstream out(journal_, std::ios::app);
    out << "3 intended 2025-06-02T12:00:00Z S-";
  }
  auto j = service_->GetErasureJournal(actor_);
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ(j->size(), 2u);
  ASSERT_TRUE(service_->EraseSubject(actor_, dad_, ErasureOptions{}));
  j = service_->GetErasureJournal(actor_);
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ(j->size(), 4u);
}

}  // namespace
}  // namespace casekeep::records
