// Builds Recipients for events and hands them to the sink.
//
// Recipients are spans over engine-owned arrays. To exclude a few members
// from a channel's member array, the array is cut at their slots: excluding k
// members of an n-member channel costs O(k log k) and yields k+1 spans, never a
// copy of the n-element array. The batch list lives in scratch storage reused
// across events, so emitting allocates nothing after warm-up.
#ifndef BANTER_ENGINE_CORE_EMITTER_H_
#define BANTER_ENGINE_CORE_EMITTER_H_

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "banter/events.h"
#include "banter/ids.h"
#include "boost/sort/spreadsort/integer_sort.hpp"

namespace banter::internal {

class Emitter {
 public:
  explicit Emitter(EventSink* sink) : sink_(sink) {}

  bool active() const { return sink_ != nullptr; }

  // Cuts `members` around `excluded_slots` (need not be sorted; duplicates
  // allowed) into `out`. Returns the Recipients view of `out`.
  static Recipients Cut(std::span<const UserId> members,
                        std::vector<uint32_t>& excluded_slots,
                        std::vector<std::span<const UserId>>& out) {
    out.clear();
    // A radix sort (Boost's spreadsort; std::sort below its own cutoff):
    // with 1% of a 1M-member channel blocking the sender, a comparison sort
    // of the 10k cuts was a third of the send.
    boost::sort::spreadsort::integer_sort(excluded_slots.begin(),
                                          excluded_slots.end());
    size_t begin = 0;
    for (uint32_t s : excluded_slots) {
      if (s < begin) continue;  // duplicate
      if (s > begin) out.push_back(members.subspan(begin, s - begin));
      begin = s + 1;
    }
    if (begin < members.size()) out.push_back(members.subspan(begin));
    return Recipients{out};
  }

  // Emits `e` with recipients = `members` minus `excluded_slots`, and push
  // recipients as given.
  void Emit(Event& e, std::span<const UserId> members,
            std::vector<uint32_t>& excluded_slots) {
    if (!sink_) return;
    e.recipients = Cut(members, excluded_slots, batches_);
    Deliver(e);
  }

  // Emits `e` to exactly `users`.
  void EmitTo(Event& e, std::span<const UserId> users) {
    if (!sink_) return;
    batches_.clear();
    if (!users.empty()) batches_.push_back(users);
    e.recipients = Recipients{batches_};
    Deliver(e);
  }

  // Emits `e` whose recipients/push were filled by the caller.
  void EmitPrepared(const Event& e) {
    if (sink_) Deliver(e);
  }

  // Events handed to the sink and their real-time recipients, since the
  // engine was built (Engine::Calls). Not part of the state.
  uint64_t events_delivered() const { return events_; }
  uint64_t recipients_delivered() const { return recipients_; }

  // Scratch storage callers may use to prepare recipient and push batches.
  std::vector<std::span<const UserId>>& batches() { return batches_; }
  std::vector<std::span<const UserId>>& push_batches() { return push_batches_; }
  std::vector<uint32_t>& slots() { return slots_; }
  std::vector<uint32_t>& push_slots() { return push_slots_; }

  // Holding. While a journal is attached, Execute holds the events of a call
  // until its record is appended: Hold() before the handler; then Release
  // with `deliver` true hands them to the sink in emission order, and with
  // false (the append failed: the change is not durable) drops them. A held
  // event keeps copies of its id lists and reaction, since the spans it was
  // emitted with point into arrays the rest of the call may change.
  void Hold() { holding_ = sink_ != nullptr; }
  void Release(bool deliver);
  bool holding() const { return holding_; }

 private:
  void Deliver(const Event& e) {
    sink_->OnEmit(e);
    if (holding_) {
      Keep(e);
      return;
    }
    Hand(e);
  }
  void Hand(const Event& e) {
    ++events_;
    recipients_ += e.recipients.count();
    sink_->OnEvent(e);
  }

  // A held event: `e` with its spans replaced by ranges of the arenas below.
  struct Range {
    uint32_t at = 0;
    uint32_t size = 0;
  };
  struct Held {
    Event e;
    Range users;       // in held_ids_
    Range recipients;  // in held_batches_
    Range push;        // in held_batches_
    Range reaction;    // in held_text_
  };
  void Keep(const Event& e);
  Range KeepIds(std::span<const UserId> ids);
  Range KeepBatches(const Recipients& r);

  bool holding_ = false;
  std::vector<Held> held_;
  std::vector<UserId> held_ids_;
  std::vector<Range> held_batches_;  // ranges of held_ids_
  std::string held_text_;
  std::vector<std::span<const UserId>> held_spans_;  // built by Release

  EventSink* sink_;
  uint64_t events_ = 0;
  uint64_t recipients_ = 0;
  std::vector<std::span<const UserId>> batches_;
  std::vector<std::span<const UserId>> push_batches_;
  std::vector<uint32_t> slots_;
  std::vector<uint32_t> push_slots_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_EMITTER_H_
