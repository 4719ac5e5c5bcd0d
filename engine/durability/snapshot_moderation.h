// The moderation tools' section of a snapshot (banter/moderation.h), from
// snapshot format 3 on: slow mode and pins of the channels that have them,
// the flood limit with the message times still inside its window, and the
// open reports. engine/durability/snapshot.cc writes it after the word filter.
#ifndef BANTER_ENGINE_DURABILITY_SNAPSHOT_MODERATION_H_
#define BANTER_ENGINE_DURABILITY_SNAPSHOT_MODERATION_H_

#include <vector>

#include "engine/durability/archive.h"
#include "engine/state.h"

namespace banter::internal {

// Writes the section. Equal states give equal bytes: channels and users in
// handle order, reports in id order, and of the flood windows only the
// times that can still count at s.now (what else a window holds changes
// no answer again).
void PutModerationSection(BinOut& ar, const State& s);

// Reads the section into `s`, whose users and channels are already loaded,
// and rebuilds the reports' per-reporter index. Throws cereal::Exception on
// a handle out of range or an impossible count; the rest is left to the
// invariant check that every load runs.
void GetModerationSection(BinIn& ar, State& s,
                          std::vector<ChannelRecord>& channels,
                          FloodState& flood, ReportBook& reports);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_DURABILITY_SNAPSHOT_MODERATION_H_
