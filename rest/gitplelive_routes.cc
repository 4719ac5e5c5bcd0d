// The GitpleLive Platform API (gitplelive.md §5): /v1/users...,
// /v1/group/channels... and /v1/open/channels..., APP_ID + APP_API_KEY, every
// call made as
// Actor::Admin() (the Platform API acts as the app and names the acting user
// in the body). docs/gitplelive.md has the endpoint table and the decisions.
//
// Each handler makes at most one mutating engine call (route.h), so a failed
// request changes nothing. Meta updates merge in the adapter (read the map,
// merge or erase keys, write the whole map back): the core stores maps, the
// merge is this dialect's wire semantics, and the core then checks the
// merged map (the 10-pair cap applies to the post-merge total, §2.8).
#include "rest/gitplelive_routes.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "rest/gitplelive_json.h"
#include "rest/gitplelive_policy.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {
namespace {

namespace json = boost::json;
using Result = absl::StatusOr<json::value>;
using gitple::ChannelExtras;

json::value Empty() { return json::object(); }

absl::Status Invalid(std::string_view detail) {
  return Error(ErrorCode::kParamsBindingError, detail);
}

// ---- Names ------------------------------------------------------------------

UserId PathUser(const Call& c) {
  return ResolveUser(c.engine, c.Param("user_id"));
}

// The two channel families (docs/gitplelive.md, "Open channels"). Both are
// GitpleLive channels of the engine; an open channel is one of type
// super_public, a group channel any other.
bool IsOpen(const ChannelView& v) {
  return v.type == ChannelType::kSuperPublic;
}

// The routes of the open family name their channel `:open_channel_id`, the
// group routes `:channel_id`. The handlers the families share learn which
// one they serve from the parameter their route matched (the raw target may
// be percent-encoded, so it is not read).
bool OpenRoute(const Call& c) {
  for (const auto& [name, value] : c.params) {
    if (name == "open_channel_id") return true;
  }
  return false;
}

// The channel named `name` in the family `open`. TalkPlus channels share the
// engine's id space but are not GitpleLive channels: on this surface they
// read as unknown (1003), so GitpleLive calls never change a TalkPlus
// channel; so does a channel of the other family. The other way round is
// allowed: the TalkPlus admin surface of the same app sees group channels
// (as ownerless private channels) and open channels (as ownerless
// super_public channels) and may act on them, with the same app key
// (docs/gitplelive.md).
ChannelId FamilyChannel(const Call& c, std::string_view name, bool open) {
  const ChannelId id = c.engine.FindChannel(name);
  if (!id.valid()) return kUnknownChannel;
  absl::StatusOr<ChannelView> v =
      c.engine.GetChannel(Actor::Admin(), id, UserId());
  if (v.ok() && (v->dialect != Dialect::kGitpleLive || IsOpen(*v) != open)) {
    return kUnknownChannel;
  }
  return id;
}

ChannelId PathChannel(const Call& c) {
  const bool open = OpenRoute(c);
  return FamilyChannel(c, c.Param(open ? "open_channel_id" : "channel_id"),
                       open);
}

// `names` without duplicates (first occurrence kept), at most the request
// cap: over it is 1010 before any id is looked up (gitplelive.md §3).
absl::StatusOr<std::vector<UserId>> MemberList(
    const Call& c, const std::vector<std::string>& names) {
  std::vector<std::string_view> unique;
  absl::flat_hash_set<std::string_view> seen;
  for (const std::string& n : names) {
    if (seen.insert(n).second) unique.push_back(n);
  }
  if (unique.size() > gitple::kMaxMembersPerRequest) {
    return Error(ErrorCode::kMaxChannelMemberCountExceeded,
                 "more than 100 members in one request");
  }
  std::vector<UserId> out;
  out.reserve(unique.size());
  for (std::string_view n : unique) out.push_back(ResolveUser(c.engine, n));
  return out;
}

// ---- Body readers -----------------------------------------------------------

// `meta`: an object of strings, or (multipart form fields carry JSON as
// text, §5.8) a string holding one. Absent: nullopt.
absl::StatusOr<std::optional<Metadata>> BodyMeta(const Call& c) {
  const json::value* raw = c.body.if_contains("meta");
  if (raw != nullptr && raw->is_string() && !raw->as_string().empty()) {
    REST_ASSIGN_OR_RETURN(json::value parsed,
                          ParseJson(View(raw->as_string()), 4));
    json::object wrapper;
    wrapper["meta"] = std::move(parsed);
    return OptMetadata(wrapper, "meta", ErrorCode::kInvalidMetaData);
  }
  return OptMetadata(c.body, "meta", ErrorCode::kInvalidMetaData);
}

// PUT meta: `current` with the body's pairs added or overwritten.
absl::StatusOr<Metadata> MergedMeta(const Call& c, Metadata current) {
  REST_ASSIGN_OR_RETURN(std::optional<Metadata> add, BodyMeta(c));
  if (add.has_value()) {
    for (auto& [k, v] : *add) current.insert_or_assign(k, std::move(v));
  }
  return current;
}

// DELETE meta: `current` without the body's `keys` (required; unknown keys
// are ignored).
absl::StatusOr<Metadata> ErasedMeta(const Call& c, Metadata current) {
  REST_ASSIGN_OR_RETURN(std::vector<std::string> keys,
                        ReqStringList(c.body, "keys"));
  for (const std::string& k : keys) current.erase(k);
  return current;
}

// The show_* flags of a channel read (§5.4). Open channels have neither a
// member list nor receipts: on their routes those four flags are checked
// and ignored, so a read never costs O(participants).
absl::StatusOr<ChannelExtras> QueryExtras(const Call& c, bool open) {
  ChannelExtras x;
  const std::pair<std::string_view, bool*> flags[] = {
      {"show_members", &x.members},
      {"show_managers", &x.managers},
      {"show_read_receipt", &x.read_receipt},
      {"show_delivery_receipt", &x.delivery_receipt},
      {"show_unread", &x.unread},
      {"show_last_message", &x.last_message},
  };
  for (const auto& [key, out] : flags) {
    REST_ASSIGN_OR_RETURN(std::optional<bool> v, c.query.Bool(key));
    *out = v.value_or(false);
  }
  if (open) {
    x.members = x.read_receipt = x.delivery_receipt = x.unread = false;
  }
  return x;
}

// ---- Rendering --------------------------------------------------------------

std::optional<UserView> CurrentProfile(const Call& c, std::string_view id) {
  const UserId u = c.engine.FindUser(id);
  if (!u.valid()) return std::nullopt;
  absl::StatusOr<UserView> v = c.engine.GetUser(Actor::Admin(), u);
  if (!v.ok()) return std::nullopt;
  return *std::move(v);
}

json::object MessageObject(const Call& c, const MessageView& m) {
  return gitple::MessageJson(m, CurrentProfile(c, m.user_id));
}

absl::StatusOr<json::object> ChannelObject(const Call& c,
                                           const ChannelView& v,
                                           const ChannelExtras& x) {
  std::vector<UserView> managers;
  if (x.managers) {
    managers.reserve(v.managers.size());
    for (const std::string& id : v.managers) {
      REST_ASSIGN_OR_RETURN(
          UserView u, c.engine.GetUser(c.actor, c.engine.FindUser(id)));
      managers.push_back(std::move(u));
    }
  }
  std::vector<ReceiptRow> receipts;
  if (x.read_receipt || x.delivery_receipt || x.unread) {
    REST_ASSIGN_OR_RETURN(receipts, c.engine.Receipts(c.actor, v.handle));
  }
  std::optional<json::object> last;
  if (x.last_message && v.last_message.has_value()) {
    last = MessageObject(c, *v.last_message);
  }
  return gitple::ChannelJson(v, x, managers, receipts, last);
}

Result ChannelResult(const Call& c, ChannelId channel,
                     const ChannelExtras& x) {
  REST_ASSIGN_OR_RETURN(ChannelView v,
                        c.engine.GetChannel(c.actor, channel, UserId()));
  REST_ASSIGN_OR_RETURN(json::object o, ChannelObject(c, v, x));
  return o;
}

ChannelExtras WithMembers() {
  ChannelExtras x;
  x.members = true;
  return x;
}

Result UserResult(const Call& c, UserId user) {
  REST_ASSIGN_OR_RETURN(UserView v, c.engine.GetUser(c.actor, user));
  return gitple::UserJson(v);
}

Result MessageResult(const Call& c, MessageId message) {
  REST_ASSIGN_OR_RETURN(MessageView v,
                        c.engine.GetMessage(c.actor, message, UserId()));
  return MessageObject(c, v);
}

// ---- Users (§5.1) -----------------------------------------------------------

Result CreateUser(const Call& c) {
  CreateUserRequest r;
  r.dialect = Dialect::kGitpleLive;
  REST_ASSIGN_OR_RETURN(r.user_id, ReqString(c.body, "user_id"));
  REST_ASSIGN_OR_RETURN(r.username, ReqString(c.body, "name"));
  REST_ASSIGN_OR_RETURN(std::optional<std::string> url,
                        OptString(c.body, "profile_url"));
  r.profile_image_url = url.value_or("");
  REST_ASSIGN_OR_RETURN(std::optional<Metadata> meta, BodyMeta(c));
  r.data = meta.value_or(Metadata());
  if (!gitple::IsValidUserId(r.user_id)) {
    return Invalid("user_id must be 1..68 of [A-Za-z0-9_-]");
  }
  REST_ASSIGN_OR_RETURN(CreatedUser u, c.engine.CreateUser(c.actor, r, c.now));
  return UserResult(c, u.user);
}

// `keyword` on the user list: Engine::SearchUsers by `target` (`user_id`,
// the default, or `name`) and `method` (`prefix`, the default, or `exact`),
// in the search's order (docs/gitplelive.md, "Users").
absl::StatusOr<Page<UserView>> SearchUsers(const Call& c, UserId after,
                                           int limit,
                                           std::string_view keyword) {
  UserSearchQuery q;
  q.text = std::string(keyword);
  q.after = after;
  q.limit = limit;
  const std::string_view target = c.query.Get("target").value_or("");
  if (target == "name") {
    q.field = UserSearchQuery::Field::kName;
  } else if (target != "user_id" && !target.empty()) {
    return Invalid("target must be user_id or name");
  }
  const std::string_view method = c.query.Get("method").value_or("");
  if (method == "exact") {
    q.match = UserSearchQuery::Match::kExact;
  } else if (method != "prefix" && !method.empty()) {
    return Invalid("method must be prefix or exact");
  }
  return c.engine.SearchUsers(c.actor, q);
}

Result ListUsers(const Call& c) {
  REST_ASSIGN_OR_RETURN(
      int64_t limit, c.query.Int("limit", gitple::kListDefault, 1,
                                 gitple::kListMax));
  UserId after;
  if (std::optional<std::string_view> next = c.query.Get("next");
      next.has_value() && !next->empty()) {
    after = c.engine.FindUser(*next);
    if (!after.valid()) return UnknownCursor("next");
  }
  const std::string_view keyword = c.query.Get("keyword").value_or("");
  REST_ASSIGN_OR_RETURN(
      Page<UserView> page,
      keyword.empty()
          ? c.engine.ListUsers(c.actor, after, static_cast<int>(limit))
          : SearchUsers(c, after, static_cast<int>(limit), keyword));
  json::array users;
  users.reserve(page.items.size());
  for (const UserView& u : page.items) users.emplace_back(gitple::UserJson(u));
  json::object o;
  o["users"] = std::move(users);
  o["next"] = page.has_next && !page.items.empty()
                  ? json::string(JsonSv(page.items.back().id))
                  : json::string();
  return o;
}

Result GetUser(const Call& c) { return UserResult(c, PathUser(c)); }

Result UpdateUser(const Call& c) {
  UpdateUserRequest r;
  r.dialect = Dialect::kGitpleLive;
  r.user = PathUser(c);
  REST_ASSIGN_OR_RETURN(r.username, OptString(c.body, "name"));
  REST_ASSIGN_OR_RETURN(r.profile_image_url, OptString(c.body, "profile_url"));
  if (r.username.has_value() && r.username->empty()) {
    return Invalid("name must not be empty");
  }
  REST_RETURN_IF_ERROR(c.engine.UpdateUser(c.actor, r, c.now));
  return UserResult(c, r.user);
}

Result DeleteUser(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.DeleteUser(c.actor, PathUser(c), c.now));
  return Empty();
}

template <absl::StatusOr<Metadata> (*Edit)(const Call&, Metadata)>
Result EditUserMeta(const Call& c) {
  const UserId u = PathUser(c);
  REST_ASSIGN_OR_RETURN(UserView v, c.engine.GetUser(c.actor, u));
  UpdateUserRequest r;
  r.dialect = Dialect::kGitpleLive;
  r.user = u;
  REST_ASSIGN_OR_RETURN(r.data, Edit(c, v.data));
  // An edit that changes nothing is no update (updated_at stays).
  if (*r.data == v.data) return gitple::UserJson(v);
  REST_RETURN_IF_ERROR(c.engine.UpdateUser(c.actor, r, c.now));
  return UserResult(c, u);
}

// Session tokens for the client SDK are a feature of the app that banter
// does not offer on this surface (docs/gitplelive.md): the platform's own
// answer for an app without it is 1015.
Result IssueToken(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.GetUser(c.actor, PathUser(c)).status());
  return gitple::DialectError(gitple::kUserTokenOff.code,
                              "user token usage is off");
}

// ---- Channels (§5.2–§5.4) ---------------------------------------------------

Result CreateChannel(const Call& c) {
  CreateChannelRequest r;
  r.dialect = Dialect::kGitpleLive;
  r.type = ChannelType::kPrivate;  // members-only, like a group channel
  REST_ASSIGN_OR_RETURN(r.channel_id, ReqString(c.body, "channel_id"));
  REST_ASSIGN_OR_RETURN(r.name, ReqString(c.body, "name"));
  REST_ASSIGN_OR_RETURN(std::optional<std::string> url,
                        OptString(c.body, "profile_url"));
  r.image_url = url.value_or("");
  REST_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> members,
                        OptStringList(c.body, "members"));
  REST_ASSIGN_OR_RETURN(std::optional<bool> reuse, OptBool(c.body, "reuse"));
  r.reuse = reuse.value_or(false);
  REST_ASSIGN_OR_RETURN(std::optional<Metadata> meta, BodyMeta(c));
  r.data = meta.value_or(Metadata());
  REST_ASSIGN_OR_RETURN(
      r.members, MemberList(c, members.value_or(std::vector<std::string>())));
  REST_ASSIGN_OR_RETURN(ChannelId id, c.engine.CreateChannel(c.actor, r, c.now));
  return ChannelResult(c, id, WithMembers());
}

Result GetChannel(const Call& c) {
  REST_ASSIGN_OR_RETURN(ChannelExtras x, QueryExtras(c, OpenRoute(c)));
  return ChannelResult(c, PathChannel(c), x);
}

// GET /group/channels and GET /open/channels: the engine's list of every
// channel, newest first, keeping the family's GitpleLive channels.
Result ListFamily(const Call& c, bool open) {
  REST_ASSIGN_OR_RETURN(ChannelExtras x, QueryExtras(c, open));
  REST_ASSIGN_OR_RETURN(
      int64_t limit, c.query.Int("limit", gitple::kListDefault, 1,
                                 gitple::kListMax));
  ChannelListQuery q;
  q.kind = ChannelListQuery::Kind::kAll;
  q.limit = gitple::kListMax;
  q.name_query = std::string(c.query.Get("name").value_or(""));
  q.members = ResolveUsers(c.engine, c.query.List("include_members"));
  // Every open channel is a super_public one; group channels are the rest.
  if (open) q.type = ChannelType::kSuperPublic;
  if (std::optional<std::string_view> next = c.query.Get("next");
      next.has_value() && !next->empty()) {
    q.after = FamilyChannel(c, *next, open);
    if (q.after == kUnknownChannel) return UnknownCursor("next");
  }
  // The engine lists every channel of the app; TalkPlus channels and the
  // other family are skipped here, so a page may take several engine pages.
  std::vector<ChannelView> found;
  const auto want = static_cast<size_t>(limit) + 1;
  while (found.size() < want) {
    REST_ASSIGN_OR_RETURN(Page<ChannelView> page,
                          c.engine.ListChannels(c.actor, q));
    for (ChannelView& v : page.items) {
      if (v.dialect != Dialect::kGitpleLive || IsOpen(v) != open) continue;
      if (found.size() < want) found.push_back(std::move(v));
    }
    if (!page.has_next || page.items.empty()) break;
    q.after = page.items.back().handle;
  }
  const bool more = found.size() > static_cast<size_t>(limit);
  if (more) found.resize(static_cast<size_t>(limit));
  json::array channels;
  channels.reserve(found.size());
  for (const ChannelView& v : found) {
    REST_ASSIGN_OR_RETURN(json::object o, ChannelObject(c, v, x));
    channels.emplace_back(std::move(o));
  }
  json::object o;
  o["channels"] = std::move(channels);
  o["next"] = more ? json::string(JsonSv(found.back().id)) : json::string();
  return o;
}

Result ListChannels(const Call& c) { return ListFamily(c, false); }

Result UpdateChannel(const Call& c) {
  UpdateChannelRequest r;
  r.channel = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string name, ReqString(c.body, "name"));
  r.name = std::move(name);
  REST_ASSIGN_OR_RETURN(r.image_url, OptString(c.body, "profile_url"));
  REST_RETURN_IF_ERROR(c.engine.UpdateChannel(c.actor, r, c.now));
  return ChannelResult(c, r.channel, ChannelExtras());
}

Result DeleteChannel(const Call& c) {
  REST_RETURN_IF_ERROR(c.engine.DeleteChannel(c.actor, PathChannel(c), c.now));
  return Empty();
}

template <absl::StatusOr<Metadata> (*Edit)(const Call&, Metadata)>
Result EditChannelMeta(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(ChannelView v,
                        c.engine.GetChannel(c.actor, ch, UserId()));
  UpdateChannelRequest r;
  r.channel = ch;
  REST_ASSIGN_OR_RETURN(r.data, Edit(c, v.data));
  if (*r.data == v.data) return ChannelResult(c, ch, ChannelExtras());
  REST_RETURN_IF_ERROR(c.engine.UpdateChannel(c.actor, r, c.now));
  return ChannelResult(c, ch, ChannelExtras());
}

Result Freeze(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::optional<bool> freeze, OptBool(c.body, "freeze"));
  if (!freeze.has_value()) {
    return Error(ErrorCode::kInvalidParams, "freeze is required");
  }
  REST_RETURN_IF_ERROR(c.engine.SetFrozen(c.actor, ch, *freeze, c.now));
  return ChannelResult(c, ch, ChannelExtras());
}

// ---- Membership (§5.5) ------------------------------------------------------

Result ListMembers(const Call& c) {
  const ChannelId ch = PathChannel(c);
  json::array out;
  UserId after;
  while (true) {
    REST_ASSIGN_OR_RETURN(Page<MemberView> page,
                          c.engine.ListMembers(c.actor, ch, after, 100));
    for (const MemberView& m : page.items) {
      out.emplace_back(gitple::MemberJson(m));
    }
    if (!page.has_next || page.items.empty()) break;
    after = c.engine.FindUser(page.items.back().user.id);
  }
  return out;
}

// The members connected to this process (banter::Presence; PUT
// /v1/users/:user_id/connect), unpaged, in handle order (docs/presence.md).
Result ListOnlineMembers(const Call& c) {
  const ChannelId ch = PathChannel(c);
  Presence& presence = *c.server.FindPresence(c.app_id);
  json::array out;
  UserId after;
  while (true) {
    REST_ASSIGN_OR_RETURN(Page<UserId> page,
                          presence.OnlineMembers(ch, after, 1000));
    for (UserId u : page.items) out.emplace_back(JsonSv(c.engine.UserName(u)));
    if (!page.has_next || page.items.empty()) break;
    after = page.items.back();
  }
  return out;
}

template <absl::Status (Engine::*Op)(const Actor&, const MembersRequest&,
                                     Millis)>
Result Members(const Call& c) {
  MembersRequest r;
  r.channel = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::vector<std::string> names,
                        ReqStringList(c.body, "members"));
  REST_ASSIGN_OR_RETURN(const std::vector<UserId> users, MemberList(c, names));
  r.users.assign(users.begin(), users.end());
  REST_RETURN_IF_ERROR((c.engine.*Op)(c.actor, r, c.now));
  return ChannelResult(c, r.channel, WithMembers());
}

// Join or leave (group) and enter or exit (open): the body's `user_id` joins
// or leaves the path's channel; the answer is the channel with `extras`.
template <typename Request, auto Op>
Result JoinOrLeave(const Call& c, ChannelExtras extras) {
  Request r;
  r.channel = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "user_id"));
  r.user = ResolveUser(c.engine, user);
  REST_RETURN_IF_ERROR((c.engine.*Op)(c.actor, r, c.now));
  return ChannelResult(c, r.channel, extras);
}

Result Join(const Call& c) {
  return JoinOrLeave<JoinRequest, &Engine::Join>(c, WithMembers());
}

Result Leave(const Call& c) {
  return JoinOrLeave<LeaveRequest, &Engine::Leave>(c, WithMembers());
}

// ---- Managers (§5.6) --------------------------------------------------------

Result ListManagers(const Call& c) {
  REST_ASSIGN_OR_RETURN(ChannelView v,
                        c.engine.GetChannel(c.actor, PathChannel(c), UserId()));
  json::array out;
  out.reserve(v.managers.size());
  for (const std::string& id : v.managers) {
    REST_ASSIGN_OR_RETURN(UserView u,
                          c.engine.GetUser(c.actor, c.engine.FindUser(id)));
    out.emplace_back(gitple::UserJson(u));
  }
  return out;
}

template <absl::Status (Engine::*Op)(const Actor&, ChannelId, UserId, Millis)>
Result Manager(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "manager"));
  REST_RETURN_IF_ERROR(
      (c.engine.*Op)(c.actor, ch, ResolveUser(c.engine, user), c.now));
  return Empty();
}

// ---- Moderation (§5.7) ------------------------------------------------------

Result Ban(const Call& c) {
  BanRequest r;
  r.channel = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "user_id"));
  REST_ASSIGN_OR_RETURN(std::optional<int64_t> seconds,
                        OptInt(c.body, "seconds", 0, gitple::kMaxBanSeconds));
  if (!seconds.has_value()) {
    return Error(ErrorCode::kInvalidParams, "seconds is required");
  }
  REST_ASSIGN_OR_RETURN(std::optional<std::string> reason,
                        OptString(c.body, "reason"));
  const UserId u = ResolveUser(c.engine, user);
  r.users = {u};
  r.duration_ms = *seconds * 1000;
  r.reason = reason.value_or("");
  REST_RETURN_IF_ERROR(c.engine.Ban(c.actor, r, c.now));
  REST_ASSIGN_OR_RETURN(UserView v, c.engine.GetUser(c.actor, u));
  return gitple::BanJson(v, c.now, r.duration_ms == 0 ? 0 : c.now + r.duration_ms,
                         r.reason);
}

Result Unban(const Call& c) {
  MembersRequest r;
  r.channel = PathChannel(c);
  r.users = {PathUser(c)};
  REST_RETURN_IF_ERROR(c.engine.Unban(c.actor, r, c.now));
  return Empty();
}

Result ListBanned(const Call& c) {
  const ChannelId ch = PathChannel(c);
  json::array out;
  UserId after;
  while (true) {
    REST_ASSIGN_OR_RETURN(Page<BanView> page,
                          c.engine.ListBanned(c.actor, ch, after, 100));
    for (const BanView& b : page.items) {
      out.emplace_back(
          gitple::BanJson(b.member.user, b.start_at, b.end_at, b.reason));
    }
    if (!page.has_next || page.items.empty()) break;
    after = c.engine.FindUser(page.items.back().member.user.id);
  }
  return out;
}

// ---- Messages (§5.8, §5.9) --------------------------------------------------

// `file`: {"url" (required), "name", "type", "size"}. The JSON transports
// carry no upload: a file message names where the file is (docs/gitplelive.md).
absl::StatusOr<FileInfo> BodyFile(const Call& c) {
  const json::value* raw = c.body.if_contains("file");
  if (raw == nullptr || raw->is_null()) {
    return Error(ErrorCode::kInvalidParams, "file is required");
  }
  const json::object* f = raw->if_object();
  if (f == nullptr) return Invalid("file must be an object");
  FileInfo out;
  REST_ASSIGN_OR_RETURN(out.url, ReqString(*f, "url"));
  REST_ASSIGN_OR_RETURN(std::optional<std::string> name, OptString(*f, "name"));
  REST_ASSIGN_OR_RETURN(std::optional<std::string> type, OptString(*f, "type"));
  REST_ASSIGN_OR_RETURN(
      std::optional<int64_t> size,
      OptInt(*f, "size", 0, std::numeric_limits<int64_t>::max()));
  out.name = name.value_or("");
  out.type = type.value_or("");
  out.size = size.value_or(0);
  if (out.size > gitple::kMaxFileBytes) {
    return Error(ErrorCode::kFileSizeLimitExceeded, "file larger than 20 MiB");
  }
  return out;
}

Result SendMessage(const Call& c) {
  SendMessageRequest r;
  r.channel = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::optional<std::string> type,
                        OptString(c.body, "type"));
  const std::string t = type.value_or("text");
  if (t != "text" && t != "file") return Invalid("type must be text or file");
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "user_id"));
  r.sender = ResolveUser(c.engine, user);
  if (t == "text") {
    r.type = MessageType::kText;
    REST_ASSIGN_OR_RETURN(r.text, ReqString(c.body, "content"));
  } else {
    r.type = MessageType::kFile;
    REST_ASSIGN_OR_RETURN(r.file, BodyFile(c));
  }
  REST_ASSIGN_OR_RETURN(std::optional<Metadata> meta, BodyMeta(c));
  r.data = meta.value_or(Metadata());
  REST_ASSIGN_OR_RETURN(MessageId m, c.engine.SendMessage(c.actor, r, c.now));
  return MessageResult(c, m);
}

// `content` on the message list: Engine::SearchMessages, whose scan is
// bounded per call (docs/gitplelive.md, decision [11]). The page is oldest
// first like every message page; `next` is the base_message_id to continue
// from in the same mode, "" when nothing is left.
Result ContentSearch(const Call& c, const MessageListQuery& list,
                      std::string_view content) {
  MessageSearchQuery q;
  q.channel = list.channel;
  q.text = std::string(content);
  q.order = list.order;
  q.after = list.after;
  q.limit = list.limit;
  q.type = list.type;
  REST_ASSIGN_OR_RETURN(MessageSearchPage page,
                        c.engine.SearchMessages(c.actor, q));
  if (q.order == MessageListQuery::Order::kLatest) {
    std::reverse(page.items.begin(), page.items.end());
  }
  json::array out;
  out.reserve(page.items.size());
  for (const MessageView& m : page.items) out.emplace_back(MessageObject(c, m));
  json::object o;
  o["messages"] = std::move(out);
  o["next"] = page.has_next ? json::string(std::to_string(page.resume.value()))
                            : json::string();
  return o;
}

Result ListMessages(const Call& c) {
  MessageListQuery q;
  q.channel = PathChannel(c);
  REST_ASSIGN_OR_RETURN(
      int64_t base, c.query.Int("base_message_id", 0, 1,
                                std::numeric_limits<int64_t>::max()));
  if (base != 0) {
    const MessageId m(static_cast<uint64_t>(base));
    q.after = m.channel() == q.channel ? m : kUnknownMessage;
  }
  const std::string_view mode = c.query.Get("mode").value_or("");
  if (mode == "next") {
    q.order = MessageListQuery::Order::kOldest;
  } else if (mode == "prev" || mode.empty()) {
    q.order = MessageListQuery::Order::kLatest;
  } else {
    return Invalid("mode must be prev or next");
  }
  const std::string_view type = c.query.Get("type").value_or("");
  if (type == "text") {
    q.type = MessageType::kText;
  } else if (type == "file") {
    q.type = MessageType::kFile;
  } else if (!type.empty()) {
    return Invalid("type must be text or file");
  }
  REST_ASSIGN_OR_RETURN(
      int64_t limit, c.query.Int("limit", gitple::kMessagesDefault, 1,
                                 gitple::kMessagesMax));
  q.limit = static_cast<int>(limit);
  const std::string_view content = c.query.Get("content").value_or("");
  if (!content.empty()) return ContentSearch(c, q, content);
  REST_ASSIGN_OR_RETURN(Page<MessageView> page,
                        c.engine.ListMessages(c.actor, q));
  // Pages read away from the anchor; the answer is always oldest first.
  if (q.order == MessageListQuery::Order::kLatest) {
    std::reverse(page.items.begin(), page.items.end());
  }
  json::array out;
  out.reserve(page.items.size());
  for (const MessageView& m : page.items) out.emplace_back(MessageObject(c, m));
  json::object o;
  o["messages"] = std::move(out);
  return o;
}

absl::StatusOr<MessageId> PathGroupMessage(const Call& c) {
  return PathMessage(c, PathChannel(c), c.Param("message_id"));
}

Result DeleteMessage(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, PathGroupMessage(c));
  REST_RETURN_IF_ERROR(c.engine.DeleteMessage(c.actor, m, c.now));
  return Empty();
}

template <absl::StatusOr<Metadata> (*Edit)(const Call&, Metadata)>
Result EditMessageMeta(const Call& c) {
  REST_ASSIGN_OR_RETURN(MessageId m, PathGroupMessage(c));
  REST_ASSIGN_OR_RETURN(MessageView v,
                        c.engine.GetMessage(c.actor, m, UserId()));
  UpdateMessageRequest r;
  r.message = m;
  REST_ASSIGN_OR_RETURN(r.data, Edit(c, v.data));
  if (*r.data == v.data) return MessageObject(c, v);
  REST_RETURN_IF_ERROR(c.engine.UpdateMessage(c.actor, r, c.now));
  return MessageResult(c, m);
}

template <absl::Status (Engine::*Op)(const Actor&, const MemberSettingRequest&,
                                     Millis)>
Result Receipt(const Call& c) {
  MemberSettingRequest r;
  r.channel = PathChannel(c);
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "user_id"));
  r.user = ResolveUser(c.engine, user);
  // The engine's read calls judge membership only; this dialect names an
  // unknown user (1004) before asking whether it is a member (1008).
  if (r.user == kUnknownUser && r.channel != kUnknownChannel &&
      !c.engine.app_deactivated()) {
    return Error(ErrorCode::kUserNotFound, "no such user");
  }
  REST_RETURN_IF_ERROR((c.engine.*Op)(c.actor, r, c.now));
  return Empty();
}

// ---- Open channels (docs/gitplelive.md, "Open channels") --------------------
//
// Inferred by analogy with group channels: an open channel is a GitpleLive
// super_public channel of the engine. Anyone may enter (the admin's Join,
// which no type refuses), nobody is invited, there is no member cap, no
// reuse, and no receipts. Participants are the engine's members: who
// entered and has not exited (or been banned, or deleted).

Result CreateOpenChannel(const Call& c) {
  CreateChannelRequest r;
  r.dialect = Dialect::kGitpleLive;
  r.type = ChannelType::kSuperPublic;
  REST_ASSIGN_OR_RETURN(r.channel_id, ReqString(c.body, "channel_id"));
  REST_ASSIGN_OR_RETURN(r.name, ReqString(c.body, "name"));
  REST_ASSIGN_OR_RETURN(std::optional<std::string> url,
                        OptString(c.body, "profile_url"));
  r.image_url = url.value_or("");
  REST_ASSIGN_OR_RETURN(std::optional<Metadata> meta, BodyMeta(c));
  r.data = meta.value_or(Metadata());
  REST_ASSIGN_OR_RETURN(ChannelId id,
                        c.engine.CreateChannel(c.actor, r, c.now));
  return ChannelResult(c, id, ChannelExtras());
}

Result ListOpenChannels(const Call& c) { return ListFamily(c, true); }

// Enter and exit name the participant in the body, like group join/leave.
Result Enter(const Call& c) {
  return JoinOrLeave<JoinRequest, &Engine::Join>(c, ChannelExtras());
}

Result Exit(const Call& c) {
  return JoinOrLeave<LeaveRequest, &Engine::Leave>(c, ChannelExtras());
}

// Participants are paged (an open channel has no cap): `limit` (1..100,
// default 15) and `next`, the user id of the previous page's last
// participant, in user-handle order like member lists.
Result ListParticipants(const Call& c) {
  const ChannelId ch = PathChannel(c);
  REST_ASSIGN_OR_RETURN(
      int64_t limit, c.query.Int("limit", gitple::kListDefault, 1,
                                 gitple::kListMax));
  UserId after;
  bool unknown = false;
  if (std::optional<std::string_view> next = c.query.Get("next");
      next.has_value() && !next->empty()) {
    after = c.engine.FindUser(*next);
    unknown = !after.valid();
  }
  REST_ASSIGN_OR_RETURN(Page<MemberView> page,
                        c.engine.ListMembers(c.actor, ch, after,
                                             static_cast<int>(limit)));
  if (unknown) return UnknownCursor("next");
  json::array out;
  out.reserve(page.items.size());
  for (const MemberView& m : page.items) {
    out.emplace_back(gitple::MemberJson(m));
  }
  json::object o;
  o["participants"] = std::move(out);
  o["next"] = page.has_next && !page.items.empty()
                  ? json::string(JsonSv(page.items.back().user.id))
                  : json::string();
  return o;
}

}  // namespace

const Flavor& GitpleLiveFlavor() {
  static constexpr Flavor kFlavor{"gitplelive", "APP_ID", "APP_API_KEY",
                                  &gitple::RenderError, &gitple::FinishError};
  return kFlavor;
}

void RegisterGitpleLiveRoutes(Server& server) {
  const Flavor* f = &GitpleLiveFlavor();
  constexpr Method G = Method::kGet, P = Method::kPost, U = Method::kPut,
                   D = Method::kDelete;
  constexpr RateClass kAuth = RateClass::kAuth, kRead = RateClass::kRead,
                      kWrite = RateClass::kWrite, kMsg = RateClass::kMessage;
  struct Row {
    Method method;
    const char* pattern;
    RateClass rate;
    Handler handler;
    int ok_status = 200;
  };
  const Row rows[] = {
      // Users.
      {P, "/users", kAuth, &CreateUser, 201},
      {G, "/users", kRead, &ListUsers},
      {G, "/users/:user_id", kRead, &GetUser},
      {U, "/users/:user_id", kWrite, &UpdateUser},
      {D, "/users/:user_id", kWrite, &DeleteUser},
      {U, "/users/:user_id/meta", kWrite, &EditUserMeta<&MergedMeta>},
      {D, "/users/:user_id/meta", kWrite, &EditUserMeta<&ErasedMeta>},
      {P, "/users/:user_id/token", kAuth, &IssueToken},
      // Group channels.
      {P, "/group/channels", kWrite, &CreateChannel, 201},
      {G, "/group/channels", kRead, &ListChannels},
      {G, "/group/channels/:channel_id", kRead, &GetChannel},
      {U, "/group/channels/:channel_id", kWrite, &UpdateChannel},
      {D, "/group/channels/:channel_id", kWrite, &DeleteChannel},
      {U, "/group/channels/:channel_id/meta", kWrite,
       &EditChannelMeta<&MergedMeta>},
      {D, "/group/channels/:channel_id/meta", kWrite,
       &EditChannelMeta<&ErasedMeta>},
      {U, "/group/channels/:channel_id/freeze", kWrite, &Freeze},
      // Membership.
      {G, "/group/channels/:channel_id/members", kRead, &ListMembers},
      {P, "/group/channels/:channel_id/members", kWrite,
       &Members<&Engine::AddMembers>},
      {D, "/group/channels/:channel_id/members", kWrite,
       &Members<&Engine::RemoveMembers>},
      {U, "/group/channels/:channel_id/join", kWrite, &Join},
      {U, "/group/channels/:channel_id/leave", kWrite, &Leave},
      {G, "/group/channels/:channel_id/online_members", kRead,
       &ListOnlineMembers},
      // Managers.
      {G, "/group/channels/:channel_id/managers", kRead, &ListManagers},
      {P, "/group/channels/:channel_id/managers", kWrite,
       &Manager<&Engine::AddManager>},
      {D, "/group/channels/:channel_id/managers", kWrite,
       &Manager<&Engine::RemoveManager>},
      // Moderation.
      {P, "/group/channels/:channel_id/ban", kWrite, &Ban},
      {D, "/group/channels/:channel_id/ban/:user_id", kWrite, &Unban},
      {G, "/group/channels/:channel_id/banned_list", kRead, &ListBanned},
      // Messages and receipts.
      {P, "/group/channels/:channel_id/messages", kMsg, &SendMessage, 201},
      {G, "/group/channels/:channel_id/messages", kRead, &ListMessages},
      {D, "/group/channels/:channel_id/messages/:message_id", kWrite,
       &DeleteMessage},
      {U, "/group/channels/:channel_id/messages/:message_id/meta", kWrite,
       &EditMessageMeta<&MergedMeta>},
      {D, "/group/channels/:channel_id/messages/:message_id/meta", kWrite,
       &EditMessageMeta<&ErasedMeta>},
      {U, "/group/channels/:channel_id/messages/read", kWrite,
       &Receipt<&Engine::MarkRead>},
      {U, "/group/channels/:channel_id/messages/delivered", kWrite,
       &Receipt<&Engine::MarkDelivered>},
      // Open channels: their own create, list, enter, exit and participants;
      // the rest are the group handlers on the open family (OpenRoute).
      {P, "/open/channels", kWrite, &CreateOpenChannel, 201},
      {G, "/open/channels", kRead, &ListOpenChannels},
      {G, "/open/channels/:open_channel_id", kRead, &GetChannel},
      {U, "/open/channels/:open_channel_id", kWrite, &UpdateChannel},
      {D, "/open/channels/:open_channel_id", kWrite, &DeleteChannel},
      {U, "/open/channels/:open_channel_id/meta", kWrite,
       &EditChannelMeta<&MergedMeta>},
      {D, "/open/channels/:open_channel_id/meta", kWrite,
       &EditChannelMeta<&ErasedMeta>},
      {U, "/open/channels/:open_channel_id/freeze", kWrite, &Freeze},
      {U, "/open/channels/:open_channel_id/enter", kWrite, &Enter},
      {U, "/open/channels/:open_channel_id/exit", kWrite, &Exit},
      {G, "/open/channels/:open_channel_id/participants", kRead,
       &ListParticipants},
      {G, "/open/channels/:open_channel_id/managers", kRead, &ListManagers},
      {P, "/open/channels/:open_channel_id/managers", kWrite,
       &Manager<&Engine::AddManager>},
      {D, "/open/channels/:open_channel_id/managers", kWrite,
       &Manager<&Engine::RemoveManager>},
      {P, "/open/channels/:open_channel_id/ban", kWrite, &Ban},
      {D, "/open/channels/:open_channel_id/ban/:user_id", kWrite, &Unban},
      {G, "/open/channels/:open_channel_id/banned_list", kRead, &ListBanned},
      {P, "/open/channels/:open_channel_id/messages", kMsg, &SendMessage, 201},
      {G, "/open/channels/:open_channel_id/messages", kRead, &ListMessages},
      {D, "/open/channels/:open_channel_id/messages/:message_id", kWrite,
       &DeleteMessage},
      {U, "/open/channels/:open_channel_id/messages/:message_id/meta", kWrite,
       &EditMessageMeta<&MergedMeta>},
      {D, "/open/channels/:open_channel_id/messages/:message_id/meta", kWrite,
       &EditMessageMeta<&ErasedMeta>},
  };
  for (const Row& r : rows) {
    server.AddRoute({r.method, Cat("/v1", r.pattern), Auth::kApiKey, r.rate,
                     r.handler, f, r.ok_status});
  }
  RegisterGitpleLiveModerationRoutes(server);
  server.SetFlavorForPrefix("/v1/", f);
}

}  // namespace banter::rest
