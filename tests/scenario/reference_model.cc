// Each operation below is the rule list of its docs, in their order: the
// actor kind, then the channel (2003), then the acting user's standing, then
// the target. Citations: design.md "Permissions" / "Freeze and mute" /
// "error precedence"; model.md (channels) "Permission matrix as built",
// "Membership", "Check order"; model.md (moderation) "Operations".
#include "tests/scenario/reference_model.h"

namespace banter::model {
namespace {

bool IsUser(Who w) { return w.kind == Who::Kind::kUser; }
bool IsBot(Who w) { return w.kind == Who::Kind::kBot; }
bool IsOwner(const ModelChannel& ch, Who w) {
  return IsUser(w) && ch.owner.has_value() && *ch.owner == w.user;
}

}  // namespace

int ReferenceModel::CreateChannel(ChannelType type, std::optional<int> owner,
                                  const std::set<int>& members, int at,
                                  const std::string& invitation_code) {
  ModelChannel ch;
  ch.type = type;
  ch.owner = owner;
  ch.invitation_code = invitation_code;
  if (owner.has_value()) ch.joined_at[*owner] = at;
  for (int m : members) ch.joined_at[m] = at;
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
}

// model.md (channels): join (self) per type: private 2011, invitationOnly
// 2012/2014, others ok; the admin skips type and code rules but not bans.
// A code on another type: 2015 (private is 2011 first); a set-but-empty
// code on invitationOnly: 2012.
Outcome ReferenceModel::Join(Who actor, int c, int user,
                             const std::optional<std::string>& code, int at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  if (IsUser(actor) && actor.user != user) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (ch.IsMember(user)) return ErrorCode::kAlreadyMember;
  if (ch.banned.count(user)) return ErrorCode::kBannedFromChannel;
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
  ch.joined_at[user] = at;
  return std::nullopt;
}

// Leave by self; the owner's leaving passes ownership to the earliest-joined
// remaining member (spec §13 #12), whose mute is lifted (an owner is never
// muted); an emptied channel stays, ownerless.
Outcome ReferenceModel::Leave(Who actor, int c, int user) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  if (IsUser(actor) && actor.user != user) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  Depart(ch, user);
  if (ch.owner == user) {
    ch.owner = Successor(ch);
    if (ch.owner.has_value()) ch.muted.erase(*ch.owner);
  }
  return std::nullopt;
}

// Add: admin, or any member (invite); targets: 2008 member, 2017 banned.
Outcome ReferenceModel::Add(Who actor, int c, int user, int at) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !ch.IsMember(actor.user)) {
    return ErrorCode::kUserNotChannelMember;
  }
  if (ch.IsMember(user)) return ErrorCode::kAlreadyMember;
  if (ch.banned.count(user)) return ErrorCode::kCannotAddBannedUser;
  ch.joined_at[user] = at;
  return std::nullopt;
}

// Remove: owner or admin (2031); targets: 2009 not a member, 2007 owner.
Outcome ReferenceModel::Remove(Who actor, int c, int user) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kRemoveUserNotMember;
  if (ch.owner == user) return ErrorCode::kCannotRemoveChannelOwner;
  Depart(ch, user);
  return std::nullopt;
}

// Ban: owner or admin (2031); targets: 2010 not a member, 2016 the owner.
Outcome ReferenceModel::Ban(Who actor, int c, int user) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kBanUserNotMember;
  if (ch.owner == user) return ErrorCode::kCannotBanOwnerFromChannel;
  Depart(ch, user);
  ch.banned.insert(user);
  return std::nullopt;
}

// Unban: as ban; a user not banned is ignored. Does not re-add.
Outcome ReferenceModel::Unban(Who actor, int c, int user) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  ch.banned.erase(user);
  return std::nullopt;
}

// Mute: owner or admin (2031); targets: 2005 not a member, 2028 the owner.
Outcome ReferenceModel::Mute(Who actor, int c, int user) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  if (ch.owner == user) return ErrorCode::kCannotMuteChannelOwner;
  ch.muted.insert(user);
  return std::nullopt;
}

// Unmute: as mute, minus the owner rule; a member not muted is ignored.
Outcome ReferenceModel::Unmute(Who actor, int c, int user) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  ch.muted.erase(user);
  return std::nullopt;
}

// Transfer: owner or admin (2031); the target a member (2005), not already
// the owner (2030). The new owner's mute is lifted.
Outcome ReferenceModel::Transfer(Who actor, int c, int user) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  if (!ch.IsMember(user)) return ErrorCode::kUserNotChannelMember;
  if (ch.owner == user) return ErrorCode::kAlreadyChannelOwner;
  ch.owner = user;
  ch.muted.erase(user);
  return std::nullopt;
}

// Freeze: owner or admin (2031); setting the current state is a no-op.
Outcome ReferenceModel::SetFrozen(Who actor, int c, bool frozen) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) return ErrorCode::kNotChannelOwner;
  ch.frozen = frozen;
  return std::nullopt;
}

// Send (engine.h order: 2003, 4000 / 7011, 2025, 2027). Freeze blocks
// everyone but the owner and admin-type messages; mute blocks the member.
// Broadcast types let anyone send (their rule is about recipients).
Outcome ReferenceModel::Send(Who actor, int c) {
  const ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  switch (actor.kind) {
    case Who::Kind::kAdmin:
      return std::nullopt;
    case Who::Kind::kBot:
      if (!ch.bot_member) return ErrorCode::kBotNotInChannel;
      if (ch.frozen) return ErrorCode::kCannotSendMessageInFrozenChannel;
      return std::nullopt;
    case Who::Kind::kUser:
      if (!ch.IsMember(actor.user)) return ErrorCode::kSenderNotChannelMember;
      if (ch.frozen && !IsOwner(ch, actor)) {
        return ErrorCode::kCannotSendMessageInFrozenChannel;
      }
      if (ch.muted.count(actor.user)) return ErrorCode::kMutedInChannel;
      return std::nullopt;
  }
  return std::nullopt;
}

// Delete: owner or admin; other users 2006.
Outcome ReferenceModel::Delete(Who actor, int c) {
  if (IsBot(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (IsUser(actor) && !IsOwner(ch, actor)) {
    return ErrorCode::kChannelUpdateNotAuthorized;
  }
  ModelChannel dead;
  dead.live = false;
  dead.type = ch.type;
  ch = dead;
  return std::nullopt;
}

// Bot join / leave: the admin or the bot itself; users 1006.
Outcome ReferenceModel::BotJoin(Who actor, int c) {
  if (IsUser(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (ch.bot_member) return ErrorCode::kBotAlreadyInChannel;
  ch.bot_member = true;
  return std::nullopt;
}

Outcome ReferenceModel::BotLeave(Who actor, int c) {
  if (IsUser(actor)) return ErrorCode::kUnauthorized;
  ModelChannel& ch = channels_.at(c);
  if (!ch.live) return ErrorCode::kChannelNotFound;
  if (!ch.bot_member) return ErrorCode::kBotNotInChannel;
  ch.bot_member = false;
  return std::nullopt;
}

}  // namespace banter::model
