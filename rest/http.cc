#include "banter/rest/http.h"

#include "rest/talkplus_json.h"

namespace banter::rest {

namespace {
char Lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}
}  // namespace

const std::string* FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return &v;
  }
  return nullptr;
}

boost::json::object ToJson(const Response& response) {
  boost::json::object o;
  o["status"] = response.status;
  o["body"] = response.body;
  return o;
}

boost::json::object ToJson(const EventLine& event) {
  boost::json::object o;
  o["event"] = JsonSv(event.event);
  o["channelId"] = JsonSv(event.channel_id);
  o["recipients"] = StringsJson(event.recipients);
  o["payload"] = event.payload;
  return o;
}

}  // namespace banter::rest
