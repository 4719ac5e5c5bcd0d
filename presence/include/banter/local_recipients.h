// banter::LocalRecipients: which recipients of an event are connected to this
// process, found in time proportional to them (docs/scale-out.md, "Local
// recipients").
//
//   banter::LocalRecipients local;
//   banter::EngineOptions options;
//   options.member_slots = &local;          // hears slot changes
//   banter::Engine chat(options);
//   local.Attach(&chat);
//   local.AddLocalUser(ann);                // ann connected here
//   ...
//   // in EventSink::OnEvent(e):
//   out.clear();
//   local.Filter(e.channel, e.recipients, &out);  // the local ones
//
// Where several processes replicate one chat state (docs/scale-out.md), each
// delivers an event only to the users connected to it. Recipients are spans
// over the channel's member array (banter/events.h), so a super_broadcast
// message to 1M members is one span of ~1M ids; scanning it costs the whole
// span whoever is local. This index keeps, per channel, the member-array
// slots of the local users, sorted, and finds the local users of a span with
// one ordered search plus one step per local user inside it. It is kept
// current by the engine's MemberSlotObserver calls (joins, leaves, the member
// a leave moves) and by AddLocalUser / RemoveLocalUser.
//
// Like banter::Presence it is per-process state: never journaled,
// snapshotted or replicated, and it reads the engine only through the public
// const API (ListJoinedChannelIds, MemberSlot, MemberArray). It does not count
// connections: call AddLocalUser on a user's first connection and
// RemoveLocalUser on its last (Presence::Connect returning 1, Disconnect
// returning 0).
//
// Recipient spans that are not pieces of the channel's current member array
// (events held by a journal until their record is appended, which carry
// copies; events delivered to a few named users; user-level events) are
// filtered id by id against the set of local users: correct, and O(span).
//
// Thread-safety: not thread-safe; call it where the engine is called (the
// engine calls it back inside its mutating calls).
// Copy/move: neither (the engine holds a pointer to it).
#ifndef BANTER_LOCAL_RECIPIENTS_H_
#define BANTER_LOCAL_RECIPIENTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "banter/engine.h"
#include "banter/events.h"
#include "banter/ids.h"

namespace banter {

// Invariants (CheckInvariants, against the attached engine):
//  L1. For every channel c and every entry (slot -> u) of c's index:
//      MemberArray(c)[slot] == u and u is local.
//  L2. Every local user that is a member of c has an entry in c's index
//      (at MemberSlot(c, u)), so an index holds exactly the local members.
//  L3. No channel's index is empty (an empty one is dropped).
//  L4. local_user_count() == the number of users marked local.
//  L5. Each index's blocks hold their own slots only, sorted, once each, and
//      its count is the sum of its blocks.
class LocalRecipients : public MemberSlotObserver {
 public:
  LocalRecipients() = default;
  ~LocalRecipients() override = default;
  LocalRecipients(const LocalRecipients&) = delete;
  LocalRecipients& operator=(const LocalRecipients&) = delete;

  // Reads `engine` from now on and rebuilds every channel's index from it
  // for the users already local: call it once the engine is built, and again
  // after replacing it (ReadSnapshot, whose load the observer does not hear;
  // a moved Engine). This must hear `engine`'s MemberSlotObserver calls (be
  // its EngineOptions::member_slots, or be called by the observer that is),
  // and `engine` must outlive it, or the index drifts from the member arrays.
  // O(user handles + sum over local users of their channels x log).
  void Attach(const Engine* engine);
  const Engine* engine() const { return engine_; }

  // Marks `user` as connected to this process and indexes its slots in
  // every channel it belongs to. Adding a local user again does nothing.
  // Errors: kUserNotFound (unknown or deleted user).
  // Requires: attached. O(channels of the user x log).
  absl::Status AddLocalUser(UserId user);
  // Unmarks `user` and drops its slots; nothing if it is not local. Works
  // for deleted users (whose slots the engine's removals already dropped).
  // Requires: attached. O(channels of the user x log).
  void RemoveLocalUser(UserId user);
  bool IsLocal(UserId user) const {
    return user.value() < local_.size() && local_[user.value()] != 0;
  }
  size_t local_user_count() const { return local_count_; }
  // Local members of `channel`, as indexed. O(1) expected.
  size_t local_member_count(ChannelId channel) const;

  // Appends to `*out` the local users among `recipients` of an event about
  // `channel` (invalid for user-level events): a span inside the channel's
  // member array in slot order, others in span order. Call it while the
  // recipients are valid (inside OnEvent or OnEmit), before the engine
  // changes again. Cost: per span inside the member array, O(log local
  // members of the channel + local users found); per other span, O(span).
  // Allocates nothing beyond `*out`'s growth.
  // Requires: attached.
  void Filter(ChannelId channel, const Recipients& recipients,
              std::vector<UserId>* out) const;

  // Checks L1-L4 against the attached engine and names the first violation.
  // O(index entries + sum over local users of their channels x log).
  absl::Status CheckInvariants() const;

  // MemberSlotObserver (called by the engine). O(log local members of the
  // channel) when the user (or the member a leave moves) is local; O(1)
  // otherwise.
  void OnMemberAdded(ChannelId channel, UserId user, uint32_t slot) override;
  void OnMemberRemoved(ChannelId channel, UserId user, uint32_t slot,
                       UserId moved, uint32_t moved_from) override;

 private:
  // A channel's local members by slot: entries (slot, user) sorted by slot,
  // in blocks of 4096 slots (block b holds slots b*4096 ..). Filter walks
  // contiguous entries like one sorted vector (0.6 ns each), and a change
  // shifts at most one block's entries (a 333k-entry vector would shift
  // megabytes for a leave in a 1M-member channel; an absl::btree_map,
  // tried first, walked about 10x slower in banter_replica_bench filter). Cost of a range: O(log block + entries found + blocks
  // it spans); a 1M-member channel has 245 blocks.
  class Slots {
   public:
    struct Entry {
      uint32_t slot;
      UserId user;
    };
    static bool Less(const Entry& e, uint32_t slot) { return e.slot < slot; }
    // Inserts (slot, user); `slot` must not be present.
    void Insert(uint32_t slot, UserId user);
    // Erases `slot`'s entry, if any.
    void Erase(uint32_t slot);
    bool Contains(uint32_t slot) const;
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // Appends the users at slots in [begin, end) to `out`, in slot order.
    void Collect(uint32_t begin, uint32_t end, std::vector<UserId>* out) const;
    const std::vector<std::vector<Entry>>& blocks() const { return blocks_; }

   private:
    static constexpr int kShift = 12;
    std::vector<std::vector<Entry>> blocks_;
    size_t size_ = 0;
  };

  void IndexUser(UserId user);

  const Engine* engine_ = nullptr;
  std::vector<uint8_t> local_;  // indexed by UserId value: 1 = local
  size_t local_count_ = 0;
  absl::flat_hash_map<ChannelId, Slots> slots_;
};

}  // namespace banter

#endif  // BANTER_LOCAL_RECIPIENTS_H_
