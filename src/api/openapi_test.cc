// docs/openapi.json against the server: every registered route is documented with its method
// and every documented operation is a registered route; the served document is the file, byte
// for byte; the document is OpenAPI 3.1 with unique operation ids, declared path parameters,
// resolvable references and closed request bodies; and what it says about authentication
// matches what the server does.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/server.h"
#include "api/test_server.h"

namespace casekeep::api {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* kMethods[] = {"get",     "put",  "post",  "delete",
                                    "options", "head", "patch", "trace"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string DocumentPath() {
  return std::string(CASEKEEP_SOURCE_DIR) + "/docs/openapi.json";
}

std::string ReadDocumentFile() {
  std::ifstream in(DocumentPath(), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << DocumentPath();
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The names of the "{name}" segments of a route pattern, in order.
std::vector<std::string> PatternParams(const std::string& pattern) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    const std::size_t end = pattern.find('}', pos);
    if (end == std::string::npos) break;
    names.push_back(pattern.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return names;
}

// The member `key` of `j`, or null when `j` is not an object or has no such member.
const json& Member(const json& j, const std::string& key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// "METHOD PATTERN" for failure messages.
std::string Name(const std::string& method, const std::string& pattern) {
  return Upper(method) + " " + pattern;
}

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    text_ = new std::string(ReadDocumentFile());
    doc_ = new json(json::parse(*text_, nullptr, false));
    server_ = new testing::TestServer("policy/examples/contact-centre.toml");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete doc_;
    delete text_;
    server_ = nullptr;
    doc_ = nullptr;
    text_ = nullptr;
  }

  void SetUp() override {
    ASSERT_FALSE(doc_->is_discarded()) << DocumentPath() << " is not valid JSON";
    ASSERT_TRUE(doc_->contains("paths") && (*doc_)["paths"].is_object())
        << DocumentPath() << " has no paths object";
  }

  static const json& Doc() { return *doc_; }
  static const json& Paths() { return (*doc_)["paths"]; }

  // Every (method, pattern) the server registered.
  static std::vector<http::RouteInfo> Routes() { return server_->server().Routes(); }

  // Every operation of the document: (lower-case method, path) -> operation.
  static std::map<std::pair<std::string, std::string>, const json*> Operations() {
    std::map<std::pair<std::string, std::string>, const json*> out;
    for (const auto& [path, item] : Paths().items()) {
      for (const char* method : kMethods) {
        if (item.contains(method)) out[{method, path}] = &item[method];
      }
    }
    return out;
  }

  // `value` with a local "$ref" ("#/components/...") followed; null if it does not resolve.
  static const json& Resolve(const json& value) {
    static const json kNull;
    const json* v = &value;
    for (int hops = 0; v->is_object() && v->contains("$ref") && hops < 8; ++hops) {
      const std::string ref = (*v)["$ref"].get<std::string>();
      if (!ref.starts_with("#/")) return kNull;
      try {
        v = &Doc().at(json::json_pointer(ref.substr(1)));
      } catch (const json::exception&) {
        return kNull;
      }
    }
    return *v;
  }

  // The parameters in force for an operation: those of its path item and its own.
  static std::vector<json> ParametersOf(const json& path_item, const json& op) {
    std::vector<json> out;
    for (const json* list : {&path_item, &op}) {
      if (!list->contains("parameters")) continue;
      for (const auto& p : (*list)["parameters"]) out.push_back(Resolve(p));
    }
    return out;
  }

  static std::string* text_;
  static json* doc_;
  static testing::TestServer* server_;
};

std::string* OpenApiTest::text_ = nullptr;
json* OpenApiTest::doc_ = nullptr;
testing::TestServer* OpenApiTest::server_ = nullptr;

TEST_F(OpenApiTest, EveryRegisteredRouteIsDocumented) {
  const auto routes = Routes();
  ASSERT_FALSE(routes.empty());
  for (const auto& route : routes) {
    if (!Paths().contains(route.pattern)) {
      ADD_FAILURE() << "route " << Name(route.method, route.pattern)
                    << " has no path in docs/openapi.json";
      continue;
    }
    EXPECT_TRUE(Paths()[route.pattern].contains(Lower(route.method)))
        << "route " << Name(route.method, route.pattern)
        << " has no operation in docs/openapi.json";
  }
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsARegisteredRoute) {
  std::set<std::pair<std::string, std::string>> registered;
  for (const auto& route : Routes()) registered.insert({Lower(route.method), route.pattern});
  for (const auto& [path, item] : Paths().items()) {
    bool any = false;
    for (const auto& [key, value] : item.items()) {
      const bool is_method =
          std::find(std::begin(kMethods), std::end(kMethods), key) != std::end(kMethods);
      if (!is_method) continue;
      any = true;
      EXPECT_TRUE(registered.contains({key, path}))
          << "docs/openapi.json documents " << Name(key, path)
          << ", which the server does not register";
    }
    EXPECT_TRUE(any) << "docs/openapi.json has path " << path << " with no operation";
  }
}

TEST_F(OpenApiTest, ServedDocumentIsTheFileByteForByte) {
  const testing::Reply reply = server_->Send("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.headers.Get("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(reply.body.size(), text_->size());
  EXPECT_TRUE(reply.body == *text_)
      << "the served document differs from docs/openapi.json: rebuild after editing the file";
  EXPECT_TRUE(OpenApiDocument() == *text_) << "the built-in document differs from the file";
}

TEST_F(OpenApiTest, DocumentIsOpenApi31) {
  ASSERT_TRUE(Doc().is_object());
  EXPECT_EQ(Doc().value("openapi", ""), "3.1.0");
  ASSERT_TRUE(Doc().contains("info"));
  EXPECT_TRUE(Member(Doc()["info"], "title").is_string());
  EXPECT_TRUE(Member(Doc()["info"], "version").is_string());
  for (const char* name : {"Subject", "Case", "Record", "User", "Token", "AuditEntry",
                           "BreakGlassAccess", "Problem"}) {
    EXPECT_TRUE(Member(Member(Doc(), "components"), "schemas").contains(name))
        << "no schema " << name;
  }
  const json& schemes = Member(Member(Doc(), "components"), "securitySchemes");
  ASSERT_TRUE(schemes.contains("bearerAuth"));
  EXPECT_EQ(schemes["bearerAuth"].value("type", ""), "http");
  EXPECT_EQ(schemes["bearerAuth"].value("scheme", ""), "bearer");
  ASSERT_TRUE(schemes.contains("sessionCookie"));
  EXPECT_EQ(schemes["sessionCookie"].value("type", ""), "apiKey");
  EXPECT_EQ(schemes["sessionCookie"].value("in", ""), "cookie");
  EXPECT_EQ(schemes["sessionCookie"].value("name", ""), std::string(kSessionCookie));
  ASSERT_TRUE(schemes.contains("csrfToken"));
  EXPECT_EQ(schemes["csrfToken"].value("name", ""), std::string(kCsrfHeader));
}

TEST_F(OpenApiTest, DocumentIsPrettyPrintedWithTwoSpaces) {
  // Key order kept as written; one trailing newline.
  const ordered_json ordered = ordered_json::parse(*text_);
  EXPECT_TRUE(ordered.dump(2) + "\n" == *text_)
      << "docs/openapi.json is not pretty-printed with 2-space indentation and a final newline";
  EXPECT_EQ(text_->find(")openapi\""), std::string::npos);
}

TEST_F(OpenApiTest, OperationIdsArePresentAndUnique) {
  std::map<std::string, std::string> seen;
  for (const auto& [key, op] : Operations()) {
    const std::string name = Name(key.first, key.second);
    ASSERT_TRUE(Member(*op, "operationId").is_string()) << name << " has no operationId";
    const std::string id = Member(*op, "operationId").get<std::string>();
    EXPECT_FALSE(id.empty()) << name << " has an empty operationId";
    auto [it, fresh] = seen.emplace(id, name);
    EXPECT_TRUE(fresh) << "operationId " << id << " is used by both " << it->second << " and "
                       << name;
    EXPECT_TRUE(Member(*op, "responses").is_object() && !Member(*op, "responses").empty())
        << name << " has no responses";
  }
}

TEST_F(OpenApiTest, PathParametersAreDeclared) {
  for (const auto& [key, op] : Operations()) {
    const std::string& path = key.second;
    const std::string name = Name(key.first, path);
    std::set<std::string> declared;
    for (const json& p : ParametersOf(Paths()[path], *op)) {
      ASSERT_TRUE(Member(p, "name").is_string() && Member(p, "in").is_string())
          << name << " has a parameter that is not an object with name and in: " << p.dump();
      if (p["in"] != "path") continue;
      declared.insert(p["name"].get<std::string>());
      EXPECT_EQ(p.value("required", false), true)
          << name << ": path parameter " << p["name"] << " must be required";
    }
    const std::vector<std::string> in_pattern = PatternParams(path);
    for (const std::string& param : in_pattern) {
      EXPECT_TRUE(declared.contains(param))
          << name << " does not declare its path parameter {" << param << "}";
    }
    for (const std::string& param : declared) {
      EXPECT_TRUE(std::find(in_pattern.begin(), in_pattern.end(), param) != in_pattern.end())
          << name << " declares path parameter " << param << " that is not in its path";
    }
  }
}

TEST_F(OpenApiTest, EveryReferenceResolves) {
  std::vector<const json*> stack{&Doc()};
  int refs = 0;
  while (!stack.empty()) {
    const json* v = stack.back();
    stack.pop_back();
    if (v->is_object()) {
      if (auto it = v->find("$ref"); it != v->end() && it->is_string()) {
        ++refs;
        EXPECT_FALSE(Resolve(*v).is_null()) << "unresolved reference " << it->dump();
      }
      for (const auto& [k, child] : v->items()) stack.push_back(&child);
    } else if (v->is_array()) {
      for (const auto& child : *v) stack.push_back(&child);
    }
  }
  EXPECT_GT(refs, 0);
}

TEST_F(OpenApiTest, JsonRequestBodiesAreClosedObjects) {
  for (const auto& [key, op] : Operations()) {
    if (!op->contains("requestBody")) continue;
    const std::string name = Name(key.first, key.second);
    const json& body = Resolve(Member(*op, "requestBody"));
    const json& media = Member(Member(body, "content"), "application/json");
    if (media.is_null()) continue;
    const json& schema = Resolve(Member(media, "schema"));
    std::vector<const json*> alternatives;
    if (Member(schema, "oneOf").is_array()) {
      for (const auto& s : Member(schema, "oneOf")) alternatives.push_back(&Resolve(s));
    } else {
      alternatives.push_back(&schema);
    }
    for (const json* s : alternatives) {
      EXPECT_EQ(Member(*s, "type"), "object") << name << ": request body is not an object";
      EXPECT_TRUE(Member(*s, "additionalProperties") == false)
          << name << ": request body schema must have additionalProperties: false";
    }
  }
}

// An operation with `security: []` is public; every other must be refused without credentials
// (401), before anything else is looked at.
TEST_F(OpenApiTest, DocumentedSecurityMatchesTheServer) {
  for (const auto& route : Routes()) {
    std::string target = route.pattern;
    for (const std::string& param : PatternParams(route.pattern)) {
      const std::string braces = "{" + param + "}";
      target.replace(target.find(braces), braces.size(), param == "id" ? "1" : "X-0000000");
    }
    const json* op = Operations()[{Lower(route.method), route.pattern}];
    ASSERT_NE(op, nullptr) << Name(route.method, route.pattern) << " is not documented";
    const bool is_public = Member(*op, "security").is_array() && Member(*op, "security").empty();
    const testing::Reply reply = server_->Send(route.method, target, "");
    if (is_public) {
      EXPECT_NE(reply.status, 401) << Name(route.method, route.pattern)
                                   << " is documented as public but asks for credentials";
    } else {
      EXPECT_EQ(reply.status, 401)
          << Name(route.method, route.pattern)
          << " is documented as needing credentials but answered " << reply.status;
      EXPECT_TRUE(op->contains("security") || Doc().contains("security"))
          << Name(route.method, route.pattern) << " names no security requirement";
      EXPECT_TRUE(Member(Member(*op, "responses"), "401").is_object())
          << Name(route.method, route.pattern) << " does not document its 401";
    }
  }
}

}  // namespace
}  // namespace casekeep::api
