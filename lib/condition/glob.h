// iameval: offline AWS IAM policy evaluation.
//
// Glob matching for Action, Resource, StringLike and Arn*
// (docs/semantics-conditions.md#globs): `*` matches any run of characters,
// including the empty run and
// including `:` and `/`; `?` matches exactly one character (one UTF-8 code
// point, a choice); every other byte matches itself,
// case-sensitively; there is no escape character. Case-insensitive matching
// (actions) is done by the caller lowercasing both sides.
//
// Three layers:
//  - GlobMatch: a one-shot matcher over a pattern string (no allocation);
//  - Pattern: a pattern compiled once into the cheapest correct matcher
//    (any < exact < prefix < suffix < contains < glob); it can also hold
//    *literal* `*` and `?` characters, which policy variables need: `${*}`,
//    `${?}` and substituted variable values are never wildcards;
//  - PatternTemplate: a pattern that may contain policy variables (`${key}`,
//    `${key, 'default'}`, `${*}`, `${?}`, `${$}`), resolved per request.
//
// Complexity: matching is O(|pattern| * |input|) in the worst case and never
// exponential: greedy matching with a single backtrack point (the last `*`).
// Star-only globs (the common case) run as prefix/suffix checks plus one
// substring search per middle segment: O(|input| * segments).
//
// A UTF-8 note: `*` advances byte by byte and `?` consumes a whole code
// point; for valid UTF-8 on both sides this equals code-point matching.
//
// Thread-safety: Pattern and PatternTemplate are immutable after Compile and
// may be shared across threads.

#ifndef IAMEVAL_LIB_CONDITION_GLOB_H_
#define IAMEVAL_LIB_CONDITION_GLOB_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "condition/key.h"

namespace iameval {

// True iff `input` matches the glob `pattern` (every `*` and `?` in `pattern`
// is a wildcard). Allocates nothing; O(|pattern| * |input|) worst case.
bool GlobMatch(absl::string_view pattern, absl::string_view input);

// A piece of a pattern: glob text (`*`, `?` are wildcards) or literal text
// (every byte, including `*` and `?`, matches only itself).
struct PatternPart {
  std::string text;
  bool literal = false;
};

class Pattern {
 public:
  enum class Kind : unsigned char {
    kAny,       // "*": matches everything
    kExact,     // no wildcards
    kPrefix,    // "abc*"
    kSuffix,    // "*abc"
    kContains,  // "*abc*"
    kGlob,      // anything else
  };

  // A pattern that matches only the empty string.
  Pattern() = default;

  // Compiles `glob`: every `*` and `?` is a wildcard.
  static Pattern Compile(absl::string_view glob);
  // A pattern that matches exactly `text` (no wildcards).
  static Pattern Literal(absl::string_view text);
  // Concatenates `parts`; wildcards only in the non-literal parts.
  static Pattern FromParts(absl::Span<const PatternPart> parts);

  // True iff the whole of `input` matches. Allocates nothing.
  bool Match(absl::string_view input) const {
    switch (kind_) {
      case Kind::kAny:
        return true;
      case Kind::kExact:
        return input == needle_;
      case Kind::kPrefix:
        return input.size() >= needle_.size() &&
               input.substr(0, needle_.size()) == needle_;
      case Kind::kSuffix:
        return input.size() >= needle_.size() &&
               input.substr(input.size() - needle_.size()) == needle_;
      case Kind::kContains:
        return input.find(needle_) != absl::string_view::npos;
      case Kind::kGlob:
        break;
    }
    return MatchGlob(input);
  }

  Kind kind() const { return kind_; }
  // The literal text of kExact / kPrefix / kSuffix / kContains patterns.
  const std::string& needle() const { return needle_; }

 private:
  // One token of a glob: a byte, or a wildcard.
  enum Token : char { kLiteralByte = 0, kStar = 1, kQuestion = 2 };

  static Pattern FromTokens(const std::string& bytes, const std::string& tokens);
  // A star-only glob from its literal segments (the text between runs of
  // stars, so at least two).
  static Pattern FromSegments(std::vector<std::string> segments);
  bool MatchGlob(absl::string_view input) const;

  Kind kind_ = Kind::kExact;
  std::string needle_;
  // kGlob: the pattern as bytes and, in parallel, one Token per byte (the
  // byte of a wildcard token is unused).
  std::string bytes_;
  std::string tokens_;
  // kGlob without `?`: the literal segments between stars (front and back
  // are empty when the glob starts / ends with `*`); matched by prefix,
  // suffix and leftmost substring search.
  std::vector<std::string> segments_;
  size_t min_length_ = 0;  // sum of the segment lengths
  bool has_question_ = false;
};

// A pattern or a literal string that may contain policy variables
// (docs/semantics-conditions.md#policy-variables).
class PatternTemplate {
 public:
  enum class Mode : unsigned char {
    kGlob,     // text `*` and `?` are wildcards (Resource, StringLike, ArnLike)
    kLiteral,  // all text is literal (StringEquals, ArnEquals segments, ...)
  };

  // A template that matches only the empty string.
  PatternTemplate() = default;

  // Parses `text`. When `variables_enabled` (Version 2012-10-17) `${key}`,
  // `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}` are
  // recognised; otherwise, and for malformed `${...}` (no `}`, a space in the
  // name, `${}`, an unquoted default), the text is literal text. Only
  // the bytes at or after `variables_from` are searched for
  // variables (see CompileResource).
  static PatternTemplate Compile(absl::string_view text, bool variables_enabled,
                                 Mode mode = Mode::kGlob,
                                 size_t variables_from = 0);

  // A Resource / NotResource pattern: glob, variables only in the resource
  // part after the fifth `:` (a choice: earlier `${...}` stay
  // literal text, so such an entry fails closed); "*" and other non-ARN
  // patterns get no variables.
  static PatternTemplate CompileResource(absl::string_view text,
                                         bool variables_enabled);

  // True iff the template contains at least one variable (escapes alone
  // do not count: they compile into the plain pattern()).
  bool has_variables() const { return has_variables_; }

  // The compiled pattern; meaningful only when !has_variables().
  const Pattern& pattern() const { return pattern_; }

  // The text as written.
  const std::string& text() const { return text_; }

  // Resolves the variables against `resolver` and matches `input`. Returns
  // false and sets *unresolved = true (if non-null) when a variable cannot be
  // resolved (key absent without default, or multivalued); otherwise sets
  // *unresolved = false. Allocates only when has_variables().
  bool Match(const KeyResolver& resolver, absl::string_view input,
             bool* unresolved) const;

  // Resolves into pattern parts (substituted values and escapes are literal
  // parts). Returns false when a variable is unresolved; then, if
  // `unresolved_variable` is non-null, it receives the variable as written,
  // e.g. "${aws:PrincipalTag/team}".
  bool Resolve(const KeyResolver& resolver, std::vector<PatternPart>* parts,
               std::string* unresolved_variable = nullptr) const;

  // Resolves into plain text (escapes decoded, values substituted); for the
  // operators that compare text literally (StringEquals,
  // StringEqualsIgnoreCase). Same failure contract as Resolve.
  bool ResolveText(const KeyResolver& resolver, std::string* out,
                   std::string* unresolved_variable = nullptr) const;

  // For explanations: the text with variables substituted, or with
  // "<unresolved ${k}>" in place of an unresolved one.
  std::string Display(const KeyResolver& resolver) const;

 private:
  struct Piece {
    enum class Kind : unsigned char { kText, kLiteral, kVariable };
    Kind kind = Kind::kText;
    std::string text;  // kText/kLiteral: the text; kVariable: as written
    CompiledKey key;   // kVariable
    bool has_default = false;
    std::string default_value;
  };

  // The parsed text. A template that is one run of text of its mode's kind
  // (no variables, no escapes: nearly every policy string) keeps no pieces
  // (the compact form); then this is one piece of text_ in `*scratch`.
  absl::Span<const Piece> Pieces(Piece* scratch) const;

  // The value of variable `piece`, or false when it is unresolved.
  static bool ResolveVariable(const Piece& piece, const KeyResolver& resolver,
                              absl::string_view* value);

  std::string text_;
  Mode mode_ = Mode::kGlob;
  bool has_variables_ = false;
  std::vector<Piece> pieces_;  // the parsed text; empty in the compact form
  Pattern pattern_;            // only when !has_variables_
};

}  // namespace iameval

#endif  // IAMEVAL_LIB_CONDITION_GLOB_H_
