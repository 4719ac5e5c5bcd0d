#include "rest/presence_events.h"

#include <algorithm>
#include <string>

#include "rest/talkplus_json.h"

namespace banter::rest {

void PresenceRenderer::OnPresence(const PresenceEvent& event) {
  std::vector<EventLine>* out = *target_;
  if (out == nullptr) return;
  EventLine line;
  line.event = std::string(PresenceEventName(event.kind));
  if (event.channel.valid()) {
    line.channel_id = std::string(engine_->ChannelName(event.channel));
  }
  line.recipients.reserve(event.recipients.size());
  for (UserId u : event.recipients) {
    line.recipients.emplace_back(engine_->UserName(u));
  }
  // Presence hands recipients in handle order; the protocol promises ids
  // sorted as strings.
  std::sort(line.recipients.begin(), line.recipients.end());
  line.payload["userId"] = JsonSv(engine_->UserName(event.user));
  if (event.kind == PresenceEventKind::kPresenceChanged) {
    line.payload["online"] = event.online;
  }
  out->push_back(std::move(line));
}

}  // namespace banter::rest
