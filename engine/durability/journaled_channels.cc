// Journaling wrappers of the channels (engine/channels) mutating methods: each
// calls its Impl and journals the call on success
// (engine/durability/journal_hook.h). Mechanical; keep the command fields in
// the method's argument order.
#include <string>
#include <utility>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/journal_hook.h"
#include "engine/state.h"

namespace banter {

absl::StatusOr<ChannelId> Engine::CreateChannel(
    const Actor& actor, const CreateChannelRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return CreateChannelImpl(actor, request, now); },
      [&](const auto&) { return cmd::CreateChannel{request}; });
}

absl::Status Engine::UpdateChannel(const Actor& actor,
                                   const UpdateChannelRequest& request,
                                   Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return UpdateChannelImpl(actor, request, now); },
      [&](const auto&) { return cmd::UpdateChannel{request}; });
}

absl::Status Engine::DeleteChannel(const Actor& actor, ChannelId channel,
                                   Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return DeleteChannelImpl(actor, channel, now); },
      [&](const auto&) { return cmd::DeleteChannel{channel}; });
}

absl::Status Engine::AddMembers(const Actor& actor,
                                const MembersRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return AddMembersImpl(actor, request, now); },
      [&](const auto&) { return cmd::AddMembers{request}; });
}

absl::Status Engine::RemoveMembers(const Actor& actor,
                                   const MembersRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return RemoveMembersImpl(actor, request, now); },
      [&](const auto&) { return cmd::RemoveMembers{request}; });
}

absl::Status Engine::Join(const Actor& actor, const JoinRequest& request,
                          Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return JoinImpl(actor, request, now); },
      [&](const auto&) { return cmd::Join{request}; });
}

absl::Status Engine::Leave(const Actor& actor, const LeaveRequest& request,
                           Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return LeaveImpl(actor, request, now); },
      [&](const auto&) { return cmd::Leave{request}; });
}

absl::Status Engine::TransferOwnership(const Actor& actor, ChannelId channel,
                                       UserId new_owner, Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return TransferOwnershipImpl(actor, channel, new_owner, now); },
      [&](const auto&) {
        return cmd::TransferOwnership{channel, new_owner};
      });
}

absl::Status Engine::SetFrozen(const Actor& actor, ChannelId channel,
                               bool frozen, Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetFrozenImpl(actor, channel, frozen, now); },
      [&](const auto&) {
        return cmd::SetFrozen{channel, frozen};
      });
}

absl::Status Engine::SetHidden(const Actor& actor,
                               const MemberSettingRequest& r, bool hidden,
                               Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return SetHiddenImpl(actor, r, hidden, now); },
      [&](const auto&) {
        return cmd::SetHidden{r, hidden};
      });
}

absl::Status Engine::HideAll(const Actor& actor, UserId user, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return HideAllImpl(actor, user, now); },
      [&](const auto&) { return cmd::HideAll{user}; });
}

absl::Status Engine::SetChannelPush(const Actor& actor,
                                    const MemberSettingRequest& r, bool enabled,
                                    Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetChannelPushImpl(actor, r, enabled, now); },
      [&](const auto&) {
        return cmd::SetChannelPush{r, enabled};
      });
}

absl::Status Engine::SetPushSounds(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   std::optional<std::string> sound_aos,
                                   std::optional<std::string> sound_ios,
                                   Millis now) {
  if (s_->options.journal == nullptr)
    return SetPushSoundsImpl(actor, r, std::move(sound_aos),
                             std::move(sound_ios), now);
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetPushSoundsImpl(actor, r, sound_aos, sound_ios, now); },
      [&](const auto&) {
        return cmd::SetPushSounds{r, sound_aos, sound_ios};
      });
}

absl::Status Engine::SetMemberInfo(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   Metadata member_info, Millis now) {
  if (s_->options.journal == nullptr)
    return SetMemberInfoImpl(actor, r, std::move(member_info), now);
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetMemberInfoImpl(actor, r, member_info, now); },
      [&](const auto&) {
        return cmd::SetMemberInfo{r, member_info};
      });
}

absl::Status Engine::SetPrivateData(const Actor& actor,
                                    const MemberSettingRequest& r,
                                    Metadata private_data, Millis now) {
  if (s_->options.journal == nullptr)
    return SetPrivateDataImpl(actor, r, std::move(private_data), now);
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetPrivateDataImpl(actor, r, private_data, now); },
      [&](const auto&) {
        return cmd::SetPrivateData{r, private_data};
      });
}

absl::Status Engine::SetPrivateTag(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   std::string private_tag, Millis now) {
  if (s_->options.journal == nullptr)
    return SetPrivateTagImpl(actor, r, std::move(private_tag), now);
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetPrivateTagImpl(actor, r, private_tag, now); },
      [&](const auto&) {
        return cmd::SetPrivateTag{r, private_tag};
      });
}

absl::Status Engine::AddManager(const Actor& actor, ChannelId channel,
                                UserId user, Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return AddManagerImpl(actor, channel, user, now); },
      [&](const auto&) {
        return cmd::AddManager{channel, user};
      });
}

absl::Status Engine::RemoveManager(const Actor& actor, ChannelId channel,
                                   UserId user, Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return RemoveManagerImpl(actor, channel, user, now); },
      [&](const auto&) {
        return cmd::RemoveManager{channel, user};
      });
}

}  // namespace banter
