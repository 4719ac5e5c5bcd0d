// `banter rest --nats URL --stream NAME` (rest_replica.h): the line protocol
// with writes applied at their stream position (docs/scale-out.md).
//
// Lines are pipelined. A write is published as soon as it is read and
// answered when this replica applies it; a read is answered once every
// earlier line has been, so it sees this input's own writes; a malformed line
// is answered at its turn. Answers come out in input order, each with the
// stream position it reflects ("seq" and "idx": a write's own position, idx
// its place in a batch; for a read, "seq" of the last message applied when
// it was answered). Event lines
// (--events) are printed as the replica applies them, from any replica's
// writes, each with the stream sequence that caused it. Presence requests
// (connect, disconnect, typing) change only this process's presence: they
// are answered here at their turn, never published, and their events carry
// "local": true.
#include "tools/banter/rest_replica.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "banter/durability.h"
#include "banter/replica/replica.h"
#include "boost/json/serialize.hpp"
#include "tools/banter/stdin_lines.h"

namespace banter {
namespace {

namespace json = boost::json;

Millis WallClockMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

// `at`: where a write was applied; for a read, the sequence it reflects
// (index unset). Nothing for an answer that was not applied.
std::string ResponseText(const rest::Response& r, uint64_t seq,
                         std::optional<uint32_t> index = std::nullopt) {
  json::object o = rest::ToJson(r);
  if (seq > 0) o["seq"] = seq;
  if (seq > 0 && index.has_value()) o["idx"] = *index;
  std::string text = json::serialize(o);
  text.push_back('\n');
  return text;
}

// Answers in input order; events as they come.
class Pipeline {
 public:
  Pipeline(size_t max_in_flight, bool verbose)
      : max_in_flight_(max_in_flight), verbose_(verbose) {}

  void set_replica(replica::Replica* r) { replica_ = r; }

  // A line answered already (malformed).
  void AddReady(long long line, const rest::Response& r) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_.emplace_back();
    s.line = line;
    s.state = Slot::kReady;
    s.text = ResponseText(r, 0);
    Note(line, r);
    FlushLocked();
  }

  // A read: answered when it reaches the head.
  void AddRead(long long line, rest::Request request) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_.emplace_back();
    s.line = line;
    s.state = Slot::kRead;
    s.read = std::move(request);
    FlushLocked();
  }

  // A request that changes only this process's presence
  // (Replica::IsLocal): answered, with its events, when it reaches the
  // head, like a read.
  void AddLocal(long long line, rest::Request request, bool events) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_.emplace_back();
    s.line = line;
    s.state = Slot::kLocal;
    s.events = events;
    s.read = std::move(request);
    FlushLocked();
  }

  // A write: answered by Complete(index, ...).
  uint64_t AddWrite(long long line) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_.emplace_back();
    s.line = line;
    return first_ + slots_.size() - 1;
  }

  void Complete(uint64_t index, const rest::Response& r, replica::Position at) {
    std::string text = ResponseText(r, at.seq, at.index);
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_[index - first_];
    s.state = Slot::kReady;
    s.text = std::move(text);
    Note(s.line, r);
    FlushLocked();
  }

  void PrintEvent(std::string text) {
    std::lock_guard<std::mutex> lock(mu_);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

  void WaitForRoom() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return slots_.size() < max_in_flight_; });
  }

  void WaitAllDone() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return slots_.empty(); });
  }

 private:
  struct Slot {
    enum State { kWaiting, kReady, kRead, kLocal } state = kWaiting;
    bool events = false;  // kLocal: print its events
    long long line = 0;
    std::string text;
    rest::Request read;
  };

  void Note(long long line, const rest::Response& r) {
    if (verbose_ && r.status >= 400) {
      std::fprintf(stderr, "banter rest: line %lld: %d: %s\n", line, r.status,
                   r.detail.c_str());
    }
  }

  void FlushLocked() {
    bool wrote = false;
    while (!slots_.empty()) {
      Slot& s = slots_.front();
      if (s.state == Slot::kWaiting) break;
      if (s.state == Slot::kRead) {
        uint64_t seq = 0;
        const rest::Response r = replica_->Read(s.read, &seq);
        Note(s.line, r);
        s.text = ResponseText(r, seq);
      } else if (s.state == Slot::kLocal) {
        uint64_t seq = 0;
        std::vector<rest::EventLine> events;
        const rest::Response r =
            replica_->Local(s.read, s.events ? &events : nullptr, &seq);
        Note(s.line, r);
        // Per-process events: no stream position caused them. "seq" is the
        // position of the state they read, and "local" marks them, so
        // comparing replicas' event outputs can leave them out.
        std::string text;
        for (const rest::EventLine& e : events) {
          json::object o = rest::ToJson(e);
          o["seq"] = seq;
          o["local"] = true;
          text += json::serialize(o);
          text.push_back('\n');
        }
        s.text = text + ResponseText(r, seq);
      }
      std::fwrite(s.text.data(), 1, s.text.size(), stdout);
      wrote = true;
      slots_.pop_front();
      ++first_;
    }
    if (wrote) {
      // One flush per batch, so a peer driving the command through a pipe
      // sees each answer as soon as it exists.
      std::fflush(stdout);
      cv_.notify_all();
    }
  }

  const size_t max_in_flight_;
  const bool verbose_;
  replica::Replica* replica_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Slot> slots_;
  uint64_t first_ = 0;  // input index of slots_.front()
};

}  // namespace

int RunRestReplica(const rest::ServerOptions& options,
                   const RestReplicaFlags& flags,
                   const volatile std::sig_atomic_t* stop) {
  rest::Server server(options);
  Pipeline pipeline(static_cast<size_t>(flags.max_in_flight), flags.verbose);
  replica::ReplicaOptions ro;
  ro.url = flags.nats_url;
  ro.stream = flags.stream;
  ro.stream_replicas = flags.stream_replicas;
  ro.duplicate_window_ms = flags.dup_window_ms;
  ro.write_timeout_ms = flags.write_timeout_ms;
  ro.tick_ms = flags.tick_ms;
  ro.checkpoint_every = static_cast<uint64_t>(flags.checkpoint_every);
  ro.test_publish_twice = flags.test_publish_twice;
  ro.test_drop_acks = flags.test_drop_acks;
  ro.max_batch = flags.max_batch;
  ro.retain_messages = static_cast<uint64_t>(flags.retain_messages);
  const bool events = flags.events;
  auto on_applied = [&pipeline, events](const replica::Applied& a) {
    if (!events || a.events == nullptr || a.events->empty()) return;
    std::string text;
    for (const rest::EventLine& e : *a.events) {
      json::object o = rest::ToJson(e);
      o["seq"] = a.seq;
      o["idx"] = a.index;
      text += json::serialize(o);
      text.push_back('\n');
    }
    pipeline.PrintEvent(std::move(text));
  };
  // Without --events nobody reads events: the replica then renders none.
  absl::StatusOr<std::unique_ptr<replica::Replica>> started =
      replica::Replica::Start(&server, ro,
                              events ? replica::Replica::OnApplied(on_applied)
                                     : replica::Replica::OnApplied());
  if (!started.ok()) {
    std::fprintf(stderr, "banter rest: cannot start the replica: %s\n",
                 std::string(started.status().message()).c_str());
    return 1;
  }
  std::unique_ptr<replica::Replica> replica = *std::move(started);
  pipeline.set_replica(replica.get());
  if (absl::Status st = replica->CatchUp(flags.catch_up_timeout_ms); !st.ok()) {
    std::fprintf(stderr, "banter rest: cannot catch up with stream %s: %s\n",
                 flags.stream.c_str(), std::string(st.message()).c_str());
    return 1;
  }
  if (absl::Status st = replica->EnsureApp(flags.app_id, flags.api_key,
                                           flags.catch_up_timeout_ms);
      !st.ok()) {
    std::fprintf(stderr, "banter rest: cannot create app '%s': %s\n",
                 flags.app_id.c_str(), std::string(st.message()).c_str());
    return 1;
  }
  {
    const replica::ReplicaStats st = replica->stats();
    std::fprintf(stderr,
                 "banter rest: replica of stream %s ready at sequence %llu "
                 "(checkpoint %llu)\n",
                 flags.stream.c_str(),
                 static_cast<unsigned long long>(st.applied_seq),
                 static_cast<unsigned long long>(st.loaded_seq));
  }

  StdinLines input(stop);
  std::string line;
  bool too_long = false;
  long long line_number = 0;
  uint64_t requests = 0;
  while (input.Next(flags.lines.max_line_bytes, &line, &too_long)) {
    ++line_number;
    if (too_long) {
      pipeline.AddReady(line_number, rest::MalformedLineResponse("line too long"));
      ++requests;
      continue;
    }
    rest::ParsedLine parsed =
        rest::ParseRequestLine(line, WallClockMillis(), flags.lines);
    switch (parsed.kind) {
      case rest::ParsedLine::Kind::kBlank:
        continue;
      case rest::ParsedLine::Kind::kMalformed:
        pipeline.AddReady(line_number, parsed.malformed);
        break;
      case rest::ParsedLine::Kind::kRequest:
        if (parsed.request.method == "GET") {
          pipeline.AddRead(line_number, std::move(parsed.request));
        } else if (replica->IsLocal(parsed.request)) {
          pipeline.AddLocal(line_number, std::move(parsed.request), events);
        } else {
          const uint64_t index = pipeline.AddWrite(line_number);
          replica->Write(std::move(parsed.request),
                         [&pipeline, index](const rest::Response& r,
                                            replica::Position at) {
                           pipeline.Complete(index, r, at);
                         });
        }
        break;
    }
    ++requests;
    pipeline.WaitForRoom();
  }
  pipeline.WaitAllDone();
  if (absl::Status st = replica->Drain(flags.write_timeout_ms); !st.ok()) {
    std::fprintf(stderr, "banter rest: at exit: %s\n",
                 std::string(st.message()).c_str());
  }
  // The digest after everything the stream held at the end of input, so
  // replicas that finish at different times print comparable lines.
  const absl::Status caught_up = replica->CatchUp(flags.catch_up_timeout_ms);
  if (!caught_up.ok()) {
    std::fprintf(stderr, "banter rest: at exit: %s\n",
                 std::string(caught_up.message()).c_str());
  }
  // Like --state at exit: a checkpoint, so the next start replays little.
  if (caught_up.ok() && flags.checkpoint_every > 0 &&
      replica->applied_seq() > replica->checkpoint_seq()) {
    if (absl::Status st = replica->WriteCheckpoint(); !st.ok()) {
      std::fprintf(stderr, "banter rest: checkpoint at exit: %s\n",
                   std::string(st.message()).c_str());
    }
  }
  if (flags.print_stats) {
    const replica::ReplicaStats st = replica->stats();
    json::object r{{"appliedSeq", st.applied_seq},
                   {"lag", st.lag},
                   {"loadedSeq", st.loaded_seq},
                   {"applied", st.applied},
                   {"writes", st.writes},
                   {"ticks", st.ticks},
                   {"duplicates", st.duplicates},
                   {"published", st.published},
                   {"messagesPublished", st.messages_published},
                   {"publishRetries", st.publish_retries},
                   {"ackedDuplicates", st.acked_duplicates},
                   {"refused", st.refused},
                   {"unconfirmed", st.unconfirmed},
                   {"checkpointsWritten", st.checkpoints_written},
                   {"lastError", st.last_error}};
    const std::string text = json::serialize(json::object{
        {"stats", json::object{{"requests", requests}, {"replica", std::move(r)}}}});
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  if (flags.print_digest) {
    const auto [seq, digest] = replica->DigestAt();
    std::fprintf(stderr, "replica digest %s at sequence %llu\n",
                 digest.c_str(), static_cast<unsigned long long>(seq));
  }
  const absl::Status st = replica->status();
  replica.reset();  // the server is ours again
  if (flags.print_digest) {
    for (const std::string& id : server.AppIds()) {
      std::fprintf(stderr, "digest %s %s\n", id.c_str(),
                   StateDigest(*server.FindEngine(id)).c_str());
    }
  }
  if (!st.ok()) {
    std::fprintf(stderr, "banter rest: replica stopped: %s\n",
                 std::string(st.message()).c_str());
    return 1;
  }
  return caught_up.ok() ? 0 : 1;
}

}  // namespace banter
