// Reading messages: ids, one message, history pages and the last message
// (docs/messaging.md, "Visibility" and "History").
#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/membership/membership.h"
#include "engine/messages/history_walk.h"
#include "engine/messages/messages.h"
#include "engine/messages/messages_common.h"

namespace banter {
namespace internal {
namespace {

bool Matches(const MessageListQuery& q, const MessageRecord& rec,
             std::string_view text) {
  if (q.files_only && !rec.has_file()) return false;
  if (q.type.has_value() && rec.type != *q.type) return false;
  if (!q.content_query.empty() &&
      text.find(q.content_query) == std::string_view::npos) {
    return false;
  }
  return true;
}

}  // namespace

std::optional<MessageView> RenderLastMessage(const State& s, ChannelId c,
                                             UserId viewer) {
  const ChannelRecord* ch = s.channel(c);
  if (ch == nullptr) return std::nullopt;
  const MessageLog& log = ch->log;
  const Viewer v = MakeViewer(s, c, viewer);
  uint32_t lo = log.base_seq();
  if (!v.admin && v.after_seq + 1 > lo) lo = v.after_seq + 1;
  std::optional<uint32_t> found;
  if (v.to_all_only) {
    for (const SeqIndex* idx :
         {log.broadcast() ? &log.broadcast()->to_all : nullptr,
          log.own(v.user)}) {
      if (idx != nullptr && !idx->empty() && idx->back() >= lo &&
          (!found || idx->back() > *found)) {
        found = idx->back();
      }
    }
  } else {
    // Typically O(1): only tombstones at the head are skipped.
    for (uint32_t seq = log.last_seq(); seq >= lo && seq > 0; --seq) {
      if (!log.at(seq).deleted()) {
        found = seq;
        break;
      }
    }
  }
  if (!found) return std::nullopt;
  return RenderMessage(s, c, *found, viewer);
}

}  // namespace internal

std::string Engine::MessageIdString(MessageId message) const {
  return internal::MessageIdText(*s_, message);
}

MessageId Engine::FindMessage(std::string_view message_id) const {
  const internal::State& s = *s_;
  auto dialect_of = [&](MessageId id) -> std::optional<Dialect> {
    if (!id.valid() || id.channel().value() >= s.channels.size()) {
      return std::nullopt;
    }
    return s.channels.Record(id.channel()).dialect;
  };
  if (auto v = s.message_ids.Decode(message_id)) {
    MessageId id(*v);
    if (dialect_of(id) == Dialect::kTalkPlus) return id;
  }
  // GitpleLive: the decimal value, without leading zeros.
  if (message_id.empty() || message_id.size() > 20 || message_id[0] == '0') {
    return MessageId();
  }
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(message_id.data(),
                                   message_id.data() + message_id.size(), v);
  if (ec != std::errc() || end != message_id.data() + message_id.size()) {
    return MessageId();
  }
  MessageId id(v);
  if (dialect_of(id) == Dialect::kGitpleLive) return id;
  return MessageId();
}

absl::StatusOr<MessageView> Engine::GetMessage(const Actor& actor,
                                               MessageId message,
                                               UserId viewer) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_ASSIGN_OR_RETURN(const UserId v,
                          internal::ReadingViewer(actor, viewer));
  BANTER_ASSIGN_OR_RETURN(const internal::ConstLocated at,
                          internal::LocateMessage(s, message));
  BANTER_RETURN_IF_ERROR(internal::RequireMember(s, at.channel, v));
  if (!internal::Visible(internal::MakeViewer(s, at.channel, v), at.seq,
                         *at.rec)) {
    return MakeError(ErrorCode::kMessageNotFound, "message not found");
  }
  return internal::RenderMessage(s, at.channel, at.seq, v);
}

namespace internal {
namespace {

// The history walk both page calls share: checks the caller, then calls
// `visit(log, seq, rec, text)` for each message of the page, newest or oldest
// first, at most the clamped limit of them. Returns has_next, or the error.
template <typename Visit>
absl::StatusOr<bool> WalkHistory(const State& s, const Actor& actor,
                                 const MessageListQuery& q, UserId* viewer_out,
                                 Visit visit) {
  BANTER_RETURN_IF_ERROR(CheckActor(s, actor));
  BANTER_ASSIGN_OR_RETURN(const UserId viewer, ReadingViewer(actor, q.viewer));
  *viewer_out = viewer;
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch, LiveChannel(s, q.channel));
  BANTER_RETURN_IF_ERROR(RequireMember(s, q.channel, viewer));
  const MessageLog& log = ch->log;
  const bool descending = q.order == MessageListQuery::Order::kLatest;
  uint32_t lo = log.base_seq();
  uint32_t hi = log.last_seq();
  if (q.after.valid()) {
    const uint32_t cursor = q.after.seq();
    if (q.after.channel() != q.channel || !log.Retains(cursor)) {
      return MakeError(ErrorCode::kMessageNotFound,
                       "cursor is not a message of this channel");
    }
    if (descending) {
      hi = cursor - 1;
    } else {
      lo = cursor + 1;
    }
  }
  const Viewer v = MakeViewer(s, q.channel, viewer);
  if (!v.admin && v.after_seq >= lo) lo = v.after_seq + 1;
  const int limit = ClampLimit(q.limit, 20, 50);

  // Pick the narrowest source; Visible and Matches still decide every item.
  SeqWalk walk =
      q.files_only ? SeqWalk(&log.files(), nullptr, lo, hi, descending)
      : v.to_all_only
          ? SeqWalk(log.broadcast() ? &log.broadcast()->to_all : nullptr,
                    log.own(viewer), lo, hi, descending)
          : SeqWalk(lo, hi, descending);
  int taken = 0;
  uint32_t seq;
  MessageLog::Cursor cursor(log);
  while (walk.Next(&seq)) {
    const MessageRecord& rec = cursor.at(seq);
    if (!Visible(v, seq, rec)) continue;
    const std::string_view text = cursor.text(seq);
    if (!Matches(q, rec, text)) continue;
    if (taken == limit) return true;
    visit(log, seq, rec, text);
    ++taken;
  }
  return false;
}

}  // namespace
}  // namespace internal

absl::StatusOr<Page<MessageView>> Engine::ListMessages(
    const Actor& actor, const MessageListQuery& q) const {
  const internal::State& s = *s_;
  Page<MessageView> page;
  UserId viewer;
  BANTER_ASSIGN_OR_RETURN(
      page.has_next,
      internal::WalkHistory(s, actor, q, &viewer,
                            [&](const internal::MessageLog&, uint32_t seq,
                                const internal::MessageRecord&,
                                std::string_view) {
                              page.items.push_back(internal::RenderMessage(
                                  s, q.channel, seq, viewer));
                            }));
  return page;
}

absl::StatusOr<bool> Engine::ListMessageRefs(
    const Actor& actor, const MessageListQuery& q,
    std::vector<MessageRef>* out) const {
  out->clear();
  UserId viewer;
  return internal::WalkHistory(
      *s_, actor, q, &viewer,
      [&](const internal::MessageLog& log, uint32_t seq,
          const internal::MessageRecord& rec, std::string_view text) {
        out->push_back(
            MessageRef{MessageId(q.channel, seq), rec.user(), rec.bot(),
                       rec.type, rec.created_at,
                       rec.has_extras() ? log.updated_at(seq) : rec.created_at,
                       text, rec.has_extras()});
      });
}

}  // namespace banter
