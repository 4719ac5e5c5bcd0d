// Helpers shared by the messaging area's files: who may see a message, message
// lookup, validation and rendering. Internal to engine/messages.
#ifndef BANTER_ENGINE_MESSAGES_MESSAGES_COMMON_H_
#define BANTER_ENGINE_MESSAGES_MESSAGES_COMMON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/events.h"
#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// The history rule (docs/messaging.md, "Visibility"), resolved once per call.
struct Viewer {
  UserId user;             // invalid = admin view
  bool admin = true;       // sees every live message
  bool to_all_only = false;  // broadcast non-owner: "to all" and own only
  uint32_t after_seq = 0;  // hideMessagesBeforeJoin: only seq > after_seq
};

// The viewer `u` of live channel `c` (invalid `u`: admin view). A user who is
// not a member sees what a non-owner member joining now would.
Viewer MakeViewer(const State& s, ChannelId c, UserId u);

// True if `viewer` may see the retained record at `seq`.
inline bool Visible(const Viewer& v, uint32_t seq, const MessageRecord& rec) {
  if (rec.deleted()) return false;
  if (v.admin) return true;
  if (seq <= v.after_seq) return false;
  if (v.to_all_only && !rec.to_all() && rec.user() != v.user) return false;
  return true;
}

// The channel and live record of `id`, or kMessageNotFound (unknown channel
// or seq, dropped by retention, or deleted). The const overload is for reads.
struct Located {
  ChannelId channel;
  uint32_t seq = 0;
  const ChannelRecord* ch = nullptr;
  MessageRecord* rec = nullptr;
};
struct ConstLocated {
  ChannelId channel;
  uint32_t seq = 0;
  const ChannelRecord* ch = nullptr;
  const MessageRecord* rec = nullptr;
};
absl::StatusOr<ConstLocated> LocateMessage(const State& s, MessageId id);
absl::StatusOr<Located> LocateMessage(State& s, MessageId id);

// External message id: TalkPlus channels use the keyed 16-hex-digit form,
// GitpleLive channels the decimal 64-bit value.
std::string MessageIdText(const State& s, MessageId id);

// Validation shared by send and update. Each returns its documented code.
absl::Status ValidateText(const std::string& text);                 // 4001
absl::Status ValidateData(const ChannelRecord& ch, const Metadata& data);  // 1011
// 2026 unless every mention is a current member; writes the deduplicated
// list (first occurrence wins) to `out`.
absl::Status ValidateMentions(const State& s, ChannelId c,
                              const std::vector<UserId>& mentions,
                              std::vector<UserId>* out);
// 1001 unless every language is non-empty and at most 16 characters.
absl::Status ValidateLanguages(const std::vector<std::string>& languages);

// Fills the translations of live message `seq` of `log` for `languages`
// through the translator hook.
void Translate(State& s, MessageLog& log, uint32_t seq,
               const std::vector<std::string>& languages);

// The message as `viewer_user` sees it (own_reactions filled for a valid
// viewer). Requires: `seq` retained and live in `c`.
MessageView RenderMessage(const State& s, ChannelId c, uint32_t seq,
                          UserId viewer_user);

// Emits `e` to every member who may see the message at `seq` (history rule),
// the actor included: the member array, cut around members who joined after
// the message when hideMessagesBeforeJoin is on (O(members) then), or the
// owner and sender for a broadcast message that is not "to all".
void EmitToViewers(State& s, ChannelId c, uint32_t seq, Event& e);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_MESSAGES_COMMON_H_
