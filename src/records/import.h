// Importing a CRM export: a CSV file and a mapping file (TOML) that says which column holds
// which field of a kind of person or a type of record. Every row is read and checked against
// the policy before anything is written; then the good rows are written through
// RecordsService::AddBatch, a batch per transaction, and a journal in the data folder notes
// after each batch how far the import got, so a re-run of the same file and mapping carries on
// where the last one stopped and no row is imported twice. The formats and the rules are in
// docs/import.md.
//
// Thread-safety: the functions are safe to call from several threads; two imports of the same
// file and mapping into one data folder exclude each other (the second fails at once).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "policy/model.h"
#include "records/data_folder.h"
#include "records/service.h"

namespace casekeep::records {

enum class ImportTarget { kSubject, kRecord };
enum class OnRowError { kAbort, kQuarantine };

//! A mapping file after checking against the policy (docs/import.md, "The mapping file").
struct ImportMapping {
  std::string path;  //!< for messages
  ImportTarget target = ImportTarget::kSubject;
  std::string kind;            //!< subjects: the kind of person
  std::string type;            //!< records: the record type
  std::string id_column;       //!< subjects: the CRM's own id, copied to the codes file
  std::string case_column;     //!< records: the case code
  std::string subject_column;  //!< records: the code of the person the record is about
  std::string date_column;     //!< records: the date the record is about
  OnRowError on_error = OnRowError::kAbort;
  struct Column {
    std::string header;     //!< CSV header
    std::string field;      //!< field id of the kind or type
    std::int64_t line = 0;  //!< line of the mapping file that names it
  };
  std::vector<Column> columns;
  //! People: [marketing] "CSV header" = "channel"; a true cell is an opt-in (source "import").
  std::vector<Column> marketing;
  std::int64_t id_column_line = 0;
  std::int64_t case_column_line = 0;
  std::int64_t subject_column_line = 0;
  std::int64_t date_column_line = 0;
};

//! Parses a mapping file's text and checks it against the policy. Fails with kInvalidArgument
//! listing every problem, one a line, as "PATH:LINE: error: message": a TOML syntax error,
//! an unknown key, a key of the other target, an unknown kind, type or field id, a field
//! mapped twice, an attachment field, or a required field (or the case or person column a
//! record type needs) that no column is mapped to.
[[nodiscard]] Result<ImportMapping> ParseImportMapping(std::string_view text,
                                                       const std::string& path,
                                                       const policy::Policy& policy);

//! Success if every header the mapping names is in the CSV header row exactly once. Fails
//! with kInvalidArgument listing each one that is not, as "PATH:LINE: error: ...", LINE being
//! the mapping file's line that names it. Headers are compared without surrounding spaces.
[[nodiscard]] Status CheckImportHeaders(const ImportMapping& mapping,
                                        const std::vector<std::string>& header,
                                        std::string_view csv_path);

//! Largest number of rows in one batch (one transaction).
inline constexpr std::int64_t kMaxImportBatchRows = 10000;

struct ImportOptions {
  std::string csv_path;
  std::string mapping_path;
  std::string quarantine_path;     //!< empty: the CSV's name with ".quarantine.csv"
  std::int64_t batch_rows = 1000;  //!< rows per transaction, 1..kMaxImportBatchRows
  Actor actor;
};

//! A batch that is committed and noted in the journal: "acknowledged".
struct ImportBatchDone {
  std::int64_t first_row = 0;  //!< 1-based position among the rows imported, over all runs
  std::int64_t last_row = 0;
  std::int64_t first_line = 0;  //!< physical CSV lines its first and last rows start on
  std::int64_t last_line = 0;
  bool recovered = false;  //!< committed by an earlier run that stopped before noting it
};

//! Called as the import goes; any may be empty.
struct ImportEvents {
  std::function<void(std::int64_t rows_read)> checking;  //!< during the first pass
  //! Before the second pass when an earlier run imported `rows` rows, up to CSV line `line`;
  //! `complete` when that run read the whole file, so there is nothing left to do.
  std::function<void(std::int64_t rows, std::int64_t line, bool complete)> resuming;
  std::function<void(const ImportBatchDone&)> committed;  //!< after each batch
};

struct ImportReport {
  std::int64_t rows_read = 0;          //!< data rows in the file
  std::int64_t imported = 0;           //!< rows written by this run
  std::int64_t skipped = 0;            //!< rows imported by an earlier run (recovered included)
  std::int64_t recovered = 0;          //!< of those, rows found committed but not yet journaled
  std::int64_t quarantined = 0;        //!< bad rows written to the quarantine file
  std::int64_t marketing_opt_ins = 0;  //!< marketing opt-ins recorded
  //! Marketing opt-ins not applied because the address is on the suppression list
  //! ("marketing opt-ins refused: address unsubscribed"); the rest of the row is imported.
  std::int64_t marketing_refused = 0;
  //! Every bad row as "FILE:LINE: error: message", in file order.
  std::vector<std::string> problems;
  bool aborted = false;         //!< bad rows with on_error = "abort": nothing was written
  std::string quarantine_path;  //!< the quarantine file, when bad rows were set aside
  std::string codes_path;       //!< the codes file (line, CRM id, casekeep code)
};

//! Imports options.csv_path into `folder`, which must outlive the call. Fails with
//! kInvalidArgument for a bad mapping, a missing header or a quoted field that is never
//! closed (nothing written), kFailedPrecondition if the same import is running elsewhere or
//! its journal or codes file was tampered with, kIo if a file cannot be read or written, or
//! with the store's error if a batch cannot be committed; batches committed before a failure
//! stay, and a re-run carries on after them. Bad rows are not failures: they are listed in
//! the report, and with on_error = "abort" nothing is written (report.aborted).
[[nodiscard]] Result<ImportReport> ImportCsv(DataFolder& folder, const ImportOptions& options,
                                             const ImportEvents& events);

//! Where the codes and quarantine files of `csv_path` go: "people.csv" gives
//! "people.codes.csv" for suffix "codes".
std::string ImportSidePath(const std::string& csv_path, std::string_view suffix);

}  // namespace casekeep::records
