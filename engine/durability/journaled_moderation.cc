// Journaling wrappers of the moderation (engine/moderation) mutating methods:
// each calls its Impl and journals the call on success
// (engine/durability/journal_hook.h). Mechanical; keep the command fields in
// the method's argument order.
#include <string>
#include <utility>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/journal_hook.h"
#include "engine/state.h"

namespace banter {

absl::Status Engine::Ban(const Actor& actor, const BanRequest& request,
                         Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return BanImpl(actor, request, now); },
      [&](const auto&) { return cmd::Ban{request}; });
}

absl::Status Engine::Unban(const Actor& actor, const MembersRequest& request,
                           Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return UnbanImpl(actor, request, now); },
      [&](const auto&) { return cmd::Unban{request}; });
}

absl::Status Engine::Mute(const Actor& actor, const MuteRequest& request,
                          Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return MuteImpl(actor, request, now); },
      [&](const auto&) { return cmd::Mute{request}; });
}

absl::Status Engine::Unmute(const Actor& actor, const MembersRequest& request,
                            Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return UnmuteImpl(actor, request, now); },
      [&](const auto&) { return cmd::Unmute{request}; });
}

absl::Status Engine::MuteAll(const Actor& actor, ChannelId channel,
                             int64_t expire_in_minutes, Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return MuteAllImpl(actor, channel, expire_in_minutes, now); },
      [&](const auto&) {
        return cmd::MuteAll{channel, expire_in_minutes};
      });
}

absl::Status Engine::PeerMute(const Actor& actor,
                              const PeerMuteRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return PeerMuteImpl(actor, request, now); },
      [&](const auto&) { return cmd::PeerMute{request}; });
}

absl::Status Engine::PeerUnmute(const Actor& actor,
                                const PeerMuteRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return PeerUnmuteImpl(actor, request, now); },
      [&](const auto&) { return cmd::PeerUnmute{request}; });
}

}  // namespace banter
