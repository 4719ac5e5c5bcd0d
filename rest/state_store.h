// StateStore: a Server's state kept durable in two files, for
// `banter rest --state FILE` (docs/reliability.md).
//
//   FILE          a Sections container (banter/durability.h): "server" (JSON:
//                 journal generation, requests applied, the app registry)
//                 and "app:<id>" (each app's engine snapshot);
//   FILE.journal  one FileJournal for everything since FILE: engine records
//                 tagged "app:<id>", and JSON "server" records: app
//                 create/update/delete, and "commit" markers.
//
// Requests are atomic across a crash: the records a request causes count
// only once its commit marker (written by Commit, before the response is
// printed) is in the journal. Recovery applies committed requests and cuts
// everything after the last marker, so a killed process loses at most the
// request it was handling, and never half of one.
//
// Not kept: rate-limit bucket levels and the server's generated-id counter
// (see docs/reliability.md).
//
// Thread-safety: not thread-safe; used by the thread that drives the Server.
#ifndef BANTER_REST_STATE_STORE_H_
#define BANTER_REST_STATE_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/durability.h"
#include "banter/rest/server.h"

namespace banter::rest {

class StateStore {
 public:
  // Loads `path` and `path`.journal (when present) into `server`, which must
  // hold no app yet, and opens the journal for appending. Errors: as
  // ReadSections, ReadSnapshot, ReadJournalFile, FileJournal::Open; DataLoss
  // when a committed record cannot be applied.
  //
  // Damage is refused, never absorbed: a journal damaged anywhere but in a
  // torn last frame, a journal whose generation does not continue FILE, or a
  // journal with records but no FILE, fails with DataLoss or
  // FailedPrecondition naming the file (and the offset), and leaves both
  // files as they were. With `recover`, a damaged journal is first copied to
  // FILE.journal.damaged (then .damaged.1, ...), and the records before the
  // damage are used; recovery_note() says what was dropped.
  //
  // The store holds an exclusive lock (flock on FILE.lock) while it lives: a
  // second process on the same state fails with FailedPrecondition.
  static absl::StatusOr<std::unique_ptr<StateStore>> Open(Server& server,
                                                          std::string path,
                                                          bool recover = false);
  ~StateStore();

  // Requests committed so far (Commit's `request` numbers), over every run.
  uint64_t committed_requests() const { return committed_; }
  // What recovery found, one line for humans ("" when there was nothing).
  const std::string& recovery_note() const { return note_; }

  // Call after the server handled request number `request`, before its
  // response is shown: journals app registry changes and, if the request
  // changed anything, its commit marker. Errors: the journal's.
  absl::Status Commit(uint64_t request);

  // Writes FILE afresh and empties the journal (safe to interrupt).
  absl::Status Checkpoint();

  // Bytes in the journal now, and in FILE as last written or loaded.
  uint64_t journal_bytes() const;
  uint64_t state_bytes() const { return state_bytes_; }
  // True when the journal has grown to `min_bytes` and to the size of FILE:
  // checkpointing then keeps the journal under about twice the snapshot, so
  // recovery (snapshot + journal) costs at most about two snapshot loads.
  bool CheckpointDue(uint64_t min_bytes) const;

  // "<app id> <StateDigest>" per app, in app id order, one per line.
  std::string Digest() const;

 private:
  StateStore(Server& server, std::string path);
  absl::Status Lock();
  absl::Status Load();
  absl::Status ApplyServerRecord(std::string_view json);
  void Attach(const std::string& app_id);
  absl::Status AppendServerRecord(const std::string& json);

  Server& server_;
  std::string path_;
  std::unique_ptr<FileJournal> journal_;
  uint32_t epoch_ = 0;
  uint64_t committed_ = 0;
  uint64_t appended_at_commit_ = 0;
  std::map<std::string, AppInfo> known_;  // the registry as last journaled
  std::string note_;
  bool recover_ = false;
  int lock_fd_ = -1;
  uint64_t state_bytes_ = 0;
};

}  // namespace banter::rest

#endif  // BANTER_REST_STATE_STORE_H_
