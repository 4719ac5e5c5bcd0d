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

// CRC-32 (IEEE 802.3, as zlib and gzip compute it) of `data`.
uint32_t Crc32(std::string_view data);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_DURABILITY_FILES_H_
