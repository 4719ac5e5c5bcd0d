// Where Engine::Execute (engine/execute.cc) meets the journal. Without a
// journal, Execute skips both steps. With one: a broken sink refuses the call
// before it runs (so the in-memory state never gets ahead of the durable one
// by more than the call that found the sink broken); a successful call that
// changed something appends its record. The record is built only after
// success, so failed calls cost nothing extra and journal nothing.
#ifndef BANTER_ENGINE_DURABILITY_JOURNAL_HOOK_H_
#define BANTER_ENGINE_DURABILITY_JOURNAL_HOOK_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "engine/core/strings.h"
#include "engine/state.h"

namespace banter::internal {

// Unavailable while `sink` refuses records.
inline absl::Status JournalFence(const JournalSink& sink) {
  absl::Status st = sink.status();
  if (st.ok()) return st;
  return absl::UnavailableError(
      absl::StrCat("journal unavailable; the engine accepts no changes until "
                   "it is recovered: ",
                   st.message()));
}

// Appends the record of a call that succeeded.
inline absl::Status AppendRecord(JournalSink& sink, const Actor& actor,
                                 Millis now, Command command) {
  JournalRecord record{actor, now, std::move(command)};
  std::string encoded;
  EncodeJournalRecord(record, &encoded);
  absl::Status st = sink.Append(record, encoded);
  if (st.ok()) return st;
  return absl::UnavailableError(
      absl::StrCat("the change was applied but could not be journaled (it "
                   "will be lost on recovery): ",
                   st.message()));
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_DURABILITY_JOURNAL_HOOK_H_
