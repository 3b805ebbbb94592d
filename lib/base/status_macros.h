// iameval: offline AWS IAM policy evaluation.
//
// Propagation macros for absl::Status / absl::StatusOr. Debian 12's Abseil
// (20220623) has no status_macros.h, so the library keeps its own. Private:
// never include from a public header.

#ifndef IAMEVAL_LIB_BASE_STATUS_MACROS_H_
#define IAMEVAL_LIB_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns from the enclosing function if `expr` yields a non-OK status.
#define IAMEVAL_RETURN_IF_ERROR(expr)                 \
  do {                                                \
    const ::absl::Status iameval_status_ = (expr);    \
    if (!iameval_status_.ok()) return iameval_status_; \
  } while (0)

#define IAMEVAL_CONCAT_INNER_(a, b) a##b
#define IAMEVAL_CONCAT_(a, b) IAMEVAL_CONCAT_INNER_(a, b)

// `IAMEVAL_ASSIGN_OR_RETURN(auto x, F());` declares `x` from an OK StatusOr,
// or returns its status from the enclosing function.
#define IAMEVAL_ASSIGN_OR_RETURN(lhs, expr)                                   \
  IAMEVAL_ASSIGN_OR_RETURN_IMPL_(IAMEVAL_CONCAT_(iameval_or_, __LINE__), lhs, \
                                 expr)
#define IAMEVAL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp).status();       \
  lhs = std::move(tmp).value()

#endif  // IAMEVAL_LIB_BASE_STATUS_MACROS_H_
