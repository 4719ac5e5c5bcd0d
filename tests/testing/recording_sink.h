// An EventSink that records every event as a plain value with external names,
// for tests to compare whole events.
#ifndef BANTER_TESTS_TESTING_RECORDING_SINK_H_
#define BANTER_TESTS_TESTING_RECORDING_SINK_H_

#include <string>
#include <vector>

#include "banter/engine.h"
#include "banter/events.h"

namespace banter::testing {

struct RecordedEvent {
  std::string name;     // EventName(kind)
  Millis at = 0;
  std::string channel;  // external channel id, "" if none
  std::string message;  // external message id, "" if none
  std::vector<std::string> users;       // subjects, in event order
  std::vector<std::string> recipients;  // sorted
  std::vector<std::string> push;        // sorted
  std::string bot;
  std::string reaction;
  friend bool operator==(const RecordedEvent&, const RecordedEvent&) = default;
};
std::ostream& operator<<(std::ostream& os, const RecordedEvent& e);

class RecordingSink : public EventSink {
 public:
  // The engine is needed to turn handles into names; set it after the engine
  // is constructed (the engine takes the sink in its options).
  void set_engine(const Engine* engine) { engine_ = engine; }
  void OnEvent(const Event& event) override;

  const std::vector<RecordedEvent>& events() const { return events_; }
  void clear() { events_.clear(); }
  // Events with this name, in order.
  std::vector<RecordedEvent> Named(std::string_view name) const;

 private:
  const Engine* engine_ = nullptr;
  std::vector<RecordedEvent> events_;
};

}  // namespace banter::testing

#endif  // BANTER_TESTS_TESTING_RECORDING_SINK_H_
