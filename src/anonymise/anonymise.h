// Free-text anonymisation for transcripts, quotes and case studies (docs/anonymisation.md):
// finds the names of a person and everyone linked to them, email addresses, UK phone numbers,
// UK postcodes, NHS numbers (valid check digit only), National Insurance numbers, dates of birth
// and street addresses, and replaces each with a typed placeholder. A draft is reviewed by a
// person before release (Release applies the reviewer's decisions to the same detections).
//
// Pure and deterministic: the same text and context give the same draft, so a release can be
// checked against the draft without storing it. Thread-safe: functions of their arguments.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace casekeep::anonymise {

//! Largest text accepted, in bytes.
inline constexpr std::size_t kMaxTextBytes = std::size_t{1} << 20;
//! Most names (full names and aliases, over all people) a context may hold.
inline constexpr std::size_t kMaxContextNames = 2000;
//! Longest single name in a context, in bytes.
inline constexpr std::size_t kMaxNameBytes = 200;

enum class Kind {
  kName,
  kEmail,
  kPhone,
  kPostcode,
  kNhsNumber,
  kNiNumber,
  kDateOfBirth,
  kAddress,
};
inline constexpr Kind kAllKinds[] = {Kind::kName,        Kind::kEmail,     Kind::kPhone,
                                     Kind::kPostcode,    Kind::kNhsNumber, Kind::kNiNumber,
                                     Kind::kDateOfBirth, Kind::kAddress};

//! "NAME", "EMAIL", "PHONE", "POSTCODE", "NHS_NUMBER", "NI_NUMBER", "DATE_OF_BIRTH", "ADDRESS".
[[nodiscard]] std::string_view KindName(Kind kind);
//! The kind of a name above (exact, upper case), or nullopt.
[[nodiscard]] std::optional<Kind> ParseKind(std::string_view name);

//! One person whose names are removed: full names as recorded ("Mary Anne O'Neill") and any
//! other names they go by ("Annie"). Each full name also removes its single words and the
//! parts of hyphenated words ("Clarke-Hughes" also removes "Clarke" and "Hughes").
struct Person {
  std::vector<std::string> names;
};

//! The people whose names are removed; the first is numbered 1 ([NAME-1]) and so on.
struct Context {
  std::vector<Person> people;
};

//! One span found in the original text: [begin, end) in bytes.
struct Span {
  Kind kind = Kind::kName;
  std::size_t begin = 0;
  std::size_t end = 0;
  int person = 0;  //!< names only: 1-based person number, 0 when the name fits several people
};

//! One replacement as the reviewer sees it.
struct Replacement {
  Kind kind = Kind::kName;
  std::size_t begin = 0;  //!< byte offsets in the original text
  std::size_t end = 0;
  std::string original;     //!< the text removed, for the reviewer only
  std::string placeholder;  //!< "[EMAIL]", "[NAME-2]", ...
};

struct Anonymised {
  std::string text;                       //!< the text with placeholders
  std::vector<Replacement> replacements;  //!< in text order, never overlapping
};

//! Success if `text` may be anonymised: at most kMaxTextBytes, valid UTF-8, no control
//! characters other than tab, line feed and carriage return. The error says which rule.
[[nodiscard]] Status CheckText(std::string_view text);
//! Success if the context is within the limits and its names are valid UTF-8 without controls.
[[nodiscard]] Status CheckContext(const Context& context);

//! Every span the detectors find, in text order, overlaps resolved (docs/anonymisation.md).
[[nodiscard]] Result<std::vector<Span>> Detect(std::string_view text, const Context& context);

//! The draft: Detect, then each span replaced by its placeholder.
[[nodiscard]] Result<Anonymised> Anonymise(std::string_view text, const Context& context);

//! Why a reviewer put a detected span back.
inline constexpr std::string_view kRestoreReasons[] = {
    "not_personal",  // the detection is wrong: a word, a reference, the service's own number
    "consented",     // the person agreed to this detail being shown
    "public",        // public information, e.g. a school's or office's published number
};

//! The reviewer's decisions on a draft of the same text and context.
struct Decisions {
  struct Restore {
    std::size_t begin = 0;  //!< exactly a draft replacement's span
    std::size_t end = 0;
    std::string reason;  //!< one of kRestoreReasons
  };
  struct Redact {
    std::size_t begin = 0;  //!< any span of whole characters the detectors missed
    std::size_t end = 0;
    Kind kind = Kind::kName;
  };
  std::vector<Restore> restore;
  std::vector<Redact> redact;
};

//! The released text: the draft of `text` and `context` recomputed, restored spans put back
//! (each must be a draft replacement and give a reason), added redactions applied (an added
//! redaction that overlaps a draft replacement absorbs it). Fails with kInvalidArgument, naming
//! the decision by its position, for a span outside the text or inside a character, a restore
//! that is not a draft replacement or lacks a reason, overlapping additions, or a span both
//! restored and redacted.
[[nodiscard]] Result<Anonymised> Release(std::string_view text, const Context& context,
                                         const Decisions& decisions);

//! Counts per kind as "name:3 email:1" (kinds with no entries left out; empty when none), for
//! audit details.
[[nodiscard]] std::string CountsByKind(const std::vector<Replacement>& replacements);

// The detectors, exposed for their unit tests. Each returns spans in text order.
[[nodiscard]] std::vector<Span> FindEmails(std::string_view text);
[[nodiscard]] std::vector<Span> FindPhones(std::string_view text);
[[nodiscard]] std::vector<Span> FindPostcodes(std::string_view text);
[[nodiscard]] std::vector<Span> FindNhsNumbers(std::string_view text);
[[nodiscard]] std::vector<Span> FindNiNumbers(std::string_view text);
[[nodiscard]] std::vector<Span> FindDatesOfBirth(std::string_view text);
[[nodiscard]] std::vector<Span> FindAddresses(std::string_view text);
[[nodiscard]] std::vector<Span> FindNames(std::string_view text, const Context& context);

//! True if `digits` is ten ASCII digits whose last is the NHS modulus 11 check digit.
[[nodiscard]] bool IsValidNhsNumber(std::string_view digits);
//! True if the two letters (either case) may begin a National Insurance number.
[[nodiscard]] bool IsValidNiPrefix(std::string_view prefix);

}  // namespace casekeep::anonymise
