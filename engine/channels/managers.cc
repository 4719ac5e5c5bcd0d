// GitpleLive managers (gitplelive.md §5.6) and the reuse rule (§5.3).
#include <span>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/channels/channel_rules.h"
#include "engine/core/status_macros.h"
#include "engine/handlers.h"
#include "engine/invariants.h"

namespace banter {
namespace {

using internal::ChannelRecord;
using internal::State;

// Shared checks of AddManager / RemoveManager: actor (bots: 1006), channel
// (2003), a GitpleLive channel (1001: TalkPlus has owners, not managers), the
// admin or a manager (1006), target live (3003) and a member (2005).
absl::StatusOr<const ChannelRecord*> ManagerTarget(State& s, const Actor& actor,
                                                   ChannelId c, UserId u) {
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot manage channels");
  }
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, internal::LiveChannel(s, c));
  if (ch->dialect != Dialect::kGitpleLive) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "managers exist on GitpleLive channels only");
  }
  if (!actor.is_admin() && !internal::IsManager(*ch, actor)) {
    return MakeError(ErrorCode::kUnauthorized,
                     "only the admin or a manager may change managers");
  }
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, u).status());
  if (!internal::IsMemberOf(s, c, u)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "a manager must be a member");
  }
  return ch;
}

}  // namespace

absl::Status internal::HandleAddManager(internal::State& s, const Actor& actor,
                                        ChannelId channel, UserId user,
                                        Millis now) {
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          ManagerTarget(s, actor, channel, user));
  if (ch->managers.contains(user)) {
    return MakeError(ErrorCode::kAlreadyManager, "already a manager");
  }
  if (ch->managers.size() >= static_cast<size_t>(s.options.max_managers)) {
    return MakeError(ErrorCode::kManagerLimitExceeded, "too many managers");
  }
  const Millis t = s.Clamp(now);
  s.Tick(t);
  internal::SetManager(s, channel, user, true);
  internal::EmitChannelEvent(s, EventKind::kManagerAdded, channel, t,
                             std::span<const UserId>(&user, 1), ch->members);
  return absl::OkStatus();
}

absl::Status internal::HandleRemoveManager(internal::State& s,
                                           const Actor& actor,
                                           ChannelId channel, UserId user,
                                           Millis now) {
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          ManagerTarget(s, actor, channel, user));
  if (!ch->managers.contains(user)) {
    return MakeError(ErrorCode::kNotManager, "not a manager");
  }
  const Millis t = s.Clamp(now);
  s.Tick(t);
  internal::SetManager(s, channel, user, false);
  internal::EmitChannelEvent(s, EventKind::kManagerRemoved, channel, t,
                             std::span<const UserId>(&user, 1), ch->members);
  return absl::OkStatus();
}

ChannelId Engine::FindReusableChannel(
    const std::vector<UserId>& members) const {
  return internal::FindReusable(*s_, members);
}

ChannelId internal::FindReusable(const internal::State& s,
                                 const std::vector<UserId>& members) {
  const std::vector<UserId> wanted = internal::Dedupe(members);
  if (wanted.empty()) return ChannelId();
  if (s.user(wanted.front()) == nullptr) return ChannelId();
  // Every candidate holds the first requested member, so its channels are
  // the only ones to look at.
  ChannelId best;
  for (const auto& [c, slot] : s.user_channels.of(wanted.front())) {
    const ChannelRecord& ch = s.channels.Record(c);
    // Open channels (GitpleLive super_public) are never reused.
    if (ch.dialect != Dialect::kGitpleLive || IsSuper(ch.type)) continue;
    if (ch.members.size() != wanted.size()) continue;
    // "Nobody outside the set ever joined": once the current members are
    // the set, every former member is an outsider. A requested member who
    // left and came back is not one: AddMember erased it from the history.
    if (!ch.former_members.empty() || ch.ever_had_manager) continue;
    bool same = true;
    for (UserId u : wanted) {
      if (!internal::IsMemberOf(s, c, u)) {
        same = false;
        break;
      }
    }
    // Most recently created wins (handles grow with creation).
    if (same && c > best) best = c;
  }
  return best;
}

}  // namespace banter
