// Engine::Execute, the one path by which state changes, and Engine::Prepare,
// the slow part of a command that runs before it.
//
// Execute does, once and in this order, what every operation shares: the
// journal fence, Prepare of a command that still holds a clear password, the
// actor check, the operation's handler (engine/handlers.h: its checks, then
// its change and events), the invariant check and the journal append. A
// handler holds only its operation's rule.
//
// Replay (ApplyRecord, engine/durability/journal_record.cc) calls Execute
// with the journal detached: the journal holds prepared commands, so replay
// never hashes and needs no stand-in password.
#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/access.h"
#include "engine/command_path.h"
#include "engine/core/status_macros.h"
#include "engine/durability/journal_hook.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/state.h"
#include "engine/users/user_ops.h"

namespace banter {
namespace {

using internal::State;

template <typename T>
absl::StatusOr<CommandResult> Done(const absl::StatusOr<T>& r,
                                   CommandResult (*make)(const T&)) {
  if (!r.ok()) return r.status();
  return make(*r);
}

absl::StatusOr<CommandResult> Done(const absl::Status& st) {
  if (!st.ok()) return st;
  return CommandResult{};
}

CommandResult FromSession(const Session& session) {
  CommandResult r;
  r.user = session.user;
  r.session_id = session.session_id;
  r.session_token = session.session_token;
  return r;
}

// One call per command: unpacks the command into its handler's arguments
// and packs the handler's answer into a CommandResult.
struct Dispatch {
  State& s;
  const Actor& a;
  Millis now;

  absl::StatusOr<CommandResult> operator()(const cmd::SetAppDeactivated& c) {
    CommandResult r;
    r.changed = s.app_deactivated != c.deactivated;
    s.app_deactivated = c.deactivated;
    return r;
  }
  absl::StatusOr<CommandResult> operator()(
      const cmd::SetAnonymousLoginAllowed& c) {
    CommandResult r;
    r.changed = s.options.anonymous_login_allowed != c.allowed;
    s.options.anonymous_login_allowed = c.allowed;
    return r;
  }
  absl::StatusOr<CommandResult> operator()(const cmd::AdvanceTime&) {
    // Only a timer firing changes stored state. The clock moving alone is
    // not journaled: records carry the effective time of their own call
    // (Execute), so replay does not depend on clock moves between them, and
    // an idle or failed request appends nothing.
    const size_t pending = s.timers.size();
    CommandResult r;
    r.expired = internal::HandleAdvanceTime(s, now);
    r.changed = s.timers.size() != pending;
    return r;
  }
  absl::StatusOr<CommandResult> operator()(const cmd::CreateUser& c) {
    return Done<CreatedUser>(
        internal::HandleCreateUser(s, a, c.request, c.password_hash, now),
        [](const CreatedUser& u) {
          CommandResult r;
          r.user = u.user;
          r.login_token = u.login_token;
          return r;
        });
  }
  absl::StatusOr<CommandResult> operator()(const cmd::IssueLoginToken& c) {
    return Done<std::string>(
        internal::HandleIssueLoginToken(s, a, c.user, c.verified_hash, now),
        [](const std::string& token) {
          CommandResult r;
          r.login_token = token;
          return r;
        });
  }
  absl::StatusOr<CommandResult> operator()(const cmd::LoginWithToken& c) {
    return Done<Session>(internal::HandleLoginWithToken(s, c.request, now),
                         FromSession);
  }
  absl::StatusOr<CommandResult> operator()(const cmd::LoginAnonymous& c) {
    return Done<Session>(internal::HandleLoginAnonymous(s, c.request, now),
                         FromSession);
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Logout& c) {
    return Done(internal::HandleLogout(s, c.session_token, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::UpdateUser& c) {
    return Done(internal::HandleUpdateUser(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::ChangePassword& c) {
    return Done(internal::HandleChangePassword(s, a, c.user, c.password,
                                               c.password_hash, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetUserActive& c) {
    return Done(internal::HandleSetUserActive(s, a, c.user, c.active, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::DeleteUser& c) {
    return Done(internal::HandleDeleteUser(s, a, c.user, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetUserPush& c) {
    return Done(internal::HandleSetUserPush(s, a, c.user, c.enabled, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::RegisterPushToken& c) {
    return Done(internal::HandleRegisterPushToken(s, a, c.user, c.kind,
                                                  c.device_id, c.token, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Block& c) {
    return Done(internal::HandleBlock(s, a, c.blocker, c.target, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Unblock& c) {
    return Done(internal::HandleUnblock(s, a, c.blocker, c.target, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::CreateChannel& c) {
    return Done<ChannelId>(internal::HandleCreateChannel(s, a, c.request, now),
                           [](const ChannelId& id) {
                             CommandResult r;
                             r.channel = id;
                             return r;
                           });
  }
  absl::StatusOr<CommandResult> operator()(const cmd::UpdateChannel& c) {
    return Done(internal::HandleUpdateChannel(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::DeleteChannel& c) {
    return Done(internal::HandleDeleteChannel(s, a, c.channel, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::AddMembers& c) {
    return Done(internal::HandleAddMembers(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::RemoveMembers& c) {
    return Done(internal::HandleRemoveMembers(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Join& c) {
    return Done(internal::HandleJoin(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Leave& c) {
    return Done(internal::HandleLeave(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::TransferOwnership& c) {
    return Done(
        internal::HandleTransferOwnership(s, a, c.channel, c.new_owner, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetFrozen& c) {
    return Done(internal::HandleSetFrozen(s, a, c.channel, c.frozen, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetHidden& c) {
    return Done(internal::HandleSetHidden(s, a, c.member, c.hidden, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::HideAll& c) {
    return Done(internal::HandleHideAll(s, a, c.user, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetChannelPush& c) {
    return Done(internal::HandleSetChannelPush(s, a, c.member, c.enabled, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetPushSounds& c) {
    return Done(internal::HandleSetPushSounds(s, a, c.member, c.sound_aos,
                                              c.sound_ios, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetMemberInfo& c) {
    return Done(
        internal::HandleSetMemberInfo(s, a, c.member, c.member_info, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetPrivateData& c) {
    return Done(
        internal::HandleSetPrivateData(s, a, c.member, c.private_data, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetPrivateTag& c) {
    return Done(
        internal::HandleSetPrivateTag(s, a, c.member, c.private_tag, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::AddManager& c) {
    return Done(internal::HandleAddManager(s, a, c.channel, c.user, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::RemoveManager& c) {
    return Done(internal::HandleRemoveManager(s, a, c.channel, c.user, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Ban& c) {
    return Done(internal::HandleBan(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Unban& c) {
    return Done(internal::HandleUnban(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Mute& c) {
    return Done(internal::HandleMute(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::Unmute& c) {
    return Done(internal::HandleUnmute(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::MuteAll& c) {
    return Done(
        internal::HandleMuteAll(s, a, c.channel, c.duration_ms, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::PeerMute& c) {
    return Done(internal::HandlePeerMute(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::PeerUnmute& c) {
    return Done(internal::HandlePeerUnmute(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::CreateBot& c) {
    return Done<BotId>(internal::HandleCreateBot(s, a, c.request, now),
                       [](const BotId& id) {
                         CommandResult r;
                         r.bot = id;
                         return r;
                       });
  }
  absl::StatusOr<CommandResult> operator()(const cmd::UpdateBot& c) {
    return Done(internal::HandleUpdateBot(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::DeleteBot& c) {
    return Done(internal::HandleDeleteBot(s, a, c.bot, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::BotJoin& c) {
    return Done(internal::HandleBotJoin(s, a, c.bot, c.channel, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::BotLeave& c) {
    return Done(internal::HandleBotLeave(s, a, c.bot, c.channel, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SendMessage& c) {
    return Done<MessageId>(internal::HandleSendMessage(s, a, c.request, now),
                           [](const MessageId& id) {
                             CommandResult r;
                             r.message = id;
                             return r;
                           });
  }
  absl::StatusOr<CommandResult> operator()(const cmd::UpdateMessage& c) {
    return Done(internal::HandleUpdateMessage(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::DeleteMessage& c) {
    return Done(internal::HandleDeleteMessage(s, a, c.message, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::AddReaction& c) {
    return Done(internal::HandleAddReaction(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::RemoveReaction& c) {
    return Done(internal::HandleRemoveReaction(s, a, c.request, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::TranslateMessage& c) {
    return Done(
        internal::HandleTranslateMessage(s, a, c.message, c.languages, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::MarkRead& c) {
    return Done(internal::HandleMarkRead(s, a, c.member, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::MarkAllRead& c) {
    return Done(internal::HandleMarkAllRead(s, a, c.user, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::MarkDelivered& c) {
    return Done(internal::HandleMarkDelivered(s, a, c.member, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetWordFilter& c) {
    absl::StatusOr<bool> changed =
        internal::HandleSetWordFilter(s, a, c.request, now);
    if (!changed.ok()) return changed.status();
    CommandResult r;
    r.changed = *changed;
    return r;
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetSlowMode& c) {
    return Done(
        internal::HandleSetSlowMode(s, a, c.channel, c.interval_ms, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::SetFloodLimit& c) {
    return Done(internal::HandleSetFloodLimit(s, a, c.limit, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::FileReport& c) {
    return Done<ReportId>(internal::HandleFileReport(s, a, c.request, now),
                          [](const ReportId& id) {
                            CommandResult r;
                            r.report = id;
                            return r;
                          });
  }
  absl::StatusOr<CommandResult> operator()(const cmd::ResolveReport& c) {
    return Done(
        internal::HandleResolveReport(s, a, c.report, c.resolution, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::PinMessage& c) {
    return Done(internal::HandlePinMessage(s, a, c.message, now));
  }
  absl::StatusOr<CommandResult> operator()(const cmd::UnpinMessage& c) {
    return Done(internal::HandleUnpinMessage(s, a, c.message, now));
  }
};

// Commands that run without the actor check: the app's own switches (a
// deactivated app must be able to come back) and the clock.
bool SkipsActorCheck(const Command& command) {
  return std::holds_alternative<cmd::SetAppDeactivated>(command) ||
         std::holds_alternative<cmd::SetAnonymousLoginAllowed>(command) ||
         std::holds_alternative<cmd::AdvanceTime>(command);
}


Engine::PrepareInputs InputsOf(const State& s, const Command& command) {
  Engine::PrepareInputs in;
  if (const auto* c = std::get_if<cmd::CreateUser>(&command)) {
    in.user_id = c->request.user_id;
  } else if (const auto* c = std::get_if<cmd::ChangePassword>(&command)) {
    in.user_id = std::string(s.users.names().Name(c->user));
  } else if (const auto* c = std::get_if<cmd::IssueLoginToken>(&command)) {
    if (const internal::UserRecord* u = s.user(c->user)) {
      in.stored_hash = u->password_hash;
    }
  }
  return in;
}

void PrepareFrom(const EngineOptions& o, const Engine::PrepareInputs& in,
                 Command& command) {
  if (auto* c = std::get_if<cmd::CreateUser>(&command)) {
    if (c->request.password.empty()) return;
    c->password_hash =
        internal::HashPassword(o, in.user_id, c->request.password);
    // Left in place when refused, for Execute to answer with its code.
    if (!c->password_hash.empty()) c->request.password.clear();
  } else if (auto* c = std::get_if<cmd::ChangePassword>(&command)) {
    if (c->password.empty()) return;
    c->password_hash = internal::HashPassword(o, in.user_id, c->password);
    if (!c->password_hash.empty()) c->password.clear();
  } else if (auto* c = std::get_if<cmd::IssueLoginToken>(&command)) {
    if (c->password.empty()) return;
    c->verified_hash.clear();
    if (internal::PasswordMatches(in.stored_hash, c->password)) {
      c->verified_hash = in.stored_hash;
    }
    c->password.clear();
  }
}

void PrepareCommand(const State& s, Command& command) {
  if (!NeedsPrepare(command)) return;
  PrepareFrom(s.options, InputsOf(s, command), command);
}

// One command, start to end: every step of Execute but the queue.
absl::StatusOr<CommandResult> ExecuteOne(State& s, const Actor& actor,
                                         const Command& command, Millis now) {
  JournalSink* journal = s.options.journal;
  if (journal != nullptr) {
    BANTER_RETURN_IF_ERROR(internal::JournalFence(*journal));
  }
  // A command that still holds a clear password is prepared here, on the
  // caller's time; embedders that hold a lock call Prepare before taking it.
  const Command* run = &command;
  Command prepared;
  if (NeedsPrepare(command)) {
    prepared = command;
    PrepareCommand(s, prepared);
    run = &prepared;
  }
  if (!SkipsActorCheck(*run)) {
    BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  }
  // The effective time (never before the latest seen) is what the journal
  // records, so replay reaches the same instants even where the clock moved
  // in between without a record.
  const Millis effective = s.Clamp(now);
  internal::HeldEvents held(s, journal != nullptr);
  absl::StatusOr<CommandResult> result =
      std::visit(Dispatch{s, actor, effective}, *run);
  if (!result.ok()) return result;
  if (!result->changed) {
    held.Commit();  // nothing to journal; whatever it emitted is delivered
    return result;
  }
  // A change happens at its effective time, for every command (the app
  // switches included), so a replay's clock reaches the same instant.
  s.Tick(effective);
  internal::PostMutation(s);
  if (journal != nullptr) {
    BANTER_RETURN_IF_ERROR(
        internal::AppendRecord(*journal, actor, effective, *run));
  }
  held.Commit();
  return result;
}

}  // namespace

void Engine::Prepare(Command& command) const { PrepareCommand(*s_, command); }

Engine::PrepareInputs Engine::PrepareInputsOf(const Command& command) const {
  return InputsOf(*s_, command);
}

void Engine::PrepareWith(const EngineOptions& options,
                         const PrepareInputs& inputs, Command& command) {
  PrepareFrom(options, inputs, command);
}

absl::StatusOr<CommandResult> Engine::Execute(const Actor& actor,
                                              const Command& command,
                                              Millis now) {
  State& s = *s_;
  if (s.executing) {
    // Called from inside the event sink: run after the current call, so the
    // event being delivered stays intact and the journal keeps execution
    // order (events.h, "Re-entrancy").
    s.deferred.push_back({actor, command, now});
    ++s.counters.deferred;
    CommandResult queued;
    queued.deferred = true;
    return queued;
  }
  internal::ExecutingScope scope(s);
  absl::StatusOr<CommandResult> result = ExecuteOne(s, actor, command, now);
  internal::CountCall(s, command.index(), result.status());
  if (!s.deferred.empty()) internal::RunDeferred(s);
  return result;
}

namespace internal {

void RunDeferred(State& s) {
  // Calls queued by the sink, including those queued while these run.
  while (!s.deferred.empty()) {
    State::DeferredCall call = std::move(s.deferred.front());
    s.deferred.pop_front();
    absl::StatusOr<CommandResult> r =
        ExecuteOne(s, call.actor, call.command, call.now);
    CountCall(s, call.command.index(), r.status());
    if (s.options.sink != nullptr) {
      s.options.sink->OnDeferredResult(call.actor, call.command, r);
    }
  }
}

void CountCall(State& s, size_t index, const absl::Status& status) {
  if (status.ok()) {
    ++s.counters.succeeded[index];
    return;
  }
  ++s.counters.failed[index];
  const std::optional<ErrorCode> code = ErrorCodeOf(status);
  ++s.counters.failures_by_code[code ? static_cast<uint16_t>(*code) : 0];
}

}  // namespace internal

CallStats Engine::Calls() const {
  const State& s = *s_;
  CallStats out;
  for (size_t i = 0; i < std::variant_size_v<Command>; ++i) {
    if (s.counters.succeeded[i] == 0 && s.counters.failed[i] == 0) continue;
    out.commands.push_back({CommandNameAt(i), s.counters.succeeded[i],
                            s.counters.failed[i]});
  }
  std::sort(out.commands.begin(), out.commands.end(),
            [](const auto& a, const auto& b) { return a.command < b.command; });
  for (const auto& [code, n] : s.counters.failures_by_code) {
    out.failures_by_code.emplace_back(static_cast<ErrorCode>(code), n);
  }
  std::sort(out.failures_by_code.begin(), out.failures_by_code.end());
  out.deferred = s.counters.deferred;
  out.events_delivered = s.emitter.events_delivered();
  out.recipients_delivered = s.emitter.recipients_delivered();
  return out;
}

}  // namespace banter
