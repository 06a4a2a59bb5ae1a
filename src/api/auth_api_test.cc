// Signing in over HTTP against a real server: the session cookie and its attributes, lockout
// after repeated failures (and its trace in the audit chain), second-factor enrolment and
// login with TOTP and recovery codes, CSRF protection of cookie sessions, session timeouts,
// logout, API token revocation and expiry, and disabling a user.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/test_server.h"
#include "crypto/codes.h"
#include "crypto/totp.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

constexpr char kPolicy[] = "policy/examples/contact-centre.toml";

//! A browser's session: the Cookie header value and the CSRF token it was given.
struct Browser {
  std::string cookie;  //!< "casekeep_session=..."
  std::string csrf;
};

//! The casekeep_session cookie a response sets ("casekeep_session=..."), or empty.
std::string SessionCookieOf(const Reply& r) {
  for (auto value : r.headers.GetAll("Set-Cookie")) {
    if (!value.starts_with("casekeep_session=")) continue;
    return std::string(value.substr(0, value.find(';')));
  }
  return {};
}

std::string DetailOf(const Reply& r) {
  return r.json.is_object() && r.json.contains("detail") && r.json["detail"].is_string()
             ? r.json["detail"].get<std::string>()
             : std::string();
}

bool IsProblem(const Reply& r) {
  auto type = r.headers.Get("Content-Type");
  return type && type->starts_with("application/problem+json") && r.json.is_object() &&
         r.json.value("status", 0) == r.status && r.json.contains("title");
}

class AuthApiTest : public ::testing::Test {
 protected:
  AuthApiTest() : server_(kPolicy) {}

  Reply Login(const std::string& username, const std::string& password,
              const std::string& code = "") {
    json body{{"username", username}, {"password", password}};
    if (!code.empty()) body["code"] = code;
    return server_.Send("POST", "/api/v1/auth/login", "", body);
  }

  //! Signs in with the right password; fails the test unless it works.
  Browser SignIn(const std::string& username, const std::string& code = "") {
    Reply r = Login(username, std::string(kPassword), code);
    EXPECT_EQ(r.status, 200) << r.body;
    Browser b;
    b.cookie = SessionCookieOf(r);
    if (r.json.is_object()) b.csrf = r.json.value("csrf_token", "");
    EXPECT_FALSE(b.cookie.empty());
    EXPECT_FALSE(b.csrf.empty());
    return b;
  }

  //! A request as the browser: the cookie, the CSRF token unless `csrf` says otherwise.
  Reply AsBrowser(const Browser& b, std::string_view method, std::string_view target,
                  const json& body = nullptr,
                  std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Cookie", b.cookie);
    return server_.Send(method, target, "", body, std::move(headers));
  }
  Reply WithCsrf(const Browser& b, std::string_view method, std::string_view target,
                 const json& body = nullptr,
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("X-CSRF-Token", b.csrf);
    return AsBrowser(b, method, target, body, std::move(headers));
  }

  Reply WhoAmI(const Browser& b) { return AsBrowser(b, "GET", "/api/v1/whoami"); }
  Reply WhoAmI(const std::string& bearer) { return server_.Send("GET", "/api/v1/whoami", bearer); }

  //! Every audit entry so far, read over HTTP with a DPO's token.
  std::vector<json> Audit() {
    if (dpo_token_.empty()) {
      server_.AddUser("dpo.reader", {"dpo"});
      dpo_token_ = server_.Token("dpo.reader", {"dpo"});
    }
    std::vector<json> entries;
    std::int64_t after = 0;
    for (int page = 0; page < 100; ++page) {
      Reply r = server_.Send("GET", "/api/v1/audit?limit=1000&after=" + std::to_string(after),
                             dpo_token_);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200 || r.json["items"].empty()) break;
      for (const auto& e : r.json["items"]) entries.push_back(e);
      after = r.json["next_after"].get<std::int64_t>();
    }
    return entries;
  }

  //! How many audit entries have this action, outcome and detail and name `object`.
  int CountAudit(const std::string& action, const std::string& outcome, const std::string& detail,
                 const std::string& object) {
    int n = 0;
    for (const auto& e : Audit()) {
      if (e["action"] == action && e["outcome"] == outcome &&
          (detail.empty() || e["detail"] == detail) &&
          e["objects"].get<std::string>().find(object) != std::string::npos) {
        ++n;
      }
    }
    return n;
  }

  std::string CodeOf(const std::string& secret_base32, std::int64_t at) {
    auto secret = crypto::DecodeTotpSecret(secret_base32);
    EXPECT_TRUE(secret) << secret.error().message;
    if (!secret) return {};
    auto code = crypto::TotpCode(secret->span(), at);
    EXPECT_TRUE(code) << code.error().message;
    return code ? *code : std::string();
  }
  std::string CodeNow(const std::string& secret_base32) {
    return CodeOf(secret_base32, server_.clock().NowUnixSeconds());
  }

  TestServer server_;
  std::string dpo_token_;
};

TEST_F(AuthApiTest, LoginSetsAStrictHttpOnlySecureCookieThatWhoAmIAccepts) {
  const std::string code = server_.AddUser("worker.one", {"contact_worker"});
  Reply r = Login("worker.one", std::string(kPassword));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["user"], code);
  EXPECT_EQ(r.json["mfa_pending_enrolment"], false);
  ASSERT_TRUE(r.json["csrf_token"].is_string());
  auto cookies = r.headers.GetAll("Set-Cookie");
  ASSERT_EQ(cookies.size(), 1u);
  const std::string cookie(cookies[0]);
  EXPECT_TRUE(cookie.starts_with("casekeep_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  // The cookie's lifetime is the session's absolute timeout.
  EXPECT_NE(cookie.find("; Max-Age=" +
                        std::to_string(server_.accounts().settings().session_absolute_seconds)),
            std::string::npos)
      << cookie;

  Browser b{SessionCookieOf(r), r.json["csrf_token"].get<std::string>()};
  Reply who = WhoAmI(b);
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(who.json["code"], code);
  EXPECT_EQ(who.json["username"], "worker.one");
  EXPECT_EQ(who.json["via"], "session");
  EXPECT_EQ(who.json["roles"], json::array({"contact_worker"}));
  EXPECT_EQ(who.json["csrf_token"], b.csrf);
  // The session token is never echoed in a body.
  EXPECT_EQ(who.body.find(b.cookie.substr(b.cookie.find('=') + 1)), std::string::npos);

  // Without a cookie, or with a made-up one: 401 with a challenge.
  Reply none = server_.Send("GET", "/api/v1/whoami", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_TRUE(IsProblem(none)) << none.body;
  EXPECT_TRUE(none.headers.Has("WWW-Authenticate"));
  Reply forged =
      WhoAmI(Browser{"casekeep_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ""});
  EXPECT_EQ(forged.status, 401);

  // Wrong passwords and unknown users get the same answer and no cookie.
  Reply wrong = Login("worker.one", "not the password");
  Reply unknown = Login("nobody.here", "not the password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_TRUE(IsProblem(wrong)) << wrong.body;
  EXPECT_EQ(DetailOf(wrong), DetailOf(unknown));
  EXPECT_TRUE(SessionCookieOf(wrong).empty());
  // A login body, or query, that is not what the route takes.
  EXPECT_EQ(server_
                .Send("POST", "/api/v1/auth/login?username=worker.one", "",
                      json{{"username", "worker.one"}, {"password", std::string(kPassword)}})
                .status,
            400);
  EXPECT_EQ(server_.Send("POST", "/api/v1/auth/login", "", json{{"username", "worker.one"}}).status,
            400);
  EXPECT_EQ(server_
                .Send("POST", "/api/v1/auth/login", "",
                      json{{"username", "worker.one"}, {"password", 12345}})
                .status,
            400);
}

TEST_F(AuthApiTest, RepeatedFailuresLockTheAccountUntilTheLockEndsAndAreAudited) {
  const std::string code = server_.AddUser("worker.one", {"contact_worker"});
  const accounts::Settings& settings = server_.accounts().settings();
  for (int i = 0; i < settings.max_failed_logins; ++i) {
    Reply r = Login("worker.one", "wrong password " + std::to_string(i));
    EXPECT_EQ(r.status, 401) << r.body;
  }
  // The right password is refused while the lock lasts.
  Reply locked = Login("worker.one", std::string(kPassword));
  EXPECT_EQ(locked.status, 401) << locked.body;
  EXPECT_TRUE(IsProblem(locked)) << locked.body;
  EXPECT_NE(DetailOf(locked).find("locked"), std::string::npos) << locked.body;
  EXPECT_TRUE(SessionCookieOf(locked).empty());

  server_.clock().Advance(settings.lockout_seconds - 10);
  EXPECT_EQ(Login("worker.one", std::string(kPassword)).status, 401);
  server_.clock().Advance(11);
  Browser b = SignIn("worker.one");
  EXPECT_EQ(WhoAmI(b).status, 200);

  // Every failure, the lock and the refusals during it are in the audit chain.
  EXPECT_EQ(CountAudit("auth.login", "denied", "bad-password", code), settings.max_failed_logins);
  EXPECT_EQ(CountAudit("user.lock", "ok", "", code), 1);
  EXPECT_EQ(CountAudit("auth.login", "denied", "locked", code), 2);
  EXPECT_EQ(CountAudit("auth.login", "ok", "password", code), 1);
}

TEST_F(AuthApiTest, SecondFactorEnrolmentThenLoginWithTotpAndRecoveryCodes) {
  const std::string code = server_.AddUser("manager.one", {"centre_manager"}, "");
  // First sign-in: the role needs a second factor the user has not enrolled.
  Reply first = Login("manager.one", std::string(kPassword));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["mfa_pending_enrolment"], true);
  Browser pending{SessionCookieOf(first), first.json["csrf_token"].get<std::string>()};

  Reply who = WhoAmI(pending);
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(who.json["mfa_pending_enrolment"], true);
  EXPECT_EQ(who.json["roles"], json::array());
  // Anything else is refused, reads and writes alike.
  const std::vector<std::pair<std::string, std::string>> purpose{{"X-Purpose", "run_contact"}};
  Reply open =
      WithCsrf(pending, "POST", "/api/v1/cases",
               json{{"service", "supervised_contact"}, {"referral_source", "self"}}, purpose);
  EXPECT_EQ(open.status, 403) << open.body;
  EXPECT_TRUE(IsProblem(open));
  EXPECT_EQ(AsBrowser(pending, "GET", "/api/v1/records", nullptr, purpose).status, 403);
  EXPECT_EQ(AsBrowser(pending, "GET", "/api/v1/users/" + code + "/tokens").status, 403);
  EXPECT_EQ(WithCsrf(pending, "POST", "/api/v1/users/" + code + "/tokens",
                     json{{"label", "script"}, {"roles", {"centre_manager"}}})
                .status,
            403);

  // Enrolment: begin, a wrong code, then the right one.
  Reply begin = WithCsrf(pending, "POST", "/api/v1/auth/totp/begin");
  ASSERT_EQ(begin.status, 200) << begin.body;
  const std::string secret = begin.json["secret"].get<std::string>();
  EXPECT_TRUE(begin.json["uri"].get<std::string>().starts_with("otpauth://totp/"));
  const std::string now_code = CodeNow(secret);
  const std::string wrong_code = now_code == "123456" ? "654321" : "123456";
  Reply bad_confirm =
      WithCsrf(pending, "POST", "/api/v1/auth/totp/confirm", json{{"code", wrong_code}});
  EXPECT_EQ(bad_confirm.status, 400) << bad_confirm.body;
  Reply confirm = WithCsrf(pending, "POST", "/api/v1/auth/totp/confirm", json{{"code", now_code}});
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  ASSERT_TRUE(confirm.json["recovery_codes"].is_array());
  ASSERT_GE(confirm.json["recovery_codes"].size(), 2u);
  const auto recovery = confirm.json["recovery_codes"].get<std::vector<std::string>>();
  EXPECT_EQ(confirm.json["signed_out"], true);
  // The enrolment session has ended: the user signs in again with the new factor.
  EXPECT_EQ(WhoAmI(pending).status, 401);

  // Without a code: 401 asking for one. With a wrong code: 401.
  Reply no_code = Login("manager.one", std::string(kPassword));
  EXPECT_EQ(no_code.status, 401) << no_code.body;
  EXPECT_TRUE(IsProblem(no_code)) << no_code.body;
  EXPECT_EQ(no_code.json["second_factor_required"], true) << no_code.body;
  EXPECT_TRUE(SessionCookieOf(no_code).empty());
  Reply wrong = Login("manager.one", std::string(kPassword), wrong_code);
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  EXPECT_FALSE(wrong.json.contains("second_factor_required"));
  EXPECT_TRUE(SessionCookieOf(wrong).empty());
  // The code used to confirm enrolment cannot be used again.
  EXPECT_EQ(Login("manager.one", std::string(kPassword), now_code).status, 401);
  // A wrong password with the right code is still refused.
  server_.clock().Advance(30);
  const std::string next_code = CodeNow(secret);
  EXPECT_EQ(Login("manager.one", "not the password", next_code).status, 401);

  // The right code: a full session.
  Reply ok = Login("manager.one", std::string(kPassword), next_code);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["mfa_pending_enrolment"], false);
  Browser full{SessionCookieOf(ok), ok.json["csrf_token"].get<std::string>()};
  Reply full_who = WhoAmI(full);
  ASSERT_EQ(full_who.status, 200);
  EXPECT_EQ(full_who.json["roles"], json::array({"centre_manager"}));
  EXPECT_EQ(AsBrowser(full, "GET", "/api/v1/records", nullptr, purpose).status, 200);
  // The same code again (a replay, say by someone watching): refused.
  Reply replay = Login("manager.one", std::string(kPassword), next_code);
  EXPECT_EQ(replay.status, 401) << replay.body;
  EXPECT_TRUE(SessionCookieOf(replay).empty());

  // A recovery code works once.
  Reply rec = Login("manager.one", std::string(kPassword), recovery[0]);
  ASSERT_EQ(rec.status, 200) << rec.body;
  EXPECT_FALSE(SessionCookieOf(rec).empty());
  EXPECT_EQ(Login("manager.one", std::string(kPassword), recovery[0]).status, 401);
  EXPECT_EQ(Login("manager.one", std::string(kPassword), recovery[1]).status, 200);

  // Enrolling again is refused now that a factor is confirmed.
  EXPECT_EQ(WithCsrf(full, "POST", "/api/v1/auth/totp/begin").status, 409);
}

// A session opened with the password alone while the second factor was still to be enrolled
// must not become a full session when the factor is enrolled from another session: otherwise
// whoever knew the password signs in before the owner enrols and gets in without the factor.
// Disabled: it fails today. ConfirmTotp (src/accounts/mfa.cc) leaves the user's other sessions
// alone, and Authenticate works out mfa_pending from the user as they are now, not from how the
// session was opened; the route can end only the session it is called with.
TEST_F(AuthApiTest, EnrollingDoesNotPromoteOtherPasswordOnlySessions) {
  server_.AddUser("manager.one", {"centre_manager"});
  Browser intruder = SignIn("manager.one");
  Browser owner = SignIn("manager.one");
  Reply begin = WithCsrf(owner, "POST", "/api/v1/auth/totp/begin");
  ASSERT_EQ(begin.status, 200) << begin.body;
  const std::string secret = begin.json["secret"].get<std::string>();
  Reply confirm =
      WithCsrf(owner, "POST", "/api/v1/auth/totp/confirm", json{{"code", CodeNow(secret)}});
  ASSERT_EQ(confirm.status, 200) << confirm.body;
  // The intruder's password-only session gets no roles.
  Reply who = WhoAmI(intruder);
  if (who.status == 200) {
    EXPECT_EQ(who.json["roles"], json::array()) << who.body;
  }
  EXPECT_NE(
      AsBrowser(intruder, "GET", "/api/v1/records", nullptr, {{"X-Purpose", "run_contact"}}).status,
      200);
}

TEST_F(AuthApiTest, CookieSessionsNeedTheirCsrfTokenOnUnsafeMethods) {
  const std::string code = server_.AddUser("worker.one", {"contact_worker"});
  server_.AddUser("worker.two", {"contact_worker"});
  Browser b = SignIn("worker.one");
  Browser other = SignIn("worker.two");
  ASSERT_NE(b.csrf, other.csrf);
  const json body{{"service", "supervised_contact"}, {"referral_source", "self"}};
  const std::pair<std::string, std::string> purpose{"X-Purpose", "run_contact"};

  Reply missing = AsBrowser(b, "POST", "/api/v1/cases", body, {purpose});
  EXPECT_EQ(missing.status, 403) << missing.body;
  EXPECT_TRUE(IsProblem(missing)) << missing.body;
  EXPECT_NE(DetailOf(missing).find("X-CSRF-Token"), std::string::npos) << missing.body;
  Reply wrong = AsBrowser(b, "POST", "/api/v1/cases", body,
                          {purpose, {"X-CSRF-Token", b.csrf.substr(1) + "A"}});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  Reply empty = AsBrowser(b, "POST", "/api/v1/cases", body, {purpose, {"X-CSRF-Token", ""}});
  EXPECT_EQ(empty.status, 403) << empty.body;
  // Another session's token is not this session's.
  Reply borrowed =
      AsBrowser(b, "POST", "/api/v1/cases", body, {purpose, {"X-CSRF-Token", other.csrf}});
  EXPECT_EQ(borrowed.status, 403) << borrowed.body;
  // Logging out is an unsafe method too: without the token the session survives.
  EXPECT_EQ(AsBrowser(b, "POST", "/api/v1/auth/logout").status, 403);
  EXPECT_EQ(WhoAmI(b).status, 200);
  // Nothing was opened.
  EXPECT_EQ(CountAudit("case.open", "ok", "", ""), 0);
  Reply list = AsBrowser(b, "GET", "/api/v1/records", nullptr, {purpose});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(list.json["items"].empty());

  // With the right token it succeeds; safe methods never needed one.
  Reply ok = WithCsrf(b, "POST", "/api/v1/cases", body, {purpose});
  ASSERT_EQ(ok.status, 201) << ok.body;
  const std::string case_code = ok.json["code"].get<std::string>();
  EXPECT_EQ(CountAudit("case.open", "ok", "", case_code), 1);
  Reply read = AsBrowser(b, "GET", "/api/v1/cases/" + case_code, nullptr, {purpose});
  EXPECT_EQ(read.status, 200) << read.body;
  Reply assigned =
      AsBrowser(b, "GET", "/api/v1/cases/" + case_code + "/assignments", nullptr, {purpose});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.json["users"], json::array({code}));
}

TEST_F(AuthApiTest, BearerTokensNeedNoCsrfToken) {
  server_.AddUser("worker.one", {"contact_worker"});
  const std::string token = server_.Token("worker.one", {"contact_worker"});
  Reply ok = server_.Send("POST", "/api/v1/cases", token,
                          json{{"service", "supervised_contact"}, {"referral_source", "self"}},
                          {{"X-Purpose", "run_contact"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  Reply who = WhoAmI(token);
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(who.json["via"], "token");
  EXPECT_TRUE(who.json["token"].get<std::string>().starts_with("T-"));
  EXPECT_FALSE(who.json.contains("csrf_token"));
  // Malformed Authorization headers are refused, never treated as signed out.
  EXPECT_EQ(server_
                .SendRaw(
                    "GET", "/api/v1/whoami",
                    [] {
                      http::Headers h;
                      h.Set("Authorization", "Basic d29ya2VyOnB3");
                      return h;
                    }(),
                    "")
                .status,
            401);
  EXPECT_EQ(WhoAmI("ck_not-a-real-token").status, 401);
  // The scheme's case does not matter.
  http::Headers lower;
  lower.Set("Authorization", "bearer " + token);
  EXPECT_EQ(server_.SendRaw("GET", "/api/v1/whoami", lower, "").status, 200);
}

TEST_F(AuthApiTest, SessionsEndAfterTheIdleTimeout) {
  server_.AddUser("worker.one", {"contact_worker"});
  const accounts::Settings& settings = server_.accounts().settings();
  Browser b = SignIn("worker.one");
  // Used just within the idle timeout, it lives on; each use restarts the idle period.
  server_.clock().Advance(settings.session_idle_seconds - 5);
  EXPECT_EQ(WhoAmI(b).status, 200);
  server_.clock().Advance(settings.session_idle_seconds - 5);
  EXPECT_EQ(WhoAmI(b).status, 200);
  server_.clock().Advance(settings.session_idle_seconds + 1);
  Reply idle = WhoAmI(b);
  EXPECT_EQ(idle.status, 401) << idle.body;
  EXPECT_TRUE(IsProblem(idle));
  EXPECT_NE(DetailOf(idle).find("without use"), std::string::npos) << idle.body;
  // And stays ended.
  EXPECT_EQ(WhoAmI(b).status, 401);
}

TEST_F(AuthApiTest, SessionsEndAtTheAbsoluteTimeoutHoweverBusy) {
  server_.AddUser("worker.one", {"contact_worker"});
  const accounts::Settings& settings = server_.accounts().settings();
  Browser b = SignIn("worker.one");
  const std::int64_t step = settings.session_idle_seconds / 2;
  std::int64_t elapsed = 0;
  while (elapsed + step < settings.session_absolute_seconds) {
    server_.clock().Advance(step);
    elapsed += step;
    ASSERT_EQ(WhoAmI(b).status, 200) << "after " << elapsed << " s";
  }
  server_.clock().Advance(settings.session_absolute_seconds - elapsed);
  Reply ended = WhoAmI(b);
  EXPECT_EQ(ended.status, 401) << ended.body;
  EXPECT_NE(DetailOf(ended).find("time limit"), std::string::npos) << ended.body;
  // Signing in again gives a new session.
  Browser again = SignIn("worker.one");
  EXPECT_EQ(WhoAmI(again).status, 200);
}

TEST_F(AuthApiTest, LogoutEndsTheSession) {
  const std::string code = server_.AddUser("worker.one", {"contact_worker"});
  Browser b = SignIn("worker.one");
  Browser other = SignIn("worker.one");
  Reply out = WithCsrf(b, "POST", "/api/v1/auth/logout");
  EXPECT_EQ(out.status, 204) << out.body;
  auto cleared = out.headers.GetAll("Set-Cookie");
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_TRUE(cleared[0].starts_with("casekeep_session=;")) << cleared[0];
  EXPECT_NE(cleared[0].find("Max-Age=0"), std::string::npos) << cleared[0];
  EXPECT_EQ(WhoAmI(b).status, 401);
  EXPECT_EQ(WithCsrf(b, "POST", "/api/v1/auth/logout").status, 401);
  // Only that session ended.
  EXPECT_EQ(WhoAmI(other).status, 200);
  EXPECT_EQ(CountAudit("auth.logout", "ok", "", code), 1);
}

TEST_F(AuthApiTest, RevokedTokensAreRefused) {
  server_.AddUser("worker.one", {"contact_worker"});
  server_.AddUser("worker.two", {"contact_worker"});
  server_.AddUser("admin.one", {"admin"});
  const std::string a = server_.Token("worker.one", {"contact_worker"});
  const std::string b = server_.Token("worker.one", {"contact_worker"});
  const std::string two = server_.Token("worker.two", {"contact_worker"});
  const std::string admin = server_.Token("admin.one", {"admin"});
  const std::string a_code = WhoAmI(a).json["token"].get<std::string>();
  const std::string b_code = WhoAmI(b).json["token"].get<std::string>();

  // Someone else's token: refused without manage_users, and it keeps working.
  Reply not_yours = server_.Send("DELETE", "/api/v1/tokens/" + a_code, two);
  EXPECT_EQ(not_yours.status, 403) << not_yours.body;
  EXPECT_EQ(WhoAmI(a).status, 200);

  // The owner revokes one of their tokens with another.
  Reply revoke = server_.Send("DELETE", "/api/v1/tokens/" + b_code, a);
  EXPECT_EQ(revoke.status, 204) << revoke.body;
  Reply refused = WhoAmI(b);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_TRUE(IsProblem(refused));
  EXPECT_EQ(
      server_.Send("GET", "/api/v1/records", b, nullptr, {{"X-Purpose", "run_contact"}}).status,
      401);
  EXPECT_EQ(WhoAmI(a).status, 200);
  // Revoking it twice is a conflict; a malformed code is refused, an unknown one not found.
  EXPECT_EQ(server_.Send("DELETE", "/api/v1/tokens/" + b_code, a).status, 409);
  EXPECT_EQ(server_.Send("DELETE", "/api/v1/tokens/T-0000000000", admin).status, 400);
  auto unknown = crypto::GenerateCode('T');
  ASSERT_TRUE(unknown);
  EXPECT_EQ(server_.Send("DELETE", "/api/v1/tokens/" + *unknown, admin).status, 404);

  // An administrator revokes anyone's token.
  EXPECT_EQ(server_.Send("DELETE", "/api/v1/tokens/" + a_code, admin).status, 204);
  EXPECT_EQ(WhoAmI(a).status, 401);
  // The listing shows both revoked.
  Reply list = server_.Send("GET", "/api/v1/users/worker.one/tokens", admin);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json["items"].size(), 2u);
  for (const auto& t : list.json["items"]) EXPECT_TRUE(t.contains("revoked_at")) << t.dump();
}

TEST_F(AuthApiTest, ExpiredTokensAreRefused) {
  server_.AddUser("worker.one", {"contact_worker"});
  const std::string token = server_.Token("worker.one", {"contact_worker"});
  // A short-lived token made over the API by its owner.
  Reply made =
      server_.Send("POST", "/api/v1/users/worker.one/tokens", token,
                   json{{"label", "one-day"}, {"roles", {"contact_worker"}}, {"lifetime_days", 1}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string secret = made.json["secret"].get<std::string>();
  EXPECT_EQ(made.json["expires_at"].get<std::int64_t>(),
            server_.clock().NowUnixSeconds() + 24 * 60 * 60);
  EXPECT_EQ(WhoAmI(secret).status, 200);
  server_.clock().Advance(24 * 60 * 60 - 10);
  EXPECT_EQ(WhoAmI(secret).status, 200);
  server_.clock().Advance(10);
  Reply expired = WhoAmI(secret);
  EXPECT_EQ(expired.status, 401) << expired.body;
  EXPECT_TRUE(IsProblem(expired));
  // The longer-lived token still works.
  EXPECT_EQ(WhoAmI(token).status, 200);
  // Out-of-range lifetimes are refused.
  EXPECT_EQ(server_
                .Send("POST", "/api/v1/users/worker.one/tokens", token,
                      json{{"label", "x"}, {"roles", {"contact_worker"}}, {"lifetime_days", 0}})
                .status,
            400);
}

TEST_F(AuthApiTest, DisablingAUserEndsTheirSessionsAndTokens) {
  const std::string code = server_.AddUser("worker.one", {"contact_worker"});
  server_.AddUser("worker.two", {"contact_worker"});
  server_.AddUser("admin.one", {"admin"});
  const std::string admin = server_.Token("admin.one", {"admin"});
  const std::string two = server_.Token("worker.two", {"contact_worker"});
  Browser b = SignIn("worker.one");
  const std::string token = server_.Token("worker.one", {"contact_worker"});
  ASSERT_EQ(WhoAmI(b).status, 200);
  ASSERT_EQ(WhoAmI(token).status, 200);

  // Only a user manager may disable.
  EXPECT_EQ(server_.Send("POST", "/api/v1/users/" + code + "/disable", two).status, 403);
  EXPECT_EQ(WhoAmI(b).status, 200);

  Reply disabled = server_.Send("POST", "/api/v1/users/" + code + "/disable", admin);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.json["disabled"], true);
  EXPECT_EQ(WhoAmI(b).status, 401);
  EXPECT_EQ(WhoAmI(token).status, 401);
  Reply login = Login("worker.one", std::string(kPassword));
  EXPECT_EQ(login.status, 401) << login.body;
  EXPECT_NE(DetailOf(login).find("disabled"), std::string::npos) << login.body;

  // Enabled again, they can sign in; the old token stays revoked.
  ASSERT_EQ(server_.Send("POST", "/api/v1/users/" + code + "/enable", admin).status, 200);
  Browser again = SignIn("worker.one");
  EXPECT_EQ(WhoAmI(again).status, 200);
  EXPECT_EQ(WhoAmI(token).status, 401);
}

}  // namespace
}  // namespace casekeep::api::testing
