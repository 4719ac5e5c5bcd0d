// Calling the engine from inside its event sink (issues #12 and #15): an
// auto-reply bot answers every message in the channel it sits in.
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

constexpr Millis kStart = 1'700'000'000'000;

// Replies "auto: <n>" as `bot_user` to every message someone else sends, and
// records what it saw of each event before and after its own call.
class AutoReplySink : public EventSink {
 public:
  void OnEvent(const Event& event) override {
    if (event.kind != EventKind::kMessage) return;
    const size_t before = event.recipients.count();
    std::vector<UserId> seen;
    for (auto batch : event.recipients.batches) {
      seen.insert(seen.end(), batch.begin(), batch.end());
    }
    counts_before.push_back(before);
    if (engine == nullptr) return;
    auto sent = engine->GetMessage(Actor::Admin(), event.message, UserId());
    if (!sent.ok() || sent->user_id == "bot") return;
    SendMessageRequest reply;
    reply.channel = event.channel;
    reply.sender = bot_user;
    reply.text = "auto: " + sent->text;
    auto r = engine->SendMessage(Actor::User(bot_user), reply, event.at);
    reply_statuses.push_back(r.status());
    // The event being delivered is intact after the call.
    counts_after.push_back(event.recipients.count());
    std::vector<UserId> again;
    for (auto batch : event.recipients.batches) {
      again.insert(again.end(), batch.begin(), batch.end());
    }
    recipients_unchanged = recipients_unchanged && again == seen;
  }
  void OnDeferredResult(const Actor&, const Command& command,
                        const absl::StatusOr<CommandResult>& result) override {
    deferred_names.push_back(std::string(CommandName(command)));
    deferred_ok.push_back(result.ok());
  }

  Engine* engine = nullptr;
  UserId bot_user;
  std::vector<size_t> counts_before, counts_after;
  std::vector<absl::Status> reply_statuses;
  std::vector<std::string> deferred_names;
  std::vector<bool> deferred_ok;
  bool recipients_unchanged = true;
};

using ::banter::testing::MemoryJournal;

TEST(ReentrancyTest, AutoReplyFromTheSinkRunsAfterTheCallAndKeepsTheEvent) {
  AutoReplySink sink;
  MemoryJournal journal;
  EngineOptions options;
  options.password_cost = 4;
  options.check_invariants = true;
  options.sink = &sink;
  options.journal = &journal;
  Engine engine(options);
  sink.engine = &engine;
  Millis now = kStart;
  auto a = engine.CreateUser(Actor::Admin(), {.user_id = "ann"}, now);
  auto b = engine.CreateUser(Actor::Admin(), {.user_id = "bot"}, now);
  ASSERT_THAT(a, testing::IsOk());
  ASSERT_THAT(b, testing::IsOk());
  sink.bot_user = b->user;
  CreateChannelRequest create;
  create.channel_id = "room";
  create.type = ChannelType::kPublic;
  create.owner = a->user;
  create.members = {b->user};
  auto c = engine.CreateChannel(Actor::Admin(), create, now);
  ASSERT_THAT(c, testing::IsOk());

  SendMessageRequest hello;
  hello.channel = *c;
  hello.text = "hello";
  auto sent = engine.SendMessage(Actor::User(a->user), hello, ++now);
  ASSERT_THAT(sent, testing::IsOk());

  // The reply was queued (OK, deferred), then ran after the send finished.
  ASSERT_EQ(sink.reply_statuses.size(), 1u);
  BANTER_EXPECT_OK(sink.reply_statuses[0]);
  EXPECT_EQ(sink.deferred_names, std::vector<std::string>{"SendMessage"});
  EXPECT_EQ(sink.deferred_ok, std::vector<bool>{true});
  // Ann's message went to the bot's user only; it still did after the call.
  ASSERT_EQ(sink.counts_before.size(), 2u);  // ann's message, then the reply
  EXPECT_EQ(sink.counts_before[0], 1u);
  EXPECT_EQ(sink.counts_after, std::vector<size_t>{1u});
  EXPECT_TRUE(sink.recipients_unchanged);

  MessageListQuery q;
  q.channel = *c;
  q.viewer = a->user;
  auto page = engine.ListMessages(Actor::Admin(), q);
  ASSERT_THAT(page, testing::IsOk());
  std::vector<std::string> texts;
  for (const auto& m : page->items) texts.push_back(m.text);
  EXPECT_THAT(texts, ::testing::UnorderedElementsAre("hello", "auto: hello"));

  // The journal order is the execution order: the send, then the reply.
  ASSERT_GE(journal.records.size(), 2u);
  const auto& last = journal.records[journal.records.size() - 1];
  const auto& before_last = journal.records[journal.records.size() - 2];
  EXPECT_EQ(std::get<cmd::SendMessage>(before_last.command).request.text,
            "hello");
  EXPECT_EQ(std::get<cmd::SendMessage>(last.command).request.text,
            "auto: hello");

  // Replaying the journal on a fresh engine (no sink) gives the same state.
  EngineOptions plain = options;
  plain.sink = nullptr;
  plain.journal = nullptr;
  Engine replayed(plain);
  for (const JournalRecord& r : journal.records) {
    BANTER_ASSERT_OK(ApplyRecord(replayed, r));
  }
  EXPECT_EQ(replayed.DebugString(), engine.DebugString());
}

}  // namespace
}  // namespace banter
