// Journal records: every command survives encode/decode; damaged or foreign
// bytes are refused with the documented status.
#include <string>
#include <utility>
#include <variant>

#include "banter/durability.h"
#include "gtest/gtest.h"

namespace banter {
namespace {

// One record per Command alternative, with fields set where it has any.
template <size_t... I>
std::vector<JournalRecord> OneOfEach(std::index_sequence<I...>) {
  std::vector<JournalRecord> out;
  (out.push_back(JournalRecord{Actor::User(UserId(3)), static_cast<Millis>(1000 + I),
                               Command(std::in_place_index<I>)}),
   ...);
  return out;
}

std::vector<JournalRecord> SampleRecords() {
  std::vector<JournalRecord> out =
      OneOfEach(std::make_index_sequence<std::variant_size_v<Command>>());
  CreateUserRequest user;
  user.user_id = "alice";
  user.username = "Alice";
  user.data = {{"k", "v"}, {"z", ""}};
  user.dialect = Dialect::kGitpleLive;
  out.push_back({Actor::Admin(), 5, cmd::CreateUser{user, "$2b$04$hash"}});
  CreateChannelRequest channel;
  channel.channel_id = "room";
  channel.type = ChannelType::kSuperBroadcast;
  channel.members = {UserId(1), UserId(2)};
  channel.max_member_count = 7;
  out.push_back({Actor::Admin(), 6, cmd::CreateChannel{channel}});
  SendMessageRequest message;
  message.channel = ChannelId(4);
  message.type = MessageType::kFile;
  message.text = std::string("nul\0inside", 10);
  message.file = FileInfo{"u", "n", "t", 99};
  message.mentions = {UserId(9)};
  message.parent = MessageId(ChannelId(4), 17);
  message.translation_targets = {"fr", "de"};
  out.push_back({Actor::Bot(BotId(2)), -1, cmd::SendMessage{message}});
  UpdateChannelRequest update;
  update.channel = ChannelId(1);
  update.owner = UserId(5);
  update.hide_messages_before_join = false;
  out.push_back({Actor::Admin(), 7, cmd::UpdateChannel{update}});
  out.push_back({Actor::Admin(), 8,
                 cmd::SetPushSounds{{ChannelId(1), UserId(2)}, "a", std::nullopt}});
  out.push_back({Actor::Admin(), 9,
                 cmd::RegisterPushToken{UserId(1), PushTokenKind::kPushKit, "d", "t"}});
  return out;
}

TEST(JournalRecordTest, EveryCommandRoundTrips) {
  for (const JournalRecord& record : SampleRecords()) {
    std::string bytes;
    EncodeJournalRecord(record, &bytes);
    absl::StatusOr<JournalRecord> decoded = DecodeJournalRecord(bytes);
    ASSERT_TRUE(decoded.ok()) << CommandName(record.command) << ": "
                              << decoded.status();
    EXPECT_EQ(*decoded, record) << CommandName(record.command);
  }
}

TEST(JournalRecordTest, EncodingIsDeterministicAndAppends) {
  const JournalRecord record = SampleRecords().back();
  std::string a = "prefix", b;
  EncodeJournalRecord(record, &a);
  EncodeJournalRecord(record, &b);
  EXPECT_EQ(a, "prefix" + b);
}

TEST(JournalRecordTest, CommandNameNamesTheMethod) {
  EXPECT_EQ(CommandName(cmd::SendMessage{}), "SendMessage");
  EXPECT_EQ(CommandName(cmd::SetAppDeactivated{}), "SetAppDeactivated");
  EXPECT_EQ(CommandName(cmd::MarkDelivered{}), "MarkDelivered");
}

TEST(JournalRecordTest, EveryTruncationIsDataLoss) {
  for (const JournalRecord& record : SampleRecords()) {
    std::string bytes;
    EncodeJournalRecord(record, &bytes);
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
      EXPECT_EQ(DecodeJournalRecord(bytes.substr(0, cut)).status().code(),
                absl::StatusCode::kDataLoss)
          << CommandName(record.command) << " cut at " << cut;
    }
  }
}

TEST(JournalRecordTest, TrailingBytesAreDataLoss) {
  std::string bytes;
  EncodeJournalRecord(SampleRecords().front(), &bytes);
  EXPECT_EQ(DecodeJournalRecord(bytes + "x").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(JournalRecordTest, NewerFormatIsFailedPrecondition) {
  std::string bytes;
  EncodeJournalRecord(SampleRecords().front(), &bytes);
  bytes[0] = static_cast<char>(kJournalRecordFormat + 1);
  absl::StatusOr<JournalRecord> r = DecodeJournalRecord(bytes);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(r.status().message())
                .find("reads record format " +
                      std::to_string(kJournalRecordFormat)),
            std::string::npos)
      << r.status();
}

TEST(JournalRecordTest, Format2MuteMinutesLoadAsMilliseconds) {
  // Formats 1 and 2 stored mute durations in minutes; the same bytes with
  // format 2 in front must come back as milliseconds.
  const std::vector<Command> commands = {
      cmd::Mute{MuteRequest{ChannelId(3), {UserId(4)}, 5}},
      cmd::PeerMute{PeerMuteRequest{ChannelId(3), UserId(4), {UserId(5)}, 7}},
      cmd::MuteAll{ChannelId(3), 2},
  };
  const std::vector<Millis> want = {5 * 60'000, 7 * 60'000, 2 * 60'000};
  for (size_t i = 0; i < commands.size(); ++i) {
    std::string bytes;
    EncodeJournalRecord(JournalRecord{Actor::Admin(), 10, commands[i]}, &bytes);
    bytes[0] = 2;
    absl::StatusOr<JournalRecord> r = DecodeJournalRecord(bytes);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->format, 2u);
    Millis got = -1;
    if (auto* c = std::get_if<cmd::Mute>(&r->command)) got = c->request.duration_ms;
    if (auto* c = std::get_if<cmd::PeerMute>(&r->command)) {
      got = c->request.duration_ms;
    }
    if (auto* c = std::get_if<cmd::MuteAll>(&r->command)) got = c->duration_ms;
    EXPECT_EQ(got, want[i]) << CommandName(commands[i]);
    // Format 3 bytes are taken as they are.
    bytes[0] = 3;
    r = DecodeJournalRecord(bytes);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->command, commands[i]);
  }
}

// Layout: u32 format | actor (u8 kind, u32 user, u32 bot) | i64 now | u16 tag.
constexpr size_t kActorKindAt = 4;
constexpr size_t kTagAt = 4 + 9 + 8;

TEST(JournalRecordTest, UnknownCommandTagIsDataLoss) {
  std::string bytes;
  EncodeJournalRecord({Actor::Admin(), 1, cmd::AdvanceTime{}}, &bytes);
  ASSERT_EQ(bytes.size(), kTagAt + 2);
  bytes[kTagAt] = static_cast<char>(0xff);
  bytes[kTagAt + 1] = static_cast<char>(0x7f);
  EXPECT_EQ(DecodeJournalRecord(bytes).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(JournalRecordTest, UnknownEnumValueIsDataLoss) {
  std::string bytes;
  EncodeJournalRecord({Actor::Admin(), 1, cmd::AdvanceTime{}}, &bytes);
  bytes[kActorKindAt] = 9;
  EXPECT_EQ(DecodeJournalRecord(bytes).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(JournalRecordTest, HugeLengthIsRefusedWithoutAllocating) {
  std::string bytes;
  EncodeJournalRecord({Actor::Admin(), 1, cmd::Logout{"token"}}, &bytes);
  // The session token's u64 length follows the tag.
  for (size_t i = 0; i < 8; ++i) bytes[kTagAt + 2 + i] = static_cast<char>(0xff);
  absl::StatusOr<JournalRecord> r = DecodeJournalRecord(bytes);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(r.status().message()).find("exceeds"),
            std::string::npos)
      << r.status();
}

TEST(JournalRecordTest, InvalidBoolByteIsDataLoss) {
  std::string bytes;
  EncodeJournalRecord({Actor::Admin(), 1, cmd::SetFrozen{ChannelId(1), true}},
                      &bytes);
  bytes.back() = 2;  // the bool is the last byte
  EXPECT_EQ(DecodeJournalRecord(bytes).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace banter
