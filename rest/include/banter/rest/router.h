// Table-driven path routing: (method, path pattern) -> route index.
//
// Patterns are absolute paths whose segments are literals or parameters
// (":channelId"): "/v1.4/api/channels/:channelId/members/:memberId". A path
// matches a pattern when it has the same number of segments, every literal
// segment is equal and every parameter segment is non-empty. When several patterns match, the most specific wins: at
// the first segment where they differ, a literal beats a parameter. So
// "/members/banned" is the banned list, not a member named "banned".
//
// Because the table knows every pattern, "no such path" (404) and "path
// exists but not with this method" (405) fall out of one lookup. Dialects
// register their own routes in the same table (TalkPlus under /v1.4,
// GitpleLive under /v1).
//
// Thread-safety: Add is not thread-safe; Find is const and may run
// concurrently with other Finds.
#ifndef BANTER_REST_ROUTER_H_
#define BANTER_REST_ROUTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace banter::rest {

enum class Method : uint8_t { kGet = 0, kPost, kPut, kDelete };

// "GET" -> kGet, ...; nullopt for anything else (case-sensitive, as HTTP).
std::optional<Method> ParseMethod(std::string_view name);
std::string_view MethodName(Method method);

// A matched route's parameters, in pattern order: (name without ':', value).
// Values are the decoded path segments.
using PathParams = std::vector<std::pair<std::string_view, std::string>>;

class Router {
 public:
  enum class Outcome : uint8_t { kFound, kNotFound, kMethodNotAllowed };
  struct Match {
    Outcome outcome = Outcome::kNotFound;
    int route = -1;  // the index Add returned; valid iff kFound
    PathParams params;
  };

  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers (method, pattern) and returns its index (0, 1, 2, ... in
  // registration order). Requires: `pattern` starts with '/', has no empty
  // segment, and (method, pattern) is not registered yet.
  int Add(Method method, std::string_view pattern);

  // Matches decoded path segments ("/a/b" -> {"a", "b"}). `method` nullopt
  // (an unknown method) can only yield kNotFound or kMethodNotAllowed.
  // Cost: O(routes x segments); no allocation beyond the returned params.
  Match Find(std::optional<Method> method,
             const std::vector<std::string>& segments) const;

  size_t size() const { return routes_.size(); }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name without ':'
    bool param = false;
  };
  struct Route {
    Method method;
    std::string pattern;
    std::vector<Segment> segments;
  };

  static bool Matches(const Route& route,
                      const std::vector<std::string>& segments);
  // True if `a` is more specific than `b` (both match the same path).
  static bool MoreSpecific(const Route& a, const Route& b);

  std::vector<Route> routes_;
};

}  // namespace banter::rest

#endif  // BANTER_REST_ROUTER_H_
