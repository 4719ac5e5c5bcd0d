// banter::threaded::EngineThread: one engine fed by any number of threads.
//
// The engine core is single-threaded by design (deterministic, no locks).
// A game server has many worker threads; EngineThread is the small piece
// between them:
//
//   banter::threaded::EngineThread chat(options);
//   chat.OnEvents([](const banter::threaded::OwnedEvent& e) { Deliver(e); });
//   // on any thread:
//   auto sent = chat.Submit(banter::Actor::User(u), banter::cmd::SendMessage{r},
//                           now);
//   ... sent.get() ...                     // the CommandResult, or the error
//   int64_t unread = chat.Read([&](const banter::Engine& e) {
//     return *e.UnreadCount(banter::Actor::User(u), c, u);
//   });
//
// How it works:
//  - Submit queues the command and returns a future. One thread, owned by
//    EngineThread, runs the queued commands in order with Engine::Execute,
//    so the engine sees exactly one total order (the journal's).
//  - The slow part of a command (bcrypt: Engine::Prepare) runs on the
//    submitting thread before queueing, never on the engine thread; reading
//    what it needs takes the reader lock for a moment.
//  - Read runs a function on the calling thread under a reader lock: any
//    number of reads run at the same time, never during a command.
//  - Events: the handler given to OnEvents runs on the engine thread, after
//    each event, with an OwnedEvent that owns its recipient lists (copied,
//    O(recipients)): keep it, move it to another thread, deliver later. A
//    handler that needs no copy can use OnRawEvents instead: it receives the
//    engine's Event, whose spans are valid only during the call.
//  - A handler may Submit (it is queued like any other command) and may
//    Read; it must not wait on a future of a command submitted after the
//    one it is handling (that command runs after the handler returns).
//
// Thread-safety: every public method may be called from any thread, except
// OnEvents/OnRawEvents, which must be called before the first Submit.
// Copy/move: neither (it owns a thread).
#ifndef BANTER_THREADED_ENGINE_THREAD_H_
#define BANTER_THREADED_ENGINE_THREAD_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "banter/command.h"
#include "banter/engine.h"
#include "banter/events.h"
#include "banter/options.h"

namespace banter::threaded {

// An Event that owns its data: safe to keep and to hand to another thread.
struct OwnedEvent {
  EventKind kind = EventKind::kMessage;
  Millis at = 0;
  ChannelId channel;
  MessageId message;
  std::vector<UserId> users;
  BotId bot;
  std::string reaction;
  std::vector<UserId> recipients;  // who receives it in real time
  std::vector<UserId> push;        // message events: who would get a push
};

// Copies `event`: O(its recipients).
OwnedEvent Own(const Event& event);

// Counters an operator can watch (all since construction).
struct EngineThreadStats {
  uint64_t executed = 0;   // commands run
  uint64_t failed = 0;     // of which failed
  uint64_t events = 0;     // events delivered to the handler
  size_t queue_depth = 0;  // commands waiting now
};

class EngineThread {
 public:
  // Builds the engine from `options` (its `sink` is replaced by the
  // EngineThread's own) and starts the engine thread.
  explicit EngineThread(EngineOptions options);
  // Runs what is queued, then stops the engine thread.
  ~EngineThread();
  EngineThread(const EngineThread&) = delete;
  EngineThread& operator=(const EngineThread&) = delete;

  // The event handlers (see the file comment). Call before the first Submit.
  void OnEvents(std::function<void(const OwnedEvent&)> handler);
  void OnRawEvents(std::function<void(const Event&)> handler);

  // Prepares `command` on this thread (bcrypt, outside every lock), queues
  // it and returns its result's future. Commands from one thread run in the
  // order submitted; commands from different threads in queue order.
  std::future<absl::StatusOr<CommandResult>> Submit(Actor actor,
                                                    Command command,
                                                    Millis now);

  // Runs `fn(const Engine&)` on this thread under the reader lock and
  // returns its result. Reads overlap each other, never a command.
  template <typename Fn>
  auto Read(Fn&& fn) const -> std::invoke_result_t<Fn, const Engine&> {
    // From an event handler the engine thread already holds the lock.
    if (InsideCommand()) return std::forward<Fn>(fn)(engine_);
    std::shared_lock lock(engine_mutex_);
    return std::forward<Fn>(fn)(engine_);
  }

  EngineThreadStats Stats() const;

 private:
  struct Job {
    Actor actor;
    Command command;
    Millis now = 0;
    std::promise<absl::StatusOr<CommandResult>> done;
  };
  class Sink : public EventSink {
   public:
    explicit Sink(EngineThread& owner) : owner_(owner) {}
    void OnEvent(const Event& event) override;

   private:
    EngineThread& owner_;
  };

  void Run();
  // True on the engine thread while it runs a command (event handlers).
  bool InsideCommand() const;

  Sink sink_;
  std::function<void(const OwnedEvent&)> owned_handler_;
  std::function<void(const Event&)> raw_handler_;

  mutable std::shared_mutex engine_mutex_;  // readers share; a command owns
  Engine engine_;

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  EngineThreadStats stats_;  // under queue_mutex_

  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace banter::threaded

#endif  // BANTER_THREADED_ENGINE_THREAD_H_
