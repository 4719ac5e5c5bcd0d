// The one place a mutating call meets the journal (journaled_*.cc).
//
// Every public mutating Engine method is a thin wrapper:
//
//   absl::Status Engine::Join(const Actor& a, const JoinRequest& r, Millis now) {
//     return internal::Journaled(*s_, a, now, [&] { return JoinImpl(a, r, now); },
//                                [&](const auto&) { return cmd::Join{r}; });
//   }
//
// JoinImpl is the area's implementation. Without a journal the wrapper is one
// branch. With one: a broken sink refuses the call before it runs (so the
// in-memory state never gets ahead of the durable one by more than the call
// that found the sink broken); a successful call appends its record. The
// record is built only after success, so failed calls cost nothing extra.
#ifndef BANTER_ENGINE_DURABILITY_JOURNAL_HOOK_H_
#define BANTER_ENGINE_DURABILITY_JOURNAL_HOOK_H_

#include <string>
#include <type_traits>
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

// Runs `call` (returning absl::Status or absl::StatusOr<T>) and, on success,
// journals `make_command(result)` (the result lets CreateUser find the hash
// it stored).
template <typename Call, typename MakeCommand>
auto Journaled(State& s, const Actor& actor, Millis now, Call&& call,
               MakeCommand&& make_command) -> decltype(call()) {
  JournalSink* sink = s.options.journal;
  if (sink == nullptr) return call();
  if (absl::Status fence = JournalFence(*sink); !fence.ok()) return fence;
  auto result = call();
  if (!result.ok()) return result;
  absl::Status st = AppendRecord(*sink, actor, now, make_command(result));
  if (!st.ok()) return st;
  return result;
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_DURABILITY_JOURNAL_HOOK_H_
