// Sending (spec §5.1, §5.2, §5.5, §6.6): who may send what, every check in
// order with its code, and the effects of a send.
#include <optional>
#include <string>
#include <vector>

#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Translates into "<lang>:<text>", and refuses "xx".
class FakeTranslator : public Translator {
 public:
  std::optional<std::string> Translate(std::string_view text,
                                       std::string_view language) override {
    ++calls;
    if (language == "xx") return std::nullopt;
    return std::string(language) + ":" + std::string(text);
  }
  int calls = 0;
};

class SendTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    n_ = User("n");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
    sink().clear();
  }
  absl::StatusOr<MessageView> Get(MessageId m) {
    return engine().GetMessage(Actor::Admin(), m, UserId());
  }
  UserId o_, a_, b_, n_;  // owner, members, a non-member
  ChannelId c_;
};

TEST_F(SendTest, AnUnsetTypeIsTheActorsUsualTypeAndViewsCarryHandles) {
  const BotId bot = Bot("helper");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c_, Now()));
  struct Case {
    Actor actor;
    UserId sender;
    MessageType want;
  };
  for (const Case& k : {Case{Actor::User(a_), UserId(), MessageType::kText},
                        Case{Actor::Admin(), b_, MessageType::kText},
                        Case{Actor::Admin(), UserId(), MessageType::kAdmin},
                        Case{Actor::Bot(bot), UserId(), MessageType::kBot}}) {
    SendMessageRequest r;
    r.channel = c_;
    r.sender = k.sender;
    r.text = "hello";
    absl::StatusOr<MessageId> m = engine().SendMessage(k.actor, r, Now());
    ASSERT_TRUE(m.ok()) << m.status();
    absl::StatusOr<MessageView> v = Get(*m);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->type, k.want);
    // The handles an event about this message carries.
    EXPECT_EQ(v->handle, *m);
    EXPECT_EQ(v->channel, c_);
    const UserId want_sender = k.actor.is_user() ? k.actor.user : k.sender;
    EXPECT_EQ(v->sender, want_sender);
    EXPECT_EQ(v->bot, k.actor.is_bot() ? bot : BotId());
  }
}

TEST_F(SendTest, UserSendsTextHiddenAndCustom) {
  for (MessageType t :
       {MessageType::kText, MessageType::kHidden, MessageType::kCustom}) {
    SendMessageRequest r = Text(c_, "hi");
    r.type = t;
    auto m = engine().SendMessage(Actor::User(a_), r, Now());
    ASSERT_THAT(m, IsOk());
    auto v = Get(*m);
    ASSERT_THAT(v, IsOk());
    EXPECT_EQ(v->type, t);
    EXPECT_EQ(v->user_id, "a");
    EXPECT_EQ(v->username, "a");
    EXPECT_EQ(v->channel_id, "c");
    EXPECT_EQ(v->created_at, Now());
  }
}

TEST_F(SendTest, DeactivatedAppRefusesMessaging) {
  auto m = SendAs(a_, c_, "before");
  ASSERT_THAT(m, IsOk());
  engine().SetAppDeactivated(true);
  EXPECT_THAT(SendAs(a_, c_, "hi"), StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(Get(*m), StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(MarkRead(c_, a_), StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(engine().UnreadCount(Actor::Admin(), c_, a_),
              StatusIs(ErrorCode::kDeactivatedApp));
  engine().SetAppDeactivated(false);
}

TEST_F(SendTest, UnknownChannelFails) {
  EXPECT_THAT(SendAs(a_, ChannelId(99), "hi"),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(SendTest, UserCannotSendAdminOrBotTypes) {
  for (MessageType t : {MessageType::kAdmin, MessageType::kAdminHidden,
                        MessageType::kBot, MessageType::kBotHidden}) {
    SendMessageRequest r = Text(c_, "hi");
    r.type = t;
    EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
                StatusIs(ErrorCode::kUnauthorized));
  }
}

TEST_F(SendTest, UserCannotSendAsSomeoneElse) {
  SendMessageRequest r = Text(c_, "hi");
  r.sender = b_;
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  r.sender = a_;
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()), IsOk());
}

TEST_F(SendTest, AdminSendsAdminTypesWithoutSender) {
  for (MessageType t : {MessageType::kAdmin, MessageType::kAdminHidden}) {
    auto m = SendAdmin(c_, "notice", t);
    ASSERT_THAT(m, IsOk());
    auto v = Get(*m);
    ASSERT_THAT(v, IsOk());
    EXPECT_EQ(v->type, t);
    EXPECT_EQ(v->user_id, "");
    EXPECT_EQ(v->username, "");
  }
}

TEST_F(SendTest, AdminSendsUserTypesAsTheNamedSender) {
  SendMessageRequest r = Text(c_, "hi");
  r.type = MessageType::kText;  // asked for explicitly: needs a sender
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), r, Now()),
              StatusIs(ErrorCode::kInvalidParams));
  r.sender = UserId(999);
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), r, Now()),
              StatusIs(ErrorCode::kUserNotFound));
  r.sender = n_;
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), r, Now()),
              StatusIs(ErrorCode::kSenderNotChannelMember));
  r.sender = a_;
  auto m = engine().SendMessage(Actor::Admin(), r, Now());
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(Get(*m)->user_id, "a");
}

TEST_F(SendTest, AdminCannotSendBotTypes) {
  EXPECT_THAT(SendAdmin(c_, "hi", MessageType::kBot),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(SendAdmin(c_, "hi", MessageType::kBotHidden),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(SendTest, BotSendsBotTypesIntoJoinedChannels) {
  BotId bot = Bot("helper");
  SendMessageRequest r = Text(c_, "beep");
  r.type = MessageType::kBot;
  EXPECT_THAT(engine().SendMessage(Actor::Bot(bot), r, Now()),
              StatusIs(ErrorCode::kBotNotInChannel));
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c_, Now()));
  for (MessageType t : {MessageType::kText, MessageType::kAdmin}) {
    SendMessageRequest bad = r;
    bad.type = t;
    EXPECT_THAT(engine().SendMessage(Actor::Bot(bot), bad, Now()),
                StatusIs(ErrorCode::kUnauthorized));
  }
  auto m = engine().SendMessage(Actor::Bot(bot), r, Now());
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(Get(*m)->user_id, "helper");
  r.type = MessageType::kBotHidden;
  EXPECT_THAT(engine().SendMessage(Actor::Bot(bot), r, Now()), IsOk());
}

TEST_F(SendTest, NonMemberCannotSend) {
  EXPECT_THAT(SendAs(n_, c_, "hi"),
              StatusIs(ErrorCode::kSenderNotChannelMember));
}

TEST_F(SendTest, FrozenChannelRefusesAllButOwnerAndAdminTypes) {
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, true, Now()));
  EXPECT_THAT(SendAs(a_, c_, "hi"),
              StatusIs(ErrorCode::kCannotSendMessageInFrozenChannel));
  SendMessageRequest as_a = Text(c_, "hi");
  as_a.sender = a_;
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), as_a, Now()),
              StatusIs(ErrorCode::kCannotSendMessageInFrozenChannel));
  EXPECT_THAT(SendAs(o_, c_, "owner speaks"), IsOk());
  EXPECT_THAT(SendAdmin(c_, "notice"), IsOk());
  // Bots are not exempt.
  BotId bot = Bot("helper");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c_, Now()));
  SendMessageRequest r = Text(c_, "beep");
  r.type = MessageType::kBot;
  EXPECT_THAT(engine().SendMessage(Actor::Bot(bot), r, Now()),
              StatusIs(ErrorCode::kCannotSendMessageInFrozenChannel));
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, false, Now()));
  EXPECT_THAT(SendAs(a_, c_, "hi"), IsOk());
}

TEST_F(SendTest, FrozenGitpleChannelLetsManagersSend) {
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(),
                            {a_, b_}, false, Dialect::kGitpleLive);
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g, a_, Now()));
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), g, true, Now()));
  EXPECT_THAT(SendAs(a_, g, "manager"), IsOk());
  EXPECT_THAT(SendAs(b_, g, "member"),
              StatusIs(ErrorCode::kCannotSendMessageInFrozenChannel));
}

TEST_F(SendTest, MutedMemberCannotSend) {
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_}, 0}, Now()));
  EXPECT_THAT(SendAs(a_, c_, "hi"), StatusIs(ErrorCode::kMutedInChannel));
  EXPECT_THAT(SendAs(b_, c_, "hi"), IsOk());
  BANTER_ASSERT_OK(
      engine().Unmute(Actor::Admin(), MembersRequest{c_, {a_}}, Now()));
  EXPECT_THAT(SendAs(a_, c_, "hi"), IsOk());
}

TEST_F(SendTest, MuteExpiresAtTheExactMillisecond) {
  const Millis start = Now();
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_}, 1 * 60'000}, start));
  // No AdvanceTime: the check uses the call's own time.
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), Text(c_, "early"),
                                   start + kMinute - 1),
              StatusIs(ErrorCode::kMutedInChannel));
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), Text(c_, "on time"),
                                   start + kMinute),
              IsOk());
}

TEST_F(SendTest, TextUpTo8192CharactersFits) {
  EXPECT_THAT(SendAs(a_, c_, std::string(8192, 'x')), IsOk());
  EXPECT_THAT(SendAs(a_, c_, std::string(8193, 'x')),
              StatusIs(ErrorCode::kMsgSizeLimitExceeded));
  // Characters, not bytes: 8192 three-byte characters fit.
  std::string hangul;
  for (int i = 0; i < 8192; ++i) hangul += "\xea\xb0\x80";
  EXPECT_THAT(SendAs(a_, c_, hangul), IsOk());
  EXPECT_THAT(SendAs(a_, c_, hangul + "\xea\xb0\x80"),
              StatusIs(ErrorCode::kMsgSizeLimitExceeded));
}

TEST_F(SendTest, TextMustBeUtf8) {
  EXPECT_THAT(SendAs(a_, c_, "bad \xff"),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(SendTest, MessageNeedsTextDataOrFile) {
  EXPECT_THAT(SendAs(a_, c_, ""), StatusIs(ErrorCode::kBothMsgTextDataMissing));
  SendMessageRequest data_only = Text(c_, "");
  data_only.data = {{"k", "v"}};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), data_only, Now()), IsOk());
  SendMessageRequest file_only = Text(c_, "");
  file_only.file = FileInfo{"https://f/x.png", "x.png", "image/png", 10};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), file_only, Now()), IsOk());
}

TEST_F(SendTest, DataHoldsAtMostTenPairs) {
  SendMessageRequest r = Text(c_, "hi");
  for (int i = 0; i < 10; ++i) r.data["k" + std::to_string(i)] = "v";
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()), IsOk());
  r.data["k10"] = "v";
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kInvalidMetaData));
  SendMessageRequest long_value = Text(c_, "hi");
  long_value.data["k"] = std::string(1025, 'v');
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), long_value, Now()),
              StatusIs(ErrorCode::kInvalidMetaData));
}

TEST_F(SendTest, GitpleMessagesFollowMetaRules) {
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(), {a_},
                            false, Dialect::kGitpleLive);
  SendMessageRequest r = Text(g, "hi");
  r.data["key2"] = "v";  // digits are not in the meta key charset
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kInvalidMetaData));
  r.data = {{"key", std::string(200, 'v')}};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()), IsOk());
}

TEST_F(SendTest, FileMessagesStoreWhatTheyAreGiven) {
  SendMessageRequest r = Text(c_, "look");
  r.file = FileInfo{"https://f/x.png", "x.png", "image/png", 1234};
  auto m = engine().SendMessage(Actor::User(a_), r, Now());
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(Get(*m)->file, r.file);
  EXPECT_EQ(Get(*m)->type, MessageType::kText);
}

TEST_F(SendTest, FileMetadataNeedsAUrlAndAValidSize) {
  SendMessageRequest r = Text(c_, "look");
  r.file.name = "x.png";
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  r.file = FileInfo{"https://f/x.png", "x.png", "image/png", -1};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(SendTest, FileTypeIsForGitpleChannels) {
  SendMessageRequest r = Text(c_, "");
  r.type = MessageType::kFile;
  r.file = FileInfo{"https://f/x.png", "x.png", "image/png", 10};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(), {a_},
                            false, Dialect::kGitpleLive);
  r.channel = g;
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()), IsOk());
  SendMessageRequest no_file = Text(g, "text but no file");
  no_file.type = MessageType::kFile;
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), no_file, Now()),
              StatusIs(ErrorCode::kInvalidParams));
}

TEST_F(SendTest, MentionsMustBeMembers) {
  SendMessageRequest r = Text(c_, "hey");
  r.mentions = {b_, n_};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kMentionedUserDoesNotExist));
  r.mentions = {b_, UserId(999)};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kMentionedUserDoesNotExist));
  r.mentions = {b_, o_, b_};
  auto m = engine().SendMessage(Actor::User(a_), r, Now());
  ASSERT_THAT(m, IsOk());
  EXPECT_THAT(Get(*m)->mentions, ElementsAre("b", "o"));
}

TEST_F(SendTest, ReplyKeepsParentIdAndSnapshot) {
  SendMessageRequest p = Text(c_, "question");
  p.data = {{"k", "v"}};
  auto parent = engine().SendMessage(Actor::User(a_), p, Now());
  ASSERT_THAT(parent, IsOk());
  Advance(5);
  SendMessageRequest r = Text(c_, "answer");
  r.parent = *parent;
  auto reply = engine().SendMessage(Actor::User(b_), r, Now());
  ASSERT_THAT(reply, IsOk());
  // Edits and deletion of the parent leave the snapshot as it was.
  UpdateMessageRequest edit;
  edit.message = *parent;
  edit.text = "edited";
  BANTER_ASSERT_OK(engine().UpdateMessage(Actor::User(a_), edit, Now()));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(a_), *parent, Now()));
  auto v = Get(*reply);
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->parent_message_id, engine().MessageIdString(*parent));
  ASSERT_TRUE(v->parent.has_value());
  EXPECT_EQ(v->parent->id, engine().MessageIdString(*parent));
  EXPECT_EQ(v->parent->user_id, "a");
  EXPECT_EQ(v->parent->username, "a");
  EXPECT_EQ(v->parent->text, "question");
  EXPECT_EQ(v->parent->data, (Metadata{{"k", "v"}}));
  EXPECT_EQ(v->parent->created_at, Now() - 5);
  // A reply to a reply is fine.
  SendMessageRequest nested = Text(c_, "and?");
  nested.parent = *reply;
  EXPECT_THAT(engine().SendMessage(Actor::User(o_), nested, Now()), IsOk());
}

TEST_F(SendTest, ParentMustBeALiveMessageOfTheChannel) {
  ChannelId other = MakeChannel("other", ChannelType::kPublic, o_, {a_});
  auto elsewhere = SendAs(a_, other, "elsewhere");
  auto gone = SendAs(a_, c_, "gone");
  ASSERT_THAT(elsewhere, IsOk());
  ASSERT_THAT(gone, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), *gone, Now()));
  for (MessageId parent : {*elsewhere, MessageId(c_, 77), *gone}) {
    SendMessageRequest r = Text(c_, "reply");
    r.parent = parent;
    EXPECT_THAT(engine().SendMessage(Actor::User(b_), r, Now()),
                StatusIs(ErrorCode::kParamsBindingError));
  }
}

TEST_F(SendTest, BroadcastMemberCannotReplyToWhatItCannotSee) {
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  auto secret = SendAs(a_, bc, "to the owner");
  ASSERT_THAT(secret, IsOk());
  SendMessageRequest r = Text(bc, "peek");
  r.parent = *secret;
  EXPECT_THAT(engine().SendMessage(Actor::User(b_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(engine().SendMessage(Actor::User(o_), r, Now()), IsOk());
}

TEST_F(SendTest, TranslationTargetsAreValidated) {
  SendMessageRequest r = Text(c_, "hi");
  r.translation_targets = {"ko", ""};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  r.translation_targets = {std::string(17, 'k')};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(SendTest, WithoutTranslatorNothingIsTranslated) {
  SendMessageRequest r = Text(c_, "hi");
  r.translation_targets = {"ko", "ja"};
  auto m = engine().SendMessage(Actor::User(a_), r, Now());
  ASSERT_THAT(m, IsOk());
  EXPECT_THAT(Get(*m)->translations, IsEmpty());
}

TEST_F(SendTest, TranslatorHookFillsTranslations) {
  FakeTranslator tr;
  EngineOptions o = TestOptions();
  o.translator = &tr;
  Reset(o);
  UserId a = User("a");
  ChannelId c = MakeChannel("c", ChannelType::kPublic, a);
  SendMessageRequest r = Text(c, "hi");
  r.translation_targets = {"ko", "xx", "ja"};
  auto m = engine().SendMessage(Actor::User(a), r, Now());
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(tr.calls, 3);
  EXPECT_EQ(Get(*m)->translations, (Metadata{{"ja", "ja:hi"}, {"ko", "ko:hi"}}));
  // On demand, for more languages.
  BANTER_ASSERT_OK(
      engine().TranslateMessage(Actor::User(a), *m, {"fr"}, Now()));
  EXPECT_THAT(Get(*m)->translations, ::testing::Contains(::testing::Pair("fr", "fr:hi")));
}

TEST_F(SendTest, ChecksRunInSpecOrder) {
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, true, Now()));
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_}, 0}, Now()));
  SendMessageRequest r = Text(c_, std::string(9000, 'x'));
  for (int i = 0; i < 11; ++i) r.data["k" + std::to_string(i)] = "v";
  r.mentions = {n_};
  r.parent = MessageId(c_, 42);
  r.translation_targets = {""};
  // Non-member first, then frozen, muted, size, data, mentions, parent,
  // languages.
  EXPECT_THAT(engine().SendMessage(Actor::User(n_), r, Now()),
              StatusIs(ErrorCode::kSenderNotChannelMember));
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kCannotSendMessageInFrozenChannel));
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, false, Now()));
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kMutedInChannel));
  BANTER_ASSERT_OK(
      engine().Unmute(Actor::Admin(), MembersRequest{c_, {a_}}, Now()));
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kMsgSizeLimitExceeded));
  r.text = "ok";
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kInvalidMetaData));
  r.data.clear();
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kMentionedUserDoesNotExist));
  r.mentions.clear();
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  r.parent = MessageId();
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  r.translation_targets.clear();
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, Now()), IsOk());
  // A type the user may not send is refused after the channel, membership,
  // freeze and mute checks (issue #12).
  SendMessageRequest admin_type = r;
  admin_type.type = MessageType::kAdmin;
  EXPECT_THAT(engine().SendMessage(Actor::User(n_), admin_type, Now()),
              StatusIs(ErrorCode::kSenderNotChannelMember));
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), admin_type, Now()),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(SendTest, Issue12AdminTypeFromUserAnswersFreezeAndMuteFirst) {
  SendMessageRequest r = Text(c_, "hi");
  r.type = MessageType::kAdminHidden;
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {b_}, 0}, Now()));
  EXPECT_THAT(engine().SendMessage(Actor::User(b_), r, Now()),
              StatusIs(ErrorCode::kMutedInChannel));
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, true, Now()));
  EXPECT_THAT(engine().SendMessage(Actor::User(b_), r, Now()),
              StatusIs(ErrorCode::kCannotSendMessageInFrozenChannel));
  SendMessageRequest unknown = r;
  unknown.channel = ChannelId(999);
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), unknown, Now()),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(SendTest, FailedSendChangesNothing) {
  ASSERT_THAT(SendAs(a_, c_, "first"), IsOk());
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {b_}, 0}, Now()));
  sink().clear();
  const std::string before = engine().DebugString();
  SendMessageRequest bad_mention = Text(c_, "hi");
  bad_mention.mentions = {n_};
  SendMessageRequest bad_parent = Text(c_, "hi");
  bad_parent.parent = MessageId(c_, 9);
  const Millis later = Now() + 1000;  // a failed call does not move time
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), bad_mention, later),
              StatusIs(ErrorCode::kMentionedUserDoesNotExist));
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), bad_parent, later),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(engine().SendMessage(Actor::User(b_), Text(c_, "x"), later),
              StatusIs(ErrorCode::kMutedInChannel));
  EXPECT_THAT(engine().SendMessage(Actor::User(n_), Text(c_, "x"), later),
              StatusIs(ErrorCode::kSenderNotChannelMember));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(SendTest, SendingReadsTheChannelForTheSender) {
  ASSERT_THAT(SendAs(b_, c_, "one"), IsOk());
  ASSERT_THAT(SendAs(b_, c_, "two"), IsOk());
  EXPECT_EQ(Unread(c_, a_), 2);
  Advance(10);
  ASSERT_THAT(SendAs(a_, c_, "three"), IsOk());
  EXPECT_EQ(Unread(c_, a_), 0);
  EXPECT_EQ(Unread(c_, b_), 1);
  auto member = engine().GetMember(Actor::Admin(), c_, a_);
  ASSERT_THAT(member, IsOk());
  EXPECT_EQ(member->last_sent_at, Now());
  EXPECT_EQ(member->last_read_at, Now());
}

TEST_F(SendTest, SendUpdatesChannelLastMessage) {
  Advance(10);
  auto m = SendAs(a_, c_, "latest");
  ASSERT_THAT(m, IsOk());
  auto ch = engine().GetChannel(Actor::Admin(), c_, UserId());
  ASSERT_THAT(ch, IsOk());
  EXPECT_EQ(ch->last_sent_at, Now());
  ASSERT_TRUE(ch->last_message.has_value());
  EXPECT_EQ(ch->last_message->handle, *m);
  EXPECT_EQ(ch->last_message->text, "latest");
}

TEST_F(SendTest, GitpleSendCountsMessagesAndAdvancesReceipts) {
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(),
                            {a_, b_}, false, Dialect::kGitpleLive);
  Advance(7);
  ASSERT_THAT(SendAs(a_, g, "text"), IsOk());
  SendMessageRequest f = Text(g, "");
  f.type = MessageType::kFile;
  f.file = FileInfo{"https://f/a.pdf", "a.pdf", "application/pdf", 99};
  ASSERT_THAT(engine().SendMessage(Actor::User(a_), f, Now()), IsOk());
  auto ch = engine().GetChannel(Actor::Admin(), g, UserId());
  ASSERT_THAT(ch, IsOk());
  EXPECT_EQ(ch->total_message_count, 2u);
  EXPECT_EQ(ch->total_file_count, 1u);
  auto rows = engine().Receipts(Actor::Admin(), g);
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], (ReceiptRow{"a", Now(), Now(), 0}));
  EXPECT_EQ((*rows)[1], (ReceiptRow{"b", 0, 0, 2}));
}

TEST_F(SendTest, NewMessageUnhidesTheChannel) {
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(b_),
                                      MemberSettingRequest{c_, b_}, true,
                                      Now()));
  auto before = engine().GetChannel(Actor::User(b_), c_, b_);
  ASSERT_THAT(before, IsOk());
  EXPECT_TRUE(before->hidden);
  ASSERT_THAT(SendAs(a_, c_, "wake up"), IsOk());
  auto after = engine().GetChannel(Actor::User(b_), c_, b_);
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->hidden);
}

TEST_F(SendTest, BroadcastMemberMessageUnhidesOnlyForWhoSeesIt) {
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  for (UserId u : {o_, b_}) {
    BANTER_ASSERT_OK(engine().SetHidden(Actor::Admin(),
                                        MemberSettingRequest{bc, u}, true,
                                        Now()));
  }
  ASSERT_THAT(SendAs(a_, bc, "to the owner"), IsOk());
  EXPECT_FALSE(engine().GetChannel(Actor::Admin(), bc, o_)->hidden);
  EXPECT_TRUE(engine().GetChannel(Actor::Admin(), bc, b_)->hidden);
}

TEST_F(SendTest, SequenceNumbersStartAtOnePerChannel) {
  ChannelId other = MakeChannel("other", ChannelType::kPublic, o_, {a_});
  auto m1 = SendAs(a_, c_, "1");
  auto m2 = SendAs(a_, c_, "2");
  auto m3 = SendAs(a_, other, "3");
  ASSERT_THAT(m1, IsOk());
  EXPECT_EQ(*m1, MessageId(c_, 1));
  EXPECT_EQ(*m2, MessageId(c_, 2));
  EXPECT_EQ(*m3, MessageId(other, 1));
}

TEST_F(SendTest, MessageIdsRoundTrip) {
  auto m = SendAs(a_, c_, "hi");
  ASSERT_THAT(m, IsOk());
  const std::string id = engine().MessageIdString(*m);
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(engine().FindMessage(id), *m);
  EXPECT_EQ(Get(*m)->id, id);
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(), {a_},
                            false, Dialect::kGitpleLive);
  auto gm = SendAs(a_, g, "hi");
  ASSERT_THAT(gm, IsOk());
  // GitpleLive ids are the 64-bit value in decimal.
  EXPECT_EQ(engine().MessageIdString(*gm), std::to_string(gm->value()));
  EXPECT_EQ(engine().FindMessage(std::to_string(gm->value())), *gm);
  for (std::string_view bad : {"", "xyz", "0123", "00000000000000000000000",
                               "zzzzzzzzzzzzzzzz"}) {
    EXPECT_FALSE(engine().FindMessage(bad).valid()) << bad;
  }
  // A decimal id of a TalkPlus channel is not an id.
  EXPECT_FALSE(engine().FindMessage(std::to_string(m->value())).valid());
}

}  // namespace
}  // namespace banter::testing
