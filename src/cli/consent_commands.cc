// `casekeep consent give|withdraw|status|history|report`: the consent ledger through the
// records service (docs/consent.md).
#include <charconv>
#include <memory>

#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct ConsentOptions {
  FolderOptions folder;
  std::string subject;
  std::string consent;
  std::string method;
  std::string given_by;
  std::string at;
  std::string note;
  std::string evidence;
};

// "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ", as Unix seconds.
Result<std::optional<std::int64_t>> ParseWhen(const std::string& text) {
  if (text.empty()) return std::optional<std::int64_t>{};
  CK_ASSIGN_OR_RETURN(Date day, Date::Parse(text.substr(0, 10)));
  std::int64_t seconds = day.DaysSinceEpoch() * 86'400;
  if (text.size() == 10) return std::optional<std::int64_t>{seconds};
  auto bad = [&] {
    return InvalidArgument("'" + text +
                           "' is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
  };
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return bad();
  }
  int parts[3] = {0, 0, 0};
  const int limits[3] = {23, 59, 59};
  for (int i = 0; i < 3; ++i) {
    const char* begin = text.data() + 11 + 3 * i;
    auto [end, ec] = std::from_chars(begin, begin + 2, parts[i]);
    if (ec != std::errc() || end != begin + 2 || parts[i] < 0 || parts[i] > limits[i]) {
      return bad();
    }
  }
  seconds += parts[0] * 3600 + parts[1] * 60 + parts[2];
  return std::optional<std::int64_t>{seconds};
}

void Give(Context& ctx, const ConsentOptions& o) {
  auto at = ParseWhen(o.at);
  if (!at) return ctx.Fail(at.error());
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::NewConsent c{o.subject, o.consent, o.method, o.given_by, *at, o.note, o.evidence};
  auto entry = folder->records().GiveConsent(records::Actor{}, c);
  if (!entry) return ctx.Fail(entry.error());
  Print(ctx, o.folder.json, ToJson(*entry));
}

void Withdraw(Context& ctx, const ConsentOptions& o) {
  auto at = ParseWhen(o.at);
  if (!at) return ctx.Fail(at.error());
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  records::ConsentWithdrawal w{o.subject, o.consent, o.method, *at, o.note};
  auto entry = folder->records().WithdrawConsent(records::Actor{}, w);
  if (!entry) return ctx.Fail(entry.error());
  Print(ctx, o.folder.json, ToJson(*entry));
}

void Status(Context& ctx, const ConsentOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto states = folder->records().ConsentStatus(records::Actor{}, o.subject);
  if (!states) return ctx.Fail(states.error());
  if (o.folder.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : *states) list.push_back(ToJson(s));
    Print(ctx, true, list);
    return;
  }
  for (const auto& s : *states) {
    ctx.out << s.consent << ": " << s.state;
    if (s.state == "given" && s.explicit_consent) ctx.out << " (explicit)";
    ctx.out << "\n";
  }
}

void History(Context& ctx, const ConsentOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto history = folder->records().GetConsentHistory(records::Actor{}, o.subject);
  if (!history) return ctx.Fail(history.error());
  // The export is the proof: always the whole JSON, texts included.
  ctx.out << ToJson(*history).dump(2) << "\n";
}

void Report(Context& ctx, const ConsentOptions& o) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  auto report = folder->records().GetConsentReport(records::Actor{});
  if (!report) return ctx.Fail(report.error());
  if (o.folder.json) {
    Print(ctx, true, ToJson(*report));
    return;
  }
  ctx.out << "consent                          given  withdrawn\n";
  for (const auto& r : report->consents) {
    std::string name = r.consent;
    name.resize(std::max<std::size_t>(name.size(), 32), ' ');
    ctx.out << name << " " << r.given << "  " << r.withdrawn << "\n";
  }
  ctx.out << "\npeople with consent, by purpose:\n";
  for (const auto& p : report->purposes) {
    ctx.out << "  " << p.purpose << ": " << p.people_with_consent << "\n";
  }
}

}  // namespace

void AddConsentCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun =
      app.add_subcommand("consent", "Consent: give, withdraw, status, history, report");
  noun->require_subcommand(1);
  auto o = std::make_shared<ConsentOptions>();

  CLI::App* give = noun->add_subcommand("give", "Record a consent a person gave");
  AddFolderOptions(give, o->folder);
  give->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  give->add_option("--consent", o->consent, "The consent, from the policy")->required();
  give->add_option("--method", o->method, "online_form, verbal, written or parental")->required();
  give->add_option("--given-by", o->given_by,
                   "For parental consent: the code of the parent or carer who gave it");
  give->add_option("--at", o->at, "When it was given: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (now)");
  give->add_option("--note", o->note, "Evidence: how and where it was given (kept encrypted)");
  give->add_option("--evidence", o->evidence, "A scanned form: an attachment code (A-...)");
  give->callback([&ctx, o] { Give(ctx, *o); });

  CLI::App* withdraw = noun->add_subcommand("withdraw", "Record that a person withdrew consent");
  AddFolderOptions(withdraw, o->folder);
  withdraw->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  withdraw->add_option("--consent", o->consent, "The consent, from the policy")->required();
  withdraw
      ->add_option("--method", o->method,
                   "How: online_form, verbal, written, parental, email, phone, unsubscribe_link")
      ->required();
  withdraw->add_option("--at", o->at, "When: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (now)");
  withdraw->add_option("--note", o->note, "A note (kept encrypted)");
  withdraw->callback([&ctx, o] { Withdraw(ctx, *o); });

  CLI::App* status = noun->add_subcommand("status", "Each consent of a person, as it stands");
  AddFolderOptions(status, o->folder);
  status->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  status->callback([&ctx, o] { Status(ctx, *o); });

  CLI::App* history = noun->add_subcommand(
      "history", "A person's whole consent history with the notice and words shown (JSON)");
  AddFolderOptions(history, o->folder);
  history->add_option("SUBJECT", o->subject, "The person's code (S-...)")->required();
  history->callback([&ctx, o] { History(ctx, *o); });

  CLI::App* report = noun->add_subcommand("report", "Counts by consent and state, for the DPO");
  AddFolderOptions(report, o->folder);
  report->callback([&ctx, o] { Report(ctx, *o); });
}

}  // namespace casekeep::cli
