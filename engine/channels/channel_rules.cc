#include "engine/channels/channel_rules.h"

#include "absl/container/flat_hash_set.h"

namespace banter::internal {

std::vector<UserId> Dedupe(const std::vector<UserId>& users) {
  std::vector<UserId> out;
  out.reserve(users.size());
  // Request lists are short; a linear scan beats hashing below a few dozen.
  if (users.size() <= 32) {
    for (UserId u : users) {
      bool seen = false;
      for (UserId v : out) seen = seen || v == u;
      if (!seen) out.push_back(u);
    }
    return out;
  }
  absl::flat_hash_set<UserId> seen;
  for (UserId u : users) {
    if (seen.insert(u).second) out.push_back(u);
  }
  return out;
}

bool IsValidChannelId(std::string_view id, Dialect d) {
  if (d == Dialect::kTalkPlus) return IsUriSafeId(id, kMaxChannelIdChars);
  if (id.size() < 4 || id.size() > 80) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool IsValidChannelName(std::string_view name, Dialect d) {
  if (d == Dialect::kTalkPlus) return FitsChars(name, kMaxChannelNameChars);
  return !name.empty() && FitsChars(name, kMaxGitpleChannelNameChars);
}

bool IsValidMaxMembers(int32_t max, ChannelType type) {
  if (IsSuper(type)) return max == kUnlimitedMembers || max >= 1;
  return max >= 1 && max <= kMaxNonSuperMembers;
}

void EmitJoined(State& s, ChannelId c, Millis t, size_t prior_members) {
  if (!s.emitter.active()) return;
  const std::span<const UserId> all(s.channels.Record(c).members);
  const auto added = all.subspan(prior_members);
  EmitChannelEvent(s, EventKind::kMemberAdded, c, t, added,
                   all.first(prior_members));
  EmitChannelEvent(s, EventKind::kChannelAdded, c, t, {}, added);
}

}  // namespace banter::internal
