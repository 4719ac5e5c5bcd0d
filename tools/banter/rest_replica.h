// `banter rest --nats URL --stream NAME`: the JSON Lines transport as a
// replica (docs/scale-out.md). Built only with banter::replica (libnats-dev).
#ifndef BANTER_TOOLS_BANTER_REST_REPLICA_H_
#define BANTER_TOOLS_BANTER_REST_REPLICA_H_

#include <csignal>
#include <cstdint>
#include <string>

#include "banter/rest/jsonl.h"
#include "banter/rest/server.h"

namespace banter {

struct RestReplicaFlags {
  std::string nats_url;
  std::string stream;
  int stream_replicas = 1;
  int64_t dup_window_ms = 120'000;
  int64_t write_timeout_ms = 10'000;
  int64_t tick_ms = 1000;
  int64_t checkpoint_every = 100'000;
  int64_t catch_up_timeout_ms = 120'000;
  int64_t max_in_flight = 4096;
  int max_batch = 256;
  int64_t retain_messages = 1'000'000;
  bool test_publish_twice = false;
  int64_t test_drop_acks = 0;
  // What `banter rest` does besides: its start-up app, output switches.
  std::string app_id;
  std::string api_key;
  bool events = false;
  bool verbose = false;
  bool print_digest = false;
  bool print_stats = false;
  rest::JsonLinesOptions lines;
};

// Runs the transport until end of input or *stop; returns the exit code.
int RunRestReplica(const rest::ServerOptions& options,
                   const RestReplicaFlags& flags,
                   const volatile std::sig_atomic_t* stop);

}  // namespace banter

#endif  // BANTER_TOOLS_BANTER_REST_REPLICA_H_
