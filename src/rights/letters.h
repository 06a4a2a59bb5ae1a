// Letters about a data subject request (docs/rights.md, "Letters"): acknowledgement, the request
// for proof of identity or authority, the request for clarification, the extension notice (with
// its reasons and the day the person was told), completion and refusal (with its ground and
// reasons). Every letter names the organisation, the request's reference and dates, and gives
// the right to complain to the organisation and to the ICO. Plain text for email and a
// print-friendly HTML page. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/error.h"
#include "policy/model.h"
#include "rights/request.h"

namespace casekeep::rights {

inline constexpr std::string_view kIcoComplaintUrl = "https://ico.org.uk/make-a-complaint/";
inline constexpr std::string_view kIcoPhone = "0303 123 1113";

enum class LetterKind {
  kAcknowledgement,
  kIdentityRequest,       //!< proof of identity and/or of authority to act
  kClarificationRequest,  //!< the latest pause: what was asked
  kExtensionNotice,
  kCompletion,
  kRefusal,
};
//! "acknowledgement", "identity_request", "clarification_request", "extension_notice",
//! "completion", "refusal".
std::string_view LetterKindId(LetterKind kind);
std::optional<LetterKind> ParseLetterKind(std::string_view id);
const std::vector<LetterKind>& AllLetterKinds();

struct LetterInput {
  LetterKind kind = LetterKind::kAcknowledgement;
  std::string reference;  //!< the request's code, "Q-…"
  std::string addressee;  //!< "Dear …"; "Dear Sir or Madam" when empty
  Date date;              //!< the letter's date (an extension notice: the day the person was told)
  const Request* request = nullptr;
  const RequestState* state = nullptr;
};

struct Letter {
  std::string subject;  //!< "Your request for … (reference Q-…)"
  std::string text;     //!< plain text, one line per paragraph (mail clients wrap)
  std::string html;     //!< a complete HTML5 page, print-friendly
};

//! The letter, or kFailedPrecondition when the request is not in a state the letter fits
//! ("no extension has been recorded", "the request has not been refused", ...).
[[nodiscard]] Result<Letter> WriteLetter(const policy::Organisation& organisation,
                                         const LetterInput& input);

}  // namespace casekeep::rights
