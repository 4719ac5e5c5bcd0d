// Message search: the history walk with a text filter and a scan budget
// (docs/messaging.md, "Search").
//
// Why a scan and not an index. An inverted index of words cannot answer a
// substring ("raid" in "raiders"); an index of trigrams can, but costs
// memory for every message whether or not anyone ever searches (measured in
// bench/search_bench.cc: 138 bytes per message of 25 bytes of text, twice
// the message's own 68) and work on every send, the engine's hottest call.
// A channel's history is bounded (EngineOptions::history_cap, 10,000
// messages by default), and a scan of it is a sequential walk over the ring
// with one folded compare per message (12.5 ns each). So search costs
// nothing until it is used, and a call costs O(messages scanned), bounded by
// `max_scan`, with a cursor to continue.
#include <algorithm>
#include <cstdint>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/fold.h"
#include "engine/core/status_macros.h"
#include "engine/core/validate.h"
#include "engine/messages/history_walk.h"
#include "engine/messages/messages_common.h"

namespace banter {
namespace {

absl::Status ValidateSearchText(const std::string& text) {
  if (text.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "search text is required");
  }
  if (text.size() > kMaxSearchTextBytes || !internal::IsValidUtf8(text)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "search text must be 1..256 bytes of UTF-8 without NUL");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MessageSearchPage> Engine::SearchMessages(
    const Actor& actor, const MessageSearchQuery& q) const {
  using internal::ChannelRecord;
  using internal::MessageLog;
  using internal::MessageRecord;
  const internal::State& s = *s_;
  // Checks in the history's order, then the search's own.
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_ASSIGN_OR_RETURN(const UserId viewer,
                          internal::ReadingViewer(actor, q.viewer));
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, q.channel));
  BANTER_RETURN_IF_ERROR(internal::RequireMember(s, q.channel, viewer));
  BANTER_RETURN_IF_ERROR(ValidateSearchText(q.text));
  const MessageLog& log = ch->log;
  const bool descending = q.order == MessageListQuery::Order::kLatest;
  uint32_t lo = log.base_seq();
  uint32_t hi = log.last_seq();
  if (q.after.valid()) {
    // Unlike a history cursor, a search cursor may name a message that is
    // gone: `resume` names a position, and retention may pass it between two
    // calls. It must still be a message this channel has sent.
    const uint32_t cursor = q.after.seq();
    if (q.after.channel() != q.channel || cursor == 0 ||
        cursor > log.last_seq()) {
      return MakeError(ErrorCode::kMessageNotFound,
                       "cursor is not a message of this channel");
    }
    if (descending) {
      hi = cursor - 1;
    } else {
      lo = std::max(lo, cursor + 1);
    }
  }
  const internal::Viewer v = internal::MakeViewer(s, q.channel, viewer);
  if (!v.admin && v.after_seq >= lo) lo = v.after_seq + 1;
  const int limit = internal::ClampLimit(q.limit, 20, 50);
  const uint32_t budget = q.max_scan == 0
                              ? kDefaultSearchScan
                              : std::min(q.max_scan, kMaxSearchScan);

  // The history's narrowest source for this viewer; Visible still decides.
  internal::SeqWalk walk =
      v.to_all_only
          ? internal::SeqWalk(log.broadcast() ? &log.broadcast()->to_all
                                              : nullptr,
                              log.own(viewer), lo, hi, descending)
          : internal::SeqWalk(lo, hi, descending);
  const internal::FoldedNeedle needle(q.text);
  MessageSearchPage page;
  uint32_t seq = 0;
  uint32_t last_scanned = 0;
  internal::MessageLog::Cursor cursor(log);
  while (true) {
    if (page.scanned == budget) {
      // Out of budget: more may follow if the walk has more.
      if (walk.Next(&seq)) {
        page.has_next = true;
        page.resume = MessageId(q.channel, last_scanned);
      }
      break;
    }
    if (!walk.Next(&seq)) break;
    ++page.scanned;
    last_scanned = seq;
    const MessageRecord& rec = cursor.at(seq);
    if (!internal::Visible(v, seq, rec)) continue;
    if (q.type.has_value() && rec.type != *q.type) continue;
    if (!needle.In(cursor.text(seq))) continue;
    if (static_cast<int>(page.items.size()) == limit) {
      page.has_next = true;
      page.resume = page.items.back().handle;
      break;
    }
    page.items.push_back(internal::RenderMessage(s, q.channel, seq, viewer));
  }
  return page;
}

}  // namespace banter
