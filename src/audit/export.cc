// Writing and reading the JSON-lines export of the audit chain. Key order is fixed so exports
// of the same chain are byte-identical. Thread-safety: see export.h.
#include "audit/export.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "crypto/bytes.h"

namespace casekeep::audit {
namespace {

using nlohmann::ordered_json;

Result<std::int64_t> GetInteger(const ordered_json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer() ||
      (it->is_number_unsigned() &&
       it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))) {
    return InvalidArgument(std::string("audit export line: \"") + key +
                           "\" must be a whole number");
  }
  return it->get<std::int64_t>();
}

Result<std::string> GetString(const ordered_json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return InvalidArgument(std::string("audit export line: \"") + key + "\" must be a string");
  }
  return it->get<std::string>();
}

Result<Bytes> GetHex(const ordered_json& object, const char* key) {
  CK_ASSIGN_OR_RETURN(std::string text, GetString(object, key));
  auto bytes = crypto::FromHex(text);
  if (!bytes) {
    return InvalidArgument(std::string("audit export line: \"") + key + "\" must be hex");
  }
  return std::move(*bytes);
}

}  // namespace

std::string ToJsonLine(const store::AuditRow& row) {
  ordered_json line;
  line["seq"] = row.seq;
  line["at_micros"] = row.at_micros;
  line["actor"] = row.actor;
  line["action"] = row.action;
  line["objects"] = row.objects;
  line["purpose"] = row.purpose;
  line["outcome"] = row.outcome;
  line["detail"] = row.detail;
  line["prev_hash"] = crypto::ToHex(row.prev_hash);
  line["hash"] = crypto::ToHex(row.hash);
  line["mac"] = crypto::ToHex(row.mac);
  return line.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

Result<store::AuditRow> FromJsonLine(std::string_view line) {
  const ordered_json object = ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) {
    return InvalidArgument("audit export line is not a JSON object");
  }
  store::AuditRow row;
  CK_ASSIGN_OR_RETURN(row.seq, GetInteger(object, "seq"));
  CK_ASSIGN_OR_RETURN(row.at_micros, GetInteger(object, "at_micros"));
  CK_ASSIGN_OR_RETURN(row.actor, GetString(object, "actor"));
  CK_ASSIGN_OR_RETURN(row.action, GetString(object, "action"));
  CK_ASSIGN_OR_RETURN(row.objects, GetString(object, "objects"));
  CK_ASSIGN_OR_RETURN(row.purpose, GetString(object, "purpose"));
  CK_ASSIGN_OR_RETURN(row.outcome, GetString(object, "outcome"));
  CK_ASSIGN_OR_RETURN(row.detail, GetString(object, "detail"));
  CK_ASSIGN_OR_RETURN(row.prev_hash, GetHex(object, "prev_hash"));
  CK_ASSIGN_OR_RETURN(row.hash, GetHex(object, "hash"));
  if (object.contains("mac")) {
    CK_ASSIGN_OR_RETURN(row.mac, GetHex(object, "mac"));
  }
  return row;
}

Result<std::int64_t> ExportJsonLines(store::Store& store, const LineSink& sink,
                                     const ProgressFn& progress) {
  CK_ASSIGN_OR_RETURN(std::unique_ptr<store::Tx> tx, store.BeginRead());
  std::int64_t written = 0;
  std::int64_t after = 0;
  std::string line;
  for (;;) {
    CK_ASSIGN_OR_RETURN(std::vector<store::AuditRow> page, tx->ScanAudit(after, kVerifyPageSize));
    if (page.empty()) break;
    for (const store::AuditRow& row : page) {
      line = ToJsonLine(row);
      line.push_back('\n');
      CK_TRY(sink(line));
      after = row.seq;
      ++written;
    }
    if (progress) progress(written);
  }
  return written;
}

}  // namespace casekeep::audit
