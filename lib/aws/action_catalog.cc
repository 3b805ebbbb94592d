// iameval: offline AWS IAM policy evaluation.
//
// The catalog is one static text (lib/aws/data/action_catalog.inc, a raw
// string literal per service) parsed once into vectors of views into that
// text; lookups are binary searches over lowercase-sorted names, so the
// parsed catalog holds no copies of names.

#include "aws/action_catalog.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace iameval {
namespace aws {

namespace {

constexpr const char* kChunks[] = {
#include "aws/data/action_catalog.inc"
};

// The first chunk names the package and version it was generated from.
constexpr absl::string_view kVersionTag = "V\t";

// Compares ignoring ASCII case, as unsigned bytes.
int CompareIgnoreCase(absl::string_view a, absl::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x =
        static_cast<unsigned char>(absl::ascii_tolower(a[i]));
    const unsigned char y =
        static_cast<unsigned char>(absl::ascii_tolower(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool LessIgnoreCase(absl::string_view a, absl::string_view b) {
  return CompareIgnoreCase(a, b) < 0;
}

std::vector<uint16_t> ParseIndices(absl::string_view s) {
  std::vector<uint16_t> out;
  if (s.empty()) return out;
  for (absl::string_view part : absl::StrSplit(s, ',')) {
    uint32_t v = 0;
    if (absl::SimpleAtoi(part, &v) && v <= 0xffff) {
      out.push_back(static_cast<uint16_t>(v));
    }
  }
  return out;
}

struct Catalog {
  absl::string_view source;
  std::vector<CatalogService> services;
};

// Reads one chunk (see tools/gen_action_catalog.py for the format). Indices
// out of range are dropped, so a damaged table can only lose facts.
void ParseChunk(absl::string_view chunk, CatalogService* s) {
  for (absl::string_view line : absl::StrSplit(chunk, '\n')) {
    if (line.size() < 2 || line[1] != '\t') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line.substr(2), '\t');
    switch (line[0]) {
      case 'S':
        s->prefix = f[0];
        break;
      case 'K':
        s->condition_keys.push_back(f[0]);
        break;
      case 'R':
        if (f.size() == 2) s->resource_types.push_back({f[0], f[1]});
        break;
      case 'A': {
        if (f.size() != 3) break;
        CatalogAction a;
        a.name = f[0];
        a.service = s;
        a.resource_types = ParseIndices(f[1]);
        a.condition_keys = ParseIndices(f[2]);
        s->actions.push_back(std::move(a));
        s->documented = true;
        break;
      }
      case 'M': {
        CatalogAction a;
        a.name = f[0];
        a.service = s;
        a.documented = false;
        s->actions.push_back(std::move(a));
        break;
      }
      default:
        break;
    }
  }
  auto& rts = s->resource_types;
  auto& keys = s->condition_keys;
  for (CatalogAction& a : s->actions) {
    a.resource_types.erase(
        std::remove_if(a.resource_types.begin(), a.resource_types.end(),
                       [&](uint16_t i) { return i >= rts.size(); }),
        a.resource_types.end());
    a.condition_keys.erase(
        std::remove_if(a.condition_keys.begin(), a.condition_keys.end(),
                       [&](uint16_t i) { return i >= keys.size(); }),
        a.condition_keys.end());
  }
  std::vector<bool> listed(keys.size(), false);
  for (const CatalogAction& a : s->actions) {
    for (uint16_t k : a.condition_keys) listed[k] = true;
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    if (!listed[k]) s->service_wide_keys.push_back(static_cast<uint16_t>(k));
  }
  std::sort(s->actions.begin(), s->actions.end(),
            [](const CatalogAction& x, const CatalogAction& y) {
              return LessIgnoreCase(x.name, y.name);
            });
}

const Catalog& GetCatalog() {
  static const Catalog* catalog = [] {
    auto* c = new Catalog;
    for (absl::string_view chunk : kChunks) {
      if (absl::ConsumePrefix(&chunk, kVersionTag)) {
        c->source = chunk;
        continue;
      }
      c->services.emplace_back();
      ParseChunk(chunk, &c->services.back());
    }
    std::sort(c->services.begin(), c->services.end(),
              [](const CatalogService& x, const CatalogService& y) {
                return LessIgnoreCase(x.prefix, y.prefix);
              });
    // Sorting moved the services: point the actions at their new homes.
    for (CatalogService& s : c->services) {
      for (CatalogAction& a : s.actions) a.service = &s;
    }
    return c;
  }();
  return *catalog;
}

// Matches `text` against `pattern`, ignoring case: '*' stands for any text,
// and, when `question_mark` is set, '?' for any one character. Greedy with
// one backtrack point, so linear in practice and never exponential.
bool MatchIgnoreCase(absl::string_view pattern, absl::string_view text,
                     bool question_mark) {
  size_t p = 0, t = 0, star = absl::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() &&
               ((question_mark && pattern[p] == '?') ||
                absl::ascii_tolower(pattern[p]) ==
                    absl::ascii_tolower(text[t]))) {
      ++p;
      ++t;
    } else if (star != absl::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// A key template ("kms:EncryptionContext:*": '*' is any text).
bool TemplateMatch(absl::string_view pattern, absl::string_view text) {
  return MatchIgnoreCase(pattern, text, /*question_mark=*/false);
}

// A policy's action pattern ('*' and '?').
bool GlobIgnoreCase(absl::string_view pattern, absl::string_view text) {
  return MatchIgnoreCase(pattern, text, /*question_mark=*/true);
}

bool HasWildcard(absl::string_view s) {
  return s.find_first_of("*?") != absl::string_view::npos;
}

// One position of a pattern for ArnFormatMayMatch.
enum class Sym : uint8_t {
  kChar,     // this character
  kOne,      // any one character (the policy's ?)
  kAny,      // any text (the policy's *, a policy variable, a format's
             // ${Name} in the resource part)
  kSegment,  // any text without ':' (a format's partition, region and
             // account, whatever the format writes there)
};
struct Tok {
  Sym sym;
  char c;  // lowercased, for kChar
};

// `vars_only`: an ARN format, where only ${Name} is special; otherwise a
// policy Resource, where * and ? are wildcards and a policy variable
// ${...} may become any text.
std::vector<Tok> Tokens(absl::string_view s, bool vars_only) {
  std::vector<Tok> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      const size_t end = s.find('}', i + 2);
      if (end != absl::string_view::npos) {
        out.push_back({Sym::kAny, 0});
        i = end;
        continue;
      }
    }
    if (!vars_only && c == '*') {
      out.push_back({Sym::kAny, 0});
    } else if (!vars_only && c == '?') {
      out.push_back({Sym::kOne, 0});
    } else {
      out.push_back({Sym::kChar, absl::ascii_tolower(c)});
    }
  }
  return out;
}

// Is there a text that both the policy pattern `a` and the format `b`
// match? A walk over the product of the two patterns' positions
// (i, j): a wildcard may end (advance its side) or take one character that
// the other side's position accepts. Every move advances i or j, so one
// pass in row-major order visits each pair after all its predecessors.
bool PatternsMeet(const std::vector<Tok>& a, const std::vector<Tok>& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<char> reach((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> char& { return reach[i * (m + 1) + j]; };
  at(0, 0) = 1;
  for (size_t i = 0; i <= n; ++i) {
    for (size_t j = 0; j <= m; ++j) {
      if (!at(i, j)) continue;
      const bool a_any = i < n && a[i].sym == Sym::kAny;
      const bool b_any =
          j < m && (b[j].sym == Sym::kAny || b[j].sym == Sym::kSegment);
      if (a_any) at(i + 1, j) = 1;
      if (b_any) at(i, j + 1) = 1;
      if (i == n || j == m) continue;
      if (a_any && !b_any) {
        at(i, j + 1) = 1;  // a's wildcard takes b's character
      } else if (b_any && !a_any) {
        // b's variable takes a's character; a segment never takes ':'.
        if (!(b[j].sym == Sym::kSegment && a[i].sym == Sym::kChar &&
              a[i].c == ':')) {
          at(i + 1, j) = 1;
        }
      } else if (!a_any && !b_any &&
                 (a[i].sym == Sym::kOne || b[j].sym == Sym::kOne ||
                  a[i].c == b[j].c)) {
        at(i + 1, j + 1) = 1;
      }
    }
  }
  return at(n, m) != 0;
}

// Splits an ARN or ARN pattern at its first five colons outside ${...}
// (arn, partition, service, region, account, resource). False when it has
// fewer.
bool SplitArnParts(absl::string_view s, absl::string_view parts[6]) {
  size_t start = 0;
  int k = 0;
  for (size_t i = 0; i < s.size() && k < 5; ++i) {
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      const size_t end = s.find('}', i + 2);
      if (end != absl::string_view::npos) i = end;
      continue;
    }
    if (s[i] == ':') {
      parts[k++] = s.substr(start, i - start);
      start = i + 1;
    }
  }
  if (k < 5) return false;
  parts[5] = s.substr(start);
  return true;
}

}  // namespace

absl::string_view ActionCatalogSource() { return GetCatalog().source; }

absl::Span<const CatalogService> CatalogServices() {
  return GetCatalog().services;
}

const CatalogService* FindCatalogService(absl::string_view prefix) {
  const auto& services = GetCatalog().services;
  auto it = std::lower_bound(
      services.begin(), services.end(), prefix,
      [](const CatalogService& s, absl::string_view p) {
        return LessIgnoreCase(s.prefix, p);
      });
  if (it == services.end() || CompareIgnoreCase(it->prefix, prefix) != 0) {
    return nullptr;
  }
  return &*it;
}

namespace {

const CatalogAction* FindInService(const CatalogService* s,
                                   absl::string_view name) {
  auto it = std::lower_bound(s->actions.begin(), s->actions.end(), name,
                             [](const CatalogAction& a, absl::string_view n) {
                               return LessIgnoreCase(a.name, n);
                             });
  if (it == s->actions.end() || CompareIgnoreCase(it->name, name) != 0) {
    return nullptr;
  }
  return &*it;
}

}  // namespace

const CatalogAction* FindCatalogAction(absl::string_view action) {
  const size_t colon = action.find(':');
  if (colon == absl::string_view::npos) return nullptr;
  const CatalogService* s = FindCatalogService(action.substr(0, colon));
  if (s == nullptr) return nullptr;
  return FindInService(s, action.substr(colon + 1));
}

size_t MatchCatalogActions(absl::string_view pattern,
                           std::vector<const CatalogAction*>* out) {
  absl::string_view service_pattern = "*", name_pattern = "*";
  if (pattern != "*") {
    const size_t colon = pattern.find(':');
    if (colon == absl::string_view::npos) return 0;
    service_pattern = pattern.substr(0, colon);
    name_pattern = pattern.substr(colon + 1);
  }
  size_t n = 0;
  auto match_service = [&](const CatalogService& s) {
    if (!HasWildcard(name_pattern)) {
      const CatalogAction* a = FindInService(&s, name_pattern);
      if (a != nullptr) {
        ++n;
        if (out != nullptr) out->push_back(a);
      }
      return;
    }
    for (const CatalogAction& a : s.actions) {
      if (GlobIgnoreCase(name_pattern, a.name)) {
        ++n;
        if (out != nullptr) out->push_back(&a);
      }
    }
  };
  if (!HasWildcard(service_pattern)) {
    const CatalogService* s = FindCatalogService(service_pattern);
    if (s != nullptr) match_service(*s);
    return n;
  }
  for (const CatalogService& s : GetCatalog().services) {
    if (GlobIgnoreCase(service_pattern, s.prefix)) match_service(s);
  }
  return n;
}

bool ActionSupportsConditionKey(const CatalogAction& action,
                                absl::string_view key) {
  for (uint16_t i : action.condition_keys) {
    if (TemplateMatch(action.service->condition_keys[i], key)) return true;
  }
  return false;
}

bool ServiceDefinesConditionKey(const CatalogService& service,
                                absl::string_view key) {
  for (absl::string_view k : service.condition_keys) {
    if (TemplateMatch(k, key)) return true;
  }
  return false;
}

bool IsServiceWideConditionKey(const CatalogService& service,
                               absl::string_view key) {
  for (uint16_t k : service.service_wide_keys) {
    if (TemplateMatch(service.condition_keys[k], key)) return true;
  }
  return false;
}

bool ArnFormatMayMatch(absl::string_view format, absl::string_view resource) {
  if (resource.size() > kMaxMatchedArn) return true;
  // The whole Resource against the whole format, as AWS matches (a * in
  // the policy's account may span colons: "arn:aws:logs:*:*:/aws-glue/*"
  // matches log groups). In the format only the service and the resource
  // part count: its partition, region and account become any text
  // without ':', since whether a type's ARNs carry a region or an account
  // is where formats and real ARNs differ (global resources, partitions),
  // and a wrong "never" there would be a false warning.
  std::vector<Tok> b;
  absl::string_view f[6];
  if (SplitArnParts(format, f)) {
    b = Tokens("arn:", /*vars_only=*/true);
    b.push_back({Sym::kSegment, 0});
    std::vector<Tok> service =
        Tokens(absl::StrCat(":", f[2], ":"), /*vars_only=*/true);
    b.insert(b.end(), service.begin(), service.end());
    b.push_back({Sym::kSegment, 0});
    b.push_back({Sym::kChar, ':'});
    b.push_back({Sym::kSegment, 0});
    b.push_back({Sym::kChar, ':'});
    std::vector<Tok> rest = Tokens(f[5], /*vars_only=*/true);
    b.insert(b.end(), rest.begin(), rest.end());
  } else {
    b = Tokens(format, /*vars_only=*/true);
  }
  return PatternsMeet(Tokens(resource, /*vars_only=*/false), b);
}

}  // namespace aws
}  // namespace iameval
