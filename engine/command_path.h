// The command path's shared steps, for Engine::Execute (engine/execute.cc)
// and for the typed methods (engine/methods.cc).
//
// Execute runs a Command: a variant holding a copy of the request. The typed
// methods run the same steps on the request they were given, by reference,
// and build the Command only when it is needed (a journal is attached, or
// the call comes from inside the event sink and must be queued). So the
// typed methods pay no copy of their request and no CommandResult on the
// common path, and both paths do exactly the same steps in the same order:
// journal fence, actor check, handler at the effective time, clock tick,
// invariant check, journal append, then the calls the sink queued.
#ifndef BANTER_ENGINE_COMMAND_PATH_H_
#define BANTER_ENGINE_COMMAND_PATH_H_

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/command.h"
#include "banter/durability.h"
#include "engine/access.h"
#include "engine/durability/journal_hook.h"
#include "engine/invariants.h"
#include "engine/state.h"

namespace banter::internal {

// Runs the calls the event sink queued during the current call (and those
// they queue), reporting each result to the sink. Requires: s.executing.
void RunDeferred(State& s);

// Counts one call of the command with variant index `index` (Calls()).
void CountCall(State& s, size_t index, const absl::Status& status);

// The index of alternative T in Command.
template <typename T, size_t... I>
constexpr size_t CommandIndexImpl(std::index_sequence<I...>) {
  size_t index = 0;
  ((std::is_same_v<T, std::variant_alternative_t<I, Command>> ? index = I
                                                              : index),
   ...);
  return index;
}
template <typename T>
inline constexpr size_t kCommandIndex = CommandIndexImpl<T>(
    std::make_index_sequence<std::variant_size_v<Command>>());

// Marks a call as running (State::executing) for its whole extent.
class ExecutingScope {
 public:
  explicit ExecutingScope(State& s) : s_(s) { s_.executing = true; }
  ~ExecutingScope() { s_.executing = false; }
  ExecutingScope(const ExecutingScope&) = delete;
  ExecutingScope& operator=(const ExecutingScope&) = delete;

 private:
  State& s_;
};

// Holds the events of a call while a journal is attached, and releases them
// when the scope ends: delivered if Commit() was called (the record is
// appended), dropped otherwise (the call failed, or its append did).
class HeldEvents {
 public:
  HeldEvents(State& s, bool hold) : s_(s), hold_(hold) {
    if (hold_) s_.emitter.Hold();
  }
  ~HeldEvents() {
    if (hold_) s_.emitter.Release(committed_);
  }
  void Commit() { committed_ = true; }
  HeldEvents(const HeldEvents&) = delete;
  HeldEvents& operator=(const HeldEvents&) = delete;

 private:
  State& s_;
  bool hold_;
  bool committed_ = false;
};

// The typed path. `handler(effective_now)` returns absl::Status or
// absl::StatusOr<T> (R); `make_command()` returns the Command the call is.
// `queued` is what a call made from inside the sink returns (it is queued).
// Requires: the command needs no Prepare (no clear password).
template <typename Cmd, typename R, typename Handler, typename MakeCommand>
R RunTyped(State& s, const Actor& actor, Millis now, Handler&& handler,
           MakeCommand&& make_command, R queued) {
  if (s.executing) {
    s.deferred.push_back({actor, make_command(), now});
    ++s.counters.deferred;
    return queued;
  }
  ExecutingScope scope(s);
  R result = [&]() -> R {
    JournalSink* journal = s.options.journal;
    if (journal != nullptr) {
      if (absl::Status st = JournalFence(*journal); !st.ok()) return st;
    }
    if (absl::Status st = CheckActor(s, actor); !st.ok()) return st;
    const Millis effective = s.Clamp(now);
    HeldEvents held(s, journal != nullptr);
    R r = handler(effective);
    if (!r.ok()) return r;
    s.Tick(effective);
    PostMutation(s);
    if (journal != nullptr) {
      if (absl::Status st = AppendRecord(*journal, actor, effective,
                                         make_command());
          !st.ok()) {
        return st;
      }
    }
    held.Commit();
    return r;
  }();
  if constexpr (std::is_same_v<R, absl::Status>) {
    CountCall(s, kCommandIndex<Cmd>, result);
  } else {
    CountCall(s, kCommandIndex<Cmd>, result.status());
  }
  if (!s.deferred.empty()) RunDeferred(s);
  return result;
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_COMMAND_PATH_H_
