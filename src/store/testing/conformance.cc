// The fixture of the store conformance suite (conformance.h).
// Thread-safety: see the header.
#include "store/testing/conformance.h"

namespace casekeep::store::testing {

std::unique_ptr<Tx> StoreConformanceTest::Write() {
  auto tx = store().Begin();
  if (!tx) {
    ADD_FAILURE() << "Begin: " << tx.error().message;
    return nullptr;
  }
  return std::move(*tx);
}

std::unique_ptr<Tx> StoreConformanceTest::Read() {
  auto tx = store().BeginRead();
  if (!tx) {
    ADD_FAILURE() << "BeginRead: " << tx.error().message;
    return nullptr;
  }
  return std::move(*tx);
}

SubjectRow StoreConformanceTest::Subject(std::string code, std::string sealed) {
  SubjectRow row;
  row.code = std::move(code);
  row.kind = "parent";
  row.created_at = 1'700'000'000;
  row.updated_at = 1'700'000'000;
  row.sealed = B(sealed);
  return row;
}

CaseRow StoreConformanceTest::Case(std::string code) {
  CaseRow row;
  row.code = std::move(code);
  row.service = "helpline";
  row.referral_source = "self";
  row.opened_on = "2024-03-01";
  row.flags = {"safeguarding", "court_order"};
  row.created_at = 1'700'000'100;
  row.updated_at = 1'700'000'100;
  return row;
}

RecordRow StoreConformanceTest::Record(std::string code, std::optional<std::int64_t> case_id,
                                       std::optional<std::int64_t> subject_id,
                                       std::string type) {
  RecordRow row;
  row.code = std::move(code);
  row.type = std::move(type);
  row.case_id = case_id;
  row.subject_id = subject_id;
  row.owner = "C-OWNER";
  row.occurred_on = "2024-03-02";
  row.created_at = 1'700'000'200;
  row.updated_at = 1'700'000'200;
  row.sealed = B("sealed record " + row.code);
  return row;
}

AuditRow StoreConformanceTest::Audit(std::int64_t seq) {
  AuditRow row;
  row.seq = seq;
  row.at_micros = 1'700'000'000'000'000 + seq;
  row.actor = "U-ADMIN";
  row.action = "record.read";
  row.objects = "R-" + std::to_string(seq);
  row.purpose = "casework";
  row.outcome = "ok";
  row.detail = "";
  row.prev_hash = Bytes(32, static_cast<std::uint8_t>(seq - 1));
  row.hash = Bytes(32, static_cast<std::uint8_t>(seq));
  row.mac = Bytes(32, 0xAB);
  return row;
}

std::int64_t StoreConformanceTest::CommitSubject(const std::string& code) {
  auto tx = Write();
  if (!tx) return 0;
  auto id = tx->InsertSubject(Subject(code));
  if (!id) {
    ADD_FAILURE() << "InsertSubject: " << id.error().message;
    return 0;
  }
  if (auto committed = tx->Commit(); !committed) {
    ADD_FAILURE() << "Commit: " << committed.error().message;
    return 0;
  }
  return *id;
}

}  // namespace casekeep::store::testing
