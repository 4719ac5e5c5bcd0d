// Who is in a channel: add, remove, join, leave, and the departure every
// removal path shares (DepartMember).
#include <span>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/channels/channel_rules.h"
#include "engine/core/status_macros.h"
#include "engine/core/user_list.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"

namespace banter {
namespace {

using internal::ChannelRecord;
using internal::State;

absl::Status CapacityFor(const ChannelRecord& ch, size_t added) {
  if (ch.max_members >= 0 &&
      ch.members.size() + added > static_cast<size_t>(ch.max_members)) {
    return MakeError(ErrorCode::kMaxChannelMemberCountExceeded,
                     "the channel is full");
  }
  return absl::OkStatus();
}

// kUserNotFound or kAlreadyMember unless `u` is a live user outside `c`.
// Reads no user record: liveness and membership come from the dense tables
// (StandingOf); the block rules that follow come from the owner's record
// (OwnerBlockFor), so the newcomer's record stays cold.
absl::Status CheckNewcomer(const State& s, ChannelId c, UserId u) {
  switch (internal::StandingOf(s, c, u)) {
    case internal::Standing::kNoUser:
      return MakeError(ErrorCode::kUserNotFound, "user not found");
    case internal::Standing::kMember:
      return MakeError(ErrorCode::kAlreadyMember, "already a member");
    case internal::Standing::kOutsider:
      break;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status internal::HandleAddMembers(internal::State& s, const Actor& actor,
                                        const MembersRequest& request,
                                        Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot add members");
  }
  const Millis t = s.Clamp(now);
  const ChannelId c = request.channel;
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, internal::LiveChannel(s, c));
  // Any member may invite (spec §6.1).
  if (actor.is_user() && !internal::IsMemberOf(s, c, actor.user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "only members may add members");
  }
  if (request.users.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "no users to add");
  }
  internal::UserList users;
  internal::DedupUsers(internal::Span(request.users), users);
  const internal::UserRecord* owner = s.user(ch->owner);
  for (UserId u : users) {
    BANTER_RETURN_IF_ERROR(CheckNewcomer(s, c, u));
    if (internal::IsBannedAt(*ch, u, t)) {
      return MakeError(ErrorCode::kCannotAddBannedUser, "user is banned");
    }
    // Block rules bite between the owner and the target only (spec §6.8).
    switch (internal::OwnerBlockFor(owner, u)) {
      case internal::OwnerBlock::kOwnerBlocksUser:
        return MakeError(ErrorCode::kCannotAddBlockedMember,
                         "the owner blocked this user");
      case internal::OwnerBlock::kUserBlocksOwner:
        return MakeError(ErrorCode::kCannotAddMemberWhenBlockedByMember,
                         "this user blocked the owner");
      case internal::OwnerBlock::kNone:
        break;
    }
  }
  BANTER_RETURN_IF_ERROR(CapacityFor(*ch, users.size()));

  for (UserId u : users) internal::ExpireEndedBan(s, c, u, t);
  const size_t prior = ch->members.size();
  for (UserId u : users) internal::AddMember(s, c, u, t);
  s.Tick(t);
  internal::EmitJoined(s, c, t, prior);
  return absl::OkStatus();
}

absl::Status internal::HandleRemoveMembers(internal::State& s,
                                           const Actor& actor,
                                           const MembersRequest& request,
                                           Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot remove members");
  }
  const Millis t = s.Clamp(now);
  const ChannelId c = request.channel;
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, internal::LiveChannel(s, c));
  if (!actor.is_admin() && !internal::IsOwner(*ch, actor)) {
    return MakeError(ErrorCode::kNotChannelOwner,
                     "only the owner may remove members");
  }
  if (request.users.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "no users to remove");
  }
  internal::UserList users;
  internal::DedupUsers(internal::Span(request.users), users);
  for (UserId u : users) {
    // One lookup answers both checks (StandingOf).
    const internal::Standing standing = internal::StandingOf(s, c, u);
    if (standing == internal::Standing::kNoUser) {
      return MakeError(ErrorCode::kUserNotFound, "user not found");
    }
    if (standing != internal::Standing::kMember) {
      return MakeError(ErrorCode::kRemoveUserNotMember, "not a member");
    }
    if (ch->owner == u) {
      return MakeError(ErrorCode::kCannotRemoveChannelOwner,
                       "the owner cannot be removed");
    }
  }
  s.Tick(t);
  for (UserId u : users) internal::DepartMember(s, c, u, t, false);
  return absl::OkStatus();
}

absl::Status internal::HandleJoin(internal::State& s, const Actor& actor,
                                  const JoinRequest& request, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, request.user));
  const Millis t = s.Clamp(now);
  const ChannelId c = request.channel;
  const UserId u = request.user;
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, internal::LiveChannel(s, c));
  BANTER_RETURN_IF_ERROR(CheckNewcomer(s, c, u));
  if (internal::IsBannedAt(*ch, u, t)) {
    return MakeError(ErrorCode::kBannedFromChannel, "banned from the channel");
  }
  // The admin adds anyone anywhere (GitpleLive platform joins); users follow
  // the type table (spec §3).
  if (!actor.is_admin()) {
    if (ch->type == ChannelType::kPrivate) {
      return MakeError(ErrorCode::kCannotJoinPrivateChannel,
                       "private channels are joined by invitation only");
    }
    const bool has_code = request.invitation_code.has_value();
    if (ch->type == ChannelType::kInvitationOnly) {
      if (!has_code || request.invitation_code->empty()) {
        return MakeError(ErrorCode::kInvitationCodeRequired,
                         "an invitation code is required");
      }
      if (*request.invitation_code !=
          s.channels.Profile(request.channel).invitation_code) {
        return MakeError(ErrorCode::kWrongInvitationCode,
                         "wrong invitation code");
      }
    } else if (has_code) {
      return MakeError(ErrorCode::kChannelNotInvitationOnlyType,
                       "the channel takes no invitation code");
    }
  }
  switch (internal::OwnerBlockFor(s.user(ch->owner), u)) {
    case internal::OwnerBlock::kOwnerBlocksUser:
      return MakeError(ErrorCode::kCannotJoinChannelBlockedByOwner,
                       "the owner blocked this user");
    case internal::OwnerBlock::kUserBlocksOwner:
      return MakeError(ErrorCode::kCannotJoinChannelBlockedOwner,
                       "this user blocked the owner");
    case internal::OwnerBlock::kNone:
      break;
  }
  BANTER_RETURN_IF_ERROR(CapacityFor(*ch, 1));

  internal::ExpireEndedBan(s, c, u, t);
  const size_t prior = ch->members.size();
  internal::AddMember(s, c, u, t);
  s.Tick(t);
  internal::EmitJoined(s, c, t, prior);
  return absl::OkStatus();
}

absl::Status internal::HandleLeave(internal::State& s, const Actor& actor,
                                   const LeaveRequest& request, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, request.user));
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::LiveChannel(s, request.channel).status());
  const internal::Standing standing =
      internal::StandingOf(s, request.channel, request.user);
  if (standing == internal::Standing::kNoUser) {
    return MakeError(ErrorCode::kUserNotFound, "user not found");
  }
  if (standing != internal::Standing::kMember) {
    return MakeError(ErrorCode::kUserNotChannelMember, "not a member");
  }
  s.Tick(t);
  internal::DepartMember(s, request.channel, request.user, t,
                         request.delete_channel_if_empty);
  return absl::OkStatus();
}

bool Engine::IsMember(ChannelId channel, UserId user) const {
  return s_->channel(channel) != nullptr &&
         internal::IsMemberOf(*s_, channel, user);
}

}  // namespace banter
