// The general API over HTTP against a real server: cases, people, records (create, read with an
// ETag, list with pagination, rectify with If-Match, history), attachments; then bad input of
// every kind, each answered with a 4xx problem that changes nothing and leaves the server
// serving; and a slow client that does not hold up the others.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/test_server.h"

namespace casekeep::api::testing {
namespace {

using nlohmann::json;

constexpr char kPolicy[] = "policy/examples/contact-centre.toml";
constexpr char kPurpose[] = "run_contact";

//! A plain TCP connection for sending what no well-behaved client sends (half a header).
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        fd_ >= 0 && ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  //! True if the server has neither answered nor closed within `wait`.
  bool StillWaiting(std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) == 0;
  }

 private:
  int fd_;
  bool connected_ = false;
};

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : server_(kPolicy) {
    worker_code_ = server_.AddUser("worker.one", {"contact_worker"});
    worker_ = server_.Token("worker.one", {"contact_worker"});
  }

  //! A request as the contact worker (bearer token) for the purpose run_contact.
  Reply Call(std::string_view method, std::string_view target, const json& body = nullptr,
             std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("X-Purpose", kPurpose);
    return server_.Send(method, target, worker_, body, std::move(headers));
  }

  //! As Call, with a raw body and whatever headers the test gives (plus token and purpose).
  Reply CallRaw(std::string_view method, std::string_view target, http::Headers headers,
                std::string_view body) {
    headers.Set("Authorization", "Bearer " + worker_);
    headers.Set("X-Purpose", kPurpose);
    return server_.SendRaw(method, target, std::move(headers), body);
  }
  Reply PostJsonText(std::string_view target, std::string_view text) {
    http::Headers h;
    h.Set("Content-Type", "application/json");
    return CallRaw("POST", target, std::move(h), text);
  }

  std::string OpenCase() {
    Reply r = Call("POST", "/api/v1/cases",
                   json{{"service", "supervised_contact"}, {"referral_source", "self"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.is_object() ? r.json.value("code", "") : "";
  }

  std::string AddParent(const std::string& case_code, const std::string& name) {
    Reply r = Call("POST", "/api/v1/subjects",
                   json{{"kind", "parent"},
                        {"fields", {{"name", name}}},
                        {"case", case_code},
                        {"member_role", "parent"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.is_object() ? r.json.value("code", "") : "";
  }

  json ReportBody(const std::string& observations) {
    return json{{"type", "session_report"},
                {"case", case_},
                {"subject", parent_},
                {"occurred_on", "2026-11-30"},
                {"fields", {{"session_date", "2026-11-30"}, {"observations", observations}}}};
  }

  std::string AddReport(const std::string& observations) {
    Reply r = Call("POST", "/api/v1/records", ReportBody(observations));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json.is_object() ? r.json.value("code", "") : "";
  }

  //! A case with one parent in it, as the worker.
  void SetUpCase() {
    case_ = OpenCase();
    parent_ = AddParent(case_, "Ann Example");
    ASSERT_FALSE(case_.empty());
    ASSERT_FALSE(parent_.empty());
  }

  //! Records the worker can see, counted over HTTP.
  std::size_t RecordCount() {
    Reply r = Call("GET", "/api/v1/records?limit=1000");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.is_object() ? r.json["items"].size() : 0;
  }

  //! Entries in the audit chain, from the verifier (which adds none) as a DPO.
  std::int64_t AuditLength() {
    if (dpo_.empty()) {
      server_.AddUser("dpo.one", {"dpo"});
      dpo_ = server_.Token("dpo.one", {"dpo"});
    }
    Reply r = server_.Send("GET", "/api/v1/audit/verify", dpo_);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json.value("ok", false), true) << r.body;
    return r.json.is_object() ? r.json.value("entries", std::int64_t{-1}) : -1;
  }

  //! The server still answers a health check.
  void ExpectHealthy() {
    Reply h = server_.Send("GET", "/healthz", "");
    EXPECT_EQ(h.status, 200) << h.body;
    EXPECT_EQ(h.json, json({{"status", "ok"}}));
  }

  TestServer server_;
  std::string worker_code_;
  std::string worker_;
  std::string dpo_;
  std::string case_;
  std::string parent_;
};

//! `r` is an RFC 9457 problem with status `status` (any 4xx when 0).
::testing::AssertionResult IsProblem(const Reply& r, int status) {
  if (status == 0 ? (r.status < 400 || r.status > 499) : r.status != status) {
    return ::testing::AssertionFailure() << "status " << r.status << ", body " << r.body;
  }
  auto type = r.headers.Get("Content-Type");
  if (!type || !type->starts_with("application/problem+json")) {
    return ::testing::AssertionFailure()
           << "Content-Type " << std::string(type.value_or("(none)")) << ", body " << r.body;
  }
  if (!r.json.is_object() || r.json.value("status", 0) != r.status || !r.json.contains("title") ||
      !r.json["title"].is_string() || r.json["title"].get<std::string>().empty()) {
    return ::testing::AssertionFailure() << "not a problem document: " << r.body;
  }
  return ::testing::AssertionSuccess();
}

TEST_F(ApiTest, CaseSubjectAndRecordLifecycle) {
  // Opening a case assigns its creator.
  Reply opened = Call("POST", "/api/v1/cases",
                      json{{"service", "supervised_contact"}, {"referral_source", "self"}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  case_ = opened.json["code"].get<std::string>();
  EXPECT_TRUE(case_.starts_with("C-")) << case_;
  EXPECT_EQ(opened.json["service"], "supervised_contact");
  Reply assigned = Call("GET", "/api/v1/cases/" + case_ + "/assignments");
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.json["users"], json::array({worker_code_}));

  // A person added to the case.
  Reply person = Call("POST", "/api/v1/subjects",
                      json{{"kind", "parent"},
                           {"fields", {{"name", "Ann Example"}, {"postcode", "M3 7ZZ"}}},
                           {"case", case_},
                           {"member_role", "parent"}});
  ASSERT_EQ(person.status, 201) << person.body;
  parent_ = person.json["code"].get<std::string>();
  EXPECT_TRUE(parent_.starts_with("S-")) << parent_;
  Reply read_person = Call("GET", "/api/v1/subjects/" + parent_);
  ASSERT_EQ(read_person.status, 200) << read_person.body;
  EXPECT_EQ(read_person.json["fields"]["name"], "Ann Example");
  Reply read_case = Call("GET", "/api/v1/cases/" + case_);
  ASSERT_EQ(read_case.status, 200) << read_case.body;
  EXPECT_EQ(read_case.json["members"],
            json::array({json{{"subject", parent_}, {"role", "parent"}}}));
  // 'case' without 'member_role' is refused.
  EXPECT_TRUE(IsProblem(
      Call("POST", "/api/v1/subjects",
           json{{"kind", "parent"}, {"fields", {{"name", "Bob Example"}}}, {"case", case_}}),
      400));

  // A record: created with its version as ETag and its Location, read back the same.
  Reply created = Call("POST", "/api/v1/records", ReportBody("Calm session; both arrived."));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string code = created.json["code"].get<std::string>();
  EXPECT_EQ(created.headers.Get("ETag").value_or(""), "\"1\"");
  EXPECT_EQ(created.headers.Get("Location").value_or(""), "/api/v1/records/" + code);
  EXPECT_EQ(created.json["case"], case_);
  EXPECT_EQ(created.json["subject"], parent_);
  Reply read = Call("GET", "/api/v1/records/" + code);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.headers.Get("ETag").value_or(""), "\"1\"");
  EXPECT_EQ(read.json["version"], 1);
  EXPECT_EQ(read.json["type"], "session_report");
  EXPECT_EQ(read.json["fields"]["observations"], "Calm session; both arrived.");
  EXPECT_EQ(read.headers.Get("Cache-Control").value_or(""), "no-store");

  // Without a declared purpose the read is refused, and the refusal audited.
  const std::int64_t before = AuditLength();
  Reply no_purpose = server_.Send("GET", "/api/v1/records/" + code, worker_);
  EXPECT_TRUE(IsProblem(no_purpose, 403));
  EXPECT_EQ(AuditLength(), before + 1);
  // The purpose may also come as a query parameter.
  EXPECT_EQ(server_.Send("GET", "/api/v1/records/" + code + "?purpose=run_contact", worker_).status,
            200);
  // Someone else's worker, not assigned to the case, cannot read it.
  server_.AddUser("worker.two", {"contact_worker"});
  const std::string two = server_.Token("worker.two", {"contact_worker"});
  EXPECT_TRUE(IsProblem(
      server_.Send("GET", "/api/v1/records/" + code, two, nullptr, {{"X-Purpose", kPurpose}}),
      403));
}

TEST_F(ApiTest, ListingPagesThroughEveryRecordOnce) {
  ASSERT_NO_FATAL_FAILURE(SetUpCase());
  std::vector<std::string> made;
  for (int i = 0; i < 7; ++i) {
    Reply r =
        Call("POST", "/api/v1/records",
             json{{"type", "attendance_record"},
                  {"case", case_},
                  {"subject", parent_},
                  {"fields",
                   {{"session_date", "2026-11-2" + std::to_string(i)}, {"outcome", "attended"}}}});
    ASSERT_EQ(r.status, 201) << r.body;
    made.push_back(r.json["code"].get<std::string>());
  }
  const std::string other = AddReport("A session report in the same case.");

  // Pages of three by case and type, following `next` until it is null.
  std::vector<std::string> seen;
  std::string after;
  int pages = 0;
  for (; pages < 10; ++pages) {
    std::string target = "/api/v1/records?case=" + case_ + "&type=attendance_record&limit=3";
    if (!after.empty()) target += "&after=" + after;
    Reply page = Call("GET", target);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_LE(page.json["items"].size(), 3u);
    for (const auto& item : page.json["items"]) {
      EXPECT_EQ(item["type"], "attendance_record");
      seen.push_back(item["code"].get<std::string>());
    }
    if (page.json["next"].is_null()) break;
    after = page.json["next"].get<std::string>();
  }
  EXPECT_GE(pages, 2);
  // Each record once. (Pages come in creation order, not in the code order that
  // RecordsService::ListRecords and docs/openapi.json describe, so the order is not checked.)
  std::sort(seen.begin(), seen.end());
  std::sort(made.begin(), made.end());
  EXPECT_EQ(seen, made);

  // Without a type filter the report is there too; a big page holds everything.
  Reply all = Call("GET", "/api/v1/records?case=" + case_ + "&limit=1000");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.json["items"].size(), 8u);
  EXPECT_TRUE(all.json["next"].is_null());
  Reply by_subject = Call("GET", "/api/v1/records?subject=" + parent_ + "&type=session_report");
  ASSERT_EQ(by_subject.status, 200) << by_subject.body;
  ASSERT_EQ(by_subject.json["items"].size(), 1u);
  EXPECT_EQ(by_subject.json["items"][0]["code"], other);
}

TEST_F(ApiTest, RectificationNeedsTheCurrentETag) {
  ASSERT_NO_FATAL_FAILURE(SetUpCase());
  const std::string code = AddReport("Original observations.");
  const std::string path = "/api/v1/records/" + code;
  // A second client: the same worker on another device, with its own token.
  const std::string other = server_.Token("worker.one", {"contact_worker"});
  auto as_other = [&](std::string_view method, const json& body,
                      std::vector<std::pair<std::string, std::string>> headers) {
    headers.emplace_back("X-Purpose", kPurpose);
    return server_.Send(method, path, other, body, std::move(headers));
  };

  Reply first_read = Call("GET", path);
  Reply second_read = as_other("GET", nullptr, {});
  ASSERT_EQ(first_read.status, 200);
  ASSERT_EQ(second_read.status, 200);
  const std::string tag(first_read.headers.Get("ETag").value_or(""));
  EXPECT_EQ(tag, "\"1\"");
  EXPECT_EQ(second_read.headers.Get("ETag").value_or(""), tag);

  Reply first = Call("PATCH", path, json{{"fields", {{"observations", "First change."}}}},
                     {{"If-Match", tag}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.headers.Get("ETag").value_or(""), "\"2\"");
  EXPECT_EQ(first.json["version"], 2);
  Reply second = as_other("PATCH", json{{"fields", {{"observations", "Second change."}}}},
                          {{"If-Match", tag}});
  EXPECT_TRUE(IsProblem(second, 412));

  Reply now = Call("GET", path);
  ASSERT_EQ(now.status, 200);
  EXPECT_EQ(now.headers.Get("ETag").value_or(""), "\"2\"");
  EXPECT_EQ(now.json["fields"]["observations"], "First change.");

  // Without If-Match: 428; a tag that is not one: 400; nothing changes.
  EXPECT_TRUE(IsProblem(Call("PATCH", path, json{{"fields", {{"observations", "No tag."}}}}), 428));
  EXPECT_TRUE(IsProblem(Call("PATCH", path, json{{"fields", {{"observations", "Bad tag."}}}},
                             {{"If-Match", "version two"}}),
                        400));
  EXPECT_TRUE(IsProblem(
      Call("PATCH", path, json{{"fields", {{"observations", "Star."}}}}, {{"If-Match", "*"}}),
      400));
  // A version that does not exist yet is not the current one either.
  EXPECT_TRUE(IsProblem(Call("PATCH", path, json{{"fields", {{"observations", "Future."}}}},
                             {{"If-Match", "\"99\""}}),
                        412));
  // A weak tag of the current version is accepted; removing an optional field with null.
  Reply weak = Call("PATCH", path, json{{"fields", {{"child_presentation", "Settled."}}}},
                    {{"If-Match", "W/\"2\""}});
  ASSERT_EQ(weak.status, 200) << weak.body;
  EXPECT_EQ(weak.json["fields"]["observations"], "First change.");
  EXPECT_EQ(weak.json["fields"]["child_presentation"], "Settled.");
  // A change that breaks the policy (a required field removed) is refused.
  EXPECT_TRUE(IsProblem(
      Call("PATCH", path, json{{"fields", {{"observations", nullptr}}}}, {{"If-Match", "\"3\""}}),
      400));

  // The history holds every version, oldest first.
  Reply history = Call("GET", path + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const json& items = history.json["items"];
  ASSERT_EQ(items.size(), 3u) << history.body;
  EXPECT_EQ(items[0]["version"], 1);
  EXPECT_EQ(items[0]["fields"]["observations"], "Original observations.");
  EXPECT_EQ(items[1]["version"], 2);
  EXPECT_EQ(items[1]["fields"]["observations"], "First change.");
  EXPECT_EQ(items[2]["version"], 3);
  EXPECT_EQ(history.body.find("Second change."), std::string::npos);
  EXPECT_EQ(history.body.find("No tag."), std::string::npos);
  EXPECT_EQ(history.body.find("Future."), std::string::npos);
}

TEST_F(ApiTest, AttachmentsUploadAndDownload) {
  ASSERT_NO_FATAL_FAILURE(SetUpCase());
  // The referral type has an attachment field, court_order_copy.
  Reply referral =
      Call("POST", "/api/v1/records",
           json{{"type", "referral"},
                {"case", case_},
                {"subject", parent_},
                {"fields", {{"received_on", "2026-11-20"}, {"contact_type", "supervised"}}}});
  ASSERT_EQ(referral.status, 201) << referral.body;
  const std::string code = referral.json["code"].get<std::string>();

  std::string content = "%PDF-1.7 court order\n";
  content.push_back('\0');
  for (int i = 0; i < 100'000; ++i) content.push_back(static_cast<char>(i * 7 % 256));
  http::Headers h;
  h.Set("Content-Type", "application/pdf");
  Reply put =
      CallRaw("PUT", "/api/v1/records/" + code + "/attachments/court_order_copy", h, content);
  ASSERT_EQ(put.status, 201) << put.body;
  const std::string attachment = put.json["code"].get<std::string>();
  EXPECT_EQ(put.json["record"], code);
  EXPECT_EQ(put.json["field"], "court_order_copy");
  EXPECT_EQ(put.json["size"], content.size());

  Reply got = Call("GET", "/api/v1/attachments/" + attachment);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, content);
  EXPECT_EQ(got.headers.Get("Content-Type").value_or(""), "application/octet-stream");
  EXPECT_EQ(got.headers.Get("Content-Disposition").value_or(""), "attachment");
  // Not assigned: not readable.
  server_.AddUser("worker.two", {"contact_worker"});
  const std::string two = server_.Token("worker.two", {"contact_worker"});
  EXPECT_TRUE(IsProblem(server_.Send("GET", "/api/v1/attachments/" + attachment, two, nullptr,
                                     {{"X-Purpose", kPurpose}}),
                        403));

  // Not an attachment field, an unknown field, an unknown record, an unknown attachment.
  EXPECT_TRUE(IsProblem(
      CallRaw("PUT", "/api/v1/records/" + code + "/attachments/referrer_name", h, "x"), 400));
  EXPECT_TRUE(
      IsProblem(CallRaw("PUT", "/api/v1/records/" + code + "/attachments/colour", h, "x"), 400));
  EXPECT_TRUE(IsProblem(
      CallRaw("PUT", "/api/v1/records/R-0000000000/attachments/court_order_copy", h, "x"), 0));
  EXPECT_TRUE(IsProblem(Call("GET", "/api/v1/attachments/A-0000000000"), 0));
}

TEST_F(ApiTest, MalformedBodiesAreRefusedAndChangeNothing) {
  ASSERT_NO_FATAL_FAILURE(SetUpCase());
  AddReport("Existing report.");
  const std::size_t records = RecordCount();
  const std::int64_t audit = AuditLength();
  const json good = ReportBody("Would be a new report.");

  struct Bad {
    std::string what;
    std::string content_type;  // empty: none
    std::string body;
  };
  std::string deep(100'000, '[');
  deep += std::string(100'000, ']');
  std::string nested_fields = good.dump();
  const std::string observations = R"("Would be a new report.")";
  nested_fields.replace(nested_fields.find(observations), observations.size(),
                        std::string(50'000, '[') + std::string(50'000, ']'));
  std::string nul_inside = good.dump();
  nul_inside.insert(nul_inside.size() / 2, 1, '\0');
  const std::vector<Bad> cases = {
      {"malformed JSON", "application/json", R"({"type": "session_report", "fields": {)"},
      {"trailing garbage", "application/json", good.dump() + " {}"},
      {"a JSON array", "application/json", "[" + good.dump() + "]"},
      {"a JSON string", "application/json", R"("session_report")"},
      {"JSON null", "application/json", "null"},
      {"an empty body", "application/json", ""},
      {"deep nesting", "application/json", deep},
      {"deep nesting in a member", "application/json", nested_fields},
      {"a NUL byte", "application/json", nul_inside},
      {"invalid UTF-8", "application/json",
       R"({"type":"session_report","case":")" + case_ +
           "\",\"fields\":{\"observations\":\"\xff\xfe\"}}"},
      {"wrong type: type is a number", "application/json",
       json{{"type", 5}, {"case", case_}, {"fields", json::object()}}.dump()},
      {"wrong type: fields is a string", "application/json",
       json{{"type", "session_report"}, {"case", case_}, {"fields", "observations"}}.dump()},
      {"wrong type: case is an array", "application/json",
       json{{"type", "session_report"}, {"case", {case_}}, {"fields", good["fields"]}}.dump()},
      {"wrong type: field value", "application/json",
       json{{"type", "session_report"},
            {"case", case_},
            {"fields", {{"session_date", 20261130}, {"observations", "x"}}}}
           .dump()},
      {"an unknown member", "application/json",
       [&] {
         json j = good;
         j["colour"] = "red";
         return j.dump();
       }()},
      {"a batch reference for the case", "application/json",
       [&] {
         json j = good;
         j["case"] = "#0";
         return j.dump();
       }()},
      {"a missing member", "application/json",
       [&] {
         json j = good;
         j.erase("fields");
         return j.dump();
       }()},
      {"a control character in a value", "application/json",
       [&] {
         json j = good;
         j["fields"]["observations"] = std::string("line\x01one");
         return j.dump();
       }()},
      {"an escaped NUL in a value", "application/json",
       [&] {
         json j = good;
         j["fields"]["observations"] = std::string("before\0after", 12);
         return j.dump();
       }()},
      {"no Content-Type", "", good.dump()},
      {"text/plain", "text/plain", good.dump()},
      {"form encoded", "application/x-www-form-urlencoded", "type=session_report"},
  };
  for (const Bad& bad : cases) {
    SCOPED_TRACE(bad.what);
    http::Headers h;
    if (!bad.content_type.empty()) h.Set("Content-Type", bad.content_type);
    Reply r = CallRaw("POST", "/api/v1/records", std::move(h), bad.body);
    EXPECT_TRUE(IsProblem(r, 400));
    EXPECT_LT(r.body.size(), 2000u) << "the problem echoes the input";
  }
  ExpectHealthy();
  EXPECT_EQ(RecordCount(), records);
  // Refusals of the body leave no trace: the one entry added is the listing that counted.
  EXPECT_EQ(AuditLength(), audit + 1);

  // A field the record type does not have is invalid input (400), not a denial.
  json unknown_field = good;
  unknown_field["fields"]["colour"] = "red";
  EXPECT_TRUE(IsProblem(Call("POST", "/api/v1/records", unknown_field), 400));

  // Bodies on the other write routes, briefly.
  EXPECT_TRUE(IsProblem(PostJsonText("/api/v1/cases", "[]"), 400));
  EXPECT_TRUE(
      IsProblem(PostJsonText("/api/v1/cases", R"({"service":["supervised_contact"]})"), 400));
  EXPECT_TRUE(IsProblem(
      PostJsonText("/api/v1/cases", R"({"service":"supervised_contact","flags":["a",1]})"), 400));
  EXPECT_TRUE(IsProblem(PostJsonText("/api/v1/subjects", R"({"kind":"parent","fields":[]})"), 400));
  EXPECT_TRUE(IsProblem(PostJsonText("/api/v1/subjects/search", R"({"field":"email"})"), 400));
  EXPECT_TRUE(IsProblem(PostJsonText("/api/v1/auth/login", "{"), 400));
  ExpectHealthy();
}

TEST_F(ApiTest, OversizedRequestsAreRefusedBeforeTheHandler) {
  ASSERT_NO_FATAL_FAILURE(SetUpCase());
  const std::size_t records = RecordCount();
  const std::int64_t audit = AuditLength();

  // A body over the server's limit (1 MiB by default): 413.
  json big = ReportBody(std::string(1024 * 1024, 'a'));
  http::Headers h;
  h.Set("Content-Type", "application/json");
  Reply body = CallRaw("POST", "/api/v1/records", h, big.dump());
  EXPECT_TRUE(IsProblem(body, 413));
  // A field longer than the policy allows, in a body the server accepts: 400.
  Reply long_field = Call("POST", "/api/v1/records",
                          json{{"type", "referral"},
                               {"case", case_},
                               {"fields",
                                {{"received_on", "2026-11-20"},
                                 {"contact_type", "supervised"},
                                 {"reason_for_referral", std::string(5000, 'r')}}}});
  EXPECT_TRUE(IsProblem(long_field, 400));

  // A header over 16 KiB: 431.
  Reply header =
      Call("GET", "/api/v1/records", nullptr, {{"X-Filler", std::string(17 * 1024, 'h')}});
  EXPECT_TRUE(IsProblem(header, 431));
  // A break-glass reason over its limit: 400.
  Reply reason =
      Call("GET", "/api/v1/records", nullptr, {{"X-Break-Glass-Reason", std::string(1001, 'b')}});
  EXPECT_TRUE(IsProblem(reason, 400));

  ExpectHealthy();
  EXPECT_EQ(RecordCount(), records);
  EXPECT_EQ(AuditLength(), audit + 1);
}

TEST_F(ApiTest, HostilePathsAndQueriesAreRefused) {
  ASSERT_NO_FATAL_FAILURE(SetUpCase());
  const std::string existing = AddReport("Existing report.");
  const std::size_t records = RecordCount();

  struct Bad {
    std::string target;
    int status;  // 0: any 4xx
  };
  const std::vector<Bad> cases = {
      // Path traversal, encoded and not.
      {"/api/v1/records/..%2f..%2fetc%2fpasswd", 400},
      {"/api/v1/records/%2e%2e", 400},
      {"/api/v1/records/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", 400},
      {"/api/v1/records/..", 400},
      {"/api/v1/records/../../../etc/passwd", 0},
      {"/api/v1/attachments/..%5c..%5cetc%5cpasswd", 400},
      {"/api/v1/records/%2e", 400},
      // SQL and shell injection in codes and query parameters.
      {"/api/v1/records/R-1'%20OR%20'1'%3D'1", 0},
      {"/api/v1/records/R-1'%20OR%20'1'%3D'1/history", 0},
      {"/api/v1/records/%24(reboot)", 0},
      {"/api/v1/records/$(reboot)", 0},
      {"/api/v1/records/%60reboot%60", 0},
      {"/api/v1/subjects/S-1%3B%20DROP%20TABLE%20records%3B--", 0},
      {"/api/v1/cases/C-1'%20OR%20'1'%3D'1", 0},
      {"/api/v1/records?case=R-1'%20OR%20'1'%3D'1", 0},
      {"/api/v1/records?case=%24(reboot)", 0},
      {"/api/v1/records?type=session_report'%20OR%201%3D1--", 0},
      {"/api/v1/records?after=R-1'%20OR%20'1'%3D'1", 0},
      {"/api/v1/records?subject=S-1%3Brm%20-rf%20%2F", 0},
      // NUL bytes.
      {"/api/v1/records/R-1%00", 400},
      {"/api/v1/records/%00", 400},
      {"/api/v1/records?case=C-1%00", 400},
      {"/api/v1/records?type=%00session_report", 400},
      // Query parameters the route does not take, and limits that are not numbers.
      {"/api/v1/records?colour=red", 400},
      {"/api/v1/records/R-1?debug=1", 400},
      {"/api/v1/records?limit=ten", 400},
      {"/api/v1/records?limit=", 400},
      {"/api/v1/records?limit=0", 400},
      {"/api/v1/records?limit=-5", 400},
      {"/api/v1/records?limit=1001", 400},
      {"/api/v1/records?limit=5.5", 400},
      {"/api/v1/records?limit=99999999999999999999999", 400},
      {"/api/v1/records?limit=0x10", 400},
      {"/api/v1/records?limit=%2010", 400},
      {"/api/v1/records?limit=10%00", 400},
      // A bad escape, unknown routes.
      {"/api/v1/records/%zz", 400},
      {"/api/v1/nothing-here", 404},
      {"/api/v2/records", 404},
      {"/api/v1/records/R-1/nothing", 404},
      {"/etc/passwd", 404},
  };
  for (const Bad& bad : cases) {
    SCOPED_TRACE(bad.target);
    Reply r = Call("GET", bad.target);
    EXPECT_TRUE(IsProblem(r, bad.status));
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
    EXPECT_EQ(r.body.find("Existing report."), std::string::npos);
  }
  // Hostile purposes: not a purpose id.
  for (std::string_view purpose : {"run_contact' OR '1'='1", "$(reboot)", "../../etc"}) {
    SCOPED_TRACE(purpose);
    Reply r = server_.Send("GET", "/api/v1/records", worker_, nullptr,
                           {{"X-Purpose", std::string(purpose)}});
    EXPECT_TRUE(IsProblem(r, 400));
  }
  // Searching for an injection string finds nothing and breaks nothing.
  Reply search = Call("POST", "/api/v1/subjects/search",
                      json{{"field", "name"}, {"value", "' OR '1'='1' --"}});
  EXPECT_EQ(search.status, 200) << search.body;
  EXPECT_TRUE(search.json["items"].empty()) << search.body;
  Reply field = Call("POST", "/api/v1/subjects/search",
                     json{{"field", "name' OR '1'='1"}, {"value", "Ann Example"}});
  EXPECT_TRUE(IsProblem(field, 400));
  // Write routes take no query parameters either: one that a client thinks matters (the
  // person the record is about) is refused rather than silently dropped.
  json report = ReportBody("Would be a new report.");
  report.erase("subject");
  EXPECT_TRUE(IsProblem(Call("POST", "/api/v1/records?subject=" + parent_, report), 400));
  EXPECT_TRUE(IsProblem(Call("POST", "/api/v1/records?colour=red", report), 400));
  EXPECT_TRUE(IsProblem(Call("PATCH", "/api/v1/records/" + existing + "?force=1",
                             json{{"fields", {{"observations", "y"}}}}, {{"If-Match", "\"1\""}}),
                        400));
  // A record body naming a hostile case: refused, nothing written.
  Reply hostile_case = Call(
      "POST", "/api/v1/records",
      json{{"type", "case_note"}, {"case", "C-1' OR '1'='1"}, {"fields", {{"note", "$(reboot)"}}}});
  EXPECT_TRUE(IsProblem(hostile_case, 0));

  ExpectHealthy();
  EXPECT_EQ(RecordCount(), records);
}

TEST_F(ApiTest, UnknownRoutesMethodsAndTheSystemEndpoints) {
  Reply unknown = server_.Send("GET", "/no/such/thing", "");
  EXPECT_TRUE(IsProblem(unknown, 404));
  Reply method = Call("DELETE", "/api/v1/records");
  EXPECT_TRUE(IsProblem(method, 405));
  const std::string allow(method.headers.Get("Allow").value_or(""));
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_NE(allow.find("POST"), std::string::npos) << allow;
  EXPECT_TRUE(IsProblem(Call("PUT", "/api/v1/records/R-1"), 405));
  EXPECT_TRUE(IsProblem(server_.Send("POST", "/healthz", ""), 405));
  EXPECT_TRUE(IsProblem(server_.Send("GET", "/api/v1/auth/login", ""), 405));

  Reply health = server_.Send("GET", "/healthz", "");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json, json({{"status", "ok"}}));
  Reply metrics = server_.Send("GET", "/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.headers.Get("Content-Type").value_or("").starts_with("text/plain"));
  EXPECT_FALSE(metrics.body.empty());
  EXPECT_NE(metrics.body.find("# TYPE"), std::string::npos) << metrics.body;
  // Metrics and health are public and carry no personal data or user codes.
  EXPECT_EQ(metrics.body.find(worker_code_), std::string::npos);
  Reply openapi = server_.Send("GET", "/api/v1/openapi.json", "");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_TRUE(openapi.json.is_object());
  // Routes for staff need credentials, whatever else is wrong with the request.
  EXPECT_TRUE(IsProblem(server_.Send("GET", "/api/v1/records?colour=red", ""), 401));
  EXPECT_TRUE(IsProblem(server_.Send("POST", "/api/v1/records", "", json::array()), 401));
}

TEST_F(ApiTest, ASlowClientDoesNotHoldUpOthers) {
  // More half-sent headers than the server has I/O threads (4), each waiting for the rest.
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 8; ++i) {
    auto c = std::make_unique<RawConnection>(server_.port());
    ASSERT_TRUE(c->connected());
    ASSERT_TRUE(c->Send("GET /api/v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Purpose: run_"));
    slow.push_back(std::move(c));
  }
  // Meanwhile other clients are served promptly.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    ExpectHealthy();
    Reply r = Call("GET", "/api/v1/records");
    EXPECT_EQ(r.status, 200) << r.body;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // The slow clients are still waiting for their headers to finish (no answer yet).
  for (auto& c : slow) EXPECT_TRUE(c->StillWaiting(std::chrono::milliseconds(10)));
  // One finishes its header after all and is answered.
  ASSERT_TRUE(slow[0]->Send("contact\r\nAuthorization: Bearer " + worker_ +
                            "\r\nConnection: close\r\n\r\n"));
  EXPECT_FALSE(slow[0]->StillWaiting(std::chrono::seconds(5)));
  slow.clear();
  ExpectHealthy();
}

}  // namespace
}  // namespace casekeep::api::testing
