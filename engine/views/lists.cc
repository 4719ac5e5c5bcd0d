// Channel lists (spec §6.14, design.md "Orders"): joined and hidden lists by
// last activity, public and admin lists by creation, and a bot's channels.
#include <algorithm>
#include <iterator>
#include <tuple>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages.h"
#include "engine/views/views.h"

namespace banter {
namespace {

using internal::ChannelProfile;
using internal::ChannelRecord;
using internal::State;
using Kind = ChannelListQuery::Kind;

// Position in the activity order: newest activity first, then newest handle.
struct ActivityKey {
  Millis at;
  ChannelId c;
  // "Comes before" in the list.
  friend bool operator<(const ActivityKey& a, const ActivityKey& b) {
    return std::tie(a.at, a.c) > std::tie(b.at, b.c);
  }
};

ActivityKey KeyOf(const State& s, ChannelId c) {
  const ChannelRecord& ch = s.channels.Record(c);
  return {ch.last_sent_at != 0 ? ch.last_sent_at : ch.created_at, c};
}

// The query's filters, judged for `viewer` (invalid = none: viewer-specific
// filters then see an empty tag and no unread messages).
bool Matches(const State& s, ChannelId c, const ChannelListQuery& q,
             UserId viewer) {
  const ChannelRecord& ch = s.channels.Record(c);
  if (q.type.has_value() && ch.type != *q.type) return false;
  const ChannelProfile& profile = s.channels.Profile(c);
  if (q.category.has_value() && profile.category != *q.category) return false;
  if (q.subcategory.has_value() && profile.subcategory != *q.subcategory) {
    return false;
  }
  if (q.frozen.has_value() && ch.frozen != *q.frozen) return false;
  if (!q.name_query.empty() &&
      profile.name.find(q.name_query) == std::string::npos) {
    return false;
  }
  for (UserId m : q.members) {
    if (!internal::IsMemberOf(s, c, m)) return false;
  }
  if (q.private_tag.has_value() || q.has_unread) {
    auto slot = internal::SlotOf(s, c, viewer);
    if (q.has_unread &&
        (!slot || internal::UnreadCountOf(s, c, *slot) <= 0)) {
      return false;
    }
    if (q.private_tag.has_value()) {
      const std::string* tag = nullptr;
      if (slot) {
        if (auto x = ch.extras.find(viewer); x != ch.extras.end()) {
          tag = &x->second.private_tag;
        }
      }
      if ((tag == nullptr ? std::string() : *tag) != *q.private_tag) {
        return false;
      }
    }
  }
  return true;
}

absl::Status BadCursor() {
  return MakeError(ErrorCode::kParamsBindingError,
                   "the cursor channel is not in this list");
}

}  // namespace

absl::StatusOr<Page<ChannelView>> Engine::ListChannels(
    const Actor& actor, const ChannelListQuery& query) const {
  const State& s = *s_;
  const ChannelListQuery& q = query;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot list channels");
  }
  UserId viewer = q.user;
  switch (q.kind) {
    case Kind::kJoined:
    case Kind::kHidden:
      BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, q.user));
      BANTER_RETURN_IF_ERROR(internal::LiveUser(s, q.user).status());
      break;
    case Kind::kPublic:
      if (actor.is_user()) {
        if (q.user.valid() && q.user != actor.user) {
          return MakeError(ErrorCode::kUnauthorized,
                           "a user lists public channels as itself");
        }
        viewer = actor.user;
      } else if (q.user.valid()) {
        BANTER_RETURN_IF_ERROR(internal::LiveUser(s, q.user).status());
      }
      break;
    case Kind::kAll:
      BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
      if (q.user.valid()) {
        BANTER_RETURN_IF_ERROR(internal::LiveUser(s, q.user).status());
      }
      break;
    default:
      return MakeError(ErrorCode::kParamsBindingError, "unknown list kind");
  }
  if (q.limit < 0) {
    return MakeError(ErrorCode::kParamsBindingError, "negative limit");
  }
  const size_t n = static_cast<size_t>(internal::ClampLimit(q.limit, 20, 100));

  // Matching channels in list order, up to n + 1 (the extra one only says
  // whether a next page exists).
  std::vector<ChannelId> hits;
  if (q.kind == Kind::kJoined || q.kind == Kind::kHidden) {
    // Activity changes with every message, so there is no index to walk:
    // select the page from the user's channels, O(channels + n log n).
    const internal::ChannelSlots& joined = s.user_channels.of(q.user);
    const auto& hid = s.user_channels.hidden_of(q.user);
    const bool want_hidden = q.kind == Kind::kHidden;
    auto listed = [&](ChannelId c) {
      return joined.contains(c) && hid.contains(c) == want_hidden;
    };
    std::optional<ActivityKey> cursor;
    if (q.after.valid()) {
      if (!listed(q.after)) return BadCursor();
      cursor = KeyOf(s, q.after);
    }
    std::vector<ActivityKey> keys;
    for (const auto& [c, slot] : joined) {
      if (hid.contains(c) != want_hidden) continue;
      ActivityKey k = KeyOf(s, c);
      if (cursor && !(*cursor < k)) continue;
      if (Matches(s, c, q, viewer)) keys.push_back(k);
    }
    const size_t take = std::min(keys.size(), n + 1);
    std::partial_sort(keys.begin(), keys.begin() + take, keys.end());
    for (size_t i = 0; i < take; ++i) hits.push_back(keys[i].c);
  } else if (q.kind == Kind::kPublic) {
    auto end = s.channels.public_list().end();
    if (q.after.valid()) {
      end = s.channels.public_list().find(q.after);
      if (end == s.channels.public_list().end()) return BadCursor();
    }
    for (auto it = std::make_reverse_iterator(end);
         it != s.channels.public_list().rend() && hits.size() <= n; ++it) {
      if (Matches(s, *it, q, viewer)) hits.push_back(*it);
    }
  } else {
    uint32_t start = static_cast<uint32_t>(s.channels.size());
    if (q.after.valid()) {
      if (s.channel(q.after) == nullptr) return BadCursor();
      start = q.after.value();
    }
    for (uint32_t h = start; h-- > 1 && hits.size() <= n;) {
      const ChannelId c(h);
      if (s.channels.Record(ChannelId(h)).live && Matches(s, c, q, viewer))
        hits.push_back(c);
    }
  }

  Page<ChannelView> page;
  page.has_next = hits.size() > n;
  if (page.has_next) hits.pop_back();
  page.items.reserve(hits.size());
  for (ChannelId c : hits) {
    page.items.push_back(internal::RenderChannel(s, c, viewer));
  }
  return page;
}

absl::StatusOr<Page<ChannelView>> Engine::ListBotChannels(const Actor& actor,
                                                          BotId bot,
                                                          ChannelId after,
                                                          int limit) const {
  const State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (!actor.is_admin() && !(actor.is_bot() && actor.bot == bot)) {
    return MakeError(ErrorCode::kUnauthorized,
                     "only the admin or the bot itself may list its channels");
  }
  BANTER_ASSIGN_OR_RETURN(const internal::BotRecord* b,
                          internal::LiveBot(s, bot));
  const size_t n = static_cast<size_t>(internal::ClampLimit(limit, 20, 100));
  Page<ChannelView> page;
  auto it = after.valid() ? b->channels.upper_bound(after)
                          : b->channels.begin();
  for (; it != b->channels.end(); ++it) {
    if (page.items.size() == n) {
      page.has_next = true;
      break;
    }
    page.items.push_back(internal::RenderChannel(s, *it, UserId()));
  }
  return page;
}

}  // namespace banter
