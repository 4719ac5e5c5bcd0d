// POSIX file helpers: whole-file reads and atomic replacement.
//
// Atomic replacement is the classic sequence: write a temporary file beside
// the target, fsync it, rename it over the target, fsync the directory. A
// crash at any point leaves either the old file or the new one, never a mix;
// the leftover .tmp of a crash is overwritten by the next write.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "engine/core/strings.h"
#include "engine/durability/files.h"

namespace banter {
namespace internal {

namespace {

// The armed crash point. A global on purpose: it models the machine under
// the process, not engine state, and exists only for crash tests.
struct ArmedCrash {
  IoStep step = IoStep::kWrite;
  uint64_t remaining = 0;  // 0 = disarmed
};
ArmedCrash armed_crash;

}  // namespace

void ArmCrashPoint(IoStep step, uint64_t n) { armed_crash = {step, n}; }

void CrashPoint(IoStep step, int fd, std::string_view data) {
  if (armed_crash.remaining == 0 || armed_crash.step != step) return;
  if (--armed_crash.remaining != 0) return;
  if (step == IoStep::kWrite && fd >= 0 && data.size() > 1) {
    // Half a write reaches the file, as when the process dies inside it.
    [[maybe_unused]] const ssize_t n = ::write(fd, data.data(), data.size() / 2);
  }
  ::_exit(137);
}

absl::Status IoError(std::string_view what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(Sv(what), " ", path, ": ",
                                             std::strerror(errno)));
}

absl::Status WriteAll(int fd, std::string_view data, const std::string& path) {
  CrashPoint(IoStep::kWrite, fd, data);
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status SyncDirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open directory", dir);
  CrashPoint(IoStep::kSync);
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) return IoError("cannot fsync directory", dir);
  return absl::OkStatus();
}

}  // namespace internal

absl::Status WriteFileAtomically(const std::string& path,
                                 std::string_view contents) {
  const std::string tmp = path + ".tmp";
  // 0600: state files hold password hashes and tokens.
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return internal::IoError("cannot create", tmp);
  absl::Status st = internal::WriteAll(fd, contents, tmp);
  if (st.ok()) internal::CrashPoint(internal::IoStep::kSync);
  if (st.ok() && ::fsync(fd) != 0) st = internal::IoError("cannot fsync", tmp);
  if (::close(fd) != 0 && st.ok()) st = internal::IoError("cannot close", tmp);
  if (st.ok()) internal::CrashPoint(internal::IoStep::kRename);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    st = internal::IoError("cannot rename onto", path);
  }
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return internal::SyncDirectoryOf(path);
}

absl::Status TruncateFile(const std::string& path, uint64_t size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return internal::IoError("cannot open", path);
  absl::Status st;
  internal::CrashPoint(internal::IoStep::kSync);
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0 || ::fdatasync(fd) != 0) {
    st = internal::IoError("cannot truncate", path);
  }
  ::close(fd);
  return st;
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("no file ", path));
    return internal::IoError("cannot open", path);
  }
  std::string out;
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    out.reserve(static_cast<size_t>(st.st_size));
  }
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      absl::Status err = internal::IoError("cannot read", path);
      ::close(fd);
      return err;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

}  // namespace banter
