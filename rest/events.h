// Renders engine events as TalkPlus event lines (jsonl.md): the event name,
// the channel id, the sorted recipient ids and a payload read from the engine.
// Payloads are rendered once the engine call has completed (Finish), so they
// show the state the call left and a message or channel carried by several
// events of one call is rendered once; except the payloads of removal events
// (channelRemoved, memberLeft, memberBanned, messageDeleted), rendered as the
// event is emitted (OnEmit), before the call destroys what they describe.
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

#include <deque>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "banter/events.h"
#include "banter/rest/http.h"

namespace banter::rest {

// Appends to *target (when it is non-null) one EventLine per event, its
// payload filled in by Finish. A renderer with payloads to fill puts itself
// on `*unfinished` (once); the server calls Finish on each after the engine
// call returns. Not thread-safe; the server serializes.
class EventRenderer : public EventSink {
 public:
  EventRenderer(std::vector<EventLine>* const* target,
                std::vector<EventRenderer*>* unfinished)
      : target_(target), unfinished_(unfinished) {}
  ~EventRenderer() override;
  EventRenderer(const EventRenderer&) = delete;
  EventRenderer& operator=(const EventRenderer&) = delete;

  // Set once the engine exists (the engine takes the sink in its options).
  void set_engine(const Engine* engine) { engine_ = engine; }
  void OnEmit(const Event& event) override;
  void OnEvent(const Event& event) override;
  // Renders the payloads of the events seen since the last Finish.
  void Finish();

 private:
  // What a payload needs, copied from the event (its spans do not outlive
  // OnEvent).
  struct Pending {
    std::vector<EventLine>* out;
    size_t line;
    EventKind kind;
    ChannelId channel;
    MessageId message;
    std::vector<UserId> users;
    BotId bot;
    std::string reaction;
  };

  bool Renders(const Event& event) const;
  // Puts this renderer on *unfinished_, once until Finish.
  void List();

  std::vector<EventLine>* const* target_;
  std::vector<EventRenderer*>* unfinished_;
  bool listed_ = false;
  const Engine* engine_ = nullptr;
  std::vector<Pending> pending_;
  // Payloads rendered by OnEmit, waiting for their OnEvent.
  std::deque<boost::json::object> captured_;
};

}  // namespace banter::rest

#endif  // BANTER_REST_EVENTS_H_
