// With a journal attached, a call's events reach the sink only after its
// record is appended, and not at all when the append fails (design.md, "The
// command path"). Held events carry copies of their id lists, so they must be
// exactly the events the same calls deliver without a journal.
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/durability/workload.h"
#include "tests/testing/recording_sink.h"

namespace banter {
namespace {

using testing::DurabilityOptions;
using testing::MemoryJournal;
using testing::RecordingSink;

// One log of what the journal and the sink saw, in the order they saw it.
struct Trace {
  std::vector<std::string> lines;
};

class TracingJournal : public JournalSink {
 public:
  explicit TracingJournal(Trace* trace) : trace_(trace) {}
  absl::Status Append(const JournalRecord& record, std::string_view) override {
    trace_->lines.push_back("append " +
                            std::string(CommandName(record.command)));
    return fail_ ? absl::UnavailableError("disk full") : absl::OkStatus();
  }
  void FailNextAppends() { fail_ = true; }

 private:
  Trace* trace_;
  bool fail_ = false;
};

class TracingSink : public EventSink {
 public:
  explicit TracingSink(Trace* trace) : trace_(trace) {}
  void OnEvent(const Event& event) override {
    trace_->lines.push_back("event " + std::string(EventName(event.kind)));
  }

 private:
  Trace* trace_;
};

EngineOptions Options(EventSink* sink, JournalSink* journal) {
  EngineOptions o = DurabilityOptions();
  o.sink = sink;
  o.journal = journal;
  return o;
}

TEST(HeldEventsTest, EventsFollowTheJournalRecordOfTheirCall) {
  Trace trace;
  TracingSink sink(&trace);
  TracingJournal journal(&trace);
  Engine e(Options(&sink, &journal));
  for (const char* id : {"owner", "bob"}) {
    CreateUserRequest r;
    r.user_id = id;
    ASSERT_TRUE(e.CreateUser(Actor::Admin(), r, 1).ok());
  }
  CreateChannelRequest c;
  c.channel_id = "room";
  c.type = ChannelType::kPublic;
  c.owner = e.FindUser("owner");
  c.members = {e.FindUser("owner"), e.FindUser("bob")};
  ASSERT_TRUE(e.CreateChannel(Actor::Admin(), c, 2).ok());
  trace.lines.clear();
  // The owner leaves: memberLeft, channelRemoved and channelChanged (the
  // new owner), all after the one record.
  LeaveRequest leave;
  leave.channel = e.FindChannel("room");
  leave.user = e.FindUser("owner");
  ASSERT_TRUE(e.Leave(Actor::Admin(), leave, 3).ok());
  EXPECT_EQ(trace.lines,
            (std::vector<std::string>{"append Leave", "event memberLeft",
                                      "event channelRemoved",
                                      "event channelChanged"}));
}

TEST(HeldEventsTest, AFailedAppendDeliversNothing) {
  Trace trace;
  TracingSink sink(&trace);
  TracingJournal journal(&trace);
  Engine e(Options(&sink, &journal));
  CreateUserRequest r;
  r.user_id = "owner";
  ASSERT_TRUE(e.CreateUser(Actor::Admin(), r, 1).ok());
  CreateChannelRequest c;
  c.channel_id = "room";
  c.type = ChannelType::kPublic;
  c.owner = e.FindUser("owner");
  c.members = {e.FindUser("owner")};
  journal.FailNextAppends();
  trace.lines.clear();
  EXPECT_EQ(e.CreateChannel(Actor::Admin(), c, 2).status().code(),
            absl::StatusCode::kUnavailable);
  // The change is not durable, so nobody hears of it.
  EXPECT_EQ(trace.lines, (std::vector<std::string>{"append CreateChannel"}));
}

// The same random calls on two engines, one journaled (events held and
// copied) and one not (events delivered as emitted), give the same events.
TEST(HeldEventsTest, HeldEventsEqualTheEventsDeliveredAsEmitted) {
  const uint64_t seed = testing::SeedFromEnv(23);
  SCOPED_TRACE("BANTER_SEED=" + std::to_string(seed));
  RecordingSink direct_sink, held_sink;
  MemoryJournal journal;
  Engine direct(Options(&direct_sink, nullptr));
  Engine held(Options(&held_sink, &journal));
  direct_sink.set_engine(&direct);
  held_sink.set_engine(&held);
  Millis direct_now = 1'700'000'000'000, held_now = direct_now;
  testing::Workload(seed).Run(direct, 5000, &direct_now);
  testing::Workload(seed).Run(held, 5000, &held_now);
  ASSERT_GT(journal.records.size(), 200u);
  ASSERT_GT(direct_sink.events().size(), 150u);
  EXPECT_EQ(held.DebugString(), direct.DebugString());
  ASSERT_EQ(held_sink.events().size(), direct_sink.events().size());
  for (size_t i = 0; i < direct_sink.events().size(); ++i) {
    ASSERT_EQ(held_sink.events()[i], direct_sink.events()[i]) << "event " << i;
  }
}

}  // namespace
}  // namespace banter
