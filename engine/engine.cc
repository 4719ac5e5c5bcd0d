// The facade's own methods: construction, introspection. Every change of
// state goes through Engine::Execute (engine/execute.cc), which calls the
// areas' handlers (engine/handlers.h); the typed methods are wrappers
// (engine/methods.cc).
#include "banter/engine.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/base/internal/raw_logging.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/core/strings.h"
#include "engine/invariants.h"
#include "engine/state.h"

namespace banter {

Engine::Engine(EngineOptions options)
    : s_(std::make_unique<internal::State>(std::move(options))) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const EngineOptions& Engine::options() const { return s_->options; }

bool Engine::app_deactivated() const { return s_->app_deactivated; }
Millis Engine::now() const { return s_->now; }

absl::Status Engine::CheckInvariants() const {
  BANTER_RETURN_IF_ERROR(internal::CheckUserInvariants(*s_));
  BANTER_RETURN_IF_ERROR(internal::CheckChannelInvariants(*s_));
  BANTER_RETURN_IF_ERROR(internal::CheckModerationInvariants(*s_));
  BANTER_RETURN_IF_ERROR(internal::CheckBotInvariants(*s_));
  BANTER_RETURN_IF_ERROR(internal::CheckMessageInvariants(*s_));
  BANTER_RETURN_IF_ERROR(s_->word_filter->CheckInvariants());
  BANTER_RETURN_IF_ERROR(internal::CheckPinInvariants(*s_));
  BANTER_RETURN_IF_ERROR(internal::CheckSendLimitInvariants(*s_));
  BANTER_RETURN_IF_ERROR(internal::CheckReportInvariants(*s_));
  return absl::OkStatus();
}

std::string Engine::DebugString() const {
  std::string out;
  absl::StrAppend(
      &out, "app deactivated=", s_->app_deactivated ? 1 : 0,
      " anonymous_login=", s_->options.anonymous_login_allowed ? 1 : 0,
      " now=", s_->now, " channel_ids_drawn=", s_->channel_id_random->counter(),
      " tokens_drawn=", s_->token_random->counter(), "\n");
  internal::DumpUsers(*s_, &out);
  internal::DumpBots(*s_, &out);
  internal::DumpChannels(*s_, &out);
  internal::DumpModeration(*s_, &out);
  internal::DumpMessages(*s_, &out);
  s_->word_filter->Dump(&out);
  internal::DumpPins(*s_, &out);
  internal::DumpSendLimits(*s_, &out);
  internal::DumpReports(*s_, &out);
  return out;
}

EngineStats Engine::Stats() const {
  EngineStats st;
  st.users = s_->users.live_count();
  for (uint32_t i = 1; i < s_->channels.size(); ++i) {
    const internal::ChannelRecord& c = s_->channels.Record(ChannelId(i));
    if (!c.live) continue;
    ++st.channels;
    st.memberships += c.members.size();
    st.messages += c.log.stored();
  }
  st.bots = s_->bots.live_count();
  st.pending_timers = s_->timers.size();
  return st;
}

namespace internal {

State& StateOf(Engine& engine) { return *engine.s_; }
const State& StateOf(const Engine& engine) { return *engine.s_; }

void PostMutation(const State& s) {
  if (!s.options.check_invariants) return;
  absl::Status st = CheckUserInvariants(s);
  if (st.ok()) st = CheckChannelInvariants(s);
  if (st.ok()) st = CheckModerationInvariants(s);
  if (st.ok()) st = CheckBotInvariants(s);
  if (st.ok()) st = CheckMessageInvariants(s);
  if (st.ok()) st = s.word_filter->CheckInvariants();
  if (st.ok()) st = CheckPinInvariants(s);
  if (st.ok()) st = CheckSendLimitInvariants(s);
  if (st.ok()) st = CheckReportInvariants(s);
  if (!st.ok()) {
    ABSL_RAW_LOG(FATAL, "%s", std::string(st.message()).c_str());
  }
}

absl::Status Violation(std::string_view invariant, std::string_view detail) {
  return absl::InternalError(
      absl::StrCat("invariant ", Sv(invariant), ": ", Sv(detail)));
}

}  // namespace internal
}  // namespace banter
