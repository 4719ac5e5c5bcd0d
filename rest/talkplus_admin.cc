// The TalkPlus admin surface (spec §7): /v1.4/api/..., app-id + api-key, every
// call made as Actor::Admin(). docs/rest.md has the table and the decisions.
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

UserId PathUser(const Call& c) {
  return ResolveUser(c.engine, c.Param("userId"));
}
ChannelId PathChannel(const Call& c) {
  return ResolveChannel(c.engine, c.Param("channelId"));
}
BotId PathBot(const Call& c) { return ResolveBot(c.engine, c.Param("botId")); }

Result UserResult(const Call& c, UserId user) {
  REST_ASSIGN_OR_RETURN(UserView v, c.engine.GetUser(c.actor, user));
  return Wrap("user", UserJson(v));
}

// {"user": ..., "loginToken": ...}
Result UserWithToken(const Call& c, UserId user, std::string token) {
  REST_ASSIGN_OR_RETURN(UserView v, c.engine.GetUser(c.actor, user));
  json::object o;
  o["user"] = UserJson(v);
  o["loginToken"] = token;
  return o;
}

template <typename T>
absl::StatusOr<Page<T>> FailOnUnknownCursor(absl::StatusOr<Page<T>> page,
                                            bool unknown,
                                            std::string_view key) {
  if (page.ok() && unknown) return UnknownCursor(key);
  return page;
}

// ---- Users (§7.1) -----------------------------------------------------------

// The body's password, or the hash a prepared request carries instead
// (Request::prepared_password): into *hash, and the body holds no password.
absl::Status PasswordOf(const Call& c, std::string* password,
                        std::string* hash) {
  if (c.request.prepared_password.has_value()) {
    *hash = *c.request.prepared_password;
    return absl::OkStatus();
  }
  REST_ASSIGN_OR_RETURN(*password, ReqString(c.body, "password"));
  return absl::OkStatus();
}

// The three routes with a password build their engine command in one place,
// for the handler and for Server::PasswordWorkOf (route.h, PasswordCommand).
absl::StatusOr<cmd::CreateUser> CreateUserCommand(const Call& c) {
  cmd::CreateUser command;
  CreateUserRequest& r = command.request;
  REST_ASSIGN_OR_RETURN(r.user_id, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(PasswordOf(c, &r.password, &command.password_hash));
  REST_RETURN_IF_ERROR(Read(c, "username", &r.username));
  REST_RETURN_IF_ERROR(Read(c, "profileImageUrl", &r.profile_image_url));
  REST_RETURN_IF_ERROR(
      ReadMetadata(c, "data", ErrorCode::kInvalidMetaData, &r.data));
  return command;
}

absl::StatusOr<cmd::IssueLoginToken> LoginUserCommand(const Call& c) {
  cmd::IssueLoginToken command;
  REST_ASSIGN_OR_RETURN(std::string user_id, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(
      PasswordOf(c, &command.password, &command.verified_hash));
  command.user = ResolveUser(c.engine, user_id);
  return command;
}

absl::StatusOr<cmd::ChangePassword> ChangePasswordCommand(const Call& c) {
  cmd::ChangePassword command;
  REST_RETURN_IF_ERROR(
      PasswordOf(c, &command.password, &command.password_hash));
  command.user = PathUser(c);
  return command;
}

template <typename T, absl::StatusOr<T> (*Build)(const Call&)>
std::optional<Command> PasswordCommandOf(const Call& c) {
  absl::StatusOr<T> command = Build(c);
  if (!command.ok()) return std::nullopt;
  return Command(*std::move(command));
}

Result CreateUser(const Call& c) {
  REST_ASSIGN_OR_RETURN(cmd::CreateUser command, CreateUserCommand(c));
  REST_ASSIGN_OR_RETURN(CommandResult u,
                        c.engine.Execute(c.actor, command, c.now));
  return UserWithToken(c, u.user, std::move(u.login_token));
}

Result LoginUser(const Call& c) {
  REST_ASSIGN_OR_RETURN(cmd::IssueLoginToken command, LoginUserCommand(c));
  REST_ASSIGN_OR_RETURN(CommandResult r,
                        c.engine.Execute(c.actor, command, c.now));
  return UserWithToken(c, command.user, std::move(r.login_token));
}

Result GetUser(const Call& c) { return UserResult(c, PathUser(c)); }

Result UpdateUser(const Call& c) {
  UpdateUserRequest r;
  r.user = PathUser(c);
  REST_RETURN_IF_ERROR(Read(c, "username", &r.username));
  REST_RETURN_IF_ERROR(Read(c, "profileImageUrl", &r.profile_image_url));
  REST_RETURN_IF_ERROR(
      ReadMetadata(c, "data", ErrorCode::kInvalidMetaData, &r.data));
  REST_RETURN_IF_ERROR(c.engine.UpdateUser(c.actor, r, c.now));
  return UserResult(c, r.user);
}

Result ChangePassword(const Call& c) {
  REST_ASSIGN_OR_RETURN(cmd::ChangePassword command, ChangePasswordCommand(c));
  REST_RETURN_IF_ERROR(c.engine.Execute(c.actor, command, c.now).status());
  return Empty();
}

Result RegisterFcm(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string device, ReqString(c.body, "deviceId"));
  REST_ASSIGN_OR_RETURN(std::string token, ReqString(c.body, "fcmToken"));
  REST_RETURN_IF_ERROR(c.engine.RegisterPushToken(
      c.actor, PathUser(c), PushTokenKind::kFcm, device, token, c.now));
  return Empty();
}

Result ActivateUser(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.SetUserActive(c.actor, PathUser(c), true, c.now));
  return Empty();
}

Result DeactivateUser(const Call& c) {
  REST_RETURN_IF_ERROR(
      c.engine.SetUserActive(c.actor, PathUser(c), false, c.now));
  return Empty();
}

Result EnableUserPush(const Call& c) {
  const UserId u = PathUser(c);
  REST_RETURN_IF_ERROR(c.engine.SetUserPush(c.actor, u, true, c.now));
  return UserResult(c, u);
}

Result DisableUserPush(const Call& c) {
  const UserId u = PathUser(c);
  REST_RETURN_IF_ERROR(c.engine.SetUserPush(c.actor, u, false, c.now));
  return UserResult(c, u);
}

Result DeleteUser(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.DeleteUser(c.actor, PathUser(c), c.now));
  return Empty();
}

Result ListUsers(const Call& c) {
  if (std::optional<std::string_view> keyword = SearchText(c, "keyword")) {
    return UserSearchResult(c, *keyword);
  }
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 20));
  REST_ASSIGN_OR_RETURN(
      Page<UserView> page,
      FailOnUnknownCursor(c.engine.ListUsers(c.actor, after, limit), unknown,
                          "lastUserId"));
  return PageJson("users", page, [](const UserView& u) { return UserJson(u); });
}

Result ListUserChannels(const Call& c) {
  bool unknown;
  REST_ASSIGN_OR_RETURN(
      ChannelListQuery q,
      ReadChannelListQuery(c, ChannelListQuery::Kind::kJoined, PathUser(c),
                           &unknown));
  return ChannelListResult(c, q, unknown);
}

Result ListUserHiddenChannels(const Call& c) {
  bool unknown;
  REST_ASSIGN_OR_RETURN(
      ChannelListQuery q,
      ReadChannelListQuery(c, ChannelListQuery::Kind::kHidden, PathUser(c),
                           &unknown));
  return ChannelListResult(c, q, unknown);
}

Result ListBlocked(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 20));
  REST_ASSIGN_OR_RETURN(
      Page<UserView> page,
      FailOnUnknownCursor(
          c.engine.ListBlocked(c.actor, PathUser(c), after, limit), unknown,
          "lastUserId"));
  return PageJson("users", page, [](const UserView& u) { return UserJson(u); });
}

Result Block(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string target, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(c.engine.Block(c.actor, PathUser(c),
                                      ResolveUser(c.engine, target), c.now));
  return Empty();
}

Result Unblock(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string target, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(c.engine.Unblock(c.actor, PathUser(c),
                                        ResolveUser(c.engine, target), c.now));
  return Empty();
}

// ---- Channels (§7.2) --------------------------------------------------------

Result CreateChannel(const Call& c) {
  REST_ASSIGN_OR_RETURN(CreateChannelRequest r, ReadCreateChannel(c, true));
  REST_ASSIGN_OR_RETURN(ChannelId id, c.engine.CreateChannel(c.actor, r, c.now));
  return ChannelResult(c, id, UserId());
}

Result GetChannel(const Call& c) {
  return ChannelResult(c, PathChannel(c), UserId());
}

Result UpdateChannel(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(UpdateChannelRequest r, ReadUpdateChannel(c, ch, true));
  REST_RETURN_IF_ERROR(c.engine.UpdateChannel(c.actor, r, c.now));
  return ChannelResult(c, ch, UserId());
}

Result DeleteChannel(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.DeleteChannel(c.actor, PathChannel(c), c.now));
  return Empty();
}

Result ListAllChannels(const Call& c) {
  bool unknown;
  REST_ASSIGN_OR_RETURN(
      ChannelListQuery q,
      ReadChannelListQuery(c, ChannelListQuery::Kind::kAll, UserId(), &unknown));
  return ChannelListResult(c, q, unknown);
}

Result Freeze(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.SetFrozen(c.actor, PathChannel(c), true, c.now));
  return Empty();
}

Result Unfreeze(const Call& c) {
  REST_RETURN_IF_ERROR(
      c.engine.SetFrozen(c.actor, PathChannel(c), false, c.now));
  return Empty();
}

Result SetHidden(const Call& c, bool hidden) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(c.engine.SetHidden(
      c.actor, {ch, ResolveUser(c.engine, user)}, hidden, c.now));
  return Empty();
}
Result Hide(const Call& c) { return SetHidden(c, true); }
Result Show(const Call& c) { return SetHidden(c, false); }

Result TransferOwnership(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(c.engine.TransferOwnership(
      c.actor, ch, ResolveUser(c.engine, user), c.now));
  return ChannelResult(c, ch, UserId());
}

// ---- Members (§7.3) ---------------------------------------------------------

Result ListMembers(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 50));
  REST_ASSIGN_OR_RETURN(
      Page<MemberView> page,
      FailOnUnknownCursor(
          c.engine.ListMembers(c.actor, PathChannel(c), after, limit), unknown,
          "lastUserId"));
  return PageJson("members", page,
                  [](const MemberView& m) { return MemberJson(m); });
}

Result GetMember(const Call& c) {
  REST_ASSIGN_OR_RETURN(
      MemberView m,
      c.engine.GetMember(c.actor, PathChannel(c),
                         ResolveUser(c.engine, c.Param("memberId"))));
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
  return ChannelResult(c, ch, UserId());
}

Result Ban(const Call& c) {
  const ChannelId ch = PathChannel(c);
  BanRequest r;
  r.channel = ch;
  REST_ASSIGN_OR_RETURN(const std::vector<UserId> users, BodyMembers(c));
  r.users.assign(users.begin(), users.end());
  REST_RETURN_IF_ERROR(c.engine.Ban(c.actor, r, c.now));
  return ChannelResult(c, ch, UserId());
}

Result ListBanned(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 50));
  REST_ASSIGN_OR_RETURN(
      Page<BanView> page,
      FailOnUnknownCursor(
          c.engine.ListBanned(c.actor, PathChannel(c), after, limit), unknown,
          "lastUserId"));
  // Spec §6.4: the banned list alone answers under "users".
  return PageJson("users", page,
                  [](const BanView& b) { return MemberJson(b.member); });
}

Result ListMuted(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 50));
  REST_ASSIGN_OR_RETURN(
      Page<MemberView> page,
      FailOnUnknownCursor(
          c.engine.ListMuted(c.actor, PathChannel(c), after, limit), unknown,
          "lastUserId"));
  return PageJson("members", page,
                  [](const MemberView& m) { return MemberJson(m); });
}

Result Mute(const Call& c) {
  const ChannelId ch = PathChannel(c);
  MuteRequest r;
  r.channel = ch;
  REST_ASSIGN_OR_RETURN(const std::vector<UserId> users, BodyMembers(c));
  r.users.assign(users.begin(), users.end());
  REST_ASSIGN_OR_RETURN(r.duration_ms, BodyExpireMs(c));
  REST_RETURN_IF_ERROR(c.engine.Mute(c.actor, r, c.now));
  return ChannelResult(c, ch, UserId());
}

Result MuteAll(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(Millis duration_ms, BodyExpireMs(c));
  REST_RETURN_IF_ERROR(c.engine.MuteAll(c.actor, ch, duration_ms, c.now));
  return ChannelResult(c, ch, UserId());
}

Result SetMemberPush(const Call& c, bool enabled) {
  REST_RETURN_IF_ERROR(c.engine.SetChannelPush(
      c.actor, {PathChannel(c), ResolveUser(c.engine, c.Param("memberId"))},
      enabled, c.now));
  return Empty();
}
Result EnableMemberPush(const Call& c) { return SetMemberPush(c, true); }
Result DisableMemberPush(const Call& c) { return SetMemberPush(c, false); }

// ---- Messages (§7.4) --------------------------------------------------------

Result ListMessages(const Call& c) {
  const ChannelId ch = PathChannel(c);
  MessageListQuery q;
  q.channel = ch;
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
  if (std::optional<std::string_view> text = SearchText(c, "query")) {
    return MessageSearchResult(c, q, *text);
  }
  REST_ASSIGN_OR_RETURN(Page<MessageView> page,
                        c.engine.ListMessages(c.actor, q));
  return PageJson("messages", page,
                  [](const MessageView& m) { return MessageJson(m); });
}

// The documented singular path answers the bare message (spec §13 #7).
Result GetMessageBare(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m,
                        PathMessage(c, PathChannel(c), c.Param("messageId")));
  REST_ASSIGN_OR_RETURN(MessageView v, c.engine.GetMessage(c.actor, m, UserId()));
  return MessageJson(v);
}

Result GetMessage(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m,
                        PathMessage(c, PathChannel(c), c.Param("messageId")));
  return MessageResult(c, m, UserId());
}

Result SendMessage(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string sender, ReqString(c.body, "senderId"));
  REST_ASSIGN_OR_RETURN(
      MessageType type,
      BodyMessageType(c, MessageType::kText,
                      {MessageType::kText, MessageType::kHidden,
                       MessageType::kCustom}));
  REST_ASSIGN_OR_RETURN(SendMessageRequest r, ReadSendMessage(c, ch));
  r.type = type;
  r.sender = ResolveUser(c.engine, sender);
  REST_ASSIGN_OR_RETURN(MessageId m, c.engine.SendMessage(c.actor, r, c.now));
  return MessageResult(c, m, UserId());
}

Result SendAdminMessage(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(
      MessageType type,
      BodyMessageType(c, MessageType::kAdmin,
                      {MessageType::kAdmin, MessageType::kAdminHidden}));
  REST_ASSIGN_OR_RETURN(SendMessageRequest r, ReadSendMessage(c, ch));
  r.type = type;
  REST_ASSIGN_OR_RETURN(MessageId m, c.engine.SendMessage(c.actor, r, c.now));
  return MessageResult(c, m, UserId());
}

Result DeleteMessage(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m,
                        PathMessage(c, PathChannel(c), c.Param("messageId")));
  REST_RETURN_IF_ERROR(c.engine.DeleteMessage(c.actor, m, c.now));
  return Empty();
}

// ---- Bots (§7.5) ------------------------------------------------------------

Result BotResult(const Call& c, BotId bot) {
  REST_ASSIGN_OR_RETURN(BotView v, c.engine.GetBot(c.actor, bot));
  return Wrap("bot", BotJson(v));
}

Result CreateBot(const Call& c) {
  CreateBotRequest r;
  REST_ASSIGN_OR_RETURN(r.bot_id, ReqString(c.body, "id"));
  REST_RETURN_IF_ERROR(Read(c, "name", &r.name));
  REST_RETURN_IF_ERROR(Read(c, "profileImageUrl", &r.profile_image_url));
  REST_RETURN_IF_ERROR(Read(c, "type", &r.type));
  REST_RETURN_IF_ERROR(Read(c, "callbackUrl", &r.callback_url));
  REST_ASSIGN_OR_RETURN(BotId b, c.engine.CreateBot(c.actor, r, c.now));
  return BotResult(c, b);
}

Result ListBots(const Call& c) {
  bool unknown;
  const BotId after = Cursor<BotId>(c, "lastBotId", ResolveBot, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 20));
  REST_ASSIGN_OR_RETURN(
      Page<BotView> page,
      FailOnUnknownCursor(c.engine.ListBots(c.actor, after, limit), unknown,
                          "lastBotId"));
  return PageJson("bots", page, [](const BotView& b) { return BotJson(b); });
}

Result GetBot(const Call& c) { return BotResult(c, PathBot(c)); }

Result UpdateBot(const Call& c) {
  UpdateBotRequest r;
  r.bot = PathBot(c);
  REST_RETURN_IF_ERROR(Read(c, "name", &r.name));
  REST_RETURN_IF_ERROR(Read(c, "profileImageUrl", &r.profile_image_url));
  REST_RETURN_IF_ERROR(Read(c, "type", &r.type));
  REST_RETURN_IF_ERROR(Read(c, "callbackUrl", &r.callback_url));
  REST_RETURN_IF_ERROR(c.engine.UpdateBot(c.actor, r, c.now));
  return BotResult(c, r.bot);
}

Result DeleteBot(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.DeleteBot(c.actor, PathBot(c), c.now));
  return Empty();
}

Result ListBotChannels(const Call& c) {
  bool unknown;
  const ChannelId after =
      Cursor<ChannelId>(c, "lastChannelId", ResolveChannel, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 20));
  REST_ASSIGN_OR_RETURN(
      Page<ChannelView> page,
      FailOnUnknownCursor(
          c.engine.ListBotChannels(c.actor, PathBot(c), after, limit), unknown,
          "lastChannelId"));
  return PageJson("channels", page,
                  [](const ChannelView& v) { return ChannelJson(v); });
}

Result BotSend(const Call& c) {
  const BotId bot = PathBot(c);
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(
      MessageType type,
      BodyMessageType(c, MessageType::kBot,
                      {MessageType::kBot, MessageType::kBotHidden}));
  REST_ASSIGN_OR_RETURN(SendMessageRequest r, ReadSendMessage(c, ch));
  r.type = type;
  // The bot speaks for itself: its own actor, so the engine applies the bot
  // rules (joined channels only, bot types only).
  REST_ASSIGN_OR_RETURN(MessageId m,
                        c.engine.SendMessage(Actor::Bot(bot), r, c.now));
  return MessageResult(c, m, UserId());
}

Result BotJoin(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_RETURN_IF_ERROR(c.engine.BotJoin(c.actor, PathBot(c), ch, c.now));
  return ChannelResult(c, ch, UserId());
}

Result BotLeave(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_RETURN_IF_ERROR(c.engine.BotLeave(c.actor, PathBot(c), ch, c.now));
  return ChannelResult(c, ch, UserId());
}

}  // namespace

void RegisterTalkPlusAdminRoutes(Server& server) {
  constexpr Method G = Method::kGet, P = Method::kPost, U = Method::kPut,
                   D = Method::kDelete;
  constexpr RateClass kAuth = RateClass::kAuth, kRead = RateClass::kRead,
                      kWrite = RateClass::kWrite, kMsg = RateClass::kMessage;
  const Flavor* f = &TalkPlusFlavor();
  struct Row {
    Method method;
    std::string_view pattern;
    RateClass rate;
    Handler handler;
    PasswordCommand password = nullptr;
  };
  // Paths below /v1.4/api. Literal segments win over parameters, so
  // /members/banned is the list, never a member named "banned".
  const Row rows[] = {
      // Users.
      {P, "/users/create", kAuth, &CreateUser,
       &PasswordCommandOf<cmd::CreateUser, &CreateUserCommand>},
      {P, "/users/login", kAuth, &LoginUser,
       &PasswordCommandOf<cmd::IssueLoginToken, &LoginUserCommand>},
      {G, "/users", kRead, &ListUsers},
      {G, "/users/:userId", kRead, &GetUser},
      {U, "/users/:userId", kWrite, &UpdateUser},
      {D, "/users/:userId", kWrite, &DeleteUser},
      {U, "/users/:userId/password", kAuth, &ChangePassword,
       &PasswordCommandOf<cmd::ChangePassword, &ChangePasswordCommand>},
      {P, "/users/:userId/register/fcm", kWrite, &RegisterFcm},
      {P, "/users/:userId/activate", kWrite, &ActivateUser},
      {P, "/users/:userId/deactivate", kWrite, &DeactivateUser},
      {P, "/users/:userId/push/enable", kWrite, &EnableUserPush},
      {P, "/users/:userId/push/disable", kWrite, &DisableUserPush},
      {G, "/users/:userId/channels", kRead, &ListUserChannels},
      {G, "/users/:userId/channels/hidden", kRead, &ListUserHiddenChannels},
      {G, "/users/:userId/blocked", kRead, &ListBlocked},
      {P, "/users/:userId/block", kWrite, &Block},
      {P, "/users/:userId/unblock", kWrite, &Unblock},
      // Channels.
      {P, "/channels/create", kWrite, &CreateChannel},
      {G, "/channels", kRead, &ListAllChannels},
      {G, "/channels/:channelId", kRead, &GetChannel},
      {U, "/channels/:channelId", kWrite, &UpdateChannel},
      {D, "/channels/:channelId", kWrite, &DeleteChannel},
      {P, "/channels/:channelId/freeze", kWrite, &Freeze},
      {P, "/channels/:channelId/unfreeze", kWrite, &Unfreeze},
      {P, "/channels/:channelId/hide", kWrite, &Hide},
      {P, "/channels/:channelId/show", kWrite, &Show},
      {P, "/channels/:channelId/transfer/ownership", kWrite, &TransferOwnership},
      // Members.
      {G, "/channels/:channelId/members", kRead, &ListMembers},
      {G, "/channels/:channelId/members/banned", kRead, &ListBanned},
      {G, "/channels/:channelId/members/muted", kRead, &ListMuted},
      {G, "/channels/:channelId/members/:memberId", kRead, &GetMember},
      {P, "/channels/:channelId/members/add", kWrite,
       &Members<&Engine::AddMembers>},
      {P, "/channels/:channelId/members/remove", kWrite,
       &Members<&Engine::RemoveMembers>},
      {P, "/channels/:channelId/members/ban", kWrite, &Ban},
      {P, "/channels/:channelId/members/unban", kWrite,
       &Members<&Engine::Unban>},
      {P, "/channels/:channelId/members/mute", kWrite, &Mute},
      {P, "/channels/:channelId/members/unmute", kWrite,
       &Members<&Engine::Unmute>},
      {P, "/channels/:channelId/members/mute/all", kWrite, &MuteAll},
      {P, "/channels/:channelId/members/:memberId/push/enable", kWrite,
       &EnableMemberPush},
      {P, "/channels/:channelId/members/:memberId/push/disable", kWrite,
       &DisableMemberPush},
      // Messages.
      {G, "/channels/:channelId/messages", kRead, &ListMessages},
      {G, "/channels/:channelId/message/:messageId", kRead, &GetMessageBare},
      {G, "/channels/:channelId/messages/:messageId", kRead, &GetMessage},
      {P, "/channels/:channelId/messages/send", kMsg, &SendMessage},
      {P, "/channels/:channelId/messages/admin/send", kMsg, &SendAdminMessage},
      {D, "/channels/:channelId/messages/:messageId", kWrite, &DeleteMessage},
      // Bots.
      {P, "/bots/create", kWrite, &CreateBot},
      {G, "/bots", kRead, &ListBots},
      {G, "/bots/:botId", kRead, &GetBot},
      {U, "/bots/:botId", kWrite, &UpdateBot},
      {D, "/bots/:botId", kWrite, &DeleteBot},
      {G, "/bots/:botId/channels", kRead, &ListBotChannels},
      {P, "/bots/:botId/channels/:channelId/send", kMsg, &BotSend},
      {P, "/bots/:botId/channels/:channelId/join", kWrite, &BotJoin},
      {P, "/bots/:botId/channels/:channelId/leave", kWrite, &BotLeave},
  };
  for (const Row& r : rows) {
    server.AddRoute({r.method, Cat("/v1.4/api", r.pattern), Auth::kApiKey,
                     r.rate, r.handler, f, 200, r.password});
  }
}

}  // namespace banter::rest
