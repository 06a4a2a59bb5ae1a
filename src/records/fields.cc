#include "records/fields.h"

#include <algorithm>
#include <cctype>

#include "base/date.h"
#include "crypto/blind_index.h"

namespace casekeep::records {
namespace {

using nlohmann::json;

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return std::string(s);
}

bool HasControl(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7f;
  });
}

bool NhsNumberValid(std::string_view digits) {
  if (digits.size() != 10) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    if (std::isdigit(static_cast<unsigned char>(digits[i])) == 0) return false;
    sum += (digits[i] - '0') * static_cast<int>(10 - i);
  }
  if (std::isdigit(static_cast<unsigned char>(digits[9])) == 0) return false;
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  return check != 10 && check == digits[9] - '0';
}

// The canonical value, or an error message for this one field.
std::expected<json, std::string> CheckValue(const policy::Field& f, const json& v) {
  using policy::FieldType;
  if (f.type == FieldType::kInteger) {
    if (!v.is_number_integer()) return std::unexpected("must be a whole number");
    return v;
  }
  if (f.type == FieldType::kBoolean) {
    if (!v.is_boolean()) return std::unexpected("must be true or false");
    return v;
  }
  if (!v.is_string()) return std::unexpected("must be text");
  const bool multiline = f.type == FieldType::kText;
  std::string s = multiline ? v.get<std::string>() : Trim(v.get<std::string>());
  if (HasControl(s, multiline)) return std::unexpected("contains control characters");
  if (f.max_length && static_cast<std::int64_t>(s.size()) > *f.max_length) {
    return std::unexpected("longer than " + std::to_string(*f.max_length) + " characters");
  }
  if (s.empty()) return std::unexpected("is empty");
  switch (f.type) {
    case FieldType::kDate:
      if (auto d = Date::Parse(s); !d) return std::unexpected(d.error().message);
      break;
    case FieldType::kDateTime:
      if (s.size() < 19 || !Date::Parse(s.substr(0, 10)) || (s[10] != 'T' && s[10] != ' ')) {
        return std::unexpected("'" + s + "' is not a date and time like 2025-03-01T14:30:00Z");
      }
      break;
    case FieldType::kEnum:
      if (std::find(f.values.begin(), f.values.end(), s) == f.values.end()) {
        std::string allowed;
        for (const auto& a : f.values) allowed += (allowed.empty() ? "" : ", ") + a;
        return std::unexpected("'" + s + "' is not one of: " + allowed);
      }
      break;
    case FieldType::kEmail:
      if (auto e = crypto::NormaliseEmail(s); !e) return std::unexpected("not an email address");
      break;
    case FieldType::kPhone:
      if (auto p = crypto::NormaliseUkPhone(s); !p) return std::unexpected("not a phone number");
      break;
    case FieldType::kPostcode: {
      auto p = crypto::NormalisePostcode(s);
      if (!p) return std::unexpected("not a UK postcode");
      s = *p;
      break;
    }
    case FieldType::kNhsNumber: {
      std::string digits;
      for (char c : s) {
        if (c != ' ' && c != '-') digits.push_back(c);
      }
      if (!NhsNumberValid(digits)) return std::unexpected("not a valid NHS number");
      s = digits;
      break;
    }
    default: break;
  }
  return json(s);
}

}  // namespace

Result<nlohmann::json> CheckFields(std::span<const policy::Field> fields, const json& values,
                                   std::string_view what) {
  if (!values.is_object()) return InvalidArgument(std::string(what) + ": fields must be an object");
  std::vector<std::string> problems;
  json out = json::object();
  for (const auto& [key, value] : values.items()) {
    auto f = std::find_if(fields.begin(), fields.end(),
                          [&](const policy::Field& x) { return x.id == key; });
    if (f == fields.end()) {
      problems.push_back("field '" + key + "': not a field of " + std::string(what));
      continue;
    }
    if (value.is_null()) continue;
    auto checked = CheckValue(*f, value);
    if (!checked) {
      problems.push_back("field '" + key + "': " + checked.error());
      continue;
    }
    out[key] = std::move(*checked);
  }
  for (const auto& f : fields) {
    if (f.required && !out.contains(f.id) &&
        std::none_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.starts_with("field '" + f.id + "'"); })) {
      problems.push_back("field '" + f.id + "': required");
    }
  }
  if (!problems.empty()) {
    std::string message = std::string(what) + " refused: ";
    for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    return InvalidArgument(std::move(message));
  }
  if (out.dump().size() > kMaxFieldsBytes) {
    return InvalidArgument(std::string(what) + " refused: its fields are larger than 1 MiB");
  }
  return out;
}

json SelectFields(const json& values, const std::function<bool(const std::string&)>& keep) {
  json out = json::object();
  for (const auto& [key, value] : values.items()) {
    if (keep(key)) out[key] = value;
  }
  return out;
}

}  // namespace casekeep::records
