// Snapshot images of older formats, made from a current one: each format
// appended one section at the end of the payload (docs/decisions.md D12,
// docs/moderation.md "Durability"), so an older image is a current image
// with the later sections cut off and the header's format and CRC
// rewritten.
//
//   format 1   ... timers
//   format 2   ... timers | word filter
//   format 3   ... timers | word filter | moderation tools
#ifndef BANTER_TESTS_DURABILITY_OLDER_FORMATS_H_
#define BANTER_TESTS_DURABILITY_OLDER_FORMATS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "banter/engine.h"
#include "engine/durability/archive.h"
#include "engine/durability/files.h"
#include "engine/durability/serialize.h"
#include "engine/durability/snapshot_moderation.h"
#include "engine/state.h"
#include "gtest/gtest.h"

namespace banter::testing {

// The word filter section (format 2 on) of `e`'s state, as a snapshot
// writes it.
inline std::string WordFilterSection(const Engine& e) {
  const internal::State& s = internal::StateOf(e);
  std::string out;
  internal::BinOut ar(&out);
  ar(s.word_filter->entries(), s.word_filter->action(),
     s.word_filter->check_names());
  return out;
}

// The moderation tools' section (format 3 on) of `e`'s state.
inline std::string ModerationSection(const Engine& e) {
  std::string out;
  internal::BinOut ar(&out);
  internal::PutModerationSection(ar, internal::StateOf(e));
  return out;
}

// `image` with `tail` cut off the end of its payload, under header format
// `format`. Fails the test (and returns "") if the payload does not end
// with `tail`.
inline std::string OlderImage(const std::string& image, uint32_t format,
                              std::string_view tail) {
  constexpr size_t kHeader = 24;  // magic, format, CRC, u64 payload length
  auto put_u32 = [](std::string* out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
  };
  if (image.size() < kHeader + tail.size() ||
      std::string_view(image).substr(image.size() - tail.size()) != tail) {
    ADD_FAILURE() << "the image does not end with the section to cut";
    return "";
  }
  const std::string payload =
      image.substr(kHeader, image.size() - kHeader - tail.size());
  std::string out = image.substr(0, 8);
  put_u32(&out, format);
  put_u32(&out, internal::Crc32(payload));
  put_u32(&out, static_cast<uint32_t>(payload.size()));
  put_u32(&out, static_cast<uint32_t>(uint64_t{payload.size()} >> 32));
  out += payload;
  return out;
}

}  // namespace banter::testing

#endif  // BANTER_TESTS_DURABILITY_OLDER_FORMATS_H_
