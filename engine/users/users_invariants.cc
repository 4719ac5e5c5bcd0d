// The users area's invariant check and state dump.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "engine/core/fold.h"
#include "engine/core/status_macros.h"
#include "engine/core/strings.h"
#include "engine/invariants.h"
#include "engine/users/user_ops.h"

namespace banter::internal {
namespace {

std::string Quote(std::string_view s) {
  return absl::StrCat("\"", absl::CEscape(Sv(s)), "\"");
}

bool IsLowerHex(std::string_view s, size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

template <typename Set>
std::vector<typename Set::value_type> Sorted(const Set& set) {
  std::vector<typename Set::value_type> v(set.begin(), set.end());
  std::sort(v.begin(), v.end());
  return v;
}

template <typename Handles>
void AppendHandles(std::string* out, std::string_view label,
                   const Handles& handles) {
  absl::StrAppend(out, " ", Sv(label), "=[");
  const char* sep = "";
  for (auto h : handles) {
    absl::StrAppend(out, sep, h.value());
    sep = ",";
  }
  absl::StrAppend(out, "]");
}

template <typename Map>
void AppendMap(std::string* out, std::string_view label, const Map& m) {
  absl::StrAppend(out, " ", Sv(label), "={");
  const char* sep = "";
  for (const auto& [k, v] : m) {
    absl::StrAppend(out, sep, Quote(k), ":", Quote(v));
    sep = ",";
  }
  absl::StrAppend(out, "}");
}

absl::Status CheckUser(const State& s, uint32_t i) {
  const UserRecord& u = s.users.Record(UserId(i));
  const UserId id(i);
  const std::string who = absl::StrCat("user ", i);
  if (u.live != (s.users.names().Find(s.users.names().Name(id)) == id)) {
    return Violation("U2", absl::StrCat(who, " live=", u.live,
                                        " but its name maps elsewhere"));
  }
  if (u.created_at > u.updated_at || u.updated_at > s.now) {
    return Violation("U8",
                     absl::StrCat(who, " created=", u.created_at,
                                  " updated=", u.updated_at, " now=", s.now));
  }
  if (!u.live) {
    if (!s.user_channels.of(id).empty() ||
        !s.user_channels.hidden_of(id).empty() || !u.blocked.empty() ||
        !u.blocked_by.empty() || !u.sessions.empty() ||
        !u.login_tokens.empty()) {
      return Violation("U6", absl::StrCat(who,
                                          " is deleted but holds "
                                          "channels, blocks, sessions or "
                                          "login tokens"));
    }
    return absl::OkStatus();
  }
  for (UserId b : u.blocked) {
    const UserRecord* other = s.user(b);
    if (b == id || other == nullptr || !other->blocked_by.contains(id)) {
      return Violation("U3", absl::StrCat(who, " blocks ", b.value(),
                                          " which is self, dead or lacks "
                                          "the mirror entry"));
    }
  }
  for (UserId b : u.blocked_by) {
    const UserRecord* other = s.user(b);
    if (b == id || other == nullptr || !other->blocked.contains(id)) {
      return Violation("U3", absl::StrCat(who, " is blocked by ", b.value(),
                                          " which is self, dead or lacks "
                                          "the mirror entry"));
    }
  }
  for (const std::string& token : u.sessions) {
    auto it = s.users.sessions().find(token);
    if (it == s.users.sessions().end() || it->second.user != id) {
      return Violation("U4", absl::StrCat(who,
                                          " lists a session that is "
                                          "missing, someone else's, or held "
                                          "while deactivated"));
    }
  }
  for (ChannelId c : s.user_channels.hidden_of(id)) {
    if (!s.user_channels.of(id).contains(c)) {
      return Violation("U5", absl::StrCat(who, " hides channel ", c.value(),
                                          " it is not in"));
    }
  }
  const size_t max_tokens =
      s.options.last_login_token_wins ? 1 : kMaxLoginTokens;
  if (u.login_tokens.size() > max_tokens) {
    return Violation("U7", absl::StrCat(who, " holds ", u.login_tokens.size(),
                                        " login tokens"));
  }
  for (const std::string& token : u.login_tokens) {
    if (!IsLowerHex(token, kLoginTokenHex)) {
      return Violation("U7", absl::StrCat(who, " holds a malformed token"));
    }
  }
  return absl::OkStatus();
}

// U10, both directions: every live user is in the indexes under its current
// keys, and the indexes hold nothing else (equal sizes). O(users log users).
absl::Status CheckUserSearchIndexes(const State& s) {
  size_t live = 0;
  size_t named = 0;
  for (uint32_t i = 1; i < s.users.size(); ++i) {
    const UserRecord& u = s.users.Record(UserId(i));
    if (!u.live) continue;
    ++live;
    if (!s.users.id_index().Contains(s.users.names().Name(UserId(i)), i)) {
      return Violation("U10", absl::StrCat("user ", i,
                                           " is missing from the id index"));
    }
    if (u.username.empty()) continue;
    ++named;
    if (!s.users.name_index().Contains(FoldedCopy(u.username), i)) {
      return Violation("U10",
                       absl::StrCat("user ", i, " name ", Quote(u.username),
                                    " is missing from the name index"));
    }
  }
  if (s.users.id_index().size() != live ||
      s.users.name_index().size() != named) {
    return Violation(
        "U10",
        absl::StrCat("indexes hold ", s.users.id_index().size(), " ids and ",
                     s.users.name_index().size(), " names for ", live,
                     " live users, ", named, " with a name"));
  }
  return absl::OkStatus();
}

}  // namespace

// Invariants (the users' part of S1, S2, S4 and S5):
//  U1. users.size() == users.names().issued() + 1; slot 0 is never live.
//  U2. A live user's name maps to its handle; a deleted user's does not
//      (so every interned name maps to a live user).
//  U3. blocked and blocked_by are mirror images, hold live users only and
//      never the user itself.
//  U4. Every session maps to a live user whose `sessions` lists its token,
//      and every token a user lists is a session of that user. (A
//      deactivated user keeps its sessions; they answer kDeactivatedUser.)
//  U5. user_channels.hidden_of(u) ⊆ the channels u is in.
//  U6. A deleted user holds no channels, hidden flags, blocks, sessions or
//      login tokens.
//  U7. Login tokens are 32 lowercase hex digits, at most 1 per user when
//      last_login_token_wins, else at most kMaxLoginTokens.
//  U8. created_at <= updated_at <= now.
//  U9. users.access(u) mirrors every record's live, active and
//      push_disabled flags and whether its blocked_by and blocked sets are
//      empty (slot 0: none).
//  U10. user_id_index holds exactly (id, u) for every live user u, and
//      user_name_index exactly (FoldedCopy(username), u) for every live user
//      with a non-empty username.
//  U11. The membership table (State::user_channels) has one row per user
//      handle, row 0 included and empty. (U6: a dead user's row is empty;
//      C2 matches the rows against the member arrays.)
absl::Status CheckUserInvariants(const State& s) {
  if (s.users.size() != s.users.names().issued() + 1 ||
      s.users.Record(UserId(0)).live) {
    return Violation("U1", absl::StrCat("users.size()=", s.users.size(),
                                        " issued=", s.users.names().issued()));
  }
  if (s.users.access(UserId()) != 0) {
    return Violation("U9", "the unused handle 0 has access flags");
  }
  if (s.user_channels.size() != s.users.size() ||
      !s.user_channels.of(UserId()).empty()) {
    return Violation("U11", absl::StrCat("user_channels.size()=",
                                         s.user_channels.size(),
                                         " users.size()=", s.users.size()));
  }
  for (uint32_t i = 1; i < s.users.size(); ++i) {
    const uint8_t want = UserTable::AccessOf(s.users.Record(UserId(i)));
    if (s.users.access(UserId(i)) != want) {
      return Violation(
          "U9", absl::StrCat("user ", i, " access ", s.users.access(UserId(i)),
                             " != ", want));
    }
  }
  BANTER_RETURN_IF_ERROR(CheckUserSearchIndexes(s));
  size_t listed_sessions = 0;
  for (uint32_t i = 1; i < s.users.size(); ++i) {
    BANTER_RETURN_IF_ERROR(CheckUser(s, i));
    listed_sessions += s.users.Record(UserId(i)).sessions.size();
  }
  for (const auto& [token, session] : s.users.sessions()) {
    const UserRecord* u = s.user(session.user);
    if (u == nullptr ||
        std::find(u->sessions.begin(), u->sessions.end(), token) ==
            u->sessions.end()) {
      return Violation("U4",
                       absl::StrCat("a session of user ", session.user.value(),
                                    " is not listed by a live "
                                    "user"));
    }
  }
  // Each listed token was found in the map above; equal counts rule out a
  // token listed twice.
  if (listed_sessions != s.users.sessions().size()) {
    return Violation(
        "U4", absl::StrCat(listed_sessions, " sessions listed by users, ",
                           s.users.sessions().size(), " stored"));
  }
  return absl::OkStatus();
}

void DumpUsers(const State& s, std::string* out) {
  for (uint32_t i = 1; i < s.users.size(); ++i) {
    const UserRecord& u = s.users.Record(UserId(i));
    absl::StrAppend(
        out, "user ", i, " id=", Sv(s.users.names().Name(UserId(i))),
        " live=", u.live ? 1 : 0, " active=", u.active ? 1 : 0,
        " push_off=", u.push_disabled ? 1 : 0, " username=", Quote(u.username),
        " image=", Quote(u.profile_image_url));
    AppendMap(out, "data", u.data);
    absl::StrAppend(out, " created=", u.created_at, " updated=", u.updated_at,
                    " pw=", Quote(u.password_hash), " tokens=[");
    const char* sep = "";
    for (const std::string& t : u.login_tokens) {
      absl::StrAppend(out, sep, t);
      sep = ",";
    }
    absl::StrAppend(out, "] sessions=[");
    sep = "";
    for (const std::string& t : Sorted(u.sessions)) {
      auto it = s.users.sessions().find(t);
      absl::StrAppend(
          out, sep, t, ":",
          it == s.users.sessions().end() ? "?" : it->second.session_id);
      sep = ",";
    }
    absl::StrAppend(out, "]");
    std::vector<ChannelId> channels;
    const ChannelSlots& row = s.user_channels.of(UserId(i));
    channels.reserve(row.size());
    for (const auto& [c, slot] : row) channels.push_back(c);
    std::sort(channels.begin(), channels.end());
    AppendHandles(out, "channels", channels);
    AppendHandles(out, "hidden", s.user_channels.hidden_of(UserId(i)));
    AppendHandles(out, "blocked", Sorted(u.blocked));
    AppendHandles(out, "blocked_by", Sorted(u.blocked_by));
    AppendMap(out, "fcm", u.fcm_tokens);
    absl::StrAppend(out, " pushkit=", Quote(u.pushkit_token), "\n");
  }
}

}  // namespace banter::internal
