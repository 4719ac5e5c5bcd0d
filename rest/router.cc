#include "banter/rest/router.h"

#include "absl/base/internal/raw_logging.h"

namespace banter::rest {

namespace {
constexpr std::string_view kMethodNames[] = {"GET", "POST", "PUT", "DELETE"};
}  // namespace

std::optional<Method> ParseMethod(std::string_view name) {
  for (size_t i = 0; i < std::size(kMethodNames); ++i) {
    if (kMethodNames[i] == name) return static_cast<Method>(i);
  }
  return std::nullopt;
}

std::string_view MethodName(Method method) {
  return kMethodNames[static_cast<int>(method)];
}

int Router::Add(Method method, std::string_view pattern) {
  ABSL_RAW_CHECK(!pattern.empty() && pattern.front() == '/',
                 "route pattern must start with '/'");
  Route route{method, std::string(pattern), {}};
  size_t pos = 1;
  while (pos <= pattern.size()) {
    size_t end = pattern.find('/', pos);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view seg = pattern.substr(pos, end - pos);
    ABSL_RAW_CHECK(!seg.empty(), "route pattern has an empty segment");
    if (seg.front() == ':') {
      route.segments.push_back({std::string(seg.substr(1)), true});
    } else {
      route.segments.push_back({std::string(seg), false});
    }
    pos = end + 1;
  }
  for (const Route& r : routes_) {
    ABSL_RAW_CHECK(!(r.method == method && r.pattern == route.pattern),
                   "route registered twice");
  }
  routes_.push_back(std::move(route));
  return static_cast<int>(routes_.size()) - 1;
}

bool Router::Matches(const Route& route,
                     const std::vector<std::string>& segments) {
  if (route.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = route.segments[i];
    // A parameter never matches an empty segment: "/users/" is not the user
    // named "".
    if (s.param ? segments[i].empty() : s.text != segments[i]) return false;
  }
  return true;
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  for (size_t i = 0; i < a.segments.size(); ++i) {
    if (a.segments[i].param != b.segments[i].param) return !a.segments[i].param;
  }
  return false;
}

Router::Match Router::Find(std::optional<Method> method,
                           const std::vector<std::string>& segments) const {
  // A linear scan: the table has a couple of hundred routes at most and the
  // scan compares short strings, which costs less than parsing the body. An
  // index by first distinct literal would be the next step if it ever shows.
  const Route* best = nullptr;
  int best_index = -1;
  bool path_known = false;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (!Matches(r, segments)) continue;
    path_known = true;
    if (!method.has_value() || r.method != *method) continue;
    if (best == nullptr || MoreSpecific(r, *best)) {
      best = &r;
      best_index = static_cast<int>(i);
    }
  }
  Match m;
  if (best == nullptr) {
    m.outcome = path_known ? Outcome::kMethodNotAllowed : Outcome::kNotFound;
    return m;
  }
  m.outcome = Outcome::kFound;
  m.route = best_index;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (best->segments[i].param) {
      m.params.emplace_back(best->segments[i].text, segments[i]);
    }
  }
  return m;
}

}  // namespace banter::rest
