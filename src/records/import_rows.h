// Turning one CSV row into a person or a record ready for RecordsService::AddBatch, with every
// check AddBatch would make done first (fields against the policy, the case and person the
// record names, the record type's services and kinds of person), so that the first pass finds
// every bad row and the second pass writes only rows that will be accepted. Internal to the
// records module. Not thread-safe: one preparer per import.
#pragma once

#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/csv.h"
#include "records/import.h"
#include "store/store.h"

namespace casekeep::records::internal {

struct PreparedRow {
  std::int64_t line = 0;
  std::string id;  //!< the CRM id from id_column, if any
  NewSubject subject;
  NewRecord record;
  std::optional<std::int64_t> case_id;  //!< store ids of the record's case and person
  std::optional<std::int64_t> subject_id;
  std::vector<std::string> opt_ins;  //!< marketing channels the person opts in to
};

class RowPreparer {
 public:
  //! `mapping`, `policy` and `store` must outlive the preparer; `header` is the CSV header.
  RowPreparer(const ImportMapping& mapping, const std::vector<std::string>& header,
              const policy::Policy& policy, store::Store& store);

  //! The row ready to write, or every problem with it in one message. Fails (the outer
  //! Result) only when the store cannot be read. A row prepared again gives the same answer.
  [[nodiscard]] Result<std::expected<PreparedRow, std::string>> Prepare(const CsvRow& row);

  //! Ends the read snapshot used to look up cases and people; a later lookup starts another.
  void EndSnapshot() { snapshot_.reset(); }

 private:
  struct CaseInfo {
    std::int64_t id = 0;
    std::string service;
  };
  struct SubjectInfo {
    std::int64_t id = 0;
    std::string kind;
    bool erased = false;
  };
  struct Cell {
    std::size_t index = 0;  // position in the CSV row
    std::string header;
    const policy::Field* field = nullptr;
  };

  Result<std::optional<CaseInfo>> LookUpCase(const std::string& code);
  Result<std::optional<SubjectInfo>> LookUpSubject(const std::string& code);
  std::string NameColumns(std::string message) const;
  Status CheckLinks(const CsvRow& row, PreparedRow& out, std::vector<std::string>& problems);
  void ReadOptIns(const CsvRow& row, const nlohmann::json* fields, PreparedRow& out,
                  std::vector<std::string>& problems) const;

  const ImportMapping& mapping_;
  const policy::Policy& policy_;
  store::Store& store_;
  std::span<const policy::Field> fields_;
  std::string what_;
  std::vector<Cell> cells_;
  std::vector<std::pair<std::size_t, const ImportMapping::Column*>> opt_in_cells_;
  std::optional<std::size_t> id_index_, case_index_, subject_index_, date_index_;
  std::unique_ptr<store::Tx> snapshot_;
  std::map<std::string, std::optional<CaseInfo>> cases_;
  std::map<std::string, std::optional<SubjectInfo>> subjects_;
  std::unordered_map<std::string, std::int64_t> id_lines_;  // CRM id -> first line
};

//! "2025-03-04" from "2025-03-04" or the UK form "04/03/2025" (or "4/3/2025"); an error
//! message otherwise.
std::expected<std::string, std::string> ImportDate(std::string_view text);

}  // namespace casekeep::records::internal
