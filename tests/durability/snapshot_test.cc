// Snapshots: a state written and read back is the same state (dump, bytes,
// and behaviour from then on); damaged or foreign files are refused whole.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/files.h"
#include "engine/state.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/durability/workload.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_access.h"

namespace banter {
namespace {

using testing::BuildRichState;
using testing::DurabilityOptions;
using testing::ScratchFile;

class SnapshotTest : public ::testing::Test {
 protected:
  SnapshotTest() : engine_(DurabilityOptions()) {}
  Engine engine_;
  Millis now_ = 1'700'000'000'000;
};

// Offsets in the snapshot header.
constexpr size_t kFormatOffset = 8;
constexpr size_t kCrcOffset = 12;
constexpr size_t kPayloadOffset = 24;

void PutU32(std::string& bytes, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>(v >> (8 * i));
}

TEST_F(SnapshotTest, RichStateRoundTripsToAnIdenticalEngine) {
  BuildRichState(engine_, &now_);
  ASSERT_GT(engine_.Stats().pending_timers, 0u);
  const std::string bytes = WriteSnapshot(engine_);
  absl::StatusOr<Engine> restored = ReadSnapshot(bytes, DurabilityOptions());
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->DebugString(), engine_.DebugString());
  EXPECT_EQ(StateDigest(*restored), StateDigest(engine_));
  EXPECT_EQ(restored->Stats(), engine_.Stats());
  BANTER_EXPECT_OK(restored->CheckInvariants());
}

TEST_F(SnapshotTest, SnapshotBytesAreDeterministic) {
  BuildRichState(engine_, &now_);
  const std::string bytes = WriteSnapshot(engine_);
  EXPECT_EQ(WriteSnapshot(engine_), bytes);
  absl::StatusOr<Engine> restored = ReadSnapshot(bytes, DurabilityOptions());
  ASSERT_TRUE(restored.ok()) << restored.status();
  // The restored engine's hash containers were filled in another order; the
  // bytes must not show it.
  EXPECT_EQ(WriteSnapshot(*restored), bytes);
}

TEST_F(SnapshotTest, EmptyEngineRoundTrips) {
  absl::StatusOr<Engine> restored =
      ReadSnapshot(WriteSnapshot(engine_), DurabilityOptions());
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->DebugString(), engine_.DebugString());
}

// The strongest check: counters no dump shows (id streams, timer order,
// ring capacities) must survive too, or the two engines drift apart later.
TEST_F(SnapshotTest, RestoredEngineBehavesIdenticallyAfterwards) {
  const uint64_t seed = testing::SeedFromEnv(7);
  SCOPED_TRACE("BANTER_SEED=" + std::to_string(seed));
  testing::Workload before(seed);
  before.Run(engine_, 1500, &now_);
  absl::StatusOr<Engine> restored =
      ReadSnapshot(WriteSnapshot(engine_), DurabilityOptions());
  ASSERT_TRUE(restored.ok()) << restored.status();
  ASSERT_EQ(restored->DebugString(), engine_.DebugString());

  Millis now_a = now_, now_b = now_;
  testing::Workload a(seed + 1), b(seed + 1);
  for (int round = 0; round < 10; ++round) {
    a.Run(engine_, 150, &now_a);
    b.Run(*restored, 150, &now_b);
    ASSERT_EQ(restored->DebugString(), engine_.DebugString())
        << "diverged in round " << round;
  }
}

// A log long enough to span several chunks, whose window starts mid-chunk,
// with edits (longer and shorter), deletions, reactions and read points:
// written, read back, and written again to the same bytes, and both engines
// go on the same way (issue #13: the chunked log keeps the format).
TEST_F(SnapshotTest, ChunkedLogRoundTripsWithAWindowStartingMidChunk) {
  EngineOptions o = DurabilityOptions();
  o.history_cap.fill(300);
  Engine e(o);
  const Actor admin = Actor::Admin();
  auto t = [&] { return now_ += 1000; };
  std::vector<UserId> users;
  for (const char* id : {"ann", "ben", "cat"}) {
    CreateUserRequest r;
    r.user_id = id;
    absl::StatusOr<CreatedUser> u = e.CreateUser(admin, r, t());
    ASSERT_TRUE(u.ok()) << u.status();
    users.push_back(u->user);
  }
  CreateChannelRequest cr;
  cr.channel_id = "long";
  cr.type = ChannelType::kPublic;
  cr.owner = users[0];
  cr.members = {users[1], users[2]};
  absl::StatusOr<ChannelId> c = e.CreateChannel(admin, cr, t());
  ASSERT_TRUE(c.ok()) << c.status();
  auto send = [&](Engine& engine, int i, Millis at) {
    SendMessageRequest r;
    r.channel = *c;
    r.sender = users[i % 3];
    r.text = "message " + std::to_string(i) + std::string(i % 23, '.');
    absl::StatusOr<MessageId> m =
        engine.SendMessage(Actor::User(r.sender), r, at);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : MessageId();
  };
  std::vector<MessageId> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(send(e, i, t()));
  for (int i = 710; i < 1000; i += 7) {
    UpdateMessageRequest u;
    u.message = ids[i];
    u.text = i % 2 ? std::string("x") : std::string(200, 'y');
    BANTER_EXPECT_OK(e.UpdateMessage(admin, u, t()));
  }
  for (int i = 705; i < 1000; i += 11) {
    BANTER_EXPECT_OK(e.DeleteMessage(admin, ids[i], t()));
  }
  for (int i = 702; i < 1000; i += 13) {
    if ((i - 705) % 11 == 0) continue;
    BANTER_EXPECT_OK(e.AddReaction(
        Actor::User(users[1]), ReactionRequest{ids[i], users[1], "up"}, t()));
  }
  BANTER_EXPECT_OK(
      e.MarkRead(Actor::User(users[2]), MemberSettingRequest{*c, users[2]}, t()));

  const std::string bytes = WriteSnapshot(e);
  absl::StatusOr<Engine> restored = ReadSnapshot(bytes, o);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->DebugString(), e.DebugString());
  EXPECT_EQ(WriteSnapshot(*restored), bytes);
  BANTER_EXPECT_OK(restored->CheckInvariants());

  Millis at = now_;
  for (int i = 1000; i < 1200; ++i) {
    at += 1000;
    send(e, i, at);
    send(*restored, i, at);
  }
  EXPECT_EQ(restored->DebugString(), e.DebugString());
  EXPECT_EQ(WriteSnapshot(*restored), WriteSnapshot(e));
  BANTER_EXPECT_OK(restored->CheckInvariants());
}

TEST_F(SnapshotTest, SnapshotKeepsItsOwnOptions) {
  EngineOptions o = DurabilityOptions();
  o.seed = 42;
  o.max_managers = 3;
  Engine original(o);
  EngineOptions other = DurabilityOptions();
  other.seed = 7;
  other.max_managers = 9;
  absl::StatusOr<Engine> restored = ReadSnapshot(WriteSnapshot(original), other);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->options().seed, 42u);
  EXPECT_EQ(restored->options().max_managers, 3);
}

TEST_F(SnapshotTest, DifferentTokenSecretIsRefused) {
  EngineOptions other = DurabilityOptions();
  other.token_secret = "another secret";
  absl::StatusOr<Engine> restored = ReadSnapshot(WriteSnapshot(engine_), other);
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kInvalidArgument)
      << restored.status();
}

TEST_F(SnapshotTest, EveryTruncationIsRefused) {
  BuildRichState(engine_, &now_);
  const std::string bytes = WriteSnapshot(engine_);
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + cut / 8) {
    absl::StatusOr<Engine> r =
        ReadSnapshot(std::string_view(bytes).substr(0, cut), DurabilityOptions());
    ASSERT_EQ(r.status().code(), absl::StatusCode::kDataLoss)
        << "cut at " << cut << ": " << r.status();
  }
}

TEST_F(SnapshotTest, FlippedBytesAreRefused) {
  BuildRichState(engine_, &now_);
  const std::string bytes = WriteSnapshot(engine_);
  for (size_t at = kPayloadOffset; at < bytes.size(); at += 1 + at / 16) {
    std::string damaged = bytes;
    damaged[at] ^= 0x20;
    absl::StatusOr<Engine> r = ReadSnapshot(damaged, DurabilityOptions());
    ASSERT_EQ(r.status().code(), absl::StatusCode::kDataLoss)
        << "byte " << at << ": " << r.status();
  }
  std::string bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_EQ(ReadSnapshot(bad_magic, DurabilityOptions()).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReadSnapshot(bytes + "x", DurabilityOptions()).status().code(),
            absl::StatusCode::kDataLoss);
}

// With a valid checksum the decoder itself must still refuse nonsense, and
// must not allocate what a damaged length claims.
TEST_F(SnapshotTest, MalformedPayloadWithValidChecksumIsRefused) {
  BuildRichState(engine_, &now_);
  const std::string bytes = WriteSnapshot(engine_);
  for (size_t at = kPayloadOffset; at < bytes.size(); at += 7) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(0xff);
    PutU32(damaged, kCrcOffset,
           internal::Crc32(std::string_view(damaged).substr(kPayloadOffset)));
    absl::StatusOr<Engine> r = ReadSnapshot(damaged, DurabilityOptions());
    if (r.ok()) {
      // A byte that happens to stay valid (a timestamp, a flag) loads a
      // different but consistent state.
      BANTER_EXPECT_OK(r->CheckInvariants());
    } else {
      ASSERT_TRUE(r.status().code() == absl::StatusCode::kDataLoss ||
                  r.status().code() == absl::StatusCode::kInvalidArgument)
          << "byte " << at << ": " << r.status();
    }
  }
}

TEST_F(SnapshotTest, NewerFormatIsRefusedNamingBothVersions) {
  std::string bytes = WriteSnapshot(engine_);
  PutU32(bytes, kFormatOffset, kSnapshotFormat + 1);
  absl::StatusOr<Engine> r = ReadSnapshot(bytes, DurabilityOptions());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(r.status().message());
  EXPECT_NE(message.find("snapshot format " + std::to_string(kSnapshotFormat + 1)),
            std::string::npos) << message;
  EXPECT_NE(message.find("written by banter " + std::string(kBanterVersion)),
            std::string::npos) << message;
}

// Another build with the same format reads the file: the build version is
// recorded for diagnostics, not compared.
TEST_F(SnapshotTest, OtherBuildWithSameFormatLoads) {
  BuildRichState(engine_, &now_);
  std::string bytes = WriteSnapshot(engine_);
  // The payload starts with the build version string: u64 length, bytes.
  const size_t version_at = kPayloadOffset + 8;
  ASSERT_EQ(bytes.substr(version_at, kBanterVersion.size()), kBanterVersion);
  bytes[version_at] = '9';
  PutU32(bytes, kCrcOffset,
         internal::Crc32(std::string_view(bytes).substr(kPayloadOffset)));
  absl::StatusOr<Engine> r = ReadSnapshot(bytes, DurabilityOptions());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->DebugString(), engine_.DebugString());
}

TEST_F(SnapshotTest, InconsistentStateIsRefused) {
  BuildRichState(engine_, &now_);
  // Break a mirror on purpose: an owner who is not a member.
  internal::ChannelRecord* c = &internal::TestAccess::Channel(
      internal::StateOf(engine_), engine_.FindChannel("pub"));
  c->owner = engine_.FindUser("erin");
  absl::StatusOr<Engine> r =
      ReadSnapshot(WriteSnapshot(engine_), DurabilityOptions());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss) << r.status();
  EXPECT_NE(std::string(r.status().message()).find("inconsistent"),
            std::string::npos);
  c->owner = engine_.FindUser("alice");  // so TearDown-like checks pass
}

TEST_F(SnapshotTest, FileRoundTripReplacesAtomically) {
  ScratchFile file("state.snap");
  BuildRichState(engine_, &now_);
  BANTER_ASSERT_OK(WriteSnapshotFile(engine_, file.path()));
  Engine other(DurabilityOptions());
  BANTER_ASSERT_OK(WriteSnapshotFile(other, file.path()));  // replaces it
  BANTER_ASSERT_OK(WriteSnapshotFile(engine_, file.path()));
  EXPECT_FALSE(std::ifstream(file.path() + ".tmp").good());
  absl::StatusOr<Engine> r = ReadSnapshotFile(file.path(), DurabilityOptions());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->DebugString(), engine_.DebugString());
}

TEST_F(SnapshotTest, MissingFileIsNotFound) {
  ScratchFile file("absent.snap");
  EXPECT_EQ(ReadSnapshotFile(file.path(), DurabilityOptions()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(SnapshotTest, DamagedFileNamesThePath) {
  ScratchFile file("damaged.snap");
  std::string bytes = WriteSnapshot(engine_);
  bytes.resize(bytes.size() - 1);
  BANTER_ASSERT_OK(WriteFileAtomically(file.path(), bytes));
  absl::StatusOr<Engine> r = ReadSnapshotFile(file.path(), DurabilityOptions());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(r.status().message()).find(file.path()),
            std::string::npos);
}

}  // namespace
}  // namespace banter
