// iameval: offline AWS IAM policy evaluation.
//
// The naive reference evaluator. Every rule below cites SEMANTICS.md; the
// code is written to be obviously right, not fast: strings are copied and
// lowercased on every use, globs are matched by dynamic programming over
// code points, IP addresses are parsed on every comparison.

#include "testing/reference_evaluator.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "aws/condition_keys.h"
#include "aws/principals.h"

namespace iameval {
namespace testing {

namespace {

// ---------------------------------------------------------------------------
// Text helpers.

std::string Lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// UTF-8 to code points; an invalid byte stands for itself.
std::vector<uint32_t> CodePoints(const std::string& s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                       : (c >> 3) == 30   ? 4
                                          : 1;
    if (i + len > s.size()) len = 1;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F)
                                                                  : (c & 0x07);
    for (int k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

// §3.5, §3.8 StringEqualsIgnoreCase, as docs/semantics-conditions.md
// ("Strings and case") states it: the simple lowercase mapping of one code
// point, for the listed scripts only; every other code point is its own
// lower case. Each row maps first, first + stride, ... <= last to itself
// plus delta (stride 2: alternating upper/lower pairs). Written from the
// simple lowercase field of UnicodeData.txt for those blocks, not from
// lib/condition/case.cc.
struct LowerRange {
  uint32_t first;
  uint32_t last;
  uint32_t stride;
  int32_t delta;
};

constexpr LowerRange kLowerRanges[] = {
    {0x41, 0x5A, 1, 32},  // ASCII A-Z
    // Latin-1 Supplement: À-Ö, Ø-Þ (× and ß are no upper-case letters).
    {0xC0, 0xD6, 1, 32},
    {0xD8, 0xDE, 1, 32},
    // Latin Extended-A: pairs, with İ -> i (the simple mapping, not the
    // full "i̇") and Ÿ -> ÿ; ı, ĸ, ŉ and ſ are lower case already.
    {0x100, 0x12E, 2, 1},
    {0x130, 0x130, 1, 0x69 - 0x130},
    {0x132, 0x136, 2, 1},
    {0x139, 0x147, 2, 1},
    {0x14A, 0x176, 2, 1},
    {0x178, 0x178, 1, 0xFF - 0x178},
    {0x179, 0x17D, 2, 1},
    // Basic Greek: the modern alphabet, Ά-Ϋ. Σ -> σ; final ς is a letter
    // of its own. (The archaic and Coptic letters of the block, Ϙ, Ϣ, ...,
    // are read as outside "basic Greek" and compare exactly.)
    {0x386, 0x386, 1, 0x3AC - 0x386},
    {0x388, 0x38A, 1, 0x3AD - 0x388},
    {0x38C, 0x38C, 1, 0x3CC - 0x38C},
    {0x38E, 0x38F, 1, 0x3CD - 0x38E},
    {0x391, 0x3A1, 1, 32},
    {0x3A3, 0x3AB, 1, 32},
    // Cyrillic and Cyrillic Supplement, U+0400-U+052F.
    {0x400, 0x40F, 1, 80},
    {0x410, 0x42F, 1, 32},
    {0x460, 0x480, 2, 1},
    {0x48A, 0x4BE, 2, 1},
    {0x4C0, 0x4C0, 1, 0x4CF - 0x4C0},
    {0x4C1, 0x4CD, 2, 1},
    {0x4D0, 0x52E, 2, 1},
    // Armenian: Ա-Ֆ.
    {0x531, 0x556, 1, 48},
};

uint32_t SimpleLower(uint32_t cp) {
  for (const LowerRange& r : kLowerRanges) {
    if (cp >= r.first && cp <= r.last && (cp - r.first) % r.stride == 0) {
      return static_cast<uint32_t>(static_cast<int32_t>(cp) + r.delta);
    }
  }
  return cp;
}

// A unit of text for StringEqualsIgnoreCase: a code point of well-formed
// UTF-8, or one byte that is not part of one. "Invalid UTF-8 bytes compare
// as themselves": a lone 0xC4 byte is not U+00C4, and an overlong form
// (E0 81 81) is not the letter it would spell (A), so bytes are kept apart
// from code points.
struct TextUnit {
  bool raw_byte;
  uint32_t value;  // the lowercased code point, or the byte
  bool operator==(const TextUnit& o) const {
    return raw_byte == o.raw_byte && value == o.value;
  }
};

// Well-formed UTF-8 (Unicode 3.9, Table 3-7): the shortest encoding of a
// scalar value, so no overlong forms, no surrogates, nothing above
// U+10FFFF. Decoded strictly here, unlike CodePoints above, which only
// has to find character boundaries for globs.
std::vector<TextUnit> LowercaseUnits(const std::string& s) {
  std::vector<TextUnit> out;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4
                                               : 0;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F)
                                                                  : (c & 0x07);
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const unsigned char t = static_cast<unsigned char>(s[i + k]);
      if ((t & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (t & 0x3F);
    }
    // The smallest code point that needs `len` bytes.
    const uint32_t shortest = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (ok && len > 1 &&
        (cp < shortest || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) {
      ok = false;
    }
    if (ok) {
      out.push_back({false, SimpleLower(cp)});
      i += len;
    } else {
      out.push_back({true, c});
      ++i;
    }
  }
  return out;
}

bool IsAllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

// A glob character: a code point, or a wildcard (`*` / `?` in glob text; a
// `*` or `?` that came from a policy variable is a plain character).
struct GlobChar {
  uint32_t cp;
  bool wildcard;
};

bool GlobCharsMatch(const std::vector<GlobChar>& p, const std::string& text) {
  std::vector<uint32_t> t = CodePoints(text);
  // Row i of the DP table: prev[j] = p[0..i-1) matches t[0..j).
  std::vector<char> prev(t.size() + 1, 0), cur(t.size() + 1, 0);
  prev[0] = 1;
  for (size_t i = 1; i <= p.size(); ++i) {
    const GlobChar& c = p[i - 1];
    for (size_t j = 0; j <= t.size(); ++j) {
      if (c.wildcard && c.cp == '*') {
        cur[j] = prev[j] || (j > 0 && cur[j - 1]);
      } else if (j > 0 && ((c.wildcard && c.cp == '?') || c.cp == t[j - 1])) {
        cur[j] = prev[j - 1];
      } else {
        cur[j] = 0;
      }
    }
    prev.swap(cur);
  }
  return prev[t.size()] != 0;
}

}  // namespace

// §2.1, §2.2, §3.5: `*` any run (also across ':' and '/'), `?` exactly one
// code point, everything else literal. DP over (pattern, text) prefixes.
bool RefGlob(const std::string& pattern, const std::string& text) {
  std::vector<GlobChar> p;
  for (uint32_t cp : CodePoints(pattern)) p.push_back({cp, cp == '*' || cp == '?'});
  return GlobCharsMatch(p, text);
}

namespace {

void AppendGlobText(const std::string& s, std::vector<GlobChar>* out) {
  for (uint32_t cp : CodePoints(s)) out->push_back({cp, cp == '*' || cp == '?'});
}

void AppendLiteral(const std::string& s, std::vector<GlobChar>* out) {
  for (uint32_t cp : CodePoints(s)) out->push_back({cp, false});
}

const RefContextEntry* FindKey(const std::vector<RefContextEntry>& context,
                               const std::string& key);

// §3.7: the documented multivalued keys; never usable as variables (§3.10).
// The list is a fact about AWS, not a mechanism, so the reference reads the
// same table as the engine (aws/condition_keys.h).
bool KnownMultivalued(const std::string& key) {
  const aws::ConditionKeyInfo* info = aws::FindConditionKey(Lower(key));
  return info != nullptr && info->multivalued;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// §3.10: `${key}` or `${key, 'default'}` (whitespace around the comma
// tolerated), or nullopt if `body` is not a well-formed variable.
struct Variable {
  std::string key;
  std::optional<std::string> default_value;
};
std::optional<Variable> ParseVariable(const std::string& body) {
  Variable v;
  size_t comma = body.find(',');
  v.key = comma == std::string::npos ? body : Trim(body.substr(0, comma));
  if (v.key.empty() || v.key.find(' ') != std::string::npos) return std::nullopt;
  if (comma != std::string::npos) {
    std::string d = Trim(body.substr(comma + 1));
    if (d.size() < 2 || d.front() != '\'' || d.back() != '\'') return std::nullopt;
    v.default_value = d.substr(1, d.size() - 2);
  }
  return v;
}

// The value of a variable, or nullopt when it is unresolved (§3.10): a
// multivalued key never resolves; an absent key (or an empty list, §3.4)
// takes the default if there is one.
std::optional<std::string> ResolveVariable(
    const Variable& v, const std::vector<RefContextEntry>& context) {
  if (KnownMultivalued(v.key)) return std::nullopt;
  const RefContextEntry* e = FindKey(context, v.key);
  if (e != nullptr && !e->values.empty()) {
    if (e->multivalued) return std::nullopt;
    return e->values.front();
  }
  return v.default_value;
}

// One Resource / NotResource entry against the request resource (§2.2,
// §3.10). With Version 2012-10-17, `${...}` after the fifth colon is a
// variable (substituted as literal text) or an escape (`${*}`, `${?}`,
// `${$}`); before it, and under older versions, it is plain text. Returns
// nullopt when a variable is unresolved.
std::optional<bool> ResourceEntryMatches(
    const std::string& pattern, const std::string& resource,
    bool variables, const std::vector<RefContextEntry>& context) {
  size_t from = 0;
  int colons = 0;
  while (from < pattern.size() && colons < 5) {
    if (pattern[from] == ':') ++colons;
    ++from;
  }
  if (!variables || colons < 5) return RefGlob(pattern, resource);
  std::vector<GlobChar> glob;
  AppendGlobText(pattern.substr(0, from), &glob);
  size_t i = from;
  while (i < pattern.size()) {
    size_t open = pattern.find("${", i);
    if (open == std::string::npos) {
      AppendGlobText(pattern.substr(i), &glob);
      break;
    }
    AppendGlobText(pattern.substr(i, open - i), &glob);
    size_t close = pattern.find('}', open + 2);
    if (close == std::string::npos) {
      AppendGlobText(pattern.substr(open), &glob);
      break;
    }
    std::string body = pattern.substr(open + 2, close - open - 2);
    if (body == "*" || body == "?" || body == "$") {
      AppendLiteral(body, &glob);
    } else if (std::optional<Variable> v = ParseVariable(body)) {
      std::optional<std::string> value = ResolveVariable(*v, context);
      if (!value) return std::nullopt;
      AppendLiteral(*value, &glob);
    } else {
      AppendGlobText(pattern.substr(open, close + 1 - open), &glob);
    }
    i = close + 1;
  }
  return GlobCharsMatch(glob, resource);
}

// ---------------------------------------------------------------------------
// Actions and resources.

// §2.1: case-insensitive glob on the whole "service:operation".
bool ActionElementMatches(const Statement& s, const std::string& action) {
  bool any = false;
  for (const std::string& pattern : s.actions) {
    if (RefGlob(Lower(pattern), Lower(action))) any = true;
  }
  return s.not_action ? !any : any;
}

// §2.2: case-sensitive glob on the whole ARN. A statement without a
// Resource element (trust policies) is about the resource it is attached to.
// A Resource entry with an unresolved variable matches nothing; a NotResource
// entry with one cannot be evaluated, and then the Effect decides: a Deny
// applies, an Allow does not (docs/semantics.md#unevaluable).
bool ResourceElementMatches(const Statement& s, const std::string& resource,
                            bool variables,
                            const std::vector<RefContextEntry>& context) {
  if (!s.has_resource) return true;
  bool any = false;
  bool unresolved = false;
  for (const std::string& pattern : s.resources) {
    std::optional<bool> m =
        ResourceEntryMatches(pattern, resource, variables, context);
    if (!m.has_value()) unresolved = true;
    if (m.has_value() && *m) any = true;
  }
  if (!s.not_resource) return any;
  if (unresolved) return s.effect == Effect::kDeny;
  return !any;
}

// ---------------------------------------------------------------------------
// Principals (§2.3, §4.3).

// How an applicable statement's principal element named the caller.
enum class Via { kNone, kAccount, kEntity, kService, kDirect };

using Type = PrincipalFacts::Type;

bool IsIamCaller(const PrincipalFacts& p) {
  return p.type == Type::kUser || p.type == Type::kAssumedRole ||
         p.type == Type::kFederatedUser || p.type == Type::kRoot;
}

// The account an "AWS" entry names, if it names an account: a 12-digit id
// or arn:<partition>:iam::<id>:root.
bool EntryAccount(const std::string& value, std::string* account) {
  if (value.size() == 12 && IsAllDigits(value)) {
    *account = value;
    return true;
  }
  std::vector<std::string> parts = Split(value, ':');
  if (parts.size() == 6 && parts[0] == "arn" && parts[2] == "iam" &&
      parts[3].empty() && parts[4].size() == 12 && IsAllDigits(parts[4]) &&
      parts[5] == "root") {
    *account = parts[4];
    return true;
  }
  return false;
}

Via AwsEntryMatch(const std::string& value, const PrincipalFacts& p) {
  if (value == "*") return Via::kDirect;
  if (!IsIamCaller(p)) return Via::kNone;
  std::string account;
  if (EntryAccount(value, &account)) {
    return account == p.account ? Via::kAccount : Via::kNone;
  }
  // User ARN of a user, session ARN, federated-user ARN: the caller itself.
  if (p.type != Type::kRoot && value == p.arn) return Via::kDirect;
  // Role ARN (with path) of a session: the entity behind the caller.
  if (p.type == Type::kAssumedRole && value == p.role_arn) return Via::kEntity;
  return Via::kNone;
}

Via ServiceEntryMatch(const std::string& value, const PrincipalFacts& p) {
  if (p.type != Type::kService) return Via::kNone;
  // §2.3: service names compare case-insensitively (CHOICE).
  const std::string& name = p.service.empty() ? p.arn : p.service;
  return Lower(value) == Lower(name) ? Via::kService : Via::kNone;
}

// Every way the block names the caller.
std::vector<Via> BlockMatches(const PrincipalBlock& b, const PrincipalFacts& p) {
  std::vector<Via> out;
  if (b.wildcard) out.push_back(Via::kDirect);
  for (const std::string& v : b.aws) out.push_back(AwsEntryMatch(v, p));
  for (const std::string& v : b.service) out.push_back(ServiceEntryMatch(v, p));
  // Federated and CanonicalUser never name the callers modelled here.
  return out;
}

// §2.3 NotPrincipal + Deny, fail closed: the caller is exempt only if the
// list names the caller itself and every parent AWS may check (its account;
// for a role session also its role). A principal with a permissions
// boundary is never exempt.
bool NotPrincipalDenyExempts(const PrincipalBlock& b, const PrincipalFacts& p) {
  if (p.has_boundary) return false;
  bool self = false, account = false, role = false;
  if (b.wildcard) self = account = role = true;
  for (const std::string& v : b.aws) {
    if (v == "*") {
      self = account = role = true;
      continue;
    }
    std::string acct;
    if (EntryAccount(v, &acct)) {
      if (IsIamCaller(p) && acct == p.account) account = true;
      continue;
    }
    if (IsIamCaller(p) && p.type != Type::kRoot && v == p.arn) self = true;
    if (p.type == Type::kAssumedRole && v == p.role_arn) role = true;
  }
  for (const std::string& v : b.service) {
    if (ServiceEntryMatch(v, p) != Via::kNone) self = true;
  }
  switch (p.type) {
    case Type::kRoot:
      return account;  // the root ARN and the account are the same name
    case Type::kUser:
    case Type::kFederatedUser:
      return self && account;
    case Type::kAssumedRole:
      return self && role && account;
    case Type::kService:
      return self;
    case Type::kAnonymous:
      return self;  // only "*" names anonymous
  }
  return false;
}

// The classes through which the statement's principal element applies to
// the caller (empty: it does not apply). Identity-type statements have no
// principal element and apply to their owner.
std::vector<Via> PrincipalVia(const Statement& s, const PrincipalFacts& p) {
  std::vector<Via> out;
  switch (s.principal_mode) {
    case PrincipalMode::kNone:
      out.push_back(Via::kDirect);
      break;
    case PrincipalMode::kPrincipal:
      for (Via v : BlockMatches(s.principal, p)) {
        if (v != Via::kNone) out.push_back(v);
      }
      break;
    case PrincipalMode::kNotPrincipal:
      if (s.effect == Effect::kDeny) {
        if (!NotPrincipalDenyExempts(s.principal, p)) {
          out.push_back(Via::kDirect);
        }
      } else {
        // Allow + NotPrincipal: everyone the list does not name, like "*".
        bool named = false;
        for (Via v : BlockMatches(s.principal, p)) {
          if (v != Via::kNone) named = true;
        }
        if (!named) out.push_back(Via::kDirect);
      }
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Conditions (§3).

const RefContextEntry* FindKey(const std::vector<RefContextEntry>& context,
                               const std::string& key) {
  // §1.4: key names are case-insensitive; the last entry for a key wins.
  const RefContextEntry* found = nullptr;
  for (const RefContextEntry& e : context) {
    if (Lower(e.key) == Lower(key)) found = &e;
  }
  return found;
}

// §3.5 Numeric: [+-]?digits[.digits]. Compared as long double, which is
// exact for the short values the generators use.
bool ParseNumber(const std::string& s, long double* out) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (digits == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t frac = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++frac;
    if (frac == 0) return false;
  }
  if (i != s.size()) return false;
  *out = std::strtold(s.c_str(), nullptr);
  return true;
}

// An IP address as 16 bytes plus its family.
struct Ip {
  bool v6 = false;
  uint8_t bytes[16] = {};
};

// §3.5, docs/semantics-conditions.md: four decimal octets. An octet with a
// leading zero ("010") is rejected: inet_aton reads it as octal, others as
// decimal, so the text names no one address.
bool ParseIpv4(const std::string& s, Ip* ip) {
  std::vector<std::string> parts = Split(s, '.');
  if (parts.size() != 4) return false;
  for (int i = 0; i < 4; ++i) {
    if (parts[i].empty() || parts[i].size() > 3 || !IsAllDigits(parts[i])) {
      return false;
    }
    if (parts[i].size() > 1 && parts[i][0] == '0') return false;
    int v = std::atoi(parts[i].c_str());
    if (v > 255) return false;
    ip->bytes[i] = static_cast<uint8_t>(v);
  }
  ip->v6 = false;
  return true;
}

bool ParseHexGroup(const std::string& g, uint16_t* out) {
  if (g.empty() || g.size() > 4) return false;
  uint32_t v = 0;
  for (char c : g) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = v * 16 + d;
  }
  *out = static_cast<uint16_t>(v);
  return true;
}

// Hex groups only (see ParseIpv6 for the dotted-quad tail).
bool ParseIpv6Groups(const std::string& s, Ip* ip) {
  size_t dc = s.find("::");
  std::vector<std::string> head, tail;
  if (dc == std::string::npos) {
    head = Split(s, ':');
    if (head.size() != 8) return false;
  } else {
    if (s.find("::", dc + 1) != std::string::npos) return false;
    std::string h = s.substr(0, dc), t = s.substr(dc + 2);
    if (!h.empty()) head = Split(h, ':');
    if (!t.empty()) tail = Split(t, ':');
    if (head.size() + tail.size() > 7) return false;
  }
  std::vector<uint16_t> groups;
  for (const std::string& g : head) {
    uint16_t v;
    if (!ParseHexGroup(g, &v)) return false;
    groups.push_back(v);
  }
  if (dc != std::string::npos) {
    groups.resize(8 - tail.size(), 0);
  }
  for (const std::string& g : tail) {
    uint16_t v;
    if (!ParseHexGroup(g, &v)) return false;
    groups.push_back(v);
  }
  if (groups.size() != 8) return false;
  for (int i = 0; i < 8; ++i) {
    ip->bytes[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    ip->bytes[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xFF);
  }
  ip->v6 = true;
  return true;
}

// §3.5: eight hex groups, `::` for one or more zero groups, and (RFC 4291
// 2.2) the last two groups optionally written as a dotted quad, as in
// `::ffff:10.1.2.3`. That is an IPv6 address like any other (v6 == true):
// no IPv4-mapped equivalence, so it never matches an IPv4 range. The quad is
// rewritten as two hex groups and parsed with the rest.
bool ParseIpv6(const std::string& s, Ip* ip) {
  size_t last_colon = s.rfind(':');
  std::string tail = s.substr(last_colon + 1);
  if (tail.find('.') == std::string::npos) return ParseIpv6Groups(s, ip);
  Ip v4;
  if (!ParseIpv4(tail, &v4)) return false;
  char groups[10];
  std::snprintf(groups, sizeof(groups), "%x:%x", v4.bytes[0] << 8 | v4.bytes[1],
                v4.bytes[2] << 8 | v4.bytes[3]);
  return ParseIpv6Groups(s.substr(0, last_colon + 1) + groups, ip);
}

bool ParseIp(const std::string& s, Ip* ip) {
  if (s.find(':') != std::string::npos) return ParseIpv6(s, ip);
  return ParseIpv4(s, ip);
}

// A policy CIDR or single host: the network and its prefix length.
bool ParseCidr(const std::string& cidr, Ip* net, int* prefix) {
  std::string base = cidr;
  *prefix = -1;
  size_t slash = cidr.find('/');
  if (slash != std::string::npos) {
    base = cidr.substr(0, slash);
    std::string bits = cidr.substr(slash + 1);
    if (!IsAllDigits(bits) || bits.size() > 3) return false;
    // "/08" is rejected like the octet "08" (a lone "/0" is fine).
    if (bits.size() > 1 && bits[0] == '0') return false;
    *prefix = std::atoi(bits.c_str());
  }
  if (!ParseIp(base, net)) return false;
  int width = net->v6 ? 128 : 32;
  if (*prefix < 0) *prefix = width;
  return *prefix <= width;
}

// §3.5 IpAddress: CIDR or single host; host bits in the policy CIDR are
// masked; IPv4 never matches IPv6 and vice versa.
bool IpInRange(const std::string& request, const std::string& cidr) {
  Ip addr, net;
  int prefix;
  if (!ParseIp(request, &addr)) return false;
  if (!ParseCidr(cidr, &net, &prefix)) return false;
  if (net.v6 != addr.v6) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    int byte = bit / 8, shift = 7 - bit % 8;
    if (((addr.bytes[byte] >> shift) & 1) != ((net.bytes[byte] >> shift) & 1)) {
      return false;
    }
  }
  return true;
}

// §3.5 Arn*: six parts split at the first five colons, each part a
// case-sensitive glob; a value that is not an ARN never matches.
bool ArnSplit(const std::string& s, std::vector<std::string>* parts) {
  parts->clear();
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = s.find(':', start);
    if (colon == std::string::npos) return false;
    parts->push_back(s.substr(start, colon - start));
    start = colon + 1;
  }
  parts->push_back(s.substr(start));
  return true;
}

bool ArnLikeMatch(const std::string& value, const std::string& pattern) {
  std::vector<std::string> v, p;
  if (!ArnSplit(value, &v) || v[0] != "arn") return false;
  if (!ArnSplit(pattern, &p)) return false;
  for (int i = 0; i < 6; ++i) {
    if (!RefGlob(p[i], v[i])) return false;
  }
  return true;
}

bool BoolWord(const std::string& s) {
  std::string l = Lower(s);
  return l == "true" || l == "false";
}

// The positive comparison of one request value with one policy value.
bool PositiveMatch(const std::string& base, const std::string& r,
                   const std::string& p) {
  if (base == "StringEquals") return r == p;
  if (base == "StringEqualsIgnoreCase") {
    return LowercaseUnits(r) == LowercaseUnits(p);
  }
  if (base == "StringLike") return RefGlob(p, r);
  if (base == "Bool") {
    return BoolWord(p) && BoolWord(r) && Lower(r) == Lower(p);
  }
  if (base == "NumericLessThan") {
    long double a, b;
    return ParseNumber(r, &a) && ParseNumber(p, &b) && a < b;
  }
  if (base == "IpAddress") return IpInRange(r, p);
  if (base == "ArnLike") return ArnLikeMatch(r, p);
  return false;
}

// Whether a policy value parses for the operator (`base` as ParseOp gives
// it). A clause with one that does not cannot be evaluated, and the
// statement's Effect decides (docs/semantics.md#unevaluable).
bool PolicyValueParses(const std::string& base, const std::string& p) {
  if (base == "Bool" || base == "Null") return BoolWord(p);
  if (base == "NumericLessThan") {
    long double n;
    return ParseNumber(p, &n);
  }
  if (base == "IpAddress") {
    Ip net;
    int prefix;
    return ParseCidr(p, &net, &prefix);
  }
  if (base == "ArnLike") {
    std::vector<std::string> parts;
    return ArnSplit(p, &parts) && parts[0] == "arn";
  }
  return true;  // String operators
}

struct ParsedOp {
  enum class Set { kNone, kAny, kAll } set = Set::kNone;
  bool if_exists = false;
  bool negated = false;
  std::string base;  // positive family name, e.g. "StringLike"; "" unknown
};

ParsedOp ParseOp(const std::string& name) {
  ParsedOp op;
  std::string rest = name;
  if (StartsWith(rest, "ForAnyValue:")) {
    op.set = ParsedOp::Set::kAny;
    rest = rest.substr(12);
  } else if (StartsWith(rest, "ForAllValues:")) {
    op.set = ParsedOp::Set::kAll;
    rest = rest.substr(13);
  }
  if (EndsWith(rest, "IfExists") && rest != "Null") {
    op.if_exists = true;
    rest = rest.substr(0, rest.size() - 8);
  }
  if (rest == "StringEquals" || rest == "StringEqualsIgnoreCase" ||
      rest == "StringLike" || rest == "Bool" || rest == "NumericLessThan" ||
      rest == "IpAddress" || rest == "ArnLike" || rest == "Null") {
    op.base = rest;
  } else if (rest == "StringNotEquals") {
    op.base = "StringEquals";
    op.negated = true;
  } else if (rest == "StringNotLike") {
    op.base = "StringLike";
    op.negated = true;
  }
  return op;
}

// Op(r, P) for one request value: OR over the policy values, negated
// operators NOR (§3.1).
bool SingleValue(const ParsedOp& op, const std::string& r,
                 const std::vector<std::string>& policy_values) {
  bool any = false;
  for (const std::string& p : policy_values) {
    if (PositiveMatch(op.base, r, p)) any = true;
  }
  return op.negated ? !any : any;
}

}  // namespace

bool RefClauseEvaluable(const ConditionClause& clause) {
  ParsedOp op = ParseOp(clause.op);
  for (const std::string& p : clause.values) {
    if (!PolicyValueParses(op.base, p)) return false;
  }
  return true;
}

bool RefConditionHolds(const ConditionClause& clause,
                       const std::vector<RefContextEntry>& context) {
  ParsedOp op = ParseOp(clause.op);
  if (op.base.empty()) return false;  // outside the supported subset
  const RefContextEntry* e = FindKey(context, clause.key);

  // §3.4: "a key present with an empty array value counts as absent"; read
  // (as docs/semantics.md records) for every operator, not only Null: an
  // empty list is no key at all, so §3.2 / §3.3 / §3.6 R = {} apply.
  if (e != nullptr && e->values.empty()) e = nullptr;

  if (op.base == "Null") {
    // With a set prefix: ForAllValues always true, ForAnyValue always false
    // (§3.4 CHOICE).
    if (op.set == ParsedOp::Set::kAll) return true;
    if (op.set == ParsedOp::Set::kAny) return false;
    bool present = e != nullptr;
    bool any = false;
    for (const std::string& v : clause.values) {
      std::string l = Lower(v);
      if (l == "true" && !present) any = true;
      if (l == "false" && present) any = true;
    }
    return any;
  }

  if (op.set == ParsedOp::Set::kNone) {
    if (e == nullptr) {
      // §3.2: absent key: IfExists true, negated true, positive false.
      return op.if_exists || op.negated;
    }
    // §3.7 CHOICE: a plain operator on a multivalued value is false,
    // positive and negated alike, IfExists too (the key exists).
    if (e->multivalued) return false;
    return SingleValue(op, e->values.front(), clause.values);
  }

  // §3.6 set operators; R = the request values (absent key = empty set).
  if (e == nullptr && op.if_exists) return true;  // §3.3
  std::vector<std::string> r;
  if (e != nullptr) r = e->values;
  if (op.set == ParsedOp::Set::kAny) {
    for (const std::string& v : r) {
      if (SingleValue(op, v, clause.values)) return true;
    }
    return false;
  }
  for (const std::string& v : r) {
    if (!SingleValue(op, v, clause.values)) return false;
  }
  return true;
}

namespace {

// ---------------------------------------------------------------------------
// Layers.

// What one layer says about the request: every applicable statement (§2.4).
struct RefScan {
  std::vector<RefStatementId> denies;
  std::vector<RefStatementId> allows;
  // The applicable Allows that named the caller in each class (a statement
  // may name the caller several ways and then appears in several lists).
  std::vector<RefStatementId> allows_direct, allows_entity, allows_account,
      allows_service;
  bool allow_direct = false;   // an applicable Allow named the caller RP-DIRECT
  bool allow_entity = false;   // ... RP-ENTITY
  bool allow_account = false;  // ... RP-ACCOUNT
  bool allow_service = false;  // ... RP-SERVICE
};

RefScan ScanLayer(const RefLayer& layer, const RefRequest& req) {
  RefScan scan;
  for (const Policy* policy : layer) {
    const std::vector<Statement>& statements = policy->statements();
    for (size_t i = 0; i < statements.size(); ++i) {
      const Statement& s = statements[i];
      if (!ActionElementMatches(s, req.action)) continue;
      if (!ResourceElementMatches(
              s, req.resource,
              policy->version() == PolicyVersion::k2012_10_17, req.context)) {
        continue;
      }
      std::vector<Via> via = PrincipalVia(s, req.principal);
      if (via.empty()) continue;
      // A condition block that cannot be evaluated holds for a Deny and not
      // for an Allow (docs/semantics.md#unevaluable).
      bool evaluable = true;
      for (const ConditionClause& c : s.conditions) {
        if (!RefClauseEvaluable(c)) evaluable = false;
      }
      bool conditions = true;
      if (!evaluable) {
        conditions = s.effect == Effect::kDeny;
      } else {
        for (const ConditionClause& c : s.conditions) {
          if (!RefConditionHolds(c, req.context)) conditions = false;
        }
      }
      if (!conditions) continue;
      RefStatementId id(policy->name(), static_cast<int>(i));
      if (s.effect == Effect::kDeny) {
        scan.denies.push_back(id);
        continue;
      }
      scan.allows.push_back(id);
      for (Via v : via) {
        if (v == Via::kDirect) {
          scan.allow_direct = true;
          scan.allows_direct.push_back(id);
        }
        if (v == Via::kEntity) {
          scan.allow_entity = true;
          scan.allows_entity.push_back(id);
        }
        if (v == Via::kAccount) {
          scan.allow_account = true;
          scan.allows_account.push_back(id);
        }
        if (v == Via::kService) {
          scan.allow_service = true;
          scan.allows_service.push_back(id);
        }
      }
    }
  }
  return scan;
}

}  // namespace

RefResult ReferenceEvaluate(const RefLayers& layers, const RefRequest& req) {
  RefResult result;
  const PrincipalFacts& p = req.principal;

  std::vector<RefScan> scp, rcp;
  if (layers.scps_apply) {
    for (const RefLayer& l : layers.scp_levels) scp.push_back(ScanLayer(l, req));
  }
  if (layers.rcps_apply) {
    for (const RefLayer& l : layers.rcp_levels) rcp.push_back(ScanLayer(l, req));
  }
  RefScan none;
  RefScan rp = layers.resource_policy ? ScanLayer(*layers.resource_policy, req)
                                      : none;
  RefScan id = layers.identity ? ScanLayer(*layers.identity, req) : none;
  RefScan pb = layers.boundary ? ScanLayer(*layers.boundary, req) : none;
  RefScan sp = layers.session ? ScanLayer(*layers.session, req) : none;

  // §4.2 step 1: an applicable Deny anywhere is an explicit deny.
  auto add_denies = [&](const RefScan& s) {
    result.denied_by.insert(s.denies.begin(), s.denies.end());
  };
  for (const RefScan& s : scp) add_denies(s);
  for (const RefScan& s : rcp) add_denies(s);
  add_denies(rp);
  add_denies(id);
  add_denies(pb);
  add_denies(sp);
  if (!result.denied_by.empty()) {
    result.decision = Decision::kExplicitDeny;
    return result;
  }

  // Step 2: RCP levels always hold RCPFullAWSAccess (§4.7): no check left.
  // Step 3: every SCP level needs an applicable Allow (§4.6).
  for (const RefScan& s : scp) {
    if (s.allows.empty()) return result;  // implicit deny
  }

  // Step 4: the grant (§4.3, §4.4, §4.9, §5.1, §7.1).
  const bool service_like =
      p.type == Type::kService || p.type == Type::kAnonymous;
  const bool identity_allows =
      p.type == Type::kRoot || !id.allows.empty();  // §4.2: root needs none
  const bool boundary_allows = !layers.boundary || !pb.allows.empty();
  const bool session_allows = !layers.session || !sp.allows.empty();
  const bool limits = boundary_allows && session_allows;
  // AWS-owned resources (account "aws") are in no other account.
  const bool same_account =
      !service_like && (p.account == req.resource_account ||
                        req.resource_account == aws::kAwsOwnedAccount);

  // The first grant that holds decides which Allows are credited: "the
  // statements that made each required layer pass".
  auto add = [&](const std::vector<RefStatementId>& ids) {
    result.allowed_by.insert(ids.begin(), ids.end());
  };
  auto add_limits = [&] {
    add(pb.allows);
    add(sp.allows);
  };
  bool granted = false;
  if (service_like) {
    // §4.9: only the resource policy, naming the service or everyone.
    granted = rp.allow_direct || rp.allow_service;
    if (granted) {
      add(rp.allows_direct);
      add(rp.allows_service);
    }
  } else if (same_account && !layers.identity_required) {
    const bool generic = layers.mode == ResourcePolicyMode::kGeneric;
    if (rp.allow_direct) {
      // §4.3 RP-DIRECT: not limited by identity, boundary or session policy.
      granted = true;
      add(rp.allows_direct);
    } else if (rp.allow_entity && limits) {
      // §4.3 RP-ENTITY: limited by the boundary and the session policy.
      granted = true;
      add(rp.allows_entity);
      add_limits();
    } else if (generic && identity_allows && limits) {
      // §4.3: identity OR resource policy in one account.
      granted = true;
      add(id.allows);
      add_limits();
    } else if (!generic && rp.allow_account && identity_allows && limits) {
      // §5.1 trust / §7.1 key policy: delegation to the account plus an
      // identity Allow.
      granted = true;
      add(rp.allows_account);
      add(id.allows);
      add_limits();
    }
  } else {
    // §4.4 (and §5.4's identity_required): both sides; any class on the
    // resource side.
    bool rp_any = rp.allow_direct || rp.allow_entity || rp.allow_account;
    granted = rp_any && identity_allows && limits;
    if (granted) {
      add(rp.allows);
      add(id.allows);
      add_limits();
    }
  }
  if (!granted) {
    result.allowed_by.clear();
    return result;
  }
  result.decision = Decision::kAllow;
  return result;
}

}  // namespace testing
}  // namespace iameval
