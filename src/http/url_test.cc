// Percent-decoding, query strings and the path-segment rules that refuse traversal.
#include "http/url.h"

#include <gtest/gtest.h>

namespace casekeep::http {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(*PercentDecode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(*PercentDecode("a+b", true), "a b");
  EXPECT_EQ(*PercentDecode("%c3%A9", false), "\xc3\xa9");
  EXPECT_EQ(*PercentDecode("", false), "");
}

TEST(PercentDecodeTest, RefusesBadEscapes) {
  for (const char* bad : {"%", "%4", "a%zz", "%g0", "abc%"}) {
    auto r = PercentDecode(bad, false);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(ParseQueryTest, DecodesPairsAndKeepsTheFirstOfARepeatedName) {
  auto q = ParseQuery("a=1&b=x%20y+z&c&&a=2&=e&d=");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->at("a"), "1");
  EXPECT_EQ(q->at("b"), "x y z");
  EXPECT_EQ(q->at("c"), "");
  EXPECT_EQ(q->at("d"), "");
  EXPECT_EQ(q->at(""), "e");
  EXPECT_EQ(q->size(), 5U);
  EXPECT_TRUE(ParseQuery("")->empty());
}

TEST(ParseQueryTest, RefusesBadEscapesAndNul) {
  EXPECT_FALSE(ParseQuery("a=%zz"));
  EXPECT_FALSE(ParseQuery("a=1%00"));
  EXPECT_FALSE(ParseQuery("%00=1"));
}

TEST(SplitTargetTest, SplitsOriginFormOnly) {
  auto t = SplitTarget("/a/b?x=1?y");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/a/b");
  EXPECT_EQ(t->query, "x=1?y");
  EXPECT_EQ(SplitTarget("/")->path, "/");
  EXPECT_FALSE(SplitTarget("*"));
  EXPECT_FALSE(SplitTarget("http://example.org/a"));
  EXPECT_FALSE(SplitTarget(""));
}

TEST(DecodePathSegmentsTest, DecodesEachSegment) {
  using V = std::vector<std::string>;
  EXPECT_EQ(*DecodePathSegments("/"), V{""});
  EXPECT_EQ(*DecodePathSegments("/a/b%20c"), (V{"a", "b c"}));
  EXPECT_EQ(*DecodePathSegments("/a/"), (V{"a", ""}));
  EXPECT_EQ(*DecodePathSegments("/a//b"), (V{"a", "", "b"}));
  EXPECT_EQ(*DecodePathSegments("/a/..b/c.."), (V{"a", "..b", "c.."}));
}

TEST(DecodePathSegmentsTest, RefusesTraversalAndSmuggledSeparators) {
  for (const char* bad :
       {"/a/..", "/..", "/a/./b", "/a/%2e%2e", "/a/%2E%2e/b", "/a/.%2e", "/a/b%2Fc", "/a/b%2fc",
        "/a/b%00", "/a/%5c..", "/a/b%5Cc", "/a/%zz", "a/b", ""}) {
    auto r = DecodePathSegments(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace casekeep::http
