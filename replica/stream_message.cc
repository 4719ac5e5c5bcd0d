#include "banter/replica/stream_message.h"

#include <charconv>
#include <string>
#include <utility>

#include "replica/strings.h"
#include "boost/json.hpp"

namespace banter::replica {
namespace {

using internal::Cat;

namespace json = boost::json;

absl::Status Bad(std::string_view what) {
  return absl::DataLossError(Cat("stream message: ", what));
}

std::string_view View(const json::string& s) { return {s.data(), s.size()}; }

bool ParseU64(std::string_view text, int base, uint64_t* out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(),
                                   *out, base);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string RequestId::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  uint64_t v = origin;
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 15];
  out += Cat("-", n);
  return out;
}

absl::StatusOr<RequestId> ParseRequestId(std::string_view text) {
  RequestId id;
  if (text.size() < 18 || text[16] != '-' ||
      !ParseU64(text.substr(0, 16), 16, &id.origin) ||
      !ParseU64(text.substr(17), 10, &id.n) || id.n == 0) {
    return absl::InvalidArgumentError(
        Cat("malformed request id '", text, "'"));
  }
  return id;
}

std::string EncodeBatch(const std::vector<std::string_view>& encoded) {
  size_t size = 12;
  for (std::string_view e : encoded) size += e.size() + 1;
  std::string out;
  out.reserve(size);
  out += "{\"batch\":[";
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += encoded[i];
  }
  out += "]}";
  return out;
}

std::string EncodeStreamMessage(const StreamMessage& m) {
  if (m.kind == StreamMessage::Kind::kBatch) {
    std::vector<std::string> parts;
    for (const StreamMessage& b : m.batch) parts.push_back(EncodeStreamMessage(b));
    return EncodeBatch(std::vector<std::string_view>(parts.begin(), parts.end()));
  }
  if (m.kind == StreamMessage::Kind::kTick) {
    return json::serialize(json::object{{"tick", m.tick}});
  }
  if (m.kind == StreamMessage::Kind::kCreateApp) {
    return json::serialize(json::object{
        {"rid", m.id.ToString()},
        {"app", json::object{{"id", m.app_id}, {"key", m.api_key}}}});
  }
  const rest::Request& r = m.request;
  json::array headers;
  for (const auto& [name, value] : r.headers) {
    headers.push_back(json::array{json::string(name), json::string(value)});
  }
  json::object req{{"method", r.method},
                   {"path", r.target},
                   {"headers", std::move(headers)},
                   {"now", r.now}};
  if (const std::string* text = std::get_if<std::string>(&r.body)) {
    if (!text->empty()) req["bodyText"] = *text;
  } else {
    req["body"] = std::get<json::value>(r.body);
  }
  if (r.prepared_password.has_value()) req["pw"] = *r.prepared_password;
  return json::serialize(
      json::object{{"rid", m.id.ToString()}, {"req", std::move(req)}});
}

namespace {

absl::StatusOr<StreamMessage> DecodeObject(const json::value& v, bool nested) {
  const json::object* o = v.if_object();
  if (o == nullptr) return Bad("not a JSON object");
  StreamMessage m;
  if (const json::value* batch = o->if_contains("batch")) {
    if (nested || !batch->is_array()) return Bad("malformed batch");
    m.kind = StreamMessage::Kind::kBatch;
    for (const json::value& item : batch->get_array()) {
      absl::StatusOr<StreamMessage> one = DecodeObject(item, true);
      if (!one.ok()) return one.status();
      if (one->kind == StreamMessage::Kind::kTick) return Bad("tick in a batch");
      m.batch.push_back(*std::move(one));
    }
    return m;
  }
  if (const json::value* tick = o->if_contains("tick")) {
    if (!tick->is_int64()) return Bad("tick is not an integer");
    m.kind = StreamMessage::Kind::kTick;
    m.tick = tick->as_int64();
    return m;
  }
  const json::value* rid = o->if_contains("rid");
  if (rid == nullptr || !rid->is_string()) return Bad("no request id");
  absl::StatusOr<RequestId> id = ParseRequestId(View(rid->get_string()));
  if (!id.ok()) return Bad(std::string(id.status().message()));
  m.id = *id;
  if (const json::value* app = o->if_contains("app")) {
    const json::object* a = app->if_object();
    const json::value* app_id = a ? a->if_contains("id") : nullptr;
    const json::value* key = a ? a->if_contains("key") : nullptr;
    if (!app_id || !app_id->is_string() || !key || !key->is_string()) {
      return Bad("malformed app");
    }
    m.kind = StreamMessage::Kind::kCreateApp;
    m.app_id = std::string(View(app_id->get_string()));
    m.api_key = std::string(View(key->get_string()));
    return m;
  }
  const json::value* req = o->if_contains("req");
  if (req == nullptr || !req->is_object()) {
    return Bad("neither a write, a tick nor an app");
  }
  const json::object& q = req->get_object();
  const json::value* method = q.if_contains("method");
  const json::value* path = q.if_contains("path");
  const json::value* headers = q.if_contains("headers");
  const json::value* now = q.if_contains("now");
  if (!method || !method->is_string() || !path || !path->is_string() ||
      !headers || !headers->is_array() || !now || !now->is_int64()) {
    return Bad("malformed request");
  }
  rest::Request& r = m.request;
  r.method = std::string(View(method->get_string()));
  r.target = std::string(View(path->get_string()));
  r.now = now->as_int64();
  for (const json::value& h : headers->get_array()) {
    const json::array* pair = h.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() ||
        !(*pair)[1].is_string()) {
      return Bad("malformed header");
    }
    r.headers.emplace_back(std::string(View((*pair)[0].get_string())),
                           std::string(View((*pair)[1].get_string())));
  }
  if (const json::value* body = q.if_contains("body")) {
    r.body = *body;
  } else if (const json::value* text = q.if_contains("bodyText")) {
    if (!text->is_string()) return Bad("malformed bodyText");
    r.body = std::string(View(text->get_string()));
  }
  if (const json::value* pw = q.if_contains("pw")) {
    if (!pw->is_string()) return Bad("malformed pw");
    r.prepared_password = std::string(View(pw->get_string()));
  }
  return m;
}

}  // namespace

absl::StatusOr<StreamMessage> DecodeStreamMessage(std::string_view bytes) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(bytes.data(), bytes.size()), ec);
  if (ec) return Bad("not JSON");
  return DecodeObject(v, false);
}

bool AppliedRequests::Insert(const RequestId& id, Millis now) {
  if (now >= next_forget_) {
    // Deterministic: every replica forgets at the same stream times.
    for (auto it = origins_.begin(); it != origins_.end();) {
      if (now - it->second.seen > kForgetAfter) {
        it = origins_.erase(it);
      } else {
        ++it;
      }
    }
    next_forget_ = now + kForgetAfter / 24;
  }
  Origin& o = origins_[id.origin];
  o.seen = std::max(o.seen, now);
  if (id.n <= o.low || o.above.contains(id.n)) return false;
  if (id.n == o.low + 1) {
    ++o.low;
    while (!o.above.empty() && *o.above.begin() == o.low + 1) {
      o.above.erase(o.above.begin());
      ++o.low;
    }
  } else {
    o.above.insert(id.n);
  }
  return true;
}

bool AppliedRequests::Contains(const RequestId& id) const {
  auto it = origins_.find(id.origin);
  if (it == origins_.end()) return false;
  return id.n <= it->second.low || it->second.above.contains(id.n);
}

std::string AppliedRequests::Encode() const {
  json::array list;
  for (const auto& [origin, o] : origins_) {
    json::array above;
    for (uint64_t n : o.above) above.push_back(n);
    list.push_back(json::array{RequestId{origin, 1}.ToString(), o.low,
                               std::move(above), o.seen});
  }
  return json::serialize(
      json::object{{"next_forget", next_forget_}, {"origins", std::move(list)}});
}

absl::StatusOr<AppliedRequests> AppliedRequests::Decode(std::string_view bytes) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(bytes.data(), bytes.size()), ec);
  const json::object* o = ec ? nullptr : v.if_object();
  auto bad = [] { return absl::DataLossError("malformed applied request ids"); };
  if (o == nullptr) return bad();
  const json::value* next = o->if_contains("next_forget");
  const json::value* origins = o->if_contains("origins");
  if (!next || !next->is_int64() || !origins || !origins->is_array()) {
    return bad();
  }
  auto u64 = [](const json::value& x, uint64_t* out) {
    if (x.is_uint64()) {
      *out = x.get_uint64();
    } else if (x.is_int64() && x.get_int64() >= 0) {
      *out = static_cast<uint64_t>(x.get_int64());
    } else {
      return false;
    }
    return true;
  };
  AppliedRequests a;
  a.next_forget_ = next->as_int64();
  for (const json::value& e : origins->get_array()) {
    const json::array* t = e.if_array();
    if (t == nullptr || t->size() != 4 || !(*t)[0].is_string() ||
        !(*t)[2].is_array() || !(*t)[3].is_int64()) {
      return bad();
    }
    absl::StatusOr<RequestId> id = ParseRequestId(View((*t)[0].get_string()));
    if (!id.ok()) return bad();
    Origin origin;
    if (!u64((*t)[1], &origin.low)) return bad();
    for (const json::value& n : (*t)[2].get_array()) {
      uint64_t x;
      if (!u64(n, &x) || x <= origin.low + 1) return bad();
      origin.above.insert(x);
    }
    origin.seen = (*t)[3].get_int64();
    a.origins_[id->origin] = std::move(origin);
  }
  return a;
}

}  // namespace banter::replica
