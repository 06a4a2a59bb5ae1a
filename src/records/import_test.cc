// Tests for CSV imports into a real data folder (SQLite store, key file): good files import
// and read back, bad rows are reported with their lines, "abort" writes nothing, "quarantine"
// sets bad rows aside, re-runs skip (or recover) what is done, and headers the mapping names
// but the CSV lacks are caught before any row is read. Single-threaded.
#include "records/import.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/csv.h"
#include "records/import_journal.h"
#include "records/import_rows.h"

namespace casekeep::records {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPeopleMapping = R"(target = "subject"
kind = "parent"
id_column = "CRM ID"

[columns]
"Full Name" = "name"
"DOB" = "date_of_birth"
"Email" = "email"
"Post Code" = "postcode"
)";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "casekeep-import-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    InitOptions init;
    init.dir = dir_ + "/data";
    init.policy_path = std::string(CASEKEEP_SOURCE_DIR) + "/policy/examples/contact-centre.toml";
    ASSERT_TRUE(InitDataFolder(init, clock_));
    auto folder = DataFolder::Open(init.dir, clock_);
    ASSERT_TRUE(folder) << folder.error().message;
    folder_ = std::move(*folder);
  }
  void TearDown() override {
    folder_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  Result<ImportReport> Import(const std::string& csv, const std::string& mapping,
                              std::int64_t batch = 1000, const ImportEvents& events = {}) {
    ImportOptions o;
    o.csv_path = csv;
    o.mapping_path = Write("mapping.toml", mapping);
    o.batch_rows = batch;
    return ImportCsv(*folder_, o, events);
  }

  std::int64_t AuditLength() {
    auto tx = folder_->store().BeginRead();
    auto last = (*tx)->LastAudit();
    return *last ? (**last).seq : 0;
  }
  std::int64_t RecordCount() {
    auto tx = folder_->store().BeginRead();
    return *(*tx)->CountRecords();
  }

  // A supported-contact case with one parent, for record imports.
  void OpenCase() {
    auto s = folder_->records().AddSubject(Actor{},
                                           NewSubject{"parent", {{"name", "Ann Example"}}, {}, {}});
    ASSERT_TRUE(s) << s.error().message;
    subject_ = s->code;
    auto c = folder_->records().OpenCase(Actor{},
                                         NewCase{"supported_contact", "", "2025-01-06", {}, {}});
    ASSERT_TRUE(c) << c.error().message;
    case_ = c->code;
  }

  std::string PaymentMapping(const std::string& on_error = "abort") {
    return "target = \"record\"\ntype = \"payment\"\ncase_column = \"Case\"\n"
           "subject_column = \"Person\"\ndate_column = \"Paid on\"\non_error = \"" +
           on_error +
           "\"\n\n[columns]\n\"Paid on\" = \"payment_date\"\n\"Amount\" = \"amount_pence\"\n"
           "\"Payer\" = \"payer\"\n\"Several years\" = \"spans_several_years\"\n";
  }
  // Five payment rows; the third has a note that spans lines 4 to 6.
  std::string PaymentCsv() {
    const std::string p = case_ + "," + subject_ + ",";
    return "Case,Person,Paid on,Amount,Payer,Several years,Note\n" + p +
           "04/03/2025,1250,parent,No,\n" + p + "2025-03-05,800,local_authority,yes,\n" + p +
           "6/3/2025,300,,,\"a note\nover three\nlines\"\n" + p + "07/03/2025,75,other,,\n" + p +
           "08/03/2025,10,parent,Y,\n";
  }

  FixedClock clock_{1'748'779'200};  // 2025-06-01
  std::string dir_;
  std::unique_ptr<DataFolder> folder_;
  std::string subject_, case_;
};

TEST_F(ImportTest, PeopleImportAndReadBackWithTheirCodes) {
  const std::string csv = Write("people.csv",
                                "\xEF\xBB\xBF"
                                "CRM ID,Full Name,DOB,Email,Post Code,Unused\r\n"
                                "1001,Anna Smith,04/03/1985,anna@example.org,m1 1aa,x\r\n"
                                "1002,\"Lee, Cara\",,cara@example.org,,y\r\n");
  auto report = Import(csv, kPeopleMapping);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->rows_read, 2);
  EXPECT_EQ(report->imported, 2);
  EXPECT_TRUE(report->problems.empty());
  EXPECT_EQ(report->codes_path, dir_ + "/people.codes.csv");

  std::istringstream codes(Read(report->codes_path));
  CsvReader reader(codes);
  auto header = reader.ReadHeader();
  ASSERT_TRUE(header);
  EXPECT_EQ(header->fields, (std::vector<std::string>{"line", "CRM ID", "code"}));
  CsvRow row;
  ASSERT_TRUE(*reader.Next(row));
  EXPECT_EQ(row.fields[0], "2");
  EXPECT_EQ(row.fields[1], "1001");
  auto anna = folder_->records().GetSubject(Actor{}, row.fields[2]);
  ASSERT_TRUE(anna) << anna.error().message;
  EXPECT_EQ(anna->fields["name"], "Anna Smith");
  EXPECT_EQ(anna->fields["date_of_birth"], "1985-03-04");
  EXPECT_EQ(anna->fields["postcode"], "M1 1AA");
  ASSERT_TRUE(*reader.Next(row));
  EXPECT_EQ(row.fields[1], "1002");
  auto found = folder_->records().FindSubjects(Actor{}, "email", "cara@example.org");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().code, row.fields[2]);
  EXPECT_FALSE(found->front().fields.contains("date_of_birth"));  // empty cell: absent
}

TEST_F(ImportTest, RecordsImportWithTypedValuesInBatches) {
  OpenCase();
  const std::int64_t audit_before = AuditLength();
  std::vector<ImportBatchDone> batches;
  ImportEvents events;
  events.committed = [&](const ImportBatchDone& b) { batches.push_back(b); };
  auto report = Import(Write("payments.csv", PaymentCsv()), PaymentMapping(), 2, events);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->imported, 5);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[1].first_row, 3);
  EXPECT_EQ(batches[1].first_line, 4);
  EXPECT_EQ(batches[1].last_line, 7);
  EXPECT_EQ(batches[2].last_row, 5);
  EXPECT_EQ(AuditLength(), audit_before + 3);  // one entry per batch

  RecordQuery q;
  q.case_code = case_;
  auto list = folder_->records().ListRecords(Actor{}, q);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 5u);
  const RecordView& first = (*list)[0];
  EXPECT_EQ(first.type, "payment");
  EXPECT_EQ(first.subject_code, subject_);
  EXPECT_EQ(first.occurred_on, "2025-03-04");
  EXPECT_EQ(first.fields["amount_pence"], 1250);
  EXPECT_EQ(first.fields["spans_several_years"], false);
  EXPECT_EQ((*list)[1].fields["spans_several_years"], true);
  EXPECT_EQ((*list)[2].occurred_on, "2025-03-06");
  EXPECT_FALSE((*list)[2].fields.contains("payer"));
  EXPECT_EQ((*list)[4].fields["spans_several_years"], true);
}

TEST_F(ImportTest, BadRowsAreReportedWithTheirLinesAndAbortWritesNothing) {
  OpenCase();
  const std::string p = case_ + "," + subject_ + ",";
  const std::string csv =
      Write("payments.csv",
            "Case,Person,Paid on,Amount,Payer,Several years,Note\n" + p +
                "04/03/2025,12.50,parent,,\"two\nlines\"\n" +          // line 2: not a whole number
                p + "31/02/2025,100,parent,,\n" +                      // line 4: no such date
                "C-NOPE," + subject_ + ",01/03/2025,100,parent,,\n" +  // line 5: not a case code
                p + "01/03/2025,100,friend,maybe,\n" +                 // line 6: enum and boolean
                p + "01/03/2025,100\n" +                               // line 7: too few columns
                p + "01/03/2025,,parent,,\n" +                         // line 8: amount required
                p + "01/03/2025,100,parent,,\n");                      // line 9: good
  const std::int64_t audit_before = AuditLength();
  const std::int64_t records_before = RecordCount();
  auto report = Import(csv, PaymentMapping());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->aborted);
  EXPECT_EQ(report->imported, 0);
  EXPECT_EQ(report->rows_read, 7);
  ASSERT_EQ(report->problems.size(), 6u);
  const std::string f = csv + ":";
  EXPECT_EQ(report->problems[0],
            f + "2: error: column 'Amount' (field 'amount_pence'): '12.50' is not a whole number");
  EXPECT_TRUE(report->problems[1].starts_with(f + "4: error: column 'Paid on'"))
      << report->problems[1];
  EXPECT_TRUE(
      report->problems[2].starts_with(f + "5: error: column 'Case': 'C-NOPE' is not a case code"))
      << report->problems[2];
  EXPECT_NE(report->problems[3].find("6: error: column 'Several years'"), std::string::npos);
  EXPECT_NE(report->problems[3].find("'friend' is not one of"), std::string::npos);
  EXPECT_EQ(report->problems[4], f + "7: error: has 4 fields; the header has 7");
  EXPECT_EQ(report->problems[5], f + "8: error: column 'Amount' (field 'amount_pence'): required");
  EXPECT_EQ(AuditLength(), audit_before);
  EXPECT_EQ(RecordCount(), records_before);
  EXPECT_FALSE(fs::exists(dir_ + "/payments.codes.csv"));
  EXPECT_FALSE(fs::exists(dir_ + "/payments.quarantine.csv"));
}

TEST_F(ImportTest, QuarantineImportsTheGoodRowsAndSetsTheBadOnesAside) {
  OpenCase();
  const std::string p = case_ + "," + subject_ + ",";
  const std::string csv =
      Write("payments.csv", "Case,Person,Paid on,Amount,Payer,Several years,Note\n" + p +
                                "01/03/2025,100,parent,,\n" + p +
                                "01/03/2025,lots,parent,,\"said \"\"no\"\"\"\n" + p +
                                "02/03/2025,200,parent,,\n" + p + "oops\n");
  auto report = Import(csv, PaymentMapping("quarantine"));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->aborted);
  EXPECT_EQ(report->imported, 2);
  EXPECT_EQ(report->quarantined, 2);
  EXPECT_EQ(report->problems.size(), 2u);
  EXPECT_EQ(RecordCount(), 2);
  ASSERT_EQ(report->quarantine_path, dir_ + "/payments.quarantine.csv");

  std::istringstream in(Read(report->quarantine_path));
  CsvReader reader(in);
  auto header = reader.ReadHeader();
  ASSERT_TRUE(header);
  EXPECT_EQ(header->fields[0], "line");
  EXPECT_EQ(header->fields[1], "error");
  EXPECT_EQ(header->fields[2], "Case");
  CsvRow row;
  ASSERT_TRUE(*reader.Next(row));
  EXPECT_EQ(row.fields[0], "3");
  EXPECT_EQ(row.fields[1], "column 'Amount' (field 'amount_pence'): 'lots' is not a whole number");
  EXPECT_EQ(row.fields[8], "said \"no\"");
  ASSERT_TRUE(*reader.Next(row));  // as written: fewer columns than the header
  EXPECT_EQ(row.fields[0], "5");
  EXPECT_EQ(row.fields.size(), 5u);
  EXPECT_FALSE(*reader.Next(row));

  // Running it again leaves the quarantine file alone: someone may be correcting it.
  Write("payments.quarantine.csv", "line,error,Case\n3,being corrected,x\n");
  auto again = Import(csv, PaymentMapping("quarantine"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->quarantined, 2);
  EXPECT_EQ(Read(report->quarantine_path), "line,error,Case\n3,being corrected,x\n");
  EXPECT_EQ(RecordCount(), 2);
}

TEST_F(ImportTest, TheCodesOfAnotherImportAreNotWrittenOver) {
  OpenCase();
  Write("payments.codes.csv", "line,code\n2,R-ABCDEFGH\n");
  auto report = Import(Write("payments.csv", PaymentCsv()), PaymentMapping());
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Read(dir_ + "/payments.codes.csv"), "line,code\n2,R-ABCDEFGH\n");
  EXPECT_EQ(RecordCount(), 0);
}

TEST_F(ImportTest, ARerunSkipsWhatIsDone) {
  OpenCase();
  const std::string csv = Write("payments.csv", PaymentCsv());
  auto first = Import(csv, PaymentMapping(), 2);
  ASSERT_TRUE(first) << first.error().message;
  const std::string codes = Read(first->codes_path);
  const std::int64_t audit = AuditLength();
  std::vector<std::int64_t> resumed;
  ImportEvents events;
  events.resuming = [&](std::int64_t rows, std::int64_t line, bool complete) {
    resumed = {rows, line, complete ? 1 : 0};
  };
  auto second = Import(csv, PaymentMapping(), 2, events);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->imported, 0);
  EXPECT_EQ(second->skipped, 5);
  EXPECT_EQ(resumed, (std::vector<std::int64_t>{5, 8, 1}));
  EXPECT_EQ(RecordCount(), 5);
  EXPECT_EQ(AuditLength(), audit);
  EXPECT_EQ(Read(first->codes_path), codes);
}

class ImportRecoveryTest : public ImportTest {
 protected:
  // Imports the payments two rows a batch, then puts the journal back as it was after the
  // first batch: as if the run had been stopped after committing the rest, before noting it.
  void ImportAndForgetAfterFirstBatch() {
    OpenCase();
    csv_ = Write("payments.csv", PaymentCsv());
    ImportEvents events;
    std::string journal;
    events.committed = [&](const ImportBatchDone& b) {
      if (b.last_row != 2) return;
      for (const auto& entry : fs::directory_iterator(folder_->dir() + "/imports")) {
        if (entry.path().extension() == ".done") {
          journal_path_ = entry.path().string();
          journal = Read(journal_path_);
        }
      }
    };
    auto first = Import(csv_, PaymentMapping(), 2, events);
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_FALSE(journal.empty());
    codes_path_ = first->codes_path;
    codes_ = Read(codes_path_);
    Write(fs::relative(journal_path_, dir_).string(), journal);
  }
  std::string csv_, journal_path_, codes_path_, codes_;
};

TEST_F(ImportRecoveryTest, BatchesCommittedButNotNotedAreFoundNotRepeated) {
  ImportAndForgetAfterFirstBatch();
  std::vector<ImportBatchDone> batches;
  ImportEvents events;
  events.committed = [&](const ImportBatchDone& b) { batches.push_back(b); };
  auto second = Import(csv_, PaymentMapping(), 2, events);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->imported, 0);
  EXPECT_EQ(second->recovered, 3);
  EXPECT_EQ(second->skipped, 5);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_TRUE(batches[0].recovered);
  EXPECT_EQ(batches[0].first_row, 3);
  EXPECT_EQ(RecordCount(), 5);
  EXPECT_EQ(Read(codes_path_), codes_);  // cut back and written again, the same
}

TEST_F(ImportRecoveryTest, BatchesThatNeverCommittedAreWrittenOnTheRerun) {
  ImportAndForgetAfterFirstBatch();
  {  // Take rows 3 to 5 away again, as if their transactions had never committed.
    std::istringstream in(codes_);
    CsvReader reader(in);
    ASSERT_TRUE(reader.ReadHeader());
    auto tx = folder_->store().Begin();
    ASSERT_TRUE(tx);
    CsvRow row;
    for (int i = 0; *reader.Next(row); ++i) {
      if (i < 2) continue;
      auto record = (*tx)->FindRecord(row.fields[1]);
      ASSERT_TRUE(record && *record);
      ASSERT_TRUE((*tx)->DeleteRecord((**record).id));
    }
    ASSERT_TRUE((*tx)->Commit());
  }
  ASSERT_EQ(RecordCount(), 2);
  auto second = Import(csv_, PaymentMapping(), 2);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->recovered, 0);
  EXPECT_EQ(second->imported, 3);
  EXPECT_EQ(RecordCount(), 5);
}

TEST_F(ImportTest, TheSameImportCannotRunTwiceAtOnce) {
  OpenCase();
  const std::string csv = Write("payments.csv", PaymentCsv());
  auto key = internal::ImportKey(PaymentMapping(), csv);
  ASSERT_TRUE(key);
  fs::create_directories(folder_->dir() + "/imports");
  auto lock = internal::ImportLock::Acquire(folder_->dir() + "/imports/" + *key + ".lock");
  ASSERT_TRUE(lock);
  auto report = Import(csv, PaymentMapping());
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(RecordCount(), 0);
}

TEST_F(ImportTest, AnUnclosedQuoteStopsTheImportBeforeAnythingIsWritten) {
  OpenCase();
  const std::string p = case_ + "," + subject_ + ",";
  const std::string csv = Write(
      "payments.csv",
      "Case,Person,Paid on,Amount,Payer,Several years,Note\n" + p + "01/03/2025,100,parent,,ok\n" +
          p + "01/03/2025,100,parent,,\"never closed\n" + p + "01/03/2025,100,parent,,\n");
  auto report = Import(csv, PaymentMapping("quarantine"));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().message, csv + ":3: error: a quoted field is not closed");
  EXPECT_EQ(RecordCount(), 0);
  EXPECT_FALSE(fs::exists(dir_ + "/payments.quarantine.csv"));
}

TEST_F(ImportTest, AMappingThatNamesMissingHeadersFailsBeforeAnyRowIsRead) {
  OpenCase();
  const std::string csv = Write("payments.csv", "Case,Person,Paid on,Amount\n");
  auto report = Import(csv, PaymentMapping());
  ASSERT_FALSE(report);
  const std::string m = dir_ + "/mapping.toml:";
  EXPECT_EQ(report.error().message,
            m + "11: error: column 'Payer' is not in the header of " + csv +
                " (it has: Case, Person, Paid on, Amount)\n" + m +
                "12: error: column 'Several years' is not in the header of " + csv +
                " (it has: Case, Person, Paid on, Amount)");
}

}  // namespace
}  // namespace casekeep::records
