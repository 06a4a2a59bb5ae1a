// Tests for marketing preferences, unsubscribe tokens, the suppression list and cookie consent
// in a real data folder with the contact-centre policy (marketing by email for the purpose
// "newsletter"; cookie categories session (necessary), preferences and analytics; cookie
// choices kept 6 months). Single-threaded.
#include "records/marketing.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "records/import.h"

namespace casekeep::records {
namespace {

namespace fs = std::filesystem;

constexpr char kEmail[] = "Anna.Smith@Example.org";

class MarketingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "casekeep-marketing-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    InitOptions init;
    init.dir = dir_ + "/data";
    init.policy_path = std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/contact-centre.toml";
    ASSERT_TRUE(InitDataFolder(init, clock_));
    auto folder = DataFolder::Open(init.dir, clock_);
    ASSERT_TRUE(folder) << folder.error().message;
    folder_ = std::move(*folder);
    auto s = records().AddSubject(
        Actor{}, NewSubject{"parent", {{"name", "Anna Smith"}, {"email", kEmail}}, {}, {}});
    ASSERT_TRUE(s) << s.error().message;
    subject_ = s->code;
  }
  void TearDown() override {
    folder_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  RecordsService& records() { return folder_->records(); }

  std::int64_t AuditLength() {
    auto tx = folder_->store().BeginRead();
    auto last = (*tx)->LastAudit();
    return *last ? (**last).seq : 0;
  }
  std::size_t LedgerSize() {
    auto view = records().GetMarketing(Actor{}, subject_);
    return view ? view->history.size() : 999;
  }
  bool OptedIn() {
    auto view = records().GetMarketing(Actor{}, subject_);
    return view && view->channels.at(0).opted_in;
  }
  Result<MarketingEntryView> OptIn(const std::string& code) {
    MarketingChange c;
    c.subject = code;
    c.channel = "email";
    c.opted_in = true;
    c.source = "online_form";
    return records().SetMarketing(Actor{}, c);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  FixedClock clock_{1'748'779'200};  // 2025-06-01
  std::string dir_;
  std::unique_ptr<DataFolder> folder_;
  std::string subject_;
};

TEST_F(MarketingTest, NothingIsOptedInUnlessALedgerEntrySaysSo) {
  auto view = records().GetMarketing(Actor{}, subject_);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_EQ(view->channels.size(), 1u);  // the policy lists email only
  EXPECT_EQ(view->channels[0].channel, "email");
  EXPECT_FALSE(view->channels[0].opted_in);
  EXPECT_FALSE(view->channels[0].since);
  EXPECT_TRUE(view->channels[0].has_address);
  EXPECT_TRUE(view->history.empty());
  EXPECT_TRUE(CurrentMarketing({}).empty());

  // An opt-in must say how it was given; an unlisted channel is refused.
  MarketingChange c{subject_, "email", true, "", {}, false};
  EXPECT_EQ(records().SetMarketing(Actor{}, c).error().code, ErrorCode::kInvalidArgument);
  c.source = "online_form";
  c.channel = "sms";
  auto sms = records().SetMarketing(Actor{}, c);
  ASSERT_FALSE(sms);
  EXPECT_NE(sms.error().message.find("lists: email"), std::string::npos);
  EXPECT_EQ(LedgerSize(), 0u);

  ASSERT_TRUE(OptIn(subject_));
  EXPECT_TRUE(OptedIn());
  MarketingChange out{subject_, "email", false, "", {}, false};
  auto entry = records().SetMarketing(Actor{}, out);
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->source, "staff");
  EXPECT_FALSE(OptedIn());
  EXPECT_EQ(LedgerSize(), 2u);

  // A person with no email address cannot be opted in to email.
  auto bare = records().AddSubject(Actor{}, NewSubject{"parent", {{"name", "No Mail"}}, {}, {}});
  ASSERT_TRUE(bare);
  EXPECT_EQ(OptIn(bare->code).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(MarketingTest, UnsubscribeLinkOptsOutSuppressesAndWithdrawsConsent) {
  ASSERT_TRUE(OptIn(subject_));
  ASSERT_TRUE(records().GiveConsent(
      Actor{}, NewConsent{subject_, "newsletter", "online_form", "", {}, "", ""}));
  auto link = records().MakeUnsubscribeLink(Actor{}, subject_, "email");
  ASSERT_TRUE(link) << link.error().message;
  EXPECT_EQ(link->expires_at, clock_.NowUnixSeconds() + kUnsubscribeTokenSeconds);
  EXPECT_TRUE(link->path.starts_with("/api/v1/public/unsubscribe?token=u1."));

  auto checked = records().CheckUnsubscribe(link->token);
  ASSERT_TRUE(checked) << checked.error().message;
  EXPECT_EQ(checked->channel, "email");
  EXPECT_TRUE(OptedIn());

  auto done = records().Unsubscribe(link->token);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(done->already);
  EXPECT_EQ(done->withdrawn, std::vector<std::string>{"newsletter"});
  auto view = records().GetMarketing(Actor{}, subject_);
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->channels[0].opted_in);
  EXPECT_EQ(view->channels[0].source, "unsubscribe_link");
  EXPECT_TRUE(view->channels[0].suppressed);
  auto consents = records().ConsentStatus(Actor{}, subject_);
  ASSERT_TRUE(consents);
  for (const auto& c : *consents) {
    if (c.consent == "newsletter") {
      EXPECT_EQ(c.state, "withdrawn");
    }
  }
  auto history = records().GetConsentHistory(Actor{}, subject_);
  ASSERT_TRUE(history);
  EXPECT_EQ(history->entries.back().method, "unsubscribe_link");

  // Twice is fine, and writes no second entry.
  const std::size_t ledger = LedgerSize();
  auto again = records().Unsubscribe(link->token);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->already);
  EXPECT_EQ(LedgerSize(), ledger);

  // The suppressed address cannot be opted in again.
  auto refused = OptIn(subject_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("suppression list"), std::string::npos);
}

TEST_F(MarketingTest, ForgedTamperedAndExpiredTokensChangeNothing) {
  ASSERT_TRUE(OptIn(subject_));
  auto link = records().MakeUnsubscribeLink(Actor{}, subject_, "email");
  ASSERT_TRUE(link);
  const std::string token = link->token;
  auto other = records().AddSubject(
      Actor{}, NewSubject{"parent", {{"name", "B"}, {"email", "b@example.org"}}, {}, {}});
  ASSERT_TRUE(other);

  std::vector<std::string> bad;
  std::string flipped = token;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  bad.push_back(flipped);                            // MAC altered
  bad.push_back(token.substr(0, token.size() - 2));  // cut short
  std::string someone = token;                       // another person
  someone.replace(someone.find(subject_), subject_.size(), other->code);
  bad.push_back(someone);
  std::string channel = token;  // another channel
  channel.replace(channel.find(".email."), 7, ".sms.");
  bad.push_back(channel);
  std::string later = token;  // a later expiry
  const std::string expiry = std::to_string(link->expires_at);
  later.replace(later.find(expiry), expiry.size(), std::to_string(link->expires_at + 86'400));
  bad.push_back(later);
  bad.push_back("");
  bad.push_back("u1.S-XXXXXXX.email.1.00");

  const std::int64_t audit = AuditLength();
  for (const auto& t : bad) {
    auto r = records().Unsubscribe(t);
    ASSERT_FALSE(r) << t;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << t;
    EXPECT_FALSE(records().CheckUnsubscribe(t)) << t;
  }
  clock_.Advance(kUnsubscribeTokenSeconds + 1);
  auto expired = records().Unsubscribe(token);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
  EXPECT_EQ(AuditLength(), audit);
  EXPECT_TRUE(OptedIn());
  EXPECT_EQ(LedgerSize(), 1u);
}

TEST_F(MarketingTest, AnUnsubscribedEmailIsNotResubscribedByAnImport) {
  auto link = records().MakeUnsubscribeLink(Actor{}, subject_, "email");
  ASSERT_TRUE(link);
  ASSERT_TRUE(records().Unsubscribe(link->token));
  // Staff can suppress a given address too.
  ASSERT_TRUE(records().Suppress(Actor{}, Suppression{"email", "", " c@Example.org ", ""}));
  EXPECT_EQ(
      records().Suppress(Actor{}, Suppression{"email", "", "not an address", ""}).error().code,
      ErrorCode::kInvalidArgument);

  ImportOptions o;
  o.csv_path = Write("people.csv",
                     "Name,Email,Newsletter\n"
                     "Anna Smith,anna.smith@example.org,yes\n"  // suppressed (case differs)
                     "Ben Jones,ben@example.org,yes\n"
                     "Cat Brown,c@example.org,Y\n"  // suppressed by staff
                     "Dan Green,dan@example.org,no\n"
                     "Eve White,eve@example.org,\n");
  o.mapping_path = Write("people.toml",
                         "target = \"subject\"\nkind = \"parent\"\n\n[columns]\n\"Name\" = "
                         "\"name\"\n\"Email\" = \"email\"\n\n[marketing]\n\"Newsletter\" = "
                         "\"email\"\n");
  auto report = ImportCsv(*folder_, o, {});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->imported, 5);  // every row's other data is imported
  EXPECT_EQ(report->marketing_opt_ins, 1);
  EXPECT_EQ(report->marketing_refused, 2);

  auto found = records().FindSubjects(Actor{}, "email", "anna.smith@example.org");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 2u);
  for (const auto& person : *found) {
    auto view = records().GetMarketing(Actor{}, person.code);
    ASSERT_TRUE(view);
    EXPECT_FALSE(view->channels[0].opted_in) << person.code;
    EXPECT_TRUE(view->channels[0].suppressed) << person.code;
  }
  auto ben = records().FindSubjects(Actor{}, "email", "ben@example.org");
  ASSERT_TRUE(ben);
  ASSERT_EQ(ben->size(), 1u);
  auto view = records().GetMarketing(Actor{}, ben->front().code);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->channels[0].opted_in);
  EXPECT_EQ(view->channels[0].source, "import");
}

TEST_F(MarketingTest, ImportMappingsCheckTheirMarketingColumns) {
  const policy::Policy& policy = folder_->policy();
  auto bad = ParseImportMapping(
      "target = \"subject\"\nkind = \"parent\"\n[columns]\n\"Name\" = \"name\"\n"
      "[marketing]\n\"Text\" = \"sms\"\n\"Mail\" = \"email\"\n\"Mail2\" = \"email\"\n",
      "m.toml", policy);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("m.toml:6: error: marketing column 'Text'"),
            std::string::npos);
  EXPECT_NE(bad.error().message.find("m.toml:8: error: marketing column 'Mail2'"),
            std::string::npos);
  auto record = ParseImportMapping(
      "target = \"record\"\ntype = \"payment\"\ncase_column = \"C\"\n[columns]\n"
      "\"A\" = \"amount_pence\"\n[marketing]\n\"Mail\" = \"email\"\n",
      "r.toml", policy);
  ASSERT_FALSE(record);
  EXPECT_NE(record.error().message.find("only for target = \"subject\""), std::string::npos);
}

TEST_F(MarketingTest, CookieChoicesAreCheckedKeptAndPurged) {
  const std::string device = "device_0123456789abcdef";
  const std::int64_t audit = AuditLength();
  // Malformed choices store nothing.
  const std::vector<CookieChoice> bad = {
      {device, {{"preferences", true}, {"analytics", false}, {"marketing", true}}},  // unknown
      {device, {{"preferences", true}}},                                             // missing
      {device, {{"session", false}, {"preferences", true}, {"analytics", true}}},    // necessary
      {"short", {{"preferences", true}, {"analytics", true}}},                       // device id
      {std::string(65, 'a'), {{"preferences", true}, {"analytics", true}}},
      {"has spaces in it!!", {{"preferences", true}, {"analytics", true}}},
  };
  for (const auto& b : bad) {
    auto r = records().RecordCookieConsent(b);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
  }
  EXPECT_EQ(AuditLength(), audit);
  auto none = records().GetCookieConsent(device);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->latest);

  auto first =
      records().RecordCookieConsent({device, {{"preferences", true}, {"analytics", false}}});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->choices.at("session"));  // necessary: always on
  EXPECT_EQ(first->notice_hash, records().notice_hash());
  auto text = records().GetText(first->notice_hash);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->text, records().notice_text());

  clock_.Advance(100 * 86'400);
  auto second = records().RecordCookieConsent(
      {device, {{"session", true}, {"preferences", false}, {"analytics", true}}});
  ASSERT_TRUE(second);
  auto other = records().RecordCookieConsent(
      {"another-device-0000", {{"preferences", false}, {"analytics", false}}});
  ASSERT_TRUE(other);

  auto history = records().GetCookieConsent(device);
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->history.size(), 2u);
  ASSERT_TRUE(history->latest);
  EXPECT_EQ(history->latest->at, second->at);
  EXPECT_TRUE(history->latest->choices.at("analytics"));
  EXPECT_FALSE(history->history[0].choices.at("analytics"));

  // Six months after the first choice, only it is older than the policy keeps choices.
  clock_.Advance(90 * 86'400);
  auto purged = records().PurgeCookieConsents(Actor{});
  ASSERT_TRUE(purged) << purged.error().message;
  EXPECT_EQ(*purged, 1);
  history = records().GetCookieConsent(device);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->history.size(), 1u);
  EXPECT_EQ(history->history[0].at, second->at);
  auto kept = records().GetCookieConsent("another-device-0000");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->history.size(), 1u);
}

}  // namespace
}  // namespace casekeep::records
