// Reading and writing CSV (RFC 4180) as CRMs and spreadsheets export it: comma-separated,
// fields optionally in double quotes with "" for a quote inside, line breaks inside quoted
// fields, CRLF or LF line ends, an optional UTF-8 byte order mark, a header row first. The
// reader streams (it never holds more than one row) and reports the physical line each row
// starts on, so a problem can be pointed at in the file a person has open.
//
// Thread-safety: a CsvReader belongs to one thread; the free functions are pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace casekeep {

//! Largest field accepted, in bytes; a longer one makes its row bad (it is not kept whole).
inline constexpr std::size_t kMaxCsvFieldBytes = std::size_t{1} << 20;
//! Most fields a row may have; more make the row bad.
inline constexpr std::size_t kMaxCsvColumns = 1000;

struct CsvRow {
  std::int64_t line = 0;            //!< physical line (1-based) the row starts on
  std::vector<std::string> fields;  //!< as written, quotes removed; may be partial when bad
  std::string error;                //!< empty for a good row; otherwise why the row is bad
};

class CsvReader {
 public:
  //! `in` must outlive the reader. A UTF-8 byte order mark at the start is skipped.
  explicit CsvReader(std::istream& in);

  //! Reads the header row; must be called once, before Next. Fails with kInvalidArgument if
  //! the input has no row at all or the header row is bad, or with Next's errors.
  [[nodiscard]] Result<CsvRow> ReadHeader();

  //! Reads the next data row into `row`; false at the end of the input. Lines that are
  //! entirely empty are skipped. A row whose field count differs from the header's, that has
  //! a field over kMaxCsvFieldBytes, more than kMaxCsvColumns fields, or a stray quote, comes
  //! back with `row.error` set and reading can go on. Fails with kInvalidArgument ("line 7:
  //! a quoted field is not closed") when a quote opened on that line is never closed, and
  //! with kIo if the stream fails; no row can be read after a failure.
  [[nodiscard]] Result<bool> Next(CsvRow& row);

  //! Physical lines consumed so far.
  std::int64_t lines() const { return line_ - 1; }

 private:
  int Get();   // next byte, or -1 at the end
  int Peek();  // next byte without consuming it, or -1
  bool Refill();
  Result<bool> ReadRow(CsvRow& row);

  std::istream& in_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool started_ = false;
  bool failed_ = false;
  std::int64_t line_ = 1;
  std::size_t columns_ = 0;  // header width, 0 until the header is read
};

//! `field` as a CSV field: unchanged if it needs no quoting, otherwise in double quotes with
//! quotes doubled. Fields with a comma, quote, CR, LF, or leading or trailing space are quoted.
std::string QuoteCsvField(std::string_view field);

//! The fields as one CSV row ending in "\n" (LF: friendlier to command-line tools than
//! RFC 4180's CRLF, and read as well by spreadsheets and by CsvReader).
std::string FormatCsvRow(const std::vector<std::string>& fields);

}  // namespace casekeep
