// Tests for audit event validation: codes pass; free text, personal-looking values, control
// characters and oversized fields are refused, by ValidateEvent and by AuditLog::Append, which
// then writes nothing.
#include "audit/event.h"

#include <gtest/gtest.h>

#include <string>

#include "audit/chain.h"
#include "audit/test_chain.h"

namespace casekeep::audit {
namespace {

AuditEvent Good() {
  AuditEvent event;
  event.actor = "U-4F7Q2ZP";
  event.action = "record.read";
  event.objects = {"C-8H2K5WX", "R-3N9P6TD", "field:contact_note.summary"};
  event.purpose = "case_work";
  event.outcome = "ok";
  event.detail = "reason=assigned_caseworker fields=3 since=2024-01-15";
  return event;
}

// Expects kInvalidArgument whose message mentions `word` and does not echo `secret`.
void ExpectRefused(const AuditEvent& event, const std::string& word, const std::string& secret) {
  auto status = ValidateEvent(event);
  ASSERT_FALSE(status) << "accepted: " << word;
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find(word), std::string::npos) << status.error().message;
  if (!secret.empty()) {
    EXPECT_EQ(status.error().message.find(secret), std::string::npos) << status.error().message;
  }
}

TEST(EventTest, CodesPass) {
  EXPECT_TRUE(ValidateEvent(Good()));
  AuditEvent minimal;
  minimal.actor = "local-admin";
  minimal.action = "audit.verify";
  minimal.outcome = "ok";
  EXPECT_TRUE(ValidateEvent(minimal));  // no objects, purpose or detail
}

TEST(EventTest, IsCodeToken) {
  EXPECT_TRUE(IsCodeToken("S-7K3M9Q4"));
  EXPECT_TRUE(IsCodeToken("contact_note.summary:v2"));
  EXPECT_FALSE(IsCodeToken(""));
  EXPECT_FALSE(IsCodeToken("Jane Doe"));
  EXPECT_FALSE(IsCodeToken("jane@example.org"));
  EXPECT_FALSE(IsCodeToken("O'Brien"));
  EXPECT_FALSE(IsCodeToken("caf\xc3\xa9"));
}

TEST(EventTest, RefusesPersonalLookingObjects) {
  for (const std::string& bad :
       {std::string("Jane Doe"), std::string("jane.doe@example.org"), std::string("07700 900123"),
        std::string("SW1A 1AA"), std::string("Flat 2, 10 Example Road"), std::string("")}) {
    AuditEvent event = Good();
    event.objects.push_back(bad);
    ExpectRefused(event, "object 4", bad);
  }
}

TEST(EventTest, RefusesControlCharactersInEveryField) {
  const std::string nasty = std::string("R-1\n") + "forged line";
  auto with = [&](auto set) {
    AuditEvent event = Good();
    set(event);
    return event;
  };
  ExpectRefused(with([&](AuditEvent& e) { e.actor = nasty; }), "actor", nasty);
  ExpectRefused(with([&](AuditEvent& e) { e.action = nasty; }), "action", nasty);
  ExpectRefused(with([&](AuditEvent& e) { e.objects[1] = nasty; }), "object 2", nasty);
  ExpectRefused(with([&](AuditEvent& e) { e.purpose = nasty; }), "purpose", nasty);
  ExpectRefused(with([&](AuditEvent& e) { e.outcome = nasty; }), "outcome", nasty);
  ExpectRefused(with([&](AuditEvent& e) { e.detail = "a\tb"; }), "control character", "");
  ExpectRefused(with([&](AuditEvent& e) { e.detail = std::string("a\0b", 3); }),
                "control character", "");
  ExpectRefused(with([&](AuditEvent& e) { e.detail = "a\x7f"; }), "control character", "");
  ExpectRefused(with([&](AuditEvent& e) { e.actor = "U-1\r"; }), "control character", "");
}

TEST(EventTest, RefusesPersonalLookingDetail) {
  auto detail = [](std::string text) {
    AuditEvent event = Good();
    event.detail = std::move(text);
    return event;
  };
  ExpectRefused(detail("emailed jane.doe@example.org"), "email", "jane");
  ExpectRefused(detail("called 07700 900123"), "phone", "900123");
  ExpectRefused(detail("nhs=943 476 5919"), "NHS", "5919");
  ExpectRefused(detail("tel=020-7946-0123"), "phone", "7946");
  ExpectRefused(detail("Zo\xc3\xab"), "ASCII", "");
  ExpectRefused(detail(std::string(kMaxDetailBytes + 1, 'x')), "longer than", "");
  EXPECT_TRUE(ValidateEvent(detail(std::string(kMaxDetailBytes, 'x'))));
  EXPECT_TRUE(ValidateEvent(detail("count=123456789 at=2024-01-15T10:30:00Z")));
}

TEST(EventTest, RequiredFieldsAndLengths) {
  AuditEvent event = Good();
  event.actor.clear();
  ExpectRefused(event, "actor is empty", "");
  event = Good();
  event.outcome.clear();
  ExpectRefused(event, "outcome is empty", "");
  event = Good();
  event.action = std::string(kMaxTokenBytes + 1, 'a');
  ExpectRefused(event, "longer than", "");
  event.action = std::string(kMaxTokenBytes, 'a');
  EXPECT_TRUE(ValidateEvent(event));
}

TEST(EventTest, CapsObjectsInAll) {
  AuditEvent event = Good();
  event.objects.assign(kMaxObjectsBytes / 8, "R-123456");  // 8 bytes each, plus spaces
  ExpectRefused(event, "objects are longer than", "");
  event.objects.assign(kMaxObjectsBytes / 9, "R-123456");
  EXPECT_TRUE(ValidateEvent(event));
  EXPECT_LE(JoinObjects(event.objects).size(), kMaxObjectsBytes);
}

TEST(EventTest, JoinObjectsUsesSingleSpaces) {
  EXPECT_EQ(JoinObjects({}), "");
  EXPECT_EQ(JoinObjects({"C-1"}), "C-1");
  EXPECT_EQ(JoinObjects({"C-1", "R-2", "A-3"}), "C-1 R-2 A-3");
}

TEST(EventTest, AppendRefusesAndWritesNothing) {
  testing::FakeStore store;
  const crypto::Key key = testing::CountingKey();
  const AuditLog log;
  auto tx = store.Begin();
  ASSERT_TRUE(tx);
  AuditEvent event = Good();
  event.objects = {"Jane Doe"};
  auto status = log.Append(**tx, key, event, 1);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  event = Good();
  event.detail = "note\nJane Doe rang";
  EXPECT_FALSE(log.Append(**tx, key, event, 1));
  ASSERT_TRUE((*tx)->Commit());
  EXPECT_TRUE(store.rows.empty());
}

}  // namespace
}  // namespace casekeep::audit
