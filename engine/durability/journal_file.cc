// The journal file: layout, appending with a sync policy, and reading with
// torn-tail detection.
//
// Layout (little-endian), format 2:
//   header  "BANTJRNL" | u32 file format | u32 generation (epoch)
//           | u32 CRC-32 of the 16 bytes before it
//   frame*  u32 payload length | u32 CRC-32 of payload
//           | u32 CRC-32 of the 8 bytes before it | payload
//   payload (cereal, archive.h): string stream | string body
// Format 1 (still read and continued) lacks both header checksums.
//
// A frame is written with one write(2), so a killed process leaves at most
// one incomplete frame, at the end: its header, when complete, checks out
// and its length runs past the end of the file. That, or fewer bytes than a
// frame header, is a torn tail and is the only damage that may be dropped.
// A frame header whose checksum fails, a payload whose checksum fails, or an
// undecodable payload is damage: the records after it were acknowledged, so
// the reader reports it (torn = false) and Open refuses the file, leaving it
// byte for byte as it was.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "boost/crc.hpp"
#include "cereal/types/string.hpp"
#include "engine/core/strings.h"
#include "engine/durability/archive.h"
#include "engine/durability/files.h"

namespace banter {
namespace {

constexpr std::string_view kMagic = "BANTJRNL";
constexpr size_t kHeaderBytesV1 = 16;
constexpr size_t kHeaderBytes = 20;  // format 2
constexpr size_t kFrameHeaderBytesV1 = 8;
constexpr size_t kFrameHeaderBytes = 12;  // format 2
// No record comes near this; a larger length is damage, not a record.
constexpr uint32_t kMaxPayloadBytes = 256u << 20;

uint32_t LoadU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
void AppendU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

std::string Header(uint32_t epoch) {
  std::string h(kMagic);
  AppendU32(&h, kJournalFileFormat);
  AppendU32(&h, epoch);
  AppendU32(&h, internal::Crc32(h));
  return h;
}

size_t HeaderBytes(uint32_t format) {
  return format == 1 ? kHeaderBytesV1 : kHeaderBytes;
}
size_t FrameHeaderBytes(uint32_t format) {
  return format == 1 ? kFrameHeaderBytesV1 : kFrameHeaderBytes;
}

// Checks the header of a non-empty file image; returns its format.
absl::StatusOr<uint32_t> CheckHeader(std::string_view data,
                                     const std::string& path) {
  if (data.size() < kHeaderBytesV1 ||
      data.substr(0, kMagic.size()) != kMagic) {
    return absl::DataLossError(
        absl::StrCat(path, " is not a banter journal (bad or cut header)"));
  }
  const uint32_t format = LoadU32(data.data() + kMagic.size());
  if (format == 0 || format > kJournalFileFormat) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": journal file format ", format, " is not readable by banter ",
        internal::Sv(kBanterVersion), " (reads formats 1..",
        kJournalFileFormat, ")"));
  }
  if (format >= 2 &&
      (data.size() < kHeaderBytes ||
       internal::Crc32(data.substr(0, 16)) != LoadU32(data.data() + 16))) {
    return absl::DataLossError(absl::StrCat(
        path, ": journal header damaged at byte 0 (its checksum fails; the "
              "generation cannot be trusted)"));
  }
  return format;
}

absl::StatusOr<JournalContents> ParseJournal(std::string_view data,
                                             const std::string& path) {
  JournalContents out;
  out.file_bytes = data.size();
  if (data.empty()) return out;
  const size_t prefix = std::min(data.size(), kMagic.size());
  if (data.size() < kHeaderBytesV1 &&
      data.substr(0, prefix) == kMagic.substr(0, prefix)) {
    // A crash while the file was being created.
    out.damage =
        JournalDamage{0, "cut off mid-write: partial file header", true};
    return out;
  }
  absl::StatusOr<uint32_t> format = CheckHeader(data, path);
  if (!format.ok()) return format.status();
  out.format = *format;
  out.epoch = LoadU32(data.data() + kMagic.size() + 4);
  const size_t frame_header = FrameHeaderBytes(out.format);
  size_t pos = HeaderBytes(out.format);
  auto damage = [&](std::string reason, bool torn) {
    out.damage = JournalDamage{pos, std::move(reason), torn};
  };
  while (pos < data.size()) {
    const size_t left = data.size() - pos;
    if (left < frame_header) {
      damage(absl::StrCat("cut off mid-write: ", left,
                          " bytes of a frame header"),
             /*torn=*/true);
      break;
    }
    const uint32_t length = LoadU32(data.data() + pos);
    const uint32_t crc = LoadU32(data.data() + pos + 4);
    if (out.format >= 2 &&
        internal::Crc32(data.substr(pos, 8)) != LoadU32(data.data() + pos + 8)) {
      damage("corrupt frame header: checksum mismatch", /*torn=*/false);
      break;
    }
    if (length > kMaxPayloadBytes) {
      damage(absl::StrCat("corrupt frame: implausible length ", length),
             /*torn=*/false);
      break;
    }
    if (length > left - frame_header) {
      // Format 1 has no header checksum, so a damaged length reads the same
      // way; its files are trusted as before.
      damage(absl::StrCat("cut off mid-write: frame of ", length,
                          " bytes has ", left - frame_header),
             /*torn=*/true);
      break;
    }
    const std::string_view payload = data.substr(pos + frame_header, length);
    if (internal::Crc32(payload) != crc) {
      damage("corrupt frame: checksum mismatch", /*torn=*/false);
      break;
    }
    JournalEntry entry;
    try {
      internal::BinIn ar(payload);
      ar(entry.stream, entry.body);
      if (ar.remaining() != 0) throw cereal::Exception("trailing bytes");
    } catch (const cereal::Exception& e) {
      damage(absl::StrCat("corrupt frame: ", e.what()), /*torn=*/false);
      break;
    }
    out.entries.push_back(std::move(entry));
    pos += frame_header + length;
    out.entry_ends.push_back(pos);
  }
  out.valid_bytes = out.damage ? out.damage->offset : pos;
  return out;
}

}  // namespace

namespace internal {

uint32_t Crc32(std::string_view data) {
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  return crc.checksum();
}

}  // namespace internal

absl::StatusOr<JournalContents> ReadJournalFile(const std::string& path) {
  absl::StatusOr<std::string> data = ReadWholeFile(path);
  if (absl::IsNotFound(data.status())) return JournalContents{};
  if (!data.ok()) return data.status();
  return ParseJournal(*data, path);
}

// ---- FileJournal -------------------------------------------------------------

class FileJournal::Stream : public JournalSink {
 public:
  Stream(FileJournal& journal, std::string_view stream)
      : journal_(journal), stream_(stream) {}
  absl::Status Append(const JournalRecord&, std::string_view encoded) override {
    return journal_.AppendEntry(stream_, encoded);
  }
  absl::Status status() const override { return journal_.status(); }
  const std::string& name() const { return stream_; }

 private:
  FileJournal& journal_;
  std::string stream_;
};

FileJournal::FileJournal(std::string path, int fd, FileJournalOptions options)
    : path_(std::move(path)), fd_(fd), options_(options) {}

FileJournal::~FileJournal() {
  if (fd_ >= 0) {
    if (status_.ok()) (void)WriteBuffer();
    ::close(fd_);
  }
}

absl::StatusOr<std::unique_ptr<FileJournal>> FileJournal::Open(
    const std::string& path, FileJournalOptions options) {
  absl::StatusOr<JournalContents> contents = ReadJournalFile(path);
  if (!contents.ok()) return contents.status();
  if (contents->damage && !contents->damage->torn) {
    return absl::DataLossError(absl::StrCat(
        path, ": damaged at byte ", contents->damage->offset, " (",
        contents->damage->reason, "); the ",
        contents->file_bytes - contents->damage->offset,
        " bytes from there may hold acknowledged writes. The file was left "
        "as it is"));
  }
  // 0600: records hold password hashes and tokens.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                        0600);
  if (fd < 0) return internal::IoError("cannot open journal", path);
  std::unique_ptr<FileJournal> j(new FileJournal(path, fd, options));
  j->epoch_ = options.epoch;
  // An existing format-1 file is continued in format 1 until it is reset.
  if (contents->valid_bytes != 0 && contents->format == 1) j->format_ = 1;
  j->bytes_ = contents->valid_bytes;
  // Behind by one generation: its records are in the snapshot. Empty: it
  // holds nothing to lose.
  const bool stale = contents->valid_bytes != 0 &&
                     contents->epoch != options.epoch &&
                     (contents->epoch + 1 == options.epoch ||
                      contents->entries.empty());
  if (contents->valid_bytes != 0 && !stale &&
      contents->epoch != options.epoch) {
    ::close(j->fd_);
    j->fd_ = -1;
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": journal generation ", contents->epoch,
        " does not continue snapshot generation ", options.epoch));
  }
  if (stale) {
    if (absl::Status st = j->Reset(options.epoch); !st.ok()) return st;
  } else if (contents->valid_bytes == 0) {
    // New or empty file, or one cut while its header was written: the
    // header, durably, before any record.
    if (contents->file_bytes != 0 && ::ftruncate(fd, 0) != 0) {
      return internal::IoError("cannot truncate", path);
    }
    j->damage_ = contents->damage;
    if (absl::Status st = internal::WriteAll(fd, Header(options.epoch), path);
        !st.ok()) {
      return st;
    }
    j->bytes_ = kHeaderBytes;
    internal::CrashPoint(internal::IoStep::kSync);
    if (::fdatasync(fd) != 0) return internal::IoError("cannot fsync", path);
    if (absl::Status st = internal::SyncDirectoryOf(path); !st.ok()) return st;
  } else if (contents->valid_bytes < contents->file_bytes) {
    internal::CrashPoint(internal::IoStep::kSync);
    if (::ftruncate(fd, static_cast<off_t>(contents->valid_bytes)) != 0 ||
        ::fdatasync(fd) != 0) {
      return internal::IoError("cannot truncate the damaged tail of", path);
    }
    j->damage_ = contents->damage;
  }
  return j;
}

absl::Status FileJournal::Fail(absl::Status status) {
  status_ = status;
  return status;
}

absl::Status FileJournal::WriteBuffer() {
  if (buffer_.empty()) return absl::OkStatus();
  absl::Status st = internal::WriteAll(fd_, buffer_, path_);
  buffer_.clear();
  if (!st.ok()) return Fail(st);
  return absl::OkStatus();
}

absl::Status FileJournal::Append(const JournalRecord&,
                                 std::string_view encoded) {
  return AppendEntry("", encoded);
}

absl::Status FileJournal::AppendEntry(std::string_view stream,
                                      std::string_view body) {
  if (!status_.ok()) return status_;
  payload_.clear();
  {
    internal::BinOut ar(&payload_);
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(stream.size())));
    ar(cereal::binary_data(stream.data(), stream.size()));
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(body.size())));
    ar(cereal::binary_data(body.data(), body.size()));
  }
  if (payload_.size() > kMaxPayloadBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("journal entry of ", payload_.size(), " bytes is too big"));
  }
  const size_t frame_start = buffer_.size();
  AppendU32(&buffer_, static_cast<uint32_t>(payload_.size()));
  AppendU32(&buffer_, internal::Crc32(payload_));
  if (format_ >= 2) {
    AppendU32(&buffer_, internal::Crc32(std::string_view(buffer_).substr(
                            frame_start, 8)));
  }
  buffer_.append(payload_);
  ++appended_;
  bytes_ += FrameHeaderBytes(format_) + payload_.size();
  switch (options_.sync) {
    case SyncPolicy::kNone:
      if (buffer_.size() >= options_.buffer_bytes) return WriteBuffer();
      return absl::OkStatus();
    case SyncPolicy::kFlushEachRecord:
      return WriteBuffer();
    case SyncPolicy::kFsyncEachRecord:
      return Sync();
    case SyncPolicy::kFsyncEveryN:
      if (absl::Status st = WriteBuffer(); !st.ok()) return st;
      if (++unsynced_ >= options_.sync_every) return Sync();
      return absl::OkStatus();
  }
  return absl::OkStatus();
}

JournalSink* FileJournal::StreamSink(std::string_view stream) {
  for (const auto& s : streams_) {
    if (s->name() == stream) return s.get();
  }
  streams_.push_back(std::make_unique<Stream>(*this, stream));
  return streams_.back().get();
}

absl::Status FileJournal::Flush() {
  if (!status_.ok()) return status_;
  return WriteBuffer();
}

absl::Status FileJournal::Sync() {
  if (absl::Status st = Flush(); !st.ok()) return st;
  internal::CrashPoint(internal::IoStep::kSync);
  if (::fdatasync(fd_) != 0) return Fail(internal::IoError("cannot fsync", path_));
  unsynced_ = 0;
  return absl::OkStatus();
}

absl::Status FileJournal::Reset(uint32_t epoch) {
  if (!status_.ok()) return status_;
  buffer_.clear();
  // A crash here leaves an empty file or a bare header: both read as an
  // empty journal (a partial header is repaired by Open).
  internal::CrashPoint(internal::IoStep::kSync);
  if (::ftruncate(fd_, 0) != 0) {
    return Fail(internal::IoError("cannot reset journal", path_));
  }
  if (absl::Status st = internal::WriteAll(fd_, Header(epoch), path_);
      !st.ok()) {
    return Fail(st);
  }
  internal::CrashPoint(internal::IoStep::kSync);
  if (::fdatasync(fd_) != 0) {
    return Fail(internal::IoError("cannot fsync", path_));
  }
  epoch_ = epoch;
  format_ = kJournalFileFormat;
  bytes_ = kHeaderBytes;
  unsynced_ = 0;
  return absl::OkStatus();
}

}  // namespace banter
