// The TalkPlus SDK (user) surface (spec §8): /v1.4/... without /api, app-id +
// "Authorization: Bearer <session token>", every call made as
// Actor::User(session user), who is also the viewer of what comes back. The
// engine enforces the §6.1 permission matrix; this file only maps shapes.
#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {
namespace {

namespace json = boost::json;
using Result = absl::StatusOr<json::value>;

json::value Empty() { return json::object(); }

UserId Self(const Call& c) { return c.actor.user; }
ChannelId PathChannel(const Call& c) {
  return ResolveChannel(c.engine, c.Param("channelId"));
}
MemberSettingRequest SelfIn(const Call& c) { return {PathChannel(c), Self(c)}; }

Result SelfResult(const Call& c) {
  REST_ASSIGN_OR_RETURN(UserView v, c.engine.GetUser(c.actor, Self(c)));
  return Wrap("user", UserJson(v));
}

// The channel as the caller now sees it: what every per-channel write of
// this surface answers.
Result MyChannel(const Call& c, ChannelId ch) {
  return ChannelResult(c, ch, Self(c));
}

// ---- Sessions ---------------------------------------------------------------

absl::StatusOr<LoginRequest> ReadLogin(const Call& c, bool token) {
  LoginRequest r;
  REST_ASSIGN_OR_RETURN(r.user_id, ReqString(c.body, "userId"));
  if (token) {
    REST_ASSIGN_OR_RETURN(r.login_token, ReqString(c.body, "loginToken"));
  }
  REST_RETURN_IF_ERROR(Read(c, "username", &r.username));
  REST_RETURN_IF_ERROR(Read(c, "profileImageUrl", &r.profile_image_url));
  REST_RETURN_IF_ERROR(
      ReadMetadata(c, "data", ErrorCode::kInvalidMetaData, &r.data));
  REST_RETURN_IF_ERROR(Read(c, "deviceId", &r.device_id));
  return r;
}

// {"user": ..., "sessionId": ..., "sessionToken": ...}
Result SessionResult(const Call& c, const Session& s) {
  REST_ASSIGN_OR_RETURN(UserView v,
                        c.engine.GetUser(Actor::User(s.user), s.user));
  json::object o;
  o["user"] = UserJson(v);
  o["sessionId"] = s.session_id;
  o["sessionToken"] = s.session_token;
  return o;
}

Result LoginToken(const Call& c) {
  REST_ASSIGN_OR_RETURN(LoginRequest r, ReadLogin(c, true));
  REST_ASSIGN_OR_RETURN(Session s, c.engine.LoginWithToken(r, c.now));
  return SessionResult(c, s);
}

Result LoginAnonymous(const Call& c) {
  REST_ASSIGN_OR_RETURN(LoginRequest r, ReadLogin(c, false));
  REST_ASSIGN_OR_RETURN(Session s, c.engine.LoginAnonymous(r, c.now));
  return SessionResult(c, s);
}

Result Logout(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.Logout(c.session_token, c.now));
  return Empty();
}

// ---- Users ------------------------------------------------------------------

Result UpdateSelf(const Call& c) {
  UpdateUserRequest r;
  r.user = Self(c);
  REST_RETURN_IF_ERROR(Read(c, "username", &r.username));
  REST_RETURN_IF_ERROR(Read(c, "profileImageUrl", &r.profile_image_url));
  REST_RETURN_IF_ERROR(
      ReadMetadata(c, "data", ErrorCode::kInvalidMetaData, &r.data));
  REST_RETURN_IF_ERROR(c.engine.UpdateUser(c.actor, r, c.now));
  return SelfResult(c);
}

Result DeleteSelf(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.DeleteUser(c.actor, Self(c), c.now));
  return Empty();
}

Result RegisterFcm(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string device, ReqString(c.body, "deviceId"));
  REST_ASSIGN_OR_RETURN(std::string token, ReqString(c.body, "fcmToken"));
  REST_RETURN_IF_ERROR(c.engine.RegisterPushToken(
      c.actor, Self(c), PushTokenKind::kFcm, device, token, c.now));
  return Empty();
}

Result RegisterPushKit(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string token, ReqString(c.body, "pushKitToken"));
  // PushKit keeps one token per user; the device id only labels it.
  std::string device = "pushkit";
  REST_RETURN_IF_ERROR(Read(c, "deviceId", &device));
  REST_RETURN_IF_ERROR(c.engine.RegisterPushToken(
      c.actor, Self(c), PushTokenKind::kPushKit, device, token, c.now));
  return Empty();
}

Result EnablePush(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.SetUserPush(c.actor, Self(c), true, c.now));
  return SelfResult(c);
}

Result DisablePush(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.SetUserPush(c.actor, Self(c), false, c.now));
  return SelfResult(c);
}

Result ListBlocked(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 20));
  REST_ASSIGN_OR_RETURN(Page<UserView> page,
                        c.engine.ListBlocked(c.actor, Self(c), after, limit));
  if (unknown) return UnknownCursor("lastUserId");
  return PageJson("users", page, [](const UserView& u) { return UserJson(u); });
}

Result Block(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string target, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(
      c.engine.Block(c.actor, Self(c), ResolveUser(c.engine, target), c.now));
  return Empty();
}

Result Unblock(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string target, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(c.engine.Unblock(c.actor, Self(c),
                                        ResolveUser(c.engine, target), c.now));
  return Empty();
}

// ---- Channels ---------------------------------------------------------------

Result ListChannels(const Call& c) {
  ChannelListQuery::Kind kind = ChannelListQuery::Kind::kJoined;
  if (auto t = c.query.Get("type"); t.has_value() && !t->empty()) {
    if (*t == "default" || *t == "joined") {
      kind = ChannelListQuery::Kind::kJoined;
    } else if (*t == "public") {
      kind = ChannelListQuery::Kind::kPublic;
    } else if (*t == "hidden") {
      kind = ChannelListQuery::Kind::kHidden;
    } else {
      return Error(ErrorCode::kParamsBindingError,
                   "type must be default, public or hidden");
    }
  }
  bool unknown;
  REST_ASSIGN_OR_RETURN(ChannelListQuery q,
                        ReadChannelListQuery(c, kind, Self(c), &unknown));
  return ChannelListResult(c, q, unknown);
}

Result CreateChannel(const Call& c) {
  REST_ASSIGN_OR_RETURN(CreateChannelRequest r, ReadCreateChannel(c, false));
  REST_ASSIGN_OR_RETURN(ChannelId id, c.engine.CreateChannel(c.actor, r, c.now));
  return MyChannel(c, id);
}

Result GetChannel(const Call& c) { return MyChannel(c, PathChannel(c)); }

Result UpdateChannel(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(UpdateChannelRequest r, ReadUpdateChannel(c, ch, false));
  REST_RETURN_IF_ERROR(c.engine.UpdateChannel(c.actor, r, c.now));
  return MyChannel(c, ch);
}

Result DeleteChannel(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.DeleteChannel(c.actor, PathChannel(c), c.now));
  return Empty();
}

Result ListMembers(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 50));
  REST_ASSIGN_OR_RETURN(Page<MemberView> page,
                        c.engine.ListMembers(c.actor, PathChannel(c), after, limit));
  if (unknown) return UnknownCursor("lastUserId");
  return PageJson("members", page,
                  [](const MemberView& m) { return MemberJson(m); });
}

Result GetMember(const Call& c) {
  REST_ASSIGN_OR_RETURN(
      MemberView m, c.engine.GetMember(c.actor, PathChannel(c),
                                       ResolveUser(c.engine, c.Param("userId"))));
  return Wrap("member", MemberJson(m));
}

using MembersOp = absl::Status (Engine::*)(const Actor&, const MembersRequest&,
                                           Millis);
template <MembersOp op>
Result Members(const Call& c) {
  const ChannelId ch = PathChannel(c);
  MembersRequest r;
  r.channel = ch;
  REST_ASSIGN_OR_RETURN(const std::vector<UserId> users, BodyMembers(c));
  r.users.assign(users.begin(), users.end());
  REST_RETURN_IF_ERROR((c.engine.*op)(c.actor, r, c.now));
  return MyChannel(c, ch);
}

Result Ban(const Call& c) {
  const ChannelId ch = PathChannel(c);
  BanRequest r;
  r.channel = ch;
  REST_ASSIGN_OR_RETURN(const std::vector<UserId> users, BodyMembers(c));
  r.users.assign(users.begin(), users.end());
  REST_RETURN_IF_ERROR(c.engine.Ban(c.actor, r, c.now));
  return MyChannel(c, ch);
}

Result Mute(const Call& c) {
  const ChannelId ch = PathChannel(c);
  MuteRequest r;
  r.channel = ch;
  REST_ASSIGN_OR_RETURN(const std::vector<UserId> users, BodyMembers(c));
  r.users.assign(users.begin(), users.end());
  REST_ASSIGN_OR_RETURN(r.duration_ms, BodyExpireMs(c));
  REST_RETURN_IF_ERROR(c.engine.Mute(c.actor, r, c.now));
  return MyChannel(c, ch);
}

template <typename View, typename Render>
Result UserPage(const Call& c, std::string_view key,
                absl::StatusOr<Page<View>> page, bool unknown, Render render) {
  if (!page.ok()) return page.status();
  if (unknown) return UnknownCursor("lastUserId");
  return PageJson(key, *page, render);
}

Result ListBanned(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 50));
  return UserPage(c, "users",
                  c.engine.ListBanned(c.actor, PathChannel(c), after, limit),
                  unknown, [](const BanView& b) { return MemberJson(b.member); });
}

Result ListMuted(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 50));
  return UserPage(c, "members",
                  c.engine.ListMuted(c.actor, PathChannel(c), after, limit),
                  unknown, [](const MemberView& m) { return MemberJson(m); });
}

Result ListPeerMuted(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 50));
  return UserPage(
      c, "members",
      c.engine.ListPeerMuted(c.actor, PathChannel(c), Self(c), after, limit),
      unknown, [](const MemberView& m) { return MemberJson(m); });
}

Result PeerMute(const Call& c, bool mute) {
  const ChannelId ch = PathChannel(c);
  PeerMuteRequest r;
  r.channel = ch;
  r.user = Self(c);
  REST_ASSIGN_OR_RETURN(r.targets, BodyMembers(c));
  if (mute) {
    REST_ASSIGN_OR_RETURN(r.duration_ms, BodyExpireMs(c));
    REST_RETURN_IF_ERROR(c.engine.PeerMute(c.actor, r, c.now));
  } else {
    REST_RETURN_IF_ERROR(c.engine.PeerUnmute(c.actor, r, c.now));
  }
  return MyChannel(c, ch);
}
Result PeerMuteOn(const Call& c) { return PeerMute(c, true); }
Result PeerMuteOff(const Call& c) { return PeerMute(c, false); }

Result SetPrivateData(const Call& c) {
  std::optional<Metadata> data;
  REST_RETURN_IF_ERROR(
      ReadMetadata(c, "privateData", ErrorCode::kInvalidPrivateData, &data));
  if (!data.has_value()) {
    return Error(ErrorCode::kInvalidParams, "field 'privateData' is required");
  }
  REST_RETURN_IF_ERROR(
      c.engine.SetPrivateData(c.actor, SelfIn(c), std::move(*data), c.now));
  return MyChannel(c, PathChannel(c));
}

Result SetPrivateTag(const Call& c) {
  std::optional<std::string> tag;
  REST_RETURN_IF_ERROR(Read(c, "privateTag", &tag));
  if (!tag.has_value()) {
    return Error(ErrorCode::kInvalidParams, "field 'privateTag' is required");
  }
  REST_RETURN_IF_ERROR(
      c.engine.SetPrivateTag(c.actor, SelfIn(c), std::move(*tag), c.now));
  return MyChannel(c, PathChannel(c));
}

Result SetMemberInfo(const Call& c) {
  std::optional<Metadata> info;
  REST_RETURN_IF_ERROR(
      ReadMetadata(c, "memberInfo", ErrorCode::kInvalidMemberInfo, &info));
  if (!info.has_value()) {
    return Error(ErrorCode::kInvalidParams, "field 'memberInfo' is required");
  }
  const MemberSettingRequest who = SelfIn(c);
  REST_RETURN_IF_ERROR(
      c.engine.SetMemberInfo(c.actor, who, std::move(*info), c.now));
  REST_ASSIGN_OR_RETURN(MemberView m,
                        c.engine.GetMember(c.actor, who.channel, who.user));
  return Wrap("member", MemberJson(m));
}

Result SetChannelPush(const Call& c, bool enabled) {
  REST_RETURN_IF_ERROR(
      c.engine.SetChannelPush(c.actor, SelfIn(c), enabled, c.now));
  return MyChannel(c, PathChannel(c));
}
Result EnableChannelPush(const Call& c) { return SetChannelPush(c, true); }
Result DisableChannelPush(const Call& c) { return SetChannelPush(c, false); }

Result GetPushSettings(const Call& c) { return MyChannel(c, PathChannel(c)); }

Result SetPushSettings(const Call& c) {
  // Request keys end in Aos/Ios; response keys in AOS/IOS (spec §6.11).
  std::optional<std::string> aos, ios;
  REST_RETURN_IF_ERROR(Read(c, "pushNotificationSoundAos", &aos));
  REST_RETURN_IF_ERROR(Read(c, "pushNotificationSoundIos", &ios));
  REST_RETURN_IF_ERROR(c.engine.SetPushSounds(c.actor, SelfIn(c),
                                              std::move(aos), std::move(ios),
                                              c.now));
  return MyChannel(c, PathChannel(c));
}

Result MarkRead(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.MarkRead(c.actor, SelfIn(c), c.now));
  return MyChannel(c, PathChannel(c));
}

Result MarkAllRead(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.MarkAllRead(c.actor, Self(c), c.now));
  return Empty();
}

Result UnreadCount(const Call& c) {
  REST_ASSIGN_OR_RETURN(int64_t n, c.engine.TotalUnread(c.actor, Self(c)));
  json::object o;
  o["totalCount"] = n;
  return o;
}

Result Freeze(const Call& c, bool frozen) {
  const ChannelId ch = PathChannel(c);
  REST_RETURN_IF_ERROR(c.engine.SetFrozen(c.actor, ch, frozen, c.now));
  return MyChannel(c, ch);
}
Result FreezeOn(const Call& c) { return Freeze(c, true); }
Result FreezeOff(const Call& c) { return Freeze(c, false); }

Result Hide(const Call& c, bool hidden) {
  REST_RETURN_IF_ERROR(c.engine.SetHidden(c.actor, SelfIn(c), hidden, c.now));
  return MyChannel(c, PathChannel(c));
}
Result HideOn(const Call& c) { return Hide(c, true); }
Result HideOff(const Call& c) { return Hide(c, false); }

Result HideAll(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.HideAll(c.actor, Self(c), c.now));
  return Empty();
}

Result Join(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_RETURN_IF_ERROR(c.engine.Join(c.actor, {ch, Self(c), {}}, c.now));
  return MyChannel(c, ch);
}

Result JoinByCode(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string code, ReqString(c.body, "invitationCode"));
  REST_RETURN_IF_ERROR(
      c.engine.Join(c.actor, {ch, Self(c), std::move(code)}, c.now));
  return MyChannel(c, ch);
}

Result Leave(const Call& c) {
  LeaveRequest r;
  r.channel = PathChannel(c);
  r.user = Self(c);
  REST_RETURN_IF_ERROR(
      Read(c, "deleteChannelIfEmpty", &r.delete_channel_if_empty));
  REST_RETURN_IF_ERROR(c.engine.Leave(c.actor, r, c.now));
  return Empty();
}

Result TransferOwnership(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(c.engine.TransferOwnership(
      c.actor, ch, ResolveUser(c.engine, user), c.now));
  return MyChannel(c, ch);
}

// ---- Messages ---------------------------------------------------------------

Result ListMessagesImpl(const Call& c, bool files_only) {
  const ChannelId ch = PathChannel(c);
  MessageListQuery q;
  q.channel = ch;
  q.viewer = Self(c);
  q.files_only = files_only;
  REST_ASSIGN_OR_RETURN(q.limit, Limit(c, 20));
  if (auto last = c.query.Get("lastMessageId"); last.has_value() && !last->empty()) {
    q.after = ResolveMessage(c.engine, ch, *last);
  }
  if (auto order = c.query.Get("order"); order.has_value() && !order->empty()) {
    if (*order == "latest") {
      q.order = MessageListQuery::Order::kLatest;
    } else if (*order == "oldest") {
      q.order = MessageListQuery::Order::kOldest;
    } else {
      return Error(ErrorCode::kParamsBindingError,
                   "order must be latest or oldest");
    }
  }
  // The file list has no text to search: it ignores `query`, as before.
  if (std::optional<std::string_view> text = SearchText(c, "query");
      text.has_value() && !files_only) {
    return MessageSearchResult(c, q, *text);
  }
  REST_ASSIGN_OR_RETURN(Page<MessageView> page,
                        c.engine.ListMessages(c.actor, q));
  return PageJson("messages", page,
                  [](const MessageView& m) { return MessageJson(m); });
}
Result ListMessages(const Call& c) { return ListMessagesImpl(c, false); }
Result ListFileMessages(const Call& c) { return ListMessagesImpl(c, true); }

absl::StatusOr<MessageId> MyPathMessage(const Call& c) {
  return PathMessage(c, PathChannel(c), c.Param("messageId"));
}

Result GetMessage(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, MyPathMessage(c));
  return MessageResult(c, m, Self(c));
}

Result DeleteMessage(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, MyPathMessage(c));
  REST_RETURN_IF_ERROR(c.engine.DeleteMessage(c.actor, m, c.now));
  return Empty();
}

Result UpdateMessage(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, MyPathMessage(c));
  UpdateMessageRequest r;
  r.message = m;
  REST_RETURN_IF_ERROR(Read(c, "text", &r.text));
  REST_RETURN_IF_ERROR(
      ReadMetadata(c, "data", ErrorCode::kInvalidMetaData, &r.data));
  REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> mentions,
                        OptStringList(c.body, "mentions"));
  if (mentions.has_value()) r.mentions = ResolveUsers(c.engine, *mentions);
  REST_RETURN_IF_ERROR(Read(c, "clearReactions", &r.clear_reactions));
  REST_RETURN_IF_ERROR(Read(c, "clearTranslations", &r.clear_translations));
  REST_RETURN_IF_ERROR(c.engine.UpdateMessage(c.actor, r, c.now));
  return MessageResult(c, m, Self(c));
}

Result SendMessage(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(
      MessageType type,
      // Admin types parse here and are refused by the engine (1006) after
      // its channel, membership, freeze and mute checks.
      BodyMessageType(c, MessageType::kText,
                      {MessageType::kText, MessageType::kHidden,
                       MessageType::kCustom, MessageType::kAdmin,
                       MessageType::kAdminHidden}));
  REST_ASSIGN_OR_RETURN(SendMessageRequest r, ReadSendMessage(c, ch));
  r.type = type;
  r.sender = Self(c);
  REST_ASSIGN_OR_RETURN(MessageId m, c.engine.SendMessage(c.actor, r, c.now));
  return MessageResult(c, m, Self(c));
}

Result Translate(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, MyPathMessage(c));
  REST_ASSIGN_OR_RETURN(std::vector<std::string> languages,
                        ReqStringList(c.body, "targetLanguages"));
  REST_RETURN_IF_ERROR(c.engine.TranslateMessage(c.actor, m, languages, c.now));
  return MessageResult(c, m, Self(c));
}

Result AddReaction(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, MyPathMessage(c));
  REST_ASSIGN_OR_RETURN(std::string reaction, ReqString(c.body, "reaction"));
  REST_RETURN_IF_ERROR(
      c.engine.AddReaction(c.actor, {m, Self(c), std::move(reaction)}, c.now));
  return MessageResult(c, m, Self(c));
}

Result RemoveReaction(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, MyPathMessage(c));
  REST_RETURN_IF_ERROR(c.engine.RemoveReaction(
      c.actor, {m, Self(c), c.Param("reaction")}, c.now));
  return MessageResult(c, m, Self(c));
}

}  // namespace

void RegisterTalkPlusUserRoutes(Server& server) {
  constexpr Method G = Method::kGet, P = Method::kPost, U = Method::kPut,
                   D = Method::kDelete;
  constexpr RateClass kAuth = RateClass::kAuth, kRead = RateClass::kRead,
                      kWrite = RateClass::kWrite, kMsg = RateClass::kMessage;
  const Flavor* f = &TalkPlusFlavor();
  struct Row {
    Method method;
    std::string_view pattern;
    Auth auth;
    RateClass rate;
    Handler handler;
  };
  constexpr Auth S = Auth::kSession;
  const Row rows[] = {
      // Sessions and the user itself.
      {P, "/users/login/anonymous", Auth::kAppOnly, kAuth, &LoginAnonymous},
      {P, "/users/login/token", Auth::kAppOnly, kAuth, &LoginToken},
      {P, "/users/logout", S, kAuth, &Logout},
      {U, "/users/update", S, kWrite, &UpdateSelf},
      {D, "/users/delete", S, kWrite, &DeleteSelf},
      {P, "/users/register/fcm", S, kWrite, &RegisterFcm},
      {P, "/users/register/pushkit", S, kWrite, &RegisterPushKit},
      {P, "/users/settings/push/enable", S, kWrite, &EnablePush},
      {P, "/users/settings/push/disable", S, kWrite, &DisablePush},
      {G, "/users/blocked", S, kRead, &ListBlocked},
      {P, "/users/block", S, kWrite, &Block},
      {P, "/users/unblock", S, kWrite, &Unblock},
      // Channels.
      {G, "/channels", S, kRead, &ListChannels},
      {P, "/channels/create", S, kWrite, &CreateChannel},
      {P, "/channels/hide/all", S, kWrite, &HideAll},
      {P, "/channels/markread/all", S, kWrite, &MarkAllRead},
      {G, "/channels/unread/count", S, kRead, &UnreadCount},
      {G, "/channels/:channelId", S, kRead, &GetChannel},
      {U, "/channels/:channelId", S, kWrite, &UpdateChannel},
      {D, "/channels/:channelId", S, kWrite, &DeleteChannel},
      {P, "/channels/:channelId/join", S, kWrite, &Join},
      {P, "/channels/:channelId/join/invitation", S, kWrite, &JoinByCode},
      {P, "/channels/:channelId/leave", S, kWrite, &Leave},
      {P, "/channels/:channelId/transfer/ownership", S, kWrite,
       &TransferOwnership},
      {P, "/channels/:channelId/freeze", S, kWrite, &FreezeOn},
      {P, "/channels/:channelId/unfreeze", S, kWrite, &FreezeOff},
      {P, "/channels/:channelId/hide", S, kWrite, &HideOn},
      {P, "/channels/:channelId/show", S, kWrite, &HideOff},
      {P, "/channels/:channelId/markread", S, kWrite, &MarkRead},
      {P, "/channels/:channelId/privateData", S, kWrite, &SetPrivateData},
      {P, "/channels/:channelId/privateTag", S, kWrite, &SetPrivateTag},
      {P, "/channels/:channelId/memberInfo", S, kWrite, &SetMemberInfo},
      {P, "/channels/:channelId/push/enable", S, kWrite, &EnableChannelPush},
      {P, "/channels/:channelId/push/disable", S, kWrite, &DisableChannelPush},
      {G, "/channels/:channelId/push/settings", S, kRead, &GetPushSettings},
      {P, "/channels/:channelId/push/settings", S, kWrite, &SetPushSettings},
      // Members.
      {G, "/channels/:channelId/members", S, kRead, &ListMembers},
      {G, "/channels/:channelId/members/banned", S, kRead, &ListBanned},
      {G, "/channels/:channelId/members/muted", S, kRead, &ListMuted},
      {G, "/channels/:channelId/members/:userId", S, kRead, &GetMember},
      {P, "/channels/:channelId/members/add", S, kWrite,
       &Members<&Engine::AddMembers>},
      {P, "/channels/:channelId/members/remove", S, kWrite,
       &Members<&Engine::RemoveMembers>},
      {P, "/channels/:channelId/members/ban", S, kWrite, &Ban},
      {P, "/channels/:channelId/members/unban", S, kWrite,
       &Members<&Engine::Unban>},
      {P, "/channels/:channelId/members/mute", S, kWrite, &Mute},
      {P, "/channels/:channelId/members/unmute", S, kWrite,
       &Members<&Engine::Unmute>},
      {G, "/channels/:channelId/peer/muted", S, kRead, &ListPeerMuted},
      {P, "/channels/:channelId/peer/mute", S, kWrite, &PeerMuteOn},
      {P, "/channels/:channelId/peer/unmute", S, kWrite, &PeerMuteOff},
      // Messages.
      {G, "/channels/:channelId/messages", S, kRead, &ListMessages},
      {G, "/channels/:channelId/messages/files", S, kRead, &ListFileMessages},
      {P, "/channels/:channelId/messages/send", S, kMsg, &SendMessage},
      {G, "/channels/:channelId/messages/:messageId", S, kRead, &GetMessage},
      {U, "/channels/:channelId/messages/:messageId", S, kWrite,
       &UpdateMessage},
      {D, "/channels/:channelId/messages/:messageId", S, kWrite,
       &DeleteMessage},
      {P, "/channels/:channelId/messages/:messageId/translate", S, kWrite,
       &Translate},
      {P, "/channels/:channelId/messages/:messageId/reactions", S, kWrite,
       &AddReaction},
      {D, "/channels/:channelId/messages/:messageId/reactions/:reaction", S,
       kWrite, &RemoveReaction},
  };
  for (const Row& r : rows) {
    server.AddRoute(
        {r.method, Cat("/v1.4", r.pattern), r.auth, r.rate, r.handler, f});
  }
}

}  // namespace banter::rest
