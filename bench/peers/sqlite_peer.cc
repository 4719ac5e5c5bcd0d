// The SQLite peer: an in-memory database as a careful SQL developer sets it up.
//
// One ":memory:" connection with the journal and syncing off, a normalized
// schema with the indexes each query needs, every statement prepared once and
// reused. Check-and-write operations are single statements whose WHERE clause
// carries the domain rules (INSERT ... SELECT ... WHERE NOT EXISTS ...), so the
// common case is one sqlite3_step. The member count used for caps is kept in
// `channels` by triggers rather than recomputed with COUNT(*), which would
// scan the member index of a 100k-member channel on every join.
//
// Domain rules that live here and nowhere else are marked "rule:" below.
#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "chat_peer.h"

namespace banter::bench {
namespace {

// SQLite errors here are bugs in this file (bad SQL, misuse), never a domain
// refusal, so they stop the process like a failed CHECK.
[[noreturn]] void Die(sqlite3* db, const char* what) {
  std::fprintf(stderr, "sqlite peer: %s: %s\n", what,
               db != nullptr ? sqlite3_errmsg(db) : "(no connection)");
  std::abort();
}

// The schema. Channel types are stored as the PeerChannelType value; 1 and 3
// are the broadcast types. WITHOUT ROWID tables keep the composite primary
// keys clustered, so membership and message lookups are one b-tree descent.
constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE users (id INTEGER PRIMARY KEY);
CREATE TABLE channels (
  id INTEGER PRIMARY KEY,
  type INTEGER NOT NULL,
  owner INTEGER NOT NULL,           -- 0 = none
  max_members INTEGER NOT NULL,     -- -1 = unlimited
  member_count INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE members (
  channel INTEGER NOT NULL,
  user INTEGER NOT NULL,
  read_seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel, user)
) WITHOUT ROWID;
CREATE INDEX members_by_user ON members (user);  -- TotalUnread
CREATE TABLE bans (
  channel INTEGER NOT NULL,
  user INTEGER NOT NULL,
  PRIMARY KEY (channel, user)
) WITHOUT ROWID;
CREATE TABLE mutes (
  channel INTEGER NOT NULL,
  user INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,      -- ms; 0 = permanent
  PRIMARY KEY (channel, user)
) WITHOUT ROWID;
-- Keyed by the blocked user first: fan-out asks "who blocked the sender?".
CREATE TABLE blocks (
  blocked INTEGER NOT NULL,
  blocker INTEGER NOT NULL,
  PRIMARY KEY (blocked, blocker)
) WITHOUT ROWID;
CREATE TABLE messages (
  channel INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  sender INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (channel, seq)
) WITHOUT ROWID;
CREATE TRIGGER members_count_insert AFTER INSERT ON members BEGIN
  UPDATE channels SET member_count = member_count + 1 WHERE id = NEW.channel;
END;
CREATE TRIGGER members_count_delete AFTER DELETE ON members BEGIN
  UPDATE channels SET member_count = member_count - 1 WHERE id = OLD.channel;
  -- A mute ends with the membership.
  DELETE FROM mutes WHERE channel = OLD.channel AND user = OLD.user;
END;
)sql";

// One prepared statement, finalized on destruction. Not copyable.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    // PERSISTENT: these live as long as the connection, so SQLite may use
    // longer-lived allocations for them.
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_,
                           nullptr) != SQLITE_OK) {
      Die(db, sql);
    }
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  sqlite3* db() const { return db_; }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// One execution of a Statement: bind, step, read columns. Resets the statement
// when it goes out of scope, so an early return never leaves it mid-flight.
class Run {
 public:
  explicit Run(Statement& s) : s_(s) {}
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;
  ~Run() { sqlite3_reset(s_.get()); }

  Run& Bind(int index, int64_t value) {
    if (sqlite3_bind_int64(s_.get(), index, value) != SQLITE_OK) {
      Die(s_.db(), "bind");
    }
    return *this;
  }
  // The text must outlive Step(): SQLITE_STATIC avoids a copy.
  Run& Bind(int index, std::string_view text) {
    if (sqlite3_bind_text(s_.get(), index, text.data(),
                          static_cast<int>(text.size()),
                          SQLITE_STATIC) != SQLITE_OK) {
      Die(s_.db(), "bind");
    }
    return *this;
  }

  // True while a row is available.
  bool Step() {
    int rc = sqlite3_step(s_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) Die(s_.db(), sqlite3_sql(s_.get()));
    return false;
  }
  // Runs a statement that returns no rows; returns the rows it changed
  // (triggers' changes are not counted).
  int64_t Exec() {
    while (Step()) {
    }
    return sqlite3_changes64(s_.db());
  }

  int64_t Int(int column) const {
    return sqlite3_column_int64(s_.get(), column);
  }
  bool IsNull(int column) const {
    return sqlite3_column_type(s_.get(), column) == SQLITE_NULL;
  }
  // Valid until the next Step() or the end of the Run.
  std::string_view Text(int column) const {
    const unsigned char* text = sqlite3_column_text(s_.get(), column);
    return std::string_view(reinterpret_cast<const char*>(text),
                            sqlite3_column_bytes(s_.get(), column));
  }

 private:
  Statement& s_;
};

// Owns the connection; declared first in SqlitePeer so it outlives (is
// destroyed after) every Statement.
struct Connection {
  Connection() {
    // NOMUTEX: one thread uses the peer, so skip SQLite's own locking.
    if (sqlite3_open_v2(
            ":memory:", &db,
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
            nullptr) != SQLITE_OK) {
      Die(db, "open");
    }
    char* error = nullptr;
    if (sqlite3_exec(db, kSchema, nullptr, nullptr, &error) != SQLITE_OK) {
      std::fprintf(stderr, "sqlite peer: schema: %s\n", error);
      sqlite3_free(error);
      std::abort();
    }
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close(db); }

  sqlite3* db = nullptr;
};

class SqlitePeer final : public ChatPeer {
 public:
  std::string_view name() const override { return "sqlite"; }

  void CreateUser(uint32_t user) override {
    Run(insert_user_).Bind(1, user).Exec();
  }

  void CreateChannel(uint32_t channel, PeerChannelType type, uint32_t owner,
                     int32_t max_members) override {
    Transaction tx(*this);
    int64_t created = Run(insert_channel_)
                          .Bind(1, channel)
                          .Bind(2, static_cast<int64_t>(type))
                          .Bind(3, owner)
                          .Bind(4, max_members)
                          .Exec();
    if (created && owner != 0) {
      Run(insert_member_).Bind(1, channel).Bind(2, owner).Exec();
    }
  }

  bool Join(uint32_t channel, uint32_t user) override {
    return Run(join_).Bind(1, channel).Bind(2, user).Exec() == 1;
  }

  bool Leave(uint32_t channel, uint32_t user) override {
    return Run(delete_member_).Bind(1, channel).Bind(2, user).Exec() == 1;
  }

  bool Add(uint32_t channel, uint32_t user) override {
    return Join(channel, user);
  }

  bool Remove(uint32_t channel, uint32_t user) override {
    return Leave(channel, user);
  }

  bool Ban(uint32_t channel, uint32_t user) override {
    Transaction tx(*this);
    if (Run(delete_member_).Bind(1, channel).Bind(2, user).Exec() != 1) {
      return false;
    }
    Run(insert_ban_).Bind(1, channel).Bind(2, user).Exec();
    return true;
  }

  bool Unban(uint32_t channel, uint32_t user) override {
    return Run(delete_ban_).Bind(1, channel).Bind(2, user).Exec() == 1;
  }

  bool Mute(uint32_t channel, uint32_t user, int64_t expires_at_ms) override {
    return Run(mute_)
               .Bind(1, channel)
               .Bind(2, user)
               .Bind(3, expires_at_ms)
               .Exec() == 1;
  }

  bool Unmute(uint32_t channel, uint32_t user) override {
    return Run(delete_mute_).Bind(1, channel).Bind(2, user).Exec() == 1;
  }

  bool IsMember(uint32_t channel, uint32_t user) override {
    return Run(is_member_).Bind(1, channel).Bind(2, user).Step();
  }

  size_t MemberPage(uint32_t channel, uint32_t after_user, size_t limit,
                    uint32_t* out) override {
    Run page(member_page_);
    page.Bind(1, channel)
        .Bind(2, after_user)
        .Bind(3, static_cast<int64_t>(limit));
    size_t n = 0;
    while (n < limit && page.Step()) {
      out[n++] = static_cast<uint32_t>(page.Int(0));
    }
    return n;
  }

  void Block(uint32_t blocker, uint32_t blocked) override {
    if (blocker == blocked) return;
    Run(insert_block_).Bind(1, blocker).Bind(2, blocked).Exec();
  }

  int64_t Send(uint32_t channel, uint32_t sender, std::string_view text,
               int64_t now_ms, void (*deliver)(void* ctx, uint32_t user),
               void* ctx) override {
    int64_t type, owner, seq;
    {
      Run check(send_check_);
      check.Bind(1, channel).Bind(2, sender);
      if (!check.Step()) return -1;  // rule: only members send
      // rule: muted while now < expiry; 0 = permanent.
      if (!check.IsNull(3)) {
        int64_t expires_at = check.Int(3);
        if (expires_at == 0 || now_ms < expires_at) return -1;
      }
      type = check.Int(0);
      owner = check.Int(1);
      seq = check.Int(2) + 1;
    }
    {
      Transaction tx(*this);
      Run(set_last_seq_).Bind(1, channel).Bind(2, seq).Exec();
      Run(insert_message_)
          .Bind(1, channel)
          .Bind(2, seq)
          .Bind(3, sender)
          .Bind(4, now_ms)
          .Bind(5, text)
          .Exec();
      Run(set_read_seq_).Bind(1, channel).Bind(2, sender).Bind(3, seq).Exec();
    }
    // rule: in broadcast types a non-owner's message goes to the owner only.
    // Two statements rather than one with "(?3 = 0 OR user = ?3)", which
    // would stop the planner from using the primary key for the owner case
    // and scan every member of a super channel.
    const bool owner_only =
        IsBroadcast(static_cast<PeerChannelType>(type)) && owner != sender;
    Run recipients(owner_only ? fanout_owner_ : fanout_all_);
    recipients.Bind(1, channel).Bind(2, sender);
    if (owner_only) recipients.Bind(3, owner);
    int64_t n = 0;
    while (recipients.Step()) {
      deliver(ctx, static_cast<uint32_t>(recipients.Int(0)));
      ++n;
    }
    return n;
  }

  void MarkRead(uint32_t channel, uint32_t user) override {
    Run(mark_read_).Bind(1, channel).Bind(2, user).Exec();
  }

  int64_t UnreadCount(uint32_t channel, uint32_t user) override {
    Run unread(unread_);
    unread.Bind(1, channel).Bind(2, user);
    return unread.Step() ? unread.Int(0) : -1;
  }

  int64_t TotalUnread(uint32_t user) override {
    Run total(total_unread_);
    total.Bind(1, user);
    return total.Step() ? total.Int(0) : 0;
  }

  int64_t NotReadBy(uint32_t channel, uint64_t message_seq) override {
    Run count(not_read_by_);
    count.Bind(1, channel).Bind(2, static_cast<int64_t>(message_seq));
    return count.Step() ? count.Int(0) : -1;
  }

  int64_t HistoryPage(uint32_t channel, uint32_t viewer, uint64_t before_seq,
                      size_t limit, PeerMessage* out) override {
    int64_t type, owner, before;
    {
      Run check(send_check_);  // the viewer's membership and the channel
      check.Bind(1, channel).Bind(2, viewer);
      if (!check.Step()) return -1;
      type = check.Int(0);
      owner = check.Int(1);
      const int64_t last_seq = check.Int(2);
      if (before_seq > static_cast<uint64_t>(last_seq)) return -1;
      before = before_seq == 0 ? last_seq + 1 : static_cast<int64_t>(before_seq);
    }
    // rule: a broadcast non-owner sees the owner's messages and its own.
    const bool owner_only =
        IsBroadcast(static_cast<PeerChannelType>(type)) && owner != viewer;
    Run page(owner_only ? history_visible_ : history_all_);
    page.Bind(1, channel).Bind(2, before).Bind(3, static_cast<int64_t>(limit));
    if (owner_only) page.Bind(4, owner).Bind(5, viewer);
    size_t n = 0;
    while (n < limit && page.Step()) {
      PeerMessage& m = out[n++];
      m.seq = static_cast<uint64_t>(page.Int(0));
      m.sender = static_cast<uint32_t>(page.Int(1));
      m.created_at_ms = page.Int(2);
      m.text.assign(page.Text(3));
    }
    return static_cast<int64_t>(n);
  }

  int64_t BytesUsed() override { return sqlite3_memory_used(); }

 private:
  // BEGIN ... COMMIT around multi-statement writes. With journal_mode=OFF a
  // transaction cannot roll back, so this buys no atomicity; it makes the
  // statements share one write lock instead of one auto-commit each, which
  // is what a developer who wrote BEGIN out of habit gets.
  class Transaction {
   public:
    explicit Transaction(SqlitePeer& peer) : peer_(peer) {
      Run(peer_.begin_).Exec();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() { Run(peer_.commit_).Exec(); }

   private:
    SqlitePeer& peer_;
  };

  Connection conn_;
  sqlite3* db_ = conn_.db;

  Statement begin_{db_, "BEGIN"};
  Statement commit_{db_, "COMMIT"};
  Statement insert_user_{db_, "INSERT OR IGNORE INTO users (id) VALUES (?1)"};
  Statement insert_channel_{
      db_,
      "INSERT OR IGNORE INTO channels (id, type, owner, max_members) "
      "VALUES (?1, ?2, ?3, ?4)"};
  Statement insert_member_{
      db_, "INSERT OR IGNORE INTO members (channel, user) VALUES (?1, ?2)"};
  // rule: join/add refuse unknown users, members (OR IGNORE), banned users, a
  // full channel, and a block in either direction between owner and user.
  // rule: a newcomer's read point is the latest message.
  Statement join_{db_, R"sql(
      INSERT OR IGNORE INTO members (channel, user, read_seq)
      SELECT c.id, ?2, c.last_seq FROM channels c
      WHERE c.id = ?1
        AND (c.max_members < 0 OR c.member_count < c.max_members)
        AND EXISTS (SELECT 1 FROM users WHERE id = ?2)
        AND NOT EXISTS (SELECT 1 FROM bans WHERE channel = ?1 AND user = ?2)
        AND (c.owner = 0 OR (
              NOT EXISTS (SELECT 1 FROM blocks
                          WHERE blocked = ?2 AND blocker = c.owner)
          AND NOT EXISTS (SELECT 1 FROM blocks
                          WHERE blocked = c.owner AND blocker = ?2)))
  )sql"};
  // rule: the owner can be neither removed nor banned, nor leave.
  Statement delete_member_{db_, R"sql(
      DELETE FROM members
      WHERE channel = ?1 AND user = ?2
        AND user != (SELECT owner FROM channels WHERE id = ?1)
  )sql"};
  Statement insert_ban_{
      db_, "INSERT OR IGNORE INTO bans (channel, user) VALUES (?1, ?2)"};
  Statement delete_ban_{db_,
                        "DELETE FROM bans WHERE channel = ?1 AND user = ?2"};
  // rule: only a member other than the owner can be muted; muting again
  // replaces the expiry. (The WHERE clause also resolves the parsing
  // ambiguity SQLite documents for INSERT ... SELECT with an upsert.)
  Statement mute_{db_, R"sql(
      INSERT INTO mutes (channel, user, expires_at)
      SELECT ?1, ?2, ?3
      WHERE EXISTS (SELECT 1 FROM members WHERE channel = ?1 AND user = ?2)
        AND ?2 != (SELECT owner FROM channels WHERE id = ?1)
      ON CONFLICT (channel, user) DO UPDATE SET expires_at = excluded.expires_at
  )sql"};
  Statement delete_mute_{db_,
                         "DELETE FROM mutes WHERE channel = ?1 AND user = ?2"};
  Statement is_member_{
      db_, "SELECT 1 FROM members WHERE channel = ?1 AND user = ?2"};
  Statement member_page_{
      db_,
      "SELECT user FROM members WHERE channel = ?1 AND user > ?2 "
      "ORDER BY user LIMIT ?3"};
  Statement insert_block_{
      db_, "INSERT OR IGNORE INTO blocks (blocker, blocked) VALUES (?1, ?2)"};
  // No row: unknown channel or not a member.
  Statement send_check_{db_, R"sql(
      SELECT c.type, c.owner, c.last_seq,
             (SELECT expires_at FROM mutes WHERE channel = ?1 AND user = ?2)
      FROM members m JOIN channels c ON c.id = m.channel
      WHERE m.channel = ?1 AND m.user = ?2
  )sql"};
  Statement set_last_seq_{db_,
                          "UPDATE channels SET last_seq = ?2 WHERE id = ?1"};
  Statement insert_message_{
      db_,
      "INSERT INTO messages (channel, seq, sender, created_at, text) "
      "VALUES (?1, ?2, ?3, ?4, ?5)"};
  Statement set_read_seq_{
      db_, "UPDATE members SET read_seq = ?3 WHERE channel = ?1 AND user = ?2"};
  // rule: everyone but the sender, minus those who blocked the sender. The
  // NOT IN subquery is uncorrelated, so SQLite builds it once per statement.
  Statement fanout_all_{db_, R"sql(
      SELECT user FROM members
      WHERE channel = ?1 AND user != ?2
        AND user NOT IN (SELECT blocker FROM blocks WHERE blocked = ?2)
  )sql"};
  Statement fanout_owner_{db_, R"sql(
      SELECT user FROM members
      WHERE channel = ?1 AND user = ?3
        AND NOT EXISTS (SELECT 1 FROM blocks
                        WHERE blocked = ?2 AND blocker = ?3)
  )sql"};
  Statement mark_read_{db_, R"sql(
      UPDATE members
      SET read_seq = (SELECT last_seq FROM channels WHERE id = ?1)
      WHERE channel = ?1 AND user = ?2
  )sql"};
  // rule: unread = messages after the read point from others; a broadcast
  // non-owner sees only the owner's. The (channel, seq) primary key makes it
  // a range scan over the unread tail only.
  static constexpr const char* kUnreadExpr = R"sql(
      (SELECT COUNT(*) FROM messages g
       WHERE g.channel = m.channel AND g.seq > m.read_seq
         AND CASE WHEN c.type IN (1, 3) AND c.owner != m.user
                  THEN g.sender = c.owner
                  ELSE g.sender != m.user END)
  )sql";
  Statement unread_{db_, (std::string("SELECT ") + kUnreadExpr +
                          " FROM members m JOIN channels c ON c.id = m.channel"
                          " WHERE m.channel = ?1 AND m.user = ?2")
                             .c_str()};
  Statement total_unread_{
      db_, (std::string("SELECT COALESCE(SUM(") + kUnreadExpr +
            "), 0) FROM members m JOIN channels c ON c.id = m.channel"
            " WHERE m.user = ?1")
               .c_str()};
  // History pages, newest first: a descending range scan of the (channel,
  // seq) primary key from the cursor, filtered for broadcast non-owners.
  Statement history_all_{db_, R"sql(
      SELECT seq, sender, created_at, text FROM messages
      WHERE channel = ?1 AND seq < ?2
      ORDER BY seq DESC LIMIT ?3
  )sql"};
  Statement history_visible_{db_, R"sql(
      SELECT seq, sender, created_at, text FROM messages
      WHERE channel = ?1 AND seq < ?2 AND (sender = ?4 OR sender = ?5)
      ORDER BY seq DESC LIMIT ?3
  )sql"};
  // No row: no such message. rule: a broadcast non-owner's message is seen
  // by the owner only, so only the owner can have not read it.
  Statement not_read_by_{db_, R"sql(
      SELECT CASE WHEN c.type IN (1, 3) AND g.sender != c.owner
        THEN (SELECT COUNT(*) FROM members m
              WHERE m.channel = g.channel AND m.user = c.owner
                AND m.read_seq < g.seq)
        ELSE (SELECT COUNT(*) FROM members m
              WHERE m.channel = g.channel AND m.read_seq < g.seq
                AND m.user != g.sender) END
      FROM messages g JOIN channels c ON c.id = g.channel
      WHERE g.channel = ?1 AND g.seq = ?2
  )sql"};
};

}  // namespace

std::unique_ptr<ChatPeer> MakeSqlitePeer() {
  return std::make_unique<SqlitePeer>();
}

}  // namespace banter::bench
