// iameval: offline AWS IAM policy evaluation.
//
// Where the project lives on the web, for links that reports carry (SARIF
// informationUri and helpUri, which must be absolute URIs). One place, so
// that a move of the repository is one edit (docs/index.md, "Reports for
// CI").

#ifndef IAMEVAL_LIB_BASE_PROJECT_H_
#define IAMEVAL_LIB_BASE_PROJECT_H_

namespace iameval {

// The project's home page.
inline constexpr char kProjectUrl[] = "https://github.com/iameval/iameval";

// docs/errors.md as published; "#<code>" (e.g. "#IAM.InvalidJson") links a
// finding code's row.
inline constexpr char kErrorsDocUrl[] =
    "https://github.com/iameval/iameval/blob/main/docs/errors.md";

}  // namespace iameval

#endif  // IAMEVAL_LIB_BASE_PROJECT_H_
