#include "engine/durability/snapshot_moderation.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/durability/serialize.h"

namespace banter::internal {
namespace {

[[noreturn]] void Bad(const std::string& what) {
  throw cereal::Exception(what);
}

void PutCount(BinOut& ar, size_t n) {
  ar(cereal::make_size_tag(static_cast<cereal::size_type>(n)));
}
size_t GetCount(BinIn& ar) {
  cereal::size_type n = 0;
  ar(cereal::make_size_tag(n));
  return static_cast<size_t>(n);
}

template <typename Handle>
Handle GetHandle(BinIn& ar, size_t bound, bool allow_invalid,
                 std::string_view what) {
  Handle h;
  ar(h);
  if ((!h.valid() && !allow_invalid) || h.value() >= bound) {
    Bad(absl::StrCat(absl::string_view(what.data(), what.size()), " handle ",
                     h.value(), " out of range"));
  }
  return h;
}

}  // namespace

void PutModerationSection(BinOut& ar, const State& s) {
  std::vector<uint32_t> channels;
  for (size_t c = 1; c < s.channels.size(); ++c) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    if (ch.live && (ch.slow_mode_ms != 0 || !ch.pins.empty())) {
      channels.push_back(static_cast<uint32_t>(c));
    }
  }
  PutCount(ar, channels.size());
  for (uint32_t c : channels) {
    const ChannelRecord& ch = s.channels.Record(ChannelId(c));
    ar(ChannelId(c), ch.slow_mode_ms);
    PutCount(ar, ch.pins.size());
    for (const PinRecord& p : ch.pins) ar(p.seq, p.pinned_by, p.pinned_at);
  }

  const FloodState& f = s.flood.get();
  ar(f.limit);
  std::vector<std::pair<UserId, std::vector<Millis>>> windows;
  for (const auto& [u, w] : f.windows) {
    std::vector<Millis> live;
    const size_t n = w.times.size();
    for (size_t i = 0; i < n; ++i) {
      const Millis at = w.times[(w.head + i) % n];
      if (at > s.now - f.limit.window_ms) live.push_back(at);
    }
    if (!live.empty()) windows.emplace_back(u, std::move(live));
  }
  std::sort(windows.begin(), windows.end());
  PutCount(ar, windows.size());
  for (const auto& [u, times] : windows) ar(u, times);

  const ReportBook& book = s.reports.get();
  ar(book.issued);
  PutCount(ar, book.open.size());
  for (const auto& [id, r] : book.open) {
    ar(id, r.kind, r.category, r.reporter, r.user, r.message, r.message_text,
       r.reason, r.created_at);
  }
}

void GetModerationSection(BinIn& ar, State& s,
                          std::vector<ChannelRecord>& channels,
                          FloodState& flood, ReportBook& reports) {
  const size_t users = s.users.size();
  const size_t channel_bound = s.channels.size();
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    const ChannelId c =
        GetHandle<ChannelId>(ar, channel_bound, false, "channel");
    ChannelRecord& ch = channels[c.value()];
    ar(ch.slow_mode_ms);
    const size_t pins = GetCount(ar);
    if (pins > static_cast<size_t>(kMaxPinnedMessages)) Bad("too many pins");
    for (size_t k = 0; k < pins; ++k) {
      PinRecord p;
      ar(p.seq);
      p.pinned_by = GetHandle<UserId>(ar, users, true, "user");
      ar(p.pinned_at);
      ch.pins.push_back(p);
    }
  }

  FloodState& f = flood;
  ar(f.limit);
  if (f.limit.max_messages > kMaxFloodMessages) Bad("flood limit too large");
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    const UserId u = GetHandle<UserId>(ar, users, false, "user");
    FloodWindow w;
    ar(w.times);
    if (w.times.empty() || w.times.size() > f.limit.max_messages) {
      Bad("flood window size out of range");
    }
    if (!f.windows.emplace(u, std::move(w)).second) Bad("flood window twice");
  }

  ReportBook& book = reports;
  ar(book.issued);
  ReportId last;
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    ReportId id;
    ReportRecord r;
    ar(id, r.kind, r.category);
    if (!id.valid() || id.value() > book.issued || !(last < id)) {
      Bad("report id out of order or range");
    }
    if (static_cast<int>(r.kind) >= kReportKindCount ||
        static_cast<int>(r.category) >= kReportCategoryCount) {
      Bad("unknown report kind or category");
    }
    r.reporter = GetHandle<UserId>(ar, users, false, "user");
    r.user = GetHandle<UserId>(ar, users, true, "user");
    ar(r.message, r.message_text, r.reason, r.created_at);
    if (r.message.channel().value() >= channel_bound) {
      Bad("report message out of range");
    }
    book.by_reporter[r.reporter].push_back(id);
    book.open.emplace(id, std::move(r));
    last = id;
  }
}

}  // namespace banter::internal
