// Detect, Anonymise and Release: the detectors' spans merged, placeholders written, and the
// reviewer's decisions applied to a recomputed draft.
#include "anonymise/anonymise.h"

#include <algorithm>
#include <map>
#include <string>

#include "anonymise/text.h"

namespace casekeep::anonymise {
namespace {

// When two detections overlap and neither holds the other, the lower rank wins.
int Rank(Kind kind) {
  switch (kind) {
    case Kind::kEmail: return 0;
    case Kind::kNhsNumber: return 1;
    case Kind::kNiNumber: return 2;
    case Kind::kPhone: return 3;
    case Kind::kDateOfBirth: return 4;
    case Kind::kPostcode: return 5;
    case Kind::kAddress: return 6;
    case Kind::kName: return 7;
  }
  return 8;
}

// Checks UTF-8 (no overlong forms, surrogates or code points beyond U+10FFFF) and controls.
Status CheckUtf8(std::string_view text, std::string_view what) {
  for (std::size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
        return InvalidArgument(std::string(what) + " contains a control character at byte " +
                               std::to_string(i));
      }
      ++i;
      continue;
    }
    std::size_t n = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = n != 0 && i + n <= text.size();
    char32_t cp = 0;
    if (ok) {
      cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
      for (std::size_t k = 1; k < n; ++k) {
        auto c = static_cast<unsigned char>(text[i + k]);
        if ((c & 0xC0) != 0x80) ok = false;
        cp = (cp << 6) | (c & 0x3F);
      }
    }
    if (ok) {
      char32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
      ok = cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok && ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
               (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))) {
      return InvalidArgument(std::string(what) +
                             " contains a control or direction-override character at byte " +
                             std::to_string(i));
    }
    if (!ok) {
      return InvalidArgument(std::string(what) + " is not valid UTF-8 (at byte " +
                             std::to_string(i) + ")");
    }
    i += n;
  }
  return {};
}

std::string Placeholder(const Span& s) {
  std::string p = "[" + std::string(KindName(s.kind));
  if (s.kind == Kind::kName && s.person > 0) p += "-" + std::to_string(s.person);
  return p + "]";
}

Anonymised Render(std::string_view text, const std::vector<Span>& spans) {
  Anonymised out;
  std::size_t at = 0;
  for (const auto& s : spans) {
    out.text.append(text.substr(at, s.begin - at));
    std::string p = Placeholder(s);
    out.text += p;
    out.replacements.push_back(
        Replacement{s.kind, s.begin, s.end, std::string(text.substr(s.begin, s.end - s.begin)), p});
    at = s.end;
  }
  out.text.append(text.substr(at));
  return out;
}

bool Boundary(std::string_view text, std::size_t pos) {
  return pos == text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

}  // namespace

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kName: return "NAME";
    case Kind::kEmail: return "EMAIL";
    case Kind::kPhone: return "PHONE";
    case Kind::kPostcode: return "POSTCODE";
    case Kind::kNhsNumber: return "NHS_NUMBER";
    case Kind::kNiNumber: return "NI_NUMBER";
    case Kind::kDateOfBirth: return "DATE_OF_BIRTH";
    case Kind::kAddress: return "ADDRESS";
  }
  return "UNKNOWN";
}

std::optional<Kind> ParseKind(std::string_view name) {
  for (Kind k : kAllKinds) {
    if (KindName(k) == name) return k;
  }
  return std::nullopt;
}

Status CheckText(std::string_view text) {
  if (text.size() > kMaxTextBytes) {
    return InvalidArgument("text is " + std::to_string(text.size()) + " bytes; the limit is " +
                           std::to_string(kMaxTextBytes));
  }
  return CheckUtf8(text, "text");
}

Status CheckContext(const Context& context) {
  std::size_t names = 0;
  for (const auto& p : context.people) {
    for (const auto& n : p.names) {
      if (++names > kMaxContextNames) {
        return InvalidArgument("more than " + std::to_string(kMaxContextNames) +
                               " names to remove");
      }
      if (n.size() > kMaxNameBytes) {
        return InvalidArgument("a name to remove is longer than " + std::to_string(kMaxNameBytes) +
                               " bytes");
      }
      CK_TRY(CheckUtf8(n, "a name to remove"));
    }
  }
  return {};
}

Result<std::vector<Span>> Detect(std::string_view text, const Context& context) {
  CK_TRY(CheckText(text));
  CK_TRY(CheckContext(context));
  std::vector<Span> all;
  for (auto&& found : {FindEmails(text), FindNhsNumbers(text), FindNiNumbers(text),
                       FindPhones(text), FindDatesOfBirth(text), FindPostcodes(text),
                       FindAddresses(text), FindNames(text, context)}) {
    all.insert(all.end(), found.begin(), found.end());
  }
  std::sort(all.begin(), all.end(), [](const Span& a, const Span& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return Rank(a.kind) < Rank(b.kind);
  });
  std::vector<Span> out;
  for (const auto& s : all) {
    if (s.begin >= s.end) continue;
    if (!out.empty() && s.begin < out.back().end) {
      Span& last = out.back();
      // A span that holds the other wins ("+44 (0)161 496 0186" holds a valid NHS number);
      // otherwise the rank decides.
      bool holds = s.begin == last.begin && s.end > last.end;
      bool held = s.end <= last.end;
      bool wins = holds || (!held && Rank(s.kind) < Rank(last.kind));
      if (wins) last = s;  // starts at or after last.begin, so past every earlier span
      continue;
    }
    out.push_back(s);
  }
  return out;
}

Result<Anonymised> Anonymise(std::string_view text, const Context& context) {
  CK_ASSIGN_OR_RETURN(auto spans, Detect(text, context));
  return Render(text, spans);
}

Result<Anonymised> Release(std::string_view text, const Context& context,
                           const Decisions& decisions) {
  CK_ASSIGN_OR_RETURN(auto spans, Detect(text, context));
  std::vector<bool> restored(spans.size(), false);
  for (std::size_t n = 0; n < decisions.restore.size(); ++n) {
    const auto& r = decisions.restore[n];
    std::string which = "restore " + std::to_string(n + 1);
    auto it = std::find_if(spans.begin(), spans.end(),
                           [&](const Span& s) { return s.begin == r.begin && s.end == r.end; });
    if (it == spans.end()) {
      return InvalidArgument(which + " is not a replacement of the draft (bytes " +
                             std::to_string(r.begin) + " to " + std::to_string(r.end) + ")");
    }
    if (std::find(std::begin(kRestoreReasons), std::end(kRestoreReasons), r.reason) ==
        std::end(kRestoreReasons)) {
      return InvalidArgument(which + " needs a reason: not_personal, consented or public");
    }
    restored[static_cast<std::size_t>(it - spans.begin())] = true;
  }
  std::vector<Span> added;
  for (std::size_t n = 0; n < decisions.redact.size(); ++n) {
    const auto& r = decisions.redact[n];
    std::string which = "redaction " + std::to_string(n + 1);
    if (r.begin >= r.end || r.end > text.size()) {
      return InvalidArgument(which + " is not a span of the text");
    }
    if (!Boundary(text, r.begin) || !Boundary(text, r.end)) {
      return InvalidArgument(which + " starts or ends inside a character");
    }
    for (std::size_t k = 0; k < spans.size(); ++k) {
      if (restored[k] && spans[k].begin < r.end && r.begin < spans[k].end) {
        return InvalidArgument(which + " overlaps a span being restored");
      }
    }
    added.push_back(Span{r.kind, r.begin, r.end, 0});
  }
  std::sort(added.begin(), added.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (std::size_t k = 1; k < added.size(); ++k) {
    if (added[k].begin < added[k - 1].end) {
      return InvalidArgument("added redactions overlap each other");
    }
  }
  // Draft spans kept, then each addition absorbing the draft spans it overlaps.
  std::vector<Span> kept;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    if (!restored[k]) kept.push_back(spans[k]);
  }
  for (Span a : added) {
    std::vector<Span> next;
    for (const auto& s : kept) {
      if (s.begin < a.end && a.begin < s.end) {
        a.begin = std::min(a.begin, s.begin);
        a.end = std::max(a.end, s.end);
      } else {
        next.push_back(s);
      }
    }
    next.push_back(a);
    kept = std::move(next);
  }
  std::sort(kept.begin(), kept.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  // Absorbing may have made two additions touch the same draft span; merge any overlap left.
  std::vector<Span> final_spans;
  for (const auto& s : kept) {
    if (!final_spans.empty() && s.begin < final_spans.back().end) {
      final_spans.back().end = std::max(final_spans.back().end, s.end);
      continue;
    }
    final_spans.push_back(s);
  }
  return Render(text, final_spans);
}

std::string CountsByKind(const std::vector<Replacement>& replacements) {
  std::string out;
  for (Kind k : kAllKinds) {
    auto n = std::count_if(replacements.begin(), replacements.end(),
                           [&](const Replacement& r) { return r.kind == k; });
    if (n == 0) continue;
    if (!out.empty()) out += ' ';
    std::string name(KindName(k));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return internal::Lower(c); });
    out += name + ":" + std::to_string(n);
  }
  return out;
}

}  // namespace casekeep::anonymise
