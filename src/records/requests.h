// The request register in the records service (requests.cc; docs/rights.md): what is given to
// open a request and to record a step, and what is shown of one. The state machine and the
// deadlines are rights::Request's; the store keeps the code, person, kind, status and dates in
// the clear and everything else (who asked, what was asked, every event with its reasons)
// sealed under the vault's session key. Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casekeep::records {

struct NewDataRequest {
  std::string subject;                //!< "S-…"
  std::string kind;                   //!< rights::RequestKindId
  std::string requester = "subject";  //!< rights::RequesterKindId
  std::string requester_name;         //!< who asked, when not the person
  std::string received_on;            //!< YYYY-MM-DD; today when empty
  bool verify_identity = false;       //!< proof of identity has been asked for
  bool prove_authority =
      false;            //!< proof of authority has been asked for (implied for third_party)
  std::string details;  //!< what is asked for
};

//! One step on a request: an event kind (rights::EventKindId, not "received") and its facts.
struct RequestStep {
  std::string event;    //!< identity_verified, authority_proved, paused, resumed, extended, ...
  std::string on;       //!< YYYY-MM-DD; today when empty
  std::string text;     //!< reasons, what was asked, what was done
  std::string told_on;  //!< extended: the day the person was told
  std::string ground;   //!< refused: rights::RefusalGroundId
};

struct RequestEventView {
  std::string event;
  std::string on;
  std::string text;
  std::optional<std::string> told_on;
  std::optional<std::string> ground;
  std::string by;
  std::int64_t at = 0;
};

struct RequestView {
  std::string code;
  std::string subject;
  std::string kind;
  std::string status;
  std::string requester;
  std::string requester_name;
  std::string details;
  bool identity_needed = false;
  bool authority_needed = false;
  std::string received_on;
  std::optional<std::string> due_on;           //!< empty until the clock runs, and while paused
  std::optional<std::string> original_due_on;  //!< the one-month deadline
  std::optional<std::string> paused_since;
  std::optional<std::string> closed_on;
  bool extended = false;
  bool overdue = false;
  std::vector<RequestEventView> events;
  std::string created_by;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

//! Which requests ListDataRequests returns.
struct RequestFilter {
  bool include_closed = false;             //!< completed, refused and withdrawn too
  bool overdue = false;                    //!< only overdue ones
  std::optional<std::int64_t> due_within;  //!< only those due within this many working days
  std::string subject;                     //!< only this person's
};

struct LetterView {
  std::string kind;
  std::string subject;
  std::string text;
  std::string html;
};

//! A rectification done for a request: the new version, and the recipients the person's data
//! was disclosed to, who must be told (UK GDPR Art 19).
struct RectificationView {
  std::string request;
  std::string record;
  std::int64_t version = 0;
  std::vector<std::string> recipients;  //!< policy recipient ids, each once
};

}  // namespace casekeep::records
