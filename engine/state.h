// The engine's whole state, composed from each area's tables.
//
// Registries are vectors indexed by handle (slot 0 unused), so lookup is one
// bounds check and one load; dead entities stay as tombstones (live == false)
// because handles are never reused. Each table keeps its records private:
// any area reads it, only its owner writes it (the owner's key; see
// docs/design.md, "Who owns which data"). Areas change each other's data
// only by asking: the membership primitives (engine/membership/membership.h)
// and a few named table operations.
#ifndef BANTER_ENGINE_STATE_H_
#define BANTER_ENGINE_STATE_H_

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <variant>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "banter/command.h"
#include "banter/ids.h"
#include "banter/options.h"
#include "banter/types.h"
#include "engine/bots/bot_table.h"
#include "engine/channels/channel_table.h"
#include "engine/core/emitter.h"
#include "engine/core/idgen.h"
#include "engine/core/interner.h"
#include "engine/core/key_index.h"
#include "engine/core/owned.h"
#include "engine/core/timer_queue.h"
#include "engine/filter/word_filter.h"
#include "engine/membership/user_channels.h"
#include "engine/messages/flood_record.h"
#include "engine/reports/report_record.h"
#include "engine/users/user_table.h"

namespace banter::internal {

class FilterKey;   // engine/filter/filter_key.h
class ReportsKey;  // engine/reports/reports_key.h

// Invariants (CheckInvariants runs every area's checks; docs/model.md,
// "Invariants"):
//  S1. users.size() == users.names().issued() + 1, likewise channels and
//      bots.
//  S2. A live entity's name maps to its handle; a dead one's does not.
//  S3. channels.public_list() holds exactly the live channels of
//      public-listed types.
//  S4. users.sessions() map only to live users, and each user's
//      `sessions` list names exactly its sessions.
//  S5. blocked / blocked_by are mirror images and hold live users only.
//  S6. now >= every timestamp stored anywhere.
struct State {
  explicit State(EngineOptions o)
      : options(std::move(o)),
        message_ids(options.seed),
        channel_id_random(std::in_place, options.seed, 1),
        token_random(std::in_place,
                     options.seed ^ Fnv1a64(options.token_secret), 2),
        emitter(options.sink) {
    user_channels.AddUser(UserId());
  }

  EngineOptions options;
  bool app_deactivated = false;
  Millis now = 0;  // latest time seen; never decreases

  // The effective time of a call made at `t`: never earlier than the latest
  // time seen. Use it for every check; record it with Tick() only once the
  // call succeeds (a failed call changes nothing, `now` included).
  Millis Clamp(Millis t) const { return t > now ? t : now; }
  void Tick(Millis t) {
    if (t > now) now = t;
  }

  // The users area's records, ids, search indexes and sessions
  // (engine/users/user_table.h): read by anyone, written by engine/users.
  UserTable users;
  // Membership, user side (engine/membership/user_channels.h): each user's
  // channels with its slot in each, indexed like `users`. Owned and changed
  // by the membership area; rebuilt from the member arrays after a snapshot
  // load; U6, U11, C1 and C2 check it.
  UserChannels user_channels;
  // The channel records, ids and public list
  // (engine/channels/channel_table.h): each record's parts are written by
  // the areas that own them.
  ChannelTable channels;
  // The bots area's records and ids (engine/bots/bot_table.h).
  BotTable bots;

  TimerQueue timers;

  // The app's word filter (engine/filter; docs/word-filter.md).
  Owned<WordFilter, FilterKey> word_filter;

  // Moderation tools (banter/moderation.h): the flood limit and its
  // per-user windows (engine/messages), open reports (engine/reports).
  Owned<FloodState, MessagesKey> flood;
  Owned<ReportBook, ReportsKey> reports;

  IdCipher message_ids;
  Owned<DetRandom, ChannelsKey> channel_id_random;  // generated ids
  Owned<DetRandom, UsersKey> token_random;          // token and salt stream
  Emitter emitter;  // holds scratch buffers only; not part of the state

  // Re-entrancy (Engine::Execute): true while a call runs; mutating calls
  // made meanwhile (from inside the event sink) wait in `deferred`. Not part
  // of the state: empty whenever no call is running.
  struct DeferredCall {
    Actor actor;
    Command command;
    Millis now = 0;
  };
  bool executing = false;
  std::deque<DeferredCall> deferred;

  // True while ApplyRecord replays a journaled call: quotas are not checked
  // (EngineOptions::max_users). Not part of the state.
  bool replaying = false;

  // Engine::Calls(): counters for operators, not part of the state.
  struct Counters {
    std::array<uint64_t, std::variant_size_v<Command>> succeeded{};
    std::array<uint64_t, std::variant_size_v<Command>> failed{};
    absl::flat_hash_map<uint16_t, uint64_t> failures_by_code;
    uint64_t deferred = 0;
  };
  Counters counters;

  // Live-entity lookups. Return null for invalid, never-issued or dead
  // handles.
  const UserRecord* user(UserId u) const { return users.Find(u); }
  const ChannelRecord* channel(ChannelId c) const { return channels.Find(c); }
  const BotRecord* bot(BotId b) const { return bots.Find(b); }
};

// True when one more entity would pass `quota` (0 = unlimited), given `live`
// entities now. Replay never refuses what a quota did not refuse then.
inline bool AtQuota(const State& s, size_t live, uint32_t quota) {
  return quota != 0 && !s.replaying && live >= quota;
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_STATE_H_
