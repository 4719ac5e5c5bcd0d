// Deterministic generation of external ids and tokens.
//
// Nothing here reads a clock or an entropy source: every value is a function
// of the engine seed, a secret and a counter kept in engine state, so a replay
// from the same seed produces the same ids.
#ifndef BANTER_ENGINE_CORE_IDGEN_H_
#define BANTER_ENGINE_CORE_IDGEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace banter::internal {

// SplitMix64 finalizer: a bijection on 64-bit values with good avalanche.
uint64_t Mix64(uint64_t x);
// Inverse of Mix64.
uint64_t Unmix64(uint64_t x);

// A keyed bijection on 64-bit values and its 16-hex-digit text form. Used for
// TalkPlus message ids, so the id string needs no storage and decodes in O(1).
class IdCipher {
 public:
  explicit IdCipher(uint64_t key) : key_(Mix64(key ^ 0x6d657373616765ULL)) {}
  std::string Encode(uint64_t value) const;
  // nullopt unless `text` is exactly 16 lowercase hex digits.
  std::optional<uint64_t> Decode(std::string_view text) const;

 private:
  uint64_t key_;
};

// A stream of pseudo-random values: value i = Mix64(seed-derived key + i).
// The counter lives in engine state, so snapshots and replays continue it.
class DetRandom {
 public:
  explicit DetRandom(uint64_t seed, uint64_t stream)
      : key_(Mix64(seed ^ Mix64(stream))) {}
  uint64_t Next() { return Mix64(key_ + 0x9e3779b97f4a7c15ULL * ++counter_); }
  uint64_t counter() const { return counter_; }
  void set_counter(uint64_t c) { counter_ = c; }
  // `length` characters of [a-z0-9].
  std::string Alnum(int length);
  // `length` lowercase hex characters.
  std::string Hex(int length);

 private:
  uint64_t key_;
  uint64_t counter_ = 0;
};

// 64-bit FNV-1a, for folding a secret into a seed. Stable across platforms.
uint64_t Fnv1a64(std::string_view data, uint64_t basis = 0xcbf29ce484222325ULL);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_IDGEN_H_
