// Decoding request targets: percent-decoding, query strings, and splitting a path into
// segments safely (no "..", NUL or '/' smuggled inside a segment).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "http/message.h"

namespace casekeep::http {

//! `text` with %XX escapes decoded; with `plus_is_space` (query strings) '+' becomes ' '.
//! Fails with kInvalidArgument on a '%' not followed by two hex digits.
[[nodiscard]] Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

//! The decoded name=value pairs of a query string (without the '?'). A name without '='
//! has an empty value; for a repeated name the first value wins; empty pairs ("a=1&&b=2")
//! are skipped. Fails with kInvalidArgument on a bad escape or a NUL byte.
[[nodiscard]] Result<QueryParams> ParseQuery(std::string_view query);

//! The raw path and raw query of an origin-form target ("/a/b?x=1" -> "/a/b", "x=1").
//! Fails with kInvalidArgument unless the target starts with '/'.
struct TargetParts {
  std::string_view path;
  std::string_view query;
};
[[nodiscard]] Result<TargetParts> SplitTarget(std::string_view target);

//! The decoded segments of a raw path that starts with '/' ("/a/b%20c" -> {"a", "b c"}). A
//! trailing slash gives a final empty segment. Fails with kInvalidArgument on a bad escape,
//! or a segment that decodes to "." or "..", or contains '/', '\\' or NUL: path traversal
//! is refused here so no handler can be handed it.
[[nodiscard]] Result<std::vector<std::string>> DecodePathSegments(std::string_view path);

}  // namespace casekeep::http
