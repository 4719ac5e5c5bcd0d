// TEMPORARY scaffolding while the bots area is written: every method
// below answers Unimplemented. The area's author deletes this file once the
// real definitions land in engine/bots/. Not part of any finished build.
#include "banter/engine.h"
#include "engine/bots/bots_internal.h"
#include "engine/channels/channels_internal.h"
#include "engine/invariants.h"
#include "engine/messages/messages_internal.h"
#include "engine/users/users_internal.h"

// NOLINTBEGIN
#pragma GCC diagnostic ignored "-Wunused-parameter"
namespace banter {

absl::StatusOr<BotId> Engine::CreateBot(const Actor& actor, const CreateBotRequest& request, Millis now) {
  return absl::UnimplementedError("CreateBot");
}

absl::Status Engine::UpdateBot(const Actor& actor, const UpdateBotRequest& request, Millis now) {
  return absl::UnimplementedError("UpdateBot");
}

absl::Status Engine::DeleteBot(const Actor& actor, BotId bot, Millis now) {
  return absl::UnimplementedError("DeleteBot");
}

absl::Status Engine::BotJoin(const Actor& actor, BotId bot, ChannelId channel, Millis now) {
  return absl::UnimplementedError("BotJoin");
}

absl::Status Engine::BotLeave(const Actor& actor, BotId bot, ChannelId channel, Millis now) {
  return absl::UnimplementedError("BotLeave");
}

BotId Engine::FindBot(std::string_view bot_id) const {
  return {};
}

absl::StatusOr<BotView> Engine::GetBot(const Actor& actor, BotId bot) const {
  return absl::UnimplementedError("GetBot");
}

absl::StatusOr<Page<BotView>> Engine::ListBots(const Actor& actor, BotId after, int limit) const {
  return absl::UnimplementedError("ListBots");
}

namespace internal {
absl::Status CheckBotInvariants(const State&) { return absl::OkStatus(); }
void DumpBots(const State&, std::string*) {}
BotView RenderBot(const State&, BotId) { return {}; }
}  // namespace internal

}  // namespace banter
// NOLINTEND
