// A channel's record: properties, membership (channel side) and standing,
// the message log, bots; each part written by one area.
#ifndef BANTER_ENGINE_CHANNELS_CHANNEL_RECORD_H_
#define BANTER_ENGINE_CHANNELS_CHANNEL_RECORD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "boost/container/flat_map.hpp"
#include "boost/container/flat_set.hpp"
#include "boost/container/small_vector.hpp"
#include "engine/core/message_log.h"

namespace banter::internal {

// Hot per-member state, stored in an array parallel to ChannelRecord::members.
// 32 bytes; everything rarely set lives in MemberExtras.
struct MemberState {
  uint32_t read_seq = 0;  // messages with seq <= read_seq count as read
  uint32_t join_seq = 0;  // last_seq() at the member's latest join
  Millis last_read_at = 0;  // 0 = never marked read
  Millis last_sent_at = 0;  // 0 = never sent
  Millis joined_at = 0;     // latest join
  friend bool operator==(const MemberState&, const MemberState&) = default;
};

// Rarely-set per-member state (sparse: only members that set something).
struct MemberExtras {
  Metadata member_info;
  Metadata private_data;
  std::string private_tag;
  std::string push_sound_aos;
  std::string push_sound_ios;
  Millis delivered_at = 0;  // GitpleLive delivery receipt
  bool empty() const {
    return member_info.empty() && private_data.empty() &&
           private_tag.empty() && push_sound_aos.empty() &&
           push_sound_ios.empty() && delivered_at == 0;
  }
  friend bool operator==(const MemberExtras&, const MemberExtras&) = default;
};

// One member filtering one sender's messages (ChannelMembers::filters): the
// member at `slot` blocks the sender, or (`peer_mute`) peer-muted it in this
// channel; the peer mute's end is in peer_muted.
struct SenderFilter {
  uint32_t slot = 0;
  bool peer_mute = false;
  friend bool operator==(const SenderFilter&, const SenderFilter&) = default;
};

struct BanRecord {
  Millis start_at = 0;
  Millis end_at = 0;  // 0 = until unbanned
  std::string reason;
  friend bool operator==(const BanRecord&, const BanRecord&) = default;
};

// A pinned message (banter/moderation.h): the message's seq in the channel,
// who pinned it (invalid: the admin) and when.
struct PinRecord {
  uint32_t seq = 0;
  UserId pinned_by;
  Millis pinned_at = 0;
  friend bool operator==(const PinRecord&, const PinRecord&) = default;
};

// Invariants (checked by CheckChannelInvariants, engine/channels):
//  C1. members.size() == member_state.size() == member_order.size(), and
//      member_order holds exactly the users in members (no duplicates).
//  C2. For every slot i: user_channels.of(members[i]).at(this) == i
//      (membership both ways), and every channel a user's row lists holds
//      the user at that slot.
//  C3. max_members == -1 only for super types; otherwise 1..100; a live
//      channel never holds more members than max_members (when >= 0)...
//      except after an admin lowered the cap (update refuses that), so:
//      members.size() <= max_members whenever max_members >= 0.
//  C4. owner, when valid, is a member (and a live user); broadcast types
//      created with an owner keep one while they have members.
//  C5. banned ∩ members = ∅; muted ⊆ members; push_off ⊆ members;
//      u in hidden_by  <=>  c in users[u].hidden;
//      extras keys ⊆ members; managers ⊆ members; peer-mute muters and
//      targets ⊆ members.
//  C6. Every member's read_seq and join_seq are <= log.last_seq(), and
//      join_seq <= read_seq.
//  C7. Every bot in `bots` is live and lists this channel, and vice versa.
//  C8. Every id held by any index is a live entity of its registry.
// Moderation tools (checked by CheckPinInvariants and
// CheckSendLimitInvariants, engine/messages):
//  P1. Every pin names a retained, live (not deleted) message of this
//      channel, at most once; pins are in pin order (pinned_at never
//      decreases) and number at most kMaxPinnedMessages.
//  P2. 0 <= slow_mode_ms <= kMaxSlowModeMs. A dead channel has no pins and
//      no slow mode.
// A channel's record is four parts, each written by one area; a part is
// changed only through the ChannelTable accessor that takes its area's key
// (engine/channels/channel_table.h). Reads see one flat record. The
// channel's profile (ChannelProfile below) is not in it: it lives in a side
// table of its own, ChannelTable::Profile.
//
// Layout is by heat. The parts every call reads come first: the channel's
// scalars, then membership with its per-call fields in front (owner, the
// member arrays, the maps a send or a removal checks for emptiness), then
// the messages part with its counters before the log. A record starts on a
// cache line, so the hot fields of a send share the first few lines
// whatever the channel (bench/analysis.md, "Sender filters, record layout
// and presence").

// Properties read by every call: the channels area (ChannelsKey).
struct ChannelProps {
  ChannelType type = ChannelType::kPrivate;
  Dialect dialect = Dialect::kTalkPlus;
  bool live = true;  // false once deleted: ChannelTable::Bury
  bool frozen = false;
  bool hide_messages_before_join = false;
  int32_t max_members = 100;  // -1 = unlimited (super types only)
  Millis created_at = 0;
  Millis updated_at = 0;  // also ChannelTable::Touch
};

// The profile, read by views, updates and the invitation-code rules only:
// the channels area (ChannelsKey). Kept beside the records, not in them
// (ChannelTable::Profile), so no operation on members or messages loads it.
struct ChannelProfile {
  std::string name;
  std::string image_url;
  std::string invitation_code;
  std::string category;
  std::string subcategory;
  Metadata data;
  friend bool operator==(const ChannelProfile&,
                         const ChannelProfile&) = default;
};

// Membership and standing: the membership area (MembershipKey). The
// moderation and channels areas change it through the membership
// primitives (engine/membership/membership.h).
struct ChannelMembers {
  // Read by most calls: the owner, the fan-out array and its parallel
  // state, the push count, and the maps whose emptiness a send or a
  // removal checks before anything else.
  UserId owner;
  // How many members have push disabled at the user level (derived from
  // UserRecord::push_disabled; rebuilt on load). With push_off empty and this
  // at zero, a send's push recipients are its recipients: no member scan.
  uint32_t push_disabled_members = 0;

  // `members` is the fan-out array: recipients are spans over it. Removal
  // swaps the last member into the freed slot.
  std::vector<UserId> members;
  std::vector<MemberState> member_state;  // parallel to members

  // Standing set by moderation.
  absl::flat_hash_map<UserId, Millis> muted;  // member -> expiry (0 = none)
  // Sender filters: for each user some member blocks (user level) or
  // peer-mutes here, the member slots of those members, one entry per
  // member and reason. A send cuts these slots from its recipients without
  // reading any user record; the membership primitives keep the slots in
  // step with the member array (C12,
  // engine/channels/channels_invariants.cc). The peer-mute entries are also
  // the reverse index of peer_muted (target -> muters).
  absl::flat_hash_map<UserId, boost::container::small_vector<SenderFilter, 2>>
      filters;
  absl::flat_hash_set<UserId> hidden_by;  // members who hid the channel
  absl::flat_hash_set<UserId> push_off;   // channel push disabled
  absl::flat_hash_map<UserId, BanRecord> banned;

  // Read by joins, leaves and pages.
  absl::btree_set<UserId> member_order;  // for O(log n + limit) pages
  absl::flat_hash_map<UserId, MemberExtras> extras;
  // Peer mutes: muter -> (target -> expiry).
  absl::flat_hash_map<UserId, boost::container::flat_map<UserId, Millis>>
      peer_muted;

  // GitpleLive.
  boost::container::flat_set<UserId> managers;
  bool ever_had_manager = false;
  // Users who were members and are not now (left, removed, banned): the reuse
  // rule needs "nobody outside the current members ever joined". Kept only
  // for GitpleLive channels.
  absl::flat_hash_set<UserId> former_members;
};

// Messages: the messages area (MessagesKey). The membership primitives move
// read points through the log's read-point hooks only
// (ChannelTable::ReadPoints).
struct ChannelMessages {
  Millis last_sent_at = 0;  // time of the newest message; 0 = none
  uint64_t total_messages = 0;
  uint64_t total_files = 0;
  // Moderation tools (banter/moderation.h). Slow mode: the minimum interval
  // between two messages of one member (0 = off), measured from
  // MemberState::last_sent_at. Pins: oldest pin first.
  Millis slow_mode_ms = 0;

  MessageLog log;

  std::vector<PinRecord> pins;
};

// Bots in the channel, by handle: the bots area (BotsKey).
struct ChannelBots {
  boost::container::small_vector<BotId, 2> bots;
};

struct alignas(64) ChannelRecord : ChannelProps,
                                   ChannelMembers,
                                   ChannelMessages,
                                   ChannelBots {};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CHANNELS_CHANNEL_RECORD_H_
