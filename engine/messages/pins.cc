// Pinned messages (banter/moderation.h, docs/moderation.md, "Pins"): pin,
// unpin, the pinned list, and the pins a deletion or the retention window
// ends.
//
// Pins live in the channel record as a short vector in pin order (at most
// kMaxPinnedMessages), so every operation is O(pins) and a send pays one
// branch (DropEvictedPins) while the channel has no pin.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/core/strings.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages_common.h"
#include "engine/messages/messages_key.h"
#include "engine/messages/moderation_hooks.h"

namespace banter {
namespace internal {
namespace {

// Callers that unpin erase through the const iterator (vector::erase takes
// one).
std::vector<PinRecord>::const_iterator FindPin(const ChannelMessages& ch,
                                               uint32_t seq) {
  return std::find_if(ch.pins.begin(), ch.pins.end(),
                      [seq](const PinRecord& p) { return p.seq == seq; });
}

// The checks pin and unpin share: the message exists, the actor has the
// owner's powers in its channel and, as a user, may see the message.
// Errors: kUnauthorized (bot), kMessageNotFound, kNotChannelOwner.
absl::StatusOr<Located> PinTarget(State& s, const Actor& actor,
                                  MessageId message) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot pin messages");
  }
  BANTER_ASSIGN_OR_RETURN(Located at, LocateMessage(s, message));
  if (!HasOwnerPowers(*at.ch, actor)) {
    return MakeError(ErrorCode::kNotChannelOwner,
                     "only the owner, a manager or the admin may pin");
  }
  if (actor.is_user() &&
      !Visible(MakeViewer(s, at.channel, actor.user), at.seq, *at.rec)) {
    return MakeError(ErrorCode::kMessageNotFound, "message not found");
  }
  return at;
}

void EmitPin(State& s, EventKind kind, const Located& at, const Actor& actor,
             Millis t) {
  Event e;
  e.kind = kind;
  e.at = t;
  e.channel = at.channel;
  e.message = MessageId(at.channel, at.seq);
  if (actor.is_user()) e.users = std::span<const UserId>(&actor.user, 1);
  EmitToViewers(s, at.channel, at.seq, e);
}

}  // namespace

void DropPin(ChannelMessages& ch, uint32_t seq) {
  auto it = FindPin(ch, seq);
  if (it != ch.pins.end()) ch.pins.erase(it);
}

}  // namespace internal

absl::Status internal::HandlePinMessage(internal::State& s, const Actor& actor,
                                        MessageId message, Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(Located at, PinTarget(s, actor, message));
  if (FindPin(*at.ch, at.seq) != at.ch->pins.end()) {
    return MakeError(ErrorCode::kAlreadyPinned, "message already pinned");
  }
  if (at.ch->pins.size() >= static_cast<size_t>(kMaxPinnedMessages)) {
    return MakeError(ErrorCode::kPinLimitExceeded,
                     absl::StrCat("a channel holds at most ",
                                  kMaxPinnedMessages, " pins"));
  }
  s.Tick(t);
  s.channels.Messages(at.channel, kMessagesKey)
      .pins.push_back(
          PinRecord{at.seq, actor.is_user() ? actor.user : UserId(), t});
  EmitPin(s, EventKind::kMessagePinned, at, actor, t);
  return absl::OkStatus();
}

absl::Status internal::HandleUnpinMessage(internal::State& s,
                                          const Actor& actor,
                                          MessageId message, Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(Located at, PinTarget(s, actor, message));
  internal::ChannelMessages& m = s.channels.Messages(at.channel, kMessagesKey);
  auto it = FindPin(m, at.seq);
  if (it == m.pins.end()) {
    return MakeError(ErrorCode::kNotPinned, "message is not pinned");
  }
  s.Tick(t);
  m.pins.erase(it);
  EmitPin(s, EventKind::kMessageUnpinned, at, actor, t);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<PinView>> Engine::ListPinned(const Actor& actor,
                                                        ChannelId channel,
                                                        UserId viewer) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  UserId v = viewer;
  switch (actor.kind) {
    case ActorKind::kAdmin:
      break;
    case ActorKind::kUser:
      if (viewer.valid() && viewer != actor.user) {
        return MakeError(ErrorCode::kUnauthorized,
                         "users read pins as themselves");
      }
      v = actor.user;
      break;
    case ActorKind::kBot:
      return MakeError(ErrorCode::kUnauthorized, "bots cannot read pins");
  }
  BANTER_ASSIGN_OR_RETURN(const internal::ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (v.valid() && !internal::SlotOf(s, channel, v).has_value()) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "reading pins needs membership");
  }
  const internal::Viewer seen = internal::MakeViewer(s, channel, v);
  std::vector<PinView> out;
  out.reserve(ch->pins.size());
  // Newest pin first.
  for (auto it = ch->pins.rbegin(); it != ch->pins.rend(); ++it) {
    if (!internal::Visible(seen, it->seq, ch->log.at(it->seq))) continue;
    PinView p;
    p.message = internal::RenderMessage(s, channel, it->seq, v);
    if (it->pinned_by.valid()) {
      p.pinned_by = std::string(s.users.names().Name(it->pinned_by));
    }
    p.pinned_at = it->pinned_at;
    out.push_back(std::move(p));
  }
  return out;
}

namespace internal {

absl::Status CheckPinInvariants(const State& s) {
  for (size_t c = 1; c < s.channels.size(); ++c) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    if (!ch.live && !ch.pins.empty()) {
      return Violation("P2", absl::StrCat("dead channel ", c, " has pins"));
    }
    if (ch.pins.size() > static_cast<size_t>(kMaxPinnedMessages)) {
      return Violation("P1", absl::StrCat("channel ", c, " has ",
                                          ch.pins.size(), " pins"));
    }
    for (size_t i = 0; i < ch.pins.size(); ++i) {
      const PinRecord& p = ch.pins[i];
      if (!ch.log.Retains(p.seq) || ch.log.at(p.seq).deleted()) {
        return Violation("P1", absl::StrCat("channel ", c, " pins seq ",
                                            p.seq, ", not a live message"));
      }
      if (p.pinned_by.value() >= s.users.size() || p.pinned_at > s.now ||
          (i > 0 && p.pinned_at < ch.pins[i - 1].pinned_at)) {
        return Violation("P1", absl::StrCat("channel ", c, " pin of seq ",
                                            p.seq, " out of order or range"));
      }
      for (size_t k = 0; k < i; ++k) {
        if (ch.pins[k].seq == p.seq) {
          return Violation("P1", absl::StrCat("channel ", c, " pins seq ",
                                              p.seq, " twice"));
        }
      }
    }
  }
  return absl::OkStatus();
}

void DumpPins(const State& s, std::string* out) {
  for (size_t c = 1; c < s.channels.size(); ++c) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    for (const PinRecord& p : ch.pins) {
      absl::StrAppend(out, "pin ", Sv(s.channels.names().Name(ChannelId(c))),
                      "#", p.seq, " by=",
                      Sv(p.pinned_by.valid() ? s.users.names().Name(p.pinned_by)
                                             : std::string_view("admin")),
                      " at=", p.pinned_at, "\n");
    }
  }
}

}  // namespace internal
}  // namespace banter
