// The moderation tools' state through snapshots and the journal: slow mode,
// pins, the flood limit with its windows, and open reports survive a
// snapshot and a replay, and the restored engine answers the next calls as
// the original would (the same refusals, the same time left); images of
// the formats before the tools (1: no word filter either, 2) load without
// them.
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "banter/moderation.h"
#include "engine/state.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/durability/older_formats.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using testing::DurabilityOptions;
using testing::IsOk;
using testing::MemoryJournal;
using testing::StatusIs;

// One engine's worth of moderation-tool state, built through Execute.
struct ToolsWorld {
  UserId owner, a, b;
  ChannelId room, group;
  MessageId spam;
};

ToolsWorld Build(Engine& e, Millis* now) {
  auto t = [&] { return *now += 1000; };
  auto ok = [](const auto& r) { EXPECT_TRUE(r.ok()) << r.status(); };
  const Actor admin = Actor::Admin();
  ToolsWorld w;
  auto user = [&](const std::string& id) {
    auto u = e.CreateUser(admin, CreateUserRequest{.user_id = id}, t());
    ok(u);
    return u.ok() ? u->user : UserId();
  };
  w.owner = user("owner");
  w.a = user("a");
  w.b = user("b");
  auto room = e.CreateChannel(
      admin,
      {.channel_id = "room", .type = ChannelType::kPublic, .members = {w.a, w.b},
       .owner = w.owner},
      t());
  ok(room);
  w.room = *room;
  auto group = e.CreateChannel(
      admin,
      {.channel_id = "group_one", .type = ChannelType::kPrivate,
       .members = {w.a, w.b}, .name = "group", .dialect = Dialect::kGitpleLive},
      t());
  ok(group);
  w.group = *group;
  ok(e.Execute(admin, cmd::SetFloodLimit{{3, 60'000}}, t()));
  ok(e.Execute(Actor::User(w.owner), cmd::SetSlowMode{w.room, 5000}, t()));
  ok(e.Execute(admin, cmd::SetSlowMode{w.group, 250}, t()));
  auto send = [&](UserId u, ChannelId c, const std::string& text) {
    auto m = e.SendMessage(Actor::User(u), {.channel = c, .text = text}, t());
    ok(m);
    return m.ok() ? *m : MessageId();
  };
  const MessageId rules = send(w.owner, w.room, "rules");
  w.spam = send(w.b, w.room, "buy gold");
  send(w.b, w.group, "hi");
  send(w.a, w.group, "hello");
  ok(e.Execute(Actor::User(w.owner), cmd::PinMessage{rules}, t()));
  ok(e.Execute(admin, cmd::PinMessage{w.spam}, t()));
  ok(e.Execute(Actor::User(w.a),
               cmd::FileReport{{.reporter = w.a,
                                .kind = ReportKind::kMessage,
                                .message = w.spam,
                                .category = ReportCategory::kSpam,
                                .reason = "scam"}},
               t()));
  ok(e.Execute(Actor::User(w.a),
               cmd::FileReport{{.reporter = w.a, .user = w.b}}, t()));
  ok(e.Execute(Actor::User(w.owner),
               cmd::FileReport{{.reporter = w.owner, .user = w.b}}, t()));
  ok(e.Execute(admin, cmd::ResolveReport{ReportId(2)}, t()));
  // b has sent twice in the last minute; one more and the flood limit holds.
  *now += 10;
  return w;
}

TEST(ModerationStateTest, SnapshotRoundTripsAndBehavesTheSame) {
  Engine e(DurabilityOptions());
  Millis now = 1'700'000'000'000;
  const ToolsWorld w = Build(e, &now);
  const std::string bytes = WriteSnapshot(e);
  absl::StatusOr<Engine> restored = ReadSnapshot(bytes, DurabilityOptions());
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->DebugString(), e.DebugString());
  EXPECT_EQ(WriteSnapshot(*restored), bytes);
  for (const char* want : {"slow_mode room 5000", "flood_limit 3/60000",
                           "pin room#1 by=owner", "report 1 message by=a",
                           "reports issued=3"}) {
    EXPECT_NE(e.DebugString().find(want), std::string::npos) << want;
  }
  // The next calls get the same answers from both.
  for (Engine* engine : {&e, &*restored}) {
    SCOPED_TRACE(engine == &e ? "original" : "restored");
    EXPECT_EQ(engine->flood_limit(), (FloodLimit{3, 60'000}));
    auto third = engine->SendMessage(Actor::User(w.b),
                                     {.channel = w.group, .text = "3"}, now);
    ASSERT_THAT(third, IsOk());
    auto fourth = engine->SendMessage(
        Actor::User(w.b), {.channel = w.room, .text = "4"}, now + 6000);
    EXPECT_THAT(fourth, StatusIs(ErrorCode::kFloodLimitExceeded));
    ASSERT_THAT(engine->SendMessage(Actor::User(w.a),
                                    {.channel = w.group, .text = "x"},
                                    now + 6000),
                IsOk());
    auto slow = engine->SendMessage(Actor::User(w.a),
                                    {.channel = w.group, .text = "y"},
                                    now + 6100);
    EXPECT_THAT(slow, StatusIs(ErrorCode::kSlowModeActive));
    EXPECT_EQ(RetryAfterOf(slow.status()), 150);
    auto pins = engine->ListPinned(Actor::Admin(), w.room, UserId());
    ASSERT_THAT(pins, IsOk());
    EXPECT_EQ(pins->size(), 2u);
    auto again = engine->Execute(
        Actor::User(w.a),
        cmd::FileReport{{.reporter = w.a, .kind = ReportKind::kMessage,
                         .message = w.spam}},
        now + 6100);
    EXPECT_THAT(again, StatusIs(ErrorCode::kAlreadyReported));
    auto next = engine->Execute(
        Actor::User(w.b), cmd::FileReport{{.reporter = w.b, .user = w.a}},
        now + 6100);
    ASSERT_THAT(next, IsOk());
    EXPECT_EQ(next->report, ReportId(4));
  }
  EXPECT_EQ(restored->DebugString(), e.DebugString());
}

TEST(ModerationStateTest, StaleFloodTimesAreLeftOutOfTheSnapshot) {
  Engine e(DurabilityOptions());
  Millis now = 1'700'000'000'000;
  Build(e, &now);
  // A minute later no window can count again: the snapshot carries none,
  // and the restored engine, with no windows at all, dumps the same.
  e.AdvanceTime(now + 60'000);
  EXPECT_FALSE(internal::StateOf(e).flood->windows.empty());
  absl::StatusOr<Engine> restored =
      ReadSnapshot(WriteSnapshot(e), DurabilityOptions());
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_TRUE(internal::StateOf(*restored).flood->windows.empty());
  EXPECT_EQ(restored->DebugString(), e.DebugString());
  EXPECT_EQ(WriteSnapshot(*restored), WriteSnapshot(e));
}

// Formats 1 and 2 end before the tools' section (format 1 also before the
// word filter): such an image loads with no slow mode, pins, flood limit or
// reports, and everything else as it was.
TEST(ModerationStateTest, OlderFormatsLoadWithoutTheTools) {
  Engine e(DurabilityOptions());
  Millis now = 1'700'000'000'000;
  const ToolsWorld w = Build(e, &now);
  const std::string image = WriteSnapshot(e);
  const std::string tools = testing::ModerationSection(e);
  const std::string filter = testing::WordFilterSection(e);
  for (const uint32_t format : {1u, 2u}) {
    SCOPED_TRACE(format);
    const std::string old = testing::OlderImage(
        image, format, format == 1 ? filter + tools : tools);
    absl::StatusOr<Engine> back = ReadSnapshot(old, DurabilityOptions());
    ASSERT_TRUE(back.ok()) << back.status();
    const std::string dump = back->DebugString();
    for (const char* gone :
         {"\nslow_mode ", "\nflood_limit ", "\npin ", "\nreport"}) {
      EXPECT_EQ(dump.find(gone), std::string::npos) << gone << dump;
    }
    EXPECT_EQ(back->flood_limit(), FloodLimit{});
    auto pins = back->ListPinned(Actor::Admin(), w.room, UserId());
    ASSERT_THAT(pins, IsOk());
    EXPECT_TRUE(pins->empty());
    auto reports = back->ListReports(Actor::Admin(), ReportId(), 100);
    ASSERT_THAT(reports, IsOk());
    EXPECT_TRUE(reports->items.empty());
    // Everything else is as it was: written again and cut the same way, the
    // image is the one it was loaded from.
    const std::string again = WriteSnapshot(*back);
    const std::string empty_tools = testing::ModerationSection(*back);
    EXPECT_EQ(testing::OlderImage(again, format,
                                  format == 1 ? filter + empty_tools
                                              : empty_tools),
              old);
    // The first report filed there is number 1 again: the ids issued went
    // with the section.
    auto next = back->Execute(
        Actor::User(w.b), cmd::FileReport{{.reporter = w.b, .user = w.a}}, now);
    ASSERT_THAT(next, IsOk());
    EXPECT_EQ(next->report, ReportId(1));
  }
}

TEST(ModerationStateTest, JournalReplayRebuildsTheSameState) {
  MemoryJournal journal;
  EngineOptions options = DurabilityOptions();
  options.journal = &journal;
  Engine e(options);
  Millis now = 1'700'000'000'000;
  Build(e, &now);
  // Refused calls are not journaled.
  const size_t records = journal.records.size();
  EXPECT_THAT(e.Execute(Actor::Admin(), cmd::ResolveReport{ReportId(2)}, now),
              StatusIs(ErrorCode::kReportNotFound));
  EXPECT_EQ(journal.records.size(), records);

  Engine replayed(DurabilityOptions());
  for (const JournalRecord& r : journal.records) {
    std::string bytes;
    EncodeJournalRecord(r, &bytes);
    absl::StatusOr<JournalRecord> decoded = DecodeJournalRecord(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    ASSERT_EQ(*decoded, r);
    BANTER_ASSERT_OK(ApplyRecord(replayed, *decoded));
  }
  EXPECT_EQ(replayed.DebugString(), e.DebugString());
  EXPECT_EQ(WriteSnapshot(replayed), WriteSnapshot(e));
}

TEST(ModerationStateTest, RecordsWithUnknownEnumsAreRefused) {
  for (const Command& c :
       {Command(cmd::FileReport{{.kind = static_cast<ReportKind>(2)}}),
        Command(cmd::FileReport{
            {.category = static_cast<ReportCategory>(5)}}),
        Command(cmd::ResolveReport{ReportId(1),
                                   static_cast<ReportResolution>(2)})}) {
    std::string bytes;
    EncodeJournalRecord({Actor::Admin(), 1, c}, &bytes);
    EXPECT_EQ(DecodeJournalRecord(bytes).status().code(),
              absl::StatusCode::kDataLoss)
        << CommandName(c);
  }
}

}  // namespace
}  // namespace banter
