#include "banter/rest/jsonl.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "banter/rest/json_input.h"
#include "boost/json/serialize.hpp"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"

namespace banter::rest {
namespace {

namespace json = boost::json;

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

void AppendLine(const json::object& o, std::string* out) {
  out->append(json::serialize(o));
  out->push_back('\n');
}

// Reads the request line's fields into `request`; a description of the
// first problem otherwise.
std::optional<std::string> ReadRequest(const json::value& line,
                                       Millis clock_now, Request* request) {
  const json::object* o = line.if_object();
  if (o == nullptr) return "the line is not a JSON object";
  const json::value* method = o->if_contains("method");
  if (method == nullptr || !method->is_string()) {
    return "the line lacks a string \"method\"";
  }
  const json::value* path = o->if_contains("path");
  if (path == nullptr || !path->is_string()) {
    return "the line lacks a string \"path\"";
  }
  request->method = std::string(View(method->get_string()));
  request->target = std::string(View(path->get_string()));
  if (const json::value* headers = o->if_contains("headers");
      headers != nullptr && !headers->is_null()) {
    const json::object* h = headers->if_object();
    if (h == nullptr) return "\"headers\" must be an object";
    for (const auto& kv : *h) {
      const json::string* v = kv.value().if_string();
      if (v == nullptr) return "header values must be strings";
      request->headers.emplace_back(
          std::string(kv.key().data(), kv.key().size()), std::string(View(*v)));
    }
  }
  if (const json::value* body = o->if_contains("body"); body != nullptr) {
    request->body = *body;
  }
  request->now = clock_now;
  if (const json::value* now = o->if_contains("now");
      now != nullptr && !now->is_null()) {
    const int64_t* ms = now->if_int64();
    if (ms == nullptr) return "\"now\" must be an integer (milliseconds)";
    request->now = *ms;
  }
  return std::nullopt;
}

}  // namespace

Response MalformedLineResponse(std::string_view detail) {
  Response r;
  r.status = 400;
  r.body = TalkPlusErrorBody(ErrorCode::kParamsBindingError);
  r.detail = std::string(detail);
  return r;
}

JsonLinesSession::JsonLinesSession(Server& server, JsonLinesOptions options)
    : server_(server), options_(options) {}

ParsedLine ParseRequestLine(std::string_view line, Millis clock_now,
                            const JsonLinesOptions& options) {
  ParsedLine out;
  if (IsBlank(line)) return out;
  if (line.size() > options.max_line_bytes) {
    out.kind = ParsedLine::Kind::kMalformed;
    out.malformed = MalformedLineResponse("line too long");
    return out;
  }
  absl::StatusOr<json::value> parsed = ParseJson(line, options.max_json_depth);
  std::optional<std::string> problem;
  if (!parsed.ok()) {
    const auto msg = parsed.status().message();
    problem = std::string(msg.data(), msg.size());
  } else {
    problem = ReadRequest(*parsed, clock_now, &out.request);
  }
  if (problem.has_value()) {
    out.kind = ParsedLine::Kind::kMalformed;
    out.malformed = MalformedLineResponse(*problem);
    return out;
  }
  out.kind = ParsedLine::Kind::kRequest;
  return out;
}

Response JsonLinesSession::HandleLine(std::string_view line, Millis clock_now,
                                      std::string* out) {
  ParsedLine parsed = ParseRequestLine(line, clock_now, options_);
  if (parsed.kind == ParsedLine::Kind::kBlank) {
    Response skipped;
    skipped.status = 0;
    return skipped;
  }
  Response response;
  std::vector<EventLine> events;
  if (parsed.kind == ParsedLine::Kind::kMalformed) {
    response = std::move(parsed.malformed);
  } else {
    response =
        server_.Handle(parsed.request, options_.events ? &events : nullptr);
  }
  for (const EventLine& e : events) AppendLine(ToJson(e), out);
  AppendLine(ToJson(response), out);
  return response;
}

}  // namespace banter::rest
