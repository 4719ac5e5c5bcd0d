// A channel's message history and read-point index.
//
// OWNED BY THE MESSAGING AREA. The membership primitives call only the
// read-point hooks (AddReadPoint / MoveReadPoint / RemoveReadPoint) and
// last_seq(); everything else is internal to engine/messages.
#ifndef BANTER_ENGINE_MESSAGES_MESSAGE_LOG_H_
#define BANTER_ENGINE_MESSAGES_MESSAGE_LOG_H_

#include <cstdint>

namespace banter::internal {

class MessageLog {
 public:
  // Sequence number of the newest message ever sent (0 = none). Sequence
  // numbers start at 1 and are never reused within a channel.
  uint32_t last_seq() const { return last_seq_; }
  // Messages stored now (retained and not deleted).
  uint64_t stored() const { return 0; }

  // Read-point index: one entry per member at the member's read_seq.
  void AddReadPoint(uint32_t seq) { (void)seq; }
  void MoveReadPoint(uint32_t from, uint32_t to) { (void)from, (void)to; }
  void RemoveReadPoint(uint32_t seq) { (void)seq; }

 private:
  uint32_t last_seq_ = 0;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_MESSAGE_LOG_H_
