// MemoryTx (memory_tx.h): lifecycle, metadata, keys, subjects, blind indexes, relationships
// and cases. Thread-safety: a Tx belongs to one thread.
#include "store/memory/memory_tx.h"

#include <limits>
#include <string>

#include "store/internal/checks.h"

namespace casekeep::store::memory {
namespace {

// Moves the code index entry of row `id` from `old_code` to `new_code`; false if taken.
bool Recode(CodeIndex& index, const std::string& old_code, const std::string& new_code,
            std::int64_t id) {
  if (old_code == new_code) return true;
  if (index.contains(new_code)) return false;
  index.erase(old_code);
  index.emplace(new_code, id);
  return true;
}

template <class Row>
std::optional<Row> ById(const std::map<std::int64_t, Row>& rows, std::int64_t id) {
  const auto it = rows.find(id);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Error Duplicate(std::string_view op, std::string_view what, std::string_view code) {
  return Error{ErrorCode::kAlreadyExists, std::string(op) + ": a " + std::string(what) +
                                              " with code " + std::string(code) +
                                              " already exists"};
}

MemoryTx::MemoryTx(MemoryStore& store, std::shared_ptr<const State> base,
                   std::unique_lock<internal::WriterLock> lock)
    : store_(store), base_(std::move(base)), writer_lock_(std::move(lock)),
      writable_(writer_lock_.owns_lock()) {}

Status MemoryTx::Usable(std::string_view op) const {
  if (done_) return std::unexpected(internal::Finished(op));
  return {};
}

Status MemoryTx::Writable(std::string_view op) const {
  CK_TRY(Usable(op));
  if (!writable_) return std::unexpected(internal::ReadOnly(op));
  return {};
}

State& MemoryTx::Mut() {
  if (!work_) work_ = std::make_shared<State>(*base_);
  return *work_;
}

Status MemoryTx::Refers(std::string_view op, bool exists, std::string_view what,
                        std::int64_t id) const {
  if (exists) return {};
  return Fail(ErrorCode::kFailedPrecondition, std::string(op) + ": refers to " +
                                                  std::string(what) + " " + std::to_string(id) +
                                                  ", which does not exist");
}

Status MemoryTx::Commit() {
  CK_TRY(Usable("Commit"));
  done_ = true;
  if (work_) store_.Publish(std::move(work_));
  if (writer_lock_.owns_lock()) writer_lock_.unlock();
  return {};
}

// Metadata and keys.

Result<std::optional<Bytes>> MemoryTx::GetMeta(std::string_view key) {
  CK_TRY(Usable("GetMeta"));
  const auto it = View().meta.find(key);
  if (it == View().meta.end()) return std::optional<Bytes>();
  return std::optional<Bytes>(it->second);
}

Status MemoryTx::PutMeta(std::string_view key, const Bytes& value) {
  CK_TRY(Writable("PutMeta"));
  Mut().meta.insert_or_assign(std::string(key), value);
  return {};
}

Result<std::optional<Bytes>> MemoryTx::GetKey(std::string_view owner) {
  CK_TRY(Usable("GetKey"));
  const auto it = View().keys.find(owner);
  if (it == View().keys.end()) return std::optional<Bytes>();
  return std::optional<Bytes>(it->second);
}

Status MemoryTx::PutKey(const KeyRow& row) {
  CK_TRY(Writable("PutKey"));
  CK_TRY(internal::CheckCode(row.owner, "PutKey"));
  Mut().keys.insert_or_assign(row.owner, row.wrapped);
  return {};
}

Status MemoryTx::DestroyKey(std::string_view owner) {
  CK_TRY(Writable("DestroyKey"));
  if (!View().keys.contains(owner)) {
    return NotFound("DestroyKey: there is no key for " + std::string(owner));
  }
  Mut().keys.erase(Mut().keys.find(owner));
  return {};
}

Result<std::vector<KeyRow>> MemoryTx::ListKeys() {
  CK_TRY(Usable("ListKeys"));
  std::vector<KeyRow> rows;
  for (const auto& [owner, wrapped] : View().keys) rows.push_back(KeyRow{owner, wrapped});
  return rows;
}

// Subjects.

Result<std::int64_t> MemoryTx::InsertSubject(const SubjectRow& row) {
  CK_TRY(Writable("InsertSubject"));
  CK_TRY(internal::CheckCode(row.code, "InsertSubject"));
  if (View().subject_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertSubject", "subject", row.code));
  }
  State& s = Mut();
  SubjectRow stored = row;
  stored.id = s.next_subject++;
  s.subject_codes.emplace(stored.code, stored.id);
  s.subjects.emplace(stored.id, std::move(stored));
  return s.next_subject - 1;
}

Status MemoryTx::UpdateSubject(const SubjectRow& row) {
  CK_TRY(Writable("UpdateSubject"));
  const auto it = View().subjects.find(row.id);
  if (it == View().subjects.end()) {
    return std::unexpected(internal::Missing("UpdateSubject", "subject", row.id));
  }
  const SubjectRow& old = it->second;
  if (old.erased_at) return std::unexpected(internal::Erased("UpdateSubject", row.id));
  if (old.version != row.version - 1) {
    return std::unexpected(
        internal::Conflict("UpdateSubject", "subject", row.id, old.version, row.version));
  }
  if (old.code != row.code && View().subject_codes.contains(row.code)) {
    return std::unexpected(Duplicate("UpdateSubject", "subject", row.code));
  }
  State& s = Mut();
  SubjectRow& stored = s.subjects.at(row.id);
  (void)Recode(s.subject_codes, stored.code, row.code, row.id);
  const auto erased_at = stored.erased_at;
  stored = row;
  stored.erased_at = erased_at;
  return {};
}

Result<std::optional<SubjectRow>> MemoryTx::GetSubject(std::int64_t id) {
  CK_TRY(Usable("GetSubject"));
  return ById(View().subjects, id);
}

Result<std::optional<SubjectRow>> MemoryTx::FindSubject(std::string_view code) {
  CK_TRY(Usable("FindSubject"));
  return ByCode(View().subject_codes, View().subjects, code);
}

Status MemoryTx::MarkSubjectErased(std::int64_t id, std::int64_t at) {
  CK_TRY(Writable("MarkSubjectErased"));
  const auto it = View().subjects.find(id);
  if (it == View().subjects.end()) {
    return std::unexpected(internal::Missing("MarkSubjectErased", "subject", id));
  }
  if (it->second.erased_at) return {};  // already erased: erasing again changes nothing
  SubjectRow& stored = Mut().subjects.at(id);
  stored.sealed.clear();
  stored.erased_at = at;
  stored.updated_at = at;
  ++stored.version;
  return {};
}

Status MemoryTx::InsertBlindIndex(const BlindIndexRow& row) {
  CK_TRY(Writable("InsertBlindIndex"));
  CK_TRY(Refers("InsertBlindIndex", View().subjects.contains(row.subject_id), "subject",
                row.subject_id));
  Mut().blind_index.emplace(row.field, row.hash, row.subject_id);
  return {};
}

Status MemoryTx::DeleteBlindIndexes(std::int64_t subject_id) {
  CK_TRY(Writable("DeleteBlindIndexes"));
  std::erase_if(Mut().blind_index, [&](const auto& e) { return std::get<2>(e) == subject_id; });
  return {};
}

Result<std::vector<std::int64_t>> MemoryTx::LookupBlindIndex(std::string_view field,
                                                             const Bytes& hash) {
  CK_TRY(Usable("LookupBlindIndex"));
  const auto& index = View().blind_index;
  std::vector<std::int64_t> ids;
  auto it = index.lower_bound({std::string(field), hash, std::numeric_limits<std::int64_t>::min()});
  for (; it != index.end() && std::get<0>(*it) == field && std::get<1>(*it) == hash; ++it) {
    ids.push_back(std::get<2>(*it));
  }
  return ids;
}

// Relationships.

Result<std::int64_t> MemoryTx::InsertRelationship(const RelationshipRow& row) {
  CK_TRY(Writable("InsertRelationship"));
  CK_TRY(Refers("InsertRelationship", View().subjects.contains(row.from_subject), "subject",
                row.from_subject));
  CK_TRY(Refers("InsertRelationship", View().subjects.contains(row.to_subject), "subject",
                row.to_subject));
  State& s = Mut();
  RelationshipRow stored = row;
  stored.id = s.next_relationship++;
  s.relationships.emplace(stored.id, stored);
  return stored.id;
}

Result<std::vector<RelationshipRow>> MemoryTx::ListRelationships(std::int64_t subject_id) {
  CK_TRY(Usable("ListRelationships"));
  std::vector<RelationshipRow> rows;
  for (const auto& [id, r] : View().relationships) {
    if (r.from_subject == subject_id || r.to_subject == subject_id) rows.push_back(r);
  }
  return rows;
}

}  // namespace casekeep::store::memory
