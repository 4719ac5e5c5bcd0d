// Value types of the domain: enums, small maps, actors and the read-only
// views the engine hands out.
//
// Views are plain aggregates (copies, with defaulted ==) so callers and tests
// can compare whole values. They carry external string ids, because their
// consumers (adapters, tests) speak in names; engine-internal code never uses
// them. Caller-specific fields (a channel's unreadCount, privateData, ...) are
// filled for the viewer named in the read call and left empty otherwise.
//
// Thread-safety: plain values; no shared state.
#ifndef BANTER_TYPES_H_
#define BANTER_TYPES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "banter/ids.h"
#include "banter/metadata.h"

namespace banter {

// Milliseconds since the Unix epoch. All engine time is in this unit.
using Millis = int64_t;

enum class ChannelType : uint8_t {
  kPrivate = 0,
  kPublic = 1,
  kInvitationOnly = 2,
  kBroadcast = 3,
  kSuperPublic = 4,
  kSuperPrivate = 5,
  kSuperBroadcast = 6,
};
inline constexpr int kChannelTypeCount = 7;

// "private", "public", "invitationOnly", "broadcast", "super_public",
// "super_private", "super_broadcast".
std::string_view ChannelTypeName(ChannelType type);
std::optional<ChannelType> ParseChannelType(std::string_view name);

constexpr bool IsSuper(ChannelType t) {
  return t == ChannelType::kSuperPublic || t == ChannelType::kSuperPrivate ||
         t == ChannelType::kSuperBroadcast;
}
constexpr bool IsBroadcast(ChannelType t) {
  return t == ChannelType::kBroadcast || t == ChannelType::kSuperBroadcast;
}
// Types listed by the public-channel list (docs/model.md, "Decisions").
constexpr bool IsPublicListed(ChannelType t) {
  return t == ChannelType::kPublic || t == ChannelType::kSuperPublic;
}

enum class MessageType : uint8_t {
  kText = 0,
  kHidden = 1,
  kCustom = 2,
  kAdmin = 3,
  kAdminHidden = 4,
  kBot = 5,
  kBotHidden = 6,
  kFile = 7,  // GitpleLive file messages; TalkPlus files ride on any type
};
std::string_view MessageTypeName(MessageType type);
std::optional<MessageType> ParseMessageType(std::string_view name);
// hidden, admin_hidden and bot_hidden never push.
constexpr bool IsHiddenType(MessageType t) {
  return t == MessageType::kHidden || t == MessageType::kAdminHidden ||
         t == MessageType::kBotHidden;
}

// What the app's word filter does to a message whose text matches one of its
// entries (docs/word-filter.md): replace each matched character with '*'
// (kMask), or refuse the message with kProfanityInContent (kRefuse).
enum class FilterAction : uint8_t { kMask = 0, kRefuse = 1 };

// Which platform's rules a channel follows (validation limits, history
// tracking for GitpleLive's reuse rule, managers).
enum class Dialect : uint8_t { kTalkPlus = 0, kGitpleLive = 1 };

// Who is making a call.
//  - kAdmin: the app's REST authority (api-key). No owner checks.
//  - kUser: an SDK user session; TalkPlus's permission matrix applies
//    (docs/model.md).
//  - kBot: a bot acting through its endpoints (join, leave, send).
enum class ActorKind : uint8_t { kAdmin = 0, kUser = 1, kBot = 2 };

struct Actor {
  ActorKind kind = ActorKind::kAdmin;
  UserId user;  // valid iff kind == kUser
  BotId bot;    // valid iff kind == kBot

  static Actor Admin() { return Actor{}; }
  static Actor User(UserId u) { return Actor{ActorKind::kUser, u, {}}; }
  static Actor Bot(BotId b) { return Actor{ActorKind::kBot, {}, b}; }
  bool is_admin() const { return kind == ActorKind::kAdmin; }
  bool is_user() const { return kind == ActorKind::kUser; }
  bool is_bot() const { return kind == ActorKind::kBot; }
  friend bool operator==(const Actor&, const Actor&) = default;
};

enum class PushTokenKind : uint8_t { kFcm = 0, kPushKit = 1 };

struct UserView {
  std::string id;
  std::string username;
  std::string profile_image_url;
  Metadata data;
  bool push_disabled = false;
  bool active = true;
  Millis created_at = 0;
  Millis updated_at = 0;
  friend bool operator==(const UserView&, const UserView&) = default;
};

struct BotView {
  std::string id;
  std::string name;
  std::string profile_image_url;
  std::string type;
  std::string callback_url;
  friend bool operator==(const BotView&, const BotView&) = default;
};

// A user as seen inside one channel.
struct MemberView {
  UserView user;
  Metadata member_info;
  Millis last_read_at = 0;   // 0 = never
  Millis last_sent_at = 0;   // 0 = never
  Millis joined_at = 0;
  bool muted = false;
  Millis mute_expires_at = 0;  // 0 = permanent (when muted)
  friend bool operator==(const MemberView&, const MemberView&) = default;
};

struct FileInfo {
  std::string url;
  std::string name;
  std::string type;  // MIME-like, as given
  int64_t size = 0;  // bytes, as given
  bool empty() const { return url.empty(); }
  friend bool operator==(const FileInfo&, const FileInfo&) = default;
};

// The reply target embedded in a reply (a snapshot taken at send time).
struct ParentMessageView {
  std::string id;
  std::string user_id;
  std::string username;
  MessageType type = MessageType::kText;
  std::string text;
  Metadata data;
  Millis created_at = 0;
  friend bool operator==(const ParentMessageView&,
                         const ParentMessageView&) = default;
};

struct MessageView {
  MessageId handle;
  // The handles events carry: the channel, and the sending user (user
  // types) or bot (bot types); both unset for admin messages.
  ChannelId channel;
  UserId sender;
  BotId bot;
  std::string id;           // TalkPlus string id
  std::string channel_id;
  std::string user_id;      // sender user or bot id; "" for admin messages
  std::string username;
  std::string profile_image_url;
  MessageType type = MessageType::kText;
  std::string text;
  Metadata data;
  FileInfo file;
  std::vector<std::string> mentions;
  std::string parent_message_id;
  std::optional<ParentMessageView> parent;
  // reaction key -> user ids holding it, in the order they reacted.
  std::map<std::string, std::vector<std::string>> reactions;
  std::vector<std::string> own_reactions;  // keys the viewer holds
  Metadata translations;                   // language -> text
  Millis created_at = 0;
  Millis updated_at = 0;
  // The word filter masked part of `text` (docs/word-filter.md); the
  // unmasked text is not kept anywhere.
  bool filtered = false;
  friend bool operator==(const MessageView&, const MessageView&) = default;
};

// A message as the engine stores it, for readers that render it themselves
// (Engine::ListMessageRefs): handles, times and the text, no strings built.
// `text` points into the engine and is valid until its next mutating call.
// Data, file, mentions, parent, reactions and translations are not here;
// `has_extras` says whether GetMessage would show any of them.
struct MessageRef {
  MessageId handle;
  UserId sender;  // user types
  BotId bot;      // bot types
  MessageType type = MessageType::kText;
  Millis created_at = 0;
  Millis updated_at = 0;
  std::string_view text;
  bool has_extras = false;
};

struct ChannelView {
  ChannelId handle;
  std::string id;
  std::string name;
  std::string owner_id;  // "" when ownerless
  ChannelType type = ChannelType::kPrivate;
  Dialect dialect = Dialect::kTalkPlus;
  std::string image_url;
  std::string invitation_code;
  bool frozen = false;
  bool hide_messages_before_join = false;
  std::string category;
  std::string subcategory;
  int64_t member_count = 0;
  int32_t max_member_count = 100;  // -1 = unlimited
  Metadata data;
  // Full lists; empty for super types (docs/model.md). Ordered by user handle.
  std::vector<MemberView> members;
  std::vector<std::string> muted_users;
  std::vector<MemberView> banned_users;
  std::vector<BotView> bots;
  std::vector<std::string> managers;  // GitpleLive managers, by handle order
  Millis created_at = 0;
  Millis updated_at = 0;
  Millis last_sent_at = 0;
  std::optional<MessageView> last_message;
  uint64_t total_message_count = 0;  // messages ever sent (GitpleLive)
  uint64_t total_file_count = 0;     // file messages ever sent (GitpleLive)

  // Viewer-specific (zero / empty when there is no viewer or the viewer is
  // not a member).
  std::string private_tag;
  Metadata private_data;
  bool push_disabled = false;
  std::string push_sound_aos;
  std::string push_sound_ios;
  int64_t unread_count = 0;
  Millis last_read_at = 0;
  bool hidden = false;

  // Slow mode (banter/moderation.h): the minimum interval between two
  // messages of one member; 0 = off.
  Millis slow_mode_ms = 0;

  friend bool operator==(const ChannelView&, const ChannelView&) = default;
};

// A ban as GitpleLive reports it.
struct BanView {
  MemberView member;
  Millis start_at = 0;
  Millis end_at = 0;  // 0 = until unbanned
  std::string reason;
  friend bool operator==(const BanView&, const BanView&) = default;
};

// The app's word filter (Engine::GetWordFilter, docs/word-filter.md).
struct WordFilterView {
  // Entries in their stored form (ASCII letters lower case, a leading or
  // trailing '*' kept), sorted by bytes.
  std::vector<std::string> words;
  FilterAction action = FilterAction::kMask;
  bool check_names = false;  // user and channel names are checked too
  friend bool operator==(const WordFilterView&, const WordFilterView&) = default;
};

// One page of a cursor-paged list.
template <typename T>
struct Page {
  std::vector<T> items;
  bool has_next = false;
  friend bool operator==(const Page&, const Page&) = default;
};

}  // namespace banter

#endif  // BANTER_TYPES_H_
