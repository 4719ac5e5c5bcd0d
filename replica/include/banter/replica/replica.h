// banter::replica::Replica: a rest::Server kept identical to every other
// process on the same NATS JetStream stream (docs/scale-out.md).
//
//   rest::Server server(options);                 // same options everywhere,
//                                                 // one shared secret
//   auto replica = *replica::Replica::Start(
//       &server, {.url = "nats://127.0.0.1:4222", .stream = "chat"},
//       [](const replica::Applied& a) { /* a.events, stamped a.seq */ });
//   replica->Write(request, [](const rest::Response& r, uint64_t seq) {...});
//   rest::Response page = replica->Read(get_request);
//
// How it works:
//  - Write does the request's password work (Server::PasswordWorkOf and
//    DoPasswordWork), gives it a request id, and publishes it to the stream
//    asynchronously with the id as its Nats-Msg-Id. A publish whose
//    acknowledgement fails or times out is retried with the same id.
//  - One thread consumes the stream in order (an ordered consumer) and runs
//    Server::Handle on every write, every replica's, at its position; ticks
//    move every app's clock (Server::AdvanceTime). A write whose request id
//    was applied before is skipped. When the write is this replica's own,
//    its `done` gets the response computed there.
//  - Read answers a GET from the local state (Server::Read) at once.
//  - Checkpoints (the server's state, the applied request ids and the
//    stream sequence) go to the stream NAME_CKPT in chunks; Start loads the
//    newest one and consumes from the sequence after it.
//
// Failures: a write while NATS is unreachable is answered at once with
// 503/7018 (not published, never applies); a write not applied within
// write_timeout_ms with 504/7019 (may still apply once). Reads keep working.
// A gap in the stream (purged messages this replica never applied) stops
// applying: status() says so, and the process must restart from the newest
// checkpoint.
//
// Threads: the applier, a maintainer (deadlines, retries, ticks,
// checkpoints) and, with max_batch > 1, a batcher; plus the NATS client's.
//
// Thread-safety: every public method may be called from any thread. The
// server passed to Start must not be used by anyone else while the replica
// lives. Callbacks (`on_applied`, `done`) run on the replica's threads, one
// at a time for on_applied; they must not call Write and wait for it.
// Copy/move: neither (it owns threads and a connection).
#ifndef BANTER_REPLICA_REPLICA_H_
#define BANTER_REPLICA_REPLICA_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/replica/stream_message.h"
#include "banter/rest/http.h"
#include "banter/rest/server.h"

namespace banter::replica {

struct ReplicaOptions {
  // NATS server URLs, comma-separated ("nats://127.0.0.1:4222,...").
  std::string url;
  // The stream: 1..32 of [A-Za-z0-9_-]. Its subjects are NAME.cmd; the
  // checkpoints live in NAME_CKPT (subjects NAME.ckpt.>).
  std::string stream;
  // Used when this replica creates the streams (the first one to start).
  int stream_replicas = 1;
  int64_t duplicate_window_ms = 120'000;
  // A write not applied this long after Write is answered 504/7019.
  int64_t write_timeout_ms = 10'000;
  // One publish attempt waits this long for its acknowledgement.
  int64_t ack_wait_ms = 2'000;
  // Tick period (docs/scale-out.md, "Time"); 0: no ticks.
  int64_t tick_ms = 1000;
  // A checkpoint once this many messages were applied past the newest one;
  // 0: only when WriteCheckpoint is called.
  uint64_t checkpoint_every = 100'000;
  // Retention: after a checkpoint, the stream is purged of the messages
  // before the previous checkpoint, but always keeps the last
  // `retain_messages`, so a replica that restarted from a checkpoint and is
  // still catching up does not find them gone.
  uint64_t retain_messages = 1'000'000;
  // Asynchronous publishes in flight before Write blocks.
  int64_t max_pending = 8192;
  // The ordered consumer's heartbeat: a consumer lost with a server is
  // recreated after two missed heartbeats.
  int64_t heartbeat_ms = 1000;
  // Writes of this replica put into one stream message at most (group
  // commit: a batch holds what accumulated while the previous one was being
  // published, so it grows only under load). 1: a message per write.
  int max_batch = 256;
  // Test hook: publish every write a second time under another message id,
  // as a retry arriving after the duplicate window would. The stream holds
  // both; the second is skipped by its request id.
  bool test_publish_twice = false;
  // Test hook: treat the first N positive acknowledgements of writes as
  // lost, as a timeout would: each is retried under the same message id and
  // the stream drops the copy (ReplicaStats::acked_duplicates).
  int64_t test_drop_acks = 0;
};

// Where a write was applied: the stream sequence of its message and its
// place in it (a batch holds several writes; 0 otherwise). Every replica
// applies writes in (seq, index) order.
struct Position {
  uint64_t seq = 0;  // 0: not applied (refused, unconfirmed)
  uint32_t index = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

// One applied write, app or tick, for the on_applied callback (in stream
// order, then batch order).
struct Applied {
  uint64_t seq = 0;
  uint32_t index = 0;  // within a batch
  const StreamMessage* message = nullptr;  // never a batch
  // A write whose request id was applied before: skipped, no response.
  bool duplicate = false;
  // The answer every replica computed (writes, unless duplicate).
  const rest::Response* response = nullptr;
  // The events the message caused (time-expiry events first), for writes
  // and ticks.
  const std::vector<rest::EventLine>* events = nullptr;
  // True when this replica published the write.
  bool own = false;
};

struct ReplicaStats {
  uint64_t applied_seq = 0;       // the stream sequence the state reflects
  // Replica lag: stream messages after applied_seq when it was delivered
  // (the consumer's pending count); 0 once caught up.
  uint64_t lag = 0;
  uint64_t loaded_seq = 0;        // of the checkpoint loaded at start (0: none)
  uint64_t applied = 0;           // messages applied since start
  uint64_t writes = 0;            // of them, writes run through Handle
  uint64_t ticks = 0;
  uint64_t duplicates = 0;        // writes skipped by their request id
  uint64_t published = 0;         // writes that reached the stream
  uint64_t messages_published = 0;  // stream messages they took (batches)
  uint64_t publish_retries = 0;
  uint64_t acked_duplicates = 0;  // publishes the stream dropped by message id
  uint64_t refused = 0;           // answered 7018
  uint64_t unconfirmed = 0;       // answered 7019
  uint64_t checkpoints_written = 0;
  bool connected = false;
  // The last failure that did not stop the replica (a checkpoint that could
  // not be written, an asynchronous NATS error), for operators; "" if none.
  std::string last_error;
};

class Replica {
 public:
  using OnApplied = std::function<void(const Applied&)>;
  // `at` is where the write was applied (seq 0 when it failed).
  using Done = std::function<void(const rest::Response& response, Position at)>;

  // Connects, creates the streams if they are missing, loads the newest
  // checkpoint into `server` (which must hold no app) and starts applying
  // from the sequence after it. Returns once consuming has started; call
  // CatchUp to wait for the backlog. Errors: InvalidArgument (options),
  // Unavailable (cannot connect or reach JetStream), DataLoss (a damaged
  // checkpoint, or a stream purged past the newest checkpoint),
  // FailedPrecondition (server not empty).
  static absl::StatusOr<std::unique_ptr<Replica>> Start(
      rest::Server* server, ReplicaOptions options, OnApplied on_applied);
  // Stops consuming and closes the connection; writes still in flight are
  // answered 504/7019.
  ~Replica();
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // Publishes a write (any method but GET). Requires: request.now set. Runs
  // `done` exactly once, on a replica thread (possibly before Write
  // returns). Blocks while max_pending publishes are in flight.
  void Write(rest::Request request, Done done);

  // Creates the app through the stream (Server::CreateApp on every replica,
  // at its position) unless it exists once this replica has caught up: how
  // `banter rest --app-id ID --api-key KEY` registers its start-up app.
  // Errors: as CatchUp; the answer's error (kAppIdTaken when another
  // replica's app of that id came first with another key is not an error:
  // the app exists); Unavailable, DeadlineExceeded (7018, 7019).
  absl::Status EnsureApp(const std::string& app_id, const std::string& api_key,
                         int64_t timeout_ms);

  // Answers a GET from the local state (Server::Read). *seq (may be null)
  // receives the stream sequence the answer reflects.
  rest::Response Read(const rest::Request& request, uint64_t* seq = nullptr);

  // Presence and typing are per-process (docs/presence.md): a request whose
  // route changes only them (rest::Server::IsLocal) never goes on the
  // stream. Local answers it from this replica at once
  // (rest::Server::HandleLocal), handing its presence events to `events`
  // (may be null); *seq (may be null) receives the stream sequence the
  // state it read reflects. Write answers such a request the same way,
  // without its events.
  bool IsLocal(const rest::Request& request);
  rest::Response Local(const rest::Request& request,
                       std::vector<rest::EventLine>* events,
                       uint64_t* seq = nullptr);

  // Waits until every message the stream held when called is applied.
  // Errors: DeadlineExceeded, Unavailable (cannot reach JetStream), and
  // status() once applying has stopped.
  absl::Status CatchUp(int64_t timeout_ms);

  // Waits until this replica has nothing in flight: every write answered,
  // every retry sent, every asynchronous publish (ticks, test copies)
  // acknowledged. For a clean exit. Errors: DeadlineExceeded.
  absl::Status Drain(int64_t timeout_ms);

  // Writes a checkpoint of the state as it is now, unless one at this
  // sequence or later exists. Errors: Unavailable.
  absl::Status WriteCheckpoint();
  // The sequence of the newest checkpoint this replica wrote or loaded.
  uint64_t checkpoint_seq() const;

  // OK while applying; the reason once it stopped (a gap, a message that
  // cannot be decoded).
  absl::Status status() const;
  uint64_t applied_seq() const;
  // Server::Digest of the state at applied_seq().
  std::string Digest();
  // The digest and the sequence it belongs to, read together.
  std::pair<uint64_t, std::string> DigestAt();
  ReplicaStats stats() const;

 private:
  class Impl;
  explicit Replica(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace banter::replica

#endif  // BANTER_REPLICA_REPLICA_H_
