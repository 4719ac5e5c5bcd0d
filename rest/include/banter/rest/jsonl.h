// The `banter rest` line protocol (jsonl.md) over a Server: one request line
// in, zero or more event lines and one response line out.
//
// This is the whole protocol minus the I/O, so tests drive it line by line
// and the command only reads stdin and writes stdout.
//
// Decisions where jsonl.md is silent (docs/rest.md):
//  - Blank (whitespace-only) lines are skipped silently: no output.
//  - Keys of the request line other than method, path, headers, body and now
//    are ignored (goldens use "note" for comments).
//  - `headers` must be an object of strings and `now` an integer; anything
//    else is a malformed line (400, code 1001), like a missing method/path.
//  - A line longer than max_line_bytes is answered 400/1001 unread.
//
// Thread-safety: not thread-safe (it drives a Server).
#ifndef BANTER_REST_JSONL_H_
#define BANTER_REST_JSONL_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "banter/rest/server.h"
#include "banter/types.h"

namespace banter::rest {

struct JsonLinesOptions {
  bool events = false;  // print event lines before each response
  // A line holds one body (ServerOptions::max_body_bytes, 1 MiB by default)
  // plus its method, path and headers; a longer line is refused unread, so
  // the worst line costs bounded memory and time.
  size_t max_line_bytes = (1 << 20) + (64 << 10);
  // Of the whole line: the line object is one level, so a body may nest 32
  // levels, as ServerOptions::max_json_depth allows for a text body.
  int max_json_depth = 33;
};

class JsonLinesSession {
 public:
  JsonLinesSession(Server& server, JsonLinesOptions options);

  // Handles one input line (without its newline). Appends the output lines,
  // each ending in '\n', to *out. `clock_now` is the time used when the line
  // has no "now" (the command passes the wall clock; the library reads
  // none). Returns the response, for diagnostics (its `detail`); a skipped
  // blank line returns status 0 and writes nothing.
  Response HandleLine(std::string_view line, Millis clock_now,
                      std::string* out);

 private:
  Server& server_;
  JsonLinesOptions options_;
};

// One input line, read but not handled: for transports that handle requests
// elsewhere than in HandleLine (a replica publishes its writes first).
struct ParsedLine {
  enum class Kind : uint8_t {
    kBlank,      // whitespace only: skipped, no output
    kRequest,    // `request` holds it (`now` from the line, else clock_now)
    kMalformed,  // `malformed` holds the 400 answer HandleLine would print
  };
  Kind kind = Kind::kBlank;
  Request request;
  Response malformed;
};
ParsedLine ParseRequestLine(std::string_view line, Millis clock_now,
                            const JsonLinesOptions& options);

// The TalkPlus-style answer to a line that is not a request: status 400,
// {"error":true,"code":"1001","message":"ParamsBindingError"}.
Response MalformedLineResponse(std::string_view detail);

}  // namespace banter::rest

#endif  // BANTER_REST_JSONL_H_
