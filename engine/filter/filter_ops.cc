// The word filter's operation (SetWordFilter) and its reads.
#include <utility>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/filter/filter_key.h"
#include "engine/handlers.h"
#include "engine/state.h"

namespace banter {

absl::StatusOr<bool> internal::HandleSetWordFilter(internal::State& s,
                                                   const Actor& actor,
                                                   const WordFilterRequest& r,
                                                   Millis now) {
  // The list is app configuration: only the app's REST authority sets it.
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  // Decide: the next filter is built beside the current one, every entry
  // validated, so a refusal leaves the current filter as it was.
  BANTER_ASSIGN_OR_RETURN(internal::WordFilter next, s.word_filter->Updated(r));
  if (next == s.word_filter.get()) return false;  // nothing stored changes
  s.word_filter.Mutable(kFilterKey) = std::move(next);
  s.Tick(s.Clamp(now));
  return true;
}

absl::Status Engine::SetWordFilter(const Actor& actor,
                                   const WordFilterRequest& request,
                                   Millis now) {
  // An admin call, rare and possibly large: the plain Execute path (which
  // journals only a change) is simpler than a typed fast path.
  return Execute(actor, cmd::SetWordFilter{request}, now).status();
}

absl::StatusOr<WordFilterView> Engine::GetWordFilter(
    const Actor& actor) const {
  const internal::State& s = internal::StateOf(*this);
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  return s.word_filter->View();
}

}  // namespace banter
