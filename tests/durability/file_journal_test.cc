// FileJournal: entries read back in order under every sync policy; a file cut
// anywhere inside its last frame keeps every complete frame and reports the
// cut; foreign files are refused.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "banter/durability.h"
#include "engine/durability/files.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using testing::ScratchFile;

std::string Body(int i) { return "record-" + std::to_string(i); }

std::string FileBytes(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

void Truncate(const std::string& path, size_t size) {
  ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(size)), 0);
}

std::vector<std::string> Bodies(const JournalContents& c) {
  std::vector<std::string> out;
  for (const JournalEntry& e : c.entries) out.push_back(e.body);
  return out;
}

TEST(FileJournalTest, EntriesReadBackInOrderUnderEveryPolicy) {
  for (SyncPolicy policy :
       {SyncPolicy::kNone, SyncPolicy::kFlushEachRecord,
        SyncPolicy::kFsyncEachRecord, SyncPolicy::kFsyncEveryN}) {
    ScratchFile file("j" + std::to_string(static_cast<int>(policy)));
    {
      absl::StatusOr<std::unique_ptr<FileJournal>> j =
          FileJournal::Open(file.path(), {policy, 3, 64 << 10});
      ASSERT_TRUE(j.ok()) << j.status();
      for (int i = 0; i < 10; ++i) BANTER_ASSERT_OK((*j)->AppendEntry("", Body(i)));
      EXPECT_EQ((*j)->entries_appended(), 10u);
    }  // destruction flushes kNone's buffer
    absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_EQ(c->entries.size(), 10u);
    EXPECT_EQ(c->entries[9].body, Body(9));
    EXPECT_FALSE(c->damage.has_value());
    EXPECT_EQ(c->valid_bytes, c->file_bytes);
  }
}

TEST(FileJournalTest, FlushEachRecordIsVisibleBeforeClose) {
  ScratchFile file("j");
  absl::StatusOr<std::unique_ptr<FileJournal>> j = FileJournal::Open(file.path());
  ASSERT_TRUE(j.ok()) << j.status();
  BANTER_ASSERT_OK((*j)->AppendEntry("", Body(1)));
  absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->entries.size(), 1u);
}

TEST(FileJournalTest, BufferedPolicyWritesOnFlush) {
  ScratchFile file("j");
  absl::StatusOr<std::unique_ptr<FileJournal>> j =
      FileJournal::Open(file.path(), {SyncPolicy::kNone, 1, 1 << 20});
  ASSERT_TRUE(j.ok());
  BANTER_ASSERT_OK((*j)->AppendEntry("", Body(1)));
  EXPECT_EQ(ReadJournalFile(file.path())->entries.size(), 0u);
  BANTER_ASSERT_OK((*j)->Flush());
  EXPECT_EQ(ReadJournalFile(file.path())->entries.size(), 1u);
}

TEST(FileJournalTest, MissingFileReadsEmpty) {
  ScratchFile file("absent");
  absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->entries.empty());
  EXPECT_FALSE(c->damage.has_value());
}

// A kill can stop a write anywhere: every cut inside the last frame must
// keep the frames before it and name the cut's start.
TEST(FileJournalTest, CutAnywhereInLastFrameKeepsEverythingBefore) {
  ScratchFile file("j");
  size_t before_last = 0;
  {
    auto j = FileJournal::Open(file.path());
    ASSERT_TRUE(j.ok());
    for (int i = 0; i < 4; ++i) BANTER_ASSERT_OK((*j)->AppendEntry("s", Body(i)));
    before_last = FileBytes(file.path()).size();
    BANTER_ASSERT_OK((*j)->AppendEntry("s", Body(4)));
  }
  const std::string full = FileBytes(file.path());
  for (size_t cut = before_last + 1; cut < full.size(); ++cut) {
    BANTER_ASSERT_OK(WriteFileAtomically(file.path(), full.substr(0, cut)));
    absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
    ASSERT_TRUE(c.ok()) << c.status();
    ASSERT_EQ(c->entries.size(), 4u) << "cut at " << cut;
    ASSERT_TRUE(c->damage.has_value());
    EXPECT_EQ(c->damage->offset, before_last);
    EXPECT_NE(c->damage->reason.find("cut off mid-write"), std::string::npos)
        << c->damage->reason;
    EXPECT_EQ(c->valid_bytes, before_last);
  }
}

TEST(FileJournalTest, CorruptFrameIsReportedAndEndsTheReadablePart) {
  ScratchFile file("j");
  {
    auto j = FileJournal::Open(file.path());
    ASSERT_TRUE(j.ok());
    for (int i = 0; i < 3; ++i) BANTER_ASSERT_OK((*j)->AppendEntry("", Body(i)));
  }
  std::string bytes = FileBytes(file.path());
  bytes[bytes.size() - 2] ^= 1;  // inside the last frame's payload
  BANTER_ASSERT_OK(WriteFileAtomically(file.path(), bytes));
  absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Bodies(*c), (std::vector<std::string>{Body(0), Body(1)}));
  ASSERT_TRUE(c->damage.has_value());
  EXPECT_NE(c->damage->reason.find("checksum"), std::string::npos);
}

TEST(FileJournalTest, OpenTruncatesTheTornTailAndAppendsAfterIt) {
  ScratchFile file("j");
  {
    auto j = FileJournal::Open(file.path());
    ASSERT_TRUE(j.ok());
    for (int i = 0; i < 3; ++i) BANTER_ASSERT_OK((*j)->AppendEntry("", Body(i)));
  }
  const std::string bytes = FileBytes(file.path());
  Truncate(file.path(), bytes.size() - 3);
  {
    auto j = FileJournal::Open(file.path());
    ASSERT_TRUE(j.ok()) << j.status();
    ASSERT_TRUE((*j)->damage().has_value());
    BANTER_ASSERT_OK((*j)->AppendEntry("", Body(9)));
  }
  absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Bodies(*c), (std::vector<std::string>{Body(0), Body(1), Body(9)}));
  EXPECT_FALSE(c->damage.has_value());
}

TEST(FileJournalTest, PartialHeaderIsRewritten) {
  ScratchFile file("j");
  { ASSERT_TRUE(FileJournal::Open(file.path()).ok()); }
  Truncate(file.path(), 5);
  auto j = FileJournal::Open(file.path());
  ASSERT_TRUE(j.ok()) << j.status();
  BANTER_ASSERT_OK((*j)->AppendEntry("", Body(1)));
  EXPECT_EQ(ReadJournalFile(file.path())->entries.size(), 1u);
}

TEST(FileJournalTest, ForeignFileIsRefused) {
  ScratchFile file("j");
  BANTER_ASSERT_OK(WriteFileAtomically(file.path(), "definitely not a journal"));
  EXPECT_EQ(ReadJournalFile(file.path()).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(FileJournal::Open(file.path()).status().code(),
            absl::StatusCode::kDataLoss);
  // Refused means untouched.
  EXPECT_EQ(FileBytes(file.path()), "definitely not a journal");
}

TEST(FileJournalTest, NewerFileFormatIsFailedPrecondition) {
  ScratchFile file("j");
  { ASSERT_TRUE(FileJournal::Open(file.path()).ok()); }
  std::string bytes = FileBytes(file.path());
  bytes[8] = static_cast<char>(kJournalFileFormat + 1);
  BANTER_ASSERT_OK(WriteFileAtomically(file.path(), bytes));
  EXPECT_EQ(ReadJournalFile(file.path()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FileJournal::Open(file.path()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(FileJournalTest, ResetEmptiesTheJournal) {
  ScratchFile file("j");
  auto j = FileJournal::Open(file.path());
  ASSERT_TRUE(j.ok());
  BANTER_ASSERT_OK((*j)->AppendEntry("", Body(1)));
  BANTER_ASSERT_OK((*j)->Reset(4));
  EXPECT_EQ((*j)->epoch(), 4u);
  BANTER_ASSERT_OK((*j)->AppendEntry("", Body(2)));
  absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(Bodies(*c), std::vector<std::string>{Body(2)});
  EXPECT_EQ(c->epoch, 4u);
}

TEST(FileJournalTest, OpenEmptiesAJournalOneGenerationBehind) {
  ScratchFile file("j");
  {
    auto j = FileJournal::Open(file.path(), {.epoch = 2});
    ASSERT_TRUE(j.ok());
    BANTER_ASSERT_OK((*j)->AppendEntry("", Body(1)));
  }
  auto j = FileJournal::Open(file.path(), {.epoch = 3});
  ASSERT_TRUE(j.ok()) << j.status();
  absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->entries.empty());
  EXPECT_EQ(c->epoch, 3u);
}

TEST(FileJournalTest, OpenRefusesAnotherGeneration) {
  ScratchFile file("j");
  {
    auto j = FileJournal::Open(file.path(), {.epoch = 5});
    ASSERT_TRUE(j.ok());
    BANTER_ASSERT_OK((*j)->AppendEntry("", Body(1)));
  }
  EXPECT_EQ(FileJournal::Open(file.path(), {.epoch = 2}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FileJournal::Open(file.path(), {.epoch = 7}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadJournalFile(file.path())->entries.size(), 1u);  // untouched
}

TEST(FileJournalTest, StreamSinksTagTheirEntries) {
  ScratchFile file("j");
  auto j = FileJournal::Open(file.path());
  ASSERT_TRUE(j.ok());
  JournalSink* a = (*j)->StreamSink("app:a");
  JournalSink* b = (*j)->StreamSink("app:b");
  EXPECT_EQ((*j)->StreamSink("app:a"), a);
  const JournalRecord record{Actor::Admin(), 1, cmd::AdvanceTime{}};
  BANTER_ASSERT_OK(a->Append(record, "one"));
  BANTER_ASSERT_OK(b->Append(record, "two"));
  BANTER_ASSERT_OK((*j)->Append(record, "three"));
  absl::StatusOr<JournalContents> c = ReadJournalFile(file.path());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->entries, (std::vector<JournalEntry>{
                            {"app:a", "one"}, {"app:b", "two"}, {"", "three"}}));
}

TEST(FileJournalTest, JournalFilesAreNotWorldReadable) {
  ScratchFile file("j");
  ASSERT_TRUE(FileJournal::Open(file.path()).ok());
  struct stat st;
  ASSERT_EQ(::stat(file.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
}

}  // namespace
}  // namespace banter
