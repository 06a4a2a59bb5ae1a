// Reading rows of the PostgreSQL store: the SELECT prefixes of each table and the functions
// that turn a result row into a row type of store.h. The column lists are the SQLite backend's
// (store/sqlite/statements.h), since both schemas have the same columns in the same order.
// Thread-safety: constant data and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/sqlite/statements.h"
#include "store/store.h"

namespace casekeep::store::postgres {

using sqlite::kBreakGlassColumns;
using sqlite::kCaseColumns;
using sqlite::kConsentColumns;
using sqlite::kHoldColumns;
using sqlite::kPlanColumns;
using sqlite::kRecordColumns;
using sqlite::kSubjectColumns;
using sqlite::kTokenColumns;
using sqlite::kUserColumns;

inline constexpr std::string_view kAuditColumns =
    "seq, at_micros, actor, action, objects, purpose, outcome, detail, prev_hash, hash, mac";

//! "SELECT <columns> FROM <table> WHERE ", to be followed by a condition.
inline std::string SelectWhere(std::string_view columns, std::string_view table) {
  return "SELECT " + std::string(columns) + " FROM " + std::string(table) + " WHERE ";
}

inline const std::string kSelectSubject = SelectWhere(kSubjectColumns, "subjects");
inline const std::string kSelectCase = SelectWhere(kCaseColumns, "cases");
inline const std::string kSelectRecord = SelectWhere(kRecordColumns, "records");
inline const std::string kSelectUser = SelectWhere(kUserColumns, "users");
inline const std::string kSelectToken = SelectWhere(kTokenColumns, "api_tokens");
inline const std::string kSelectBreakGlass = SelectWhere(kBreakGlassColumns, "break_glass");
inline const std::string kSelectHold = SelectWhere(kHoldColumns, "holds");
inline const std::string kSelectPlan = SelectWhere(kPlanColumns, "retention_plans");
inline const std::string kSelectConsent = SelectWhere(kConsentColumns, "consents");
inline const std::string kSelectAudit = SelectWhere(kAuditColumns, "audit");
inline const std::string kSelectMember =
    SelectWhere("case_id, subject_id, role, added_at", "case_members");
inline const std::string kSelectAttachment =
    SelectWhere("id, code, record_id, field, owner, size, created_at", "attachments");
inline const std::string kInsertFlag =
    "INSERT INTO case_flags(case_id, flag, pos) VALUES($1, $2, $3)";

//! read(r, 0) if `r` has a row.
template <class Read>
auto One(const PgResult& r, Read read) -> std::optional<decltype(read(r, 0))> {
  if (r.rows() == 0) return std::nullopt;
  return read(r, 0);
}

//! read(r, i) for every row, in order.
template <class Read>
auto All(const PgResult& r, Read read) -> std::vector<decltype(read(r, 0))> {
  std::vector<decltype(read(r, 0))> rows;
  rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) rows.push_back(read(r, i));
  return rows;
}

//! The first column of every row.
inline std::vector<std::int64_t> Ids(const PgResult& r) {
  return All(r, [](const PgResult& q, int i) { return q.Int(i, 0); });
}

//! The Status of a statement whose rows do not matter.
inline Status Done(const Result<PgResult>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

template <class Row, class... Fields>
Row ReadInto(const PgResult& r, int i, Row row, Fields Row::*... fields) {
  r.Read(i, (row.*fields)...);
  return row;
}

inline SubjectRow ReadSubject(const PgResult& r, int i) {
  using S = SubjectRow;
  return ReadInto(r, i, S{}, &S::id, &S::code, &S::kind, &S::created_at, &S::updated_at,
                  &S::version, &S::sealed, &S::erased_at, &S::restricted, &S::objected,
                  &S::objected_purposes);
}

inline CaseRow ReadCase(const PgResult& r, int i) {
  using C = CaseRow;
  return ReadInto(r, i, C{}, &C::id, &C::code, &C::service, &C::referral_source, &C::opened_on,
                  &C::closed_on, &C::last_contact_on, &C::created_at, &C::updated_at, &C::version,
                  &C::transferred_on);
}

inline CaseMemberRow ReadMember(const PgResult& r, int i) {
  using M = CaseMemberRow;
  return ReadInto(r, i, M{}, &M::case_id, &M::subject_id, &M::role, &M::added_at);
}

inline RecordRow ReadRecord(const PgResult& r, int i) {
  using R = RecordRow;
  return ReadInto(r, i, R{}, &R::id, &R::code, &R::type, &R::case_id, &R::subject_id, &R::owner,
                  &R::occurred_on, &R::created_at, &R::updated_at, &R::version, &R::sealed,
                  &R::retention_rule, &R::dispose_on, &R::review_on, &R::partial_on,
                  &R::reviewed_on);
}

inline AttachmentRow ReadAttachment(const PgResult& r, int i) {
  using A = AttachmentRow;
  return ReadInto(r, i, A{}, &A::id, &A::code, &A::record_id, &A::field, &A::owner, &A::size,
                  &A::created_at);
}

inline AuditRow ReadAudit(const PgResult& r, int i) {
  using A = AuditRow;
  return ReadInto(r, i, A{}, &A::seq, &A::at_micros, &A::actor, &A::action, &A::objects,
                  &A::purpose, &A::outcome, &A::detail, &A::prev_hash, &A::hash, &A::mac);
}

}  // namespace casekeep::store::postgres
