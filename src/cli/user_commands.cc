// `casekeep user add|list|show|disable|enable|reset-password|add-role|remove-role|set-team|
// reset-second-factor|token`: staff accounts, through the accounts service. Passwords are read
// from standard input (one line), never from an argument, so they stay out of shell history
// and the process list.
#include <iostream>
#include <memory>
#include <string>

#include "accounts/service.h"
#include "accounts/views_json.h"
#include "cli/folder.h"

namespace casekeep::cli {
namespace {

struct UserOptions {
  FolderOptions folder;
  std::string user;
  std::string display_name;
  std::string team;
  std::vector<std::string> roles;
  std::string role;
  std::string label;
  int days = 0;
};

// The first line of standard input, without its line ending.
Result<std::string> ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line)) {
    return InvalidArgument(
        "give the password on standard input (one line), e.g. "
        "`printf '%s\\n' \"$PASSWORD\" | casekeep user add ...`");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Opens the folder and its accounts service, and runs `fn` with them.
template <class Fn>
void WithAccounts(Context& ctx, const UserOptions& o, Fn fn) {
  auto folder = OpenFolder(ctx, o.folder);
  if (!folder) return;
  accounts::AccountsService service(folder->policy(), folder->store(), folder->vault(),
                                    CommandClock());
  fn(*folder, service);
}

void Done(Context& ctx, const UserOptions& o, accounts::AccountsService& service, const Status& s) {
  if (!s) return ctx.Fail(s.error());
  auto view = service.GetUser(o.user);
  if (!view) return ctx.Fail(view.error());
  Print(ctx, o.folder.json, accounts::ToJson(*view));
}

}  // namespace

void AddUserCommands(CLI::App& app, Context& ctx) {
  CLI::App* noun =
      app.add_subcommand("user", "Staff accounts: add, list, disable, roles, API tokens");
  noun->require_subcommand(1);
  auto o = std::make_shared<UserOptions>();
  auto sub = [&](const char* name, const char* help, bool takes_user) {
    CLI::App* c = noun->add_subcommand(name, help);
    AddFolderOptions(c, o->folder);
    if (takes_user) c->add_option("USER", o->user, "Username or user code (U-...)")->required();
    return c;
  };

  CLI::App* add = sub("add", "Add a staff account; the password is read from standard input", true);
  add->add_option("--name", o->display_name, "Display name");
  add->add_option("--team", o->team, "Team id (supervisors see their team's cases)");
  add->add_option("--role", o->roles, "Role id from the policy, repeated")->required();
  add->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      auto password = ReadPassword();
      if (!password) return ctx.Fail(password.error());
      auto view = s.AddUser(
          "local-admin", accounts::NewUser{o->user, o->display_name, o->team, o->roles, *password});
      if (!view) return ctx.Fail(view.error());
      if (o->folder.json) return Print(ctx, true, accounts::ToJson(*view));
      ctx.out << view->code << "\n";
    });
  });

  sub("list", "List staff accounts", false)->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      auto users = s.ListUsers();
      if (!users) return ctx.Fail(users.error());
      nlohmann::json list = nlohmann::json::array();
      for (const auto& u : *users) list.push_back(accounts::ToJson(u));
      Print(ctx, o->folder.json, list);
    });
  });

  sub("show", "Show a staff account", true)->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      Done(ctx, *o, s, Status{});
    });
  });

  sub("disable", "Disable an account: no logins, sessions ended, tokens revoked", true)
      ->callback([&ctx, o] {
        WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
          Done(ctx, *o, s, s.DisableUser("local-admin", o->user));
        });
      });
  sub("enable", "Enable a disabled account", true)->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      Done(ctx, *o, s, s.EnableUser("local-admin", o->user));
    });
  });
  sub("reset-password", "Set a new password (from standard input); ends sessions, clears a lockout",
      true)
      ->callback([&ctx, o] {
        WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
          auto password = ReadPassword();
          if (!password) return ctx.Fail(password.error());
          Done(ctx, *o, s, s.ResetPassword("local-admin", o->user, *password));
        });
      });
  sub("reset-second-factor", "Forget the second factor (a lost phone); they enrol again", true)
      ->callback([&ctx, o] {
        WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
          Done(ctx, *o, s, s.ResetSecondFactor("local-admin", o->user));
        });
      });
  CLI::App* add_role = sub("add-role", "Give a role", true);
  add_role->add_option("ROLE", o->role, "Role id from the policy")->required();
  add_role->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      Done(ctx, *o, s, s.AddRole("local-admin", o->user, o->role));
    });
  });
  CLI::App* remove_role = sub("remove-role", "Take a role away", true);
  remove_role->add_option("ROLE", o->role, "Role id")->required();
  remove_role->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      Done(ctx, *o, s, s.RemoveRole("local-admin", o->user, o->role));
    });
  });
  CLI::App* set_team = sub("set-team", "Put the user in a team (empty: none)", true);
  set_team->add_option("TEAM", o->team, "Team id")->required();
  set_team->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      Done(ctx, *o, s, s.SetTeam("local-admin", o->user, o->team));
    });
  });

  sub("tokens", "List a user's API tokens (never their secrets)", true)->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      auto tokens = s.ListTokens(o->user);
      if (!tokens) return ctx.Fail(tokens.error());
      nlohmann::json list = nlohmann::json::array();
      for (const auto& t : *tokens) list.push_back(accounts::ToJson(t));
      Print(ctx, o->folder.json, list);
    });
  });
  CLI::App* revoke = noun->add_subcommand("revoke-token", "Revoke an API token at once");
  AddFolderOptions(revoke, o->folder);
  revoke->add_option("TOKEN", o->label, "The token's code (T-...)")->required();
  revoke->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      if (auto r = s.RevokeToken("local-admin", o->label); !r) return ctx.Fail(r.error());
      ctx.out << "revoked " << o->label << "\n";
    });
  });

  CLI::App* token = sub("token", "Create an API token for a script; prints the secret once", true);
  token->add_option("--label", o->label, "What the token is for")->required();
  token->add_option("--role", o->roles, "Role the token carries (one of the user's), repeated")
      ->required();
  token->add_option("--days", o->days, "Lifetime in days (default 90)");
  token->callback([&ctx, o] {
    WithAccounts(ctx, *o, [&](records::DataFolder&, accounts::AccountsService& s) {
      std::optional<int> days;
      if (o->days > 0) days = o->days;
      auto t = s.CreateToken("local-admin", o->user, o->label, o->roles, days);
      if (!t) return ctx.Fail(t.error());
      if (o->folder.json) {
        return Print(ctx, true,
                     nlohmann::json{
                         {"code", t->code}, {"secret", t->secret}, {"expires_at", t->expires_at}});
      }
      ctx.out << t->secret << "\n";
    });
  });
}

}  // namespace casekeep::cli
