// Journal records: encoding, decoding and replay.
//
// Wire form of a record (all through the cereal archive in archive.h):
//   u32 format (kJournalRecordFormat) | actor | now | u16 tag | fields
// where tag is the Command alternative's index and fields are that command's
// serialize() order (serialize.h).
#include <array>
#include <limits>
#include <string>
#include <utility>
#include <type_traits>
#include <variant>

#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/core/strings.h"
#include "engine/durability/archive.h"
#include "engine/durability/serialize.h"
#include "engine/state.h"

namespace banter {
namespace {

constexpr std::array<std::string_view, std::variant_size_v<Command>>
    kCommandNames = {
        "SetAppDeactivated", "SetAnonymousLoginAllowed", "AdvanceTime",
        "CreateUser", "IssueLoginToken", "LoginWithToken", "LoginAnonymous",
        "Logout", "UpdateUser", "ChangePassword", "SetUserActive",
        "DeleteUser", "SetUserPush", "RegisterPushToken", "Block", "Unblock",
        "CreateChannel", "UpdateChannel", "DeleteChannel", "AddMembers",
        "RemoveMembers", "Join", "Leave", "TransferOwnership", "SetFrozen",
        "SetHidden", "HideAll", "SetChannelPush", "SetPushSounds",
        "SetMemberInfo", "SetPrivateData", "SetPrivateTag", "AddManager",
        "RemoveManager", "Ban", "Unban", "Mute", "Unmute", "MuteAll",
        "PeerMute", "PeerUnmute", "CreateBot", "UpdateBot", "DeleteBot",
        "BotJoin", "BotLeave", "SendMessage", "UpdateMessage",
        "DeleteMessage", "AddReaction", "RemoveReaction", "TranslateMessage",
        "MarkRead", "MarkAllRead", "MarkDelivered", "SetWordFilter",
        "SetSlowMode", "SetFloodLimit", "FileReport", "ResolveReport",
        "PinMessage", "UnpinMessage"};

// Loads alternative `tag` of Command from `ar`. Expands to one branch per
// alternative, so adding a command needs no edit here.
template <size_t... I>
bool LoadAlternative(internal::BinIn& ar, size_t tag, Command& out,
                     std::index_sequence<I...>) {
  bool found = false;
  (
      [&] {
        if (tag == I) {
          std::variant_alternative_t<I, Command> c;
          ar(c);
          out = std::move(c);
          found = true;
        }
      }(),
      ...);
  return found;
}

// Detaches the journal for a replayed call and restores it afterwards.
class JournalDetach {
 public:
  explicit JournalDetach(internal::State& s)
      : s_(s), saved_(s.options.journal), saved_replaying_(s.replaying) {
    s.options.journal = nullptr;
    s.replaying = true;
  }
  ~JournalDetach() {
    s_.options.journal = saved_;
    s_.replaying = saved_replaying_;
  }
  JournalDetach(const JournalDetach&) = delete;
  JournalDetach& operator=(const JournalDetach&) = delete;

 private:
  internal::State& s_;
  JournalSink* saved_;
  bool saved_replaying_;
};

// The index of alternative T in Command.
template <typename T, size_t... I>
constexpr size_t IndexOf(std::index_sequence<I...>) {
  size_t index = 0;
  ((std::is_same_v<T, std::variant_alternative_t<I, Command>> ? index = I
                                                              : index),
   ...);
  return index;
}

// Enum fields hold any byte on the wire; the engine indexes tables with some
// of them, so a record must name a known value before it is replayed.
bool EnumsValid(const JournalRecord& r) {
  auto ok_dialect = [](Dialect d) { return d <= Dialect::kGitpleLive; };
  if (r.actor.kind > ActorKind::kBot) return false;
  if (const auto* c = std::get_if<cmd::CreateUser>(&r.command)) {
    return ok_dialect(c->request.dialect);
  }
  if (const auto* c = std::get_if<cmd::UpdateUser>(&r.command)) {
    return ok_dialect(c->request.dialect);
  }
  if (const auto* c = std::get_if<cmd::CreateChannel>(&r.command)) {
    return ok_dialect(c->request.dialect) &&
           static_cast<int>(c->request.type) < kChannelTypeCount;
  }
  if (const auto* c = std::get_if<cmd::SendMessage>(&r.command)) {
    return !c->request.type.has_value() ||
           *c->request.type <= MessageType::kFile;
  }
  if (const auto* c = std::get_if<cmd::RegisterPushToken>(&r.command)) {
    return c->kind <= PushTokenKind::kPushKit;
  }
  if (const auto* c = std::get_if<cmd::SetWordFilter>(&r.command)) {
    return !c->request.action.has_value() ||
           *c->request.action <= FilterAction::kRefuse;
  }
  if (const auto* c = std::get_if<cmd::FileReport>(&r.command)) {
    return static_cast<int>(c->request.kind) < kReportKindCount &&
           static_cast<int>(c->request.category) < kReportCategoryCount;
  }
  if (const auto* c = std::get_if<cmd::ResolveReport>(&r.command)) {
    return static_cast<int>(c->resolution) < kReportResolutionCount;
  }
  return true;
}

}  // namespace

std::string_view CommandNameAt(size_t index) {
  return index < kCommandNames.size() ? kCommandNames[index] : "";
}

std::string_view CommandName(const Command& command) {
  return kCommandNames[command.index()];
}

void EncodeJournalRecord(const JournalRecord& record, std::string* out) {
  internal::BinOut ar(out);
  const uint32_t format = kJournalRecordFormat;
  const uint16_t tag = static_cast<uint16_t>(record.command.index());
  ar(format, record.actor, record.now, tag);
  std::visit([&](const auto& c) { ar(c); }, record.command);
}

namespace {

// Formats 1 and 2 stored mute durations in whole minutes. A value too large
// to convert saturates, and replay then refuses it as the original call
// would have ("duration too large").
void MinutesToMillis(Command& command) {
  auto convert = [](Millis& d) {
    constexpr Millis kMinute = 60'000;
    const Millis limit = std::numeric_limits<Millis>::max() / kMinute;
    d = d > limit ? std::numeric_limits<Millis>::max()
        : d < -limit ? std::numeric_limits<Millis>::min()
                     : d * kMinute;
  };
  if (auto* c = std::get_if<cmd::Mute>(&command)) convert(c->request.duration_ms);
  if (auto* c = std::get_if<cmd::PeerMute>(&command)) {
    convert(c->request.duration_ms);
  }
  if (auto* c = std::get_if<cmd::MuteAll>(&command)) convert(c->duration_ms);
}

}  // namespace

absl::StatusOr<JournalRecord> DecodeJournalRecord(std::string_view bytes) {
  internal::BinIn ar(bytes);
  JournalRecord record;
  try {
    uint32_t format = 0;
    ar(format);
    if (format > kJournalRecordFormat || format == 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "journal record format ", format, " is not readable by banter ",
          internal::Sv(kBanterVersion), " (reads record format ",
          kJournalRecordFormat, ")"));
    }
    uint16_t tag = 0;
    ar(record.actor, record.now, tag);
    record.format = format;
    constexpr size_t kIssueLoginToken =
        IndexOf<cmd::IssueLoginToken>(std::make_index_sequence<
                                      std::variant_size_v<Command>>());
    if (format == 1 && tag == kIssueLoginToken) {
      // Format 1 carried the user only (see kJournalRecordFormat).
      cmd::IssueLoginToken c;
      ar(c.user);
      record.command = std::move(c);
    } else if (!LoadAlternative(
            ar, tag, record.command,
            std::make_index_sequence<std::variant_size_v<Command>>())) {
      return absl::DataLossError(
          absl::StrCat("journal record has unknown command tag ", tag));
    }
  } catch (const cereal::Exception& e) {
    return absl::DataLossError(
        absl::StrCat("malformed journal record: ", e.what()));
  }
  if (record.format < 3) MinutesToMillis(record.command);
  if (ar.remaining() != 0) {
    return absl::DataLossError(absl::StrCat("journal record has ",
                                            ar.remaining(), " trailing bytes"));
  }
  if (!EnumsValid(record)) {
    return absl::DataLossError(
        absl::StrCat("journal record (", internal::Sv(CommandName(record.command)),
                     ") holds an unknown enum value"));
  }
  return record;
}

absl::Status ApplyRecord(Engine& engine, const JournalRecord& record) {
  internal::State& s = internal::StateOf(engine);
  JournalDetach detach(s);
  if (record.format == 1) {
    if (const auto* c = std::get_if<cmd::IssueLoginToken>(&record.command)) {
      // Migration from format 1: the record says the original call checked
      // the password; it checked it against the hash the user has now.
      cmd::IssueLoginToken migrated = *c;
      if (const internal::UserRecord* u = s.user(c->user)) {
        migrated.verified_hash = u->password_hash;
      }
      return engine.Execute(record.actor, migrated, record.now).status();
    }
  }
  return engine.Execute(record.actor, record.command, record.now).status();
}

void SetJournal(Engine& engine, JournalSink* sink) {
  internal::StateOf(engine).options.journal = sink;
}

}  // namespace banter
