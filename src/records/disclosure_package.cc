// Share packages (docs/sharing.md, "Packages"): the JSON and HTML of what a disclosure carries,
// and the passphrase-encrypted package format: magic, Argon2id cost and salt, then a
// secretstream whose associated data is that header.
#include <algorithm>
#include <array>
#include <ctime>

#include "crypto/aead_stream.h"
#include "crypto/bytes.h"
#include "crypto/key_sources.h"
#include "policy/text.h"
#include "records/disclosure.h"

namespace casekeep::records {
namespace {

using nlohmann::json;

constexpr std::string_view kMagic = "CKSHARE1";
constexpr std::size_t kHeaderSize = 8 + 8 + 8 + crypto::kKdfSaltSize;
constexpr std::string_view kFormat = "casekeep-share-1";

void PutU64(store::Bytes& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

std::uint64_t GetU64(std::span<const std::uint8_t> in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

bool PlainName(std::string_view name) {
  return !name.empty() && name.size() <= 100 && name.front() != '.' &&
         std::ranges::all_of(name, [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
         });
}

std::string IsoTime(std::int64_t at) {
  const std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

std::string ValueText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

// The label of field `id` in `fields`, or the id itself.
std::string Label(const std::vector<policy::Field>& fields, std::string_view id) {
  for (const auto& f : fields) {
    if (f.id == id) return f.label.empty() ? f.id : f.label;
  }
  return std::string(id);
}

void FieldTable(std::string& html, const std::vector<policy::Field>& schema, const json& fields) {
  if (!fields.is_object() || fields.empty()) {
    html += "<p>No information in the shared categories.</p>\n";
    return;
  }
  html += "<table>\n";
  for (const auto& [id, value] : fields.items()) {
    html += "<tr><th>" + policy::EscapeHtml(Label(schema, id)) + "</th><td>" +
            policy::EscapeHtml(ValueText(value)) + "</td></tr>\n";
  }
  html += "</table>\n";
}

}  // namespace

json DisclosureJson(const DisclosureView& v) {
  json j{{"code", v.code},
         {"subject", v.subject},
         {"case", v.case_code},
         {"recipient", v.recipient},
         {"recipient_name", v.recipient_name},
         {"basis", v.basis},
         {"consent", v.consent},
         {"without_consent", v.without_consent},
         {"records", v.records},
         {"categories", v.categories},
         {"shared_by", v.shared_by},
         {"approved_by", v.approved_by},
         {"at", v.at},
         {"justification", v.justification},
         {"note", v.note},
         {"reviewed_at", v.reviewed_at ? json(*v.reviewed_at) : json(nullptr)},
         {"reviewed_by", v.reviewed_by}};
  return j;
}

json PackageJson(const SharePackage& p, const policy::Policy& policy) {
  json d = DisclosureJson(p.disclosure);
  // What the recipient needs to know of the share; the DPO's review is internal.
  d.erase("reviewed_at");
  d.erase("reviewed_by");
  d.erase("note");
  d["at"] = IsoTime(p.disclosure.at);
  return json{{"format", kFormat},
              {"organisation", policy.organisation.name},
              {"disclosure", d},
              {"person", p.person},
              {"records", p.records}};
}

std::string PackageHtml(const SharePackage& p, const policy::Policy& policy) {
  using policy::EscapeHtml;
  const DisclosureView& d = p.disclosure;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Information shared by " +
      EscapeHtml(policy.organisation.name) + " (" + EscapeHtml(d.code) +
      ")</title>\n<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
      "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em .6em;"
      "text-align:left;vertical-align:top}</style>\n</head>\n<body>\n";
  html += "<h1>Information shared by " + EscapeHtml(policy.organisation.name) + "</h1>\n";
  html += "<table>\n";
  const auto row = [&](std::string_view k, const std::string& v) {
    html += "<tr><th>" + EscapeHtml(k) + "</th><td>" + EscapeHtml(v) + "</td></tr>\n";
  };
  row("Reference", d.code);
  row("Shared with", d.recipient_name.empty() ? d.recipient : d.recipient_name);
  row("Date", IsoTime(d.at));
  row("Basis", d.basis + (d.consent.empty() ? "" : " (" + d.consent + ")"));
  std::string cats;
  for (const auto& c : d.categories) {
    const auto* cat = policy.FindCategory(c);
    cats += (cats.empty() ? "" : ", ") + (cat != nullptr && !cat->label.empty() ? cat->label : c);
  }
  row("Categories shared", cats);
  if (!d.justification.empty()) row("Why", d.justification);
  row("Shared by", d.shared_by);
  row("Approved by", d.approved_by);
  html += "</table>\n";
  const std::string kind = p.person.value("kind", "");
  const auto* sk = policy.FindSubjectKind(kind);
  html += "<h2>" + EscapeHtml(p.person.value("code", "")) + "</h2>\n";
  FieldTable(html, sk != nullptr ? sk->fields : std::vector<policy::Field>{},
             p.person.value("fields", json::object()));
  for (const auto& r : p.records) {
    const std::string type = r.value("type", "");
    const auto* rt = policy.FindRecordType(type);
    html += "<h2>" + EscapeHtml(rt != nullptr && !rt->label.empty() ? rt->label : type) + " " +
            EscapeHtml(r.value("code", "")) + " (" + EscapeHtml(r.value("occurred_on", "")) +
            ")</h2>\n";
    FieldTable(html, rt != nullptr ? rt->fields : std::vector<policy::Field>{},
               r.value("fields", json::object()));
  }
  html += "</body>\n</html>\n";
  return html;
}

Result<store::Bytes> SealPackage(const std::vector<std::pair<std::string, std::string>>& files,
                                 std::span<const std::uint8_t> passphrase,
                                 const PackageCost& cost) {
  if (passphrase.size() < kMinPackagePassphraseBytes) {
    return InvalidArgument("a package passphrase has at least " +
                           std::to_string(kMinPackagePassphraseBytes) + " characters");
  }
  if (cost.mem_limit > kMaxPackageMemLimit) {
    return InvalidArgument("a package's memory cost is at most 1 GiB");
  }
  json list = json::array();
  for (const auto& [name, content] : files) {
    if (!PlainName(name)) return InvalidArgument("a package file name must be a plain name");
    list.push_back(json{{"name", name}, {"content", content}});
  }
  CK_ASSIGN_OR_RETURN(crypto::KdfParams params,
                      crypto::NewKdfParams(cost.ops_limit, cost.mem_limit));
  CK_ASSIGN_OR_RETURN(crypto::Key key, crypto::DeriveKeyFromPassphrase(passphrase, params));
  store::Bytes out(kMagic.begin(), kMagic.end());
  PutU64(out, params.ops_limit);
  PutU64(out, params.mem_limit);
  out.insert(out.end(), params.salt.begin(), params.salt.end());
  const std::string plain = json{{"format", kFormat}, {"files", list}}.dump();
  CK_ASSIGN_OR_RETURN(auto sealed, crypto::SealStream(key, crypto::AsBytes(plain),
                                                      std::span(out.data(), kHeaderSize)));
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> OpenPackage(
    std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> passphrase) {
  if (sealed.size() < kHeaderSize ||
      !std::ranges::equal(sealed.first(kMagic.size()), crypto::AsBytes(kMagic))) {
    return Fail(ErrorCode::kDataLoss, "this is not an encrypted casekeep share package");
  }
  crypto::KdfParams params;
  params.ops_limit = GetU64(sealed.subspan(8, 8));
  const std::uint64_t mem = GetU64(sealed.subspan(16, 8));
  if (mem > kMaxPackageMemLimit) {
    return InvalidArgument("the package asks for more than 1 GiB of memory to open");
  }
  params.mem_limit = static_cast<std::size_t>(mem);
  std::copy_n(sealed.begin() + 24, crypto::kKdfSaltSize, params.salt.begin());
  CK_ASSIGN_OR_RETURN(crypto::Key key, crypto::DeriveKeyFromPassphrase(passphrase, params));
  auto plain = crypto::OpenStream(key, sealed.subspan(kHeaderSize), sealed.first(kHeaderSize));
  if (!plain) {
    return Fail(ErrorCode::kDataLoss,
                "the package does not open: the passphrase is wrong, or the file was altered "
                "or cut short");
  }
  const json doc = json::parse(crypto::AsChars(*plain), nullptr, false);
  if (!doc.is_object() || doc.value("format", "") != kFormat || !doc.contains("files") ||
      !doc["files"].is_array()) {
    return Fail(ErrorCode::kDataLoss, "the package's content is not a casekeep share package");
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : doc["files"]) {
    const std::string name = f.is_object() ? f.value("name", "") : "";
    if (!PlainName(name) || !f.contains("content") || !f["content"].is_string()) {
      return InvalidArgument("the package holds a file whose name is not a plain name");
    }
    files.emplace_back(name, f["content"].get<std::string>());
  }
  return files;
}

}  // namespace casekeep::records
