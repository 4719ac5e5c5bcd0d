// Who may moderate (spec §6.1; design.md "Permissions"): every moderation
// call over every channel type and every kind of actor, each in a fresh
// engine.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tests/moderation/moderation_fixture.h"

namespace banter::testing {
namespace {

// The acting party. TalkPlus channels have an owner; GitpleLive channels
// have managers instead.
enum class Who { kAdmin, kOwner, kManager, kMember, kNonMember, kBot };

const char* WhoName(Who w) {
  switch (w) {
    case Who::kAdmin:
      return "admin";
    case Who::kOwner:
      return "owner";
    case Who::kManager:
      return "manager";
    case Who::kMember:
      return "member";
    case Who::kNonMember:
      return "non-member";
    case Who::kBot:
      return "bot";
  }
  return "?";
}

struct World {
  ChannelId channel;
  UserId owner;    // TalkPlus channels
  UserId manager;  // GitpleLive channels
  UserId member;
  UserId target;    // a plain member every call acts on
  UserId outsider;  // not a member
  BotId bot;        // joined to the channel
};

// One call as `actor`; `self` is the user a personal call (peer mute) is made
// for: the actor itself, or a member when the admin or a bot acts.
using Op = std::function<absl::Status(Engine&, const World&, const Actor&,
                                      UserId self, Millis now)>;

// Expected outcome per actor; nullopt = succeeds.
struct Expect {
  Who who;
  std::optional<ErrorCode> code;
};

class ModerationPermissionsTest : public ModerationTest {
 protected:
  // Every TalkPlus type, then the GitpleLive group channel (nullopt).
  static std::vector<std::optional<ChannelType>> Kinds() {
    std::vector<std::optional<ChannelType>> out;
    for (int t = 0; t < kChannelTypeCount; ++t) {
      out.push_back(static_cast<ChannelType>(t));
    }
    out.push_back(std::nullopt);
    return out;
  }

  World Build(std::optional<ChannelType> type) {
    Reset(TestOptions());
    World w;
    CreateChannelRequest r;
    r.channel_id = "chan";
    if (type.has_value()) {
      w.owner = User("owner");
      r.type = *type;
      r.owner = w.owner;
      if (*type == ChannelType::kInvitationOnly) r.invitation_code = "code";
    } else {
      w.manager = User("manager");
      r.dialect = Dialect::kGitpleLive;
      r.name = "group";  // GitpleLive channels need a name
      r.members.push_back(w.manager);
    }
    w.member = User("member");
    w.target = User("target");
    w.outsider = User("outsider");
    r.members.push_back(w.member);
    r.members.push_back(w.target);
    auto c = engine().CreateChannel(Actor::Admin(), r, Now());
    EXPECT_THAT(c, IsOk());
    if (!c.ok()) return w;
    w.channel = *c;
    if (w.manager.valid()) {
      BANTER_EXPECT_OK(
          engine().AddManager(Actor::Admin(), w.channel, w.manager, Now()));
    }
    w.bot = Bot("bot");
    BANTER_EXPECT_OK(engine().BotJoin(Actor::Admin(), w.bot, w.channel, Now()));
    return w;
  }

  static Actor ActorFor(const World& w, Who who) {
    switch (who) {
      case Who::kAdmin:
        return Actor::Admin();
      case Who::kOwner:
        return Actor::User(w.owner);
      case Who::kManager:
        return Actor::User(w.manager);
      case Who::kMember:
        return Actor::User(w.member);
      case Who::kNonMember:
        return Actor::User(w.outsider);
      case Who::kBot:
        return Actor::Bot(w.bot);
    }
    return Actor::Admin();
  }

  // Runs `op` for each expectation, on each channel kind the actor exists
  // in (owners: TalkPlus; managers: GitpleLive; the rest: both).
  void RunMatrix(const Op& op, const std::vector<Expect>& expects) {
    for (std::optional<ChannelType> kind : Kinds()) {
      for (const Expect& e : expects) {
        if (e.who == Who::kOwner && !kind.has_value()) continue;
        if (e.who == Who::kManager && kind.has_value()) continue;
        SCOPED_TRACE(std::string(kind ? ChannelTypeName(*kind) : "gitple") +
                     " as " + WhoName(e.who));
        World w = Build(kind);
        if (!w.channel.valid()) return;
        const Actor actor = ActorFor(w, e.who);
        const UserId self = actor.is_user() ? actor.user : w.member;
        const std::string before = engine().DebugString();
        absl::Status st = op(engine(), w, actor, self, Now() + 1);
        if (e.code.has_value()) {
          EXPECT_THAT(st, StatusIs(*e.code));
          EXPECT_EQ(engine().DebugString(), before);
        } else {
          EXPECT_THAT(st, IsOk());
        }
      }
    }
  }
};

// Ban, unban and the banned list: owner, GitpleLive managers, admin.
const std::vector<Expect> kBanAuthority = {
    {Who::kAdmin, std::nullopt},
    {Who::kOwner, std::nullopt},
    {Who::kManager, std::nullopt},
    {Who::kMember, ErrorCode::kNotChannelOwner},
    {Who::kNonMember, ErrorCode::kNotChannelOwner},
    {Who::kBot, ErrorCode::kUnauthorized},
};
// Mute and unmute: owner and admin (GitpleLive has no mute of its own, so
// managers get no mute power).
const std::vector<Expect> kMuteAuthority = {
    {Who::kAdmin, std::nullopt},
    {Who::kOwner, std::nullopt},
    {Who::kManager, ErrorCode::kNotChannelOwner},
    {Who::kMember, ErrorCode::kNotChannelOwner},
    {Who::kNonMember, ErrorCode::kNotChannelOwner},
    {Who::kBot, ErrorCode::kUnauthorized},
};
// Personal calls: any member for themselves, or the admin for them.
const std::vector<Expect> kSelfMember = {
    {Who::kAdmin, std::nullopt},
    {Who::kOwner, std::nullopt},
    {Who::kManager, std::nullopt},
    {Who::kMember, std::nullopt},
    {Who::kNonMember, ErrorCode::kUserNotChannelMember},
    {Who::kBot, ErrorCode::kUnauthorized},
};

TEST_F(ModerationPermissionsTest, Ban) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId, Millis now) {
        return e.Ban(a, BanRequest{w.channel, {w.target}, 0, ""}, now);
      },
      kBanAuthority);
}

TEST_F(ModerationPermissionsTest, Unban) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId, Millis now) {
        return e.Unban(a, MembersRequest{w.channel, {w.outsider}}, now);
      },
      kBanAuthority);
}

TEST_F(ModerationPermissionsTest, ListBanned) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId, Millis) {
        return e.ListBanned(a, w.channel, UserId(), 0).status();
      },
      kBanAuthority);
}

TEST_F(ModerationPermissionsTest, Mute) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId, Millis now) {
        return e.Mute(a, MuteRequest{w.channel, {w.target}, 5 * 60'000}, now);
      },
      kMuteAuthority);
}

TEST_F(ModerationPermissionsTest, Unmute) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId, Millis now) {
        return e.Unmute(a, MembersRequest{w.channel, {w.target}}, now);
      },
      kMuteAuthority);
}

TEST_F(ModerationPermissionsTest, MuteAllIsAdminOnly) {
  RunMatrix([](Engine& e, const World& w, const Actor& a, UserId,
               Millis now) { return e.MuteAll(a, w.channel, 0, now); },
            {
                {Who::kAdmin, std::nullopt},
                {Who::kOwner, ErrorCode::kUnauthorized},
                {Who::kManager, ErrorCode::kUnauthorized},
                {Who::kMember, ErrorCode::kUnauthorized},
                {Who::kNonMember, ErrorCode::kUnauthorized},
                {Who::kBot, ErrorCode::kUnauthorized},
            });
}

TEST_F(ModerationPermissionsTest, ListMutedNeedsMembership) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId, Millis) {
        return e.ListMuted(a, w.channel, UserId(), 0).status();
      },
      kSelfMember);
}

TEST_F(ModerationPermissionsTest, PeerMute) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId self, Millis now) {
        return e.PeerMute(a, PeerMuteRequest{w.channel, self, {w.target}, 0},
                          now);
      },
      kSelfMember);
}

TEST_F(ModerationPermissionsTest, PeerUnmute) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId self, Millis now) {
        return e.PeerUnmute(a, PeerMuteRequest{w.channel, self, {w.target}, 0},
                            now);
      },
      kSelfMember);
}

TEST_F(ModerationPermissionsTest, ListPeerMuted) {
  RunMatrix(
      [](Engine& e, const World& w, const Actor& a, UserId self, Millis) {
        return e.ListPeerMuted(a, w.channel, self, UserId(), 0).status();
      },
      kSelfMember);
}

TEST_F(ModerationPermissionsTest, PersonalCallsForSomeoneElseAreRefused) {
  for (std::optional<ChannelType> kind : Kinds()) {
    SCOPED_TRACE(kind ? ChannelTypeName(*kind) : "gitple");
    World w = Build(kind);
    const Actor member = Actor::User(w.member);
    const UserId other = kind ? w.owner : w.manager;
    EXPECT_THAT(
        engine().PeerMute(member, PeerMuteRequest{w.channel, other, {w.target}},
                          Now()),
        StatusIs(ErrorCode::kUnauthorized));
    EXPECT_THAT(
        engine().PeerUnmute(
            member, PeerMuteRequest{w.channel, other, {w.target}}, Now()),
        StatusIs(ErrorCode::kUnauthorized));
    EXPECT_THAT(engine().ListPeerMuted(member, w.channel, other, UserId(), 0),
                StatusIs(ErrorCode::kUnauthorized));
  }
}

TEST_F(ModerationPermissionsTest, DeactivatedActorsAndAppsAreRefused) {
  World w = Build(ChannelType::kPublic);
  BANTER_ASSERT_OK(
      engine().SetUserActive(Actor::Admin(), w.owner, false, Now()));
  EXPECT_THAT(engine().Ban(Actor::User(w.owner),
                           BanRequest{w.channel, {w.target}, 0, ""}, Now()),
              StatusIs(ErrorCode::kDeactivatedUser));
  engine().SetAppDeactivated(true);
  EXPECT_THAT(engine().Mute(Actor::Admin(),
                            MuteRequest{w.channel, {w.target}, 0}, Now()),
              StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(engine().ListMuted(Actor::Admin(), w.channel, UserId(), 0),
              StatusIs(ErrorCode::kDeactivatedApp));
  engine().SetAppDeactivated(false);
}

TEST_F(ModerationPermissionsTest, UnknownBotActorIsRefused) {
  World w = Build(ChannelType::kPublic);
  EXPECT_THAT(engine().Ban(Actor::Bot(BotId(99)),
                           BanRequest{w.channel, {w.target}, 0, ""}, Now()),
              StatusIs(ErrorCode::kBotNotFound));
}

}  // namespace
}  // namespace banter::testing
