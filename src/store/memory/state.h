// The whole content of a MemoryStore as plain containers, ordered as the SQLite backend
// returns rows. Ids are never reused, as with SQLite's AUTOINCREMENT.
// Thread-safety: a State is immutable once published; a Tx's private copy has one owner.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "store/store.h"

namespace casekeep::store::memory {

using IdPair = std::pair<std::int64_t, std::int64_t>;
using CodeIndex = std::map<std::string, std::int64_t, std::less<>>;

struct State {
  std::map<std::string, Bytes, std::less<>> meta;
  std::map<std::string, Bytes, std::less<>> keys;
  std::map<std::int64_t, SubjectRow> subjects;
  CodeIndex subject_codes;
  std::set<std::tuple<std::string, Bytes, std::int64_t>> blind_index;  // field, hash, subject
  std::map<std::int64_t, RelationshipRow> relationships;
  std::map<std::int64_t, CaseRow> cases;
  CodeIndex case_codes;
  std::map<IdPair, CaseMemberRow> members;  // (case, subject)
  std::map<std::int64_t, RecordRow> records;
  CodeIndex record_codes;
  std::map<IdPair, RecordVersionRow> versions;  // (record, version)
  std::map<std::int64_t, AttachmentRow> attachments;
  CodeIndex attachment_codes;
  std::map<IdPair, Bytes> chunks;  // (attachment, seq)
  std::map<std::int64_t, UserRow> users;
  CodeIndex user_codes;
  CodeIndex user_names;
  std::map<Bytes, SessionRow> sessions;  // by token hash
  std::map<std::int64_t, TokenRow> tokens;
  CodeIndex token_codes;
  std::map<Bytes, std::int64_t> token_secrets;  // secret hash -> token id
  std::map<IdPair, AssignmentRow> assignments;  // (case, user)
  std::map<std::int64_t, BreakGlassRow> break_glass;
  std::map<std::int64_t, HoldRow> holds;
  CodeIndex hold_codes;
  std::map<std::int64_t, DisposalRow> disposals;  // by seq
  std::map<std::int64_t, PlanRow> plans;
  CodeIndex plan_codes;
  std::map<Bytes, TextRow> texts;  // by hash
  std::map<std::int64_t, ConsentRow> consents;
  std::map<std::int64_t, MarketingRow> marketing;
  std::map<std::pair<std::string, Bytes>, SuppressionRow> suppressions;  // (channel, hash)
  std::map<std::int64_t, CookieConsentRow> cookie_consents;
  std::map<std::int64_t, DisclosureRow> disclosures;
  CodeIndex disclosure_codes;
  std::map<std::int64_t, RequestRow> requests;
  CodeIndex request_codes;
  std::map<std::int64_t, AuditRow> audit;
  std::int64_t next_subject = 1;
  std::int64_t next_relationship = 1;
  std::int64_t next_case = 1;
  std::int64_t next_record = 1;
  std::int64_t next_attachment = 1;
  std::int64_t next_user = 1;
  std::int64_t next_token = 1;
  std::int64_t next_break_glass = 1;
  std::int64_t next_hold = 1;
  std::int64_t next_disposal = 1;
  std::int64_t next_plan = 1;
  std::int64_t next_consent = 1;
  std::int64_t next_marketing = 1;
  std::int64_t next_cookie_consent = 1;
  std::int64_t next_disclosure = 1;
  std::int64_t next_request = 1;
};

}  // namespace casekeep::store::memory
