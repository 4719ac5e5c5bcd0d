// RedisServer: fork/exec of a throwaway redis-server, and its teardown.
#include "redis_server.h"

#include <errno.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

namespace banter::bench {
namespace {

using Clock = std::chrono::steady_clock;

// How long a starting server may take to answer, and a stopping one to exit
// after SIGTERM before it gets SIGKILL.
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(5);
constexpr auto kPollInterval = std::chrono::milliseconds(10);

// True once `pid` has exited and been reaped.
bool TryReap(pid_t pid) {
  while (true) {
    pid_t r = waitpid(pid, nullptr, WNOHANG);
    if (r == pid) return true;
    if (r == 0) return false;
    if (errno == EINTR) continue;
    return true;  // ECHILD: someone else reaped it; nothing left to wait for.
  }
}

bool AnswersPing(const std::string& socket_path) {
  timeval timeout = {1, 0};
  redisContext* c = redisConnectUnixWithTimeout(socket_path.c_str(), timeout);
  bool ok = false;
  if (c != nullptr && c->err == 0) {
    auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
    ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS &&
         std::string_view(reply->str, reply->len) == "PONG";
    if (reply != nullptr) freeReplyObject(reply);
  }
  if (c != nullptr) redisFree(c);
  return ok;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::string RedisServer::FindBinary() {
  const char* path = getenv("PATH");
  if (path == nullptr) return "";
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate =
        dir.empty() ? std::string("./redis-server") : dir + "/redis-server";
    if (access(candidate.c_str(), X_OK) == 0) {
      return std::filesystem::absolute(candidate).string();
    }
  }
  return "";
}

std::unique_ptr<RedisServer> RedisServer::Start(std::string* error) {
  auto fail = [error](std::string why) -> std::unique_ptr<RedisServer> {
    if (error != nullptr) *error = std::move(why);
    return nullptr;
  };

  // Resolved before fork, so the child only has to execv.
  const std::string binary = FindBinary();
  if (binary.empty()) return fail("redis-server not found in PATH");

  // A short base keeps the socket path under the 108-byte sun_path limit.
  std::string templ = "/tmp/banter-redis-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) {
    return fail(std::string("mkdtemp: ") + std::strerror(errno));
  }
  const std::string dir = templ;
  const std::string socket_path = dir + "/redis.sock";
  const std::string log_path = dir + "/redis.log";

  // Every argument is built before fork: between fork and exec the child
  // must not allocate (another thread may hold the malloc lock).
  std::vector<std::string> args = {
      binary,
      "--port",
      "0",  // no TCP listener at all
      "--unixsocket",
      socket_path,
      "--unixsocketperm",
      "700",
      "--save",
      "",  // no RDB snapshots
      "--appendonly",
      "no",
      "--daemonize",
      "no",  // stay our child so we can reap it
      "--dir",
      dir,
      "--logfile",
      "",  // stdout, which goes to redis.log
  };
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int log_fd =
      open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (log_fd < 0 || null_fd < 0) {
    std::string why = std::string("open: ") + std::strerror(errno);
    if (log_fd >= 0) close(log_fd);
    if (null_fd >= 0) close(null_fd);
    std::filesystem::remove_all(dir);
    return fail(why);
  }

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Child. If this process dies before it reaps us, the kernel kills us:
    // a crashed test must not leave a redis-server behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);  // the parent died before prctl
    dup2(null_fd, STDIN_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  close(null_fd);
  if (pid < 0) {
    std::string why = std::string("fork: ") + std::strerror(errno);
    std::filesystem::remove_all(dir);
    return fail(why);
  }

  // From here on the destructor owns the child and the directory.
  std::unique_ptr<RedisServer> server(new RedisServer(dir, socket_path, pid));
  const auto deadline = Clock::now() + kStartTimeout;
  while (Clock::now() < deadline) {
    if (TryReap(pid)) {
      server->pid_ = -1;  // reaped: the destructor must not signal a reused pid
      return fail("redis-server exited during startup; log:\n" +
                  ReadFile(log_path));
    }
    if (AnswersPing(socket_path)) return server;
    std::this_thread::sleep_for(kPollInterval);
  }
  return fail("redis-server did not answer PING within 10 s; log:\n" +
              ReadFile(log_path));
}

RedisServer::~RedisServer() {
  if (pid_ > 0) {
    // SIGTERM lets Redis close its socket and exit cleanly; with --save ""
    // it writes nothing on the way out.
    kill(pid_, SIGTERM);
    bool reaped = false;
    const auto deadline = Clock::now() + kStopTimeout;
    while (!(reaped = TryReap(pid_)) && Clock::now() < deadline) {
      std::this_thread::sleep_for(kPollInterval);
    }
    if (!reaped) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
  }
  std::error_code ignored;  // best effort: a destructor cannot report it
  std::filesystem::remove_all(dir_, ignored);
}

}  // namespace banter::bench
