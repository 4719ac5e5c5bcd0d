// Where a generator's random choices come from.
//
// The command generator (command_gen.h) and `banter simulate` never call a
// random number generator directly: every decision is a Choices call, so the
// same code is driven either by a seeded stream (tests, simulations: the
// same seed gives the same sequence) or by a fuzzer's input bytes (the
// fuzzer steers every decision, and a crash input replays exactly).
//
//   banter::gen::SeededChoices rng(42);
//   int die = 1 + static_cast<int>(rng.Uniform(6));
//
// Thread-safety: not thread-safe; one Choices feeds one generator.
#ifndef BANTER_TOOLS_GEN_CHOICES_H_
#define BANTER_TOOLS_GEN_CHOICES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace banter::gen {

class Choices {
 public:
  virtual ~Choices() = default;

  // A value in [0, n). Requires: n > 0.
  virtual uint64_t Uniform(uint64_t n) = 0;
  // At most `max_size` arbitrary bytes (invalid UTF-8 and NULs included).
  virtual std::string Bytes(size_t max_size) = 0;

  bool Bool() { return Uniform(2) == 1; }
  // True `percent` times in a hundred.
  bool Chance(int percent) {
    return static_cast<int64_t>(Uniform(100)) < percent;
  }
  // One element of a non-empty span.
  template <typename T>
  const T& OneOf(std::span<const T> items) {
    return items[Uniform(items.size())];
  }
};

// SplitMix64: small, fast, and the stream the project's simulations and
// tests have always used, so a given seed keeps producing the same run.
// `final`, so calls through a SeededChoices (not a Choices&) are direct.
class SeededChoices final : public Choices {
 public:
  explicit SeededChoices(uint64_t seed) : x_(seed) {}

  uint64_t Next() {
    uint64_t z = (x_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Modulo bias is below 2^-40 for the ranges used here; not worth a
  // rejection loop on the simulation's hot path.
  uint64_t Uniform(uint64_t n) override { return Next() % n; }
  std::string Bytes(size_t max_size) override {
    std::string out(Uniform(max_size + 1), '\0');
    for (char& c : out) c = static_cast<char>(Next());
    return out;
  }

 private:
  uint64_t x_;
};

// A weighted choice among a fixed set of alternatives: one Uniform(total)
// draw, then a linear walk (tables are short). Zero weights are never
// drawn.
class Weights {
 public:
  Weights() = default;
  explicit Weights(std::vector<int> weights) : weights_(std::move(weights)) {
    for (int w : weights_) total_ += w;
  }

  // The index drawn. Requires: total() > 0. A template, so a SeededChoices
  // caller draws without a virtual call.
  template <typename C>
  size_t Pick(C& choices) const {
    int64_t pick = static_cast<int64_t>(
        choices.Uniform(static_cast<uint64_t>(total_)));
    for (size_t i = 0; i < weights_.size(); ++i) {
      if (pick < weights_[i]) return i;
      pick -= weights_[i];
    }
    return 0;  // unreachable while total_ is the sum of the weights
  }
  int64_t total() const { return total_; }
  size_t size() const { return weights_.size(); }
  int weight(size_t i) const { return weights_[i]; }

 private:
  std::vector<int> weights_;
  int64_t total_ = 0;
};

}  // namespace banter::gen

#endif  // BANTER_TOOLS_GEN_CHOICES_H_
