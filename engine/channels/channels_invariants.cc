// CheckChannelInvariants (C1 - C8 of channel_record.h, plus S1 - S3 for
// channels) and DumpChannels.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "banter/engine.h"
#include "engine/channels/channel_rules.h"
#include "engine/core/strings.h"
#include "engine/invariants.h"

namespace banter::internal {
namespace {

std::string Ch(ChannelId c) { return absl::StrCat("channel ", c.value()); }

// Invariants of this area beyond C1 - C8 (docs/model.md, "The channels area as
// built"):
//  C9.  Field rules hold: invitationOnly has a code, super types none;
//       subcategory only with category; TalkPlus channels have no managers
//       and no history of them; former_members only on GitpleLive channels
//       that are not super types (open channels), disjoint from members.
//  C10. Extras entries are never empty (the sparse map drops them).
//  C11. A dead channel (tombstone) holds nothing but its type, dialect and
//       creation time.
//  C12. The sender filters are exact: `filters` holds one entry {i, false}
//       under key b for every member slot i and every user b that
//       members[i] blocks, one entry {i, true} under key t for every peer
//       mute (members[i], t) in peer_muted, nothing else, and no empty list.
absl::Status CheckLive(const State& s, ChannelId c, const ChannelRecord& ch) {
  const std::string who = Ch(c);
  // C1.
  if (ch.members.size() != ch.member_state.size() ||
      ch.members.size() != ch.member_order.size()) {
    return Violation("C1", absl::StrCat(who, ": member arrays differ in size"));
  }
  // C2 (channel side) and C1 (member_order holds exactly the members: equal
  // sizes plus every member in the set).
  for (size_t i = 0; i < ch.members.size(); ++i) {
    const UserId u = ch.members[i];
    const UserRecord* ur = s.user(u);
    if (ur == nullptr) {
      return Violation("C8", absl::StrCat(who, " holds dead user ", u.value()));
    }
    const ChannelSlots& row = s.user_channels.of(u);
    auto it = row.find(c);
    if (it == row.end() || it->second != i) {
      return Violation("C2", absl::StrCat(who, " slot ", i, " holds user ",
                                          u.value(), ", who lists another slot"));
    }
    if (!ch.member_order.contains(u)) {
      return Violation("C1", absl::StrCat(who, ": user ", u.value(),
                                          " missing from member_order"));
    }
  }
  // C3.
  if (!IsValidMaxMembers(ch.max_members, ch.type)) {
    return Violation("C3", absl::StrCat(who, ": max_members ", ch.max_members,
                                        " invalid for its type"));
  }
  if (ch.max_members >= 0 &&
      ch.members.size() > static_cast<size_t>(ch.max_members)) {
    return Violation("C3", absl::StrCat(who, ": ", ch.members.size(),
                                        " members over the cap"));
  }
  // C4.
  if (ch.owner.valid() && !IsMemberOf(s, c, ch.owner)) {
    return Violation("C4", absl::StrCat(who, ": owner ", ch.owner.value(),
                                        " is not a live member"));
  }
  // C5.
  for (const auto& [u, ban] : ch.banned) {
    if (IsMemberOf(s, c, u)) {
      return Violation("C5", absl::StrCat(who, ": banned user ", u.value(),
                                          " is a member"));
    }
  }
  auto member = [&](UserId u) { return IsMemberOf(s, c, u); };
  auto not_member = [&](std::string_view set, UserId u) {
    return Violation("C5", absl::StrCat(who, ": ", Sv(set), " holds non-member ",
                                        u.value()));
  };
  for (const auto& [u, end] : ch.muted) {
    if (!member(u)) return not_member("muted", u);
  }
  for (UserId u : ch.push_off) {
    if (!member(u)) return not_member("push_off", u);
  }
  uint32_t push_disabled = 0;
  for (UserId u : ch.members) push_disabled += s.users.Record(u).push_disabled;
  if (push_disabled != ch.push_disabled_members) {
    return Violation("C5", absl::StrCat(who, ": push_disabled_members is ",
                                        ch.push_disabled_members, ", counted ",
                                        push_disabled));
  }
  for (UserId u : ch.hidden_by) {
    if (!member(u)) return not_member("hidden_by", u);
    if (!s.user_channels.hidden_of(u).contains(c)) {
      return Violation("C5", absl::StrCat(who, ": hidden by user ", u.value(),
                                          " whose hidden set lacks it"));
    }
  }
  for (const auto& [u, x] : ch.extras) {
    if (!member(u)) return not_member("extras", u);
    if (x.empty()) {
      return Violation("C10", absl::StrCat(who, ": empty extras entry for user ",
                                           u.value()));
    }
  }
  for (UserId u : ch.managers) {
    if (!member(u)) return not_member("managers", u);
  }
  for (const auto& [muter, targets] : ch.peer_muted) {
    if (!member(muter)) return not_member("peer_muted", muter);
    for (const auto& [target, end] : targets) {
      if (!member(target)) return not_member("peer_muted targets", target);
    }
  }
  // C12: the filters rebuilt from the members' blocks and the peer mutes,
  // compared as sorted lists.
  {
    auto order = [](const SenderFilter& a, const SenderFilter& b) {
      return a.slot != b.slot ? a.slot < b.slot : a.peer_mute < b.peer_mute;
    };
    absl::flat_hash_map<UserId, std::vector<SenderFilter>> want;
    for (size_t i = 0; i < ch.members.size(); ++i) {
      for (UserId b : s.users.Record(ch.members[i]).blocked) {
        want[b].push_back({.slot = static_cast<uint32_t>(i)});
      }
    }
    for (const auto& [muter, targets] : ch.peer_muted) {
      const uint32_t slot = s.user_channels.of(muter).find(c)->second;
      for (const auto& [target, end] : targets) {
        want[target].push_back({.slot = slot, .peer_mute = true});
      }
    }
    if (want.size() != ch.filters.size()) {
      return Violation("C12",
                       absl::StrCat(who, ": filters for ", ch.filters.size(),
                                    " senders, ", want.size(), " expected"));
    }
    for (auto& [sender, list] : want) {
      auto it = ch.filters.find(sender);
      if (it == ch.filters.end()) {
        return Violation("C12", absl::StrCat(who, ": no filters for sender ",
                                             sender.value()));
      }
      std::vector<SenderFilter> have(it->second.begin(), it->second.end());
      std::sort(have.begin(), have.end(), order);
      std::sort(list.begin(), list.end(), order);
      if (have != list) {
        return Violation(
            "C12", absl::StrCat(who, ": filters for sender ", sender.value(),
                                " differ from the blocks and "
                                "peer mutes"));
      }
    }
  }
  // C6.
  const uint32_t last = ch.log.last_seq();
  for (size_t i = 0; i < ch.member_state.size(); ++i) {
    const MemberState& m = ch.member_state[i];
    if (m.read_seq > last || m.join_seq > last || m.join_seq > m.read_seq) {
      return Violation("C6", absl::StrCat(who, ": member ",
                                          ch.members[i].value(), " read_seq ",
                                          m.read_seq, " join_seq ", m.join_seq,
                                          " last_seq ", last));
    }
  }
  // C7 (channel side).
  for (size_t i = 0; i < ch.bots.size(); ++i) {
    const BotId b = ch.bots[i];
    const BotRecord* br = s.bot(b);
    if (br == nullptr || !br->channels.contains(c)) {
      return Violation("C7", absl::StrCat(who, " lists bot ", b.value(),
                                          " which is dead or lacks it"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (ch.bots[j] == b) {
        return Violation("C7", absl::StrCat(who, " lists bot ", b.value(),
                                            " twice"));
      }
    }
  }
  // C9.
  const ChannelProfile& profile = s.channels.Profile(c);
  if (ch.type == ChannelType::kInvitationOnly &&
      profile.invitation_code.empty()) {
    return Violation("C9", absl::StrCat(who, ": invitationOnly without code"));
  }
  if (IsSuper(ch.type) && !profile.invitation_code.empty()) {
    return Violation("C9", absl::StrCat(who, ": super type with a code"));
  }
  if (!profile.subcategory.empty() && profile.category.empty()) {
    return Violation("C9", absl::StrCat(who, ": subcategory without category"));
  }
  if (ch.dialect == Dialect::kTalkPlus &&
      (!ch.managers.empty() || ch.ever_had_manager ||
       !ch.former_members.empty())) {
    return Violation("C9", absl::StrCat(who, ": TalkPlus channel with "
                                             "GitpleLive history"));
  }
  if (IsSuper(ch.type) && !ch.former_members.empty()) {
    return Violation("C9", absl::StrCat(who, ": super type with a join "
                                             "history"));
  }
  for (UserId u : ch.former_members) {
    if (member(u)) {
      return Violation("C9", absl::StrCat(who, ": former member ", u.value(),
                                          " is a member"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckChannelInvariants(const State& s) {
  // S1.
  if (s.channels.size() != s.channels.names().issued() + 1) {
    return Violation(
        "S1", absl::StrCat(s.channels.size() - 1, " channel records for ",
                           s.channels.names().issued(), " names"));
  }
  for (uint32_t h = 1; h < s.channels.size(); ++h) {
    const ChannelId c(h);
    const ChannelRecord& ch = s.channels.Record(ChannelId(h));
    // S2.
    const bool named = s.channels.names().Find(s.channels.names().Name(c)) == c;
    if (named != ch.live) {
      return Violation("S2", absl::StrCat(Ch(c), ch.live ? " is live but its "
                                                           "name is not bound"
                                                         : " is dead but its "
                                                           "name is bound"));
    }
    // S3.
    const bool listed = s.channels.public_list().contains(c);
    if (listed != (ch.live && IsPublicListed(ch.type))) {
      return Violation("S3", absl::StrCat(Ch(c), listed ? " wrongly listed"
                                                        : " missing from "
                                                          "public_channels"));
    }
    if (ch.live) {
      absl::Status st = CheckLive(s, c, ch);
      if (!st.ok()) return st;
    } else if (!ch.members.empty() || !ch.member_order.empty() ||
               !ch.extras.empty() || !ch.banned.empty() || !ch.muted.empty() ||
               !ch.bots.empty() || !ch.managers.empty() ||
               !ch.filters.empty() || ch.owner.valid() ||
               s.channels.Profile(c) != ChannelProfile()) {
      return Violation("C11", absl::StrCat(Ch(c), " is dead but holds state"));
    }
  }
  // C2 (user side): every row of the membership table.
  for (uint32_t h = 1; h < s.users.size(); ++h) {
    for (const auto& [c, slot] : s.user_channels.of(UserId(h))) {
      const ChannelRecord* ch = s.channel(c);
      if (ch == nullptr || slot >= ch->members.size() ||
          ch->members[slot] != UserId(h)) {
        return Violation("C2", absl::StrCat("user ", h, " lists ", Ch(c),
                                            " slot ", slot,
                                            ", which does not hold it"));
      }
    }
  }
  // C7 (bot side).
  for (uint32_t h = 1; h < s.bots.size(); ++h) {
    for (ChannelId c : s.bots.Record(BotId(h)).channels) {
      const ChannelRecord* ch = s.channel(c);
      if (ch == nullptr ||
          std::find(ch->bots.begin(), ch->bots.end(), BotId(h)) ==
              ch->bots.end()) {
        return Violation("C7", absl::StrCat("bot ", h, " lists ", Ch(c),
                                            ", which is dead or lacks it"));
      }
    }
  }
  return absl::OkStatus();
}

namespace {

std::string Q(std::string_view s) {
  return absl::StrCat("\"", absl::CEscape(Sv(s)), "\"");
}

std::string Map(const Metadata& m) {
  std::string out = "{";
  for (const auto& [k, v] : m) {
    if (out.size() > 1) out += ",";
    absl::StrAppend(&out, Q(k), ":", Q(v));
  }
  return out + "}";
}

template <typename Set>
std::vector<typename Set::value_type> Sorted(const Set& set) {
  std::vector<typename Set::value_type> v(set.begin(), set.end());
  std::sort(v.begin(), v.end());
  return v;
}

template <typename Map>
std::vector<typename Map::key_type> SortedKeys(const Map& map) {
  std::vector<typename Map::key_type> v;
  v.reserve(map.size());
  for (const auto& kv : map) v.push_back(kv.first);
  std::sort(v.begin(), v.end());
  return v;
}

void DumpLive(const State& s, ChannelId c, const ChannelRecord& ch,
              std::string* out) {
  const std::string p = Ch(c);
  absl::StrAppend(out, p, " id=", Q(s.channels.names().Name(c)),
                  " type=", Sv(ChannelTypeName(ch.type)), " dialect=",
                  ch.dialect == Dialect::kTalkPlus ? "talkplus" : "gitplelive",
                  " owner=", ch.owner.value(), " max_members=", ch.max_members,
                  " frozen=", ch.frozen ? 1 : 0,
                  " hide_before_join=", ch.hide_messages_before_join ? 1 : 0,
                  " created_at=", ch.created_at, " updated_at=", ch.updated_at,
                  " last_sent_at=", ch.last_sent_at, "\n");
  const ChannelProfile& profile = s.channels.Profile(c);
  absl::StrAppend(out, p, " name=", Q(profile.name),
                  " image_url=", Q(profile.image_url),
                  " invitation_code=", Q(profile.invitation_code),
                  " category=", Q(profile.category),
                  " subcategory=", Q(profile.subcategory), "\n");
  absl::StrAppend(out, p, " data=", Map(profile.data), "\n");
  absl::StrAppend(out, p, " totals messages=", ch.total_messages,
                  " files=", ch.total_files,
                  " ever_had_manager=", ch.ever_had_manager ? 1 : 0, "\n");
  // The member array's order is state too (fan-out spans follow it).
  absl::StrAppend(out, p, " member_array=");
  for (size_t i = 0; i < ch.members.size(); ++i) {
    absl::StrAppend(out, i ? "," : "", ch.members[i].value());
  }
  absl::StrAppend(out, "\n");
  for (UserId u : ch.member_order) {
    const ChannelSlots& row = s.user_channels.of(u);
    const auto it = row.find(c);
    const MemberState* m =
        it == row.end() ||
                it->second >= ch.member_state.size()
            ? nullptr
            : &ch.member_state[it->second];
    absl::StrAppend(out, p, " member ", u.value());
    if (m != nullptr) {
      absl::StrAppend(out, " read_seq=", m->read_seq, " join_seq=", m->join_seq,
                      " last_read_at=", m->last_read_at,
                      " last_sent_at=", m->last_sent_at,
                      " joined_at=", m->joined_at);
    }
    absl::StrAppend(out, " push_off=", ch.push_off.contains(u) ? 1 : 0,
                    " hidden=", ch.hidden_by.contains(u) ? 1 : 0,
                    " manager=", ch.managers.contains(u) ? 1 : 0, "\n");
    if (auto x = ch.extras.find(u); x != ch.extras.end()) {
      const MemberExtras& e = x->second;
      absl::StrAppend(out, p, " member ", u.value(),
                      " member_info=", Map(e.member_info),
                      " private_data=", Map(e.private_data),
                      " private_tag=", Q(e.private_tag),
                      " sound_aos=", Q(e.push_sound_aos),
                      " sound_ios=", Q(e.push_sound_ios),
                      " delivered_at=", e.delivered_at, "\n");
    }
  }
  // Sets not covered by the per-member lines (they may name non-members
  // when broken, which is exactly when a dump is read).
  for (UserId u : Sorted(ch.push_off)) {
    if (!ch.member_order.contains(u)) {
      absl::StrAppend(out, p, " push_off non-member ", u.value(), "\n");
    }
  }
  for (UserId u : Sorted(ch.hidden_by)) {
    if (!ch.member_order.contains(u)) {
      absl::StrAppend(out, p, " hidden_by non-member ", u.value(), "\n");
    }
  }
  for (UserId u : ch.managers) {
    if (!ch.member_order.contains(u)) {
      absl::StrAppend(out, p, " manager non-member ", u.value(), "\n");
    }
  }
  for (UserId u : SortedKeys(ch.extras)) {
    if (!ch.member_order.contains(u)) {
      absl::StrAppend(out, p, " extras non-member ", u.value(), "\n");
    }
  }
  for (BotId b : Sorted(ch.bots)) {
    absl::StrAppend(out, p, " bot ", b.value(), "\n");
  }
  for (UserId u : SortedKeys(ch.muted)) {
    absl::StrAppend(out, p, " muted ", u.value(), " end=", ch.muted.at(u),
                    "\n");
  }
  for (UserId u : SortedKeys(ch.banned)) {
    const BanRecord& b = ch.banned.at(u);
    absl::StrAppend(out, p, " banned ", u.value(), " start=", b.start_at,
                    " end=", b.end_at, " reason=", Q(b.reason), "\n");
  }
  for (UserId muter : SortedKeys(ch.peer_muted)) {
    for (const auto& [target, end] : ch.peer_muted.at(muter)) {
      absl::StrAppend(out, p, " peer_mute ", muter.value(), " -> ",
                      target.value(), " end=", end, "\n");
    }
  }
  // The reverse peer-mute index, as the peer-mute entries of the filters
  // (the block entries follow from the users' blocked sets).
  for (UserId target : SortedKeys(ch.filters)) {
    std::vector<UserId> muters;
    for (const SenderFilter& f : ch.filters.at(target)) {
      if (f.peer_mute) muters.push_back(ch.members[f.slot]);
    }
    if (muters.empty()) continue;
    std::sort(muters.begin(), muters.end());
    absl::StrAppend(out, p, " peer_muters ", target.value(), " =");
    for (UserId m : muters) absl::StrAppend(out, " ", m.value());
    absl::StrAppend(out, "\n");
  }
  for (UserId u : Sorted(ch.former_members)) {
    absl::StrAppend(out, p, " former_member ", u.value(), "\n");
  }
}

}  // namespace

void DumpChannels(const State& s, std::string* out) {
  for (uint32_t h = 1; h < s.channels.size(); ++h) {
    const ChannelId c(h);
    const ChannelRecord& ch = s.channels.Record(ChannelId(h));
    if (!ch.live) {
      absl::StrAppend(
          out, Ch(c), " dead id=", Q(s.channels.names().Name(c)),
          " type=", Sv(ChannelTypeName(ch.type)), " dialect=",
          ch.dialect == Dialect::kTalkPlus ? "talkplus" : "gitplelive",
          " created_at=", ch.created_at, "\n");
      continue;
    }
    DumpLive(s, c, ch, out);
  }
  absl::StrAppend(out, "public_channels=");
  bool first = true;
  for (ChannelId c : s.channels.public_list()) {
    absl::StrAppend(out, first ? "" : ",", c.value());
    first = false;
  }
  absl::StrAppend(out, "\n");
}

}  // namespace banter::internal
