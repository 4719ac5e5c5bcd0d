// Channel lifecycle: create (with both dialects' reuse rules), update, delete,
// ownership transfer, freeze, and the name lookups.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "banter/engine.h"
#include "engine/access.h"
#include "engine/channels/channel_rules.h"
#include "engine/channels/channels_key.h"
#include "engine/core/status_macros.h"
#include "engine/core/strings.h"
#include "engine/core/validate.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"

namespace banter {
namespace {

using internal::ChannelRecord;
using internal::State;

constexpr int kGeneratedIdChars = 20;

absl::Status BadField(std::string_view what) {
  return MakeError(ErrorCode::kParamsBindingError,
                   absl::StrCat("invalid ", internal::Sv(what)));
}

// Field checks of a create request that need no lookups.
absl::Status ValidateCreateFields(const CreateChannelRequest& r) {
  if (static_cast<int>(r.type) >= kChannelTypeCount) {
    return BadField("channel type");
  }
  if (r.dialect != Dialect::kTalkPlus && r.dialect != Dialect::kGitpleLive) {
    return BadField("dialect");
  }
  if (!r.channel_id.empty() &&
      !internal::IsValidChannelId(r.channel_id, r.dialect)) {
    return BadField("channel id");
  }
  if (!internal::IsValidChannelName(r.name, r.dialect)) {
    return BadField("channel name");
  }
  if (!internal::FitsChars(r.image_url, internal::kMaxImageUrlChars)) {
    return BadField("image url");
  }
  if (!internal::FitsChars(r.category, internal::kMaxCategoryChars) ||
      !internal::FitsChars(r.subcategory, internal::kMaxCategoryChars)) {
    return BadField("category or subcategory");
  }
  if (!r.subcategory.empty() && r.category.empty()) {
    return BadField("subcategory without category");
  }
  if (!internal::FitsChars(r.invitation_code,
                           internal::kMaxInvitationCodeChars)) {
    return BadField("invitation code");
  }
  if (IsSuper(r.type) && !r.invitation_code.empty()) {
    return BadField("invitation code on a super channel");
  }
  if (r.max_member_count.has_value() &&
      !internal::IsValidMaxMembers(*r.max_member_count, r.type)) {
    return BadField("max member count");
  }
  if (!internal::IsValidMetadata(r.data,
                                 internal::ChannelDataLimits(r.dialect))) {
    return MakeError(ErrorCode::kInvalidMetaData, "invalid channel data");
  }
  if (r.type == ChannelType::kInvitationOnly && r.invitation_code.empty()) {
    return MakeError(ErrorCode::kInvitationCodeCannotBeEmpty,
                     "invitationOnly channels need an invitation code");
  }
  return absl::OkStatus();
}

// True if `ch`'s members are exactly `wanted` (duplicate-free).
bool SameMemberSet(const State& s, ChannelId c,
                   const std::vector<UserId>& wanted) {
  const ChannelRecord& ch = s.channels.Record(c);
  if (ch.members.size() != wanted.size()) return false;
  for (UserId u : wanted) {
    if (!internal::IsMemberOf(s, c, u)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<ChannelId> internal::HandleCreateChannel(
    internal::State& s, const Actor& actor, const CreateChannelRequest& request,
    Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot create channels");
  }
  const Millis t = s.Clamp(now);
  const CreateChannelRequest& r = request;

  BANTER_RETURN_IF_ERROR(ValidateCreateFields(r));
  BANTER_RETURN_IF_ERROR(s.word_filter->CheckName(r.name));
  // A user always owns what it creates; the admin names the owner or none.
  const UserId owner = actor.is_user() ? actor.user : r.owner;
  if (IsBroadcast(r.type) && !owner.valid()) {
    return MakeError(ErrorCode::kInvalidParams,
                     "broadcast channels need an owner");
  }

  // The requested member set: owner first, then the listed users.
  std::vector<UserId> wanted;
  wanted.reserve(r.members.size() + 1);
  if (owner.valid()) wanted.push_back(owner);
  wanted.insert(wanted.end(), r.members.begin(), r.members.end());
  wanted = internal::Dedupe(wanted);

  // Reuse (no events, nothing changes). TalkPlus: same id, private type, same
  // member set. GitpleLive: gitplelive.md §5.3, the id plays no part; open
  // channels (super types) are never reused, so `reuse` creates one anyway.
  if (r.reuse && r.dialect == Dialect::kGitpleLive && !IsSuper(r.type)) {
    ChannelId hit = internal::FindReusable(s, wanted);
    if (hit.valid()) {
      s.Tick(t);
      return hit;
    }
  }
  if (!r.channel_id.empty()) {
    const ChannelId existing = s.channels.names().Find(r.channel_id);
    if (existing.valid()) {
      if (r.reuse && r.dialect == Dialect::kTalkPlus &&
          r.type == ChannelType::kPrivate &&
          s.channels.Record(existing).type == ChannelType::kPrivate) {
        if (!SameMemberSet(s, existing, wanted)) {
          return MakeError(ErrorCode::kReuseChannelMembersDoNotMatch,
                           "existing channel has other members");
        }
        s.Tick(t);
        return existing;
      }
      return MakeError(ErrorCode::kChannelIdAlreadyTaken,
                       "channel id already taken");
    }
  }

  const internal::UserRecord* owner_rec = nullptr;
  if (owner.valid()) {
    owner_rec = s.user(owner);
    if (owner_rec == nullptr) {
      return MakeError(ErrorCode::kChannelOwnerNotFound, "owner not found");
    }
  }
  for (UserId u : wanted) {
    if (owner.valid() && u == owner) continue;
    if (s.user(u) == nullptr) {
      return MakeError(ErrorCode::kUserNotFound, "member not found");
    }
    switch (internal::OwnerBlockFor(owner_rec, u)) {  // ownerless: none
      case internal::OwnerBlock::kOwnerBlocksUser:
        return MakeError(ErrorCode::kCannotCreateChannelWithBlockedMember,
                         "the owner blocked a member");
      case internal::OwnerBlock::kUserBlocksOwner:
        return MakeError(ErrorCode::kCannotCreateChannelWhenBlockedByMember,
                         "a member blocked the owner");
      case internal::OwnerBlock::kNone:
        break;
    }
  }
  const int32_t max = r.max_member_count.value_or(
      IsSuper(r.type) ? internal::kUnlimitedMembers
                      : internal::kMaxNonSuperMembers);
  if (max >= 0 && wanted.size() > static_cast<size_t>(max)) {
    return MakeError(ErrorCode::kMaxChannelMemberCountExceeded,
                     "more members than max member count");
  }
  if (internal::AtQuota(s, s.channels.names().live_names(),
                        s.options.max_channels)) {
    return MakeError(ErrorCode::kChannelQuotaExceeded,
                     absl::StrCat("the app holds its quota of ",
                                  s.options.max_channels, " channels"));
  }

  // Apply. Drawing an id changes the stream's counter, so it happens only
  // once nothing can fail.
  std::string id = r.channel_id;
  if (id.empty()) {
    // 36^20 ids: a collision is astronomically unlikely, but stay correct.
    do {
      id = s.channel_id_random.Mutable(internal::kChannelsKey)
               .Alnum(kGeneratedIdChars);
    } while (s.channels.names().Find(id).valid());
  }
  const ChannelId c = s.channels.MutableNames(internal::kChannelsKey).Add(id);
  BANTER_CHECK(c.value() == s.channels.size());
  s.channels.Append(internal::kChannelsKey);
  internal::ChannelProfile& profile =
      s.channels.Profile(c, internal::kChannelsKey);
  profile.name = r.name;
  profile.image_url = r.image_url;
  profile.invitation_code = r.invitation_code;
  profile.category = r.category;
  profile.subcategory = r.subcategory;
  profile.data = r.data;
  internal::ChannelProps& ch = s.channels.Props(c, internal::kChannelsKey);
  ch.type = r.type;
  ch.dialect = r.dialect;
  ch.hide_messages_before_join = r.hide_messages_before_join;
  ch.max_members = max;
  ch.created_at = t;
  ch.updated_at = t;  // equal to createdAt until the channel changes
  internal::SetOwner(s, c, owner, t);
  for (UserId u : wanted) internal::AddMember(s, c, u, t);
  if (IsPublicListed(r.type)) {
    s.channels.MutablePublicList(internal::kChannelsKey).insert(c);
  }
  s.Tick(t);

  internal::EmitChannelEvent(s, EventKind::kChannelAdded, c, t, {},
                             s.channels.Record(c).members);
  return c;
}

absl::Status internal::HandleUpdateChannel(internal::State& s,
                                           const Actor& actor,
                                           const UpdateChannelRequest& request,
                                           Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot update channels");
  }
  const Millis t = s.Clamp(now);
  const UpdateChannelRequest& r = request;
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, r.channel));
  if (!internal::HasOwnerPowers(*ch, actor) ||
      (r.owner.has_value() && !actor.is_admin())) {
    return MakeError(ErrorCode::kChannelUpdateNotAuthorized,
                     "only the owner or the admin may update the channel");
  }

  // Fields, judged on the channel as it would be after the update.
  if (r.name.has_value() &&
      !internal::IsValidChannelName(*r.name, ch->dialect)) {
    return BadField("channel name");
  }
  if (r.image_url.has_value() &&
      !internal::FitsChars(*r.image_url, internal::kMaxImageUrlChars)) {
    return BadField("image url");
  }
  const internal::ChannelProfile& old = s.channels.Profile(r.channel);
  const std::string& category = r.category.value_or(old.category);
  const std::string& subcategory = r.subcategory.value_or(old.subcategory);
  if (!internal::FitsChars(category, internal::kMaxCategoryChars) ||
      !internal::FitsChars(subcategory, internal::kMaxCategoryChars)) {
    return BadField("category or subcategory");
  }
  if (!subcategory.empty() && category.empty()) {
    return BadField("subcategory without category");
  }
  if (r.invitation_code.has_value()) {
    if (!internal::FitsChars(*r.invitation_code,
                             internal::kMaxInvitationCodeChars)) {
      return BadField("invitation code");
    }
    if (IsSuper(ch->type) && !r.invitation_code->empty()) {
      return BadField("invitation code on a super channel");
    }
  }
  if (r.max_member_count.has_value() &&
      !internal::IsValidMaxMembers(*r.max_member_count, ch->type)) {
    return BadField("max member count");
  }
  if (r.data.has_value() &&
      !internal::IsValidMetadata(*r.data,
                                 internal::ChannelDataLimits(ch->dialect))) {
    return MakeError(ErrorCode::kInvalidMetaData, "invalid channel data");
  }
  if (ch->type == ChannelType::kInvitationOnly &&
      r.invitation_code.has_value() && r.invitation_code->empty()) {
    return MakeError(ErrorCode::kInvitationCodeCannotBeEmpty,
                     "invitationOnly channels need an invitation code");
  }
  if (r.name.has_value()) {
    BANTER_RETURN_IF_ERROR(s.word_filter->CheckName(*r.name));
  }
  if (r.owner.has_value()) {
    if (s.user(*r.owner) == nullptr) {
      return MakeError(ErrorCode::kChannelOwnerNotFound, "owner not found");
    }
    if (!internal::IsMemberOf(s, r.channel, *r.owner)) {
      return MakeError(ErrorCode::kUserNotChannelMember,
                       "the new owner must be a member");
    }
  }
  if (r.max_member_count.has_value() && *r.max_member_count >= 0 &&
      ch->members.size() > static_cast<size_t>(*r.max_member_count)) {
    return MakeError(ErrorCode::kMaxChannelMemberCountExceeded,
                     "max member count below the member count");
  }

  // Apply.
  s.Tick(t);
  internal::ChannelProps& p =
      s.channels.Props(r.channel, internal::kChannelsKey);
  internal::ChannelProfile& profile =
      s.channels.Profile(r.channel, internal::kChannelsKey);
  if (r.name.has_value()) profile.name = *r.name;
  if (r.owner.has_value() && ch->owner != *r.owner) {
    // An owner is never muted (moderation's M2): SetOwner lifts it.
    internal::SetOwner(s, r.channel, *r.owner, t);
  }
  if (r.invitation_code.has_value()) {
    profile.invitation_code = *r.invitation_code;
  }
  if (r.image_url.has_value()) profile.image_url = *r.image_url;
  if (r.data.has_value()) profile.data = *r.data;
  if (r.max_member_count.has_value()) p.max_members = *r.max_member_count;
  if (r.hide_messages_before_join.has_value()) {
    p.hide_messages_before_join = *r.hide_messages_before_join;
  }
  profile.category = category;
  profile.subcategory = subcategory;
  p.updated_at = t;
  internal::EmitChannelEvent(s, EventKind::kChannelChanged, r.channel, t, {},
                             ch->members);
  return absl::OkStatus();
}

absl::Status internal::HandleDeleteChannel(internal::State& s,
                                           const Actor& actor,
                                           ChannelId channel, Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot delete channels");
  }
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (!internal::HasOwnerPowers(*ch, actor)) {
    return MakeError(ErrorCode::kChannelUpdateNotAuthorized,
                     "only the owner or the admin may delete the channel");
  }
  s.Tick(t);
  internal::DeleteChannelWithEvents(s, channel, t);
  return absl::OkStatus();
}

absl::Status internal::HandleTransferOwnership(internal::State& s,
                                               const Actor& actor,
                                               ChannelId channel,
                                               UserId new_owner, Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot own channels");
  }
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (!actor.is_admin() && !internal::IsOwner(*ch, actor)) {
    return MakeError(ErrorCode::kNotChannelOwner,
                     "only the owner may transfer ownership");
  }
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, new_owner).status());
  if (!internal::IsMemberOf(s, channel, new_owner)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "the new owner must be a member");
  }
  if (ch->owner == new_owner) {
    return MakeError(ErrorCode::kAlreadyChannelOwner,
                     "the user already owns the channel");
  }
  s.channels.Props(channel, internal::kChannelsKey).updated_at = t;
  s.Tick(t);
  // An owner is never muted (moderation's M2): SetOwner lifts it.
  internal::SetOwner(s, channel, new_owner, t);
  internal::EmitChannelEvent(s, EventKind::kChannelChanged, channel, t, {},
                             ch->members);
  return absl::OkStatus();
}

absl::Status internal::HandleSetFrozen(internal::State& s, const Actor& actor,
                                       ChannelId channel, bool frozen,
                                       Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot freeze channels");
  }
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (!internal::HasOwnerPowers(*ch, actor)) {
    return MakeError(ErrorCode::kNotChannelOwner,
                     "only the owner may freeze the channel");
  }
  s.Tick(t);
  // Freezing a frozen channel succeeds without a change, so it announces
  // nothing (a channelChanged would tell members of a change that did not
  // happen).
  if (ch->frozen != frozen) {
    internal::ChannelProps& p =
        s.channels.Props(channel, internal::kChannelsKey);
    p.frozen = frozen;
    p.updated_at = t;
    internal::EmitChannelEvent(s, EventKind::kChannelChanged, channel, t, {},
                               ch->members);
  }
  return absl::OkStatus();
}

ChannelId Engine::FindChannel(std::string_view channel_id) const {
  return s_->channels.names().Find(channel_id);
}

std::string_view Engine::ChannelName(ChannelId channel) const {
  return s_->channels.names().Name(channel);
}

}  // namespace banter
