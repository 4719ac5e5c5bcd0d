// The messaging area's invariant check and state dump.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "engine/core/message_log.h"
#include "engine/core/strings.h"
#include "engine/invariants.h"

namespace banter::internal {
namespace {

std::string ChannelLabel(const State& s, size_t c) {
  return absl::StrCat("channel ", c, " (",
                      Sv(s.channels.names().Name(ChannelId(c))), ")");
}

// Checks one sorted index against the seqs the records say it should hold.
bool SameSeqs(const SeqIndex& idx, const std::vector<uint32_t>& want) {
  return idx.size() == want.size() && std::equal(idx.begin(), idx.end(),
                                                 want.begin());
}

// Invariants of every channel's MessageLog (docs/messaging.md lists them):
//  G1. Window: 1 <= base_seq <= last_seq + 1; retained() <= capacity and,
//      when the type's history cap is set, <= cap. Dead channels hold no
//      log at all.
//  G2. Records: created_at never decreases with seq and is <= now; senders
//      are issued users (user types) or bots (bot types), 0 for admin types;
//      tombstones hold no text and no extras; extras, when present, are
//      non-empty; the file flag says whether extras hold a file.
//  G3. "To all": every record of a non-broadcast channel, and every admin or
//      bot message.
//  G4. stored() counts the live records; deleted() lists exactly the
//      tombstones, sorted.
//  G5. files() lists exactly the live records with a file; broadcast:
//      to_all lists exactly the live "to all" records and own[u] exactly u's
//      other live records, with no empty list; other types keep neither.
//  G6. Read points: low + window == members; low == members whose read_seq
//      < base_seq; each record's readers == members whose read_seq is its
//      seq; the Fenwick tree matches the readers.
//  G7. Own messages are read: a retained record sent by a current member has
//      seq <= that member's read_seq.
//  G8. Channel counters: last_sent_at is the newest record's time (0 before
//      the first message); total_messages == last_seq; total_files <=
//      total_messages.
//  G9. References: a parent is an earlier seq of the same channel; mentions
//      and reaction holders are issued users, with no duplicates; no
//      reaction key has an empty holder list.
absl::Status CheckChannel(const State& s, size_t c) {
  const ChannelRecord& ch = s.channels.Record(ChannelId(c));
  const MessageLog& log = ch.log;
  const std::string label = ChannelLabel(s, c);
  if (!ch.live) {
    if (log.last_seq() != 0 || log.stored() != 0 || log.capacity() != 0) {
      return Violation("G1", absl::StrCat(label, " is dead but keeps a log"));
    }
    return absl::OkStatus();
  }
  const uint32_t base = log.base_seq();
  const uint32_t last = log.last_seq();
  const uint32_t cap = s.options.history_cap[static_cast<size_t>(ch.type)];
  if (base < 1 || base > last + 1 || log.retained() > log.capacity() ||
      (cap != 0 && log.retained() > cap)) {
    return Violation("G1", absl::StrCat(label, " window [", base, ", ", last,
                                        "] capacity ", log.capacity(),
                                        " cap ", cap));
  }

  const bool broadcast = IsBroadcast(ch.type);
  std::vector<uint32_t> deleted, files, to_all;
  absl::flat_hash_map<uint32_t, std::vector<uint32_t>> own;
  absl::flat_hash_map<uint32_t, uint32_t> read_of;  // member -> read_seq
  for (size_t i = 0; i < ch.members.size(); ++i) {
    read_of[ch.members[i].value()] = ch.member_state[i].read_seq;
  }
  uint64_t live = 0;
  Millis prev = 0;
  for (uint32_t seq = base; seq <= last && seq >= base; ++seq) {
    const MessageRecord& rec = log.at(seq);
    const std::string at = absl::StrCat(label, " seq ", seq);
    if (rec.created_at < prev || rec.created_at > s.now) {
      return Violation("G2", absl::StrCat(at, " created_at out of order"));
    }
    prev = rec.created_at;
    const bool sender_ok = MessageRecord::IsAdminSent(rec.type)
                               ? rec.sender == 0
                           : MessageRecord::IsBotSent(rec.type)
                               ? s.bots.names().Issued(BotId(rec.sender))
                               : s.users.names().Issued(UserId(rec.sender));
    if (!sender_ok) {
      return Violation("G2", absl::StrCat(at, " has a bad sender"));
    }
    const MessageExtras* extras = log.extras(seq);
    if (rec.deleted()) {
      if (!log.text(seq).empty() || extras != nullptr) {
        return Violation("G2", absl::StrCat(at, " tombstone keeps content"));
      }
      deleted.push_back(seq);
    } else {
      ++live;
      if (extras != nullptr && extras->empty()) {
        return Violation("G2", absl::StrCat(at, " has empty extras"));
      }
      const bool file = extras != nullptr && !extras->file.empty();
      if (file != rec.has_file()) {
        return Violation("G2", absl::StrCat(at, " file flag is wrong"));
      }
      if (file) files.push_back(seq);
      if (broadcast) {
        if (rec.to_all()) {
          to_all.push_back(seq);
        } else {
          own[rec.sender].push_back(seq);
        }
      }
    }
    if ((!broadcast || !MessageRecord::IsUserSent(rec.type)) &&
        !rec.to_all()) {
      return Violation("G3", absl::StrCat(at, " is not to all"));
    }
    if (MessageRecord::IsUserSent(rec.type)) {
      auto it = read_of.find(rec.sender);
      if (it != read_of.end() && it->second < seq) {
        return Violation("G7", absl::StrCat(at, " is above its sender's read "
                                                "point ", it->second));
      }
    }
    if (extras != nullptr) {
      const MessageExtras& x = *extras;
      if (x.parent && (x.parent->id.channel().value() != c ||
                       x.parent->id.seq() >= seq)) {
        return Violation("G9", absl::StrCat(at, " has a bad parent"));
      }
      std::vector<UserId> seen = x.mentions;
      std::sort(seen.begin(), seen.end());
      if (std::adjacent_find(seen.begin(), seen.end()) != seen.end()) {
        return Violation("G9", absl::StrCat(at, " repeats a mention"));
      }
      for (UserId u : seen) {
        if (!s.users.names().Issued(u)) {
          return Violation("G9", absl::StrCat(at, " mentions a bad user"));
        }
      }
      for (const auto& [key, users] : x.reactions) {
        seen = users;
        std::sort(seen.begin(), seen.end());
        if (seen.empty() ||
            std::adjacent_find(seen.begin(), seen.end()) != seen.end() ||
            !std::all_of(seen.begin(), seen.end(),
                         [&](UserId u) { return s.users.names().Issued(u); })) {
          return Violation("G9", absl::StrCat(at, " reaction ", key,
                                              " has bad holders"));
        }
      }
    }
  }
  if (live != log.stored() || !SameSeqs(log.deleted(), deleted)) {
    return Violation("G4", absl::StrCat(label, " stored ", log.stored(),
                                        " live ", live, " deleted ",
                                        log.deleted().size(), " tombstones ",
                                        deleted.size()));
  }
  if (!SameSeqs(log.files(), files)) {
    return Violation("G5", absl::StrCat(label, " files index differs"));
  }
  const BroadcastIndex* b = log.broadcast();
  if (!broadcast) {
    if (b != nullptr) {
      return Violation("G5", absl::StrCat(label, " has broadcast indexes"));
    }
  } else if (b == nullptr) {
    if (!to_all.empty() || !own.empty()) {
      return Violation("G5", absl::StrCat(label, " lacks broadcast indexes"));
    }
  } else {
    if (!SameSeqs(b->to_all, to_all) || b->own.size() != own.size()) {
      return Violation("G5", absl::StrCat(label, " to_all index differs"));
    }
    for (const auto& [u, seqs] : own) {
      auto it = b->own.find(u);
      if (it == b->own.end() || !SameSeqs(it->second, seqs)) {
        return Violation("G5", absl::StrCat(label, " own index of user ", u,
                                            " differs"));
      }
    }
  }

  uint64_t low = 0;
  absl::flat_hash_map<uint32_t, uint32_t> at_seq;
  for (const MemberState& m : ch.member_state) {
    if (m.read_seq < base) {
      ++low;
    } else {
      ++at_seq[m.read_seq];
    }
  }
  if (log.low_read_points() + log.window_read_points() != ch.members.size() ||
      log.low_read_points() != low) {
    return Violation("G6", absl::StrCat(label, " read points low ",
                                        log.low_read_points(), " window ",
                                        log.window_read_points(), " members ",
                                        ch.members.size(), " below base ",
                                        low));
  }
  for (uint32_t seq = base; seq <= last && seq >= base; ++seq) {
    auto it = at_seq.find(seq);
    const uint32_t want = it == at_seq.end() ? 0 : it->second;
    if (log.at(seq).readers != want) {
      return Violation("G6", absl::StrCat(label, " seq ", seq, " readers ",
                                          log.at(seq).readers, " members ",
                                          want));
    }
  }
  if (!log.ReadIndexConsistent()) {
    return Violation("G6", absl::StrCat(label, " Fenwick tree is stale"));
  }
  if (!log.StorageConsistent()) {
    return Violation("G2", absl::StrCat(label,
                                        " text arena or extras table "
                                        "disagrees with the records"));
  }

  const Millis newest = last >= base ? log.at(last).created_at : 0;
  if ((last == 0 && ch.last_sent_at != 0) ||
      (last >= base && ch.last_sent_at != newest) ||
      ch.total_messages != last || ch.total_files > ch.total_messages) {
    return Violation("G8", absl::StrCat(label, " last_sent_at ",
                                        ch.last_sent_at, " newest ", newest,
                                        " total ", ch.total_messages,
                                        " last_seq ", last));
  }
  return absl::OkStatus();
}

void Append(std::string* out, const Metadata& m) {
  out->append("{");
  bool first = true;
  for (const auto& [k, v] : m) {
    absl::StrAppend(out, first ? "" : ",", "\"", absl::CEscape(k), "\":\"",
                    absl::CEscape(v), "\"");
    first = false;
  }
  out->append("}");
}

std::string SenderName(const State& s, MessageType type, uint32_t sender) {
  if (MessageRecord::IsAdminSent(type)) return "-";
  if (MessageRecord::IsBotSent(type)) {
    return absl::StrCat("bot:", Sv(s.bots.names().Name(BotId(sender))));
  }
  return std::string(s.users.names().Name(UserId(sender)));
}

}  // namespace

absl::Status CheckMessageInvariants(const State& s) {
  for (size_t c = 1; c < s.channels.size(); ++c) {
    absl::Status st = CheckChannel(s, c);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

void DumpMessages(const State& s, std::string* out) {
  for (size_t c = 1; c < s.channels.size(); ++c) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    if (!ch.live || ch.log.last_seq() == 0) continue;
    const MessageLog& log = ch.log;
    const std::string_view name = s.channels.names().Name(ChannelId(c));
    absl::StrAppend(out, "log ", Sv(name), " base=", log.base_seq(),
                    " last=", log.last_seq(), " stored=", log.stored(),
                    " deleted=", log.deleted().size(),
                    " files=", log.files().size(),
                    " read_points_below_base=", log.low_read_points(),
                    " total_messages=", ch.total_messages,
                    " total_files=", ch.total_files,
                    " last_sent_at=", ch.last_sent_at, "\n");
    for (uint32_t seq = log.base_seq(); seq <= log.last_seq() && seq > 0;
         ++seq) {
      const MessageRecord& rec = log.at(seq);
      absl::StrAppend(out, "message ", Sv(name), "#", seq,
                      " type=", Sv(MessageTypeName(rec.type)),
                      " sender=", SenderName(s, rec.type, rec.sender),
                      " at=", rec.created_at, " to_all=", rec.to_all() ? 1 : 0,
                      " readers=", rec.readers);
      if (rec.deleted()) {
        out->append(" deleted\n");
        continue;
      }
      const std::string_view text = log.text(seq);
      const absl::string_view raw(text.data(), text.size());
      absl::StrAppend(out, " text=\"", absl::CEscape(raw), "\"");
      if (const MessageExtras* extras = log.extras(seq)) {
        const MessageExtras& x = *extras;
        if (!x.data.empty()) {
          out->append(" data=");
          Append(out, x.data);
        }
        if (!x.file.empty()) {
          absl::StrAppend(out, " file=\"", absl::CEscape(x.file.url), "\" name=\"",
                          absl::CEscape(x.file.name), "\" mime=\"",
                          absl::CEscape(x.file.type), "\" size=",
                          x.file.size);
        }
        if (!x.mentions.empty()) {
          out->append(" mentions=");
          for (size_t i = 0; i < x.mentions.size(); ++i) {
            absl::StrAppend(out, i ? "," : "",
                            Sv(s.users.names().Name(x.mentions[i])));
          }
        }
        if (x.parent) {
          const ParentSnapshot& p = *x.parent;
          absl::StrAppend(out, " parent=#", p.id.seq(), "(",
                          SenderName(s, p.type, p.sender), ",",
                          Sv(MessageTypeName(p.type)), ",", p.created_at,
                          ",\"", absl::CEscape(p.text), "\",");
          Append(out, p.data);
          out->append(")");
        }
        for (const auto& [key, users] : x.reactions) {
          absl::StrAppend(out, " reaction[", absl::CEscape(key), "]=");
          for (size_t i = 0; i < users.size(); ++i) {
            absl::StrAppend(out, i ? "," : "",
                            Sv(s.users.names().Name(users[i])));
          }
        }
        if (!x.translations.empty()) {
          out->append(" translations=");
          Append(out, x.translations);
        }
        if (x.updated_at != 0) absl::StrAppend(out, " updated=", x.updated_at);
      }
      out->append("\n");
    }
  }
}

}  // namespace banter::internal
