#include "rest/gitplelive_json.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "absl/time/time.h"
#include "banter/rest/server.h"
#include "rest/gitplelive_policy.h"
#include "rest/talkplus_json.h"

namespace banter::rest::gitple {

namespace json = boost::json;

namespace {

json::object MetaJson(const Metadata& m) { return MetadataJson(m); }

void PutUserFields(const UserView& u, json::object& o) {
  o["user_id"] = JsonSv(u.id);
  o["name"] = JsonSv(u.username);
  if (!u.profile_image_url.empty()) {
    o["profile_url"] = JsonSv(u.profile_image_url);
  }
  o["meta"] = MetaJson(u.data);
  o["created_at"] = u.created_at;
  o["updated_at"] = u.updated_at;
}

}  // namespace

json::object UserJson(const UserView& u) {
  json::object o;
  o.reserve(6);
  PutUserFields(u, o);
  return o;
}

json::object MemberJson(const MemberView& m) {
  json::object o;
  o.reserve(7);
  PutUserFields(m.user, o);
  o["joined_at"] = m.joined_at;
  return o;
}

json::object MessageJson(const MessageView& m,
                         const std::optional<UserView>& sender) {
  json::object o;
  o.reserve(9);
  // GitpleLive ids are the handle's 64-bit value; channel handles stay far
  // below 2^31, so the value fits a JSON int64.
  o["message_id"] = static_cast<int64_t>(m.handle.value());
  o["channel_id"] = JsonSv(m.channel_id);
  const bool file = m.type == MessageType::kFile;
  o["type"] = file ? "file" : "text";
  if (sender.has_value()) {
    o["user"] = UserJson(*sender);
  } else {
    // The sender was deleted: the message keeps the profile it was sent with.
    json::object u;
    u["user_id"] = JsonSv(m.user_id);
    u["name"] = JsonSv(m.username);
    if (!m.profile_image_url.empty()) {
      u["profile_url"] = JsonSv(m.profile_image_url);
    }
    o["user"] = std::move(u);
  }
  if (file) {
    json::object f;
    f.reserve(4);
    f["type"] = JsonSv(m.file.type);
    f["name"] = JsonSv(m.file.name);
    f["url"] = JsonSv(m.file.url);
    f["size"] = m.file.size;
    o["file"] = std::move(f);
  } else {
    o["content"] = JsonSv(m.text);
  }
  // The word filter masked the content (docs/word-filter.md). banter keeps
  // no unmasked copy, so there is no origin_content to show.
  if (m.filtered) {
    o["filter"] = json::object{{"type", json::array{"profanity"}}};
  }
  o["meta"] = MetaJson(m.data);
  o["created_at"] = m.created_at;
  o["updated_at"] = m.updated_at;
  return o;
}

json::object ChannelJson(const ChannelView& c, const ChannelExtras& x,
                         const std::vector<UserView>& managers,
                         const std::vector<ReceiptRow>& receipts,
                         const std::optional<json::object>& last_message) {
  json::object o;
  o.reserve(16);
  o["channel_id"] = JsonSv(c.id);
  // Open channels are the dialect's super_public channels (gitplelive.md,
  // "Open channels"); every other GitpleLive channel is a group channel.
  const bool open = c.type == ChannelType::kSuperPublic;
  o["type"] = open ? "open" : "group";
  o["name"] = JsonSv(c.name);
  if (!c.image_url.empty()) o["profile_url"] = JsonSv(c.image_url);
  o["freeze"] = c.frozen;
  o["total_message_count"] = c.total_message_count;
  o["total_file_count"] = c.total_file_count;
  o["meta"] = MetaJson(c.data);
  o["created_at"] = c.created_at;
  // The engine's 0 means "never updated"; GitpleLive objects carry their
  // creation time there (§2.2 examples), and a send updates the channel too
  // (§5.8).
  o["updated_at"] = std::max({c.created_at, c.updated_at, c.last_sent_at});
  if (open) o["participant_count"] = c.member_count;
  // banter's extension, shown only when set (docs/moderation.md).
  if (c.slow_mode_ms != 0) o["slow_mode_ms"] = c.slow_mode_ms;
  if (x.members) {
    json::array a;
    a.reserve(c.members.size());
    for (const MemberView& m : c.members) a.emplace_back(MemberJson(m));
    o["members"] = std::move(a);
  }
  if (x.managers) {
    json::array a;
    a.reserve(managers.size());
    for (const UserView& u : managers) a.emplace_back(UserJson(u));
    o["managers"] = std::move(a);
  }
  // Receipt maps are keyed by user id in member (handle) order.
  if (x.read_receipt) {
    json::object m;
    for (const ReceiptRow& r : receipts) m[JsonSv(r.user_id)] = r.last_read_at;
    o["read_receipt"] = std::move(m);
  }
  if (x.delivery_receipt) {
    json::object m;
    for (const ReceiptRow& r : receipts) {
      m[JsonSv(r.user_id)] = r.last_delivered_at;
    }
    o["delivery_receipt"] = std::move(m);
  }
  if (x.unread) {
    json::object m;
    for (const ReceiptRow& r : receipts) m[JsonSv(r.user_id)] = r.unread;
    o["unread"] = std::move(m);
  }
  if (x.last_message) {
    if (last_message.has_value()) {
      o["last_message"] = *last_message;
    } else {
      o["last_message"] = nullptr;
    }
  }
  return o;
}

json::object BanJson(const UserView& user, Millis start_at, Millis end_at,
                     std::string_view reason) {
  json::object o;
  o.reserve(4);
  o["user"] = UserJson(user);
  o["start_at"] = start_at;
  o["end_at"] = end_at;
  o["reason"] = JsonSv(reason);
  return o;
}

std::string Iso8601(Millis ms) {
  // 2023-11-14T22:13:20.000Z: UTC, milliseconds always shown.
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", absl::FromUnixMillis(ms),
                          absl::UTCTimeZone());
}

Response RenderError(const absl::Status& status) {
  const WireError e = WireErrorOf(status);
  Response r;
  r.status = e.http_status;
  json::object o;
  o["status"] = e.http_status;
  o["message"] = JsonSv(e.message);
  o["code"] = e.code;
  // Slow mode and the flood limit say how long to wait.
  if (std::optional<int64_t> left = RetryAfterOf(status)) {
    o["retry_after_ms"] = *left;
  }
  r.body = std::move(o);
  const auto msg = status.message();
  r.detail = std::string(msg.data(), msg.size());
  return r;
}

void FinishError(const Server& server, const Request& request, Millis now,
                 Response* response) {
  std::string_view message = "Invalid or missing parameters";
  int64_t code = 1001;
  std::optional<int64_t> retry_after_ms;
  if (const json::object* o = response->body.if_object()) {
    if (const json::value* r = o->if_contains("retry_after_ms");
        r != nullptr && r->is_int64()) {
      retry_after_ms = r->as_int64();
    }
    if (const json::value* m = o->if_contains("message");
        m != nullptr && m->is_string()) {
      message = std::string_view(m->as_string().data(), m->as_string().size());
    }
    if (const json::value* c = o->if_contains("code");
        c != nullptr && c->is_int64()) {
      code = c->as_int64();
    }
  }
  if (response->status == 404) {
    message = kResourceNotFound.message;
    code = kResourceNotFound.code;
  } else if (response->status == 401 && code == kUnauthorizedKey.code) {
    // The server answers every credential failure alike; GitpleLive tells an
    // unknown application (4003) from a wrong key (4001).
    const std::string* app = FindHeader(request.headers, "APP_ID");
    if (app == nullptr || !server.GetApp(*app).has_value()) {
      message = kUnauthorizedApp.message;
      code = kUnauthorizedApp.code;
    }
  }
  std::string_view path = request.target;
  path = path.substr(0, path.find_first_of("?#"));
  json::object out;
  out.reserve(5);
  out["status"] = response->status;
  out["timestamp"] = Iso8601(now);
  out["path"] = JsonSv(path);
  out["message"] = JsonSv(message);
  out["code"] = code;
  if (retry_after_ms.has_value()) out["retry_after_ms"] = *retry_after_ms;
  response->body = std::move(out);
}

}  // namespace banter::rest::gitple
