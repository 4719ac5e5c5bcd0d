// Rules shared by the channels area's operations: field limits per dialect,
// request-list normalisation, owner / manager powers and event helpers.
// Timed records (bans, mutes) are judged by engine/moderation/
// moderation_internal.h. Private to engine/channels.
#ifndef BANTER_ENGINE_CHANNELS_CHANNEL_RULES_H_
#define BANTER_ENGINE_CHANNELS_CHANNEL_RULES_H_

#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "banter/error.h"
#include "banter/events.h"
#include "banter/types.h"
#include "engine/core/validate.h"
#include "engine/membership/membership.h"
#include "engine/state.h"

namespace banter::internal {

// Field limits (spec §4; gitplelive.md §3). Characters, not bytes.
inline constexpr size_t kMaxChannelIdChars = 128;
inline constexpr size_t kMaxChannelNameChars = 128;
inline constexpr size_t kMaxGitpleChannelNameChars = 150;
inline constexpr size_t kMaxImageUrlChars = 2048;
inline constexpr size_t kMaxCategoryChars = 32;
// The spec names no limit for invitation codes; 128 like every other short
// string keeps stored state bounded.
inline constexpr size_t kMaxInvitationCodeChars = 128;
inline constexpr size_t kMaxPushSoundChars = 128;
inline constexpr size_t kMaxPrivateTagChars = 128;
inline constexpr int32_t kMaxNonSuperMembers = 100;
inline constexpr int32_t kUnlimitedMembers = -1;

// `users` with duplicates removed, first occurrence kept (design.md).
std::vector<UserId> Dedupe(const std::vector<UserId>& users);

// Metadata limits of a channel's `data` in `dialect`.
inline const MetadataLimits& ChannelDataLimits(Dialect d) {
  return d == Dialect::kGitpleLive ? kGitpleMeta : kTalkPlusMetadata;
}

// Channel id syntax: TalkPlus URI-safe <= 128 chars; GitpleLive
// ^[a-z0-9_]{4,80}$.
bool IsValidChannelId(std::string_view id, Dialect d);
// Channel name: TalkPlus <= 128 chars (may be empty); GitpleLive 1..150.
bool IsValidChannelName(std::string_view name, Dialect d);
// max_member_count: non-super 1..100; super -1 or >= 1.
bool IsValidMaxMembers(int32_t max, ChannelType type);

// The block rule between a channel's owner and a user entering it (spec
// §6.8), checked in this order: the owner blocked the user, then the user
// blocked the owner. Both directions are read from the owner's record
// (blocked / blocked_by mirror each other, S5), which stays hot across many
// entries, so the entering user's record is never loaded. A null `owner`
// (an ownerless channel) has no rule. Join, AddMembers and CreateChannel
// answer each outcome with their own error code.
enum class OwnerBlock { kNone, kOwnerBlocksUser, kUserBlocksOwner };
inline OwnerBlock OwnerBlockFor(const UserRecord* owner, UserId u) {
  if (owner == nullptr) return OwnerBlock::kNone;
  if (owner->blocked.contains(u)) return OwnerBlock::kOwnerBlocksUser;
  if (owner->blocked_by.contains(u)) return OwnerBlock::kUserBlocksOwner;
  return OwnerBlock::kNone;
}

// Emits the events of users joining: `added` are the last `added.size()`
// entries of the member array. memberAdded (users = added) to the members
// before them, channelAdded to the added users.
void EmitJoined(State& s, ChannelId c, Millis t, size_t prior_members);

// Engine::FindReusableChannel over `s` (GitpleLive reuse rule).
ChannelId FindReusable(const State& s, const std::vector<UserId>& members);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CHANNELS_CHANNEL_RULES_H_
