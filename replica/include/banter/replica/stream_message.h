// The messages of a replica stream, and the replicated set of request ids
// that makes a late retry apply once (docs/scale-out.md).
//
// A stream message is one JSON object:
//   write: {"rid":"<16 hex>-<n>","req":{"method":..,"path":..,
//           "headers":[[name,value],..],"body":<json>|"bodyText":"..",
//           "now":<ms>,"pw":"<prepared password hash>"}}
//   tick:  {"tick":<ms>}
//   app:   {"rid":"..","app":{"id":"..","key":".."}}  (the app a replica is
//          started with: Server::CreateApp; already there: no change)
//   batch: {"batch":[<write or app>, ...]}  (one replica's writes, applied
//          in order at the batch's stream position)
// Message ids (Nats-Msg-Id): a write's or app's request id; "tick-<ms>";
// "<origin>-b<k>" for the k-th batch of an origin.
//
// Thread-safety: plain values and pure functions; AppliedRequests is not
// thread-safe (the replica's applying thread owns it).
#ifndef BANTER_REPLICA_STREAM_MESSAGE_H_
#define BANTER_REPLICA_STREAM_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/status/statusor.h"
#include "banter/rest/http.h"
#include "banter/types.h"

namespace banter::replica {

// Who published a write (`origin`: 64 random bits drawn when the process
// starts) and which of its writes it is (`n`: 1, 2, ...).
struct RequestId {
  uint64_t origin = 0;
  uint64_t n = 0;
  // "<16 hex digits>-<n>".
  std::string ToString() const;
  friend bool operator==(const RequestId&, const RequestId&) = default;
};
// Errors: InvalidArgument.
absl::StatusOr<RequestId> ParseRequestId(std::string_view text);

struct StreamMessage {
  enum class Kind : uint8_t { kWrite, kTick, kCreateApp, kBatch };
  Kind kind = Kind::kWrite;
  RequestId id;           // kWrite, kCreateApp
  rest::Request request;  // kWrite: `now` set, password work done
  Millis tick = 0;        // kTick: the time it moves every app to
  std::string app_id;     // kCreateApp
  std::string api_key;    // kCreateApp
  std::vector<StreamMessage> batch;  // kBatch: writes and apps, in order
};

std::string EncodeStreamMessage(const StreamMessage& message);
// A batch of already encoded writes (EncodeStreamMessage of each): the
// bytes EncodeStreamMessage would give the batch, without decoding them.
std::string EncodeBatch(const std::vector<std::string_view>& encoded);
// Errors: DataLoss (not a stream message).
absl::StatusOr<StreamMessage> DecodeStreamMessage(std::string_view bytes);

// The request ids applied so far: replicated state, because every replica
// applies the same stream. Kept per origin as "every n up to `low`" plus the
// n above it (a retried write can land after later ones), so it costs one
// entry per process start. Origins unseen for a day of stream time are
// forgotten (a retry never comes that late: writes give up after
// ReplicaOptions::write_timeout_ms).
class AppliedRequests {
 public:
  // Records `id` at stream time `now`. False if it was applied before (the
  // message is then skipped). O(log origins + log ids above low).
  bool Insert(const RequestId& id, Millis now);
  bool Contains(const RequestId& id) const;
  size_t origins() const { return origins_.size(); }

  // For checkpoints. Errors (Decode): DataLoss.
  std::string Encode() const;
  static absl::StatusOr<AppliedRequests> Decode(std::string_view bytes);
  friend bool operator==(const AppliedRequests&,
                         const AppliedRequests&) = default;

  static constexpr Millis kForgetAfter = 24 * 3600 * 1000;

 private:
  struct Origin {
    uint64_t low = 0;
    absl::btree_set<uint64_t> above;
    Millis seen = 0;
    friend bool operator==(const Origin&, const Origin&) = default;
  };
  absl::btree_map<uint64_t, Origin> origins_;
  Millis next_forget_ = 0;
};

}  // namespace banter::replica

#endif  // BANTER_REPLICA_STREAM_MESSAGE_H_
