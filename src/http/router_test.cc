// Routing by method and pattern: parameters, specificity, 404, 405 with Allow, HEAD, the
// traversal rules, registration errors and the route list an OpenAPI test compares with.
#include "http/router.h"

#include <gtest/gtest.h>

namespace casekeep::http {
namespace {

Request Req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path;
  return r;
}

// A handler that answers with its name and its parameters, "name a=1 b=2".
Router::RouteHandler Named(std::string name) {
  return [name](const Request&, const PathParams& params) {
    Response r;
    r.body = name;
    for (const auto& [k, v] : params) r.body += " " + k + "=" + v;
    return r;
  };
}

std::string ProblemDetail(const Response& r) {
  return nlohmann::json::parse(r.body).value("detail", "");
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(router_.Add("GET", "/healthz", Named("health")));
    ASSERT_TRUE(router_.Add("GET", "/api/v1/records/{code}", Named("get-record")));
    ASSERT_TRUE(router_.Add("PUT", "/api/v1/records/{code}", Named("put-record")));
    ASSERT_TRUE(router_.Add("GET", "/api/v1/records/export", Named("export")));
    ASSERT_TRUE(router_.Add("POST", "/api/v1/cases/{case}/records/{record}", Named("link")));
    ASSERT_TRUE(router_.Add("GET", "/", Named("root")));
  }
  Router router_;
};

TEST_F(RouterTest, DispatchesByMethodAndPath) {
  EXPECT_EQ(router_.Handle(Req("GET", "/healthz")).body, "health");
  EXPECT_EQ(router_.Handle(Req("GET", "/")).body, "root");
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/records/AB12")).body, "get-record code=AB12");
  EXPECT_EQ(router_.Handle(Req("PUT", "/api/v1/records/AB12")).body, "put-record code=AB12");
  EXPECT_EQ(router_.Handle(Req("POST", "/api/v1/cases/C1/records/R2")).body,
            "link case=C1 record=R2");
}

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/records/export")).body, "export");
  // PUT has no literal route, so the parameter route takes "export" as a code.
  EXPECT_EQ(router_.Handle(Req("PUT", "/api/v1/records/export")).body, "put-record code=export");
}

TEST_F(RouterTest, UnknownPathsAre404Problems) {
  for (const char* path : {"/nope", "/healthz/", "/api/v1/records", "/api/v1/records/",
                           "/api/v1/records/AB12/x", "/HEALTHZ"}) {
    Response r = router_.Handle(Req("GET", path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/problem+json");
  }
}

TEST_F(RouterTest, KnownPathWithAnotherMethodIs405WithAllow) {
  Response r = router_.Handle(Req("DELETE", "/api/v1/records/AB12"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.Get("Allow"), "GET, HEAD, PUT");
  EXPECT_EQ(nlohmann::json::parse(r.body)["status"], 405);
  r = router_.Handle(Req("POST", "/healthz"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.Get("Allow"), "GET, HEAD");
}

TEST_F(RouterTest, HeadUsesTheGetRoute) {
  EXPECT_EQ(router_.Handle(Req("HEAD", "/healthz")).body, "health");
}

TEST_F(RouterTest, ParametersArePercentDecoded) {
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/records/A%20B%c3%a9")).body,
            "get-record code=A B\xc3\xa9");
  EXPECT_EQ(router_.Handle(Req("GET", "/api/v1/records/%41B")).body, "get-record code=AB");
}

TEST_F(RouterTest, TraversalAndBadEscapesAre400Problems) {
  for (const char* path : {"/api/v1/records/..", "/api/v1/records/%2e%2E", "/api/v1/records/a%2Fb",
                           "/api/v1/records/a%00", "/api/v1/records/a%5Cb", "/api/v1/../healthz",
                           "/api/v1/records/%", "/api/v1/records/%zz", "/./healthz"}) {
    Response r = router_.Handle(Req("GET", path));
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.content_type, "application/problem+json") << path;
    EXPECT_FALSE(ProblemDetail(r).empty()) << path;
  }
}

TEST_F(RouterTest, ListsRoutesInRegistrationOrder) {
  std::vector<RouteInfo> expected = {{"GET", "/healthz"},
                                     {"GET", "/api/v1/records/{code}"},
                                     {"PUT", "/api/v1/records/{code}"},
                                     {"GET", "/api/v1/records/export"},
                                     {"POST", "/api/v1/cases/{case}/records/{record}"},
                                     {"GET", "/"}};
  EXPECT_EQ(router_.Routes(), expected);
}

TEST(RouterAddTest, RefusesMalformedPatternsAndDuplicates) {
  Router router;
  ASSERT_TRUE(router.Add("GET", "/a/{id}", Named("a")));
  auto dup = router.Add("GET", "/a/{other}", Named("b"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(router.Add("POST", "/a/{id}", Named("c")));
  for (const char* bad :
       {"", "a/b", "/a/{}", "/a/{x}/{x}", "/a/b{x}", "/a/{x", "/a/%20", "/a/..", "/a/{x y}"}) {
    auto r = router.Add("GET", bad, Named("bad"));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(router.Add("GE T", "/b", Named("b")));
  EXPECT_FALSE(router.Add("", "/b", Named("b")));
  EXPECT_FALSE(router.Add("GET", "/b", nullptr));
}

TEST(RouterAddTest, EmptyParameterSegmentDoesNotMatch) {
  Router router;
  ASSERT_TRUE(router.Add("GET", "/a/{id}/b", Named("a")));
  EXPECT_EQ(router.Handle(Req("GET", "/a//b")).status, 404);
  EXPECT_EQ(router.Handle(Req("GET", "/a/x/b")).body, "a id=x");
}

}  // namespace
}  // namespace casekeep::http
