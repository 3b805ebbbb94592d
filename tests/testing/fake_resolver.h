// iameval: offline AWS IAM policy evaluation.
//
// FakeResolver: a KeyResolver over an in-memory map, for tests and
// benchmarks. Keys are folded by CompileKey, so lookups are
// case-insensitive as SEMANTICS §1.4 requires.
//
//   FakeResolver r;
//   r.Set("aws:PrincipalTag/team", "red");        // single-valued
//   r.SetMulti("aws:TagKeys", {"team", "env"});   // multivalued (JSON array)

#ifndef IAMEVAL_TESTS_TESTING_FAKE_RESOLVER_H_
#define IAMEVAL_TESTS_TESTING_FAKE_RESOLVER_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "condition/key.h"

namespace iameval {
namespace testing {

class FakeResolver : public KeyResolver {
 public:
  // A single-valued key.
  FakeResolver& Set(absl::string_view key, absl::string_view value) {
    Entry& e = entries_[CompileKey(key).name];
    e.values = {std::string(value)};
    e.multivalued = false;
    return *this;
  }
  // A multivalued key (given as an array; may be empty).
  FakeResolver& SetMulti(absl::string_view key, std::vector<std::string> values) {
    Entry& e = entries_[CompileKey(key).name];
    e.values = std::move(values);
    e.multivalued = true;
    return *this;
  }
  FakeResolver& Erase(absl::string_view key) {
    entries_.erase(CompileKey(key).name);
    return *this;
  }
  // Number of Lookup calls so far (to check short-circuiting).
  int lookups() const { return lookups_; }

  KeyValues Lookup(const CompiledKey& key) const override {
    ++lookups_;
    KeyValues out;
    auto it = entries_.find(key.name);
    if (it == entries_.end()) return out;
    out.present = true;
    out.data = it->second.values.data();
    out.size = it->second.values.size();
    out.multivalued = it->second.multivalued;
    return out;
  }

 private:
  struct Entry {
    std::vector<std::string> values;
    bool multivalued = false;
  };
  std::map<std::string, Entry> entries_;
  mutable int lookups_ = 0;
};

}  // namespace testing
}  // namespace iameval

#endif  // IAMEVAL_TESTS_TESTING_FAKE_RESOLVER_H_
