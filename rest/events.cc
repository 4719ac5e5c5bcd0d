#include "rest/events.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"

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

// Kinds whose payload is rendered as the event is emitted (OnEmit): the call
// may destroy what they describe (a deleted channel or message, a channel
// emptied by a departure).
bool CapturedAtEmission(EventKind kind) {
  return kind == EventKind::kChannelRemoved || kind == EventKind::kMemberLeft ||
         kind == EventKind::kMemberBanned ||
         kind == EventKind::kMessageDeleted;
}

// Renders the payload of an event. `memo` keeps the message and channel
// objects already rendered since it was made.
struct PayloadMemo {
  absl::flat_hash_map<uint64_t, json::object> messages;
  absl::flat_hash_map<uint32_t, json::object> channels;
};

json::object RenderPayload(const Engine& engine, EventKind kind,
                           ChannelId channel_id, MessageId message_id,
                           std::span<const UserId> users, BotId bot_id,
                           std::string_view reaction, PayloadMemo& memo) {
  auto message = [&](MessageId m) -> const json::object& {
    auto [it, fresh] = memo.messages.try_emplace(m.value());
    if (fresh) it->second = MessageOrId(engine, m);
    return it->second;
  };
  auto channel = [&](ChannelId c) -> const json::object& {
    auto [it, fresh] = memo.channels.try_emplace(c.value());
    if (fresh) it->second = ChannelOrId(engine, c);
    return it->second;
  };
  json::object p;
  switch (kind) {
    case EventKind::kMessage:
    case EventKind::kMessageUpdated:
    case EventKind::kMessageDeleted:
      p["message"] = message(message_id);
      break;
    case EventKind::kReactionUpdated:
      p["message"] = message(message_id);
      p["reaction"] = JsonSv(reaction);
      p["userId"] = users.empty()
                        ? json::string()
                        : json::string(JsonSv(engine.UserName(users[0])));
      break;
    case EventKind::kChannelAdded:
    case EventKind::kChannelChanged:
    case EventKind::kChannelRemoved:
      p["channel"] = channel(channel_id);
      break;
    case EventKind::kMemberAdded:
    case EventKind::kMemberLeft:
    case EventKind::kMemberMuted:
    case EventKind::kMemberUnmuted:
    case EventKind::kMemberBanned:
    case EventKind::kMemberUnbanned:
      p["channel"] = channel(channel_id);
      p["users"] = UsersJson(engine, users);
      if (bot_id.valid()) {
        absl::StatusOr<BotView> bot = engine.GetBot(Actor::Admin(), bot_id);
        if (bot.ok()) {
          p["bot"] = BotJson(*bot);
        } else {
          json::object o;
          o["id"] = JsonSv(engine.BotName(bot_id));
          p["bot"] = std::move(o);
        }
      }
      break;
    case EventKind::kMessagePinned:
    case EventKind::kMessageUnpinned:
      p["message"] = message(message_id);
      p["userId"] = users.empty()
                        ? json::string()
                        : json::string(JsonSv(engine.UserName(users[0])));
      break;
    case EventKind::kUserBlocked:
    case EventKind::kUserUnblocked:
      if (users.size() >= 2) {
        p["user"] = UserOrId(engine, users[0]);
        p["targetUser"] = UserOrId(engine, users[1]);
      }
      break;
    default:
      break;
  }
  return p;
}

}  // namespace

EventRenderer::~EventRenderer() {
  if (listed_) {
    auto it = std::find(unfinished_->begin(), unfinished_->end(), this);
    if (it != unfinished_->end()) unfinished_->erase(it);
  }
}

bool EventRenderer::Renders(const Event& event) const {
  // The TalkPlus stream carries the platform's realtime events and the two
  // webhook-only block events (jsonl.md). The GitpleLive-only kinds (managers,
  // receipts, user topic) belong to that dialect's renderer.
  return *target_ != nullptr && engine_ != nullptr &&
         (event.kind < EventKind::kManagerAdded ||
          event.kind > EventKind::kUserDeleted);
}

void EventRenderer::OnEmit(const Event& event) {
  if (!Renders(event) || !CapturedAtEmission(event.kind)) return;
  List();
  // Each capture renders afresh: the state moves between two emissions.
  PayloadMemo memo;
  captured_.push_back(RenderPayload(*engine_, event.kind, event.channel,
                                    event.message, event.users, event.bot,
                                    event.reaction, memo));
}

void EventRenderer::OnEvent(const Event& event) {
  if (!Renders(event)) return;
  std::vector<EventLine>* out = *target_;
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
  if (CapturedAtEmission(event.kind) && !captured_.empty()) {
    // Events reach OnEvent in the order they were emitted.
    line.payload = std::move(captured_.front());
    captured_.pop_front();
    out->push_back(std::move(line));
    return;
  }
  out->push_back(std::move(line));
  List();
  pending_.push_back(Pending{out, out->size() - 1, event.kind, event.channel,
                             event.message,
                             {event.users.begin(), event.users.end()},
                             event.bot, std::string(event.reaction)});
}

void EventRenderer::List() {
  if (!listed_) unfinished_->push_back(this);
  listed_ = true;
}

void EventRenderer::Finish() {
  listed_ = false;
  captured_.clear();  // events dropped with a failed journal append
  if (engine_ == nullptr) {
    pending_.clear();
    return;
  }
  // One call's events often carry the same message or channel (a send's
  // message event, a join's memberAdded and channelAdded): render each once,
  // as the call left it.
  PayloadMemo memo;
  for (const Pending& e : pending_) {
    (*e.out)[e.line].payload =
        RenderPayload(*engine_, e.kind, e.channel, e.message, e.users, e.bot,
                      e.reaction, memo);
  }
  pending_.clear();
}

}  // namespace banter::rest
