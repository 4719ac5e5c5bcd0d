#include "engine/core/validate.h"

#include <cstdint>

namespace banter::internal {
namespace {

// Decodes one code point at s[i]; returns its byte length, or 0 if invalid.
size_t DecodeOne(std::string_view s, size_t i, uint32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    n = 2, v = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, v = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(k) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

bool IsGitpleKeyChar(uint32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' ||
         cp == '-' ||
         // Hangul syllables, jamo and compatibility jamo.
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
         (cp >= 0x3130 && cp <= 0x318F);
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t n = DecodeOne(s, i, &cp);
    if (n == 0 || cp == 0) return false;
    i += n;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool FitsChars(std::string_view s, size_t max_chars) {
  // Cheap reject before decoding: a character is at least one byte.
  if (s.size() <= max_chars) return IsValidUtf8(s);
  return IsValidUtf8(s) && Utf8Length(s) <= max_chars;
}

bool IsUriSafeId(std::string_view id, size_t max_chars) {
  if (id.empty() || id.size() > max_chars) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
              c == '~' || c == '@' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool IsValidMetadata(const Metadata& m, const MetadataLimits& limits) {
  if (m.size() > limits.max_pairs) return false;
  for (const auto& [k, v] : m) {
    if (k.empty() || !IsValidUtf8(k) || !IsValidUtf8(v)) return false;
    size_t klen = limits.bytes ? k.size() : Utf8Length(k);
    size_t vlen = limits.bytes ? v.size() : Utf8Length(v);
    if (klen > limits.max_key || vlen > limits.max_value) return false;
    if (limits.gitple_key_charset) {
      for (size_t i = 0; i < k.size();) {
        uint32_t cp;
        size_t n = DecodeOne(k, i, &cp);
        if (n == 0 || !IsGitpleKeyChar(cp)) return false;
        i += n;
      }
    }
  }
  return true;
}

}  // namespace banter::internal
