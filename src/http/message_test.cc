// Headers, JSON responses and RFC 9457 problem documents.
#include "http/message.h"

#include <gtest/gtest.h>

namespace casekeep::http {
namespace {

TEST(HeadersTest, NamesAreCaseInsensitive) {
  Headers h;
  h.Add("Content-Type", "text/plain");
  h.Add("Set-Cookie", "a=1");
  h.Add("set-cookie", "b=2");
  EXPECT_EQ(h.Get("content-type"), "text/plain");
  EXPECT_EQ(h.Get("CONTENT-TYPE"), "text/plain");
  EXPECT_FALSE(h.Get("Content-Length"));
  EXPECT_TRUE(h.Has("SET-COOKIE"));
  EXPECT_EQ(h.GetAll("Set-Cookie"), (std::vector<std::string_view>{"a=1", "b=2"}));
  h.Set("SET-COOKIE", "c=3");
  EXPECT_EQ(h.GetAll("set-cookie"), (std::vector<std::string_view>{"c=3"}));
  h.Remove("content-TYPE");
  EXPECT_FALSE(h.Has("Content-Type"));
  EXPECT_EQ(h.fields().size(), 1U);
}

TEST(EqualsIgnoreCaseTest, ComparesAsciiOnly) {
  EXPECT_TRUE(EqualsIgnoreCase("Keep-Alive", "keep-alive"));
  EXPECT_FALSE(EqualsIgnoreCase("keep-alive", "keep-aliv"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "b"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
}

TEST(StatusReasonTest, KnowsTheCommonCodes) {
  EXPECT_EQ(StatusReason(200), "OK");
  EXPECT_EQ(StatusReason(404), "Not Found");
  EXPECT_EQ(StatusReason(413), "Payload Too Large");
  EXPECT_EQ(StatusReason(431), "Request Header Fields Too Large");
  EXPECT_EQ(StatusReason(5), "Unknown");
}

TEST(JsonResponseTest, SerialisesWithJsonContentType) {
  Response r = JsonResponse(201, {{"code", "AB12"}, {"n", 3}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"code", "AB12"}, {"n", 3}}));
}

TEST(JsonResponseTest, ReplacesInvalidUtf8InsteadOfThrowing) {
  Response r = JsonResponse(200, {{"s", std::string("a\xff")}});
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(ProblemResponseTest, HasTheStandardMembers) {
  Response r = ProblemResponse(404, "No record AB12.");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["type"], "about:blank");
  EXPECT_EQ(doc["title"], "Not Found");
  EXPECT_EQ(doc["status"], 404);
  EXPECT_EQ(doc["detail"], "No record AB12.");
  EXPECT_FALSE(doc.contains("instance"));
}

TEST(ProblemResponseTest, ExtraMembersNeverOverrideTheStandardOnes) {
  Problem p;
  p.status = 409;
  p.type = "https://example.org/problems/version-conflict";
  p.title = "Version conflict";
  p.instance = "/api/v1/records/AB12";
  p.extra = {{"current_version", 4}, {"status", 200}, {"title", "sneaky"}};
  auto doc = nlohmann::json::parse(ProblemResponse(p).body);
  EXPECT_EQ(doc["status"], 409);
  EXPECT_EQ(doc["title"], "Version conflict");
  EXPECT_EQ(doc["type"], "https://example.org/problems/version-conflict");
  EXPECT_EQ(doc["instance"], "/api/v1/records/AB12");
  EXPECT_EQ(doc["current_version"], 4);
  EXPECT_FALSE(doc.contains("detail"));
}

}  // namespace
}  // namespace casekeep::http
