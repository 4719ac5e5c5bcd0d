// Durability: snapshots, a replayable journal of commands, and recovery.
//
// The engine is deterministic: its state is a function of its options and the
// sequence of (actor, request, now) calls made on it. So the journal records
// *commands*, not state deltas: every successful mutating call appends one
// JournalRecord to EngineOptions::journal, and replaying the records in order
// on the engine they started from rebuilds the same state, byte for byte in
// DebugString(). A snapshot is the whole state at one instant; snapshot +
// the journal written after it = the current state.
//
//   RecoveryReport report;                    // at start (or after a crash)
//   Engine e = *Recover("state.snap", "state.journal", options, &report);
//   auto journal = *FileJournal::Open("state.journal",
//                                     {.epoch = report.journal_epoch});
//   SetJournal(e, journal.get());
//   ... calls ...                             // each success -> one record
//   Checkpoint(e, "state.snap", *journal);    // snapshot, then empty journal
//
// Generations: a snapshot records the journal generation ("epoch") that
// continues it, and the journal file's header carries its own. Checkpoint
// writes the snapshot with epoch E+1 and then resets the journal to E+1; a
// crash between the two leaves a journal of epoch E whose records the
// snapshot already holds, and recovery skips it instead of applying it twice.
//
// Formats (docs/reliability.md): every record and snapshot payload is
// encoded with the cereal serialization library through banter's own
// little-endian, bounds-checked archive; files add a magic, a format version,
// lengths and CRC32s. Passwords never reach a journal in plain text: the
// records of CreateUser and ChangePassword carry the resulting bcrypt hash,
// and IssueLoginToken's record carries the hash its password was checked
// against (Engine::Prepare), never the password. Replay never hashes.
//
// Failure model: a journal sink that fails fences its engine. The call whose
// record could not be stored returns an Unavailable status (its change is in
// memory but not durable), and every later mutating call fails with
// Unavailable before touching anything, until the embedder recovers from the
// durable files. Reads keep working.
//
// Thread-safety: free functions are safe on distinct engines; an engine is
// not thread-safe (the transport serializes calls). FileJournal is not
// thread-safe; several engines may share one on one thread.
#ifndef BANTER_DURABILITY_H_
#define BANTER_DURABILITY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/command.h"
#include "banter/commands.h"
#include "banter/engine.h"
#include "banter/ids.h"
#include "banter/options.h"
#include "banter/types.h"
#include "banter/version.h"

namespace banter {

// One successful call. `actor` is Actor::Admin() for methods without one
// (the SDK logins, Logout, AdvanceTime, the app setters); `now` is the call's
// effective time (the caller's `now`, clamped to never run backwards), so
// replay reaches the same instants whether or not the clock moved between
// records (AdvanceTime is journaled only when a timer fired). Records of
// banter 0.1.0 hold the caller's `now`; replay clamps it the same way.
struct JournalRecord {
  Actor actor;
  Millis now = 0;
  Command command;
  // The record format it was decoded from (kJournalRecordFormat for records
  // built in memory). ApplyRecord migrates older records (see below).
  uint32_t format = 3;
  friend bool operator==(const JournalRecord&, const JournalRecord&) = default;
};

// Version of the record encoding. Every encoded record starts with it.
//   1  banter 0.1.0 until the command path: IssueLoginToken records carry
//      only the user.
//   2  IssueLoginToken records also carry the hash the login verified.
//   3  Mute, PeerMute and MuteAll carry their duration in milliseconds
//      (formats 1 and 2: whole minutes).
// Records of formats 1 and 2 still load. DecodeJournalRecord converts their
// minutes to milliseconds; ApplyRecord migrates a format-1 IssueLoginToken
// (replayed as verified against the user's hash at that point of the
// replay, which is what its original call checked).
inline constexpr uint32_t kJournalRecordFormat = 3;
static_assert(JournalRecord{}.format == kJournalRecordFormat);

// Appends the encoding of `record` to *out (self-describing: it starts with
// its format version). Deterministic: equal records encode to equal bytes.
void EncodeJournalRecord(const JournalRecord& record, std::string* out);
// Errors: DataLoss (malformed or truncated bytes, unknown command tag),
// FailedPrecondition (a record format newer than this build reads).
absl::StatusOr<JournalRecord> DecodeJournalRecord(std::string_view bytes);

// Applies one record to `engine`: Engine::Execute of its command, with the
// engine's journal detached (replay does not journal again). Events go to
// the engine's sink as the original call's did. Errors: whatever the call
// returns. A record that fails on replay means the journal does not belong
// to this engine state (or a non-deterministic Translator); Recover reports it.
absl::Status ApplyRecord(Engine& engine, const JournalRecord& record);

// ---- Journal sinks -----------------------------------------------------------

// Receives one record per successful mutating call, in call order, inside the
// call (after the change is applied, before the call returns). `encoded` is
// EncodeJournalRecord(record); valid only during Append.
//
// A sink that cannot store a record returns an error; the engine then
// answers that call and every later mutating call with Unavailable (see the
// file comment). status() lets the engine refuse calls before applying them
// once the sink is known to be broken.
class JournalSink {
 public:
  virtual ~JournalSink() = default;
  virtual absl::Status Append(const JournalRecord& record,
                              std::string_view encoded) = 0;
  // OK while the sink accepts records. Checked before every mutating call.
  virtual absl::Status status() const { return absl::OkStatus(); }
};

// Attaches `sink` (may be null) to `engine`, replacing options().journal.
// For engines constructed by someone else (a REST server's apps).
void SetJournal(Engine& engine, JournalSink* sink);

// When FileJournal makes appended records durable.
enum class SyncPolicy : uint8_t {
  // Buffered in memory; written when the buffer fills, on Flush() and at
  // destruction. A crash loses the buffer.
  kNone = 0,
  // Each record is handed to the OS (write(2)) before Append returns: a killed
  // process loses nothing; a power cut may lose what the OS had not written.
  kFlushEachRecord = 1,
  // write(2) + fdatasync(2) per record: nothing acknowledged is ever lost.
  kFsyncEachRecord = 2,
  // write(2) per record, fdatasync(2) every `sync_every` records: a power cut
  // loses at most the last sync_every - 1 records.
  kFsyncEveryN = 3,
};

struct FileJournalOptions {
  SyncPolicy sync = SyncPolicy::kFlushEachRecord;
  uint32_t sync_every = 64;        // kFsyncEveryN
  size_t buffer_bytes = 64 << 10;  // kNone
  // The generation the journal must continue (RecoveryReport::journal_epoch).
  uint32_t epoch = 0;
};

// Version of the journal file layout (header and frames).
//   1  header: magic, format, generation; frame: length, CRC32 of payload.
//   2  the header and every frame header carry a CRC32 of their own, so a
//      damaged length or generation is told apart from a cut-off write.
// Format-1 files are still read and appended to (in format 1) until they
// are reset; a reset writes format 2.
inline constexpr uint32_t kJournalFileFormat = 2;

// What a journal file held. Complete frames are returned; a cut or corrupt
// frame ends the readable part and is reported in `damage`.
struct JournalDamage {
  uint64_t offset = 0;  // where the unreadable tail starts
  std::string reason;   // "cut off mid-write: ...", "checksum mismatch", ...
  // True when the unreadable part is one incomplete frame at the very end of
  // the file: what a process killed mid-write leaves. Only such a tail may be
  // dropped. Anything else (a bad checksum, a damaged length, bytes after a
  // bad frame) is damage that loses acknowledged writes: FileJournal::Open
  // and Recover refuse it.
  bool torn = false;
  friend bool operator==(const JournalDamage&, const JournalDamage&) = default;
};
struct JournalEntry {
  std::string stream;  // "" for a single-engine journal; else the tag
  std::string body;    // EncodeJournalRecord bytes (or an embedder's own)
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};
struct JournalContents {
  uint32_t format = 0;  // file format in the header (0 for a missing file)
  uint32_t epoch = 0;   // generation in the header (0 for a missing file)
  std::vector<JournalEntry> entries;
  std::vector<uint64_t> entry_ends;  // file offset just past each entry
  uint64_t valid_bytes = 0;  // header + complete frames
  uint64_t file_bytes = 0;
  std::optional<JournalDamage> damage;
};

// Reads a journal file. A missing file reads as empty (no entries, no
// damage). Errors: DataLoss (not a journal: bad magic; a format-2 header
// whose checksum fails, naming the file), FailedPrecondition (a file format
// newer than this build reads), Unavailable (I/O error).
absl::StatusOr<JournalContents> ReadJournalFile(const std::string& path);

// An append-only journal file: a header, then one frame per entry (length,
// CRC32, payload). Entries carry a stream tag so that several engines (the
// apps of a REST server) can share one file in one total order.
class FileJournal : public JournalSink {
 public:
  // Opens `path` for appending, creating it (with its header, generation
  // options.epoch) if missing or empty. An existing file is scanned: a torn
  // tail (one incomplete frame at the very end) is truncated away (reported
  // by damage()) so new frames follow the last complete one; any other
  // damage is refused with DataLoss naming the file and the offset, and the
  // file is left as it was. A file one generation behind options.epoch (its
  // records are in the snapshot: see the file comment) is emptied to
  // generation options.epoch. Errors: as ReadJournalFile; DataLoss (damage);
  // FailedPrecondition for any other generation; Unavailable when the file
  // cannot be opened, truncated or written.
  static absl::StatusOr<std::unique_ptr<FileJournal>> Open(
      const std::string& path, FileJournalOptions options = {});
  ~FileJournal() override;
  FileJournal(const FileJournal&) = delete;
  FileJournal& operator=(const FileJournal&) = delete;

  // JournalSink: appends `encoded` under stream "".
  absl::Status Append(const JournalRecord& record,
                      std::string_view encoded) override;
  absl::Status status() const override { return status_; }

  // Appends one entry under `stream`, then applies the sync policy. After a
  // failed write the journal is broken: this and every later append fail.
  absl::Status AppendEntry(std::string_view stream, std::string_view body);

  // A sink that appends engine records under `stream`. Owned by the journal;
  // valid while it lives.
  JournalSink* StreamSink(std::string_view stream);

  // Writes buffered frames to the OS; Sync also fdatasyncs.
  absl::Status Flush();
  absl::Status Sync();
  // Empties the file back to a header of generation `epoch` (after a
  // snapshot of that generation made the entries redundant), durably.
  absl::Status Reset(uint32_t epoch);
  uint32_t epoch() const { return epoch_; }

  const std::string& path() const { return path_; }
  uint64_t entries_appended() const { return appended_; }
  // Bytes of the file as this journal has written it (header and frames,
  // buffered ones included).
  uint64_t bytes() const { return bytes_; }
  // The tail Open truncated away, if any.
  const std::optional<JournalDamage>& damage() const { return damage_; }

 private:
  class Stream;
  FileJournal(std::string path, int fd, FileJournalOptions options);
  absl::Status WriteBuffer();
  absl::Status Fail(absl::Status status);

  std::string path_;
  int fd_ = -1;
  FileJournalOptions options_;
  std::string buffer_;   // frames not yet written (kNone), and scratch
  std::string payload_;  // scratch for one frame's payload
  uint64_t appended_ = 0;
  uint64_t bytes_ = 0;
  uint32_t unsynced_ = 0;
  uint32_t epoch_ = 0;
  uint32_t format_ = kJournalFileFormat;  // of the frames appended
  absl::Status status_;
  std::optional<JournalDamage> damage_;
  std::vector<std::unique_ptr<Stream>> streams_;
};

// ---- Snapshots ---------------------------------------------------------------

// Version of the snapshot layout. A build reads formats
// kMinSnapshotFormat..kSnapshotFormat and refuses others with a clear error.
// Format 2 adds the word filter at the end (docs/decisions.md, D12); format
// 3 appends the moderation tools' section after it (slow mode, pins, the
// flood limit, reports; docs/moderation.md). A format 1 file loads with the
// default filter and none of the tools' state; a format 2 file, with its
// filter and none of the tools' state.
inline constexpr uint32_t kSnapshotFormat = 3;
inline constexpr uint32_t kMinSnapshotFormat = 1;
// Every snapshot also records kBanterVersion (banter/version.h), for
// diagnostics.

// The whole engine state as a snapshot file image: every app flag, user,
// session, channel, membership, mute, ban (with expiries), peer mute, block,
// token, bot, message, reaction, read point, pending timer and id-generator
// counter, plus the options that shape state (seed, caps, costs; not the
// sinks, the translator or the token secret, of which only a fingerprint is
// kept), and `journal_epoch`, the journal generation that continues it.
// Deterministic: equal states give equal bytes. O(state).
std::string WriteSnapshot(const Engine& engine, uint32_t journal_epoch = 0);

// Rebuilds an engine from WriteSnapshot bytes. The snapshot's own options
// (seed, history caps, password cost, ...) replace those in `options`; the
// caller's sink, member-slot observer, translator, journal, check_invariants
// and token_secret are kept (the observer hears nothing of the load itself). Everything is verified before the engine is returned: nothing is
// half-loaded. Errors:
//   DataLoss            not a snapshot, truncated, checksum mismatch,
//                       malformed payload, or a state that fails
//                       CheckInvariants;
//   FailedPrecondition  a format this build cannot read (names both
//                       versions and the writer's build);
//   InvalidArgument     `options.token_secret` differs from the writer's.
// `journal_epoch` (may be null) receives the recorded journal generation.
absl::StatusOr<Engine> ReadSnapshot(std::string_view bytes,
                                    EngineOptions options,
                                    uint32_t* journal_epoch = nullptr);

// WriteSnapshot to `path` atomically: written to path + ".tmp", fsynced,
// renamed over `path`, directory fsynced. Errors: Unavailable (I/O).
absl::Status WriteSnapshotFile(const Engine& engine, const std::string& path,
                               uint32_t journal_epoch = 0);
// Reads `path` and ReadSnapshot()s it. Errors: NotFound (no file), as
// ReadSnapshot, Unavailable (I/O).
absl::StatusOr<Engine> ReadSnapshotFile(const std::string& path,
                                        EngineOptions options,
                                        uint32_t* journal_epoch = nullptr);

// Makes the journal redundant: writes the snapshot of `engine` with
// generation journal.epoch() + 1, then resets the journal to that
// generation. Safe to interrupt at any point (see the file comment).
// Errors: as WriteSnapshotFile and FileJournal::Reset.
absl::Status Checkpoint(const Engine& engine, const std::string& snapshot_path,
                        FileJournal& journal);

// Atomic file helpers the snapshot writer uses, shared with transports that
// keep their own state files: write path.tmp, fsync, rename, fsync the
// directory. Errors: Unavailable.
absl::Status WriteFileAtomically(const std::string& path,
                                 std::string_view contents);
// NotFound if missing; Unavailable on I/O errors.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);
// Shortens `path` to `size` bytes, durably (for dropping a journal's
// uncommitted tail). Errors: Unavailable.
absl::Status TruncateFile(const std::string& path, uint64_t size);

// A checksummed container of named byte sections, for transports that keep
// several engines and their own metadata in one state file (`banter rest
// --state`): "BANTSECT" | u32 format | u32 CRC-32 | u64 length | payload
// (cereal: kind, then (name, bytes) pairs).
using Sections = std::vector<std::pair<std::string, std::string>>;
std::string WriteSections(std::string_view kind, const Sections& sections);
// Errors: DataLoss (truncated, corrupt, or not of `kind`),
// FailedPrecondition (a newer container format).
absl::StatusOr<Sections> ReadSections(std::string_view kind,
                                      std::string_view bytes);

// ---- Recovery ----------------------------------------------------------------

struct RecoveryReport {
  bool snapshot_loaded = false;
  // The generation to open the journal with (FileJournalOptions::epoch).
  uint32_t journal_epoch = 0;
  uint64_t records_replayed = 0;
  // Records of a journal one generation behind the snapshot (a crash inside
  // Checkpoint): already in the snapshot, so not replayed.
  uint64_t records_skipped = 0;
  // A cut or corrupt journal tail: everything before it was replayed.
  std::optional<JournalDamage> journal_damage;
};

// Rebuilds the latest durable state: the snapshot at `snapshot_path` (a new
// engine from `options` if there is none), then every complete record of the
// journal at `journal_path` (stream "" only) in order. A journal cut off
// mid-write recovers everything before the cut and reports it. Reads only;
// FileJournal::Open then repairs the journal for appending. Errors: as
// ReadSnapshotFile and ReadJournalFile; FailedPrecondition if the journal's
// generation neither continues the snapshot nor precedes it by one;
// DataLoss if a record cannot be decoded or fails on replay (named by its
// index and command).
absl::StatusOr<Engine> Recover(const std::string& snapshot_path,
                               const std::string& journal_path,
                               EngineOptions options,
                               RecoveryReport* report = nullptr);

// A digest of DebugString() (16 hex digits of FNV-1a 64): equal states give
// equal digests. For comparing replicas and recovered engines.
std::string StateDigest(const Engine& engine);

}  // namespace banter

#endif  // BANTER_DURABILITY_H_
