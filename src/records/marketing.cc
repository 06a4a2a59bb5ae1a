// Marketing preferences: the per-channel ledger, one-click unsubscribe tokens and the
// suppression list (docs/marketing.md).
#include "records/marketing.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "crypto/blind_index.h"
#include "crypto/bytes.h"
#include "crypto/codes.h"
#include "records/service.h"
#include "records/writer.h"

namespace casekeep::records {
namespace {

using internal::Txn;

// How an opt-in or opt-out may have been given; an opt-in always names one.
constexpr std::string_view kSources[] = {"online_form", "paper_form", "verbal", "email",
                                         "phone",       "import",     "staff"};

// Unsubscribe tokens: "u1.<subject code>.<channel>.<expiry>.<MAC in hex>".
constexpr std::string_view kTokenVersion = "u1";
constexpr std::string_view kTokenMacDomain = "unsubscribe";
constexpr std::string_view kBadToken =
    "this unsubscribe link is not valid: it may have been cut short or altered. Use the whole "
    "link from the message, or contact us to unsubscribe";

const policy::Field* FirstOfType(const policy::SubjectKind& kind, policy::FieldType type) {
  for (const auto& f : kind.fields) {
    if (f.type == type) return &f;
  }
  return nullptr;
}

// The postal address lines: a field called "address" or "…_address" holding text.
const policy::Field* AddressField(const policy::SubjectKind& kind) {
  for (const auto& f : kind.fields) {
    const bool text = f.type == policy::FieldType::kString || f.type == policy::FieldType::kText;
    if (text && (f.id == "address" || f.id.ends_with("_address"))) return &f;
  }
  return nullptr;
}

// Address lines compared loosely: ASCII letters and digits in lower case, every run of
// anything else one space ("Flat 2, 10 Example Road\nManchester" -> "flat 2 10 example road
// manchester").
std::string AddressLines(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool word =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (!word) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out.push_back(' ');
    gap = false;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return out;
}

Status CheckSource(std::string_view source) {
  if (std::find(std::begin(kSources), std::end(kSources), source) != std::end(kSources)) return {};
  return InvalidArgument("'" + std::string(source) +
                         "' is not a source of a marketing preference (online_form, paper_form, "
                         "verbal, email, phone, import, staff)");
}

// A consent-like definition serving the channel's purpose, for AuthoriseConsent.
policy::ConsentDef Serving(std::string_view purpose) {
  policy::ConsentDef def;
  if (!purpose.empty()) def.purposes.emplace_back(purpose);
  return def;
}

std::string PurposeOf(const Actor& actor, std::string_view fallback) {
  return actor.purpose.empty() ? std::string(fallback) : actor.purpose;
}

Result<std::string> TokenMac(const crypto::Key& key, std::string_view payload) {
  CK_ASSIGN_OR_RETURN(crypto::BlindIndexer mac, crypto::BlindIndexer::Create(key));
  CK_ASSIGN_OR_RETURN(crypto::BlindIndex digest, mac.IndexNormalised(kTokenMacDomain, payload));
  return crypto::ToHex(digest);
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t at = text.find(sep);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

MarketingEntryView EntryView(const store::MarketingRow& row, std::string_view subject) {
  return MarketingEntryView{row.id, std::string(subject), row.channel, row.opted_in, row.source,
                            row.at, row.recorded_by};
}

}  // namespace

std::map<std::string, CurrentPreference> CurrentMarketing(
    const std::vector<store::MarketingRow>& ledger) {
  std::map<std::string, std::pair<std::tuple<std::int64_t, std::int64_t>, CurrentPreference>>
      latest;
  for (const auto& row : ledger) {
    const auto key = std::make_tuple(row.at, row.id);
    auto it = latest.find(row.channel);
    if (it != latest.end() && it->second.first > key) continue;
    latest[row.channel] = {key, CurrentPreference{row.opted_in, row.at, row.source}};
  }
  std::map<std::string, CurrentPreference> out;
  for (auto& [channel, entry] : latest) out.emplace(channel, entry.second);
  return out;
}

Result<const policy::MarketingChannel*> FindMarketingChannel(const policy::Policy& policy,
                                                             std::string_view channel) {
  for (const auto& m : policy.marketing) {
    if (policy::ChannelName(m.channel) == channel) return &m;
  }
  std::string known;
  for (const auto& m : policy.marketing) {
    known += (known.empty() ? "" : ", ") + std::string(policy::ChannelName(m.channel));
  }
  return InvalidArgument("'" + std::string(channel) + "' is not a marketing channel in the policy" +
                         (known.empty() ? std::string(" (its [[marketing]] lists none)")
                                        : " (its [[marketing]] lists: " + known + ")"));
}

bool KindHasAddress(const policy::SubjectKind& kind, policy::Channel channel) {
  switch (channel) {
    case policy::Channel::kEmail: return FirstOfType(kind, policy::FieldType::kEmail) != nullptr;
    case policy::Channel::kPhone:
    case policy::Channel::kSms: return FirstOfType(kind, policy::FieldType::kPhone) != nullptr;
    case policy::Channel::kPost:
      return FirstOfType(kind, policy::FieldType::kPostcode) != nullptr &&
             AddressField(kind) != nullptr;
  }
  return false;
}

std::optional<std::string> ChannelAddress(const policy::SubjectKind& kind,
                                          const nlohmann::json& fields, policy::Channel channel) {
  auto value = [&](const policy::Field* f) -> std::string {
    if (f == nullptr || !fields.is_object() || !fields.contains(f->id)) return {};
    const auto& v = fields[f->id];
    return v.is_string() ? v.get<std::string>() : std::string();
  };
  std::string address, postcode;
  switch (channel) {
    case policy::Channel::kEmail:
      address = value(FirstOfType(kind, policy::FieldType::kEmail));
      break;
    case policy::Channel::kPhone:
    case policy::Channel::kSms:
      address = value(FirstOfType(kind, policy::FieldType::kPhone));
      break;
    case policy::Channel::kPost:
      address = value(AddressField(kind));
      postcode = value(FirstOfType(kind, policy::FieldType::kPostcode));
      if (postcode.empty()) return std::nullopt;
      break;
  }
  if (address.empty()) return std::nullopt;
  auto normalised = NormaliseAddress(channel, address, postcode);
  if (!normalised) return std::nullopt;
  return *normalised;
}

Result<std::string> NormaliseAddress(policy::Channel channel, std::string_view address,
                                     std::string_view postcode) {
  if (channel != policy::Channel::kPost && !postcode.empty()) {
    return InvalidArgument("a postcode is only for the channel 'post'");
  }
  switch (channel) {
    case policy::Channel::kEmail: return crypto::NormaliseEmail(address);
    case policy::Channel::kPhone:
    case policy::Channel::kSms: return crypto::NormaliseUkPhone(address);
    case policy::Channel::kPost: {
      CK_ASSIGN_OR_RETURN(std::string code, crypto::NormalisePostcode(postcode));
      std::string lines = AddressLines(address);
      if (lines.empty()) return InvalidArgument("a postal address needs its address lines");
      return code + "\n" + lines;
    }
  }
  return InvalidArgument("unknown channel");
}

std::string SuppressionDomain(policy::Channel channel) {
  return "marketing-suppression:" + std::string(policy::ChannelName(channel));
}

nlohmann::json ToJson(const MarketingEntryView& v) {
  return nlohmann::json{{"id", v.id},
                        {"subject", v.subject},
                        {"channel", v.channel},
                        {"opted_in", v.opted_in},
                        {"source", v.source},
                        {"at", v.at},
                        {"recorded_by", v.recorded_by}};
}

nlohmann::json ToJson(const MarketingView& v) {
  nlohmann::json channels = nlohmann::json::array();
  for (const auto& c : v.channels) {
    nlohmann::json j{{"channel", c.channel},      {"label", c.label},
                     {"purpose", c.purpose},      {"opted_in", c.opted_in},
                     {"source", c.source},        {"has_address", c.has_address},
                     {"suppressed", c.suppressed}};
    j["since"] = c.since ? nlohmann::json(*c.since) : nlohmann::json(nullptr);
    channels.push_back(std::move(j));
  }
  nlohmann::json history = nlohmann::json::array();
  for (const auto& e : v.history) history.push_back(ToJson(e));
  return nlohmann::json{{"subject", v.subject}, {"channels", channels}, {"history", history}};
}

Result<std::optional<store::Bytes>> RecordsService::SuppressionHashOf(Txn& t,
                                                                      const store::SubjectRow& row,
                                                                      policy::Channel channel) {
  const policy::SubjectKind* kind = policy_.FindSubjectKind(row.kind);
  if (row.erased_at || kind == nullptr || !KindHasAddress(*kind, channel)) {
    return std::optional<store::Bytes>{};
  }
  bool erased = false;
  CK_ASSIGN_OR_RETURN(auto fields,
                      t.OpenFields(row.code, internal::FieldsAd("subject", row.code, row.version),
                                   row.sealed, &erased));
  const auto address = ChannelAddress(*kind, fields, channel);
  if (erased || !address) return std::optional<store::Bytes>{};
  CK_ASSIGN_OR_RETURN(auto hash,
                      vault_.indexer().IndexNormalised(SuppressionDomain(channel), *address));
  return std::optional<store::Bytes>{store::Bytes(hash.begin(), hash.end())};
}

Result<MarketingEntryView> RecordsService::SetMarketing(const Actor& actor,
                                                        const MarketingChange& c) {
  CK_ASSIGN_OR_RETURN(const policy::MarketingChannel* ch, FindMarketingChannel(policy_, c.channel));
  std::string source = c.source;
  if (c.opted_in) {
    if (source.empty()) {
      return InvalidArgument(
          "an opt-in must say how the person gave it (source): nothing is opted in by default");
    }
    if (c.suppress) return InvalidArgument("'suppress' goes with an opt-out, not an opt-in");
  } else if (source.empty()) {
    source = "staff";
  }
  CK_TRY(CheckSource(source));
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(const std::int64_t at, CheckedTime(c.at, now, "a marketing preference"));

  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(c.subject));
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition, subject.code + " has been erased");
  }
  CK_ASSIGN_OR_RETURN(auto d, AuthoriseConsent(t, actor, access::Action::kWrite, subject,
                                               Serving(ch->purpose), "marketing.set"));
  CK_ASSIGN_OR_RETURN(auto hash, SuppressionHashOf(t, subject, ch->channel));
  if (c.opted_in) {
    if (!hash) {
      return Fail(ErrorCode::kFailedPrecondition,
                  subject.code + " has no address for '" + c.channel + "' to send marketing to");
    }
    CK_ASSIGN_OR_RETURN(bool suppressed, t.tx().IsSuppressed(c.channel, *hash));
    if (suppressed) {
      return Fail(ErrorCode::kFailedPrecondition,
                  "the " + c.channel + " address of " + subject.code +
                      " is on the suppression list (it was unsubscribed): it cannot be opted in "
                      "to marketing again");
    }
  }
  store::MarketingRow row{0, subject.id, c.channel, c.opted_in, source, at, actor.code};
  CK_ASSIGN_OR_RETURN(row.id, t.tx().InsertMarketing(row));
  std::string detail =
      "channel=" + c.channel + " opted_in=" + (c.opted_in ? "1" : "0") + " source=" + source;
  if (c.suppress && hash) {
    CK_TRY(t.tx().InsertSuppression(store::SuppressionRow{c.channel, *hash, now, "withdrawn"}));
    detail += " suppressed=1";
  }
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "marketing.set",
                                    {subject.code},
                                    PurposeOf(actor, ch->purpose),
                                    "ok",
                                    internal::DecisionDetail(d, detail)},
                  internal::AuditMicros(clock_)));
  return EntryView(row, subject.code);
}

Result<MarketingView> RecordsService::GetMarketing(const Actor& actor, std::string_view code) {
  const std::string purpose = policy_.marketing.empty() ? "" : policy_.marketing.front().purpose;
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(code));
  CK_ASSIGN_OR_RETURN(auto d, AuthoriseConsent(t, actor, access::Action::kRead, subject,
                                               Serving(purpose), "marketing.read"));
  CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListMarketing(subject.id));
  const auto current = CurrentMarketing(ledger);
  MarketingView view;
  view.subject = subject.code;
  for (const auto& m : policy_.marketing) {
    MarketingChannelView c;
    c.channel = std::string(policy::ChannelName(m.channel));
    c.label = m.label;
    c.purpose = m.purpose;
    if (auto it = current.find(c.channel); it != current.end()) {
      c.opted_in = it->second.opted_in;
      c.since = it->second.since;
      c.source = it->second.source;
    }
    CK_ASSIGN_OR_RETURN(auto hash, SuppressionHashOf(t, subject, m.channel));
    c.has_address = hash.has_value();
    if (hash) {
      CK_ASSIGN_OR_RETURN(c.suppressed, t.tx().IsSuppressed(c.channel, *hash));
    }
    view.channels.push_back(std::move(c));
  }
  for (const auto& row : ledger) view.history.push_back(EntryView(row, subject.code));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "marketing.read",
                                    {subject.code},
                                    PurposeOf(actor, purpose),
                                    "ok",
                                    internal::DecisionDetail(d)},
                  internal::AuditMicros(clock_)));
  return view;
}

Result<UnsubscribeLink> RecordsService::MakeUnsubscribeLink(const Actor& actor,
                                                            std::string_view code,
                                                            std::string_view channel) {
  CK_ASSIGN_OR_RETURN(const policy::MarketingChannel* ch, FindMarketingChannel(policy_, channel));
  CK_ASSIGN_OR_RETURN(Txn t, BeginRead());
  CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(code));
  if (subject.erased_at) {
    return Fail(ErrorCode::kFailedPrecondition, subject.code + " has been erased");
  }
  CK_ASSIGN_OR_RETURN(auto d, AuthoriseConsent(t, actor, access::Action::kRead, subject,
                                               Serving(ch->purpose), "marketing.link"));
  UnsubscribeLink link;
  link.expires_at = clock_.NowUnixSeconds() + kUnsubscribeTokenSeconds;
  const std::string payload = std::string(kTokenVersion) + "." + subject.code + "." +
                              std::string(channel) + "." + std::to_string(link.expires_at);
  CK_ASSIGN_OR_RETURN(std::string mac, TokenMac(vault_.unsubscribe_key(), payload));
  link.token = payload + "." + mac;
  link.path = "/api/v1/public/unsubscribe?token=" + link.token;
  CK_TRY(t.Finish(audit::AuditEvent{actor.code,
                                    "marketing.link",
                                    {subject.code},
                                    PurposeOf(actor, ch->purpose),
                                    "ok",
                                    internal::DecisionDetail(d, "channel=" + std::string(channel))},
                  internal::AuditMicros(clock_)));
  return link;
}

Result<std::pair<store::SubjectRow, const policy::MarketingChannel*>>
RecordsService::ReadUnsubscribeToken(Txn& t, std::string_view token) {
  if (token.size() > 256) return InvalidArgument(std::string(kBadToken));
  const auto parts = Split(token, '.');
  if (parts.size() != 5 || parts[0] != kTokenVersion)
    return InvalidArgument(std::string(kBadToken));
  const std::string_view payload = token.substr(0, token.size() - parts[4].size() - 1);
  CK_ASSIGN_OR_RETURN(std::string expected, TokenMac(vault_.unsubscribe_key(), payload));
  if (!crypto::ConstantTimeEqual(crypto::AsBytes(parts[4]), crypto::AsBytes(expected))) {
    return InvalidArgument(std::string(kBadToken));
  }
  std::int64_t expires = 0;
  const auto [end, ec] =
      std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), expires);
  if (ec != std::errc() || end != parts[3].data() + parts[3].size()) {
    return InvalidArgument(std::string(kBadToken));
  }
  if (clock_.NowUnixSeconds() > expires) {
    return Fail(ErrorCode::kFailedPrecondition,
                "this unsubscribe link has expired (links work for a year); use the link in a "
                "newer message, or contact us to unsubscribe");
  }
  auto channel = FindMarketingChannel(policy_, parts[2]);
  if (!channel) {
    return Fail(ErrorCode::kFailedPrecondition,
                "we no longer send marketing by " + std::string(parts[2]));
  }
  CK_ASSIGN_OR_RETURN(auto subject, t.tx().FindSubject(parts[1]));
  if (!subject || subject->erased_at) {
    return Fail(ErrorCode::kFailedPrecondition,
                "we no longer hold your details, so there is nothing to unsubscribe from");
  }
  return std::make_pair(std::move(*subject), *channel);
}

Result<UnsubscribeOutcome> RecordsService::CheckUnsubscribe(std::string_view token) {
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, false));
  CK_ASSIGN_OR_RETURN(auto named, ReadUnsubscribeToken(t, token));
  UnsubscribeOutcome out;
  out.channel = std::string(policy::ChannelName(named.second->channel));
  out.channel_label = named.second->label;
  return out;
}

Result<UnsubscribeOutcome> RecordsService::Unsubscribe(std::string_view token) {
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  CK_ASSIGN_OR_RETURN(auto named, ReadUnsubscribeToken(t, token));
  const store::SubjectRow& subject = named.first;
  const policy::MarketingChannel& ch = *named.second;
  UnsubscribeOutcome out;
  out.channel = std::string(policy::ChannelName(ch.channel));
  out.channel_label = ch.label;

  CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListMarketing(subject.id));
  const auto current = CurrentMarketing(ledger);
  const auto latest = current.find(out.channel);
  const bool opted_out = latest != current.end() && !latest->second.opted_in;
  CK_ASSIGN_OR_RETURN(auto hash, SuppressionHashOf(t, subject, ch.channel));
  bool suppressed = !hash;
  if (hash) {
    CK_ASSIGN_OR_RETURN(suppressed, t.tx().IsSuppressed(out.channel, *hash));
  }
  CK_ASSIGN_OR_RETURN(auto consents, t.tx().ListConsents(subject.id));
  for (const auto& [id, state] : CurrentConsents(consents)) {
    if (!state.given) continue;
    for (const auto& def : policy_.consents) {
      if (def.id == id &&
          std::find(def.purposes.begin(), def.purposes.end(), ch.purpose) != def.purposes.end()) {
        out.withdrawn.push_back(id);
      }
    }
  }
  out.already = opted_out && suppressed && out.withdrawn.empty();
  if (!opted_out) {
    CK_TRY(t.tx().InsertMarketing(store::MarketingRow{0, subject.id, out.channel, false,
                                                      std::string(kUnsubscribeSource), now,
                                                      std::string(kUnsubscribeActor)}));
  }
  if (!suppressed) {
    CK_TRY(
        t.tx().InsertSuppression(store::SuppressionRow{out.channel, *hash, now, "unsubscribed"}));
  }
  std::string withdrawn;
  for (const auto& id : out.withdrawn) {
    store::ConsentRow row;
    row.subject_id = subject.id;
    row.consent = id;
    row.event = "withdrawn";
    row.at = now;
    row.recorded_at = now;
    row.method = std::string(kUnsubscribeSource);
    row.recorded_by = std::string(kUnsubscribeActor);
    CK_TRY(t.tx().InsertConsent(row));
    withdrawn += (withdrawn.empty() ? "" : ",") + id;
  }
  std::string detail = "channel=" + out.channel;
  if (!withdrawn.empty()) detail += " withdrawn=" + withdrawn;
  if (out.already) detail += " already=1";
  CK_TRY(t.Finish(audit::AuditEvent{std::string(kUnsubscribeActor),
                                    "marketing.unsubscribe",
                                    {subject.code},
                                    ch.purpose,
                                    "ok",
                                    detail},
                  internal::AuditMicros(clock_)));
  return out;
}

Status RecordsService::Suppress(const Actor& actor, const Suppression& s) {
  CK_ASSIGN_OR_RETURN(const policy::MarketingChannel* ch, FindMarketingChannel(policy_, s.channel));
  if (s.subject.empty() == s.address.empty()) {
    return InvalidArgument("name either a person (subject) or an address to suppress, not both");
  }
  if (!s.subject.empty() && !s.postcode.empty()) {
    return InvalidArgument("a postcode goes with an address, not with a person");
  }
  CK_TRY(RequireCapability(actor, policy::Capability::kManageRequests, "marketing.suppress"));
  const std::int64_t now = clock_.NowUnixSeconds();
  store::Bytes hash;
  if (!s.address.empty()) {
    CK_ASSIGN_OR_RETURN(std::string normalised,
                        NormaliseAddress(ch->channel, s.address, s.postcode));
    CK_ASSIGN_OR_RETURN(
        auto index, vault_.indexer().IndexNormalised(SuppressionDomain(ch->channel), normalised));
    hash.assign(index.begin(), index.end());
  }
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  std::vector<std::string> objects;
  if (!s.subject.empty()) {
    CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(s.subject));
    CK_ASSIGN_OR_RETURN(auto found, SuppressionHashOf(t, subject, ch->channel));
    if (!found) {
      return Fail(ErrorCode::kFailedPrecondition,
                  subject.code + " has no address for '" + s.channel + "' to suppress");
    }
    hash = std::move(*found);
    objects.push_back(subject.code);
    // Suppressed means opted out too.
    CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListMarketing(subject.id));
    const auto current = CurrentMarketing(ledger);
    if (auto it = current.find(s.channel); it == current.end() || it->second.opted_in) {
      CK_TRY(t.tx().InsertMarketing(
          store::MarketingRow{0, subject.id, s.channel, false, "staff", now, actor.code}));
    }
  }
  CK_TRY(t.tx().InsertSuppression(store::SuppressionRow{s.channel, hash, now, "staff"}));
  CK_TRY(t.Finish(audit::AuditEvent{actor.code, "marketing.suppress", objects,
                                    PurposeOf(actor, ch->purpose), "ok", "channel=" + s.channel},
                  internal::AuditMicros(clock_)));
  return {};
}

Result<ImportOptInResult> RecordsService::ApplyImportOptIns(
    const Actor& actor, const std::vector<ImportOptIn>& opt_ins) {
  ImportOptInResult result;
  if (opt_ins.empty()) return result;
  const std::int64_t now = clock_.NowUnixSeconds();
  CK_ASSIGN_OR_RETURN(Txn t, Txn::Begin(store_, vault_, true));
  std::vector<std::string> objects;
  for (const auto& o : opt_ins) {
    CK_ASSIGN_OR_RETURN(store::SubjectRow subject, t.Subject(o.subject));
    if (subject.erased_at) continue;
    CK_ASSIGN_OR_RETURN(auto ledger, t.tx().ListMarketing(subject.id));
    bool named = false;
    for (const auto& channel : o.channels) {
      CK_ASSIGN_OR_RETURN(const policy::MarketingChannel* ch,
                          FindMarketingChannel(policy_, channel));
      // An import applies an opt-in once: a re-run after a crash finds it already there.
      if (std::any_of(ledger.begin(), ledger.end(), [&](const store::MarketingRow& r) {
            return r.channel == channel && r.source == "import";
          })) {
        continue;
      }
      CK_TRY(AuthoriseConsent(t, actor, access::Action::kWrite, subject, Serving(ch->purpose),
                              "marketing.import"));
      CK_ASSIGN_OR_RETURN(auto hash, SuppressionHashOf(t, subject, ch->channel));
      if (!hash) continue;
      CK_ASSIGN_OR_RETURN(bool suppressed, t.tx().IsSuppressed(channel, *hash));
      if (suppressed) {
        ++result.refused_suppressed;
        continue;
      }
      CK_TRY(t.tx().InsertMarketing(
          store::MarketingRow{0, subject.id, channel, true, "import", now, actor.code}));
      ++result.applied;
      named = true;
    }
    if (named) objects.push_back(subject.code);
  }
  if (result.applied == 0 && result.refused_suppressed == 0) return result;
  CK_TRY(t.Finish(
      audit::AuditEvent{actor.code, "marketing.import", objects, actor.purpose, "ok",
                        "applied=" + std::to_string(result.applied) +
                            " refused_suppressed=" + std::to_string(result.refused_suppressed)},
      internal::AuditMicros(clock_)));
  return result;
}

}  // namespace casekeep::records
