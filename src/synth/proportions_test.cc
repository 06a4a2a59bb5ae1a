// Tests that generated data looks like a real service's: family sizes, ages at opening, how
// many cases close, flag and referral rates, which records are common, text that names the
// family; and a scale run that prints the generation rate.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>

#include "base/date.h"
#include "policy/policy.h"
#include "synth/generator.h"

namespace casekeep::synth {
namespace {

policy::Policy LoadExample(const std::string& name) {
  auto loaded = policy::LoadPolicyFile(std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/" +
                                       name + ".toml");
  EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().message);
  return loaded ? std::move(*loaded) : policy::Policy{};
}

int YearsBetween(const std::string& from, const std::string& to) {
  const Date a = *Date::Parse(from);
  const Date b = *Date::Parse(to);
  int years = b.year() - a.year();
  if (b.month() < a.month() || (b.month() == a.month() && b.day() < a.day())) --years;
  return years;
}

std::string FirstName(const Person& p) {
  if (!p.fields.contains("name")) return std::string();
  const std::string name = p.fields["name"].get<std::string>();
  return name.substr(0, name.find(' '));
}

TEST(ProportionsTest, ContactCentreLooksRealistic) {
  const policy::Policy policy = LoadExample("contact-centre");
  auto generator = Generator::Create(policy, Options{});
  ASSERT_TRUE(generator);
  int families = 0, cases = 0, closed = 0, court = 0, safeguarding = 0, notes = 0, named = 0;
  std::map<std::string, int> referrals, types;
  std::map<std::string, int> flags_seen;
  int records = 0;
  for (int i = 0; i < 3000; ++i) {
    const Family family = generator->NextFamily();
    if (family.cases.empty()) continue;  // a member of staff
    ++families;
    std::map<std::string, const Person*> people;
    int adults = 0, children = 0;
    for (const Person& p : family.people) {
      people[p.key] = &p;
      adults += p.kind == "parent" ? 1 : 0;
      children += p.kind == "child" ? 1 : 0;
    }
    EXPECT_GE(adults, 1);
    EXPECT_LE(adults, 2);
    EXPECT_GE(children, 1);
    EXPECT_LE(children, 3);
    const std::string& opened = family.cases.front().opened_on;
    for (const Person& p : family.people) {
      if (!p.fields.contains("date_of_birth")) continue;
      const int age = YearsBetween(p.fields["date_of_birth"].get<std::string>(), opened);
      if (p.kind == "child") {
        EXPECT_GE(age, 0);
        EXPECT_LE(age, 17);
      } else if (p.kind == "parent") {
        EXPECT_GE(age, 18);
        EXPECT_LE(age, 60);
      }
    }
    for (const Case& c : family.cases) {
      ++cases;
      closed += c.closed_on ? 1 : 0;
      ++referrals[c.referral_source];
      bool has_court = false, has_safeguarding = false;
      for (const std::string& f : c.flags) {
        ++flags_seen[f];
        has_court = has_court || f == "court_order" || f == "cafcass";
        has_safeguarding = has_safeguarding || f == "safeguarding";
      }
      court += has_court ? 1 : 0;
      safeguarding += has_safeguarding ? 1 : 0;
    }
    for (const Record& r : family.records) {
      ++records;
      ++types[r.type];
      if (r.type != "case_note") continue;
      ++notes;
      const std::string note = r.fields["note"].get<std::string>();
      for (const Person& p : family.people) {
        const std::string first = FirstName(p);
        if (!first.empty() && note.find(first) != std::string::npos) {
          ++named;
          break;
        }
      }
    }
  }
  const auto share = [](int part, int whole) { return static_cast<double>(part) / whole; };
  std::printf("families %d, cases %d, records %d, closed %.2f, court %.2f, safeguarding %.3f\n",
              families, cases, records, share(closed, cases), share(court, cases),
              share(safeguarding, cases));
  EXPECT_GT(families, 2800);
  EXPECT_NEAR(share(closed, cases), 0.70, 0.12);
  EXPECT_NEAR(share(court, cases), 0.30, 0.08);
  EXPECT_NEAR(share(safeguarding, cases), 0.05, 0.025);
  EXPECT_NEAR(share(records, cases), 12.0, 2.5);
  int top = 0;
  for (const auto& [source, n] : referrals) top = std::max(top, n);
  EXPECT_EQ(referrals["self"], top);
  const double concerns = share(types["safeguarding_concern"], records);
  EXPECT_GT(concerns, 0.005);
  EXPECT_LT(concerns, 0.08);
  const int sessions = types["attendance_record"] + types["session_report"] + types["case_note"];
  EXPECT_GT(share(sessions, records), 0.5);
  EXPECT_GT(share(named, notes), 0.8);
}

TEST(ProportionsTest, GeneratesTwoHundredThousandRecordsQuickly) {
  const policy::Policy policy = LoadExample("contact-centre");
  auto generator = Generator::Create(policy, Options{});
  ASSERT_TRUE(generator);
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  std::size_t families = 0;
  std::size_t bytes = 0;
  while (generator->records_generated() < 200000) {
    const Family family = generator->NextFamily();
    ++families;
    bytes += family.records.size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const auto records = static_cast<double>(generator->records_generated());
  std::printf("%.0f records in %zu families: %.3f s, %.0f records/s (%.0f per CPU second)\n",
              records, families, seconds, records / seconds, records / cpu);
  EXPECT_GE(bytes, 190000u);
}

}  // namespace
}  // namespace casekeep::synth
