#include "engine/core/emitter.h"

#include <string_view>

namespace banter::internal {

Emitter::Range Emitter::KeepIds(std::span<const UserId> ids) {
  const Range r{static_cast<uint32_t>(held_ids_.size()),
                static_cast<uint32_t>(ids.size())};
  held_ids_.insert(held_ids_.end(), ids.begin(), ids.end());
  return r;
}

Emitter::Range Emitter::KeepBatches(const Recipients& rec) {
  const Range r{static_cast<uint32_t>(held_batches_.size()),
                static_cast<uint32_t>(rec.batches.size())};
  for (std::span<const UserId> batch : rec.batches) {
    held_batches_.push_back(KeepIds(batch));
  }
  return r;
}

void Emitter::Keep(const Event& e) {
  Held h;
  h.e = e;
  h.users = KeepIds(e.users);
  h.recipients = KeepBatches(e.recipients);
  h.push = KeepBatches(e.push);
  h.reaction = {static_cast<uint32_t>(held_text_.size()),
                static_cast<uint32_t>(e.reaction.size())};
  held_text_.append(e.reaction);
  held_.push_back(h);
}

void Emitter::Release(bool deliver) {
  holding_ = false;
  if (deliver && !held_.empty()) {
    // The arenas are complete: spans into them stay valid while delivering.
    held_spans_.clear();
    held_spans_.reserve(held_batches_.size());
    for (Range r : held_batches_) {
      held_spans_.emplace_back(held_ids_.data() + r.at, r.size);
    }
    for (Held& h : held_) {
      Event& e = h.e;
      e.users = {held_ids_.data() + h.users.at, h.users.size};
      e.recipients.batches = {held_spans_.data() + h.recipients.at,
                              h.recipients.size};
      e.push.batches = {held_spans_.data() + h.push.at, h.push.size};
      e.reaction = std::string_view(held_text_).substr(h.reaction.at,
                                                       h.reaction.size);
      Hand(e);
    }
  }
  held_.clear();
  held_ids_.clear();
  held_batches_.clear();
  held_text_.clear();
}

}  // namespace banter::internal
