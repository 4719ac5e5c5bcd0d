// Search on the TalkPlus surfaces (docs/rest.md, "Search"): `query` on the
// message lists (admin and SDK) and `keyword` on the admin user list. Each is
// one engine read, SearchMessages or SearchUsers.
#include <optional>
#include <string>

#include "banter/rest/server.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {

namespace json = boost::json;

std::optional<std::string_view> SearchText(const Call& call,
                                           std::string_view key) {
  std::optional<std::string_view> v = call.query.Get(key);
  if (!v.has_value() || v->empty()) return std::nullopt;
  return v;
}

absl::StatusOr<json::value> MessageSearchResult(const Call& call,
                                                const MessageListQuery& list,
                                                std::string_view text) {
  MessageSearchQuery q;
  q.channel = list.channel;
  q.viewer = list.viewer;
  q.text = std::string(text);
  q.order = list.order;
  q.after = list.after;
  q.limit = list.limit;
  REST_ASSIGN_OR_RETURN(MessageSearchPage page,
                        call.engine.SearchMessages(call.actor, q));
  json::array items;
  items.reserve(page.items.size());
  for (const MessageView& m : page.items) items.emplace_back(MessageJson(m));
  json::object out;
  out["messages"] = std::move(items);
  out["hasNext"] = page.has_next;
  // Where the next page starts: the last message when the page filled, or
  // the last one examined when the scan budget ran out first (the page may
  // then be short, even empty). Send it back as lastMessageId.
  if (page.has_next) {
    out["lastMessageId"] = call.engine.MessageIdString(page.resume);
  }
  return out;
}

absl::StatusOr<json::value> UserSearchResult(const Call& call,
                                             std::string_view keyword) {
  UserSearchQuery q;
  q.text = std::string(keyword);
  const std::string_view target = call.query.Get("target").value_or("userId");
  if (target == "userId" || target.empty()) {
    q.field = UserSearchQuery::Field::kId;
  } else if (target == "username") {
    q.field = UserSearchQuery::Field::kName;
  } else {
    return Error(ErrorCode::kParamsBindingError,
                 "target must be userId or username");
  }
  const std::string_view method = call.query.Get("method").value_or("prefix");
  if (method == "prefix" || method.empty()) {
    q.match = UserSearchQuery::Match::kPrefix;
  } else if (method == "exact") {
    q.match = UserSearchQuery::Match::kExact;
  } else {
    return Error(ErrorCode::kParamsBindingError,
                 "method must be prefix or exact");
  }
  bool unknown;
  q.after = Cursor<UserId>(call, "lastUserId", ResolveUser, &unknown);
  // An unknown cursor is judged after every other check, as on the lists.
  if (unknown) q.after = UserId();
  REST_ASSIGN_OR_RETURN(q.limit, Limit(call, 20));
  REST_ASSIGN_OR_RETURN(Page<UserView> page,
                        call.engine.SearchUsers(call.actor, q));
  if (unknown) return UnknownCursor("lastUserId");
  return PageJson("users", page, [](const UserView& u) { return UserJson(u); });
}

}  // namespace banter::rest
