// HTTP-shaped values the REST adapters speak: a request (method, target,
// headers, body, time), a response (status and JSON body) and the event lines
// a request causes.
//
// These are plain values. The adapter never does I/O and never reads a clock:
// a transport (an HTTP server, the `banter rest` command, a test) turns its
// input into a Request, supplies the time in Request::now, and writes the
// Response and EventLines out in whatever framing it uses.
//
// Thread-safety: plain values; no shared state.
#ifndef BANTER_REST_HTTP_H_
#define BANTER_REST_HTTP_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "banter/types.h"
#include "boost/json/object.hpp"
#include "boost/json/value.hpp"

namespace banter::rest {

// Header (name, value) pairs in arrival order. Names compare
// case-insensitively (FindHeader); values are taken verbatim.
using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of the first header named `name` (ASCII case-insensitive), or
// null when there is none.
const std::string* FindHeader(const Headers& headers, std::string_view name);

struct Request {
  // "GET", "POST", "PUT" or "DELETE", upper case. Anything else is answered
  // 405 (known path) or 404.
  std::string method;
  // The path with its optional query string, percent-encoding allowed:
  // "/v1.4/api/channels/c1/members?limit=2&lastUserId=u2".
  std::string target;
  Headers headers;
  // The body: raw text as an HTTP server receives it ("" = no body), or a
  // JSON value already parsed by the transport (the JSON Lines command).
  // Either way, a body that is not a JSON object (where the endpoint reads
  // one) is answered 400 with code 1001.
  std::variant<std::string, boost::json::value> body;
  // Engine time of the request, in milliseconds since the Unix epoch. Time
  // never runs backwards: an earlier value than the latest seen is taken as
  // the latest, so 0 means "no time passes".
  Millis now = 0;
  // Set by Server::DoPasswordWork, for a request handled by other processes
  // than the one that received it (replicas, docs/scale-out.md): the bcrypt
  // hash of the body's password (user create, password change), or the
  // stored hash the password was checked against ("" when it did not match:
  // password login). The body then holds no "password" and the handler
  // uses this instead, so no process hashes again. Unset: the handler reads
  // the password and the engine hashes it.
  std::optional<std::string> prepared_password;
};

struct Response {
  int status = 200;
  boost::json::value body;
  // Why a request failed, for humans (logs, stderr). Never part of the body:
  // the body carries only the dialect's stable error envelope.
  std::string detail;
};

// One realtime event caused by a request (or by time passing before it).
struct EventLine {
  std::string event;       // "message", "memberAdded", "user_blocked", ...
  std::string channel_id;  // "" for user-level events (blocks)
  std::vector<std::string> recipients;  // user ids, sorted
  boost::json::object payload;          // {"message": ...}, {"channel": ...}
};

// The JSON Lines forms: {"status":200,"body":{...}} and
// {"event":...,"channelId":...,"recipients":[...],"payload":{...}}.
boost::json::object ToJson(const Response& response);
boost::json::object ToJson(const EventLine& event);

}  // namespace banter::rest

#endif  // BANTER_REST_HTTP_H_
