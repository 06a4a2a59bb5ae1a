#include <gtest/gtest.h>

#include <string>

#include "anonymise/anonymise.h"

namespace casekeep::anonymise {
namespace {

// The texts each detector finds in `text`, joined by '|'.
template <class F>
std::string Found(F find, std::string_view text) {
  std::string out;
  for (const auto& s : find(text)) {
    if (!out.empty()) out += '|';
    out += std::string(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

TEST(Nhs, CheckDigit) {
  EXPECT_TRUE(IsValidNhsNumber("9434765919"));
  EXPECT_FALSE(IsValidNhsNumber("9434765918"));
  EXPECT_FALSE(IsValidNhsNumber("943476591"));
  EXPECT_FALSE(IsValidNhsNumber("943476591x"));
  EXPECT_TRUE(IsValidNhsNumber("4010232137"));
  EXPECT_FALSE(IsValidNhsNumber("1234567890"));  // remainder gives 10: never issued
}

TEST(Nhs, Formats) {
  EXPECT_EQ(Found(FindNhsNumbers, "NHS 943 476 5919."), "943 476 5919");
  EXPECT_EQ(Found(FindNhsNumbers, "nhs no 9434765919"), "9434765919");
  EXPECT_EQ(Found(FindNhsNumbers, "943-476-5919"), "943-476-5919");
  EXPECT_EQ(Found(FindNhsNumbers, "943 476 5918"), "");  // wrong check digit
  EXPECT_EQ(Found(FindNhsNumbers, "943 4765919"), "");   // mixed grouping
  EXPECT_EQ(Found(FindNhsNumbers, "94347659190"), "");   // eleven digits
  EXPECT_EQ(Found(FindNhsNumbers, "ref 943 476 5919 22"), "");
}

TEST(Ni, Prefixes) {
  EXPECT_TRUE(IsValidNiPrefix("AB"));
  EXPECT_TRUE(IsValidNiPrefix("jg"));
  for (const char* bad : {"QQ", "DA", "FA", "IA", "UA", "VA", "AD", "AF", "AI", "AO", "AQ",
                          "AU", "AV", "BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "A1"}) {
    EXPECT_FALSE(IsValidNiPrefix(bad)) << bad;
  }
}

TEST(Ni, Formats) {
  EXPECT_EQ(Found(FindNiNumbers, "NI JG 10 37 59 A ok"), "JG 10 37 59 A");
  EXPECT_EQ(Found(FindNiNumbers, "JG103759A"), "JG103759A");
  EXPECT_EQ(Found(FindNiNumbers, "jg103759 d"), "jg103759 d");
  EXPECT_EQ(Found(FindNiNumbers, "QQ 12 34 56 C"), "");  // invalid prefix
  EXPECT_EQ(Found(FindNiNumbers, "AB 12 34 56 E"), "");  // suffix beyond D
  EXPECT_EQ(Found(FindNiNumbers, "AB123456"), "");       // no suffix
  EXPECT_EQ(Found(FindNiNumbers, "XAB123456C"), "");
}

TEST(Postcode, Formats) {
  for (const char* pc : {"M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB",
                         "GIR 0AA", "m11ae", "sw1a2aa", "LS6 2QT", "gir0aa"}) {
    EXPECT_EQ(Found(FindPostcodes, std::string("at ") + pc + ", Leeds"), pc) << pc;
  }
  for (const char* not_pc : {"QA1 1AA", "M1 1AC", "M1 1AI", "AJ1 1AA", "M25", "BA2490", "MM1C 1AA",
                             "M1 1AEX", "A1 AAA"}) {
    EXPECT_EQ(Found(FindPostcodes, std::string("at ") + not_pc + " now"), "") << not_pc;
  }
}

TEST(Phone, Formats) {
  for (const char* ph :
       {"07700 900123", "07700900123", "+44 7700 900123", "+44 (0)7700 900123", "0044 7700 900123",
        "07700-900-123", "(0113) 496 0123", "0113 496 0123", "020 7946 0958", "+442079460958",
        "0161-496-0001", "0808 157 0192", "01632 960123", "(07700) 900854", "0800 123 456"}) {
    EXPECT_EQ(Found(FindPhones, std::string("call ") + ph + " today"), ph) << ph;
  }
  for (const char* not_ph : {"0207 9460", "0770 090 046", "01/02/2024", "4471 2209 1183",
                             "+33 1 23 45 67 89", "60-16-13", "07700 900123 4", "0412345678"}) {
    EXPECT_EQ(Found(FindPhones, std::string("ref ") + not_ph + " today"), "") << not_ph;
  }
}

TEST(Email, Formats) {
  EXPECT_EQ(Found(FindEmails, "mail amy.clarke87@example.co.uk."), "amy.clarke87@example.co.uk");
  EXPECT_EQ(Found(FindEmails, "<Tom+school@EXAMPLE.ORG>"), "Tom+school@EXAMPLE.ORG");
  EXPECT_EQ(Found(FindEmails, "at @home or a@b or x@y.z"), "");
}

TEST(DateOfBirth, NeedsACue) {
  EXPECT_EQ(Found(FindDatesOfBirth, "DOB 12/03/2017."), "12/03/2017");
  EXPECT_EQ(Found(FindDatesOfBirth, "born on the 3rd of March 2016"), "3rd of March 2016");
  EXPECT_EQ(Found(FindDatesOfBirth, "her birthday is 14 August"), "14 August");
  EXPECT_EQ(Found(FindDatesOfBirth, "(d.o.b. 2014-02-09)"), "2014-02-09");
  EXPECT_EQ(Found(FindDatesOfBirth, "born March 5, 2012"), "March 5, 2012");
  EXPECT_EQ(Found(FindDatesOfBirth, "seen on 12/03/2017"), "");
  EXPECT_EQ(Found(FindDatesOfBirth, "born in Leeds. Seen 12/03/2017"), "");
  EXPECT_EQ(Found(FindDatesOfBirth, "born 31/13/2017"), "");
}

TEST(Address, Formats) {
  EXPECT_EQ(Found(FindAddresses, "at Flat 3, 12 High Street, Leeds"), "Flat 3, 12 High Street");
  EXPECT_EQ(Found(FindAddresses, "to 27a Primrose Hill Road."), "27a Primrose Hill Road");
  EXPECT_EQ(Found(FindAddresses, "Flat 2B, 7 Mill Lane"), "Flat 2B, 7 Mill Lane");
  EXPECT_EQ(Found(FindAddresses, "14 St Mary's Rd"), "14 St Mary's Rd");
  EXPECT_EQ(Found(FindAddresses, "She has 2 Court dates"), "");
  EXPECT_EQ(Found(FindAddresses, "a 3 way call"), "");
}

Context People(std::initializer_list<std::vector<std::string>> people) {
  Context c;
  for (const auto& names : people) c.people.push_back(Person{names});
  return c;
}

TEST(Names, WordsPossessivesAndCase) {
  auto c = People({{"Amy Clarke-Hughes", "Jordy"}, {"Mary Anne O'Neill"}, {"Hope Hill"}});
  auto a = Anonymise(
      "Amy's amygdala; AMY CLARKE-HUGHES, mrs clarke and Jordy. Mary Anne O’Neill said "
      "Mary Anne was fine. I hope Hope is ok.",
      c);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->text,
            "[NAME-1]'s amygdala; [NAME-1], mrs [NAME-1] and [NAME-1]. [NAME-2] said "
            "[NAME-2] was fine. I hope [NAME-3] is ok.");
}

TEST(Names, SharedFamilyNameIsUnnumbered) {
  auto c = People({{"Amy Clarke"}, {"Jo Clarke"}});
  auto a = Anonymise("Amy and Jo Clarke are the Clarkes; Mrs Clarke called.", c);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->text, "[NAME-1] and [NAME-2] are the [NAME]; Mrs [NAME] called.");
}

TEST(Names, OneTypoInALongName) {
  auto c = People({{"Bethany Whitfield"}});
  auto a = Anonymise("Bethny came; whitfeild too; Beth no.", c);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->text, "[NAME-1] came; [NAME-1] too; Beth no.");
}

TEST(Anonymise, RefusesHostileText) {
  Context c;
  EXPECT_FALSE(Anonymise(std::string("a\0b", 3), c).has_value());
  EXPECT_FALSE(Anonymise("\xC3\x28", c).has_value());
  EXPECT_FALSE(Anonymise("\xED\xA0\x80", c).has_value());  // surrogate
  EXPECT_FALSE(Anonymise("\xC0\xAF", c).has_value());      // overlong
  EXPECT_FALSE(Anonymise("a\xE2\x80\xAE"
                         "b",
                         c)
                   .has_value());  // right-to-left override
  EXPECT_FALSE(Anonymise(std::string(kMaxTextBytes + 1, 'a'), c).has_value());
  EXPECT_TRUE(Anonymise("tab\there\r\nline", c).has_value());
  Context bad = People({{std::string(kMaxNameBytes + 1, 'a')}});
  EXPECT_FALSE(Anonymise("x", bad).has_value());
}

TEST(Anonymise, ADenseMebibyteIsHandledWhole) {
  // Every kind of detection, repeated up to the size limit.
  const std::string unit =
      "Amy born 1/1/11 at 2 Elm Road LS6 2QT, 07700 900123, a@b.co, 943 476 5919, "
      "AB123456C. ";
  std::string text;
  while (text.size() + unit.size() <= kMaxTextBytes) text += unit;
  auto a = Anonymise(text, People({{"Amy Clarke"}}));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->replacements.size(), text.size() / unit.size() * 8);
}

TEST(Anonymise, ReplacementsCarryOffsetsAndOriginals) {
  auto c = People({{"Amy Clarke"}});
  std::string text = "Amy: amy@example.com, 07700 900123, LS6 2QT.";
  auto a = Anonymise(text, c);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->text, "[NAME-1]: [EMAIL], [PHONE], [POSTCODE].");
  ASSERT_EQ(a->replacements.size(), 4u);
  for (const auto& r : a->replacements) {
    EXPECT_EQ(text.substr(r.begin, r.end - r.begin), r.original);
  }
  EXPECT_EQ(CountsByKind(a->replacements), "name:1 email:1 phone:1 postcode:1");
}

TEST(Release, RestoresWithAReasonAndAddsRedactions) {
  auto c = People({{"Grace Osei"}});
  std::string text = "Grace said Grace Court is near 12 Elm Road. Her cat is Tibbles.";
  auto draft = Anonymise(text, c);
  ASSERT_TRUE(draft.has_value());
  ASSERT_EQ(draft->text, "[NAME-1] said [NAME-1] Court is near [ADDRESS]. Her cat is Tibbles.");
  Decisions d;
  d.restore.push_back({11, 16, "not_personal"});
  std::size_t cat = text.find("Tibbles");
  d.redact.push_back({cat, cat + 7, Kind::kName});
  auto released = Release(text, c, d);
  ASSERT_TRUE(released.has_value()) << released.error().message;
  EXPECT_EQ(released->text, "[NAME-1] said Grace Court is near [ADDRESS]. Her cat is [NAME].");

  Decisions no_reason;
  no_reason.restore.push_back({11, 16, ""});
  EXPECT_FALSE(Release(text, c, no_reason).has_value());
  Decisions not_a_span;
  not_a_span.restore.push_back({11, 15, "consented"});
  EXPECT_FALSE(Release(text, c, not_a_span).has_value());
  Decisions out_of_text;
  out_of_text.redact.push_back({60, 600, Kind::kName});
  EXPECT_FALSE(Release(text, c, out_of_text).has_value());
  Decisions both;
  both.restore.push_back({11, 16, "consented"});
  both.redact.push_back({10, 20, Kind::kName});
  EXPECT_FALSE(Release(text, c, both).has_value());
  Decisions absorb;  // an addition over a draft replacement takes it in
  absorb.redact.push_back({0, 10, Kind::kName});
  auto merged = Release(text, c, absorb);
  ASSERT_TRUE(merged.has_value());
  EXPECT_EQ(merged->text, "[NAME] [NAME-1] Court is near [ADDRESS]. Her cat is Tibbles.");
}

TEST(Release, RefusesASpanInsideACharacter) {
  Context c;
  std::string text = "Zoë";
  Decisions d;
  d.redact.push_back({0, 3, Kind::kName});  // ends inside the two-byte ë
  EXPECT_FALSE(Release(text, c, d).has_value());
}

}  // namespace
}  // namespace casekeep::anonymise
