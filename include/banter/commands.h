// Requests: one plain aggregate per operation.
//
// Every mutating Engine method takes one of these, so a call is fully
// described by (actor, request, now). That is what the journal records and what
// simulations and model checkers generate. Entities are named by handle
// (resolve names with Engine::Find*); only requests that create an entity carry
// its new external id. std::optional fields mean "leave unchanged" in updates.
//
// Thread-safety: plain values; no shared state.
#ifndef BANTER_COMMANDS_H_
#define BANTER_COMMANDS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "banter/ids.h"
#include "banter/types.h"
#include "boost/container/small_vector.hpp"

namespace banter {

// The users a moderation or membership request names. One slot is inline,
// so the common call, one moderator acting on one member, allocates
// nothing; the REST routes' longer lists spill to the heap. Serialized as a
// std::vector<UserId> would be (a count, then each handle), so journals do
// not depend on the type. Iterators are not std::contiguous_iterator in
// every Boost: build a span from data() and size().
using UserTargets = boost::container::small_vector<UserId, 1>;

// ---- Users -----------------------------------------------------------------

// Passwords: only the first 72 bytes count (bcrypt's limit, as TalkPlus
// documents it); a longer password is accepted and compared on its first 72
// bytes. Passwords longer than kMaxPasswordBytes, or holding invalid UTF-8 or
// NUL, are refused with kParamsBindingError.
inline constexpr size_t kMaxPasswordBytes = 4096;

struct CreateUserRequest {
  std::string user_id;   // required, URI-safe, <= 68 chars
  std::string password;  // "" = no password login (token only); see below
  std::string username;  // <= 128 chars
  std::string profile_image_url;
  Metadata data;  // <= 5 pairs (GitpleLive: meta rules)
  Dialect dialect = Dialect::kTalkPlus;  // whose validation rules apply
  friend bool operator==(const CreateUserRequest&,
                         const CreateUserRequest&) = default;
};

struct UpdateUserRequest {
  UserId user;
  std::optional<std::string> username;
  std::optional<std::string> profile_image_url;
  std::optional<Metadata> data;  // replaces the whole map
  Dialect dialect = Dialect::kTalkPlus;  // whose validation rules apply
  friend bool operator==(const UpdateUserRequest&,
                         const UpdateUserRequest&) = default;
};

// SDK logins. The user named by `user_id` logs in; the optional profile fields
// are applied to the user (docs/model.md, "Users").
struct LoginRequest {
  std::string user_id;
  std::string login_token;  // token login only
  std::optional<std::string> username;
  std::optional<std::string> profile_image_url;
  std::optional<Metadata> data;
  std::string device_id;
  friend bool operator==(const LoginRequest&, const LoginRequest&) = default;
};

// ---- Channels --------------------------------------------------------------

struct CreateChannelRequest {
  std::string channel_id;  // "" = generated
  ChannelType type = ChannelType::kPrivate;
  std::vector<UserId> members;  // owner is added automatically
  UserId owner;                 // admin only; a user actor always owns
  std::string name;
  bool reuse = false;  // TalkPlus reuseChannel (private type only)
  std::string invitation_code;
  std::string image_url;
  Metadata data;
  std::optional<int32_t> max_member_count;  // default 100, super -1
  bool hide_messages_before_join = false;
  std::string category;
  std::string subcategory;
  Dialect dialect = Dialect::kTalkPlus;
  friend bool operator==(const CreateChannelRequest&,
                         const CreateChannelRequest&) = default;
};

struct UpdateChannelRequest {
  ChannelId channel;
  std::optional<std::string> name;
  std::optional<UserId> owner;  // admin only
  std::optional<std::string> invitation_code;
  std::optional<std::string> image_url;
  std::optional<Metadata> data;  // replaces the whole map
  std::optional<int32_t> max_member_count;
  std::optional<bool> hide_messages_before_join;
  std::optional<std::string> category;
  std::optional<std::string> subcategory;
  friend bool operator==(const UpdateChannelRequest&,
                         const UpdateChannelRequest&) = default;
};

// Add, remove, ban, unban, mute, unmute of a list of users. All-or-nothing:
// if any user fails a check, nothing changes.
struct MembersRequest {
  ChannelId channel;
  UserTargets users;
  friend bool operator==(const MembersRequest&,
                         const MembersRequest&) = default;
};

struct MuteRequest {
  ChannelId channel;
  UserTargets users;
  Millis duration_ms = 0;  // 0 = until unmuted; > 0 ends at now + duration
  friend bool operator==(const MuteRequest&, const MuteRequest&) = default;
};

struct BanRequest {
  ChannelId channel;
  UserTargets users;
  Millis duration_ms = 0;  // 0 = until unbanned; > 0 ends at now + duration
  std::string reason;
  friend bool operator==(const BanRequest&, const BanRequest&) = default;
};

struct JoinRequest {
  ChannelId channel;
  UserId user;  // must equal the actor for user actors
  std::optional<std::string> invitation_code;  // set = join by code
  friend bool operator==(const JoinRequest&, const JoinRequest&) = default;
};

struct LeaveRequest {
  ChannelId channel;
  UserId user;  // must equal the actor for user actors
  bool delete_channel_if_empty = false;
  friend bool operator==(const LeaveRequest&, const LeaveRequest&) = default;
};

struct PeerMuteRequest {
  ChannelId channel;
  UserId user;  // who mutes (must equal the actor for user actors)
  std::vector<UserId> targets;
  Millis duration_ms = 0;  // 0 = until unmuted; > 0 ends at now + duration
  friend bool operator==(const PeerMuteRequest&,
                         const PeerMuteRequest&) = default;
};

// Per-member settings; `user` must equal the actor for user actors.
struct MemberSettingRequest {
  ChannelId channel;
  UserId user;
  friend bool operator==(const MemberSettingRequest&,
                         const MemberSettingRequest&) = default;
};

struct ChannelListQuery {
  enum class Kind : uint8_t { kJoined, kPublic, kHidden, kAll };
  Kind kind = Kind::kJoined;
  UserId user;  // whose joined/hidden list; the viewer for kPublic
  std::optional<std::string> category;
  std::optional<std::string> subcategory;
  std::optional<std::string> private_tag;
  std::optional<bool> frozen;
  bool has_unread = false;
  std::vector<UserId> members;  // every one must be a member
  std::string name_query;       // substring of the channel name
  std::optional<ChannelType> type;
  ChannelId after;  // cursor: the last channel of the previous page
  int limit = 20;   // 1..100
  friend bool operator==(const ChannelListQuery&,
                         const ChannelListQuery&) = default;
};

// ---- Bots ------------------------------------------------------------------

struct CreateBotRequest {
  std::string bot_id;
  std::string name;
  std::string profile_image_url;
  std::string type;
  std::string callback_url;
  friend bool operator==(const CreateBotRequest&,
                         const CreateBotRequest&) = default;
};

struct UpdateBotRequest {
  BotId bot;
  std::optional<std::string> name;
  std::optional<std::string> profile_image_url;
  std::optional<std::string> type;
  std::optional<std::string> callback_url;
  friend bool operator==(const UpdateBotRequest&,
                         const UpdateBotRequest&) = default;
};

// ---- Messages --------------------------------------------------------------

struct SendMessageRequest {
  ChannelId channel;
  UserId sender;  // the sending user (REST senderId); unset for admin/bot
  // Unset: the actor's usual type. A user sends text; the admin sends text
  // as `sender` when one is named, else an admin message; a bot sends bot.
  std::optional<MessageType> type;
  std::string text;
  Metadata data;
  FileInfo file;
  std::vector<UserId> mentions;
  MessageId parent;
  std::vector<std::string> translation_targets;
  friend bool operator==(const SendMessageRequest&,
                         const SendMessageRequest&) = default;
};

struct UpdateMessageRequest {
  MessageId message;
  std::optional<std::string> text;
  std::optional<Metadata> data;
  std::optional<std::vector<UserId>> mentions;
  bool clear_reactions = false;
  bool clear_translations = false;
  friend bool operator==(const UpdateMessageRequest&,
                         const UpdateMessageRequest&) = default;
};

struct ReactionRequest {
  MessageId message;
  UserId user;  // must equal the actor for user actors
  std::string reaction;
  friend bool operator==(const ReactionRequest&,
                         const ReactionRequest&) = default;
};

// ---- Word filter -------------------------------------------------------------

// Entries: at most kMaxWordFilterEntries per app, each 1..kMaxWordFilterEntryBytes
// bytes of UTF-8 without control characters. A plain entry matches a whole
// word; a leading '*' lets it start inside a word, a trailing '*' end inside
// one ("*grief*" matches "griefer"); no other '*'. ASCII letters match either
// case (docs/word-filter.md).
inline constexpr size_t kMaxWordFilterEntries = 100'000;
inline constexpr size_t kMaxWordFilterEntryBytes = 100;

// Changes the app's word filter. Applied in this order: `words` (when set)
// replaces the whole list, then `add` is added and `remove` removed
// (duplicates and absent entries are ignored), then `action` and
// `check_names` (when set) replace theirs. Unset fields leave things as
// they are.
struct WordFilterRequest {
  std::optional<std::vector<std::string>> words;
  std::vector<std::string> add;
  std::vector<std::string> remove;
  std::optional<FilterAction> action;
  std::optional<bool> check_names;
  friend bool operator==(const WordFilterRequest&,
                         const WordFilterRequest&) = default;
};

struct MessageListQuery {
  enum class Order : uint8_t { kLatest, kOldest };
  ChannelId channel;
  UserId viewer;  // whose visibility rules apply; unset = admin view
  Order order = Order::kLatest;
  MessageId after;  // cursor: exclusive anchor (older for kLatest)
  int limit = 20;   // clamped to 1..50
  bool files_only = false;
  std::optional<MessageType> type;  // filter by type
  std::string content_query;        // substring of text (GitpleLive)
  friend bool operator==(const MessageListQuery&,
                         const MessageListQuery&) = default;
};

}  // namespace banter

#endif  // BANTER_COMMANDS_H_
