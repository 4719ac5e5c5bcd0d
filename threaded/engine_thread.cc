// EngineThread (banter/threaded/engine_thread.h). Uses std::mutex,
// std::shared_mutex and std::condition_variable rather than Abseil's, so
// that ThreadSanitizer sees every synchronization (Debian's Abseil is not
// built for it).
#include "banter/threaded/engine_thread.h"

#include <string>
#include <utility>

namespace banter::threaded {
namespace {

// The EngineThread whose command this thread is running, if any.
thread_local const EngineThread* running_command_of = nullptr;

EngineOptions WithSink(EngineOptions options, EventSink* sink) {
  options.sink = sink;
  return options;
}

void Flatten(const Recipients& r, std::vector<UserId>* out) {
  out->reserve(r.count());
  for (auto batch : r.batches) out->insert(out->end(), batch.begin(), batch.end());
}

}  // namespace

OwnedEvent Own(const Event& event) {
  OwnedEvent o;
  o.kind = event.kind;
  o.at = event.at;
  o.channel = event.channel;
  o.message = event.message;
  o.users.assign(event.users.begin(), event.users.end());
  o.bot = event.bot;
  o.reaction = std::string(event.reaction);
  Flatten(event.recipients, &o.recipients);
  Flatten(event.push, &o.push);
  return o;
}

EngineThread::EngineThread(EngineOptions options)
    : sink_(*this),
      engine_(WithSink(std::move(options), &sink_)),
      thread_([this] { Run(); }) {}

EngineThread::~EngineThread() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_all();
  thread_.join();
}

void EngineThread::OnEvents(std::function<void(const OwnedEvent&)> handler) {
  owned_handler_ = std::move(handler);
}

void EngineThread::OnRawEvents(std::function<void(const Event&)> handler) {
  raw_handler_ = std::move(handler);
}

bool EngineThread::InsideCommand() const { return running_command_of == this; }

std::future<absl::StatusOr<CommandResult>> EngineThread::Submit(
    Actor actor, Command command, Millis now) {
  if (NeedsPrepare(command)) {
    // The quick read under the reader lock; the hashing with no lock held.
    Engine::PrepareInputs inputs =
        Read([&](const Engine& e) { return e.PrepareInputsOf(command); });
    Engine::PrepareWith(engine_.options(), inputs, command);
  }
  Job job{actor, std::move(command), now, {}};
  std::future<absl::StatusOr<CommandResult>> result = job.done.get_future();
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back(std::move(job));
  }
  queue_ready_.notify_one();
  return result;
}

EngineThreadStats EngineThread::Stats() const {
  std::lock_guard lock(queue_mutex_);
  EngineThreadStats s = stats_;
  s.queue_depth = queue_.size();
  return s;
}

void EngineThread::Sink::OnEvent(const Event& event) {
  if (owner_.raw_handler_) owner_.raw_handler_(event);
  if (owner_.owned_handler_) owner_.owned_handler_(Own(event));
  std::lock_guard lock(owner_.queue_mutex_);
  ++owner_.stats_.events;
}

void EngineThread::Run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(queue_mutex_);
      queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything has run
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    absl::StatusOr<CommandResult> result;
    {
      std::unique_lock lock(engine_mutex_);
      running_command_of = this;
      result = engine_.Execute(job.actor, job.command, job.now);
      running_command_of = nullptr;
    }
    {
      std::lock_guard lock(queue_mutex_);
      ++stats_.executed;
      if (!result.ok()) ++stats_.failed;
    }
    job.done.set_value(std::move(result));
  }
}

}  // namespace banter::threaded
