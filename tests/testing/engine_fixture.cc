#include "tests/testing/engine_fixture.h"

namespace banter::testing {

EngineOptions TestOptions() {
  EngineOptions o;
  o.seed = 1;
  o.password_cost = 4;
  o.token_secret = "test-secret";
  o.check_invariants = true;
  // The suites exercise anonymous login; the default is off.
  o.anonymous_login_allowed = true;
  return o;
}

EngineTest::EngineTest() { Reset(TestOptions()); }

void EngineTest::Reset(EngineOptions options) {
  options.sink = &sink_;
  options.check_invariants = true;
  engine_ = std::make_unique<Engine>(std::move(options));
  sink_.set_engine(engine_.get());
  sink_.clear();
}

void EngineTest::TearDown() {
  EXPECT_THAT(engine_->CheckInvariants(), IsOk());
  EXPECT_EQ(engine_->DebugString(), engine_->DebugString());
}

UserId EngineTest::User(const std::string& id, const std::string& password) {
  CreateUserRequest r;
  r.user_id = id;
  r.password = password;
  r.username = id;
  auto created = engine_->CreateUser(Actor::Admin(), r, now_);
  if (!created.ok()) {
    ADD_FAILURE() << "CreateUser(" << id << "): " << created.status();
    return UserId();
  }
  return created->user;
}

ChannelId EngineTest::Channel(const std::string& id, ChannelType type,
                              UserId owner, std::vector<UserId> members) {
  CreateChannelRequest r;
  r.channel_id = id;
  r.type = type;
  r.owner = owner;
  r.members = std::move(members);
  auto c = engine_->CreateChannel(Actor::Admin(), r, now_);
  if (!c.ok()) {
    ADD_FAILURE() << "CreateChannel(" << id << "): " << c.status();
    return ChannelId();
  }
  return *c;
}

BotId EngineTest::Bot(const std::string& id) {
  CreateBotRequest r;
  r.bot_id = id;
  auto b = engine_->CreateBot(Actor::Admin(), r, now_);
  if (!b.ok()) {
    ADD_FAILURE() << "CreateBot(" << id << "): " << b.status();
    return BotId();
  }
  return *b;
}

MessageId EngineTest::Send(ChannelId channel, UserId sender,
                           const std::string& text) {
  SendMessageRequest r;
  r.channel = channel;
  r.text = text;
  auto m = engine_->SendMessage(Actor::User(sender), r, now_);
  if (!m.ok()) {
    ADD_FAILURE() << "SendMessage: " << m.status();
    return MessageId();
  }
  return *m;
}

}  // namespace banter::testing
