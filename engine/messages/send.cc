// SendMessage: validation in the order of spec §5.2, the append, read state,
// and the fan-out of the message event (docs/messaging.md, "Delivery").
#include <algorithm>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages_common.h"
#include "engine/messages/messages_key.h"
#include "engine/messages/moderation_hooks.h"

namespace banter {
namespace internal {
namespace {

// True if `u` does not take the message of `sender` in `ch` in real time:
// `u` blocked the sender (spec §13 #14) or peer-muted them (§13 #17).
bool FiltersSender(const State& s, const ChannelRecord& ch, UserId u,
                   UserId sender, Millis t) {
  if (!sender.valid()) return false;
  // The sender's access byte says whether anyone blocks it at all; only
  // then is u's (cold) record read.
  return ((s.users.access(sender) & kUserBlocked) != 0 &&
          s.users.Record(u).blocked.contains(sender)) ||
         IsPeerMutedAt(ch, u, sender, t);
}

bool PushOn(const State& s, const ChannelRecord& ch, UserId u) {
  // The dense access byte mirrors push_disabled (U9): no cold record read.
  return !(s.users.access(u) & kUserPushOff) && !ch.push_off.contains(u);
}

// Emits the message event. Recipients: the member array cut around the
// sender (at `sender_slot`, its member slot; unset for admin and bot
// messages) and the members who filter the sender, whose slots the channel's
// sender filters hold, so the cost is O(members who filter the sender),
// never O(members), and reads no user record. Push: the recipients minus
// push-disabled users and channel push-offs; it exists only for non-super
// channels. When no member has push off (the per-channel counts say so), the
// push spans are the recipient spans; otherwise the members are scanned, at
// most 100 of them.
void EmitMessage(State& s, ChannelId c, uint32_t seq,
                 std::optional<uint32_t> sender_slot, Millis t) {
  const ChannelRecord& ch = s.channels.Record(c);
  const MessageRecord& rec = ch.log.at(seq);
  const UserId sender = rec.user();
  const std::span<const UserId> members(ch.members);
  Event e;
  e.kind = EventKind::kMessage;
  e.at = t;
  e.channel = c;
  e.message = MessageId(c, seq);
  e.bot = rec.bot();

  std::vector<std::span<const UserId>>& batches = s.emitter.batches();
  std::vector<std::span<const UserId>>& push_batches =
      s.emitter.push_batches();
  const bool may_push = !IsHiddenType(rec.type) && !IsSuper(ch.type);

  if (!rec.to_all()) {
    // Broadcast: a non-owner's message reaches the owner only.
    batches.clear();
    push_batches.clear();
    const UserId owner = ch.owner;
    if (owner.valid() && owner != sender) {
      if (auto slot = SlotOf(s, c, owner);
          slot && !FiltersSender(s, ch, owner, sender, t)) {
        batches.push_back(members.subspan(*slot, 1));
        if (may_push && PushOn(s, ch, owner)) {
          push_batches.push_back(members.subspan(*slot, 1));
        }
      }
    }
    e.recipients = Recipients{batches};
    e.push = Recipients{push_batches};
    s.emitter.EmitPrepared(e);
    return;
  }

  std::vector<uint32_t>& cut = s.emitter.slots();
  cut.clear();
  if (sender.valid()) {
    BANTER_DCHECK(sender_slot.has_value() && members[*sender_slot] == sender);
    cut.push_back(*sender_slot);
    if (!ch.filters.empty()) {
      if (auto f = ch.filters.find(sender); f != ch.filters.end()) {
        for (const SenderFilter& x : f->second) {
          // A peer mute that has ended (AdvanceTime not there yet) filters
          // nothing.
          if (x.peer_mute &&
              !IsPeerMutedAt(ch, ch.members[x.slot], sender, t)) {
            continue;
          }
          cut.push_back(x.slot);
        }
      }
    }
  }
  e.recipients = Emitter::Cut(members, cut, batches);
  if (may_push && ch.push_off.empty() && ch.push_disabled_members == 0) {
    e.push = e.recipients;
  } else if (may_push) {
    std::vector<uint32_t>& push_cut = s.emitter.push_slots();
    push_cut.assign(cut.begin(), cut.end());
    for (size_t i = 0; i < members.size(); ++i) {
      if (!PushOn(s, ch, members[i])) {
        push_cut.push_back(static_cast<uint32_t>(i));
      }
    }
    e.push = Emitter::Cut(members, push_cut, push_batches);
  } else {
    push_batches.clear();
    e.push = Recipients{push_batches};
  }
  s.emitter.EmitPrepared(e);
}

// The new message becomes activity for everyone who may see it: a channel
// they hid shows again (spec §13 #13).
void ShowAgain(State& s, ChannelId c, bool to_all, UserId sender) {
  const ChannelRecord& ch = s.channels.Record(c);
  if (ch.hidden_by.empty()) return;
  if (to_all) {
    UnhideAll(s, c);
    return;
  }
  for (UserId u : {ch.owner, sender}) {
    if (u.valid()) internal::Unhide(s, c, u);
  }
}

}  // namespace
}  // namespace internal

absl::StatusOr<MessageId> internal::HandleSendMessage(
    internal::State& s, const Actor& actor, const SendMessageRequest& r,
    Millis now) {
  using internal::MessageRecord;
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(const internal::ChannelRecord* ch,
                          internal::LiveChannel(s, r.channel));
  const ChannelId c = r.channel;

  // The type asked for, or the actor's usual one.
  const MessageType type = r.type.value_or(
      actor.is_user()                     ? MessageType::kText
      : actor.is_bot()                    ? MessageType::kBot
      : r.sender.valid()                  ? MessageType::kText
                                          : MessageType::kAdmin);

  // Who sends, and whether this actor may send this type.
  UserId sender;
  BotId bot;
  switch (actor.kind) {
    case ActorKind::kUser:
      // Whether a user may send this type is checked after the channel,
      // membership, freeze and mute checks (spec §5.2's order); see below.
      sender = actor.user;
      break;
    case ActorKind::kAdmin:
      if (MessageRecord::IsBotSent(type)) {
        return MakeError(ErrorCode::kUnauthorized,
                         "bot messages come from bots");
      }
      if (MessageRecord::IsUserSent(type)) {
        if (!r.sender.valid()) {
          return MakeError(ErrorCode::kInvalidParams,
                           "a user-type message needs a sender");
        }
        if (s.user(r.sender) == nullptr) {
          return MakeError(ErrorCode::kUserNotFound, "sender not found");
        }
        sender = r.sender;
      }
      break;
    case ActorKind::kBot:
      if (!MessageRecord::IsBotSent(type)) {
        return MakeError(ErrorCode::kUnauthorized,
                         "bots send bot or bot_hidden messages");
      }
      if (std::find(ch->bots.begin(), ch->bots.end(), actor.bot) ==
          ch->bots.end()) {
        return MakeError(ErrorCode::kBotNotInChannel,
                         "the bot has not joined the channel");
      }
      bot = actor.bot;
      break;
  }
  if (type == MessageType::kFile && ch->dialect != Dialect::kGitpleLive) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "file type is a GitpleLive type; TalkPlus files ride on "
                     "any type");
  }

  // Spec §5.2, in order.
  std::optional<uint32_t> slot;
  if (sender.valid()) {
    slot = internal::SlotOf(s, c, sender);
    if (!slot) {
      return MakeError(ErrorCode::kSenderNotChannelMember,
                       "only members can send");
    }
  }
  // Admin messages pass a freeze; a user naming an admin type does not (it
  // is refused below, after the freeze and mute checks).
  if (ch->frozen && !(MessageRecord::IsAdminSent(type) && !actor.is_user())) {
    const bool exempt =
        sender.valid() &&
        (sender == ch->owner || (ch->dialect == Dialect::kGitpleLive &&
                                 ch->managers.contains(sender)));
    if (!exempt) {
      return MakeError(ErrorCode::kCannotSendMessageInFrozenChannel,
                       "the channel is frozen");
    }
  }
  if (sender.valid() && internal::IsMutedAt(*ch, sender, t)) {
    return MakeError(ErrorCode::kMutedInChannel, "the sender is muted");
  }
  if (actor.is_user() && (!MessageRecord::IsUserSent(type) ||
                          (r.sender.valid() && r.sender != actor.user))) {
    return MakeError(ErrorCode::kUnauthorized,
                     "users send text, hidden, custom or file messages as "
                     "themselves");
  }
  BANTER_RETURN_IF_ERROR(internal::ValidateText(r.text));
  if (r.text.empty() && r.data.empty() && r.file.empty()) {
    return MakeError(ErrorCode::kBothMsgTextDataMissing,
                     "a message needs text, data or a file");
  }
  BANTER_RETURN_IF_ERROR(internal::ValidateData(*ch, r.data));
  if (r.file.size < 0 ||
      (r.file.empty() && (!r.file.name.empty() || !r.file.type.empty() ||
                          r.file.size != 0))) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "file metadata needs a file url and a size >= 0");
  }
  if (type == MessageType::kFile && r.file.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "a file message needs a file");
  }
  std::vector<UserId> mentions;
  if (!r.mentions.empty()) {
    BANTER_RETURN_IF_ERROR(
        internal::ValidateMentions(s, c, r.mentions, &mentions));
  }
  const MessageRecord* parent = nullptr;
  if (r.parent.valid()) {
    const uint32_t pseq = r.parent.seq();
    if (r.parent.channel() == c && ch->log.Retains(pseq)) {
      parent = &ch->log.at(pseq);
    }
    // A reply embeds its parent, so the sender must be able to see it.
    if (parent == nullptr ||
        !internal::Visible(internal::MakeViewer(s, c, sender), pseq,
                           *parent)) {
      return MakeError(ErrorCode::kParamsBindingError,
                       "parent message not found in this channel");
    }
  }
  BANTER_RETURN_IF_ERROR(internal::ValidateLanguages(r.translation_targets));
  // The app's word filter, after every other check but the send limits, on
  // user types only (admin and bot types are the app's own voice;
  // docs/word-filter.md).
  std::string masked;
  bool mask = false;
  if (sender.valid()) {
    BANTER_ASSIGN_OR_RETURN(mask, s.word_filter->CheckText(r.text, &masked));
  }
  // Slow mode and the flood limit come last, after the word filter: a message
  // refused for any other reason answers that reason (docs/moderation.md).
  const internal::FloodWindow* flood_window = nullptr;
  BANTER_RETURN_IF_ERROR(
      internal::CheckSendLimits(s, *ch, sender, slot, t, &flood_window));

  // Apply.
  const bool broadcast = IsBroadcast(ch->type);
  MessageRecord rec;
  if (mask) rec.flags |= MessageRecord::kFiltered;
  rec.created_at = t;
  rec.type = type;
  rec.sender = sender.valid() ? sender.value() : bot.value();
  // Admin and bot messages, and the owner's, are "to all" (design.md).
  const bool to_all = !broadcast || !sender.valid() || sender == ch->owner;
  if (to_all) rec.flags |= MessageRecord::kToAll;
  if (!r.file.empty()) rec.flags |= MessageRecord::kHasFile;
  std::unique_ptr<internal::MessageExtras> x;
  if (!r.data.empty() || !r.file.empty() || !mentions.empty() ||
      parent != nullptr) {
    x = std::make_unique<internal::MessageExtras>();
    x->data = r.data;
    x->file = r.file;
    x->mentions = std::move(mentions);
    if (parent != nullptr) {
      const uint32_t pseq = r.parent.seq();
      const internal::MessageExtras* px = ch->log.extras(pseq);
      x->parent =
          std::make_unique<internal::ParentSnapshot>(internal::ParentSnapshot{
              r.parent, parent->sender, parent->type, parent->created_at,
              std::string(ch->log.text(pseq)),
              px != nullptr ? px->data : Metadata()});
    }
  }
  internal::ChannelMessages& m = s.channels.Messages(c, internal::kMessagesKey);
  const uint32_t seq = m.log.Append(
      rec, mask ? std::string_view(masked) : std::string_view(r.text),
      std::move(x), broadcast,
      s.options.history_cap[static_cast<size_t>(ch->type)]);
  internal::Translate(s, m.log, seq, r.translation_targets);
  internal::DropEvictedPins(m);
  internal::RecordSend(s, sender, t, flood_window);

  if (sender.valid()) {
    // Sending reads the channel up to the new message (spec §13 #15;
    // GitpleLive: it also advances the delivery receipt).
    internal::RecordMemberSend(s, c, *slot, seq, t);
  }
  m.last_sent_at = t;
  ++m.total_messages;
  if (!r.file.empty()) ++m.total_files;
  internal::ShowAgain(s, c, to_all, sender);
  s.Tick(t);
  if (s.emitter.active()) internal::EmitMessage(s, c, seq, slot, t);
  return MessageId(c, seq);
}

}  // namespace banter
