// The TalkPlus endpoints (spec §7 admin, §8 SDK, §7.6 apps) and the helpers
// their handlers share: name -> handle resolution, cursors, JSON wrappers.
//
// Resolution rule: a name that resolves to nothing becomes a handle that is
// valid but never issued (kUnknown*), not the invalid handle. The engine then
// fails its lookup with the documented code at the point of its own check
// order (actor, channel, standing, targets), where the invalid handle would
// have meant "none" (no owner, no cursor, no parent).
#ifndef BANTER_REST_TALKPLUS_ROUTES_H_
#define BANTER_REST_TALKPLUS_ROUTES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/engine.h"
#include "banter/rest/route.h"
#include "boost/json/object.hpp"
#include "boost/json/value.hpp"

namespace banter::rest {

class Server;

// Registers every TalkPlus route on `server` (called by its constructor).
void RegisterTalkPlusRoutes(Server& server);
void RegisterTalkPlusAdminRoutes(Server& server);
void RegisterTalkPlusUserRoutes(Server& server);
void RegisterAppRoutes(Server& server);
// Slow mode, pins, the flood limit and reports on both TalkPlus surfaces
// (rest/talkplus_moderation.cc).
void RegisterTalkPlusModerationRoutes(Server& server);

inline constexpr UserId kUnknownUser{0xFFFFFFFFu};
inline constexpr ChannelId kUnknownChannel{0xFFFFFFFFu};
inline constexpr BotId kUnknownBot{0xFFFFFFFFu};
inline constexpr MessageId kUnknownMessage{~uint64_t{0}};

UserId ResolveUser(const Engine& engine, std::string_view name);
ChannelId ResolveChannel(const Engine& engine, std::string_view name);
BotId ResolveBot(const Engine& engine, std::string_view name);
std::vector<UserId> ResolveUsers(const Engine& engine,
                                 const std::vector<std::string>& names);
// The message named `name` if it belongs to `channel`, else kUnknownMessage.
MessageId ResolveMessage(const Engine& engine, ChannelId channel,
                         std::string_view name);
// A report id in a path or cursor, both dialects: decimal, 1..2^32-1;
// anything else names no report (nullopt).
std::optional<ReportId> ParseReportId(std::string_view text);

// A list cursor from the query ("" or absent: from the start). An unknown
// name sets *unknown; the caller runs the engine call anyway (so every other
// check keeps its order) and then fails with UnknownCursor, the code the
// engine itself gives a channel cursor outside its list (1001).
template <typename Handle, typename Resolve>
Handle Cursor(const Call& call, std::string_view key, Resolve resolve,
              bool* unknown) {
  std::optional<std::string_view> v = call.query.Get(key);
  *unknown = false;
  if (!v.has_value() || v->empty()) return Handle();
  Handle h = resolve(call.engine, *v);
  if (!h.valid() || h.value() == static_cast<typename Handle::rep>(~0u)) {
    *unknown = true;
  }
  return h;
}

// kParamsBindingError: the cursor `key` names nothing.
absl::Status UnknownCursor(std::string_view key);

// Page limits from the query: `def` when absent; any int32 is passed to the
// engine, which clamps or rejects it per list.
absl::StatusOr<int> Limit(const Call& call, int def);

// {"key": inner}
boost::json::object Wrap(std::string_view key, boost::json::value inner);

// {"channel": the channel as `viewer` sees it}, read with `actor`.
absl::StatusOr<boost::json::value> ChannelResult(const Call& call,
                                                 ChannelId channel,
                                                 UserId viewer);
// {"message": ...} read with the call's actor and `viewer`.
absl::StatusOr<boost::json::value> MessageResult(const Call& call,
                                                 MessageId message,
                                                 UserId viewer);

// Checks for routes that name a message under a channel: the app is active
// (1012), the channel exists (2003), the message exists in it (7001).
absl::StatusOr<MessageId> PathMessage(const Call& call, ChannelId channel,
                                      std::string_view name);

// Message types a route accepts: `type` absent means `def`; a type outside
// `allowed` (or unknown) is kParamsBindingError.
absl::StatusOr<MessageType> BodyMessageType(
    const Call& call, MessageType def, std::initializer_list<MessageType> allowed);

// Body readers that fill request fields: an absent field leaves `out` as it
// was; errors as in json_input.h.
absl::Status Read(const Call& call, std::string_view key, std::string* out);
absl::Status Read(const Call& call, std::string_view key,
                  std::optional<std::string>* out);
absl::Status Read(const Call& call, std::string_view key, bool* out);
absl::Status Read(const Call& call, std::string_view key,
                  std::optional<bool>* out);
absl::Status Read(const Call& call, std::string_view key,
                  std::optional<int32_t>* out);
absl::Status ReadMetadata(const Call& call, std::string_view key,
                          ErrorCode bad, Metadata* out);
absl::Status ReadMetadata(const Call& call, std::string_view key,
                          ErrorCode bad, std::optional<Metadata>* out);

// Shared body readers.
absl::StatusOr<std::vector<UserId>> BodyMembers(const Call& call);
absl::StatusOr<Millis> BodyExpireMs(const Call& call);

// Request builders shared by the admin and SDK surfaces.
// channels/create: `admin` reads ownerId (the SDK creator always owns).
absl::StatusOr<CreateChannelRequest> ReadCreateChannel(const Call& call,
                                                       bool admin);
// PUT channels/:id: `admin` reads ownerId ("" leaves the owner unchanged).
absl::StatusOr<UpdateChannelRequest> ReadUpdateChannel(const Call& call,
                                                       ChannelId channel,
                                                       bool admin);
// messages/send minus type and sender: text, data, fileUrl, mentions,
// parentMessageId, translationTargetLanguages.
absl::StatusOr<SendMessageRequest> ReadSendMessage(const Call& call,
                                                   ChannelId channel);
// Joined / hidden / public / all lists: lastChannelId, limit (default 20),
// category, subcategory, privateTag, isFrozen, hasUnread, members, and
// query with filter=name (or query alone).
absl::StatusOr<ChannelListQuery> ReadChannelListQuery(const Call& call,
                                                      ChannelListQuery::Kind kind,
                                                      UserId user,
                                                      bool* cursor_unknown);
// {"channels": [...], "hasNext"} from ListChannels, failing with 2003 for an
// unknown cursor once every other check passed.
absl::StatusOr<boost::json::value> ChannelListResult(
    const Call& call, const ChannelListQuery& query, bool cursor_unknown);

// Search (rest/talkplus_search.cc). The non-empty value of query parameter
// `key`, or nullopt when it is absent or empty (no search asked).
std::optional<std::string_view> SearchText(const Call& call,
                                           std::string_view key);
// The message list `list` (channel, viewer, order, lastMessageId cursor,
// limit) as a search for `text`: {"messages", "hasNext"} plus, when hasNext,
// "lastMessageId", the cursor of the next page.
absl::StatusOr<boost::json::value> MessageSearchResult(
    const Call& call, const MessageListQuery& list, std::string_view text);
// The admin user list as a search for `keyword`: target (userId | username),
// method (prefix | exact), lastUserId, limit; {"users", "hasNext"}.
absl::StatusOr<boost::json::value> UserSearchResult(const Call& call,
                                                    std::string_view keyword);

}  // namespace banter::rest

#endif  // BANTER_REST_TALKPLUS_ROUTES_H_
