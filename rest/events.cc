#include "rest/events.h"

#include <algorithm>
#include <string>

#include "rest/talkplus_json.h"

namespace banter::rest {
namespace {

namespace json = boost::json;

json::object ChannelOrId(const Engine& engine, ChannelId channel) {
  absl::StatusOr<ChannelView> view =
      engine.GetChannel(Actor::Admin(), channel, UserId());
  if (view.ok()) {
    json::object o = ChannelJson(*view);
    // One payload goes to every recipient, and the last message is not the
    // same for all of them (broadcast history, hideMessagesBeforeJoin): a
    // member who joins a broadcast channel must not read another member's
    // message in its channelAdded. The webhook example (spec §11) sends null.
    o["lastMessage"] = nullptr;
    return o;
  }
  json::object o;
  o["id"] = JsonSv(engine.ChannelName(channel));
  return o;
}

json::object UserOrId(const Engine& engine, UserId user) {
  absl::StatusOr<UserView> view = engine.GetUser(Actor::Admin(), user);
  if (view.ok()) return UserJson(*view);
  json::object o;
  o["id"] = JsonSv(engine.UserName(user));
  return o;
}

json::object MessageOrId(const Engine& engine, MessageId message) {
  absl::StatusOr<MessageView> view =
      engine.GetMessage(Actor::Admin(), message, UserId());
  if (view.ok()) return MessageJson(*view);
  json::object o;
  o["id"] = engine.MessageIdString(message);
  return o;
}

json::array UsersJson(const Engine& engine, std::span<const UserId> users) {
  json::array out;
  out.reserve(users.size());
  for (UserId u : users) out.emplace_back(UserOrId(engine, u));
  return out;
}

}  // namespace

void EventRenderer::OnEvent(const Event& event) {
  std::vector<EventLine>* out = *target_;
  if (out == nullptr || engine_ == nullptr) return;
  // The TalkPlus stream carries the platform's realtime events and the two
  // webhook-only block events (jsonl.md). The GitpleLive-only kinds (managers,
  // receipts, user topic) belong to that dialect's renderer.
  if (event.kind >= EventKind::kManagerAdded &&
      event.kind <= EventKind::kUserDeleted) {
    return;
  }
  const Engine& engine = *engine_;

  EventLine line;
  line.event = std::string(EventName(event.kind));
  if (event.channel.valid()) {
    line.channel_id = std::string(engine.ChannelName(event.channel));
  }
  line.recipients.reserve(event.recipients.count());
  for (std::span<const UserId> batch : event.recipients.batches) {
    for (UserId u : batch) line.recipients.emplace_back(engine.UserName(u));
  }
  // The engine hands recipients out in member-array order; the protocol
  // promises sorted ids.
  std::sort(line.recipients.begin(), line.recipients.end());

  json::object& p = line.payload;
  switch (event.kind) {
    case EventKind::kMessage:
    case EventKind::kMessageUpdated:
    case EventKind::kMessageDeleted:
      p["message"] = MessageOrId(engine, event.message);
      break;
    case EventKind::kReactionUpdated:
      p["message"] = MessageOrId(engine, event.message);
      p["reaction"] = JsonSv(event.reaction);
      p["userId"] = event.users.empty()
                        ? json::string()
                        : json::string(JsonSv(engine.UserName(event.users[0])));
      break;
    case EventKind::kChannelAdded:
    case EventKind::kChannelChanged:
    case EventKind::kChannelRemoved:
      p["channel"] = ChannelOrId(engine, event.channel);
      break;
    case EventKind::kMemberAdded:
    case EventKind::kMemberLeft:
    case EventKind::kMemberMuted:
    case EventKind::kMemberUnmuted:
    case EventKind::kMemberBanned:
    case EventKind::kMemberUnbanned:
      p["channel"] = ChannelOrId(engine, event.channel);
      p["users"] = UsersJson(engine, event.users);
      if (event.bot.valid()) {
        absl::StatusOr<BotView> bot = engine.GetBot(Actor::Admin(), event.bot);
        if (bot.ok()) p["bot"] = BotJson(*bot);
      }
      break;
    case EventKind::kMessagePinned:
    case EventKind::kMessageUnpinned:
      p["message"] = MessageOrId(engine, event.message);
      p["userId"] = event.users.empty()
                        ? json::string()
                        : json::string(JsonSv(engine.UserName(event.users[0])));
      break;
    case EventKind::kUserBlocked:
    case EventKind::kUserUnblocked:
      if (event.users.size() >= 2) {
        p["user"] = UserOrId(engine, event.users[0]);
        p["targetUser"] = UserOrId(engine, event.users[1]);
      }
      break;
    default:
      break;
  }
  out->push_back(std::move(line));
}

}  // namespace banter::rest
