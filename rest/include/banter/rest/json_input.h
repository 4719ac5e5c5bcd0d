// Reading request bodies: typed getters over a JSON object, each producing
// the right error code, so no handler touches a raw boost::json::value.
//
// The rules every getter follows (docs/rest.md, "Bad input"):
//  - absent or null   = not given (the optional is empty);
//  - wrong JSON type  = kParamsBindingError (1001), e.g. a number where a
//                       string is due, 1.5 where an integer is due;
//  - required and not given, or an empty string where a required id or
//    secret is due = kInvalidParams (1002);
//  - a string that is not valid UTF-8 = kParamsBindingError;
//  - unknown fields are ignored.
// Metadata maps (data, memberInfo, privateData) report their own code
// (1011 / 1015 / 1013) for anything but an object of strings; "" and null
// mean an empty map (docs/rest.md).
//
// Thread-safety: pure functions.
#ifndef BANTER_REST_JSON_INPUT_H_
#define BANTER_REST_JSON_INPUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/error.h"
#include "banter/types.h"
#include "boost/json/object.hpp"
#include "boost/json/value.hpp"

namespace banter::rest {

// Parses `text` as JSON with at most `max_depth` nesting levels. No
// exception escapes. Errors: kParamsBindingError (malformed, too deep,
// invalid UTF-8, trailing garbage).
absl::StatusOr<boost::json::value> ParseJson(std::string_view text,
                                             int max_depth);

// The string view of a boost::json::string.
inline std::string_view View(const boost::json::string& s) {
  return std::string_view(s.data(), s.size());
}

absl::StatusOr<std::optional<std::string>> OptString(
    const boost::json::object& body, std::string_view key);
// Errors: also kInvalidParams when absent, null or "".
absl::StatusOr<std::string> ReqString(const boost::json::object& body,
                                      std::string_view key);

// Integers must be JSON integers (not 1.0) within [min, max].
absl::StatusOr<std::optional<int64_t>> OptInt(const boost::json::object& body,
                                              std::string_view key,
                                              int64_t min, int64_t max);

absl::StatusOr<std::optional<bool>> OptBool(const boost::json::object& body,
                                            std::string_view key);

// An array of strings.
absl::StatusOr<std::optional<std::vector<std::string>>> OptStringList(
    const boost::json::object& body, std::string_view key);
// Errors: also kInvalidParams when absent or null (an empty array is given).
absl::StatusOr<std::vector<std::string>> ReqStringList(
    const boost::json::object& body, std::string_view key);

// An object of string values; "" and null read as an empty map, absent as
// nullopt. Errors: `bad` for any other shape or a non-string value.
absl::StatusOr<std::optional<Metadata>> OptMetadata(
    const boost::json::object& body, std::string_view key, ErrorCode bad);

}  // namespace banter::rest

#endif  // BANTER_REST_JSON_INPUT_H_
