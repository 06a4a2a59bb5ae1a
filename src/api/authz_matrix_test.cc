// The authorisation matrix: every role of an example policy against every data endpoint, for a
// case the user is assigned to, a teammate's case, an unrelated case and records on no case,
// under every purpose, for people whose processing is active, restricted, objected to or
// erased, and who have or have not given the policy's consents. The expected outcome comes from the
// policy by the rules written out in docs/access.md (Expected below), independently of src/access;
// each response is checked for its status and for holding exactly the fields the role may read.
// scripts/mutate-access removes each rule of the decision function in turn and shows this test
// failing.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "api/test_server.h"
#include "base/file.h"

namespace casekeep::api {
namespace {

using nlohmann::json;
using policy::FieldType;
using policy::LawfulBasis;
using policy::Scope;

enum class Reach { kAssigned, kTeam, kOutside, kNoCase };
enum class State { kActive, kRestricted, kObjected, kErased };
const char* ReachName(Reach r) {
  switch (r) {
    case Reach::kAssigned: return "assigned";
    case Reach::kTeam: return "team";
    case Reach::kOutside: return "outside";
    case Reach::kNoCase: return "no-case";
  }
  return "?";
}
const char* StateName(State s) {
  switch (s) {
    case State::kActive: return "active";
    case State::kRestricted: return "restricted";
    case State::kObjected: return "objected";
    case State::kErased: return "erased";
  }
  return "?";
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// What the policy says a holder of `role` may do: the categories it may read (or write) under
// `purpose`, on a record of `type` (empty: a person or case), reached as `reach`, about a person
// in `state` who has given every consent of the policy (`consented`) or none. Empty: refused.
std::set<std::string> Expected(const policy::Policy& p, const policy::Role& role, bool write,
                               const std::string& type, Reach reach, State state,
                               const std::string& purpose_id, bool break_glass,
                               bool consented = false) {
  const policy::Purpose* purpose = p.FindPurpose(purpose_id);
  if (purpose == nullptr) return {};
  // Consent: the purposes each consent covers, and which of them explicitly.
  std::set<std::string> covered;
  std::set<std::string> explicitly;
  for (const auto& c : p.consents) {
    for (const auto& id : c.purposes) {
      if (!consented) continue;
      covered.insert(id);
      if (c.explicit_consent) explicitly.insert(id);
    }
  }
  // The person's state binds everyone (UK GDPR Articles 17, 18, 21).
  // A record kept after the erasure may be read for a legal obligation only.
  if (state == State::kErased &&
      (type.empty() || write || purpose->basis != LawfulBasis::kLegalObligation)) {
    return {};
  }
  if (state == State::kRestricted && (write || (purpose->basis != LawfulBasis::kLegalObligation &&
                                                purpose->basis != LawfulBasis::kVitalInterests))) {
    return {};
  }
  if (state == State::kObjected && (purpose->basis == LawfulBasis::kLegitimateInterests ||
                                    purpose->basis == LawfulBasis::kPublicTask)) {
    return {};
  }
  if (purpose->basis == LawfulBasis::kConsent && !covered.contains(purpose_id)) return {};
  if (!type.empty() && !Has(p.FindRecordType(type)->purposes, purpose_id)) return {};
  if (!Has(role.purposes, purpose_id)) return {};
  if (!type.empty() && !role.record_types.empty() && !Has(role.record_types, type)) return {};
  if (role.scope == Scope::kAnonymised) return {};
  const bool reaches =
      role.scope == Scope::kOrganisation ||
      (role.scope == Scope::kTeam && (reach == Reach::kAssigned || reach == Reach::kTeam)) ||
      (role.scope == Scope::kAssigned && reach == Reach::kAssigned);
  if (!reaches && !(break_glass && role.break_glass)) return {};
  std::set<std::string> out;
  for (const auto& c : write ? role.write : role.read) {
    if (!purpose->categories.empty() && !Has(purpose->categories, c)) continue;
    // Special category data: explicit consent, or (not relying on consent) another condition.
    const policy::Category* cat = p.FindCategory(c);
    if (cat->special && !explicitly.contains(purpose_id)) {
      bool other = false;
      for (auto k : cat->conditions)
        other = other || k != policy::Article9Condition::kExplicitConsent;
      if (purpose->basis == LawfulBasis::kConsent || !other) continue;
    }
    out.insert(c);
  }
  return out;
}

json Value(const policy::Field& f) {
  switch (f.type) {
    case FieldType::kString: return f.values.empty() ? json("x") : json(f.values.front());
    case FieldType::kText: return "a note";
    case FieldType::kDate: return "2026-11-02";
    case FieldType::kDateTime: return "2026-11-02T10:30:00Z";
    case FieldType::kInteger: return 1;
    case FieldType::kBoolean: return true;
    case FieldType::kEnum: return f.values.front();
    case FieldType::kEmail: return "someone@example.org";
    case FieldType::kPhone: return "07700 900123";
    case FieldType::kPostcode: return "SW1A 1AA";
    case FieldType::kNhsNumber: return "943 476 5919";
    case FieldType::kAttachment: return "attachment";
  }
  return "x";
}

json Fill(const std::vector<policy::Field>& fields, bool required_only) {
  json out = json::object();
  for (const auto& f : fields) {
    if (required_only && !f.required) continue;
    if (f.type == FieldType::kAttachment && !f.required) continue;
    out[f.id] = Value(f);
  }
  return out;
}

// The fields of `fields` the categories allow, as a set of ids.
std::set<std::string> Readable(const std::vector<policy::Field>& schema, const json& fields,
                               const std::set<std::string>& categories) {
  std::set<std::string> out;
  for (const auto& f : schema) {
    if (fields.contains(f.id) && categories.contains(f.category)) out.insert(f.id);
  }
  return out;
}

std::set<std::string> Keys(const json& object) {
  std::set<std::string> out;
  if (!object.is_object()) return out;
  for (const auto& [k, v] : object.items()) out.insert(k);
  return out;
}

struct Subject {
  std::string code;
  std::string kind;
  std::string case_code;  // empty: on no case
  State state = State::kActive;
  bool consented = false;  // has given every consent of the policy
};

struct Record {
  std::string code;
  std::string type;
  std::string case_code;
  Reach reach_for_role_users = Reach::kNoCase;  // how every role user reaches it
  State state = State::kActive;
  json fields;
  bool consented = false;  // its person has given every consent of the policy
};

class AuthzMatrixTest : public ::testing::Test {
 protected:
  explicit AuthzMatrixTest(const std::string& policy = "policy/examples/contact-centre.toml")
      : server_(policy) {}

  const policy::Policy& policy() { return server_.folder().policy(); }
  records::RecordsService& records() { return server_.folder().records(); }

  // A person of `kind` in `case_code` (empty: none) in `state`, who has given every consent of
  // the policy or none, made once.
  Subject& PersonFor(const std::string& kind, const std::string& case_code, State state,
                     bool consented = false) {
    const std::string key =
        kind + "|" + case_code + "|" + StateName(state) + (consented ? "|consented" : "");
    if (auto it = people_.find(key); it != people_.end()) return it->second;
    const policy::SubjectKind* k = policy().FindSubjectKind(kind);
    records::NewSubject s{kind, Fill(k->fields, false), case_code,
                          case_code.empty() ? "" : "member"};
    auto added = records().AddSubject(records::Actor{}, s);
    EXPECT_TRUE(added) << kind << ": " << added.error().message;
    if (added && consented) GiveEveryConsent(added->code);
    // Created active: records about the person are added first, then the state is applied
    // (nobody may add to restricted or erased data).
    Subject subject{added ? added->code : "", kind, case_code, state, consented};
    return people_.emplace(key, subject).first->second;
  }

  void GiveEveryConsent(const std::string& code) {
    for (const auto& c : policy().consents) {
      records::NewConsent give;
      give.subject = code;
      give.consent = c.id;
      for (auto m : c.methods) {
        if (m != policy::ConsentMethod::kParental) give.method = policy::ConsentMethodName(m);
      }
      auto given = records().GiveConsent(records::Actor{}, give);
      EXPECT_TRUE(given) << c.id << ": " << given.error().message;
    }
  }

  void SetState(const std::string& code, State state) {
    if (state == State::kErased) {
      auto tx = server_.folder().store().Begin();
      ASSERT_TRUE(tx);
      auto row = (*tx)->FindSubject(code);
      ASSERT_TRUE(row && *row);
      ASSERT_TRUE((*tx)->MarkSubjectErased((*row)->id, server_.clock().NowUnixSeconds()));
      ASSERT_TRUE((*tx)->Commit());
      return;
    }
    ASSERT_TRUE(records().SetProcessingState(records::Actor{}, code, state == State::kRestricted,
                                             state == State::kObjected));
  }

  std::string OpenCase(const std::string& service) {
    records::NewCase c;
    c.service = service;
    auto opened = records().OpenCase(records::Actor{}, c);
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? opened->code : "";
  }

  void AddRecord(const policy::RecordType& type, const std::string& case_code, Reach reach,
                 State state, bool consented = false) {
    std::string kind =
        type.subject_kinds.empty() ? policy().subject_kinds.front().id : type.subject_kinds.front();
    const Subject& s = PersonFor(kind, case_code, state, consented);
    records::NewRecord r;
    r.type = type.id;
    r.case_code = case_code;
    r.subject_code = s.code;
    r.fields = Fill(type.fields, false);
    auto added = records().AddRecord(records::Actor{}, r);
    ASSERT_TRUE(added) << type.id << ": " << added.error().message;
    records_.push_back(
        Record{added->code, type.id, case_code, reach, state, added->fields, consented});
    pending_states_[s.code] = state;
  }

  // A service that keeps records of `type` (any, when the type names none).
  std::string ServiceFor(const policy::RecordType& type) {
    return type.services.empty() ? policy().services.front().id : type.services.front();
  }

  void BuildWorld() {
    // Every role has a user in team "north"; a teammate and an outsider hold the cases that
    // the role users do not.
    for (const auto& role : policy().roles) {
      users_[role.id] = server_.AddUser("u-" + role.id, {role.id}, "north");
      tokens_[role.id] = server_.Token("u-" + role.id, {role.id});
    }
    server_.AddUser("teammate", {policy().roles.front().id}, "north");
    server_.AddUser("outsider", {policy().roles.front().id}, "south");
    for (const auto& type : policy().record_types) {
      if (!type.case_record) {
        AddRecord(type, "", Reach::kNoCase, State::kActive);
        AddRecord(type, "", Reach::kNoCase, State::kActive, true);
        continue;
      }
      const std::string service = ServiceFor(type);
      auto& cases = cases_[service];
      if (cases.empty()) {
        cases.push_back(OpenCase(service));  // assigned to every role user
        cases.push_back(OpenCase(service));  // the teammate's
        cases.push_back(OpenCase(service));  // the outsider's
        for (const auto& [role, user] : users_) {
          ASSERT_TRUE(records().Assign(records::Actor{}, cases[0], user));
        }
        ASSERT_TRUE(records().Assign(records::Actor{}, cases[1], "teammate"));
        ASSERT_TRUE(records().Assign(records::Actor{}, cases[2], "outsider"));
        case_reach_[cases[0]] = Reach::kAssigned;
        case_reach_[cases[1]] = Reach::kTeam;
        case_reach_[cases[2]] = Reach::kOutside;
      }
      for (State s : {State::kActive, State::kRestricted, State::kObjected, State::kErased}) {
        AddRecord(type, cases[0], Reach::kAssigned, s);
      }
      AddRecord(type, cases[0], Reach::kAssigned, State::kActive, true);
      AddRecord(type, cases[1], Reach::kTeam, State::kActive);
      AddRecord(type, cases[2], Reach::kOutside, State::kActive);
    }
    for (const auto& [code, state] : pending_states_) {
      if (state != State::kActive) SetState(code, state);
    }
  }

  // The purposes tried for a record of `type`: its own, one it is not used for, an unknown
  // one, and none.
  std::vector<std::string> PurposesFor(const policy::RecordType& type) {
    std::vector<std::string> out = type.purposes;
    for (const auto& p : policy().purposes) {
      if (!Has(type.purposes, p.id)) {
        out.push_back(p.id);
        break;
      }
    }
    out.push_back("no_such_purpose");
    out.push_back("");
    return out;
  }

  testing::Reply Get(const std::string& role, const std::string& target, const std::string& purpose,
                     const std::string& glass = "") {
    std::vector<std::pair<std::string, std::string>> h;
    if (!purpose.empty()) h.emplace_back("X-Purpose", purpose);
    if (!glass.empty()) h.emplace_back("X-Break-Glass-Reason", glass);
    return server_.Send("GET", target, tokens_[role], nullptr, h);
  }

  testing::TestServer server_;
  std::map<std::string, std::string> users_;               // role -> user code
  std::map<std::string, std::string> tokens_;              // role -> token secret
  std::map<std::string, std::vector<std::string>> cases_;  // service -> 3 cases
  std::map<std::string, Reach> case_reach_;
  std::map<std::string, Subject> people_;
  std::vector<Record> records_;
  std::map<std::string, State> pending_states_;  // subject code -> state to apply
  int checks_ = 0;
};

TEST_F(AuthzMatrixTest, EveryRoleEveryEndpointEveryScope) {
  BuildWorld();
  ASSERT_FALSE(HasFailure());
  const auto& p = policy();
  for (const auto& role : p.roles) {
    SCOPED_TRACE("role " + role.id);
    for (const auto& rec : records_) {
      const policy::RecordType& type = *p.FindRecordType(rec.type);
      for (const auto& purpose : PurposesFor(type)) {
        const std::string where = rec.type + " " + ReachName(rec.reach_for_role_users) + " " +
                                  StateName(rec.state) + " purpose '" + purpose + "'";
        const auto cats = Expected(p, role, false, rec.type, rec.reach_for_role_users, rec.state,
                                   purpose, false, rec.consented);
        const bool allowed = !cats.empty();
        // GET /records/{code}
        auto r = Get(role.id, "/api/v1/records/" + rec.code, purpose);
        ++checks_;
        EXPECT_EQ(r.status, allowed ? 200 : 403) << "GET " << where << ": " << r.body;
        if (r.status == 200) {
          EXPECT_EQ(Keys(r.json["fields"]), Readable(type.fields, rec.fields, cats))
              << "GET " << where;
        } else {
          EXPECT_FALSE(r.json.contains("fields")) << where;
        }
        // GET /records/{code}/history
        if (rec.state == State::kActive) {
          auto h = Get(role.id, "/api/v1/records/" + rec.code + "/history", purpose);
          ++checks_;
          EXPECT_EQ(h.status, allowed ? 200 : 403) << "history " << where;
          if (h.status == 200) {
            for (const auto& v : h.json["items"]) {
              EXPECT_EQ(Keys(v["fields"]), Readable(type.fields, rec.fields, cats))
                  << "history " << where;
            }
          }
        }
        // Break-glass outside scope.
        if (rec.reach_for_role_users == Reach::kOutside ||
            rec.reach_for_role_users == Reach::kTeam) {
          const auto glass = Expected(p, role, false, rec.type, rec.reach_for_role_users, rec.state,
                                      purpose, true, rec.consented);
          auto g = Get(role.id, "/api/v1/records/" + rec.code, purpose, "urgent welfare check");
          ++checks_;
          EXPECT_EQ(g.status, glass.empty() ? 403 : 200) << "break-glass GET " << where;
          if (g.status == 200) {
            EXPECT_EQ(Keys(g.json["fields"]), Readable(type.fields, rec.fields, glass))
                << "break-glass GET " << where;
          }
        }
      }
    }
  }
  EXPECT_GT(checks_, 1000);
}

TEST_F(AuthzMatrixTest, ListsHoldExactlyTheReadableRecords) {
  BuildWorld();
  ASSERT_FALSE(HasFailure());
  const auto& p = policy();
  std::set<std::string> purposes;
  for (const auto& t : p.record_types) purposes.insert(t.purposes.begin(), t.purposes.end());
  for (const auto& role : p.roles) {
    for (const auto& [case_code, reach] : case_reach_) {
      for (const auto& purpose : purposes) {
        std::map<std::string, std::set<std::string>> expected;  // code -> fields
        for (const auto& rec : records_) {
          if (rec.case_code != case_code) continue;
          const auto* type = p.FindRecordType(rec.type);
          auto cats =
              Expected(p, role, false, rec.type, reach, rec.state, purpose, false, rec.consented);
          if (!cats.empty()) expected[rec.code] = Readable(type->fields, rec.fields, cats);
        }
        auto r = Get(role.id, "/api/v1/records?limit=1000&case=" + case_code, purpose);
        ++checks_;
        ASSERT_EQ(r.status, 200) << r.body;
        std::map<std::string, std::set<std::string>> got;
        for (const auto& item : r.json["items"]) {
          got[item["code"].get<std::string>()] = Keys(item["fields"]);
        }
        EXPECT_EQ(got, expected) << "list " << role.id << " " << ReachName(reach) << " '" << purpose
                                 << "'";
      }
    }
  }
}

TEST_F(AuthzMatrixTest, PeopleAndCases) {
  BuildWorld();
  ASSERT_FALSE(HasFailure());
  const auto& p = policy();
  std::vector<std::string> purposes;
  for (const auto& purpose : p.purposes) purposes.push_back(purpose.id);
  purposes.push_back("");
  for (const auto& role : p.roles) {
    for (const auto& purpose : purposes) {
      for (const auto& [key, s] : people_) {
        const Reach reach = s.case_code.empty() ? Reach::kNoCase : case_reach_[s.case_code];
        // An erased person's tombstone holds nothing personal: judged as active, no fields.
        const State judged = s.state == State::kErased ? State::kActive : s.state;
        const auto cats = Expected(p, role, false, "", reach, judged, purpose, false, s.consented);
        auto r = Get(role.id, "/api/v1/subjects/" + s.code, purpose);
        ++checks_;
        EXPECT_EQ(r.status, cats.empty() ? 403 : 200)
            << "subject " << s.kind << " " << ReachName(reach) << " " << StateName(s.state) << " '"
            << purpose << "' " << role.id << ": " << r.body;
        if (r.status == 200) {
          const auto* kind = p.FindSubjectKind(s.kind);
          std::set<std::string> want;
          if (s.state != State::kErased)
            want = Readable(kind->fields, Fill(kind->fields, false), cats);
          EXPECT_EQ(Keys(r.json["fields"]), want) << "subject fields " << role.id << " " << s.kind;
        }
      }
      for (const auto& [case_code, reach] : case_reach_) {
        // A case is about all its members; some of them never consented.
        const auto cats = Expected(p, role, false, "", reach, State::kActive, purpose, false);
        auto r = Get(role.id, "/api/v1/cases/" + case_code, purpose);
        ++checks_;
        EXPECT_EQ(r.status, cats.empty() ? 403 : 200)
            << "case " << ReachName(reach) << " '" << purpose << "' " << role.id;
      }
    }
  }
}

TEST_F(AuthzMatrixTest, WritesFollowTheWriteLists) {
  BuildWorld();
  ASSERT_FALSE(HasFailure());
  const auto& p = policy();
  for (const auto& role : p.roles) {
    for (const auto& rec : records_) {
      const auto* type = p.FindRecordType(rec.type);
      for (const auto& purpose : type->purposes) {
        const auto write = Expected(p, role, true, rec.type, rec.reach_for_role_users, rec.state,
                                    purpose, false, rec.consented);
        const auto read = Expected(p, role, false, rec.type, rec.reach_for_role_users, rec.state,
                                   purpose, false, rec.consented);
        auto current = records().GetRecord(records::Actor{}, rec.code);
        if (!current) continue;  // an erased person's record: the CLI may not read it either
        // A change to one field of a category the role may write, if there is one.
        json changes = json::object();
        for (const auto& f : type->fields) {
          if (write.contains(f.category) && f.type != FieldType::kAttachment) {
            changes[f.id] = Value(f);
            break;
          }
        }
        auto r = server_.Send(
            "PATCH", "/api/v1/records/" + rec.code, tokens_[role.id], json{{"fields", changes}},
            {{"X-Purpose", purpose}, {"If-Match", "\"" + std::to_string(current->version) + "\""}});
        ++checks_;
        const int want = write.empty() ? 403 : (read.empty() ? 403 : 200);
        EXPECT_EQ(r.status, want) << "PATCH " << role.id << " " << rec.type << " "
                                  << ReachName(rec.reach_for_role_users) << " "
                                  << StateName(rec.state) << " '" << purpose << "': " << r.body;
      }
    }
    // Creating a record: every required field must be of a category the role may write.
    for (const auto& type : p.record_types) {
      if (!type.case_record) continue;
      const std::string case_code = cases_[ServiceFor(type)][0];
      const std::string kind =
          type.subject_kinds.empty() ? p.subject_kinds.front().id : type.subject_kinds.front();
      const Subject& s = PersonFor(kind, case_code, State::kActive);
      const json fields = Fill(type.fields, true);
      for (const auto& purpose : type.purposes) {
        const auto write =
            Expected(p, role, true, type.id, Reach::kAssigned, State::kActive, purpose, false);
        bool all = !write.empty();
        for (const auto& f : type.fields) {
          if (fields.contains(f.id) && !write.contains(f.category)) all = false;
        }
        auto r = server_.Send(
            "POST", "/api/v1/records", tokens_[role.id],
            json{{"type", type.id}, {"case", case_code}, {"subject", s.code}, {"fields", fields}},
            {{"X-Purpose", purpose}});
        ++checks_;
        if (all) {
          // Created; the response shows what the role may read, which may refuse the read.
          EXPECT_TRUE(r.status == 201 || r.status == 403) << "POST " << role.id << " " << type.id;
        } else {
          EXPECT_EQ(r.status, 403)
              << "POST " << role.id << " " << type.id << " '" << purpose << "': " << r.body;
        }
      }
    }
  }
}

TEST_F(AuthzMatrixTest, CapabilityEndpoints) {
  BuildWorld();
  ASSERT_FALSE(HasFailure());
  const auto& p = policy();
  struct Endpoint {
    const char* target;
    policy::Capability needs;
  };
  const Endpoint endpoints[] = {
      {"/api/v1/users", policy::Capability::kManageUsers},
      {"/api/v1/audit?limit=5", policy::Capability::kViewAudit},
      {"/api/v1/audit/verify", policy::Capability::kViewAudit},
      {"/api/v1/audit/break-glass", policy::Capability::kReviewBreakGlass},
      {"/api/v1/reports/consent", policy::Capability::kManageRequests},
      {"/api/v1/requests", policy::Capability::kManageRequests},
      {"/api/v1/statistics", policy::Capability::kRunReports},
      {"/api/v1/holds", policy::Capability::kManageHolds},
      {"/api/v1/retention/plan", policy::Capability::kApproveDisposal},
      {"/api/v1/retention/log?limit=5", policy::Capability::kApproveDisposal},
      // Also open to manage_requests, which no role of this policy holds without it.
      {"/api/v1/disclosures/flagged", policy::Capability::kApproveDisclosures},
  };
  for (const auto& role : p.roles) {
    for (const auto& e : endpoints) {
      const bool has = std::find(role.capabilities.begin(), role.capabilities.end(), e.needs) !=
                       role.capabilities.end();
      auto r = Get(role.id, e.target, "");
      EXPECT_EQ(r.status, has ? 200 : 403) << role.id << " " << e.target << ": " << r.body;
      if (r.status == 200 && std::string(e.target).starts_with("/api/v1/audit?")) {
        for (const auto& entry : r.json["items"]) {
          // The trail holds codes, never the people's details written above.
          EXPECT_EQ(entry.dump().find("someone@example.org"), std::string::npos);
        }
      }
    }
  }
}

TEST_F(AuthzMatrixTest, TheCommandLineReadsEverythingButErasedData) {
  BuildWorld();
  ASSERT_FALSE(HasFailure());
  for (const auto& rec : records_) {
    auto r = records().GetRecord(records::Actor{}, rec.code);
    if (rec.state == State::kErased) {
      EXPECT_FALSE(r) << rec.type;
      continue;
    }
    ASSERT_TRUE(r) << rec.type << ": " << r.error().message;
    EXPECT_EQ(Keys(r->fields), Keys(rec.fields)) << rec.type;
    // Declaring a purpose that relies on consent binds the command line too.
    const auto* type = policy().FindRecordType(rec.type);
    for (const auto& purpose : type->purposes) {
      if (policy().FindPurpose(purpose)->basis != LawfulBasis::kConsent) continue;
      records::Actor admin;
      admin.purpose = purpose;
      EXPECT_EQ(records().GetRecord(admin, rec.code).has_value(), rec.consented)
          << rec.type << " '" << purpose << "'";
    }
    // Restricted data may be stored and read, never changed, even from the command line.
    auto changed = records().UpdateRecord(records::Actor{}, rec.code, r->version, json::object());
    EXPECT_EQ(changed.has_value(), rec.state != State::kRestricted) << rec.type;
  }
}

// The same centre, had its medical-needs consent not been explicit and its contact workers run
// surveys: consent in force for medical_needs would still not be enough for health data (special
// category), and a survey of someone who never agreed would be refused for want of consent.
class AuthzMatrixVariantTest : public AuthzMatrixTest {
 protected:
  AuthzMatrixVariantTest() : AuthzMatrixTest(WritePolicy()) {}

  static std::string WritePolicy() {
    auto text = ReadFileCapped(
        std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/contact-centre.toml", 1 << 20);
    EXPECT_TRUE(text);
    std::string policy = text ? *text : "";
    const std::pair<std::string, std::string> edits[] = {
        {"purposes = [\"medical_needs\"]\nexplicit = true",
         "purposes = [\"medical_needs\"]\nexplicit = false"},
        {"purposes = [\"run_contact\", \"medical_needs\", \"safeguarding\", \"enquiries\", "
         "\"evaluation\"]",
         "purposes = [\"run_contact\", \"medical_needs\", \"safeguarding\", \"enquiries\", "
         "\"evaluation\", \"surveys\"]"},
    };
    for (const auto& [from, to] : edits) {
      const auto at = policy.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) policy.replace(at, from.size(), to);
    }
    const std::string path = ::testing::TempDir() + "/contact-centre-variant.toml";
    EXPECT_TRUE(WriteFileAtomic(path, policy));
    return path;
  }
};

TEST_F(AuthzMatrixVariantTest, ConsentBasedPurposesFollowTheLedger) {
  BuildWorld();
  ASSERT_FALSE(HasFailure());
  const auto& p = policy();
  int consented_records = 0;
  int allowed = 0;
  for (const auto& role : p.roles) {
    for (const auto& rec : records_) {
      if (rec.state != State::kActive) continue;
      consented_records += rec.consented ? 1 : 0;
      for (const char* purpose : {"medical_needs", "surveys"}) {
        const auto cats = Expected(p, role, false, rec.type, rec.reach_for_role_users, rec.state,
                                   purpose, false, rec.consented);
        allowed += cats.empty() ? 0 : 1;
        auto r = Get(role.id, "/api/v1/records/" + rec.code, purpose);
        EXPECT_EQ(r.status, cats.empty() ? 403 : 200)
            << role.id << " " << rec.type << " '" << purpose << "': " << r.body;
      }
    }
  }
  EXPECT_GT(consented_records, 0);
  EXPECT_GT(allowed, 0);
}

}  // namespace
}  // namespace casekeep::api
