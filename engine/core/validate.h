// Input validation shared by every area: id syntax, text length in
// characters, metadata maps. Pure functions.
#ifndef BANTER_ENGINE_CORE_VALIDATE_H_
#define BANTER_ENGINE_CORE_VALIDATE_H_

#include <cstddef>
#include <string_view>

#include "banter/types.h"

namespace banter::internal {

// True if `s` is valid UTF-8 text: no overlongs, no surrogates, nothing
// above U+10FFFF, and no NUL (U+0000), which C strings, bcrypt and many
// clients silently cut at (docs/decisions.md, D8). Other control characters
// (tab, newline) are text. The one validator of the engine and the adapters.
bool IsValidUtf8(std::string_view s);

// Number of code points in valid UTF-8 `s` (bytes that are not continuation
// bytes). "Characters" in the spec's limits are counted this way.
size_t Utf8Length(std::string_view s);

// A user, bot or channel id usable in a URL path segment unencoded: non-empty,
// at most `max_chars`, only ASCII letters, digits and - . _ ~ @ :
bool IsUriSafeId(std::string_view id, size_t max_chars);

// Limits of one metadata map flavour.
struct MetadataLimits {
  size_t max_pairs;
  size_t max_key;    // in characters, or bytes if `bytes`
  size_t max_value;  // likewise
  bool bytes = false;
  bool gitple_key_charset = false;  // letters, Hangul, '_' and '-' only
};

// TalkPlus: data/memberInfo/privateData <= 5 pairs; message data <= 10 pairs;
// key <= 128 chars; value <= 1024 chars.
inline constexpr MetadataLimits kTalkPlusMetadata{5, 128, 1024};
inline constexpr MetadataLimits kTalkPlusMessageData{10, 128, 1024};
// GitpleLive meta: <= 10 pairs, key <= 100 bytes of letters, Hangul, _ and -,
// value <= 200 bytes.
inline constexpr MetadataLimits kGitpleMeta{10, 100, 200, true, true};

// True if every key is non-empty, valid UTF-8 and within limits, every value
// valid UTF-8 and within limits, and the pair count within limits.
bool IsValidMetadata(const Metadata& m, const MetadataLimits& limits);

// True if valid UTF-8 and at most `max_chars` characters.
bool FitsChars(std::string_view s, size_t max_chars);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_VALIDATE_H_
