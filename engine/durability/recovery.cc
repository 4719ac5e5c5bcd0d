// Recovery: snapshot + journal replay, and the state digest used to compare
// engines.
#include <cstdio>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/core/idgen.h"
#include "engine/core/strings.h"

namespace banter {

absl::StatusOr<Engine> Recover(const std::string& snapshot_path,
                               const std::string& journal_path,
                               EngineOptions options,
                               RecoveryReport* report) {
  RecoveryReport local;
  RecoveryReport& r = report != nullptr ? *report : local;
  r = RecoveryReport{};

  // Read the journal first: a journal this build cannot read must stop
  // recovery before anything is built.
  absl::StatusOr<JournalContents> journal = ReadJournalFile(journal_path);
  if (!journal.ok()) return journal.status();
  // Only a torn tail may be dropped; other damage loses acknowledged writes.
  if (journal->damage && !journal->damage->torn) {
    return absl::DataLossError(absl::StrCat(
        journal_path, ": damaged at byte ", journal->damage->offset, " (",
        journal->damage->reason, "); refusing to recover past it"));
  }

  uint32_t epoch = 0;
  absl::StatusOr<Engine> loaded =
      ReadSnapshotFile(snapshot_path, options, &epoch);
  if (!loaded.ok() && !absl::IsNotFound(loaded.status())) {
    return loaded.status();
  }
  r.snapshot_loaded = loaded.ok();
  r.journal_epoch = epoch;
  Engine engine = loaded.ok() ? std::move(*loaded) : Engine(options);

  // Which generation the journal is decides what it means (see Checkpoint).
  const bool empty = journal->entries.empty();
  if (!empty && journal->epoch + 1 == epoch) {
    r.records_skipped = journal->entries.size();
    r.journal_damage = journal->damage;
    return engine;
  }
  if (!empty && journal->epoch != epoch) {
    return absl::FailedPreconditionError(absl::StrCat(
        journal_path, ": journal generation ", journal->epoch,
        " does not continue the snapshot's generation ", epoch));
  }

  for (size_t i = 0; i < journal->entries.size(); ++i) {
    const JournalEntry& entry = journal->entries[i];
    if (!entry.stream.empty()) continue;
    absl::StatusOr<JournalRecord> record = DecodeJournalRecord(entry.body);
    if (!record.ok()) {
      return absl::Status(record.status().code(),
                          absl::StrCat(journal_path, ": record ", i, ": ",
                                       record.status().message()));
    }
    if (absl::Status st = ApplyRecord(engine, *record); !st.ok()) {
      return absl::DataLossError(absl::StrCat(
          journal_path, ": record ", i, " (",
          internal::Sv(CommandName(record->command)),
          ") failed on replay; the journal does not continue this snapshot: ",
          st.message()));
    }
    ++r.records_replayed;
  }
  r.journal_damage = journal->damage;
  return engine;
}

std::string StateDigest(const Engine& engine) {
  const uint64_t h = internal::Fnv1a64(engine.DebugString());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf, 16);
}

}  // namespace banter
