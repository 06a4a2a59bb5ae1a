// Tests for the generator's single values: postcodes, drama phone numbers, NHS numbers, emails,
// dates, and the pseudo-random source's fixed sequence.
#include "synth/internal/values.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "synth/internal/random.h"
#include "synth/internal/text.h"

namespace casekeep::synth::internal {
namespace {

// Area, district (with its letter forms), sector, and two unit letters from the allowed set.
const std::regex kPostcode(
    "^[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) "
    "[0-9][ABD-HJLNP-UW-Z]{2}$");
const std::regex kDramaPhone("^(07700 900[0-9]{3}|020 7946 0[0-9]{3}|0161 496 0[0-9]{3})$");

TEST(RngTest, SameSeedSameSequenceOnEveryPlatform) {
  Rng a(42);
  Rng b(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.Next(), b.Next());
  // Pinned: the sequence must never depend on the standard library or the compiler.
  Rng pinned(1);
  EXPECT_EQ(pinned.Next(), 0xb3f2af6d0fc710c5ULL);
  Rng other(43);
  EXPECT_NE(Rng(42).Next(), other.Next());
}

TEST(RngTest, DrawsStayInRange) {
  Rng rng(7);
  for (int i = 0; i < 10000; ++i) {
    const auto below = rng.Below(7);
    EXPECT_LT(below, 7u);
    const auto between = rng.Between(-3, 3);
    EXPECT_GE(between, -3);
    EXPECT_LE(between, 3);
    const double unit = rng.Unit();
    EXPECT_GE(unit, 0.0);
    EXPECT_LT(unit, 1.0);
  }
}

TEST(ValuesTest, PostcodesAreValidInForm) {
  Rng rng(1);
  std::set<std::string> areas;
  for (int i = 0; i < 20000; ++i) {
    const PostcodeArea& area = rng.Pick(PostcodeAreas());
    const std::string code = Postcode(rng, area);
    ASSERT_TRUE(std::regex_match(code, kPostcode)) << code;
    const std::string unit = code.substr(code.size() - 2);
    for (char c : unit) ASSERT_NE(kUnitLetters.find(c), std::string_view::npos) << code;
    areas.insert(std::string(area.area));
  }
  EXPECT_GT(areas.size(), 20u);
  for (const PostcodeArea& area : PostcodeAreas()) {
    for (std::string_view district : area.districts) {
      EXPECT_TRUE(
          std::regex_match(std::string(area.area) + std::string(district) + " 1AB", kPostcode))
          << area.area << district;
    }
  }
}

TEST(ValuesTest, PhonesAreOnlyDramaNumbers) {
  Rng rng(2);
  std::set<std::string> prefixes;
  for (int i = 0; i < 20000; ++i) {
    const std::string phone = PhoneNumber(rng);
    ASSERT_TRUE(std::regex_match(phone, kDramaPhone)) << phone;
    prefixes.insert(phone.substr(0, 4));
  }
  EXPECT_EQ(prefixes.size(), 3u);
}

TEST(ValuesTest, NhsNumbersPassTheModElevenCheck) {
  EXPECT_TRUE(IsValidNhsNumber("9434765919"));
  EXPECT_FALSE(IsValidNhsNumber("9434765918"));
  EXPECT_FALSE(IsValidNhsNumber("943476591"));
  EXPECT_FALSE(IsValidNhsNumber("94347659x9"));
  Rng rng(3);
  for (int i = 0; i < 20000; ++i) {
    const std::string number = NhsNumber(rng);
    ASSERT_TRUE(IsValidNhsNumber(number)) << number;
  }
}

TEST(ValuesTest, EmailsUseExampleDomains) {
  Rng rng(4);
  const std::string email = Email(rng, "Siobhan", "O'Connor", 17);
  EXPECT_EQ(email.substr(0, email.find('@')), "siobhan.oconnor+17");
  for (int i = 0; i < 1000; ++i) {
    const std::string e = Email(rng, "Ana", "Smith-Jones", static_cast<std::uint64_t>(i));
    const std::string domain = e.substr(e.find('@') + 1);
    EXPECT_TRUE(domain == "example.org" || domain == "example.net" || domain == "example.com" ||
                domain.ends_with(".example.org") || domain.ends_with(".example.net"))
        << e;
  }
}

TEST(ValuesTest, DatesAndTimes) {
  EXPECT_EQ(IsoDate(0), "1970-01-01");
  EXPECT_EQ(IsoDate(19723), "2024-01-01");
  EXPECT_EQ(IsoDateTime(19723, 9 * 60 + 5), "2024-01-01T09:05:00Z");
  std::string text;
  AppendLongDate(text, 19723);
  EXPECT_EQ(text, "1 January 2024");
}

TEST(TextTest, MentionsThePeopleItIsGiven) {
  Rng rng(5);
  TextPeople people;
  people.adult = "Amara";
  people.other_adult = "Piotr";
  people.child = "Noah";
  people.worker = "Kwame";
  people.outsider = "Eilidh";
  people.town = "Leeds";
  people.phone = "07700 900123";
  people.email = "amara.okafor+1@example.net";
  people.child_age = 6;
  int named = 0;
  for (int i = 0; i < 200; ++i) {
    std::string out;
    WriteText(rng, TextKind::kNote, people, 19723, out);
    ASSERT_FALSE(out.empty());
    if (out.find("Amara") != std::string::npos || out.find("Noah") != std::string::npos ||
        out.find("Piotr") != std::string::npos) {
      ++named;
    }
  }
  EXPECT_GT(named, 150);
  std::string transcript;
  WriteText(rng, TextKind::kTranscript, people, 19723, transcript);
  EXPECT_NE(transcript.find("\nAmara: "), std::string::npos) << transcript;
  EXPECT_EQ(ClassifyTextField("transcript"), TextKind::kTranscript);
  EXPECT_EQ(ClassifyTextField("absence_reason"), TextKind::kAbsence);
  EXPECT_EQ(ClassifyTextField("address"), TextKind::kAddress);
}

}  // namespace
}  // namespace casekeep::synth::internal
