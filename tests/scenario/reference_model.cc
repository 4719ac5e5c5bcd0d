// Each operation below is the rule list of its docs, in their order: the
// actor kind, then the channel (2003), then the acting user's standing, then
// the target, then the request's values. Citations: design.md "Permissions"
// / "Freeze and mute" / "error precedence"; model.md (channels) "Permission
// matrix as built", "Check order", "Decisions" (Membership, Managers);
// model.md (users) "Blocks"; model.md (moderation) "Time", "Operations",
// "Decisions where the spec is silent"; messaging.md "Delivery",
// "Recipients"; gitplelive.md "Mapping onto the core" (managers).
#include "tests/scenario/reference_model.h"

#include <limits>

namespace banter::model {
namespace {

bool IsUser(Who w) { return w.kind == Who::Kind::kUser; }
bool IsBot(Who w) { return w.kind == Who::Kind::kBot; }
bool IsAdmin(Who w) { return w.kind == Who::Kind::kAdmin; }

// model.md (moderation) "Time": negative amounts and ends past the largest
// instant are 1001.
std::optional<ErrorCode> CheckDuration(Millis t, Millis duration_ms) {
  if (duration_ms < 0) return ErrorCode::kParamsBindingError;
  if (duration_ms > std::numeric_limits<Millis>::max() - t) {
    return ErrorCode::kParamsBindingError;
  }
  return std::nullopt;
}

Millis EndOf(Millis t, Millis duration_ms) {
  return duration_ms == 0 ? 0 : t + duration_ms;
}

bool BannedAt(const ModelChannel& ch, int u, Millis t) {
  const auto it = ch.banned.find(u);
  return it != ch.banned.end() && InForce(it->second, t);
}

bool MutedAt(const ModelChannel& ch, int u, Millis t) {
  const auto it = ch.muted.find(u);
  return it != ch.muted.end() && InForce(it->second, t);
}

}  // namespace

bool ReferenceModel::IsOwner(const ModelChannel& ch, Who w) {
  return IsUser(w) && ch.owner.has_value() && *ch.owner == w.user;
}

bool ReferenceModel::IsManager(const ModelChannel& ch, Who w) {
  return IsUser(w) && ch.dialect == Dialect::kGitpleLive &&
         ch.managers.count(w.user) > 0;
}

int ReferenceModel::CreateChannel(ChannelType type, Dialect dialect,
                                  std::optional<int> owner,
                                  const std::set<int>& members,
                                  const std::string& invitation_code) {
  ModelChannel ch;
  ch.type = type;
  ch.dialect = dialect;
  ch.owner = owner;
  ch.invitation_code = invitation_code;
  if (owner.has_value()) ch.joined_at[*owner] = now_;
  for (int m : members) ch.joined_at[m] = now_;
  const int index = static_cast<int>(channels_.size());
  channels_[index] = ch;
  return index;
}

std::optional<int> ReferenceModel::Successor(const ModelChannel& ch) {
  std::optional<int> best;
  for (const auto& [u, at] : ch.joined_at) {
    // Ascending user order, so a strict `<` keeps the lowest on ties.
    if (!best.has_value() || at < ch.joined_at.at(*best)) best = u;
  }
  return best;
}

void ReferenceModel::Depart(ModelChannel& ch, int u) {
  ch.joined_at.erase(u);
  ch.muted.erase(u);
  ch.managers.erase(u);  // any removal ends the manager role
}

// model.md (channels) "Membership": block rules bite between the channel's
// owner and the user admitted only; ownerless channels have none.
Outcome ReferenceModel::BlockRule(const ModelChannel& ch, int u,
                                  ErrorCode by_owner, ErrorCode by_user) const {
  if (!ch.owner.has_value()) return std::nullopt;
  if (IsBlocked(*ch.owner, u)) return by_owner;
  if (IsBlocked(u, *ch.owner)) return by_user;
  return std::nullopt;
}

Observation ReferenceModel::Observe(int c) const {
  const ModelChannel& ch = channels_.at(c);
  Observation o;
  o.live = ch.live;
  if (!ch.live) return o;
  o.invitation_code = ch.invitation_code;
  o.owner = ch.owner;
  o.joined_at = ch.joined_at;
  for (const auto& [u, end] : ch.banned) {
    if (InForce(end, now_)) o.banned.insert(u);
  }
  for (const auto& [u, end] : ch.muted) {
    if (InForce(end, now_)) o.muted.insert(u);
  }
  o.managers = ch.managers;
  o.frozen = ch.frozen;
  o.bot_member = ch.bot_member;
  return o;
}

// model.md (channels): join (self) per type: private 2011, invitationOnly
// 2012/2014, others ok; the admin skips type and code rules but not bans or
// blocks. A code on another type: 2015 (private is 2011 first); a
// set-but-empty code on invitationOnly: 2012. Then the owner/joiner block
// rules (2023 the owner blocked the joiner, 2024 the joiner blocked the
// owner). A ban that has ended no longer counts, and admission drops it.
Outcome ReferenceModel::Join(Who actor, int c, int user,
                             const std::optional<std::string>& code,
                             Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  if (IsUser(actor) && actor.user != user) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (ch.IsMember(user)) return ErrorCode::kAlreadyMember;
  if (BannedAt(ch, user, t)) return ErrorCode::kBannedFromChannel;
  if (IsUser(actor)) {
    if (ch.type == ChannelType::kPrivate) {
      return ErrorCode::kCannotJoinPrivateChannel;
    }
    if (code.has_value()) {
      if (ch.type != ChannelType::kInvitationOnly) {
        return ErrorCode::kChannelNotInvitationOnlyType;
      }
      if (code->empty()) return ErrorCode::kInvitationCodeRequired;
      if (*code != ch.invitation_code) return ErrorCode::kWrongInvitationCode;
    } else if (ch.type == ChannelType::kInvitationOnly) {
      return ErrorCode::kInvitationCodeRequired;
    }
  }
  if (Outcome o = BlockRule(ch, user, ErrorCode::kCannotJoinChannelBlockedByOwner,
                            ErrorCode::kCannotJoinChannelBlockedOwner)) {
    return o;
  }
  ch.banned.erase(user);
  ch.joined_at[user] = t;
  return Done(t);
}

// Leave by self (or the admin for anyone); the owner's leaving passes
// ownership to the earliest-joined remaining member (spec §13 #12), whose
// mute is lifted (an owner is never muted). An emptied channel stays,
// ownerless, unless the leave asked to delete it.
Outcome ReferenceModel::Leave(Who actor, int c, int user, bool delete_if_empty,
                              Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  if (IsUser(actor) && actor.user != user) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  Depart(ch, user);
  if (ch.owner == user) {
    ch.owner = Successor(ch);
    if (ch.owner.has_value()) ch.muted.erase(*ch.owner);
  }
  if (ch.joined_at.empty() && delete_if_empty) {
    ModelChannel dead;
    dead.live = false;
    dead.type = ch.type;
    dead.dialect = ch.dialect;
    ch = dead;
  }
  return Done(t);
}

// Add: admin, or any member (invite); targets: 2008 member, 2017 banned (in
// force), then the block rules (2021 the owner blocked the target, 2022 the
// target blocked the owner).
Outcome ReferenceModel::Add(Who actor, int c, int user, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !ch.IsMember(actor.user)) {
    return ErrorCode::kUserNotChannelMember;
  }
  if (ch.IsMember(user)) return ErrorCode::kAlreadyMember;
  if (BannedAt(ch, user, t)) return ErrorCode::kCannotAddBannedUser;
  if (Outcome o = BlockRule(ch, user, ErrorCode::kCannotAddBlockedMember,
                            ErrorCode::kCannotAddMemberWhenBlockedByMember)) {
    return o;
  }
  ch.banned.erase(user);
  ch.joined_at[user] = t;
  return Done(t);
}

// Remove: owner or admin (2031; GitpleLive managers too get 2031); targets:
// 2009 not a member, 2007 owner.
Outcome ReferenceModel::Remove(Who actor, int c, int user, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kRemoveUserNotMember;
  if (ch.owner == user) return ErrorCode::kCannotRemoveChannelOwner;
  Depart(ch, user);
  return Done(t);
}

// Ban: owner, admin or a GitpleLive manager (2031); targets: 2010 not a
// member, GitpleLive self-ban 7009 (before the owner rule), 2016 the owner,
// 7008 a manager banning a manager; then the duration (1001).
Outcome ReferenceModel::Ban(Who actor, int c, int user, Millis duration_ms,
                            Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor) && !IsManager(ch, actor)) {
    return ErrorCode::kNotChannelOwner;
  }
  if (!ch.IsMember(user)) return ErrorCode::kBanUserNotMember;
  const bool gitple = ch.dialect == Dialect::kGitpleLive;
  if (gitple && IsUser(actor) && actor.user == user) {
    return ErrorCode::kCannotBanSelf;
  }
  if (ch.owner == user) return ErrorCode::kCannotBanOwnerFromChannel;
  if (IsManager(ch, actor) && ch.managers.count(user)) {
    return ErrorCode::kCannotBanManager;
  }
  if (Outcome o = CheckDuration(t, duration_ms)) return o;
  Depart(ch, user);
  ch.banned[user] = EndOf(t, duration_ms);
  return Done(t);
}

// Unban: as ban's authority; a user not banned (or whose ban has ended) is
// ignored. Does not re-add.
Outcome ReferenceModel::Unban(Who actor, int c, int user, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor) && !IsManager(ch, actor)) {
    return ErrorCode::kNotChannelOwner;
  }
  ch.banned.erase(user);  // an ended ban is no longer observable anyway
  return Done(t);
}

// Mute: owner or admin only, in both dialects (managers get no mute power,
// moderation decision 1); targets: 2005 not a member, 2028 the owner; then
// the duration (1001). Re-muting replaces the end.
Outcome ReferenceModel::Mute(Who actor, int c, int user, Millis duration_ms,
                             Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  if (ch.owner == user) return ErrorCode::kCannotMuteChannelOwner;
  if (Outcome o = CheckDuration(t, duration_ms)) return o;
  ch.muted[user] = EndOf(t, duration_ms);
  return Done(t);
}

// Unmute: as mute, minus the owner rule; a member not muted is ignored.
Outcome ReferenceModel::Unmute(Who actor, int c, int user, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  ch.muted.erase(user);
  return Done(t);
}

// Transfer: owner or admin (2031); the target a member (2005), not already
// the owner (2030). The new owner's mute is lifted.
Outcome ReferenceModel::Transfer(Who actor, int c, int user, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  if (ch.owner == user) return ErrorCode::kAlreadyChannelOwner;
  ch.owner = user;
  ch.muted.erase(user);
  return Done(t);
}

// Freeze: owner, admin or a GitpleLive manager (2031); setting the current
// state is a no-op that succeeds.
Outcome ReferenceModel::SetFrozen(Who actor, int c, bool frozen, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor) && !IsManager(ch, actor)) {
    return ErrorCode::kNotChannelOwner;
  }
  ch.frozen = frozen;
  return Done(t);
}

// Send (engine.h order: 2003, 4000 / 7011, 2025, 2027). Freeze blocks
// everyone but the owner (GitpleLive: managers too) and admin-type messages;
// a mute in force blocks the member. Broadcast types let anyone send (their
// rule is about recipients).
//
// Recipients (messaging.md "Recipients"): a "to all" message (every type
// but broadcast ones; in broadcast types the owner's, the admin's and the
// bot's) goes to every member but the sender and the members who blocked
// the sender; a broadcast non-owner's message goes to the owner only,
// unless the owner blocked the sender (and to nobody when ownerless).
Outcome ReferenceModel::Send(Who actor, int c, Millis at) {
  const Millis t = Clamp(at);
  const ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  std::optional<int> sender;
  switch (actor.kind) {
    case Who::Kind::kAdmin:
      break;
    case Who::Kind::kBot:
      if (!ch.bot_member) return ErrorCode::kBotNotInChannel;
      if (ch.frozen) return ErrorCode::kCannotSendMessageInFrozenChannel;
      break;
    case Who::Kind::kUser:
      if (!ch.IsMember(actor.user)) return ErrorCode::kSenderNotChannelMember;
      if (ch.frozen && !IsOwner(ch, actor) && !IsManager(ch, actor)) {
        return ErrorCode::kCannotSendMessageInFrozenChannel;
      }
      if (MutedAt(ch, actor.user, t)) return ErrorCode::kMutedInChannel;
      sender = actor.user;
      break;
  }
  last_recipients_.clear();
  const bool to_all = !IsBroadcast(ch.type) || !sender.has_value() ||
                      sender == ch.owner;
  if (to_all) {
    for (const auto& [u, joined] : ch.joined_at) {
      if (u == sender) continue;
      if (sender.has_value() && IsBlocked(u, *sender)) continue;
      last_recipients_.insert(u);
    }
  } else if (ch.owner.has_value() && !IsBlocked(*ch.owner, *sender)) {
    last_recipients_.insert(*ch.owner);
  }
  return Done(t);
}

// Delete: owner, admin or a GitpleLive manager; other users 2006.
Outcome ReferenceModel::Delete(Who actor, int c, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor) && !IsManager(ch, actor)) {
    return ErrorCode::kChannelUpdateNotAuthorized;
  }
  ModelChannel dead;
  dead.live = false;
  dead.type = ch.type;
  dead.dialect = ch.dialect;
  ch = dead;
  return Done(t);
}

// Bot join / leave: the admin or the bot itself; users 1006.
Outcome ReferenceModel::BotJoin(Who actor, int c, Millis at) {
  if (IsUser(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (ch.bot_member) return ErrorCode::kBotAlreadyInChannel;
  ch.bot_member = true;
  return Done(t);
}

Outcome ReferenceModel::BotLeave(Who actor, int c, Millis at) {
  if (IsUser(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (!ch.bot_member) return ErrorCode::kBotNotInChannel;
  ch.bot_member = false;
  return Done(t);
}

// model.md (users) "Blocks": the admin or the blocker itself (1006); self
// 5000 / 5001; blocking twice 7014; unblocking a user not blocked 5002.
Outcome ReferenceModel::Block(Who actor, int blocker, int target, Millis at) {
  if (!IsAdmin(actor) && !(IsUser(actor) && actor.user == blocker)) {
    return ErrorCode::kUnauthorized;
  }
  if (blocker == target) return ErrorCode::kCannotBlockSelf;
  if (IsBlocked(blocker, target)) return ErrorCode::kUserAlreadyBlocked;
  blocks_.insert({blocker, target});
  return Done(Clamp(at));
}

Outcome ReferenceModel::Unblock(Who actor, int blocker, int target,
                                Millis at) {
  if (!IsAdmin(actor) && !(IsUser(actor) && actor.user == blocker)) {
    return ErrorCode::kUnauthorized;
  }
  if (blocker == target) return ErrorCode::kCannotUnblockSelf;
  if (!IsBlocked(blocker, target)) return ErrorCode::kUserNotBlocked;
  blocks_.erase({blocker, target});
  return Done(Clamp(at));
}

// model.md (channels) "Managers": bots 1006 first; the channel (2003); a
// GitpleLive channel (1001); the admin or a current manager (1006); the
// target a member (2005); twice 7013 / removing a non-manager 7007. A
// manager may remove itself. (The cap, 10, is never reached by 3 users.)
Outcome ReferenceModel::AddManager(Who actor, int c, int user, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (ch.dialect != Dialect::kGitpleLive) return ErrorCode::kParamsBindingError;
  if (!IsAdmin(actor) && !IsManager(ch, actor)) return ErrorCode::kUnauthorized;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  if (ch.managers.count(user)) return ErrorCode::kAlreadyManager;
  ch.managers.insert(user);
  return Done(t);
}

Outcome ReferenceModel::RemoveManager(Who actor, int c, int user, Millis at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  const Millis t = Clamp(at);
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (ch.dialect != Dialect::kGitpleLive) return ErrorCode::kParamsBindingError;
  if (!IsAdmin(actor) && !IsManager(ch, actor)) return ErrorCode::kUnauthorized;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  if (!ch.managers.count(user)) return ErrorCode::kNotManager;
  ch.managers.erase(user);
  return Done(t);
}

Outcome ReferenceModel::AdvanceTime(Millis at) { return Done(Clamp(at)); }

}  // namespace banter::model
