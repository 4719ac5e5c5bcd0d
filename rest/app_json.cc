#include "rest/app_json.h"

#include <string>

#include "boost/json.hpp"

namespace banter::rest {

namespace json = boost::json;

boost::json::object AppToJson(const AppInfo& a) {
  json::array limits;
  for (const TokenBucket& b : a.rate_limits.buckets) {
    limits.push_back(json::array{b.capacity, b.refill_per_second});
  }
  return json::object{{"id", a.id},
                      {"name", a.name},
                      {"api_key", a.api_key},
                      {"anonymous_login_allowed", a.anonymous_login_allowed},
                      {"deactivated", a.deactivated},
                      {"created_at", a.created_at},
                      {"rate_limits", std::move(limits)}};
}

// Strict: a state file this code wrote has every field with its type.
absl::StatusOr<AppInfo> AppFromJson(const json::value& v) {
  const json::object* o = v.if_object();
  auto bad = [] { return absl::DataLossError("malformed app in state"); };
  if (o == nullptr) return bad();
  AppInfo a;
  const json::string* id = o->contains("id") ? o->at("id").if_string() : nullptr;
  const json::string* name =
      o->contains("name") ? o->at("name").if_string() : nullptr;
  const json::string* key =
      o->contains("api_key") ? o->at("api_key").if_string() : nullptr;
  const bool* anon = o->contains("anonymous_login_allowed")
                         ? o->at("anonymous_login_allowed").if_bool()
                         : nullptr;
  const bool* deactivated =
      o->contains("deactivated") ? o->at("deactivated").if_bool() : nullptr;
  const int64_t* created =
      o->contains("created_at") ? o->at("created_at").if_int64() : nullptr;
  const json::array* limits =
      o->contains("rate_limits") ? o->at("rate_limits").if_array() : nullptr;
  if (!id || !name || !key || !anon || !deactivated || !created || !limits ||
      limits->size() != a.rate_limits.buckets.size()) {
    return bad();
  }
  a.id = std::string(*id);
  a.name = std::string(*name);
  a.api_key = std::string(*key);
  a.anonymous_login_allowed = *anon;
  a.deactivated = *deactivated;
  a.created_at = *created;
  for (size_t i = 0; i < limits->size(); ++i) {
    const json::array* pair = (*limits)[i].if_array();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_int64() ||
        !(*pair)[1].is_int64()) {
      return bad();
    }
    a.rate_limits.buckets[i] = {(*pair)[0].as_int64(), (*pair)[1].as_int64()};
  }
  return a;
}

}  // namespace banter::rest
