// Slow mode and the flood limit (banter/moderation.h, docs/moderation.md,
// "Slow mode and the flood limit"): their settings, the send-time checks,
// the flood windows, their invariants and dump.
//
// Both limits follow the sender, not the caller: a user's message is held
// back whether the user sends it or the admin posts it as the user (the way
// the GitpleLive Platform API and TalkPlus's admin send relay players'
// messages); admin and bot messages have no sender and pass. Both checks
// run last among a send's checks (engine/messages/send.cc), so a message
// refused for any other reason answers that reason, and a refused send
// records nothing: a client that keeps retrying while refused does not push
// its own window further out.
#include <algorithm>
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
#include "engine/messages/messages_key.h"
#include "engine/messages/moderation_hooks.h"

namespace banter {
namespace internal {
namespace {

// The times of `w` still inside the limit's window at `t` (time > t -
// window), oldest first.
std::vector<Millis> LiveTimes(const FloodWindow& w, const FloodLimit& limit,
                              Millis t) {
  std::vector<Millis> out;
  const size_t n = w.times.size();
  for (size_t i = 0; i < n; ++i) {
    const Millis at = w.times[(w.head + i) % n];
    if (at > t - limit.window_ms) out.push_back(at);
  }
  return out;
}

// Drops the windows none of whose times can count again at `t` or later.
void Sweep(FloodState& f, Millis t) {
  absl::erase_if(f.windows, [&](const auto& entry) {
    const FloodWindow& w = entry.second;
    const Millis newest =
        w.times[(w.head + w.times.size() - 1) % w.times.size()];
    return newest <= t - f.limit.window_ms;
  });
  f.sweep_at = std::max<size_t>(1024, 2 * f.windows.size());
}

}  // namespace

absl::Status CheckSendLimitsSlow(const State& s, const ChannelRecord& ch,
                                 UserId sender, uint32_t slot, Millis t,
                                 const FloodWindow** window) {
  const bool exempt = sender == ch.owner ||
                      (ch.dialect == Dialect::kGitpleLive &&
                       ch.managers.contains(sender));
  if (ch.slow_mode_ms > 0 && !exempt) {
    // last_sent_at is set by every message stored as the member's and reset
    // by leaving (docs/moderation.md).
    const Millis last = ch.member_state[slot].last_sent_at;
    if (last != 0 && t - last < ch.slow_mode_ms) {
      const Millis left = last + ch.slow_mode_ms - t;
      return MakeRetryError(
          ErrorCode::kSlowModeActive,
          absl::StrCat("slow mode: this member may send again in ", left,
                       " ms"),
          left);
    }
  }
  const FloodLimit& limit = s.flood->limit;
  if (!limit.on()) return absl::OkStatus();
  auto it = s.flood->windows.find(sender);
  if (it == s.flood->windows.end()) return absl::OkStatus();
  *window = &it->second;
  if (it->second.times.size() == limit.max_messages) {
    // The ring holds the latest max_messages sends; one more is allowed
    // once the oldest of them has left the window. The oldest is also the
    // entry the send will overwrite, so check and record touch one line.
    const Millis oldest = it->second.Oldest();
    if (t - oldest < limit.window_ms) {
      const Millis left = oldest + limit.window_ms - t;
      return MakeRetryError(
          ErrorCode::kFloodLimitExceeded,
          absl::StrCat("flood limit: ", limit.max_messages, " messages per ",
                       limit.window_ms,
                       " ms reached; this user may send again in ", left,
                       " ms"),
          left);
    }
  }
  return absl::OkStatus();
}

void RecordSendSlow(State& s, UserId sender, Millis t,
                    const FloodWindow* window) {
  FloodState& f = s.flood.Mutable(kMessagesKey);
  FloodWindow* w = const_cast<FloodWindow*>(window);
  bool inserted = false;
  if (w == nullptr) {
    auto [it, fresh] = f.windows.try_emplace(sender);
    w = &it->second;
    inserted = fresh;
  }
  if (w->times.size() < f.limit.max_messages) {
    w->times.push_back(t);
  } else {
    w->times[w->head] = t;
    w->head = (w->head + 1) % f.limit.max_messages;
  }
  if (inserted && f.windows.size() >= f.sweep_at) Sweep(f, t);
}

}  // namespace internal

absl::Status internal::HandleSetSlowMode(internal::State& s,
                                         const Actor& actor, ChannelId channel,
                                         Millis interval_ms, Millis now) {
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot set slow mode");
  }
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, LiveChannel(s, channel));
  if (!HasOwnerPowers(*ch, actor)) {
    return MakeError(ErrorCode::kNotChannelOwner,
                     "only the owner, a manager or the admin may set slow "
                     "mode");
  }
  if (interval_ms < 0 || interval_ms > kMaxSlowModeMs) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "slow mode interval must be 0..21600000 ms");
  }
  s.Tick(t);
  // As with freeze, setting the current value changes nothing and announces
  // nothing.
  if (ch->slow_mode_ms != interval_ms) {
    s.channels.Messages(channel, kMessagesKey).slow_mode_ms = interval_ms;
    s.channels.Touch(channel, t);
    EmitChannelEvent(s, EventKind::kChannelChanged, channel, t, {},
                     ch->members);
  }
  return absl::OkStatus();
}

absl::Status internal::HandleSetFloodLimit(internal::State& s,
                                           const Actor& actor,
                                           const FloodLimit& limit,
                                           Millis now) {
  BANTER_RETURN_IF_ERROR(CheckAdmin(actor));
  const bool off = limit.max_messages == 0 && limit.window_ms == 0;
  const bool valid_on = limit.max_messages >= 1 &&
                        limit.max_messages <= kMaxFloodMessages &&
                        limit.window_ms >= 1 &&
                        limit.window_ms <= kMaxFloodWindowMs;
  if (!off && !valid_on) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "flood limit: 1..100 messages per 1..3600000 ms, or 0 "
                     "and 0 for off");
  }
  const Millis t = s.Clamp(now);
  s.Tick(t);
  if (s.flood->limit != limit) {
    // A new limit starts every user's window afresh: the old windows were
    // kept for the old count and would mean something else now.
    FloodState& f = s.flood.Mutable(kMessagesKey);
    f.limit = limit;
    f.windows.clear();
    f.sweep_at = 1024;
  }
  return absl::OkStatus();
}

FloodLimit Engine::flood_limit() const { return s_->flood->limit; }

namespace internal {

absl::Status CheckSendLimitInvariants(const State& s) {
  const FloodState& f = s.flood.get();
  const FloodLimit& l = f.limit;
  if (l.on() ? (l.max_messages > kMaxFloodMessages || l.window_ms < 1 ||
                l.window_ms > kMaxFloodWindowMs)
             : (l.window_ms != 0 || !f.windows.empty())) {
    return Violation("F1", absl::StrCat("flood limit ", l.max_messages, "/",
                                        l.window_ms, " with ",
                                        f.windows.size(), " windows"));
  }
  for (const auto& [u, w] : f.windows) {
    const size_t n = w.times.size();
    if (!u.valid() || u.value() >= s.users.size() || n == 0 ||
        n > l.max_messages || w.head >= n ||
        (n < l.max_messages && w.head != 0)) {
      return Violation("F2", absl::StrCat("user ", u.value(), " window of ",
                                          n, " times, head ", w.head));
    }
    for (size_t i = 0; i < n; ++i) {
      const Millis at = w.times[(w.head + i) % n];
      const Millis prev = i == 0 ? at : w.times[(w.head + i - 1) % n];
      if (at < prev || at > s.now) {
        return Violation("F2", absl::StrCat("user ", u.value(),
                                            " window times out of order "
                                            "or after now"));
      }
    }
  }
  for (size_t c = 1; c < s.channels.size(); ++c) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    if (ch.slow_mode_ms < 0 || ch.slow_mode_ms > kMaxSlowModeMs ||
        (!ch.live && ch.slow_mode_ms != 0)) {
      return Violation("P2", absl::StrCat("channel ", c, " slow mode ",
                                          ch.slow_mode_ms));
    }
  }
  return absl::OkStatus();
}

void DumpSendLimits(const State& s, std::string* out) {
  for (size_t c = 1; c < s.channels.size(); ++c) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    if (!ch.live || ch.slow_mode_ms == 0) continue;
    absl::StrAppend(out, "slow_mode ",
                    Sv(s.channels.names().Name(ChannelId(c))), " ",
                    ch.slow_mode_ms, "\n");
  }
  const FloodState& f = s.flood.get();
  if (!f.limit.on()) return;
  absl::StrAppend(out, "flood_limit ", f.limit.max_messages, "/",
                  f.limit.window_ms, "\n");
  // Only the times that can still count: what the windows hold beyond them
  // never changes an answer again (and a snapshot leaves it out).
  std::vector<UserId> users;
  for (const auto& [u, w] : f.windows) users.push_back(u);
  std::sort(users.begin(), users.end());
  for (UserId u : users) {
    const std::vector<Millis> live =
        LiveTimes(f.windows.at(u), f.limit, s.now);
    if (live.empty()) continue;
    absl::StrAppend(out, "flood ", Sv(s.users.names().Name(u)), " sent=");
    for (size_t i = 0; i < live.size(); ++i) {
      absl::StrAppend(out, i ? "," : "", live[i]);
    }
    out->append("\n");
  }
}

}  // namespace internal
}  // namespace banter
