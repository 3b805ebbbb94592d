// iameval: offline AWS IAM policy evaluation.

#include "condition/glob.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "condition/case.h"

namespace iameval {
namespace {

// The classic greedy matcher with one backtrack point. `is_star(i)` /
// `is_question(i)` say whether pattern position i is a wildcard. When a
// later `*` is reached, the earlier backtrack point can be forgotten: any
// match of the rest may start anywhere after the current position, so
// retrying earlier stars can only find what the newer star finds. Hence
// O(|pattern| * |input|).
template <typename IsStar, typename IsQuestion>
bool GreedyGlob(absl::string_view pattern, absl::string_view input,
                IsStar is_star, IsQuestion is_question) {
  const size_t m = pattern.size();
  const size_t n = input.size();
  size_t p = 0;
  size_t s = 0;
  size_t star_p = absl::string_view::npos;
  size_t star_s = 0;
  while (s < n) {
    if (p < m && is_star(p)) {
      star_p = p++;
      star_s = s;
    } else if (p < m && is_question(p)) {
      s += Utf8CharLength(input, s);  // `?` is one code point
      ++p;
    } else if (p < m && pattern[p] == input[s]) {
      ++p;
      ++s;
    } else if (star_p != absl::string_view::npos) {
      p = star_p + 1;
      s = ++star_s;
    } else {
      return false;
    }
  }
  while (p < m && is_star(p)) ++p;
  return p == m;
}

// Token values for PatternTemplate::Match's buffers (same meaning as
// Pattern::Token).
constexpr char kTokenLiteral = 0;
constexpr char kTokenStar = 1;
constexpr char kTokenQuestion = 2;

}  // namespace

bool GlobMatch(absl::string_view pattern, absl::string_view input) {
  return GreedyGlob(
      pattern, input, [&](size_t i) { return pattern[i] == '*'; },
      [&](size_t i) { return pattern[i] == '?'; });
}

Pattern Pattern::Compile(absl::string_view glob) {
  if (glob.find_first_of("*?") == absl::string_view::npos) {
    return Literal(glob);
  }
  if (glob.find('?') == absl::string_view::npos) {
    // Star-only, the common glob: the literal segments between runs of
    // stars, cut whole.
    std::vector<std::string> segments;
    size_t start = 0;
    while (true) {
      const size_t star = glob.find('*', start);
      if (star == absl::string_view::npos) {
        segments.emplace_back(glob.substr(start));
        break;
      }
      segments.emplace_back(glob.substr(start, star - start));
      start = star;
      while (start < glob.size() && glob[start] == '*') ++start;
    }
    return FromSegments(std::move(segments));
  }
  std::string bytes(glob);
  std::string tokens(glob.size(), kLiteralByte);
  for (size_t i = 0; i < glob.size(); ++i) {
    if (glob[i] == '*') tokens[i] = kStar;
    if (glob[i] == '?') tokens[i] = kQuestion;
  }
  return FromTokens(bytes, tokens);
}

Pattern Pattern::Literal(absl::string_view text) {
  Pattern p;
  p.kind_ = Kind::kExact;
  p.needle_ = std::string(text);
  return p;
}

Pattern Pattern::FromParts(absl::Span<const PatternPart> parts) {
  std::string bytes;
  std::string tokens;
  size_t size = 0;
  for (const PatternPart& part : parts) size += part.text.size();
  bytes.reserve(size);
  tokens.reserve(size);
  for (const PatternPart& part : parts) {
    bytes += part.text;
    for (char c : part.text) {
      char t = kLiteralByte;
      if (!part.literal && c == '*') t = kStar;
      if (!part.literal && c == '?') t = kQuestion;
      tokens.push_back(t);
    }
  }
  return FromTokens(bytes, tokens);
}

Pattern Pattern::FromTokens(const std::string& raw_bytes,
                            const std::string& raw_tokens) {
  // Collapse runs of `*` (they mean the same as one) so that the shape
  // checks below see the canonical form.
  std::string bytes;
  std::string tokens;
  bytes.reserve(raw_bytes.size());
  tokens.reserve(raw_tokens.size());
  bool has_star = false;
  bool has_question = false;
  for (size_t i = 0; i < raw_bytes.size(); ++i) {
    const char t = raw_tokens[i];
    if (t == kStar) {
      has_star = true;
      if (!tokens.empty() && tokens.back() == kStar) continue;
    }
    if (t == kQuestion) has_question = true;
    bytes.push_back(raw_bytes[i]);
    tokens.push_back(t);
  }

  Pattern p;
  if (!has_star && !has_question) {
    p.kind_ = Kind::kExact;
    p.needle_ = std::move(bytes);
    return p;
  }
  if (!has_question) {
    // Split into the literal segments between stars.
    std::vector<std::string> segments(1);
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (tokens[i] == kStar) {
        segments.emplace_back();
      } else {
        segments.back().push_back(bytes[i]);
      }
    }
    return FromSegments(std::move(segments));
  }
  p.kind_ = Kind::kGlob;
  p.has_question_ = true;
  p.bytes_ = std::move(bytes);
  p.tokens_ = std::move(tokens);
  return p;
}

Pattern Pattern::FromSegments(std::vector<std::string> segments) {
  // segments.size() == number of star runs + 1 >= 2.
  Pattern p;
  if (segments.size() == 2) {
    if (segments[0].empty() && segments[1].empty()) {
      p.kind_ = Kind::kAny;
    } else if (segments[1].empty()) {
      p.kind_ = Kind::kPrefix;
      p.needle_ = std::move(segments[0]);
    } else if (segments[0].empty()) {
      p.kind_ = Kind::kSuffix;
      p.needle_ = std::move(segments[1]);
    } else {
      p.kind_ = Kind::kGlob;
    }
  } else if (segments.size() == 3 && segments[0].empty() &&
             segments[2].empty()) {
    p.kind_ = Kind::kContains;
    p.needle_ = std::move(segments[1]);
  } else {
    p.kind_ = Kind::kGlob;
  }
  if (p.kind_ == Kind::kGlob) {
    for (const std::string& s : segments) p.min_length_ += s.size();
    p.segments_ = std::move(segments);
  }
  return p;
}

bool Pattern::MatchGlob(absl::string_view input) const {
  if (has_question_) {
    return GreedyGlob(
        bytes_, input, [this](size_t i) { return tokens_[i] == kStar; },
        [this](size_t i) { return tokens_[i] == kQuestion; });
  }
  // Star-only glob: head and tail are anchored; each middle segment is
  // matched at its leftmost occurrence, which leaves the most room for the
  // rest (greedy is exact for star-only globs).
  if (input.size() < min_length_) return false;
  const std::string& head = segments_.front();
  const std::string& tail = segments_.back();
  if (input.substr(0, head.size()) != head) return false;
  if (input.substr(input.size() - tail.size()) != tail) return false;
  size_t pos = head.size();
  const absl::string_view middle = input.substr(0, input.size() - tail.size());
  for (size_t i = 1; i + 1 < segments_.size(); ++i) {
    const size_t found = middle.find(segments_[i], pos);
    if (found == absl::string_view::npos) return false;
    pos = found + segments_[i].size();
  }
  return true;
}

// --- PatternTemplate ---------------------------------------------------------

namespace {

bool HasSpace(absl::string_view s) {
  for (char c : s) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

// Parses the inside of `${...}` as `key` or `key, 'default'`.
// Whitespace is tolerated around the comma only (CHOICE).
bool ParseVariable(absl::string_view inner, absl::string_view* name,
                   bool* has_default, absl::string_view* default_value) {
  const size_t comma = inner.find(',');
  if (comma == absl::string_view::npos) {
    if (inner.empty() || HasSpace(inner)) return false;
    *name = inner;
    *has_default = false;
    return true;
  }
  absl::string_view n = absl::StripTrailingAsciiWhitespace(inner.substr(0, comma));
  if (n.empty() || HasSpace(n)) return false;
  absl::string_view d = absl::StripLeadingAsciiWhitespace(inner.substr(comma + 1));
  if (d.size() < 2 || d.front() != '\'' || d.back() != '\'') return false;
  d = d.substr(1, d.size() - 2);
  if (d.find('\'') != absl::string_view::npos) return false;
  *name = n;
  *has_default = true;
  *default_value = d;
  return true;
}

}  // namespace

PatternTemplate PatternTemplate::Compile(absl::string_view text,
                                         bool variables_enabled, Mode mode,
                                         size_t variables_from) {
  PatternTemplate t;
  t.text_ = std::string(text);
  t.mode_ = mode;
  const Piece::Kind text_kind =
      mode == Mode::kGlob ? Piece::Kind::kText : Piece::Kind::kLiteral;
  std::vector<Piece> pieces;
  auto append = [&](Piece::Kind kind, absl::string_view s) {
    if (s.empty()) return;
    if (!pieces.empty() && pieces.back().kind == kind &&
        kind != Piece::Kind::kVariable) {
      pieces.back().text.append(s.data(), s.size());
      return;
    }
    Piece p;
    p.kind = kind;
    p.text = std::string(s);
    pieces.push_back(std::move(p));
  };
  // Text runs are taken whole, up to the next `${` that starts an escape
  // or a variable; a malformed `${` stays in the run.
  size_t run = 0;   // start of the pending text run
  size_t scan = 0;  // where to look for the next `${`
  while (variables_enabled) {
    const size_t at = text.find("${", std::max(scan, variables_from));
    if (at == absl::string_view::npos) break;
    const size_t close = text.find('}', at + 2);
    if (close == absl::string_view::npos) break;  // no `${` can close
    const absl::string_view inner = text.substr(at + 2, close - at - 2);
    absl::string_view name;
    absl::string_view default_value;
    bool has_default = false;
    if (inner == "*" || inner == "?" || inner == "$") {
      append(text_kind, text.substr(run, at - run));
      append(Piece::Kind::kLiteral, inner);  // never a wildcard
    } else if (ParseVariable(inner, &name, &has_default, &default_value)) {
      append(text_kind, text.substr(run, at - run));
      Piece p;
      p.kind = Piece::Kind::kVariable;
      p.text = std::string(text.substr(at, close + 1 - at));
      p.key = CompileKey(name);
      p.has_default = has_default;
      p.default_value = std::string(default_value);
      pieces.push_back(std::move(p));
      t.has_variables_ = true;
    } else {
      scan = at + 2;  // malformed: `${` is plain text
      continue;
    }
    run = scan = close + 1;
  }
  append(text_kind, text.substr(run));
  if (!t.has_variables_) {
    if (pieces.size() == 1 && pieces[0].kind == text_kind &&
        pieces[0].text == text) {
      // One run of the template's own kind: text_ says it all (the compact
      // form, see Pieces()).
      t.pattern_ = mode == Mode::kGlob ? Pattern::Compile(text)
                                       : Pattern::Literal(text);
      return t;
    }
    std::vector<PatternPart> parts;
    parts.reserve(pieces.size());
    for (const Piece& p : pieces) {
      parts.push_back({p.text, p.kind == Piece::Kind::kLiteral});
    }
    t.pattern_ = Pattern::FromParts(parts);
  }
  t.pieces_ = std::move(pieces);
  return t;
}

absl::Span<const PatternTemplate::Piece> PatternTemplate::Pieces(
    Piece* scratch) const {
  if (!pieces_.empty() || text_.empty()) return pieces_;
  scratch->kind =
      mode_ == Mode::kGlob ? Piece::Kind::kText : Piece::Kind::kLiteral;
  scratch->text = text_;
  return absl::Span<const Piece>(scratch, 1);
}

PatternTemplate PatternTemplate::CompileResource(absl::string_view text,
                                                 bool variables_enabled) {
  size_t from = 0;
  int colons = 0;
  while (from < text.size() && colons < 5) {
    if (text[from] == ':') ++colons;
    ++from;
  }
  if (colons < 5) variables_enabled = false;
  return Compile(text, variables_enabled, Mode::kGlob, from);
}

bool PatternTemplate::ResolveVariable(const Piece& piece,
                                      const KeyResolver& resolver,
                                      absl::string_view* value) {
  // A multivalued key is never a variable value.
  if (piece.key.known_multivalued) return false;
  const KeyValues values = resolver.Lookup(piece.key);
  if (values.present && values.size > 0) {
    if (values.multivalued || values.size != 1) return false;
    *value = values.data[0];  // a present "" resolves to ""
    return true;
  }
  if (piece.has_default) {
    *value = piece.default_value;
    return true;
  }
  return false;
}

bool PatternTemplate::Resolve(const KeyResolver& resolver,
                              std::vector<PatternPart>* parts,
                              std::string* unresolved_variable) const {
  parts->clear();
  Piece scratch;
  for (const Piece& piece : Pieces(&scratch)) {
    if (piece.kind == Piece::Kind::kVariable) {
      absl::string_view value;
      if (!ResolveVariable(piece, resolver, &value)) {
        if (unresolved_variable != nullptr) *unresolved_variable = piece.text;
        return false;
      }
      parts->push_back({std::string(value), true});
    } else {
      parts->push_back({piece.text, piece.kind == Piece::Kind::kLiteral});
    }
  }
  return true;
}

bool PatternTemplate::ResolveText(const KeyResolver& resolver, std::string* out,
                                  std::string* unresolved_variable) const {
  out->clear();
  Piece scratch;
  for (const Piece& piece : Pieces(&scratch)) {
    if (piece.kind == Piece::Kind::kVariable) {
      absl::string_view value;
      if (!ResolveVariable(piece, resolver, &value)) {
        if (unresolved_variable != nullptr) *unresolved_variable = piece.text;
        return false;
      }
      out->append(value.data(), value.size());
    } else {
      out->append(piece.text);
    }
  }
  return true;
}

bool PatternTemplate::Match(const KeyResolver& resolver,
                            absl::string_view input, bool* unresolved) const {
  if (unresolved != nullptr) *unresolved = false;
  if (!has_variables_) return pattern_.Match(input);
  // Substitution: build the pattern bytes and their tokens in per-thread
  // buffers (no allocation once warm), then run the general matcher;
  // substituted values are literal tokens.
  thread_local std::string bytes;
  thread_local std::string tokens;
  bytes.clear();
  tokens.clear();
  for (const Piece& piece : pieces_) {
    absl::string_view text = piece.text;
    bool literal = piece.kind != Piece::Kind::kText;
    if (piece.kind == Piece::Kind::kVariable) {
      if (!ResolveVariable(piece, resolver, &text)) {
        if (unresolved != nullptr) *unresolved = true;
        return false;
      }
      literal = true;
    }
    bytes.append(text.data(), text.size());
    for (char c : text) {
      char t = kTokenLiteral;
      if (!literal && c == '*') t = kTokenStar;
      if (!literal && c == '?') t = kTokenQuestion;
      tokens.push_back(t);
    }
  }
  if (mode_ == Mode::kLiteral) return input == bytes;
  return GreedyGlob(
      bytes, input, [](size_t i) { return tokens[i] == kTokenStar; },
      [](size_t i) { return tokens[i] == kTokenQuestion; });
}

std::string PatternTemplate::Display(const KeyResolver& resolver) const {
  std::string out;
  Piece scratch;
  for (const Piece& piece : Pieces(&scratch)) {
    if (piece.kind == Piece::Kind::kVariable) {
      absl::string_view value;
      if (ResolveVariable(piece, resolver, &value)) {
        out.append(value.data(), value.size());
      } else {
        absl::StrAppend(&out, "<unresolved ", piece.text, ">");
      }
    } else {
      out.append(piece.text);
    }
  }
  return out;
}

}  // namespace iameval
