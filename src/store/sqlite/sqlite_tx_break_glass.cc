// SqliteTx (sqlite_tx.h): break-glass accesses, their sealed reasons and their review.
// Thread-safety: a Tx belongs to one thread.
#include "store/internal/checks.h"
#include "store/sqlite/sqlite_tx.h"

namespace casekeep::store::sqlite {

Result<std::int64_t> SqliteTx::InsertBreakGlass(const BreakGlassRow& row) {
  CK_TRY(Writable("InsertBreakGlass"));
  CK_TRY(internal::CheckBreakGlass(row, "InsertBreakGlass"));
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kInsertBreakGlass, "recording a break-glass access"));
  q.Bind(row.at).Bind(row.actor).Bind(row.objects).Bind(row.purpose).Bind(row.reason);
  CK_TRY(q.Run());
  return LastId();
}

Result<std::vector<BreakGlassRow>> SqliteTx::ListBreakGlass(std::int64_t after_id,
                                                            std::int64_t limit,
                                                            bool unreviewed_only) {
  CK_TRY(Usable("ListBreakGlass"));
  CK_TRY(internal::CheckLimit(limit, "ListBreakGlass"));
  CK_ASSIGN_OR_RETURN(auto q,
                      Use(unreviewed_only ? Sql::kListUnreviewedBreakGlass : Sql::kListBreakGlass,
                          "listing break-glass accesses"));
  q.Bind(after_id).Bind(limit);
  std::vector<BreakGlassRow> rows;
  while (true) {
    CK_ASSIGN_OR_RETURN(const bool found, q.Step());
    if (!found) break;
    BreakGlassRow row;
    row.id = q.Int(0);
    row.at = q.Int(1);
    row.actor = q.Text(2);
    row.objects = q.Text(3);
    row.purpose = q.Text(4);
    row.reason = q.Blob(5);
    row.reviewed_at = q.OptInt(6);
    row.reviewed_by = q.Text(7);
    rows.push_back(std::move(row));
  }
  return rows;
}

Status SqliteTx::ReviewBreakGlass(std::int64_t id, std::int64_t at, std::string_view reviewer) {
  CK_TRY(Writable("ReviewBreakGlass"));
  CK_TRY(internal::CheckReviewer(reviewer, "ReviewBreakGlass"));
  {
    CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kReviewBreakGlass, "reviewing a break-glass access"));
    q.Bind(at).Bind(reviewer).Bind(id);
    CK_TRY(q.Run());
    if (Changes() == 1) return {};
  }
  CK_ASSIGN_OR_RETURN(auto q, Use(Sql::kBreakGlassReviewed, "reviewing a break-glass access"));
  q.Bind(id);
  CK_ASSIGN_OR_RETURN(const bool found, q.Step());
  if (!found) {
    return std::unexpected(internal::Missing("ReviewBreakGlass", "break-glass access", id));
  }
  return std::unexpected(internal::AlreadyReviewed("ReviewBreakGlass", id));
}

}  // namespace casekeep::store::sqlite
