// Channel-wide moderation: bans, unbans, mutes, unmutes, mute-all, and the
// banned and muted lists (spec §6.4, §7.3; gitplelive.md §5.7).
//
// Every call validates the whole request at its clamped time before touching
// anything, so a failed call changes nothing (not even `now`); then it ticks
// the clock, applies, and emits. Timed records schedule their expiry in
// State::timers; lifting a record early leaves its timer queued, and the
// expiry code (expiry.cc) skips timers whose record no longer ends at their
// instant.
#include <algorithm>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/core/validate.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/moderation/moderation_ops.h"
#include "engine/users/users.h"
#include "engine/views/views.h"

namespace banter {
namespace {

using internal::ChannelRecord;
using internal::UserList;

constexpr size_t kMaxBanReasonChars = 256;
constexpr int kListDefaultLimit = 50;
constexpr int kListMaxLimit = 100;

// The checks ban, unban, mute and unmute share, in the design's precedence:
// the channel, the actor's standing (`authority`), then each listed user in
// list order: live, then `rule(u, member, *ch)` for the call's own rules.
// Fills `targets` with the list minus duplicates. The actor itself was
// checked by the command path (engine/handlers.h).
//
// Each target is looked up once: StandingOf answers both "live?" and
// "member?" from the dense liveness mirror and the first cache line of the
// user's record, which is what a cold target costs. (Passing the slot on to
// apply would save nothing: a removal must find the user-side entry to
// erase it anyway, and by then the record is in cache.)
template <typename Rule>
absl::StatusOr<const ChannelRecord*> ValidateTargets(
    internal::State& s, const Actor& actor, ChannelId c,
    const UserTargets& users,
    absl::Status (*authority)(const ChannelRecord&, const Actor&),
    UserList& targets, Rule rule) {
  BANTER_RETURN_IF_ERROR(internal::CheckNotBot(actor));
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, internal::LiveChannel(s, c));
  BANTER_RETURN_IF_ERROR(authority(*ch, actor));
  internal::DedupUsers(internal::Span(users), targets);
  if (targets.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "no users given");
  }
  for (UserId u : targets) {
    const internal::Standing standing = internal::StandingOf(s, c, u);
    if (standing == internal::Standing::kNoUser) {
      return MakeError(ErrorCode::kUserNotFound, "user not found");
    }
    BANTER_RETURN_IF_ERROR(
        rule(u, standing == internal::Standing::kMember, *ch));
  }
  return ch;
}

absl::Status NoRule(UserId, bool, const ChannelRecord&) {
  return absl::OkStatus();
}

// Sorts `ids` and keeps the first `limit`; reports whether more followed.
bool PageOf(std::vector<UserId>& ids, int limit) {
  std::sort(ids.begin(), ids.end());
  const auto n = static_cast<size_t>(limit);
  if (ids.size() <= n) return false;
  ids.resize(n);
  return true;
}

}  // namespace

absl::Status internal::HandleBan(internal::State& s, const Actor& actor,
                                 const BanRequest& request, Millis now) {
  const Millis t = s.Clamp(now);
  const ChannelId c = request.channel;
  UserList targets;
  BANTER_ASSIGN_OR_RETURN(
      [[maybe_unused]] const ChannelRecord* ch,
      ValidateTargets(
          s, actor, c, request.users, internal::CheckBanAuthority, targets,
          [&](UserId u, bool member, const ChannelRecord& ch) -> absl::Status {
            // Also covers a user already banned: banned users are never
            // members.
            if (!member) {
              return MakeError(ErrorCode::kBanUserNotMember,
                               "only members can be banned");
            }
            // GitpleLive names self-bans before the owner rule; in TalkPlus
            // channels the only user who may ban is the owner, whom 2016
            // already covers.
            if (ch.dialect == Dialect::kGitpleLive && actor.is_user() &&
                actor.user == u) {
              return MakeError(ErrorCode::kCannotBanSelf,
                               "cannot ban yourself");
            }
            if (u == ch.owner) {
              return MakeError(ErrorCode::kCannotBanOwnerFromChannel,
                               "the channel owner cannot be banned");
            }
            if (ch.dialect == Dialect::kGitpleLive &&
                internal::IsManager(ch, actor) && ch.managers.contains(u)) {
              return MakeError(ErrorCode::kCannotBanManager,
                               "managers cannot ban each other");
            }
            return absl::OkStatus();
          }));
  BANTER_ASSIGN_OR_RETURN(const Millis end,
                          internal::EndAfter(t, request.duration_ms));
  if (!internal::FitsChars(request.reason, kMaxBanReasonChars)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "ban reason longer than 256 characters");
  }

  s.Tick(t);
  for (UserId u : targets) {
    // The owner is never a target, so ownership stays as it is.
    internal::RemoveMember(s, c, u);
    internal::SetBan(s, c, u, internal::BanRecord{t, end, request.reason});
    if (end != 0) {
      s.timers.Schedule({.at = end,
                         .kind = internal::TimerKind::kBanExpiry,
                         .channel = c,
                         .user = u});
    }
  }
  internal::EmitToMembers(s, EventKind::kMemberBanned, c,
                          internal::Span(targets), t);
  if (s.emitter.active()) {
    Event removed;
    removed.kind = EventKind::kChannelRemoved;
    removed.at = t;
    removed.channel = c;
    s.emitter.EmitTo(removed, internal::Span(targets));
  }
  return absl::OkStatus();
}

absl::Status internal::HandleUnban(internal::State& s, const Actor& actor,
                                   const MembersRequest& request, Millis now) {
  const Millis t = s.Clamp(now);
  const ChannelId c = request.channel;
  UserList targets;
  BANTER_ASSIGN_OR_RETURN(
      [[maybe_unused]] const ChannelRecord* ch,
      ValidateTargets(s, actor, c, request.users, internal::CheckBanAuthority,
                      targets, NoRule));

  s.Tick(t);
  // Users not banned at t are ignored. An ended ban not yet expired by
  // AdvanceTime counts as not banned: its record stays for AdvanceTime, which
  // announces the expiry at the ban's own end instant.
  UserList unbanned;
  for (UserId u : targets) {
    if (internal::EraseBanInForce(s, c, u, t)) unbanned.push_back(u);
  }
  if (!unbanned.empty()) {
    internal::EmitToMembers(s, EventKind::kMemberUnbanned, c,
                            internal::Span(unbanned), t);
  }
  return absl::OkStatus();
}

absl::Status internal::HandleMute(internal::State& s, const Actor& actor,
                                  const MuteRequest& request, Millis now) {
  const Millis t = s.Clamp(now);
  const ChannelId c = request.channel;
  UserList targets;
  BANTER_ASSIGN_OR_RETURN(
      [[maybe_unused]] const ChannelRecord* ch,
      ValidateTargets(s, actor, c, request.users, internal::CheckMuteAuthority,
                      targets,
                      [&](UserId u, bool member,
                          const ChannelRecord& ch) -> absl::Status {
                        if (!member) {
                          return MakeError(ErrorCode::kUserNotChannelMember,
                                           "only members can be muted");
                        }
                        if (u == ch.owner) {
                          return MakeError(ErrorCode::kCannotMuteChannelOwner,
                                           "the channel owner cannot be muted");
                        }
                        return absl::OkStatus();
                      }));
  BANTER_ASSIGN_OR_RETURN(
      const Millis end,
      internal::EndAfter(t, request.duration_ms));

  s.Tick(t);
  for (UserId u : targets) {
    internal::MuteUntil(s, c, u, t, end);  // re-muting replaces the end
  }
  internal::EmitToMembers(s, EventKind::kMemberMuted, c,
                          internal::Span(targets), t);
  return absl::OkStatus();
}

absl::Status internal::HandleUnmute(internal::State& s, const Actor& actor,
                                    const MembersRequest& request, Millis now) {
  const Millis t = s.Clamp(now);
  const ChannelId c = request.channel;
  UserList targets;
  BANTER_ASSIGN_OR_RETURN(
      [[maybe_unused]] const ChannelRecord* ch,
      ValidateTargets(
          s, actor, c, request.users, internal::CheckMuteAuthority, targets,
          [](UserId, bool member, const ChannelRecord&) -> absl::Status {
            if (member) return absl::OkStatus();
            return MakeError(ErrorCode::kUserNotChannelMember,
                             "only members can be unmuted");
          }));

  s.Tick(t);
  // As with Unban, an ended mute is left for AdvanceTime to announce.
  UserList unmuted;
  for (UserId u : targets) {
    if (internal::EraseMuteInForce(s, c, u, t)) unmuted.push_back(u);
  }
  if (!unmuted.empty()) {
    internal::EmitToMembers(s, EventKind::kMemberUnmuted, c,
                            internal::Span(unmuted), t);
  }
  return absl::OkStatus();
}

absl::Status internal::HandleMuteAll(internal::State& s, const Actor& actor,
                                     ChannelId channel,
                                     Millis duration_ms, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  BANTER_ASSIGN_OR_RETURN(const Millis end,
                          internal::EndAfter(t, duration_ms));

  s.Tick(t);
  // member_order is already in handle order, which is the event's order.
  std::vector<UserId> muted;
  muted.reserve(ch->member_order.size());
  for (UserId u : ch->member_order) {
    if (u == ch->owner) continue;
    internal::MuteUntil(s, channel, u, t, end);
    muted.push_back(u);
  }
  if (!muted.empty()) {
    internal::EmitToMembers(s, EventKind::kMemberMuted, channel, muted, t);
  }
  return absl::OkStatus();
}

absl::StatusOr<Page<BanView>> Engine::ListBanned(const Actor& actor,
                                                 ChannelId channel,
                                                 UserId after,
                                                 int limit) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckNotBot(actor));
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  BANTER_RETURN_IF_ERROR(internal::CheckBanAuthority(*ch, actor));
  // The ban map is unordered and lists are rare next to sends and joins, so
  // sorting the in-force bans per call beats keeping an ordered index.
  std::vector<UserId> ids;
  for (const auto& [u, ban] : ch->banned) {
    // A deleted user's ban is inert (its handle never comes back, and its
    // name may belong to someone new by now), so it is not listed.
    if (u > after && internal::InForce(ban.end_at, s.now) &&
        s.user(u) != nullptr) {
      ids.push_back(u);
    }
  }
  Page<BanView> page;
  page.has_next = PageOf(
      ids, internal::ClampLimit(limit, kListDefaultLimit, kListMaxLimit));
  page.items.reserve(ids.size());
  for (UserId u : ids) {
    const internal::BanRecord& ban = ch->banned.at(u);
    BanView v;
    // Banned users are not members: only the user fields are meaningful.
    v.member.user = internal::RenderUser(s, u);
    v.start_at = ban.start_at;
    v.end_at = ban.end_at;
    v.reason = ban.reason;
    page.items.push_back(std::move(v));
  }
  return page;
}

absl::StatusOr<Page<MemberView>> Engine::ListMuted(const Actor& actor,
                                                   ChannelId channel,
                                                   UserId after,
                                                   int limit) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckNotBot(actor));
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (actor.is_user() && !internal::SlotOf(s, channel, actor.user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "only members can list muted members");
  }
  std::vector<UserId> ids;
  for (const auto& [u, end] : ch->muted) {
    if (u > after && internal::InForce(end, s.now)) ids.push_back(u);
  }
  Page<MemberView> page;
  page.has_next = PageOf(
      ids, internal::ClampLimit(limit, kListDefaultLimit, kListMaxLimit));
  page.items.reserve(ids.size());
  for (UserId u : ids) {
    page.items.push_back(internal::RenderMember(s, channel, u));
  }
  return page;
}

bool Engine::IsMuted(ChannelId channel, UserId user) const {
  const internal::ChannelRecord* ch = s_->channel(channel);
  return ch != nullptr && internal::IsMutedAt(*ch, user, s_->now);
}

bool Engine::IsBanned(ChannelId channel, UserId user) const {
  const internal::ChannelRecord* ch = s_->channel(channel);
  return ch != nullptr && internal::IsBannedAt(*ch, user, s_->now);
}

}  // namespace banter
