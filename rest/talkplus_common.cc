// Helpers shared by the TalkPlus handlers (talkplus_routes.h).
#include <limits>

#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {

namespace json = boost::json;

void RegisterTalkPlusRoutes(Server& server) {
  RegisterTalkPlusAdminRoutes(server);
  RegisterAppRoutes(server);
  RegisterTalkPlusUserRoutes(server);
  RegisterTalkPlusModerationRoutes(server);
}

UserId ResolveUser(const Engine& engine, std::string_view name) {
  const UserId u = engine.FindUser(name);
  return u.valid() ? u : kUnknownUser;
}

ChannelId ResolveChannel(const Engine& engine, std::string_view name) {
  const ChannelId c = engine.FindChannel(name);
  return c.valid() ? c : kUnknownChannel;
}

BotId ResolveBot(const Engine& engine, std::string_view name) {
  const BotId b = engine.FindBot(name);
  return b.valid() ? b : kUnknownBot;
}

std::vector<UserId> ResolveUsers(const Engine& engine,
                                 const std::vector<std::string>& names) {
  std::vector<UserId> out;
  out.reserve(names.size());
  for (const std::string& n : names) out.push_back(ResolveUser(engine, n));
  return out;
}

MessageId ResolveMessage(const Engine& engine, ChannelId channel,
                         std::string_view name) {
  const MessageId m = engine.FindMessage(name);
  // Message ids decode without a lookup, so a well-formed id may name a
  // message of another channel: that is "no such message here".
  if (!m.valid() || m.channel() != channel) return kUnknownMessage;
  return m;
}

absl::Status UnknownCursor(std::string_view key) {
  return Error(ErrorCode::kParamsBindingError,
               Cat("cursor ", key, " names nothing in this list"));
}

absl::StatusOr<int> Limit(const Call& call, int def) {
  REST_ASSIGN_OR_RETURN(
      int64_t v, call.query.Int("limit", def, std::numeric_limits<int>::min(),
                                std::numeric_limits<int>::max()));
  return static_cast<int>(v);
}

json::object Wrap(std::string_view key, json::value inner) {
  json::object o;
  o[JsonSv(key)] = std::move(inner);
  return o;
}

absl::StatusOr<json::value> ChannelResult(const Call& call, ChannelId channel,
                                          UserId viewer) {
  REST_ASSIGN_OR_RETURN(ChannelView v,
                        call.engine.GetChannel(call.actor, channel, viewer));
  return Wrap("channel", ChannelJson(v));
}

absl::StatusOr<json::value> MessageResult(const Call& call, MessageId message,
                                          UserId viewer) {
  REST_ASSIGN_OR_RETURN(MessageView v,
                        call.engine.GetMessage(call.actor, message, viewer));
  return Wrap("message", MessageJson(v));
}

absl::StatusOr<MessageId> PathMessage(const Call& call, ChannelId channel,
                                      std::string_view name) {
  // The engine's message calls take no channel, so the path's channel is
  // checked here, after the app (the actor check every engine call makes
  // first) and before the message, as every other route orders them.
  if (call.engine.app_deactivated()) {
    return Error(ErrorCode::kDeactivatedApp, "the app is deactivated");
  }
  if (channel == kUnknownChannel) {
    return Error(ErrorCode::kChannelNotFound, "no such channel");
  }
  const MessageId m = ResolveMessage(call.engine, channel, name);
  if (m == kUnknownMessage) {
    return Error(ErrorCode::kMessageNotFound, "no such message in the channel");
  }
  return m;
}

absl::StatusOr<MessageType> BodyMessageType(
    const Call& call, MessageType def,
    std::initializer_list<MessageType> allowed) {
  REST_ASSIGN_OR_RETURN(std::optional<std::string> name,
                        OptString(call.body, "type"));
  if (!name.has_value()) return def;
  std::optional<MessageType> t = ParseMessageType(*name);
  if (t.has_value()) {
    for (MessageType a : allowed) {
      if (a == *t) return *t;
    }
  }
  return Error(ErrorCode::kParamsBindingError,
               Cat("message type '", *name, "' is not allowed here"));
}

absl::Status Read(const Call& call, std::string_view key, std::string* out) {
  REST_ASSIGN_OR_RETURN(std::optional<std::string> v, OptString(call.body, key));
  if (v.has_value()) *out = std::move(*v);
  return absl::OkStatus();
}

absl::Status Read(const Call& call, std::string_view key,
                  std::optional<std::string>* out) {
  REST_ASSIGN_OR_RETURN(std::optional<std::string> v, OptString(call.body, key));
  if (v.has_value()) *out = std::move(v);
  return absl::OkStatus();
}

absl::Status Read(const Call& call, std::string_view key, bool* out) {
  REST_ASSIGN_OR_RETURN(std::optional<bool> v, OptBool(call.body, key));
  if (v.has_value()) *out = *v;
  return absl::OkStatus();
}

absl::Status Read(const Call& call, std::string_view key,
                  std::optional<bool>* out) {
  REST_ASSIGN_OR_RETURN(std::optional<bool> v, OptBool(call.body, key));
  if (v.has_value()) *out = v;
  return absl::OkStatus();
}

absl::Status Read(const Call& call, std::string_view key,
                  std::optional<int32_t>* out) {
  REST_ASSIGN_OR_RETURN(
      std::optional<int64_t> v,
      OptInt(call.body, key, std::numeric_limits<int32_t>::min(),
             std::numeric_limits<int32_t>::max()));
  if (v.has_value()) *out = static_cast<int32_t>(*v);
  return absl::OkStatus();
}

absl::Status ReadMetadata(const Call& call, std::string_view key,
                          ErrorCode bad, Metadata* out) {
  REST_ASSIGN_OR_RETURN(std::optional<Metadata> v,
                        OptMetadata(call.body, key, bad));
  if (v.has_value()) *out = std::move(*v);
  return absl::OkStatus();
}

absl::Status ReadMetadata(const Call& call, std::string_view key,
                          ErrorCode bad, std::optional<Metadata>* out) {
  REST_ASSIGN_OR_RETURN(std::optional<Metadata> v,
                        OptMetadata(call.body, key, bad));
  if (v.has_value()) *out = std::move(v);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<UserId>> BodyMembers(const Call& call) {
  REST_ASSIGN_OR_RETURN(std::vector<std::string> names,
                        ReqStringList(call.body, "members"));
  return ResolveUsers(call.engine, names);
}

absl::StatusOr<Millis> BodyExpireMs(const Call& call) {
  // Bounded so that minutes -> milliseconds cannot overflow; negative values
  // reach the engine, which rejects them with its own code.
  REST_ASSIGN_OR_RETURN(
      std::optional<int64_t> v,
      OptInt(call.body, "expireInMinutes", std::numeric_limits<int32_t>::min(),
             std::numeric_limits<int32_t>::max()));
  return v.value_or(0) * 60'000;
}

absl::StatusOr<CreateChannelRequest> ReadCreateChannel(const Call& call,
                                                       bool admin) {
  CreateChannelRequest r;
  REST_ASSIGN_OR_RETURN(std::string type, ReqString(call.body, "type"));
  std::optional<ChannelType> t = ParseChannelType(type);
  if (!t.has_value()) {
    // Spec §4 lists one code for "required, one of the 7 types".
    return Error(ErrorCode::kInvalidParams,
                 Cat("unknown channel type '", type, "'"));
  }
  r.type = *t;
  if (admin) {
    REST_ASSIGN_OR_RETURN(r.members, BodyMembers(call));
    std::string owner;
    REST_RETURN_IF_ERROR(Read(call, "ownerId", &owner));
    if (!owner.empty()) r.owner = ResolveUser(call.engine, owner);
  } else {
    // The SDK may create a channel with nobody else in it.
    REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> members,
                          OptStringList(call.body, "members"));
    if (members.has_value()) r.members = ResolveUsers(call.engine, *members);
  }
  REST_RETURN_IF_ERROR(Read(call, "channelId", &r.channel_id));
  REST_RETURN_IF_ERROR(Read(call, "name", &r.name));
  REST_RETURN_IF_ERROR(Read(call, "reuseChannel", &r.reuse));
  REST_RETURN_IF_ERROR(Read(call, "invitationCode", &r.invitation_code));
  REST_RETURN_IF_ERROR(Read(call, "imageUrl", &r.image_url));
  REST_RETURN_IF_ERROR(
      ReadMetadata(call, "data", ErrorCode::kInvalidMetaData, &r.data));
  REST_RETURN_IF_ERROR(Read(call, "maxMemberCount", &r.max_member_count));
  REST_RETURN_IF_ERROR(
      Read(call, "hideMessagesBeforeJoin", &r.hide_messages_before_join));
  REST_RETURN_IF_ERROR(Read(call, "category", &r.category));
  REST_RETURN_IF_ERROR(Read(call, "subcategory", &r.subcategory));
  return r;
}

absl::StatusOr<UpdateChannelRequest> ReadUpdateChannel(const Call& call,
                                                       ChannelId channel,
                                                       bool admin) {
  UpdateChannelRequest r;
  r.channel = channel;
  REST_RETURN_IF_ERROR(Read(call, "name", &r.name));
  if (admin) {
    std::string owner;
    REST_RETURN_IF_ERROR(Read(call, "ownerId", &owner));
    if (!owner.empty()) r.owner = ResolveUser(call.engine, owner);
  }
  REST_RETURN_IF_ERROR(Read(call, "invitationCode", &r.invitation_code));
  REST_RETURN_IF_ERROR(Read(call, "imageUrl", &r.image_url));
  REST_RETURN_IF_ERROR(
      ReadMetadata(call, "data", ErrorCode::kInvalidMetaData, &r.data));
  REST_RETURN_IF_ERROR(Read(call, "maxMemberCount", &r.max_member_count));
  REST_RETURN_IF_ERROR(
      Read(call, "hideMessagesBeforeJoin", &r.hide_messages_before_join));
  REST_RETURN_IF_ERROR(Read(call, "category", &r.category));
  REST_RETURN_IF_ERROR(Read(call, "subcategory", &r.subcategory));
  return r;
}

absl::StatusOr<SendMessageRequest> ReadSendMessage(const Call& call,
                                                   ChannelId channel) {
  SendMessageRequest r;
  r.channel = channel;
  REST_RETURN_IF_ERROR(Read(call, "text", &r.text));
  REST_RETURN_IF_ERROR(
      ReadMetadata(call, "data", ErrorCode::kInvalidMetaData, &r.data));
  REST_RETURN_IF_ERROR(Read(call, "fileUrl", &r.file.url));
  REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> mentions,
                        OptStringList(call.body, "mentions"));
  if (mentions.has_value()) r.mentions = ResolveUsers(call.engine, *mentions);
  std::string parent;
  REST_RETURN_IF_ERROR(Read(call, "parentMessageId", &parent));
  if (!parent.empty()) r.parent = ResolveMessage(call.engine, channel, parent);
  REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> languages,
                        OptStringList(call.body, "translationTargetLanguages"));
  if (languages.has_value()) r.translation_targets = std::move(*languages);
  return r;
}

absl::StatusOr<ChannelListQuery> ReadChannelListQuery(
    const Call& call, ChannelListQuery::Kind kind, UserId user,
    bool* cursor_unknown) {
  ChannelListQuery q;
  q.kind = kind;
  q.user = user;
  q.after = Cursor<ChannelId>(call, "lastChannelId", ResolveChannel,
                              cursor_unknown);
  REST_ASSIGN_OR_RETURN(q.limit, Limit(call, 20));
  const Query& query = call.query;
  if (auto v = query.Get("category"); v.has_value() && !v->empty()) {
    q.category = std::string(*v);
  }
  if (auto v = query.Get("subcategory"); v.has_value() && !v->empty()) {
    q.subcategory = std::string(*v);
  }
  if (auto v = query.Get("privateTag"); v.has_value() && !v->empty()) {
    q.private_tag = std::string(*v);
  }
  REST_ASSIGN_OR_RETURN(q.frozen, query.Bool("isFrozen"));
  REST_ASSIGN_OR_RETURN(std::optional<bool> unread, query.Bool("hasUnread"));
  q.has_unread = unread.value_or(false);
  q.members = ResolveUsers(call.engine, query.List("members"));
  // The SDK searches by name with filter=name&query=...; a bare query is
  // read the same way. Other filter values have no meaning here.
  if (auto f = query.Get("filter"); f.has_value() && !f->empty() &&
                                    *f != "name") {
    return Error(ErrorCode::kParamsBindingError,
                 Cat("unknown filter '", *f, "'"));
  }
  if (auto v = query.Get("query"); v.has_value()) q.name_query = std::string(*v);
  return q;
}

absl::StatusOr<json::value> ChannelListResult(const Call& call,
                                              const ChannelListQuery& query,
                                              bool cursor_unknown) {
  REST_ASSIGN_OR_RETURN(Page<ChannelView> page,
                        call.engine.ListChannels(call.actor, query));
  if (cursor_unknown) {
    return UnknownCursor("lastChannelId");
  }
  return PageJson("channels", page,
                  [](const ChannelView& c) { return ChannelJson(c); });
}

}  // namespace banter::rest
