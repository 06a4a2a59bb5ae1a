// Marketing preferences, the suppression list, one-click unsubscribe tokens and website cookie
// consent: what the records service keeps about them (docs/marketing.md). Preferences are an
// append-only ledger per person and channel; the state is derived from it by CurrentMarketing,
// and nothing is ever opted in unless an entry says so.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "store/store.h"

namespace casekeep::records {

//! How long an unsubscribe link works: one year from when it is made.
inline constexpr std::int64_t kUnsubscribeTokenSeconds = std::int64_t{365} * 86'400;

//! The source of a ledger entry written by an unsubscribe link, and the actor it is audited as.
inline constexpr std::string_view kUnsubscribeSource = "unsubscribe_link";
inline constexpr std::string_view kUnsubscribeActor = "unsubscribe-link";
//! The actor public cookie-consent writes and reads are audited as.
inline constexpr std::string_view kWebsiteActor = "website";

//! A change of one person's marketing preference on one channel.
struct MarketingChange {
  std::string subject;  //!< "S-…"
  std::string channel;  //!< one of the policy's [[marketing]] channels
  bool opted_in = false;
  //! How it was given: online_form, paper_form, verbal, email, phone, import, staff. Required
  //! for an opt-in (an opt-in is always an explicit action with a source).
  std::string source;
  std::optional<std::int64_t> at;  //!< when (Unix seconds); now when absent
  bool suppress = false;           //!< an opt-out also puts the address on the suppression list
};

//! One ledger entry.
struct MarketingEntryView {
  std::int64_t id = 0;
  std::string subject;
  std::string channel;
  bool opted_in = false;
  std::string source;
  std::int64_t at = 0;
  std::string recorded_by;
};

//! The current preference on one of the policy's channels.
struct MarketingChannelView {
  std::string channel;
  std::string label;
  std::string purpose;
  bool opted_in = false;  //!< false unless the latest entry is an opt-in
  std::optional<std::int64_t> since;
  std::string source;        //!< of the latest entry; empty when there is none
  bool has_address = false;  //!< the person has an address for the channel
  bool suppressed = false;   //!< that address is on the suppression list
};

//! A person's preferences on every channel of the policy, with their whole ledger.
struct MarketingView {
  std::string subject;
  std::vector<MarketingChannelView> channels;  //!< in policy order
  std::vector<MarketingEntryView> history;     //!< oldest first
};

//! An address to put on the suppression list: a person's (subject) or one given as text.
struct Suppression {
  std::string channel;
  std::string subject;   //!< "S-…": that person's address for the channel; or
  std::string address;   //!< an email address, phone number, or (post) the address lines
  std::string postcode;  //!< post only, with `address`
};

struct UnsubscribeLink {
  std::string token;
  std::string path;  //!< "/api/v1/public/unsubscribe?token=…"
  std::int64_t expires_at = 0;
};

//! What an unsubscribe token names, once checked; and what unsubscribing did.
struct UnsubscribeOutcome {
  std::string channel;
  std::string channel_label;
  bool already = false;                //!< nothing left to do: unsubscribed before
  std::vector<std::string> withdrawn;  //!< consent ids withdrawn
};

//! Opt-ins a subject import asks for, applied after the people are written.
struct ImportOptIn {
  std::string subject;  //!< the new person's code
  std::vector<std::string> channels;
};
struct ImportOptInResult {
  std::int64_t applied = 0;
  std::int64_t refused_suppressed = 0;  //!< "marketing opt-ins refused: address unsubscribed"
};

//! A website visitor's answer to the cookie banner.
struct CookieChoice {
  std::string device;                   //!< client-generated id, 16-64 of [A-Za-z0-9_-]
  std::map<std::string, bool> choices;  //!< category id -> accepted
};

struct CookieConsentView {
  std::int64_t at = 0;
  std::string notice_hash;              //!< hex SHA-256 of the notice shown
  std::map<std::string, bool> choices;  //!< every category of the policy
};

struct CookieConsentHistory {
  std::optional<CookieConsentView> latest;
  std::vector<CookieConsentView> history;  //!< oldest first
};

//! The latest entry per channel (by time, then by entry).
struct CurrentPreference {
  bool opted_in = false;
  std::int64_t since = 0;
  std::string source;
};
[[nodiscard]] std::map<std::string, CurrentPreference> CurrentMarketing(
    const std::vector<store::MarketingRow>& ledger);

//! The policy's [[marketing]] entry for `channel`; kInvalidArgument naming the ones it lists.
[[nodiscard]] Result<const policy::MarketingChannel*> FindMarketingChannel(
    const policy::Policy& policy, std::string_view channel);

//! Whether people of `kind` have fields that give an address on `channel` (an email field; a
//! phone field for phone and SMS; a postcode field and an "address" field for post).
[[nodiscard]] bool KindHasAddress(const policy::SubjectKind& kind, policy::Channel channel);

//! The normalised address a person of `kind` with `fields` has on `channel`, or nullopt.
[[nodiscard]] std::optional<std::string> ChannelAddress(const policy::SubjectKind& kind,
                                                        const nlohmann::json& fields,
                                                        policy::Channel channel);

//! An address given as text, normalised for `channel`; kInvalidArgument if it is not one.
[[nodiscard]] Result<std::string> NormaliseAddress(policy::Channel channel,
                                                   std::string_view address,
                                                   std::string_view postcode);

//! The blind-index domain of the suppression list on `channel` ("marketing-suppression:email").
[[nodiscard]] std::string SuppressionDomain(policy::Channel channel);
//! The blind-index domain of cookie-consent device ids.
inline constexpr std::string_view kCookieDeviceDomain = "cookie-device";

//! Success if `device` is 16-64 characters of [A-Za-z0-9_-].
[[nodiscard]] Status CheckDeviceId(std::string_view device);

//! The stored form of a choice ("analytics=0 necessary=1", every category in policy order),
//! after checking it: necessary categories cannot be refused, every other category must be
//! answered, unknown categories are refused.
[[nodiscard]] Result<std::string> FormatCookieChoices(const policy::Policy& policy,
                                                      const std::map<std::string, bool>& choices);
[[nodiscard]] std::map<std::string, bool> ParseCookieChoices(std::string_view stored);

nlohmann::json ToJson(const MarketingView& v);
nlohmann::json ToJson(const MarketingEntryView& v);
nlohmann::json ToJson(const CookieConsentView& v);
nlohmann::json ToJson(const CookieConsentHistory& v);

}  // namespace casekeep::records
