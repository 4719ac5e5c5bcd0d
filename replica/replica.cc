// Replica (replica.h): the NATS side. Three threads touch the server, one at
// a time under `server_mu_`: the applier (Handle and AdvanceTime, in stream
// order), callers of Read and Write (Read, PasswordWorkOf) and the
// maintainer (checkpoints, tick proposals). The NATS client adds its own
// threads; publish acknowledgements arrive on one of them (OnAck).
#include "banter/replica/replica.h"

#include <nats/nats.h>
#include <sys/random.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "replica/strings.h"
#include "absl/strings/str_split.h"
#include "banter/durability.h"
#include "banter/error.h"
#include "boost/json.hpp"

namespace banter::replica {
namespace {

using internal::Cat;

namespace json = boost::json;

constexpr std::string_view kCheckpointKind = "banter replica checkpoint";
constexpr int64_t kCheckpointFormat = 1;
constexpr size_t kChunkBytes = 512 << 10;
// A batch stays well under the server's default max_payload (1 MiB).
constexpr size_t kMaxBatchBytes = 512 << 10;
// The batcher publishes the next batch only while fewer messages than this
// wait for their acknowledgement.
constexpr size_t kMaxUnackedMessages = 8;
// How long Start retries JetStream calls that time out (leader elections).
constexpr int64_t kStartRetryMs = 60'000;

int64_t SteadyMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch())
      .count();
}

int64_t WallMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

absl::Status NatsStatus(natsStatus s, std::string_view what,
                        jsErrCode jerr = static_cast<jsErrCode>(0)) {
  std::string text = Cat(what, ": ", natsStatus_GetText(s));
  if (jerr != 0) text += Cat(" (JetStream error ", static_cast<int>(jerr), ")");
  if (const char* last = nats_GetLastError(nullptr);
      last != nullptr && last[0] != '\0') {
    text += Cat(": ", last);
  }
  return absl::UnavailableError(text);
}

bool ValidStreamName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

uint64_t RandomOrigin() {
  uint64_t v = 0;
  size_t got = 0;
  auto* p = reinterpret_cast<unsigned char*>(&v);
  while (got < sizeof v) {
    const ssize_t n = ::getrandom(p + got, sizeof v - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      // No OS randomness: the clock still separates process starts.
      return static_cast<uint64_t>(WallMillis()) * 0x9E3779B97F4A7C15ull;
    }
    got += static_cast<size_t>(n);
  }
  return v;
}

std::string Fnv64Hex(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = kHex[h & 15];
  return out;
}

// A checkpoint's head: written after its chunks, so it names complete ones.
struct CheckpointHead {
  uint64_t seq = 0;
  uint64_t bytes = 0;
  std::string fnv;
  std::vector<uint64_t> chunks;  // sequences in the checkpoint stream
};

std::string EncodeHead(const CheckpointHead& h) {
  json::array chunks;
  for (uint64_t c : h.chunks) chunks.push_back(c);
  return json::serialize(json::object{{"format", kCheckpointFormat},
                                      {"seq", h.seq},
                                      {"bytes", h.bytes},
                                      {"fnv", h.fnv},
                                      {"chunks", std::move(chunks)}});
}

bool AsU64(const json::value* v, uint64_t* out) {
  if (v == nullptr) return false;
  if (v->is_uint64()) {
    *out = v->get_uint64();
    return true;
  }
  if (v->is_int64() && v->get_int64() >= 0) {
    *out = static_cast<uint64_t>(v->get_int64());
    return true;
  }
  return false;
}

absl::StatusOr<CheckpointHead> DecodeHead(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  const json::object* o = ec ? nullptr : v.if_object();
  auto bad = [] { return absl::DataLossError("malformed checkpoint head"); };
  if (o == nullptr) return bad();
  CheckpointHead h;
  const json::value* format = o->if_contains("format");
  const json::value* fnv = o->if_contains("fnv");
  const json::value* chunks = o->if_contains("chunks");
  if (!format || !format->is_int64() || format->as_int64() != kCheckpointFormat ||
      !AsU64(o->if_contains("seq"), &h.seq) ||
      !AsU64(o->if_contains("bytes"), &h.bytes) || !fnv || !fnv->is_string() ||
      !chunks || !chunks->is_array()) {
    return bad();
  }
  h.fnv = std::string(fnv->get_string().c_str());
  for (const json::value& c : chunks->get_array()) {
    uint64_t s;
    if (!AsU64(&c, &s)) return bad();
    h.chunks.push_back(s);
  }
  return h;
}

// Every route with password work reads "password" from its body: a request
// without one skips routing it twice (and the lock PasswordWorkOf takes).
bool MayHoldPassword(const rest::Request& r) {
  if (const std::string* text = std::get_if<std::string>(&r.body)) {
    return text->find("password") != std::string::npos;
  }
  const json::object* o = std::get<json::value>(r.body).if_object();
  return o != nullptr && o->contains("password");
}

std::string_view MsgData(natsMsg* m) {
  return {natsMsg_GetData(m), static_cast<size_t>(natsMsg_GetDataLength(m))};
}

}  // namespace

class Replica::Impl {
  struct Pending {
    rest::Request request;  // for the error answers
    Done done;
    int64_t deadline = 0;
  };
  // One published stream message: a write, or a batch of them.
  struct Envelope {
    std::string msg_id;
    std::string data;
    std::vector<uint64_t> writes;  // their n
  };

 public:
  Impl(rest::Server* server, ReplicaOptions options, OnApplied on_applied)
      : server_(server),
        options_(std::move(options)),
        on_applied_(std::move(on_applied)),
        origin_(RandomOrigin()),
        origin_hex_(RequestId{origin_, 1}.ToString().substr(0, 16)),
        cmd_subject_(options_.stream + ".cmd"),
        ckpt_stream_(options_.stream + "_CKPT"),
        ckpt_head_subject_(options_.stream + ".ckpt.head") {}

  ~Impl() { Stop(); }

  absl::Status Start() {
    if (absl::Status st = Connect(); !st.ok()) return st;
    if (absl::Status st = EnsureStreams(); !st.ok()) return st;
    // Right after a JetStream node died, its streams and the cluster elect
    // new leaders, and API calls time out meanwhile: retry what failed to
    // reach JetStream (Unavailable) for a while, never damage (DataLoss).
    if (absl::Status st = LoadCheckpoint(); !st.ok()) return st;
    if (absl::Status st = Retrying([&] { return Subscribe(); }); !st.ok()) {
      return st;
    }
    applier_ = std::thread([this] { ApplyLoop(); });
    maintainer_ = std::thread([this] { MaintainLoop(); });
    if (options_.max_batch > 1) batcher_ = std::thread([this] { BatchLoop(); });
    return absl::OkStatus();
  }

  void Stop() {
    if (stopped_.exchange(true)) return;
    stop_ = true;
    maintain_cv_.notify_all();
    batch_cv_.notify_all();
    if (batcher_.joinable()) batcher_.join();
    if (applier_.joinable()) applier_.join();
    if (maintainer_.joinable()) maintainer_.join();
    // Writes still in flight: their outcome is unknown from here (those
    // never handed to NATS included, for simplicity).
    std::vector<Pending> left;
    {
      std::lock_guard<std::mutex> lock(pending_mu_);
      for (auto& [n, p] : pending_) left.push_back(std::move(p));
      pending_.clear();
    }
    for (Pending& p : left) Unconfirmed(p);
    if (sub_ != nullptr) natsSubscription_Destroy(sub_);
    if (js_ != nullptr) jsCtx_Destroy(js_);
    if (nc_ != nullptr) {
      natsConnection_Close(nc_);
      natsConnection_Destroy(nc_);
    }
    if (nopts_ != nullptr) natsOptions_Destroy(nopts_);
    sub_ = nullptr;
    js_ = nullptr;
    nc_ = nullptr;
    nopts_ = nullptr;
  }

  // ---- Writes ----------------------------------------------------------------

  void Write(rest::Request request, Done done) {
    if (request.method == "GET") {
      done(Read(request, nullptr), Position{});
      return;
    }
    if (IsLocal(request)) {
      done(Local(request, nullptr, nullptr), Position{});
      return;
    }
    std::optional<rest::Server::PasswordWork> work;
    if (MayHoldPassword(request)) {
      std::lock_guard<std::mutex> lock(server_mu_);
      work = server_->PasswordWorkOf(request);
    }
    if (work.has_value()) rest::Server::DoPasswordWork(*work, &request);
    StreamMessage message;
    message.kind = StreamMessage::Kind::kWrite;
    message.request = std::move(request);
    Submit(std::move(message), std::move(done));
  }

  absl::Status EnsureApp(const std::string& app_id, const std::string& api_key,
                         int64_t timeout_ms) {
    if (absl::Status st = CatchUp(timeout_ms); !st.ok()) return st;
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      if (server_->GetApp(app_id).has_value()) return absl::OkStatus();
    }
    StreamMessage message;
    message.kind = StreamMessage::Kind::kCreateApp;
    message.app_id = app_id;
    message.api_key = api_key;
    message.request.target = "/v1.4/api/apps/create";  // for error answers
    std::mutex mu;
    std::condition_variable cv;
    std::optional<rest::Response> answer;
    Submit(std::move(message), [&](const rest::Response& r, Position) {
      std::lock_guard<std::mutex> lock(mu);
      answer = r;
      cv.notify_all();
    });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return answer.has_value(); });
    if (answer->status == 200) return absl::OkStatus();
    {
      std::lock_guard<std::mutex> server_lock(server_mu_);
      if (server_->GetApp(app_id).has_value()) return absl::OkStatus();
    }
    return absl::UnavailableError(Cat(
        "cannot create app ", app_id, ": ", answer->detail));
  }

  // Publishes `message` under a new request id of this replica and runs
  // `done` with its answer: at once (max_batch 1), or through the batcher.
  void Submit(StreamMessage message, Done done) {
    const uint64_t n = ++next_n_;
    message.id = {origin_, n};
    Pending p;
    std::string data = EncodeStreamMessage(message);
    p.request = std::move(message.request);
    p.done = std::move(done);
    if (!Connected()) {
      Refuse(p, "NATS is unreachable");
      return;
    }
    const int64_t deadline = SteadyMillis() + options_.write_timeout_ms;
    {
      std::lock_guard<std::mutex> lock(pending_mu_);
      p.deadline = deadline;
      pending_.emplace(n, std::move(p));
      deadlines_.emplace_back(deadline, n);
    }
    if (options_.max_batch <= 1) {
      PublishEnvelope({message.id.ToString(), std::move(data), {n}});
      return;
    }
    {
      std::lock_guard<std::mutex> lock(batch_mu_);
      open_.emplace_back(n, std::move(data));
    }
    batch_cv_.notify_one();
  }

  // Publishes one stream message holding writes of this replica; keeps it
  // for retries until it is acknowledged. If it cannot be published, its
  // writes are refused (7018).
  void PublishEnvelope(Envelope e) {
    const int64_t deadline = SteadyMillis() + options_.write_timeout_ms;
    {
      std::lock_guard<std::mutex> lock(pending_mu_);
      unacked_[e.msg_id] = e;
      unacked_count_ = unacked_.size();
    }
    natsStatus s = Publish(cmd_subject_, e.data, e.msg_id);
    // Too many publishes in flight: wait for room, as long as writes may.
    while (s == NATS_TIMEOUT && !stop_ && SteadyMillis() < deadline &&
           Connected()) {
      s = Publish(cmd_subject_, e.data, e.msg_id);
    }
    if (s != NATS_OK) {
      {
        std::lock_guard<std::mutex> lock(pending_mu_);
        unacked_.erase(e.msg_id);
        unacked_count_ = unacked_.size();
      }
      for (uint64_t n : e.writes) {
        std::optional<Pending> mine = TakePending(n);
        if (mine.has_value()) {
          Refuse(*mine, Cat("publish failed: ", natsStatus_GetText(s)));
        }
      }
      return;
    }
    published_ += e.writes.size();
    ++envelopes_;
    if (options_.test_publish_twice) {
      Publish(cmd_subject_, e.data, e.msg_id + "-again");
    }
  }

  // Group commit: takes what writes accumulated while the previous batch
  // was being published, so a batch grows with the load and a lone write
  // waits for nothing.
  void BatchLoop() {
    while (!stop_) {
      std::vector<std::pair<uint64_t, std::string>> take;
      {
        std::unique_lock<std::mutex> lock(batch_mu_);
        // While kMaxUnackedMessages are unacknowledged, writes accumulate:
        // the next batch is as large as the load makes it.
        batch_cv_.wait_for(lock, std::chrono::milliseconds(50), [&] {
          return (!open_.empty() && unacked_count_ < kMaxUnackedMessages) ||
                 stop_;
        });
        size_t bytes = 0;
        while (!open_.empty() &&
               take.size() < static_cast<size_t>(options_.max_batch) &&
               (take.empty() || bytes + open_.front().second.size() < kMaxBatchBytes)) {
          bytes += open_.front().second.size();
          take.push_back(std::move(open_.front()));
          open_.pop_front();
        }
      }
      if (take.empty()) continue;
      Envelope e;
      if (take.size() == 1) {
        e.msg_id = RequestId{origin_, take[0].first}.ToString();
        e.data = std::move(take[0].second);
      } else {
        std::vector<std::string_view> parts;
        for (const auto& [n, data] : take) parts.push_back(data);
        e.msg_id = Cat(origin_hex_, "-b", ++batch_n_);
        e.data = EncodeBatch(parts);
      }
      for (const auto& [n, data] : take) e.writes.push_back(n);
      if (!Connected()) {
        for (uint64_t n : e.writes) {
          std::optional<Pending> mine = TakePending(n);
          if (mine.has_value()) Refuse(*mine, "NATS is unreachable");
        }
        continue;
      }
      PublishEnvelope(std::move(e));
    }
  }

  rest::Response Read(const rest::Request& request, uint64_t* seq) {
    std::lock_guard<std::mutex> lock(server_mu_);
    if (seq != nullptr) *seq = applied_seq_;
    return server_->Read(request);
  }

  bool IsLocal(const rest::Request& request) {
    std::lock_guard<std::mutex> lock(server_mu_);
    return server_->IsLocal(request);
  }

  rest::Response Local(const rest::Request& request,
                       std::vector<rest::EventLine>* events, uint64_t* seq) {
    std::lock_guard<std::mutex> lock(server_mu_);
    if (seq != nullptr) *seq = applied_seq_;
    return server_->HandleLocal(request, events);
  }

  // ---- Catching up, checkpoints, introspection -------------------------------

  absl::Status CatchUp(int64_t timeout_ms) {
    jsStreamInfo* si = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&si, js_, options_.stream.c_str(), nullptr,
                                    &jerr);
    if (s != NATS_OK) return NatsStatus(s, "stream info", jerr);
    const uint64_t last = si->State.LastSeq;
    jsStreamInfo_Destroy(si);
    std::unique_lock<std::mutex> lock(server_mu_);
    ++catch_up_waiters_;
    const bool done = applied_cv_.wait_for(
        lock, std::chrono::milliseconds(timeout_ms),
        [&] { return applied_seq_ >= last || !failure_.ok() || stop_; });
    --catch_up_waiters_;
    if (!failure_.ok()) return failure_;
    if (!done) {
      return absl::DeadlineExceededError(Cat(
          "applied ", applied_seq_, " of ", last, " messages in ", timeout_ms,
          " ms"));
    }
    return absl::OkStatus();
  }

  absl::Status Drain(int64_t timeout_ms) {
    const int64_t deadline = SteadyMillis() + timeout_ms;
    // Retries sent while waiting for acknowledgements make another round.
    for (;;) {
      for (;;) {
        bool idle;
        {
          std::lock_guard<std::mutex> lock(pending_mu_);
          idle = pending_.empty() && retries_.empty();
        }
        {
          std::lock_guard<std::mutex> lock(batch_mu_);
          idle = idle && open_.empty();
        }
        if (idle) break;
        if (SteadyMillis() > deadline) {
          return absl::DeadlineExceededError("writes still in flight");
        }
        maintain_cv_.notify_all();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      jsPubOptions po;
      jsPubOptions_Init(&po);
      po.MaxWait = std::max<int64_t>(1, deadline - SteadyMillis());
      if (js_PublishAsyncComplete(js_, &po) != NATS_OK) {
        return absl::DeadlineExceededError("publishes not acknowledged");
      }
      std::lock_guard<std::mutex> lock(pending_mu_);
      if (retries_.empty()) return absl::OkStatus();
    }
  }

  uint64_t checkpoint_seq() const { return last_checkpoint_seq_; }

  absl::Status WriteCheckpoint() {
    std::lock_guard<std::mutex> one(checkpoint_mu_);
    std::string bytes;
    uint64_t seq = 0;
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      seq = applied_seq_;
      Sections sections;
      sections.emplace_back(
          "replica",
          json::serialize(json::object{{"format", kCheckpointFormat},
                                       {"stream", options_.stream},
                                       {"seq", seq},
                                       {"applied", applied_ids_.Encode()},
                                       {"stream_now", stream_now_}}));
      sections.emplace_back("server", server_->WriteState());
      bytes = WriteSections(kCheckpointKind, sections);
    }
    absl::StatusOr<std::optional<CheckpointHead>> previous = NewestHead();
    if (!previous.ok()) return previous.status();
    if (previous->has_value() && (*previous)->seq >= seq) {
      last_checkpoint_seq_ = (*previous)->seq;
      return absl::OkStatus();  // someone was here first
    }
    CheckpointHead head;
    head.seq = seq;
    head.bytes = bytes.size();
    head.fnv = Fnv64Hex(bytes);
    const std::string data_subject =
        Cat(options_.stream, ".ckpt.data.", seq);
    for (size_t off = 0; off < bytes.size() || off == 0; off += kChunkBytes) {
      const std::string_view chunk =
          std::string_view(bytes).substr(off, kChunkBytes);
      absl::StatusOr<uint64_t> at = PublishSync(data_subject, chunk, "");
      if (!at.ok()) return at.status();
      head.chunks.push_back(*at);
      if (off + kChunkBytes >= bytes.size()) break;
    }
    absl::StatusOr<uint64_t> at = PublishSync(
        ckpt_head_subject_, EncodeHead(head), Cat("ckpt-", seq));
    if (!at.ok()) return at.status();
    last_checkpoint_seq_ = seq;
    ++checkpoints_written_;
    // Retention: keep the previous checkpoint, the stream after it and the
    // last retain_messages, so a replica up to one interval (or that many
    // messages) behind still finds its next message.
    if (previous->has_value() && !(*previous)->chunks.empty()) {
      const CheckpointHead& prev = **previous;
      const uint64_t keep_from =
          seq > options_.retain_messages ? seq - options_.retain_messages + 1 : 0;
      Purge(options_.stream, std::min(prev.seq + 1, keep_from));
      Purge(ckpt_stream_, std::min(prev.chunks.front(), head.chunks.front()));
    }
    return absl::OkStatus();
  }

  absl::Status status() const {
    std::lock_guard<std::mutex> lock(server_mu_);
    return failure_;
  }

  uint64_t applied_seq() const {
    std::lock_guard<std::mutex> lock(server_mu_);
    return applied_seq_;
  }

  std::pair<uint64_t, std::string> DigestAt() {
    std::lock_guard<std::mutex> lock(server_mu_);
    return {applied_seq_, server_->Digest()};
  }

  ReplicaStats stats() const {
    ReplicaStats st;
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      st.applied_seq = applied_seq_;
      st.lag = lag_;
      st.applied = applied_count_;
      st.writes = writes_;
      st.ticks = ticks_;
      st.duplicates = duplicates_;
    }
    st.loaded_seq = loaded_seq_;
    st.published = published_;
    st.messages_published = envelopes_;
    st.publish_retries = retries_count_;
    st.acked_duplicates = acked_duplicates_;
    st.refused = refused_;
    st.unconfirmed = unconfirmed_;
    st.checkpoints_written = checkpoints_written_;
    st.connected = Connected();
    {
      std::lock_guard<std::mutex> lock(pending_mu_);
      st.last_error = last_async_error_;
    }
    return st;
  }

 private:

  // ---- Connection and streams -----------------------------------------------

  template <typename F>
  absl::Status Retrying(F f) {
    const int64_t give_up = SteadyMillis() + kStartRetryMs;
    for (;;) {
      absl::Status st = f();
      if (st.ok() || !absl::IsUnavailable(st) || SteadyMillis() > give_up) {
        return st;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }

  absl::Status Connect() {
    natsStatus s = natsOptions_Create(&nopts_);
    std::vector<std::string> urls =
        absl::StrSplit(options_.url, ',', absl::SkipWhitespace());
    std::vector<const char*> servers;
    for (const std::string& u : urls) servers.push_back(u.c_str());
    if (servers.empty()) return absl::InvalidArgumentError("no NATS URL");
    if (s == NATS_OK) {
      s = natsOptions_SetServers(nopts_, servers.data(),
                                 static_cast<int>(servers.size()));
    }
    if (s == NATS_OK) s = natsOptions_SetNoRandomize(nopts_, false);
    if (s == NATS_OK) s = natsOptions_SetMaxReconnect(nopts_, -1);
    if (s == NATS_OK) s = natsOptions_SetReconnectWait(nopts_, 100);
    if (s == NATS_OK) s = natsOptions_SetTimeout(nopts_, 2000);
    if (s == NATS_OK) s = natsOptions_SetPingInterval(nopts_, 1000);
    if (s == NATS_OK) s = natsOptions_SetMaxPingsOut(nopts_, 2);
    if (s == NATS_OK) s = natsOptions_SetFailRequestsOnDisconnect(nopts_, true);
    if (s == NATS_OK) s = natsOptions_SetRetryOnFailedConnect(nopts_, false, nullptr, nullptr);
    const std::string name = "banter replica " + origin_hex_;
    if (s == NATS_OK) s = natsOptions_SetName(nopts_, name.c_str());
    if (s == NATS_OK) s = natsOptions_SetErrorHandler(nopts_, &OnAsyncError, this);
    if (s != NATS_OK) return NatsStatus(s, "NATS options");
    s = natsConnection_Connect(&nc_, nopts_);
    if (s != NATS_OK) {
      return NatsStatus(s, Cat("cannot connect to ", options_.url));
    }
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = 5000;
    jo.PublishAsync.MaxPending = options_.max_pending;
    jo.PublishAsync.AckHandler = &OnAck;
    jo.PublishAsync.AckHandlerClosure = this;
    jo.PublishAsync.StallWait = 200;
    s = natsConnection_JetStream(&js_, nc_, &jo);
    if (s != NATS_OK) return NatsStatus(s, "JetStream context");
    return absl::OkStatus();
  }

  absl::Status AddStream(const std::string& name, const std::string& subject,
                         bool dedup) {
    jsStreamConfig cfg;
    jsStreamConfig_Init(&cfg);
    const char* subjects[] = {subject.c_str()};
    cfg.Name = name.c_str();
    cfg.Subjects = subjects;
    cfg.SubjectsLen = 1;
    cfg.Storage = js_FileStorage;
    cfg.Replicas = options_.stream_replicas;
    if (dedup) cfg.Duplicates = options_.duplicate_window_ms * 1'000'000;
    // A JetStream cluster elects its meta leader a few seconds after it
    // starts: retry for a while before calling it unreachable.
    const int64_t give_up = SteadyMillis() + kStartRetryMs;
    for (;;) {
      jsStreamInfo* si = nullptr;
      jsErrCode jerr = static_cast<jsErrCode>(0);
      natsStatus s = js_AddStream(&si, js_, &cfg, nullptr, &jerr);
      if (si != nullptr) jsStreamInfo_Destroy(si);
      if (s == NATS_OK) return absl::OkStatus();
      if (jerr == JSStreamNameExistErr) {
        // Created by another replica with other settings: use it as it is.
        return absl::OkStatus();
      }
      if (SteadyMillis() > give_up) {
        return NatsStatus(s, Cat("cannot create stream ", name), jerr);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }

  absl::Status EnsureStreams() {
    if (absl::Status st = AddStream(options_.stream, cmd_subject_, true);
        !st.ok()) {
      return st;
    }
    return AddStream(ckpt_stream_, options_.stream + ".ckpt.>", true);
  }

  absl::StatusOr<std::optional<CheckpointHead>> NewestHead() {
    natsMsg* m = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus s = js_GetLastMsg(&m, js_, ckpt_stream_.c_str(),
                                 ckpt_head_subject_.c_str(), nullptr, &jerr);
    if (s == NATS_NOT_FOUND || jerr == JSNoMessageFoundErr) {
      return std::optional<CheckpointHead>();
    }
    if (s != NATS_OK) return NatsStatus(s, "checkpoint head", jerr);
    absl::StatusOr<CheckpointHead> head = DecodeHead(MsgData(m));
    natsMsg_Destroy(m);
    if (!head.ok()) return head.status();
    return std::optional<CheckpointHead>(*std::move(head));
  }

  // The newest checkpoint's bytes, verified; nullopt when there is none.
  absl::StatusOr<std::optional<std::pair<CheckpointHead, std::string>>>
  FetchCheckpoint() {
    absl::StatusOr<std::optional<CheckpointHead>> head = NewestHead();
    if (!head.ok()) return head.status();
    if (!head->has_value()) {
      return std::optional<std::pair<CheckpointHead, std::string>>();
    }
    const CheckpointHead& h = **head;
    std::string bytes;
    bytes.reserve(h.bytes);
    for (uint64_t c : h.chunks) {
      natsMsg* m = nullptr;
      jsErrCode jerr = static_cast<jsErrCode>(0);
      natsStatus s = js_GetMsg(&m, js_, ckpt_stream_.c_str(), c, nullptr, &jerr);
      if (s != NATS_OK) {
        // Unavailable, so Start tries again: a newer checkpoint may have
        // purged this one's chunks meanwhile, or a leader is being elected.
        return NatsStatus(s, Cat("checkpoint at ", h.seq, ": chunk ", c), jerr);
      }
      bytes.append(MsgData(m));
      natsMsg_Destroy(m);
    }
    if (bytes.size() != h.bytes || Fnv64Hex(bytes) != h.fnv) {
      return absl::DataLossError(
          Cat("checkpoint at ", h.seq, ": size or checksum mismatch"));
    }
    return std::optional<std::pair<CheckpointHead, std::string>>(
        std::pair<CheckpointHead, std::string>(h, std::move(bytes)));
  }

  absl::Status ApplyCheckpoint(const CheckpointHead& h, std::string_view bytes) {
    absl::StatusOr<Sections> sections = ReadSections(kCheckpointKind, bytes);
    if (!sections.ok()) return sections.status();
    if (sections->size() != 2 || (*sections)[0].first != "replica" ||
        (*sections)[1].first != "server") {
      return absl::DataLossError("checkpoint: unexpected sections");
    }
    boost::system::error_code ec;
    json::value meta = json::parse((*sections)[0].second, ec);
    const json::object* o = ec ? nullptr : meta.if_object();
    uint64_t seq = 0;
    const json::value* applied = o ? o->if_contains("applied") : nullptr;
    const json::value* stream_now = o ? o->if_contains("stream_now") : nullptr;
    if (o == nullptr || !AsU64(o->if_contains("seq"), &seq) || seq != h.seq ||
        applied == nullptr || !applied->is_string() || stream_now == nullptr ||
        !stream_now->is_int64()) {
      return absl::DataLossError("checkpoint: malformed replica section");
    }
    absl::StatusOr<AppliedRequests> ids =
        AppliedRequests::Decode(applied->get_string().c_str());
    if (!ids.ok()) return ids.status();
    if (absl::Status st = server_->ReadState((*sections)[1].second); !st.ok()) {
      return st;
    }
    applied_ids_ = *std::move(ids);
    applied_seq_ = seq;
    loaded_seq_ = seq;
    last_checkpoint_seq_ = seq;
    stream_now_ = stream_now->as_int64();
    return absl::OkStatus();
  }

  // The stream must still hold every message after the loaded checkpoint.
  absl::Status CheckStreamStart() {
    jsStreamInfo* si = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus s = js_GetStreamInfo(&si, js_, options_.stream.c_str(), nullptr,
                                    &jerr);
    if (s != NATS_OK) return NatsStatus(s, "stream info", jerr);
    const uint64_t first = si->State.FirstSeq;
    const uint64_t msgs = si->State.Msgs;
    jsStreamInfo_Destroy(si);
    if (msgs > 0 && first > applied_seq_ + 1) {
      return absl::DataLossError(Cat(
          "stream ", options_.stream, " starts at ", first,
          " but the newest checkpoint is at ", applied_seq_,
          ": messages in between are gone"));
    }
    return absl::OkStatus();
  }

  absl::Status LoadCheckpoint() {
    absl::StatusOr<std::optional<std::pair<CheckpointHead, std::string>>>
        fetched;
    absl::Status st = Retrying([&] {
      fetched = FetchCheckpoint();
      return fetched.status();
    });
    if (!st.ok()) return st;
    if (fetched->has_value()) {
      st = ApplyCheckpoint((*fetched)->first, (*fetched)->second);
      if (!st.ok()) return st;
    }
    return Retrying([&] { return CheckStreamStart(); });
  }

  absl::Status Subscribe() {
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = options_.stream.c_str();
    so.Ordered = true;
    so.Config.Heartbeat = options_.heartbeat_ms * 1'000'000;
    if (applied_seq_ > 0) {
      so.Config.DeliverPolicy = js_DeliverByStartSequence;
      so.Config.OptStartSeq = applied_seq_ + 1;
    } else {
      so.Config.DeliverPolicy = js_DeliverAll;
    }
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus s = js_SubscribeSync(&sub_, js_, cmd_subject_.c_str(), nullptr,
                                    &so, &jerr);
    if (s != NATS_OK) return NatsStatus(s, "ordered consumer", jerr);
    // The ordered consumer's flow control bounds what is buffered.
    natsSubscription_SetPendingLimits(sub_, -1, -1);
    return absl::OkStatus();
  }

  bool Connected() const {
    return nc_ != nullptr &&
           natsConnection_Status(nc_) == NATS_CONN_STATUS_CONNECTED;
  }

  // ---- Publishing --------------------------------------------------------------

  natsStatus Publish(const std::string& subject, std::string_view data,
                     const std::string& msg_id) {
    natsMsg* msg = nullptr;
    natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, data.data(),
                                  static_cast<int>(data.size()));
    if (s != NATS_OK) return s;
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msg_id.empty() ? nullptr : msg_id.c_str();
    po.MaxWait = options_.ack_wait_ms;
    s = js_PublishMsgAsync(js_, &msg, &po);
    natsMsg_Destroy(msg);  // no-op when the library took it
    return s;
  }

  absl::StatusOr<uint64_t> PublishSync(const std::string& subject,
                                       std::string_view data,
                                       const std::string& msg_id) {
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msg_id.empty() ? nullptr : msg_id.c_str();
    po.MaxWait = 10'000;
    jsPubAck* pa = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus s = js_Publish(&pa, js_, subject.c_str(), data.data(),
                              static_cast<int>(data.size()), &po, &jerr);
    if (s != NATS_OK) return NatsStatus(s, "checkpoint publish", jerr);
    const uint64_t seq = pa->Sequence;
    jsPubAck_Destroy(pa);
    return seq;
  }

  void Purge(const std::string& stream, uint64_t below) {
    if (below <= 1) return;
    jsOptions o;
    jsOptions_Init(&o);
    o.Stream.Purge.Sequence = below;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    js_PurgeStream(js_, stream.c_str(), &o, &jerr);  // best effort
  }

  static void OnAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae,
                    void* closure) {
    auto* self = static_cast<Impl*>(closure);
    const char* id = nullptr;
    if (pa != nullptr && pa->Duplicate) ++self->acked_duplicates_;
    if (natsMsgHeader_Get(msg, "Nats-Msg-Id", &id) == NATS_OK && id != nullptr) {
      bool retry = false, forced = false;
      {
        std::lock_guard<std::mutex> lock(self->pending_mu_);
        auto it = self->unacked_.find(id);
        if (it != self->unacked_.end()) {
          if (pae != nullptr) {
            retry = true;
          } else if (self->drop_acks_ > 0 && self->drop_acks_.fetch_sub(1) > 0) {
            // Test hook: taken as lost even though it arrived, and retried
            // even when its writes were applied meanwhile: the stream must
            // drop the copy.
            retry = forced = true;
          } else {
            self->unacked_.erase(it);
            self->unacked_count_ = self->unacked_.size();
          }
          if (retry) {
            self->retries_.push_back(
                {SteadyMillis() + (forced ? 0 : 100), std::string(id), forced});
          }
        }
      }
      if (retry) self->maintain_cv_.notify_all();
      if (!retry) {
        // Room for the next batch. Notified under its mutex, so the batcher
        // cannot miss it between its check and its wait.
        std::lock_guard<std::mutex> lock(self->batch_mu_);
        self->batch_cv_.notify_one();
      }
    }
    natsMsg_Destroy(msg);
  }

  static void OnAsyncError(natsConnection*, natsSubscription*, natsStatus err,
                           void* closure) {
    auto* self = static_cast<Impl*>(closure);
    std::lock_guard<std::mutex> lock(self->pending_mu_);
    self->last_async_error_ = natsStatus_GetText(err);
  }

  std::optional<Pending> TakePending(uint64_t n) {
    std::lock_guard<std::mutex> lock(pending_mu_);
    auto it = pending_.find(n);
    if (it == pending_.end()) return std::nullopt;
    Pending p = std::move(it->second);
    pending_.erase(it);
    return p;
  }

  void Answer(Pending& p, ErrorCode code, std::string_view why) {
    rest::Response r;
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      r = server_->ErrorResponse(p.request, MakeError(code, why));
    }
    r.detail = std::string(why);
    p.done(r, Position{});
  }

  void Refuse(Pending& p, std::string_view why) {
    ++refused_;
    Answer(p, ErrorCode::kReplicaUnavailable,
           Cat("write refused, not applied: ", why));
  }

  void Unconfirmed(Pending& p) {
    ++unconfirmed_;
    Answer(p, ErrorCode::kReplicaWriteUnconfirmed,
           "write not applied in time; it may still apply, once");
  }

  // ---- Applying ----------------------------------------------------------------

  void ApplyLoop() {
    while (!stop_) {
      natsMsg* m = nullptr;
      const natsStatus s = natsSubscription_NextMsg(&m, sub_, 100);
      if (s == NATS_TIMEOUT) continue;
      if (s != NATS_OK) {
        // Missed heartbeats, a closed connection while stopping: the
        // ordered consumer recreates itself; nothing to do but wait.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      Apply(m);
      natsMsg_Destroy(m);
      if (!status().ok()) return;
    }
  }

  void Fail(absl::Status why) {
    std::lock_guard<std::mutex> lock(server_mu_);
    if (failure_.ok()) failure_ = std::move(why);
    applied_cv_.notify_all();
  }

  void Apply(natsMsg* m) {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, m) != NATS_OK) return;  // not a stream message
    const uint64_t seq = meta->Sequence.Stream;
    const uint64_t pending = meta->NumPending;
    jsMsgMetaData_Destroy(meta);
    uint64_t expected;
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      expected = applied_seq_ + 1;
    }
    if (seq < expected) return;  // delivered again after a consumer reset
    if (seq > expected) {
      Fail(absl::DataLossError(Cat(
          "stream ", options_.stream, ": message ", seq, " follows ",
          expected - 1, ": the messages between were purged before this "
          "replica applied them; restart it to load the newest checkpoint")));
      return;
    }
    absl::StatusOr<StreamMessage> message = DecodeStreamMessage(MsgData(m));
    if (!message.ok()) {
      Fail(absl::DataLossError(Cat("stream ", options_.stream,
                                            ": message ", seq, ": ",
                                            message.status().message())));
      return;
    }
    // A batch applies its items in order at its one stream position.
    std::vector<const StreamMessage*> items;
    if (message->kind == StreamMessage::Kind::kBatch) {
      for (const StreamMessage& item : message->batch) items.push_back(&item);
    } else {
      items.push_back(&*message);
    }
    struct Outcome {
      bool duplicate = false;
      rest::Response response;
      std::vector<rest::EventLine> events;
    };
    std::vector<Outcome> outcomes(items.size());
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      for (size_t i = 0; i < items.size(); ++i) ApplyItem(*items[i], &outcomes[i]);
      applied_seq_ = seq;
      lag_ = pending;
      ++applied_count_;
    }
    if (catch_up_waiters_ > 0) applied_cv_.notify_all();
    for (size_t i = 0; i < items.size(); ++i) {
      const StreamMessage& item = *items[i];
      Outcome& out = outcomes[i];
      Applied applied;
      applied.seq = seq;
      applied.index = static_cast<uint32_t>(i);
      applied.message = &item;
      applied.duplicate = out.duplicate;
      applied.events = &out.events;
      const bool has_id = item.kind != StreamMessage::Kind::kTick;
      if (has_id && !out.duplicate) applied.response = &out.response;
      applied.own = has_id && item.id.origin == origin_;
      if (on_applied_) on_applied_(applied);
      if (applied.own && !out.duplicate) {
        std::optional<Pending> mine = TakePending(item.id.n);
        if (mine.has_value()) {
          mine->done(out.response, {seq, static_cast<uint32_t>(i)});
        }
      }
    }
  }

  // Applies one write, app or tick. Requires: server_mu_ held.
  template <typename Outcome>
  void ApplyItem(const StreamMessage& item, Outcome* out) {
    // Events are rendered only for someone who reads them.
    std::vector<rest::EventLine>* events = on_applied_ ? &out->events : nullptr;
    switch (item.kind) {
      case StreamMessage::Kind::kTick:
        for (const std::string& app : server_->AppIds()) {
          absl::StatusOr<std::vector<rest::EventLine>> fired =
              server_->AdvanceTime(app, item.tick);
          if (fired.ok() && events != nullptr) {
            for (rest::EventLine& e : *fired) events->push_back(std::move(e));
          }
        }
        stream_now_ = std::max(stream_now_, item.tick);
        ++ticks_;
        return;
      case StreamMessage::Kind::kCreateApp:
        if (!applied_ids_.Insert(item.id, stream_now_)) {
          out->duplicate = true;
          ++duplicates_;
          return;
        }
        if (absl::StatusOr<rest::AppInfo> made = server_->CreateApp(
                item.app_id, item.api_key, rest::AppSettings{}, 0);
            made.ok()) {
          out->response.body = boost::json::object{{"appId", made->id}};
        } else {
          out->response = server_->ErrorResponse(item.request, made.status());
          out->response.detail = std::string(made.status().message());
        }
        return;
      case StreamMessage::Kind::kWrite:
        stream_now_ = std::max(stream_now_, item.request.now);
        if (!applied_ids_.Insert(item.id, stream_now_)) {
          out->duplicate = true;
          ++duplicates_;
          return;
        }
        out->response = server_->Handle(item.request, events);
        ++writes_;
        return;
      case StreamMessage::Kind::kBatch:
        return;  // never nested (DecodeStreamMessage)
    }
  }

  // ---- Maintenance: deadlines, retries, ticks, checkpoints -----------------------

  void MaintainLoop() {
    int64_t last_tick = 0;
    while (!stop_) {
      {
        std::unique_lock<std::mutex> lock(pending_mu_);
        maintain_cv_.wait_for(lock, std::chrono::milliseconds(25));
      }
      if (stop_) break;
      const int64_t now = SteadyMillis();
      // Deadlines (in Write order, all with the same timeout).
      std::vector<Pending> late;
      std::vector<std::pair<std::string, std::string>> resend;
      {
        std::lock_guard<std::mutex> lock(pending_mu_);
        while (!deadlines_.empty() && deadlines_.front().first <= now) {
          auto it = pending_.find(deadlines_.front().second);
          if (it != pending_.end()) {
            late.push_back(std::move(it->second));
            pending_.erase(it);
          }
          deadlines_.pop_front();
        }
        // Retries, once connected, under the same message id, while some
        // write of the message still waits for its answer.
        if (Connected()) {
          std::deque<Retry> keep;
          for (Retry& r : retries_) {
            auto it = unacked_.find(r.msg_id);
            if (it == unacked_.end()) continue;
            bool waiting = r.forced;
            for (uint64_t n : it->second.writes) waiting = waiting || pending_.contains(n);
            if (!waiting) {
              unacked_.erase(it);
              unacked_count_ = unacked_.size();
              continue;
            }
            if (r.at > now) {
              keep.push_back(std::move(r));
            } else {
              resend.emplace_back(r.msg_id, it->second.data);
            }
          }
          retries_ = std::move(keep);
        }
      }
      for (Pending& p : late) Unconfirmed(p);
      for (const auto& [msg_id, data] : resend) {
        ++retries_count_;
        if (Publish(cmd_subject_, data, msg_id) != NATS_OK) {
          std::lock_guard<std::mutex> lock(pending_mu_);
          retries_.push_back({now + 100, msg_id, false});
        }
      }
      MaybeTick(&last_tick);
      MaybeCheckpoint();
    }
  }

  void MaybeTick(int64_t* last_tick) {
    if (options_.tick_ms <= 0 || !Connected()) return;
    const int64_t wall = WallMillis();
    const int64_t t = wall - wall % options_.tick_ms;
    if (t <= *last_tick) return;
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      if (stream_now_ >= t) return;  // the stream already reached t
      bool due = false;
      for (const std::string& app : server_->AppIds()) {
        if (server_->FindEngine(app)->Stats().pending_timers > 0) {
          due = true;
          break;
        }
      }
      if (!due) return;
    }
    *last_tick = t;
    StreamMessage tick;
    tick.kind = StreamMessage::Kind::kTick;
    tick.tick = t;
    Publish(cmd_subject_, EncodeStreamMessage(tick), Cat("tick-", t));
  }

  void MaybeCheckpoint() {
    if (options_.checkpoint_every == 0) return;
    uint64_t applied;
    {
      std::lock_guard<std::mutex> lock(server_mu_);
      applied = applied_seq_;
    }
    if (applied < last_checkpoint_seq_ + options_.checkpoint_every) return;
    if (absl::Status st = WriteCheckpoint(); !st.ok()) {
      // Tried again at the next interval.
      std::lock_guard<std::mutex> lock(pending_mu_);
      last_async_error_ = Cat("checkpoint: ", st.message());
    }
    if (last_checkpoint_seq_ < applied) last_checkpoint_seq_ = applied;
  }

  rest::Server* const server_;
  const ReplicaOptions options_;
  const OnApplied on_applied_;
  const uint64_t origin_;
  const std::string origin_hex_;
  const std::string cmd_subject_;
  const std::string ckpt_stream_;
  const std::string ckpt_head_subject_;

  natsOptions* nopts_ = nullptr;
  natsConnection* nc_ = nullptr;
  jsCtx* js_ = nullptr;
  natsSubscription* sub_ = nullptr;

  // Guards the server and everything applying changes.
  mutable std::mutex server_mu_;
  std::condition_variable applied_cv_;
  std::atomic<int> catch_up_waiters_{0};  // changed under server_mu_
  AppliedRequests applied_ids_;
  uint64_t applied_seq_ = 0;
  // Stream messages after applied_seq_ when it was delivered (the consumer's
  // pending count): how far this replica is behind the stream.
  uint64_t lag_ = 0;
  Millis stream_now_ = 0;
  uint64_t applied_count_ = 0, writes_ = 0, ticks_ = 0, duplicates_ = 0;
  absl::Status failure_;

  // Guards the writes in flight.
  mutable std::mutex pending_mu_;
  std::condition_variable maintain_cv_;
  absl::flat_hash_map<uint64_t, Pending> pending_;
  std::deque<std::pair<int64_t, uint64_t>> deadlines_;
  struct Retry {
    int64_t at = 0;  // steady clock
    std::string msg_id;
    bool forced = false;  // test hook: even if applied already
  };
  std::deque<Retry> retries_;
  // Published messages not acknowledged yet, by message id.
  absl::flat_hash_map<std::string, Envelope> unacked_;
  std::atomic<size_t> unacked_count_{0};  // unacked_.size(), for the batcher

  // The batcher (max_batch > 1): writes waiting for the next batch.
  std::mutex batch_mu_;
  std::condition_variable batch_cv_;
  std::deque<std::pair<uint64_t, std::string>> open_;
  uint64_t batch_n_ = 0;  // batcher thread only
  std::string last_async_error_;  // guarded by pending_mu_

  std::mutex checkpoint_mu_;
  std::atomic<uint64_t> last_checkpoint_seq_{0};
  std::atomic<uint64_t> loaded_seq_{0};
  std::atomic<uint64_t> next_n_{0};
  std::atomic<int64_t> drop_acks_{options_.test_drop_acks};
  std::atomic<uint64_t> envelopes_{0};
  std::atomic<uint64_t> published_{0}, retries_count_{0}, acked_duplicates_{0},
      refused_{0}, unconfirmed_{0}, checkpoints_written_{0};

  std::atomic<bool> stop_{false};
  std::atomic<bool> stopped_{false};
  std::thread applier_;
  std::thread maintainer_;
  std::thread batcher_;
};

Replica::Replica(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Replica::~Replica() = default;

absl::StatusOr<std::unique_ptr<Replica>> Replica::Start(
    rest::Server* server, ReplicaOptions options, OnApplied on_applied) {
  if (server == nullptr) return absl::InvalidArgumentError("no server");
  if (!ValidStreamName(options.stream)) {
    return absl::InvalidArgumentError(
        "stream name must be 1..32 of [A-Za-z0-9_-]");
  }
  if (options.url.empty()) return absl::InvalidArgumentError("no NATS URL");
  if (options.stream_replicas < 1 || options.stream_replicas > 5 ||
      options.duplicate_window_ms <= 0 || options.write_timeout_ms <= 0 ||
      options.ack_wait_ms <= 0 || options.tick_ms < 0 ||
      options.max_pending <= 0 || options.heartbeat_ms <= 0) {
    return absl::InvalidArgumentError("replica options out of range");
  }
  if (!server->AppIds().empty()) {
    return absl::FailedPreconditionError(
        "a replica starts from an empty server (its state comes from the "
        "stream)");
  }
  auto impl = std::make_unique<Impl>(server, std::move(options),
                                     std::move(on_applied));
  if (absl::Status st = impl->Start(); !st.ok()) return st;
  return std::unique_ptr<Replica>(new Replica(std::move(impl)));
}

absl::Status Replica::EnsureApp(const std::string& app_id,
                               const std::string& api_key, int64_t timeout_ms) {
  return impl_->EnsureApp(app_id, api_key, timeout_ms);
}

void Replica::Write(rest::Request request, Done done) {
  impl_->Write(std::move(request), std::move(done));
}
rest::Response Replica::Read(const rest::Request& request, uint64_t* seq) {
  return impl_->Read(request, seq);
}

bool Replica::IsLocal(const rest::Request& request) {
  return impl_->IsLocal(request);
}

rest::Response Replica::Local(const rest::Request& request,
                              std::vector<rest::EventLine>* events,
                              uint64_t* seq) {
  return impl_->Local(request, events, seq);
}
absl::Status Replica::CatchUp(int64_t timeout_ms) {
  return impl_->CatchUp(timeout_ms);
}
absl::Status Replica::Drain(int64_t timeout_ms) {
  return impl_->Drain(timeout_ms);
}
absl::Status Replica::WriteCheckpoint() { return impl_->WriteCheckpoint(); }
uint64_t Replica::checkpoint_seq() const { return impl_->checkpoint_seq(); }
absl::Status Replica::status() const { return impl_->status(); }
uint64_t Replica::applied_seq() const { return impl_->applied_seq(); }
std::string Replica::Digest() { return impl_->DigestAt().second; }
std::pair<uint64_t, std::string> Replica::DigestAt() {
  return impl_->DigestAt();
}
ReplicaStats Replica::stats() const { return impl_->stats(); }

}  // namespace banter::replica
