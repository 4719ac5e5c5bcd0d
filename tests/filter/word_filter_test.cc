// The word filter as the engine applies it: who may set it, what a request
// may hold, masking and refusal of message text (and names, with
// check_names), the order of its check among the send checks, the journal
// (replay gives the same state) and the snapshot (formats 2 and 3 keep the
// filter; a format 1 image loads with the default filter).
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/archive.h"
#include "engine/durability/files.h"
#include "engine/durability/serialize.h"
#include "engine/state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/durability/older_formats.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using testing::EngineTest;
using testing::IsOk;
using testing::StatusIs;

void AppendU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

WordFilterRequest Words(std::vector<std::string> words,
                        FilterAction action = FilterAction::kMask) {
  WordFilterRequest r;
  r.words = std::move(words);
  r.action = action;
  return r;
}

class WordFilterTest : public EngineTest {
 protected:
  void SetUp() override {
    ann_ = User("ann");
    bob_ = User("bob");
    guild_ = Channel("guild", ChannelType::kPublic, ann_, {bob_});
  }
  std::string StoredText(MessageId m) {
    absl::StatusOr<MessageView> v =
        engine().GetMessage(Actor::Admin(), m, UserId());
    return v.ok() ? v->text : "<" + std::string(v.status().message()) + ">";
  }
  absl::StatusOr<MessageId> SendAs(UserId u, std::string text) {
    SendMessageRequest r;
    r.channel = guild_;
    r.text = std::move(text);
    return engine().SendMessage(Actor::User(u), r, Now());
  }
  UserId ann_, bob_;
  ChannelId guild_;
};

TEST_F(WordFilterTest, OnlyTheAdminSetsOrReadsTheFilter) {
  EXPECT_THAT(engine().SetWordFilter(Actor::User(ann_), Words({"noob"}), Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().GetWordFilter(Actor::User(ann_)),
              StatusIs(ErrorCode::kUnauthorized));
  const BotId bot = Bot("helper");
  EXPECT_THAT(engine().SetWordFilter(Actor::Bot(bot), Words({"noob"}), Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_TRUE(engine().GetWordFilter(Actor::Admin())->words.empty());
}

TEST_F(WordFilterTest, EntriesAreStoredFoldedSortedAndUnique) {
  BANTER_ASSERT_OK(engine().SetWordFilter(
      Actor::Admin(), Words({"Noob", "*GRIEF*", "noob", "camp*"}), Now()));
  absl::StatusOr<WordFilterView> v = engine().GetWordFilter(Actor::Admin());
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->words, ElementsAre("*grief*", "camp*", "noob"));
  EXPECT_EQ(v->action, FilterAction::kMask);
  EXPECT_FALSE(v->check_names);
}

TEST_F(WordFilterTest, MalformedEntriesAreRefusedAndChangeNothing) {
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), Words({"noob"}), Now()));
  const std::string before = engine().DebugString();
  const std::vector<std::string> bad = {
      "",     "*",     "**",  "a*b", "***x", " noob", "noob\t", "no\nob",
      "\xff", std::string(kMaxWordFilterEntryBytes + 1, 'x'),
  };
  for (const std::string& entry : bad) {
    WordFilterRequest r;
    r.add = {"fine", entry};
    EXPECT_THAT(engine().SetWordFilter(Actor::Admin(), r, Now()),
                StatusIs(ErrorCode::kParamsBindingError))
        << "entry '" << entry << "'";
    WordFilterRequest remove;
    remove.remove = {entry};
    EXPECT_THAT(engine().SetWordFilter(Actor::Admin(), remove, Now()),
                StatusIs(ErrorCode::kParamsBindingError));
  }
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(WordFilterTest, MoreThanTheLimitIsRefused) {
  std::vector<std::string> many;
  for (size_t i = 0; i < kMaxWordFilterEntries; ++i) {
    many.push_back("w" + std::to_string(i));
  }
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), Words(many), Now()));
  WordFilterRequest one_more;
  one_more.add = {"straw"};
  EXPECT_THAT(engine().SetWordFilter(Actor::Admin(), one_more, Now()),
              StatusIs(ErrorCode::kWordFilterLimitExceeded));
  // Replacing an entry keeps the count: accepted.
  WordFilterRequest swap;
  swap.add = {"straw"};
  swap.remove = {"w0"};
  BANTER_EXPECT_OK(engine().SetWordFilter(Actor::Admin(), swap, Now()));
  EXPECT_EQ(engine().GetWordFilter(Actor::Admin())->words.size(),
            kMaxWordFilterEntries);
}

TEST_F(WordFilterTest, WordsReplaceThenAddThenRemove) {
  BANTER_ASSERT_OK(
      engine().SetWordFilter(Actor::Admin(), Words({"a", "b"}), Now()));
  WordFilterRequest r;
  r.words = std::vector<std::string>{"c", "d"};
  r.add = {"e", "c"};
  r.remove = {"d", "zzz"};
  r.check_names = true;
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), r, Now()));
  absl::StatusOr<WordFilterView> v = engine().GetWordFilter(Actor::Admin());
  EXPECT_THAT(v->words, ElementsAre("c", "e"));
  EXPECT_EQ(v->action, FilterAction::kMask);  // unset: kept
  EXPECT_TRUE(v->check_names);
}

TEST_F(WordFilterTest, MaskReplacesMatchedCharactersAndMarksTheMessage) {
  BANTER_ASSERT_OK(engine().SetWordFilter(
      Actor::Admin(), Words({"noob", "*grief*"}), Now()));
  sink().clear();
  absl::StatusOr<MessageId> m = SendAs(bob_, "you NOOB, stop griefing");
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(StoredText(*m), "you ****, stop *****ing");
  EXPECT_TRUE(engine().GetMessage(Actor::Admin(), *m, UserId())->filtered);
  // The event goes out as for any message.
  EXPECT_EQ(sink().Named("message").size(), 1u);
  // A clean message is untouched and unmarked.
  absl::StatusOr<MessageId> clean = SendAs(bob_, "noobish but fine");
  ASSERT_THAT(clean, IsOk());
  EXPECT_EQ(StoredText(*clean), "noobish but fine");
  EXPECT_FALSE(engine().GetMessage(Actor::Admin(), *clean, UserId())->filtered);
}

TEST_F(WordFilterTest, RefuseFailsWithProfanityInContentAndStoresNothing) {
  BANTER_ASSERT_OK(engine().SetWordFilter(
      Actor::Admin(), Words({"noob"}, FilterAction::kRefuse), Now()));
  const EngineStats before = engine().Stats();
  sink().clear();
  EXPECT_THAT(SendAs(bob_, "noob!"), StatusIs(ErrorCode::kProfanityInContent));
  EXPECT_EQ(engine().Stats(), before);
  EXPECT_TRUE(sink().events().empty());
  BANTER_EXPECT_OK(SendAs(bob_, "good game"));
}

TEST_F(WordFilterTest, TheFilterComesAfterEveryOtherSendCheck) {
  BANTER_ASSERT_OK(engine().SetWordFilter(
      Actor::Admin(), Words({"noob"}, FilterAction::kRefuse), Now()));
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{guild_, {bob_}, 0}, Now()));
  EXPECT_THAT(SendAs(bob_, "noob"), StatusIs(ErrorCode::kMutedInChannel));
  const UserId carol = User("carol");
  EXPECT_THAT(SendAs(carol, "noob"),
              StatusIs(ErrorCode::kSenderNotChannelMember));
  EXPECT_THAT(SendAs(ann_, std::string(9000, 'x') + " noob"),
              StatusIs(ErrorCode::kMsgSizeLimitExceeded));
}

TEST_F(WordFilterTest, AdminAndBotTypesPassUserTypesAsTheAdminDoNot) {
  BANTER_ASSERT_OK(engine().SetWordFilter(
      Actor::Admin(), Words({"noob"}, FilterAction::kRefuse), Now()));
  SendMessageRequest admin;
  admin.channel = guild_;
  admin.text = "noob tournament tonight";
  BANTER_EXPECT_OK(engine().SendMessage(Actor::Admin(), admin, Now()));
  const BotId bot = Bot("quiz");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, guild_, Now()));
  SendMessageRequest b = admin;
  BANTER_EXPECT_OK(engine().SendMessage(Actor::Bot(bot), b, Now()));
  // The admin naming a user sender sends that user's message: filtered.
  SendMessageRequest as_user = admin;
  as_user.sender = bob_;
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), as_user, Now()),
              StatusIs(ErrorCode::kProfanityInContent));
}

TEST_F(WordFilterTest, EditsAreFilteredAndUnmarkedWhenClean) {
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), Words({"noob"}), Now()));
  absl::StatusOr<MessageId> m = SendAs(bob_, "hello");
  ASSERT_THAT(m, IsOk());
  UpdateMessageRequest edit;
  edit.message = *m;
  edit.text = "hello noob";
  BANTER_ASSERT_OK(engine().UpdateMessage(Actor::User(bob_), edit, Now()));
  EXPECT_EQ(StoredText(*m), "hello ****");
  EXPECT_TRUE(engine().GetMessage(Actor::Admin(), *m, UserId())->filtered);
  edit.text = "hello friend";
  BANTER_ASSERT_OK(engine().UpdateMessage(Actor::User(bob_), edit, Now()));
  EXPECT_FALSE(engine().GetMessage(Actor::Admin(), *m, UserId())->filtered);
  BANTER_ASSERT_OK(engine().SetWordFilter(
      Actor::Admin(), Words({"noob"}, FilterAction::kRefuse), Now()));
  edit.text = "noob";
  EXPECT_THAT(engine().UpdateMessage(Actor::User(bob_), edit, Now()),
              StatusIs(ErrorCode::kProfanityInContent));
  EXPECT_EQ(StoredText(*m), "hello friend");
}

TEST_F(WordFilterTest, NamesAreCheckedOnlyWithCheckNamesAndAlwaysRefused) {
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), Words({"noob"}), Now()));
  CreateUserRequest cu;
  cu.user_id = "dave";
  cu.username = "Noob Slayer";
  BANTER_EXPECT_OK(engine().CreateUser(Actor::Admin(), cu, Now()));

  WordFilterRequest on;
  on.check_names = true;
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), on, Now()));
  cu.user_id = "erin";
  // The action is mask, but a name is refused, never masked.
  EXPECT_THAT(engine().CreateUser(Actor::Admin(), cu, Now()),
              StatusIs(ErrorCode::kProfanityInContent));
  UpdateUserRequest uu;
  uu.user = bob_;
  uu.username = "noob";
  EXPECT_THAT(engine().UpdateUser(Actor::User(bob_), uu, Now()),
              StatusIs(ErrorCode::kProfanityInContent));
  CreateChannelRequest cc;
  cc.channel_id = "noobs";  // ids are not names
  cc.type = ChannelType::kPublic;
  cc.name = "NOOB corner";
  EXPECT_THAT(engine().CreateChannel(Actor::User(ann_), cc, Now()),
              StatusIs(ErrorCode::kProfanityInContent));
  cc.name = "quiet corner";
  BANTER_EXPECT_OK(engine().CreateChannel(Actor::User(ann_), cc, Now()));
  UpdateChannelRequest uc;
  uc.channel = guild_;
  uc.name = "noob";
  EXPECT_THAT(engine().UpdateChannel(Actor::User(ann_), uc, Now()),
              StatusIs(ErrorCode::kProfanityInContent));
  engine().SetAnonymousLoginAllowed(true);
  LoginRequest anon;
  anon.user_id = "frank";
  anon.username = "noob";
  EXPECT_THAT(engine().LoginAnonymous(anon, Now()),
              StatusIs(ErrorCode::kProfanityInContent));
}

TEST_F(WordFilterTest, AChangeThatChangesNothingIsNotJournaled) {
  testing::MemoryJournal journal;
  EngineOptions o = testing::TestOptions();
  o.journal = &journal;
  Reset(o);
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), Words({"noob"}), Now()));
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), Words({"NOOB"}), Now()));
  WordFilterRequest nothing;
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), nothing, Now()));
  ASSERT_EQ(journal.records.size(), 1u);
  EXPECT_EQ(CommandName(journal.records[0].command), "SetWordFilter");
}

TEST_F(WordFilterTest, ReplayOfTheJournalGivesTheSameFilterAndTexts) {
  testing::MemoryJournal journal;
  EngineOptions o = testing::TestOptions();
  o.journal = &journal;
  Reset(o);
  const UserId a = User("a"), b = User("b");
  const ChannelId c = Channel("c", ChannelType::kPrivate, a, {b});
  WordFilterRequest r = Words({"*grief*", "noob"});
  r.check_names = true;
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), r, Now()));
  Send(c, b, "griefers are noobs, noob");
  WordFilterRequest refuse;
  refuse.action = FilterAction::kRefuse;
  refuse.remove = {"noob"};
  BANTER_ASSERT_OK(engine().SetWordFilter(Actor::Admin(), refuse, Now()));
  Send(c, a, "noob is fine now");

  // Through the encoded bytes, as a file journal would hold them.
  Engine replay(testing::TestOptions());
  for (const std::string& bytes : journal.encoded()) {
    absl::StatusOr<JournalRecord> rec = DecodeJournalRecord(bytes);
    ASSERT_THAT(rec, IsOk());
    BANTER_ASSERT_OK(ApplyRecord(replay, *rec));
  }
  EXPECT_EQ(replay.DebugString(), engine().DebugString());
  EXPECT_NE(engine().DebugString().find("word_filter action=refuse"),
            std::string::npos);
}

TEST_F(WordFilterTest, AnUnknownActionInARecordIsRefused) {
  JournalRecord rec;
  WordFilterRequest r;
  r.action = static_cast<FilterAction>(7);
  rec.command = cmd::SetWordFilter{r};
  std::string bytes;
  EncodeJournalRecord(rec, &bytes);
  EXPECT_EQ(DecodeJournalRecord(bytes).status().code(),
            absl::StatusCode::kDataLoss);
}

// ---- Snapshots ---------------------------------------------------------------

class WordFilterSnapshotTest : public ::testing::Test {
 protected:
  Millis now_ = 1'700'000'000'000;
};

TEST_F(WordFilterSnapshotTest, SnapshotKeepsTheFilter) {
  Engine e(testing::DurabilityOptions());
  testing::BuildRichState(e, &now_);
  WordFilterRequest r = Words({"noob", "*grief*"}, FilterAction::kRefuse);
  r.check_names = true;
  BANTER_ASSERT_OK(e.SetWordFilter(Actor::Admin(), r, now_));
  const std::string bytes = WriteSnapshot(e);
  absl::StatusOr<Engine> back = ReadSnapshot(bytes, testing::DurabilityOptions());
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->DebugString(), e.DebugString());
  EXPECT_EQ(back->GetWordFilter(Actor::Admin()), e.GetWordFilter(Actor::Admin()));
  EXPECT_EQ(WriteSnapshot(*back), bytes);
}

// A format 2 image is a format 3 image without the moderation tools'
// section at its end: cut it off, and the file must load with its filter.
TEST_F(WordFilterSnapshotTest, FormatTwoImageKeepsTheFilter) {
  Engine e(testing::DurabilityOptions());
  testing::BuildRichState(e, &now_);
  WordFilterRequest r = Words({"noob", "*grief*"}, FilterAction::kRefuse);
  r.check_names = true;
  BANTER_ASSERT_OK(e.SetWordFilter(Actor::Admin(), r, now_));
  const std::string image = WriteSnapshot(e);
  const std::string v2 =
      testing::OlderImage(image, 2, testing::ModerationSection(e));
  absl::StatusOr<Engine> back = ReadSnapshot(v2, testing::DurabilityOptions());
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->DebugString(), e.DebugString());
  EXPECT_EQ(back->GetWordFilter(Actor::Admin()), e.GetWordFilter(Actor::Admin()));
  // Written again, it is the current format.
  EXPECT_EQ(WriteSnapshot(*back), image);
}

// A format 1 image is a format 3 image without the word filter and the
// moderation tools' section at its end: cut them off, and the file must load
// with the default filter.
TEST_F(WordFilterSnapshotTest, FormatOneImageLoadsWithTheDefaultFilter) {
  Engine e(testing::DurabilityOptions());
  testing::BuildRichState(e, &now_);
  const std::string image = WriteSnapshot(e);
  std::string trailer;
  {
    internal::BinOut ar(&trailer);
    ar(std::vector<std::string>(), FilterAction::kMask, false);
  }
  ASSERT_EQ(testing::WordFilterSection(e), trailer);
  const std::string v1 = testing::OlderImage(
      image, 1, trailer + testing::ModerationSection(e));
  absl::StatusOr<Engine> back = ReadSnapshot(v1, testing::DurabilityOptions());
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->DebugString(), e.DebugString());
  EXPECT_TRUE(back->GetWordFilter(Actor::Admin())->words.empty());
  // Written again, it is the current format.
  EXPECT_EQ(WriteSnapshot(*back), image);
}

TEST_F(WordFilterSnapshotTest, ADamagedEntryIsRefused) {
  Engine e(testing::DurabilityOptions());
  BANTER_ASSERT_OK(e.SetWordFilter(Actor::Admin(), Words({"noob"}), now_));
  std::string image = WriteSnapshot(e);
  // "noob" is the last string of the payload; make it "n*ob".
  const size_t at = image.rfind("noob");
  ASSERT_NE(at, std::string::npos);
  image[at + 1] = '*';
  std::string payload = image.substr(24);
  std::string fixed = image.substr(0, 12);
  AppendU32(&fixed, internal::Crc32(payload));
  fixed += image.substr(16);
  EXPECT_EQ(ReadSnapshot(fixed, testing::DurabilityOptions()).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace banter
