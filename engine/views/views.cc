// Read-only views of channels and members, and the reads that return one
// channel or member.
#include <algorithm>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/bots/bots.h"
#include "engine/core/status_macros.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages.h"
#include "engine/users/users.h"
#include "engine/views/views.h"

namespace banter {
namespace internal {

MemberView RenderMember(const State& s, ChannelId c, UserId u) {
  const ChannelRecord& ch = s.channels.Record(c);
  const MemberState* m = FindMember(s, c, u);
  BANTER_DCHECK(m != nullptr);
  MemberView v;
  v.user = RenderUser(s, u);
  if (m != nullptr) {
    v.last_read_at = m->last_read_at;
    v.last_sent_at = m->last_sent_at;
    v.joined_at = m->joined_at;
  }
  if (auto x = ch.extras.find(u); x != ch.extras.end()) {
    v.member_info = x->second.member_info;
  }
  if (auto mu = ch.muted.find(u);
      mu != ch.muted.end() && InForce(mu->second, s.now)) {
    v.muted = true;
    v.mute_expires_at = mu->second;
  }
  return v;
}

ChannelView RenderChannel(const State& s, ChannelId c, UserId viewer) {
  const ChannelRecord& ch = s.channels.Record(c);
  const ChannelProfile& profile = s.channels.Profile(c);
  ChannelView v;
  v.handle = c;
  v.id = std::string(s.channels.names().Name(c));
  v.name = profile.name;
  if (ch.owner.valid())
    v.owner_id = std::string(s.users.names().Name(ch.owner));
  v.type = ch.type;
  v.dialect = ch.dialect;
  v.image_url = profile.image_url;
  v.invitation_code = profile.invitation_code;
  v.frozen = ch.frozen;
  v.hide_messages_before_join = ch.hide_messages_before_join;
  v.category = profile.category;
  v.subcategory = profile.subcategory;
  v.member_count = static_cast<int64_t>(ch.members.size());
  v.max_member_count = ch.max_members;
  v.data = profile.data;
  // Super channels may hold millions of members: their lists stay empty
  // (spec §3, §13 #6); the paged reads are the way to see them.
  if (!IsSuper(ch.type)) {
    v.members.reserve(ch.member_order.size());
    for (UserId u : ch.member_order) {
      v.members.push_back(RenderMember(s, c, u));
      if (v.members.back().muted) {
        v.muted_users.emplace_back(s.users.names().Name(u));
      }
    }
    std::vector<UserId> banned;
    for (const auto& [u, ban] : ch.banned) {
      // A deleted user's ban outlives it harmlessly; nobody can be it again
      // (handles are never reused), so it is not shown.
      if (InForce(ban.end_at, s.now) && s.user(u) != nullptr) {
        banned.push_back(u);
      }
    }
    std::sort(banned.begin(), banned.end());
    for (UserId u : banned) {
      MemberView b;
      b.user = RenderUser(s, u);
      v.banned_users.push_back(std::move(b));
    }
  }
  std::vector<BotId> bots(ch.bots.begin(), ch.bots.end());
  std::sort(bots.begin(), bots.end());
  for (BotId b : bots) v.bots.push_back(RenderBot(s, b));
  for (UserId u : ch.managers) {
    v.managers.emplace_back(s.users.names().Name(u));
  }
  v.created_at = ch.created_at;
  v.updated_at = ch.updated_at;
  v.last_sent_at = ch.last_sent_at;
  v.last_message = RenderLastMessage(s, c, viewer);
  v.total_message_count = ch.total_messages;
  v.total_file_count = ch.total_files;
  v.slow_mode_ms = ch.slow_mode_ms;

  if (auto slot = SlotOf(s, c, viewer)) {
    if (auto x = ch.extras.find(viewer); x != ch.extras.end()) {
      v.private_tag = x->second.private_tag;
      v.private_data = x->second.private_data;
      v.push_sound_aos = x->second.push_sound_aos;
      v.push_sound_ios = x->second.push_sound_ios;
    }
    v.push_disabled = ch.push_off.contains(viewer);
    v.unread_count = UnreadCountOf(s, c, *slot);
    v.last_read_at = ch.member_state[*slot].last_read_at;
    v.hidden = ch.hidden_by.contains(viewer);
  }
  return v;
}

}  // namespace internal

absl::StatusOr<ChannelView> Engine::GetChannel(const Actor& actor,
                                               ChannelId channel,
                                               UserId viewer) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot read channels");
  }
  BANTER_ASSIGN_OR_RETURN(const internal::ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (actor.is_user()) {
    if (!internal::IsMemberOf(s, channel, actor.user) &&
        !IsPublicListed(ch->type)) {
      return MakeError(ErrorCode::kUserNotChannelMember,
                       "only members may read this channel");
    }
    // A user sees its own settings, never another member's.
    viewer = actor.user;
  }
  return internal::RenderChannel(s, channel, viewer);
}

namespace {

// The shared walk of ListMembers and ListMemberIds: checks who may list,
// then calls add(UserId) for each member of the page in handle order.
template <typename T, typename Add>
absl::StatusOr<Page<T>> MemberPage(const internal::State& s,
                                   const Actor& actor, ChannelId channel,
                                   UserId after, int limit, Add add) {
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot list members");
  }
  BANTER_ASSIGN_OR_RETURN(const internal::ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (actor.is_user() && !internal::IsMemberOf(s, channel, actor.user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "only members may list members");
  }
  const int n = internal::ClampLimit(limit, 50, 100);
  Page<T> page;
  page.items.reserve(static_cast<size_t>(
      std::min<int64_t>(n, static_cast<int64_t>(ch->members.size()))));
  // The cursor need not be a member any more: the ordered index finds the
  // next handle either way.
  auto it = after.valid() ? ch->member_order.upper_bound(after)
                          : ch->member_order.begin();
  for (; it != ch->member_order.end(); ++it) {
    if (static_cast<int>(page.items.size()) == n) {
      page.has_next = true;
      break;
    }
    add(page.items, *it);
  }
  return page;
}

}  // namespace

absl::StatusOr<Page<MemberView>> Engine::ListMembers(const Actor& actor,
                                                     ChannelId channel,
                                                     UserId after,
                                                     int limit) const {
  const internal::State& s = *s_;
  return MemberPage<MemberView>(
      s, actor, channel, after, limit,
      [&](std::vector<MemberView>& out, UserId u) {
        out.push_back(internal::RenderMember(s, channel, u));
      });
}

absl::StatusOr<Page<UserId>> Engine::ListMemberIds(const Actor& actor,
                                                   ChannelId channel,
                                                   UserId after,
                                                   int limit) const {
  return MemberPage<UserId>(
      *s_, actor, channel, after, limit,
      [](std::vector<UserId>& out, UserId u) { out.push_back(u); });
}

absl::StatusOr<MemberView> Engine::GetMember(const Actor& actor,
                                             ChannelId channel,
                                             UserId user) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot read members");
  }
  BANTER_RETURN_IF_ERROR(internal::LiveChannel(s, channel).status());
  if (actor.is_user() && !internal::IsMemberOf(s, channel, actor.user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "only members may read members");
  }
  if (!internal::IsMemberOf(s, channel, user)) {
    return MakeError(ErrorCode::kChannelMemberNotFound,
                     "no such member in the channel");
  }
  return internal::RenderMember(s, channel, user);
}

}  // namespace banter
