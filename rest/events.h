// Renders engine events as TalkPlus event lines (jsonl.md): the event name,
// the channel id, the sorted recipient ids and a payload read from the engine
// during OnEvent (events.h allows const reads there).
//
// Payloads: message events {"message"} (+ "reaction", "userId" for
// reactionUpdated); channel events {"channel"}; member events {"channel",
// "users"} (+ "bot" when a bot is the subject); block events {"user",
// "targetUser"}. GitpleLive-only kinds (managers, receipts, user topic) are
// not rendered: they are not part of the TalkPlus stream. Channel payloads
// carry "lastMessage": null (it depends on the recipient). Views are the admin's (no viewer-specific fields). When a
// read fails (the app is deactivated, the entity is gone) the payload falls
// back to the bare ids, never to an error.
#ifndef BANTER_REST_EVENTS_H_
#define BANTER_REST_EVENTS_H_

#include <vector>

#include "banter/engine.h"
#include "banter/events.h"
#include "banter/rest/http.h"

namespace banter::rest {

// Appends to *target (when it is non-null) one EventLine per event.
// Not thread-safe; the server serializes.
class EventRenderer : public EventSink {
 public:
  explicit EventRenderer(std::vector<EventLine>* const* target)
      : target_(target) {}
  // Set once the engine exists (the engine takes the sink in its options).
  void set_engine(const Engine* engine) { engine_ = engine; }
  void OnEvent(const Event& event) override;

 private:
  std::vector<EventLine>* const* target_;
  const Engine* engine_ = nullptr;
};

}  // namespace banter::rest

#endif  // BANTER_REST_EVENTS_H_
