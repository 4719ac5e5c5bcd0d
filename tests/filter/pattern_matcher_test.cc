// The Aho-Corasick automaton against a naive matcher: every pattern searched
// on its own with its boundaries checked, over random lists and texts drawn
// from a small alphabet (so that patterns overlap, nest and share suffixes).
// The seed defaults to 1; set BANTER_SEED to explore others (it is printed).
#include "engine/filter/pattern_matcher.h"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace banter::internal {
namespace {

using Matches = std::set<std::pair<size_t, size_t>>;

uint64_t Seed() {
  const char* s = std::getenv("BANTER_SEED");
  return s != nullptr ? std::strtoull(s, nullptr, 10) : 1;
}

std::string Fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(FoldAscii(static_cast<unsigned char>(c)));
  return out;
}

// Every occurrence of every pattern, by plain search.
Matches Naive(const std::vector<MatchPattern>& patterns, std::string_view text) {
  const std::string folded = Fold(text);
  Matches out;
  for (const MatchPattern& p : patterns) {
    for (size_t at = folded.find(p.text); at != std::string::npos;
         at = folded.find(p.text, at + 1)) {
      const size_t end = at + p.text.size();
      const bool left =
          p.open_left || at == 0 ||
          !IsWordByte(static_cast<unsigned char>(text[at - 1]));
      const bool right =
          p.open_right || end == text.size() ||
          !IsWordByte(static_cast<unsigned char>(text[end]));
      if (left && right) out.insert({at, end});
    }
  }
  return out;
}

Matches Found(const PatternMatcher& m, std::string_view text) {
  Matches out;
  size_t last_end = 0;
  m.ForEachMatch(text, [&](size_t b, size_t e) {
    EXPECT_GE(e, last_end) << "matches must come in end order";
    last_end = e;
    EXPECT_TRUE(out.insert({b, e}).second) << "reported twice: " << b << "," << e;
    return true;
  });
  return out;
}

// The naive mask: mark matched bytes, then one '*' per marked character.
std::string NaiveMask(const Matches& found, std::string_view text) {
  std::vector<bool> marked(text.size(), false);
  for (const auto& [b, e] : found) {
    for (size_t i = b; i < e; ++i) marked[i] = true;
  }
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool cont = (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    if (!marked[i]) {
      out.push_back(text[i]);
    } else if (!cont) {
      out.push_back('*');
    }
  }
  return out;
}

TEST(PatternMatcherTest, EmptyMatcherMatchesNothing) {
  PatternMatcher m;
  EXPECT_TRUE(m.empty());
  EXPECT_FALSE(m.Matches("anything at all"));
  std::string out = "kept";
  EXPECT_FALSE(m.Mask("anything", &out));
  EXPECT_EQ(out, "kept");
}

TEST(PatternMatcherTest, WholeWordsOnlyUnlessOpen) {
  PatternMatcher m({{"grief", false, false}, {"noob", false, true}});
  EXPECT_TRUE(m.Matches("stop the grief now"));
  EXPECT_TRUE(m.Matches("GRIEF!"));
  EXPECT_FALSE(m.Matches("griefer"));
  EXPECT_FALSE(m.Matches("begrief"));
  EXPECT_TRUE(m.Matches("noobs everywhere"));  // open on the right
  EXPECT_FALSE(m.Matches("supernoob"));         // closed on the left
}

TEST(PatternMatcherTest, NonAsciiBytesAreWordBytes) {
  // "ass" inside "assé" is part of one word; "é" matches only itself.
  PatternMatcher m({{"ass", false, false}, {"\xc3\xa9t\xc3\xa9", false, false}});
  EXPECT_FALSE(m.Matches("ass\xc3\xa9"));
  EXPECT_TRUE(m.Matches("an ass."));
  EXPECT_TRUE(m.Matches("l'\xc3\xa9t\xc3\xa9"));
  EXPECT_FALSE(m.Matches("\xc3\x89T\xc3\x89"));  // É is not folded
}

TEST(PatternMatcherTest, MaskReplacesEachCharacterWithOneStar) {
  PatternMatcher m({{"bad", true, true}, {"\xed\x8c\xa8", true, true}});
  std::string out;
  ASSERT_TRUE(m.Mask("so BAD, very baddie \xed\x8c\xa8!", &out));
  EXPECT_EQ(out, "so ***, very ***die *!");
}

TEST(PatternMatcherTest, OverlappingMatchesMaskTheirUnion) {
  PatternMatcher m({{"abc", true, true}, {"bcd", true, true}, {"c", true, true}});
  std::string out;
  ASSERT_TRUE(m.Mask("xabcdx", &out));
  EXPECT_EQ(out, "x****x");
}

TEST(PatternMatcherTest, RandomListsAgreeWithTheNaiveMatcher) {
  const uint64_t seed = Seed();
  std::printf("pattern matcher seed: %llu (set BANTER_SEED to change)\n",
              static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  // A small alphabet with case, a word separator and a 2-byte character,
  // so patterns overlap and boundaries matter.
  const std::vector<std::string> atoms = {"a", "b", "A", "B", " ",
                                          "_", "\xc3\xa9", "c"};
  auto draw = [&](size_t max_atoms) {
    std::string s;
    const size_t n = 1 + rng() % max_atoms;
    for (size_t i = 0; i < n; ++i) s += atoms[rng() % atoms.size()];
    return s;
  };
  for (int round = 0; round < 400; ++round) {
    std::vector<MatchPattern> patterns;
    const size_t count = 1 + rng() % 12;
    for (size_t i = 0; i < count; ++i) {
      MatchPattern p;
      p.text = Fold(draw(5));
      p.open_left = rng() % 2;
      p.open_right = rng() % 2;
      patterns.push_back(p);
    }
    const PatternMatcher m(patterns);
    for (int t = 0; t < 20; ++t) {
      const std::string text = draw(30);
      const Matches want = Naive(patterns, text);
      ASSERT_EQ(Found(m, text), want) << "round " << round << " text '" << text << "'";
      ASSERT_EQ(m.Matches(text), !want.empty());
      std::string masked;
      ASSERT_EQ(m.Mask(text, &masked), !want.empty());
      if (!want.empty()) {
        ASSERT_EQ(masked, NaiveMask(want, text));
      }
    }
  }
}

TEST(PatternMatcherTest, LargeListBuildsAndMatchesInTextTime) {
  // 20,000 distinct patterns: the automaton holds one state per distinct
  // prefix, and a clean text still matches nothing.
  std::vector<MatchPattern> patterns;
  for (int i = 0; i < 20'000; ++i) {
    patterns.push_back({"w" + std::to_string(i * 7919 % 100'000), false, false});
  }
  const PatternMatcher m(patterns);
  EXPECT_LT(m.state_count(), 20'000u * 7);
  EXPECT_FALSE(m.Matches("hello there, w is not a pattern and neither is w1x"));
  EXPECT_TRUE(m.Matches("say w7919 now"));
}

}  // namespace
}  // namespace banter::internal
