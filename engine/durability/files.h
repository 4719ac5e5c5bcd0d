// POSIX helpers shared by the journal file and the snapshot writer.
#ifndef BANTER_ENGINE_DURABILITY_FILES_H_
#define BANTER_ENGINE_DURABILITY_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace banter::internal {

// Unavailable("<what> <path>: <strerror(errno)>").
absl::Status IoError(std::string_view what, const std::string& path);
// write(2) until everything is written (retries EINTR and short writes).
absl::Status WriteAll(int fd, std::string_view data, const std::string& path);
// fsync(2) of the directory holding `path`, so a create or rename is durable.
absl::Status SyncDirectoryOf(const std::string& path);

// ---- Crash points (tests only) ----------------------------------------------
// The durable-write steps a crash can fall between. Every write(2) (kWrite),
// fsync(2) / fdatasync(2) / ftruncate(2) (kSync) and rename(2) (kRename) of
// the journal and the snapshot writer passes through CrashPoint first.
enum class IoStep : uint8_t { kWrite, kSync, kRename };

// Arms a deterministic crash: the process ends with _exit(137) (as SIGKILL
// would leave it) at its `n`-th `step` from now; at a write, after writing
// the first half of what that write would have written, so a torn frame is
// left behind. n = 0 disarms. Process-wide and not thread-safe: for crash
// tests (`banter rest` arms it from $BANTER_CRASH_AT, docs/reliability.md).
void ArmCrashPoint(IoStep step, uint64_t n);

// Counts one `step`; when it is the armed one, crashes as ArmCrashPoint says
// (for a write, `fd` and `data` are what it was about to write).
void CrashPoint(IoStep step, int fd = -1, std::string_view data = {});

// CRC-32 (IEEE 802.3, as zlib and gzip compute it) of `data`.
uint32_t Crc32(std::string_view data);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_DURABILITY_FILES_H_
