#include "banter/rest/query.h"

#include <charconv>
#include <string>

#include "banter/error.h"
#include "boost/url/pct_string_view.hpp"
#include "engine/core/validate.h"
#include "rest/status_util.h"

namespace banter::rest {

bool IsValidUtf8(std::string_view s) {
  // One validator for the engine and the adapters (engine/core/validate.h).
  return internal::IsValidUtf8(s);
}

absl::StatusOr<std::string> PercentDecode(std::string_view text) {
  // Boost.URL validates the escapes; '+' stays '+' (a path, not a form).
  boost::system::result<boost::urls::pct_string_view> encoded =
      boost::urls::make_pct_string_view(
          boost::core::string_view(text.data(), text.size()));
  if (!encoded.has_value()) {
    return Error(ErrorCode::kParamsBindingError,
                 "malformed percent-encoding in the request target");
  }
  std::string out = encoded->decode();
  if (out.find('\0') != std::string::npos) {
    return Error(ErrorCode::kParamsBindingError,
                 "NUL in the request target");
  }
  if (!IsValidUtf8(out)) {
    return Error(ErrorCode::kParamsBindingError,
                 "the request target is not valid UTF-8 once decoded");
  }
  return out;
}

std::optional<std::string_view> Query::Get(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

std::vector<std::string> Query::List(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : pairs_) {
    if (k != key) continue;
    std::string_view rest = v;
    while (true) {
      const size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      if (!item.empty()) out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

absl::StatusOr<int64_t> Query::Int(std::string_view key, int64_t def,
                                   int64_t min, int64_t max) const {
  std::optional<std::string_view> v = Get(key);
  if (!v.has_value() || v->empty()) return def;
  int64_t out = 0;
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, out);
  if (ec != std::errc() || ptr != end) {
    return Error(ErrorCode::kParamsBindingError,
                 Cat("query parameter '", key, "' must be an integer"));
  }
  if (out < min || out > max) {
    return Error(ErrorCode::kParamsBindingError,
                 Cat("query parameter '", key, "' is out of range"));
  }
  return out;
}

absl::StatusOr<std::optional<bool>> Query::Bool(std::string_view key) const {
  std::optional<std::string_view> v = Get(key);
  if (!v.has_value() || v->empty()) return std::optional<bool>();
  if (*v == "true") return std::optional<bool>(true);
  if (*v == "false") return std::optional<bool>(false);
  return Error(ErrorCode::kParamsBindingError,
               Cat("query parameter '", key, "' must be true or false"));
}

absl::StatusOr<Target> ParseTarget(std::string_view target) {
  const size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  if (target.empty() || target.front() != '/') {
    return Error(ErrorCode::kParamsBindingError,
                 "the path must start with '/'");
  }
  const size_t qmark = target.find('?');
  std::string_view path = target.substr(0, qmark);
  std::string_view query =
      qmark == std::string_view::npos ? std::string_view() : target.substr(qmark + 1);

  Target out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    REST_ASSIGN_OR_RETURN(std::string seg,
                              PercentDecode(path.substr(pos, end - pos)));
    out.segments.push_back(std::move(seg));
    pos = end + 1;
  }

  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view()
                                          : query.substr(amp + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    REST_ASSIGN_OR_RETURN(std::string key,
                              PercentDecode(item.substr(0, eq)));
    std::string value;
    if (eq != std::string_view::npos) {
      REST_ASSIGN_OR_RETURN(value, PercentDecode(item.substr(eq + 1)));
    }
    pairs.emplace_back(std::move(key), std::move(value));
  }
  out.query = Query(std::move(pairs));
  return out;
}

}  // namespace banter::rest
