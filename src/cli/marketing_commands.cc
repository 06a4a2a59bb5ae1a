// `casekeep marketing set|show|unsubscribe-link|suppress` and `casekeep cookies show|purge`:
// marketing preferences, the suppression list and website cookie consent through the records
// service (docs/marketing.md).
#include <memory>

#include "cli/folder.h"
#include "records/marketing.h"

namespace casekeep::cli {
namespace {

struct MarketingOptions {
  FolderOptions folder;
  std::string subject;
  std::string channel;
  bool opt_in = false;
  bool opt_out = false;
  std::string source;
  bool suppress = false;
  std::string address;
  std::string postcode;
  std::string base_url;
  std::string device;
};

void Set(Context& ctx, const MarketingOptions& o) {
  if (o.opt_in == o.opt_out) {
    return ctx.Fail(Error{ErrorCode::kInvalidArgument, "say --opt-in or --opt-out"});
  }
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::MarketingChange c;
  c.subject = o.subject;
  c.channel = o.channel;
  c.opted_in = o.opt_in;
  c.source = o.source;
  c.suppress = o.suppress;
  auto entry = folder->records().SetMarketing(records::Actor{}, c);
  if (!entry) return ctx.Fail(entry.error());
  Print(ctx, o.folder.json, records::ToJson(*entry));
}

void Show(Context& ctx, const MarketingOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto view = folder->records().GetMarketing(records::Actor{}, o.subject);
  if (!view) return ctx.Fail(view.error());
  if (o.folder.json) return Print(ctx, true, records::ToJson(*view));
  for (const auto& c : view->channels) {
    ctx.out << c.channel << ": " << (c.opted_in ? "opted in" : "not opted in");
    if (!c.source.empty()) ctx.out << " (" << c.source << ")";
    if (!c.has_address) ctx.out << ", no address";
    if (c.suppressed) ctx.out << ", address suppressed";
    ctx.out << "\n";
  }
}

void Link(Context& ctx, const MarketingOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto link = folder->records().MakeUnsubscribeLink(records::Actor{}, o.subject, o.channel);
  if (!link) return ctx.Fail(link.error());
  std::string base = o.base_url;
  while (base.ends_with('/')) base.pop_back();
  const std::string url = base + link->path;
  if (o.folder.json) {
    return Print(
        ctx, true,
        nlohmann::json{{"token", link->token}, {"url", url}, {"expires_at", link->expires_at}});
  }
  ctx.out << url << "\n";
}

void Suppress(Context& ctx, const MarketingOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::Suppression s{o.channel, o.subject, o.address, o.postcode};
  auto done = folder->records().Suppress(records::Actor{}, s);
  if (!done) return ctx.Fail(done.error());
  if (o.folder.json) {
    return Print(ctx, true, nlohmann::json{{"channel", o.channel}, {"suppressed", true}});
  }
  ctx.out << "suppressed on " << o.channel << "\n";
}

void CookiesShow(Context& ctx, const MarketingOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto history = folder->records().GetCookieConsent(o.device);
  if (!history) return ctx.Fail(history.error());
  ctx.out << records::ToJson(*history).dump(2) << "\n";
}

void CookiesPurge(Context& ctx, const MarketingOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto purged = folder->records().PurgeCookieConsents(records::Actor{});
  if (!purged) return ctx.Fail(purged.error());
  if (o.folder.json) return Print(ctx, true, nlohmann::json{{"purged", *purged}});
  ctx.out << "removed " << *purged << " cookie choices older than the policy keeps them\n";
}

}  // namespace

void AddMarketingCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<MarketingOptions>();
  CLI::App* noun = app.add_subcommand(
      "marketing", "Marketing preferences: set, show, unsubscribe-link, suppress");
  noun->require_subcommand(1);

  CLI::App* set = noun->add_subcommand("set", "Record an opt-in or opt-out on one channel");
  AddFolderOptions(set, o->folder);
  set->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  set->add_option("--channel", o->channel, "email, post, phone or sms (as the policy lists)")
      ->required();
  set->add_flag("--opt-in", o->opt_in, "The person opted in (needs --source)");
  set->add_flag("--opt-out", o->opt_out, "The person opted out");
  set->add_option("--source", o->source,
                  "How: online_form, paper_form, verbal, email, phone, import, staff");
  set->add_flag("--suppress", o->suppress,
                "With --opt-out: also put the address on the suppression list (for good)");
  set->callback([&ctx, o] { Set(ctx, *o); });

  CLI::App* show = noun->add_subcommand("show", "A person's preferences and their history");
  AddFolderOptions(show, o->folder);
  show->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  show->callback([&ctx, o] { Show(ctx, *o); });

  CLI::App* link = noun->add_subcommand(
      "unsubscribe-link", "A signed one-click unsubscribe link for a person and channel (a year)");
  AddFolderOptions(link, o->folder);
  link->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  link->add_option("--channel", o->channel, "The channel the link unsubscribes from")->required();
  link->add_option("--base-url", o->base_url,
                   "The server's public address, e.g. https://casekeep.example.org");
  link->callback([&ctx, o] { Link(ctx, *o); });

  CLI::App* suppress =
      noun->add_subcommand("suppress", "Put a person's or a given address on the suppression list");
  AddFolderOptions(suppress, o->folder);
  suppress->add_option("--channel", o->channel, "The channel")->required();
  suppress->add_option("--subject", o->subject, "A person's code: their address on the channel");
  suppress->add_option("--address", o->address,
                       "Or the address itself: email, phone number, or postal address lines");
  suppress->add_option("--postcode", o->postcode, "For post, with --address");
  suppress->callback([&ctx, o] { Suppress(ctx, *o); });

  CLI::App* cookies = app.add_subcommand("cookies", "Website cookie consent: show, purge");
  cookies->require_subcommand(1);
  CLI::App* cshow = cookies->add_subcommand("show", "What a device agreed to, and when (JSON)");
  AddFolderOptions(cshow, o->folder);
  cshow->add_option("DEVICE", o->device, "The device id the website keeps")->required();
  cshow->callback([&ctx, o] { CookiesShow(ctx, *o); });
  CLI::App* purge = cookies->add_subcommand(
      "purge", "Remove cookie choices older than the policy's cookie_consent_retention");
  AddFolderOptions(purge, o->folder);
  purge->callback([&ctx, o] { CookiesPurge(ctx, *o); });
}

}  // namespace casekeep::cli
