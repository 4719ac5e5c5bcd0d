// Changing stored messages: edit, delete, reactions, translations. None of
// these is blocked by freeze or mute (spec §13 #11); each event goes to every
// member who may see the message, the actor included (design.md).
#include <algorithm>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/core/validate.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages_common.h"
#include "engine/messages/messages_key.h"
#include "engine/messages/moderation_hooks.h"

namespace banter {
namespace internal {
namespace {

constexpr size_t kMaxReactionChars = 64;  // spec §13 #28

absl::Status NotForBots(const Actor& actor) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized,
                     "bots may only send into channels they joined");
  }
  return absl::OkStatus();
}

// The reacting user: a member who may see the message.
// Errors: kUnauthorized, kUserNotChannelMember, kMessageNotFound,
// kParamsBindingError.
absl::Status CheckReaction(const State& s, const Actor& actor,
                           const ReactionRequest& r, const Located& at) {
  if (actor.is_user() && r.user != actor.user) {
    return MakeError(ErrorCode::kUnauthorized, "users react as themselves");
  }
  if (!SlotOf(s, at.channel, r.user).has_value()) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "reacting needs membership");
  }
  if (!Visible(MakeViewer(s, at.channel, r.user), at.seq, *at.rec)) {
    return MakeError(ErrorCode::kMessageNotFound, "message not found");
  }
  if (r.reaction.empty() || !FitsChars(r.reaction, kMaxReactionChars)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "reaction must be 1..64 characters");
  }
  return absl::OkStatus();
}

void EmitReaction(State& s, const Located& at, const ReactionRequest& r,
                  Millis t) {
  Event e;
  e.kind = EventKind::kReactionUpdated;
  e.at = t;
  e.channel = at.channel;
  e.message = MessageId(at.channel, at.seq);
  e.users = std::span<const UserId>(&r.user, 1);
  e.reaction = r.reaction;
  EmitToViewers(s, at.channel, at.seq, e);
}

}  // namespace
}  // namespace internal

absl::Status internal::HandleUpdateMessage(internal::State& s,
                                           const Actor& actor,
                                           const UpdateMessageRequest& r,
                                           Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::NotForBots(actor));
  BANTER_ASSIGN_OR_RETURN(internal::Located at,
                          internal::LocateMessage(s, r.message));
  internal::MessageRecord& rec = *at.rec;
  if (actor.is_user() && rec.user() != actor.user) {
    return MakeError(ErrorCode::kNotMessageSender,
                     "only the sender or the admin may edit a message");
  }
  // Validate as a send would, in the same order.
  if (r.text.has_value()) {
    BANTER_RETURN_IF_ERROR(internal::ValidateText(*r.text));
  }
  internal::MessageLog& log =
      s.channels.Messages(at.channel, internal::kMessagesKey).log;
  const internal::MessageExtras* old_extras = log.extras(at.seq);
  const Metadata* data = r.data.has_value() ? &*r.data
                         : old_extras       ? &old_extras->data
                                            : nullptr;
  const std::string_view text =
      r.text.has_value() ? std::string_view(*r.text) : log.text(at.seq);
  if (text.empty() && (data == nullptr || data->empty()) && !rec.has_file()) {
    return MakeError(ErrorCode::kBothMsgTextDataMissing,
                     "a message needs text, data or a file");
  }
  if (r.data.has_value()) {
    BANTER_RETURN_IF_ERROR(internal::ValidateData(*at.ch, *r.data));
  }
  std::vector<UserId> mentions;
  if (r.mentions.has_value()) {
    BANTER_RETURN_IF_ERROR(
        internal::ValidateMentions(s, at.channel, *r.mentions, &mentions));
  }
  // The word filter, last, as a send (user types only).
  std::string masked;
  bool mask = false;
  if (r.text.has_value() && rec.user().valid()) {
    BANTER_ASSIGN_OR_RETURN(mask, s.word_filter->CheckText(*r.text, &masked));
  }

  if (r.text.has_value()) {
    log.SetText(at.seq, mask ? std::string_view(masked) : *r.text);
    rec.flags = static_cast<uint8_t>(
        mask ? (rec.flags | internal::MessageRecord::kFiltered)
             : (rec.flags & ~internal::MessageRecord::kFiltered));
  }
  internal::MessageExtras& x = log.MutableExtras(at.seq);
  if (r.data.has_value()) x.data = *r.data;
  if (r.mentions.has_value()) x.mentions = std::move(mentions);
  if (r.clear_reactions) x.reactions.clear();
  if (r.clear_translations) x.translations.clear();
  x.updated_at = t;
  s.Tick(t);
  Event e;
  e.kind = EventKind::kMessageUpdated;
  e.at = t;
  e.channel = at.channel;
  e.message = r.message;
  internal::EmitToViewers(s, at.channel, at.seq, e);
  return absl::OkStatus();
}

absl::Status internal::HandleDeleteMessage(internal::State& s,
                                           const Actor& actor,
                                           MessageId message, Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::NotForBots(actor));
  BANTER_ASSIGN_OR_RETURN(internal::Located at,
                          internal::LocateMessage(s, message));
  if (actor.is_user()) {
    const bool allowed =
        at.rec->user() == actor.user || internal::IsOwner(*at.ch, actor) ||
        (at.ch->dialect == Dialect::kGitpleLive &&
         internal::IsManager(*at.ch, actor));
    if (!allowed) {
      return MakeError(ErrorCode::kNotMessageSender,
                       "only the sender, the owner or the admin may delete");
    }
  }
  s.Tick(t);
  // Before the tombstone, so the sink can still render the message.
  Event e;
  e.kind = EventKind::kMessageDeleted;
  e.at = t;
  e.channel = at.channel;
  e.message = message;
  e.bot = at.rec->bot();
  internal::EmitToViewers(s, at.channel, at.seq, e);
  // Replies keep their parent snapshot (spec §6.6).
  internal::ChannelMessages& m =
      s.channels.Messages(at.channel, internal::kMessagesKey);
  m.log.MarkDeleted(at.seq);
  // A deleted message is no longer pinned; messageDeleted says enough.
  internal::DropPin(m, at.seq);
  return absl::OkStatus();
}

absl::Status internal::HandleAddReaction(internal::State& s, const Actor& actor,
                                         const ReactionRequest& r, Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::NotForBots(actor));
  BANTER_ASSIGN_OR_RETURN(internal::Located at,
                          internal::LocateMessage(s, r.message));
  BANTER_RETURN_IF_ERROR(internal::CheckReaction(s, actor, r, at));
  std::vector<UserId>& holders =
      s.channels.Messages(at.channel, internal::kMessagesKey)
          .log.MutableExtras(at.seq)
          .reactions[r.reaction];
  s.Tick(t);
  // Holding a key twice is not a thing: adding again changes nothing and
  // tells nobody.
  if (std::find(holders.begin(), holders.end(), r.user) == holders.end()) {
    holders.push_back(r.user);
    internal::EmitReaction(s, at, r, t);
  }
  return absl::OkStatus();
}

absl::Status internal::HandleRemoveReaction(internal::State& s,
                                            const Actor& actor,
                                            const ReactionRequest& r,
                                            Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::NotForBots(actor));
  BANTER_ASSIGN_OR_RETURN(internal::Located at,
                          internal::LocateMessage(s, r.message));
  BANTER_RETURN_IF_ERROR(internal::CheckReaction(s, actor, r, at));
  internal::MessageLog& log =
      s.channels.Messages(at.channel, internal::kMessagesKey).log;
  auto not_held = [] {
    return MakeError(ErrorCode::kReactionNotFound,
                     "the user does not hold this reaction");
  };
  if (log.extras(at.seq) == nullptr) return not_held();
  auto& reactions = log.MutableExtras(at.seq).reactions;
  auto it = reactions.find(r.reaction);
  if (it == reactions.end()) return not_held();
  auto pos = std::find(it->second.begin(), it->second.end(), r.user);
  if (pos == it->second.end()) return not_held();
  it->second.erase(pos);
  if (it->second.empty()) reactions.erase(it);
  log.TrimExtras(at.seq);
  s.Tick(t);
  internal::EmitReaction(s, at, r, t);
  return absl::OkStatus();
}

absl::Status internal::HandleTranslateMessage(
    internal::State& s, const Actor& actor, MessageId message,
    const std::vector<std::string>& languages, Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::NotForBots(actor));
  BANTER_ASSIGN_OR_RETURN(internal::Located at,
                          internal::LocateMessage(s, message));
  if (actor.is_user()) {
    if (!internal::SlotOf(s, at.channel, actor.user)) {
      return MakeError(ErrorCode::kUserNotChannelMember,
                       "translating needs membership");
    }
    if (!internal::Visible(internal::MakeViewer(s, at.channel, actor.user),
                           at.seq, *at.rec)) {
      return MakeError(ErrorCode::kMessageNotFound, "message not found");
    }
  }
  BANTER_RETURN_IF_ERROR(internal::ValidateLanguages(languages));
  // Stored like translations requested at send; the caller reads them back
  // with GetMessage, so no event (the platform answers only the caller).
  internal::Translate(
      s, s.channels.Messages(at.channel, internal::kMessagesKey).log, at.seq,
      languages);
  s.Tick(t);
  return absl::OkStatus();
}

}  // namespace banter
