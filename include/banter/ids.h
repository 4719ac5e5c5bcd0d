// Typed handles for every entity the engine holds.
//
// Names (user ids, channel ids, bot ids) enter at the edge and are interned;
// inside the engine every entity is a dense handle wrapping an integer. Zero is
// never a valid handle. Handles are never reused during an engine's life, so a
// stale handle fails lookup instead of aliasing a newer entity. Handles are
// deterministic: the same sequence of operations from the same seed assigns the
// same handles, which is what lets journals and simulations replay exactly.
//
// A MessageId packs the channel handle (high 32 bits) and the message's
// sequence number inside that channel (low 32 bits), so locating a message
// needs no index at all.
#ifndef BANTER_IDS_H_
#define BANTER_IDS_H_

#include <compare>
#include <cstdint>
#include <utility>

namespace banter {

namespace internal {
// CRTP base so each handle is its own type (a UserId never converts to a
// ChannelId) while sharing one definition.
template <typename Tag, typename Rep>
class Handle {
 public:
  using rep = Rep;
  constexpr Handle() = default;
  constexpr explicit Handle(Rep v) : v_(v) {}
  constexpr Rep value() const { return v_; }
  constexpr bool valid() const { return v_ != 0; }
  friend constexpr auto operator<=>(Handle, Handle) = default;
  template <typename H>
  friend H AbslHashValue(H h, Handle id) {
    return H::combine(std::move(h), id.v_);
  }

 private:
  Rep v_ = 0;
};
struct UserTag {};
struct ChannelTag {};
struct BotTag {};
struct MessageTag {};
struct ReportTag {};
}  // namespace internal

using UserId = internal::Handle<internal::UserTag, uint32_t>;
using ChannelId = internal::Handle<internal::ChannelTag, uint32_t>;
using BotId = internal::Handle<internal::BotTag, uint32_t>;
// Reports (banter/moderation.h): numbered from 1 in filing order.
using ReportId = internal::Handle<internal::ReportTag, uint32_t>;

// (channel << 32) | seq. seq starts at 1 in every channel.
class MessageId {
 public:
  constexpr MessageId() = default;
  constexpr explicit MessageId(uint64_t v) : v_(v) {}
  constexpr MessageId(ChannelId channel, uint32_t seq)
      : v_((uint64_t{channel.value()} << 32) | seq) {}
  constexpr uint64_t value() const { return v_; }
  constexpr bool valid() const { return channel().valid() && seq() != 0; }
  constexpr ChannelId channel() const {
    return ChannelId(static_cast<uint32_t>(v_ >> 32));
  }
  constexpr uint32_t seq() const { return static_cast<uint32_t>(v_); }
  friend constexpr auto operator<=>(MessageId, MessageId) = default;
  template <typename H>
  friend H AbslHashValue(H h, MessageId id) {
    return H::combine(std::move(h), id.v_);
  }

 private:
  uint64_t v_ = 0;
};

}  // namespace banter

#endif  // BANTER_IDS_H_
