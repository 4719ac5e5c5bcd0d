#include "engine/core/idgen.h"

namespace banter::internal {
namespace {

constexpr uint64_t kM1 = 0xbf58476d1ce4e5b9ULL;
constexpr uint64_t kM2 = 0x94d049bb133111ebULL;

// Multiplicative inverse modulo 2^64 of an odd number, by Newton iteration
// (each step doubles the number of correct low bits: 3 -> 6 -> ... -> 96).
constexpr uint64_t InverseOdd(uint64_t a) {
  uint64_t x = a;  // correct to 3 bits for odd a
  for (int i = 0; i < 5; ++i) x *= 2 - a * x;
  return x;
}
constexpr uint64_t kM1Inv = InverseOdd(kM1);
constexpr uint64_t kM2Inv = InverseOdd(kM2);
static_assert(kM1 * kM1Inv == 1 && kM2 * kM2Inv == 1);

// Inverse of x ^= x >> s.
constexpr uint64_t UnxorShift(uint64_t y, int s) {
  uint64_t x = y;
  for (int i = s; i < 64; i += s) x = y ^ (x >> s);
  return x;
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= kM1;
  x ^= x >> 27;
  x *= kM2;
  x ^= x >> 31;
  return x;
}

uint64_t Unmix64(uint64_t x) {
  x = UnxorShift(x, 31);
  x *= kM2Inv;
  x = UnxorShift(x, 27);
  x *= kM1Inv;
  x = UnxorShift(x, 30);
  return x;
}

std::string IdCipher::Encode(uint64_t value) const {
  uint64_t v = Mix64(value ^ key_);
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kHex[v & 15];
  return out;
}

std::optional<uint64_t> IdCipher::Decode(std::string_view text) const {
  if (text.size() != 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return Unmix64(v) ^ key_;
}

std::string DetRandom::Alnum(int length) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(length);
  uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < length; ++i) {
    if (left == 0) {
      bits = Next();
      left = 10;  // 10 draws of 6 bits from 64
    }
    out.push_back(kChars[(bits & 63) % 36]);
    bits >>= 6;
    --left;
  }
  return out;
}

std::string DetRandom::Hex(int length) {
  std::string out;
  out.reserve(length);
  uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < length; ++i) {
    if (left == 0) {
      bits = Next();
      left = 16;
    }
    out.push_back(kHex[bits & 15]);
    bits >>= 4;
    --left;
  }
  return out;
}

uint64_t Fnv1a64(std::string_view data, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace banter::internal
