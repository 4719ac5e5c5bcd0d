// Search: the queries and pages of Engine::SearchMessages and
// Engine::SearchUsers (engine.h).
//
// Searches are reads: they change nothing, are not commands and are never
// journaled. Both are cursor paged like the lists they resemble, and each
// call costs a bounded amount of work (docs/messaging.md, "Search";
// docs/model.md, "User search"):
//
//  - Message search scans the channel's retained history in the history
//    order, with the history's visibility rules, and stops after at most
//    `max_scan` candidate messages. A page may therefore come back short, or
//    empty, with has_next set: continue from `resume`. There is no index: a
//    message costs no memory for search, and a call costs O(messages
//    scanned): about 12.5 ns per short message in a Release build, 125 us
//    for a whole default channel (bench/search_bench.cc).
//  - User search walks an ordered index of user ids and one of folded user
//    names kept by the engine: O(log users + limit) per call.
//
// Thread-safety: plain values; no shared state.
#ifndef BANTER_SEARCH_H_
#define BANTER_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "banter/commands.h"
#include "banter/ids.h"
#include "banter/types.h"

namespace banter {

// ---- Messages --------------------------------------------------------------

// Bytes of a search text.
inline constexpr size_t kMaxSearchTextBytes = 256;
// Candidate messages one SearchMessages call examines when the query names no
// budget: the default history cap of every channel type, so with default
// options one call always covers a channel's whole history.
inline constexpr uint32_t kDefaultSearchScan = 10'000;
// The largest budget a query may name; larger values are clamped.
inline constexpr uint32_t kMaxSearchScan = 100'000;

struct MessageSearchQuery {
  ChannelId channel;
  UserId viewer;  // whose visibility rules apply; unset = admin view
  // Found in a message's text, ASCII letters compared without case; other
  // bytes (every byte of a non-ASCII character) exactly. 1..256 bytes of
  // valid UTF-8 without NUL.
  std::string text;
  // kLatest walks from the newest message back, kOldest from the oldest on.
  MessageListQuery::Order order = MessageListQuery::Order::kLatest;
  // Cursor, exclusive: the last item of the previous page or the previous
  // page's `resume`. Any message of this channel ever sent, deleted or
  // dropped by retention included.
  MessageId after;
  int limit = 20;  // clamped to 1..50
  // Messages examined at most: 0 = kDefaultSearchScan; clamped to
  // kMaxSearchScan.
  uint32_t max_scan = 0;
  std::optional<MessageType> type;  // only messages of this type
  friend bool operator==(const MessageSearchQuery&,
                         const MessageSearchQuery&) = default;
};

struct MessageSearchPage {
  // Matches in walk order (kLatest: newest first).
  std::vector<MessageView> items;
  // More matches may follow: either another match was seen after a full
  // page, or the scan budget ran out before the window did.
  bool has_next = false;
  // When has_next: the `after` of the next call. The last item when the page
  // filled; otherwise the last message scanned, which the viewer may not be
  // able to see (it names a position, not a result).
  MessageId resume;
  // Candidate messages examined, tombstones and invisible ones included.
  uint32_t scanned = 0;
  friend bool operator==(const MessageSearchPage&,
                         const MessageSearchPage&) = default;
};

// ---- Users -----------------------------------------------------------------

struct UserSearchQuery {
  enum class Field : uint8_t {
    kId,    // the user id, compared byte for byte (ids are case-sensitive)
    kName,  // the username, ASCII letters compared without case
  };
  enum class Match : uint8_t { kPrefix, kExact };
  Field field = Field::kId;
  Match match = Match::kPrefix;
  std::string text;  // 1..128 bytes of valid UTF-8 without NUL
  // Cursor, exclusive: the last user of the previous page.
  UserId after;
  int limit = 20;  // clamped to 1..100
  friend bool operator==(const UserSearchQuery&,
                         const UserSearchQuery&) = default;
};

// Bytes of a user search text.
inline constexpr size_t kMaxUserSearchTextBytes = 128;

}  // namespace banter

#endif  // BANTER_SEARCH_H_
