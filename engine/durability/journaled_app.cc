// Journaling wrappers of the facade's app setters (engine/engine.cc) and of
// AdvanceTime (engine/moderation/expiry.cc).
//
// These cannot fail, so they cannot report a broken journal either: while the
// sink refuses records they change nothing (AdvanceTime returns 0), keeping
// the in-memory state equal to the durable one. A call that changes nothing
// (the same flag again, time that fires no timer and does not move `now`) is
// not journaled: the REST adapter advances every app's clock on every request.
#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/journal_hook.h"
#include "engine/state.h"

namespace banter {

void Engine::SetAppDeactivated(bool deactivated) {
  JournalSink* sink = s_->options.journal;
  if (sink == nullptr) return SetAppDeactivatedImpl(deactivated);
  if (!sink->status().ok() || s_->app_deactivated == deactivated) return;
  SetAppDeactivatedImpl(deactivated);
  // A failure is kept by the sink (status()) and fences later calls.
  (void)internal::AppendRecord(*sink, Actor::Admin(), s_->now,
                               cmd::SetAppDeactivated{deactivated});
}

void Engine::SetAnonymousLoginAllowed(bool allowed) {
  JournalSink* sink = s_->options.journal;
  if (sink == nullptr) return SetAnonymousLoginAllowedImpl(allowed);
  if (!sink->status().ok() ||
      s_->options.anonymous_login_allowed == allowed) {
    return;
  }
  SetAnonymousLoginAllowedImpl(allowed);
  (void)internal::AppendRecord(*sink, Actor::Admin(), s_->now,
                               cmd::SetAnonymousLoginAllowed{allowed});
}

size_t Engine::AdvanceTime(Millis now) {
  JournalSink* sink = s_->options.journal;
  if (sink == nullptr) return AdvanceTimeImpl(now);
  if (!sink->status().ok()) return 0;
  const Millis before = s_->now;
  const size_t pending = s_->timers.size();
  const size_t fired = AdvanceTimeImpl(now);
  if (s_->now != before || s_->timers.size() != pending) {
    (void)internal::AppendRecord(*sink, Actor::Admin(), now,
                                 cmd::AdvanceTime{});
  }
  return fired;
}

}  // namespace banter
