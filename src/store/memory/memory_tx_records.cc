// MemoryTx (memory_tx.h): records, their earlier versions, and attachments.
// Thread-safety: a Tx belongs to one thread.
#include <limits>
#include <string>

#include "store/internal/checks.h"
#include "store/memory/memory_tx.h"

namespace casekeep::store::memory {

namespace {
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
}  // namespace

Result<std::int64_t> MemoryTx::InsertRecord(const RecordRow& row) {
  CK_TRY(Writable("InsertRecord"));
  CK_TRY(internal::CheckCode(row.code, "InsertRecord"));
  if (row.case_id) {
    CK_TRY(Refers("InsertRecord", View().cases.contains(*row.case_id), "case", *row.case_id));
  }
  if (row.subject_id) {
    CK_TRY(Refers("InsertRecord", View().subjects.contains(*row.subject_id), "subject",
                  *row.subject_id));
  }
  if (View().record_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertRecord", "record", row.code));
  }
  State& s = Mut();
  RecordRow stored = row;
  stored.id = s.next_record++;
  s.record_codes.emplace(stored.code, stored.id);
  const std::int64_t id = stored.id;
  s.records.emplace(id, std::move(stored));
  return id;
}

Status MemoryTx::UpdateRecord(const RecordRow& row) {
  CK_TRY(Writable("UpdateRecord"));
  const auto it = View().records.find(row.id);
  if (it == View().records.end()) {
    return std::unexpected(internal::Missing("UpdateRecord", "record", row.id));
  }
  if (it->second.version != row.version - 1) {
    return std::unexpected(
        internal::Conflict("UpdateRecord", "record", row.id, it->second.version, row.version));
  }
  if (it->second.code != row.code && View().record_codes.contains(row.code)) {
    return std::unexpected(Duplicate("UpdateRecord", "record", row.code));
  }
  if (row.case_id) {
    CK_TRY(Refers("UpdateRecord", View().cases.contains(*row.case_id), "case", *row.case_id));
  }
  if (row.subject_id) {
    CK_TRY(Refers("UpdateRecord", View().subjects.contains(*row.subject_id), "subject",
                  *row.subject_id));
  }
  State& s = Mut();
  RecordRow& stored = s.records.at(row.id);
  if (stored.code != row.code) {
    s.record_codes.erase(stored.code);
    s.record_codes.emplace(row.code, row.id);
  }
  stored = row;
  return {};
}

Result<std::optional<RecordRow>> MemoryTx::GetRecord(std::int64_t id) {
  CK_TRY(Usable("GetRecord"));
  const auto it = View().records.find(id);
  if (it == View().records.end()) return std::optional<RecordRow>();
  return std::optional<RecordRow>(it->second);
}

Result<std::optional<RecordRow>> MemoryTx::FindRecord(std::string_view code) {
  CK_TRY(Usable("FindRecord"));
  const auto it = View().record_codes.find(code);
  if (it == View().record_codes.end()) return std::optional<RecordRow>();
  return std::optional<RecordRow>(View().records.at(it->second));
}

Result<std::vector<RecordRow>> MemoryTx::ListRecords(const RecordFilter& filter) {
  CK_TRY(Usable("ListRecords"));
  CK_TRY(internal::CheckLimit(filter.limit, "ListRecords"));
  std::vector<RecordRow> rows;
  const auto& records = View().records;
  for (auto it = records.upper_bound(filter.after_id);
       it != records.end() && std::cmp_less(rows.size(), filter.limit); ++it) {
    const RecordRow& r = it->second;
    if (filter.case_id && r.case_id != filter.case_id) continue;
    if (filter.subject_id && r.subject_id != filter.subject_id) continue;
    if (filter.type && r.type != *filter.type) continue;
    rows.push_back(r);
  }
  return rows;
}

Result<std::int64_t> MemoryTx::CountRecords() {
  CK_TRY(Usable("CountRecords"));
  return static_cast<std::int64_t>(View().records.size());
}

Status MemoryTx::DeleteAttachment(std::int64_t attachment_id) {
  CK_TRY(Writable("DeleteAttachment"));
  auto it = View().attachments.find(attachment_id);
  if (it == View().attachments.end()) {
    return std::unexpected(internal::Missing("DeleteAttachment", "attachment", attachment_id));
  }
  State& s = Mut();
  s.chunks.erase(s.chunks.lower_bound({attachment_id, kMin}),
                 s.chunks.upper_bound({attachment_id, kMax}));
  s.attachment_codes.erase(s.attachments.at(attachment_id).code);
  s.attachments.erase(attachment_id);
  return {};
}

Status MemoryTx::DeleteRecord(std::int64_t id) {
  CK_TRY(Writable("DeleteRecord"));
  if (!View().records.contains(id)) {
    return std::unexpected(internal::Missing("DeleteRecord", "record", id));
  }
  State& s = Mut();
  for (auto it = s.attachments.begin(); it != s.attachments.end();) {
    if (it->second.record_id != id) {
      ++it;
      continue;
    }
    const std::int64_t attachment = it->first;
    s.chunks.erase(s.chunks.lower_bound({attachment, kMin}),
                   s.chunks.upper_bound({attachment, kMax}));
    s.attachment_codes.erase(it->second.code);
    it = s.attachments.erase(it);
  }
  s.versions.erase(s.versions.lower_bound({id, kMin}), s.versions.upper_bound({id, kMax}));
  s.record_codes.erase(s.records.at(id).code);
  s.records.erase(id);
  return {};
}

Status MemoryTx::InsertRecordVersion(const RecordVersionRow& row) {
  CK_TRY(Writable("InsertRecordVersion"));
  CK_TRY(Refers("InsertRecordVersion", View().records.contains(row.record_id), "record",
                row.record_id));
  if (View().versions.contains({row.record_id, row.version})) {
    return Fail(ErrorCode::kAlreadyExists,
                "InsertRecordVersion: record " + std::to_string(row.record_id) +
                    " already has a version " + std::to_string(row.version));
  }
  Mut().versions.emplace(IdPair{row.record_id, row.version}, row);
  return {};
}

Result<std::vector<RecordVersionRow>> MemoryTx::ListRecordVersions(std::int64_t record_id) {
  CK_TRY(Usable("ListRecordVersions"));
  const auto& versions = View().versions;
  std::vector<RecordVersionRow> rows;
  for (auto it = versions.lower_bound({record_id, kMin});
       it != versions.end() && it->first.first == record_id; ++it) {
    rows.push_back(it->second);
  }
  return rows;
}

// Attachments.

Result<std::int64_t> MemoryTx::InsertAttachment(const AttachmentRow& row) {
  CK_TRY(Writable("InsertAttachment"));
  CK_TRY(internal::CheckCode(row.code, "InsertAttachment"));
  CK_TRY(Refers("InsertAttachment", View().records.contains(row.record_id), "record",
                row.record_id));
  if (View().attachment_codes.contains(row.code)) {
    return std::unexpected(Duplicate("InsertAttachment", "attachment", row.code));
  }
  State& s = Mut();
  AttachmentRow stored = row;
  stored.id = s.next_attachment++;
  s.attachment_codes.emplace(stored.code, stored.id);
  s.attachments.emplace(stored.id, stored);
  return stored.id;
}

Status MemoryTx::SetAttachmentSize(std::int64_t attachment_id, std::int64_t size) {
  CK_TRY(Writable("SetAttachmentSize"));
  if (!View().attachments.contains(attachment_id)) {
    return std::unexpected(internal::Missing("SetAttachmentSize", "attachment", attachment_id));
  }
  Mut().attachments.at(attachment_id).size = size;
  return {};
}

Status MemoryTx::AppendAttachmentChunk(std::int64_t attachment_id, std::int64_t seq,
                                       const Bytes& sealed_chunk) {
  CK_TRY(Writable("AppendAttachmentChunk"));
  CK_TRY(Refers("AppendAttachmentChunk", View().attachments.contains(attachment_id),
                "attachment", attachment_id));
  if (View().chunks.contains({attachment_id, seq})) {
    return Fail(ErrorCode::kAlreadyExists,
                "AppendAttachmentChunk: attachment " + std::to_string(attachment_id) +
                    " already has a chunk " + std::to_string(seq));
  }
  Mut().chunks.emplace(IdPair{attachment_id, seq}, sealed_chunk);
  return {};
}

Result<std::optional<AttachmentRow>> MemoryTx::FindAttachment(std::string_view code) {
  CK_TRY(Usable("FindAttachment"));
  const auto it = View().attachment_codes.find(code);
  if (it == View().attachment_codes.end()) return std::optional<AttachmentRow>();
  return std::optional<AttachmentRow>(View().attachments.at(it->second));
}

Result<std::vector<AttachmentRow>> MemoryTx::ListAttachments(std::int64_t record_id) {
  CK_TRY(Usable("ListAttachments"));
  std::vector<AttachmentRow> rows;
  for (const auto& [id, a] : View().attachments) {
    if (a.record_id == record_id) rows.push_back(a);
  }
  return rows;
}

Result<std::vector<Bytes>> MemoryTx::ReadAttachmentChunks(std::int64_t attachment_id) {
  CK_TRY(Usable("ReadAttachmentChunks"));
  const auto& chunks = View().chunks;
  std::vector<Bytes> rows;
  for (auto it = chunks.lower_bound({attachment_id, kMin});
       it != chunks.end() && it->first.first == attachment_id; ++it) {
    rows.push_back(it->second);
  }
  return rows;
}

}  // namespace casekeep::store::memory
