// Request targets: the path split into decoded segments, and the query string
// as decoded (key, value) pairs.
//
// Decoding rules (docs/rest.md):
//  - Percent-encoding (%XX, either case of hex) is decoded in path segments,
//    keys and values. A '%' not followed by two hex digits is an error.
//  - '+' is a literal plus, not a space (RFC 3986; form encoding is for
//    bodies). Clients encode a space as %20.
//  - The path is split on '/' before decoding, so an encoded "%2F" stays
//    inside its segment.
//  - Decoded text must be valid UTF-8 and contain no NUL.
//  - A key without '=' has the value "". Repeated keys keep every value, in
//    order; list parameters (members=a&members=b) also accept comma lists
//    (members=a,b), which is safe because ids cannot contain commas.
// Every failure is kParamsBindingError (1001).
//
// Thread-safety: plain values and pure functions.
#ifndef BANTER_REST_QUERY_H_
#define BANTER_REST_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace banter::rest {

// Decodes %XX escapes. Errors: kParamsBindingError (bad escape, invalid
// UTF-8, NUL).
absl::StatusOr<std::string> PercentDecode(std::string_view text);

// True if `s` is valid UTF-8 text: no overlong forms, no surrogates, nothing
// above U+10FFFF, no NUL. The engine's own validator.
bool IsValidUtf8(std::string_view s);

class Query {
 public:
  Query() = default;
  explicit Query(std::vector<std::pair<std::string, std::string>> pairs)
      : pairs_(std::move(pairs)) {}

  const std::vector<std::pair<std::string, std::string>>& pairs() const {
    return pairs_;
  }

  // The first value of `key`, or nullopt.
  std::optional<std::string_view> Get(std::string_view key) const;
  // Every value of `key` in order, comma lists split, empty items dropped.
  std::vector<std::string> List(std::string_view key) const;
  // The first value as an integer in [min, max]; `def` when absent or "".
  // Errors: kParamsBindingError (not a decimal integer, or out of range).
  absl::StatusOr<int64_t> Int(std::string_view key, int64_t def, int64_t min,
                              int64_t max) const;
  // "true" / "false"; nullopt when absent or "".
  // Errors: kParamsBindingError (anything else).
  absl::StatusOr<std::optional<bool>> Bool(std::string_view key) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

struct Target {
  std::vector<std::string> segments;  // "/a/b%20c" -> {"a", "b c"}
  Query query;
};

// Splits and decodes "/path?query". A fragment ("#...") is dropped.
// Errors: kParamsBindingError (no leading '/', bad escapes, invalid UTF-8).
absl::StatusOr<Target> ParseTarget(std::string_view target);

}  // namespace banter::rest

#endif  // BANTER_REST_QUERY_H_
