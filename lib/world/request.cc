// iameval: offline AWS IAM policy evaluation.
//
// Context: a small ordered map with case-insensitive keys. Contexts hold a
// handful of keys, so a linear scan beats hashing and keeps insertion order
// for rendering.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "iameval/request.h"

namespace iameval {

namespace {

Context::Entry* FindEntry(std::vector<Context::Entry>* entries,
                          const std::string& lower) {
  for (Context::Entry& e : *entries) {
    if (e.lower == lower) return &e;
  }
  return nullptr;
}

}  // namespace

void Context::Set(absl::string_view key, std::string value) {
  std::string lower = absl::AsciiStrToLower(key);
  ContextValue v;
  v.values.push_back(std::move(value));
  if (Entry* e = FindEntry(&entries_, lower)) {
    e->value = std::move(v);
    return;
  }
  entries_.push_back(Entry{std::string(key), std::move(lower), std::move(v)});
}

void Context::SetList(absl::string_view key, std::vector<std::string> values) {
  std::string lower = absl::AsciiStrToLower(key);
  ContextValue v;
  v.values = std::move(values);
  v.multivalued = true;
  if (Entry* e = FindEntry(&entries_, lower)) {
    e->value = std::move(v);
    return;
  }
  entries_.push_back(Entry{std::string(key), std::move(lower), std::move(v)});
}

const ContextValue* Context::Find(absl::string_view key) const {
  // Compare without allocating: lookups happen per request.
  for (const Entry& e : entries_) {
    if (e.lower.size() != key.size()) continue;
    bool same = true;
    for (size_t i = 0; i < key.size(); ++i) {
      if (absl::ascii_tolower(static_cast<unsigned char>(key[i])) !=
          e.lower[i]) {
        same = false;
        break;
      }
    }
    if (same) return &e.value;
  }
  return nullptr;
}

}  // namespace iameval
