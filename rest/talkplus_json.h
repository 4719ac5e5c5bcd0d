// TalkPlus JSON shapes (spec §2.9, normative): the engine's views rendered
// with the platform's field names and field order. Boost.JSON objects keep
// insertion order, so the order below is the order on the wire.
#ifndef BANTER_REST_TALKPLUS_JSON_H_
#define BANTER_REST_TALKPLUS_JSON_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "banter/engine.h"
#include "banter/rest/http.h"
#include "boost/json/array.hpp"
#include "boost/json/object.hpp"
#include "boost/json/string.hpp"
#include "boost/json/value.hpp"

namespace banter::rest {

inline boost::json::string_view JsonSv(std::string_view s) {
  return boost::json::string_view(s.data(), s.size());
}

boost::json::object MetadataJson(const Metadata& m);
boost::json::array StringsJson(const std::vector<std::string>& items);

// {"id","username","profileImageUrl","disablePushNotification","data",
//  "updatedAt","createdAt"}
boost::json::object UserJson(const UserView& u);
// {"id","username","profileImageUrl","data","memberInfo","lastReadAt",
//  "lastSentAt","updatedAt","createdAt"}
boost::json::object MemberJson(const MemberView& m);
// §2.9 channel: members as Member objects, mutedUsers as ids, bannedUsers as
// Member objects, bots as {id,name,profileImageUrl,type}, lastMessage a
// Message or null; then "slowModeMs" when slow mode is on.
boost::json::object ChannelJson(const ChannelView& c);
// §2.9 message: reactions as user lists (§13 #1), parentMessage {} when none.
boost::json::object MessageJson(const MessageView& m);
// {"id","name","profileImageUrl","type","callbackUrl"}
boost::json::object BotJson(const BotView& b);

// {"users": [...], "hasNext": bool} and friends.
template <typename T, typename F>
boost::json::object PageJson(std::string_view key, const Page<T>& page,
                             F render) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const T& item : page.items) items.emplace_back(render(item));
  boost::json::object out;
  out[JsonSv(key)] = std::move(items);
  out["hasNext"] = page.has_next;
  return out;
}

// {"error": true, "code": "2003", "message": "ChannelNotFound"}.
boost::json::object TalkPlusErrorBody(ErrorCode code);
// A failed Status as a TalkPlus response (HttpStatusOf; 500/1003 when the
// status carries no domain code, e.g. an engine area not built yet), plus
// "retryAfterMs" when the status carries the time left (RetryAfterOf).
Response TalkPlusError(const absl::Status& status);

}  // namespace banter::rest

#endif  // BANTER_REST_TALKPLUS_JSON_H_
