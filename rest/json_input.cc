#include "banter/rest/json_input.h"

#include <exception>

#include "banter/rest/query.h"
#include "boost/json/parse.hpp"
#include "boost/json/parse_options.hpp"
#include "rest/status_util.h"

namespace banter::rest {
namespace {

namespace json = boost::json;

// Null counts as absent everywhere: clients often send "field": null for
// "not set", and no field distinguishes the two.
const json::value* Field(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr || v->is_null()) return nullptr;
  return v;
}

absl::Status WrongType(std::string_view key, std::string_view want) {
  return Error(ErrorCode::kParamsBindingError,
               Cat("field '", key, "' must be ", want));
}

absl::Status BadUtf8(std::string_view key) {
  return Error(ErrorCode::kParamsBindingError,
               Cat("field '", key, "' is not valid UTF-8"));
}

}  // namespace

absl::StatusOr<json::value> ParseJson(std::string_view text, int max_depth) {
  json::parse_options opts;
  opts.max_depth = max_depth > 0 ? static_cast<size_t>(max_depth) : 1;
  opts.allow_invalid_utf8 = false;
  json::error_code ec;
  try {
    json::value v = json::parse(json::string_view(text.data(), text.size()),
                                ec, json::storage_ptr(), opts);
    if (ec) {
      return Error(ErrorCode::kParamsBindingError,
                   Cat("malformed JSON: ", ec.message()));
    }
    return v;
  } catch (const std::exception& e) {
    // Only allocation failures and size limits throw here; answer them like
    // any other unusable input rather than letting them escape.
    return Error(ErrorCode::kParamsBindingError,
                 Cat("unusable JSON: ", e.what()));
  }
}

absl::StatusOr<std::optional<std::string>> OptString(const json::object& body,
                                                     std::string_view key) {
  const json::value* v = Field(body, key);
  if (v == nullptr) return std::optional<std::string>();
  const json::string* s = v->if_string();
  if (s == nullptr) return WrongType(key, "a string");
  if (!IsValidUtf8(View(*s))) return BadUtf8(key);
  return std::optional<std::string>(std::string(View(*s)));
}

absl::StatusOr<std::string> ReqString(const json::object& body,
                                      std::string_view key) {
  REST_ASSIGN_OR_RETURN(std::optional<std::string> s, OptString(body, key));
  if (!s.has_value() || s->empty()) {
    return Error(ErrorCode::kInvalidParams,
                 Cat("field '", key, "' is required"));
  }
  return std::move(*s);
}

absl::StatusOr<std::optional<int64_t>> OptInt(const json::object& body,
                                              std::string_view key,
                                              int64_t min, int64_t max) {
  const json::value* v = Field(body, key);
  if (v == nullptr) return std::optional<int64_t>();
  int64_t n;
  if (const int64_t* i = v->if_int64()) {
    n = *i;
  } else if (const uint64_t* u = v->if_uint64()) {
    // Boost.JSON keeps only integers above INT64_MAX as uint64.
    (void)u;
    return Error(ErrorCode::kParamsBindingError,
                 Cat("field '", key, "' is out of range"));
  } else {
    return WrongType(key, "an integer");
  }
  if (n < min || n > max) {
    return Error(ErrorCode::kParamsBindingError,
                 Cat("field '", key, "' is out of range"));
  }
  return std::optional<int64_t>(n);
}

absl::StatusOr<std::optional<bool>> OptBool(const json::object& body,
                                            std::string_view key) {
  const json::value* v = Field(body, key);
  if (v == nullptr) return std::optional<bool>();
  const bool* b = v->if_bool();
  if (b == nullptr) return WrongType(key, "true or false");
  return std::optional<bool>(*b);
}

absl::StatusOr<std::optional<std::vector<std::string>>> OptStringList(
    const json::object& body, std::string_view key) {
  const json::value* v = Field(body, key);
  if (v == nullptr) return std::optional<std::vector<std::string>>();
  const json::array* a = v->if_array();
  if (a == nullptr) return WrongType(key, "an array of strings");
  std::vector<std::string> out;
  out.reserve(a->size());
  for (const json::value& item : *a) {
    const json::string* s = item.if_string();
    if (s == nullptr) return WrongType(key, "an array of strings");
    if (!IsValidUtf8(View(*s))) return BadUtf8(key);
    out.emplace_back(View(*s));
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

absl::StatusOr<std::vector<std::string>> ReqStringList(
    const json::object& body, std::string_view key) {
  REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> list,
                        OptStringList(body, key));
  if (!list.has_value()) {
    return Error(ErrorCode::kInvalidParams,
                 Cat("field '", key, "' is required"));
  }
  return std::move(*list);
}

absl::StatusOr<std::optional<Metadata>> OptMetadata(const json::object& body,
                                                    std::string_view key,
                                                    ErrorCode bad) {
  const json::value* raw = body.if_contains(json::string_view(key.data(), key.size()));
  if (raw == nullptr) return std::optional<Metadata>();
  if (raw->is_null()) return std::optional<Metadata>(Metadata());
  if (const json::string* s = raw->if_string(); s != nullptr && s->empty()) {
    return std::optional<Metadata>(Metadata());
  }
  const json::object* obj = raw->if_object();
  if (obj == nullptr) {
    return Error(bad, Cat("field '", key, "' must be an object of strings"));
  }
  Metadata out;
  out.reserve(obj->size());
  for (const auto& kv : *obj) {
    const json::string* s = kv.value().if_string();
    if (s == nullptr) {
      return Error(bad, Cat("field '", key, "' must hold string values only"));
    }
    const std::string_view k(kv.key().data(), kv.key().size());
    if (!IsValidUtf8(k) || !IsValidUtf8(View(*s))) return BadUtf8(key);
    out.insert_or_assign(std::string(k), std::string(View(*s)));
  }
  return std::optional<Metadata>(std::move(out));
}

}  // namespace banter::rest
