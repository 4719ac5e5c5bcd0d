#include "harness.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <span>
#include <sstream>
#include <string_view>

namespace banter::bench {

bool Config::Has(const std::string& peer) const {
  for (const std::string& p : peers) {
    if (p == peer) return true;
  }
  return false;
}

Config Init(int* argc, char** argv) {
  Config config;
  std::string peers = "banter,handrolled,sqlite,redis,redis_pipelined";
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.rfind("--banter_mode=", 0) == 0) {
      std::string_view v = arg.substr(std::strlen("--banter_mode="));
      if (v == "quick") {
        config.mode = Mode::kQuick;
      } else if (v == "full") {
        config.mode = Mode::kFull;
      } else {
        std::fprintf(stderr, "unknown --banter_mode (quick or full)\n");
        std::exit(2);
      }
    } else if (arg.rfind("--banter_peers=", 0) == 0) {
      peers = std::string(arg.substr(std::strlen("--banter_peers=")));
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  std::stringstream list(peers);
  for (std::string p; std::getline(list, p, ',');) {
    const bool redis = p == "redis" || p == "redis_pipelined";
    if (p != "banter" && p != "handrolled" && p != "sqlite" && !redis) {
      std::fprintf(stderr, "unknown peer '%s' in --banter_peers\n", p.c_str());
      std::exit(2);
    }
    if (redis && RedisServer::FindBinary().empty()) {
      std::fprintf(stderr, "redis-server is not in PATH: leaving out %s\n",
                   p.c_str());
      continue;
    }
    config.peers.push_back(p);
  }
  benchmark::Initialize(argc, argv);
  if (benchmark::ReportUnrecognizedArguments(*argc, argv)) std::exit(2);
  benchmark::AddCustomContext("banter_mode", config.quick() ? "quick" : "full");
  return config;
}

int RunAll() {
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

int64_t MaxMembersFor(const std::string& peer) { return 1'000'000; }

OpenedPeer OpenPeer(const std::string& name, EngineOptions banter_options) {
  OpenedPeer opened;
  if (name == "banter") {
    auto peer = std::make_unique<BanterPeer>(std::move(banter_options));
    opened.banter = peer.get();
    opened.peer = std::move(peer);
  } else if (name == "handrolled") {
    opened.peer = MakeHandRolledPeer();
  } else if (name == "sqlite") {
    opened.peer = MakeSqlitePeer();
  } else if (name == "redis" || name == "redis_pipelined") {
    std::string error;
    opened.server = RedisServer::Start(&error);
    if (opened.server == nullptr) {
      std::fprintf(stderr, "cannot start redis-server: %s\n", error.c_str());
      std::abort();
    }
    const std::string& socket = opened.server->socket_path();
    if (name == "redis") {
      opened.peer = MakeRedisPeer(socket);
      opened.setup_client = MakeRedisPipelinedPeer(socket);
      if (opened.setup_client == nullptr) opened.peer.reset();
    } else {
      opened.peer = MakeRedisPipelinedPeer(socket);
    }
  }
  if (opened.peer == nullptr) {
    std::fprintf(stderr, "cannot open peer '%s'\n", name.c_str());
    std::abort();
  }
  return opened;
}

void MustBatch(ChatPeer& peer, MemberOp op, uint32_t channel,
               const std::vector<uint32_t>& users, int64_t expires_at_ms,
               const char* what) {
  // Batches in the benchmarks are small; world building passes 4096.
  bool ok[4096];
  for (size_t start = 0; start < users.size(); start += std::size(ok)) {
    const size_t n = std::min(std::size(ok), users.size() - start);
    peer.Batch(op, channel, std::span(users).subspan(start, n), expires_at_ms,
               ok);
    for (size_t i = 0; i < n; ++i) {
      if (!ok[i]) {
        std::fprintf(stderr, "%s: %s of user %u in channel %u refused\n",
                     std::string(peer.name()).c_str(), what,
                     users[start + i], channel);
        std::abort();
      }
    }
  }
}

void JoinRange(ChatPeer& peer, uint32_t channel, uint32_t first, uint32_t last,
               bool add) {
  std::vector<uint32_t> users;
  for (uint64_t u = first; u <= last;) {
    users.clear();
    for (; u <= last && users.size() < 4096; ++u) {
      users.push_back(static_cast<uint32_t>(u));
    }
    MustBatch(peer, add ? MemberOp::kAdd : MemberOp::kJoin, channel, users, 0,
              add ? "add" : "join");
  }
}

void SumDeliver(void* ctx, uint32_t user) {
  *static_cast<uint64_t*>(ctx) += user;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

}  // namespace banter::bench
