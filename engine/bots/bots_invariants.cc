// The bots area's invariant check and state dump.
#include <algorithm>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "engine/core/strings.h"
#include "engine/invariants.h"

namespace banter::internal {
namespace {

std::string Quote(std::string_view s) {
  return absl::StrCat("\"", absl::CEscape(Sv(s)), "\"");
}

}  // namespace

// Invariants (the bot side of S1, S2 and C7):
//  B1. bots.size() == bots.names().issued() + 1; slot 0 is never live.
//  B2. A live bot's name maps to its handle; a deleted bot's name does not.
//  B3. A live bot's channels are live channels whose `bots` list the bot;
//      a deleted bot holds no channels.
//  B4. Every live channel's `bots` is strictly increasing by handle and
//      names live bots only, each listing the channel back.
absl::Status CheckBotInvariants(const State& s) {
  if (s.bots.size() != s.bots.names().issued() + 1 ||
      s.bots.Record(BotId(0)).live) {
    return Violation("B1", absl::StrCat("bots.size()=", s.bots.size(),
                                        " issued=", s.bots.names().issued()));
  }
  for (uint32_t i = 1; i < s.bots.size(); ++i) {
    const BotRecord& b = s.bots.Record(BotId(i));
    const BotId id(i);
    if (b.live != (s.bots.names().Find(s.bots.names().Name(id)) == id)) {
      return Violation("B2", absl::StrCat("bot ", i, " live=", b.live,
                                          " but its name maps elsewhere"));
    }
    if (!b.live && !b.channels.empty()) {
      return Violation("B3", absl::StrCat("deleted bot ", i, " holds ",
                                          b.channels.size(), " channels"));
    }
    for (ChannelId c : b.channels) {
      const ChannelRecord* ch = s.channel(c);
      if (ch == nullptr ||
          !std::binary_search(ch->bots.begin(), ch->bots.end(), id)) {
        return Violation("B3", absl::StrCat("bot ", i, " lists channel ",
                                            c.value(), " which lacks it"));
      }
    }
  }
  for (uint32_t c = 1; c < s.channels.size(); ++c) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    if (!ch.live) continue;
    for (size_t k = 0; k < ch.bots.size(); ++k) {
      const BotId b = ch.bots[k];
      if (k > 0 && !(ch.bots[k - 1] < b)) {
        return Violation(
            "B4", absl::StrCat("channel ", c, " bots not strictly sorted"));
      }
      const BotRecord* rec = s.bot(b);
      if (rec == nullptr || !rec->channels.contains(ChannelId(c))) {
        return Violation("B4", absl::StrCat("channel ", c, " lists bot ",
                                            b.value(), " which lacks it"));
      }
    }
  }
  return absl::OkStatus();
}

void DumpBots(const State& s, std::string* out) {
  for (uint32_t i = 1; i < s.bots.size(); ++i) {
    const BotRecord& b = s.bots.Record(BotId(i));
    absl::StrAppend(out, "bot ", i, " id=", Sv(s.bots.names().Name(BotId(i))),
                    " live=", b.live ? 1 : 0, " name=", Quote(b.name),
                    " image=", Quote(b.profile_image_url),
                    " type=", Quote(b.type),
                    " callback=", Quote(b.callback_url),
                    " created=", b.created_at, " channels=[");
    const char* sep = "";
    for (ChannelId c : b.channels) {
      absl::StrAppend(out, sep, c.value());
      sep = ",";
    }
    absl::StrAppend(out, "]\n");
  }
}

}  // namespace banter::internal
