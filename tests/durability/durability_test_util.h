// Helpers shared by the durability tests: scratch files, a rich fixture
// state, an in-memory journal sink.
#ifndef BANTER_TESTS_DURABILITY_DURABILITY_TEST_UTIL_H_
#define BANTER_TESTS_DURABILITY_DURABILITY_TEST_UTIL_H_

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/state.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {

// A fresh path in the test temp dir, removed (with its .tmp) on destruction.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "banter_" + info->test_suite_name() + "_" +
            info->name() + "_" + std::to_string(::getpid()) + "_" + name;
    Remove();
  }
  ~ScratchFile() { Remove(); }
  const std::string& path() const { return path_; }

 private:
  void Remove() {
    std::remove(path_.c_str());
    std::remove((path_ + ".tmp").c_str());
  }
  std::string path_;
};

// Keeps every record and its encoding.
class MemoryJournal : public JournalSink {
 public:
  absl::Status Append(const JournalRecord& record,
                      std::string_view encoded) override {
    if (!fail_with_.ok()) return fail_with_;
    records.push_back(record);
    encoded_.emplace_back(encoded);
    return absl::OkStatus();
  }
  absl::Status status() const override { return fail_with_; }
  void FailWith(absl::Status st) { fail_with_ = std::move(st); }

  std::vector<JournalRecord> records;
  const std::vector<std::string>& encoded() const { return encoded_; }

 private:
  std::vector<std::string> encoded_;
  absl::Status fail_with_;
};

// Options for durability tests: the fixture's, without a sink.
inline EngineOptions DurabilityOptions() {
  EngineOptions o = TestOptions();
  o.history_cap = {5, 5, 5, 5, 5, 5, 5};  // eviction happens in small tests
  return o;
}

// Builds a state that exercises every kind of record: passwords, tokens,
// sessions, blocks, push tokens, a deleted and a deactivated user, channels
// of several types and both dialects, member settings, managers, bans and
// mutes with and without expiry, peer mutes, bots, messages with extras,
// parents, reactions, deletions and evictions, read points, pending timers.
inline void BuildRichState(Engine& e, Millis* now) {
  auto t = [&] { return *now += 1000; };
  const Actor admin = Actor::Admin();
  auto user = [&](const std::string& id, const std::string& pw) {
    CreateUserRequest r;
    r.user_id = id;
    r.password = pw;
    r.username = id + "-name";
    r.data = {{"k", id}};
    absl::StatusOr<CreatedUser> u = e.CreateUser(admin, r, t());
    EXPECT_TRUE(u.ok()) << u.status();
    return u.ok() ? u->user : UserId();
  };
  const UserId alice = user("alice", "secret");
  const UserId bob = user("bob", "");
  const UserId carol = user("carol", "pw");
  const UserId dave = user("dave", "");
  const UserId erin = user("erin", "");
  const UserId gone = user("gone", "");
  auto ok = [](const absl::Status& st) { EXPECT_TRUE(st.ok()) << st; };

  ok(e.IssueLoginToken(admin, alice, "secret", t()).status());
  LoginRequest login;
  login.user_id = "bob";
  login.login_token = ::banter::internal::StateOf(e).user(bob)->login_tokens.back();
  login.device_id = "phone";
  ok(e.LoginWithToken(login, t()).status());
  LoginRequest anon;
  anon.user_id = "guest";
  ok(e.LoginAnonymous(anon, t()).status());
  ok(e.ChangePassword(admin, carol, "new-pw", t()));
  ok(e.Block(admin, alice, erin, t()));
  ok(e.SetUserPush(admin, dave, false, t()));
  ok(e.RegisterPushToken(admin, dave, PushTokenKind::kFcm, "d1", "fcm-1", t()));
  ok(e.RegisterPushToken(admin, dave, PushTokenKind::kPushKit, "d2", "pk", t()));

  auto channel = [&](const std::string& id, ChannelType type, UserId owner,
                     std::vector<UserId> members, Dialect d) {
    CreateChannelRequest r;
    r.channel_id = id;
    r.type = type;
    r.owner = owner;
    r.members = std::move(members);
    r.name = id + " room";
    r.data = {{"topic", id}};
    r.dialect = d;
    if (type == ChannelType::kInvitationOnly) r.invitation_code = "abc";
    absl::StatusOr<ChannelId> c = e.CreateChannel(admin, r, t());
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : ChannelId();
  };
  const ChannelId pub = channel("pub", ChannelType::kPublic, alice,
                                {bob, carol, dave}, Dialect::kTalkPlus);
  const ChannelId cast = channel("cast", ChannelType::kBroadcast, alice,
                                 {bob, carol}, Dialect::kTalkPlus);
  const ChannelId live = channel("live", ChannelType::kPrivate, bob,
                                 {carol, dave, gone}, Dialect::kGitpleLive);
  const ChannelId sup = channel("sup", ChannelType::kSuperPublic, carol, {dave},
                                Dialect::kTalkPlus);
  const ChannelId doomed = channel("doomed", ChannelType::kInvitationOnly, dave,
                                   {}, Dialect::kTalkPlus);
  ok(e.CreateChannel(admin, CreateChannelRequest{.type = ChannelType::kPublic,
                                                 .owner = erin},
                     t())
         .status());  // generated id

  ok(e.SetHidden(admin, {pub, bob}, true, t()));
  ok(e.SetChannelPush(admin, {pub, carol}, false, t()));
  ok(e.SetPushSounds(admin, {pub, carol}, "ding", "dong", t()));
  ok(e.SetMemberInfo(admin, {pub, dave}, {{"role", "mod"}}, t()));
  ok(e.SetPrivateData(admin, {pub, dave}, {{"note", "x"}}, t()));
  ok(e.SetPrivateTag(admin, {pub, dave}, "fav", t()));
  ok(e.SetFrozen(admin, sup, true, t()));
  ok(e.AddManager(admin, live, carol, t()));
  ok(e.Leave(Actor::User(gone), {live, gone, false}, t()));

  ok(e.Mute(admin, MuteRequest{pub, {carol}, 5 * 60'000}, t()));
  ok(e.Mute(admin, MuteRequest{cast, {bob}, 0}, t()));
  ok(e.Ban(admin, BanRequest{pub, {bob}, 60'000, "spam"}, t()));
  ok(e.Ban(admin, BanRequest{cast, {carol}, 0, "forever"}, t()));
  ok(e.PeerMute(admin, PeerMuteRequest{live, dave, {carol}, 3 * 60'000}, t()));
  ok(e.PeerMute(admin, PeerMuteRequest{live, carol, {dave}, 0}, t()));

  CreateBotRequest bot_request;
  bot_request.bot_id = "helper";
  bot_request.name = "Helper";
  absl::StatusOr<BotId> bot = e.CreateBot(admin, bot_request, t());
  ok(bot.status());
  if (bot.ok()) ok(e.BotJoin(admin, *bot, pub, t()));

  auto send = [&](Actor actor, ChannelId c, const std::string& text,
                  MessageType type, MessageId parent = MessageId()) {
    SendMessageRequest r;
    r.channel = c;
    r.text = text;
    r.type = type;
    r.parent = parent;
    absl::StatusOr<MessageId> m = e.SendMessage(actor, r, t());
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : MessageId();
  };
  const MessageId first =
      send(Actor::User(alice), pub, "first", MessageType::kText);
  SendMessageRequest rich;
  rich.channel = pub;
  rich.text = "with extras";
  rich.data = {{"a", "b"}};
  rich.file = FileInfo{"https://files/x.png", "x.png", "image/png", 42};
  rich.mentions = {dave, carol};
  rich.parent = first;
  ok(e.SendMessage(Actor::User(dave), rich, t()).status());
  for (int i = 0; i < 6; ++i) {  // past the history cap of 5: evictions
    send(Actor::User(dave), pub, "m" + std::to_string(i), MessageType::kText);
  }
  const MessageId to_delete =
      send(Actor::User(dave), pub, "oops", MessageType::kText);
  ok(e.DeleteMessage(admin, to_delete, t()));
  const MessageId kept = send(Actor::User(alice), pub, "kept", MessageType::kText);
  ok(e.AddReaction(Actor::User(dave), {kept, dave, "like"}, t()));
  ok(e.AddReaction(Actor::User(alice), {kept, alice, "like"}, t()));
  UpdateMessageRequest edit;
  edit.message = kept;
  edit.text = "kept (edited)";
  ok(e.UpdateMessage(admin, edit, t()));
  if (bot.ok()) send(Actor::Bot(*bot), pub, "beep", MessageType::kBot);
  send(Actor::User(alice), cast, "to all", MessageType::kText);
  send(Actor::User(dave), live, "gitple", MessageType::kText);
  ok(e.MarkRead(admin, {pub, dave}, t()));
  ok(e.MarkDelivered(admin, {live, carol}, t()));

  ok(e.DeleteUser(admin, gone, t()));
  ok(e.SetUserActive(admin, erin, false, t()));
  ok(e.DeleteChannel(admin, doomed, t()));
  e.SetAnonymousLoginAllowed(false);
  ok(e.CreateUser(admin, CreateUserRequest{.user_id = "gone"}, t()).status());
}

}  // namespace banter::testing

#endif  // BANTER_TESTS_DURABILITY_DURABILITY_TEST_UTIL_H_
