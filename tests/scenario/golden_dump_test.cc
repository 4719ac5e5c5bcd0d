// Scenario goldens: whole scenarios run through the engine, their final
// state dumped (Engine::DebugString: one fact per line, in handle order) and
// compared with tests/scenario/golden/<name>.dump. A refactor must leave
// these files untouched; a behaviour change updates them in the same commit
// (regenerate with BANTER_UPDATE_GOLDENS=1, then review the diff).
//
// Each scenario is also replayed from its journal on a fresh engine, which
// must reach the same dump: replay is Execute of the recorded commands.
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

constexpr Millis kStart = 1'700'000'000'000;

using ::banter::testing::MemoryJournal;

std::string GoldenPath(const std::string& name) {
  const char* dir = std::getenv("BANTER_GOLDEN_DIR");
  return std::string(dir != nullptr ? dir : "tests/scenario/golden") + "/" +
         name + ".dump";
}

// Runs `scenario` on a journaled engine, checks the dump against the golden
// file and a replay of the journal against the dump.
void CheckScenario(const std::string& name,
                   const std::function<void(Engine&)>& scenario) {
  MemoryJournal journal;
  EngineOptions options = testing::TestOptions();
  options.journal = &journal;
  Engine engine(options);
  scenario(engine);
  BANTER_ASSERT_OK(engine.CheckInvariants());
  const std::string dump = engine.DebugString();

  EngineOptions plain = testing::TestOptions();
  Engine replayed(plain);
  for (const JournalRecord& r : journal.records) {
    BANTER_ASSERT_OK(ApplyRecord(replayed, r)) << CommandName(r.command);
  }
  EXPECT_EQ(replayed.DebugString(), dump) << "replay of " << name;

  const std::string path = GoldenPath(name);
  if (std::getenv("BANTER_UPDATE_GOLDENS") != nullptr) {
    std::ofstream(path) << dump;
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "missing " << path
                         << " (run with BANTER_UPDATE_GOLDENS=1)";
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(dump, golden.str()) << "state differs from " << path;
}

UserId MakeUser(Engine& e, const std::string& id, Millis now,
                const std::string& password = "") {
  auto r = e.CreateUser(Actor::Admin(),
                        {.user_id = id, .password = password, .username = id},
                        now);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->user : UserId();
}

TEST(GoldenDumpTest, GuildLife) {
  CheckScenario("guild_life", [](Engine& e) {
    Millis now = kStart;
    const UserId owner = MakeUser(e, "owner", now, "pw");
    const UserId ann = MakeUser(e, "ann", ++now);
    const UserId ben = MakeUser(e, "ben", ++now);
    const UserId cy = MakeUser(e, "cy", ++now);
    CreateChannelRequest guild{.channel_id = "guild",
                               .type = ChannelType::kPublic,
                               .members = {ann, ben}};
    guild.owner = owner;
    guild.name = "Knights";
    const ChannelId g = *e.CreateChannel(Actor::Admin(), guild, ++now);
    BANTER_EXPECT_OK(e.Join(Actor::User(cy), {.channel = g, .user = cy}, ++now));
    auto hello = e.SendMessage(Actor::User(ann), {.channel = g, .text = "hi"},
                               ++now);
    BANTER_EXPECT_OK(hello.status());
    BANTER_EXPECT_OK(e.AddReaction(
        Actor::User(ben), {.message = *hello, .user = ben, .reaction = "gg"},
        ++now));
    BANTER_EXPECT_OK(
        e.Mute(Actor::User(owner), {g, {ben}, /*duration_ms=*/5 * 60'000}, ++now));
    EXPECT_FALSE(e.SendMessage(Actor::User(ben), {.channel = g, .text = "x"},
                               ++now)
                     .ok());
    BANTER_EXPECT_OK(e.Ban(Actor::User(owner), {.channel = g, .users = {cy}},
                           ++now));
    now += 5 * 60 * 1000;
    e.AdvanceTime(now);
    BANTER_EXPECT_OK(
        e.SendMessage(Actor::User(ben), {.channel = g, .text = "back"}, ++now)
            .status());
    BANTER_EXPECT_OK(e.MarkRead(Actor::User(ann), {.channel = g, .user = ann},
                                ++now));
    BANTER_EXPECT_OK(e.TransferOwnership(Actor::User(owner), g, ann, ++now));
    BANTER_EXPECT_OK(
        e.IssueLoginToken(Actor::Admin(), owner, "pw", ++now).status());
  });
}

TEST(GoldenDumpTest, DeactivationBlocksAndDeletion) {
  CheckScenario("users_lifecycle", [](Engine& e) {
    Millis now = kStart;
    const UserId a = MakeUser(e, "a", now, "secret");
    const UserId b = MakeUser(e, "b", ++now);
    const UserId c = MakeUser(e, "c", ++now);
    CreateChannelRequest dm{.channel_id = "dm", .type = ChannelType::kPrivate,
                            .members = {b}};
    dm.owner = a;
    const ChannelId ch = *e.CreateChannel(Actor::Admin(), dm, ++now);
    BANTER_EXPECT_OK(
        e.SendMessage(Actor::User(a), {.channel = ch, .text = "yo"}, ++now)
            .status());
    BANTER_EXPECT_OK(e.Block(Actor::User(c), c, a, ++now));
    BANTER_EXPECT_OK(e.SetUserActive(Actor::Admin(), b, false, ++now));
    BANTER_EXPECT_OK(e.ChangePassword(Actor::Admin(), a, "new-secret", ++now));
    BANTER_EXPECT_OK(e.SetUserActive(Actor::Admin(), b, true, ++now));
    BANTER_EXPECT_OK(e.DeleteUser(Actor::Admin(), a, ++now));
  });
}

TEST(GoldenDumpTest, GitpleLiveManagers) {
  CheckScenario("gitple_managers", [](Engine& e) {
    Millis now = kStart;
    const UserId o = MakeUser(e, "o", now);
    const UserId m = MakeUser(e, "m", ++now);
    const UserId x = MakeUser(e, "x", ++now);
    CreateChannelRequest group{.channel_id = "group_1",
                               .type = ChannelType::kPublic,
                               .members = {m, x}};
    group.owner = o;
    group.dialect = Dialect::kGitpleLive;
    group.name = "Raid group";
    const ChannelId g = *e.CreateChannel(Actor::Admin(), group, ++now);
    BANTER_EXPECT_OK(e.AddManager(Actor::Admin(), g, m, ++now));
    BANTER_EXPECT_OK(e.SetFrozen(Actor::User(m), g, true, ++now));
    BANTER_EXPECT_OK(
        e.SendMessage(Actor::User(m), {.channel = g, .text = "rules"}, ++now)
            .status());
    BANTER_EXPECT_OK(e.Ban(Actor::User(m),
                           {.channel = g, .users = {x}, .duration_ms = 60'000},
                           ++now));
    now += 60'000;
    e.AdvanceTime(now);
    BANTER_EXPECT_OK(e.RemoveManager(Actor::Admin(), g, m, ++now));
  });
}

}  // namespace
}  // namespace banter
