// libFuzzer target: state files and journals, as bytes on a disk an attacker
// or a bad sector may have written. Loading must refuse or load, never
// crash, and what loads must be a consistent state (issue #14).
//
// The first byte picks what the rest is:
//   0  a snapshot image, raw                      -> ReadSnapshot
//   1  a snapshot payload; the harness adds a valid header and checksum, so
//      mutations reach the decoder instead of stopping at the CRC
//   2  one journal record                         -> DecodeJournalRecord,
//                                                    then replayed
//   3  journal frames (2-byte lengths + bodies); the harness writes a
//      format-2 journal file with valid checksums, then reads it back and
//      replays every record
//   4  a `banter rest --state` file (Sections)    -> ReadSections, then
//      ReadSnapshot of every "app:" section
// A state that loads must pass CheckInvariants (ReadSnapshot checks it) and
// survive WriteSnapshot -> ReadSnapshot unchanged; a record that decodes
// must encode to bytes that decode to the same record; replay runs with
// the invariant check on after every call (a violation aborts).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/files.h"

namespace banter {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "state_fuzz: %s\n", what.c_str());
  std::abort();
}

EngineOptions Options() {
  EngineOptions o;
  o.seed = 7;
  o.password_cost = 4;
  o.check_invariants = true;
  // The secret `banter rest --seed 7` gives the app "app" with key "key",
  // so the checked-in state files' snapshots load (tests/durability/testdata).
  o.token_secret = std::string("\x1f" "app" "\x1f" "key");
  return o;
}

void AppendU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// A loaded engine must write a snapshot that loads back to the same state.
void CheckRoundTrip(const Engine& engine) {
  const std::string again = WriteSnapshot(engine);
  absl::StatusOr<Engine> reloaded = ReadSnapshot(again, engine.options());
  if (!reloaded.ok()) Die("a loaded snapshot does not reload: " +
                          std::string(reloaded.status().message()));
  if (reloaded->DebugString() != engine.DebugString()) {
    Die("a loaded snapshot reloads to another state");
  }
}

void LoadSnapshot(std::string_view bytes) {
  absl::StatusOr<Engine> engine = ReadSnapshot(bytes, Options());
  if (engine.ok()) CheckRoundTrip(*engine);
}

// A small world for records to act on.
Engine& World() {
  static Engine* world = [] {
    auto* e = new Engine(Options());
    const Millis now = 1'700'000'000'000;
    for (const char* id : {"a", "b", "c"}) {
      (void)e->CreateUser(Actor::Admin(), {.user_id = id, .password = "pw"},
                          now);
    }
    CreateChannelRequest c{.channel_id = "c1", .type = ChannelType::kPublic};
    c.owner = e->FindUser("a");
    c.members = {e->FindUser("b")};
    (void)e->CreateChannel(Actor::Admin(), c, now);
    return e;
  }();
  return *world;
}

void Replay(const JournalRecord& record) {
  // A copy of the world per record, so records cannot pile up state.
  absl::StatusOr<Engine> engine =
      ReadSnapshot(WriteSnapshot(World()), World().options());
  if (!engine.ok()) Die("the world does not reload");
  (void)ApplyRecord(*engine, record);  // errors are fine; crashes are not
  if (absl::Status st = engine->CheckInvariants(); !st.ok()) {
    Die("replay broke an invariant: " + std::string(st.message()));
  }
}

void DecodeAndReplay(std::string_view bytes) {
  absl::StatusOr<JournalRecord> record = DecodeJournalRecord(bytes);
  if (!record.ok()) return;
  std::string encoded;
  EncodeJournalRecord(*record, &encoded);
  absl::StatusOr<JournalRecord> again = DecodeJournalRecord(encoded);
  // Encoding writes the current format; everything else must survive.
  JournalRecord expected = *record;
  expected.format = kJournalRecordFormat;
  if (!again.ok() || !(*again == expected)) {
    Die("a decoded record does not survive encoding");
  }
  Replay(*record);
}

void JournalFile(std::string_view data) {
  std::string file("BANTJRNL");
  AppendU32(&file, kJournalFileFormat);
  AppendU32(&file, 0);
  AppendU32(&file, internal::Crc32(file));
  size_t pos = 0;
  while (pos + 2 <= data.size()) {
    size_t length = static_cast<unsigned char>(data[pos]) |
                    static_cast<size_t>(static_cast<unsigned char>(data[pos + 1]))
                        << 8;
    pos += 2;
    if (length > data.size() - pos) length = data.size() - pos;
    const std::string_view payload = data.substr(pos, length);
    pos += length;
    std::string header;
    AppendU32(&header, static_cast<uint32_t>(payload.size()));
    AppendU32(&header, internal::Crc32(payload));
    AppendU32(&header, internal::Crc32(header));
    file += header;
    file += payload;
  }
  file += data.substr(pos);  // a torn or damaged tail, as found
  static const std::string path =
      "/tmp/banter_state_fuzz_" + std::to_string(::getpid()) + ".journal";
  if (!WriteFileAtomically(path, file).ok()) return;
  absl::StatusOr<JournalContents> contents = ReadJournalFile(path);
  if (!contents.ok()) return;
  for (const JournalEntry& entry : contents->entries) {
    DecodeAndReplay(entry.body);
  }
}

void StateFile(std::string_view bytes) {
  absl::StatusOr<Sections> sections =
      ReadSections("banter rest state", bytes);
  if (!sections.ok()) return;
  for (const auto& [name, data] : *sections) {
    if (name.rfind("app:", 0) == 0) LoadSnapshot(data);
  }
}

}  // namespace
}  // namespace banter

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1,
                              size - 1);
  switch (data[0] % 5) {
    case 0:
      banter::LoadSnapshot(rest);
      break;
    case 1: {
      std::string image("BANTSNAP");
      banter::AppendU32(&image, banter::kSnapshotFormat);
      banter::AppendU32(&image, banter::internal::Crc32(rest));
      banter::AppendU32(&image, static_cast<uint32_t>(rest.size()));
      banter::AppendU32(&image, 0);
      image += rest;
      banter::LoadSnapshot(image);
      break;
    }
    case 2:
      banter::DecodeAndReplay(rest);
      break;
    case 3:
      banter::JournalFile(rest);
      break;
    case 4:
      banter::StateFile(rest);
      break;
  }
  return 0;
}
