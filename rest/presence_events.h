// Renders banter::Presence events as event lines (docs/presence.md):
//   {"event":"presenceChanged","channelId":"","recipients":[...],
//    "payload":{"userId":"ann","online":true}}
//   {"event":"typingStarted","channelId":"guild","recipients":[...],
//    "payload":{"userId":"ann"}}            (and "typingStopped")
// Recipients are user ids, sorted, as for engine events.
#ifndef BANTER_REST_PRESENCE_EVENTS_H_
#define BANTER_REST_PRESENCE_EVENTS_H_

#include <vector>

#include "banter/engine.h"
#include "banter/presence.h"
#include "banter/rest/http.h"

namespace banter::rest {

// Appends to *target (when it is non-null) one EventLine per event.
// Not thread-safe; the server serializes.
class PresenceRenderer : public PresenceSink {
 public:
  PresenceRenderer(std::vector<EventLine>* const* target, const Engine* engine)
      : target_(target), engine_(engine) {}
  void OnPresence(const PresenceEvent& event) override;

 private:
  std::vector<EventLine>* const* target_;
  const Engine* engine_;
};

}  // namespace banter::rest

#endif  // BANTER_REST_PRESENCE_EVENTS_H_
