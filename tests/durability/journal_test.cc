// The journal hook and recovery: every successful mutating call appends one
// record, replay rebuilds the same state, snapshot + journal rebuilds the
// latest state, a cut journal recovers its prefix, a broken sink fences the
// engine.
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/state.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/durability/workload.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using testing::BuildRichState;
using testing::DurabilityOptions;
using testing::MemoryJournal;
using testing::ScratchFile;
using testing::StatusIs;

EngineOptions WithJournal(JournalSink* sink) {
  EngineOptions o = DurabilityOptions();
  o.journal = sink;
  return o;
}

Engine Replay(const std::vector<JournalRecord>& records) {
  Engine e(DurabilityOptions());
  for (size_t i = 0; i < records.size(); ++i) {
    absl::Status st = ApplyRecord(e, records[i]);
    EXPECT_TRUE(st.ok()) << "record " << i << " ("
                         << CommandName(records[i].command) << "): " << st;
  }
  return e;
}

TEST(JournalTest, SuccessfulCallAppendsItsRecordAndFailedCallNothing) {
  MemoryJournal journal;
  Engine e(WithJournal(&journal));
  CreateUserRequest r;
  r.user_id = "alice";
  ASSERT_TRUE(e.CreateUser(Actor::Admin(), r, 10).ok());
  EXPECT_THAT(e.CreateUser(Actor::Admin(), r, 11),
              StatusIs(ErrorCode::kUserIdTaken));
  EXPECT_THAT(e.Join(Actor::Admin(), {ChannelId(9), e.FindUser("alice")}, 12),
              StatusIs(ErrorCode::kChannelNotFound));
  ASSERT_EQ(journal.records.size(), 1u);
  EXPECT_EQ(journal.records[0],
            (JournalRecord{Actor::Admin(), 10, cmd::CreateUser{r, ""}}));
  std::string encoded;
  EncodeJournalRecord(journal.records[0], &encoded);
  EXPECT_EQ(journal.encoded()[0], encoded);
}

TEST(JournalTest, RecordsKeepTheEffectiveNowAndActor) {
  MemoryJournal journal;
  Engine e(WithJournal(&journal));
  CreateUserRequest r;
  r.user_id = "alice";
  ASSERT_TRUE(e.CreateUser(Actor::Admin(), r, 100).ok());
  const UserId alice = e.FindUser("alice");
  // Earlier than engine time: clamped by the engine, and recorded clamped,
  // so replay does not depend on clock moves between records.
  BANTER_ASSERT_OK(e.SetUserPush(Actor::User(alice), alice, false, 50));
  ASSERT_EQ(journal.records.size(), 2u);
  EXPECT_EQ(journal.records[1],
            (JournalRecord{Actor::User(alice), 100,
                           cmd::SetUserPush{alice, false}}));
}

TEST(JournalTest, RecordsHoldHashesNeverPasswords) {
  MemoryJournal journal;
  Engine e(WithJournal(&journal));
  CreateUserRequest r;
  r.user_id = "alice";
  r.password = "hunter2-original";
  ASSERT_TRUE(e.CreateUser(Actor::Admin(), r, 1).ok());
  const UserId alice = e.FindUser("alice");
  BANTER_ASSERT_OK(e.ChangePassword(Actor::Admin(), alice, "hunter2-changed", 2));
  ASSERT_TRUE(e.IssueLoginToken(Actor::Admin(), alice, "hunter2-changed", 3).ok());
  ASSERT_EQ(journal.records.size(), 3u);
  for (const std::string& bytes : journal.encoded()) {
    EXPECT_EQ(bytes.find("hunter2"), std::string::npos);
  }
  const auto& created = std::get<cmd::CreateUser>(journal.records[0].command);
  EXPECT_TRUE(created.request.password.empty());
  EXPECT_EQ(created.password_hash.substr(0, 4), "$2b$");
  EXPECT_EQ(std::get<cmd::ChangePassword>(journal.records[1].command)
                .password_hash,
            ::banter::internal::StateOf(e).user(alice)->password_hash);
  // The login records the hash its password was checked against, never the
  // password.
  EXPECT_EQ(journal.records[2].command,
            Command(cmd::IssueLoginToken{
                alice, "",
                ::banter::internal::StateOf(e).user(alice)->password_hash}));
}

TEST(JournalTest, ReplayedPasswordsAndTokensWork) {
  MemoryJournal journal;
  Engine e(WithJournal(&journal));
  Millis now = 1'700'000'000'000;
  BuildRichState(e, &now);
  Engine replayed = Replay(journal.records);
  ASSERT_EQ(replayed.DebugString(), e.DebugString());
  // The real passwords check against the replayed hashes, and both engines
  // issue the same next token.
  const UserId alice = replayed.FindUser("alice");
  absl::StatusOr<std::string> a = e.IssueLoginToken(Actor::Admin(), alice, "secret", now);
  absl::StatusOr<std::string> b =
      replayed.IssueLoginToken(Actor::Admin(), alice, "secret", now);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_THAT(replayed.IssueLoginToken(Actor::Admin(), alice, "wrong", now),
              StatusIs(ErrorCode::kWrongPassword));
}

TEST(JournalTest, ReplayOfRandomWorkloadRebuildsIdenticalState) {
  const uint64_t seed = testing::SeedFromEnv(11);
  SCOPED_TRACE("BANTER_SEED=" + std::to_string(seed));
  MemoryJournal journal;
  Engine e(WithJournal(&journal));
  Millis now = 1'700'000'000'000;
  testing::Workload(seed).Run(e, 3000, &now);
  ASSERT_GT(journal.records.size(), 300u);
  // Through the bytes, as a reader of the file would.
  std::vector<JournalRecord> decoded;
  for (const std::string& bytes : journal.encoded()) {
    absl::StatusOr<JournalRecord> r = DecodeJournalRecord(bytes);
    ASSERT_TRUE(r.ok()) << r.status();
    decoded.push_back(*r);
  }
  EXPECT_EQ(decoded, journal.records);
  Engine replayed = Replay(decoded);
  EXPECT_EQ(StateDigest(replayed), StateDigest(e));
  EXPECT_EQ(replayed.DebugString(), e.DebugString());
}

TEST(JournalTest, SnapshotPlusJournalRecoversTheLatestState) {
  const uint64_t seed = testing::SeedFromEnv(12);
  SCOPED_TRACE("BANTER_SEED=" + std::to_string(seed));
  ScratchFile snap("state.snap");
  ScratchFile log("state.journal");
  auto journal = FileJournal::Open(log.path());
  ASSERT_TRUE(journal.ok()) << journal.status();
  Engine e(WithJournal(journal->get()));
  Millis now = 1'700'000'000'000;
  testing::Workload work(seed);
  work.Run(e, 800, &now);
  const uint64_t before_checkpoint = (*journal)->entries_appended();
  BANTER_ASSERT_OK(Checkpoint(e, snap.path(), **journal));
  work.Run(e, 800, &now);

  RecoveryReport report;
  absl::StatusOr<Engine> recovered =
      Recover(snap.path(), log.path(), DurabilityOptions(), &report);
  ASSERT_TRUE(recovered.ok()) << recovered.status();
  EXPECT_TRUE(report.snapshot_loaded);
  EXPECT_EQ(report.journal_epoch, 1u);
  EXPECT_EQ(report.records_replayed,
            (*journal)->entries_appended() - before_checkpoint);
  EXPECT_FALSE(report.journal_damage.has_value());
  EXPECT_EQ(StateDigest(*recovered), StateDigest(e));
}

// A crash inside Checkpoint, after the snapshot and before the journal
// reset: the old journal's records are in the snapshot and must not be
// applied twice; reopening the journal empties it.
TEST(JournalTest, CrashInsideCheckpointDoesNotReplayTwice) {
  ScratchFile snap("state.snap");
  ScratchFile log("state.journal");
  auto journal = FileJournal::Open(log.path());
  ASSERT_TRUE(journal.ok());
  Engine e(WithJournal(journal->get()));
  Millis now = 1'700'000'000'000;
  BuildRichState(e, &now);
  // Checkpoint's first half only.
  BANTER_ASSERT_OK(WriteSnapshotFile(e, snap.path(), (*journal)->epoch() + 1));
  RecoveryReport report;
  absl::StatusOr<Engine> recovered =
      Recover(snap.path(), log.path(), DurabilityOptions(), &report);
  ASSERT_TRUE(recovered.ok()) << recovered.status();
  EXPECT_EQ(report.records_replayed, 0u);
  EXPECT_EQ(report.records_skipped, (*journal)->entries_appended());
  EXPECT_EQ(recovered->DebugString(), e.DebugString());
  journal->reset();
  auto reopened = FileJournal::Open(log.path(), {.epoch = report.journal_epoch});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_TRUE(ReadJournalFile(log.path())->entries.empty());
}

TEST(JournalTest, JournalOfAnotherGenerationIsRefused) {
  ScratchFile snap("state.snap");
  ScratchFile log("state.journal");
  Engine e(DurabilityOptions());
  BANTER_ASSERT_OK(WriteSnapshotFile(e, snap.path(), 3));
  {
    auto journal = FileJournal::Open(log.path(), {.epoch = 7});
    ASSERT_TRUE(journal.ok());
    std::string bytes;
    EncodeJournalRecord({Actor::Admin(), 1, cmd::AdvanceTime{}}, &bytes);
    BANTER_ASSERT_OK((*journal)->AppendEntry("", bytes));
  }
  EXPECT_EQ(Recover(snap.path(), log.path(), DurabilityOptions()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(JournalTest, CutJournalRecoversEverythingBeforeTheCut) {
  ScratchFile snap("absent.snap");
  ScratchFile log("state.journal");
  MemoryJournal copy;  // the same records, to build the expected state
  {
    auto journal = FileJournal::Open(log.path());
    ASSERT_TRUE(journal.ok());
    Engine e(WithJournal(journal->get()));
    Millis now = 1'700'000'000'000;
    BuildRichState(e, &now);
    absl::StatusOr<JournalContents> written = ReadJournalFile(log.path());
    ASSERT_TRUE(written.ok()) << written.status();
    for (const JournalEntry& entry : written->entries) {
      absl::StatusOr<JournalRecord> record = DecodeJournalRecord(entry.body);
      ASSERT_TRUE(record.ok()) << record.status();
      copy.records.push_back(*record);
    }
  }
  absl::StatusOr<std::string> bytes = ReadWholeFile(log.path());
  ASSERT_TRUE(bytes.ok());
  BANTER_ASSERT_OK(WriteFileAtomically(log.path(), bytes->substr(0, bytes->size() - 5)));

  RecoveryReport report;
  absl::StatusOr<Engine> recovered =
      Recover(snap.path(), log.path(), DurabilityOptions(), &report);
  ASSERT_TRUE(recovered.ok()) << recovered.status();
  EXPECT_FALSE(report.snapshot_loaded);
  ASSERT_TRUE(report.journal_damage.has_value());
  EXPECT_EQ(report.records_replayed, copy.records.size() - 1);
  copy.records.pop_back();
  EXPECT_EQ(recovered->DebugString(), Replay(copy.records).DebugString());
}

TEST(JournalTest, NoFilesRecoverAFreshEngine) {
  ScratchFile snap("absent.snap");
  ScratchFile log("absent.journal");
  RecoveryReport report;
  absl::StatusOr<Engine> r = Recover(snap.path(), log.path(), DurabilityOptions(), &report);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->DebugString(), Engine(DurabilityOptions()).DebugString());
  EXPECT_FALSE(report.snapshot_loaded);
  EXPECT_EQ(report.records_replayed, 0u);
}

TEST(JournalTest, JournalThatDoesNotContinueTheSnapshotIsDataLoss) {
  ScratchFile snap("state.snap");
  ScratchFile log("state.journal");
  Engine empty(DurabilityOptions());
  BANTER_ASSERT_OK(WriteSnapshotFile(empty, snap.path()));
  {
    auto journal = FileJournal::Open(log.path());
    ASSERT_TRUE(journal.ok());
    std::string bytes;
    EncodeJournalRecord({Actor::Admin(), 1, cmd::DeleteChannel{ChannelId(3)}},
                        &bytes);
    BANTER_ASSERT_OK((*journal)->AppendEntry("", bytes));
  }
  absl::StatusOr<Engine> r = Recover(snap.path(), log.path(), DurabilityOptions());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(std::string(r.status().message()).find("record 0 (DeleteChannel)"),
            std::string::npos)
      << r.status();
}

TEST(JournalTest, ReplayDoesNotJournalAgain) {
  MemoryJournal source;
  Engine e(WithJournal(&source));
  Millis now = 1'700'000'000'000;
  BuildRichState(e, &now);
  MemoryJournal target;
  Engine replica(WithJournal(&target));
  for (const JournalRecord& r : source.records) BANTER_ASSERT_OK(ApplyRecord(replica, r));
  EXPECT_TRUE(target.records.empty());
  EXPECT_EQ(replica.options().journal, &target);  // reattached afterwards
  EXPECT_EQ(replica.DebugString(), e.DebugString());
}

TEST(JournalTest, BrokenSinkFencesTheEngine) {
  MemoryJournal journal;
  Engine e(WithJournal(&journal));
  CreateUserRequest r;
  r.user_id = "alice";
  ASSERT_TRUE(e.CreateUser(Actor::Admin(), r, 1).ok());
  const UserId alice = e.FindUser("alice");
  journal.FailWith(absl::UnavailableError("disk full"));
  // Already broken: refused before anything changes.
  const std::string before = e.DebugString();
  absl::Status st = e.SetUserPush(Actor::Admin(), alice, false, 2);
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable) << st;
  EXPECT_NE(std::string(st.message()).find("disk full"), std::string::npos);
  EXPECT_EQ(e.AdvanceTime(10'000'000), 0u);
  e.SetAppDeactivated(true);
  EXPECT_EQ(e.DebugString(), before);
  // Reads keep working.
  EXPECT_TRUE(e.GetUser(Actor::Admin(), alice).ok());
}

// A sink that accepts nothing and says so only when asked to store.
class FailOnAppend : public JournalSink {
 public:
  absl::Status Append(const JournalRecord&, std::string_view) override {
    return absl::UnavailableError("write failed");
  }
};

TEST(JournalTest, AppendFailureIsReportedAsNotDurable) {
  FailOnAppend sink;
  Engine e(WithJournal(&sink));
  CreateUserRequest r;
  r.user_id = "alice";
  absl::StatusOr<CreatedUser> u = e.CreateUser(Actor::Admin(), r, 1);
  EXPECT_EQ(u.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(std::string(u.status().message()).find("not be journaled"),
            std::string::npos)
      << u.status();
}

TEST(JournalTest, TimeThatChangesNothingIsNotJournaled) {
  MemoryJournal journal;
  Engine e(WithJournal(&journal));
  // The clock moving alone changes nothing stored (issue #14: idle and
  // failed requests journal nothing); the next record carries the time.
  e.AdvanceTime(100);
  e.AdvanceTime(100);
  e.AdvanceTime(50);
  e.SetAppDeactivated(false);
  e.SetAnonymousLoginAllowed(true);
  EXPECT_EQ(journal.records.size(), 0u);
  e.SetAnonymousLoginAllowed(false);
  e.SetAppDeactivated(true);
  ASSERT_EQ(journal.records.size(), 2u);
  EXPECT_EQ(journal.records[1].command, Command(cmd::SetAppDeactivated{true}));
  EXPECT_EQ(journal.records[1].now, 100);
  EXPECT_EQ(Replay(journal.records).DebugString(), e.DebugString());
}

TEST(JournalTest, SetJournalAttachesAndDetaches) {
  MemoryJournal journal;
  Engine e(DurabilityOptions());
  SetJournal(e, &journal);
  e.SetAppDeactivated(true);
  SetJournal(e, nullptr);
  e.SetAppDeactivated(false);
  EXPECT_EQ(journal.records.size(), 1u);
}

}  // namespace
}  // namespace banter
