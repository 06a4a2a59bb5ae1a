// The import driver (see import.h): the first pass checks every row and writes nothing but the
// quarantine file; the second pass writes the good rows batch by batch, each batch committed,
// listed in the codes file and noted in the journal before the next begins. Thread-safety: an
// Importer belongs to one call of ImportCsv, on one thread.
#include "records/import.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/csv.h"
#include "base/file.h"
#include "records/import_journal.h"
#include "records/import_rows.h"

namespace casekeep::records {
namespace {

using internal::BatchEntry;
using internal::CodesFile;
using internal::ImportJournal;
using internal::PreparedRow;
using internal::RowPreparer;

constexpr std::size_t kMaxMappingBytes = std::size_t{1} << 20;

std::string Problem(const std::string& csv, std::int64_t line, const std::string& message) {
  return csv + ":" + std::to_string(line) + ": error: " + message;
}

// A CsvReader failure ("line 7: ...") as "FILE:7: error: ...".
Error InFile(const std::string& csv, Error e) {
  const std::string& m = e.message;
  std::size_t i = 5;
  if (m.starts_with("line ")) {
    while (i < m.size() && std::isdigit(static_cast<unsigned char>(m[i])) != 0) ++i;
  }
  if (i > 5 && m.compare(i, 2, ": ") == 0) {
    e.message = csv + ":" + m.substr(5, i - 5) + ": error: " + m.substr(i + 2);
  } else {
    e.message = csv + ": error: " + m;
  }
  return e;
}

// The bad rows, as written, with the line and the reason first; kept in a temporary file
// until the first pass is over, so an import that fails leaves no half-written quarantine.
class Quarantine {
 public:
  Quarantine(std::string path, const std::vector<std::string>& header)
      : path_(std::move(path)),
        tmp_(path_ + ".tmp"),
        out_(tmp_, std::ios::binary | std::ios::trunc) {
    std::vector<std::string> fields{"line", "error"};
    fields.insert(fields.end(), header.begin(), header.end());
    out_ << FormatCsvRow(fields);
  }
  ~Quarantine() {
    if (!finished_) {
      out_.close();
      std::error_code ec;
      std::filesystem::remove(tmp_, ec);
    }
  }
  void Add(const CsvRow& row, const std::string& error) {
    std::vector<std::string> fields{std::to_string(row.line), error};
    fields.insert(fields.end(), row.fields.begin(), row.fields.end());
    out_ << FormatCsvRow(fields);
  }
  Status Finish() {
    out_.close();
    if (!out_) return IoError("cannot write " + tmp_);
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) return IoError("cannot rename " + tmp_ + ": " + ec.message());
    finished_ = true;
    return {};
  }

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool finished_ = false;
};

// The CSV's size and modification time, to notice a file changed between the two passes.
Result<std::pair<std::int64_t, std::int64_t>> Stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return IoError("cannot read " + path);
  return std::pair<std::int64_t, std::int64_t>(
      st.st_size,
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec);
}

class Importer {
 public:
  Importer(DataFolder& folder, const ImportOptions& o, const ImportEvents& ev,
           const ImportMapping& mapping, std::vector<std::string> header)
      : folder_(folder),
        o_(o),
        ev_(ev),
        mapping_(mapping),
        header_(std::move(header)),
        preparer_(mapping, header_, folder.policy(), folder.store()) {}

  //! `stamp` is the CSV's Stamp() from before its key was computed.
  Result<ImportReport> Run(std::istream& in, const std::string& key,
                           std::pair<std::int64_t, std::int64_t> stamp);

 private:
  Status CheckUnchanged();
  Status FirstPass(CsvReader& reader);
  Status SecondPass(CsvReader& reader);
  Status Drain(bool at_end);
  Status WriteBatch(std::size_t n);
  Status Acknowledge(std::size_t n, const std::vector<std::string>& codes, std::int64_t seq,
                     bool recovered);

  DataFolder& folder_;
  const ImportOptions& o_;
  const ImportEvents& ev_;
  const ImportMapping& mapping_;
  std::vector<std::string> header_;
  RowPreparer preparer_;
  ImportReport report_;
  std::pair<std::int64_t, std::int64_t> stamp_;
  std::set<std::int64_t> bad_lines_;
  std::string journal_path_;
  std::optional<ImportJournal> found_journal_;
  ImportJournal journal_;
  std::optional<CodesFile> codes_;
  std::deque<BatchEntry> candidates_;
  std::vector<PreparedRow> pending_;
};

Status Importer::CheckUnchanged() {
  CK_ASSIGN_OR_RETURN(auto now, Stamp(o_.csv_path));
  if (now != stamp_) {
    return Fail(ErrorCode::kFailedPrecondition,
                o_.csv_path + " changed while it was being imported; run the import again");
  }
  return {};
}

Result<ImportReport> Importer::Run(std::istream& in, const std::string& key,
                                   std::pair<std::int64_t, std::int64_t> stamp) {
  stamp_ = stamp;
  const std::string dir = (std::filesystem::path(folder_.dir()) / "imports").string();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return IoError("cannot create " + dir + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  CK_ASSIGN_OR_RETURN(auto lock, internal::ImportLock::Acquire(dir + "/" + key + ".lock"));
  journal_path_ = dir + "/" + key + ".done";
  CK_ASSIGN_OR_RETURN(found_journal_, internal::ReadImportJournal(journal_path_));
  report_.codes_path = ImportSidePath(o_.csv_path, "codes");
  {
    CsvReader reader(in);
    CK_TRY(reader.ReadHeader());
    CK_TRY(FirstPass(reader));
  }
  if (report_.aborted) return report_;
  CK_TRY(CheckUnchanged());
  in.clear();
  in.seekg(0);
  CsvReader reader(in);
  CK_TRY(reader.ReadHeader());
  CK_TRY(SecondPass(reader));
  return report_;
}

Status Importer::FirstPass(CsvReader& reader) {
  const bool quarantine = mapping_.on_error == OnRowError::kQuarantine;
  const std::string quarantine_path =
      o_.quarantine_path.empty() ? ImportSidePath(o_.csv_path, "quarantine") : o_.quarantine_path;
  // A run that carries on an earlier one leaves its quarantine file alone: it holds the same
  // rows, and someone may be correcting them in it.
  const bool write_quarantine =
      quarantine && (!found_journal_ || !std::filesystem::exists(quarantine_path));
  std::optional<Quarantine> bad;
  CsvRow row;
  for (;;) {
    auto got = reader.Next(row);
    if (!got) return std::unexpected(InFile(o_.csv_path, got.error()));
    if (!*got) break;
    ++report_.rows_read;
    CK_ASSIGN_OR_RETURN(auto prepared, preparer_.Prepare(row));
    if (!prepared) {
      bad_lines_.insert(row.line);
      report_.problems.push_back(Problem(o_.csv_path, row.line, prepared.error()));
      if (write_quarantine) {
        if (!bad) bad.emplace(quarantine_path, header_);
        bad->Add(row, prepared.error());
      }
    }
    if (ev_.checking && report_.rows_read % 1000 == 0) ev_.checking(report_.rows_read);
  }
  preparer_.EndSnapshot();
  if (ev_.checking) ev_.checking(report_.rows_read);
  if (!report_.problems.empty() && !quarantine) {
    report_.aborted = true;
    return {};
  }
  if (bad) CK_TRY(bad->Finish());
  if (!report_.problems.empty()) {
    report_.quarantine_path = quarantine_path;
    report_.quarantined = static_cast<std::int64_t>(report_.problems.size());
  }
  return {};
}

Status Importer::SecondPass(CsvReader& reader) {
  if (!found_journal_) {
    std::vector<std::string> fields{"line"};
    if (!mapping_.id_column.empty()) fields.push_back(mapping_.id_column);
    fields.push_back("code");
    const std::string header = FormatCsvRow(fields);
    // Another import's codes are not written over (a file with only our header is from a
    // run of this import stopped before its journal was first written).
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(report_.codes_path, ec); !ec && size > 0) {
      std::string existing;
      if (size == header.size()) {
        CK_ASSIGN_OR_RETURN(existing, ReadFileCapped(report_.codes_path, header.size()));
      }
      if (existing != header) {
        return Fail(ErrorCode::kFailedPrecondition,
                    report_.codes_path +
                        " already exists, from another import; move it away "
                        "(or delete it) and run the import again");
      }
    }
    CK_ASSIGN_OR_RETURN(CodesFile file, CodesFile::Create(report_.codes_path, header));
    codes_.emplace(std::move(file));
    CK_ASSIGN_OR_RETURN(journal_.audit_seq, internal::LastAuditSeq(folder_.store()));
    journal_.codes_bytes = codes_->size();
    CK_TRY(internal::WriteImportJournal(journal_path_, journal_));
  } else if (found_journal_->complete) {
    report_.skipped = found_journal_->rows;
    if (ev_.resuming) ev_.resuming(found_journal_->rows, found_journal_->line, true);
    return {};
  } else {
    journal_ = *found_journal_;
    CK_ASSIGN_OR_RETURN(CodesFile file,
                        CodesFile::Resume(report_.codes_path, journal_.codes_bytes));
    codes_.emplace(std::move(file));
    report_.skipped = journal_.rows;
    if (ev_.resuming) ev_.resuming(journal_.rows, journal_.line, false);
    CK_ASSIGN_OR_RETURN(auto entries, internal::BatchEntriesAfter(
                                          folder_.store(), journal_.audit_seq, o_.actor.code));
    candidates_.assign(entries.begin(), entries.end());
  }
  CsvRow row;
  for (;;) {
    auto got = reader.Next(row);
    if (!got) return std::unexpected(InFile(o_.csv_path, got.error()));
    if (!*got) break;
    if (row.line <= journal_.line || bad_lines_.contains(row.line)) continue;
    CK_ASSIGN_OR_RETURN(auto prepared, preparer_.Prepare(row));
    if (!prepared) {
      return Fail(ErrorCode::kFailedPrecondition,
                  Problem(o_.csv_path, row.line, "changed while importing: " + prepared.error()));
    }
    pending_.push_back(std::move(*prepared));
    CK_TRY(Drain(false));
  }
  preparer_.EndSnapshot();
  CK_TRY(Drain(true));
  journal_.complete = true;
  return internal::WriteImportJournal(journal_path_, journal_);
}

// Settles the batches an earlier run may have committed without journaling, then writes
// full batches (and, at the end, what is left).
Status Importer::Drain(bool at_end) {
  while (!candidates_.empty()) {
    const BatchEntry& c = candidates_.front();
    if (pending_.size() < c.codes.size() && !at_end) return {};
    if (pending_.size() >= c.codes.size()) {
      CK_ASSIGN_OR_RETURN(bool same,
                          internal::BatchMatches(folder_.store(), folder_.vault(), folder_.policy(),
                                                 mapping_.target, c.codes,
                                                 std::span(pending_.data(), c.codes.size())));
      if (same) CK_TRY(Acknowledge(c.codes.size(), c.codes, c.seq, true));
    }
    candidates_.pop_front();
  }
  const auto batch = static_cast<std::size_t>(o_.batch_rows);
  while (pending_.size() >= batch || (at_end && !pending_.empty())) {
    CK_TRY(WriteBatch(std::min(batch, pending_.size())));
  }
  return {};
}

Status Importer::WriteBatch(std::size_t n) {
  RecordsService::Batch batch;
  for (std::size_t i = 0; i < n; ++i) {
    if (mapping_.target == ImportTarget::kSubject) {
      batch.subjects.push_back(pending_[i].subject);
    } else {
      batch.records.push_back(pending_[i].record);
    }
  }
  auto written = folder_.records().AddBatch(o_.actor, batch);
  if (!written) {
    Error e = written.error();
    e.message = o_.csv_path + ":" + std::to_string(pending_.front().line) + "-" +
                std::to_string(pending_[n - 1].line) +
                ": error: this batch could not be written: " + e.message +
                "; every row before line " + std::to_string(pending_.front().line) +
                " is imported, and running the import again carries on from there";
    return std::unexpected(std::move(e));
  }
  CK_ASSIGN_OR_RETURN(std::int64_t seq, internal::LastAuditSeq(folder_.store()));
  return Acknowledge(
      n, mapping_.target == ImportTarget::kSubject ? written->subject_codes : written->record_codes,
      seq, false);
}

// Lists a committed batch in the codes file, then in the journal, then tells the caller.
Status Importer::Acknowledge(std::size_t n, const std::vector<std::string>& codes, std::int64_t seq,
                             bool recovered) {
  // Marketing opt-ins go in after their people (a batch found committed by an earlier run may
  // lack them; one already applied is not applied twice).
  std::vector<ImportOptIn> opt_ins;
  for (std::size_t i = 0; i < n; ++i) {
    if (!pending_[i].opt_ins.empty()) opt_ins.push_back({codes[i], pending_[i].opt_ins});
  }
  CK_ASSIGN_OR_RETURN(auto marketing, folder_.records().ApplyImportOptIns(o_.actor, opt_ins));
  report_.marketing_opt_ins += marketing.applied;
  report_.marketing_refused += marketing.refused_suppressed;
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> fields{std::to_string(pending_[i].line)};
    if (!mapping_.id_column.empty()) fields.push_back(pending_[i].id);
    fields.push_back(codes[i]);
    text += FormatCsvRow(fields);
  }
  CK_TRY(codes_->Append(text));
  const auto count = static_cast<std::int64_t>(n);
  ImportBatchDone done{journal_.rows + 1, journal_.rows + count, pending_.front().line,
                       pending_[n - 1].line, recovered};
  journal_.line = pending_[n - 1].line;
  journal_.rows += count;
  journal_.audit_seq = std::max(journal_.audit_seq, seq);
  journal_.codes_bytes = codes_->size();
  CK_TRY(internal::WriteImportJournal(journal_path_, journal_));
  (recovered ? report_.recovered : report_.imported) += count;
  if (recovered) report_.skipped += count;
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
  if (ev_.committed) ev_.committed(done);
  return {};
}

}  // namespace

std::string ImportSidePath(const std::string& csv_path, std::string_view suffix) {
  std::string base = csv_path;
  if (base.size() > 4) {
    std::string ext = base.substr(base.size() - 4);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".csv") base.resize(base.size() - 4);
  }
  return base + "." + std::string(suffix) + ".csv";
}

Result<ImportReport> ImportCsv(DataFolder& folder, const ImportOptions& o, const ImportEvents& ev) {
  if (o.batch_rows < 1 || o.batch_rows > kMaxImportBatchRows) {
    return InvalidArgument("a batch holds 1 to " + std::to_string(kMaxImportBatchRows) + " rows");
  }
  CK_ASSIGN_OR_RETURN(std::string mapping_text, ReadFileCapped(o.mapping_path, kMaxMappingBytes));
  CK_ASSIGN_OR_RETURN(ImportMapping mapping,
                      ParseImportMapping(mapping_text, o.mapping_path, folder.policy()));
  std::ifstream in(o.csv_path, std::ios::binary);
  if (!in) return IoError("cannot open " + o.csv_path);
  std::vector<std::string> header;
  {
    CsvReader reader(in);
    auto h = reader.ReadHeader();
    if (!h) return std::unexpected(InFile(o.csv_path, h.error()));
    header = std::move(h->fields);
  }
  CK_TRY(CheckImportHeaders(mapping, header, o.csv_path));
  CK_ASSIGN_OR_RETURN(auto stamp, Stamp(o.csv_path));
  CK_ASSIGN_OR_RETURN(std::string key, internal::ImportKey(mapping_text, o.csv_path));
  in.clear();
  in.seekg(0);
  Importer importer(folder, o, ev, mapping, std::move(header));
  return importer.Run(in, key, stamp);
}

}  // namespace casekeep::records
