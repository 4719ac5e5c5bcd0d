// The word filter's admin surface (docs/word-filter.md), with the app key:
//   TalkPlus    GET / PUT /v1.4/api/wordFilter
//               {"words","add","remove","action":"mask"|"refuse","checkNames"}
//               -> {"wordFilter": {"words","action","checkNames"}}
//   GitpleLive  GET / PUT /v1/profanity_filter
//               {"words","add","remove","mode":"mask"|"reject","check_names"}
//               -> {"words","mode","check_names"}
// PUT is a partial update (WordFilterRequest): "words" replaces the list,
// then "add" and "remove" apply; absent fields keep their value.
#include <optional>
#include <string>
#include <vector>

#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "rest/feature_routes.h"
#include "rest/gitplelive_routes.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {
namespace {

namespace json = boost::json;
using Result = absl::StatusOr<json::value>;

// The wire names of the two actions in one dialect.
struct Names {
  const char* action_key;   // "action" / "mode"
  const char* refuse;       // "refuse" / "reject"
  const char* names_key;    // "checkNames" / "check_names"
};
constexpr Names kTalkPlus{"action", "refuse", "checkNames"};
constexpr Names kGitple{"mode", "reject", "check_names"};

absl::StatusOr<WordFilterRequest> ReadRequest(const Call& c,
                                              const Names& n) {
  WordFilterRequest r;
  REST_ASSIGN_OR_RETURN(r.words, OptStringList(c.body, "words"));
  REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> add,
                        OptStringList(c.body, "add"));
  REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> remove,
                        OptStringList(c.body, "remove"));
  r.add = add.value_or(std::vector<std::string>());
  r.remove = remove.value_or(std::vector<std::string>());
  REST_ASSIGN_OR_RETURN(std::optional<std::string> action,
                        OptString(c.body, n.action_key));
  if (action.has_value()) {
    if (*action == "mask") {
      r.action = FilterAction::kMask;
    } else if (*action == n.refuse) {
      r.action = FilterAction::kRefuse;
    } else {
      return Error(ErrorCode::kParamsBindingError,
                   Cat(n.action_key, " must be \"mask\" or \"", n.refuse,
                       "\""));
    }
  }
  REST_ASSIGN_OR_RETURN(r.check_names, OptBool(c.body, n.names_key));
  return r;
}

json::object FilterJson(const WordFilterView& v, const Names& n) {
  json::object o;
  o["words"] = StringsJson(v.words);
  o[n.action_key] = v.action == FilterAction::kRefuse ? n.refuse : "mask";
  o[n.names_key] = v.check_names;
  return o;
}

template <bool kTalkPlusDialect>
json::value Render(const WordFilterView& v) {
  if constexpr (kTalkPlusDialect) {
    return Wrap("wordFilter", FilterJson(v, kTalkPlus));
  } else {
    return FilterJson(v, kGitple);
  }
}

template <bool kTalkPlusDialect>
Result Get(const Call& c) {
  REST_ASSIGN_OR_RETURN(WordFilterView v, c.engine.GetWordFilter(c.actor));
  return Render<kTalkPlusDialect>(v);
}

template <bool kTalkPlusDialect>
Result Put(const Call& c) {
  REST_ASSIGN_OR_RETURN(
      WordFilterRequest r,
      ReadRequest(c, kTalkPlusDialect ? kTalkPlus : kGitple));
  REST_RETURN_IF_ERROR(c.engine.SetWordFilter(c.actor, r, c.now));
  return Get<kTalkPlusDialect>(c);
}

}  // namespace

void RegisterWordFilterRoutes(Server& server) {
  const Flavor* tp = &TalkPlusFlavor();
  const Flavor* gl = &GitpleLiveFlavor();
  constexpr Auth K = Auth::kApiKey;
  server.AddRoute({Method::kGet, "/v1.4/api/wordFilter", K, RateClass::kRead,
                   &Get<true>, tp});
  server.AddRoute({Method::kPut, "/v1.4/api/wordFilter", K, RateClass::kWrite,
                   &Put<true>, tp});
  server.AddRoute({Method::kGet, "/v1/profanity_filter", K, RateClass::kRead,
                   &Get<false>, gl});
  server.AddRoute({Method::kPut, "/v1/profanity_filter", K, RateClass::kWrite,
                   &Put<false>, gl});
}

}  // namespace banter::rest
