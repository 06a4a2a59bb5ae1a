// MemoryTx (memory_tx.h): break-glass accesses, their sealed reasons and their review.
// Thread-safety: a Tx belongs to one thread.
#include <iterator>
#include <string>

#include "store/internal/checks.h"
#include "store/memory/memory_tx.h"

namespace casekeep::store::memory {

Result<std::int64_t> MemoryTx::InsertBreakGlass(const BreakGlassRow& row) {
  CK_TRY(Writable("InsertBreakGlass"));
  CK_TRY(internal::CheckBreakGlass(row, "InsertBreakGlass"));
  State& s = Mut();
  BreakGlassRow stored = row;
  stored.id = s.next_break_glass++;
  const std::int64_t id = stored.id;
  s.break_glass.emplace(id, std::move(stored));
  return id;
}

Result<std::vector<BreakGlassRow>> MemoryTx::ListBreakGlass(std::int64_t after_id,
                                                            std::int64_t limit,
                                                            bool unreviewed_only) {
  CK_TRY(Usable("ListBreakGlass"));
  CK_TRY(internal::CheckLimit(limit, "ListBreakGlass"));
  const auto& accesses = View().break_glass;
  std::vector<BreakGlassRow> rows;
  for (auto it = accesses.upper_bound(after_id); it != accesses.end() && std::ssize(rows) < limit;
       ++it) {
    if (unreviewed_only && it->second.reviewed_at) continue;
    rows.push_back(it->second);
  }
  return rows;
}

Status MemoryTx::ReviewBreakGlass(std::int64_t id, std::int64_t at, std::string_view reviewer) {
  CK_TRY(Writable("ReviewBreakGlass"));
  CK_TRY(internal::CheckReviewer(reviewer, "ReviewBreakGlass"));
  const auto it = View().break_glass.find(id);
  if (it == View().break_glass.end()) {
    return std::unexpected(internal::Missing("ReviewBreakGlass", "break-glass access", id));
  }
  if (it->second.reviewed_at) {
    return std::unexpected(internal::AlreadyReviewed("ReviewBreakGlass", id));
  }
  BreakGlassRow& stored = Mut().break_glass.at(id);
  stored.reviewed_at = at;
  stored.reviewed_by = std::string(reviewer);
  return {};
}

}  // namespace casekeep::store::memory
