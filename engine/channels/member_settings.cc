// Per-member settings (spec §6.10 - §6.12): hidden flag, channel push and
// sounds, memberInfo, privateData, privateTag. Each is the member's own (or
// the admin's) to change.
#include <optional>
#include <string>
#include <utility>

#include "banter/engine.h"
#include "engine/handlers.h"
#include "engine/access.h"
#include "engine/channels/channel_rules.h"
#include "engine/core/status_macros.h"
#include "engine/core/validate.h"
#include "engine/invariants.h"

namespace banter {
namespace {

using internal::ChannelRecord;
using internal::MemberExtras;
using internal::State;

// The checks every setting makes: actor, self or admin (1006), channel
// (2003), user (3003), membership (2005). Returns the channel.
absl::StatusOr<const ChannelRecord*> SettingTarget(
    State& s, const Actor& actor, const MemberSettingRequest& r) {
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, r.user));
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, r.channel));
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, r.user).status());
  if (!internal::IsMemberOf(s, r.channel, r.user)) {
    return MakeError(ErrorCode::kUserNotChannelMember, "not a member");
  }
  return ch;
}

}  // namespace

absl::Status internal::HandleSetHidden(internal::State& s, const Actor& actor,
                                       const MemberSettingRequest& r,
                                       bool hidden, Millis now) {
  BANTER_RETURN_IF_ERROR(SettingTarget(s, actor, r).status());
  s.Tick(s.Clamp(now));
  internal::SetHidden(s, r.channel, r.user, hidden);
  return absl::OkStatus();
}

absl::Status internal::HandleHideAll(internal::State& s, const Actor& actor,
                                     UserId user, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, user).status());
  s.Tick(s.Clamp(now));
  for (const auto& [c, slot] : s.user_channels.of(user)) {
    internal::SetHidden(s, c, user, true);
  }
  return absl::OkStatus();
}

absl::Status internal::HandleSetChannelPush(internal::State& s,
                                            const Actor& actor,
                                            const MemberSettingRequest& r,
                                            bool enabled, Millis now) {
  BANTER_RETURN_IF_ERROR(SettingTarget(s, actor, r).status());
  s.Tick(s.Clamp(now));
  internal::SetChannelPushOff(s, r.channel, r.user, !enabled);
  return absl::OkStatus();
}

absl::Status internal::HandleSetPushSounds(internal::State& s,
                                           const Actor& actor,
                                           const MemberSettingRequest& r,
                                           std::optional<std::string> sound_aos,
                                           std::optional<std::string> sound_ios,
                                           Millis now) {
  BANTER_RETURN_IF_ERROR(SettingTarget(s, actor, r).status());
  for (const auto* sound : {&sound_aos, &sound_ios}) {
    if (sound->has_value() &&
        !internal::FitsChars(**sound, internal::kMaxPushSoundChars)) {
      return MakeError(ErrorCode::kParamsBindingError, "push sound too long");
    }
  }
  s.Tick(s.Clamp(now));
  internal::EditMemberExtras(s, r.channel, r.user, [&](MemberExtras& x) {
    if (sound_aos.has_value()) x.push_sound_aos = std::move(*sound_aos);
    if (sound_ios.has_value()) x.push_sound_ios = std::move(*sound_ios);
  });
  return absl::OkStatus();
}

absl::Status internal::HandleSetMemberInfo(internal::State& s,
                                           const Actor& actor,
                                           const MemberSettingRequest& r,
                                           Metadata member_info, Millis now) {
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, SettingTarget(s, actor, r));
  if (!internal::IsValidMetadata(member_info, internal::kTalkPlusMetadata)) {
    return MakeError(ErrorCode::kInvalidMemberInfo, "invalid memberInfo");
  }
  const Millis t = s.Clamp(now);
  s.Tick(t);
  internal::EditMemberExtras(s, r.channel, r.user, [&](MemberExtras& x) {
    x.member_info = std::move(member_info);
  });
  // memberInfo is public (every member sees it in the channel), so members
  // hear of the change; private settings change silently.
  internal::EmitChannelEvent(s, EventKind::kChannelChanged, r.channel, t, {},
                             ch->members);
  return absl::OkStatus();
}

absl::Status internal::HandleSetPrivateData(internal::State& s,
                                            const Actor& actor,
                                            const MemberSettingRequest& r,
                                            Metadata private_data, Millis now) {
  BANTER_RETURN_IF_ERROR(SettingTarget(s, actor, r).status());
  if (!internal::IsValidMetadata(private_data, internal::kTalkPlusMetadata)) {
    return MakeError(ErrorCode::kInvalidPrivateData, "invalid privateData");
  }
  s.Tick(s.Clamp(now));
  internal::EditMemberExtras(s, r.channel, r.user, [&](MemberExtras& x) {
    x.private_data = std::move(private_data);
  });
  return absl::OkStatus();
}

absl::Status internal::HandleSetPrivateTag(internal::State& s,
                                           const Actor& actor,
                                           const MemberSettingRequest& r,
                                           std::string private_tag,
                                           Millis now) {
  BANTER_RETURN_IF_ERROR(SettingTarget(s, actor, r).status());
  if (!internal::FitsChars(private_tag, internal::kMaxPrivateTagChars)) {
    return MakeError(ErrorCode::kInvalidPrivateTag, "invalid privateTag");
  }
  s.Tick(s.Clamp(now));
  internal::EditMemberExtras(s, r.channel, r.user, [&](MemberExtras& x) {
    x.private_tag = std::move(private_tag);
  });
  return absl::OkStatus();
}

}  // namespace banter
