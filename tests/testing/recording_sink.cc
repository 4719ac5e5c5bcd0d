#include "tests/testing/recording_sink.h"

#include <algorithm>
#include <ostream>

namespace banter::testing {
namespace {

std::vector<std::string> Names(const Engine& e, const Recipients& r) {
  std::vector<std::string> out;
  for (auto batch : r.batches) {
    for (UserId u : batch) out.emplace_back(e.UserName(u));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void RecordingSink::OnEvent(const Event& event) {
  RecordedEvent r;
  r.name = std::string(EventName(event.kind));
  r.at = event.at;
  if (engine_ != nullptr) {
    if (event.channel.valid()) r.channel = engine_->ChannelName(event.channel);
    if (event.message.valid()) r.message = engine_->MessageIdString(event.message);
    for (UserId u : event.users) r.users.emplace_back(engine_->UserName(u));
    r.recipients = Names(*engine_, event.recipients);
    r.push = Names(*engine_, event.push);
    if (event.bot.valid()) {
      r.bot = std::string(engine_->BotName(event.bot));
    }
  }
  r.reaction = std::string(event.reaction);
  events_.push_back(std::move(r));
}

std::vector<RecordedEvent> RecordingSink::Named(std::string_view name) const {
  std::vector<RecordedEvent> out;
  for (const auto& e : events_) {
    if (e.name == name) out.push_back(e);
  }
  return out;
}

std::ostream& operator<<(std::ostream& os, const RecordedEvent& e) {
  os << "{" << e.name << " at=" << e.at << " channel=" << e.channel;
  if (!e.message.empty()) os << " message=" << e.message;
  os << " users=[";
  for (const auto& u : e.users) os << u << ",";
  os << "] recipients=[";
  for (const auto& u : e.recipients) os << u << ",";
  os << "] push=[";
  for (const auto& u : e.push) os << u << ",";
  os << "]";
  if (!e.bot.empty()) os << " bot=" << e.bot;
  if (!e.reaction.empty()) os << " reaction=" << e.reaction;
  return os << "}";
}

}  // namespace banter::testing
