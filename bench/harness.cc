#include "harness.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
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
  std::string peers = "banter,handrolled,sqlite,redis";
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
    if (p != "banter" && p != "handrolled" && p != "sqlite" && p != "redis") {
      std::fprintf(stderr, "unknown peer '%s' in --banter_peers\n", p.c_str());
      std::exit(2);
    }
    if (p == "redis" && RedisServer::FindBinary().empty()) {
      std::fprintf(stderr, "redis-server is not in PATH: leaving out redis\n");
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

int64_t MaxMembersFor(const std::string& peer) {
  return peer == "redis" ? 100'000 : 1'000'000;
}

OpenedPeer OpenPeer(const std::string& name) {
  OpenedPeer opened;
  if (name == "banter") {
    auto peer = MakeBanterPeer();
    opened.banter = peer.get();
    opened.peer = std::move(peer);
  } else if (name == "handrolled") {
    opened.peer = MakeHandRolledPeer();
  } else if (name == "sqlite") {
    opened.peer = MakeSqlitePeer();
  } else if (name == "redis") {
    std::string error;
    opened.server = RedisServer::Start(&error);
    if (opened.server == nullptr) {
      std::fprintf(stderr, "cannot start redis-server: %s\n", error.c_str());
      std::abort();
    }
    opened.peer = MakeRedisPeer(opened.server->socket_path());
  }
  if (opened.peer == nullptr) {
    std::fprintf(stderr, "cannot open peer '%s'\n", name.c_str());
    std::abort();
  }
  return opened;
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
