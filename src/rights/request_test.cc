// Tests for the request state machine: every transition, in a table of event sequences with the
// status and due date each should reach (dates worked out with data/uk-bank-holidays.json, as in
// deadline_test.cc), and the refusals. Single-threaded.
#include "rights/request.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "rights/test_events.h"

namespace casekeep::rights {
namespace {

using namespace testing_events;

struct Row {
  std::string_view name;
  RequesterKind requester;
  bool identity;
  std::string_view received;
  std::vector<RequestEvent> events;
  std::string_view status;
  std::string_view due;  // empty: none
};

void PrintTo(const Row& row, std::ostream* os) {
  *os << row.name;
}

class RequestTable : public testing::TestWithParam<Row> {};

TEST_P(RequestTable, ReachesStatusAndDue) {
  const Row& row = GetParam();
  const Date today = D("2025-12-31");
  Request r = NewRequest(RequestKind::kAccess, row.requester, D(row.received), today, row.identity,
                         false, "local-admin", 0)
                  .value();
  for (const RequestEvent& e : row.events) {
    auto next = Apply(r, e, today, Cal());
    ASSERT_TRUE(next.has_value()) << EventKindId(e.kind) << ": " << next.error().message;
    r = *next;
  }
  auto state = Evaluate(r, Cal());
  ASSERT_TRUE(state.has_value()) << state.error().message;
  EXPECT_EQ(RequestStatusId(state->status), row.status);
  EXPECT_EQ(state->due ? state->due->ToString() : "", row.due);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, RequestTable,
    testing::Values(
        // Received Fri 31 Jan 2025: no 31 Feb, so Fri 28 Feb.
        Row{"Received", RequesterKind::kSubject, false, "2025-01-31", {}, "open", "2025-02-28"},
        // The clock has not started while identity is awaited.
        Row{"AwaitingIdentity",
            RequesterKind::kSubject,
            true,
            "2025-01-10",
            {},
            "awaiting_identity",
            ""},
        // Identity on Mon 20 Jan: Thu 20 Feb.
        Row{"IdentityStartsClock",
            RequesterKind::kSubject,
            true,
            "2025-01-10",
            {Ev(EventKind::kIdentityVerified, "2025-01-20")},
            "open",
            "2025-02-20"},
        // A third party always needs authority.
        Row{"ThirdPartyAwaitsAuthority",
            RequesterKind::kThirdParty,
            false,
            "2025-01-10",
            {},
            "awaiting_authority",
            ""},
        // Identity first, then authority on Mon 27 Jan: Thu 27 Feb.
        Row{"IdentityThenAuthority",
            RequesterKind::kThirdParty,
            true,
            "2025-01-10",
            {Ev(EventKind::kIdentityVerified, "2025-01-20"),
             Ev(EventKind::kAuthorityProved, "2025-01-27")},
            "open",
            "2025-02-27"},
        Row{"IdentityAwaitsAuthority",
            RequesterKind::kThirdParty,
            true,
            "2025-01-10",
            {Ev(EventKind::kIdentityVerified, "2025-01-20")},
            "awaiting_authority",
            ""},
        // No due date while paused.
        Row{"Paused",
            RequesterKind::kSubject,
            false,
            "2025-01-06",
            {Ev(EventKind::kPaused, "2025-01-10", "which year?")},
            "paused",
            ""},
        // Mon 6 Jan: Thu 6 Feb + 5 paused days (10..14 Jan) = Tue 11 Feb.
        Row{"PausedAndResumed",
            RequesterKind::kSubject,
            false,
            "2025-01-06",
            {Ev(EventKind::kPaused, "2025-01-10", "which year?"),
             Ev(EventKind::kResumed, "2025-01-14")},
            "open",
            "2025-02-11"},
        // Fri 31 Jan + 3 months: Wed 30 Apr.
        Row{"Extended",
            RequesterKind::kSubject,
            false,
            "2025-01-31",
            {Ev(EventKind::kExtended, "2025-02-10", "complex", "2025-02-10")},
            "extended",
            "2025-04-30"},
        // Extended, then paused 1 day and resumed: Wed 30 Apr + 1 = Thu 1 May.
        Row{"ExtendedPausedResumed",
            RequesterKind::kSubject,
            false,
            "2025-01-31",
            {Ev(EventKind::kExtended, "2025-02-10", "complex", "2025-02-10"),
             Ev(EventKind::kPaused, "2025-02-12", "which records?"),
             Ev(EventKind::kResumed, "2025-02-12")},
            "extended",
            "2025-05-01"},
        // Closed requests keep their due date for the record.
        Row{"Completed",
            RequesterKind::kSubject,
            false,
            "2025-01-31",
            {Ev(EventKind::kCompleted, "2025-02-20", "sent")},
            "completed",
            "2025-02-28"},
        Row{"Refused",
            RequesterKind::kSubject,
            false,
            "2025-01-31",
            {Ev(EventKind::kRefused, "2025-02-20", "tenth copy this month")},
            "refused",
            "2025-02-28"},
        Row{"RefusedWhileAwaitingIdentity",
            RequesterKind::kSubject,
            true,
            "2025-01-31",
            {Ev(EventKind::kRefused, "2025-03-20", "no proof came")},
            "refused",
            ""},
        Row{"Withdrawn",
            RequesterKind::kSubject,
            false,
            "2025-01-31",
            {Ev(EventKind::kWithdrawn, "2025-02-01")},
            "withdrawn",
            "2025-02-28"},
        Row{"NoteChangesNothing",
            RequesterKind::kSubject,
            false,
            "2025-01-31",
            {Ev(EventKind::kNote, "2025-02-01", "called")},
            "open",
            "2025-02-28"}),
    [](const testing::TestParamInfo<Row>& p) { return std::string(p.param.name); });

struct Refusal {
  std::string_view name;
  bool identity;
  std::vector<RequestEvent> before;
  RequestEvent event;
  ErrorCode code;
  std::string_view message;  // a part of the message
};

void PrintTo(const Refusal& row, std::ostream* os) {
  *os << row.name;
}

class RequestRefusals : public testing::TestWithParam<Refusal> {};

TEST_P(RequestRefusals, RefusesAndChangesNothing) {
  const Refusal& row = GetParam();
  const Date today = D("2025-03-31");
  Request r = NewRequest(RequestKind::kErasure, RequesterKind::kSubject, D("2025-01-31"), today,
                         row.identity, false, "local-admin", 0)
                  .value();
  for (const RequestEvent& e : row.before) r = Apply(r, e, today, Cal()).value();
  const std::size_t events = r.events.size();
  auto next = Apply(r, row.event, today, Cal());
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code, row.code);
  EXPECT_NE(next.error().message.find(row.message), std::string::npos) << next.error().message;
  EXPECT_EQ(r.events.size(), events);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, RequestRefusals,
    testing::Values(Refusal{"InTheFuture",
                            false,
                            {},
                            Ev(EventKind::kCompleted, "2025-04-01"),
                            ErrorCode::kInvalidArgument,
                            "after today"},
                    Refusal{"BeforeReceipt",
                            false,
                            {},
                            Ev(EventKind::kCompleted, "2025-01-30"),
                            ErrorCode::kInvalidArgument,
                            "before the request was received"},
                    Refusal{"CompleteWhileAwaitingIdentity",
                            true,
                            {},
                            Ev(EventKind::kCompleted, "2025-02-01"),
                            ErrorCode::kFailedPrecondition,
                            "awaiting_identity cannot be marked completed"},
                    Refusal{"IdentityNotAskedFor",
                            false,
                            {},
                            Ev(EventKind::kIdentityVerified, "2025-02-01"),
                            ErrorCode::kFailedPrecondition,
                            "not asked for"},
                    Refusal{"ResumeWithoutPause",
                            false,
                            {},
                            Ev(EventKind::kResumed, "2025-02-01"),
                            ErrorCode::kFailedPrecondition,
                            "open cannot be marked resumed"},
                    Refusal{"ResumeBeforePause",
                            false,
                            {Ev(EventKind::kPaused, "2025-02-05", "what?")},
                            Ev(EventKind::kResumed, "2025-02-04"),
                            ErrorCode::kInvalidArgument,
                            "before it was asked for"},
                    Refusal{"PauseWithoutQuestion",
                            false,
                            {},
                            Ev(EventKind::kPaused, "2025-02-05"),
                            ErrorCode::kInvalidArgument,
                            "what clarification"},
                    Refusal{"ExtendWithoutReasons",
                            false,
                            {},
                            Ev(EventKind::kExtended, "2025-02-05", "", "2025-02-05"),
                            ErrorCode::kInvalidArgument,
                            "reasons"},
                    Refusal{"ExtendWithoutTelling",
                            false,
                            {},
                            Ev(EventKind::kExtended, "2025-02-05", "big"),
                            ErrorCode::kInvalidArgument,
                            "the day the person was told"},
                    // The first deadline is Fri 28 Feb 2025; telling on 3 March is too late.
                    Refusal{"ExtendTooLate",
                            false,
                            {},
                            Ev(EventKind::kExtended, "2025-03-03", "big", "2025-03-03"),
                            ErrorCode::kInvalidArgument,
                            "within the first month"},
                    Refusal{"ExtendTwice",
                            false,
                            {Ev(EventKind::kExtended, "2025-02-05", "big", "2025-02-05")},
                            Ev(EventKind::kExtended, "2025-02-06", "bigger", "2025-02-06"),
                            ErrorCode::kFailedPrecondition,
                            "extended cannot be marked extended"},
                    Refusal{"AfterCompletion",
                            false,
                            {Ev(EventKind::kCompleted, "2025-02-05", "done")},
                            Ev(EventKind::kWithdrawn, "2025-02-06"),
                            ErrorCode::kFailedPrecondition,
                            "completed cannot be marked withdrawn"},
                    Refusal{"RefusalWithoutReasons",
                            false,
                            {},
                            Ev(EventKind::kRefused, "2025-02-05"),
                            ErrorCode::kInvalidArgument,
                            "reasons"},
                    Refusal{"ReceivedAgain",
                            false,
                            {},
                            Ev(EventKind::kReceived, "2025-02-05"),
                            ErrorCode::kInvalidArgument,
                            "only once"}),
    [](const testing::TestParamInfo<Refusal>& p) { return std::string(p.param.name); });

TEST(Request, ReceivedInTheFutureIsRefused) {
  auto r = NewRequest(RequestKind::kAccess, RequesterKind::kSubject, D("2025-02-01"),
                      D("2025-01-31"), false, false, "x", 0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(Request, IdsRoundTrip) {
  for (RequestKind k : AllRequestKinds()) {
    EXPECT_EQ(ParseRequestKind(RequestKindId(k)), k);
    EXPECT_FALSE(RequestKindWords(k).empty());
  }
  EXPECT_EQ(AllRequestKinds().size(), 8u);
  EXPECT_EQ(ParseRequestKind("deletion"), std::nullopt);
  EXPECT_EQ(ParseRequesterKind("third_party"), RequesterKind::kThirdParty);
  EXPECT_EQ(ParseRefusalGround("manifestly_unfounded"), RefusalGround::kManifestlyUnfounded);
  EXPECT_EQ(ParseRequestStatus("awaiting_identity"), RequestStatus::kAwaitingIdentity);
  EXPECT_EQ(ParseEventKind("resumed"), EventKind::kResumed);
}

TEST(Request, OverdueAndDueSoon) {
  Request r = NewRequest(RequestKind::kAccess, RequesterKind::kSubject, D("2025-01-31"),
                         D("2025-01-31"), false, false, "x", 0)
                  .value();
  RequestState s = Evaluate(r, Cal()).value();  // due Fri 28 Feb 2025
  EXPECT_FALSE(IsOverdue(s, D("2025-02-28")));
  EXPECT_TRUE(IsOverdue(s, D("2025-03-01")));
  // From Mon 24 Feb, 4 working days reach Fri 28 Feb; 3 reach Thu 27 Feb.
  EXPECT_TRUE(IsDueSoon(s, D("2025-02-24"), 4, Cal()).value());
  EXPECT_FALSE(IsDueSoon(s, D("2025-02-24"), 3, Cal()).value());
  EXPECT_FALSE(IsDueSoon(s, D("2025-03-03"), 10, Cal()).value());  // overdue, not due soon
  // Across a weekend: from Thu 20 Feb, 6 working days reach Fri 28 Feb.
  EXPECT_TRUE(IsDueSoon(s, D("2025-02-20"), 6, Cal()).value());
  EXPECT_FALSE(IsDueSoon(s, D("2025-02-20"), 5, Cal()).value());
  // Closed requests are neither.
  RequestState closed = s;
  closed.status = RequestStatus::kCompleted;
  EXPECT_FALSE(IsOverdue(closed, D("2025-03-10")));
  EXPECT_FALSE(IsDueSoon(closed, D("2025-02-27"), 5, Cal()).value());
}

TEST(Request, AddWorkingDaysSkipsBankHolidays) {
  // Tue 24 Dec 2024 + 1 working day: 25, 26 Dec holidays -> Fri 27 Dec.
  EXPECT_EQ(AddWorkingDays(D("2024-12-24"), 1, Cal()).value(), D("2024-12-27"));
  EXPECT_EQ(AddWorkingDays(D("2024-12-24"), 0, Cal()).value(), D("2024-12-24"));
  EXPECT_FALSE(AddWorkingDays(D("2024-12-24"), -1, Cal()).has_value());
}

}  // namespace
}  // namespace casekeep::rights
