// Website cookie consent: a visitor's choices per cookie category, kept under a keyed hash of
// their device id for as long as the policy's cookie_consent_retention (docs/marketing.md).
#include <algorithm>

#include "base/date.h"
#include "crypto/bytes.h"
#include "records/marketing.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::Txn;

Result<store::Bytes> DeviceHash(const crypto::BlindIndexer& indexer, std::string_view device) {
  CK_TRY(CheckDeviceId(device));
  CK_ASSIGN_OR_RETURN(auto hash, indexer.IndexNormalised(kCookieDeviceDomain, device));
  return store::Bytes(hash.begin(), hash.end());
}

// Choices recorded before this instant are older than the policy keeps them; nullopt when it
// sets no limit.
std::optional<std::int64_t> Cutoff(const policy::Policy& policy, std::int64_t now) {
  const auto& keep = policy.settings.cookie_consent_retention;
  if (!keep) return std::nullopt;
  const std::int64_t day = now >= 0 ? now / 86'400 : (now - 86'399) / 86'400;
  auto date = Date::FromDaysSinceEpoch(day);
  if (date) date = date->AddYears(-keep->years);
  if (date) date = date->AddMonths(-keep->months);
  if (date) date = date->AddDays(-keep->days);
  if (!date) return std::int64_t{0};
  return date->DaysSinceEpoch() * 86'400 + (now - day * 86'400);
}

CookieConsentView View(const store::CookieConsentRow& row) {
  return CookieConsentView{row.at, crypto::ToHex(row.notice_hash), ParseCookieChoices(row.choices)};
}

}  // namespace

Status CheckDeviceId(std::string_view device) {
  const bool ok = device.size() >= 16 && device.size() <= 64 &&
                  std::all_of(device.begin(), device.end(), [](char c) {
                    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '_' || c == '-';
                  });
  if (ok) return {};
  return InvalidArgument(
      "the device id must be 16 to 64 characters of A-Z, a-z, 0-9, '_' and '-' (a random id "
      "the browser makes and keeps)");
}

Result<std::string> FormatCookieChoices(const policy::Policy& policy,
                                        const std::map<std::string, bool>& choices) {
  if (policy.cookies.empty()) {
    return Fail(ErrorCode::kFailedPrecondition, "the policy lists no cookie categories");
  }
  for (const auto& [id, accepted] : choices) {
    auto it = std::find_if(policy.cookies.begin(), policy.cookies.end(),
                           [&](const policy::CookieCategory& c) { return c.id == id; });
    if (it == policy.cookies.end()) {
      std::string known;
      for (const auto& c : policy.cookies) known += (known.empty() ? "" : ", ") + c.id;
      return InvalidArgument("'" + id + "' is not a cookie category (the policy lists: " + known +
                             ")");
    }
    if (it->necessary && !accepted) {
      return InvalidArgument("'" + id +
                             "' cookies are strictly necessary: they are always on and cannot be "
                             "refused");
    }
  }
  std::string stored;
  for (const auto& c : policy.cookies) {
    auto it = choices.find(c.id);
    if (!c.necessary && it == choices.end()) {
      return InvalidArgument(
          "every category that is not strictly necessary must be answered "
          "true or false; '" +
          c.id + "' is missing");
    }
    const bool on = c.necessary || it->second;
    stored += (stored.empty() ? "" : " ") + c.id + (on ? "=1" : "=0");
  }
  return stored;
}

std::map<std::string, bool> ParseCookieChoices(std::string_view stored) {
  std::map<std::string, bool> out;
  while (!stored.empty()) {
    const std::size_t space = stored.find(' ');
    const std::string_view pair = stored.substr(0, space);
    stored = space == std::string_view::npos ? std::string_view() : stored.substr(space + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    out[std::string(pair.substr(0, eq))] = pair.substr(eq + 1) == "1";
  }
  return out;
}

nlohmann::json ToJson(const CookieConsentView& v) {
  return nlohmann::json{{"at", v.at}, {"notice_hash", v.notice_hash}, {"choices", v.choices}};
}

nlohmann::json ToJson(const CookieConsentHistory& v) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : v.history) history.push_back(ToJson(h));
  return nlohmann::json{{"latest", v.latest ? ToJson(*v.latest) : nlohmann::json(nullptr)},
                        {"history", history}};
}

Result<std::int64_t> RecordsService::PurgeOldCookieChoices(Txn& t) {
  const auto cutoff = Cutoff(policy_, clock_.NowUnixSeconds());
  if (!cutoff) return std::int64_t{0};
  return t.tx().DeleteCookieConsentsBefore(*cutoff);
}

Result<CookieConsentView> RecordsService::RecordCookieConsent(const CookieChoice& choice) {
  CK_ASSIGN_OR_RETURN(store::Bytes device, DeviceHash(vault_.indexer(), choice.device));
  CK_ASSIGN_OR_RETURN(std::string stored, FormatCookieChoices(policy_, choice.choices));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(std::int64_t purged, PurgeOldCookieChoices(t));
  store::CookieConsentRow row;
  row.device_hash = std::move(device);
  row.at = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(row.notice_hash, StoreNotice(t));
  row.choices = std::move(stored);
  CK_ASSIGN_OR_RETURN(row.id, t.tx().InsertCookieConsent(row));
  CK_TRY(t.Finish(audit::AuditEvent{std::string(kWebsiteActor),
                                    "cookies.record",
                                    {},
                                    "",
                                    "ok",
                                    "purged=" + std::to_string(purged)},
                  internal::AuditMicros(clock_)));
  return View(row);
}

Result<CookieConsentHistory> RecordsService::GetCookieConsent(std::string_view device) {
  CK_ASSIGN_OR_RETURN(store::Bytes hash, DeviceHash(vault_.indexer(), device));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(auto rows, t.tx().ListCookieConsents(hash));
  // Choices past their keeping time are not answered even before they are purged.
  const auto cutoff = Cutoff(policy_, clock_.NowUnixSeconds());
  CookieConsentHistory out;
  for (const auto& row : rows) {
    if (cutoff && row.at < *cutoff) continue;
    out.history.push_back(View(row));
  }
  if (!out.history.empty()) out.latest = out.history.back();
  CK_TRY(t.Finish(audit::AuditEvent{std::string(kWebsiteActor),
                                    "cookies.read",
                                    {},
                                    "",
                                    "ok",
                                    "found=" + std::to_string(out.history.size())},
                  internal::AuditMicros(clock_)));
  return out;
}

Result<std::int64_t> RecordsService::PurgeCookieConsents(const Actor& actor) {
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "cookies.purge"));
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(std::int64_t purged, PurgeOldCookieChoices(t));
  CK_TRY(t.Finish(
      audit::AuditEvent{
          actor.code, "cookies.purge", {}, actor.purpose, "ok", "purged=" + std::to_string(purged)},
      internal::AuditMicros(clock_)));
  return purged;
}

}  // namespace casekeep::records
