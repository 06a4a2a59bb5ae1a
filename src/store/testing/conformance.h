// The fixture of the store conformance suite (store_conformance_test.cc,
// store_conformance_records_test.cc, store_conformance_staff_test.cc and
// store_conformance_break_glass_test.cc): one fresh store per test, from each backend in
// ConformanceBackends(), plus row builders and assertion helpers.
// Thread-safety: a fixture belongs to one test; Store is shared where a test says so.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/store.h"
#include "store/testing/store_harness.h"

// ASSERT_OK(expr): expr (a Status or Result) succeeded; prints its error otherwise.
#define ASSERT_OK(expr)                                                   \
  do {                                                                    \
    const auto& ck_ok_ = (expr);                                          \
    ASSERT_TRUE(ck_ok_.has_value()) << ck_ok_.error().message;            \
  } while (false)
#define EXPECT_OK(expr)                                                   \
  do {                                                                    \
    const auto& ck_ok_ = (expr);                                          \
    EXPECT_TRUE(ck_ok_.has_value()) << ck_ok_.error().message;            \
  } while (false)
// ASSERT_OK_AND_ASSIGN(lhs, expr): lhs = *expr, or the test stops with expr's error.
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL_(CK_CONCAT_(ck_assert_result_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, expr)              \
  auto tmp = (expr);                                            \
  ASSERT_TRUE(tmp.has_value()) << tmp.error().message;          \
  lhs = std::move(*tmp)
// EXPECT_ERROR(expr, code): expr failed with ErrorCode::code.
#define EXPECT_ERROR(expr, error_code)                                                   \
  do {                                                                                   \
    const auto& ck_err_ = (expr);                                                        \
    ASSERT_FALSE(ck_err_.has_value()) << "expected " #error_code;                        \
    EXPECT_EQ(ck_err_.error().code, ::casekeep::ErrorCode::error_code)                   \
        << ck_err_.error().message;                                                      \
  } while (false)

namespace casekeep::store::testing {

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 public:
  static SubjectRow Subject(std::string code, std::string sealed = "sealed subject");
  static CaseRow Case(std::string code);
  static RecordRow Record(std::string code, std::optional<std::int64_t> case_id,
                          std::optional<std::int64_t> subject_id, std::string type = "contact");
  static AuditRow Audit(std::int64_t seq);

 protected:
  void SetUp() override { harness_ = GetParam().make(); }
  void TearDown() override { harness_.reset(); }
  Store& store() { return harness_->store(); }

  //! A write transaction, or null after recording a failure.
  std::unique_ptr<Tx> Write();
  //! A read transaction, or null after recording a failure.
  std::unique_ptr<Tx> Read();

  //! Inserts and commits a subject; its id, or 0 after recording a failure.
  std::int64_t CommitSubject(const std::string& code);

 private:
  std::unique_ptr<StoreHarness> harness_;
};

}  // namespace casekeep::store::testing
