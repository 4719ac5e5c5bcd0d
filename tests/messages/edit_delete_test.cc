// Editing and deleting messages (spec §5.4, §13 #11): who may, validation,
// events, and what a deletion leaves behind.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class EditDeleteTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
    auto m = SendAs(a_, c_, "original");
    ASSERT_THAT(m, IsOk());
    m_ = *m;
    sink().clear();
  }
  absl::Status Edit(const Actor& actor, UpdateMessageRequest r) {
    if (!r.message.valid()) r.message = m_;
    return engine().UpdateMessage(actor, r, Now());
  }
  static UpdateMessageRequest NewText(const std::string& text) {
    UpdateMessageRequest r;
    r.text = text;
    return r;
  }
  MessageView View() {
    auto v = engine().GetMessage(Actor::Admin(), m_, UserId());
    EXPECT_THAT(v, IsOk());
    return v.ok() ? *v : MessageView();
  }
  UserId o_, a_, b_;
  ChannelId c_;
  MessageId m_;  // a's message
};

TEST_F(EditDeleteTest, SenderEditsTextDataAndMentions) {
  Advance(30);
  UpdateMessageRequest r = NewText("edited");
  r.data = Metadata{{"k", "v"}};
  r.mentions = std::vector<UserId>{b_};
  BANTER_ASSERT_OK(Edit(Actor::User(a_), r));
  MessageView v = View();
  EXPECT_EQ(v.text, "edited");
  EXPECT_EQ(v.data, (Metadata{{"k", "v"}}));
  EXPECT_THAT(v.mentions, ElementsAre("b"));
  EXPECT_EQ(v.updated_at, Now());
  EXPECT_EQ(v.created_at, Now() - 30);
  // Unset fields stay.
  BANTER_ASSERT_OK(Edit(Actor::User(a_), NewText("again")));
  EXPECT_EQ(View().data, (Metadata{{"k", "v"}}));
}

TEST_F(EditDeleteTest, AdminEditsAnyMessageOthersCannot) {
  EXPECT_THAT(Edit(Actor::User(b_), NewText("x")),
              StatusIs(ErrorCode::kNotMessageSender));
  EXPECT_THAT(Edit(Actor::User(o_), NewText("x")),
              StatusIs(ErrorCode::kNotMessageSender));
  BotId bot = Bot("helper");
  EXPECT_THAT(Edit(Actor::Bot(bot), NewText("x")),
              StatusIs(ErrorCode::kUnauthorized));
  BANTER_ASSERT_OK(Edit(Actor::Admin(), NewText("by admin")));
  EXPECT_EQ(View().text, "by admin");
  auto notice = SendAdmin(c_, "notice");
  ASSERT_THAT(notice, IsOk());
  UpdateMessageRequest r = NewText("x");
  r.message = *notice;
  EXPECT_THAT(Edit(Actor::User(a_), r), StatusIs(ErrorCode::kNotMessageSender));
}

TEST_F(EditDeleteTest, EditIsValidatedLikeASend) {
  EXPECT_THAT(Edit(Actor::User(a_), NewText(std::string(8193, 'x'))),
              StatusIs(ErrorCode::kMsgSizeLimitExceeded));
  EXPECT_THAT(Edit(Actor::User(a_), NewText("")),
              StatusIs(ErrorCode::kBothMsgTextDataMissing));
  UpdateMessageRequest data;
  data.data = Metadata{};
  for (int i = 0; i < 11; ++i) (*data.data)["k" + std::to_string(i)] = "v";
  EXPECT_THAT(Edit(Actor::User(a_), data), StatusIs(ErrorCode::kInvalidMetaData));
  UserId n = User("n");
  UpdateMessageRequest mentions;
  mentions.mentions = std::vector<UserId>{n};
  EXPECT_THAT(Edit(Actor::User(a_), mentions),
              StatusIs(ErrorCode::kMentionedUserDoesNotExist));
  UpdateMessageRequest unknown = NewText("x");
  unknown.message = MessageId(c_, 40);
  EXPECT_THAT(Edit(Actor::User(a_), unknown),
              StatusIs(ErrorCode::kMessageNotFound));
  // Text may go once data carries the message.
  UpdateMessageRequest swap = NewText("");
  swap.data = Metadata{{"k", "v"}};
  EXPECT_THAT(Edit(Actor::User(a_), swap), IsOk());
}

TEST_F(EditDeleteTest, FailedEditChangesNothing) {
  const std::string before = engine().DebugString();
  EXPECT_THAT(Edit(Actor::User(b_), NewText("x")),
              StatusIs(ErrorCode::kNotMessageSender));
  UpdateMessageRequest r = NewText("fine text");
  r.mentions = std::vector<UserId>{UserId(99)};
  EXPECT_THAT(Edit(Actor::User(a_), r),
              StatusIs(ErrorCode::kMentionedUserDoesNotExist));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
}

// Translates into "<lang>:<text>".
class EchoTranslator : public Translator {
 public:
  std::optional<std::string> Translate(std::string_view text,
                                       std::string_view language) override {
    return std::string(language) + ":" + std::string(text);
  }
};

TEST_F(EditDeleteTest, TranslateAddsLanguagesOnDemand) {
  EchoTranslator tr;
  EngineOptions o = TestOptions();
  o.translator = &tr;
  Reset(o);
  SetUp();
  BANTER_ASSERT_OK(engine().TranslateMessage(Actor::User(b_), m_,
                                             {"ko", "ja"}, Now()));
  EXPECT_EQ(View().translations,
            (Metadata{{"ja", "ja:original"}, {"ko", "ko:original"}}));
  EXPECT_THAT(sink().events(), IsEmpty());
  // Editing can clear them.
  UpdateMessageRequest r;
  r.clear_translations = true;
  BANTER_ASSERT_OK(Edit(Actor::User(a_), r));
  EXPECT_THAT(View().translations, IsEmpty());
}

TEST_F(EditDeleteTest, TranslateErrors) {
  UserId n = User("n");
  BotId bot = Bot("helper");
  EXPECT_THAT(engine().TranslateMessage(Actor::User(a_), MessageId(c_, 9),
                                        {"ko"}, Now()),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(engine().TranslateMessage(Actor::User(n), m_, {"ko"}, Now()),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().TranslateMessage(Actor::Bot(bot), m_, {"ko"}, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().TranslateMessage(Actor::User(a_), m_, {""}, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  auto hidden = SendAs(a_, bc, "to the owner");
  ASSERT_THAT(hidden, IsOk());
  EXPECT_THAT(engine().TranslateMessage(Actor::User(b_), *hidden, {"ko"},
                                        Now()),
              StatusIs(ErrorCode::kMessageNotFound));
  // Without a translator, translating stores nothing.
  BANTER_ASSERT_OK(
      engine().TranslateMessage(Actor::Admin(), m_, {"ko"}, Now()));
  EXPECT_THAT(View().translations, IsEmpty());
}

TEST_F(EditDeleteTest, FailedDeleteChangesNothing) {
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().DeleteMessage(Actor::User(b_), m_, Now() + 9),
              StatusIs(ErrorCode::kNotMessageSender));
  EXPECT_THAT(engine().DeleteMessage(Actor::Admin(), MessageId(c_, 5),
                                     Now() + 9),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(EditDeleteTest, EditTextMustBeUtf8) {
  EXPECT_THAT(Edit(Actor::User(a_), NewText("\xc3")),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(EditDeleteTest, FreezeAndMuteDoNotBlockEditsOrDeletes) {
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, true, Now()));
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_}, 0}, Now()));
  EXPECT_THAT(Edit(Actor::User(a_), NewText("still")), IsOk());
  EXPECT_THAT(engine().DeleteMessage(Actor::User(a_), m_, Now()), IsOk());
}

TEST_F(EditDeleteTest, MessageUpdatedGoesToEveryoneWhoSeesIt) {
  BANTER_ASSERT_OK(Edit(Actor::User(a_), NewText("edited")));
  auto es = sink().Named("messageUpdated");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].message, engine().MessageIdString(m_));
  EXPECT_THAT(es[0].recipients, ElementsAre("a", "b", "o"));
  EXPECT_EQ(es[0].at, Now());
}

TEST_F(EditDeleteTest, SenderOwnerAndAdminDelete) {
  EXPECT_THAT(engine().DeleteMessage(Actor::User(b_), m_, Now()),
              StatusIs(ErrorCode::kNotMessageSender));
  BotId bot = Bot("helper");
  EXPECT_THAT(engine().DeleteMessage(Actor::Bot(bot), m_, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(a_), m_, Now()));
  auto m2 = SendAs(b_, c_, "b's");
  ASSERT_THAT(m2, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(o_), *m2, Now()));
  auto m3 = SendAs(b_, c_, "b's again");
  ASSERT_THAT(m3, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), *m3, Now()));
  EXPECT_THAT(Texts(c_, UserId()), IsEmpty());
  EXPECT_EQ(engine().Stats().messages, 0u);
}

TEST_F(EditDeleteTest, GitpleManagersDeleteAnyMessage) {
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(),
                            {a_, b_}, false, Dialect::kGitpleLive);
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g, b_, Now()));
  auto m = SendAs(a_, g, "hi");
  ASSERT_THAT(m, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(b_), *m, Now()));
}

TEST_F(EditDeleteTest, DeletingTwiceFails) {
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(a_), m_, Now()));
  EXPECT_THAT(engine().DeleteMessage(Actor::User(a_), m_, Now()),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(Edit(Actor::User(a_), NewText("x")),
              StatusIs(ErrorCode::kMessageNotFound));
}

TEST_F(EditDeleteTest, MessageDeletedIsEmittedWhileTheMessageIsReadable) {
  // A sink that renders the message when told it is deleted.
  class RenderingSink : public EventSink {
   public:
    void OnEvent(const Event& e) override {
      if (e.kind != EventKind::kMessageDeleted) return;
      auto v = engine->GetMessage(Actor::Admin(), e.message, UserId());
      text = v.ok() ? v->text : "unreadable";
    }
    const Engine* engine = nullptr;
    std::string text;
  } rendering;
  EngineOptions o = TestOptions();
  o.sink = &rendering;
  Engine e(o);
  rendering.engine = &e;
  auto u = e.CreateUser(Actor::Admin(), CreateUserRequest{.user_id = "u"},
                        Now());
  ASSERT_THAT(u, IsOk());
  CreateChannelRequest cr;
  cr.channel_id = "c";
  cr.type = ChannelType::kPublic;
  cr.owner = u->user;
  auto c = e.CreateChannel(Actor::Admin(), cr, Now());
  ASSERT_THAT(c, IsOk());
  auto m = e.SendMessage(Actor::User(u->user), Text(*c, "last words"), Now());
  ASSERT_THAT(m, IsOk());
  BANTER_ASSERT_OK(e.DeleteMessage(Actor::User(u->user), *m, Now()));
  EXPECT_EQ(rendering.text, "last words");
  EXPECT_THAT(e.GetMessage(Actor::Admin(), *m, UserId()),
              StatusIs(ErrorCode::kMessageNotFound));
}

TEST_F(EditDeleteTest, MessageDeletedGoesToEveryoneWhoSeesIt) {
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(o_), m_, Now()));
  EXPECT_THAT(LastRecipients("messageDeleted"), ElementsAre("a", "b", "o"));
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  auto m = SendAs(a_, bc, "to the owner");
  ASSERT_THAT(m, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(a_), *m, Now()));
  EXPECT_THAT(LastRecipients("messageDeleted"), ElementsAre("a", "o"));
}

TEST_F(EditDeleteTest, EventsSkipMembersWhoJoinedAfterTheMessage) {
  ChannelId h = MakeChannel("h", ChannelType::kPublic, o_, {a_}, true);
  auto m = SendAs(a_, h, "old");
  ASSERT_THAT(m, IsOk());
  Add(h, b_);
  UpdateMessageRequest r = NewText("edited");
  r.message = *m;
  BANTER_ASSERT_OK(engine().UpdateMessage(Actor::User(a_), r, Now()));
  EXPECT_THAT(LastRecipients("messageUpdated"), ElementsAre("a", "o"));
}

TEST_F(EditDeleteTest, DeletionKeepsRepliesAndCounters) {
  SendMessageRequest reply = Text(c_, "reply");
  reply.parent = m_;
  auto r = engine().SendMessage(Actor::User(b_), reply, Now());
  ASSERT_THAT(r, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(a_), m_, Now()));
  auto v = engine().GetMessage(Actor::Admin(), *r, UserId());
  ASSERT_THAT(v, IsOk());
  ASSERT_TRUE(v->parent.has_value());
  EXPECT_EQ(v->parent->text, "original");
  auto ch = engine().GetChannel(Actor::Admin(), c_, UserId());
  ASSERT_THAT(ch, IsOk());
  EXPECT_EQ(ch->total_message_count, 2u);
  EXPECT_EQ(ch->last_message->text, "reply");
}

TEST_F(EditDeleteTest, DeletingTheNewestMessageMovesLastMessageBack) {
  auto newest = SendAs(b_, c_, "newest");
  ASSERT_THAT(newest, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), *newest, Now()));
  auto ch = engine().GetChannel(Actor::Admin(), c_, UserId());
  ASSERT_THAT(ch, IsOk());
  ASSERT_TRUE(ch->last_message.has_value());
  EXPECT_EQ(ch->last_message->text, "original");
}

}  // namespace
}  // namespace banter::testing
