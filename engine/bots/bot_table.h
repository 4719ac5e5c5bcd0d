// The bots area's data: every bot record and the bots' external ids, behind
// one class that keeps them private.
//
// Any area reads through the const interface; only the bots area changes a
// record (every mutator takes a `BotsKey`, engine/bots/bots_key.h, which no
// other area may include: EngineAreaIncludeGraph). The one change another
// area asks for is ForgetChannel, when the channels area deletes a channel a
// bot is in. The snapshot loader restores the table through SnapshotAccess.
//
// Handles are dense from 1; slot 0 is an unused dead record; a deleted bot
// stays as a dead record with its last profile (history names it).
//
// Not thread-safe; the transport serializes calls. Copyable and movable.
#ifndef BANTER_ENGINE_BOTS_BOT_TABLE_H_
#define BANTER_ENGINE_BOTS_BOT_TABLE_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "banter/ids.h"
#include "engine/bots/bot_record.h"
#include "engine/core/check.h"
#include "engine/core/interner.h"
#include "engine/core/registry.h"

namespace banter::internal {

class BotsKey;          // engine/bots/bots_key.h: the bots area's write key
struct SnapshotAccess;  // engine/durability: restores the table from a file

class BotTable : public Registry<BotId, BotRecord> {
 public:
  // Reads: Find, Record, size, live_count, names (Registry).

  // ---- Writes ----

  // Drops `c` from live-or-dead bot `b`'s channel set: the channel is being
  // deleted (the channel side goes with the channel).
  void ForgetChannel(BotId b, ChannelId c) {
    records_[b.value()].channels.erase(c);
  }

  // The bots area only.
  BotRecord& Mutable(BotId b, const BotsKey&) {
    BANTER_DCHECK(b.value() < records_.size());
    return records_[b.value()];
  }
  Interner<BotId>& MutableNames(const BotsKey&) { return names_; }
  // Appends the record of the handle just issued by MutableNames().Add.
  BotRecord& Append(const BotsKey&) { return records_.emplace_back(); }

 private:
  friend struct SnapshotAccess;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_BOTS_BOT_TABLE_H_
