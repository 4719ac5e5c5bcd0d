#include "rest/talkplus_json.h"

#include <optional>
#include <string>

#include "rest/status_util.h"

namespace banter::rest {

namespace json = boost::json;

json::object MetadataJson(const Metadata& m) {
  json::object out;
  out.reserve(m.size());
  for (const auto& [k, v] : m) out[JsonSv(k)] = JsonSv(v);
  return out;
}

json::array StringsJson(const std::vector<std::string>& items) {
  json::array out;
  out.reserve(items.size());
  for (const std::string& s : items) out.emplace_back(JsonSv(s));
  return out;
}

json::object UserJson(const UserView& u) {
  json::object o;
  o.reserve(7);
  o["id"] = JsonSv(u.id);
  o["username"] = JsonSv(u.username);
  o["profileImageUrl"] = JsonSv(u.profile_image_url);
  o["disablePushNotification"] = u.push_disabled;
  o["data"] = MetadataJson(u.data);
  o["updatedAt"] = u.updated_at;
  o["createdAt"] = u.created_at;
  return o;
}

json::object MemberJson(const MemberView& m) {
  json::object o;
  o.reserve(9);
  o["id"] = JsonSv(m.user.id);
  o["username"] = JsonSv(m.user.username);
  o["profileImageUrl"] = JsonSv(m.user.profile_image_url);
  o["data"] = MetadataJson(m.user.data);
  o["memberInfo"] = MetadataJson(m.member_info);
  o["lastReadAt"] = m.last_read_at;
  o["lastSentAt"] = m.last_sent_at;
  o["updatedAt"] = m.user.updated_at;
  o["createdAt"] = m.user.created_at;
  return o;
}

namespace {

json::object ChannelBotJson(const BotView& b) {
  json::object o;
  o.reserve(4);
  o["id"] = JsonSv(b.id);
  o["name"] = JsonSv(b.name);
  o["profileImageUrl"] = JsonSv(b.profile_image_url);
  o["type"] = JsonSv(b.type);
  return o;
}

json::object ParentJson(const ParentMessageView& p) {
  json::object o;
  o.reserve(7);
  o["id"] = JsonSv(p.id);
  o["userId"] = JsonSv(p.user_id);
  o["username"] = JsonSv(p.username);
  o["type"] = JsonSv(MessageTypeName(p.type));
  o["text"] = JsonSv(p.text);
  o["data"] = MetadataJson(p.data);
  o["createdAt"] = p.created_at;
  return o;
}

}  // namespace

json::object ChannelJson(const ChannelView& c) {
  json::object o;
  o.reserve(27);
  o["id"] = JsonSv(c.id);
  o["name"] = JsonSv(c.name);
  o["ownerId"] = JsonSv(c.owner_id);
  o["type"] = JsonSv(ChannelTypeName(c.type));
  o["imageUrl"] = JsonSv(c.image_url);
  o["invitationCode"] = JsonSv(c.invitation_code);
  o["isFrozen"] = c.frozen;
  o["hideMessagesBeforeJoin"] = c.hide_messages_before_join;
  o["category"] = JsonSv(c.category);
  o["subcategory"] = JsonSv(c.subcategory);
  o["privateTag"] = JsonSv(c.private_tag);
  o["privateData"] = MetadataJson(c.private_data);
  o["memberCount"] = c.member_count;
  o["maxMemberCount"] = c.max_member_count;
  o["data"] = MetadataJson(c.data);
  json::array members;
  members.reserve(c.members.size());
  for (const MemberView& m : c.members) members.emplace_back(MemberJson(m));
  o["members"] = std::move(members);
  o["mutedUsers"] = StringsJson(c.muted_users);
  json::array banned;
  banned.reserve(c.banned_users.size());
  for (const MemberView& m : c.banned_users) banned.emplace_back(MemberJson(m));
  o["bannedUsers"] = std::move(banned);
  json::array bots;
  bots.reserve(c.bots.size());
  for (const BotView& b : c.bots) bots.emplace_back(ChannelBotJson(b));
  o["bots"] = std::move(bots);
  o["pushNotificationDisabled"] = c.push_disabled;
  o["pushNotificationSoundAOS"] = JsonSv(c.push_sound_aos);
  o["pushNotificationSoundIOS"] = JsonSv(c.push_sound_ios);
  o["updatedAt"] = c.updated_at;
  o["createdAt"] = c.created_at;
  o["unreadCount"] = c.unread_count;
  o["lastReadAt"] = c.last_read_at;
  if (c.last_message.has_value()) {
    o["lastMessage"] = MessageJson(*c.last_message);
  } else {
    o["lastMessage"] = nullptr;
  }
  // banter's extension, shown only when set, so a channel that uses none
  // renders exactly as TalkPlus shows it.
  if (c.slow_mode_ms != 0) o["slowModeMs"] = c.slow_mode_ms;
  return o;
}

json::object MessageJson(const MessageView& m) {
  json::object o;
  o.reserve(15);
  o["id"] = JsonSv(m.id);
  o["channelId"] = JsonSv(m.channel_id);
  o["userId"] = JsonSv(m.user_id);
  o["username"] = JsonSv(m.username);
  o["profileImageUrl"] = JsonSv(m.profile_image_url);
  o["type"] = JsonSv(MessageTypeName(m.type));
  o["text"] = JsonSv(m.text);
  o["data"] = MetadataJson(m.data);
  o["fileUrl"] = JsonSv(m.file.url);
  o["mentions"] = StringsJson(m.mentions);
  o["parentMessageId"] = JsonSv(m.parent_message_id);
  o["parentMessage"] =
      m.parent.has_value() ? ParentJson(*m.parent) : json::object();
  json::object reactions;
  reactions.reserve(m.reactions.size());
  for (const auto& [key, users] : m.reactions) {
    reactions[JsonSv(key)] = StringsJson(users);
  }
  o["reactions"] = std::move(reactions);
  o["translations"] = MetadataJson(m.translations);
  o["createdAt"] = m.created_at;
  return o;
}

json::object BotJson(const BotView& b) {
  json::object o;
  o.reserve(5);
  o["id"] = JsonSv(b.id);
  o["name"] = JsonSv(b.name);
  o["profileImageUrl"] = JsonSv(b.profile_image_url);
  o["type"] = JsonSv(b.type);
  o["callbackUrl"] = JsonSv(b.callback_url);
  return o;
}

json::object TalkPlusErrorBody(ErrorCode code) {
  json::object o;
  o["error"] = true;
  o["code"] = std::to_string(static_cast<int>(code));
  o["message"] = JsonSv(ErrorName(code));
  return o;
}

Response TalkPlusError(const absl::Status& status) {
  // A status without a domain code is not a client error: an engine area not
  // built yet (Unimplemented) or a bug. Both are the server's fault.
  const ErrorCode code =
      ErrorCodeOf(status).value_or(ErrorCode::kInternalError);
  Response r;
  r.status = HttpStatusOf(code);
  r.body = TalkPlusErrorBody(code);
  // Slow mode and the flood limit say how long to wait.
  if (std::optional<int64_t> left = RetryAfterOf(status)) {
    r.body.as_object()["retryAfterMs"] = *left;
  }
  const auto msg = status.message();
  r.detail = std::string(msg.data(), msg.size());
  return r;
}

}  // namespace banter::rest
