// Tests for request letters: each kind, in a table, with the sentences it must hold, the
// complaint route to the ICO in both forms, escaping in HTML, and the refusal of a letter that
// does not fit the request's state. Single-threaded.
#include "rights/letters.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "rights/test_events.h"

namespace casekeep::rights {
namespace {

using namespace testing_events;

policy::Organisation Org() {
  policy::Organisation o;
  o.name = "Riverside Family Centre";
  o.address = "1 High Street, Leeds";
  o.email = "hello@riverside.example";
  o.dpo.name = "Sam DPO";
  o.dpo.email = "dpo@riverside.example";
  return o;
}

struct Row {
  std::string_view name;
  LetterKind kind;
  RequesterKind requester;
  bool identity;
  std::vector<RequestEvent> events;
  std::vector<std::string_view> wants;
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.name;
}

class LetterTable : public testing::TestWithParam<Row> {};

TEST_P(LetterTable, Writes) {
  const Row& row = GetParam();
  const Calendar cal{HolidayDivision::kEnglandAndWales, &Holidays()};
  // A parent is asked for proof of parental responsibility in these rows.
  Request r = NewRequest(RequestKind::kAccess, row.requester, D("2025-01-31"), D("2025-03-31"),
                         row.identity, row.requester == RequesterKind::kParent, "x", 0)
                  .value();
  for (const auto& e : row.events) r = Apply(r, e, D("2025-03-31"), cal).value();
  const RequestState s = Evaluate(r, cal).value();
  LetterInput in{row.kind, "Q-ABC123", "Jo Bloggs", D("2025-02-03"), &r, &s};
  auto letter = WriteLetter(Org(), in);
  ASSERT_TRUE(letter.has_value()) << letter.error().message;
  for (std::string_view want : row.wants) {
    EXPECT_NE(letter->text.find(want), std::string::npos) << want << "\n" << letter->text;
  }
  for (const std::string* out : {&letter->text, &letter->html}) {
    EXPECT_NE(out->find("https://ico.org.uk/make-a-complaint/"), std::string::npos);
    EXPECT_NE(out->find("0303 123 1113"), std::string::npos);
    EXPECT_NE(out->find("Q-ABC123"), std::string::npos);
    EXPECT_NE(out->find("Riverside Family Centre"), std::string::npos);
    EXPECT_NE(out->find("dpo@riverside.example"), std::string::npos);
    EXPECT_NE(out->find("Monday 3 February 2025"), std::string::npos);
  }
  EXPECT_NE(letter->html.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(letter->html.find("<a href=\"https://ico.org.uk/make-a-complaint/\">"),
            std::string::npos);
  EXPECT_NE(letter->subject.find("Q-ABC123"), std::string::npos);
  EXPECT_NE(letter->text.find("Dear Jo Bloggs,"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, LetterTable,
    testing::Values(
        Row{"Acknowledgement",
            LetterKind::kAcknowledgement,
            RequesterKind::kSubject,
            false,
            {},
            {"we received on Friday 31 January 2025", "respond by Friday 28 February 2025",
             "the right of access"}},
        Row{"AcknowledgementAwaitingIdentity",
            LetterKind::kAcknowledgement,
            RequesterKind::kSubject,
            true,
            {},
            {"we need proof of identity", "starts when we receive it"}},
        Row{"IdentityRequest",
            LetterKind::kIdentityRequest,
            RequesterKind::kSubject,
            true,
            {},
            {"proof of identity", "passport"}},
        Row{"AuthorityRequest",
            LetterKind::kIdentityRequest,
            RequesterKind::kThirdParty,
            false,
            {},
            {"authorised to act for the person", "lasting power of attorney",
             "on behalf of the person"}},
        Row{"ParentAuthority",
            LetterKind::kIdentityRequest,
            RequesterKind::kParent,
            true,
            {},
            {"parental responsibility", "on behalf of your child"}},
        Row{"Clarification",
            LetterKind::kClarificationRequest,
            RequesterKind::kSubject,
            false,
            {Ev(EventKind::kPaused, "2025-02-03", "Which of your two cases do you mean?")},
            {"Which of your two cases do you mean?", "paused from Monday 3 February 2025"}},
        Row{"Extension",
            LetterKind::kExtensionNotice,
            RequesterKind::kSubject,
            false,
            {Ev(EventKind::kExtended, "2025-02-03", "Records span ten years.", "2025-02-03")},
            {"Records span ten years.", "respond by Wednesday 30 April 2025",
             "two further months"}},
        Row{"Completion",
            LetterKind::kCompletion,
            RequesterKind::kSubject,
            false,
            {Ev(EventKind::kCompleted, "2025-02-03", "Your data is enclosed.")},
            {"on Monday 3 February 2025", "Your data is enclosed."}},
        Row{"Refusal",
            LetterKind::kRefusal,
            RequesterKind::kSubject,
            false,
            {Ev(EventKind::kRefused, "2025-02-03", "The same request came daily.", {},
                RefusalGround::kManifestlyUnfounded)},
            {"manifestly unfounded", "The same request came daily.", "court"}}),
    [](const testing::TestParamInfo<Row>& p) { return std::string(p.param.name); });

TEST(Letters, RefusesALetterThatDoesNotFit) {
  const Calendar cal{HolidayDivision::kEnglandAndWales, &Holidays()};
  Request r = NewRequest(RequestKind::kErasure, RequesterKind::kSubject, D("2025-01-31"),
                         D("2025-01-31"), false, false, "x", 0)
                  .value();
  const RequestState s = Evaluate(r, cal).value();
  for (LetterKind kind :
       {LetterKind::kIdentityRequest, LetterKind::kClarificationRequest,
        LetterKind::kExtensionNotice, LetterKind::kCompletion, LetterKind::kRefusal}) {
    LetterInput in{kind, "Q-1", "", D("2025-02-01"), &r, &s};
    auto letter = WriteLetter(Org(), in);
    ASSERT_FALSE(letter.has_value()) << LetterKindId(kind);
    EXPECT_EQ(letter.error().code, ErrorCode::kFailedPrecondition);
  }
  LetterInput in{LetterKind::kAcknowledgement, "Q-1", "", D("2025-02-01"), &r, &s};
  auto ok = WriteLetter(Org(), in);
  ASSERT_TRUE(ok.has_value());
  EXPECT_NE(ok->text.find("Dear Sir or Madam,"), std::string::npos);
}

TEST(Letters, EscapesHtml) {
  const Calendar cal{HolidayDivision::kEnglandAndWales, &Holidays()};
  Request r = NewRequest(RequestKind::kAccess, RequesterKind::kSubject, D("2025-01-31"),
                         D("2025-02-03"), false, false, "x", 0)
                  .value();
  r = Apply(r, Ev(EventKind::kPaused, "2025-02-03", "<script>alert(1)</script>"), D("2025-02-03"),
            cal)
          .value();
  const RequestState s = Evaluate(r, cal).value();
  LetterInput in{LetterKind::kClarificationRequest, "Q-1", "<b>Jo</b>", D("2025-02-03"), &r, &s};
  auto letter = WriteLetter(Org(), in).value();
  EXPECT_EQ(letter.html.find("<script>"), std::string::npos);
  EXPECT_EQ(letter.html.find("<b>Jo"), std::string::npos);
  EXPECT_NE(letter.html.find("&lt;script&gt;"), std::string::npos);
}

TEST(Letters, KindIdsRoundTrip) {
  for (LetterKind k : AllLetterKinds()) EXPECT_EQ(ParseLetterKind(LetterKindId(k)), k);
  EXPECT_EQ(ParseLetterKind("apology"), std::nullopt);
}

}  // namespace
}  // namespace casekeep::rights
