// What the messaging area tells other areas about one message
// (engine/messages/messages.h): SeeMessage and ExternalMessageId.
#include <string>

#include "banter/error.h"
#include "engine/core/status_macros.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages.h"
#include "engine/messages/messages_common.h"

namespace banter::internal {

absl::StatusOr<SeenMessage> SeeMessage(const State& s, MessageId id,
                                       UserId viewer) {
  BANTER_ASSIGN_OR_RETURN(const ConstLocated at, LocateMessage(s, id));
  if (!SlotOf(s, at.channel, viewer).has_value()) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "the message's channel has no such member");
  }
  if (!Visible(MakeViewer(s, at.channel, viewer), at.seq, *at.rec)) {
    return MakeError(ErrorCode::kMessageNotFound, "message not found");
  }
  return SeenMessage{at.channel, at.rec->user(), at.ch->log.text(at.seq)};
}

std::string ExternalMessageId(const State& s, MessageId id) {
  return MessageIdText(s, id);
}

}  // namespace banter::internal
