// The RFC 4180 reader and writer (see csv.h). A byte-at-a-time state machine over a 64 KiB
// buffer: fast enough to read faster than anything downstream can write. Thread-safety: as
// csv.h (a reader per thread; the free functions are pure).
#include "base/csv.h"

#include <algorithm>

namespace casekeep {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{64} << 10;

std::string LinePrefix(std::int64_t line) {
  return "line " + std::to_string(line) + ": ";
}

}  // namespace

CsvReader::CsvReader(std::istream& in) : in_(in), buffer_(kBufferBytes) {}

bool CsvReader::Refill() {
  if (eof_) return false;
  // Keep unread bytes (at most two, while looking for the byte order mark).
  const std::size_t keep = end_ - pos_;
  std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_),
            buffer_.begin() + static_cast<std::ptrdiff_t>(end_), buffer_.begin());
  pos_ = 0;
  end_ = keep;
  in_.read(buffer_.data() + keep, static_cast<std::streamsize>(buffer_.size() - keep));
  const auto got = static_cast<std::size_t>(in_.gcount());
  end_ += got;
  if (got == 0) eof_ = true;
  return got > 0;
}

int CsvReader::Peek() {
  if (pos_ == end_ && !Refill()) return -1;
  return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvReader::Get() {
  const int c = Peek();
  if (c != -1) ++pos_;
  return c;
}

Result<CsvRow> CsvReader::ReadHeader() {
  if (started_) return Fail(ErrorCode::kInternal, "the CSV header was already read");
  started_ = true;
  while (end_ - pos_ < 3 && Refill()) {
  }
  if (end_ - pos_ >= 3 && buffer_[pos_] == '\xEF' && buffer_[pos_ + 1] == '\xBB' &&
      buffer_[pos_ + 2] == '\xBF') {
    pos_ += 3;
  }
  CsvRow header;
  CK_ASSIGN_OR_RETURN(bool got, ReadRow(header));
  if (!got) return InvalidArgument("the file is empty; a header row is required");
  if (!header.error.empty()) return InvalidArgument(LinePrefix(header.line) + header.error);
  columns_ = header.fields.size();
  return header;
}

Result<bool> CsvReader::Next(CsvRow& row) {
  if (!started_ || columns_ == 0) {
    return Fail(ErrorCode::kInternal, "ReadHeader must be called before Next");
  }
  CK_ASSIGN_OR_RETURN(bool got, ReadRow(row));
  if (got && row.error.empty() && row.fields.size() != columns_) {
    row.error = "has " + std::to_string(row.fields.size()) + " fields; the header has " +
                std::to_string(columns_);
  }
  return got;
}

Result<bool> CsvReader::ReadRow(CsvRow& row) {
  if (failed_) return Fail(ErrorCode::kFailedPrecondition, "the CSV input already failed");
  row.fields.clear();
  row.error.clear();
  // Entirely empty lines (including the one after a final line end) are not rows.
  for (int c = Peek();; c = Peek()) {
    if (c == -1) {
      if (in_.bad()) {
        failed_ = true;
        return IoError("cannot read the CSV input after line " + std::to_string(line_ - 1));
      }
      return false;
    }
    if (c != '\n' && c != '\r') break;
    Get();
    if (c == '\r' && Peek() == '\n') Get();
    ++line_;
  }
  row.line = line_;
  auto bad = [&row](std::string message) {
    if (row.error.empty()) row.error = std::move(message);
  };
  std::string field;
  for (;;) {
    field.clear();
    const std::size_t number = row.fields.size() + 1;
    auto append = [&](int ch) {
      if (field.size() < kMaxCsvFieldBytes) {
        field.push_back(static_cast<char>(ch));
      } else {
        bad("field " + std::to_string(number) + " is longer than 1 MiB");
      }
    };
    int c = Peek();
    if (c == '"') {
      Get();
      const std::int64_t opened_on = line_;
      for (;;) {
        c = Get();
        if (c == -1) {
          failed_ = true;
          if (in_.bad())
            return IoError("cannot read the CSV input after line " + std::to_string(line_));
          return InvalidArgument(LinePrefix(opened_on) + "a quoted field is not closed");
        }
        if (c == '"') {
          if (Peek() != '"') break;
          Get();
        } else if (c == '\n' || (c == '\r' && Peek() != '\n')) {
          ++line_;
        }
        append(c);
      }
      c = Peek();
      if (c != ',' && c != '\n' && c != '\r' && c != -1) {
        bad("text after the closing quote of field " + std::to_string(number));
      }
    }
    while ((c = Peek()) != ',' && c != '\n' && c != '\r' && c != -1) {
      Get();
      if (c == '"') bad("a quote inside field " + std::to_string(number) + ", which is not quoted");
      append(c);
    }
    if (row.fields.size() < kMaxCsvColumns) {
      row.fields.push_back(field);
    } else {
      bad("more than " + std::to_string(kMaxCsvColumns) + " fields");
    }
    c = Get();
    if (c == ',') continue;
    if (c == '\r' && Peek() == '\n') Get();
    if (c != -1) ++line_;
    return true;
  }
}

std::string QuoteCsvField(std::string_view field) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' ' ||
                                         field.front() == '\t' || field.back() == '\t'));
  if (!quote) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string FormatCsvRow(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += QuoteCsvField(fields[i]);
  }
  out.push_back('\n');
  return out;
}

}  // namespace casekeep
