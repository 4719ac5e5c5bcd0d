// A private redis-server for one benchmark or test run.
//
// Benchmarks and tests must not depend on (or disturb) a Redis the machine may
// already run, and must not touch the network. RedisServer starts its own
// `redis-server` child with persistence off, TCP off (--port 0) and a Unix
// socket inside a fresh mkdtemp directory, waits until it answers PING, and
// stops it again when destroyed: SIGTERM, SIGKILL if it has not exited within
// a few seconds, reap, then delete the directory. The child also gets
// PR_SET_PDEATHSIG, so it dies with this process even when the process
// crashes before any destructor runs.
//
// Thread-safety: not thread-safe; create and destroy it on one thread (the
// death signal is tied to the thread that started the server).
#ifndef BANTER_BENCH_PEERS_REDIS_SERVER_H_
#define BANTER_BENCH_PEERS_REDIS_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <utility>

namespace banter::bench {

class RedisServer {
 public:
  // The absolute path of `redis-server` found in PATH, or "" if there is none.
  // Tests use it to skip when Redis is not installed.
  static std::string FindBinary();

  // Starts a server and waits up to 10 s for it to answer PING. On failure
  // returns nullptr and, if `error` is not null, stores why (including the
  // server's log when it started but died).
  static std::unique_ptr<RedisServer> Start(std::string* error);

  // Stops the server, reaps it and removes its directory.
  ~RedisServer();

  // Not copyable or movable: exactly one owner kills the child.
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Where clients connect (see MakeRedisPeer).
  const std::string& socket_path() const { return socket_path_; }
  pid_t pid() const { return pid_; }

 private:
  RedisServer(std::string dir, std::string socket_path, pid_t pid)
      : dir_(std::move(dir)), socket_path_(std::move(socket_path)), pid_(pid) {}

  std::string dir_;
  std::string socket_path_;
  pid_t pid_;
};

}  // namespace banter::bench

#endif  // BANTER_BENCH_PEERS_REDIS_SERVER_H_
