// Journaling wrappers of the bots (engine/bots) mutating methods: each calls
// its Impl and journals the call on success (engine/durability/journal_hook.h).
// Mechanical; keep the command fields in the method's argument order.
#include <string>
#include <utility>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/journal_hook.h"
#include "engine/state.h"

namespace banter {

absl::StatusOr<BotId> Engine::CreateBot(const Actor& actor,
                                        const CreateBotRequest& request,
                                        Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return CreateBotImpl(actor, request, now); },
      [&](const auto&) { return cmd::CreateBot{request}; });
}

absl::Status Engine::UpdateBot(const Actor& actor,
                               const UpdateBotRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return UpdateBotImpl(actor, request, now); },
      [&](const auto&) { return cmd::UpdateBot{request}; });
}

absl::Status Engine::DeleteBot(const Actor& actor, BotId bot, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return DeleteBotImpl(actor, bot, now); },
      [&](const auto&) { return cmd::DeleteBot{bot}; });
}

absl::Status Engine::BotJoin(const Actor& actor, BotId bot, ChannelId channel,
                             Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return BotJoinImpl(actor, bot, channel, now); },
      [&](const auto&) {
        return cmd::BotJoin{bot, channel};
      });
}

absl::Status Engine::BotLeave(const Actor& actor, BotId bot, ChannelId channel,
                              Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return BotLeaveImpl(actor, bot, channel, now); },
      [&](const auto&) {
        return cmd::BotLeave{bot, channel};
      });
}

}  // namespace banter
