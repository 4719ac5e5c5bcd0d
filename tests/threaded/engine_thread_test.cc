// EngineThread: many producer threads, one engine. Run under
// ThreadSanitizer in CI (tools/test, BANTER_TSAN), where any unsynchronized
// access between the producers, the readers and the engine thread fails it.
#include "banter/threaded/engine_thread.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace banter::threaded {
namespace {

constexpr Millis kStart = 1'700'000'000'000;

EngineOptions Options() {
  EngineOptions o;
  o.password_cost = 4;
  o.check_invariants = true;
  return o;
}

TEST(EngineThreadTest, ManyProducersOneOrderAndConcurrentReads) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  EngineThread chat(Options());
  std::atomic<int> delivered{0};
  chat.OnEvents([&](const OwnedEvent& e) {
    if (e.kind == EventKind::kMessage) delivered += e.recipients.size();
  });

  // One user per producer, all in one public channel.
  std::vector<UserId> users;
  for (int t = 0; t < kThreads; ++t) {
    cmd::CreateUser c{{.user_id = "u" + std::to_string(t)}, ""};
    auto r = chat.Submit(Actor::Admin(), c, kStart).get();
    ASSERT_TRUE(r.ok()) << r.status();
    users.push_back(r->user);
  }
  CreateChannelRequest create{.channel_id = "room",
                              .type = ChannelType::kPublic};
  create.owner = users[0];
  create.members.assign(users.begin() + 1, users.end());
  auto room = chat.Submit(Actor::Admin(), cmd::CreateChannel{create}, kStart)
                  .get();
  ASSERT_TRUE(room.ok()) << room.status();
  const ChannelId c = room->channel;

  std::atomic<bool> stop_reading{false};
  std::atomic<int64_t> reads{0};
  std::thread reader([&] {
    while (!stop_reading) {
      auto count = chat.Read([&](const Engine& e) {
        return e.UnreadCount(Actor::Admin(), c, users[0]);
      });
      ASSERT_TRUE(count.ok());
      ++reads;
    }
  });
  std::vector<std::thread> producers;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, t] {
      std::vector<std::future<absl::StatusOr<CommandResult>>> sent;
      for (int i = 0; i < kPerThread; ++i) {
        SendMessageRequest r{.channel = c,
                             .text = std::to_string(t) + ":" +
                                     std::to_string(i)};
        sent.push_back(chat.Submit(Actor::User(users[t]),
                                   cmd::SendMessage{r}, kStart + 1 + i));
      }
      for (auto& f : sent) failed += !f.get().ok();
    });
  }
  for (auto& p : producers) p.join();
  stop_reading = true;
  reader.join();

  EXPECT_EQ(failed, 0);
  EXPECT_GT(reads, 0);
  const EngineThreadStats stats = chat.Stats();
  EXPECT_EQ(stats.executed, kThreads + 1 + kThreads * kPerThread);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.queue_depth, 0u);
  // Every message reached the other seven members.
  EXPECT_EQ(delivered, kThreads * kPerThread * (kThreads - 1));
  // Each producer's messages are in the order it submitted them.
  MessageListQuery q{.channel = c, .order = MessageListQuery::Order::kOldest,
                     .limit = 50};
  std::vector<int> next(kThreads, 0);
  for (;;) {
    auto page = chat.Read([&](const Engine& e) {
      return e.ListMessages(Actor::Admin(), q);
    });
    ASSERT_TRUE(page.ok()) << page.status();
    for (const MessageView& m : page->items) {
      const int t = std::stoi(m.text.substr(0, m.text.find(':')));
      const int i = std::stoi(m.text.substr(m.text.find(':') + 1));
      EXPECT_EQ(i, next[t]) << "producer " << t;
      next[t] = i + 1;
      q.after = m.handle;
    }
    if (!page->has_next) break;
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread);
}

TEST(EngineThreadTest, PasswordsAreHashedOnTheSubmittingThread) {
  EngineThread chat(Options());
  cmd::CreateUser create{{.user_id = "ann", .password = "pw"}, ""};
  ASSERT_TRUE(chat.Submit(Actor::Admin(), create, kStart).get().ok());
  const UserId ann =
      chat.Read([](const Engine& e) { return e.FindUser("ann"); });
  auto login = chat.Submit(Actor::Admin(), cmd::IssueLoginToken{ann, "pw", ""},
                           kStart)
                   .get();
  ASSERT_TRUE(login.ok()) << login.status();
  EXPECT_EQ(login->login_token.size(), 32u);
  auto wrong = chat.Submit(Actor::Admin(),
                           cmd::IssueLoginToken{ann, "nope", ""}, kStart)
                   .get();
  EXPECT_EQ(ErrorCodeOf(wrong.status()), ErrorCode::kWrongPassword);
}

TEST(EngineThreadTest, HandlersMayReadAndSubmit) {
  EngineThread chat(Options());
  std::atomic<int> replies{0};
  std::vector<UserId> users;
  chat.OnRawEvents([&](const Event& e) {
    if (e.kind != EventKind::kMessage) return;
    auto text = chat.Read([&](const Engine& engine) {
      auto m = engine.GetMessage(Actor::Admin(), e.message, UserId());
      return m.ok() ? m->text : std::string();
    });
    if (text.rfind("re: ", 0) == 0) return;
    SendMessageRequest reply{.channel = e.channel, .text = "re: " + text};
    (void)chat.Submit(Actor::User(users[1]), cmd::SendMessage{reply}, e.at);
    ++replies;
  });
  for (const char* id : {"a", "b"}) {
    users.push_back(
        chat.Submit(Actor::Admin(), cmd::CreateUser{{.user_id = id}, ""}, kStart)
            .get()
            ->user);
  }
  CreateChannelRequest create{.channel_id = "dm", .type = ChannelType::kPrivate};
  create.owner = users[0];
  create.members = {users[1]};
  const ChannelId c =
      chat.Submit(Actor::Admin(), cmd::CreateChannel{create}, kStart)
          .get()
          ->channel;
  SendMessageRequest hi{.channel = c, .text = "hi"};
  ASSERT_TRUE(chat.Submit(Actor::User(users[0]), cmd::SendMessage{hi},
                          kStart + 1)
                  .get()
                  .ok());
  // The reply was queued behind "hi"; a later command runs after it.
  (void)chat.Submit(Actor::Admin(), cmd::AdvanceTime{}, kStart + 2).get();
  EXPECT_EQ(replies, 1);
  auto count = chat.Read([&](const Engine& e) {
    return e.UnreadCount(Actor::Admin(), c, users[0]);
  });
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);  // "re: hi"
}

}  // namespace
}  // namespace banter::threaded
