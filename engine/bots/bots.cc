// The bot registry and bot membership (spec §2.6, §7.5). Bots are not users:
// they are never event recipients, never counted in memberCount, and their
// channel membership is the pair ChannelRecord::bots / BotRecord::channels,
// which this file alone keeps in step.
#include "engine/bots/bots.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/bots/bots_key.h"
#include "engine/core/status_macros.h"
#include "engine/core/validate.h"
#include "engine/handlers.h"
#include "engine/invariants.h"

namespace banter {
namespace {

constexpr size_t kMaxBotId = 68;
constexpr size_t kMaxBotType = 68;
constexpr size_t kMaxBotName = 128;
// Undocumented; the same bound as user profile image urls.
constexpr size_t kMaxUrl = 2048;

// Field limits shared by create and update; unset fields are skipped.
absl::Status ValidateBotFields(const std::optional<std::string>& name,
                               const std::optional<std::string>& image_url,
                               const std::optional<std::string>& type,
                               const std::optional<std::string>& callback) {
  if (name.has_value() && !internal::FitsChars(*name, kMaxBotName)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "bot name too long or not UTF-8");
  }
  if (type.has_value() && !internal::FitsChars(*type, kMaxBotType)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "bot type too long or not UTF-8");
  }
  if ((image_url.has_value() && !internal::FitsChars(*image_url, kMaxUrl)) ||
      (callback.has_value() && !internal::FitsChars(*callback, kMaxUrl))) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "bot url too long or not UTF-8");
  }
  return absl::OkStatus();
}

// Admin, or the bot acting for itself.
absl::Status CheckAdminOrBot(const Actor& actor, BotId bot) {
  if (actor.is_admin() || (actor.is_bot() && actor.bot == bot)) {
    return absl::OkStatus();
  }
  return MakeError(ErrorCode::kUnauthorized,
                   "only the admin or the bot itself may do this");
}

// channelChanged with the bot as subject, to every member of `c`.
void EmitBotChange(internal::State& s, ChannelId c, BotId b, Millis t) {
  if (!s.emitter.active()) return;
  const internal::ChannelRecord& ch = s.channels.Record(c);
  Event e;
  e.kind = EventKind::kChannelChanged;
  e.at = t;
  e.channel = c;
  e.bot = b;
  s.emitter.EmitTo(e, ch.members);
}

// LiveBot (engine/access.h) for a call that goes on to change the bot.
absl::StatusOr<internal::BotRecord*> LiveBotToChange(internal::State& s,
                                                     BotId b) {
  BANTER_RETURN_IF_ERROR(internal::LiveBot(s, b).status());
  return &s.bots.Mutable(b, internal::kBotsKey);
}

// Removes `b` from `c` on both sides.
void DetachBot(internal::State& s, BotId b, ChannelId c) {
  auto& bots = s.channels.Bots(c, internal::kBotsKey).bots;
  bots.erase(std::remove(bots.begin(), bots.end(), b), bots.end());
  s.bots.Mutable(b, internal::kBotsKey).channels.erase(c);
}

}  // namespace

absl::StatusOr<BotId> internal::HandleCreateBot(internal::State& s,
                                                const Actor& actor,
                                                const CreateBotRequest& r,
                                                Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const Millis t = s.Clamp(now);
  if (r.bot_id.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "bot id is required");
  }
  if (!internal::IsUriSafeId(r.bot_id, kMaxBotId)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "bot id must be URI-safe and at most 68 characters");
  }
  BANTER_RETURN_IF_ERROR(
      ValidateBotFields(r.name, r.profile_image_url, r.type, r.callback_url));
  if (s.bots.names().Find(r.bot_id).valid()) {
    return MakeError(ErrorCode::kBotIdTaken, "bot id is taken");
  }

  const BotId b = s.bots.MutableNames(internal::kBotsKey).Add(r.bot_id);
  BANTER_DCHECK(b.value() == s.bots.size());
  internal::BotRecord& rec = s.bots.Append(internal::kBotsKey);
  rec.name = r.name;
  rec.profile_image_url = r.profile_image_url;
  rec.type = r.type;
  rec.callback_url = r.callback_url;
  rec.created_at = t;
  s.Tick(t);
  return b;
}

absl::Status internal::HandleUpdateBot(internal::State& s, const Actor& actor,
                                       const UpdateBotRequest& r, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::BotRecord * rec, LiveBotToChange(s, r.bot));
  BANTER_RETURN_IF_ERROR(
      ValidateBotFields(r.name, r.profile_image_url, r.type, r.callback_url));

  if (r.name.has_value()) rec->name = *r.name;
  if (r.profile_image_url.has_value()) {
    rec->profile_image_url = *r.profile_image_url;
  }
  if (r.type.has_value()) rec->type = *r.type;
  if (r.callback_url.has_value()) rec->callback_url = *r.callback_url;
  s.Tick(t);
  return absl::OkStatus();
}

absl::Status internal::HandleDeleteBot(internal::State& s, const Actor& actor,
                                       BotId bot, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::BotRecord * rec, LiveBotToChange(s, bot));

  s.Tick(t);
  // Leave each channel first, with its event, while the bot is still
  // readable (sinks render it). Copy: DetachBot edits the set.
  const auto joined = rec->channels;
  for (ChannelId c : joined) {
    DetachBot(s, bot, c);
    EmitBotChange(s, c, bot, t);
  }
  rec->live = false;
  s.bots.MutableNames(internal::kBotsKey).Release(bot);
  return absl::OkStatus();
}

absl::Status internal::HandleBotJoin(internal::State& s, const Actor& actor,
                                     BotId bot, ChannelId channel, Millis now) {
  BANTER_RETURN_IF_ERROR(CheckAdminOrBot(actor, bot));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::BotRecord * rec, LiveBotToChange(s, bot));
  BANTER_RETURN_IF_ERROR(internal::LiveChannel(s, channel).status());
  if (rec->channels.contains(channel)) {
    return MakeError(ErrorCode::kBotAlreadyInChannel,
                     "bot already joined the channel");
  }

  // Kept sorted by handle: channel views list bots in that order.
  auto& bots = s.channels.Bots(channel, internal::kBotsKey).bots;
  bots.insert(std::lower_bound(bots.begin(), bots.end(), bot), bot);
  rec->channels.insert(channel);
  s.Tick(t);
  EmitBotChange(s, channel, bot, t);
  return absl::OkStatus();
}

absl::Status internal::HandleBotLeave(internal::State& s, const Actor& actor,
                                      BotId bot, ChannelId channel,
                                      Millis now) {
  BANTER_RETURN_IF_ERROR(CheckAdminOrBot(actor, bot));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::BotRecord * rec, LiveBotToChange(s, bot));
  BANTER_RETURN_IF_ERROR(internal::LiveChannel(s, channel).status());
  if (!rec->channels.contains(channel)) {
    return MakeError(ErrorCode::kBotNotInChannel,
                     "bot has not joined the channel");
  }

  DetachBot(s, bot, channel);
  s.Tick(t);
  EmitBotChange(s, channel, bot, t);
  return absl::OkStatus();
}

BotId Engine::FindBot(std::string_view bot_id) const {
  return s_->bots.names().Find(bot_id);
}

std::string_view Engine::BotName(BotId bot) const {
  return s_->bots.names().Issued(bot) ? s_->bots.names().Name(bot)
                                      : std::string_view();
}

absl::StatusOr<BotView> Engine::GetBot(const Actor& actor, BotId bot) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(CheckAdminOrBot(actor, bot));
  BANTER_RETURN_IF_ERROR(internal::LiveBot(s, bot).status());
  return internal::RenderBot(s, bot);
}

absl::StatusOr<Page<BotView>> Engine::ListBots(const Actor& actor, BotId after,
                                               int limit) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const size_t n = static_cast<size_t>(internal::ClampLimit(limit, 20, 100));
  Page<BotView> page;
  // Handles are creation order, so walking the registry from the cursor is
  // the documented order; tombstones of deleted bots are skipped.
  for (size_t i = size_t{after.value()} + 1; i < s.bots.size(); ++i) {
    if (s.bots.Find(BotId(static_cast<uint32_t>(i))) == nullptr) continue;
    if (page.items.size() == n) {
      page.has_next = true;
      break;
    }
    page.items.push_back(
        internal::RenderBot(s, BotId(static_cast<uint32_t>(i))));
  }
  return page;
}

namespace internal {

BotView RenderBot(const State& s, BotId b) {
  BANTER_DCHECK(s.bots.names().Issued(b));
  const BotRecord& r = s.bots.Record(b);
  BotView v;
  v.id = std::string(s.bots.names().Name(b));
  v.name = r.name;
  v.profile_image_url = r.profile_image_url;
  v.type = r.type;
  v.callback_url = r.callback_url;
  return v;
}

}  // namespace internal
}  // namespace banter
