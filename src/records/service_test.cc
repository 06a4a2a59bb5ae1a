// The records service over the in-memory store: policy checks, sealing bound to rows, batches
// that are all or nothing (including their keys and audit entry), rectification, attachments.
#include "records/service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "audit/verify.h"
#include "crypto/random.h"
#include "policy/policy.h"
#include "records/test_vault.h"
#include "records/writer.h"
#include "store/fault/fault_store.h"
#include "store/memory/memory_store.h"

namespace casekeep::records {
namespace {

// A value for every required field of `type`, valid for its field type.
nlohmann::json RequiredFields(const policy::RecordType& type) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& f : type.fields) {
    if (!f.required) continue;
    if (f.type == policy::FieldType::kEnum)
      fields[f.id] = f.values.front();
    else if (f.type == policy::FieldType::kBoolean)
      fields[f.id] = true;
    else if (f.type == policy::FieldType::kInteger)
      fields[f.id] = 1;
    else if (f.type == policy::FieldType::kDate)
      fields[f.id] = "2025-01-10";
    else if (f.type == policy::FieldType::kDateTime)
      fields[f.id] = "2025-01-10T10:00:00Z";
    else
      fields[f.id] = "x";
  }
  return fields;
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = testing::ExamplePolicy("contact-centre");
    ASSERT_TRUE(policy_);
    vault_ = testing::NewVault(memory_, &kek_);
    ASSERT_TRUE(vault_);
    service_ = std::make_unique<RecordsService>(*policy_, faults_, *vault_, clock_);
  }

  std::int64_t AuditLength() {
    auto tx = memory_.BeginRead();
    auto last = (*tx)->LastAudit();
    return *last ? (**last).seq : 0;
  }

  std::int64_t RecordCount() {
    auto tx = memory_.BeginRead();
    return *(*tx)->CountRecords();
  }

  NewSubject Parent(const std::string& name, const std::string& email) {
    return NewSubject{"parent", {{"name", name}, {"email", email}}, {}, {}};
  }

  FixedClock clock_{1'740'000'000};  // 2025-02-19
  store::MemoryStore memory_;
  store::FaultStore faults_{memory_};
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<crypto::Key> kek_;
  std::unique_ptr<Vault> vault_;
  std::unique_ptr<RecordsService> service_;
  Actor actor_;
};

TEST_F(ServiceTest, SubjectRoundTripAndBlindIndexSearch) {
  auto s = service_->AddSubject(actor_, Parent("Ada Byron", "ada@mail.example.org"));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->code.rfind("S-", 0), 0u);
  EXPECT_EQ(s->fields["name"], "Ada Byron");
  auto found = service_->FindSubjects(actor_, "email", "  ADA@Mail.Example.org ");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].code, s->code);
  EXPECT_TRUE(service_->FindSubjects(actor_, "email", "bob@mail.example.org")->empty());
  auto bad = service_->FindSubjects(actor_, "note", "x");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not a lookup field"), std::string::npos);
}

TEST_F(ServiceTest, RecordsFollowThePolicy) {
  auto c = service_->OpenCase(actor_, NewCase{"supervised_contact", "self", "2025-01-06", {}, {}});
  ASSERT_TRUE(c) << c.error().message;
  // A type the service does not keep, an unknown type, an unknown field, a case-less record.
  auto wrong_service =
      service_->AddRecord(actor_, NewRecord{"newsletter_signup", c->code, "", "", {}});
  ASSERT_FALSE(wrong_service);
  EXPECT_FALSE(service_->AddRecord(actor_, NewRecord{"no_such_type", c->code, "", "", {}}));
  auto unknown = service_->AddRecord(
      actor_,
      NewRecord{"case_note", c->code, "", "2025-01-07", {{"note", "x"}, {"colour", "red"}}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("field 'colour'"), std::string::npos);
  EXPECT_FALSE(service_->AddRecord(actor_, NewRecord{"case_note", "", "", "", {{"note", "x"}}}));
  auto bad_date = service_->AddRecord(
      actor_, NewRecord{"case_note", c->code, "", "2025-02-30", {{"note", "x"}}});
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(RecordCount(), 0);
  auto ok = service_->AddRecord(actor_,
                                NewRecord{"case_note", c->code, "", "2025-01-07", {{"note", "x"}}});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->case_code, c->code);
}

TEST_F(ServiceTest, BatchIsAllOrNothingWithItsAuditEntry) {
  RecordsService::Batch batch;
  batch.subjects.push_back(Parent("Grace Hopper", "grace@mail.example.org"));
  batch.cases.push_back(NewCase{"supported_contact", "self", "2025-01-06", {}, {}});
  batch.members.emplace_back(0, 0, "parent");
  batch.records.push_back(NewRecord{"case_note", "#0", "#0", "2025-01-07", {{"note", "first"}}});
  batch.records.push_back(NewRecord{"case_note", "#0", "#0", "2025-01-08", {}});  // note missing
  const std::int64_t before = AuditLength();
  auto r = service_->AddBatch(actor_, batch);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("record 2"), std::string::npos) << r.error().message;
  EXPECT_EQ(AuditLength(), before);
  EXPECT_EQ(RecordCount(), 0);
  EXPECT_TRUE(service_->FindSubjects(actor_, "email", "grace@mail.example.org")->empty());

  batch.records.pop_back();
  auto ok = service_->AddBatch(actor_, batch);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->record_codes.size(), 1u);
  auto c = service_->GetCase(actor_, ok->case_codes[0]);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->members.size(), 1u);
  EXPECT_EQ(c->members[0].role, "parent");
}

TEST_F(ServiceTest, FailedCommitLeavesNoKeyBehindInTheCache) {
  auto c = service_->OpenCase(actor_, NewCase{"supported_contact", "", "2025-01-06", {}, {}});
  ASSERT_TRUE(c);
  // The case's first record creates the case's data key; that commit fails.
  faults_.FailCommit(1);
  EXPECT_FALSE(service_->AddRecord(
      actor_, NewRecord{"case_note", c->code, "", "2025-01-07", {{"note", "lost"}}}));
  faults_.ClearFaults();
  auto r = service_->AddRecord(
      actor_, NewRecord{"case_note", c->code, "", "2025-01-08", {{"note", "kept"}}});
  ASSERT_TRUE(r) << r.error().message;
  // A service with a fresh vault (nothing cached) must find the key in the store.
  auto tx = memory_.BeginRead();
  auto fresh_vault = Vault::Open(**tx, *kek_);
  ASSERT_TRUE(fresh_vault) << fresh_vault.error().message;
  tx->reset();
  RecordsService fresh(*policy_, memory_, **fresh_vault, clock_);
  auto read = fresh.GetRecord(actor_, r->code);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->fields["note"], "kept");
}

TEST_F(ServiceTest, SealedFieldsCannotMoveBetweenRows) {
  auto c = service_->OpenCase(actor_, NewCase{"supported_contact", "", "2025-01-06", {}, {}});
  auto a = service_->AddRecord(
      actor_, NewRecord{"case_note", c->code, "", "2025-01-07", {{"note", "alpha"}}});
  auto b = service_->AddRecord(
      actor_, NewRecord{"case_note", c->code, "", "2025-01-08", {{"note", "beta"}}});
  ASSERT_TRUE(a && b);
  {
    auto tx = memory_.Begin();
    auto ra = (*tx)->FindRecord(a->code);
    auto rb = (*tx)->FindRecord(b->code);
    store::RecordRow moved = **rb;
    moved.sealed = (**ra).sealed;  // same owner key, other row
    moved.version += 1;
    ASSERT_TRUE((*tx)->UpdateRecord(moved));
    ASSERT_TRUE((*tx)->Commit());
  }
  auto read = service_->GetRecord(actor_, b->code);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kDataLoss);
}

TEST_F(ServiceTest, RectificationKeepsVersionsAndRefusesStaleWrites) {
  auto c = service_->OpenCase(actor_, NewCase{"supported_contact", "", "2025-01-06", {}, {}});
  auto r = service_->AddRecord(actor_,
                               NewRecord{"case_note", c->code, "", "2025-01-07", {{"note", "v1"}}});
  ASSERT_TRUE(r);
  auto v2 = service_->UpdateRecord(actor_, r->code, 1, {{"note", "v2"}});
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(v2->version, 2);
  auto stale = service_->UpdateRecord(actor_, r->code, 1, {{"note", "lost"}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  auto history = service_->History(actor_, r->code);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].fields["note"], "v1");
  EXPECT_EQ((*history)[1].fields["note"], "v2");
}

TEST_F(ServiceTest, ContactRecordsMoveLastContactForward) {
  auto c = service_->OpenCase(actor_, NewCase{"supervised_contact", "", "2025-01-06", {}, {}});
  ASSERT_TRUE(c);
  const policy::RecordType* t = policy_->FindRecordType("attendance_record");
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->contact) << "attendance counts as contact in the example policy";
  auto r = service_->AddRecord(
      actor_, NewRecord{"attendance_record", c->code, "", "2025-01-10", RequiredFields(*t)});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(service_->GetCase(actor_, c->code)->last_contact_on, "2025-01-10");
}

TEST_F(ServiceTest, AttachmentsRoundTripAndLimits) {
  const policy::RecordType* type = nullptr;
  std::string field;
  for (const auto& t : policy_->record_types) {
    for (const auto& f : t.fields) {
      if (f.type == policy::FieldType::kAttachment && t.case_record && field.empty()) {
        type = &t;
        field = f.id;
      }
    }
  }
  ASSERT_NE(type, nullptr) << "the example has an attachment field";
  auto c = service_->OpenCase(
      actor_, NewCase{type->services.empty() ? "supported_contact" : type->services.front(),
                      "",
                      "2025-01-06",
                      {},
                      {}});
  ASSERT_TRUE(c) << c.error().message;
  nlohmann::json fields = RequiredFields(*type);
  auto r = service_->AddRecord(actor_, NewRecord{type->id, c->code, "", "2025-01-10", fields});
  ASSERT_TRUE(r) << r.error().message;
  std::string data(200'000, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + 3);
  std::istringstream in(data);
  auto a = service_->AddAttachment(actor_, r->code, field, in);
  ASSERT_TRUE(a) << a.error().message;
  std::ostringstream out;
  ASSERT_TRUE(service_->ReadAttachment(actor_, *a, out));
  EXPECT_EQ(out.str(), data);
  std::istringstream other("x");
  EXPECT_FALSE(service_->AddAttachment(actor_, r->code, "no_such_field", other));
}

}  // namespace
}  // namespace casekeep::records

namespace casekeep::records {
namespace {

// Reads from many threads at once: each is answered only with its audit entry committed, the
// entries share commits, and the chain stays one unbroken, verifiable chain.
TEST_F(ServiceTest, ConcurrentReadsAreAuditedInSharedCommits) {
  auto s = service_->AddSubject(Actor{}, Parent("Ann Example", "ann@example.org"));
  ASSERT_TRUE(s) << s.error().message;
  const std::int64_t before = AuditLength();
  constexpr int kThreads = 8;
  constexpr int kReads = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kReads; ++j) {
        if (!service_->GetSubject(Actor{}, s->code)) failures.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(AuditLength() - before, kThreads * kReads);
  auto report = audit::Verify(memory_, &vault_->audit_key(), std::nullopt, {});
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
}

// A read whose audit entry cannot be committed is not answered.
TEST_F(ServiceTest, AReadIsRefusedWhenItsAuditEntryCannotBeWritten) {
  auto s = service_->AddSubject(Actor{}, Parent("Ann Example", "ann@example.org"));
  ASSERT_TRUE(s);
  faults_.FailCommit(1);
  EXPECT_FALSE(service_->GetSubject(Actor{}, s->code));
}

}  // namespace
}  // namespace casekeep::records
