#include "http/url.h"

namespace casekeep::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return InvalidArgument("bad percent-encoding in \"" + std::string(text) + "\"");
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<QueryParams> ParseQuery(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    CK_ASSIGN_OR_RETURN(std::string name, PercentDecode(raw_name, true));
    CK_ASSIGN_OR_RETURN(std::string value, PercentDecode(raw_value, true));
    if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
      return InvalidArgument("NUL byte in query parameter");
    }
    params.try_emplace(std::move(name), std::move(value));
  }
  return params;
}

Result<TargetParts> SplitTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return InvalidArgument("request target must be a path starting with '/'");
  }
  std::size_t q = target.find('?');
  if (q == std::string_view::npos) return TargetParts{target, {}};
  return TargetParts{target.substr(0, q), target.substr(q + 1)};
}

Result<std::vector<std::string>> DecodePathSegments(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return InvalidArgument("path must start with '/'");
  }
  std::vector<std::string> segments;
  std::string_view rest = path.substr(1);
  while (true) {
    std::size_t slash = rest.find('/');
    auto decoded = PercentDecode(rest.substr(0, slash), false);
    if (!decoded) return std::unexpected(decoded.error());
    std::string& segment = *decoded;
    if (segment == "." || segment == "..") {
      return InvalidArgument("path segment \".\" or \"..\" is not allowed");
    }
    if (segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return InvalidArgument("path segment contains '/', '\\' or NUL");
    }
    segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return segments;
}

}  // namespace casekeep::http
