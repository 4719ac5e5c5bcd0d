// cereal serialize functions for the public value types (handles, actors,
// requests, commands) and the Boost containers the engine stores. Shared by
// the journal (records) and the snapshot (state).
//
// Field order is the wire order: changing it, or adding a field, changes the
// format and needs a format version bump plus a branch on the old version in
// the loader (docs/reliability.md, "Versioning").
#ifndef BANTER_ENGINE_DURABILITY_SERIALIZE_H_
#define BANTER_ENGINE_DURABILITY_SERIALIZE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "banter/commands.h"
#include "banter/durability.h"
#include "banter/ids.h"
#include "banter/moderation.h"
#include "banter/types.h"
#include "boost/container/flat_map.hpp"
#include "boost/container/flat_set.hpp"
#include "boost/container/small_vector.hpp"
#include "cereal/cereal.hpp"
#include "cereal/types/common.hpp"
#include "cereal/types/optional.hpp"
#include "cereal/types/string.hpp"
#include "cereal/types/vector.hpp"
#include "engine/durability/archive.h"

namespace banter::internal {
// The byte SendMessageRequest::type is written as when it is unset.
inline constexpr uint8_t kUnsetMessageType = 0xFF;
}  // namespace banter::internal

// ---- Boost containers (cereal has none) and banter::Metadata -----------------
namespace cereal {

// The same bytes as the flat_map it replaced: a size, then key, value pairs.
template <class Archive>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar, const banter::Metadata& m) {
  ar(make_size_tag(static_cast<size_type>(m.size())));
  for (const auto& [k, v] : m) ar(k, v);
}
template <class Archive>
void CEREAL_LOAD_FUNCTION_NAME(Archive& ar, banter::Metadata& m) {
  size_type n = 0;
  ar(make_size_tag(n));
  m.clear();
  m.reserve(n);
  for (size_type i = 0; i < n; ++i) {
    std::string k, v;
    ar(k, v);
    m.emplace(std::move(k), std::move(v));  // a repeated key keeps its first value
  }
}

template <class Archive, class K, class V, class C, class A>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar,
                               const boost::container::flat_map<K, V, C, A>& m) {
  ar(make_size_tag(static_cast<size_type>(m.size())));
  for (const auto& [k, v] : m) ar(k, v);
}
template <class Archive, class K, class V, class C, class A>
void CEREAL_LOAD_FUNCTION_NAME(Archive& ar,
                               boost::container::flat_map<K, V, C, A>& m) {
  size_type n = 0;
  ar(make_size_tag(n));
  m.clear();
  m.reserve(n);
  for (size_type i = 0; i < n; ++i) {
    K k;
    V v;
    ar(k, v);
    m.emplace_hint(m.end(), std::move(k), std::move(v));
  }
}

template <class Archive, class K, class C, class A>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar,
                               const boost::container::flat_set<K, C, A>& s) {
  ar(make_size_tag(static_cast<size_type>(s.size())));
  for (const auto& k : s) ar(k);
}
template <class Archive, class K, class C, class A>
void CEREAL_LOAD_FUNCTION_NAME(Archive& ar,
                               boost::container::flat_set<K, C, A>& s) {
  size_type n = 0;
  ar(make_size_tag(n));
  s.clear();
  s.reserve(n);
  for (size_type i = 0; i < n; ++i) {
    K k;
    ar(k);
    s.emplace_hint(s.end(), std::move(k));
  }
}

template <class Archive, class T, std::size_t N, class A, class O>
void CEREAL_SAVE_FUNCTION_NAME(
    Archive& ar, const boost::container::small_vector<T, N, A, O>& v) {
  ar(make_size_tag(static_cast<size_type>(v.size())));
  for (const auto& x : v) ar(x);
}
template <class Archive, class T, std::size_t N, class A, class O>
void CEREAL_LOAD_FUNCTION_NAME(Archive& ar,
                               boost::container::small_vector<T, N, A, O>& v) {
  size_type n = 0;
  ar(make_size_tag(n));
  v.clear();
  v.reserve(n);
  for (size_type i = 0; i < n; ++i) {
    T x;
    ar(x);
    v.push_back(std::move(x));
  }
}

}  // namespace cereal

// ---- Handles -----------------------------------------------------------------
namespace banter::internal {

template <class Archive, class Tag, class Rep>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar, const Handle<Tag, Rep>& h) {
  ar(h.value());
}
template <class Archive, class Tag, class Rep>
void CEREAL_LOAD_FUNCTION_NAME(Archive& ar, Handle<Tag, Rep>& h) {
  Rep v{};
  ar(v);
  h = Handle<Tag, Rep>(v);
}

}  // namespace banter::internal

namespace banter {

template <class Archive>
void CEREAL_SAVE_FUNCTION_NAME(Archive& ar, const MessageId& m) {
  ar(m.value());
}
template <class Archive>
void CEREAL_LOAD_FUNCTION_NAME(Archive& ar, MessageId& m) {
  uint64_t v = 0;
  ar(v);
  m = MessageId(v);
}

// ---- Value types and requests ------------------------------------------------

template <class Archive>
void serialize(Archive& ar, Actor& a) {
  ar(a.kind, a.user, a.bot);
}
template <class Archive>
void serialize(Archive& ar, FileInfo& f) {
  ar(f.url, f.name, f.type, f.size);
}
template <class Archive>
void serialize(Archive& ar, CreateUserRequest& r) {
  ar(r.user_id, r.password, r.username, r.profile_image_url, r.data,
     r.dialect);
}
template <class Archive>
void serialize(Archive& ar, UpdateUserRequest& r) {
  ar(r.user, r.username, r.profile_image_url, r.data, r.dialect);
}
template <class Archive>
void serialize(Archive& ar, LoginRequest& r) {
  ar(r.user_id, r.login_token, r.username, r.profile_image_url, r.data,
     r.device_id);
}
template <class Archive>
void serialize(Archive& ar, CreateChannelRequest& r) {
  ar(r.channel_id, r.type, r.members, r.owner, r.name, r.reuse,
     r.invitation_code, r.image_url, r.data, r.max_member_count,
     r.hide_messages_before_join, r.category, r.subcategory, r.dialect);
}
template <class Archive>
void serialize(Archive& ar, UpdateChannelRequest& r) {
  ar(r.channel, r.name, r.owner, r.invitation_code, r.image_url, r.data,
     r.max_member_count, r.hide_messages_before_join, r.category,
     r.subcategory);
}
template <class Archive>
void serialize(Archive& ar, MembersRequest& r) {
  ar(r.channel, r.users);
}
template <class Archive>
void serialize(Archive& ar, MuteRequest& r) {
  ar(r.channel, r.users, r.duration_ms);
}
template <class Archive>
void serialize(Archive& ar, BanRequest& r) {
  ar(r.channel, r.users, r.duration_ms, r.reason);
}
template <class Archive>
void serialize(Archive& ar, JoinRequest& r) {
  ar(r.channel, r.user, r.invitation_code);
}
template <class Archive>
void serialize(Archive& ar, LeaveRequest& r) {
  ar(r.channel, r.user, r.delete_channel_if_empty);
}
template <class Archive>
void serialize(Archive& ar, PeerMuteRequest& r) {
  ar(r.channel, r.user, r.targets, r.duration_ms);
}
template <class Archive>
void serialize(Archive& ar, MemberSettingRequest& r) {
  ar(r.channel, r.user);
}
template <class Archive>
void serialize(Archive& ar, CreateBotRequest& r) {
  ar(r.bot_id, r.name, r.profile_image_url, r.type, r.callback_url);
}
template <class Archive>
void serialize(Archive& ar, UpdateBotRequest& r) {
  ar(r.bot, r.name, r.profile_image_url, r.type, r.callback_url);
}
template <class Archive>
void serialize(Archive& ar, SendMessageRequest& r) {
  // The type is one byte, as the plain enum was before it became optional;
  // kUnsetMessageType stands for "the actor's usual type" (record format 3).
  uint8_t type =
      r.type.has_value() ? static_cast<uint8_t>(*r.type)
                        : internal::kUnsetMessageType;
  ar(r.channel, r.sender, type, r.text, r.data, r.file, r.mentions, r.parent,
     r.translation_targets);
  r.type = type == internal::kUnsetMessageType
               ? std::nullopt
               : std::optional<MessageType>(static_cast<MessageType>(type));
}
template <class Archive>
void serialize(Archive& ar, UpdateMessageRequest& r) {
  ar(r.message, r.text, r.data, r.mentions, r.clear_reactions,
     r.clear_translations);
}
template <class Archive>
void serialize(Archive& ar, ReactionRequest& r) {
  ar(r.message, r.user, r.reaction);
}
template <class Archive>
void serialize(Archive& ar, WordFilterRequest& r) {
  ar(r.words, r.add, r.remove, r.action, r.check_names);
}
template <class Archive>
void serialize(Archive& ar, FloodLimit& l) {
  ar(l.max_messages, l.window_ms);
}
template <class Archive>
void serialize(Archive& ar, ReportRequest& r) {
  ar(r.reporter, r.kind, r.user, r.message, r.category, r.reason);
}

// ---- Commands ----------------------------------------------------------------
namespace cmd {

#define BANTER_CMD_FIELDS(T, ...)            \
  template <class Archive>                   \
  void serialize(Archive& ar, T& c) {        \
    ar(__VA_ARGS__);                         \
  }
#define BANTER_CMD_EMPTY(T)                  \
  template <class Archive>                   \
  void serialize(Archive&, T&) {}

BANTER_CMD_FIELDS(SetAppDeactivated, c.deactivated)
BANTER_CMD_FIELDS(SetAnonymousLoginAllowed, c.allowed)
BANTER_CMD_EMPTY(AdvanceTime)
BANTER_CMD_FIELDS(CreateUser, c.request, c.password_hash)
// `password` is never journaled (Engine::Prepare clears it).
BANTER_CMD_FIELDS(IssueLoginToken, c.user, c.verified_hash)
BANTER_CMD_FIELDS(LoginWithToken, c.request)
BANTER_CMD_FIELDS(LoginAnonymous, c.request)
BANTER_CMD_FIELDS(Logout, c.session_token)
BANTER_CMD_FIELDS(UpdateUser, c.request)
BANTER_CMD_FIELDS(ChangePassword, c.user, c.password_hash)  // not `password`
BANTER_CMD_FIELDS(SetUserActive, c.user, c.active)
BANTER_CMD_FIELDS(DeleteUser, c.user)
BANTER_CMD_FIELDS(SetUserPush, c.user, c.enabled)
BANTER_CMD_FIELDS(RegisterPushToken, c.user, c.kind, c.device_id, c.token)
BANTER_CMD_FIELDS(Block, c.blocker, c.target)
BANTER_CMD_FIELDS(Unblock, c.blocker, c.target)
BANTER_CMD_FIELDS(CreateChannel, c.request)
BANTER_CMD_FIELDS(UpdateChannel, c.request)
BANTER_CMD_FIELDS(DeleteChannel, c.channel)
BANTER_CMD_FIELDS(AddMembers, c.request)
BANTER_CMD_FIELDS(RemoveMembers, c.request)
BANTER_CMD_FIELDS(Join, c.request)
BANTER_CMD_FIELDS(Leave, c.request)
BANTER_CMD_FIELDS(TransferOwnership, c.channel, c.new_owner)
BANTER_CMD_FIELDS(SetFrozen, c.channel, c.frozen)
BANTER_CMD_FIELDS(SetHidden, c.member, c.hidden)
BANTER_CMD_FIELDS(HideAll, c.user)
BANTER_CMD_FIELDS(SetChannelPush, c.member, c.enabled)
BANTER_CMD_FIELDS(SetPushSounds, c.member, c.sound_aos, c.sound_ios)
BANTER_CMD_FIELDS(SetMemberInfo, c.member, c.member_info)
BANTER_CMD_FIELDS(SetPrivateData, c.member, c.private_data)
BANTER_CMD_FIELDS(SetPrivateTag, c.member, c.private_tag)
BANTER_CMD_FIELDS(AddManager, c.channel, c.user)
BANTER_CMD_FIELDS(RemoveManager, c.channel, c.user)
BANTER_CMD_FIELDS(Ban, c.request)
BANTER_CMD_FIELDS(Unban, c.request)
BANTER_CMD_FIELDS(Mute, c.request)
BANTER_CMD_FIELDS(Unmute, c.request)
BANTER_CMD_FIELDS(MuteAll, c.channel, c.duration_ms)
BANTER_CMD_FIELDS(PeerMute, c.request)
BANTER_CMD_FIELDS(PeerUnmute, c.request)
BANTER_CMD_FIELDS(CreateBot, c.request)
BANTER_CMD_FIELDS(UpdateBot, c.request)
BANTER_CMD_FIELDS(DeleteBot, c.bot)
BANTER_CMD_FIELDS(BotJoin, c.bot, c.channel)
BANTER_CMD_FIELDS(BotLeave, c.bot, c.channel)
BANTER_CMD_FIELDS(SendMessage, c.request)
BANTER_CMD_FIELDS(UpdateMessage, c.request)
BANTER_CMD_FIELDS(DeleteMessage, c.message)
BANTER_CMD_FIELDS(AddReaction, c.request)
BANTER_CMD_FIELDS(RemoveReaction, c.request)
BANTER_CMD_FIELDS(TranslateMessage, c.message, c.languages)
BANTER_CMD_FIELDS(MarkRead, c.member)
BANTER_CMD_FIELDS(MarkAllRead, c.user)
BANTER_CMD_FIELDS(MarkDelivered, c.member)
BANTER_CMD_FIELDS(SetWordFilter, c.request)
BANTER_CMD_FIELDS(SetSlowMode, c.channel, c.interval_ms)
BANTER_CMD_FIELDS(SetFloodLimit, c.limit)
BANTER_CMD_FIELDS(FileReport, c.request)
BANTER_CMD_FIELDS(ResolveReport, c.report, c.resolution)
BANTER_CMD_FIELDS(PinMessage, c.message)
BANTER_CMD_FIELDS(UnpinMessage, c.message)

#undef BANTER_CMD_FIELDS
#undef BANTER_CMD_EMPTY

}  // namespace cmd
}  // namespace banter

#endif  // BANTER_ENGINE_DURABILITY_SERIALIZE_H_
