// A Store that wraps another and fails chosen calls on purpose, to test that a failed write or
// a failed commit changes nothing (the LevelDB fault-injection idea). Without a fault planned
// it forwards every call unchanged, so it passes the same conformance suite as what it wraps.
// Thread-safety: as the wrapped Store; the fault plan is guarded by a mutex, so it may be
// changed from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "base/error.h"
#include "store/store.h"

namespace casekeep::store {

class FaultStore final : public Store {
 public:
  //! Wraps `inner`, which must outlive this store and every Tx it hands out.
  explicit FaultStore(Store& inner) : inner_(inner) {}

  //! The `n`th write call from now (1 = the next one) through any Tx fails with `code` and
  //! does not reach the wrapped store; the Tx stays usable, as after any failed write.
  //! Write calls are the Tx methods that change data (Put*, Insert*, Update*, Delete*,
  //! DestroyKey, MarkSubjectErased, TouchSession, RevokeToken, ReviewBreakGlass,
  //! SetRecordRetention, SetHoldReview, ReleaseHold, ApprovePlan, MarkPlanExecuted,
  //! ReviewDisclosure, Append*).
  void FailWrite(std::int64_t n, ErrorCode code = ErrorCode::kIo);
  //! The `n`th Commit from now fails with `code`: the wrapped transaction is rolled back
  //! instead of committed, and the Tx is finished.
  void FailCommit(std::int64_t n, ErrorCode code = ErrorCode::kIo);
  //! The `n`th Begin or BeginRead from now fails with `code`.
  void FailBegin(std::int64_t n, ErrorCode code = ErrorCode::kUnavailable);
  //! Cancels every planned fault.
  void ClearFaults();

  //! Write calls, commits and begins seen so far (including failed ones).
  std::int64_t write_calls() const;
  std::int64_t commit_calls() const;

  [[nodiscard]] Result<std::unique_ptr<Tx>> Begin() override;
  [[nodiscard]] Result<std::unique_ptr<Tx>> BeginRead() override;
  std::string_view backend() const override { return inner_.backend(); }

  // Used by the wrapping transactions: an Error if this call is the one planned to fail.
  [[nodiscard]] Status BeforeWrite(std::string_view op);
  [[nodiscard]] Status BeforeCommit();

 private:
  struct Plan {
    std::int64_t countdown = 0;  // 0: no fault planned
    ErrorCode code = ErrorCode::kIo;
  };
  [[nodiscard]] Status Trip(Plan& plan, std::int64_t& calls, std::string_view op);

  Store& inner_;
  mutable std::mutex mu_;
  Plan write_;   // guarded by mu_
  Plan commit_;  // guarded by mu_
  Plan begin_;   // guarded by mu_
  std::int64_t writes_ = 0;
  std::int64_t commits_ = 0;
  std::int64_t begins_ = 0;
};

}  // namespace casekeep::store
