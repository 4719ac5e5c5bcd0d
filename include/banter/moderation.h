// Moderation tools beyond bans and mutes: slow mode, the flood limit,
// reports and pinned messages (docs/moderation.md has the rules, their
// decisions and their costs).
//
//  * Slow mode: a channel's minimum interval between two messages of one
//    member (cmd::SetSlowMode). The owner and GitpleLive managers are
//    exempt, and so are admin and bot messages.
//  * Flood limit: at most `max_messages` messages per user in any window of
//    `window_ms`, across all channels (cmd::SetFloodLimit). One setting per
//    engine (an engine is one app), journaled and snapshotted like any
//    state; admin and bot messages do not count.
//  Both follow the sender, not the caller: a user's message posted by the
//  admin as that user (as relaying servers do) counts and is held back like
//  one the user sends itself.
//  * Reports: a user reports a message or another user (cmd::FileReport);
//    the admin lists and resolves open reports (cmd::ResolveReport).
//  * Pins: the owner, GitpleLive managers or the admin pin a channel's
//    messages (cmd::PinMessage, cmd::UnpinMessage).
//
// Every change is a command run by Engine::Execute (banter/command.h); reads
// are const methods of Engine (banter/engine.h, "Moderation tools").
//
// Thread-safety: plain values; no shared state.
#ifndef BANTER_MODERATION_H_
#define BANTER_MODERATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "banter/ids.h"
#include "banter/types.h"

namespace banter {

// ---- Slow mode and the flood limit -------------------------------------------

// Slow mode intervals: 0 (off) .. 6 hours.
inline constexpr Millis kMaxSlowModeMs = 6 * 3'600'000;

// Messages per window a flood limit may allow (1..kMaxFloodMessages), and
// its longest window. The engine keeps, per user who sent while the limit
// is on, the times of that user's latest `max_messages` messages.
inline constexpr uint32_t kMaxFloodMessages = 100;
inline constexpr Millis kMaxFloodWindowMs = 3'600'000;

// At most `max_messages` messages per user in any `window_ms` (a sliding
// window, exact to the millisecond). max_messages == 0 turns the limit off
// (window_ms must then be 0 too).
struct FloodLimit {
  uint32_t max_messages = 0;
  Millis window_ms = 0;
  bool on() const { return max_messages != 0; }
  friend bool operator==(const FloodLimit&, const FloodLimit&) = default;
};

// ---- Reports -----------------------------------------------------------------

// Open reports one reporter may hold at a time; one more fails with
// kReportLimitExceeded until one of them is resolved.
inline constexpr int kMaxOpenReportsPerReporter = 10;
// A report's reason, in characters.
inline constexpr size_t kMaxReportReasonChars = 256;

enum class ReportKind : uint8_t { kUser = 0, kMessage = 1 };
inline constexpr int kReportKindCount = 2;
// "user", "message".
std::string_view ReportKindName(ReportKind kind);
std::optional<ReportKind> ParseReportKind(std::string_view name);

// GitpleLive's report categories; TalkPlus has none of its own.
enum class ReportCategory : uint8_t {
  kGeneral = 0,
  kSpam = 1,
  kProfanity = 2,
  kEtc = 3,
  kCustom = 4,
};
inline constexpr int kReportCategoryCount = 5;
// "general", "spam", "profanity", "etc", "custom".
std::string_view ReportCategoryName(ReportCategory category);
std::optional<ReportCategory> ParseReportCategory(std::string_view name);

enum class ReportResolution : uint8_t { kActioned = 0, kDismissed = 1 };
inline constexpr int kReportResolutionCount = 2;
// "actioned", "dismissed".
std::string_view ReportResolutionName(ReportResolution resolution);
std::optional<ReportResolution> ParseReportResolution(std::string_view name);

// `reporter` reports a user (kind kUser: `user`) or a message (kind
// kMessage: `message`). The field the kind does not use must be left unset.
struct ReportRequest {
  UserId reporter;  // must equal the actor for user actors
  ReportKind kind = ReportKind::kUser;
  UserId user;
  MessageId message;
  ReportCategory category = ReportCategory::kGeneral;
  std::string reason;  // optional, at most kMaxReportReasonChars
  friend bool operator==(const ReportRequest&, const ReportRequest&) = default;
};

// An open report as the admin sees it. A message report keeps the message's
// text and sender as they were when it was filed, so deleting the message
// does not delete the evidence.
struct ReportView {
  ReportId handle;
  std::string id;  // the handle in decimal
  ReportKind kind = ReportKind::kUser;
  ReportCategory category = ReportCategory::kGeneral;
  std::string reporter_id;
  // kUser: the reported user. kMessage: the message's sender ("" for admin
  // and bot messages).
  std::string user_id;
  // kMessage only: the channel, the message (handle and external id) and
  // its text when reported.
  std::string channel_id;
  MessageId message;
  std::string message_id;
  std::string message_text;
  std::string reason;
  Millis created_at = 0;
  friend bool operator==(const ReportView&, const ReportView&) = default;
};

// ---- Pins --------------------------------------------------------------------

// Pinned messages per channel.
inline constexpr int kMaxPinnedMessages = 50;

struct PinView {
  MessageView message;
  std::string pinned_by;  // the user who pinned it; "" for the admin
  Millis pinned_at = 0;
  friend bool operator==(const PinView&, const PinView&) = default;
};

}  // namespace banter

#endif  // BANTER_MODERATION_H_
