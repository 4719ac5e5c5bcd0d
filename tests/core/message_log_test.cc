// The message log (engine/core/message_log.h) on its own: records in chunks,
// text in per-chunk arenas, extras in side tables, and the read-point index
// across chunk and ring boundaries. Snapshot round trips of a chunked log are
// in tests/durability/snapshot_test.cc.
#include "engine/core/message_log.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace banter::internal {
namespace {

constexpr uint32_t kChunk = MessageLog::kChunkRecords;

MessageRecord Rec(uint32_t sender, Millis at = 1) {
  MessageRecord r;
  r.sender = sender;
  r.created_at = at;
  r.flags = MessageRecord::kToAll;
  return r;
}

std::string TextOf(uint32_t i, size_t len) {
  std::string t = "m" + std::to_string(i) + ":";
  t.resize(std::max(len, t.size()), static_cast<char>('a' + i % 26));
  return t;
}

TEST(MessageLogTest, TextsSurviveChunkAndRingGrowth) {
  MessageLog log;
  for (uint32_t i = 1; i <= 10 * kChunk + 3; ++i) {
    EXPECT_EQ(log.Append(Rec(1), TextOf(i, i % 40), nullptr, false, 0), i);
  }
  for (uint32_t i = 1; i <= log.last_seq(); ++i) {
    ASSERT_EQ(log.text(i), TextOf(i, i % 40)) << "seq " << i;
  }
  EXPECT_EQ(log.stored(), 10u * kChunk + 3);
  EXPECT_GE(log.capacity(), log.retained());
  EXPECT_TRUE(log.ReadIndexConsistent());
  EXPECT_TRUE(log.StorageConsistent());
}

TEST(MessageLogTest, CursorReadsWhatTheLogReadsAcrossChunks) {
  MessageLog log;
  for (uint32_t i = 1; i <= 3 * kChunk + 5; ++i) {
    log.Append(Rec(i), TextOf(i, i % 9), nullptr, false, 2 * kChunk);
  }
  MessageLog::Cursor down(log);
  for (uint32_t s = log.last_seq(); s >= log.base_seq(); --s) {
    ASSERT_EQ(&down.at(s), &log.at(s));
    ASSERT_EQ(down.text(s), log.text(s));
  }
  MessageLog::Cursor jumps(log);
  for (uint32_t s : {log.base_seq(), log.last_seq(), log.base_seq() + 1,
                     log.last_seq() - kChunk, log.base_seq()}) {
    ASSERT_EQ(jumps.at(s).sender, s);
    ASSERT_EQ(jumps.text(s), TextOf(s, s % 9));
  }
}

TEST(MessageLogTest, QuietLogHoldsAFewRecords) {
  MessageLog log;
  EXPECT_EQ(log.capacity(), 0u);
  log.Append(Rec(1), "hi", nullptr, false, 0);
  EXPECT_LE(log.capacity(), 8u);
}

TEST(MessageLogTest, WindowDropsFreeWholeChunksAndTheirText) {
  MessageLog log;
  constexpr uint32_t kCap = 1000;
  size_t capacity_at_cap = 0;
  size_t text_at_cap = 0;
  for (uint32_t i = 1; i <= 50 * kCap; ++i) {
    log.Append(Rec(1), TextOf(i, 30), nullptr, false, kCap);
    if (i == kCap) {
      capacity_at_cap = log.capacity();
      text_at_cap = log.text_capacity();
    }
  }
  EXPECT_EQ(log.retained(), kCap);
  EXPECT_EQ(log.base_seq(), 49 * kCap + 1);
  // Memory after 50 windows is what one window costs, within the two
  // partial chunks at its ends.
  EXPECT_LE(log.capacity(), capacity_at_cap + kChunk);
  EXPECT_LE(log.capacity(), kCap + 2 * kChunk);
  EXPECT_LE(log.text_capacity(), text_at_cap + 2 * kChunk * 30);
  for (uint32_t i = log.base_seq(); i <= log.last_seq(); ++i) {
    ASSERT_EQ(log.text(i), TextOf(i, 30));
  }
  EXPECT_TRUE(log.StorageConsistent());
}

TEST(MessageLogTest, DeletesFreeTextOnceMostOfAChunkIsDead) {
  MessageLog log;
  for (uint32_t i = 1; i <= kChunk; ++i) {
    log.Append(Rec(1), TextOf(i, 100), nullptr, false, 0);
  }
  const size_t full = log.text_capacity();
  EXPECT_EQ(full, size_t{kChunk} * 100);
  // Delete three in four: once dead bytes outweigh live ones the arena is
  // compacted down to the live texts.
  for (uint32_t i = 1; i <= kChunk; ++i) {
    if (i % 4 != 0) log.MarkDeleted(i);
  }
  EXPECT_LT(log.text_capacity(), full / 2);
  EXPECT_LE(log.dead_text_bytes(), log.text_capacity() / 2 + 100);
  for (uint32_t i = 1; i <= kChunk; ++i) {
    if (i % 4 == 0) {
      ASSERT_EQ(log.text(i), TextOf(i, 100));
    } else {
      ASSERT_TRUE(log.at(i).deleted());
      ASSERT_EQ(log.text(i), "");
    }
  }
  EXPECT_EQ(log.stored(), kChunk / 4);
  EXPECT_TRUE(log.StorageConsistent());
}

TEST(MessageLogTest, EditsChangeLengthBothWays) {
  MessageLog log;
  for (uint32_t i = 1; i <= 5; ++i) {
    log.Append(Rec(1), TextOf(i, 20), nullptr, false, 0);
  }
  log.SetText(3, "short");  // in place
  EXPECT_EQ(log.text(3), "short");
  log.SetText(3, std::string(300, 'x'));  // moves to the arena's end
  EXPECT_EQ(log.text(3), std::string(300, 'x'));
  log.SetText(2, "");
  EXPECT_EQ(log.text(2), "");
  log.SetText(2, "back");
  EXPECT_EQ(log.text(2), "back");
  for (uint32_t i : {1u, 4u, 5u}) EXPECT_EQ(log.text(i), TextOf(i, 20));
  EXPECT_TRUE(log.StorageConsistent());
}

TEST(MessageLogTest, RepeatedLongEditsKeepTheArenaBounded) {
  MessageLog log;
  for (uint32_t i = 1; i <= 10; ++i) {
    log.Append(Rec(1), TextOf(i, 10), nullptr, false, 0);
  }
  for (uint32_t k = 0; k < 5000; ++k) {
    log.SetText(1 + k % 10, TextOf(k, 100 + k % 50));
  }
  // Live text is at most 10 * 150 bytes; compaction keeps the arena within
  // about twice that plus growth headroom.
  EXPECT_LE(log.text_capacity(), 4 * 10 * 150 + 4 * 150);
  for (uint32_t k = 4990; k < 5000; ++k) {
    EXPECT_EQ(log.text(1 + k % 10), TextOf(k, 100 + k % 50));
  }
  EXPECT_TRUE(log.StorageConsistent());
}

TEST(MessageLogTest, ExtrasLiveInTheSideTableUntilDroppedOrEmptied) {
  MessageLog log;
  auto x = std::make_unique<MessageExtras>();
  x->data["k"] = "v";
  log.Append(Rec(1), "a", std::move(x), false, 3);
  log.Append(Rec(1), "b", nullptr, false, 3);
  ASSERT_NE(log.extras(1), nullptr);
  EXPECT_TRUE(log.at(1).has_extras());
  EXPECT_EQ(log.extras(2), nullptr);
  log.MutableExtras(2).reactions["ok"].push_back(UserId(1));
  EXPECT_TRUE(log.at(2).has_extras());
  log.MutableExtras(2).reactions.clear();
  log.TrimExtras(2);
  EXPECT_EQ(log.extras(2), nullptr);
  EXPECT_FALSE(log.at(2).has_extras());
  log.MutableExtras(2).updated_at = 7;
  EXPECT_EQ(log.updated_at(2), 7);
  EXPECT_EQ(log.updated_at(1), 1);
  log.MarkDeleted(2);
  EXPECT_EQ(log.extras(2), nullptr);
  EXPECT_TRUE(log.StorageConsistent());
  // Dropping seq 1 drops its extras with it.
  for (int i = 0; i < 3; ++i) log.Append(Rec(1), "c", nullptr, false, 3);
  EXPECT_EQ(log.base_seq(), 3u);
  EXPECT_TRUE(log.StorageConsistent());
}

// Read points scattered over a window that wraps the ring of chunks many
// times: every prefix sum matches a naive count.
TEST(MessageLogTest, ReadPointsBelowMatchesANaiveCount) {
  const uint32_t seed = 13;
  std::mt19937 rng(seed);
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  MessageLog log;
  constexpr uint32_t kCap = 5 * kChunk + 17;
  std::vector<uint32_t> points;  // one per member
  for (uint32_t i = 1; i <= 20 * kChunk; ++i) {
    log.Append(Rec(1), "t", nullptr, false, kCap);
    // Add, move or remove a read point somewhere in [0, last].
    const uint32_t op = rng() % 4;
    if (op == 0 || points.empty()) {
      points.push_back(rng() % (log.last_seq() + 1));
      log.AddReadPoint(points.back());
    } else if (op == 1) {
      const size_t m = rng() % points.size();
      const uint32_t to = std::max(
          points[m], static_cast<uint32_t>(rng() % (log.last_seq() + 1)));
      log.MoveReadPoint(points[m], to);
      points[m] = to;
    } else if (op == 2) {
      const size_t m = rng() % points.size();
      log.RemoveReadPoint(points[m]);
      points.erase(points.begin() + m);
    }
    if (i % 97 != 0) continue;
    ASSERT_TRUE(log.ReadIndexConsistent()) << "after seq " << i;
    for (uint32_t s = log.base_seq(); s <= log.last_seq() + 1; ++s) {
      uint64_t want = 0;
      for (uint32_t p : points) want += p < s ? 1 : 0;
      ASSERT_EQ(log.ReadPointsBelow(s), want) << "seq " << s;
    }
  }
  EXPECT_EQ(log.low_read_points() + log.window_read_points(), points.size());
}

}  // namespace
}  // namespace banter::internal
