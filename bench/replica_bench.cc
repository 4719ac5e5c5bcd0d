// Replicas over NATS JetStream (docs/scale-out.md, "Results"): the numbers of
// issue #16. Not a Google Benchmark: writes go through a real nats-server,
// which bench/replica-run starts (one node, or a 3-node cluster), and what
// matters is a distribution (latency) and rates over a whole run.
//
//   banter_replica_bench write   --url U --stream S --replicas R --writes N
//                                [--window W]
//       N message sends through one Replica, W in flight: commands/s and the
//       p50/p99 of request -> answer (Write to its done callback).
//   banter_replica_bench catchup --url U --stream S
//       a new replica applies the whole stream S: messages/s, against
//       Server::Handle of the same requests in memory and Engine::Execute of
//       the same sends.
//   banter_replica_bench rejoin  --url U --stream S --messages N [--tail T]
//       N messages, a checkpoint, T more; then a new replica: time to load
//       the checkpoint, and to apply the tail.
//   banter_replica_bench filter  --members N
//       one super_broadcast message to N members spread over 3 replicas:
//       time per replica to find its local recipients, by scanning the
//       recipient spans against a bitmap, and through LocalRecipients
//       (banter/local_recipients.h), the index of local member slots the
//       engine keeps current; also what connecting a local user and a
//       leave or join in the channel cost with the index kept (no NATS).
// Each prints one JSON line.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "banter/local_recipients.h"
#include "banter/replica/replica.h"
#include "banter/rest/server.h"
#include "boost/json.hpp"

namespace banter {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr Millis kT0 = 1'700'000'000'000;
constexpr int kUsers = 100;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

struct Flags {
  std::string mode, url, stream;
  int replicas = 1;
  int max_batch = 256;
  int64_t writes = 100'000, window = 4096, members = 1'000'000,
          messages = 1'000'000, tail = 10'000;
};

Flags Parse(int argc, char** argv) {
  Flags f;
  if (argc < 2) {
    std::fprintf(stderr, "usage: banter_replica_bench write|catchup|rejoin|filter ...\n");
    std::exit(2);
  }
  f.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--url") f.url = v;
    else if (k == "--stream") f.stream = v;
    else if (k == "--replicas") f.replicas = std::atoi(v);
    else if (k == "--max-batch") f.max_batch = std::atoi(v);
    else if (k == "--writes") f.writes = std::atoll(v);
    else if (k == "--window") f.window = std::atoll(v);
    else if (k == "--members") f.members = std::atoll(v);
    else if (k == "--messages") f.messages = std::atoll(v);
    else if (k == "--tail") f.tail = std::atoll(v);
    else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      std::exit(2);
    }
  }
  return f;
}

rest::ServerOptions Options() {
  rest::ServerOptions o;
  o.engine.password_cost = 4;
  o.engine.token_secret = "replica-bench";
  // Every message stays (the rejoin measurement is about a state that
  // holds all of them).
  o.engine.history_cap.fill(0);
  return o;
}

rest::Request Admin(std::string method, std::string path, json::value body,
                    Millis now) {
  rest::Request r;
  r.method = std::move(method);
  r.target = "/v1.4/api" + path;
  r.headers = {{"app-id", "app"}, {"api-key", "key"}};
  r.body = std::move(body);
  r.now = now;
  return r;
}

// The setup every run shares: users u0..u99, channel c (all of them).
std::vector<rest::Request> Setup() {
  std::vector<rest::Request> out;
  json::array members;
  for (int i = 0; i < kUsers; ++i) {
    out.push_back(Admin("POST", "/users/create",
                        json::object{{"userId", "u" + std::to_string(i)},
                                     {"password", "pw"}},
                        kT0));
    if (i > 0) members.push_back(json::string("u" + std::to_string(i)));
  }
  out.push_back(Admin("POST", "/channels/create",
                      json::object{{"channelId", "c"},
                                   {"type", "public"},
                                   {"ownerId", "u0"},
                                   {"members", std::move(members)}},
                      kT0));
  return out;
}

// Message number i: a send into c by one of the members.
rest::Request Send(int64_t i) {
  return Admin("POST", "/channels/c/messages/send",
               json::object{{"senderId", "u" + std::to_string(i % kUsers)},
                            {"type", "text"},
                            {"text", "m" + std::to_string(i)}},
               kT0 + 1 + i / 64);
}

// A replica with no output, or the process exits with the reason.
std::unique_ptr<replica::Replica> StartReplica(rest::Server* server,
                                               const Flags& f,
                                               uint64_t checkpoint_every) {
  replica::ReplicaOptions ro;
  ro.url = f.url;
  ro.stream = f.stream;
  ro.stream_replicas = f.replicas;
  ro.tick_ms = 0;
  ro.checkpoint_every = checkpoint_every;
  ro.write_timeout_ms = 60'000;
  ro.max_pending = f.window;
  ro.max_batch = f.max_batch;
  absl::StatusOr<std::unique_ptr<replica::Replica>> r =
      replica::Replica::Start(server, ro, nullptr);
  if (!r.ok()) {
    std::fprintf(stderr, "replica: %s\n", std::string(r.status().message()).c_str());
    std::exit(1);
  }
  if (absl::Status st = (*r)->CatchUp(600'000); !st.ok()) {
    std::fprintf(stderr, "catch up: %s\n", std::string(st.message()).c_str());
    std::exit(1);
  }
  if (absl::Status st = (*r)->EnsureApp("app", "key", 60'000); !st.ok()) {
    std::fprintf(stderr, "app: %s\n", std::string(st.message()).c_str());
    std::exit(1);
  }
  return *std::move(r);
}

// Writes make(0) .. make(count - 1) through `r` with at most `window`
// unanswered; returns the latency of each in microseconds (write order) and
// counts failures.
template <typename Make>
std::vector<double> WriteAll(replica::Replica& r, int64_t count, Make make,
                             int64_t window, int64_t* failed) {
  std::vector<double> latency(count);
  std::mutex mu;
  std::condition_variable cv;
  int64_t in_flight = 0, bad = 0;
  for (int64_t i = 0; i < count; ++i) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return in_flight < window; });
      ++in_flight;
    }
    const Clock::time_point start = Clock::now();
    r.Write(make(i), [&, i, start](const rest::Response& resp,
                                   replica::Position) {
      latency[i] = std::chrono::duration<double, std::micro>(Clock::now() - start)
                       .count();
      std::lock_guard<std::mutex> lock(mu);
      if (resp.status != 200) ++bad;
      --in_flight;
      cv.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return in_flight == 0; });
  *failed = bad;
  return latency;
}

// The setup requests, in order.
void WriteSetup(replica::Replica& r) {
  const std::vector<rest::Request> setup = Setup();
  int64_t failed = 0;
  WriteAll(r, static_cast<int64_t>(setup.size()),
           [&](int64_t i) { return setup[i]; }, 1, &failed);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

int Write(const Flags& f) {
  rest::Server server(Options());
  auto r = StartReplica(&server, f, 0);
  WriteSetup(*r);
  int64_t failed = 0;
  const Clock::time_point start = Clock::now();
  std::vector<double> latency = WriteAll(*r, f.writes, Send, f.window, &failed);
  const double s = Seconds(start, Clock::now());
  const replica::ReplicaStats st = r->stats();
  std::printf("%s\n",
              json::serialize(json::object{
                  {"mode", "write"},
                  {"replicas", f.replicas},
                  {"window", f.window},
                  {"max_batch", f.max_batch},
                  {"writes", f.writes},
                  {"failed", failed},
                  {"seconds", s},
                  {"per_second", f.writes / s},
                  {"p50_us", Percentile(latency, 0.50)},
                  {"p99_us", Percentile(latency, 0.99)},
                  {"retries", st.publish_retries},
                  {"messages", st.messages_published}})
                  .c_str());
  return failed == 0 ? 0 : 1;
}

int CatchUp(const Flags& f) {
  // A new replica applying the whole stream.
  rest::Server server(Options());
  const Clock::time_point start = Clock::now();
  auto r = StartReplica(&server, f, 0);
  const double s = Seconds(start, Clock::now());
  const uint64_t messages = r->stats().applied;
  const uint64_t applied = r->stats().writes;
  r.reset();
  // The same requests through Server::Handle in memory.
  rest::Server plain(Options());
  (void)plain.CreateApp("app", "key", {}, 0);
  const uint64_t sends = applied > kUsers + 1 ? applied - kUsers - 1 : 0;
  for (const rest::Request& q : Setup()) plain.Handle(q, nullptr);  // bcrypt
  std::vector<rest::Request> requests;
  for (uint64_t i = 0; i < sends; ++i) requests.push_back(Send(i));
  const Clock::time_point h0 = Clock::now();
  for (const rest::Request& q : requests) plain.Handle(q, nullptr);
  const double handle_s = Seconds(h0, Clock::now());
  // The same sends through Engine::Execute.
  Engine e(Options().engine);
  std::vector<UserId> users;
  for (int i = 0; i < kUsers; ++i) {
    users.push_back(e.CreateUser(Actor::Admin(), {.user_id = "u" + std::to_string(i)}, kT0)->user);
  }
  CreateChannelRequest cr{.channel_id = "c", .type = ChannelType::kPublic};
  cr.owner = users[0];
  cr.members.assign(users.begin() + 1, users.end());
  const ChannelId c = *e.CreateChannel(Actor::Admin(), cr, kT0);
  const Clock::time_point e0 = Clock::now();
  for (uint64_t i = 0; i < sends; ++i) {
    SendMessageRequest m;
    m.channel = c;
    m.sender = users[i % kUsers];
    m.text = "m" + std::to_string(i);
    (void)e.Execute(Actor::Admin(), cmd::SendMessage{m}, kT0 + 1 + i / 64);
  }
  const double execute_s = Seconds(e0, Clock::now());
  std::printf("%s\n", json::serialize(json::object{
                          {"mode", "catchup"},
                          {"writes", applied},
                          {"stream_messages", messages},
                          {"seconds", s},
                          {"per_second", applied / s},
                          {"handle_per_second", requests.size() / handle_s},
                          {"execute_per_second", sends / execute_s}})
                          .c_str());
  return 0;
}

int Rejoin(const Flags& f) {
  {
    rest::Server server(Options());
    auto r = StartReplica(&server, f, 0);
    WriteSetup(*r);
    int64_t failed = 0;
    WriteAll(*r, f.messages, Send, f.window, &failed);
    const Clock::time_point c0 = Clock::now();
    if (absl::Status st = r->WriteCheckpoint(); !st.ok()) {
      std::fprintf(stderr, "checkpoint: %s\n", std::string(st.message()).c_str());
      return 1;
    }
    const double write_checkpoint_s = Seconds(c0, Clock::now());
    WriteAll(*r, f.tail, [&](int64_t i) { return Send(f.messages + i); },
             f.window, &failed);
    std::fprintf(stderr, "wrote %lld messages, checkpoint in %.2f s, tail %lld\n",
                 static_cast<long long>(f.messages), write_checkpoint_s,
                 static_cast<long long>(f.tail));
  }
  rest::Server server(Options());
  const Clock::time_point start = Clock::now();
  replica::ReplicaOptions ro;
  ro.url = f.url;
  ro.stream = f.stream;
  ro.tick_ms = 0;
  ro.checkpoint_every = 0;
  absl::StatusOr<std::unique_ptr<replica::Replica>> r =
      replica::Replica::Start(&server, ro, nullptr);
  if (!r.ok()) return 1;
  const double load_s = Seconds(start, Clock::now());
  if (!(*r)->CatchUp(600'000).ok()) return 1;
  const double total_s = Seconds(start, Clock::now());
  const replica::ReplicaStats st = (*r)->stats();
  std::printf("%s\n", json::serialize(json::object{
                          {"mode", "rejoin"},
                          {"messages", f.messages},
                          {"checkpoint_seq", st.loaded_seq},
                          {"tail_writes", st.writes},
                          {"load_seconds", load_s},
                          {"tail_seconds", total_s - load_s},
                          {"total_seconds", total_s}})
                          .c_str());
  return 0;
}

// ---- Local recipients ------------------------------------------------------------

// SplitMix64's finalizer: which replica serves a user.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Collects the recipients of the last message event, as spans. They stay
// valid after OnEvent here because the bench changes nothing until it has
// filtered them.
class Capture : public EventSink {
 public:
  void OnEvent(const Event& e) override {
    if (e.kind != EventKind::kMessage) return;
    spans.assign(e.recipients.batches.begin(), e.recipients.batches.end());
  }
  std::vector<std::span<const UserId>> spans;
};

// The engine's one member-slot observer, handing its calls to the index of
// the configuration being measured (each configuration is one process's
// view, and an engine has one observer).
class Tee : public MemberSlotObserver {
 public:
  void OnMemberAdded(ChannelId c, UserId u, uint32_t slot) override {
    if (to != nullptr) to->OnMemberAdded(c, u, slot);
  }
  void OnMemberRemoved(ChannelId c, UserId u, uint32_t slot, UserId moved,
                       uint32_t moved_from) override {
    if (to != nullptr) to->OnMemberRemoved(c, u, slot, moved, moved_from);
  }
  LocalRecipients* to = nullptr;
};

int Filter(const Flags& f) {
  Capture capture;
  Tee tee;
  EngineOptions eo = Options().engine;
  eo.sink = &capture;
  eo.member_slots = &tee;
  Engine e(eo);
  std::vector<UserId> users;
  users.reserve(f.members);
  for (int64_t i = 0; i < f.members; ++i) {
    users.push_back(e.CreateUser(Actor::Admin(), {.user_id = "u" + std::to_string(i)}, kT0)->user);
  }
  CreateChannelRequest cr{.channel_id = "world",
                          .type = ChannelType::kSuperBroadcast};
  cr.owner = users[0];
  const ChannelId world = *e.CreateChannel(Actor::Admin(), cr, kT0);
  // Members join in an order unrelated to their ids (cold: the local
  // bitmap is read at random places, and which replica serves a user
  // follows a hash, so no branch pattern either).
  std::vector<UserId> joiners(users.begin() + 1, users.end());
  std::shuffle(joiners.begin(), joiners.end(), std::mt19937_64(16));
  for (size_t i = 0; i < joiners.size(); i += 10'000) {
    MembersRequest add{.channel = world};
    add.users.assign(joiners.begin() + i,
                     joiners.begin() + std::min(joiners.size(), i + 10'000));
    if (!e.AddMembers(Actor::Admin(), add, kT0).ok()) return 1;
  }
  // A few members blocked the owner: they are cut out of the spans.
  for (int i = 1; i <= 5; ++i) {
    (void)e.Block(Actor::Admin(), users[i * 1000], users[0], kT0);
  }
  json::array results;
  size_t recipient_count = 0, span_count = 0;
  Millis now = kT0 + 1;
  for (const double online : {1.0, 0.01}) {
    for (int replica = 0; replica < 3; ++replica) {
      // The message (again: the previous configuration's churn moved
      // members, so its spans are stale).
      SendMessageRequest m{.channel = world, .sender = users[0], .text = "hello"};
      if (!e.SendMessage(Actor::Admin(), m, now++).ok()) return 1;
      const std::vector<std::span<const UserId>> spans = capture.spans;
      const Recipients recipients{spans};
      recipient_count = recipients.count();
      span_count = spans.size();
      // Local users: those this process serves (online share of its third),
      // connected through the public API; the engine keeps the index
      // current from here on.
      LocalRecipients index;
      tee.to = &index;
      index.Attach(&e);
      std::vector<uint64_t> local_bitmap(users.size() / 64 + 2, 0);
      std::vector<UserId> locals;
      const uint64_t every = static_cast<uint64_t>(1 / online);
      for (UserId u : users) {
        const uint64_t h = Mix(u.value());
        if (h % 3 == static_cast<uint64_t>(replica) && (h / 3) % every == 0) {
          local_bitmap[u.value() / 64] |= uint64_t{1} << (u.value() % 64);
          locals.push_back(u);
        }
      }
      Clock::time_point t0 = Clock::now();
      for (UserId u : locals) {
        if (!index.AddLocalUser(u).ok()) return 1;
      }
      const double connect_us =
          Seconds(t0, Clock::now()) * 1e6 / static_cast<double>(locals.size());
      // (a) scan every recipient against the bitmap.
      std::vector<UserId> out;
      out.reserve(locals.size());
      t0 = Clock::now();
      constexpr int kRounds = 5;
      for (int round = 0; round < kRounds; ++round) {
        out.clear();
        for (std::span<const UserId> s : spans) {
          for (UserId u : s) {
            if ((local_bitmap[u.value() / 64] >> (u.value() % 64)) & 1) {
              out.push_back(u);
            }
          }
        }
      }
      const double scan_ms = Seconds(t0, Clock::now()) * 1e3 / kRounds;
      std::vector<UserId> scan_found = out;
      // (b) the index: LocalRecipients::Filter.
      t0 = Clock::now();
      for (int round = 0; round < kRounds; ++round) {
        out.clear();
        index.Filter(world, recipients, &out);
      }
      const double index_ms = Seconds(t0, Clock::now()) * 1e3 / kRounds;
      std::sort(out.begin(), out.end());
      std::sort(scan_found.begin(), scan_found.end());
      if (out != scan_found) {
        std::fprintf(stderr, "filter: the two methods disagree\n");
        return 1;
      }
      const size_t found = out.size();
      // Keeping it: members leave and rejoin (each leave moves the last
      // member into the freed slot), engine and index together; the index
      // must still agree with the scan afterwards.
      constexpr int kChurn = 2'000;
      std::mt19937_64 rng(replica);
      t0 = Clock::now();
      for (int i = 0; i < kChurn; ++i) {
        const UserId u = joiners[rng() % joiners.size()];
        MembersRequest one{.channel = world, .users = {u}};
        if (!e.RemoveMembers(Actor::Admin(), one, now).ok()) return 1;
        if (!e.AddMembers(Actor::Admin(), one, now).ok()) return 1;
      }
      const double churn_us = Seconds(t0, Clock::now()) * 1e6 / (2 * kChurn);
      ++now;
      const std::span<const UserId> whole[] = {e.MemberArray(world)};
      out.clear();
      index.Filter(world, Recipients{whole}, &out);
      if (out.size() != index.local_member_count(world)) {
        std::fprintf(stderr, "filter: the index drifted\n");
        return 1;
      }
      results.push_back(json::object{{"replica", replica},
                                     {"online", online},
                                     {"local_users", locals.size()},
                                     {"local_recipients", found},
                                     {"scan_ms", scan_ms},
                                     {"index_ms", index_ms},
                                     {"connect_us", connect_us},
                                     {"leave_or_join_us", churn_us}});
      tee.to = nullptr;
    }
  }
  std::printf("%s\n", json::serialize(json::object{{"mode", "filter"},
                                                   {"members", f.members},
                                                   {"recipients", recipient_count},
                                                   {"spans", span_count},
                                                   {"results", std::move(results)}})
                          .c_str());
  return 0;
}

}  // namespace
}  // namespace banter

int main(int argc, char** argv) {
  const banter::Flags f = banter::Parse(argc, argv);
  if (f.mode == "write") return banter::Write(f);
  if (f.mode == "catchup") return banter::CatchUp(f);
  if (f.mode == "rejoin") return banter::Rejoin(f);
  if (f.mode == "filter") return banter::Filter(f);
  std::fprintf(stderr, "unknown mode %s\n", f.mode.c_str());
  return 2;
}
