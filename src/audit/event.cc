// Validation of audit events: codes only, bounded sizes, nothing that reads like personal
// data. Messages name the field and the rule but never repeat the refused text.
// Thread-safety: pure functions.
#include "audit/event.h"

#include <string>

namespace casekeep::audit {
namespace {

bool IsTokenChar(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

bool IsDigit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool HasControlCharacter(std::string_view text) noexcept {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

// Describes why `text` is not a token, for the field called `what`.
std::string TokenProblem(std::string_view what, std::string_view text) {
  if (text.empty()) return "audit " + std::string(what) + " is empty";
  if (HasControlCharacter(text)) {
    return "audit " + std::string(what) + " contains a control character";
  }
  if (text.size() > kMaxTokenBytes) {
    return "audit " + std::string(what) + " is longer than " + std::to_string(kMaxTokenBytes) +
           " bytes";
  }
  return "audit " + std::string(what) +
         " must be a code (letters, digits and . _ : - only), not free text";
}

Status RequireToken(std::string_view what, std::string_view text) {
  if (IsCodeToken(text) && text.size() <= kMaxTokenBytes) return {};
  return InvalidArgument(TokenProblem(what, text));
}

// The longest run of digits in which single spaces or hyphens may separate digits.
std::size_t LongestDigitRun(std::string_view text) noexcept {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsDigit(c)) {
      ++run;
      if (run > longest) longest = run;
    } else if ((c == ' ' || c == '-') && run > 0 && i + 1 < text.size() && IsDigit(text[i + 1])) {
      // A separator inside a number ("07700 900123", "943-476-5919") keeps the run going.
    } else {
      run = 0;
    }
  }
  return longest;
}

Status ValidateDetail(std::string_view detail) {
  if (detail.size() > kMaxDetailBytes) {
    return InvalidArgument("audit detail is longer than " + std::to_string(kMaxDetailBytes) +
                           " bytes");
  }
  if (HasControlCharacter(detail)) {
    return InvalidArgument("audit detail contains a control character");
  }
  for (char c : detail) {
    if (static_cast<unsigned char>(c) > 0x7e) {
      return InvalidArgument("audit detail must be printable ASCII (reason codes, not text)");
    }
  }
  if (detail.find('@') != std::string_view::npos) {
    return InvalidArgument("audit detail must not contain '@' (it may be an email address)");
  }
  if (LongestDigitRun(detail) > kMaxDetailDigitRun) {
    return InvalidArgument(
        "audit detail must not contain a long run of digits (it may be a phone or NHS number)");
  }
  return {};
}

}  // namespace

bool IsCodeToken(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

Status ValidateEvent(const AuditEvent& event) {
  CK_TRY(RequireToken("actor", event.actor));
  CK_TRY(RequireToken("action", event.action));
  if (!event.purpose.empty()) CK_TRY(RequireToken("purpose", event.purpose));
  CK_TRY(RequireToken("outcome", event.outcome));
  std::size_t joined = 0;
  for (std::size_t i = 0; i < event.objects.size(); ++i) {
    CK_TRY(RequireToken("object " + std::to_string(i + 1), event.objects[i]));
    joined += event.objects[i].size() + (i == 0 ? 0 : 1);
    if (joined > kMaxObjectsBytes) {
      return InvalidArgument("audit objects are longer than " + std::to_string(kMaxObjectsBytes) +
                             " bytes in all");
    }
  }
  return ValidateDetail(event.detail);
}

std::string JoinObjects(const std::vector<std::string>& objects) {
  std::size_t size = 0;
  for (const std::string& object : objects) size += object.size() + 1;
  std::string joined;
  joined.reserve(size);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) joined.push_back(' ');
    joined += objects[i];
  }
  return joined;
}

}  // namespace casekeep::audit
