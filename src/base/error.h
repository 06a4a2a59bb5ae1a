// Errors as values: every fallible function in casekeep returns Result<T> (or Status), never
// throws across a module boundary. Thread-safe: plain value types.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace casekeep {

//! What kind of failure an Error is; decides CLI exit codes and HTTP statuses.
enum class ErrorCode {
  kInvalidArgument,    //!< the caller's input is wrong (bad file, bad date, bad field)
  kNotFound,           //!< the thing asked for does not exist
  kAlreadyExists,      //!< a create would duplicate an existing thing
  kPermissionDenied,   //!< the access decision said no
  kFailedPrecondition, //!< the system is not in a state that allows this
  kConflict,           //!< a concurrent change got there first
  kDataLoss,           //!< stored data is corrupt or cannot be authenticated
  kIo,                 //!< the operating system refused a read or write
  kUnavailable,        //!< a dependency is down; retrying may help
  kInternal,           //!< a bug in casekeep
};

//! Short lower-case name of a code ("invalid argument").
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

[[nodiscard]] inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}
[[nodiscard]] inline std::unexpected<Error> InvalidArgument(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}
[[nodiscard]] inline std::unexpected<Error> NotFound(std::string message) {
  return Fail(ErrorCode::kNotFound, std::move(message));
}
[[nodiscard]] inline std::unexpected<Error> IoError(std::string message) {
  return Fail(ErrorCode::kIo, std::move(message));
}

}  // namespace casekeep

// CK_TRY(expr): evaluates a Status/Result and returns its error from the enclosing function.
#define CK_TRY(expr)                                              \
  do {                                                            \
    auto ck_try_result_ = (expr);                                 \
    if (!ck_try_result_) return std::unexpected(ck_try_result_.error()); \
  } while (false)

#define CK_CONCAT_INNER_(a, b) a##b
#define CK_CONCAT_(a, b) CK_CONCAT_INNER_(a, b)
// CK_ASSIGN_OR_RETURN(lhs, expr): lhs = *expr, or returns expr's error.
#define CK_ASSIGN_OR_RETURN(lhs, expr) \
  CK_ASSIGN_OR_RETURN_IMPL_(CK_CONCAT_(ck_assign_result_, __LINE__), lhs, expr)
#define CK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)     \
  auto tmp = (expr);                                  \
  if (!tmp) return std::unexpected(tmp.error());      \
  lhs = std::move(*tmp)
