#include "tools/gen/command_gen.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "banter/moderation.h"

namespace banter::gen {
namespace {

// A handle never issued in the small worlds generated here (ids are dense
// from 1 and never reused), so it fails lookup like a deleted one.
constexpr uint32_t kNeverIssued = 999'999;

constexpr std::string_view kTexts[] = {"hello", "gg", "brb",
                                       "meet at the north gate"};
constexpr std::string_view kReactions[] = {"like", "lol", "wow"};
constexpr std::string_view kLanguages[] = {"ko", "en", "ja"};

// A request's target list (banter/commands.h) from a generated one.
UserTargets Targets(const std::vector<UserId>& users) {
  return UserTargets(users.begin(), users.end());
}

}  // namespace

Profile Profile::Everything() {
  Profile p;
  // App and time. Deactivating the app, deleting users and bots stall or
  // shrink the world, so they are the rarest.
  p.Set<cmd::SetAppDeactivated>(1).Set<cmd::SetAnonymousLoginAllowed>(2);
  p.Set<cmd::SetWordFilter>(2);
  p.Set<cmd::AdvanceTime>(12);
  // Users.
  p.Set<cmd::CreateUser>(10).Set<cmd::IssueLoginToken>(8);
  p.Set<cmd::LoginWithToken>(10).Set<cmd::LoginAnonymous>(8);
  p.Set<cmd::Logout>(6).Set<cmd::UpdateUser>(6).Set<cmd::ChangePassword>(3);
  p.Set<cmd::SetUserActive>(4).Set<cmd::DeleteUser>(1);
  p.Set<cmd::SetUserPush>(4).Set<cmd::RegisterPushToken>(4);
  p.Set<cmd::Block>(10).Set<cmd::Unblock>(8);
  // Channels.
  p.Set<cmd::CreateChannel>(16).Set<cmd::UpdateChannel>(8);
  p.Set<cmd::DeleteChannel>(3).Set<cmd::AddMembers>(16);
  p.Set<cmd::RemoveMembers>(8).Set<cmd::Join>(16).Set<cmd::Leave>(10);
  p.Set<cmd::TransferOwnership>(8).Set<cmd::SetFrozen>(8);
  p.Set<cmd::SetHidden>(4).Set<cmd::HideAll>(3).Set<cmd::SetChannelPush>(4);
  p.Set<cmd::SetPushSounds>(4).Set<cmd::SetMemberInfo>(4);
  p.Set<cmd::SetPrivateData>(4).Set<cmd::SetPrivateTag>(4);
  p.Set<cmd::AddManager>(8).Set<cmd::RemoveManager>(6);
  // Moderation.
  p.Set<cmd::Ban>(10).Set<cmd::Unban>(8).Set<cmd::Mute>(10);
  p.Set<cmd::Unmute>(8).Set<cmd::MuteAll>(3).Set<cmd::PeerMute>(8);
  p.Set<cmd::PeerUnmute>(6);
  // Bots.
  p.Set<cmd::CreateBot>(3).Set<cmd::UpdateBot>(3).Set<cmd::DeleteBot>(1);
  p.Set<cmd::BotJoin>(8).Set<cmd::BotLeave>(6);
  // Messages.
  p.Set<cmd::SendMessage>(40).Set<cmd::UpdateMessage>(8);
  p.Set<cmd::DeleteMessage>(6).Set<cmd::AddReaction>(10);
  p.Set<cmd::RemoveReaction>(6).Set<cmd::TranslateMessage>(4);
  p.Set<cmd::MarkRead>(8).Set<cmd::MarkAllRead>(3).Set<cmd::MarkDelivered>(4);
  // Moderation tools (banter/moderation.h).
  p.Set<cmd::SetSlowMode>(4).Set<cmd::SetFloodLimit>(2);
  p.Set<cmd::FileReport>(6).Set<cmd::ResolveReport>(4);
  p.Set<cmd::PinMessage>(5).Set<cmd::UnpinMessage>(3);
  return p;
}

std::string Describe(const Step& step) {
  std::string who;
  switch (step.actor.kind) {
    case ActorKind::kAdmin:
      who = "admin";
      break;
    case ActorKind::kUser:
      who = absl::StrCat("user#", step.actor.user.value());
      break;
    case ActorKind::kBot:
      who = absl::StrCat("bot#", step.actor.bot.value());
      break;
  }
  return who + " " + std::string(CommandName(step.command)) + " @" +
         std::to_string(step.now);
}

std::string CommandGen::ChannelSlotName(int slot) {
  return absl::StrCat("chan", slot);
}

CommandGen::CommandGen(Choices& choices, Profile profile, Millis start)
    : choices_(choices),
      profile_(profile),
      kinds_(std::vector<int>(profile.weights.begin(), profile.weights.end())),
      now_(start),
      channels_(kChannelSlots) {}

void CommandGen::AddUser(UserId user, std::string name,
                         std::string login_token) {
  if (std::find(users_.begin(), users_.end(), user) == users_.end()) {
    users_.push_back(user);
    user_names_.push_back(std::move(name));
  }
  if (!login_token.empty()) login_tokens_[user] = std::move(login_token);
}

void CommandGen::AddBot(BotId bot) { bots_.push_back(bot); }

void CommandGen::SetChannel(int slot, ChannelId channel) {
  channels_.at(static_cast<size_t>(slot)) = channel;
}

void CommandGen::AddMember(ChannelId channel, UserId user) {
  Remember(members_, MemberSettingRequest{channel, user}, 64);
}

void CommandGen::SetOwner(ChannelId channel, UserId owner) {
  owners_[channel] = owner;
  AddMember(channel, owner);
}

template <typename T>
void CommandGen::Forget(std::vector<T>& live, T value, std::vector<T>& dead,
                        std::vector<std::string>* names) {
  const auto it = std::find(live.begin(), live.end(), value);
  if (it == live.end()) return;
  if (names != nullptr) names->erase(names->begin() + (it - live.begin()));
  live.erase(it);
  Remember(dead, value, 8);
}

template <typename T>
void CommandGen::Remember(std::vector<T>& v, T value, size_t cap) {
  if (v.size() < cap) {
    v.push_back(std::move(value));
  } else {
    v[choices_.Uniform(v.size())] = std::move(value);
  }
}

// ---- Primitives ---------------------------------------------------------

template <typename Id>
Id CommandGen::UnknownOf(const std::vector<Id>& dead) {
  // A profile without unknown handles still names deleted entities the
  // consumer knows of (a model check keeps its deleted channels).
  if (profile_.unknown_percent == 0 && !dead.empty()) {
    return dead[choices_.Uniform(dead.size())];
  }
  switch (choices_.Uniform(dead.empty() ? 2 : 3)) {
    case 0:
      return Id();
    case 1:
      return Id(kNeverIssued);
    default:
      return dead[choices_.Uniform(dead.size())];
  }
}

Actor CommandGen::AnyActor() {
  const int r = static_cast<int>(choices_.Uniform(100));
  if (r < profile_.admin_percent) return Actor::Admin();
  if (r < profile_.admin_percent + profile_.bot_percent) {
    return Actor::Bot(AnyBot());
  }
  return Actor::User(AnyUser());
}

UserId CommandGen::AnyUser() {
  if (users_.empty() || Unknown()) return UnknownOf(dead_users_);
  return users_[choices_.Uniform(users_.size())];
}

UserId CommandGen::SelfOr(const Actor& actor) {
  if (actor.is_user() && choices_.Chance(profile_.self_percent)) {
    return actor.user;
  }
  return AnyUser();
}

std::vector<UserId> CommandGen::SomeUsers() {
  const int span = std::max(0, profile_.max_list - profile_.min_list);
  const int n = profile_.min_list +
                static_cast<int>(choices_.Uniform(static_cast<uint64_t>(span) + 1));
  std::vector<UserId> out;
  for (int i = 0; i < n; ++i) out.push_back(AnyUser());
  return out;
}

ChannelId CommandGen::AnyChannel() {
  if (!Unknown()) {
    // Slots not created yet hold the invalid handle; skip them here (they
    // are what Unknown() stands for).
    ChannelId known[kChannelSlots + 8];
    size_t n = 0;
    for (ChannelId c : channels_) {
      if (c.valid()) known[n++] = c;
    }
    if (n > 0) return known[choices_.Uniform(n)];
  }
  return UnknownOf(dead_channels_);
}

BotId CommandGen::AnyBot() {
  if (bots_.empty() || Unknown()) return UnknownOf(dead_bots_);
  return bots_[choices_.Uniform(bots_.size())];
}

MessageId CommandGen::AnyMessage() {
  if (messages_.empty() || Unknown()) {
    // A sequence number that may or may not exist in a real channel.
    return MessageId(AnyChannel(), 1 + static_cast<uint32_t>(choices_.Uniform(3)));
  }
  return messages_[choices_.Uniform(messages_.size())];
}

Metadata CommandGen::AnyData() {
  Metadata m;
  if (!Wild()) {
    const int n = static_cast<int>(choices_.Uniform(3));
    for (int i = 0; i < n; ++i) m[absl::StrCat("k", i)] = "v";
    return m;
  }
  switch (choices_.Uniform(3)) {
    case 0:  // too many pairs for every limit
      for (int i = 0; i < 12; ++i) m[absl::StrCat("k", i)] = "v";
      break;
    case 1:  // a key over 128 characters
      m[std::string(130, 'k')] = "v";
      break;
    default:  // anything at all
      m[choices_.Bytes(16)] = choices_.Bytes(16);
      break;
  }
  return m;
}

std::string CommandGen::AnyText() {
  if (!Wild()) {
    return std::string(choices_.OneOf(std::span<const std::string_view>(kTexts)));
  }
  switch (choices_.Uniform(3)) {
    case 0:
      return "";
    case 1:
      return std::string(8193, 'x');  // one over the text limit
    default:
      return choices_.Bytes(64);
  }
}

std::string CommandGen::AnyCode() {
  if (Wild()) return choices_.Bool() ? std::string(129, 'c') : choices_.Bytes(8);
  switch (choices_.Uniform(4)) {
    case 0:
      return "";
    case 1:
      return "nope";
    default:
      return "secret";
  }
}

Millis CommandGen::AnyDuration() {
  if (Wild()) {
    // Negative, or so long that the end overflows: both 1001.
    return choices_.Bool() ? -1 - static_cast<Millis>(choices_.Uniform(60'000))
                           : std::numeric_limits<Millis>::max();
  }
  switch (choices_.Uniform(3)) {
    case 0:
      return 0;  // until lifted
    case 1:
      // A few of the generator's small time steps: ends land between
      // steps and exactly on them.
      return 7 * (1 + static_cast<Millis>(choices_.Uniform(3)));
    default:
      return 60'000 * (1 + static_cast<Millis>(choices_.Uniform(3)));
  }
}

MemberSettingRequest CommandGen::AnyMembership(Actor& actor) {
  if (!members_.empty() && choices_.Chance(60)) {
    const MemberSettingRequest m = members_[choices_.Uniform(members_.size())];
    if (!actor.is_admin() && choices_.Chance(70)) actor = Actor::User(m.user);
    return m;
  }
  return {AnyChannel(), SelfOr(actor)};
}

UserId CommandGen::MemberOf(ChannelId channel) {
  if (choices_.Chance(60)) {
    UserId found[8];
    size_t n = 0;
    for (const MemberSettingRequest& m : members_) {
      if (m.channel == channel && n < std::size(found)) found[n++] = m.user;
    }
    if (n > 0) return found[choices_.Uniform(n)];
  }
  return AnyUser();
}

std::vector<UserId> CommandGen::SomeMembersOf(ChannelId channel) {
  std::vector<UserId> out = SomeUsers();
  for (UserId& u : out) u = MemberOf(channel);
  return out;
}

void CommandGen::MaybeOwner(ChannelId channel, Actor& actor) {
  const auto it = owners_.find(channel);
  if (it != owners_.end() && choices_.Chance(40)) actor = Actor::User(it->second);
}

std::string CommandGen::AnyUserName() {
  if (!user_names_.empty() && !Unknown()) {
    return user_names_[choices_.Uniform(user_names_.size())];
  }
  return Wild() ? choices_.Bytes(16) : absl::StrCat("anon", choices_.Uniform(4));
}

// ---- Steps --------------------------------------------------------------

Step CommandGen::Next() {
  // Time first: mostly a few milliseconds (so short timed state ends on and
  // between steps), sometimes minutes (so long timed state ends too),
  // sometimes not at all (several calls in one millisecond).
  const uint64_t r = choices_.Uniform(10);
  if (r < 6) {
    now_ += 7;
  } else if (r < 8) {
    now_ += 30'000 * (1 + static_cast<Millis>(choices_.Uniform(4)));
  }
  Step step;
  step.now = now_;
  if (profile_.backwards_percent > 0 &&
      choices_.Chance(profile_.backwards_percent)) {
    step.now = now_ - 1 - static_cast<Millis>(choices_.Uniform(1000));
  }
  if (app_deactivated_ && choices_.Bool()) {
    step.actor = Actor::Admin();
    step.command = cmd::SetAppDeactivated{false};
    return step;
  }
  const size_t kind = kinds_.Pick(choices_);
  step.actor = AnyActor();
  step.command = Build(kind, step.actor);
  return step;
}

Command CommandGen::Build(size_t kind, Actor& a) {
  Choices& c = choices_;
  const bool wild = Wild();
  auto member = [&] { return AnyMembership(a); };
  switch (kind) {
    // App and time.
    case KindOf<cmd::SetAppDeactivated>():
      return cmd::SetAppDeactivated{c.Chance(30)};
    case KindOf<cmd::SetAnonymousLoginAllowed>():
      return cmd::SetAnonymousLoginAllowed{c.Chance(70)};
    case KindOf<cmd::SetWordFilter>(): {
      // A small list, so that sends sometimes hit it: the entries are words
      // the generated texts use, plus wildcards and invalid entries.
      static constexpr std::string_view kWords[] = {"hi", "gg", "*o*", "lfg*",
                                                    "", "a b", "*"};
      WordFilterRequest r;
      auto word = [&] {
        return Wild() ? choices_.Bytes(8)
                      : std::string(kWords[c.Uniform(std::size(kWords))]);
      };
      if (c.Chance(50)) {
        r.words.emplace();
        for (int i = 0, n = static_cast<int>(c.Uniform(3)); i < n; ++i) {
          r.words->push_back(word());
        }
      } else if (c.Chance(50)) {
        r.add.push_back(word());
      } else {
        r.remove.push_back(word());
      }
      if (c.Chance(50)) {
        r.action = c.Chance(50) ? FilterAction::kMask : FilterAction::kRefuse;
      }
      if (c.Chance(30)) r.check_names = c.Chance(30);
      return cmd::SetWordFilter{std::move(r)};
    }
    case KindOf<cmd::AdvanceTime>():
      return cmd::AdvanceTime{};

    // Users.
    case KindOf<cmd::CreateUser>(): {
      cmd::CreateUser x;
      x.request.user_id = wild ? c.Bytes(16) : absl::StrCat("x", c.Uniform(8));
      x.request.password = c.Chance(30) ? "pw" : "";
      if (c.Chance(30)) x.request.username = wild ? std::string(200, 'n') : "name";
      x.request.data = AnyData();
      if (c.Chance(10)) x.request.dialect = Dialect::kGitpleLive;
      return x;
    }
    case KindOf<cmd::IssueLoginToken>():
      return cmd::IssueLoginToken{SelfOr(a), c.Chance(80) ? "pw" : "PW", ""};
    case KindOf<cmd::LoginWithToken>(): {
      cmd::LoginWithToken x;
      const UserId u = AnyUser();
      const auto it = std::find(users_.begin(), users_.end(), u);
      x.request.user_id = it != users_.end()
                              ? user_names_[static_cast<size_t>(it - users_.begin())]
                              : AnyUserName();
      const auto token = login_tokens_.find(u);
      if (token != login_tokens_.end() && c.Chance(85)) {
        x.request.login_token = token->second;
      } else {
        x.request.login_token = wild ? c.Bytes(40) : std::string(32, 'a');
      }
      if (c.Chance(20)) x.request.username = wild ? std::string(200, 'n') : "nick";
      return x;
    }
    case KindOf<cmd::LoginAnonymous>(): {
      cmd::LoginAnonymous x;
      x.request.user_id = AnyUserName();
      if (c.Chance(20)) x.request.data = AnyData();
      return x;
    }
    case KindOf<cmd::Logout>():
      if (sessions_.empty() || Wild()) return cmd::Logout{c.Bytes(48)};
      return cmd::Logout{sessions_[c.Uniform(sessions_.size())]};
    case KindOf<cmd::UpdateUser>(): {
      cmd::UpdateUser x;
      x.request.user = SelfOr(a);
      if (c.Bool()) x.request.username = wild ? std::string(200, 'n') : "renamed";
      if (c.Chance(30)) x.request.profile_image_url = "https://example.invalid/p.png";
      if (c.Bool()) x.request.data = AnyData();
      return x;
    }
    case KindOf<cmd::ChangePassword>():
      return cmd::ChangePassword{SelfOr(a), wild ? "" : "pw", ""};
    case KindOf<cmd::SetUserActive>():
      return cmd::SetUserActive{AnyUser(), c.Chance(80)};
    case KindOf<cmd::DeleteUser>():
      // Deleted users stay deleted: mostly aim at nobody, so the world
      // does not empty out.
      return cmd::DeleteUser{Aim() ? SelfOr(a) : UnknownOf(dead_users_)};
    case KindOf<cmd::SetUserPush>():
      return cmd::SetUserPush{SelfOr(a), c.Bool()};
    case KindOf<cmd::RegisterPushToken>(): {
      cmd::RegisterPushToken x;
      x.user = SelfOr(a);
      x.kind = c.Bool() ? PushTokenKind::kFcm : PushTokenKind::kPushKit;
      x.device_id = wild ? "" : absl::StrCat("device", c.Uniform(2));
      x.token = wild ? c.Bytes(8) : "token";
      return x;
    }
    case KindOf<cmd::Block>():
      return cmd::Block{SelfOr(a), AnyUser()};
    case KindOf<cmd::Unblock>():
      if (!blocks_.empty() && c.Bool()) {
        const cmd::Block b = blocks_[c.Uniform(blocks_.size())];
        if (!a.is_admin() && c.Chance(70)) a = Actor::User(b.blocker);
        return cmd::Unblock{b.blocker, b.target};
      }
      return cmd::Unblock{SelfOr(a), AnyUser()};

    // Channels.
    case KindOf<cmd::CreateChannel>(): {
      cmd::CreateChannel x;
      CreateChannelRequest& r = x.request;
      if (wild) {
        r.channel_id = c.Bytes(12);
      } else if (c.Chance(90)) {
        r.channel_id = ChannelSlotName(static_cast<int>(c.Uniform(kChannelSlots)));
      }  // else "": a generated id
      r.type = static_cast<ChannelType>(c.Uniform(kChannelTypeCount));
      if (c.Chance(20)) r.dialect = Dialect::kGitpleLive;
      r.members = SomeUsers();
      if (c.Chance(70)) r.owner = AnyUser();
      r.name = "name";  // GitpleLive needs one
      if (r.type == ChannelType::kInvitationOnly) r.invitation_code = "secret";
      if (c.Bool()) return x;  // half plain, half with the optional fields
      if (c.Chance(20)) r.name = "";
      r.reuse = c.Chance(20);
      if (c.Chance(40)) r.invitation_code = AnyCode();
      if (c.Chance(20)) r.max_member_count = static_cast<int32_t>(c.Uniform(5)) - 1;
      if (c.Chance(30)) r.data = AnyData();
      if (c.Chance(10)) r.subcategory = "sub";
      if (c.Chance(10)) r.category = "cat";
      r.hide_messages_before_join = c.Chance(20);
      return x;
    }
    case KindOf<cmd::UpdateChannel>(): {
      cmd::UpdateChannel x;
      UpdateChannelRequest& r = x.request;
      r.channel = AnyChannel();
      MaybeOwner(r.channel, a);
      if (c.Chance(40)) r.name = wild ? std::string(300, 'n') : "renamed";
      if (c.Chance(20)) r.owner = AnyUser();
      if (c.Chance(30)) r.max_member_count = static_cast<int32_t>(c.Uniform(6)) - 1;
      if (c.Chance(20)) r.invitation_code = AnyCode();
      if (c.Chance(30)) r.data = AnyData();
      if (c.Chance(10)) r.hide_messages_before_join = c.Bool();
      return x;
    }
    case KindOf<cmd::DeleteChannel>(): {
      // As for users: mostly aim at nobody, so channels stay around.
      const ChannelId ch = Aim() ? AnyChannel() : UnknownOf(dead_channels_);
      MaybeOwner(ch, a);
      return cmd::DeleteChannel{ch};
    }
    case KindOf<cmd::AddMembers>():  // a member invites
      return cmd::AddMembers{{AnyMembership(a).channel, Targets(SomeUsers())}};
    case KindOf<cmd::RemoveMembers>(): {
      const ChannelId ch = AnyChannel();
      MaybeOwner(ch, a);
      return cmd::RemoveMembers{{ch, Targets(SomeMembersOf(ch))}};
    }
    case KindOf<cmd::Join>(): {
      cmd::Join x{{AnyChannel(), SelfOr(a), std::nullopt}};
      if (c.Chance(30)) x.request.invitation_code = AnyCode();
      return x;
    }
    case KindOf<cmd::Leave>(): {
      const MemberSettingRequest m = AnyMembership(a);
      return cmd::Leave{{m.channel, m.user, c.Chance(20)}};
    }
    case KindOf<cmd::TransferOwnership>(): {
      const ChannelId ch = AnyChannel();
      MaybeOwner(ch, a);
      return cmd::TransferOwnership{ch, MemberOf(ch)};
    }
    case KindOf<cmd::SetFrozen>(): {
      const ChannelId ch = AnyChannel();
      MaybeOwner(ch, a);
      return cmd::SetFrozen{ch, c.Bool()};
    }
    case KindOf<cmd::SetHidden>():
      return cmd::SetHidden{member(), c.Bool()};
    case KindOf<cmd::HideAll>():
      return cmd::HideAll{SelfOr(a)};
    case KindOf<cmd::SetChannelPush>():
      return cmd::SetChannelPush{member(), c.Bool()};
    case KindOf<cmd::SetPushSounds>(): {
      cmd::SetPushSounds x;
      x.member = member();
      if (c.Bool()) x.sound_aos = wild ? std::string(129, 's') : "ding";
      if (c.Bool()) x.sound_ios = c.Bool() ? "" : "dong";
      return x;
    }
    case KindOf<cmd::SetMemberInfo>():
      return cmd::SetMemberInfo{member(), AnyData()};
    case KindOf<cmd::SetPrivateData>():
      return cmd::SetPrivateData{member(), AnyData()};
    case KindOf<cmd::SetPrivateTag>():
      return cmd::SetPrivateTag{member(), wild ? std::string(200, 't') : "tag"};
    case KindOf<cmd::AddManager>(): {
      const ChannelId ch = AnyChannel();
      return cmd::AddManager{ch, MemberOf(ch)};
    }
    case KindOf<cmd::RemoveManager>():
      if (!managers_.empty() && c.Bool()) {
        const cmd::AddManager m = managers_[c.Uniform(managers_.size())];
        if (!a.is_admin() && c.Chance(50)) a = Actor::User(m.user);
        return cmd::RemoveManager{m.channel, m.user};
      }
      return cmd::RemoveManager{AnyChannel(), AnyUser()};

    // Moderation.
    case KindOf<cmd::Ban>(): {
      cmd::Ban x;
      x.request.channel = AnyChannel();
      MaybeOwner(x.request.channel, a);
      x.request.users = Targets(SomeMembersOf(x.request.channel));
      x.request.duration_ms = AnyDuration();
      if (c.Chance(30)) x.request.reason = wild ? std::string(257, 'r') : "spam";
      return x;
    }
    case KindOf<cmd::Unban>(): {
      const ChannelId ch = AnyChannel();
      MaybeOwner(ch, a);
      return cmd::Unban{{ch, Targets(SomeUsers())}};
    }
    case KindOf<cmd::Mute>(): {
      cmd::Mute x;
      x.request.channel = AnyChannel();
      MaybeOwner(x.request.channel, a);
      x.request.users = Targets(SomeMembersOf(x.request.channel));
      x.request.duration_ms = AnyDuration();
      return x;
    }
    case KindOf<cmd::Unmute>(): {
      const ChannelId ch = AnyChannel();
      MaybeOwner(ch, a);
      return cmd::Unmute{{ch, Targets(SomeMembersOf(ch))}};
    }
    case KindOf<cmd::MuteAll>():
      return cmd::MuteAll{AnyChannel(), AnyDuration()};
    case KindOf<cmd::PeerMute>(): {
      cmd::PeerMute x;
      const MemberSettingRequest m = AnyMembership(a);
      x.request = {m.channel, m.user, SomeMembersOf(m.channel), AnyDuration()};
      return x;
    }
    case KindOf<cmd::PeerUnmute>(): {
      cmd::PeerUnmute x;
      if (!peer_mutes_.empty() && c.Bool()) {
        x.request = peer_mutes_[c.Uniform(peer_mutes_.size())];
        if (!a.is_admin() && c.Chance(70)) a = Actor::User(x.request.user);
        return x;
      }
      const MemberSettingRequest m = AnyMembership(a);
      x.request = {m.channel, m.user, SomeMembersOf(m.channel), 0};
      return x;
    }

    // Bots.
    case KindOf<cmd::CreateBot>(): {
      cmd::CreateBot x;
      x.request.bot_id = wild ? c.Bytes(12) : absl::StrCat("bot", c.Uniform(4));
      x.request.name = "helper";
      return x;
    }
    case KindOf<cmd::UpdateBot>(): {
      cmd::UpdateBot x;
      x.request.bot = AnyBot();
      if (c.Bool()) x.request.name = wild ? std::string(300, 'n') : "renamed";
      if (c.Bool()) x.request.callback_url = "https://example.invalid/hook";
      return x;
    }
    case KindOf<cmd::DeleteBot>():
      return cmd::DeleteBot{Aim() ? AnyBot() : UnknownOf(dead_bots_)};
    case KindOf<cmd::BotJoin>(): {
      const BotId bot = AnyBot();
      if (c.Bool()) a = Actor::Bot(bot);  // bots join themselves
      return cmd::BotJoin{bot, AnyChannel()};
    }
    case KindOf<cmd::BotLeave>():
      if (!bot_members_.empty() && c.Bool()) {
        const cmd::BotJoin b = bot_members_[c.Uniform(bot_members_.size())];
        if (!a.is_admin() && c.Chance(70)) a = Actor::Bot(b.bot);
        return cmd::BotLeave{b.bot, b.channel};
      }
      return cmd::BotLeave{a.is_bot() && c.Chance(70) ? a.bot : AnyBot(),
                           AnyChannel()};

    // Messages.
    case KindOf<cmd::SendMessage>(): {
      cmd::SendMessage x;
      SendMessageRequest& r = x.request;
      if (!bot_members_.empty() && c.Chance(10)) {  // a bot speaking
        const cmd::BotJoin b = bot_members_[c.Uniform(bot_members_.size())];
        a = Actor::Bot(b.bot);
        r.channel = b.channel;
      } else {
        r.channel = AnyMembership(a).channel;  // mostly a member speaking
      }
      r.text = AnyText();
      if (!profile_.message_extras) return x;  // the actor's usual type, text only
      if (a.is_admin() && c.Chance(50)) r.sender = AnyUser();
      if (c.Chance(20)) {
        r.type = static_cast<MessageType>(c.Uniform(8));
      }
      if (c.Chance(20)) r.data = AnyData();
      if (c.Chance(15)) r.mentions = SomeUsers();
      if (c.Chance(15)) r.parent = AnyMessage();
      if (c.Chance(10)) {
        r.file = {"https://example.invalid/f.png", "f.png", "image/png",
                  wild ? -1 : 1000};
      }
      if (c.Chance(10)) {
        r.translation_targets = {
            wild ? std::string(17, 'l')
                 : std::string(c.OneOf(std::span<const std::string_view>(kLanguages)))};
      }
      return x;
    }
    case KindOf<cmd::UpdateMessage>(): {
      cmd::UpdateMessage x;
      x.request.message = AnyMessage();
      if (c.Chance(70)) x.request.text = AnyText();
      if (c.Chance(20)) x.request.data = AnyData();
      if (c.Chance(10)) x.request.mentions = SomeUsers();
      x.request.clear_reactions = c.Chance(20);
      x.request.clear_translations = c.Chance(10);
      return x;
    }
    case KindOf<cmd::DeleteMessage>():
      return cmd::DeleteMessage{AnyMessage()};
    case KindOf<cmd::AddReaction>():
    case KindOf<cmd::RemoveReaction>(): {
      if (kind == KindOf<cmd::RemoveReaction>() && !reactions_.empty() &&
          c.Bool()) {
        const ReactionRequest r = reactions_[c.Uniform(reactions_.size())];
        if (!a.is_admin() && c.Chance(70)) a = Actor::User(r.user);
        return cmd::RemoveReaction{r};
      }
      ReactionRequest r{AnyMessage(), SelfOr(a),
                        wild ? std::string(70, 'r')
                             : std::string(c.OneOf(
                                   std::span<const std::string_view>(kReactions)))};
      if (kind == KindOf<cmd::AddReaction>()) return cmd::AddReaction{r};
      return cmd::RemoveReaction{r};
    }
    case KindOf<cmd::TranslateMessage>(): {
      cmd::TranslateMessage x;
      x.message = AnyMessage();
      x.languages = {wild ? "" : std::string(c.OneOf(
                                    std::span<const std::string_view>(kLanguages)))};
      return x;
    }
    case KindOf<cmd::MarkRead>():
      return cmd::MarkRead{member()};
    case KindOf<cmd::MarkAllRead>():
      return cmd::MarkAllRead{SelfOr(a)};
    case KindOf<cmd::MarkDelivered>():
      return cmd::MarkDelivered{member()};

    // Moderation tools.
    case KindOf<cmd::SetSlowMode>(): {
      const ChannelId ch = AnyChannel();
      MaybeOwner(ch, a);
      Millis interval = 0;  // off
      if (wild) {
        interval = c.Bool() ? -1 : kMaxSlowModeMs + 1;
      } else if (c.Chance(60)) {
        // A few small steps (the wait ends between steps and on them) or
        // minutes (it ends across the long jumps).
        interval = c.Bool() ? 7 * (1 + static_cast<Millis>(c.Uniform(3)))
                            : 60'000 * (1 + static_cast<Millis>(c.Uniform(2)));
      }
      return cmd::SetSlowMode{ch, interval};
    }
    case KindOf<cmd::SetFloodLimit>(): {
      FloodLimit limit;  // off
      if (wild) {
        switch (c.Uniform(3)) {
          case 0:
            limit = {kMaxFloodMessages + 1, 1'000};
            break;
          case 1:  // a window without a count
            limit = {0, 1'000};
            break;
          default:
            limit = {3, kMaxFloodWindowMs + 1};
            break;
        }
      } else if (c.Chance(70)) {
        limit.max_messages = 1 + static_cast<uint32_t>(c.Uniform(3));
        limit.window_ms =
            c.Bool() ? 7 * (1 + static_cast<Millis>(c.Uniform(4))) : 60'000;
      }
      return cmd::SetFloodLimit{limit};
    }
    case KindOf<cmd::FileReport>(): {
      ReportRequest r;
      if (c.Bool()) {
        // A message report needs a reporter in the message's channel.
        r.kind = ReportKind::kMessage;
        r.message = AnyMessage();
        r.reporter = MemberOf(r.message.channel());
      } else {
        r.user = AnyUser();
        r.reporter = SelfOr(a);
      }
      if (a.is_user() && c.Chance(70)) a = Actor::User(r.reporter);
      if (wild) {
        switch (c.Uniform(3)) {
          case 0:  // a target the kind does not use
            if (r.kind == ReportKind::kMessage) {
              r.user = AnyUser();
            } else {
              r.message = AnyMessage();
            }
            break;
          case 1:
            r.reason = std::string(kMaxReportReasonChars + 1, 'r');
            break;
          default:
            r.category = static_cast<ReportCategory>(kReportCategoryCount);
            break;
        }
      } else {
        r.category =
            static_cast<ReportCategory>(c.Uniform(kReportCategoryCount));
        if (c.Chance(30)) r.reason = "spam";
      }
      return cmd::FileReport{std::move(r)};
    }
    case KindOf<cmd::ResolveReport>(): {
      ReportId report = c.Bool() ? ReportId() : ReportId(kNeverIssued);
      if (!reports_.empty() && c.Chance(70)) {
        report = reports_[c.Uniform(reports_.size())];  // open or resolved
      }
      return cmd::ResolveReport{
          report, wild ? static_cast<ReportResolution>(kReportResolutionCount)
                       : static_cast<ReportResolution>(
                             c.Uniform(kReportResolutionCount))};
    }
    case KindOf<cmd::PinMessage>(): {
      const MessageId m = AnyMessage();
      MaybeOwner(m.channel(), a);
      return cmd::PinMessage{m};
    }
    case KindOf<cmd::UnpinMessage>(): {
      const MessageId m = !pins_.empty() && c.Chance(60)
                              ? pins_[c.Uniform(pins_.size())]
                              : AnyMessage();
      MaybeOwner(m.channel(), a);
      return cmd::UnpinMessage{m};
    }
  }
  return cmd::AdvanceTime{};
}

void CommandGen::Learn(const Step& step,
                       const absl::StatusOr<CommandResult>& result) {
  if (!result.ok() || result->deferred) return;
  const Command& cmd = step.command;
  if (const auto* x = std::get_if<cmd::SetAppDeactivated>(&cmd)) {
    app_deactivated_ = x->deactivated;
  } else if (const auto* x = std::get_if<cmd::CreateUser>(&cmd)) {
    AddUser(result->user, x->request.user_id, result->login_token);
  } else if (const auto* x = std::get_if<cmd::IssueLoginToken>(&cmd)) {
    login_tokens_[x->user] = result->login_token;
  } else if (const auto* x = std::get_if<cmd::LoginAnonymous>(&cmd)) {
    AddUser(result->user, x->request.user_id);  // may have created it
    Remember(sessions_, result->session_token, 16);
  } else if (std::holds_alternative<cmd::LoginWithToken>(cmd)) {
    Remember(sessions_, result->session_token, 16);
  } else if (const auto* x = std::get_if<cmd::CreateChannel>(&cmd)) {
    const UserId owner = step.actor.is_user() ? step.actor.user : x->request.owner;
    if (owner.valid()) {
      owners_[result->channel] = owner;
      Remember(members_, MemberSettingRequest{result->channel, owner}, 64);
    }
    for (UserId u : x->request.members) {
      Remember(members_, MemberSettingRequest{result->channel, u}, 64);
    }
    for (int slot = 0; slot < kChannelSlots; ++slot) {
      if (x->request.channel_id == ChannelSlotName(slot)) {
        channels_[static_cast<size_t>(slot)] = result->channel;
        return;
      }
    }
    // A generated id (or a GitpleLive reuse hit): an extra, up to 4.
    if (std::find(channels_.begin(), channels_.end(), result->channel) ==
        channels_.end()) {
      if (channels_.size() < kChannelSlots + 4) {
        channels_.push_back(result->channel);
      } else {
        channels_[kChannelSlots + choices_.Uniform(4)] = result->channel;
      }
    }
  } else if (std::holds_alternative<cmd::CreateBot>(cmd)) {
    Remember(bots_, result->bot, 8);
  } else if (std::holds_alternative<cmd::SendMessage>(cmd)) {
    Remember(messages_, result->message, 32);
  } else if (const auto* x = std::get_if<cmd::DeleteUser>(&cmd)) {
    Forget(users_, x->user, dead_users_, &user_names_);
  } else if (const auto* x = std::get_if<cmd::DeleteChannel>(&cmd)) {
    for (ChannelId& ch : channels_) {
      if (ch == x->channel) ch = ChannelId();
    }
    Remember(dead_channels_, x->channel, 8);
  } else if (const auto* x = std::get_if<cmd::DeleteBot>(&cmd)) {
    Forget(bots_, x->bot, dead_bots_);
  } else if (const auto* x = std::get_if<cmd::Join>(&cmd)) {
    Remember(members_, MemberSettingRequest{x->request.channel, x->request.user}, 64);
  } else if (const auto* x = std::get_if<cmd::AddMembers>(&cmd)) {
    for (UserId u : x->request.users) {
      Remember(members_, MemberSettingRequest{x->request.channel, u}, 64);
    }
  } else if (const auto* x = std::get_if<cmd::TransferOwnership>(&cmd)) {
    owners_[x->channel] = x->new_owner;
  } else if (const auto* x = std::get_if<cmd::UpdateChannel>(&cmd)) {
    if (x->request.owner) owners_[x->request.channel] = *x->request.owner;
  } else if (const auto* x = std::get_if<cmd::Block>(&cmd)) {
    Remember(blocks_, *x, 16);
  } else if (const auto* x = std::get_if<cmd::AddReaction>(&cmd)) {
    Remember(reactions_, x->request, 16);
  } else if (const auto* x = std::get_if<cmd::AddManager>(&cmd)) {
    Remember(managers_, *x, 16);
  } else if (const auto* x = std::get_if<cmd::BotJoin>(&cmd)) {
    Remember(bot_members_, *x, 16);
  } else if (const auto* x = std::get_if<cmd::PeerMute>(&cmd)) {
    Remember(peer_mutes_, x->request, 16);
  } else if (std::holds_alternative<cmd::FileReport>(cmd)) {
    Remember(reports_, result->report, 16);
  } else if (const auto* x = std::get_if<cmd::PinMessage>(&cmd)) {
    Remember(pins_, x->message, 16);
  }
}

}  // namespace banter::gen
