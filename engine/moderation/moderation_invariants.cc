// The moderation area's invariant check and dump.
//
// The records themselves (ChannelRecord::muted, banned, peer_muted,
// the sender filters) are printed by the channels area's dump with the rest of
// each channel; this area prints the timer queue.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "engine/core/strings.h"
#include "engine/core/timer_queue.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"

namespace banter::internal {
namespace {

// (kind, channel, user, target, at): what makes a timer fire a record.
using TimerKey = std::tuple<uint8_t, uint32_t, uint32_t, uint32_t, Millis>;

TimerKey KeyOf(TimerKind kind, ChannelId c, UserId user, UserId target,
               Millis at) {
  return {static_cast<uint8_t>(kind), c.value(), user.value(), target.value(),
          at};
}

std::string_view KindName(TimerKind kind) {
  switch (kind) {
    case TimerKind::kMuteExpiry:
      return "mute";
    case TimerKind::kBanExpiry:
      return "ban";
    case TimerKind::kPeerMuteExpiry:
      return "peer_mute";
  }
  return "?";
}

absl::string_view UserName(const State& s, UserId u) {
  return Sv(s.users.names().Name(u));
}
absl::string_view ChannelName(const State& s, ChannelId c) {
  return Sv(s.channels.names().Name(c));
}

bool IsMember(const State& s, ChannelId c, UserId u) {
  return SlotOf(s, c, u).has_value();
}

absl::Status CheckChannel(const State& s, ChannelId c,
                          const absl::flat_hash_set<TimerKey>& timers) {
  const ChannelRecord& ch = s.channels.Record(c);
  const absl::string_view cn = ChannelName(s, c);
  if (!ch.live) {
    if (!ch.muted.empty() || !ch.banned.empty() || !ch.peer_muted.empty() ||
        !ch.filters.empty()) {
      return Violation("M9", absl::StrCat("deleted channel ", cn,
                                          " still holds moderation records"));
    }
    return absl::OkStatus();
  }
  auto has_timer = [&](TimerKind kind, UserId u, UserId target, Millis end) {
    return end == 0 || end <= s.now ||
           timers.contains(KeyOf(kind, c, u, target, end));
  };

  for (const auto& [u, end] : ch.muted) {
    if (!IsMember(s, c, u)) {
      return Violation("M1", absl::StrCat("channel ", cn, " mutes ",
                                          UserName(s, u), ", not a member"));
    }
    if (u == ch.owner) {
      return Violation("M2", absl::StrCat("channel ", cn, " mutes its owner ",
                                          UserName(s, u)));
    }
    if (end < 0) {
      return Violation("M8", absl::StrCat("channel ", cn, " mute of ",
                                          UserName(s, u), " ends at ", end));
    }
    if (!has_timer(TimerKind::kMuteExpiry, u, UserId(), end)) {
      return Violation("M7",
                       absl::StrCat("channel ", cn, " mute of ", UserName(s, u),
                                    " ending at ", end, " has no timer"));
    }
  }

  for (const auto& [u, ban] : ch.banned) {
    if (IsMember(s, c, u)) {
      return Violation(
          "M3", absl::StrCat("channel ", cn, " bans member ", UserName(s, u)));
    }
    if (ban.start_at > s.now || ban.end_at < 0 ||
        (ban.end_at > 0 && ban.start_at >= ban.end_at)) {
      return Violation("M8",
                       absl::StrCat("channel ", cn, " ban of ", UserName(s, u),
                                    " spans ", ban.start_at, "..", ban.end_at));
    }
    if (!has_timer(TimerKind::kBanExpiry, u, UserId(), ban.end_at)) {
      return Violation(
          "M7", absl::StrCat("channel ", cn, " ban of ", UserName(s, u),
                             " ending at ", ban.end_at, " has no timer"));
    }
  }

  size_t pairs = 0;
  for (const auto& [muter, targets] : ch.peer_muted) {
    if (targets.empty()) {
      return Violation("M4", absl::StrCat("channel ", cn,
                                          " keeps an empty peer-mute entry "
                                          "for ",
                                          UserName(s, muter)));
    }
    if (!IsMember(s, c, muter)) {
      return Violation(
          "M5", absl::StrCat("channel ", cn, " peer-muter ", UserName(s, muter),
                             " is not a member"));
    }
    for (const auto& [target, end] : targets) {
      ++pairs;
      if (target == muter) {
        return Violation("M6",
                         absl::StrCat("channel ", cn, " ", UserName(s, muter),
                                      " peer-mutes themselves"));
      }
      if (!IsMember(s, c, target)) {
        return Violation("M5",
                         absl::StrCat("channel ", cn, " peer-mute target ",
                                      UserName(s, target), " is not a member"));
      }
      const auto slot = SlotOf(s, c, muter);
      auto rv = ch.filters.find(target);
      if (!slot || rv == ch.filters.end() ||
          std::count(rv->second.begin(), rv->second.end(),
                     SenderFilter{.slot = *slot, .peer_mute = true}) != 1) {
        return Violation("M4",
                         absl::StrCat("channel ", cn, " ", UserName(s, muter),
                                      " peer-mutes ", UserName(s, target),
                                      " but the sender filters do not say so "
                                      "exactly once"));
      }
      if (end < 0) {
        return Violation("M8",
                         absl::StrCat("channel ", cn, " peer mute of ",
                                      UserName(s, target), " ends at ", end));
      }
      if (!has_timer(TimerKind::kPeerMuteExpiry, muter, target, end)) {
        return Violation(
            "M7", absl::StrCat("channel ", cn, " peer mute ",
                               UserName(s, muter), " -> ", UserName(s, target),
                               " ending at ", end, " has no timer"));
      }
    }
  }
  // Every peer_muted pair appears once among the peer-mute entries of the
  // sender filters; equal totals leave no room for extra entries there.
  size_t reverse_pairs = 0;
  for (const auto& [target, filters] : ch.filters) {
    if (filters.empty()) {
      return Violation("M4", absl::StrCat("channel ", cn,
                                          " keeps an empty sender-filter "
                                          "entry for ",
                                          UserName(s, target)));
    }
    reverse_pairs +=
        std::count_if(filters.begin(), filters.end(),
                      [](const SenderFilter& f) { return f.peer_mute; });
  }
  if (pairs != reverse_pairs) {
    return Violation(
        "M4", absl::StrCat("channel ", cn, " has ", pairs, " peer mutes but ",
                           reverse_pairs, " reverse entries"));
  }
  return absl::OkStatus();
}

}  // namespace

// Invariants (docs/model.md, "Moderation as built"):
//  M1. muted ⊆ members.
//  M2. The owner is never muted.
//  M3. banned ∩ members = ∅.
//  M4. peer_muted and the peer-mute entries of the sender filters are
//      mirror images: muter m holds target t in peer_muted iff filters[t]
//      holds {m's slot, peer_mute} exactly once; neither keeps an empty
//      entry.
//  M5. Peer-mute muters and targets are members.
//  M6. Nobody peer-mutes themselves.
//  M7. Every timed record (end > 0) that has not ended by `now` has a queued
//      timer with exactly its (kind, channel, user[, target], end).
//  M8. Ends are >= 0 (0 = permanent); a ban starts no later than `now` and,
//      when timed, before it ends.
//  M9. Deleted channels hold no moderation records; queued timers name
//      issued channels and users and positive instants.
absl::Status CheckModerationInvariants(const State& s) {
  const std::vector<Timer> queued = s.timers.All();
  if (queued.size() != s.timers.size()) {
    return Violation("M9",
                     absl::StrCat("timer queue lists ", queued.size(),
                                  " timers but counts ", s.timers.size()));
  }
  absl::flat_hash_set<TimerKey> timers;
  timers.reserve(queued.size());
  for (const Timer& t : queued) {
    if (t.at <= 0 || !s.channels.names().Issued(t.channel) ||
        !s.users.names().Issued(t.user) ||
        (t.kind == TimerKind::kPeerMuteExpiry) !=
            s.users.names().Issued(t.target)) {
      return Violation("M9", absl::StrCat("malformed ", Sv(KindName(t.kind)),
                                          " timer at ", t.at));
    }
    timers.insert(KeyOf(t.kind, t.channel, t.user, t.target, t.at));
  }
  for (uint32_t c = 1; c < s.channels.size(); ++c) {
    absl::Status st = CheckChannel(s, ChannelId(c), timers);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

void DumpModeration(const State& s, std::string* out) {
  for (const Timer& t : s.timers.All()) {
    absl::StrAppend(out, "timer at=", t.at, " kind=", Sv(KindName(t.kind)),
                    " channel=", ChannelName(s, t.channel),
                    " user=", UserName(s, t.user));
    if (t.kind == TimerKind::kPeerMuteExpiry) {
      absl::StrAppend(out, " target=", UserName(s, t.target));
    }
    absl::StrAppend(out, "\n");
  }
}

}  // namespace banter::internal
